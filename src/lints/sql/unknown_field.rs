use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a field that is not in the declared schema of any stream or table in scope (including
    /// members of STRUCT fields), with the closest name. Streams declared schemaless (`()`) accept any
    /// field.
    ///
    /// ## Why it matters
    /// eKuiper validates fields against declared schemas and refuses the rule.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo (temperature FLOAT) WITH (DATASOURCE=\"t\")"}, "rules": {"r1": "{\"sql\": \"SELECT temprature FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the declared name, or add the field to the stream's schema.
    pub static LINT = {
        code: "S021",
        name: "unknown-field",
        severity: Error,
        summary: "A field no declared schema has",
        check: Everywhere(check),
        fixable: Unsafe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
