//! What `estimate` returns: the priced workload, row by row and class by class, with every
//! figure a report shows (shares, headroom, the tokenizer range) computed here.

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeSeq, SerializeStruct, Serializer};

use crate::billing::{Item, Quote, Ttl};
use crate::error::Result;
use crate::money::{Exact, add};
use crate::range::Range;
use crate::warning::Warning;
use crate::workload::schema::Period;

/// The priced workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// The workload's name.
    pub name: String,
    /// The period.
    pub period: Period,
    /// Days in the period.
    #[serde(with = "crate::money::exact")]
    pub days: Decimal,
    /// The period's total, exact.
    #[serde(rename = "total_usd", with = "crate::money::exact")]
    pub total: Decimal,
    /// The total at the low and high tokenizer factors, when counts were measured from text or
    /// converted to another tokenizer (`typical` is [`Estimate::total`]).
    #[serde(rename = "total_usd_range")]
    pub total_range: Option<Range>,
    /// The budget for the period, if any.
    #[serde(rename = "budget_usd", with = "crate::money::exact_opt")]
    pub budget: Option<Decimal>,
    /// `budget − total` (negative when over).
    #[serde(rename = "headroom_usd", with = "crate::money::exact_opt")]
    pub headroom: Option<Decimal>,
    /// The headroom as a share of the budget (`None` for a zero budget).
    #[serde(with = "crate::money::exact_opt")]
    pub headroom_share: Option<Decimal>,
    /// Whether the total exceeds the budget.
    pub over_budget: bool,
    /// Requests over all rows.
    #[serde(with = "crate::money::exact")]
    pub requests: Decimal,
    /// The total over the tasks' requests (escalation re-runs are part of the request they
    /// re-run, not requests of their own); `None` with no requests.
    #[serde(rename = "per_request_usd", with = "crate::money::exact_opt")]
    pub per_request: Option<Decimal>,
    /// The same per 1,000 requests.
    #[serde(rename = "per_1k_requests_usd", with = "crate::money::exact_opt")]
    pub per_1k_requests: Option<Decimal>,
    /// Totals by class over all rows, with each class's share of the total.
    pub classes: Classes,
    /// One row per task, each escalation as a row of its own after its task.
    pub tasks: Vec<TaskEstimate>,
    /// What may surprise the user (prefix below the cache minimum, cache that does not pay…).
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub warnings: Vec<Warning>,
}

impl Estimate {
    /// The budget fields from a budget and the total.
    pub(crate) fn set_budget(&mut self, budget: Option<Decimal>) {
        self.budget = budget;
        self.headroom = budget.map(|b| b - self.total);
        self.headroom_share = budget
            .filter(|b| !b.is_zero())
            .and_then(|b| (b - self.total).checked_div(b));
        self.over_budget = budget.is_some_and(|b| self.total > b);
    }
}

/// One priced row: a task, or the escalated share of a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskEstimate {
    /// The task's name.
    pub task: String,
    /// For an escalation row, the share of the task that is re-run.
    #[serde(with = "crate::money::exact_opt")]
    pub escalation_share: Option<Decimal>,
    /// Canonical model id.
    pub model: String,
    /// Requests in the period.
    #[serde(with = "crate::money::exact")]
    pub requests: Decimal,
    /// Prefix tokens per request (system tokens + tool-use overhead).
    #[serde(rename = "prefix_tokens_per_request", with = "crate::money::exact")]
    pub prefix_tokens: Decimal,
    /// The model's tool-use system-prompt tokens included in the prefix.
    #[serde(rename = "tool_overhead_tokens", with = "crate::money::exact")]
    pub tool_overhead: Decimal,
    /// What happened to caching.
    #[serde(flatten)]
    pub cache: CacheOutcome,
    /// Share of requests through the Batch API.
    #[serde(with = "crate::money::exact")]
    pub batch_share: Decimal,
    /// The row's total.
    #[serde(rename = "total_usd", with = "crate::money::exact")]
    pub total: Decimal,
    /// For a task's row, its cost per request with its escalation included (the task row's
    /// total plus its escalation row's, over the task's requests); `None` on an escalation row
    /// and with no requests.
    #[serde(rename = "per_request_usd", with = "crate::money::exact_opt")]
    pub per_request: Option<Decimal>,
    /// The same per 1,000 requests.
    #[serde(rename = "per_1k_requests_usd", with = "crate::money::exact_opt")]
    pub per_1k_requests: Option<Decimal>,
    /// How token counts measured from files or converted between tokenizers were made (empty
    /// when all were given as numbers in the model's own tokenizer).
    #[serde(serialize_with = "crate::report::warning::serialize")]
    pub measured: Vec<Measured>,
    /// Totals by class, with each class's share of the row's total.
    #[serde(rename = "lines")]
    pub classes: Classes,
    /// The quotes that make up the row (real-time/batch × hit/miss/uncached).
    pub parts: Vec<Part>,
}

