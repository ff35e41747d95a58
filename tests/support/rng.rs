//! A small, fast generator (xorshift64*), seeded for repeatable runs: the
//! fuzz tests' inputs and the benchmark's extra rules and stand-in corpus.
//! Included with `#[path]` by `tests/it/fuzz.rs`, `bench/lint.rs` and the core
//! crate's unit tests (`crates/draftlint-core/src/testing.rs`).

pub struct Rng(pub u64);

#[allow(dead_code)] // Each includer uses its own part.
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}
