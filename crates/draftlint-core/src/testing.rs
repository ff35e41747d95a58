//! Helpers for unit tests: one small random generator, seeded, so that
//! randomized tests see the same inputs in every run.

/// xorshift64: fast, and good enough to vary test inputs.
pub(crate) struct Xorshift(pub u64);

impl Xorshift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
