use crate::analysis::pass::Context;
use crate::analysis::sql::SqlProblemKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports two fields with the same name in one CREATE STREAM/TABLE.
    ///
    /// ## Why it matters
    /// The later declaration wins silently; the type of the earlier one is lost.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo (t FLOAT, t BIGINT) WITH (DATASOURCE=\"t\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Keep one declaration.
    pub static LINT = {
        code: "S024",
        name: "duplicate-field",
        severity: Warning,
        summary: "A field declared twice",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, &[SqlProblemKind::DuplicateField], out);
}
