use crate::analysis::graph_rules::NameRef;
use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::did_you_mean_node;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports a node name in the `topo` of a graph rule that `graph.nodes` does not define: an
    /// entry of `topo.sources`, a key of `topo.edges`, or a node an edge leads to (switch outputs
    /// included). Names are compared exactly, case included.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: `source node <name> not defined` or `node <name> is not
    /// defined`.
    ///
    /// ## Example
    /// ```json
    /// "nodes": {"demo": {...}, "hot": {...}, "mqttOut": {...}},
    /// "topo": {"sources": ["demo"], "edges": {"demo": ["hot"], "hot": ["mqttout"]}}
    /// ```
    ///
    /// ## How to fix
    /// Use the node's name as `graph.nodes` spells it (the message suggests the closest), or
    /// define the node.
    ///
    /// ## Evidence
    /// `topo.sources` naming an undefined node is refused at
    /// `internal/topo/planner/planner_graph.go:75@v2.4.0` (`:71@v1.14.0`); an edge from an
    /// undefined node at `internal/topo/planner/planner_graph.go:272@v2.4.0` (`:263@v1.14.0`), to
    /// one at `internal/topo/planner/planner_graph.go:278@v2.4.0` (`:269@v1.14.0`), and a switch
    /// output to one at `internal/topo/planner/planner_graph.go:292@v2.4.0` (`:283@v1.14.0`). Node
    /// names are map keys, matched exactly.
    pub static LINT = {
        code: "G002",
        name: "unknown-node",
        severity: Error,
        summary: "A graph edge or source entry naming a node that is not defined",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        let mut refs: Vec<(&NameRef, &str)> = Vec::new();
        for s in rule.sources.iter().flatten() {
            refs.push((s, "topo.sources names"));
        }
        for list in rule.edges.iter().flatten() {
            refs.push((&list.from, "edges start from"));
            for t in &list.targets {
                refs.push((&t.to, "an edge leads to"));
            }
        }
        for (r, what) in refs {
            if rule.node(r.name).is_some() {
                continue;
            }
            let mut d = rule.at(
                &LINT,
                r.span,
                r.pointer.clone(),
                format!("{what} `{}`, which graph.nodes does not define", r.name),
            );
            if let Some(help) = did_you_mean_node(rule, r.name) {
                d = d.with_help(help);
            }
            out.push(d);
        }
    }
}
