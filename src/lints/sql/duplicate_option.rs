use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports the same option key twice in one WITH (...).
    ///
    /// ## Why it matters
    /// Only one value is used; the other is silently ignored.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (FORMAT=\"json\", FORMAT=\"binary\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Keep one.
    pub static LINT = {
        code: "S026",
        name: "duplicate-option",
        severity: Warning,
        summary: "A WITH option given twice",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
