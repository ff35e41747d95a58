//! Every phrase and regex of every rule, compiled once, scanned in one pass.
//!
//! Phrases from all rules go into one Aho-Corasick automaton that runs over
//! the draft's folded body (see [`crate::text`]) with overlapping matches, so
//! two rules that share words both see them.
//!
//! Regexes join the same pass through their *anchors*: the literal prefixes
//! every match must start with (`\byou never (?:really )?listen` starts with
//! "you never "), extracted with `regex-syntax` and folded like phrases. Only
//! where an anchor occurs is the regex itself run, anchored at that spot. A
//! regex without usable anchors (`!{2,}` has one; `(?-i)\b[A-Z]{4,}` has
//! none) goes into one multi-pattern pass with the other unanchored ones.
//! A regex whose anchors are common words is found by a rarer literal
//! inside it instead (see [`inner`]). A word pattern brings its own anchors,
//! its *leads*: the whole first words of every way a match can begin (see
//! [`crate::pattern`]), looked for at word boundaries. Hundreds of patterns
//! share a lead ("you never", "i'm"), so a pattern found by its lead runs
//! only if the words it needs further in occur after it in the sentence
//! (see [`needs`]): most never do, and their regexes are never even
//! compiled. A regex written in several rules (a shared `unless`) is
//! compiled and run once.
//!
//! One big multi-pattern regex over every rule was the first design: with
//! dozens of case-insensitive patterns its lazy DFA thrashed and fell back to
//! the slow NFA on ordinary chat text. Anchors keep the cost near that of
//! the phrase scan, however many regexes there are, and regexes are compiled
//! only when their anchor first occurs, which keeps start-up quick.

use crate::stop::Stop;
use std::ops::Range;

use foldhash::{HashMap, HashMapExt};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, PatternID, PatternSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};

mod inner;
mod needs;
mod starts;
mod words;

use inner::Inner;
use starts::Starts;
use words::WordLeads;

use crate::draft::Draft;
use crate::error::Error;
use crate::expr::{Expr, Haystack};
use crate::literals::Literals;
use crate::text::{fold, fold_phrase, is_spaced_word_char};

/// What a pattern is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An `[[avoid]]` entry (its index).
    Avoid(usize),
    /// A phrase or regex that satisfies a `require` rule.
    Require,
    /// An occurrence that does not count for a `require` rule.
    Except,
    /// A match of an `[[avoid]]` entry that overlaps one of these is no
    /// finding: the rule's own `unless` (`None`), or its entries' `unless`
    /// pattern number `.0`, for the entries that list it.
    Unless(Option<usize>),
}

/// The rule (index into the linter's rules) and role of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owner {
    /// The rule, as an index into the linter's rules.
    pub rule: usize,
    /// What the pattern is for in that rule.
    pub role: Role,
}

/// A match: whose, and where (byte span in the original text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The rule and role of the pattern that matched.
    pub owner: Owner,
    /// Byte span in the original text.
    pub span: Range<usize>,
    /// The regex that matched, for expanding `$1` in replacements.
    pub regex: Option<usize>,
    /// Where the match is in the folded text, for a regex that runs there.
    pub folded: Option<Range<usize>>,
}

/// What an Aho-Corasick pattern stands for.
#[derive(Clone, Copy, Debug)]
enum Target {
    Phrase {
        owner: Owner,
        word_start: bool,
        word_end: bool,
    },
    /// A literal prefix of regex number `regex`; `word_start` when the
    /// regex begins with `\b`, so an anchor inside a word is no candidate;
    /// `after_space` when a match may start with white space before it.
    Anchor {
        regex: usize,
        word_start: bool,
        after_space: bool,
    },
    /// A lead of regex number `regex` (a word pattern's first words, see
    /// [`crate::pattern`]): a candidate only as whole words, and only where
    /// the words the pattern needs follow (see [`needs`]).
    Lead { regex: usize },
    /// A lead that [`SHARED`] or more word patterns share: group number
    /// `group` of the matcher's `groups`, their regexes.
    Leads { group: usize },
    /// Where an inner element of regex number `regex` may start, at the
    /// start of a word (see [`inner`]).
    Inner { regex: usize },
}

/// A rule regex (compiled on first use, unless its rule file compiled it).
#[derive(Debug)]
struct RuleRegex {
    expr: Expr,
    /// Every pattern written as this regex (many rules share an `unless`).
    owners: Vec<Owner>,
    /// For a regex run over whole drafts: where its matches can start, to
    /// skip to (see [`starts`]).
    starts: Option<Starts>,
    /// The inner anchors it is found by instead of its prefix, if any.
    inner: Option<Inner>,
}

impl RuleRegex {
    fn get(&self) -> Option<&Regex> {
        self.expr.get()
    }

    fn folded(&self) -> bool {
        self.expr.haystack == Haystack::Folded
    }
}

/// The places where literals were found so far in a scan; past the stop,
/// the rest are skipped.
#[derive(Default)]
struct Seen {
    places: usize,
    stopped: bool,
}

/// How many candidate places are gathered before their regexes run: a
/// megabyte of chat has about a million, which kept all at once took more
/// memory than the draft many times over.
const CANDIDATES: usize = 1 << 16;

/// The compiled patterns of a rule set.
#[derive(Debug, Default)]
pub struct Matcher {
    literals: Option<Literals>,
    /// What each literal stands for (several patterns may share one).
    targets: Vec<Vec<Target>>,
    /// The leads that are whole words, looked up word by word instead (see
    /// [`words`]), and what each stands for.
    words: WordLeads,
    word_targets: Vec<Vec<Target>>,
    regexes: Vec<RuleRegex>,
    /// Regexes over the original text without anchors (indices into
    /// `regexes`), and, when there are two or more, the set that says which
    /// of them to run on a draft (its pattern `i` is `unanchored[i]`).
    set: Option<UnanchoredSet>,
    unanchored: Vec<usize>,
    /// Regexes over the folded text without anchors: run over every draft.
    unanchored_folded: Vec<usize>,
    /// The sets of words that patterns need.
    sets: needs::Sets,
    /// The words each regex's matches need (word patterns over the folded
    /// text only), by regex index.
    needs: needs::Table,
    /// Word patterns that share a lead (their regexes), each list once.
    groups: Vec<Vec<usize>>,
}

