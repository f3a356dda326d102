use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::sql::report_sql;

declare_lint! {
    /// ## What it does
    /// Reports a call to a function that is not in eKuiper's built-in catalog, with the closest known
    /// name.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule (`function ... not found`). A function of one of eKuiper's official
    /// function plugins (`tfLite`, `resize`, `geohashEncode`, ... from `extensions/functions/`) is
    /// only a warning naming the plugin to install: the server has it once the plugin is installed.
    /// Functions declared in `kuiperlint.toml` (`[server] functions`, or their plugin in
    /// `[server] plugins`) and those the bundle brings (scripts, native function plugins) are clean;
    /// with portable plugins or services in the bundle an unknown function is a warning.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT averag(t) FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the suggested name (`avg`), or install the plugin that provides the function and declare
    /// it in `kuiperlint.toml` (`[server] plugins = ["image"]` or `[server] functions = ["myUdf"]`).
    ///
    /// ## Evidence
    /// The parser looks every call up in the function registry and refuses a name it does not hold:
    /// `internal/xsql/parser.go:895@v2.4.0` (`function %s not found`; `:887@v1.14.0`). Only a name that no
    /// built-in function, official plugin or declared server function provides is an error.
    pub static LINT = {
        code: "S009",
        name: "unknown-function",
        severity: Error,
        summary: "A function eKuiper does not have",
        check: Everywhere(check),
        fixable: Unsafe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_sql(cx, &LINT, out);
}
