//! Work on every core, results in the order of the work.
//!
//! `check` lints drafts on as many threads as there are cores and writes
//! each draft's output as soon as it and every draft before it are done.
//! Only a few finished drafts wait for a slow one ([`AHEAD`] per thread),
//! so a run over thousands of drafts keeps a handful in memory, not all.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// How many items each thread may finish beyond the first one not yet
/// consumed.
const AHEAD: usize = 2;

/// Runs `work` on every item on all cores, and hands `consume` the results
/// as an iterator in the items' order, while later items are still being
/// worked on. What `consume` returns is returned.
pub fn in_order<T: Sync, R: Send, O>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    consume: impl FnOnce(&mut dyn Iterator<Item = R>) -> O,
) -> O {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return consume(&mut items.iter().map(work));
    }
    let window = threads * AHEAD;
    let next = AtomicUsize::new(0);
    // The number of results consumed so far; `usize::MAX` once the consumer
    // is gone, which frees every thread waiting on it.
    let consumed = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|scope| {
        let (done, results) = mpsc::channel();
        for _ in 0..threads {
            let done = done.clone();
            let (work, next, consumed) = (&work, &next, &consumed);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let (count, wake) = consumed;
                    let mut count = count.lock().unwrap_or_else(|p| p.into_inner());
                    while i >= count.saturating_add(window) {
                        count = wake.wait(count).unwrap_or_else(|p| p.into_inner());
                    }
                    let gone = *count == usize::MAX;
                    drop(count);
                    if gone || done.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut ordered = Ordered {
            results,
            early: BTreeMap::new(),
            next: 0,
            consumed: &consumed,
        };
        consume(&mut ordered)
    })
}

/// The results, put back in order.
struct Ordered<'a, R> {
    results: mpsc::Receiver<(usize, R)>,
    /// Results that came before their turn.
    early: BTreeMap<usize, R>,
    next: usize,
    consumed: &'a (Mutex<usize>, Condvar),
}

impl<R> Ordered<'_, R> {
    fn set_consumed(&self, count: usize) {
        let (consumed, wake) = self.consumed;
        *consumed.lock().unwrap_or_else(|p| p.into_inner()) = count;
        wake.notify_all();
    }
}

impl<R> Iterator for Ordered<'_, R> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        let result = loop {
            if let Some(result) = self.early.remove(&self.next) {
                break result;
            }
            // Every thread gone before this item came: one of them panicked
            // (the scope passes the panic on) or there are no more items.
            let (i, result) = self.results.recv().ok()?;
            if i == self.next {
                break result;
            }
            self.early.insert(i, result);
        };
        self.next += 1;
        self.set_consumed(self.next);
        Some(result)
    }
}

impl<R> Drop for Ordered<'_, R> {
    fn drop(&mut self) {
        self.set_consumed(usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order_however_long_each_takes() {
        let items: Vec<u64> = (0..200).collect();
        let seen = in_order(
            &items,
            |&i| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i * 2
            },
            |results| results.collect::<Vec<_>>(),
        );
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_consumer_that_stops_early_lets_the_threads_end() {
        let items: Vec<u32> = (0..1000).collect();
        let worked = AtomicUsize::new(0);
        let first = in_order(
            &items,
            |&i| {
                worked.fetch_add(1, Ordering::Relaxed);
                i
            },
            |results| results.take(3).collect::<Vec<_>>(),
        );
        assert_eq!(first, [0, 1, 2]);
        // Threads ran ahead by their window at most, not through all items.
        assert!(worked.load(Ordering::Relaxed) < 100);
    }
}