/// The regexes without anchors, word boundaries left out (see
/// [`without_word_boundaries`]), twice: `any` says quickly whether one of
/// them may match at all, which in most drafts none does; `which` then says
/// which ones, a slower search since it must find every pattern's matches.
#[derive(Debug)]
struct UnanchoredSet {
    any: Regex,
    which: Regex,
}

/// The literals of a matcher, each once, and what each stands for.
#[derive(Default)]
struct Table {
    list: Vec<String>,
    index: HashMap<String, usize>,
    targets: Vec<Vec<Target>>,
}

impl Table {
    fn add(&mut self, literal: String, target: Target) {
        let at = match self.index.get(&literal) {
            Some(&at) => at,
            None => {
                let at = self.list.len();
                self.index.insert(literal.clone(), at);
                self.list.push(literal);
                self.targets.push(Vec::new());
                at
            }
        };
        self.targets[at].push(target);
    }
}

/// `pattern` parsed case-sensitively, as its anchors, word boundary and
/// inner anchors are worked out from it: the literals are folded to lower
/// case anyway, and all their case variants would only crowd the
/// extractor's limits.
fn parsed(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// Does every match of `hir` start with a word-boundary assertion?
fn starts_at_word_boundary(hir: &Hir) -> bool {
    let mut first = hir;
    loop {
        match first.kind() {
            HirKind::Concat(subs) if !subs.is_empty() => first = &subs[0],
            HirKind::Capture(cap) => first = &cap.sub,
            HirKind::Look(look) => {
                return matches!(
                    look,
                    Look::WordAscii
                        | Look::WordUnicode
                        | Look::WordStartAscii
                        | Look::WordStartUnicode
                        | Look::WordStartHalfAscii
                        | Look::WordStartHalfUnicode
                );
            }
            _ => return false,
        }
    }
}

/// `hir` without its word-boundary assertions: a superset of its matches.
/// The unanchored set only says which regexes may match; without `\b` its
/// DFA never has to give up on non-ASCII text (Unicode word boundaries make
/// the lazy DFA quit there and fall back to the slow NFA for the whole
/// draft). The regexes it names then run in full.
fn without_word_boundaries(hir: &Hir) -> Hir {
    rewrite(hir, &|hir| match hir.kind() {
        HirKind::Look(look)
            if !matches!(
                look,
                Look::Start
                    | Look::End
                    | Look::StartLF
                    | Look::EndLF
                    | Look::StartCRLF
                    | Look::EndCRLF
            ) =>
        {
            Some(Hir::empty())
        }
        _ => None,
    })
}

/// `hir` with every node for which `change` gives a replacement replaced,
/// and the rest rebuilt around them.
fn rewrite(hir: &Hir, change: &dyn Fn(&Hir) -> Option<Hir>) -> Hir {
    if let Some(changed) = change(hir) {
        return changed;
    }
    match hir.kind() {
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(rewrite(&rep.sub, change)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(rewrite(&cap.sub, change)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| rewrite(s, change)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|s| rewrite(s, change)).collect())
        }
        _ => hir.clone(),
    }
}

/// What `hir` looks like in folded text (see [`crate::text`]), as far as
/// its literal prefixes go: a run of white space is one space, and a class
/// of characters that all fold alike (`['’]`) is that one character.
/// Without this, `you\s+(?:idiot|jerk)` would only give the anchor "you".
fn as_folded(hir: &Hir) -> Hir {
    // Spaces that end up next to each other are collapsed when the
    // extracted literals are folded.
    rewrite(hir, &|hir| match hir.kind() {
        HirKind::Class(class) => folds_to(class).map(|folded| Hir::literal(folded.as_bytes())),
        // A run of white space is one space (or none, if it may be empty).
        HirKind::Repetition(rep) if is_white_space(&rep.sub) => {
            let space = Hir::literal(*b" ");
            Some(if rep.min >= 1 {
                space
            } else {
                Hir::repetition(Repetition {
                    min: 0,
                    max: Some(1),
                    greedy: rep.greedy,
                    sub: Box::new(space),
                })
            })
        }
        // `x{1,2}` as `x|xx`: the extractor only spells out repetitions of a
        // fixed count, and would stop at `x`.
        HirKind::Repetition(rep) if rep.max.is_some_and(|max| max > rep.min && max <= 4) => {
            let sub = as_folded(&rep.sub);
            Some(Hir::alternation(
                (rep.min..=rep.max.unwrap_or(rep.min))
                    .map(|count| {
                        Hir::repetition(Repetition {
                            min: count,
                            max: Some(count),
                            greedy: rep.greedy,
                            sub: Box::new(sub.clone()),
                        })
                    })
                    .collect(),
            ))
        }
        _ => None,
    })
}

/// The text that every character of a small `class` folds to, if they all
/// fold alike.
fn folds_to(class: &Class) -> Option<String> {
    let chars: Vec<char> = match class {
        Class::Unicode(class) => {
            let mut chars = Vec::new();
            for range in class.iter() {
                let len = range.end() as usize - range.start() as usize + 1;
                if chars.len() + len <= 32 {
                    chars.extend(range.start()..=range.end());
                } else {
                    // Too big to list; `\s` is the one big class that
                    // folds to one thing.
                    return class
                        .iter()
                        .all(|r| (r.start()..=r.end()).all(char::is_whitespace))
                        .then(|| " ".to_string());
                }
            }
            chars
        }
        Class::Bytes(class) => {
            let mut chars = Vec::new();
            for range in class.iter() {
                chars.extend(
                    (range.start()..=range.end())
                        .filter(u8::is_ascii)
                        .map(char::from),
                );
            }
            if chars.len() != class.iter().map(|r| r.len()).sum::<usize>() {
                return None;
            }
            chars
        }
    };
    let mut folded = chars.iter().map(|c| fold(c.encode_utf8(&mut [0; 4])).text);
    let first = folded.next()?;
    folded.all(|f| f == first).then_some(first)
}

/// Is `hir` white space only (which folds to one space)?
fn is_white_space(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(class) => folds_to(class).as_deref() == Some(" "),
        HirKind::Literal(lit) => lit.0.iter().all(|b| b.is_ascii_whitespace() || *b == 0x0B),
        _ => false,
    }
}

