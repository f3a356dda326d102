use crate::analysis::pass::Pass;
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a second JSON value after the end of the first: two bundles or two rules pasted
    /// one after the other into one file or one string.
    ///
    /// ## Why it matters
    /// eKuiper decodes exactly one value and rejects anything after it, so the import fails
    /// (after wiping the server). kuiperlint still checks each of the documents, so you can see
    /// what else needs fixing before you merge them.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"s1": "CREATE STREAM s1 () WITH (DATASOURCE=\"t\")"}}
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s1\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Merge the documents into one object: one `streams`, one `rules`, ... section each.
    ///
    /// ## Evidence
    /// Go's `json.Unmarshal` refuses anything after the first value ("invalid character after top-level
    /// value"): `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0`
    /// (partial).
    pub static LINT = {
        code: "B005",
        name: "multiple-documents",
        severity: Error,
        summary: "Two JSON documents one after the other",
        check: EachPass(check),
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    report_syntax(cx, &LINT, out);
}
