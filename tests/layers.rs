//! The crate's layers (src/lib.rs, docs/architecture.md): each top-level module uses only the
//! modules before it in [`LAYERS`], so data flows one way and no two modules import each other.
//! A `use` that goes the other way fails here, with the file and the path.
//!
//! Unit tests (`#[cfg(test)]` modules and `tests.rs` files) are exempt: a test of the source map
//! may well build its input with the JSON parser above it.

use std::path::Path;

/// Lowest first. `main.rs` and `lib.rs` sit above all of them.
const LAYERS: &[&str] = &[
    "source",
    "diagnostic",
    "ekuiper",
    "bundle",
    "analysis",
    "lints",
    "config",
    "engine",
    "migrate",
    "fix",
    "diff",
    "report",
    "server",
    "cli",
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// The text of a source file without its `#[cfg(test)]` items (a module or a function: the
/// attribute, then everything to the matching close brace).
fn without_tests(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let Some(open) = item.find('{') else {
            return out;
        };
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every top-level module named as `crate::<module>` in `text`.
fn crate_paths(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .filter(|(at, _)| {
            // `kuiperlint::` in doc examples is the same crate seen from outside; skip
            // `$crate::` (macros) too, which always names the macro's own layer.
            !text[..*at].ends_with('$')
        })
        .map(|(at, m)| {
            let rest = &text[at + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

fn source_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_import_goes_down_the_layers() {
    let mut files = Vec::new();
    source_files(Path::new("src"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix("src").unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs");
        if top == "main" || top == "lib" || rel.ends_with("tests.rs") {
            continue;
        }
        let own = rank(top).unwrap_or_else(|| {
            panic!("src/{top} is in no layer: add it to LAYERS and docs/architecture.md")
        });
        let text = without_tests(&std::fs::read_to_string(file).unwrap());
        for used in crate_paths(&text) {
            checked += 1;
            match rank(used) {
                Some(r) if r <= own => {}
                Some(_) => wrong.push(format!("{}: {top} uses crate::{used}", file.display())),
                None => wrong.push(format!("{}: crate::{used} is in no layer", file.display())),
            }
        }
    }
    assert!(checked > 100, "the imports were found ({checked})");
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_an_upward_import() {
    let text = "use crate::report::render;\n#[cfg(test)]\nmod tests { use crate::cli; }\n";
    assert_eq!(crate_paths(&without_tests(text)), ["report"]);
}
