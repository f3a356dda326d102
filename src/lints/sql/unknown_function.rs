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
    ///
    /// ## Evidence
    /// The parser looks every call up in the function registry and refuses a name it does not hold:
    /// `internal/xsql/parser.go:895@v2.4.0` (`function %s not found`; `:887@v1.14.0`). Only a name that no
    /// built-in function, official plugin or declared server function provides is an error.
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
