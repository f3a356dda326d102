use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports WITH option values eKuiper rejects: a FORMAT or KIND that does not exist, `SHARED` that
    /// is not true/false, a non-number where a number is needed, invalid JSON where JSON is needed, a
    /// single-quoted value.
    ///
    /// ## Why it matters
    /// The stream or table is not created.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (FORMAT=\"yaml\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Use an allowed value; the message lists them.
    pub static LINT = {
        code: "S027",
        name: "bad-option-value",
        severity: Error,
        summary: "A WITH option value of the wrong type or not allowed",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
