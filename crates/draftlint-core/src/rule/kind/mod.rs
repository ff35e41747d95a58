//! Kinds of rule, one module each: `avoid`, `require`, `limit`,
//! `cooldown`. A kind's module owns everything about it: the keys it reads
//! in a rule file and how they are validated ([`RuleKind::read`]), the
//! settings a config may change ([`RuleKind::apply`]), the phrases and
//! patterns it hands the matcher ([`RuleKind::uses`]), what the docs say of
//! it, and its check. [`Kind`] holds one of them and hands every call on; a
//! new kind is a module implementing [`RuleKind`] and a line in each of
//! [`Kind`], [`KindName`] and [`Kind::read`].

pub mod avoid;
pub mod cooldown;
pub mod limit;
pub mod require;

use std::ops::Range;

use jiff::civil::Date;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::DeTable;

use super::reader::Reader;
use super::{Params, Rule};
use crate::diagnostic::Diagnostic;
use crate::draft::Draft;
use crate::fix::Fix;
use crate::matcher::{Hit, Matcher, Owner, Role, Use};
use crate::stop::Stop;
use crate::suggest;
use crate::template;

pub use avoid::{Avoid, AvoidEntry, Pattern};
pub use cooldown::Cooldown;
pub use limit::{Count, Limit};
pub use require::{InsertAt, Require, Within};

/// What a kind of rule is made of.
pub trait RuleKind: Sized {
    /// Its keys in a rule file, besides those every rule has; read strictly.
    type Keys: DeserializeOwned;
    /// Its name, as `kind = "..."` says it.
    const NAME: &'static str;
    /// The names of its keys, as written in a rule file.
    const KEYS: &'static [&'static str];
    /// The settings `draftlint.toml` (or an example's `with`) may change,
    /// besides `level`.
    const PARAMS: &'static [&'static str];
    /// Does it run on every draft? Otherwise it runs only where the matcher
    /// found one of its phrases or patterns.
    const ALWAYS: bool;

    /// Validates its keys: problems go to `reader` at their place, and one
    /// about a key that is missing goes at `kind`, the span of the kind's
    /// name.
    fn read(keys: Self::Keys, reader: &mut Reader, kind: Range<usize>) -> Self;

    /// Applies the settings of `params` it takes (the others are refused
    /// before this is called).
    fn apply(&mut self, _params: &Params) -> Result<(), String> {
        Ok(())
    }

    /// Its phrases and regexes, each with the role its matches play.
    fn uses<'r>(&'r self, _out: &mut dyn FnMut(Use<'r>, Role)) {}

    /// Message templates besides the rule's message: entries' messages,
    /// rewrites, inserted sentences.
    fn templates(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Front-matter keys it reads.
    fn fields(&self) -> Vec<String> {
        Vec::new()
    }

    /// One sentence on what it checks, for the docs.
    fn summary(&self) -> String;

    /// The value of one of its settings, as a message placeholder (`{max}`)
    /// or `draftlint init` shows it.
    fn setting(&self, _name: &str) -> Option<String> {
        None
    }

    /// Its findings in the draft; `hits` are the matcher's hits of this rule.
    fn check(
        &self,
        ctx: &Context,
        rule: &Rule,
        hits: &[Hit],
        matcher: &Matcher,
        out: &mut Vec<Diagnostic>,
    );
}

/// A rule's kind, with what the rule file says of it.
#[derive(Clone, Debug)]
pub enum Kind {
    /// Phrases, word patterns or regexes that should not be in the draft.
    Avoid(Avoid),
    /// Something that must be in the draft (or in its first or last sentences).
    Require(Require),
    /// A count that must stay between `min` and `max`.
    Limit(Limit),
    /// A front-matter date that must be at least `days` ago.
    Cooldown(Cooldown),
}

/// What a rule checks: the value of `kind`.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum KindName {
    /// Words, phrases or patterns that should not be in the draft.
    Avoid,
    /// Something that must be in the draft (or in its first or last sentences).
    Require,
    /// A count that must stay between `min` and `max`.
    Limit,
    /// A front-matter date that must be at least `days` ago.
    Cooldown,
}

// Every kind's keys together: what `schemas/rule.schema.json` describes.
/// A draftlint rule file: one rule, its message, its rationale and its
/// examples. See docs/rules.md.
#[cfg(test)]
#[derive(schemars::JsonSchema)]
#[schemars(title = "draftlint rule file")]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct RuleFile {
    #[serde(flatten)]
    common: super::file::RawRule,
    #[serde(flatten)]
    avoid: avoid::Keys,
    #[serde(flatten)]
    require: require::Keys,
    #[serde(flatten)]
    limit: limit::Keys,
    #[serde(flatten)]
    cooldown: cooldown::Keys,
}

/// Calls `$body` with `$k` bound to the kind inside `$kind`.
macro_rules! each {
    ($kind:expr, $k:ident => $body:expr) => {
        match $kind {
            Kind::Avoid($k) => $body,
            Kind::Require($k) => $body,
            Kind::Limit($k) => $body,
            Kind::Cooldown($k) => $body,
        }
    };
}

