use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::lints::config::{report_config_renaming, same_but_case};
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a property written in another case than eKuiper's own spelling, such as
    /// `bufferlength` for `bufferLength` or `SQL` for `sql`.
    ///
    /// ## Why it matters
    /// eKuiper matches keys without regard to case, so it works. But a file holding both
    /// spellings uses one of them silently, and tools that read the file (jq, diffs, the 2.x YAML
    /// export) see two different keys.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"SQL\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the canonical spelling given in the message.
    pub static LINT = {
        code: "C002",
        name: "property-case",
        severity: Hint,
        summary: "A property in another case than eKuiper spells it",
        check: Everywhere(check),
        fixable: Safe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_config_renaming(
        cx,
        &LINT,
        |f| {
            let Problem::UnknownProperty { name, known } = &f.error.problem else {
                return None;
            };
            let canonical = same_but_case(name, known)?;
            Some((
                format!("`{name}` is spelt `{canonical}`"),
                Some("eKuiper matches keys without regard to case, so this works, but other tools do not".into()),
            ))
        },
        |f| {
            let Problem::UnknownProperty { name, known } = &f.error.problem else {
                return None;
            };
            // eKuiper reads the key in any case: the exported spelling means the same.
            same_but_case(name, known).map(|k| (k.to_string(), Applicability::Safe))
        },
        out,
    );
}
