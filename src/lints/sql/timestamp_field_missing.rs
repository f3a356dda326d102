use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a `TIMESTAMP` option naming a field that the stream's declared schema does not have.
    ///
    /// ## Why it matters
    /// Event-time processing then finds no timestamp in the events, and windows never fire.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo (t FLOAT) WITH (DATASOURCE=\"t\", TIMESTAMP=\"ts\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Declare the field, or name an existing one.
    pub static LINT = {
        code: "S030",
        name: "timestamp-field-missing",
        severity: Warning,
        summary: "TIMESTAMP names a field the schema does not declare",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
