//! draftlint: a linter for message drafts, with a language server.
//!
//! This crate holds the front ends: the command line (the binary's `cli`)
//! and the language server ([`lsp`]), and writing files safely
//! ([`atomic`]). What a finding is, and everything that decides it, is the
//! engine in `draftlint-core`, re-exported here whole so that
//! `draftlint::rule`, `draftlint::Linter` and the rest read as one library.

#![warn(missing_docs)]

pub use draftlint_core::*;

pub mod atomic;
pub mod lsp;
