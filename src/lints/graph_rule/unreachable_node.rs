use std::collections::HashSet;

use crate::analysis::graph_rules::{GraphRule, Role};
use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports a node of a graph rule that no path from `topo.sources` reaches: an operator or
    /// sink that no edge leads to from a source, or a source node that `topo.sources` does not
    /// list.
    ///
    /// ## Why it matters
    /// eKuiper orders the nodes by walking the edges from `topo.sources` and refuses the rule
    /// when one is left over (`can't find node`, with an empty name): the whole rule fails, not
    /// only the dangling node.
    ///
    /// ## Example
    /// ```json
    /// "nodes": {"demo": {...}, "hot": {...}, "cold": {...}, "out": {...}},
    /// "topo": {"sources": ["demo"], "edges": {"demo": ["hot"], "hot": ["out"], "cold": ["out"]}}
    /// ```
    ///
    /// ## How to fix
    /// Connect the node (add an edge to it, or list the source in `topo.sources`), or remove it.
    ///
    /// ## Evidence
    /// The planner sizes its node order to the number of nodes (`planner_graph.go`, line 304 at
    /// v2.4.0) and fills it by walking the edges from `topo.sources`; a node the walk never places
    /// leaves an empty name behind, which is refused as `can't find node ` at
    /// `internal/topo/planner/planner_graph.go:314@v2.4.0` (`:305@v1.14.0`; the same walk in every
    /// release from 1.8). A node whose inputs include an unreached node is never placed either (the
    /// walk places a node at its last input).
    pub static LINT = {
        code: "G003",
        name: "unreachable-node",
        severity: Error,
        summary: "A graph node that no path from topo.sources reaches",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        let Some(reached) = reached(rule) else {
            continue;
        };
        for node in &rule.nodes {
            // A node of an unknown role is the schema's finding (`C004`).
            let Some(role) = node.role else { continue };
            if reached.contains(node.key.name) {
                continue;
            }
            let (message, help) = if role == Role::Source {
                (
                    format!(
                        "source node `{}` is not listed in topo.sources",
                        node.key.name
                    ),
                    "add it to topo.sources, or remove the node",
                )
            } else {
                (
                    format!(
                        "no path from topo.sources reaches {} node `{}`",
                        role.as_str(),
                        node.key.name
                    ),
                    "add an edge to it from a node that is reached, or remove the node",
                )
            };
            out.push(
                rule.at(&LINT, node.key.span, node.key.pointer.clone(), message)
                    .with_help(format!(
                        "{help}; eKuiper refuses the whole rule (`can't find node`)"
                    )),
            );
        }
    }
}

/// The nodes reached from `topo.sources` along the edges; None when the rule's topology is
/// missing or mistyped (the schema's finding), so nothing can be said.
fn reached<'a>(rule: &GraphRule<'a>) -> Option<HashSet<&'a str>> {
    let mut seen = HashSet::new();
    let mut pending: Vec<&str> = rule.sources.as_ref()?.iter().map(|s| s.name).collect();
    rule.edges.as_ref()?;
    while let Some(name) = pending.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(list) = rule.edges_from(name) {
            pending.extend(list.targets.iter().map(|t| t.to.name));
        }
    }
    Some(seen)
}
