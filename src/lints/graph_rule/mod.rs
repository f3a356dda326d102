//! `G`: graph rules — rules written as `graph: {nodes, topo}` (source, operator and sink nodes
//! joined by edges) instead of `sql`.
//!
//! eKuiper's planner (`internal/topo/planner/planner_graph.go`) checks a graph rule when it is
//! created: node roles and operator kinds, edges between defined nodes, an order of the nodes
//! from `topo.sources`, and each operator's properties, whose expressions it parses by building
//! a SQL statement around them. Every graph rule of a file is read once ([`GraphRules`], built on
//! first use) and its expressions are checked with the SQL layer ([`crate::analysis::sql::check_expression`]);
//! each lint of the family looks at one kind of problem.
//!
//! The JSON types of the properties are the rule schema's concern (`C` lints): where a value has
//! the wrong type, the lints here stay silent about it.

pub mod expression_syntax;
pub mod expression_unknown_function;
pub mod expression_wrong_arity;
pub mod graph_cycle;
pub mod invalid_expression;
pub mod invalid_node_prop;
pub mod io_mismatch;
pub mod missing_node_prop;
pub mod no_output;
pub mod not_a_source;
pub mod sink_with_output;
pub mod source_stream_mismatch;
pub mod source_with_input;
pub mod unknown_node;
pub mod unknown_operator;
pub mod unreachable_node;

use super::Lint;
use crate::analysis::graph_rules::{GraphExpression, GraphRule};
use crate::analysis::pass::PassContext;
use crate::analysis::sql::{
    check_expression, is_ekuiper_keyword, ExprSlot, SqlProblem, SqlProblemKind,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::span::Span;

/// Findings located in a graph rule: carried to the file through the rule string's escapes (and
/// an expression string's), with the rule's pointer and the pointer inside it.
pub(crate) trait AtRule {
    /// A finding of `lint` at `span` of the rule's decoded text (`pointer` locates it inside the
    /// rule).
    fn at(
        &self,
        lint: &'static Lint,
        span: Span,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic;
}

impl AtRule for GraphRule<'_> {
    fn at(
        &self,
        lint: &'static Lint,
        span: Span,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        lint.at(self.map.to_file(span), message)
            .with_path(self.entry.pointer())
            .with_inner(pointer, span)
    }
}

impl GraphExpression<'_> {
    /// A finding of `lint` at `span` of the expression, carried to the file through the rule
    /// string's and the expression string's escapes.
    pub(crate) fn at(
        &self,
        rule: &GraphRule,
        lint: &'static Lint,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        lint.at(self.text.map.to_file(span), message)
            .with_path(rule.entry.pointer())
            .with_inner(self.pointer.clone(), self.to_rule.to_file(span))
    }
}

/// The lint that reports an expression problem of this kind, or None for kinds a standalone
/// expression cannot have (they need a catalog, or belong to CREATE statements).
pub(crate) fn lint_for(kind: SqlProblemKind) -> Option<&'static Lint> {
    use SqlProblemKind::*;
    Some(match kind {
        Syntax | OtherDialect | AnsiCast | TrailingSemicolon | StatementCount | ClauseOrder
        | NestingTooDeep | LexicalQuirk | WildcardAlias => &expression_syntax::LINT,
        UnknownFunction => &expression_unknown_function::LINT,
        WrongArity => &expression_wrong_arity::LINT,
        WindowMisplaced
        | BadWindow
        | BadArgument
        | AggregateNotAllowed
        | HavingNotAggregate
        | WindowFunctionMisplaced
        | SetReturningMisplaced
        | OverOnNonAnalytic
        | FilterMisplaced
        | NotInAggregateQuery
        | BadLimit
        | CaseCondition
        | CycledAlias
        | DuplicateAlias
        | TimeUnitAsField
        | DoubleQuotedField => &invalid_expression::LINT,
        CrossJoinOn
        | JoinNeedsWindow
        | WindowOnTable
        | GroupByNeedsWindow
        | LookupJoin
        | UnknownStream
        | UnknownField
        | AmbiguousField
        | BadFieldType
        | DuplicateField
        | UnknownOption
        | DuplicateOption
        | BadOptionValue
        | OptionNotForKind
        | MissingOptionComma
        | TimestampFieldMissing
        | OptionConflict => return None,
    })
}

