use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a rule whose SQL is empty, holds several statements, or is not a SELECT, and a stream or
    /// table entry that is not one CREATE statement of its kind.
    ///
    /// ## Why it matters
    /// eKuiper creates a rule from exactly one SELECT and a stream from exactly one CREATE STREAM;
    /// anything else fails that entry on import.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT a FROM demo; SELECT b FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Split the statements: one rule per SELECT, each stream and table in its own entry.
    pub static LINT = {
        code: "S004",
        name: "statement-count",
        severity: Error,
        summary: "Not exactly one statement of the expected kind",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
