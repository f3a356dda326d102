use crate::analysis::pass::PassContext;
use crate::bundle::FileKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports SQL text that eKuiper's lexer or parser rejects: an unexpected token, an unterminated
    /// string, an invalid escape, a bare reserved word used as a name, clauses in the wrong order
    /// (`WHERE` after `GROUP BY`), in stream and table statements, in rule SQL, and in `.sql` files.
    /// The position is the exact character in the bundle file, through the JSON escapes of the rule
    /// string.
    ///
    /// ## Why it matters
    /// A stream or table whose statement does not parse is not created on import, and every rule that
    /// reads from it fails too; a rule whose SQL does not parse is not created. eKuiper reports it only
    /// afterwards, in `kuiper getstatus import`.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM demo WHERE GROUP BY a\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Correct the statement at the reported token. A reserved word used as a name (`end`, `filter`,
    /// `limit`, ...) needs backticks.
    ///
    /// ## Evidence
    /// eKuiper's own parser refuses the statement: a rule's SQL through
    /// `internal/xsql/stmtx.go:45@v2.4.0` → `internal/xsql/parser.go:151@v2.4.0` (`Parse`), a CREATE STREAM/TABLE
    /// through `internal/xsql/parser.go:1162@v2.4.0` (`ParseCreateStmt`); the same at `internal/xsql/parser.go:149@v1.14.0` and
    /// `:1123@v1.14.0`. Constructs that only later versions parse (e.g. `INVISIBLE`) are errors only at targets
    /// before them. The parser's test cases and eKuiper's docs and rule tests are kuiperlint's conformance
    /// corpus (docs/conformance.md).
    pub static LINT = {
        code: "S001",
        name: "sql-syntax",
        severity: Error,
        summary: "SQL that eKuiper's parser rejects",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    let first = out.len();
    report_sql(cx, &LINT, out);
    // SQL copied out of a bundle or a rule keeps its JSON escapes (`\"`), which SQL does not
    // have: say so rather than only where the parser gave up.
    let text = &cx.file.source.text;
    if cx.file.kind == FileKind::Sql && text.contains("\\\"") {
        for d in &mut out[first..] {
            d.help = Some(
                "this SQL is still escaped as it was inside a JSON string (`\\\"`); in a .sql file write `\"`"
                    .into(),
            );
        }
    }
}
