use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports `* AS x`, the same alias given twice, and aliases defined through each other in a cycle.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule; a duplicate alias would otherwise overwrite a column of the output
    /// silently.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT a AS x, b AS x FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Give each output column its own alias.
    pub static LINT = {
        code: "S014",
        name: "bad-alias",
        severity: Error,
        summary: "A select alias eKuiper rejects",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
