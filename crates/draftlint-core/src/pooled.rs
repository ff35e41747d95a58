//! A lazy DFA shared by threads, each with its own cache.

use std::sync::Arc;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::util::pool::{Pool, PoolGuard};

type NewCache =
    Box<dyn Fn() -> Cache + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

/// A lazy DFA and a pool of caches for it: a search takes a cache from the
/// pool (the thread that made the DFA gets its own without a lock).
pub struct Pooled {
    pub dfa: Arc<DFA>,
    caches: Pool<Cache, NewCache>,
}

impl Pooled {
    pub fn new(dfa: DFA) -> Pooled {
        let dfa = Arc::new(dfa);
        let for_cache = Arc::clone(&dfa);
        let new_cache: NewCache = Box::new(move || for_cache.create_cache());
        Pooled {
            dfa,
            caches: Pool::new(new_cache),
        }
    }

    /// A cache for one search.
    pub fn cache(&self) -> PoolGuard<'_, Cache, NewCache> {
        self.caches.get()
    }
}

impl std::fmt::Debug for Pooled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pooled").finish_non_exhaustive()
    }
}
