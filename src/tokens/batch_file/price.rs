//! Pricing a batch file's requests and adding them up per model.
//!
//! Parsing and counting a line depends on nothing but the line, so it runs on any counting
//! thread ([`parse_line`]); whether its cached prefix is a write or a read depends on the lines
//! before it, so pricing runs in file order ([`OrderedPricer`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;

use super::prefix::{Piece, Prompt};
use super::request;
use super::{Assumptions, BatchEstimate, LineError, ModelTotal};
use crate::billing::{self, Mode, Ttl, Usage};
use crate::error::{Error, FactorsFor, Result};
use crate::money::{add, mul};
use crate::pricing::schema::ContentFactors;
use crate::pricing::{Model, PricingTable};
use crate::tokens::MethodKind;
use crate::tokens::content::Content;
use crate::tokens::estimate::Range;
use crate::tokens::method::{Counter, Method};
use crate::warning::Warning;
use crate::workload::schema::ToolChoice;

/// Each line's number and parse result.
pub(super) type ParsedLines<'t> = Vec<(usize, std::result::Result<Parsed<'t>, String>)>;

/// A worker's answer: a batch's sequence number and its lines.
pub(super) type ParsedBatch<'t> = (usize, ParsedLines<'t>);

/// A part of a request's prompt counted: exact Claude tokens (with message frames), and base
/// tokens by content still to be converted (a tokenizer without a vocabulary).
#[derive(Default, Clone)]
struct Counted {
    /// Content tokens in Claude's vocabulary, message frames included.
    exact: u64,
    /// `(base tokens, content)` pieces.
    pieces: Vec<(u64, Content)>,
}

impl Counted {
    /// Claude tokens at the `pick` end of the factor range (0 typical, 1 low, 2 high).
    fn claude(&self, factors: Option<&ContentFactors>, pick: usize) -> Result<Decimal> {
        let mut total = Decimal::from(self.exact);
        for (base, content) in &self.pieces {
            let Some(factors) = factors else { break };
            let f = content.factor(factors);
            let factor = [f.typical, f.low, f.high][pick];
            total = add(
                total,
                mul(Decimal::from(*base), factor, "batch tokens")?,
                "batch tokens",
            )?;
        }
        Ok(total)
    }
}

/// Prices batches of parsed lines strictly in file order, holding early arrivals back.
pub(super) struct OrderedPricer<'t> {
    table: &'t PricingTable,
    guess: Assumptions,
    seen: HashSet<u64>,
    /// Each `custom_id` with the line that used it first (the API requires them unique).
    ids: HashMap<String, usize>,
    index: HashMap<String, usize>,
    next: usize,
    waiting: BTreeMap<usize, ParsedLines<'t>>,
}

