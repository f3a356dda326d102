use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports window calls with the wrong number of arguments, an unknown time unit (eKuiper has `dd`,
    /// `hh`, `mi`, `ss`, `ms`), sizes that are not positive integers, or a count-window interval larger
    /// than its count.
    ///
    /// ## Why it matters
    /// The rule fails to be created; a wrong unit such as `s` or `sec` is a frequent slip.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(sec, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a unit from `dd hh mi ss ms` and integer sizes, e.g. `TUMBLINGWINDOW(ss, 10)`,
    /// `HOPPINGWINDOW(ss, 10, 5)`, `COUNTWINDOW(5, 1)`.
    pub static LINT = {
        code: "S006",
        name: "bad-window",
        severity: Error,
        summary: "Window arguments eKuiper rejects",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
