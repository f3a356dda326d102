use crate::analysis::pass::{OutlineContext, Pass};
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a UTF-8 byte-order mark (the bytes `EF BB BF`) at the start of the file.
    ///
    /// ## Why it matters
    /// Some Windows editors add it silently. Go's `encoding/json`, which eKuiper uses, does not
    /// skip it: the import fails with `invalid character 'ï' looking for beginning of value`,
    /// after the server has been wiped. kuiperlint reads past it so the rest is still checked.
    ///
    /// ## Example
    /// A file saved as "UTF-8 with BOM".
    ///
    /// ## How to fix
    /// Save the file as UTF-8 without BOM (the suggested fix removes the three bytes).
    ///
    /// ## Evidence
    /// Go's `encoding/json` refuses a byte-order mark before the value: the import's decoding of the bundle
    /// fails at `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0`
    /// (partial).
    pub static LINT = {
        code: "B006",
        name: "byte-order-mark",
        severity: Error,
        summary: "The file starts with a UTF-8 byte-order mark",
        check: Outline(check),
        fixable: Safe,
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    report_syntax(Pass::Outline(cx), &LINT, out);
}
