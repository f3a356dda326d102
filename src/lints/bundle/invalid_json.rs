use crate::analysis::pass::{OutlineContext, Pass};
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports text in the bundle file that is not JSON: an unexpected character, a missing comma
    /// or colon, an unquoted key, an unterminated string, an invalid escape or number, a bracket
    /// that is never closed, a file that is not UTF-8.
    ///
    /// ## Why it matters
    /// `kuiper import data` and `POST /data/import` first delete every rule, stream, table, config
    /// and plugin on the server, and only then decode the file. A file that does not decode
    /// leaves the server empty with `configuration unmarshal with error ...`.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "streams": {"s1": "CREATE STREAM s1 () WITH (DATASOURCE=\"t\")"}
    ///   "rules": {}
    /// }
    /// ```
    /// The comma after the `streams` object is missing.
    ///
    /// ## How to fix
    /// Fix the text at the reported position. kuiperlint keeps reading after each error, so the
    /// other findings in the file are still meaningful.
    ///
    /// ## Evidence
    /// Go's `encoding/json` refuses the text when the import decodes the bundle:
    /// `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0` (partial import;
    /// `:329@v1.14.0`). The server has been wiped by then. A rule file is refused the same way at
    /// `internal/processor/rule.go:168@v2.4.0` (`:143@v1.14.0`).
    pub static LINT = {
        code: "B001",
        name: "invalid-json",
        severity: Error,
        summary: "The bundle file is not valid JSON",
        check: Outline(check),
        fixable: Safe,
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    report_syntax(Pass::Outline(cx), &LINT, out);
}
