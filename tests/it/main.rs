//! The integration tests, in one binary: one link instead of one per file,
//! and the slow ones (the language server, Neovim, the CLI) run side by
//! side. `cargo test --test it neovim::` runs one file's tests.

mod cli;
mod client;
mod common;
mod docs;
mod fuzz;
mod lsp;
mod neovim;
mod pack;
mod packs;
#[path = "../support/rng.rs"]
mod rng;
mod rule_errors;
mod schema;
mod unicode;
