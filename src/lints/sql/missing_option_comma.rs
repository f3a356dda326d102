use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports two WITH options with no comma between them.
    ///
    /// ## Why it matters
    /// The statement does not parse; eKuiper's error points after the whole WITH list, not at the gap.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (DATASOURCE=\"t\" FORMAT=\"json\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the comma.
    pub static LINT = {
        code: "S028",
        name: "missing-option-comma",
        severity: Error,
        summary: "No comma between two WITH options",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
