use crate::analysis::pass::Pass;
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports strings and keys written in single quotes, in the bundle file and inside the JSON
    /// encoded in its strings.
    ///
    /// ## Why it matters
    /// JSON strings take double quotes only; eKuiper's decoder rejects `'...'`. Single quotes
    /// are typical of rules pasted from Python dictionaries or shell snippets.
    ///
    /// ## Example
    /// ```json
    /// {'rules': {}}
    /// ```
    ///
    /// ## How to fix
    /// Use double quotes, escaping any `"` inside (the suggested fix does both).
    ///
    /// ## Evidence
    /// Go's `encoding/json` knows only double-quoted strings: the import's decoding of the bundle fails at
    /// `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0` (partial).
    pub static LINT = {
        code: "B004",
        name: "single-quoted-string",
        severity: Error,
        summary: "A string in single quotes, which eKuiper rejects",
        check: EachPass(check),
        fixable: Safe,
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    report_syntax(cx, &LINT, out);
}
