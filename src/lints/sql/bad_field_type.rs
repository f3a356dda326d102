use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports field types eKuiper does not have in CREATE STREAM/TABLE (`int`, `bool`, `varchar`,
    /// ...), with eKuiper's name for them.
    ///
    /// ## Why it matters
    /// The stream is not created, and every rule reading from it fails.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo (t INT) WITH (DATASOURCE=\"t\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Use eKuiper's types: `bigint`, `float`, `string`, `datetime`, `boolean`, `bytea`, `array(T)`,
    /// `struct(...)`.
    ///
    /// ## Evidence
    /// The field list refuses a type it does not know ("expect valid stream field types"):
    /// `internal/xsql/parser.go:1451@v2.4.0`, `internal/xsql/parser.go:1514@v2.4.0`.
    pub static LINT = {
        code: "S023",
        name: "bad-field-type",
        severity: Error,
        summary: "A field type or default eKuiper does not know",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
