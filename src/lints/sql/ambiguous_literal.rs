use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a time-unit keyword (`dd`, `hh`, `mi`, `ss`, `ms`) used as a field without backticks,
    /// and a double-quoted string equal to a declared field name (`"temperature"`).
    ///
    /// ## Why it matters
    /// In eKuiper double quotes make a string literal, not an identifier (an ANSI habit), so `WHERE
    /// "temperature" > 20` compares a constant string; and `ss` is a unit keyword.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT \\\"temperature\\\" FROM sensors\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Write field names bare or in backticks: `temperature`, `` `ss` ``.
    pub static LINT = {
        code: "S019",
        name: "ambiguous-literal",
        severity: Warning,
        summary: "A word eKuiper reads differently from what was likely meant",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
