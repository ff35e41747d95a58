//! `cooldown`: a front-matter date (`last-contact:`) must be at least N days
//! before today.

use std::ops::Range;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use super::{Context, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::draft::Field;
use crate::matcher::{Hit, Matcher};
use crate::rule::reader::Reader;
use crate::rule::{Params, Rule};

/// A `cooldown` rule.
#[derive(Clone, Debug)]
pub struct Cooldown {
    /// The front-matter field holding the date of last contact.
    pub field: String,
    /// The days that must have passed since that date.
    pub days: u32,
}

/// The keys of a `cooldown` rule.
#[derive(Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// `cooldown` rules: the front-matter field with the date (`YYYY-MM-DD`) to count from.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    field: Option<Spanned<String>>,
    /// `cooldown` rules: the days that must have passed since that date.
    #[cfg_attr(test, schemars(with = "Option<u32>"))]
    days: Option<Spanned<u32>>,
}

const IMPOSSIBLE: &str = "impossible cooldown: `days` must be at least 1";

impl RuleKind for Cooldown {
    type Keys = Keys;
    const NAME: &'static str = "cooldown";
    const KEYS: &'static [&'static str] = &["field", "days"];
    const PARAMS: &'static [&'static str] = &["days"];
    const ALWAYS: bool = true;

    fn read(keys: Keys, reader: &mut Reader, kind: Range<usize>) -> Cooldown {
        let days = match &keys.days {
            Some(days) if *days.get_ref() == 0 => {
                reader.at(days.span(), IMPOSSIBLE);
                0
            }
            Some(days) => *days.get_ref(),
            None => {
                reader.at(kind, "a `cooldown` rule needs `days`");
                0
            }
        };
        Cooldown {
            field: keys
                .field
                .as_ref()
                .map_or_else(|| "last-contact".to_string(), |f| f.get_ref().clone()),
            days,
        }
    }

    fn apply(&mut self, params: &Params) -> Result<(), String> {
        match params.days {
            Some(0) => Err(IMPOSSIBLE.into()),
            Some(days) => {
                self.days = days;
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn fields(&self) -> Vec<String> {
        vec![self.field.to_lowercase()]
    }

    fn summary(&self) -> String {
        format!(
            "Asks for at least {} days since the front-matter date `{}`.",
            self.days, self.field
        )
    }

    fn setting(&self, name: &str) -> Option<String> {
        (name == "days").then(|| self.days.to_string())
    }

    fn check(&self, ctx: &Context, rule: &Rule, _: &[Hit], _: &Matcher, out: &mut Vec<Diagnostic>) {
        check(ctx, rule, self, out);
    }
}

/// Reads `2026-11-20` (a time after the date, as in `2026-11-20T21:00`, is
/// allowed and ignored).
pub fn parse_date(value: &str) -> Option<Date> {
    let value = value.trim();
    let date = value.get(..10).unwrap_or(value);
    date.parse().ok()
}

fn check(ctx: &Context, rule: &Rule, cooldown: &Cooldown, out: &mut Vec<Diagnostic>) {
    let Some(Field { value, span, .. }) =
        ctx.draft.front.fields.get(&cooldown.field.to_lowercase())
    else {
        return;
    };
    let Some(last) = parse_date(value) else {
        out.push(Diagnostic {
            rule: rule.id.clone(),
            level: rule.level,
            span: span.clone(),
            message: format!(
                "`{}: {value}` is not a date (write YYYY-MM-DD)",
                cooldown.field
            ),
            fixes: Vec::new(),
        });
        return;
    };
    let today = ctx.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let elapsed = i64::from(today.since(last).map(|s| s.get_days()).unwrap_or(0));
    if elapsed < 0 {
        out.push(ctx.report(
            rule,
            span.clone(),
            "`{field}: {value}` is after today ({today}); is the date right?",
            &[
                ("field", &cooldown.field),
                ("value", value),
                ("today", &today.to_string()),
            ],
            Vec::new(),
        ));
        return;
    }
    if elapsed >= i64::from(cooldown.days) {
        return;
    }
    let ready = last
        .checked_add(jiff::Span::new().days(i64::from(cooldown.days)))
        .map(|d| d.to_string())
        .unwrap_or_default();
    let (days, elapsed_text, remaining) = (
        cooldown.days.to_string(),
        elapsed.to_string(),
        (i64::from(cooldown.days) - elapsed).to_string(),
    );
    out.push(ctx.report(
        rule,
        span.clone(),
        &rule.message,
        &[
            ("days", &days),
            ("elapsed", &elapsed_text),
            ("remaining", &remaining),
            ("ready", &ready),
        ],
        Vec::new(),
    ));
}
