use crate::analysis::graph_rules::Role;
use crate::analysis::pass::PassContext;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports a source (listed in `topo.sources`) or an operator node of a graph rule whose
    /// output goes to no node: an error when `topo.edges` has no entry for it, a warning when
    /// its entry is an empty list.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule when a source or an operator has no entry in `topo.edges`
    /// (`no edge defined for operator node <name>`, `no edge defined for source node <name>`).
    /// With an empty list the rule runs, but that node's results are dropped.
    ///
    /// ## Example
    /// ```json
    /// "edges": {"demo": ["hot"]}
    /// ```
    /// where `hot` is a filter that should lead to a sink.
    ///
    /// ## How to fix
    /// Add an edge from the node to the operator or sink that should receive its results, or
    /// remove the node.
    ///
    /// ## Evidence
    /// A listed source without a key in `topo.edges` is refused at
    /// `internal/topo/planner/planner_graph.go:78@v2.4.0` (`:74@v1.14.0`), an operator at
    /// `internal/topo/planner/planner_graph.go:123@v2.4.0` (`:114@v1.14.0`). Only the presence of
    /// the key is checked: with an empty list the rule is created (the warning).
    pub static LINT = {
        code: "G007",
        name: "no-output",
        severity: Error,
        summary: "A graph source or operator whose output goes to no node",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        if rule.edges.is_none() {
            continue;
        }
        for node in &rule.nodes {
            let role = match node.role {
                Some(Role::Operator) => "operator",
                // eKuiper builds only the sources that topo.sources lists (the others are
                // reported as unreachable).
                Some(Role::Source) if rule.is_listed_source(node.key.name) => "source",
                _ => continue,
            };
            match rule.edges_from(node.key.name) {
                None => out.push(
                    rule.at(
                        &LINT,
                        node.key.span,
                        node.key.pointer.clone(),
                        format!("{role} `{}` has no entry in topo.edges", node.key.name),
                    )
                    .with_help(format!(
                        "add an edge to the node that receives its results; eKuiper says: no \
                         edge defined for {role} node {}",
                        node.key.name
                    )),
                ),
                Some(list) if list.targets.is_empty() => {
                    let mut d = rule
                        .at(
                            &LINT,
                            list.from.span,
                            list.from.pointer.clone(),
                            format!("the results of {role} `{}` go to no node", node.key.name),
                        )
                        .with_help(
                            "add an edge to the node that receives them, or remove the node",
                        );
                    d.severity = d.severity.min(Severity::Warning);
                    out.push(d);
                }
                Some(_) => {}
            }
        }
    }
}
