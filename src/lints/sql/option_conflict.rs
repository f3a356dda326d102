use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports option combinations eKuiper rejects or ignores: a binary format with several fields, a
    /// memory lookup table without KEY, protobuf without SCHEMAID.
    ///
    /// ## Why it matters
    /// The source is created but cannot decode its data, or the lookup table cannot be joined.
    ///
    /// ## Example
    /// ```json
    /// {"tables": {"t": "CREATE TABLE t () WITH (DATASOURCE=\"t\", TYPE=\"memory\", KIND=\"lookup\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the missing option, or change the format.
    pub static LINT = {
        code: "S031",
        name: "option-conflict",
        severity: Warning,
        summary: "WITH options that do not work together",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
