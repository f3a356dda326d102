//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request at the file, line and column.

use std::fmt::Write;

use super::Range;
use crate::diagnostic::Severity;
use crate::engine::FileReport;

/// Escapes the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            let at = Range::of(&r.source, d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&r.source.name),
                at.start.line,
                at.start.column,
                at.end.line,
                at.end.column,
                property(&format!("kuiperlint {}", d.code)),
                data(&d.message)
            );
        }
    }
    super::redact(out, reports)
}
