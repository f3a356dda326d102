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
    ///
    /// ## Evidence
    /// Binding refuses a field that no source of a schema'd query declares ("unknown field"):
    /// `internal/topo/planner/analyzer.go:572@v2.4.0`, `internal/topo/planner/analyzer.go:595@v2.4.0`.
    /// Rule creation plans the rule (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule
    /// fails when it starts.
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
