use crate::analysis::pass::Pass;
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports `//`, `#` and `/* ... */` comments, in the bundle file and inside the JSON encoded
    /// in its strings (a rule, a config).
    ///
    /// ## Why it matters
    /// JSON has no comments, and eKuiper's decoder rejects them. In the outer file that fails the
    /// whole import after the server has already been wiped; inside a rule string it fails that
    /// rule. Comments come in with rules copied from documentation and chats.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   // temperature alarms
    ///   "rules": {"r1": "{\"sql\": \"SELECT * FROM s1\", \"actions\": [{\"log\": {}}]}"}
    /// }
    /// ```
    ///
    /// ## How to fix
    /// Delete the comment (the suggested fix does). To keep a note with a rule, use its `name`
    /// or `tags`.
    ///
    /// ## Evidence
    /// Go's `encoding/json` has no comments: the import's decoding of the bundle fails at
    /// `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0` (partial).
    pub static LINT = {
        code: "B002",
        name: "json-comment",
        severity: Error,
        summary: "A comment in JSON, which eKuiper rejects",
        check: EachPass(check),
        fixable: Safe,
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    report_syntax(cx, &LINT, out);
}
