//! What the API refuses (options a model or platform lacks, requests over its limits) and what
//! it accepts with a caveat (beta context window, model status).

use rust_decimal::Decimal;

use super::mode::{DEFAULT_PLATFORM, InferenceGeo, Mode, ModeOption, Speed};
use super::quote::Usage;
use crate::error::{Error, Result};
use crate::money::add;
use crate::pricing::schema::{FastAfterRemoval, ToolTokens};
use crate::pricing::{Model, Platform, PricingTable, Status};
use crate::warning::Warning;
use crate::workload::schema::ToolChoice;

pub(super) fn check_quantities(usage: &Usage, requests: Decimal) -> Result<()> {
    let negative = usage
        .quantities()
        .into_iter()
        .find(|(_, q)| q.is_sign_negative() && !q.is_zero());
    if let Some((item, q)) = negative {
        return Err(Error::Negative {
            what: item.label().to_string(),
            value: q,
        });
    }
    if requests.is_sign_negative() && !requests.is_zero() {
        return Err(Error::Negative {
            what: "requests".to_string(),
            value: requests,
        });
    }
    Ok(())
}

/// Refuses modifiers the model or platform does not offer, saying why.
pub(super) fn check_mode(
    table: &PricingTable,
    model: &Model,
    platform: &Platform,
    mode: &Mode,
) -> Result<()> {
    if mode.batch && mode.speed == Speed::Fast {
        return Err(Error::Unavailable {
            option: ModeOption::FastWithBatch,
            message: "fast mode is not available through the Message Batches API".to_string(),
        });
    }
    if mode.batch {
        if !platform.batch {
            return Err(Error::Unavailable {
                option: ModeOption::Batch,
                message: format!(
                    "the pricing table has no batch prices for platform `{}`; set \
                     `batch: true` on the platform in a `--pricing` file to price it",
                    platform.id
                ),
            });
        }
        if model.batch_multiplier.is_none() {
            return Err(Error::Unavailable {
                option: ModeOption::Batch,
                message: format!(
                    "model `{}` has no Batch API price in the pricing table \
                     (`batch_multiplier` is not set)",
                    model.id
                ),
            });
        }
    }
    if mode.speed == Speed::Fast {
        if model.fast.is_none() && model.fast_after_removal.is_some() {
            return Err(Error::Unavailable {
                option: ModeOption::Fast,
                message: fast_removed(model),
            });
        }
        let Some(fast) = &model.fast else {
            let with_fast: Vec<&str> = table
                .models
                .iter()
                .filter(|m| m.fast.is_some())
                .map(|m| m.id.as_str())
                .collect();
            return Err(Error::Unavailable {
                option: ModeOption::Fast,
                message: format!(
                    "model `{}` has no fast mode{}; models with fast mode: {}",
                    model.id,
                    model
                        .notes
                        .as_deref()
                        .filter(|n| n.to_ascii_lowercase().contains("fast mode"))
                        .map(|n| format!(" ({})", n.trim_end_matches('.')))
                        .unwrap_or_default(),
                    if with_fast.is_empty() {
                        "none".to_string()
                    } else {
                        with_fast.join(", ")
                    }
                ),
            });
        };
        if !fast.platforms.iter().any(|p| p == &platform.id) {
            return Err(Error::Unavailable {
                option: ModeOption::Fast,
                message: format!(
                    "fast mode for model `{}` is offered on {} only, not on platform `{}`",
                    model.id,
                    fast.platforms.join(", "),
                    platform.id
                ),
            });
        }
    }
    if mode.inference_geo == InferenceGeo::Us {
        if !platform.inference_geo {
            return Err(Error::Unavailable {
                option: ModeOption::UsInference,
                message: format!(
                    "US-only inference applies to the Claude API only; platform `{}` sets its \
                     own regional prices",
                    platform.id
                ),
            });
        }
        if model.inference_geo_us_multiplier.is_none() {
            return Err(Error::Unavailable {
                option: ModeOption::UsInference,
                message: format!(
                    "model `{}` is not eligible for US-only inference (no \
                     `inference_geo_us_multiplier` in the pricing table; the API rejects \
                     `inference_geo` on models before Claude 4.6)",
                    model.id
                ),
            });
        }
    }
    Ok(())
}

/// Why a fast request on a model whose fast mode was removed is refused, and since when.
fn fast_removed(model: &Model) -> String {
    let resolved = model.resolved.as_ref();
    let since = resolved.and_then(|r| r.fast_absent_since.as_ref());
    format!(
        "fast mode on `{}` was removed{}: the API returns an error for `speed: \"fast\"`{}",
        model.id,
        since.map(|d| format!(" on {d}")).unwrap_or_default(),
        resolved
            .map(|r| format!(" (prices as of {})", r.date))
            .unwrap_or_default()
    )
}

