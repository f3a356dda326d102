use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::Diagnostic;
use crate::lints::config::report_config;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a property whose JSON type is not what eKuiper decodes: a string where a number
    /// is needed (`"concurrency": "2"`), a number where a duration string or a string is
    /// needed, an object where an array is needed.
    ///
    /// ## Why it matters
    /// Unlike unknown keys, a wrong type can make eKuiper's decoder fail: the rule is not
    /// imported or created, or the source or sink fails when the rule starts.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}], \"options\": {\"bufferLength\": \"1024\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Write the value with the type the message names (numbers without quotes, durations as
    /// strings such as `"5s"` in 2.x).
    ///
    /// ## Evidence
    /// A rule is decoded into eKuiper's typed rule struct when it is imported or created, and a
    /// value of the wrong type fails that (`internal/processor/rule.go:168@v2.4.0`,
    /// `internal/processor/rule.go:143@v1.14.0`); an option duration that does not parse fails the
    /// same way (`pkg/cast/type.go:32@v2.4.0`). Graph operator properties are decoded when the rule
    /// is planned (e.g. `internal/topo/planner/planner_graph.go:137@v2.4.0`); that decoder turns any
    /// number into an integer, so only other wrong types are refused there.
    /// Each finding is an error only where our schema names the eKuiper code that refuses the
    /// value (`x-refused-by`, schemas/README.md); every other finding of this check is a warning.
    pub static LINT = {
        code: "C003",
        name: "wrong-type",
        severity: Error,
        summary: "A property of the wrong JSON type, which fails the import",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_config(
        cx,
        &LINT,
        |f| {
            let Problem::WrongType { expected } = &f.error.problem else {
                return None;
            };
            Some((
                format!("{} has the wrong type: {expected}", f.subject()),
                None,
            ))
        },
        out,
    );
}
