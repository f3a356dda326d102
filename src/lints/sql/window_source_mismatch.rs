use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a window over a query that reads only tables, and GROUP BY dimensions on a stream
    /// without a window.
    ///
    /// ## Why it matters
    /// Tables are snapshots, not event streams, so a window over them means nothing; and a stream
    /// without a window never completes a group. eKuiper refuses both.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT count(*) FROM demo GROUP BY id\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add a window to the GROUP BY of a stream query; remove the window from a table-only query.
    ///
    /// ## Evidence
    /// Planning refuses a window over tables only ("cannot run window for TABLE sources",
    /// `internal/topo/planner/planner.go:665@v2.4.0`) and GROUP BY dimensions without a window
    /// (`internal/topo/planner/analyzer.go:490@v2.4.0`).
    /// Rule creation plans the rule (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule
    /// fails when it starts.
    pub static LINT = {
        code: "S018",
        name: "window-source-mismatch",
        severity: Error,
        summary: "A window over tables only, or GROUP BY on a stream without a window",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
