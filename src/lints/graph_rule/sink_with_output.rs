use crate::analysis::graph_rules::Role;
use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports a sink node of a graph rule that has an entry in `topo.edges`, even an empty one.
    ///
    /// ## Why it matters
    /// A sink is where data leaves the rule; eKuiper refuses the rule when `topo.edges` has a key
    /// for one (`sink <name> has edge`).
    ///
    /// ## Example
    /// ```json
    /// "edges": {"demo": ["mqttOut"], "mqttOut": ["logOut"]}
    /// ```
    ///
    /// ## How to fix
    /// Remove the sink's entry from `topo.edges`. To send the same data to several sinks, add
    /// edges from the node before the sink to each of them.
    ///
    /// ## Evidence
    /// `internal/topo/planner/planner_graph.go:113@v2.4.0` (`:108@v1.14.0`, and every release from
    /// 1.8) refuses a sink that has a key in `topo.edges`, whatever its list holds.
    pub static LINT = {
        code: "G005",
        name: "sink-with-output",
        severity: Error,
        summary: "A graph sink node with outgoing edges",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for list in rule.edges.iter().flatten() {
            let Some(node) = rule.node(list.from.name) else {
                continue;
            };
            if node.role != Some(Role::Sink) {
                continue;
            }
            out.push(
                rule.at(
                    &LINT,
                    list.from.span,
                    list.from.pointer.clone(),
                    format!("sink `{}` has an entry in topo.edges", list.from.name),
                )
                .with_label(rule.to_file(node.key.span), "defined as a sink here")
                .with_help(format!(
                    "remove the entry: a sink has no outgoing edges; eKuiper says: sink {} has edge",
                    list.from.name
                )),
            );
        }
    }
}
