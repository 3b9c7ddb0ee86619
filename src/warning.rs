//! What a result wants the user to know without stopping the calculation: typed, with the data
//! that explains it. The words are the report layer's (`report::warning`); JSON carries each
//! warning as `{"kind": …, <fields>, "message": …}`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::pricing::Status;

/// Which row of a workload a warning is about: a task, or the escalated share of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The task's name.
    pub task: String,
    /// For an escalation row, the model the share is re-run on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalation_to: Option<String>,
}

/// A workload row whose cached prefix is under a model's minimum cacheable length, so it is
/// not cached there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BelowCacheMinimum {
    /// The row.
    #[serde(flatten)]
    pub row: Row,
    /// The model.
    pub model: String,
    /// Prefix tokens per request.
    #[serde(with = "crate::money::exact")]
    pub prefix_tokens: Decimal,
    /// The model's minimum.
    pub minimum: u64,
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// No public source confirms the model's API id.
    UnconfirmedId {
        /// The model.
        model: String,
    },
    /// A billed item's rate is 0: the pricing table (usually an override) prices it free.
    ZeroRate {
        /// The model.
        model: String,
        /// The item (`input`, `output`, `cache read`…).
        item: String,
    },
    /// The model is priced on a day before its release (a what-if on past traffic): at the
    /// first rates the table has for it, which were not in force that day.
    NotYetReleased {
        /// The model.
        model: String,
        /// Its release date, at the precision the pricing table gives.
        released: String,
        /// The day priced.
        as_of: String,
    },
    /// The model is retired, deprecated or restricted.
    ModelStatus {
        /// The model.
        model: String,
        /// Its status.
        status: Status,
        /// The table's note on it.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Fast mode was requested on a model whose fast mode was removed, and the API runs such
    /// requests at standard speed: they are priced at standard rates.
    FastBilledAsStandard {
        /// The model.
        model: String,
        /// Since when fast mode is gone, where the pricing table says.
        #[serde(skip_serializing_if = "Option::is_none")]
        since: Option<String>,
    },
    /// The estimated period crosses dated changes of a model's facts: each day of the period is
    /// priced at the rates in force that day.
    PricesChangeInPeriod {
        /// The model.
        model: String,
        /// The first day of the period (the table's as-of day).
        start: String,
        /// Days in the period.
        #[serde(with = "crate::money::exact")]
        days: Decimal,
        /// The change dates inside the period.
        changes: Vec<String>,
    },
    /// The request fits only the model's beta context window.
    BetaContextWindow {
        /// The model.
        model: String,
        /// Prompt + output tokens per request.
        #[serde(with = "crate::money::exact")]
        tokens: Decimal,
        /// The standard window.
        window: u64,
        /// The beta window.
        beta_window: u64,
    },
    /// A prompt-length tier priced every token of a row's requests.
    TierApplied {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The model.
        model: String,
        /// Prompt tokens per request.
        #[serde(with = "crate::money::exact")]
        prompt_tokens: Decimal,
        /// The tier's threshold.
        above: u64,
    },
    /// The cached prefix is below the model's minimum cacheable length.
    PrefixBelowCacheMinimum(BelowCacheMinimum),
    /// The prefix meets the documented cache minimum but not the one observed in practice.
    PrefixBelowObservedCacheMinimum {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The model.
        model: String,
        /// Prefix tokens per request.
        #[serde(with = "crate::money::exact")]
        prefix_tokens: Decimal,
        /// The documented minimum.
        documented: u64,
        /// The observed minimum.
        observed: u64,
    },
    /// The model publishes no minimum cacheable length; the prefix was assumed cacheable.
    CacheMinimumUnpublished {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The model.
        model: String,
    },
    /// At this traffic the cache costs more than it saves.
    CacheNotWorthIt {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The row's cost with the cache.
        #[serde(with = "crate::money::exact")]
        with_cache_usd: Decimal,
        /// The row's cost without it.
        #[serde(with = "crate::money::exact")]
        without_cache_usd: Decimal,
        /// The hit rate used.
        #[serde(with = "crate::money::exact")]
        hit_rate: Decimal,
    },
    /// The Batch API saves little over the period.
    SmallBatchSaving {
        /// The row.
        #[serde(flatten)]
        row: Row,
        /// The saving over the period.
        #[serde(with = "crate::money::exact")]
        saving_usd: Decimal,
    },
    /// A text has more tokens than the model's context window.
    TextOverContextWindow {
        /// The text's path.
        path: String,
        /// Its estimated tokens.
        #[serde(with = "crate::money::exact")]
        tokens: Decimal,
        /// The model.
        model: String,
        /// The model's context window.
        window: u64,
    },
    /// A file found in a folder or glob was passed over.
    Skipped {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// A total exceeds its budget.
    OverBudget {
        /// Whether this is the bill after a migration.
        after_change: bool,
        /// The total.
        #[serde(with = "crate::money::exact")]
        total_usd: Decimal,
        /// The budget.
        #[serde(with = "crate::money::exact")]
        budget_usd: Decimal,
    },
    /// A Message Batches line holds blocks that carry no text to count.
    UncountedBlocks {
        /// The line.
        line: usize,
        /// The block type (`image`, `document`).
        block: String,
    },
    /// A batch request's breakpoint ends a prefix shorter than the model's cache minimum: the
    /// API does not cache it, so it is billed as input.
    BatchPrefixBelowMinimum {
        /// The line.
        line: usize,
        /// The model.
        model: String,
        /// Prefix tokens.
        #[serde(with = "crate::money::exact")]
        tokens: Decimal,
        /// The model's minimum.
        minimum: u64,
    },
    /// A `cache_control` on a block inside a `tool_result` was not taken as a breakpoint (the
    /// tool result's own `cache_control` is).
    BreakpointInToolResult {
        /// The line.
        line: usize,
    },
    /// Some lines of a Message Batches file could not be priced.
    UnpricedLines {
        /// Lines left out.
        failed: u64,
        /// Requests in the file.
        requests: u64,
    },
    /// A usage export that does not break down a dimension of price, so its value was assumed.
    UsageAssumed {
        /// The export's field (`service_tier`).
        dimension: &'static str,
        /// The value priced (`standard`).
        assumed: &'static str,
    },
    /// Priority Tier usage, shown at standard list rates (it is billed by commitment).
    PriorityAtList {
        /// The model.
        model: String,
    },
    /// Usage whose prompt lengths the export does not give finely enough to tell a
    /// prompt-length tier: priced below it, with the tier's rates as the high end of the range.
    TierUnknown {
        /// The model.
        model: String,
        /// The tier's threshold in prompt tokens.
        above: u64,
    },
    /// The input held no usage records: the report's $0 is what was read, not a bill.
    NoUsage,
    /// Records read twice (the same bucket in two pages or files), counted once.
    DuplicateUsage {
        /// Records left out as duplicates.
        records: u64,
    },
    /// Message Batches results that are not billed (errored, canceled, expired), counted.
    NotBilled {
        /// `errored`, `canceled` or `expired`.
        result: String,
        /// How many.
        requests: u64,
    },
    /// Requests whose source gives no time, priced at the rates of a chosen day.
    Undated {
        /// How many.
        requests: u64,
        /// The day (`YYYY-MM-DD`).
        date: String,
    },
    /// A line of a per-request log that could not be read: left out of the totals.
    UnreadLine {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// Records of a model the pricing table does not know, left out on request.
    UnknownModelSkipped {
        /// The model as the export names it.
        model: String,
        /// Records left out.
        records: u64,
    },
}