impl<'t> OrderedPricer<'t> {
    /// A pricer for the lines of one file.
    pub(super) fn new(table: &'t PricingTable, guess: Assumptions) -> Self {
        OrderedPricer {
            table,
            guess,
            seen: HashSet::new(),
            ids: HashMap::new(),
            index: HashMap::new(),
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Takes a batch of parsed lines, pricing every batch that is now next in file order.
    pub(super) fn accept(&mut self, (seq, lines): ParsedBatch<'t>, est: &mut BatchEstimate) {
        self.waiting.insert(seq, lines);
        while let Some(lines) = self.waiting.remove(&self.next) {
            self.next += 1;
            for (line_no, parsed) in lines {
                let ids = &mut self.ids;
                let priced = parsed.and_then(|p| {
                    if let Some(first) = ids.get(&p.custom_id) {
                        return Err(format!(
                            "custom_id `{}` is already used on line {first}; the Batch API \
                             requires each request's id to be unique",
                            p.custom_id
                        ));
                    }
                    ids.insert(p.custom_id.clone(), line_no);
                    price_parsed(
                        self.table,
                        p,
                        self.guess,
                        &mut self.seen,
                        &mut est.warnings,
                        line_no,
                    )
                });
                match priced {
                    Ok(priced) => {
                        // A request whose amounts do not fit the totals is left out, named.
                        if let Err(e) = add_priced(est, &mut self.index, priced) {
                            est.errors.push(LineError {
                                line: line_no,
                                message: e.to_string(),
                            });
                        }
                    }
                    Err(message) => est.errors.push(LineError {
                        line: line_no,
                        message,
                    }),
                }
            }
        }
    }
}

fn add_priced(
    est: &mut BatchEstimate,
    index: &mut HashMap<String, usize>,
    priced: ModelTotal,
) -> crate::error::Result<()> {
    let slot = *index.entry(priced.model.clone()).or_insert_with(|| {
        est.models.push(ModelTotal {
            model: priced.model.clone(),
            ..ModelTotal::default()
        });
        est.models.len() - 1
    });
    est.models[slot].add(&priced)?;
    est.requests += 1;
    Ok(())
}

/// A line parsed and counted: everything that does not depend on the lines before it.
pub(super) struct Parsed<'t> {
    custom_id: String,
    model: &'t Model,
    /// The factors of the estimate; `None` when Claude's vocabulary counted the request.
    factors: Option<ContentFactors>,
    prefix: Counted,
    rest: Counted,
    overhead: Decimal,
    key: u64,
    ttl: Option<Ttl>,
    max_tokens: u64,
    /// Block types that were not counted (images, documents…).
    uncounted: Vec<String>,
    /// A `cache_control` inside a `tool_result` was passed over.
    inner_breakpoint: bool,
}

/// Parses and counts one line (runs on any thread; `count` counts a text with a counter on that
/// thread).
pub(super) fn parse_line<'t>(
    table: &'t PricingTable,
    text: &str,
    count: &dyn Fn(Counter, &str) -> u64,
) -> std::result::Result<Parsed<'t>, String> {
    let request = request::parse(text)?;
    let (model, _) = table.resolve(&request.model).map_err(|e| e.to_string())?;
    let method = Method::of(
        table,
        model,
        FactorsFor::Estimate {
            model: model.id.clone(),
        },
    )
    .map_err(|e| e.to_string())?;
    let params = request.params;
    let has_tools = params.tools.as_ref().is_some_and(|t| !t.is_empty());
    let choice = params
        .tool_choice
        .as_ref()
        .and_then(|c| c.kind.clone())
        .unwrap_or_else(|| "auto".into());
    let prompt = Prompt::of(params)?;
    let overhead = if has_tools {
        let choice = match choice.as_str() {
            "any" | "tool" => ToolChoice::Any,
            _ => ToolChoice::Auto,
        };
        billing::tool_overhead(model, choice).map_err(|e| e.to_string())?
    } else {
        Decimal::ZERO
    };
    let (prefix_messages, rest_messages) = prompt.messages();
    let counter = method.counter();
    let counted = |pieces: &[Piece], messages: u64| match &method {
        Method::Claude { frame, .. } => Counted {
            exact: pieces
                .iter()
                .map(|p| count(counter, &p.text))
                .fold(frame.saturating_mul(messages), u64::saturating_add),
            pieces: Vec::new(),
        },
        Method::Factors { .. } => Counted {
            exact: 0,
            pieces: pieces
                .iter()
                .map(|p| (count(counter, &p.text), p.content))
                .collect(),
        },
    };
    Ok(Parsed {
        custom_id: request.custom_id,
        model,
        factors: match &method {
            Method::Factors { factors, .. } => Some(**factors),
            Method::Claude { .. } => None,
        },
        prefix: counted(prompt.prefix(), prefix_messages),
        rest: counted(prompt.rest(), rest_messages),
        overhead,
        key: prompt.prefix_key(&model.id),
        ttl: prompt.ttl,
        max_tokens: request.max_tokens,
        uncounted: prompt.uncounted,
        inner_breakpoint: prompt.inner_breakpoint,
    })
}

/// Bills a cacheable prefix of `cached` tokens: the first request with it writes it at its
/// TTL; a repeated one reads it with share `hit_rate` and writes it again otherwise.
fn split_cached(
    u: &mut Usage,
    cached: Decimal,
    ttl: Option<Ttl>,
    repeated: bool,
    hit_rate: Decimal,
) {
    let read = if repeated {
        cached * hit_rate
    } else {
        Decimal::ZERO
    };
    let write = cached - read;
    u.cache_read = read;
    if ttl == Some(Ttl::OneHour) {
        u.cache_write_1h = write;
        u.cache_write_5m = Decimal::ZERO;
    } else {
        u.cache_write_5m = write;
        u.cache_write_1h = Decimal::ZERO;
    }
}

