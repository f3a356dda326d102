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
