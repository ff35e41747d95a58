//! Writing files so that a crash never leaves half a file behind: a
//! temporary file in the same folder, then a rename over the original.

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
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| Error::io(path, e))?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(temp.path(), permissions).map_err(|e| Error::io(path, e))?;
    }
    temp.persist(&target)
        .map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
