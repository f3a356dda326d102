use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports field types eKuiper does not have in CREATE STREAM/TABLE (`int`, `bool`, `varchar`, ...)
    /// and DEFAULT values on types that cannot have one.
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
