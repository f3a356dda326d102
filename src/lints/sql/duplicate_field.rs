use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports two fields with the same name in one CREATE STREAM/TABLE.
    ///
    /// ## Why it matters
    /// The later declaration wins silently; the type of the earlier one is lost.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo (t FLOAT, t BIGINT) WITH (DATASOURCE=\"t\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Keep one declaration.
    pub static LINT = {
        code: "S024",
        name: "duplicate-field",
        severity: Warning,
        summary: "A field declared twice",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
