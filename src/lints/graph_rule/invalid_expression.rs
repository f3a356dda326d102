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
    /// A wrong literal argument and an aggregate in a `groupby` dimension: eKuiper refuses the
    /// rule with the error the message quotes. The other kinds are warnings: eKuiper accepts
    /// them in a graph rule (it only parses the expression) and the node then misbehaves or
    /// fails when it runs; a time unit read as a field reads a field nobody meant.
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "function", "props": {"expr": "sin(\"a\") AS s"}}
    /// ```
    ///
    /// ## How to fix
    /// Follow the message; `kuiperlint explain` of the SQL code named in it (S011 bad-argument,
    /// S012 aggregate-misplaced, S013 function-misplaced, ...) tells more.
    ///
    /// ## Evidence
    /// The graph planner only parses each expression; the analyzer that refuses most of these kinds in
    /// a rule's SQL (`S012`, `S013`, ...) never runs on a graph rule, so they are warnings here. Errors
    /// are what the parser itself refuses: a literal argument of the wrong type, from the function's
    /// validator (`internal/xsql/parser.go:948@v2.4.0`, `internal/xsql/parser.go:922@v1.14.0`;
    /// `Expect ... type for parameter N` is built at
    /// `internal/binder/function/validator_funcs.go:28@v2.4.0`), and an aggregate in a `groupby`
    /// dimension, which the statement check refuses (`internal/xsql/sqlValidator.go:28@v2.4.0`,
    /// `internal/xsql/sqlValidator.go:32@v1.14.0`) when `parseGroupBy` parses it.
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