/// The anchors of a regex: every match, folded, starts with one of `literals`,
/// or, when `after_space`, may also start with white space before one.
#[derive(Debug, PartialEq, Eq)]
struct Anchors {
    literals: Vec<String>,
    after_space: bool,
}

/// The literal prefixes, folded, that every match of `pattern` starts with;
/// `None` when there is no short, selective list of them.
#[cfg(test)]
fn anchors(pattern: &str) -> Option<Anchors> {
    anchors_with(&parsed(pattern)?, &ORIGINAL)
}

/// How many literals the extractor may produce (tried in turn) and how many
/// anchors a regex may have.
struct Budget {
    limits: &'static [usize],
    max: usize,
    /// Whether the regex runs over the original text, so its literals must
    /// be seen as they look folded (a word pattern's are folded already).
    fold: bool,
}

/// For regexes as written: generous, since each one is compiled by hand.
const ORIGINAL: Budget = Budget {
    limits: &[10 * ANCHORS_MAX, 100 * ANCHORS_MAX],
    max: ANCHORS_MAX,
    fold: true,
};

/// For word patterns: their classes, word forms and spellings multiply into
/// tens of thousands of prefixes, which made the phrase automaton hundreds
/// of megabytes and start-up seconds. A small budget stops the extractor at
/// the first words ("i'll ", "ill ", "i will "), selective enough.
const FOLDED: Budget = Budget {
    limits: &[64, 512, 4096],
    max: 128,
    fold: false,
};

/// The anchors of `hir` (see [`parsed`]) within `budget`.
fn anchors_with(hir: &Hir, budget: &Budget) -> Option<Anchors> {
    let folded;
    let hir = if budget.fold {
        folded = as_folded(hir);
        &folded
    } else {
        hir
    };
    // The extractor's limit counts literals before they are cut to
    // `ANCHOR_LEN` and deduplicated, so it has to be generous; most regexes
    // fit the smaller one, which is quicker at start-up.
    budget
        .limits
        .iter()
        .find_map(|&limit| anchors_within(hir, limit, budget.max))
}

/// [`anchors`] of a folded `hir`, extracting at most `limit` literals and
/// keeping at most `max` anchors.
fn anchors_within(hir: &Hir, limit: usize, max: usize) -> Option<Anchors> {
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_total(limit)
        .limit_literal_len(ANCHOR_LEN);
    let seq = extractor.extract(hir);
    let mut out: Vec<String> = Vec::new();
    let mut after_space = false;
    for literal in seq.literals()? {
        // A literal cut by the extractor's limits may end inside a
        // character: keep its whole characters.
        let bytes = literal.as_bytes();
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()?,
        };
        let folded = fold(text).text;
        // Leading white space is one space in folded text, where the search
        // then has to look back for the real start.
        let trimmed = folded.trim_start_matches(' ');
        after_space |= trimmed.len() < folded.len();
        if trimmed.chars().count() < 2 {
            // Too short to be selective.
            return None;
        }
        out.push(trimmed.to_string());
    }
    out.sort_unstable();
    out.dedup();
    // Too many (`[0-9]{1,2}(?::[0-9]{2})? ?(?:am|pm)` has thousands): cut
    // them shorter until few enough are left. Short anchors find more
    // spots to check, but checking is cheap next to running the regex over
    // every draft.
    for chars in [8, 4, 3, 2] {
        if out.len() <= max {
            break;
        }
        for anchor in &mut out {
            if let Some((cut, _)) = anchor.char_indices().nth(chars) {
                anchor.truncate(cut);
            }
        }
        out.dedup();
    }
    (!out.is_empty() && out.len() <= max).then_some(Anchors {
        literals: out,
        after_space,
    })
}

/// At most this many anchors per regex; a regex with more is scanned whole.
const ANCHORS_MAX: usize = 1024;
/// Anchors are cut to this many bytes: longer ones hardly select better,
/// and they make the phrase automaton, and start-up, much bigger.
const ANCHOR_LEN: usize = 16;

/// A lead shared by this many word patterns or more is one target, which
/// keeps the tables small: hundreds of patterns begin with "i'm".
const SHARED: usize = 3;

/// `targets` with the leads that [`SHARED`] or more word patterns share
/// made one target each, and those groups.
fn grouped(mut targets: Vec<Vec<Target>>) -> (Vec<Vec<Target>>, Vec<Vec<usize>>) {
    let mut groups = Vec::new();
    let mut known: HashMap<Vec<usize>, usize> = HashMap::new();
    for list in &mut targets {
        let mut leads: Vec<usize> = list
            .iter()
            .filter_map(|t| match t {
                Target::Lead { regex } => Some(*regex),
                _ => None,
            })
            .collect();
        leads.sort_unstable();
        leads.dedup();
        if leads.len() < SHARED {
            continue;
        }
        list.retain(|t| !matches!(t, Target::Lead { .. }));
        let group = *known.entry(leads).or_insert_with_key(|leads| {
            groups.push(leads.clone());
            groups.len() - 1
        });
        list.push(Target::Leads { group });
    }
    (targets, groups)
}

/// Is `span` of `text` whole words: no word character just outside a word
/// character at either end?
fn whole_words(text: &str, span: Range<usize>) -> bool {
    let word = words::is_word;
    let lead = &text[span.clone()];
    !(lead.starts_with(word) && text[..span.start].ends_with(word)
        || lead.ends_with(word) && text[span.end..].starts_with(word))
}

