use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a window (`TUMBLINGWINDOW`, `HOPPINGWINDOW`, `SLIDINGWINDOW`, `SESSIONWINDOW`,
    /// `COUNTWINDOW`, `STATEWINDOW`) in the select fields, in WHERE, after HAVING or ORDER BY, nested,
    /// or twice.
    ///
    /// ## Why it matters
    /// eKuiper only accepts one window, as a GROUP BY dimension; elsewhere the rule is refused. People
    /// used to other engines often put it after HAVING or ORDER BY.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT count(*) FROM demo HAVING count(*) > 1 GROUP BY TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Move the window into `GROUP BY`, before HAVING and ORDER BY: `GROUP BY TUMBLINGWINDOW(ss, 10)
    /// HAVING count(*) > 1`.
    pub static LINT = {
        code: "S005",
        name: "window-misplaced",
        severity: Error,
        summary: "A window function outside GROUP BY",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
