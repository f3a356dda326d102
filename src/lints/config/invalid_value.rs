use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::Diagnostic;
use crate::lints::config::report_config;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a property whose value eKuiper does not accept although its type is right: out of
    /// range (a negative `bufferLength`), not one of the allowed values (a REST
    /// `method` of `fetch`), not matching the expected form (a duration `5 seconds`, a cron
    /// spec with six fields, a rule id with `/`).
    ///
    /// ## Why it matters
    /// eKuiper validates some of these when the rule is created or imported and refuses it;
    /// others only when its source or sink starts, or not at all (a warning then).
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}], \"options\": {\"concurrency\": -1}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a value from the range or list given in the message.
    ///
    /// ## Evidence
    /// eKuiper checks the rule options when a rule is imported or created and refuses a negative
    /// `concurrency` (`internal/conf/conf.go:271@v2.4.0`), `bufferLength` (`:276@v2.4.0`),
    /// `lateTolerance` (`internal/conf/conf.go:281@v2.4.0`) or restart `attempts`
    /// (`internal/conf/conf.go:287@v2.4.0`), and a `cronDatetimeRange` that does not parse
    /// (`internal/conf/conf.go:291@v2.4.0`); 1.x also refuses a negative `checkpointInterval` and
    /// restart values out of range (`internal/conf/conf.go:409@v1.14.0`, `:430` to `:450`).
    /// A graph window of size 0 is refused when the rule is planned
    /// (`internal/topo/planner/planner_graph.go:628@v2.4.0`). `qos` is not range-checked, so it is
    /// not reported.
    /// Each finding is an error only where our schema names the eKuiper code that refuses the
    /// value (`x-refused-by`, schemas/README.md); every other finding of this check is a warning.
    pub static LINT = {
        code: "C004",
        name: "invalid-value",
        severity: Error,
        summary: "A property value outside what eKuiper accepts",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_config(
        cx,
        &LINT,
        |f| {
            let Problem::InvalidValue { why } = &f.error.problem else {
                return None;
            };
            Some((format!("{} is not valid: {why}", f.subject()), None))
        },
        out,
    );
}
