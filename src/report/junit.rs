//! `--format junit`: JUnit XML, which CI test reports read. Each file is a test case; its
//! findings at or above the failing severity make it a failure, listed one per line.

use std::fmt::Write;

use super::Range;
use crate::diagnostic::Severity;
use crate::engine::FileReport;

fn xml(s: &str) -> String {
    s.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || *c >= ' ')
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

pub fn render_junit(reports: &[FileReport], fail_on: Severity) -> String {
    let failing = |r: &FileReport| {
        r.diagnostics
            .iter()
            .filter(|d| d.severity >= fail_on)
            .count()
    };
    let failures = reports.iter().filter(|r| failing(r) > 0).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"kuiperlint\" tests=\"{}\" failures=\"{failures}\">",
        reports.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"kuiperlint\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        reports.len()
    );
    for r in reports {
        let name = xml(&r.source.name);
        let _ = write!(
            out,
            "    <testcase classname=\"kuiperlint\" name=\"{name}\" file=\"{name}\""
        );
        let n = failing(r);
        if n == 0 {
            out.push_str("/>\n");
            continue;
        }
        let _ = writeln!(
            out,
            ">\n      <failure message=\"{n} finding{}\" type=\"kuiperlint\">",
            if n == 1 { "" } else { "s" }
        );
        for d in r.diagnostics.iter().filter(|d| d.severity >= fail_on) {
            let at = Range::of(&r.source, d.span).start;
            let _ = writeln!(
                out,
                "{}:{}:{}: {} [{}] {}",
                name,
                at.line,
                at.column,
                d.code,
                d.severity,
                xml(&d.message)
            );
        }
        out.push_str("      </failure>\n    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    super::redact(out, reports)
}
