//! The starter workload `burnrate init` writes: one commented task per common case (a cached
//! chat, a nightly batch, a cheap first pass with escalation), so a newcomer edits numbers in a
//! file that already prices, instead of writing YAML from the README.
//!
//! The text is built here and returned; the command line decides where it goes. It holds no
//! prices, only traffic: the models' rates come from the pricing table when it is estimated.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::schema::Period;

/// What `init` fills in; everything else in the starter is a typical value to edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Starter {
    /// The workload's `name`.
    pub name: String,
    /// The workload's `period`.
    pub period: Period,
    /// The main model: the chat task's, and the one escalations are re-run on.
    pub model: String,
    /// The cheap model: the nightly batch's, and the first pass before escalation.
    pub cheap_model: String,
    /// The chat task's `requests_per_day`.
    pub requests_per_day: u64,
    /// `budget_usd`; `None` leaves it commented out.
    pub budget_usd: Option<Decimal>,
    /// What the `# yaml-language-server: $schema=` line names (a path relative to the file, or
    /// a URL).
    pub schema: String,
}

/// The schema path `init` names by default: beside the workload, where
/// `burnrate schema workload > workload.schema.json` writes it.
pub const DEFAULT_SCHEMA: &str = "workload.schema.json";

impl Starter {
    /// The starter workload as YAML, comments included.
    pub fn render(&self) -> String {
        let mut s = String::new();
        // `writeln!` to a String cannot fail.
        let mut line = |text: &str| {
            let _ = writeln!(s, "{text}");
        };
        line(&format!("# yaml-language-server: $schema={}", self.schema));
        line(
            "# A starter workload: price it with `burnrate estimate FILE`, then edit the numbers to",
        );
        line("# match your traffic. Every field is described in the README (\"Workload files\").");
        if self.schema == DEFAULT_SCHEMA {
            line(
                "# The schema named above lets an editor check and complete this file; write it beside",
            );
            line("# this file with `burnrate schema workload > workload.schema.json`.");
        }
        line(&format!("name: {}", yaml_string(&self.name)));
        line(&format!(
            "period: {:<22} # day | week | month | year: 1, 7, 30 or 365 days",
            self.period.name()
        ));
        line("# days_per_month: 30           # days in `period: month` and `requests_per_month`");
        match self.budget_usd {
            Some(b) => line(&format!(
                "budget_usd: {:<18} # spend limit for the period; `--fail-over-budget` exits 3 over it",
                b.normalize()
            )),
            None => {
                line("# budget_usd: 500              # a spend limit for the period (optional)")
            }
        }
        line("tasks:");
        line(
            "  # A chat assistant: every request repeats a long system prompt, cached for 5 minutes;",
        );
        line("  # the hit rate follows from the traffic.");
        line("  - name: cached chat");
        line(&format!("    model: {}", self.model));
        line(&format!(
            "    requests_per_day: {:<10} # or requests_per_hour (per active hour) or requests_per_month",
            self.requests_per_day
        ));
        line(
            "    active_hours: 12             # hours a day the traffic is spread over (default 24)",
        );
        line(
            "    system_tokens: 6000          # static prefix: system prompt, tool definitions, documents",
        );
        line(
            "    user_tokens: 800             # the part that changes: history and the new message",
        );
        line("    output_tokens: 400           # per request, thinking included");
        line("    cache:                       # absent = no prompt caching");
        line("      ttl: 5m                    # 5m | 1h");
        line("      hit_rate: auto             # from the traffic, or a share: 0.8 or 80%");
        line("");
        line(
            "  # A nightly batch: the day's documents go through the Batch API (half price) with the",
        );
        line(
            "  # instructions cached for an hour; a batch's hits are best effort, so a share is given.",
        );
        line("  - name: nightly batch");
        line(&format!("    model: {}", self.cheap_model));
        line("    requests_per_month: 60000");
        line(
            "    system_tokens: 5000          # instructions, the label set and labelled examples",
        );
        line("    user_tokens: 3000            # the document");
        line("    output_tokens: 100");
        line("    batch_share: 100%            # share sent through the Batch API (default 0)");
        line("    cache:");
        line("      ttl: 1h");
        line("      hit_rate: 90%");
        line("");
        line(
            "  # Escalation: a cheap model answers every request, and the hard ones (a share) are",
        );
        line("  # re-run on the main model with the same prompt.");
        line("  - name: triage with escalation");
        line(&format!("    model: {}", self.cheap_model));
        line("    requests_per_day: 3000");
        line("    active_hours: 10");
        line("    system_tokens: 5000          # triage rules and examples");
        line("    user_tokens: 500");
        line("    output_tokens: 80");
        line("    cache:");
        line("      ttl: 5m");
        line("    escalation:");
        line(&format!("      model: {}", self.model));
        line("      share: 20%");
        s
    }
}

/// `name` as a YAML scalar: plain when that reads back as the same string, double-quoted
/// (JSON escapes, which YAML accepts) otherwise.
fn yaml_string(name: &str) -> String {
    let plain = !name.is_empty()
        && name.trim() == name
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.,()/".contains(c))
        && !name.starts_with(|c: char| c.is_ascii_digit() || "-.".contains(c))
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "~"
        );
    if plain {
        name.to_string()
    } else {
        serde_json::to_string(name).unwrap_or_else(|_| format!("{name:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_string("My workload"), "My workload");
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("2026 plan"), "\"2026 plan\"");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("# x"), "\"# x\"");
        assert_eq!(yaml_string(""), "\"\"");
    }
}
