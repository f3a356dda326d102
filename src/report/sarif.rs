//! `--format sarif`: SARIF 2.1.0, which code-scanning dashboards (GitHub, GitLab, Azure DevOps)
//! accept. One run; the rules are every lint of the registry.

use serde_json::{json, Value};

use super::Range;
use crate::diagnostic::Severity;
use crate::engine::FileReport;
use crate::lints::REGISTRY;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The SARIF log of a run.
pub fn render_sarif(reports: &[FileReport]) -> String {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|l| {
            json!({
                "id": l.code,
                "name": l.name,
                "shortDescription": {"text": l.summary},
                "fullDescription": {"text": l.summary},
                "help": {"text": l.doc(), "markdown": l.doc()},
                "defaultConfiguration": {"level": level(l.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| (r, d)))
        .map(|(r, d)| {
            let at = Range::of(&r.source, d.span);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push('\n');
                message.push_str(help);
            }
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&r.source.name)},
                    "region": {
                        "startLine": at.start.line,
                        "startColumn": at.start.column,
                        "endLine": at.end.line,
                        "endColumn": at.end.column,
                        "byteOffset": d.span.start,
                        "byteLength": d.span.len(),
                    },
                },
            });
            if !d.path.is_empty() {
                location["logicalLocations"] =
                    json!([{"fullyQualifiedName": d.path, "kind": "object"}]);
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": REGISTRY.iter().position(|l| l.code == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [location],
            });
            if let Some(fix) = &d.fix {
                result["fixes"] = json!([{
                    "description": {"text": fix.message},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&r.source.name)},
                        "replacements": fix.edits.iter().map(|e| json!({
                            "deletedRegion": {"byteOffset": e.span.start, "byteLength": e.span.len()},
                            "insertedContent": {"text": e.text},
                        })).collect::<Vec<_>>(),
                    }],
                    "properties": {"applicability": fix.applicability.as_str()},
                }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kuiperlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("plain data");
    out.push('\n');
    super::redact(out, reports)
}

/// A relative URI reference for a path as given (`<stdin>` stays as it is, escaped).
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    path.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            '\\' => "/".to_string(),
            c => c.to_string(),
        })
        .collect()
}
