use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::ekuiper::operators::graph_operators as operators;
use crate::ekuiper::version::Version;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;
use crate::source::suggest::did_you_mean;

declare_lint! {
    /// ## What it does
    /// Reports an operator node of a graph rule whose `nodeType` is not an operator eKuiper has:
    /// `function`, `aggfunc`, `filter`, `pick`, `window`, `join`, `groupby`, `orderby`,
    /// `switch`, `script`, and from 2.0 `watermark` (in any case), with the closest one.
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
                    "operator node `{}` has nodeType `{written}`, an operator from eKuiper 2.0; \
                     the target is {}.{}",
                    node.key.name, cx.target.major, cx.target.minor
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
