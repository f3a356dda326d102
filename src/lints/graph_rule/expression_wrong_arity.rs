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
