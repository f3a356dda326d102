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
    /// eKuiper refuses the rule, with the error the message quotes, for what its parser checks:
    /// a wrong literal argument, `changed_cols` outside the fields, OVER after a function that
    /// is not analytic, a CASE WHEN on a literal; and, in a `function`, `aggfunc`, `pick`,
    /// `groupby`, `orderby` or `join` expression (not in a filter or switch case), an aggregate
    /// in a `groupby` dimension, a window function (`row_number`, ...) or a set-returning
    /// function (`unnest`, ...) where it is not allowed, FILTER after a function. The other kinds are
    /// warnings: eKuiper accepts them in a graph rule (it only parses the expression) and the
    /// node then misbehaves or fails when it runs; a time unit read as a field reads a field
    /// nobody meant.
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
    /// The graph planner only parses each expression; the analyzer that refuses most of these kinds
    /// in a rule's SQL (`S012`, ...) never runs on a graph rule. The parser refuses, in every slot:
    /// a literal argument of the wrong type, from the function's validator
    /// (`internal/xsql/parser.go:948@v2.4.0`, `internal/xsql/parser.go:922@v1.14.0`; the `Expect
    /// ... type for parameter N` error is built at
    /// `internal/binder/function/validator_funcs.go:28@v2.4.0`), and `changed_cols` outside the
    /// select fields (`internal/xsql/parser.go:901@v2.4.0`, `internal/xsql/parser.go:893@v1.14.0`),
    /// OVER after a function that is not analytic (`internal/xsql/parser.go:1780@v2.4.0`,
    /// `internal/xsql/parser.go:1721@v1.14.0`), a searched CASE whose WHEN is no condition
    /// (`internal/xsql/parser.go:1007@v2.4.0`, `internal/xsql/parser.go:983@v1.14.0`). A statement
    /// the planner builds (all but the conditions of `filter` and `switch`, which go through
    /// `ParseCondition` alone) is then checked (`internal/xsql/parser.go:225@v2.4.0`): an aggregate
    /// in GROUP BY (`internal/xsql/sqlValidator.go:28@v2.4.0`,
    /// `internal/xsql/sqlValidator.go:32@v1.14.0`), a window function outside the fields
    /// (`internal/xsql/sqlValidator.go:46@v2.4.0`, `internal/xsql/sqlValidator.go:50@v1.14.0`), a
    /// nested or second set-returning function in the fields
    /// (`internal/xsql/sqlValidator.go:53@v2.4.0`, `internal/xsql/sqlValidator.go:76@v2.4.0`) and
    /// one outside them (`internal/xsql/sqlValidator.go:83@v2.4.0`,
    /// `internal/xsql/sqlValidator.go:87@v1.14.0`). A FILTER after a function is where such a
    /// statement must go on or end (`internal/xsql/parser.go:222@v2.4.0`: `expected EOF`; in the
    /// fields, `expected FROM`); a condition stops before it and drops it.
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
