use std::fmt::Write;

use super::Range;
use crate::engine::FileReport;

/// One line per finding: `file:line:col: CODE message`.
pub fn render_concise(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diagnostics {
            let at = Range::of(&r.source, d.span).start;
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}",
                r.source.name, at.line, at.column, d.code, d.message
            );
        }
    }
    super::redact(out, reports)
}
