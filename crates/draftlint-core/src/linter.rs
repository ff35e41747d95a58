//! The linter: a compiled, immutable rule set that lints drafts.
//!
//! Build it once ([`Linter::new`]) and share it; [`Linter::lint`] takes
//! `&self`, so one linter serves any number of threads or documents.

use std::sync::Arc;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Level};
use crate::draft::Draft;
use crate::error::Error;
use crate::matcher::{Hit, Matcher, Role};
use crate::rule::Rule;
use crate::rule::kind::{Context, InsertAt, Kind, Within};
use crate::stop::{Stop, Stopped};

/// Options for one lint run.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Overrides "today" for cooldown rules (the draft's `date:` does too).
    pub today: Option<Date>,
}

/// What [`Linter::fix`] made of a draft.
#[derive(Debug)]
pub struct Fixed {
    /// The fixed text.
    pub text: String,
    /// How many fixes went in, over all passes.
    pub applied: usize,
    /// The findings left in `text`.
    pub diagnostics: Vec<Diagnostic>,
    /// A finding in the writer's words with no rewrite (a threat, an
    /// ultimatum) that kept the suggested sentences out: kind words around
    /// "answer me tonight or I'm done" make a mixed message, not a better one.
    pub held_by: Option<Diagnostic>,
}

/// The most passes [`Linter::fix`] makes. A pass leaves out a fix that
/// overlaps one it applies; the next pass, on the new text, takes it.
const FIX_PASSES: usize = 4;

/// The id of findings about the draft's own front matter.
pub const FRONT_MATTER: &str = "front-matter";

/// A compiled rule set: the enabled rules, and one matcher for all their
/// phrases and regexes.
#[derive(Debug)]
pub struct Linter {
    rules: Vec<Rule>,
    matcher: Matcher,
    /// Rules that run on every draft (all but `avoid`, which only runs when
    /// the matcher found something for it).
    always: Vec<usize>,
    /// The front-matter keys something reads (see [`front_matter_keys`]).
    keys: Vec<String>,
    /// The built-in packs whose rules apply to a draft that names none in
    /// its front matter (by default every pack of its rules).
    packs: Vec<Arc<str>>,
}

/// Front-matter keys draftlint itself reads, whatever the rules.
const OWN_KEYS: &[&str] = &["to", "date", "disable", "channel", "pack"];

/// Placeholders a check fills in, which are not front-matter keys.
const CHECK_PLACEHOLDERS: &[&str] = &["match", "count", "min", "max", "days", "elapsed"];

/// The front-matter keys the draft may set for `rules`: draftlint's own,
/// the fields of cooldown rules, and every placeholder of a message or
/// rewrite (`{to|them}` reads `to`).
fn front_matter_keys(rules: &[Rule]) -> Vec<String> {
    let mut templates: Vec<&str> = Vec::new();
    let mut keys: Vec<String> = OWN_KEYS.iter().map(|k| k.to_string()).collect();
    for rule in rules {
        templates.push(&rule.message);
        templates.extend(rule.kind.templates());
        keys.extend(rule.kind.fields());
    }
    keys.extend(
        templates
            .into_iter()
            .flat_map(crate::template::names)
            .filter(|name| !CHECK_PLACEHOLDERS.contains(&name.as_str()))
            .map(|name| name.to_lowercase()),
    );
    keys.sort();
    keys.dedup();
    keys
}

