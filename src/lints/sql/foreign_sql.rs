use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports habits from other SQL dialects that eKuiper does not have: ANSI `CAST(x AS type)`, `<>`,
    /// `==`, `||`, `DISTINCT`, `IS NULL`, `OUTER`, subqueries, aliases without `AS`, `OFFSET`, `UNION`.
    /// Each comes with the eKuiper way to write it.
    ///
    /// ## Why it matters
    /// eKuiper's parser rejects these, so the rule is not created. They are the most common mistakes in
    /// SQL written by people who know PostgreSQL or MySQL.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT CAST(t AS BIGINT) FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the eKuiper form given in the help: `cast(t, "bigint")`, `!=`, `=`, `concat(a, b)`,
    /// `isNull(x)`, ...
    ///
    /// ## Evidence
    /// These do not parse in eKuiper, whose lexer and parser have none of them (`<>` is `<` then
    /// `>`, `||` is two bitwise ORs, `DISTINCT`, `IS`, `OFFSET` and `UNION` are plain names): the
    /// parser stops with "expected expression" (`internal/xsql/parser.go:742@v2.4.0`), "expected
    /// FROM" (`internal/xsql/parser.go:235@v2.4.0`), "expected EOF"
    /// (`internal/xsql/parser.go:222@v2.4.0`) or "expected JOIN key word"
    /// (`internal/xsql/parser.go:324@v2.4.0`). The rule is refused when it is imported or created
    /// (`internal/processor/rule.go:196@v2.4.0`).
    pub static LINT = {
        code: "S002",
        name: "foreign-sql",
        severity: Error,
        summary: "A construct from another SQL dialect that eKuiper lacks",
        check: Everywhere(check),
        fixable: Safe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
