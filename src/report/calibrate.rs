//! `calibrate`: the override file goes to stdout as it is; the fits are told on stderr, one
//! line per content type. A vocabulary's residual check is the report itself. With `--format`,
//! the fits are a table, Markdown, CSV or JSON (which also carries the override file).

use serde::Serialize;

use super::Report;
use super::sheet::{Sheet, cells};
use crate::money::Exact;
use crate::pricing::schema::FactorRange;
use crate::tokens::calibrate::{Against, Calibration, Fit};

/// A factor with its range, `1.07 (1.02–1.12)`, exactly as the override file carries them.
fn factor_range(r: &FactorRange) -> String {
    let f = crate::money::format_factor;
    format!("{} ({}–{})", f(r.typical), f(r.low), f(r.high))
}

/// `claude-3 prose: 1.07 (1.02–1.12) from 3 samples; the table had 1.1 (1–1.2)`, per fit; for a
/// vocabulary, `claude-3 prose: residual 1.0457 (1–1.0625) from 2 samples`, and what it means.
pub fn fit_lines(c: &Calibration) -> Vec<String> {
    let residual = matches!(c.against, Against::Vocabulary(_));
    let line = |fit: &Fit| {
        let fitted = format!(
            "{} {}: {}{} from {} sample{}",
            c.tokenizer,
            fit.content.name(),
            if residual { "residual " } else { "" },
            factor_range(&fit.factor),
            fit.samples,
            if fit.samples == 1 { "" } else { "s" },
        );
        if residual {
            fitted
        } else {
            format!("{fitted}; the table had {}", factor_range(&fit.previous))
        }
    };
    let mut lines: Vec<String> = c.fits.iter().map(line).collect();
    if let Against::Vocabulary(count) = c.against {
        lines.push(format!(
            "residual = (your count − {} frame tokens) ÷ burnrate's count in Claude's {} \
             vocabulary; 1 is exact agreement. Nothing to override: the vocabulary counts these \
             texts (`--cl100k-factor` fits factors instead)",
            c.frame,
            count.family.name()
        ));
    }
    lines
}

/// A CSV record: one content type's fit.
#[derive(Serialize)]
pub struct CalibrateRow<'a> {
    tokenizer: &'a str,
    content: &'static str,
    kind: &'static str,
    samples: usize,
    typical: Exact,
    low: Exact,
    high: Exact,
    previous_typical: Option<Exact>,
    previous_low: Option<Exact>,
    previous_high: Option<Exact>,
}

impl Report for Calibration {
    type Row<'a> = CalibrateRow<'a>;

    /// One table of the fits; the override file is the default output, not a sheet.
    fn sheets(&self) -> Vec<Sheet> {
        let residual = matches!(self.against, Against::Vocabulary(_));
        let rows = self.fits.iter().map(|fit| {
            let mut row = cells![
                fit.content.name(),
                fit.samples.to_string(),
                factor_range(&fit.factor)
            ];
            row.extend((!residual).then(|| factor_range(&fit.previous)));
            row
        });
        let notes = if residual {
            fit_lines(self).into_iter().last().into_iter().collect()
        } else {
            vec![format!(
                "factor = Σ(true count − {} frame tokens) ÷ Σ cl100k_base tokens per content \
                 type; range: the smallest and largest sample ratio (5th–95th percentile from \
                 20 samples)",
                self.frame
            )]
        };
        let (what, columns) = if residual {
            (
                "Claude's vocabulary against your counts",
                "content|>samples|residual",
            )
        } else {
            (
                "cl100k_base factors",
                "content|>samples|fitted factor|the table had",
            )
        };
        let title = format!("Calibration of the {} tokenizer ({what})", self.tokenizer);
        vec![Sheet::new(title, columns).rows(rows).notes(notes)]
    }

    fn rows(&self) -> Vec<CalibrateRow<'_>> {
        let residual = matches!(self.against, Against::Vocabulary(_));
        self.fits
            .iter()
            .map(|fit| CalibrateRow {
                tokenizer: &self.tokenizer,
                content: fit.content.name(),
                kind: if residual { "residual" } else { "factor" },
                samples: fit.samples,
                typical: Exact(fit.factor.typical),
                low: Exact(fit.factor.low),
                high: Exact(fit.factor.high),
                previous_typical: (!residual).then_some(Exact(fit.previous.typical)),
                previous_low: (!residual).then_some(Exact(fit.previous.low)),
                previous_high: (!residual).then_some(Exact(fit.previous.high)),
            })
            .collect()
    }
}
