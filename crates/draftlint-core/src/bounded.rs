//! Reading rule files, word classes and `draftlint.toml`: untrusted input.
//!
//! A cloned repository decides what its rule folder and config contain, so
//! reading them must not hang or exhaust the process: only regular files
//! are read (a FIFO would block forever, `/dev/zero` never end), each up to
//! [`MAX_FILE`] bytes; a rule folder is walked without leaving it (a link
//! that points outside is skipped, so are loops) and up to [`MAX_FILES`]
//! files and [`MAX_DEPTH`] folders deep.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The largest rule, classes or config file read (the largest built-in one
/// is under a tenth of it).
pub const MAX_FILE: u64 = 1 << 20;
/// The most `*.toml` files one rule folder may hold.
pub const MAX_FILES: usize = 10_000;
/// How deep folders inside a rule folder are walked.
pub const MAX_DEPTH: usize = 32;

/// The text of `path`, if it is a regular file of at most [`MAX_FILE`]
/// bytes of UTF-8.
pub fn read_to_string(path: &Path) -> Result<String, Error> {
    let refuse = |reason: String| Error::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(refuse("not a regular file".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(refuse(format!("larger than {} KiB", MAX_FILE >> 10)));
    }
    String::from_utf8(bytes).map_err(|_| refuse("not UTF-8 text".into()))
}

/// The `*.toml` files below `root` but those named in `skip`, sorted, walking only
/// folders inside `root`: a link is followed only when it leads to a place
/// inside `root` that has not been seen, and only regular files are taken.
pub fn toml_files(root: &Path, skip: &[&str]) -> Result<Vec<PathBuf>, Error> {
    let top = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let mut seen = HashSet::from([top.clone()]);
    // (path, where it really is): a file reached twice is read once.
    let mut out: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut pending = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&dir, e))?.path();
            // Where it really is: outside the root, or seen before, it is
            // left out.
            let Ok(real) = std::fs::canonicalize(&path) else {
                continue;
            };
            if !real.starts_with(&top) {
                continue;
            }
            let Ok(meta) = std::fs::metadata(&real) else {
                continue;
            };
            if meta.is_dir() {
                if !seen.insert(real) {
                    continue;
                }
                if depth + 1 > MAX_DEPTH {
                    return Err(Error::Unreadable {
                        path: path.clone(),
                        reason: format!("rule folders nest more than {MAX_DEPTH} deep"),
                    });
                }
                pending.push((path, depth + 1));
            } else if meta.is_file()
                && path.extension().is_some_and(|e| e == "toml")
                && path
                    .file_name()
                    .is_some_and(|n| !skip.iter().any(|s| n == *s))
            {
                out.push((path, real));
                if out.len() > MAX_FILES {
                    return Err(Error::Unreadable {
                        path: root.to_path_buf(),
                        reason: format!("more than {MAX_FILES} rule files"),
                    });
                }
            }
        }
    }
    out.sort();
    let mut files = HashSet::new();
    Ok(out
        .into_iter()
        .filter(|(_, real)| files.insert(real.clone()))
        .map(|(path, _)| path)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_and_oversized_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_FILE as usize + 1]).unwrap();
        assert!(
            read_to_string(&big)
                .unwrap_err()
                .to_string()
                .contains("larger than")
        );
        assert!(
            read_to_string(dir.path())
                .unwrap_err()
                .to_string()
                .contains("not a regular file")
        );
        #[cfg(unix)]
        {
            let zero = read_to_string(Path::new("/dev/zero")).unwrap_err();
            assert!(zero.to_string().contains("not a regular file"), "{zero}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn walks_stay_inside_the_root_and_end() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.toml"), "kind = \"SECRET\"").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("rules");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.toml"), "").unwrap();
        std::fs::write(root.join("sub/b.toml"), "").unwrap();
        std::fs::write(root.join("draftlint.toml"), "").unwrap();
        symlink(".", root.join("loop1")).unwrap();
        symlink("..", root.join("sub/loop2")).unwrap();
        symlink(outside.path(), root.join("away")).unwrap();
        symlink("/", root.join("slash")).unwrap();
        symlink(root.join("a.toml"), root.join("again.toml")).unwrap();
        let files = toml_files(&root, &["draftlint.toml"]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.toml", "sub/b.toml"]);
    }
}
