//! The effective pricing table: every model, platform and fee after layering the embedded
//! files and the user's overrides, and model-name resolution.
//!
//! Prices are data. This module and its children never hold a price; they read `pricing/*.yaml`
//! (embedded at build time, see [`load::BUILTIN`]) and the user's files.

pub mod dated;
pub mod load;
pub mod schema;
pub mod validate;

pub use load::{PricingSources, load};
pub use schema::{Model, Platform, Price, ServerTools, Status, Tokenizer};

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::range::Range;
use crate::suggest;

/// The layered, validated pricing table. Built only by [`load()`], so every table a caller holds
/// has passed validation; read it through the accessors.
#[derive(Debug, Clone, Default)]
pub struct PricingTable {
    /// Models in file order; an override keeps the position of the entry it replaces.
    pub(crate) models: Vec<Model>,
    /// Platforms in file order.
    pub(crate) platforms: Vec<Platform>,
    /// Tokenizer families.
    pub(crate) tokenizers: Vec<Tokenizer>,
    /// Server-tool fees, from the last file that defines them.
    pub(crate) server_tools: Option<ServerTools>,
    /// The files the table was built from, in order.
    pub(crate) sources: Vec<String>,
    /// The date the table was resolved for ([`PricingTable::as_of`]); `None` as loaded.
    pub(crate) as_of: Option<schema::Date>,
}

/// How a user-supplied name matched a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// The canonical id.
    Id,
    /// One of the model's aliases.
    Alias,
    /// A family name (`sonnet`) resolved to the family's newest model.
    Family,
}

impl PricingTable {
    /// The embedded table, with no user overrides.
    pub fn builtin() -> Result<Self> {
        load(&PricingSources::builtin())
    }

    /// Models in file order; an override keeps the position of the entry it replaces.
    pub fn models(&self) -> &[Model] {
        &self.models
    }

    /// Platforms in file order.
    pub fn platforms(&self) -> &[Platform] {
        &self.platforms
    }

    /// Tokenizer families.
    pub fn tokenizers(&self) -> &[Tokenizer] {
        &self.tokenizers
    }

    /// Server-tool fees, from the last file that defines them.
    pub fn server_tools(&self) -> Option<&ServerTools> {
        self.server_tools.as_ref()
    }

    /// The files the table was built from, in order (`<builtin>/…` for the embedded ones).
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The date this snapshot stands as of; `None` for the table as loaded, whose undated facts
    /// are the ones no dated change overrides.
    pub fn as_of_date(&self) -> Option<&schema::Date> {
        self.as_of.as_ref()
    }

    /// Resolves an id, alias or family name (case-insensitive) to a model.
    ///
    /// Ids and aliases win over family names. A family name resolves to the family member with
    /// the latest `released` date, so adding a newer model in an override file moves the family
    /// alias with it. An unknown name is an error with the closest names as suggestions; there is
    /// no fuzzy matching that could price one model as another.
    pub fn resolve(&self, name: &str) -> Result<(&Model, Matched)> {
        let wanted = name.trim().to_ascii_lowercase();
        if let Some(m) = self
            .models
            .iter()
            .find(|m| m.id.eq_ignore_ascii_case(&wanted))
        {
            return Ok((m, Matched::Id));
        }
        if let Some(m) = self
            .models
            .iter()
            .find(|m| m.aliases.iter().any(|a| a.eq_ignore_ascii_case(&wanted)))
        {
            return Ok((m, Matched::Alias));
        }
        if let Some(m) = self.newest_of_family(&wanted) {
            return Ok((m, Matched::Family));
        }
        Err(Error::UnknownModel {
            name: name.to_string(),
            suggestions: suggest::closest(&wanted, self.all_names()),
        })
    }

    /// The newest model of `family` (by `released`; models without a date are skipped). A table
    /// resolved for a day skips the models released after it: `sonnet` then meant the newest
    /// Sonnet of that day.
    pub fn newest_of_family(&self, family: &str) -> Option<&Model> {
        self.models
            .iter()
            .filter(|m| m.family.eq_ignore_ascii_case(family))
            .filter(|m| !self.as_of.as_ref().is_some_and(|day| m.unreleased_on(day)))
            .filter_map(|m| m.released.map(|r| (r, m)))
            .max_by_key(|(r, _)| *r)
            .map(|(_, m)| m)
    }

    /// Family names with the model each resolves to, in order of first appearance.
    pub fn family_aliases(&self) -> Vec<(&str, &Model)> {
        let mut out: Vec<(&str, &Model)> = Vec::new();
        for m in &self.models {
            if out.iter().any(|(f, _)| *f == m.family) {
                continue;
            }
            if let Some(newest) = self.newest_of_family(&m.family) {
                out.push((m.family.as_str(), newest));
            }
        }
        out
    }

    /// The tokenizer family a model uses (validation guarantees it exists in a loaded table).
    pub fn tokenizer_of(&self, model: &Model) -> Option<&Tokenizer> {
        self.tokenizers.iter().find(|t| t.id == model.tokenizer)
    }

    /// The tokenizer whose counts `tokenizer`'s are: the one it names in `same_counts_as`, or
    /// itself.
    pub fn counts_of<'a>(&'a self, tokenizer: &'a str) -> &'a str {
        self.tokenizers
            .iter()
            .find(|t| t.id == tokenizer)
            .and_then(|t| t.same_counts_as.as_deref())
            .unwrap_or(tokenizer)
    }

    /// Whether counts in tokenizer `a` are counts in tokenizer `b` (no conversion between them).
    pub fn same_counts(&self, a: &str, b: &str) -> bool {
        self.counts_of(a) == self.counts_of(b)
    }

    /// The factor range that converts counts from tokenizer `from` to tokenizer `to`: exactly
    /// 1 within a family; the inverse of a listed conversion the other way. `None` when the
    /// table has neither direction.
    pub fn conversion(&self, from: &str, to: &str) -> Option<Range> {
        let (from, to) = (self.counts_of(from), self.counts_of(to));
        if from == to {
            return Some(Range::exact(Decimal::ONE));
        }
        let direct = |a: &str, b: &str| {
            self.tokenizers
                .iter()
                .find(|t| t.id == a)
                .and_then(|t| t.conversions.iter().find(|c| c.to == b))
        };
        let range = |c: &schema::Conversion| Range {
            typical: c.typical.0,
            low: c.low.0,
            high: c.high.0,
        };
        if let Some(c) = direct(from, to) {
            return Some(range(c));
        }
        direct(to, from).map(|c| range(c).inverse())
    }

    /// Looks up a platform by id.
    pub fn platform(&self, id: &str) -> Result<&Platform> {
        self.platforms
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(id.trim()))
            .ok_or_else(|| Error::UnknownPlatform {
                name: id.to_string(),
                known: self.platforms.iter().map(|p| p.id.clone()).collect(),
            })
    }

    fn all_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for m in &self.models {
            names.push(&m.id);
            names.extend(m.aliases.iter().map(String::as_str));
            if !names.contains(&m.family.as_str()) {
                names.push(&m.family);
            }
        }
        names
    }
}
