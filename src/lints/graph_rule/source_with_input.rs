use crate::analysis::graph_rules::Role;
use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports an edge of a graph rule that leads to a source node.
    ///
    /// ## Why it matters
    /// A source reads from outside the rule (an MQTT topic, a stream) and takes no input from
    /// other nodes. eKuiper refuses the rule: a source missing from `topo.sources` is never
    /// built (`node <name> is not defined`), and a listed one is ordered twice, which makes the
    /// planner panic.
    ///
    /// ## Example
    /// ```json
    /// "edges": {"demo": ["hot"], "hot": ["demo2"]}
    /// ```
    /// where `demo2` is `{"type": "source", ...}`.
    ///
    /// ## How to fix
    /// Point the edge at the operator or sink that should receive the data.
    ///
    /// ## Evidence
    /// A source that `topo.sources` does not list is never built, so linking the edge into it finds
    /// no node: `node <name> is not defined` at `internal/topo/planner/planner_graph.go:406@v2.4.0`
    /// (`:397@v1.14.0`). A listed source is placed in the node order once as a source and again as
    /// the edge's target, with everything after it: the order, sized to the number of nodes,
    /// overflows (`internal/topo/planner/planner_graph.go:428@v2.4.0`, `:414@v1.14.0`: index out of
    /// range). Rule creation plans the rule and refuses it on any planning error, a panic included
    /// (`SafeRun`: `internal/topo/rule/action.go:67@v2.4.0`,
    /// `internal/topo/rule/ruleState.go:130@v1.14.0`).
    pub static LINT = {
        code: "G006",
        name: "source-with-input",
        severity: Error,
        summary: "A graph edge leading to a source node",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for list in rule.edges.iter().flatten() {
            for t in &list.targets {
                let Some(node) = rule.node(t.to.name) else {
                    continue;
                };
                if node.role != Some(Role::Source) {
                    continue;
                }
                out.push(
                    rule.at(
                        &LINT,
                        t.to.span,
                        t.to.pointer.clone(),
                        format!(
                            "an edge from `{}` leads to source node `{}`",
                            list.from.name, t.to.name
                        ),
                    )
                    .with_label(rule.to_file(node.key.span), "defined as a source here")
                    .with_help("a source takes no input: point the edge at an operator or a sink"),
                );
            }
        }
    }
}