/// The pack names of a front-matter `pack:` value (`workplace`, or several:
/// `gentle, workplace`).
fn pack_names(value: &str) -> impl Iterator<Item = &str> {
    value
        .split([',', ' ', '[', ']'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Linter {
    /// Compiles the enabled rules of `rules`.
    pub fn new(rules: Vec<Rule>) -> Result<Linter, Error> {
        let mut rules: Vec<Rule> = rules.into_iter().filter(|r| r.enabled).collect();
        // In the guide's order: findings at one place, and sentences inserted
        // at one place, then follow the steps.
        rules.sort_by(|a, b| {
            (a.step.unwrap_or(u8::MAX), &a.id).cmp(&(b.step.unwrap_or(u8::MAX), &b.id))
        });
        let mut uses = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            rule.kind.uses(index, &mut uses);
        }
        let matcher = Matcher::new(uses)?;
        let keys = front_matter_keys(&rules);
        let mut packs: Vec<Arc<str>> = rules.iter().filter_map(|r| r.pack.clone()).collect();
        packs.sort();
        packs.dedup();
        let always = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind.always())
            .map(|(i, _)| i)
            .collect();
        Ok(Linter {
            rules,
            matcher,
            always,
            keys,
            packs,
        })
    }

    /// This linter, with only `packs` of its built-in rules applying to a
    /// draft that names no pack of its own.
    pub fn with_packs(mut self, packs: Vec<String>) -> Linter {
        self.packs = packs.into_iter().map(Arc::from).collect();
        self
    }

    /// The built-in packs whose rules apply to `draft`: those its front
    /// matter names (`pack: workplace`), or else the config's.
    pub fn packs_for(&self, draft: &Draft) -> std::borrow::Cow<'_, [Arc<str>]> {
        match draft.front.get("pack") {
            Some(named) => pack_names(named).map(Arc::from).collect(),
            None => std::borrow::Cow::Borrowed(&self.packs),
        }
    }

    /// The built-in packs whose rules apply to a draft that names none.
    pub fn packs(&self) -> &[Arc<str>] {
        &self.packs
    }

    /// The linter for a config file (or none: the defaults), with `overlay`
    /// (editor settings) applied on top and `extra` rule files or folders
    /// added. The CLI and the language server both build theirs here.
    pub fn from_config(
        file: Option<&std::path::Path>,
        overlay: Option<&crate::config::Config>,
        extra: &[std::path::PathBuf],
    ) -> Result<Linter, Error> {
        let mut config = match file {
            Some(path) => crate::config::Config::load(path)?,
            None => crate::config::Config::default(),
        };
        if let Some(overlay) = overlay {
            config = config.overlaid(overlay);
        }
        Ok(Linter::new(crate::ruleset::build(&config, extra)?)?.with_packs(config.packs()))
    }

    /// A linter with no rules (finds nothing but front-matter errors).
    pub fn empty() -> Linter {
        Linter {
            rules: Vec::new(),
            matcher: Matcher::default(),
            always: Vec::new(),
            keys: OWN_KEYS.iter().map(|k| k.to_string()).collect(),
            packs: Vec::new(),
        }
    }

    /// The enabled rules, in the guide's order (by step, then by id).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The enabled rule with id `id`, if any.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// Applies the preferred edit of every finding, and again on the result
    /// until nothing more applies (at most [`FIX_PASSES`] passes), so that
    /// fixing the fixed text changes nothing. With `choice.suggestions`, then
    /// adds the suggested sentences one at a time, in the guide's order, each
    /// only if it satisfies its rule and wakes no rule that was quiet (a
    /// sentence that takes an SMS over a segment, or a draft over its word
    /// limit, is left out). This is `check --fix`.
    pub fn fix(
        &self,
        text: &str,
        format: crate::draft::Format,
        options: &LintOptions,
        choice: crate::fix::Apply,
    ) -> Fixed {
        let diagnostics = self.lint(&Draft::parse(text, format), options);
        self.fix_linted(text, diagnostics, format, options, choice)
    }

    /// [`Linter::fix`] for a `text` already linted: `diagnostics` are its
    /// findings, so the first pass does not lint it again.
    pub fn fix_linted(
        &self,
        text: &str,
        diagnostics: Vec<Diagnostic>,
        format: crate::draft::Format,
        options: &LintOptions,
        choice: crate::fix::Apply,
    ) -> Fixed {
        // A stop that never comes never ends fixing early.
        self.fix_linted_until(text, diagnostics, format, options, choice, &Stop::never())
            .unwrap_or_else(|_| Fixed {
                text: text.to_string(),
                applied: 0,
                diagnostics: Vec::new(),
                held_by: None,
            })
    }

    /// [`Linter::fix_linted`], given up (the text left as it was) when
    /// `stop` is due: every lint of a pass asks it, and so does every pass.
    pub fn fix_linted_until(
        &self,
        text: &str,
        mut diagnostics: Vec<Diagnostic>,
        format: crate::draft::Format,
        options: &LintOptions,
        choice: crate::fix::Apply,
        stop: &Stop,
    ) -> Result<Fixed, Stopped> {
        let lint = |text: &str| self.lint_until(&Draft::parse(text, format), options, stop);
        let edits = crate::fix::Apply { suggestions: false };
        let mut text = text.to_string();
        let mut applied = 0;
        for _ in 0..FIX_PASSES {
            let pass = crate::fix::apply(
                &text,
                diagnostics.iter().filter_map(|d| edits.preferred(&d.fixes)),
            );
            if pass.applied == 0 || pass.text == text {
                break;
            }
            applied += pass.applied;
            text = pass.text;
            diagnostics = lint(&text)?;
        }
        let held_by = choice
            .suggestions
            .then(|| self.unrewritten(&diagnostics).cloned())
            .flatten();
        if !choice.suggestions || held_by.is_some() {
            return Ok(Fixed {
                text,
                applied,
                diagnostics,
                held_by,
            });
        }
        // A suggestion skipped because it did harm may fit once others are
        // in (a short last line becomes a sign-off to insert before): go
        // round again while any suggestion goes in, so that one --fix settles.
        let mut tried: Vec<Arc<str>> = Vec::new();
        let mut settled = applied;
        loop {
            // The next suggestion in the guide's order (rules are sorted so).
            let next = self.rules.iter().find_map(|rule| {
                if tried.contains(&rule.id) {
                    return None;
                }
                diagnostics.iter().find_map(|d| {
                    (d.rule == rule.id)
                        .then(|| choice.preferred(&d.fixes))
                        .flatten()
                        .filter(|f| f.kind == crate::fix::FixKind::Suggestion)
                        .map(|f| (rule.id.clone(), f.clone()))
                })
            });
            let Some((rule, suggestion)) = next else {
                if applied == settled {
                    break;
                }
                settled = applied;
                tried.clear();
                continue;
            };
            tried.push(rule.clone());
            let candidate = crate::fix::apply(&text, [&suggestion]);
            if candidate.applied == 0 {
                continue;
            }
            let after = lint(&candidate.text)?;
            let firing = |ds: &[Diagnostic], id: &str| ds.iter().any(|d| &*d.rule == id);
            let wakes = after.iter().any(|d| !firing(&diagnostics, &d.rule));
            if firing(&after, &rule) || wakes {
                continue;
            }
            applied += 1;
            text = candidate.text;
            diagnostics = after;
        }
        Ok(Fixed {
            text,
            applied,
            diagnostics,
            held_by: None,
        })
    }

    /// The first warning or error of an `avoid` rule that has no rewrite:
    /// words only the writer can change.
    fn unrewritten<'d>(&self, diagnostics: &'d [Diagnostic]) -> Option<&'d Diagnostic> {
        diagnostics.iter().find(|d| {
            d.level >= Level::Warning
                && d.fixes.is_empty()
                && self
                    .rule(&d.rule)
                    .is_some_and(|r| matches!(r.kind, Kind::Avoid(_)))
        })
    }

    /// Lints `draft`. Diagnostics come sorted by position, then guide step
    /// and rule id.
    pub fn lint(&self, draft: &Draft, options: &LintOptions) -> Vec<Diagnostic> {
        // A stop that never comes never ends a lint early.
        self.lint_until(draft, options, &Stop::never())
            .unwrap_or_default()
    }

    /// [`Linter::lint`], ended early (with no findings) when `stop` is due:
    /// it is asked between rules and every [`Stop::EVERY`] hits inside one.
    pub fn lint_until(
        &self,
        draft: &Draft,
        options: &LintOptions,
        stop: &Stop,
    ) -> Result<Vec<Diagnostic>, Stopped> {
        let due = || stop.is_due().map_or(Ok(()), Err);
        let mut out = Vec::new();
        let today = options.today.or_else(|| {
            draft
                .front
                .get("date")
                .and_then(crate::rule::kind::cooldown::parse_date)
        });
        let mut ctx = Context::new(draft, today, stop);
        if let Some(field) = draft.front.fields.get("date")
            && crate::rule::kind::cooldown::parse_date(&field.value).is_none()
        {
            out.push(Diagnostic {
                rule: Arc::from(FRONT_MATTER),
                level: Level::Error,
                span: field.span.clone(),
                message: format!("`date: {}` is not a date (write YYYY-MM-DD)", field.value),
                fixes: Vec::new(),
            });
        }
        for (key, field) in &draft.front.fields {
            if self.keys.binary_search(key).is_err() {
                let mut message = format!("draftlint does not read `{key}` in the front matter");
                match crate::suggest::closest(key, self.keys.iter().map(String::as_str)) {
                    Some(close) => message.push_str(&format!(" (did you mean `{close}`?)")),
                    None => message.push_str(&format!("; it reads {}", self.keys.join(", "))),
                }
                out.push(Diagnostic {
                    rule: Arc::from(FRONT_MATTER),
                    level: Level::Warning,
                    span: field.key_span.clone(),
                    message,
                    fixes: Vec::new(),
                });
            }
        }
        if let Some(field) = draft.front.fields.get("pack") {
            for name in pack_names(&field.value) {
                if let Err(message) = crate::config::known_pack(name) {
                    out.push(Diagnostic {
                        rule: Arc::from(FRONT_MATTER),
                        level: Level::Warning,
                        span: field.span.clone(),
                        message: format!("`pack: {}`: {message}", field.value),
                        fixes: Vec::new(),
                    });
                }
            }
        }
        if let Some((span, message)) = &draft.front.error {
            out.push(Diagnostic {
                rule: Arc::from(FRONT_MATTER),
                level: Level::Error,
                span: span.clone(),
                message: message.clone(),
                fixes: Vec::new(),
            });
        }
        due()?;
        let mut hits: Vec<Hit> = Vec::new();
        self.matcher.scan_until(draft, &mut hits, stop);
        due()?;
        hits.sort_by(|a, b| {
            (a.owner.rule, a.span.start, b.span.end).cmp(&(b.owner.rule, b.span.start, a.span.end))
        });
        let channel = draft.front.get("channel").map(str::to_lowercase);
        let packs = self.packs_for(draft);
        let applies = |rule: &Rule| {
            rule.pack.as_ref().is_none_or(|p| packs.contains(p))
                && (rule.channels.is_empty()
                    || channel
                        .as_deref()
                        .is_some_and(|c| rule.channels.iter().any(|r| r == c)))
        };
        let hits_of = |index: usize| {
            let from = hits.partition_point(|h| h.owner.rule < index);
            let to = hits.partition_point(|h| h.owner.rule <= index);
            &hits[from..to]
        };
        // Rules that run where they have hits, in the order their hits come.
        let mut at = 0;
        while at < hits.len() {
            let index = hits[at].owner.rule;
            let group = hits_of(index);
            at += group.len();
            let rule = &self.rules[index];
            if !rule.kind.always() && applies(rule) {
                rule.kind.check(&ctx, rule, group, &self.matcher, &mut out);
                due()?;
            }
        }
        // Where the draft opens and closes, for sentences inserted before
        // its close: the matches of the rules that insert at either end.
        for &index in &self.always {
            let rule = &self.rules[index];
            let Kind::Require(req) = &rule.kind else {
                continue;
            };
            let starts = || {
                hits_of(index)
                    .iter()
                    .filter(|h| h.owner.role == Role::Require)
                    .map(|h| h.span.start)
            };
            if !applies(rule) {
                continue;
            } else if req.insert_at == InsertAt::End {
                ctx.closers.extend(starts());
            } else if matches!(req.within, Some(Within::First(_)))
                || matches!(req.insert_at, InsertAt::Start | InsertAt::AfterGreeting)
            {
                ctx.openers.extend(starts());
            }
        }
        ctx.closers.sort_unstable();
        ctx.openers.sort_unstable();
        for &index in &self.always {
            let rule = &self.rules[index];
            if !applies(rule) {
                continue;
            }
            rule.kind
                .check(&ctx, rule, hits_of(index), &self.matcher, &mut out);
            due()?;
        }
        out.retain(|d| !draft.is_suppressed(&d.rule, d.span.start));
        // Stable: ties keep the rule order set in `new`.
        out.sort_by_key(|d| d.span.start);
        Ok(out)
    }
}
