//! An arithmetic overflow while pricing a workload, placed at the task and field it most likely
//! came from, with the workload file's line. The arithmetic knows only what it was computing
//! ("the request rate"); the task and its numbers say where to look.

use rust_decimal::Decimal;

use super::schema::{Task, TokenSource, Workload};
use crate::error::Error;
use crate::yaml::Positions;

/// Where a workload was read from: its file name and the position of each value.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// The file, as the user named it.
    pub(crate) file: String,
    /// Where each value starts.
    pub(crate) positions: Positions,
}

/// The overflow computing `what` in task `i` of `w`, at the field that caused it.
pub(crate) fn in_task(w: &Workload, i: usize, what: &str) -> Error {
    let task = &w.tasks[i];
    let field = culprit(task, what);
    let message = format!(
        "tasks[{i}].{field} (task `{}`): arithmetic overflow while computing {what}: the amounts \
         are too large to price exactly",
        task.name
    );
    match &w.origin {
        Some(o) => o
            .positions
            .invalid(&o.file, &format!("tasks[{i}].{field}"), message),
        // A workload built in code has no lines; the task still names where to look.
        None => Error::InTask {
            task: task.name.clone(),
            source: Box::new(Error::Overflow(what.to_string())),
        },
    }
}

/// The overflow computing `what` over all the tasks of `w` together (each task priced alone).
pub(crate) fn in_tasks(w: &Workload, what: &str) -> Error {
    let message = format!(
        "tasks: arithmetic overflow while computing {what} of all {} tasks together (each \
         priced alone): the amounts are too large to price exactly",
        w.tasks.len()
    );
    match &w.origin {
        Some(o) => o.positions.invalid(&o.file, "tasks", message),
        None => Error::Overflow(what.to_string()),
    }
}

/// The field an overflow computing `what` in `task` comes from: the request rate for the rate,
/// else the task's largest number (an overflow needs a huge factor; ties go to the first).
fn culprit(task: &Task, what: &str) -> &'static str {
    let rate = if task.requests_per_day.is_some() {
        "requests_per_day"
    } else if task.requests_per_hour.is_some() {
        "requests_per_hour"
    } else {
        "requests_per_month"
    };
    if what == "the request rate" {
        return rate;
    }
    let count = |s: &TokenSource| match s {
        TokenSource::Count(n) => *n,
        TokenSource::Text(_) => Decimal::ZERO,
    };
    let rate_value = task
        .requests_per_day
        .or(task.requests_per_hour)
        .or(task.requests_per_month)
        .map_or(Decimal::ZERO, |c| c.0);
    let numbers = [
        (rate, rate_value),
        ("system_tokens", count(&task.tokens.system)),
        ("user_tokens", count(&task.tokens.user)),
        ("output_tokens", count(&task.tokens.output)),
        ("web_searches_per_request", task.web_searches_per_request.0),
        ("active_hours", task.active_hours.0),
    ];
    let mut best = numbers[0];
    for n in numbers {
        if n.1 > best.1 {
            best = n;
        }
    }
    best.0
}
