//! `estimate`: a cost table (with each class's share of the bill and the budget) and a token
//! table; how each row was priced and each measured count made, as notes.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells, days, percent, quantity_name, ratio, share_cells, usd_for};
use crate::money::{
    Exact, display_places, format_count, format_usd, format_usd_places, places_for,
};
use crate::workload::estimate::{Measured, MeasuredFrom, TokenRole};
use crate::workload::{CacheOutcome, Class, Classes, Estimate, Estimates, TaskEstimate};

/// `task` for a task's row, `↳ 25% escalated` for its escalation.
pub(super) fn row_label(row: &TaskEstimate) -> String {
    match row.escalation_share {
        None => row.task.clone(),
        Some(share) => format!("↳ {} escalated", percent(share)),
    }
}

/// The hit rate, or why there is none.
pub(super) fn hit_rate_cell(row: &TaskEstimate) -> String {
    match &row.cache {
        CacheOutcome::Off => "no cache".to_string(),
        CacheOutcome::BelowMinimum { .. } => "too short".to_string(),
        CacheOutcome::On { hit_rate, .. } => percent(*hit_rate),
        CacheOutcome::Observed { hit_rate: Some(h) } => format!("{} observed", percent(*h)),
        CacheOutcome::Observed { hit_rate: None } => "none observed".to_string(),
    }
}

pub(super) fn role(r: TokenRole) -> &'static str {
    match r {
        TokenRole::System => "system tokens",
        TokenRole::User => "user tokens",
        TokenRole::Output => "output tokens",
    }
}

/// How a measured count was made, in one line.
pub(super) fn measured_text(m: &Measured) -> String {
    let t = m.tokens;
    match &m.from {
        MeasuredFrom::Converted {
            count,
            measured_on,
            from_tokenizer,
            factor,
        } => format!(
            "{}: {} measured on {measured_on} ({from_tokenizer} tokenizer) → {} {} tokens at ×{} \
             (range {}–{})",
            role(m.role),
            format_count(*count),
            format_count(t.typical),
            m.tokenizer,
            ratio(factor.typical),
            format_count(t.low),
            format_count(t.high)
        ),
        MeasuredFrom::Counted {
            pattern,
            files,
            family,
            mean,
            min,
            max,
            frame,
        } => format!(
            "{} from `{pattern}`: {files} file{}, counted with Claude's {} vocabulary: mean {} \
             (min {}, max {}){} → {} {} tokens",
            role(m.role),
            if *files == 1 { "" } else { "s" },
            family.name(),
            format_count(*mean),
            format_count(Decimal::from(*min)),
            format_count(Decimal::from(*max)),
            if *frame == 0 {
                String::new()
            } else {
                format!(" + {frame} message frame tokens")
            },
            format_count(t.typical),
            m.tokenizer,
        ),
        MeasuredFrom::Text {
            pattern,
            files,
            base_mean,
            base_min,
            base_max,
        } => format!(
            "{} from `{pattern}`: {files} file{}, cl100k_base mean {} (min {}, max {}) → {} {} \
             tokens (range {}–{})",
            role(m.role),
            if *files == 1 { "" } else { "s" },
            format_count(*base_mean),
            format_count(Decimal::from(*base_min)),
            format_count(Decimal::from(*base_max)),
            format_count(t.typical),
            m.tokenizer,
            format_count(t.low),
            format_count(t.high)
        ),
    }
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&measured_text(self))
    }
}

/// One line on how a row was priced: cache, hit rate, batch share.
fn explain_row(r: &TaskEstimate) -> String {
    let cache = match &r.cache {
        CacheOutcome::Off => "no prompt caching".to_string(),
        CacheOutcome::Observed { hit_rate: None } => "observed tokens, none cached".to_string(),
        CacheOutcome::Observed { hit_rate: Some(h) } => format!(
            "observed tokens by class: cache reads {} of cached tokens",
            percent(*h)
        ),
        CacheOutcome::BelowMinimum { minimum } => format!(
            "prefix of {} tokens is below the {}-token cache minimum: billed as input",
            format_count(r.prefix_tokens),
            format_count(Decimal::from(*minimum))
        ),
        CacheOutcome::On {
            ttl,
            hit_rate,
            auto,
        } => match auto {
            Some(a) => format!(
                "{} TTL, auto hit rate {} from λ = {} requests/min per prefix and T = {} min: {}",
                ttl.name(),
                percent(*hit_rate),
                format_count(a.per_minute),
                format_count(ttl.minutes()),
                match a.cold_window_minutes {
                    None => "1 − e^(−λT)".to_string(),
                    Some(h) => format!(
                        "the cache is cold at the start of each {}-minute active window, \
                         averaged over its n = λH = {} requests",
                        format_count(h),
                        format_count(a.per_minute * h)
                    ),
                }
            ),
            None => format!(
                "{} TTL, hit rate {} (given)",
                ttl.name(),
                percent(*hit_rate)
            ),
        },
    };
    format!(
        "{} ({}): {}; {} through the Batch API",
        r.task,
        match r.escalation_share {
            None => r.model.clone(),
            Some(s) => format!("{} re-run on {}", percent(s), r.model),
        },
        cache,
        percent(r.batch_share)
    )
}

