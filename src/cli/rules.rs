//! `draftlint rules`, `draftlint explain`, `draftlint init` and
//! `draftlint new-rule`.

use std::fmt::Write;
use std::path::Path;

use draftlint::Error;

use super::{Linters, RuleOptions};

/// Prints id, kind, level, step and origin (pack or file) of each rule in
/// effect, then which packs apply.
pub fn list(options: &RuleOptions) -> Result<i32, Error> {
    let linter = Linters::new(options.clone()).for_dir(Path::new("."))?;
    let mut out = format!(
        "{:<22} {:<9} {:<8} {:<5} {}\n",
        "ID", "KIND", "LEVEL", "STEP", "FROM"
    );
    for rule in linter.rules() {
        let from = match &rule.pack {
            Some(pack) => format!("pack {pack}"),
            None => rule.source.path.display().to_string(),
        };
        let step = rule
            .step
            .map(|s| s.to_string())
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{:<22} {:<9} {:<8} {:<5} {from}",
            rule.id,
            rule.kind.name(),
            rule.level,
            step
        );
    }
    let applies: Vec<&str> = linter.packs().iter().map(|p| &**p).collect();
    let _ = writeln!(
        out,
        "\nPacks that apply: {} (a draft may choose others with `pack:` in its front matter).",
        if applies.is_empty() {
            "none".to_string()
        } else {
            applies.join(", ")
        }
    );
    anstream::print!("{out}");
    Ok(0)
}

/// Prints what a rule checks, why, and its examples.
pub fn explain(id: &str, options: &RuleOptions) -> Result<i32, Error> {
    let linter = Linters::new(options.clone()).for_dir(Path::new("."))?;
    let Some(rule) = linter.rule(id) else {
        let ids = linter.rules().iter().map(|r| &*r.id);
        let meant = match draftlint::suggest::closest(id, ids) {
            Some(close) => format!(" (did you mean `{close}`?)"),
            None => String::new(),
        };
        return Err(Error::Other(format!(
            "no rule `{id}`{meant}; `draftlint rules` lists them"
        )));
    };
    anstream::print!("{}", draftlint::docs::page(rule));
    Ok(0)
}

/// Writes a commented `draftlint.toml` listing every built-in rule.
pub fn init(force: bool) -> Result<i32, Error> {
    let path = Path::new(draftlint::config::FILE_NAME);
    // A link named draftlint.toml (even a dangling one) could send the
    // config anywhere: init writes only a file of its own.
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(Error::Other(format!(
            "{} is a symbolic link: remove it, or write the config where it points",
            path.display()
        )));
    }
    if path.exists() && !force {
        return Err(Error::Other(format!(
            "{} exists already (use --force to overwrite it)",
            path.display()
        )));
    }
    let rules = draftlint::rule::pack::all()?;
    // Editors read the schema beside the file (`draftlint schema config`).
    let mut out = super::schema::Schema::Config.write_beside(Path::new("."))?;
    out.push_str(
        "# draftlint configuration. It applies to drafts in this folder and below.\n\
         # Each rule can be switched off (\"off\"), given a level (\"error\",\n\
         # \"warning\", \"info\", \"hint\") or have its settings changed.\n\n\
         # The built-in packs whose rules apply (a draft may choose others with\n\
         # `pack:` in its front matter):\n",
    );
    for name in draftlint::rule::pack::names() {
        if let Some(info) = draftlint::rule::pack::info(name) {
            let _ = writeln!(out, "#   {name}: {}", info.description);
        }
    }
    let _ = write!(
        out,
        "packs = [\"{}\"]\n\n\
         # Folders of your own rule files, relative to this file.\n# rule-dirs = [\"rules\"]\n\n[rules]\n",
        draftlint::rule::pack::DEFAULT
    );
    for rule in &rules {
        let settings: String = rule
            .kind
            .settings()
            .iter()
            .map(|(key, value)| format!(", {key} = {value}"))
            .collect();
        let _ = writeln!(
            out,
            "# {} = {{ level = \"{}\"{settings} }}",
            rule.id, rule.level
        );
    }
    draftlint::atomic::write(path, &out)?;
    anstream::println!("Wrote {}", path.display());
    Ok(0)
}

/// The kinds `new-rule` has a template for.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NewKind {
    Avoid,
    Require,
    Limit,
    Cooldown,
}

/// Writes `dir/ID.toml`: a commented rule of `kind` whose examples pass.
pub fn new_rule(id: &str, kind: NewKind, dir: &Path) -> Result<i32, Error> {
    let valid = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        return Err(Error::Other(format!(
            "`{id}` is not a rule id: use lower-case letters, digits and hyphens, starting with a letter (no-sarcasm)"
        )));
    }
    let template = match kind {
        NewKind::Avoid => include_str!("templates/avoid.toml"),
        NewKind::Require => include_str!("templates/require.toml"),
        NewKind::Limit => include_str!("templates/limit.toml"),
        NewKind::Cooldown => include_str!("templates/cooldown.toml"),
    };
    let path = dir.join(format!("{id}.toml"));
    if path.symlink_metadata().is_ok() {
        return Err(Error::Other(format!(
            "{} exists already: choose another id or folder",
            path.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut text = super::schema::Schema::Rule.write_beside(dir)?;
    text.push_str(
        &template
            .replace("{id}", id)
            .replace("{dir}", &dir.display().to_string()),
    );
    draftlint::atomic::write(&path, &text)?;
    anstream::println!(
        "Wrote {}. Try it: draftlint test {}",
        path.display(),
        dir.display()
    );
    Ok(0)
}
