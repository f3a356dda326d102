use std::collections::HashMap;

use crate::analysis::graph_rules::{EdgeTarget, GraphRule};
use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports an edge of a graph rule that closes a cycle (`a → b → a`, or a node with an edge
    /// to itself), at the edge's target, with the whole cycle in the message.
    ///
    /// ## Why it matters
    /// A rule is a directed acyclic graph: eKuiper orders the nodes by walking the edges from
    /// `topo.sources`, and the nodes of a cycle get no place in that order. The rule is refused
    /// (`can't find node`), or the planner panics on it, which refuses it as well.
    ///
    /// ## Example
    /// ```json
    /// "edges": {"demo": ["hot"], "hot": ["alarm"], "alarm": ["hot"]}
    /// ```
    ///
    /// ## How to fix
    /// Remove the edge that leads back; to use a result again further on, send it forward to
    /// another node.
    ///
    /// ## Evidence
    /// The order walk places a node only when it comes from its last input (`planner_graph.go`,
    /// line 424 at v2.4.0), so the nodes of a cycle, waiting on each other, are never placed and
    /// the rule is refused as `can't find node ` at
    /// `internal/topo/planner/planner_graph.go:314@v2.4.0` (`:305@v1.14.0`). A cycle through a
    /// listed source is walked again and again until the order overflows
    /// (`internal/topo/planner/planner_graph.go:428@v2.4.0`, `:414@v1.14.0`: index out of range), a
    /// panic that rule creation turns into a refusal. Rule creation plans the rule and refuses it
    /// on any planning error, a panic included (`SafeRun`:
    /// `internal/topo/rule/action.go:67@v2.4.0`, `internal/topo/rule/ruleState.go:130@v1.14.0`).
    pub static LINT = {
        code: "G004",
        name: "graph-cycle",
        severity: Error,
        summary: "Graph edges that form a cycle",
        check: Everywhere(check),
    };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// On the current path of the search.
    Open,
    /// Every path from it has been followed.
    Done,
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        let mut visit: HashMap<&str, Visit> = HashMap::new();
        // From every node in file order, so that cycles nothing reaches are found as well.
        for start in &rule.nodes {
            if visit.contains_key(start.key.name) {
                continue;
            }
            search(rule, start.key.name, &mut visit, out);
        }
    }
}

/// Depth-first search from `start` (without recursion: a graph can be long); reports every edge
/// that leads back to a node on the current path.
fn search<'a>(
    rule: &GraphRule<'a>,
    start: &'a str,
    visit: &mut HashMap<&'a str, Visit>,
    out: &mut Vec<Diagnostic>,
) {
    let targets = |name: &str| -> Vec<&EdgeTarget<'a>> {
        rule.edges_from(name)
            .map(|l| {
                l.targets
                    .iter()
                    .filter(|t| rule.node(t.to.name).is_some())
                    .collect()
            })
            .unwrap_or_default()
    };
    visit.insert(start, Visit::Open);
    let mut path: Vec<(&'a str, Vec<&EdgeTarget<'a>>, usize)> = vec![(start, targets(start), 0)];
    while let Some((_, next, i)) = path.last_mut() {
        let Some(&edge) = next.get(*i) else {
            let (done, _, _) = path.pop().expect("the path is not empty");
            visit.insert(done, Visit::Done);
            continue;
        };
        *i += 1;
        let to = edge.to.name;
        match visit.get(to) {
            Some(Visit::Done) => {}
            Some(Visit::Open) => {
                let from = path.iter().position(|(n, _, _)| *n == to).unwrap_or(0);
                let mut cycle: Vec<&str> = path[from..].iter().map(|(n, _, _)| *n).collect();
                cycle.push(to);
                out.push(
                    rule.at(
                        &LINT,
                        edge.to.span,
                        edge.to.pointer.clone(),
                        format!("this edge closes a cycle: {}", cycle.join(" → ")),
                    )
                    .with_help(
                        "a rule must be acyclic: eKuiper cannot order the nodes of a cycle and \
                         refuses the rule",
                    ),
                );
            }
            None => {
                visit.insert(to, Visit::Open);
                path.push((to, targets(to), 0));
            }
        }
    }
}
