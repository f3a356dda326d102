use crate::analysis::graph_rules::Role;
use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Reports an entry of a graph rule's `topo.sources` that names an operator or a sink node.
    ///
    /// ## Why it matters
    /// eKuiper builds a source from every node that `topo.sources` names, reading its `props`
    /// as stream options and its `nodeType` as the source type, so an operator or sink listed
    /// there fails the rule (there is no source type `filter`, and a sink has no edges).
    ///
    /// ## Example
    /// ```json
    /// "topo": {"sources": ["demo", "hot"], "edges": {"demo": ["hot"], "hot": ["out"]}}
    /// ```
    /// where `hot` is `{"type": "operator", "nodeType": "filter", ...}`.
    ///
    /// ## How to fix
    /// List only the source nodes in `topo.sources`; operators and sinks are reached through
    /// `topo.edges`.
    ///
    /// ## Evidence
    /// The planner builds a source from every node `topo.sources` names. A sink usually has no key
    /// in `topo.edges`, refused at `internal/topo/planner/planner_graph.go:78@v2.4.0`
    /// (`:74@v1.14.0`), and with one it is refused as a sink with edges
    /// (`internal/topo/planner/planner_graph.go:113@v2.4.0`). An operator is built as a source of
    /// type `<nodeType>`, which 2.x refuses (`source type filter not found`:
    /// `internal/topo/planner/planner_source.go:63@v2.4.0`, the same check from 2.0). 1.x builds
    /// it; the operator is then either ordered twice (reached by an edge as well), overflowing the
    /// order at `internal/topo/planner/planner_graph.go:414@v1.14.0`, or has no input,
    /// `internal/topo/planner/planner_graph.go:356@v1.14.0`. Rule creation plans the rule and
    /// refuses it on any planning error, a panic included (`SafeRun`:
    /// `internal/topo/rule/action.go:67@v2.4.0`, `internal/topo/rule/ruleState.go:130@v1.14.0`).
    pub static LINT = {
        code: "G008",
        name: "not-a-source",
        severity: Error,
        summary: "topo.sources naming an operator or sink node",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for listed in rule.sources.iter().flatten() {
            let Some(node) = rule.node(listed.name) else {
                continue;
            };
            let Some(role @ (Role::Operator | Role::Sink)) = node.role else {
                continue;
            };
            out.push(
                rule.at(
                    &LINT,
                    listed.span,
                    listed.pointer.clone(),
                    format!(
                        "topo.sources lists `{}`, which is {} node",
                        listed.name,
                        role.with_article()
                    ),
                )
                .with_label(
                    rule.to_file(node.key.span),
                    format!("defined as {} here", role.with_article()),
                )
                .with_help("list only source nodes there; reach the others through topo.edges"),
            );
        }
    }
}