/// The mode a request is billed under: a fast request on a model whose fast mode was removed,
/// and which the API then runs at standard speed (`fast_after_removal: standard`), is billed at
/// standard rates, with a warning that says so. Any other mode is billed as asked.
pub(super) fn billed_mode(model: &Model, mode: &Mode) -> (Mode, Option<Warning>) {
    if mode.speed == Speed::Fast
        && model.fast.is_none()
        && model.fast_after_removal == Some(FastAfterRemoval::Standard)
    {
        let since = model
            .resolved
            .as_ref()
            .and_then(|r| r.fast_absent_since.as_ref())
            .map(ToString::to_string);
        let billed = Mode {
            speed: Speed::Standard,
            ..mode.clone()
        };
        return (
            billed,
            Some(Warning::FastBilledAsStandard {
                model: model.id.clone(),
                since,
            }),
        );
    }
    (mode.clone(), None)
}

/// Refuses a model the Claude API no longer serves on the date the table was resolved for,
/// saying since when. Retirement is about the Claude API: clouds that still serve the model
/// price it with the status warning. Only a snapshot of the table
/// ([`PricingTable::as_of`]) is tied to a day; a table as loaded prices a retired model with the
/// status warning, as it always did.
pub(super) fn check_served(model: &Model, mode: &Mode) -> Result<()> {
    let Some(resolved) = &model.resolved else {
        return Ok(());
    };
    if model.status != Status::Retired || mode.platform != DEFAULT_PLATFORM {
        return Ok(());
    }
    Err(Error::Retired {
        model: model.id.clone(),
        since: resolved.status_since.as_ref().map(ToString::to_string),
        as_of: resolved.date.to_string(),
    })
}

/// Refuses requests the API would reject; warns where a beta header is needed.
pub(super) fn check_limits(
    model: &Model,
    usage: &Usage,
    prompt_tokens: Decimal,
    mode: &Mode,
) -> Result<Vec<Warning>> {
    // The output limit first: a `max_tokens` over it is that mistake, whatever the window.
    let max_output = if mode.batch {
        model.batch_max_output_tokens.or(model.max_output_tokens)
    } else {
        model.max_output_tokens
    };
    if let Some(max) = max_output.filter(|&max| usage.output > Decimal::from(max)) {
        // Limits are per part: `max` is the Batch API's for a batch request, the real-time
        // one otherwise.
        return Err(Error::OutputLimit {
            model: model.id.clone(),
            tokens: usage.output,
            max,
            batch: mode.batch,
        });
    }
    let mut warnings = Vec::new();
    let needed = add(prompt_tokens, usage.output, "the context size")?;
    let window = Decimal::from(model.context_window_tokens);
    if needed > window {
        match model.beta_context_window_tokens {
            Some(beta) if needed <= Decimal::from(beta) => {
                warnings.push(Warning::BetaContextWindow {
                    model: model.id.clone(),
                    tokens: needed,
                    window: model.context_window_tokens,
                    beta_window: beta,
                })
            }
            limit => {
                return Err(Error::ContextWindow {
                    model: model.id.clone(),
                    tokens: needed,
                    window: limit.unwrap_or(model.context_window_tokens),
                });
            }
        }
    }
    Ok(warnings)
}

/// What the model's table entry says a user should know whenever it is priced.
pub(super) fn model_warnings(model: &Model) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let day = model.resolved.as_ref().map(|r| &r.date);
    if let (Some(released), Some(day)) = (model.released, day)
        && model.unreleased_on(day)
    {
        warnings.push(Warning::NotYetReleased {
            model: model.id.clone(),
            released: released.to_string(),
            as_of: day.to_string(),
        });
    }
    if !model.id_confirmed {
        warnings.push(Warning::UnconfirmedId {
            model: model.id.clone(),
        });
    }
    match model.status {
        Status::Retired | Status::Deprecated | Status::Restricted => {
            warnings.push(Warning::ModelStatus {
                model: model.id.clone(),
                status: model.status,
                note: model.notes.as_deref().map(|n| n.trim().to_string()),
            })
        }
        Status::Current | Status::Legacy => {}
    }
    warnings
}

/// The tokens the API adds to the system prompt when tools are present, for `choice`. One
/// rule for workloads and batch files: a figure the model does not publish is an error (never
/// counted as 0), and forced tool use where the API refuses it is an error.
pub(crate) fn tool_overhead(model: &Model, choice: ToolChoice) -> Result<Decimal> {
    let overhead = model.tool_use_system_prompt_tokens.as_ref();
    let (figure, field) = match choice {
        ToolChoice::None => return Ok(Decimal::ZERO),
        ToolChoice::Auto => (overhead.and_then(|o| o.auto_none), "auto_none"),
        ToolChoice::Any => (overhead.and_then(|o| o.any_tool), "any_tool"),
    };
    match figure {
        Some(ToolTokens::Tokens(n)) => Ok(Decimal::from(n)),
        Some(ToolTokens::Unsupported) => Err(Error::ForcedToolUse {
            model: model.id.clone(),
        }),
        None => Err(Error::MissingToolOverhead {
            model: model.id.clone(),
            field,
        }),
    }
}
