use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports two WITH options with no comma between them.
    ///
    /// ## Why it matters
    /// Only style: eKuiper's parser reads the options in a loop that skips commas wherever they
    /// are, so `DATASOURCE="t" FORMAT="json"` means the same as with the comma. The comma is the
    /// documented form, and other tools (and readers) expect it.
    ///
    /// ## Evidence
    /// The option loop of `parseStreamOptions` continues on a comma and never requires one:
    /// `internal/xsql/parser.go:1603@v2.4.0` (`} else if tok1 == ast.COMMA { continue`), the same
    /// at `internal/xsql/parser.go:1547@v1.14.0`.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (DATASOURCE=\"t\" FORMAT=\"json\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the comma.
    pub static LINT = {
        code: "S028",
        name: "missing-option-comma",
        severity: Hint,
        summary: "No comma between two WITH options",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