/// Prices a parsed line, in file order: whether its prefix is a cache write or read depends on
/// the lines before it.
fn price_parsed(
    table: &PricingTable,
    parsed: Parsed,
    guess: Assumptions,
    seen: &mut HashSet<u64>,
    warnings: &mut Vec<Warning>,
    line: usize,
) -> std::result::Result<ModelTotal, String> {
    for kind in &parsed.uncounted {
        let w = Warning::UncountedBlocks {
            line,
            block: kind.clone(),
        };
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    if parsed.inner_breakpoint {
        warnings.push(Warning::BreakpointInToolResult { line });
    }
    let Parsed {
        model,
        factors,
        prefix,
        rest,
        overhead,
        key,
        ttl,
        max_tokens,
        ..
    } = parsed;
    let output_ceiling = Decimal::from(max_tokens);
    let repeated = seen.contains(&key);
    let hit_rate = guess.hit_rate();
    let output_typical = match (guess.tokens, guess.ratio) {
        (Some(t), _) => Some(Decimal::from(t.min(max_tokens))),
        (None, Some(r)) => Some(output_ceiling * r),
        (None, None) => None,
    };
    let err = |e: Error| e.to_string();
    let mut usages = Vec::with_capacity(3);
    for pick in 0..3 {
        let p = prefix.claude(factors.as_ref(), pick).map_err(err)?;
        let r = rest.claude(factors.as_ref(), pick).map_err(err)?;
        let mut u = Usage::default();
        // The cache decision is made once, at the typical count, so the range compares like
        // with like.
        let p_typical = prefix.claude(factors.as_ref(), 0).map_err(err)? + overhead;
        let minimum = model.min_cacheable_tokens;
        let short = minimum.filter(|&m| p_typical < Decimal::from(m));
        let cacheable = ttl.is_some() && p_typical > Decimal::ZERO && short.is_none();
        // Once per model (the first line), or a large file would warn on every line.
        let warned = warnings.iter().any(
            |w| matches!(w, Warning::BatchPrefixBelowMinimum { model: m, .. } if *m == model.id),
        );
        if let (0, Some(_), Some(minimum), false) = (pick, ttl, short, warned) {
            warnings.push(Warning::BatchPrefixBelowMinimum {
                line,
                model: model.id.clone(),
                tokens: p_typical,
                minimum,
            });
        }
        if cacheable {
            split_cached(&mut u, p + overhead, ttl, repeated, hit_rate);
            u.input = r;
        } else {
            u.input = p + r + overhead;
        }
        usages.push(u);
    }
    // From no hits to all hits, at the typical counts.
    let at_hit_rate = |h: Decimal| {
        let mut u = usages[0].clone();
        let cached = u.cache_read + u.cache_write_5m + u.cache_write_1h;
        if !cached.is_zero() {
            split_cached(&mut u, cached, ttl, repeated, h);
        }
        u
    };
    let (no_hits, all_hits) = (at_hit_rate(Decimal::ZERO), at_hit_rate(Decimal::ONE));
    let batch_mode = Mode {
        batch: true,
        ..Mode::default()
    };
    let real_mode = Mode::default();
    let price = |u: &Usage, output: Decimal, mode: &Mode| -> std::result::Result<Decimal, String> {
        let usage = Usage {
            output,
            ..u.clone()
        };
        billing::quote(table, model, &usage, Decimal::ONE, mode)
            .map(|q| q.total)
            .map_err(|e| e.to_string())
    };
    let out = output_typical.unwrap_or(output_ceiling);
    let range_of = |mode: &Mode| -> std::result::Result<Range, String> {
        Ok(Range {
            typical: price(&usages[0], out, mode)?,
            low: price(&usages[1], out, mode)?,
            high: price(&usages[2], out, mode)?,
        })
    };
    let batch = range_of(&batch_mode)?;
    let real_time = range_of(&real_mode)?;
    let priced = ModelTotal {
        model: model.id.clone(),
        requests: 1,
        method: Some(if factors.is_some() {
            MethodKind::Cl100kFactor
        } else {
            MethodKind::ClaudeVocabulary
        }),
        input: Range {
            typical: usages[0].input,
            low: usages[1].input,
            high: usages[2].input,
        },
        cache_write: Range {
            typical: usages[0].cache_write_5m + usages[0].cache_write_1h,
            low: usages[1].cache_write_5m + usages[1].cache_write_1h,
            high: usages[2].cache_write_5m + usages[2].cache_write_1h,
        },
        cache_read: Range {
            typical: usages[0].cache_read,
            low: usages[1].cache_read,
            high: usages[2].cache_read,
        },
        output_ceiling,
        output_typical,
        batch,
        batch_ceiling: price(&usages[0], output_ceiling, &batch_mode)?,
        real_time,
        batch_saving: real_time.typical - batch.typical,
        batch_no_hits: price(&no_hits, out, &batch_mode)?,
        batch_all_hits: price(&all_hits, out, &batch_mode)?,
    };
    if ttl.is_some() {
        seen.insert(key);
    }
    Ok(priced)
}
