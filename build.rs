//! Embeds every JSON Schema under `schemas/` (but not its test cases or generator) into the
//! binary, so kuiperlint never reads schemas from disk or the network at run time.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("schemas/ is readable")
        .map(|e| e.expect("schemas/ entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_dir() {
            if name != "tests" && name != "generator" {
                collect(&path, root, out);
            }
        } else if let Some(stem) = name.strip_suffix(".json") {
            let rel_dir = path.parent().unwrap().strip_prefix(root).unwrap();
            let rel = rel_dir.join(stem).to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    println!("cargo:rerun-if-changed=schemas");
    let mut schemas = Vec::new();
    collect(&root, &root, &mut schemas);
    let mut code = String::from("/// Every schema: its name (path under `schemas/` without `.json`) and its text.\npub static EMBEDDED: &[(&str, &str)] = &[\n");
    for (name, path) in &schemas {
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_schemas.rs");
    std::fs::write(out, code).unwrap();
}