/// How the prefix was billed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheOutcome {
    /// The task does not cache.
    Off,
    /// The prefix is shorter than the model's minimum cacheable length: plain input.
    BelowMinimum {
        /// The model's minimum.
        minimum: u64,
    },
    /// Cached.
    On {
        /// The TTL.
        ttl: Ttl,
        /// The share of requests that hit.
        hit_rate: Decimal,
        /// For `auto`: the traffic the rate was derived from.
        auto: Option<AutoHitRate>,
    },
    /// Observed class tokens (`tokens_per_request`, `tokens_per_day`): the cache reads and
    /// writes are as the traffic had them.
    Observed {
        /// Cache reads over all cached tokens (reads and writes); `None` when none were cached.
        hit_rate: Option<Decimal>,
    },
}

impl CacheOutcome {
    /// The hit rate used, when the prefix was cached.
    pub fn hit_rate(&self) -> Option<Decimal> {
        match self {
            CacheOutcome::On { hit_rate, .. } => Some(*hit_rate),
            CacheOutcome::Observed { hit_rate } => *hit_rate,
            _ => None,
        }
    }
}

impl Serialize for CacheOutcome {
    /// `cache` (`off`, `below_minimum`, `on`, `observed`), `cache_ttl`, `hit_rate`, `hit_rate_auto`,
    /// `requests_per_minute_per_prefix` and `cold_window_minutes`, flat in the row.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (cache, ttl, hit, auto) = match self {
            CacheOutcome::Off => ("off", None, None, None),
            CacheOutcome::BelowMinimum { .. } => ("below_minimum", None, None, None),
            CacheOutcome::Observed { hit_rate } => ("observed", None, hit_rate.map(Exact), None),
            CacheOutcome::On {
                ttl,
                hit_rate,
                auto,
            } => ("on", Some(*ttl), Some(Exact(*hit_rate)), *auto),
        };
        let mut st = s.serialize_struct("CacheOutcome", 7)?;
        st.serialize_field("cache", cache)?;
        st.serialize_field(
            "cache_minimum_tokens",
            &match self {
                CacheOutcome::BelowMinimum { minimum } => Some(*minimum),
                _ => None,
            },
        )?;
        st.serialize_field("cache_ttl", &ttl)?;
        st.serialize_field("hit_rate", &hit)?;
        st.serialize_field("hit_rate_auto", &auto.is_some())?;
        st.serialize_field(
            "requests_per_minute_per_prefix",
            &auto.map(|a| Exact(a.per_minute)),
        )?;
        st.serialize_field(
            "cold_window_minutes",
            &auto.and_then(|a| a.cold_window_minutes).map(Exact),
        )?;
        st.end()
    }
}

/// The inputs of an `auto` hit rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoHitRate {
    /// Requests per active minute per prefix variant (λ).
    pub per_minute: Decimal,
    /// Active minutes a day (H), when the cache expires between active periods and each day
    /// starts cold.
    pub cold_window_minutes: Option<Decimal>,
}

/// How a part's prompts meet the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The prefix is read from the cache.
    Hit,
    /// The prefix is written to the cache.
    Miss,
    /// No caching: the prefix is plain input.
    Uncached,
    /// Tokens by class as observed (`tokens_per_request`, `tokens_per_day`): each request's
    /// mix of cache reads, writes and input as the traffic had it.
    Observed,
}

