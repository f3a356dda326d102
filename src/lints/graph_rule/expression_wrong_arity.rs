use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::report_expressions;

declare_lint! {
    /// ## What it does
    /// Reports a built-in function called with fewer or more arguments than it takes, in an
    /// expression of a graph rule's operator node (from eKuiper's function catalog).
    ///
    /// ## Why it matters
    /// eKuiper checks argument counts while it parses the expression, and refuses the rule.
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "filter", "props": {"expr": "round(temperature, 1, 2) > 20"}}
    /// ```
    ///
    /// ## How to fix
    /// Pass the number of arguments the function takes; the message says how many.
    ///
    /// ## Evidence
    /// The parser runs each function's validator on every call it reads, conditions included, and
    /// refuses its error: `internal/xsql/parser.go:948@v2.4.0`
    /// (`internal/xsql/parser.go:922@v1.14.0`); the count checks are
    /// `internal/binder/function/validator_funcs.go:34@v2.4.0` (`ValidateLen`) and
    /// `internal/binder/function/validator_funcs.go:41@v2.4.0` (`ValidateAtLeast`).
    pub static LINT = {
        code: "G014",
        name: "expression-wrong-arity",
        severity: Error,
        summary: "A graph operator expression calling a function with the wrong argument count",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_expressions(cx, &LINT, out);
}