/// A phrase or regex of a rule, as the matcher takes it in.
pub enum Use<'r> {
    /// A phrase: case-insensitive, whole words.
    Phrase(&'r str),
    /// A regex or a compiled word pattern.
    Regex(&'r Expr),
}

/// How the matcher finds where a regex without leads may match.
struct Analysis {
    /// Its literal prefixes.
    found: Option<Anchors>,
    /// The inner anchors it is found by instead, if any.
    inner: Option<Inner>,
    /// Where its matches can start, for one with neither.
    starts: Option<Starts>,
    /// Does every match start at a word boundary?
    word_start: bool,
}

impl Analysis {
    fn of(expr: &Expr) -> Analysis {
        // Anchors, word boundary and starts depend only on how a match
        // begins: a word pattern's head says that in a fraction of the
        // regex.
        let pattern = expr.head.as_deref().unwrap_or(&expr.source);
        // Parsed once for its anchors, inner anchors and word boundary.
        let hir = parsed(pattern);
        let folded = expr.haystack == Haystack::Folded;
        let budget = if folded { &FOLDED } else { &ORIGINAL };
        let found = hir.as_ref().and_then(|hir| anchors_with(hir, budget));
        // Inner anchors find starts in the original text only, from the
        // regex as a whole. A word pattern that starts with no usable
        // literal (a class of times, "a" or "an") is found by a word inside
        // it instead; the whole regex is parsed for that only then.
        let prefix = found.as_ref().map(|f| f.literals.as_slice());
        let inner = match (&expr.head, &found) {
            // No head: the pattern is the whole regex.
            (None, _) => hir.as_ref().and_then(|hir| Inner::find(hir, prefix)),
            (Some(_), None) => parsed(&expr.source).and_then(|hir| Inner::find(&hir, None)),
            (Some(_), Some(_)) => None,
        };
        let starts = (found.is_none() && inner.is_none())
            .then(|| Starts::of(pattern, expr.haystack))
            .flatten();
        let word_start =
            found.is_some() && inner.is_none() && hir.as_ref().is_some_and(starts_at_word_boundary);
        Analysis {
            found,
            inner,
            starts,
            word_start,
        }
    }
}

impl Matcher {
    /// Compiles the phrases and regexes of the rules, each with its owner
    /// (its rule, an index into the linter's rules, and its role), in the
    /// rules' order.
    pub fn new(uses: Vec<(Use<'_>, Owner)>) -> Result<Matcher, Error> {
        let mut literals = Table::default();
        let mut regexes = Vec::new();
        let mut unanchored = Vec::new();
        let mut unanchored_folded = Vec::new();
        // What a regex's anchors are, and whether it is found by an inner
        // literal, depend on the regex alone: worked out once for each, on
        // every core.
        let mut first_seen: HashMap<(&str, Haystack), usize> = HashMap::new();
        let mut unled: Vec<&Expr> = Vec::new();
        for (used, _) in &uses {
            if let Use::Regex(expr) = used
                && expr.leads.is_none()
                && !first_seen.contains_key(&(&*expr.source, expr.haystack))
            {
                first_seen.insert((&*expr.source, expr.haystack), unled.len());
                unled.push(expr);
            }
        }
        let mut analyses: Vec<Option<Analysis>> =
            crate::parallel::map(&unled, |expr| Some(Analysis::of(expr)));
        let mut same: HashMap<(&str, Haystack), usize> = HashMap::new();
        let mut sets = needs::Sets::default();
        // What each regex needs, by index, as `regexes` grows.
        let mut needs_of: Vec<Option<needs::Need>> = Vec::new();
        for (used, owner) in uses {
            let expr = match used {
                Use::Phrase(phrase) => {
                    let folded = fold_phrase(phrase);
                    let target = Target::Phrase {
                        owner,
                        word_start: folded.chars().next().is_some_and(is_spaced_word_char),
                        word_end: folded.chars().next_back().is_some_and(is_spaced_word_char),
                    };
                    literals.add(folded, target);
                    continue;
                }
                Use::Regex(expr) => expr,
            };
            let index = regexes.len();
            let key = (&*expr.source, expr.haystack);
            if let Some(&seen) = same.get(&key) {
                let known: &mut RuleRegex = &mut regexes[seen];
                known.owners.push(owner);
                continue;
            }
            same.insert(key, index);
            let need = match (&expr.needs, expr.haystack) {
                (Some(needs), Haystack::Folded) => Some(sets.need(needs)),
                _ => None,
            };
            if let Some(leads) = &expr.leads {
                for lead in leads.iter() {
                    literals.add(lead.clone(), Target::Lead { regex: index });
                }
                regexes.push(RuleRegex {
                    expr: expr.clone(),
                    owners: vec![owner],
                    starts: None,
                    inner: None,
                });
                needs_of.push(need);
                continue;
            }
            let Some(Analysis {
                found,
                inner,
                starts,
                word_start,
            }) = first_seen.get(&key).and_then(|&at| analyses[at].take())
            else {
                continue;
            };
            if let Some(inner) = &inner {
                for literal in &inner.literals {
                    literals.add(literal.clone(), Target::Inner { regex: index });
                }
            }
            let has_inner = inner.is_some();
            regexes.push(RuleRegex {
                expr: expr.clone(),
                owners: vec![owner],
                starts,
                inner,
            });
            needs_of.push(need);
            match found {
                _ if has_inner => {}
                Some(found) => {
                    let target = Target::Anchor {
                        regex: index,
                        word_start,
                        after_space: found.after_space,
                    };
                    for anchor in found.literals {
                        literals.add(anchor, target);
                    }
                }
                None if expr.haystack == Haystack::Folded => unanchored_folded.push(index),
                None => unanchored.push(index),
            }
        }
        sets.prune(&mut needs_of.iter_mut().flatten().collect::<Vec<_>>());
        let needs = needs::Table::new(needs_of.iter().map(Option::as_ref));
        let (grouped_targets, groups) = grouped(literals.targets);
        // Leads that are whole words go to the word table; the rest, and
        // whatever else a literal stands for, to the automaton.
        let (mut list, mut targets) = (Vec::new(), Vec::new());
        let (mut words, mut word_targets) = (WordLeads::default(), Vec::new());
        for (literal, all) in literals.list.into_iter().zip(grouped_targets) {
            let (leads, others): (Vec<Target>, Vec<Target>) = all
                .into_iter()
                .partition(|t| matches!(t, Target::Lead { .. } | Target::Leads { .. }));
            let others = if !leads.is_empty() && words::word_bounded(&literal) {
                words.insert(&literal, word_targets.len());
                word_targets.push(leads);
                others
            } else {
                leads.into_iter().chain(others).collect()
            };
            if !others.is_empty() {
                list.push(literal);
                targets.push(others);
            }
        }
        let literals = if list.is_empty() {
            None
        } else {
            Some(Literals::new(&list)?)
        };
        // One regex is simply run: a set would only add passes.
        let set = if unanchored.len() < 2 {
            None
        } else {
            let mut hirs = Vec::new();
            for &i in &unanchored {
                let hir = regex_syntax::ParserBuilder::new()
                    .case_insensitive(true)
                    .build()
                    .parse(&regexes[i].expr.source)
                    .map_err(|e| Error::Other(format!("bad regex: {e}")))?;
                hirs.push(without_word_boundaries(&hir));
            }
            let build = |kind| {
                Regex::builder()
                    .configure(Regex::config().match_kind(kind))
                    .build_many_from_hir(&hirs)
                    .map_err(|e| Error::Other(format!("cannot compile regexes: {e}")))
            };
            Some(UnanchoredSet {
                any: build(regex_automata::MatchKind::LeftmostFirst)?,
                which: build(regex_automata::MatchKind::All)?,
            })
        };
        Ok(Matcher {
            literals,
            targets,
            words,
            word_targets,
            regexes,
            set,
            unanchored,
            unanchored_folded,
            sets,
            needs,
            groups,
        })
    }

    /// Expands `replacement` (`$1`, `${name}`) with the captures of the
    /// regex of `hit`, taking each group's text as written in the draft.
    pub fn expand(&self, draft: &Draft, hit: &Hit, replacement: &str) -> Option<String> {
        let regex = self.regexes.get(hit.regex?)?.get()?;
        let body = draft.body();
        let folded = hit.folded.as_ref().map(|span| (draft.folded(), span.start));
        let (haystack, start) = match folded {
            Some((f, start)) => (f.text.as_str(), start),
            None => (body, hit.span.start),
        };
        let mut caps = regex.create_captures();
        let input = Input::new(haystack)
            .span(start..haystack.len())
            .anchored(Anchored::Yes);
        regex.search_captures(&input, &mut caps);
        if !caps.is_match() {
            return None;
        }
        let base = draft.body_range().start;
        let mut out = String::new();
        regex_automata::util::interpolate::string(
            replacement,
            |group, dst| {
                let Some(span) = caps.get_group(group) else {
                    return;
                };
                let range = match folded {
                    Some((f, _)) => base + f.original(span.start)..base + f.original(span.end),
                    None => span.range(),
                };
                // Never past the hit, which stops before the draft's last
                // line break (see `hit`): a group that reached it would put
                // the line break in twice.
                let end = hit.span.end;
                dst.push_str(
                    body.get(range.start.min(end)..range.end.min(end))
                        .unwrap_or_default(),
                );
            },
            |name| caps.group_info().to_index(PatternID::ZERO, name),
            &mut out,
        );
        Some(out)
    }

    /// Appends every match in `draft`'s body to `hits`.
    pub fn scan(&self, draft: &Draft, hits: &mut Vec<Hit>) {
        self.scan_until(draft, hits, &Stop::never());
    }

    /// [`Matcher::scan`], giving up (with some hits missing) once `stop` is
    /// due; the caller asks `stop` again to know.
    pub fn scan_until(&self, draft: &Draft, hits: &mut Vec<Hit>, stop: &Stop) {
        let base = draft.body_range().start;
        let body = draft.body();
        // (regex, where the search starts, the latest start of a match), in
        // the text the regex runs over (the body, or the folded text): run
        // a chunk at a time, since a long draft has millions.
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        // The hits of the candidates' regexes, kept apart to be put in the
        // order of a single run at the end (see `run_candidates`).
        let mut led: Vec<Hit> = Vec::new();
        // (regex, where its inner element may start).
        let mut inner: Vec<(usize, usize)> = Vec::new();
        if self.literals.is_some() || !self.words.is_empty() {
            let folded = draft.folded();
            let text = folded.text.as_str();
            let mut found = self.sets.find(text);
            let mut seen = Seen::default();
            if let Some(literals) = &self.literals {
                literals.for_each(text.as_bytes(), |start, end, literal| {
                    if !self.next_place(&mut seen, stop, draft, &mut candidates, &mut led) {
                        return;
                    }
                    // The words after this place, looked at for the first
                    // pattern that needs them.
                    let mut looked = false;
                    // Whether the literal here is whole words, asked once.
                    let mut whole = None;
                    for &target in &self.targets[literal] {
                        match target {
                            Target::Phrase {
                                owner,
                                word_start,
                                word_end,
                            } => {
                                if word_start
                                    && text[..start]
                                        .chars()
                                        .next_back()
                                        .is_some_and(is_spaced_word_char)
                                {
                                    continue;
                                }
                                if word_end
                                    && text[end..].chars().next().is_some_and(is_spaced_word_char)
                                {
                                    continue;
                                }
                                hits.push(Hit {
                                    owner,
                                    span: base + folded.original(start)
                                        ..base + folded.original(end),
                                    regex: None,
                                    folded: None,
                                });
                            }
                            Target::Anchor {
                                regex,
                                word_start,
                                after_space,
                            } => {
                                // `\b` before a word character needs a non-word
                                // character (or nothing) before it.
                                if word_start
                                    && text[start..]
                                        .chars()
                                        .next()
                                        .is_some_and(is_spaced_word_char)
                                    && text[..start]
                                        .chars()
                                        .next_back()
                                        .is_some_and(is_spaced_word_char)
                                {
                                    continue;
                                }
                                let space = start
                                    .checked_sub(1)
                                    .filter(|&space| after_space && text.as_bytes()[space] == b' ');
                                if self.regexes[regex].folded() {
                                    candidates.push((regex, space.unwrap_or(start), start));
                                    continue;
                                }
                                let at = base + folded.original(start);
                                let from = space.map_or(at, |space| base + folded.original(space));
                                candidates.push((regex, from, at));
                            }
                            Target::Lead { .. } | Target::Leads { .. } => {
                                if *whole.get_or_insert_with(|| whole_words(text, start..end)) {
                                    let (found, looked) = (&mut found, &mut looked);
                                    self.lead(target, start, found, looked, &mut candidates);
                                }
                            }
                            Target::Inner { regex } => {
                                if !text[..start]
                                    .chars()
                                    .next_back()
                                    .is_some_and(is_spaced_word_char)
                                {
                                    let at = if self.regexes[regex].folded() {
                                        start
                                    } else {
                                        base + folded.original(start)
                                    };
                                    inner.push((regex, at));
                                }
                            }
                        }
                    }
                });
            }
            self.words.for_each(text, |start, literal| {
                if !self.next_place(&mut seen, stop, draft, &mut candidates, &mut led) {
                    return;
                }
                let mut looked = false;
                for &target in &self.word_targets[literal] {
                    self.lead(target, start, &mut found, &mut looked, &mut candidates);
                }
            });
        }
        inner.sort_unstable();
        inner.dedup();
        for (index, end) in inner {
            let pattern = &self.regexes[index];
            if let Some(split) = &pattern.inner {
                let (haystack, from) = if pattern.folded() {
                    (draft.folded().text.as_str(), 0)
                } else {
                    (body, base)
                };
                split.starts(haystack, from, end, |at| candidates.push((index, at, at)));
                if candidates.len() >= CANDIDATES {
                    self.run_candidates(draft, &mut candidates, &mut led, stop);
                }
            }
        }
        self.run_candidates(draft, &mut candidates, &mut led, stop);
        if stop.is_due().is_some() {
            return;
        }
        // By regex, as if all candidates had been sorted and run at once
        // (stable: a regex's hits stay in the order they were found).
        led.sort_by_key(|h| h.regex);
        hits.append(&mut led);
        let which: Vec<usize>;
        let may_match: &[usize] = match &self.set {
            None => &self.unanchored,
            Some(set) if set.any.is_match(&body[base..]) => {
                let mut found = PatternSet::new(set.which.pattern_len());
                set.which
                    .which_overlapping_matches(&Input::new(&body[base..]), &mut found);
                which = found
                    .iter()
                    .map(|i| self.unanchored[i.as_usize()])
                    .collect();
                &which
            }
            Some(_) => &[],
        };
        for &index in may_match.iter().chain(&self.unanchored_folded) {
            if stop.is_due().is_some() {
                return;
            }
            let pattern = &self.regexes[index];
            let Some(regex) = pattern.get() else { continue };
            let haystack = self.haystack(draft, pattern);
            let from = if pattern.folded() { 0 } else { base };
            let Some(starts) = &pattern.starts else {
                let matches = regex.find_iter(Input::new(haystack).span(from..haystack.len()));
                for (n, m) in matches.enumerate() {
                    if stop.is_due_at(n + 1) {
                        return;
                    }
                    if !m.is_empty() {
                        self.hit(draft, index, m.range(), hits);
                    }
                }
                continue;
            };
            // As `find_iter`, trying only where a match can start.
            let mut at = from;
            let mut tried = 0;
            while let Some(start) = starts.next(haystack.as_bytes(), at) {
                tried += 1;
                if stop.is_due_at(tried) {
                    return;
                }
                let input = Input::new(haystack)
                    .span(start..haystack.len())
                    .anchored(Anchored::Yes);
                match regex.search(&input) {
                    Some(m) if !m.is_empty() => {
                        at = m.end();
                        self.hit(draft, index, m.range(), hits);
                    }
                    _ => at = start + 1,
                }
            }
        }
    }

    /// Counts one more place where a literal was found, and says whether to
    /// look at it: not once `stop` is due (the rest are skipped). Runs the
    /// candidates gathered so far when they make a chunk.
    fn next_place(
        &self,
        seen: &mut Seen,
        stop: &Stop,
        draft: &Draft,
        candidates: &mut Vec<(usize, usize, usize)>,
        led: &mut Vec<Hit>,
    ) -> bool {
        seen.places += 1;
        seen.stopped = seen.stopped || stop.is_due_at(seen.places);
        if seen.stopped {
            return false;
        }
        if candidates.len() >= CANDIDATES {
            self.run_candidates(draft, candidates, led, stop);
        }
        true
    }

    /// Adds the candidates of lead `target`, found as whole words at
    /// `start` in the folded text: each pattern it leads whose needed words
    /// follow.
    fn lead(
        &self,
        target: Target,
        start: usize,
        found: &mut needs::Found,
        looked: &mut bool,
        candidates: &mut Vec<(usize, usize, usize)>,
    ) {
        let mut each = |regex| {
            if self.needs_met(regex, start, found, looked) {
                candidates.push((regex, start, start));
            }
        };
        match target {
            Target::Lead { regex } => each(regex),
            Target::Leads { group } => self.groups[group].iter().for_each(|&regex| each(regex)),
            Target::Phrase { .. } | Target::Anchor { .. } | Target::Inner { .. } => {}
        }
    }

    /// Runs the regex of each of `candidates` (sorted, without repeats)
    /// where it may match, adding its hits to `led`, and empties it. A
    /// candidate repeated in two chunks finds the same match twice, which
    /// is harmless: checks take hits as a set.
    fn run_candidates(
        &self,
        draft: &Draft,
        candidates: &mut Vec<(usize, usize, usize)>,
        led: &mut Vec<Hit>,
        stop: &Stop,
    ) {
        candidates.sort_unstable();
        candidates.dedup();
        for (i, &(index, from, at)) in candidates.iter().enumerate() {
            if stop.is_due_at(i) {
                break;
            }
            let pattern = &self.regexes[index];
            let haystack = self.haystack(draft, pattern);
            // The leftmost match that starts between `from` and `at`:
            // anchored searches from each place, a few at most, where one
            // unanchored search could run on to the end of the draft.
            let found = (from..=at)
                .filter(|&start| haystack.is_char_boundary(start))
                .find_map(|start| pattern.expr.match_at(haystack, start));
            if let Some(m) = found
                && !m.is_empty()
            {
                self.hit(draft, index, m, led);
            }
        }
        candidates.clear();
    }

    /// May word pattern `regex`, found by its lead at `at`, match there: do
    /// the words it needs follow? `looked`: `found` looks at `at` already.
    fn needs_met(
        &self,
        regex: usize,
        at: usize,
        found: &mut needs::Found,
        looked: &mut bool,
    ) -> bool {
        let Some(need) = self.needs.of(regex) else {
            return true;
        };
        if !*looked {
            found.at(at);
            *looked = true;
        }
        found.allows(&self.needs, need)
    }

    /// The text regex `pattern` runs over.
    fn haystack<'d>(&self, draft: &'d Draft, pattern: &RuleRegex) -> &'d str {
        if pattern.folded() {
            draft.folded().text.as_str()
        } else {
            draft.body()
        }
    }

    /// The hits of regex `index` at `found` in the text it runs over, one
    /// for each pattern written as it.
    fn hit(&self, draft: &Draft, index: usize, found: Range<usize>, hits: &mut Vec<Hit>) {
        let pattern = &self.regexes[index];
        // A word pattern's match that runs to the end of the draft (its `$`)
        // ends at its last word, not on the line break after it: the
        // finding underlines the words, and a rewrite keeps the draft's last
        // line break. A rule's own regex keeps the span it matched.
        let haystack = self.haystack(draft, pattern).as_bytes();
        let mut found = found;
        if pattern.expr.head.is_some() && found.end == haystack.len() {
            let mut end = found.end;
            while end > found.start && haystack[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            if end > found.start {
                found.end = end;
            }
        }
        let (span, folded) = if pattern.folded() {
            let base = draft.body_range().start;
            let folded = draft.folded();
            (
                base + folded.original(found.start)..base + folded.original(found.end),
                Some(found),
            )
        } else {
            (found, None)
        };
        hits.extend(pattern.owners.iter().map(|&owner| Hit {
            owner,
            span: span.clone(),
            regex: Some(index),
            folded: folded.clone(),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A matcher for `rules`.
    fn of(rules: &[crate::rule::Rule]) -> Matcher {
        let mut uses = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            rule.kind.uses(index, &mut uses);
        }
        Matcher::new(uses).expect("the rules compile")
    }

    #[test]
    fn anchors_are_folded_prefixes() {
        assert_eq!(
            anchors(r"\byou (?:never|don['’]t) listen")
                .unwrap()
                .literals,
            ["you don't listen", "you never listen"]
        );
        assert_eq!(anchors("!{2,}").unwrap().literals, ["!!"]);
        assert!(anchors(r"(?-i)\b[A-Z]{4,}\b").is_none());
        assert!(anchors(r"\w+ing").is_none());
    }

    #[test]
    fn anchors_see_through_white_space_and_quotes() {
        assert_eq!(
            anchors(r"\byou\s+(?:stupid\s+)*(?:idiot|jerk)")
                .unwrap()
                .literals,
            ["you idiot", "you jerk", "you stupid "]
        );
        assert_eq!(
            anchors(r"(?i)don[’']t\s*go").unwrap().literals,
            ["don't go", "don'tgo"]
        );
        // Cut to whole characters at 16 bytes.
        assert_eq!(
            anchors("I have been thinking about you").unwrap().literals,
            ["i have been thin"]
        );
        // Thousands of prefixes, cut shorter until few enough are left.
        let times = anchors(r"(?-u:\b)[0-9]{1,2}(?::[0-9]{2})? ?(?:am|pm)").unwrap();
        assert!(times.literals.len() <= ANCHORS_MAX);
        assert!(times.literals.iter().all(|a| a.len() <= 4), "{times:?}");
        for time in ["7pm", "7 p", "10:", "12a"] {
            assert!(times.literals.contains(&time.to_string()), "{time}");
        }
        assert_eq!(
            anchors(r"(?m:^)[ \t]*answer me|stop").unwrap(),
            Anchors {
                literals: vec!["answer me".to_string(), "stop".to_string()],
                after_space: true
            }
        );
    }

    /// A matcher for one `avoid` regex, the spans it finds in `text`, and
    /// the spans `regex`'s `find_iter` finds.
    fn matcher_and_regex(
        pattern: &str,
        text: &str,
    ) -> (Matcher, Vec<Range<usize>>, Vec<Range<usize>>) {
        let toml =
            format!("kind = \"avoid\"\nmessage = \"m\"\n[[avoid]]\nregex = '''{pattern}'''\n");
        let rule = crate::rule::parse(std::path::Path::new("t.toml"), &toml, false).unwrap();
        let matcher = of(&[rule]);
        let mut hits = Vec::new();
        matcher.scan(&Draft::parse(text, crate::draft::Format::Text), &mut hits);
        let found = hits.iter().map(|h| h.span.clone()).collect();
        let regex = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .unwrap();
        let expected = regex.find_iter(text).map(|m| m.range()).collect();
        (matcher, found, expected)
    }

    /// Every match the regex itself finds in the draft is found by the
    /// matcher too, however its anchors were derived.
    #[test]
    fn anchored_regexes_miss_nothing() {
        let cases = [
            (
                r"(?m:^)[ \t]*answer me",
                "ok\n   answer me\nanswer me now\n\t answer me",
            ),
            (
                r"\byou\s+(?:stupid\s+)*idiot",
                "you idiot. You\n stupid  stupid\r\nidiot",
            ),
            (
                r"\bdon['’]t\s*go\b",
                "Don’t go, DON'T  GO, dont go, don'tgo",
            ),
            (r"!{2,}", "no!!! yes!!"),
            // Found by inner anchors, with overlapping matches.
            (
                r"\b(?:is|are|did|do)\s+(?:(?:\w|['’-])+\s+){0,3}?(?:your|ur)\s+(?:mom|job)\b",
                "Is your mom ok? did you and  your mom talk, is ur JOB is your job. this your mom",
            ),
            (r"\s+now\b", "do it  now, right\nnow"),
            (
                r"(?-u:\b)[0-9]{1,2}(?::[0-9]{2})? ?(?:(?:am|pm)(?-u:\b)|a\.m\.|p\.m\.)",
                "at 7pm, 10:30 am or 9 P.M. and 12:00PM",
            ),
        ];
        for (pattern, text) in cases {
            let (_, found, expected) = matcher_and_regex(pattern, text);
            assert!(!expected.is_empty(), "{pattern}");
            for span in expected {
                assert!(
                    found.contains(&span),
                    "{pattern} {span:?} in {text:?}: {found:?}"
                );
            }
        }
    }

    /// A word pattern found by its leads (whole first words) finds every
    /// match its regex finds, in every spelling and at word boundaries only.
    #[test]
    fn patterns_found_by_their_leads_miss_nothing() {
        let cases = [
            (
                "(please|pls)? never listen~",
                "u never listen. pls, never listened! nevermind; you never listening",
            ),
            ("don't go", "dont go. do not go, don't, go. i don't go-kart"),
            ("i'm going to leave", "im gonna leave, i am going, to leave"),
            (
                "sorry ...2 late",
                "sorry so late, sorry i was late. sorryy late",
            ),
        ];
        for (pattern, text) in cases {
            let toml = format!(
                "kind = \"avoid\"\nmessage = \"m\"\n[[avoid]]\npatterns = [\"{pattern}\"]\n"
            );
            let rule = crate::rule::parse(std::path::Path::new("t.toml"), &toml, false).unwrap();
            let matcher = of(&[rule]);
            assert!(matcher.regexes[0].expr.leads.is_some(), "{pattern}");
            let mut hits = Vec::new();
            matcher.scan(&Draft::parse(text, crate::draft::Format::Text), &mut hits);
            let found: Vec<_> = hits.iter().map(|h| h.span.clone()).collect();
            let regex = regex::Regex::new(&matcher.regexes[0].expr.source).unwrap();
            let expected: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
            assert!(expected.len() >= 2, "{pattern}: {expected:?}");
            for span in &expected {
                assert!(
                    found.contains(span),
                    "{pattern} {span:?} in {text:?}: {found:?}"
                );
            }
            // Never inside a word ("nevermind", "sorryy").
            for span in &found {
                assert!(
                    !text[..span.start].ends_with(char::is_alphanumeric)
                        && !text[span.end..].starts_with(char::is_alphanumeric),
                    "{pattern} {span:?} in {text:?}"
                );
            }
        }
    }

    /// Patterns that share a lead, each run only where the words it needs
    /// follow (see [`needs`]), find what their own regexes find, next to
    /// non-ASCII text too, and a pattern written in two rules is a hit for
    /// both.
    #[test]
    fn patterns_sharing_a_lead_miss_nothing() {
        let patterns = [
            "you never ...3 listen~",
            "you never call~",
            "you never (text|answer) ...2 back",
            "you never even care~",
            "you're going to regret~ this",
            "you ...2 owe me",
            "you don't ...2 get~ it",
            "you never (x-ray|well-being) me",
            "you never ! (stop|listen~) !",
            "you never (.|!) ...2 (ever|again)",
        ];
        let text = "u never really listened. You never call, ever! you never text me back. \
                    ur gonna regret this 😠 you still owe me. you never café listen. \
                    you never 😠 listen, you never call😠 you never even cared. \
                    u do not really get it; you dont got it. you never well-being me \
                    you never!stop! you never! Again and you never. ever";
        let list = patterns.map(|p| format!("\"{p}\"")).join(", ");
        let rule = |id: &str| {
            let toml =
                format!("kind = \"avoid\"\nmessage = \"m\"\n[[avoid]]\npatterns = [{list}]\n");
            crate::rule::parse(std::path::Path::new(&format!("{id}.toml")), &toml, false).unwrap()
        };
        let matcher = of(&[rule("a"), rule("b")]);
        assert_eq!(
            matcher.regexes.len(),
            patterns.len(),
            "one regex per pattern"
        );
        assert!(!matcher.groups.is_empty(), "the patterns share a lead");
        let draft = Draft::parse(text, crate::draft::Format::Text);
        let mut hits = Vec::new();
        matcher.scan(&draft, &mut hits);
        let folded = &draft.folded().text;
        for (index, pattern) in matcher.regexes.iter().enumerate() {
            let regex = regex::Regex::new(&pattern.expr.source).unwrap();
            let expected: Vec<_> = regex.find_iter(folded).map(|m| m.range()).collect();
            assert!(!expected.is_empty(), "{}", pattern.expr.source);
            for rule in [0, 1] {
                let mut found: Vec<_> = hits
                    .iter()
                    .filter(|h| h.regex == Some(index) && h.owner.rule == rule)
                    .map(|h| h.folded.clone().unwrap())
                    .collect();
                found.sort_by_key(|r| r.start);
                assert_eq!(found, expected, "{}", pattern.expr.source);
            }
        }
    }

    #[test]
    fn regexes_without_anchors_are_run_alone_or_as_a_set() {
        let one =
            "kind = \"avoid\"\nmessage = \"m\"\n[[avoid]]\nregex = '''(?-i)\\b[A-Z]{4,}\\b'''\n";
        let two = format!("{one}[[avoid]]\nregex = '''\\b\\w+ing\\b'''\n");
        let text = "STOP shouting at me, PLEASE";
        for (toml, mut expected) in [
            (one.to_string(), vec!["STOP", "PLEASE"]),
            (two, vec!["STOP", "PLEASE", "shouting"]),
        ] {
            let rule = crate::rule::parse(std::path::Path::new("t.toml"), &toml, false).unwrap();
            let matcher = of(&[rule]);
            assert_eq!(matcher.set.is_some(), expected.len() == 3);
            let mut hits = Vec::new();
            matcher.scan(&Draft::parse(text, crate::draft::Format::Text), &mut hits);
            let mut found: Vec<&str> = hits.iter().map(|h| &text[h.span.clone()]).collect();
            found.sort();
            expected.sort();
            assert_eq!(found, expected);
        }
    }

    /// A regex run only where its matches can start finds what `find_iter`
    /// finds, in any script.
    #[test]
    fn regexes_run_from_their_starts_miss_nothing() {
        let capitals = r"(?-i)(?-u:\b)(?:(?:\p{Lu}+['’]\p{Lu}+|\p{Lu}{2,})[ \t]+)+(?:\p{Lu}+['’]\p{Lu}+|\p{Lu}{4,})(?-u:\b)";
        for (pattern, text) in [
            (
                capitals,
                "quiet ÉCOUTE ÇA, STOP NOW. DON’T YELL AT ME; ΣΤΟΠ ΤΩΡΑ. I AM FINE",
            ),
            (
                r"(?-i)\b\p{Lu}{4,}\b",
                "quiet ÉCOUTE and STOP, ΣΤΟΠ now, AB ABCD",
            ),
            (r"\d+ ?(?:am|pm)", "at 7pm or ٣ pm, 10 AM"),
        ] {
            let (matcher, found, expected) = matcher_and_regex(pattern, text);
            assert!(matcher.regexes[0].starts.is_some(), "{pattern}");
            assert!(expected.len() >= 2, "{pattern}: {expected:?}");
            assert_eq!(found, expected, "{pattern}");
        }
    }
}
