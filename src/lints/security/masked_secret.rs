use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a secret property whose value is `******`, the mask eKuiper's REST API puts in
    /// place of passwords when it returns a config.
    ///
    /// ## Why it matters
    /// eKuiper 1.x replaced the mask with the stored password only when updating an existing
    /// config, and 2.x never does: after a full import (which deletes the stored configs) the
    /// source or sink tries to log in with the password `******` and fails. The import itself
    /// succeeds (nothing checks a password's value), so this is a warning: the failure comes
    /// later, when a rule starts.
    ///
    /// ## Example
    /// ```json
    /// {"sinkConfig": {"mqtt": "{\"cloud\": {\"server\": \"ssl://cloud:8883\", \"password\": \"******\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Put the real secret back (from your secret store), or remove the property and set it on
    /// the server.
    pub static LINT = {
        code: "P002",
        name: "masked-secret",
        severity: Warning,
        summary: "A password that is eKuiper's `******` mask, not the password",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for s in cx.secrets() {
        let v = s.value.trim();
        if v.len() < 3 || !v.chars().all(|c| c == '*') {
            continue;
        }
        out.push(
            LINT.at(
                s.span,
                format!(
                    "`{}` of {} `{}` is the mask `{v}`, not a secret",
                    s.name,
                    s.entry.section.entry_noun(),
                    s.entry.name()
                ),
            )
            .with_path(s.entry.pointer())
            .with_help(
                "this comes from a REST response; after an import eKuiper uses it literally",
            ),
        );
    }
}