/// Reports, as findings of `lint`, the expression problems it owns ([`lint_for`]), at their exact
/// characters inside the expression string inside the rule string.
pub(crate) fn report_expressions(cx: &PassContext, lint: &'static Lint, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for e in &rule.expressions {
            for p in &e.check.problems {
                if lint_for(p.kind).is_some_and(|l| std::ptr::eq(l, lint)) {
                    out.push(expression_diagnostic(lint, rule, e, p));
                }
            }
        }
    }
}

fn expression_diagnostic(
    lint: &'static Lint,
    rule: &GraphRule,
    e: &GraphExpression,
    p: &SqlProblem,
) -> Diagnostic {
    let mut d = e.at(
        rule,
        lint,
        Span::from(p.span.clone()),
        format!("{} (in `{}` node `{}`)", p.message, e.operator, e.node),
    );
    if p.severity_hint == Severity::Warning {
        d.severity = d.severity.min(Severity::Warning);
    }
    if let Some(help) = &p.help {
        d = d.with_help(help.clone());
    }
    if std::ptr::eq(lint, &expression_syntax::LINT) && e.slot == ExprSlot::Condition {
        if let Some(read) = condition_read_before(e.text.text, p) {
            d.severity = d.severity.min(Severity::Warning);
            d = d.with_help(format!(
                "eKuiper accepts the rule but reads only `{read}`: its condition parser stops at \
                 the first word that does not continue the expression and ignores the rest"
            ));
        }
    }
    if std::ptr::eq(lint, &expression_syntax::LINT) && e.slot == ExprSlot::SortKey {
        if let Some(more) = further_sort_keys(e.text.text, p) {
            d.severity = d.severity.min(Severity::Warning);
            d = d.with_help(format!(
                "eKuiper accepts the rule and sorts by `{more}` as well: its ORDER BY reads a \
                 name right after a key as the next key; separate keys with `,`, or give each \
                 its own item of `sorts`"
            ));
        }
    }
    if std::ptr::eq(lint, &invalid_expression::LINT) && !refused_in_graph(p, e.slot) {
        d.severity = d.severity.min(Severity::Warning);
        // What the SQL check quotes of eKuiper is said of a rule's SQL, not of a graph.
        let advice = p
            .help
            .as_deref()
            .map(|h| h.split("eKuiper says:").next().unwrap_or_default())
            .map(|h| h.trim().trim_end_matches([';', ',']).trim())
            .filter(|h| !h.is_empty());
        let accepted = "eKuiper accepts this in a graph rule: its planner only parses the \
                        expression, and the checks that refuse it in a rule's SQL do not run";
        d = d.with_help(match advice {
            Some(advice) => format!("{advice}; {accepted}"),
            None => accepted.to_string(),
        });
    }
    d
}

/// Whether eKuiper refuses expression problem `p` (one of `G015`'s) in a graph rule, in `slot`.
/// The graph planner only parses each expression: `Parse()` of a statement built around it, which
/// ends with the statement checks (`xsql.Validate`), or, for filters and switch cases,
/// `ParseCondition`, which runs none of them. The analyzer that refuses most of these in a rule's
/// SQL never runs. What is refused:
/// - in every slot, what the parser checks as it reads a call or a CASE: a function's argument
///   checks (`validateFuncs`), `changed_cols` outside the select fields, OVER after a function
///   that is not analytic, a searched CASE whose WHEN is a literal;
/// - in the statement slots, an aggregate in GROUP BY, a window function (`row_number`, ...)
///   outside the fields, a set-returning function outside the fields or nested in another, and
///   FILTER after a function (the statement does not end there; a condition stops before it).
fn refused_in_graph(p: &SqlProblem, slot: ExprSlot) -> bool {
    let statement = slot != ExprSlot::Condition;
    match p.kind {
        SqlProblemKind::BadArgument
        | SqlProblemKind::OverOnNonAnalytic
        | SqlProblemKind::CaseCondition => true,
        SqlProblemKind::FilterMisplaced => statement,
        SqlProblemKind::AggregateNotAllowed => slot == ExprSlot::Dimension,
        SqlProblemKind::WindowFunctionMisplaced => statement,
        SqlProblemKind::SetReturningMisplaced => {
            // `changed_cols` (eKuiper's "inside the select clause" words) is refused by the
            // parser itself; `unnest` and the like by the statement checks.
            statement
                || p.help
                    .as_deref()
                    .is_some_and(|h| h.contains("inside the select clause"))
        }
        _ => false,
    }
}

