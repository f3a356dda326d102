use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a key in the WITH (...) options of CREATE STREAM/TABLE that eKuiper does not have, with
    /// the closest known one.
    ///
    /// ## Why it matters
    /// eKuiper refuses the statement; a misspelt `DATASOUCE` or `CONFKEY` would otherwise go unnoticed.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (DATASOUCE=\"t\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the suggested option name.
    ///
    /// ## Evidence
    /// The option loop of `CREATE STREAM/TABLE` refuses a key it does not know ("unknown option keys"):
    /// `internal/xsql/parser.go:1611@v2.4.0`, `internal/xsql/parser.go:1555@v1.14.0`. Keys that later versions
    /// added (`VERSION`, `EXTRA`, `TEMP`) are unknown to earlier ones.
    pub static LINT = {
        code: "S025",
        name: "unknown-option",
        severity: Error,
        summary: "A WITH option eKuiper does not know",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