/// Per-request amounts at one precision for the column, fine enough for a request's fractions
/// of a cent.
fn per_request_usd(
    rows: impl Iterator<Item = Option<Decimal>>,
    total: Option<Decimal>,
) -> impl Fn(Option<Decimal>) -> String {
    let places = places_for(&rows.flatten().chain(total).collect::<Vec<_>>(), 4);
    move |v| v.map_or_else(String::new, |v| format_usd_places(v, places))
}

/// The budget line: headroom or how far over.
fn budget_note(e: &Estimate, usd: &dyn Fn(Decimal) -> String) -> Option<String> {
    let (budget, headroom) = (e.budget?, e.headroom?);
    Some(if !e.over_budget {
        format!(
            "budget {}: {} under budget ({} headroom)",
            usd(budget),
            usd(headroom),
            e.headroom_share.map_or_else(|| "0%".to_string(), percent)
        )
    } else {
        format!(
            "budget {}: OVER BUDGET by {}{}",
            usd(budget),
            usd(-headroom),
            e.headroom_share
                .map(|s| format!(" ({} over)", percent(-s)))
                .unwrap_or_default()
        )
    })
}

/// A CSV record: one row and class (or a `total`, which leaves the row's columns empty).
#[derive(Serialize, Default)]
pub struct EstimateRow<'a> {
    /// Set when several workloads are priced together (and then on every record).
    #[serde(skip_serializing_if = "Option::is_none")]
    workload: Option<&'a str>,
    task: &'a str,
    escalation_share: Option<Exact>,
    model: &'a str,
    requests: Option<Exact>,
    hit_rate: Option<Exact>,
    class: &'static str,
    quantity: Option<Exact>,
    cost_usd: Exact,
}

impl Report for Estimate {
    type Row<'a> = EstimateRow<'a>;

    fn sheets(&self) -> Vec<Sheet> {
        let e = self;
        let usd = usd_for(e.total);
        // Classes that carry no cost in any row are left out, except input and output.
        let classes: Vec<Class> = e
            .classes
            .iter()
            .filter(|(c, t)| matches!(c, Class::Input | Class::Output) || !t.quantity.is_zero())
            .map(|(c, _)| c)
            .collect();
        let per_request = per_request_usd(e.tasks.iter().map(|r| r.per_request), e.per_request);
        let per_1k = |v: Option<Decimal>| {
            v.map_or_else(String::new, |v| {
                format_usd_places(v, display_places(e.per_1k_requests.unwrap_or(v)))
            })
        };
        // A task's row and the total row, after their first cells: the classes' costs, then
        // `sums` (total, per request, per 1k requests).
        let costs = |mut row: Vec<String>, of: &Classes, sums: (_, _, _)| {
            row.extend(classes.iter().map(|c| usd(of.get(*c).cost)));
            row.extend([usd(sums.0), per_request(sums.1), per_1k(sums.2)]);
            row
        };
        let rows = e.tasks.iter().map(|r| {
            let what = cells![
                row_label(r),
                &r.model,
                format_count(r.requests),
                hit_rate_cell(r)
            ];
            costs(
                what,
                &r.classes,
                (r.total, r.per_request, r.per_1k_requests),
            )
        });
        let what = cells!["total", "", format_count(e.requests), ""];
        let total = costs(
            what,
            &e.classes,
            (e.total, e.per_request, e.per_1k_requests),
        );
        let mut shares = cells!["share of bill", "", "", ""];
        shares.extend(share_cells(
            classes.iter().map(|c| e.classes.get(*c).share),
            e.total,
        ));
        shares.extend([String::new(), String::new()]);

        let mut notes = Vec::from_iter(budget_note(e, &format_usd));
        if e.tasks.iter().any(|r| r.escalation_share.is_some()) {
            notes.push(
                "per request: a task's cost with its escalation re-runs, over the task's requests"
                    .into(),
            );
        }
        if let Some(range) = e.total_range {
            notes.push(format!(
                "tokenizer range: {} to {} (token counts measured from files or converted to \
                 another tokenizer, at the low and high factors; {} is the typical figure)",
                format_usd(range.low),
                format_usd(range.high),
                format_usd(e.total)
            ));
        }
        for r in &e.tasks {
            notes.push(explain_row(r));
            notes.extend(r.measured.iter().map(|m| format!("  {}", measured_text(m))));
        }
        let title = format!(
            "{}: estimate for a {} ({}), USD",
            e.name,
            e.period.name(),
            days(e.days)
        );
        let cost = Sheet::new(title, "task|model|>requests|>hit rate")
            .cols_from(classes.iter().map(|c| c.label()), true)
            .cols(">total|>per request|>per 1k requests")
            .rows(rows)
            .rows([total, shares])
            .notes(notes)
            .droppable(&[3, 2]);

        let quantities = |mut row: Vec<String>, of: &Classes| {
            row.extend(classes.iter().map(|c| format_count(of.get(*c).quantity)));
            row
        };
        let token_rows = e.tasks.iter().map(|r| {
            let what = cells![row_label(r), &r.model, format_count(r.prefix_tokens)];
            quantities(what, &r.classes)
        });
        let tokens = Sheet::new(
            format!("Tokens over the {}:", e.period.name()),
            "task|model|>prefix / request",
        )
        .cols_from(
            classes
                .iter()
                .map(|c| quantity_name(c.label(), !c.is_searches())),
            true,
        )
        .rows(token_rows)
        .rows([quantities(cells!["total", "", ""], &e.classes)]);
        vec![cost, tokens]
    }

