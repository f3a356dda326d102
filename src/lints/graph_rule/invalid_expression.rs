use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::report_expressions;

declare_lint! {
    /// ## What it does
    /// Reports an expression of a graph rule's operator node that parses but that eKuiper's
    /// checks reject, or reads otherwise than meant: a literal argument of the wrong type
    /// (`sin("a")`, `cast(x, "int")`), an aggregate inside an aggregate or in a `groupby`
    /// dimension, a function used where it is not allowed (`row_number()` outside the fields,
    /// `changed_cols` outside a pick, OVER after a function that is not analytic), a window
    /// function in an expression (windows are `window` nodes), a CASE WHEN whose condition is
    /// not a condition, an alias given twice, a time unit (`ss`, `ms`, ...) read as a field.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule with the error the message quotes; the last kind is accepted but
    /// reads a field nobody meant (a warning).
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "aggfunc", "props": {"expr": "avg(max(temperature))"}}
    /// ```
    ///
    /// ## How to fix
    /// Follow the message; `kuiperlint explain` of the SQL code named in it (S011 bad-argument,
    /// S012 aggregate-misplaced, S013 function-misplaced, ...) tells more.
    pub static LINT = {
        code: "G015",
        name: "invalid-expression",
        severity: Error,
        summary: "A graph operator expression that eKuiper's checks reject",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_expressions(cx, &LINT, out);
}
