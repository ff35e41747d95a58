//! The checks, one module per kind of rule. Each turns a rule, the draft and
//! the matcher's hits for that rule into diagnostics.

pub mod avoid;
pub mod cooldown;
pub mod limit;
pub mod require;

use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::draft::Draft;
use crate::fix::Fix;
use crate::rule::Rule;
use crate::stop::Stop;
use crate::template;

/// What every check may look at besides its rule.
pub struct Context<'d, 'a> {
    pub draft: &'d Draft<'a>,
    /// "Today" for cooldowns: `--today` or the draft's `date:`; `None`
    /// means the clock, read only when a cooldown needs it.
    pub today: Option<Date>,
    /// Where the matches of `require` rules that insert at the end start:
    /// a proposal of a time near the end is part of the draft's close.
    /// Sorted.
    pub closers: Vec<usize>,
    /// Where the matches of `require` rules for the opening start (with
    /// `in-first`, or inserting at the start): the opening is no close.
    /// Sorted.
    pub openers: Vec<usize>,
    /// When to give up: checks look at it every [`Stop::EVERY`] items.
    pub stop: &'d Stop,
}

impl<'d, 'a> Context<'d, 'a> {
    pub fn new(draft: &'d Draft<'a>, today: Option<Date>, stop: &'d Stop) -> Self {
        Context {
            draft,
            today,
            stop,
            closers: Vec::new(),
            openers: Vec::new(),
        }
    }

    /// Renders a template with the check's `vars`, then front-matter fields.
    pub fn render(&self, template: &str, vars: &[(&str, &str)]) -> String {
        template::render(template, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .or_else(|| self.draft.front.get(name).map(String::from))
        })
    }

    /// A diagnostic of `rule` at `span` with `message` rendered from `vars`.
    pub fn report(
        &self,
        rule: &Rule,
        span: Range<usize>,
        template: &str,
        vars: &[(&str, &str)],
        fixes: Vec<Fix>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.id.clone(),
            level: rule.level,
            span,
            message: self.render(template, vars),
            fixes,
        }
    }
}
