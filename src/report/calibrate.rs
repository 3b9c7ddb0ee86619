//! `calibrate`: the override file goes to stdout as it is; the fits are told on stderr, one
//! line per content type. A vocabulary's residual check is the report itself.

use crate::tokens::calibrate::{Against, Calibration, Fit};

/// `claude-3 prose: 1.07 (1.02–1.12) from 3 samples; the table had 1.1 (1–1.2)`, per fit; for a
/// vocabulary, `claude-3 prose: residual 1.0457 (1–1.0625) from 2 samples`, and what it means.
pub fn fit_lines(c: &Calibration) -> Vec<String> {
    // Exactly as the override file carries them.
    let f = crate::money::format_factor;
    let residual = matches!(c.against, Against::Vocabulary(_));
    let line = |fit: &Fit| {
        let fitted = format!(
            "{} {}: {}{} ({}–{}) from {} sample{}",
            c.tokenizer,
            fit.content.name(),
            if residual { "residual " } else { "" },
            f(fit.factor.typical),
            f(fit.factor.low),
            f(fit.factor.high),
            fit.samples,
            if fit.samples == 1 { "" } else { "s" },
        );
        if residual {
            fitted
        } else {
            format!(
                "{fitted}; the table had {} ({}–{})",
                f(fit.previous.typical),
                f(fit.previous.low),
                f(fit.previous.high)
            )
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
