use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a rule whose SQL is blank, and a stream or table entry that is blank or not a
    /// CREATE statement (errors); and, as a warning, statements after the first one.
    ///
    /// ## Why it matters
    /// eKuiper refuses a rule whose SQL holds no SELECT and a stream entry that holds no CREATE
    /// statement. It reads one statement and stops at the first `;`: whatever follows is
    /// silently ignored, so a second SELECT never becomes a rule.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \" \", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Split the statements: one rule per SELECT, each stream and table in its own entry.
    ///
    /// ## Evidence
    /// A rule's SQL that is not a SELECT is refused when the rule is imported or created ("is
    /// not a select statement"): `internal/xsql/stmtx.go:56@v2.4.0`, reached from
    /// `internal/processor/rule.go:196@v2.4.0`. A stream or table entry that is not a CREATE
    /// statement is refused on import: `internal/processor/stream.go:277@v2.4.0`. The parser
    /// returns at the first `;` without reading on (`internal/xsql/parser.go:217@v2.4.0` for a
    /// SELECT, `internal/xsql/parser.go:1189@v2.4.0` for a CREATE), hence the warning.
    pub static LINT = {
        code: "S004",
        name: "statement-count",
        severity: Error,
        summary: "Not exactly one statement of the expected kind",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
