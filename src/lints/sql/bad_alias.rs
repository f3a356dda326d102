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
    ///
    /// ## Evidence
    /// `* AS x` is refused by the parser ("alias is not supported for *"):
    /// `internal/xsql/parser.go:489@v2.4.0`. A duplicate alias and aliases defined through each other
    /// are refused when the rule is planned: `internal/topo/planner/analyzer.go:637@v2.4.0`
    /// ("duplicate alias"), `internal/topo/planner/analyzer.go:62@v2.4.0` ("cycled alias").
    /// Rule creation plans the rule (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule
    /// fails when it starts.
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
