//! Progress of a long count, reported to the caller: the library draws nothing; the command line
//! turns it into a progress bar.

/// Receives the progress of a count over bytes. Called from the reading thread.
pub trait Progress: Sync {
    /// The count starts; `total_bytes` is known in advance for files (0 for a stream).
    fn start(&self, _total_bytes: u64) {}

    /// `bytes` more have been read.
    fn advance(&self, bytes: u64);

    /// The count is over.
    fn finish(&self) {}
}

/// No progress reporting.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn advance(&self, _bytes: u64) {}
}
