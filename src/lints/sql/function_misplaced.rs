use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports functions with placement rules used in the wrong place: `row_number()` outside the
    /// select fields, `unnest` or `changed_cols` nested, repeated or outside the fields, `OVER (...)`
    /// after a function that is not analytic, `FILTER (WHERE ...)` anywhere but after the GROUP BY
    /// window, and `last_hit_time`/`last_hit_count` in an aggregate query.
    ///
    /// ## Why it matters
    /// eKuiper refuses these rules when they are created.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT abs(t) OVER (PARTITION BY id) FROM demo\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Follow the function's placement rule given in the message; analytic functions are `lag`,
    /// `latest`, `changed_col`, `had_changed`, ...
    pub static LINT = {
        code: "S013",
        name: "function-misplaced",
        severity: Error,
        summary: "A special function used where eKuiper forbids it",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