/// A filter's or switch case's condition is read by eKuiper's expression parser alone
/// (`ParseCondition`, no end-of-statement check): it stops at the first token after a complete
/// expression that is not an operator and drops the rest. For a syntax problem `p` at such a
/// token, the text eKuiper reads (the expression before it, which must itself be clean); None
/// when eKuiper refuses the condition.
fn condition_read_before<'t>(expr: &'t str, p: &SqlProblem) -> Option<&'t str> {
    if !matches!(
        p.kind,
        SqlProblemKind::Syntax | SqlProblemKind::OtherDialect
    ) {
        return None;
    }
    let before = expr.get(..p.span.start)?.trim_end();
    let rest = expr.get(p.span.start..)?.trim_start();
    if before.is_empty() || rest.is_empty() || continues_expression(rest) {
        return None;
    }
    let clean = check_expression(before, ExprSlot::Condition)
        .problems
        .iter()
        .all(|q| q.severity_hint != Severity::Error);
    clean.then_some(before)
}

/// eKuiper's ORDER BY (`parseSorts`) starts another sort key at a name that follows a complete
/// key, with or without a comma. For a syntax problem `p` at such a name in a sort `field`, the
/// text read as further keys, when it reads cleanly; None otherwise.
fn further_sort_keys<'t>(expr: &'t str, p: &SqlProblem) -> Option<&'t str> {
    if p.kind != SqlProblemKind::Syntax {
        return None;
    }
    let before = expr.get(..p.span.start)?.trim_end();
    let rest = expr.get(p.span.start..)?.trim();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let names_a_field = rest.starts_with('`')
        || (rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && !is_ekuiper_keyword(&word));
    if before.is_empty() || !names_a_field {
        return None;
    }
    let clean = |text: &str| {
        check_expression(text, ExprSlot::SortKey)
            .problems
            .iter()
            .all(|q| q.severity_hint != Severity::Error)
    };
    (clean(before) && clean(rest)).then_some(rest)
}

/// Whether `rest` starts with a token eKuiper's expression parser takes as an operator after an
/// operand (`Token.IsOperator`: arithmetic and bitwise, comparison, `AND`, `OR`, `NOT`, `IN`,
/// `BETWEEN`, `LIKE`, `REPLACE`, `EXCEPT`, `->`, `[`, `.`), so that it goes on reading (and
/// fails there) instead of stopping.
fn continues_expression(rest: &str) -> bool {
    if rest.starts_with(|c: char| "+-*/%&|^=<>[.".contains(c)) || rest.starts_with("!=") {
        return true;
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    [
        "AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "REPLACE", "EXCEPT",
    ]
    .iter()
    .any(|k| word.eq_ignore_ascii_case(k))
}

/// The names of `rule`'s nodes closest to `name`, as a help text.
pub(crate) fn did_you_mean_node(rule: &GraphRule, name: &str) -> Option<String> {
    crate::source::suggest::did_you_mean(name, rule.nodes.iter().map(|n| n.key.name))
        .map(|n| format!("did you mean `{n}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::sql::tests::KINDS;

    #[test]
    fn every_expression_lint_owns_a_kind() {
        for lint in [
            &expression_syntax::LINT,
            &expression_unknown_function::LINT,
            &expression_wrong_arity::LINT,
            &invalid_expression::LINT,
        ] {
            assert!(
                KINDS
                    .iter()
                    .any(|k| lint_for(*k).is_some_and(|l| std::ptr::eq(l, lint))),
                "{} owns no kind",
                lint.code
            );
        }
    }
}
