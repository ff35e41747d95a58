//! draftlint-core: the engine of draftlint, a linter for message drafts.
//!
//! Everything that decides what a finding is: drafts, rules and their packs,
//! configs, the matcher, the checks, fixes and rule documentation. It reads
//! only the rule, class and config files it is pointed at and writes
//! nothing; the command line and the language server (the `draftlint`
//! crate) read drafts, write output and edit files.
//!
//! Data flows one way:
//!
//! ```text
//! text --Draft::parse--> Draft --Linter::lint--> Vec<Diagnostic> --> CLI output / LSP
//! ```
//!
//! * [`draft`] parses a draft once: front matter, Markdown masking, sentences.
//! * [`rule`] reads rule files (TOML) into validated [`rule::Rule`]s, with
//!   `path:line:column` errors; the built-in packs (`gentle`, `coparenting`,
//!   `workplace`) are embedded.
//! * [`config`] finds and reads `draftlint.toml`.
//! * [`linter`] compiles every rule once ([`matcher`]) and runs each rule's
//!   check ([`rule::kind`]), producing [`Diagnostic`]s with exact byte spans and [`fix::Fix`]es.
//! * [`checklist`] turns a draft's diagnostics into its packs' checklist.
//! * [`examples`] runs the examples inside rule files as tests.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// A file of the repository's `schemas/` or `data/`, embedded. build.rs says
/// where they are (`DRAFTLINT_ASSETS`): the crate's own links to them, or
/// the top of the repository where a checkout has no links.
macro_rules! asset {
    ($path:literal) => {
        include_str!(concat!(env!("DRAFTLINT_ASSETS"), "/", $path))
    };
}

pub mod bounded;
pub mod checklist;
pub mod config;
pub mod diagnostic;
pub mod docs;
pub mod draft;
pub mod error;
pub mod examples;
pub mod expr;
pub mod fix;
pub mod line_index;
pub mod linter;
pub mod literals;
pub mod matcher;
pub mod parallel;
pub mod pattern;
mod pooled;
pub mod rule;
pub mod ruleset;
pub mod schema;
pub mod stop;
pub mod suggest;
mod swar;
pub mod template;
#[cfg(test)]
mod testing;
pub mod text;
pub mod words;

pub use diagnostic::{Diagnostic, Level};
pub use draft::{Draft, Format};
pub use error::{Error, Located};
pub use linter::{LintOptions, Linter};
pub use stop::{Stop, Stopped};

/// Drafts larger than this are refused: a message this long is not a message,
/// and refusing keeps editors and scripts responsive on accidental input.
pub const MAX_DRAFT_BYTES: usize = 8 * 1024 * 1024;
