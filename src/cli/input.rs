//! Finding drafts (files, folders, stdin) and reading them safely.

use std::io::Read;
use std::path::{Path, PathBuf};

use draftlint::{Error, MAX_DRAFT_BYTES};

/// Where a draft comes from.
#[derive(Clone, Debug)]
pub enum Source {
    File(PathBuf),
    /// Standard input, shown under this name.
    Stdin(PathBuf),
}

impl Source {
    pub fn path(&self) -> &Path {
        match self {
            Source::File(p) | Source::Stdin(p) => p,
        }
    }
}

/// Expands paths: `-` is stdin, folders are walked (honouring .gitignore and
/// skipping hidden files) for `.txt` and Markdown files, files are kept as given.
pub fn expand(paths: &[PathBuf], stdin_name: Option<&Path>) -> Result<Vec<Source>, Error> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Source::Stdin(
                stdin_name.map_or_else(|| PathBuf::from("<stdin>"), Path::to_path_buf),
            ));
        } else if path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in ignore::WalkBuilder::new(path).require_git(false).build() {
                let entry = entry.map_err(|e| Error::Other(e.to_string()))?;
                let p = entry.path();
                let wanted = p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("txt")
                        || draftlint::draft::MARKDOWN_EXTENSIONS
                            .iter()
                            .any(|x| e.eq_ignore_ascii_case(x))
                });
                if wanted && entry.file_type().is_some_and(|t| t.is_file()) {
                    found.push(p.to_path_buf());
                }
            }
            found.sort();
            out.extend(found.into_iter().map(Source::File));
        } else if path.exists() {
            out.push(Source::File(path.clone()));
        } else {
            return Err(Error::Other(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    // The same file named twice (or found in two folders given) is linted,
    // and fixed, once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|source| match source {
        Source::File(path) => seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone())),
        Source::Stdin(_) => true,
    });
    Ok(out)
}

/// Reads a draft: refuses binary files, text that is not UTF-8 and anything
/// over [`MAX_DRAFT_BYTES`], each with a message that says why.
pub fn read(source: &Source) -> Result<String, Error> {
    let path = source.path();
    let mut bytes = Vec::new();
    let limit = MAX_DRAFT_BYTES as u64 + 1;
    let read = match source {
        Source::Stdin(_) => std::io::stdin().lock().take(limit).read_to_end(&mut bytes),
        Source::File(p) => {
            std::fs::File::open(p).and_then(|f| f.take(limit).read_to_end(&mut bytes))
        }
    };
    read.map_err(|e| Error::io(path, e))?;
    decode(path, bytes)
}

/// Checks and converts the bytes of a draft.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    let unreadable = |reason: String| Error::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    if bytes.len() > MAX_DRAFT_BYTES {
        return Err(unreadable(format!(
            "larger than {} MiB; draftlint reads drafts up to that size",
            MAX_DRAFT_BYTES >> 20
        )));
    }
    if bytes.contains(&0) {
        return Err(unreadable(
            "looks like a binary file (it has NUL bytes); skipped".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        unreadable(format!(
            "not UTF-8 text (invalid byte 0x{:02X} at line {line}, column {column}); save it as UTF-8",
            bytes[valid]
        ))
    })
}
