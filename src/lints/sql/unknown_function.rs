use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a call to a function that is not in eKuiper's built-in catalog, with the closest known
    /// name.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule (`function ... not found`). A function provided by a plugin or service
    /// is fine on a server that has it; cross-references to plugins are checked separately.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT averag(t) FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the suggested name (`avg`), or install the plugin that provides the function.
    pub static LINT = {
        code: "S009",
        name: "unknown-function",
        severity: Error,
        summary: "A function eKuiper does not have",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
