use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a rule that reads from a stream or table the bundle does not define (for `.sql` files:
    /// that the file does not create). It is a warning in a `.sql` file and in a bundle that defines no
    /// streams or tables at all, which is meant for a partial import onto a server that has them.
    ///
    /// ## Why it matters
    /// A full import deletes every stream first, so a rule reading from one the bundle does not
    /// recreate fails to start.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (DATASOURCE=\"t\")"}, "rules": {"r1": "{\"sql\": \"SELECT * FROM dmeo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Fix the name, or add the stream to the bundle.
    ///
    /// ## Evidence
    /// Planning refuses a rule that reads a stream or table the server does not have ("fail to get
    /// stream"): `internal/topo/planner/analyzer.go:44@v2.4.0`. A full import resets the server before
    /// it imports (`internal/server/import_export.go:439@v2.4.0`), so only the bundle's own streams
    /// exist when its rules start. Rule creation plans the rule (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule
    /// fails when it starts.
    pub static LINT = {
        code: "S020",
        name: "unknown-stream",
        severity: Error,
        summary: "FROM or JOIN names a stream or table nobody defines",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
