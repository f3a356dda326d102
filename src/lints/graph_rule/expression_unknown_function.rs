use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::report_expressions;

declare_lint! {
    /// ## What it does
    /// Reports a call, in an expression of a graph rule's operator node, to a function that is
    /// not in eKuiper's built-in catalog, with the closest known name. Functions that the bundle
    /// brings (scripts, native function plugins) are known; with portable plugins or services in
    /// the bundle, which may define any function, it is a warning.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: `function <name> not found`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "function", "props": {"expr": "averag(temperature) AS t"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the suggested name, or add the plugin that provides the function.
    ///
    /// ## Evidence
    /// Every call the parser reads is looked up in the function registry, in whichever clause the
    /// planner builds: `internal/xsql/parser.go:895@v2.4.0` (`function %s not found`;
    /// `internal/xsql/parser.go:887@v1.14.0`), returned through the planner's parse of the node
    /// (for example `internal/topo/planner/planner_graph.go:746@v2.4.0`).
    pub static LINT = {
        code: "G013",
        name: "expression-unknown-function",
        severity: Error,
        summary: "A graph operator expression calling a function eKuiper does not have",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_expressions(cx, &LINT, out);
}
