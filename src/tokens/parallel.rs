//! Counting on a local thread pool while the calling thread reads: the one place the token
//! commands start threads.
//!
//! The reader hands work items to a bounded queue and the pool's threads take them as they come
//! free (rayon's `par_bridge` over the queue), so at most `queue` items wait and one more per
//! thread is being worked on, however large the input. Results come back in the order they are
//! finished; callers tag items (a chunk's file, a batch's sequence number) to put them in order.
//!
//! The pool is built for the call with the requested number of threads rather than taken from
//! rayon's global pool, so `--jobs` means what it says and the threads (and their encoders,
//! `count::cl100k_tokens_own`) go away when counting ends.

use std::sync::mpsc::{Receiver, SyncSender, TryIter, channel, sync_channel};

use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::error::{Error, Result};

/// The reader's side: where work goes in and finished results come out.
pub struct Lanes<W, R> {
    work: SyncSender<W>,
    done: Receiver<R>,
}

impl<W, R> Lanes<W, R> {
    /// Queues `item`, waiting while the queue is full.
    pub fn send(&self, item: W) {
        // Fails only once the workers are gone, which happens only if one panicked; the end of
        // the scope then carries that panic, so the item is not needed.
        let _ = self.work.send(item);
    }

    /// The results finished so far.
    pub fn ready(&self) -> TryIter<'_, R> {
        self.done.try_iter()
    }
}

/// Runs `feed` on this thread while `threads` threads apply `work` to the items it sends, with
/// at most `queue` items waiting. Returns what `feed` returned and the results that `feed` did
/// not take with [`Lanes::ready`].
pub fn run<W, R, T>(
    threads: usize,
    queue: usize,
    work: impl Fn(W) -> R + Sync,
    feed: impl FnOnce(&Lanes<W, R>) -> T,
) -> Result<(T, Vec<R>)>
where
    W: Send,
    R: Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .thread_name(|i| format!("burnrate-count-{i}"))
        .build()
        .map_err(|e| Error::System(format!("cannot start {threads} counting threads: {e}")))?;
    let (work_tx, work_rx) = sync_channel::<W>(queue);
    let (done_tx, done_rx) = channel::<R>();
    let work = &work;
    let (fed, done) = pool.in_place_scope(|scope| {
        scope.spawn(move |_| {
            work_rx
                .into_iter()
                .par_bridge()
                .for_each_with(done_tx, |tx, item| {
                    // The receiver outlives the scope, so this cannot fail.
                    let _ = tx.send(work(item));
                });
        });
        let lanes = Lanes {
            work: work_tx,
            done: done_rx,
        };
        let fed = feed(&lanes);
        // Closing the queue lets the workers finish, which the scope waits for.
        let Lanes { work, done } = lanes;
        drop(work);
        (fed, done)
    });
    Ok((fed, done.try_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_worked_once_whatever_the_thread_count() {
        for threads in [1, 2, 5] {
            let (sent, mut results) = run(
                threads,
                2,
                |n: u64| (n, n * n),
                |lanes| {
                    let mut early = Vec::new();
                    for n in 0..1000 {
                        lanes.send(n);
                        early.extend(lanes.ready());
                    }
                    early
                },
            )
            .unwrap();
            results.extend(sent);
            results.sort();
            assert_eq!(results.len(), 1000, "{threads} threads");
            assert!(results.iter().all(|&(n, sq)| sq == n * n));
            assert_eq!(results[999], (999, 998_001));
        }
    }

    #[test]
    fn the_queue_bounds_the_items_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let live = AtomicUsize::new(0);
        let (most, _) = run(
            2,
            3,
            |_: ()| {
                live.fetch_sub(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(200));
            },
            |lanes| {
                let mut most = 0;
                for _ in 0..200 {
                    // Counted as live from just before it is queued until a worker takes it.
                    most = most.max(live.fetch_add(1, Ordering::SeqCst) + 1);
                    lanes.send(());
                }
                most
            },
        )
        .unwrap();
        // Waiting in the queue (3), plus one each worker has taken but not yet started on, plus
        // the one being sent.
        assert!(most <= 3 + 2 + 1, "{most} items in flight");
    }
}
