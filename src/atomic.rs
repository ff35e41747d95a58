//! Writing files so that a crash never leaves half a file behind: a
//! temporary file in the same folder, then a rename over the original, and
//! the folder synced. A file that a new copy would betray is refused
//! instead: read-only, with other hard links, or owned by someone else.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `text` to `path` atomically, keeping an existing file's
/// permissions and writing through a symbolic link to its target.
pub fn write(path: &Path, text: &str) -> Result<(), Error> {
    let target = if path.exists() {
        std::fs::canonicalize(path).map_err(|e| Error::io(path, e))?
    } else {
        path.to_path_buf()
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let existing = std::fs::metadata(&target).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        return Err(Error::Other(format!(
            "{}: the file is read-only; not rewritten (make it writable to fix it)",
            path.display()
        )));
    }
    // Dropped on any error below, the temporary file is removed.
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    if let Some(meta) = &existing
        && let Ok(mine) = temp.as_file().metadata()
        && let Some(why) = unix::would_lose(meta, &mine)
    {
        return Err(Error::Other(format!(
            "{}: {why}; not rewritten",
            path.display()
        )));
    }
    let permissions = existing.map(|m| m.permissions());
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    // A new file gets the usual rw-r--r--, not the temporary file's
    // owner-only mode: a config or rule file is shared with a repository.
    #[cfg(unix)]
    let permissions = permissions.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(permissions) = permissions {
        std::fs::set_permissions(temp.path(), permissions).map_err(|e| Error::io(path, e))?;
    }
    temp.persist(&target)
        .map_err(|e| Error::io(path, e.error))?;
    // The rename is only durable once the folder is.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::MetadataExt;

    /// What replacing the file (`meta`) by a new one (`new`, just created)
    /// would lose: its other hard links (they would keep the old text) or
    /// its owner (the new file belongs to whoever runs draftlint).
    pub fn would_lose(meta: &std::fs::Metadata, new: &std::fs::Metadata) -> Option<String> {
        if meta.nlink() > 1 {
            return Some(format!(
                "it has {} hard links, which would keep the old text",
                meta.nlink()
            ));
        }
        (new.uid() != meta.uid() || new.gid() != meta.gid()).then(|| {
            "it belongs to another user or group, and a rewritten copy would not".to_string()
        })
    }
}

#[cfg(not(unix))]
mod unix {
    pub fn would_lose(_: &std::fs::Metadata, _: &std::fs::Metadata) -> Option<String> {
        None
    }
}
