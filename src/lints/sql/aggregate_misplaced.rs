use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports an aggregate function (`avg`, `count`, ...) in GROUP BY, JOIN ON, a window's FILTER
    /// or trigger, or inside another aggregate; in WHERE for targets before 2.3; and a HAVING
    /// condition that reads fields outside any aggregate.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule. Aggregates are computed per window; up to 2.2, WHERE filters
    /// single events before any window, so an aggregate there is refused too. From 2.3 eKuiper
    /// evaluates an aggregate in WHERE over the window.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT count(*) FROM demo GROUP BY avg(t), TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Group by fields, not by aggregates; move a condition on an aggregate to HAVING.
    ///
    /// ## Evidence
    /// The planner's `aggFuncChecker` refuses an aggregate in GROUP BY
    /// (`internal/topo/planner/analyzer.go:453@v2.4.0`), an aggregate inside an aggregate
    /// (`internal/topo/planner/analyzer.go:467@v2.4.0`) and a HAVING without aggregates
    /// (`internal/topo/planner/analyzer.go:448@v2.4.0`). Up to 2.2 it also refused an aggregate in
    /// WHERE (`internal/topo/planner/analyzer.go:426@v2.2.0`); 2.3 dropped that check.
    pub static LINT = {
        code: "S012",
        name: "aggregate-misplaced",
        severity: Error,
        summary: "An aggregate where eKuiper forbids it, or HAVING without one",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
