//! Subcommands and their options (clap). Exit codes: 0 nothing at or above
//! `--fail-level` was found, 1 something was, 2 usage, config or rule errors.

mod check;
mod input;
mod output;
mod parallel;
mod rules;
mod schema;
mod test;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Lint a message draft before you send it.
#[derive(Parser)]
#[command(name = "draftlint", version, about, long_about = None)]
struct Cli {
    /// When to use colour: auto (a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Options that choose the rules.
#[derive(clap::Args, Clone, Default)]
pub struct RuleOptions {
    /// Use this config file instead of the nearest draftlint.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Ignore draftlint.toml files.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Extra rule files or folders (a rule with a built-in's id replaces it).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Lint drafts: files, folders (walked for .txt and .md) or - for stdin.
    Check(check::Args),
    /// List the rules in effect: id, kind, level and guide step.
    Rules {
        #[command(flatten)]
        rules: RuleOptions,
    },
    /// Explain a rule: what it checks, why, and examples.
    Explain {
        /// The rule id, e.g. no-pressure.
        rule: String,
        #[command(flatten)]
        rules: RuleOptions,
    },
    /// Write a commented draftlint.toml in the current folder.
    Init {
        /// Overwrite an existing draftlint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Write a new rule file, commented, with examples that pass `draftlint test`.
    NewRule {
        /// The rule's id, e.g. no-sarcasm (the file is ID.toml).
        id: String,
        /// What the rule does: flag words (avoid), ask for something
        /// (require), count (limit) or wait for a date (cooldown).
        #[arg(long, value_enum, default_value = "avoid")]
        kind: rules::NewKind,
        /// The folder to write it in (created if missing).
        #[arg(long, default_value = "rules")]
        dir: PathBuf,
    },
    /// Run the language server on standard input and output (for editors).
    Lsp,
    /// Print the JSON Schema of rule files, classes.toml, pack.toml or
    /// draftlint.toml, for editors to complete and check them.
    Schema {
        #[arg(value_enum)]
        file: schema::Schema,
    },
    /// Run the examples in rule files as tests (the built-in pack when no path is given).
    Test {
        /// Rule files or folders.
        paths: Vec<PathBuf>,
        /// Fail a rule that has no examples (otherwise a warning).
        #[arg(long)]
        strict: bool,
        /// Test again whenever a rule file changes, until interrupted.
        #[arg(long)]
        watch: bool,
    },
}

/// Parses the command line, runs the command, returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules { rules } => rules::list(&rules),
        Command::Explain { rule, rules } => rules::explain(&rule, &rules),
        Command::Init { force } => rules::init(force),
        Command::NewRule { id, kind, dir } => rules::new_rule(&id, kind, &dir),
        Command::Schema { file } => schema::print(file),
        Command::Test {
            paths,
            strict,
            watch,
        } => test::run(&paths, strict, watch),
        // The protocol: exit code 1 when the client exits without asking
        // the server to shut down first.
        Command::Lsp => draftlint::lsp::run_stdio()
            .map(|clean| if clean { 0 } else { 1 })
            .map_err(|e| draftlint::Error::Other(format!("language server: {e}"))),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            anstream::eprintln!("draftlint: {e}");
            2
        }
    }
}

/// Builds a linter per config file in effect, once each.
pub struct Linters {
    options: RuleOptions,
    cache: std::collections::HashMap<Option<PathBuf>, std::sync::Arc<draftlint::Linter>>,
}

impl Linters {
    pub fn new(options: RuleOptions) -> Linters {
        Linters {
            options,
            cache: Default::default(),
        }
    }

    /// The config file that applies to a draft in `dir`.
    fn config_path(&self, dir: &std::path::Path) -> Option<PathBuf> {
        if self.options.no_config {
            None
        } else if let Some(path) = &self.options.config {
            Some(path.clone())
        } else {
            // Walk up from where the draft really is, not from a relative path,
            // and name what is found as the drafts are named: relative to the
            // current folder when it is inside it.
            let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
            let found = draftlint::config::Config::find(&dir)?;
            let cwd = std::env::current_dir().ok();
            match cwd.as_deref().and_then(|cwd| found.strip_prefix(cwd).ok()) {
                Some(inside) => Some(inside.to_path_buf()),
                None => Some(found),
            }
        }
    }

    /// The linter for a draft in `dir`.
    pub fn for_dir(
        &mut self,
        dir: &std::path::Path,
    ) -> Result<std::sync::Arc<draftlint::Linter>, draftlint::Error> {
        let path = self.config_path(dir);
        if let Some(linter) = self.cache.get(&path) {
            return Ok(linter.clone());
        }
        let linter = std::sync::Arc::new(draftlint::Linter::from_config(
            path.as_deref(),
            None,
            &self.options.rules,
        )?);
        self.cache.insert(path, linter.clone());
        Ok(linter)
    }

    /// Every rule of every linter built so far, once per id.
    pub fn all_rules(&self) -> Vec<draftlint::rule::Rule> {
        let mut rules: Vec<draftlint::rule::Rule> = Vec::new();
        for linter in self.cache.values() {
            for rule in linter.rules() {
                if !rules.iter().any(|r| r.id == rule.id) {
                    rules.push(rule.clone());
                }
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        rules
    }
}
