//! Helpers for unit tests: the one seeded generator of the project, shared
//! with the fuzz tests and the benchmark, so that randomized tests see the
//! same inputs in every run.

#[path = "../../../tests/support/rng.rs"]
mod rng;

pub(crate) use rng::Rng;
