use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a WITH option that only applies to the other kind of source (e.g. `KIND` on a stream,
    /// `SHARED` on a table).
    ///
    /// ## Why it matters
    /// eKuiper ignores it, so the setting does not take effect.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (DATASOURCE=\"t\", KIND=\"lookup\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Remove the option, or declare a table if that was meant.
    pub static LINT = {
        code: "S029",
        name: "option-not-for-kind",
        severity: Warning,
        summary: "A stream-only option on a table, or the reverse",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
