use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports two quirks of eKuiper's lexer: a lone `!` is read as `=`, and `- -` (minus, blanks,
    /// minus) starts a comment that swallows the rest of the line.
    ///
    /// ## Why it matters
    /// The rule is created, but does something else than it says: `a ! b` compares for equality, and `x
    /// - -1` silently drops everything after `x`.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT a - -1 AS b FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Write `!=` or `=` explicitly; write `x + 1` or `x - (-1)`.
    pub static LINT = {
        code: "S008",
        name: "lexical-quirk",
        severity: Warning,
        summary: "SQL eKuiper reads with a surprising meaning",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
