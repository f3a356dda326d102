use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports LIMIT with a fractional or non-numeric value, and as a warning a negative one.
    ///
    /// ## Why it matters
    /// eKuiper refuses a LIMIT that is not an integer. It takes a negative one, and then applies
    /// no limit at all.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM demo LIMIT 2.5\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a non-negative integer.
    ///
    /// ## Evidence
    /// `internal/xsql/parser.go:74@v2.4.0` refuses a LIMIT that is not an integer literal ("limit
    /// should be integer"); the projection limits rows only when the count is positive
    /// (`internal/topo/operator/project_operator.go:88@v2.4.0`).
    pub static LINT = {
        code: "S015",
        name: "bad-limit",
        severity: Error,
        summary: "LIMIT that is not a non-negative integer",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
