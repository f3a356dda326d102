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
    /// other nodes. eKuiper's planner links the edge anyway: the rule fails to build, or data
    /// is fed into the source's decoding step, which is never what was meant.
    ///
    /// ## Example
    /// ```json
    /// "edges": {"demo": ["hot"], "hot": ["demo2"]}
    /// ```
    /// where `demo2` is `{"type": "source", ...}`.
    ///
    /// ## How to fix
    /// Point the edge at the operator or sink that should receive the data.
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
