use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports an aggregate function (`avg`, `count`, ...) in WHERE, JOIN ON, GROUP BY, a window's
    /// FILTER or trigger, or inside another aggregate; and a HAVING condition that reads fields outside
    /// any aggregate.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: aggregates are computed per window, after WHERE has filtered single
    /// events.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM demo WHERE avg(t) > 20 GROUP BY TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Move the condition on an aggregate to HAVING; filter single events in WHERE.
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
