//! `--format json`. The field names here are a public contract: add fields, never rename or
//! remove one (docs/json-output.md).

use serde::Serialize;

use super::{counts, Counts, Range};
use crate::bundle::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::engine::FileReport;
use crate::source::span::Span;

/// Bumped only if a field ever has to change meaning.
pub const JSON_REPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Counts,
    /// Each file checked and the kind it was read as.
    inputs: Vec<JsonInput<'a>>,
}

#[derive(Serialize)]
struct JsonInput<'a> {
    file: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    #[serde(flatten)]
    at: Place,
    path: &'a str,
    help: Option<&'a str>,
    inner: Option<Inner<'a>>,
    labels: Vec<JsonLabel<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct Inner<'a> {
    pointer: &'a str,
    byte_start: usize,
    byte_end: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(flatten)]
    at: Place,
}

/// A span of the outer file: 1-based lines and columns (columns in characters), byte offsets.
#[derive(Serialize)]
struct Place {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

impl Place {
    fn of(source: &SourceFile, span: Span) -> Place {
        let r = Range::of(source, span);
        Place {
            line: r.start.line,
            column: r.start.column,
            end_line: r.end.line,
            end_column: r.end.column,
            byte_start: span.start,
            byte_end: span.end,
        }
    }
}

#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
    /// `safe` (applied by `--fix`) or `unsafe` (only with `--unsafe-fixes`).
    applicability: &'static str,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
}

/// `files` counts every file checked, including those without findings.
pub fn render_json(reports: &[FileReport]) -> String {
    let diagnostics = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| diagnostic(&r.source, d)))
        .collect();
    let report = Report {
        version: JSON_REPORT_VERSION,
        files: reports.len(),
        diagnostics,
        summary: counts(reports),
        inputs: reports
            .iter()
            .map(|r| JsonInput {
                file: &r.source.name,
                kind: r.kind.name(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).expect("plain data serialises");
    s.push('\n');
    super::redact(s, reports)
}

fn diagnostic<'a>(source: &'a SourceFile, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        file: &source.name,
        code: d.code,
        severity: d.severity.as_str(),
        message: &d.message,
        at: Place::of(source, d.span),
        path: &d.path,
        help: d.help.as_deref(),
        inner: d.inner.as_ref().map(|i| Inner {
            pointer: &i.pointer,
            byte_start: i.span.start,
            byte_end: i.span.end,
        }),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                message: &l.message,
                at: Place::of(source, l.span),
            })
            .collect(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            message: &f.message,
            applicability: f.applicability.as_str(),
            edits: f
                .edits
                .iter()
                .map(|e| JsonEdit {
                    byte_start: e.span.start,
                    byte_end: e.span.end,
                    text: &e.text,
                })
                .collect(),
        }),
    }
}