    fn rows(&self) -> Vec<EstimateRow<'_>> {
        let mut out = Vec::new();
        for r in &self.tasks {
            let row = |class, quantity, cost| EstimateRow {
                workload: None,
                task: &r.task,
                escalation_share: r.escalation_share.map(Exact),
                model: &r.model,
                requests: Some(Exact(r.requests)),
                hit_rate: r.cache.hit_rate().map(Exact),
                class,
                quantity,
                cost_usd: Exact(cost),
            };
            for (class, t) in r.classes.iter() {
                out.push(row(class.key(), Some(Exact(t.quantity)), t.cost));
            }
            out.push(row("total", None, r.total));
        }
        let total = |class, quantity, cost| EstimateRow {
            task: "total",
            class,
            quantity,
            cost_usd: Exact(cost),
            ..EstimateRow::default()
        };
        for (class, t) in self.classes.iter() {
            out.push(total(class.key(), Some(Exact(t.quantity)), t.cost));
        }
        out.push(total("total", None, self.total));
        out
    }
}

impl Report for Estimates {
    type Row<'a> = EstimateRow<'a>;

    /// Each workload's sheets, then one that sums them.
    fn sheets(&self) -> Vec<Sheet> {
        let mut sheets: Vec<Sheet> = self.estimates.iter().flat_map(Report::sheets).collect();
        let usd = usd_for(self.total);
        let per_request = per_request_usd(
            self.estimates.iter().map(|e| e.per_request),
            self.per_request,
        );
        let rows = self.estimates.iter().map(|e| {
            cells![
                &e.name,
                usd(e.total),
                e.budget.map_or_else(String::new, &usd),
                per_request(e.per_request)
            ]
        });
        let total = cells!["total", usd(self.total), "", per_request(self.per_request)];
        let title = format!(
            "{} workloads together: a {} ({}), USD",
            self.estimates.len(),
            self.period.name(),
            days(self.days)
        );
        sheets.push(
            Sheet::new(title, "workload|>total|>budget|>per request")
                .rows(rows)
                .rows([total]),
        );
        sheets
    }

    /// Each workload's records, named by a `workload` column, then the sum's `total`.
    fn rows(&self) -> Vec<EstimateRow<'_>> {
        let mut out = Vec::new();
        for e in &self.estimates {
            out.extend(e.rows().into_iter().map(|r| EstimateRow {
                workload: Some(&e.name),
                ..r
            }));
        }
        out.push(EstimateRow {
            workload: Some("total"),
            task: "total",
            class: "total",
            cost_usd: Exact(self.total),
            ..EstimateRow::default()
        });
        out
    }
}
