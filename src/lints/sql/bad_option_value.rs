use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports WITH option values eKuiper rejects: `SHARED`, `STRICT_VALIDATION` or `TEMP` that
    /// is not true/false, a `RETAIN_SIZE` that is not a number, an `EXTRA` that is not JSON, a value
    /// that is not a double-quoted string. As warnings: a FORMAT that is not built in (a plugin or
    /// a custom build can register one) and a table KIND other than `scan` or `lookup`.
    ///
    /// ## Why it matters
    /// The stream or table is not created, and every rule reading from it fails.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (SHARED=\"yes\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Use an allowed value; the message lists them.
    ///
    /// ## Evidence
    /// The option loop of CREATE STREAM/TABLE refuses these values: `internal/xsql/parser.go:1554@v2.4.0`
    /// (STRICT_VALIDATION), `:1560` (RETAIN_SIZE), `:1566` (SHARED), `:1581` (EXTRA), `:1585` (TEMP),
    /// `internal/xsql/parser.go:1598@v2.4.0` (a value that is not a string);
    /// `internal/xsql/parser.go:1514@v1.14.0` to `:1526` in 1.x. A FORMAT is refused when no converter
    /// is registered for it (`internal/xsql/parser.go:1237@v2.4.0`, `pkg/modules/converter.go:37@v2.4.0`),
    /// which depends on the server's build and plugins, hence the warning. KIND is not checked: any
    /// value but `lookup` makes a scan table (`internal/processor/stream.go:201@v2.4.0`).
    pub static LINT = {
        code: "S027",
        name: "bad-option-value",
        severity: Error,
        summary: "A WITH option value of the wrong type or not allowed",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
