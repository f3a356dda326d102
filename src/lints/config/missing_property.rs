use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::Diagnostic;
use crate::lints::config::report_config;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a property that must be present but is not: `actions` of a SQL rule, `name` and
    /// `file` of a plugin, the `server` of an MQTT sink that names no `resourceId` or
    /// `connectionSelector` to take it from, and the like.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule or entry, or the sink fails when the rule starts.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s\"}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the property.
    ///
    /// ## Evidence
    /// A SQL rule without `actions` is refused when it is imported or created
    /// (`internal/processor/rule.go:200@v2.4.0`, `internal/processor/rule.go:188@v1.14.0`).
    /// Each finding is an error only where our schema names the eKuiper code that refuses the
    /// value (`x-refused-by`, schemas/README.md); every other finding of this check is a warning.
    pub static LINT = {
        code: "C005",
        name: "missing-property",
        severity: Error,
        summary: "A required property is missing",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_config(
        cx,
        &LINT,
        |f| {
            let Problem::Missing { name } = &f.error.problem else {
                return None;
            };
            Some((format!("{} needs `{name}`", f.subject()), None))
        },
        out,
    );
}
