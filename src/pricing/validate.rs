//! Rules that span fields or entries, checked after parsing: unique ids and aliases, references
//! that resolve, tiers in order, overrides that cannot be ambiguous. Each error names the file
//! and the line and column of the offending value, as the YAML parser reported them.

use std::collections::HashMap;

use super::PricingTable;
use super::schema::{Model, PricingFile};
use crate::error::{Error, Result};
use crate::yaml::Positions;

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Checks one file on its own: header values and ids unique within the file.
pub fn file(file: &PricingFile, source: &Source<'_>) -> Result<()> {
    if file.schema_version != SCHEMA_VERSION {
        return Err(source.invalid(
            "schema_version",
            format!(
                "`schema_version` is {}, but this burnrate reads version {SCHEMA_VERSION}",
                file.schema_version
            ),
        ));
    }
    if file.currency != "USD" {
        return Err(source.invalid(
            "currency",
            format!(
                "`currency` is `{}`, but burnrate prices in `USD` only",
                file.currency
            ),
        ));
    }
    // One rule for every kind of entry: an id appears once per file (across files, a later
    // entry replaces an earlier one on purpose).
    let ids = |list: &'static str, kind: &'static str, ids: Vec<&str>| -> Result<()> {
        let mut seen = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            if seen.insert(id, ()).is_some() {
                return Err(source.invalid(
                    &format!("{list}[{i}].id"),
                    format!("{kind} `{id}` is defined twice in this file"),
                ));
            }
        }
        Ok(())
    };
    ids(
        "models",
        "model",
        file.models.iter().map(|m| m.id.as_str()).collect(),
    )?;
    ids(
        "platforms",
        "platform",
        file.platforms.iter().map(|p| p.id.as_str()).collect(),
    )?;
    ids(
        "tokenizers",
        "tokenizer",
        file.tokenizers.iter().map(|t| t.id.as_str()).collect(),
    )?;
    Ok(())
}

/// A parsed pricing file's name and the positions of its values, to point errors at them.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Display name: the path as given, or `<builtin>/pricing/…`.
    pub name: &'a str,
    /// Where each value of the file starts.
    pub positions: &'a Positions,
}

impl Source<'_> {
    /// An error at the value of `path` (or its nearest enclosing value) in this file.
    fn invalid(&self, path: &str, message: String) -> Error {
        self.positions.invalid(self.name, path, message)
    }
}