/// The keys of each kind, to say of a key that it belongs to another.
const KEYS: [(&str, &[&str]); 4] = [
    (Avoid::NAME, Avoid::KEYS),
    (Require::NAME, Require::KEYS),
    (Limit::NAME, Limit::KEYS),
    (Cooldown::NAME, Cooldown::KEYS),
];

impl Kind {
    /// Reads the kind `name` from `keys`, the keys of a rule file it reads
    /// (see [`own_keys`]). `None` when a problem (recorded in `reader`)
    /// leaves nothing to build.
    pub(crate) fn read(
        name: Spanned<KindName>,
        keys: Spanned<DeTable<'_>>,
        reader: &mut Reader,
    ) -> Option<Kind> {
        let at = name.span();
        Some(match *name.get_ref() {
            KindName::Avoid => Kind::Avoid(read_as(keys, reader, at)?),
            KindName::Require => Kind::Require(read_as(keys, reader, at)?),
            KindName::Limit => Kind::Limit(read_as(keys, reader, at)?),
            KindName::Cooldown => Kind::Cooldown(read_as(keys, reader, at)?),
        })
    }

    /// Its name, as `kind = "..."` says it.
    pub fn name(&self) -> &'static str {
        fn name<K: RuleKind>(_: &K) -> &'static str {
            K::NAME
        }
        each!(self, k => name(k))
    }

    /// Does it run on every draft, or only where it has hits?
    pub fn always(&self) -> bool {
        fn always<K: RuleKind>(_: &K) -> bool {
            K::ALWAYS
        }
        each!(self, k => always(k))
    }

    /// Applies the settings of `params`, refusing one the kind does not take.
    pub fn apply(&mut self, params: &Params) -> Result<(), String> {
        fn apply<K: RuleKind>(kind: &mut K, params: &Params) -> Result<(), String> {
            match params.keys().into_iter().find(|k| !K::PARAMS.contains(k)) {
                Some(key) => Err(format!("`{key}` does not apply to `{}` rules", K::NAME)),
                None => kind.apply(params),
            }
        }
        each!(self, k => apply(k, params))
    }

    /// Its phrases and regexes, owned by rule `rule` (an index into the
    /// linter's rules), in the order the rule file gives them.
    pub fn uses<'r>(&'r self, rule: usize, out: &mut Vec<(Use<'r>, Owner)>) {
        each!(self, k => k.uses(&mut |used, role| out.push((used, Owner { rule, role }))))
    }

    /// Message templates besides the rule's message.
    pub fn templates(&self) -> Vec<&str> {
        each!(self, k => k.templates())
    }

    /// Front-matter keys it reads.
    pub fn fields(&self) -> Vec<String> {
        each!(self, k => k.fields())
    }

    /// One sentence on what it checks.
    pub fn summary(&self) -> String {
        each!(self, k => k.summary())
    }

    /// The value of one of its settings (`max`, `days`).
    pub fn setting(&self, name: &str) -> Option<String> {
        each!(self, k => k.setting(name))
    }

    /// Its settings with their values, as `draftlint.toml` would set them.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        fn settings<K: RuleKind>(k: &K) -> Vec<(&'static str, String)> {
            K::PARAMS
                .iter()
                .filter_map(|p| Some((*p, k.setting(p)?)))
                .collect()
        }
        each!(self, k => settings(k))
    }

    /// Its findings in the draft.
    pub fn check(
        &self,
        ctx: &Context,
        rule: &Rule,
        hits: &[Hit],
        matcher: &Matcher,
        out: &mut Vec<Diagnostic>,
    ) {
        each!(self, k => k.check(ctx, rule, hits, matcher, out))
    }
}

/// Splits `keys`, the keys of a rule file that not every rule has, for the
/// kind named `kind` (`None` when the file names no kind): the keys it
/// reads, and a problem at each other one, a key of another kind or of
/// none (with the key it may have been meant as, from `common` and the
/// kind's own).
pub(crate) fn own_keys<'i>(
    kind: Option<&str>,
    keys: DeTable<'i>,
    common: &[&str],
) -> (DeTable<'i>, Vec<(Range<usize>, String)>) {
    let reads = KEYS.iter().find(|(name, _)| Some(*name) == kind);
    let mut own = DeTable::new();
    let mut wrong = Vec::new();
    for (key, value) in keys {
        let name: &str = key.get_ref();
        let owner = KEYS.iter().find(|(_, keys)| keys.contains(&name));
        match (reads, owner) {
            (Some((kind, _)), Some((owner, _))) if kind != owner => wrong.push((
                value.span(),
                format!("`{name}` is not a field of `{kind}` rules"),
            )),
            (_, Some(_)) => {
                own.insert(key, value);
            }
            (_, None) => {
                let known: Vec<&str> = match reads {
                    Some((_, keys)) => common.iter().chain(keys.iter()).copied().collect(),
                    None => common
                        .iter()
                        .chain(KEYS.iter().flat_map(|(_, keys)| keys.iter()))
                        .copied()
                        .collect(),
                };
                wrong.push((key.span(), suggest::unknown("key", name, &known)));
            }
        }
    }
    wrong.sort_by_key(|(span, _)| span.start);
    (own, wrong)
}

