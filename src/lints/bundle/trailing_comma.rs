use crate::analysis::pass::Pass;
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a comma after the last member of an object or the last element of an array, in
    /// the bundle file and inside the JSON encoded in its strings.
    ///
    /// ## Why it matters
    /// JavaScript and many editors accept it; JSON and eKuiper's decoder do not. In the outer
    /// file the import fails after the server has been wiped; inside a rule string, that rule
    /// fails to import.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"s1": "CREATE STREAM s1 () WITH (DATASOURCE=\"t\")",}}
    /// ```
    ///
    /// ## How to fix
    /// Delete the comma (the suggested fix does).
    ///
    /// ## Evidence
    /// Go's `encoding/json` refuses a comma before `}` or `]`: the import's decoding of the bundle fails at
    /// `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0` (partial).
    pub static LINT = {
        code: "B003",
        name: "trailing-comma",
        severity: Error,
        summary: "A comma before `}` or `]`, which eKuiper rejects",
        check: EachPass(check),
        fixable: Safe,
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    report_syntax(cx, &LINT, out);
}
