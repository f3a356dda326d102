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
    ///
    /// ## Evidence
    /// The parser validates every SELECT before the rule is created (`internal/xsql/parser.go:225@v2.4.0`):
    /// `row_number()` and the other window functions outside the fields are refused at
    /// `internal/xsql/sqlValidator.go:46@v2.4.0` (`:50@v1.14.0`), nested set-returning functions (`unnest`,
    /// `changed_cols`) at `internal/xsql/sqlValidator.go:53@v2.4.0` (`:57@v1.14.0`), several of them in one clause
    /// at `internal/xsql/sqlValidator.go:76@v2.4.0`, and one outside the fields at
    /// `internal/xsql/sqlValidator.go:83@v2.4.0`. A SELECT that ends in `;` returns before that
    /// validation (`internal/xsql/parser.go:217@v2.4.0`), so there these findings are warnings;
    /// several set-returning functions are still refused when the rule is planned
    /// (`internal/topo/planner/planner.go:981@v2.4.0`).
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
