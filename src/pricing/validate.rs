//! Rules that span fields or entries, checked after parsing: unique ids and aliases, references
//! that resolve, tiers in order, overrides that cannot be ambiguous. Each error names the file
//! and, where it can be found, the line of the offending entry.

use std::collections::HashMap;

use super::PricingTable;
use super::load::SourceText;
use super::schema::{Model, PricingFile};
use crate::error::{Error, Result};

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Checks one file on its own: header values and ids unique within the file.
pub fn file(file: &PricingFile, source: &SourceText) -> Result<()> {
    let invalid = |needle: &str, message: String| Error::Invalid {
        path: source.name.clone(),
        line: line_of(&source.text, needle),
        message,
    };
    if file.schema_version != SCHEMA_VERSION {
        return Err(invalid(
            "schema_version:",
            format!(
                "`schema_version` is {}, but this burnrate reads version {SCHEMA_VERSION}",
                file.schema_version
            ),
        ));
    }
    if file.currency != "USD" {
        return Err(invalid(
            "currency:",
            format!(
                "`currency` is `{}`, but burnrate prices in `USD` only",
                file.currency
            ),
        ));
    }
    let mut seen = HashMap::new();
    for m in &file.models {
        if seen.insert(m.id.as_str(), ()).is_some() {
            return Err(Error::Invalid {
                path: source.name.clone(),
                line: nth_line_of(&source.text, &id_line(&m.id), 2),
                message: format!("model `{}` is defined twice in this file", m.id),
            });
        }
    }
    let mut seen = HashMap::new();
    for p in &file.platforms {
        if seen.insert(p.id.as_str(), ()).is_some() {
            return Err(Error::Invalid {
                path: source.name.clone(),
                line: nth_line_of(&source.text, &id_line(&p.id), 2),
                message: format!("platform `{}` is defined twice in this file", p.id),
            });
        }
    }
    Ok(())
}

/// Checks the layered table as a whole.
pub fn table(table: &PricingTable, sources: &[SourceText]) -> Result<()> {
    for t in &table.tokenizers {
        for c in &t.conversions {
            let source = sources
                .iter()
                .rev()
                .find(|s| s.text.contains(&format!("id: {}", t.id)));
            let invalid = |message: String| Error::Invalid {
                path: source.map_or_else(String::new, |s| s.name.clone()),
                line: source.and_then(|s| line_of(&s.text, &format!("to: {}", c.to))),
                message,
            };
            if !table.tokenizers.iter().any(|u| u.id == c.to) {
                return Err(invalid(format!(
                    "tokenizer `{}`: conversion to unknown tokenizer `{}`",
                    t.id, c.to
                )));
            }
            if c.low.0 > c.typical.0 || c.typical.0 > c.high.0 {
                return Err(invalid(format!(
                    "tokenizer `{}`: conversion to `{}` must satisfy low <= typical <= high",
                    t.id, c.to
                )));
            }
        }
    }
    let mut names: HashMap<String, &Model> = HashMap::new();
    for model in &table.models {
        let invalid = |message: String| Error::Invalid {
            path: model.origin.clone(),
            line: sources
                .iter()
                .rev()
                .find(|s| s.name == model.origin)
                .and_then(|s| line_of(&s.text, &id_line(&model.id))),
            message,
        };
        for name in std::iter::once(&model.id).chain(&model.aliases) {
            if let Some(other) = names.insert(name.to_ascii_lowercase(), model) {
                return Err(invalid(format!(
                    "model `{}`: the name `{name}` is already used by model `{}` (from {})",
                    model.id, other.id, other.origin
                )));
            }
        }
        if !table.tokenizers.iter().any(|t| t.id == model.tokenizer) {
            return Err(invalid(format!(
                "model `{}`: unknown tokenizer `{}`; the table defines: {}",
                model.id,
                model.tokenizer,
                table
                    .tokenizers
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        if let Some(fast) = &model.fast {
            for p in &fast.platforms {
                if !table.platforms.iter().any(|q| &q.id == p) {
                    return Err(invalid(format!(
                        "model `{}`: `fast.platforms` names unknown platform `{p}`",
                        model.id
                    )));
                }
            }
        }
        let mut previous = 0;
        for tier in &model.prompt_tiers {
            if tier.above_prompt_tokens <= previous {
                return Err(invalid(format!(
                    "model `{}`: `prompt_tiers` must have increasing `above_prompt_tokens` \
                     greater than zero",
                    model.id
                )));
            }
            previous = tier.above_prompt_tokens;
        }
        let has_cache_override = model.cache_write_5m_usd_per_mtok.is_some()
            || model.cache_write_1h_usd_per_mtok.is_some()
            || model.cache_read_usd_per_mtok.is_some();
        if has_cache_override && (!model.prompt_tiers.is_empty() || model.fast.is_some()) {
            return Err(invalid(format!(
                "model `{}`: published cache prices (`cache_*_usd_per_mtok`) cannot be combined \
                 with `prompt_tiers` or `fast`, whose cache rates follow from the multipliers",
                model.id
            )));
        }
        if model
            .beta_context_window_tokens
            .is_some_and(|b| b < model.context_window_tokens)
        {
            return Err(invalid(format!(
                "model `{}`: `beta_context_window_tokens` is smaller than `context_window_tokens`",
                model.id
            )));
        }
        if model.family.trim().is_empty() || model.source.trim().is_empty() {
            return Err(invalid(format!(
                "model `{}`: `family` and `source` must not be empty",
                model.id
            )));
        }
    }
    Ok(())
}

fn id_line(id: &str) -> String {
    format!("id: {id}")
}

fn line_of(text: &str, needle: &str) -> Option<usize> {
    crate::yaml::line_of(text, needle, 1)
}

fn nth_line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
    crate::yaml::line_of(text, needle, nth)
}
