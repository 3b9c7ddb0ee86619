//! The progress bar of long counts (`tokens`, `batch-file`): drawn on stderr only when it is a
//! terminal and the count has taken more than a second.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::tokens::progress::Progress;

/// How long a count runs before its bar appears: quick counts never flash one.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// An indicatif bar, hidden until [`SHOW_AFTER`].
pub(super) struct Bar {
    bar: indicatif::ProgressBar,
    started: Instant,
    shown: AtomicBool,
    terminal: bool,
}

impl Bar {
    /// A bar for a count; `terminal` says whether stderr is one.
    pub(super) fn new(terminal: bool) -> Bar {
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "counting {bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        Bar {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            terminal,
        }
    }
}

impl Progress for Bar {
    fn start(&self, total_bytes: u64) {
        self.bar.set_length(total_bytes);
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        if self.terminal
            && self.started.elapsed() > SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
