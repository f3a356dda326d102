use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports `CASE WHEN <literal> THEN` where the literal is a number or string rather than a boolean
    /// condition (in a CASE without a value after it).
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule. Usually the value after CASE was forgotten: `CASE a WHEN 30 THEN ...`.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT CASE WHEN 30 THEN 1 ELSE 0 END AS x FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Write a condition (`WHEN t > 30`) or put the compared value after CASE (`CASE t WHEN 30 ...`).
    ///
    /// ## Evidence
    /// `internal/xsql/parser.go:1007@v2.4.0` refuses a WHEN of a CASE without a value that is not a
    /// condition ("WHEN expression must be a bool condition"); the rule is refused when it is imported
    /// or created (`internal/processor/rule.go:196@v2.4.0`).
    pub static LINT = {
        code: "S016",
        name: "case-condition",
        severity: Error,
        summary: "A CASE WHEN condition that is not a condition",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
