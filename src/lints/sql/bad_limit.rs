use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports LIMIT with a negative, fractional or non-numeric value.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM demo LIMIT -1\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a non-negative integer.
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
