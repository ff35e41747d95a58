//! `draftlint schema`: the JSON Schemas of the files users write, for
//! editors (taplo, Even Better TOML) to complete and check them as you type.
//! `init` and `new-rule` put one beside the file they write and point to it
//! with a `#:schema` line, so this works without a network.

use std::path::{Path, PathBuf};

use draftlint::Error;

/// The files draftlint reads that have a schema.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Schema {
    /// A rule file.
    Rule,
    /// A `classes.toml` of word classes.
    Classes,
    /// A pack's `pack.toml`.
    Pack,
    /// `draftlint.toml`.
    Config,
}

impl Schema {
    /// The schema, as committed in schemas/ (a test keeps it current).
    pub fn text(self) -> &'static str {
        match self {
            Schema::Rule => draftlint::schema::RULE,
            Schema::Classes => draftlint::schema::CLASSES,
            Schema::Pack => draftlint::schema::PACK,
            Schema::Config => draftlint::schema::CONFIG,
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Schema::Rule => "rule.schema.json",
            Schema::Classes => "classes.schema.json",
            Schema::Pack => "pack.schema.json",
            Schema::Config => "draftlint.schema.json",
        }
    }

    /// Writes the schema into `dir` (replacing an older one draftlint
    /// wrote) and returns the `#:schema` line that points to it.
    pub fn write_beside(self, dir: &Path) -> Result<String, Error> {
        let path: PathBuf = dir.join(self.file_name());
        if path
            .symlink_metadata()
            .is_ok_and(|m| !m.file_type().is_file())
        {
            return Err(Error::Other(format!(
                "{} is not a regular file: remove it, and draftlint writes the schema there",
                path.display()
            )));
        }
        draftlint::atomic::write(&path, self.text())?;
        Ok(format!("#:schema ./{}\n", self.file_name()))
    }
}

/// Prints the schema of `schema`'s files.
pub fn print(schema: Schema) -> Result<i32, Error> {
    anstream::print!("{}", schema.text());
    Ok(0)
}
