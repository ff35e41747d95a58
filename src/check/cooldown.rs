//! `cooldown`: a front-matter date (`last-contact:`) must be at least N days
//! before today.

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::draft::Field;
use crate::rule::{Cooldown, Rule};

use super::Context;

/// Reads `2026-11-20` (a time after the date, as in `2026-11-20T21:00`, is
/// allowed and ignored).
pub fn parse_date(value: &str) -> Option<Date> {
    let value = value.trim();
    let date = value.get(..10).unwrap_or(value);
    date.parse().ok()
}

pub fn check(ctx: &Context, rule: &Rule, cooldown: &Cooldown, out: &mut Vec<Diagnostic>) {
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
