//! Errors that carry their context: which file, where in it, and what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::line_index::LineIndex;

/// A problem at a place in a file, shown as `path:line:column: message`.
/// Lines and columns are 1-based; columns count characters. Line 0 means no
/// position (the problem is in editor settings, not in a file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The file the problem is in.
    pub path: PathBuf,
    /// 1-based line; 0 when there is no position.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl Located {
    /// Locates byte `offset` of `source` (the text of `path`).
    pub fn at(path: &Path, source: &str, offset: usize, message: impl Into<String>) -> Located {
        Located::indexed(path, source, &LineIndex::new(source), offset, message)
    }

    /// [`Located::at`] with the `index` of `source` already built, for a
    /// file with many places to locate.
    pub fn indexed(
        path: &Path,
        source: &str,
        index: &LineIndex,
        offset: usize,
        message: impl Into<String>,
    ) -> Located {
        let (line, column) = index.line_column(source, offset);
        Located {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            // Not in a file (editor settings): no position to give.
            return write!(f, "{}: {}", self.path.display(), self.message);
        }
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Everything that stops draftlint from linting (as opposed to findings).
#[derive(Debug)]
pub enum Error {
    /// Broken rule or config files: every problem found, not only the first.
    Invalid(Vec<Located>),
    /// A file that could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// A draft that is not lintable text (binary, not UTF-8, too large).
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why it cannot be linted.
        reason: String,
    },
    /// Anything else, already phrased for the user.
    Other(String),
}

impl Error {
    /// An [`Error::Io`] reading `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Unreadable { path, reason } => write!(f, "{}: {reason}", path.display()),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<Located> for Error {
    fn from(located: Located) -> Error {
        Error::Invalid(vec![located])
    }
}
