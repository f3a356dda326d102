use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a field without a stream qualifier that more than one joined stream or table declares.
    ///
    /// ## Why it matters
    /// eKuiper cannot tell which one is meant and refuses the rule.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT id FROM s1 INNER JOIN s2 ON s1.id = s2.id GROUP BY TUMBLINGWINDOW(ss, 10)\"}"}}
    /// ```
    ///
    /// ## How to fix
    /// Qualify the field: `s1.id`.
    ///
    /// ## Evidence
    /// Binding refuses an unqualified field that several sources declare ("ambiguous field"):
    /// `internal/topo/planner/analyzer.go:650@v2.4.0`, `internal/topo/planner/analyzer.go:784@v2.4.0`.
    /// Rule creation plans the rule (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule
    /// fails when it starts.
    pub static LINT = {
        code: "S022",
        name: "ambiguous-field",
        severity: Error,
        summary: "An unqualified field several joined sources have",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
