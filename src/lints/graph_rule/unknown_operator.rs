use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::ekuiper::operators::{graph_operators as operators, WATERMARK_SINCE};
use crate::ekuiper::version::Version;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;
use crate::source::suggest::did_you_mean;

declare_lint! {
    /// ## What it does
    /// Reports an operator node of a graph rule whose `nodeType` is not an operator eKuiper has:
    /// `function`, `aggfunc`, `filter`, `pick`, `window`, `join`, `groupby`, `orderby`,
    /// `switch`, `script`, and from 1.11 `watermark` (in any case), with the closest one.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: `unknown operator type <nodeType>`. Operator kinds are compiled
    /// into eKuiper; no plugin adds one.
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "filtre", "props": {"expr": "temperature > 20"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the suggested kind (`filter`), or do the work in one of the built-in operators.
    ///
    /// ## Evidence
    /// The planner lower-cases `nodeType`, matches it against its operator kinds, then against the
    /// extension nodes (`script`, registered by builds with the `script` tag), and refuses any
    /// other kind: `internal/topo/planner/planner_graph.go:247@v2.4.0`,
    /// `internal/topo/planner/planner_graph.go:238@v1.14.0` (the same check in every release from
    /// 1.8). `watermark` is matched from 1.11 on (its `case` is line 118 of `planner_graph.go` at
    /// v1.14.0; 1.10.0 has none), so it is only reported for a target before 1.11.
    pub static LINT = {
        code: "G001",
        name: "unknown-operator",
        severity: Error,
        summary: "A graph operator node of a kind eKuiper does not have",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for node in &rule.nodes {
            let (Some(op), Some((written, member))) = (node.operator(), node.node_type) else {
                continue;
            };
            if operators(cx.target).any(|known| known == op) {
                continue;
            }
            let message = if operators(Version::newest()).any(|known| known == op) {
                format!(
                    "operator node `{}` has nodeType `{written}`, an operator from eKuiper {}.{}; \
                     the target is {}.{}",
                    node.key.name,
                    WATERMARK_SINCE.major,
                    WATERMARK_SINCE.minor,
                    cx.target.major,
                    cx.target.minor
                )
            } else {
                format!(
                    "operator node `{}` has nodeType `{written}`, which is no eKuiper operator",
                    node.key.name
                )
            };
            let mut d = rule.at(
                &LINT,
                member.value.span,
                node.member_pointer(member),
                message,
            );
            d = match did_you_mean(&op, operators(cx.target)) {
                Some(known) => d.with_help(format!("did you mean `{known}`?")),
                None => d.with_help(format!(
                    "eKuiper {}.{} has: {}",
                    cx.target.major,
                    cx.target.minor,
                    operators(cx.target).collect::<Vec<_>>().join(", ")
                )),
            };
            out.push(d);
        }
    }
}