/// A quote for a share of a row's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Through the Batch API.
    pub batch: bool,
    /// Cache hit, miss or uncached.
    pub shape: Shape,
    /// The quote (its `requests` is this part's share of the row's requests).
    pub quote: Quote,
}

impl Part {
    /// `real-time, cache hit`, `batch, uncached`…
    pub fn label(&self) -> &'static str {
        match (self.batch, self.shape) {
            (false, Shape::Hit) => "real-time, cache hit",
            (false, Shape::Miss) => "real-time, cache miss",
            (false, Shape::Uncached) => "real-time, uncached",
            (true, Shape::Hit) => "batch, cache hit",
            (true, Shape::Miss) => "batch, cache miss",
            (true, Shape::Uncached) => "batch, uncached",
            (false, Shape::Observed) => "real-time, observed mix",
            (true, Shape::Observed) => "batch, observed mix",
        }
    }
}

impl Serialize for Part {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Part", 4)?;
        st.serialize_field("label", self.label())?;
        st.serialize_field("requests", &Exact(self.quote.requests))?;
        st.serialize_field("total_usd", &Exact(self.quote.total))?;
        st.serialize_field("lines", &self.quote.lines)?;
        st.end()
    }
}

/// A billing class: 5-minute and 1-hour writes are one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Uncached input.
    Input,
    /// Cache writes (both TTLs).
    CacheWrite,
    /// Cache reads.
    CacheRead,
    /// Output.
    Output,
    /// Web searches.
    WebSearch,
}

impl Class {
    /// All classes, in bill order.
    pub const ALL: [Class; 5] = [
        Class::Input,
        Class::CacheWrite,
        Class::CacheRead,
        Class::Output,
        Class::WebSearch,
    ];

    /// Machine name (`cache_write`).
    pub fn key(self) -> &'static str {
        match self {
            Class::Input => "input",
            Class::CacheWrite => "cache_write",
            Class::CacheRead => "cache_read",
            Class::Output => "output",
            Class::WebSearch => "web_search",
        }
    }

    /// Human name (`cache write`).
    pub fn label(self) -> &'static str {
        match self {
            Class::Input => "input",
            Class::CacheWrite => "cache write",
            Class::CacheRead => "cache read",
            Class::Output => "output",
            Class::WebSearch => "web search",
        }
    }

    /// Whether the class counts searches rather than tokens.
    pub fn is_searches(self) -> bool {
        self == Class::WebSearch
    }

    /// The units its average rate is quoted per: a million tokens, or a thousand searches.
    pub fn rate_unit(self) -> Decimal {
        if self.is_searches() {
            Item::WebSearch.rate_unit()
        } else {
            Item::Input.rate_unit()
        }
    }

    fn of(item: Item) -> Class {
        match item {
            Item::Input => Class::Input,
            Item::CacheWrite5m | Item::CacheWrite1h => Class::CacheWrite,
            Item::CacheRead => Class::CacheRead,
            Item::Output => Class::Output,
            Item::WebSearch => Class::WebSearch,
        }
    }
}

/// Tokens (or searches) and cost of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassTotal {
    /// Tokens, or searches for web search.
    pub quantity: Decimal,
    /// USD, exact.
    pub cost: Decimal,
    /// The class's share of the total it is part of (`None` when that total is zero).
    pub share: Option<Decimal>,
}

impl ClassTotal {
    /// The average rate paid: cost ÷ quantity per rate unit (`None` for no quantity).
    pub fn average_rate(&self, class: Class) -> Option<Decimal> {
        self.cost
            .checked_div(self.quantity)
            .and_then(|r| r.checked_mul(class.rate_unit()))
            .filter(|_| !self.quantity.is_zero())
    }
}

/// Totals by billing class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes([ClassTotal; 5]);

impl Classes {
    /// The total of one class.
    pub fn get(&self, class: Class) -> ClassTotal {
        self.0[class as usize]
    }

