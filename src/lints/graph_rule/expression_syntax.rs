use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::report_expressions;

declare_lint! {
    /// ## What it does
    /// Reports an expression of a graph rule's operator node that eKuiper's SQL parser rejects:
    /// the `expr` of `function`, `aggfunc` and `filter`, the `fields` of `pick`, the
    /// `dimensions` of `groupby`, the sort `field`s of `orderby`, the `cases` of `switch`, the
    /// `on` of each join. Each is read as the clause eKuiper builds around it (a select field,
    /// a condition, a GROUP BY or ORDER BY item, a join condition), with the same checks as a
    /// rule's SQL: habits from other SQL dialects (`<>`, `IS NULL`, `CAST(x AS t)`), an
    /// expression that ends too early, a `;`. The position is exact inside the expression
    /// string inside the rule string.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule with the parser's error (`found "...", expected expression.`).
    /// One exception, a warning: a filter's or switch case's condition is read by the expression
    /// parser alone, which stops at the first token after a complete expression that is no
    /// operator (`IS NULL`, a stray word or `)`) and drops the rest; eKuiper accepts the rule and
    /// evaluates only what comes before. Likewise a name right after a sort `field` (`a b`) is
    /// read by eKuiper's ORDER BY as a further key: a warning.
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "filter", "props": {"expr": "temperature <> 20"}}
    /// ```
    ///
    /// ## How to fix
    /// Write the expression in eKuiper SQL: see the message, and `kuiperlint explain S001` and
    /// `S002` for the same problems in a rule's SQL.
    ///
    /// ## Evidence
    /// The planner parses each expression inside a statement it builds and returns the parser's
    /// error: `internal/topo/planner/planner_graph.go:746@v2.4.0` (function, aggfunc),
    /// `internal/topo/planner/planner_graph.go:774@v2.4.0` (filter),
    /// `internal/topo/planner/planner_graph.go:726@v2.4.0` (pick),
    /// `internal/topo/planner/planner_graph.go:586@v2.4.0` (groupby),
    /// `internal/topo/planner/planner_graph.go:564@v2.4.0` (orderby),
    /// `internal/topo/planner/planner_graph.go:816@v2.4.0` (switch),
    /// `internal/topo/planner/planner_graph.go:176@v2.4.0` (join); at v1.14.0
    /// `internal/topo/planner/planner_graph.go:728@v1.14.0` and
    /// `internal/topo/planner/planner_graph.go:756@v1.14.0` for function and filter. Kinds marked
    /// as warnings (a trailing `;`) stay warnings. `ParseCondition` (`parser.go`, line 51 at
    /// v2.4.0) returns as soon as `ParseExpr` meets a token that is no operator (`parser.go`, lines
    /// 541-544), without looking for the end of the text: what follows a complete condition is
    /// never read. `parseSorts` (`parser.go`, lines 401-437 at v2.4.0) starts a new key at any name
    /// after a key, comma or not.
    pub static LINT = {
        code: "G012",
        name: "expression-syntax",
        severity: Error,
        summary: "An operator expression of a graph rule that does not parse",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_expressions(cx, &LINT, out);
}
