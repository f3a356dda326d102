use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports joins that eKuiper refuses: `CROSS JOIN` with `ON`, streams joined without a window
    /// (and without any table), and lookup tables used against eKuiper's lookup-join rules (read in
    /// FROM, or joined with no `=` in ON). Several lookup joins in one rule are fine.
    ///
    /// ## Why it matters
    /// Streams are unbounded: eKuiper only joins them inside a window. The rule is refused when it is
    /// created.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s1 INNER JOIN s2 ON s1.id = s2.id\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add a window: `... GROUP BY TUMBLINGWINDOW(ss, 10)`; drop ON from a CROSS JOIN.
    pub static LINT = {
        code: "S017",
        name: "join-problem",
        severity: Error,
        summary: "A join eKuiper cannot run",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
