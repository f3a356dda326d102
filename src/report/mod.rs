//! Rendering findings: `human` (miette snippets), `concise` (one line each), `json` (the public
//! machine-readable contract, see docs/json-output.md), and the CI formats `sarif`, `github`,
//! `junit` and `getstatus` (docs/output-formats.md).

pub mod baseline;
pub mod catalog;
mod concise;
pub mod diff;
mod getstatus;
mod github;
pub mod graph;
mod human;
mod json;
mod junit;
pub mod migrate;
mod sarif;

pub use concise::render_concise;
pub use getstatus::render_getstatus;
pub use github::render_github;
pub use human::{render_human, HumanOptions};
pub use json::{render_json, JSON_REPORT_VERSION};
pub use junit::render_junit;
pub use sarif::render_sarif;

use crate::bundle::SourceFile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::FileReport;
use crate::source::span::Position;

/// Start and end position of a span in a file: 1-based lines and columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

impl Range {
    pub fn of(source: &SourceFile, span: crate::source::span::Span) -> Range {
        Range {
            start: source.position(span.start),
            end: source.position(span.end),
        }
    }
}

/// Counts of findings per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub hint: usize,
}

impl Counts {
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
                Severity::Hint => c.hint += 1,
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info + self.hint
    }

    /// "2 errors, 1 warning" (only the non-zero ones), or "no problems".
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            (self.error, "error"),
            (self.warning, "warning"),
            (self.info, "info"),
            (self.hint, "hint"),
        ]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, word)| {
            format!(
                "{n} {word}{}",
                if n == 1 || word == "info" { "" } else { "s" }
            )
        })
        .collect();
        if parts.is_empty() {
            "no problems".into()
        } else {
            parts.join(", ")
        }
    }
}

/// `rendered` with the secret values of every report masked.
fn redact(rendered: String, reports: &[FileReport]) -> String {
    let masked: Vec<String> = reports
        .iter()
        .flat_map(|r| r.masked.iter().cloned())
        .collect();
    if masked.is_empty() {
        rendered
    } else {
        crate::analysis::secrets::mask(&rendered, &masked)
    }
}

/// `--statistics`: how many findings each code has, most frequent first.
pub fn render_statistics(reports: &[FileReport]) -> String {
    let mut per_code: std::collections::BTreeMap<&str, (usize, Severity)> = Default::default();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        per_code.entry(d.code).or_insert((0, d.severity)).0 += 1;
    }
    let mut rows: Vec<_> = per_code.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (code, (n, severity)) in rows {
        let name = crate::lints::find(code).map_or("", |l| l.name);
        out.push_str(&format!(
            "{n:>6}  {code}  {:<7}  {name}\n",
            severity.as_str()
        ));
    }
    out
}

/// All findings of a run, for summaries.
pub fn counts(reports: &[FileReport]) -> Counts {
    Counts::of(reports.iter().flat_map(|r| &r.diagnostics))
}

/// The line `check` ends with on standard error: how many files were read as which kind, and
/// what they define.
pub fn run_summary(reports: &[FileReport]) -> String {
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for r in reports {
        match kinds.iter_mut().find(|(k, _)| *k == r.kind.name()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((r.kind.name(), 1)),
        }
    }
    let kinds: Vec<String> = kinds
        .iter()
        .map(|(k, n)| format!("{n} {} as {k}", if *n == 1 { "file" } else { "files" }))
        .collect();
    let mut line = format!(
        "kuiperlint: checked {}; found {}",
        kinds.join(", "),
        crate::analysis::project::summary(reports.len(), reports.iter().map(|r| &r.definitions))
    );
    // A file read as something kuiperlint does not check is named, never passed over silently.
    let unchecked: Vec<&str> = reports
        .iter()
        .filter(|r| !r.kind.is_checked())
        .map(|r| r.source.name.as_str())
        .collect();
    if !unchecked.is_empty() {
        let shown = unchecked
            .iter()
            .take(5)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let more = match unchecked.len() {
            n if n > 5 => format!(" and {} more", n - 5),
            _ => String::new(),
        };
        line += &format!(
            "\nkuiperlint: not checked (not eKuiper configuration; --kind to force one): {shown}{more}"
        );
    }
    line
}
