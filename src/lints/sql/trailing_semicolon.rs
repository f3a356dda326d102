use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a semicolon after the single SELECT of a rule.
    ///
    /// ## Why it matters
    /// A rule holds exactly one statement; the terminator is unnecessary and some eKuiper versions and
    /// tools treat the rest of the text as a second, empty statement.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM demo;\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Remove the `;`.
    pub static LINT = {
        code: "S003",
        name: "trailing-semicolon",
        severity: Warning,
        summary: "A `;` after a rule's SELECT",
        check: Everywhere(check),
        fixable: Safe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