    /// `(class, total)` for each class, in bill order.
    pub fn iter(&self) -> impl Iterator<Item = (Class, ClassTotal)> + '_ {
        Class::ALL.into_iter().map(|c| (c, self.get(c)))
    }

    pub(crate) fn add_quote(&mut self, quote: &Quote) -> Result<()> {
        for line in &quote.lines {
            let slot = &mut self.0[Class::of(line.item) as usize];
            slot.quantity = add(slot.quantity, line.quantity, "class totals")?;
            slot.cost = add(slot.cost, line.cost, "class totals")?;
        }
        Ok(())
    }

    pub(crate) fn add_classes(&mut self, other: &Classes) -> Result<()> {
        for (slot, theirs) in self.0.iter_mut().zip(other.0) {
            slot.quantity = add(slot.quantity, theirs.quantity, "class totals")?;
            slot.cost = add(slot.cost, theirs.cost, "class totals")?;
        }
        Ok(())
    }

    /// Sets each class's share of `total`.
    pub(crate) fn set_shares(&mut self, total: Decimal) {
        for slot in &mut self.0 {
            slot.share = slot.cost.checked_div(total).filter(|_| !total.is_zero());
        }
    }
}

impl Serialize for Classes {
    /// `[{"class", "tokens" | "searches", "cost_usd", "share_of_total"}]`.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry {
            class: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            tokens: Option<Exact>,
            #[serde(skip_serializing_if = "Option::is_none")]
            searches: Option<Exact>,
            cost_usd: Exact,
            share_of_total: Option<Exact>,
        }
        let mut seq = s.serialize_seq(Some(5))?;
        for (class, t) in self.iter() {
            let quantity = Some(Exact(t.quantity));
            seq.serialize_element(&Entry {
                class: class.key(),
                tokens: quantity.filter(|_| !class.is_searches()),
                searches: quantity.filter(|_| class.is_searches()),
                cost_usd: Exact(t.cost),
                share_of_total: t.share.map(Exact),
            })?;
        }
        seq.end()
    }
}

/// Which per-request count of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenRole {
    /// The static prefix.
    System,
    /// The changing part of the prompt.
    User,
    /// The output.
    Output,
}

/// How one of a row's per-request counts was made, when it was not a number in the model's own
/// tokenizer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measured {
    /// Which count.
    pub role: TokenRole,
    /// The model's tokenizer family.
    pub tokenizer: String,
    /// The count used, with its range.
    pub tokens: Range,
    /// Where it comes from.
    #[serde(flatten)]
    pub from: MeasuredFrom,
}

/// The origin of a measured count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum MeasuredFrom {
    /// Counted in sample files in the base encoding, converted with the tokenizer's content
    /// factors (a tokenizer without a reconstructed vocabulary).
    Text {
        /// The file or glob as written.
        pattern: String,
        /// Files matched.
        files: usize,
        /// Mean base-encoding tokens per file.
        #[serde(with = "crate::money::exact")]
        base_mean: Decimal,
        /// Fewest base tokens in a file.
        base_min: u64,
        /// Most base tokens in a file.
        base_max: u64,
    },
    /// Counted in sample files with the model's Claude vocabulary.
    Counted {
        /// The file or glob as written.
        pattern: String,
        /// Files matched.
        files: usize,
        /// The reconstructed family that counted them.
        family: crate::tokens::claude::Family,
        /// Mean content tokens per file.
        #[serde(with = "crate::money::exact")]
        mean: Decimal,
        /// Fewest content tokens in a file.
        min: u64,
        /// Most content tokens in a file.
        max: u64,
        /// Message frame tokens added per request (a user message's; 0 otherwise).
        frame: u64,
    },
    /// A number given in another model's tokenizer, converted.
    Converted {
        /// The count as given.
        #[serde(with = "crate::money::exact")]
        count: Decimal,
        /// The model it was measured on.
        measured_on: String,
        /// That model's tokenizer.
        from_tokenizer: String,
        /// The conversion factor.
        factor: Range,
    },
}
