//! Start-up work shared by the cores: parsing the pack's rule files and
//! analysing its regexes are independent item by item, and were most of the
//! time a one-draft `draftlint check` took.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most threads start-up takes, however many cores there are: beyond
/// a few, spawning costs more than the items left to share.
const THREADS: usize = 4;

/// `items.map(work)`, in the order of `items`, on as many threads as there
/// are cores (up to [`THREADS`]). Each thread takes the next item not yet
/// taken, so a few big items do not leave the others idle; put the biggest
/// first. A panic in `work` reaches the caller, as it would without threads.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(THREADS)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::with_capacity(items.len()));
    let take = || {
        let mut mine = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(at) else { break };
            mine.push((at, work(item)));
        }
        done.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(take);
        }
        take();
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_unstable_by_key(|(at, _)| *at);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = map(&items, |&n| {
            // Uneven work, so threads finish out of order.
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], |_| 0).is_empty());
    }
}
