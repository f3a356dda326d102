use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a built-in function called with fewer or more arguments than it takes (from eKuiper's
    /// function catalog).
    ///
    /// ## Why it matters
    /// eKuiper validates argument counts when the rule is created and refuses it.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT round(t, 2, 3) FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Pass the number of arguments the function takes; the message says how many.
    ///
    /// ## Evidence
    /// Each function's validator runs when the rule's SQL is parsed (`internal/xsql/func_invoker.go:36@v2.4.0`,
    /// `:35@v1.14.0`) and refuses another number of arguments with `ValidateLen` or `ValidateAtLeast`
    /// (`internal/binder/function/validator_funcs.go:31@v2.4.0` and `:38@v2.4.0`; the same lines at v1.14.0).
    pub static LINT = {
        code: "S010",
        name: "wrong-arity",
        severity: Error,
        summary: "A function called with the wrong number of arguments",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
