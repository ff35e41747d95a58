//! Embeds the built-in rule packs (`rules/<pack>/*.toml`) into the binary.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo::rerun-if-changed=rules");
    let mut files: Vec<_> = std::fs::read_dir(root.join("rules/gentle"))
        .expect("rules/gentle exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "classes.toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// `(path, text)` of each rule file of the `gentle` pack.\npub static GENTLE: &[(&str, &str)] = &[\n",
    );
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        println!("cargo::rerun-if-changed={}", file.display());
        writeln!(
            out,
            "    (\"rules/gentle/{name}\", include_str!({:?})),",
            file.display()
        )
        .expect("write to String");
    }
    out.push_str("];\n");
    let classes = root.join("rules/gentle/classes.toml");
    println!("cargo::rerun-if-changed={}", classes.display());
    writeln!(
        out,
        "/// `(path, text)` of the `gentle` pack's word classes.\npub static GENTLE_CLASSES: (&str, &str) = (\"rules/gentle/classes.toml\", include_str!({:?}));",
        classes.display()
    )
    .expect("write to String");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("packs.rs");
    std::fs::write(dest, out).expect("write packs.rs");
}
