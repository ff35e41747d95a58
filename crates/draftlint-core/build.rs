//! Embeds the built-in rule packs (`rules/<pack>/`: `pack.toml`, an
//! optional `classes.toml` and the rule files) into the binary, and tells
//! the crate where its other data files are (`DRAFTLINT_ASSETS`).

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// `(path as the pack names it, absolute path)`, for `include_str!`.
fn entry(pack: &str, file: &Path) -> String {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .expect("UTF-8 file name");
    println!("cargo::rerun-if-changed={}", file.display());
    format!(
        "(\"rules/{pack}/{name}\", include_str!({:?}))",
        file.display()
    )
}

fn main() {
    // The packs live at the top of the repository, in rules/, beside the
    // schemas their files name and data/. The crate's own rules/, schemas/
    // and data/ are links to them, so that a published package carries the
    // files; a checkout without links (Windows, by default) has plain
    // files there, and the build reads the top of the repository instead.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = if manifest.join("rules").is_dir() {
        manifest.to_path_buf()
    } else {
        manifest.join("../..")
    };
    let root = root.as_path();
    println!("cargo::rustc-env=DRAFTLINT_ASSETS={}", root.display());
    println!("cargo::rerun-if-changed={}", root.join("rules").display());
    let mut packs: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
        .expect("rules/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("pack.toml").is_file())
        .collect();
    packs.sort();
    let mut out = String::from(
        "/// The built-in packs, as their files.\npub static EMBEDDED: &[Embedded] = &[\n",
    );
    for dir in packs {
        let pack = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 folder name");
        println!("cargo::rerun-if-changed={}", dir.display());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("a pack folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        let special = |p: &Path, name: &str| p.file_name().is_some_and(|n| n == name);
        let classes = files
            .iter()
            .find(|p| special(p, "classes.toml"))
            .map_or("None".to_string(), |p| format!("Some({})", entry(pack, p)));
        let rules: Vec<String> = files
            .iter()
            .filter(|p| !special(p, "classes.toml") && !special(p, "pack.toml"))
            .map(|p| entry(pack, p))
            .collect();
        writeln!(
            out,
            "    Embedded {{\n        name: {pack:?},\n        manifest: {},\n        classes: {classes},\n        rules: &[\n            {},\n        ],\n    }},",
            entry(pack, &dir.join("pack.toml")),
            rules.join(",\n            ")
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("packs.rs");
    std::fs::write(dest, out).expect("write packs.rs");
}
