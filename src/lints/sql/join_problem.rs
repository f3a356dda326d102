use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports joins that eKuiper refuses: `CROSS JOIN` with `ON`, streams joined without a window
    /// (and without any table), and lookup tables used against eKuiper's lookup-join rules (read in
    /// FROM, or joined with no `=` in ON). Several lookup joins in one rule are fine.
    ///
    /// ## Why it matters
    /// Streams are unbounded: eKuiper only joins them inside a window. The rule is refused when it is
    /// created.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s1 INNER JOIN s2 ON s1.id = s2.id\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add a window: `... GROUP BY TUMBLINGWINDOW(ss, 10)`; drop ON from a CROSS JOIN.
    ///
    /// ## Evidence
    /// `CROSS JOIN ... ON` is refused by the parser: `internal/xsql/parser.go:345@v2.4.0`. Planning
    /// refuses streams joined without a window (`internal/topo/planner/planner.go:735@v2.4.0`), a
    /// lookup join whose ON has no equality (`internal/topo/planner/planner.go:775@v2.4.0`) and a
    /// lookup table not read through a join (`internal/topo/planner/planner.go:784@v2.4.0`).
    /// Rule creation plans the rule (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule
    /// fails when it starts.
    pub static LINT = {
        code: "S017",
        name: "join-problem",
        severity: Error,
        summary: "A join eKuiper cannot run",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
