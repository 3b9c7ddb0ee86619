//! `calibrate`: the override file goes to stdout as it is; the fits are told on stderr, one
//! line per content type.

use crate::tokens::calibrate::Calibration;

/// `claude-3 prose: 1.07 (1.02–1.12) from 3 samples; the table had 1.1 (1–1.2)`, per fit.
pub fn fit_lines(c: &Calibration) -> Vec<String> {
    // Exactly as the override file carries them.
    let f = crate::money::format_factor;
    c.fits
        .iter()
        .map(|fit| {
            format!(
                "{} {}: {} ({}–{}) from {} sample{}; the table had {} ({}–{})",
                c.tokenizer,
                fit.content.name(),
                f(fit.factor.typical),
                f(fit.factor.low),
                f(fit.factor.high),
                fit.samples,
                if fit.samples == 1 { "" } else { "s" },
                f(fit.previous.typical),
                f(fit.previous.low),
                f(fit.previous.high)
            )
        })
        .collect()
}