/// Checks the layered table as a whole; `sources` are the files it was built from.
pub fn table(table: &PricingTable, sources: &[Source<'_>]) -> Result<()> {
    let nowhere = Positions::default();
    let source_of = |origin: &str| {
        sources
            .iter()
            .rev()
            .find(|s| s.name == origin)
            .copied()
            .unwrap_or(Source {
                name: "",
                positions: &nowhere,
            })
    };
    for t in &table.tokenizers {
        let source = source_of(&t.origin);
        if let Some(id) = &t.same_counts_as {
            let root = table.tokenizers.iter().find(|u| &u.id == id);
            let problem = match root {
                None => Some(format!("names unknown tokenizer `{id}`")),
                Some(r) if r.id == t.id => Some("names the tokenizer itself".to_string()),
                Some(r) if r.same_counts_as.is_some() => Some(format!(
                    "names `{id}`, which itself has `same_counts_as`; name the tokenizer it follows"
                )),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                return Err(source.invalid(
                    &format!("tokenizers[{}].same_counts_as", t.entry),
                    format!("tokenizer `{}`: `same_counts_as` {problem}", t.id),
                ));
            }
        }
        for (k, c) in t.conversions.iter().enumerate() {
            let path = format!("tokenizers[{}].conversions[{k}]", t.entry);
            if !table.tokenizers.iter().any(|u| u.id == c.to) {
                return Err(source.invalid(
                    &format!("{path}.to"),
                    format!(
                        "tokenizer `{}`: conversion to unknown tokenizer `{}`",
                        t.id, c.to
                    ),
                ));
            }
            if c.low.0 > c.typical.0 || c.typical.0 > c.high.0 {
                return Err(source.invalid(
                    &path,
                    format!(
                        "tokenizer `{}`: conversion to `{}` must satisfy low <= typical <= high",
                        t.id, c.to
                    ),
                ));
            }
        }
    }
    // Which layer a file is (the embedded table first, the user's files after it), to blame
    // a clash on the later file: the earlier entry was fine until the later one came.
    let layer = |origin: &str| sources.iter().rposition(|s| s.name == origin);
    let mut names: HashMap<String, (&Model, String)> = HashMap::new();
    for model in &table.models {
        let source = source_of(&model.origin);
        let entry = format!("models[{}]", model.entry);
        let invalid =
            |field: &str, message: String| source.invalid(&format!("{entry}.{field}"), message);
        let aliases = model.aliases.iter().enumerate();
        let named = std::iter::once(("id".to_string(), &model.id))
            .chain(aliases.map(|(k, a)| (format!("aliases[{k}]"), a)));
        for (field, name) in named {
            let here = (model, format!("{entry}.{field}"));
            if let Some(there) = names.insert(name.to_ascii_lowercase(), here.clone()) {
                // Table order is not file order: a user's entry that replaces an embedded one
                // keeps the embedded entry's place, before the embedded model it clashes with.
                let (blamed, other) = if layer(&there.0.origin) > layer(&model.origin) {
                    (there, here)
                } else {
                    (here, there)
                };
                let other_at = source_of(&other.0.origin)
                    .positions
                    .nearest(&other.1)
                    .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
                return Err(source_of(&blamed.0.origin).invalid(
                    &blamed.1,
                    format!(
                        "model `{}`: the name `{name}` is already used by model `{}` (from \
                         {}{other_at})",
                        blamed.0.id, other.0.id, other.0.origin
                    ),
                ));
            }
        }
        facts(table, model, &invalid)?;
        history(model, &invalid)?;
        // The dated changes must leave a consistent model on every day: check the model as it
        // stood in each period between its change dates.
        if !model.history.is_empty() {
            let in_history =
                |_: &str, message: String| source.invalid(&format!("{entry}.history"), message);
            for (period, snapshot) in model.periods()? {
                facts(table, &snapshot, &|field, message| {
                    in_history(
                        field,
                        format!("{message} ({period}, with the dated changes in force)"),
                    )
                })?;
            }
        }
        if model.family.trim().is_empty() || model.source.trim().is_empty() {
            return Err(invalid(
                if model.family.trim().is_empty() {
                    "family"
                } else {
                    "source"
                },
                format!(
                    "model `{}`: `family` and `source` must not be empty",
                    model.id
                ),
            ));
        }
    }
    Ok(())
}

/// The rules on one model's facts that a dated change could break: references that resolve,
/// tiers in order, published cache prices only where nothing else derives cache rates.
fn facts(
    table: &PricingTable,
    model: &Model,
    invalid: &dyn Fn(&str, String) -> Error,
) -> Result<()> {
    if !table.tokenizers.iter().any(|t| t.id == model.tokenizer) {
        return Err(invalid(
            "tokenizer",
            if table.tokenizers.is_empty() {
                format!(
                    "model `{}`: unknown tokenizer `{}`; the table defines no tokenizers: a \
                     pricing file used without the embedded table must define the tokenizers, \
                     the `anthropic` platform and the web search fee its models use (a complete \
                     one: examples/pricing/standalone.yaml)",
                    model.id, model.tokenizer
                )
            } else {
                format!(
                    "model `{}`: unknown tokenizer `{}`; the table defines: {}",
                    model.id,
                    model.tokenizer,
                    table
                        .tokenizers
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        ));
    }
    if let Some(fast) = &model.fast {
        for (k, p) in fast.platforms.iter().enumerate() {
            if !table.platforms.iter().any(|q| &q.id == p) {
                return Err(invalid(
                    &format!("fast.platforms[{k}]"),
                    format!(
                        "model `{}`: `fast.platforms` names unknown platform `{p}`",
                        model.id
                    ),
                ));
            }
        }
    }
    let mut previous = 0;
    for (k, tier) in model.prompt_tiers.iter().enumerate() {
        if tier.above_prompt_tokens <= previous {
            return Err(invalid(
                &format!("prompt_tiers[{k}].above_prompt_tokens"),
                format!(
                    "model `{}`: `prompt_tiers` must have increasing `above_prompt_tokens` \
                         greater than zero",
                    model.id
                ),
            ));
        }
        previous = tier.above_prompt_tokens;
    }
    let has_cache_override = model.cache_write_5m_usd_per_mtok.is_some()
        || model.cache_write_1h_usd_per_mtok.is_some()
        || model.cache_read_usd_per_mtok.is_some();
    if has_cache_override && (!model.prompt_tiers.is_empty() || model.fast.is_some()) {
        return Err(invalid(
            "id",
            format!(
                "model `{}`: published cache prices (`cache_*_usd_per_mtok`) cannot be \
                     combined with `prompt_tiers` or `fast`, whose cache rates follow from the \
                     multipliers",
                model.id
            ),
        ));
    }
    if model
        .beta_context_window_tokens
        .is_some_and(|b| b < model.context_window_tokens)
    {
        return Err(invalid(
            "beta_context_window_tokens",
            format!(
                "model `{}`: `beta_context_window_tokens` is smaller than \
                     `context_window_tokens`",
                model.id
            ),
        ));
    }
    Ok(())
}

/// The rules on a model's `history`: each change has a period, facts and a source, and no two
/// changes set the same fact on the same day.
fn history(model: &Model, invalid: &dyn Fn(&str, String) -> Error) -> Result<()> {
    for (k, change) in model.history.iter().enumerate() {
        let at = |field: &str| format!("history[{k}]{field}");
        match (&change.from, &change.until) {
            (None, None) => {
                return Err(invalid(
                    &at(""),
                    format!(
                        "model `{}`: history[{k}] needs `from`, `until` or both; facts that hold \
                         always belong in the entry itself",
                        model.id
                    ),
                ));
            }
            (Some(from), Some(until)) if from >= until => {
                return Err(invalid(
                    &at(".until"),
                    format!(
                        "model `{}`: history[{k}] has `from` {from} on or after `until` {until}; \
                         `until` is the first day the change no longer holds, so it must be \
                         later than `from`",
                        model.id
                    ),
                ));
            }
            _ => {}
        }
        if change.facts().is_empty() {
            return Err(invalid(
                &at(""),
                format!(
                    "model `{}`: history[{k}] changes no fact; give at least one dated field \
                     (a price, multiplier, `status`, `fast`, `prompt_tiers`…)",
                    model.id
                ),
            ));
        }
        if change.source.trim().is_empty() {
            return Err(invalid(
                &at(".source"),
                format!(
                    "model `{}`: history[{k}]: `source` must not be empty",
                    model.id
                ),
            ));
        }
        for fact in change.facts() {
            let earlier = model.history[..k]
                .iter()
                .enumerate()
                .find(|(_, c)| c.sets(fact) && c.period().overlaps(&change.period()));
            if let Some((j, other)) = earlier {
                return Err(invalid(
                    &at(&format!(".{fact}")),
                    format!(
                        "model `{}`: history[{k}] sets `{fact}` {}, which overlaps history[{j}] \
                         ({}); each fact may have one value per day",
                        model.id,
                        change.period(),
                        other.period()
                    ),
                ));
            }
        }
    }
    Ok(())
}