/// Reads kind `K` from `keys`, strictly into `K::Keys`.
fn read_as<K: RuleKind>(
    keys: Spanned<DeTable<'_>>,
    reader: &mut Reader,
    kind: Range<usize>,
) -> Option<K> {
    let de = toml::de::Deserializer::from(keys);
    match K::Keys::deserialize(de) {
        Ok(keys) => Some(K::read(keys, reader, kind)),
        Err(e) => {
            let (at, message) = suggest::toml_error(&e, reader.text());
            reader.at(at..at, message);
            None
        }
    }
}

/// What every check may look at besides its rule.
pub struct Context<'d, 'a> {
    /// The draft being checked.
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
    /// The context of a check of `draft`; `closers` and `openers` start empty.
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

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;

    use super::*;
    use crate::rule::file::{COMMON, RawRule};

    /// The keys a type is read from, as its schema lists them.
    fn keys_of<T: JsonSchema>() -> Vec<String> {
        let schema = schemars::schema_for!(T).to_value();
        let mut keys: Vec<String> = schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    /// The lists that say which kind a key belongs to are the keys each kind
    /// is read from, so a key added to a kind cannot be missed by them.
    #[test]
    fn each_kind_lists_the_keys_it_reads() {
        assert_eq!(sorted(COMMON), keys_of::<RawRule>());
        assert_eq!(sorted(Avoid::KEYS), keys_of::<avoid::Keys>());
        assert_eq!(sorted(Require::KEYS), keys_of::<require::Keys>());
        assert_eq!(sorted(Limit::KEYS), keys_of::<limit::Keys>());
        assert_eq!(sorted(Cooldown::KEYS), keys_of::<cooldown::Keys>());
        let mut all: Vec<&str> = KEYS
            .iter()
            .flat_map(|(_, keys)| keys.iter().copied())
            .collect();
        all.extend(COMMON);
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(
            all.len(),
            count,
            "a key belongs to one kind, or to every rule"
        );
    }

    /// Every setting a kind takes is one `draftlint.toml` can set.
    #[test]
    fn each_kind_takes_settings_a_config_has() {
        let params = keys_of::<Params>();
        for (kind, takes) in [
            (Avoid::NAME, Avoid::PARAMS),
            (Require::NAME, Require::PARAMS),
            (Limit::NAME, Limit::PARAMS),
            (Cooldown::NAME, Cooldown::PARAMS),
        ] {
            for key in takes {
                assert!(params.contains(&key.to_string()), "{kind}: {key}");
            }
        }
    }

    fn rule(toml: &str) -> Rule {
        crate::rule::parse(std::path::Path::new("r.toml"), toml, false).expect("the rule reads")
    }

    #[test]
    fn a_setting_of_another_kind_is_refused_and_its_own_applies() {
        let mut limit = rule("kind = \"limit\"\nmessage = \"m\"\ncount = \"words\"\nmax = 5\n");
        let days = Params {
            days: Some(3),
            ..Params::default()
        };
        assert_eq!(
            limit.apply(&days),
            Err("`days` does not apply to `limit` rules".to_string())
        );
        let max = Params {
            max: Some(9),
            ..Params::default()
        };
        assert_eq!(limit.apply(&max), Ok(()));
        assert_eq!(limit.kind.settings(), vec![("max", "9".to_string())]);
        assert_eq!(limit.kind.summary(), "Counts words; at most 9.");
    }

    #[test]
    fn what_a_kind_hands_the_matcher_and_the_linter() {
        let avoid = rule(
            "kind = \"avoid\"\nmessage = \"m\"\n[[avoid]]\nphrases = [\"a b\", \"c\"]\nunless = [\"d\"]\nreplace = \"e {to|them}\"\n",
        );
        let mut uses = Vec::new();
        avoid.kind.uses(7, &mut uses);
        let roles: Vec<(Role, bool)> = uses
            .iter()
            .map(|(used, owner)| {
                assert_eq!(owner.rule, 7);
                (owner.role, matches!(used, Use::Phrase(_)))
            })
            .collect();
        assert_eq!(
            roles,
            [
                (Role::Avoid(0), true),
                (Role::Avoid(0), true),
                (Role::Unless(Some(0)), false)
            ]
        );
        assert_eq!(avoid.kind.templates(), ["e {to|them}"]);
        assert!(!avoid.kind.always());
        let cooldown =
            rule("kind = \"cooldown\"\nmessage = \"m\"\nfield = \"Last-Call\"\ndays = 3\n");
        assert_eq!(cooldown.kind.fields(), ["last-call"]);
        assert!(cooldown.kind.always());
        assert_eq!(cooldown.kind.setting("days").as_deref(), Some("3"));
    }
}
