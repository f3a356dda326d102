use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a GROUP BY window after HAVING or ORDER BY (an error), and as warnings a window
    /// (`TUMBLINGWINDOW`, `HOPPINGWINDOW`, `SLIDINGWINDOW`, `SESSIONWINDOW`, `COUNTWINDOW`,
    /// `STATEWINDOW`) in the select fields, in WHERE or nested in a call, and a second window.
    ///
    /// ## Why it matters
    /// eKuiper runs one window, the first GROUP BY dimension that is one. GROUP BY after HAVING or
    /// ORDER BY does not parse, so the rule is refused; people used to other engines often write it
    /// there. A window anywhere else parses but is not a window: it evaluates to null, and a second
    /// one in GROUP BY is ignored.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT count(*) FROM demo HAVING count(*) > 1 GROUP BY TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Move the window into `GROUP BY`, before HAVING and ORDER BY: `GROUP BY TUMBLINGWINDOW(ss, 10)
    /// HAVING count(*) > 1`.
    ///
    /// ## Evidence
    /// After the last clause the parser expects the end of the statement, so a GROUP BY after
    /// HAVING or ORDER BY is refused ("expected EOF"): `internal/xsql/parser.go:222@v2.4.0`. Only the
    /// first window of GROUP BY is planned (`pkg/ast/statement.go:158@v2.4.0`), and a window elsewhere
    /// evaluates to null (`internal/xsql/valuer.go:570@v2.4.0`): warnings.
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
