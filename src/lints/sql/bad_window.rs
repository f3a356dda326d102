use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports window calls with the wrong number of arguments, an unknown time unit (eKuiper has `dd`,
    /// `hh`, `mi`, `ss`, `ms`), sizes that are not integer literals, or a count-window interval larger
    /// than its count. Sizes that are integers but not positive are warnings: eKuiper does not check
    /// them, and such a window cannot work.
    ///
    /// ## Why it matters
    /// The rule is refused; a wrong unit such as `s` or `sec` is a frequent slip.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(sec, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a unit from `dd hh mi ss ms` and integer sizes, e.g. `TUMBLINGWINDOW(ss, 10)`,
    /// `HOPPINGWINDOW(ss, 10, 5)`, `COUNTWINDOW(5, 1)`.
    ///
    /// ## Evidence
    /// The parser checks each window call: argument counts (`internal/xsql/parser.go:1050@v2.4.0`,
    /// `:1070`, `:1104`), the time unit (`internal/xsql/parser.go:1107@v2.4.0`, `:1142`), integer
    /// sizes (`internal/xsql/parser.go:1112@v2.4.0`), a count window's count and interval
    /// (`internal/xsql/parser.go:1081@v2.4.0`, `:1087`, `:1093`). It does not check the sign of a time
    /// window's size.
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
