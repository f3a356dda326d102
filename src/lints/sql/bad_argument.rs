use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports literal arguments eKuiper rejects: a string where a number is needed (`sin("x")`), an
    /// unknown cast type (`cast(x, "int")`), a key `meta()` does not know, a negative index, a
    /// substring end before its start.
    ///
    /// ## Why it matters
    /// eKuiper checks literal arguments when the rule is created and refuses the rule.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT cast(t, \\\"int\\\") FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a value the function accepts; cast types are `bigint`, `float`, `string`, `boolean`,
    /// `datetime`, `bytea`.
    ///
    /// ## Evidence
    /// Each function's validator runs when the rule's SQL is parsed (`internal/xsql/func_invoker.go:36@v2.4.0`,
    /// `:35@v1.14.0`) and refuses an argument of the wrong kind with `ProduceErrInfo`
    /// (`internal/binder/function/validator_funcs.go:25@v2.4.0`: "Expect ... type for parameter N").
    /// Among the inline validators: `cast` targets (`internal/binder/function/funcs_misc.go:89@v2.4.0`),
    /// `mqtt` keys (`internal/binder/function/funcs_misc.go:468@v2.4.0`), `deduplicate`'s
    /// condition (`internal/binder/function/funcs_agg.go:200@v2.4.0`), `lag`'s offset and flag
    /// (`internal/binder/function/funcs_analytic.go:191@v2.4.0`, `:195`, `:201`).
    pub static LINT = {
        code: "S011",
        name: "bad-argument",
        severity: Error,
        summary: "A literal argument of the wrong type or value",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
