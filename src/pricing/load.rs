//! Where pricing comes from and how several files layer into one table.
//!
//! Order, later wins by id: the embedded files in `pricing/`, then the files named in
//! `BURNRATE_PRICING` (a path list, `:`-separated on Unix), then each `--pricing FILE` in order.
//! A later model, platform or tokenizer replaces an earlier one with the same id as a whole
//! entry; new ids are added.

use std::ffi::OsString;
use std::path::PathBuf;

use super::PricingTable;
use super::schema::PricingFile;
use super::validate;
use crate::error::{Error, Result};
use crate::yaml::Parsed;

/// The pricing files compiled into the binary: `(display name, contents)`.
pub const BUILTIN: &[(&str, &str)] = &[(
    "<builtin>/pricing/anthropic.yaml",
    include_str!("../../pricing/anthropic.yaml"),
)];

/// Environment variable holding extra pricing files, applied before `--pricing` files.
pub const PRICING_ENV: &str = "BURNRATE_PRICING";

/// Which pricing files to load, in order.
#[derive(Debug, Clone, Default)]
pub struct PricingSources {
    /// Start from the embedded table.
    pub builtin: bool,
    /// User files, applied in order after the embedded table.
    pub files: Vec<PathBuf>,
}

impl PricingSources {
    /// The embedded table only.
    pub fn builtin() -> Self {
        PricingSources {
            builtin: true,
            files: Vec::new(),
        }
    }

    /// Sources from the command line: the embedded table (unless `no_default`), then the paths
    /// in the value of [`PRICING_ENV`] (empty entries ignored), then `flags`.
    pub fn from_cli(no_default: bool, env_value: Option<OsString>, flags: &[PathBuf]) -> Self {
        let mut files: Vec<PathBuf> = env_value
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        files.extend(flags.iter().cloned());
        PricingSources {
            builtin: !no_default,
            files,
        }
    }
}

/// A pricing file's name and text.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Display name: the path as given, or `<builtin>/pricing/…`.
    pub name: String,
    /// The YAML text.
    pub text: String,
}

/// Loads, layers and validates the pricing files of `sources` into the effective table.
pub fn load(sources: &PricingSources) -> Result<PricingTable> {
    let mut texts = Vec::new();
    if sources.builtin {
        texts.extend(BUILTIN.iter().map(|(name, text)| SourceText {
            name: (*name).to_string(),
            text: (*text).to_string(),
        }));
    }
    for path in &sources.files {
        let text = crate::utf8::read(path)?;
        texts.push(SourceText {
            name: path.display().to_string(),
            text,
        });
    }
    if texts.is_empty() {
        return Err(Error::NoPricingFiles);
    }
    let mut table = PricingTable::default();
    let mut positions = Vec::with_capacity(texts.len());
    for source in &texts {
        let Parsed {
            value: file,
            positions: at,
        } = parse(source)?;
        validate::file(
            &file,
            &validate::Source {
                name: &source.name,
                positions: &at,
            },
        )?;
        merge(&mut table, file, &source.name);
        positions.push(at);
    }
    let located: Vec<validate::Source<'_>> = texts
        .iter()
        .zip(&positions)
        .map(|(s, p)| validate::Source {
            name: &s.name,
            positions: p,
        })
        .collect();
    validate::table(&table, &located)?;
    inherit_counts(&mut table);
    table.sources = texts.into_iter().map(|s| s.name).collect();
    Ok(table)
}

/// Fills a `same_counts_as` tokenizer's missing estimate fields (base encoding, factors,
/// conversions) from the tokenizer it names, after validation has checked that one exists and
/// is itself no alias.
fn inherit_counts(table: &mut PricingTable) {
    let roots: Vec<_> = table.tokenizers.clone();
    for t in &mut table.tokenizers {
        let Some(root) = t
            .same_counts_as
            .as_ref()
            .and_then(|id| roots.iter().find(|r| &r.id == id))
        else {
            continue;
        };
        if t.factors.is_none() {
            t.base_encoding = t.base_encoding.or(root.base_encoding);
            t.factors = root.factors;
            t.factors_source = t.factors_source.take().or(root.factors_source.clone());
            t.factors_checked = t.factors_checked.take().or(root.factors_checked.clone());
        }
        if t.conversions.is_empty() {
            t.conversions = root.conversions.clone();
        }
    }
}

/// Parses one pricing file, keeping where each value starts for the checks after parsing.
pub fn parse(source: &SourceText) -> Result<Parsed<PricingFile>> {
    crate::yaml::from_str(
        &source.name,
        &source.text,
        "the pricing file is empty; it needs `schema_version`, `provider` and `currency`",
    )
}

/// Layers `file` over `table`: same id replaces the whole entry, new ids are appended.
fn merge(table: &mut PricingTable, file: PricingFile, origin: &str) {
    for (entry, mut model) in file.models.into_iter().enumerate() {
        model.origin = origin.to_string();
        model.entry = entry;
        match table.models.iter_mut().find(|m| m.id == model.id) {
            Some(slot) => *slot = model,
            None => table.models.push(model),
        }
    }
    for mut platform in file.platforms {
        platform.origin = origin.to_string();
        match table.platforms.iter_mut().find(|p| p.id == platform.id) {
            Some(slot) => *slot = platform,
            None => table.platforms.push(platform),
        }
    }
    for (entry, mut tokenizer) in file.tokenizers.into_iter().enumerate() {
        tokenizer.origin = origin.to_string();
        tokenizer.entry = entry;
        match table.tokenizers.iter_mut().find(|t| t.id == tokenizer.id) {
            Some(slot) => *slot = tokenizer,
            None => table.tokenizers.push(tokenizer),
        }
    }
    if file.server_tools.is_some() {
        table.server_tools = file.server_tools;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_paths_come_before_flag_paths() {
        let env = std::env::join_paths(["a.yaml", "", "b.yaml"]).unwrap();
        let s = PricingSources::from_cli(false, Some(env), &[PathBuf::from("c.yaml")]);
        assert!(s.builtin);
        assert_eq!(
            s.files,
            vec![
                PathBuf::from("a.yaml"),
                PathBuf::from("b.yaml"),
                PathBuf::from("c.yaml")
            ]
        );
        assert!(!PricingSources::from_cli(true, None, &[]).builtin);
    }
}
