//! What several test files share.

use std::fs;
use std::path::PathBuf;

/// Every `check --format`.
#[allow(dead_code)]
pub const FORMATS: &[&str] = &[
    "human",
    "concise",
    "json",
    "sarif",
    "github",
    "junit",
    "getstatus",
];

/// Every file under `fixtures/` whose extension is one of `extensions`, sorted.
#[allow(dead_code)]
pub fn fixture_files(extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![PathBuf::from("fixtures")];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

// The position tests' helpers: each test binary uses some of them.

use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::report::Range;

/// Checks the file at `path` (named so in the report) for `target`.
#[allow(dead_code)]
pub fn check_file(path: &str, target: Version) -> FileReport {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    check_bytes(path.to_string(), bytes, &CheckOptions { target })
}

/// Checks `text` as if it were a file called `name` (its extension picks the kind).
#[allow(dead_code)]
pub fn check_text(name: &str, text: &str, target: Version) -> FileReport {
    check_bytes(
        name.to_string(),
        text.as_bytes().to_vec(),
        &CheckOptions { target },
    )
}

/// One finding as the position tests compare it: where it starts and ends (1-based line and
/// column), the text of the file under its byte span, its entry and the pointer inside it.
#[allow(dead_code)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub code: &'static str,
    pub severity: Severity,
    pub start: (usize, usize),
    pub end: (usize, usize),
    pub bytes: (usize, usize),
    pub text: String,
    pub path: String,
    pub inner: String,
}

/// Every finding of `report`, located.
#[allow(dead_code)]
pub fn located(report: &FileReport) -> Vec<Located> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let r = Range::of(&report.source, d.span);
            Located {
                code: d.code,
                severity: d.severity,
                start: (r.start.line, r.start.column),
                end: (r.end.line, r.end.column),
                bytes: (d.span.start, d.span.end),
                text: report.source.text[d.span.range()].to_string(),
                path: d.path.clone(),
                inner: d
                    .inner
                    .as_ref()
                    .map(|i| i.pointer.clone())
                    .unwrap_or_default(),
            }
        })
        .collect()
}
