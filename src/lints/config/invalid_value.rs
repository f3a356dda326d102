use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::Diagnostic;
use crate::lints::config::report_config;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a property whose value eKuiper does not accept although its type is right: out of
    /// range (`qos: 3`, a negative `bufferLength`), not one of the allowed values (a REST
    /// `method` of `fetch`), not matching the expected form (a duration `5 seconds`, a cron
    /// spec with six fields, a rule id with `/`).
    ///
    /// ## Why it matters
    /// eKuiper validates these when the rule is created or when its source or sink starts, and
    /// the rule fails; some (an out-of-range qos) are not checked at all and misbehave later.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}], \"options\": {\"qos\": 3}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a value from the range or list given in the message.
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
