use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::Diagnostic;
use crate::lints::config::report_config;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports an object that matches none of the shapes eKuiper allows: a rule with both `sql`
    /// and `graph` or with neither, an action that is not an object of sinks, a schema entry
    /// with neither `content` nor `file`, and the like.
    ///
    /// ## Why it matters
    /// eKuiper refuses the entry on import (`has both sql and graph`, `has neither sql nor
    /// graph`, ...).
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Give the entry exactly one of the alternatives named in the message.
    ///
    /// ## Evidence
    /// A rule with both `sql` and `graph`, or with neither, is refused when it is imported or created
    /// (`internal/processor/rule.go:194@v2.4.0`, `internal/processor/rule.go:204@v2.4.0`;
    /// `internal/processor/rule.go:182@v1.14.0`, `internal/processor/rule.go:192@v1.14.0`).
    /// Each finding is an error only where our schema names the eKuiper code that refuses the
    /// value (`x-refused-by`, schemas/README.md); every other finding of this check is a warning.
    pub static LINT = {
        code: "C006",
        name: "invalid-shape",
        severity: Error,
        summary: "An entry that matches none of the shapes eKuiper allows",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_config(
        cx,
        &LINT,
        |f| {
            let Problem::Shape { why } = &f.error.problem else {
                return None;
            };
            Some((format!("{} has an invalid shape: {why}", f.subject()), None))
        },
        out,
    );
}
