//! Standalone expressions: the pieces of a query that a graph rule's operator nodes hold (a
//! `filter` condition, a `function` call, `pick` fields, `groupby` dimensions, ...).
//!
//! eKuiper parses each of them by building a statement around it (`"select " + expr + " from
//! nonexist"`, `"where " + expr`, ...; `internal/topo/planner/planner_graph.go`), so they get the
//! checks of the clause they land in. This does the same: the expression is checked inside a
//! SELECT built around it, and what the checks find is brought back to the expression's bytes.

use std::ops::Range;

use super::{check_one_select, SelectField, SelectInfo, SqlProblem, SqlProblemKind};

/// Which clause of a query an expression stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExprSlot {
    /// A select field, `AS alias` allowed (`function`, `aggfunc`, `pick`).
    Field,
    /// A condition (`filter`, `switch` cases). eKuiper reads it with its expression parser alone,
    /// without the checks of a whole statement: aggregates are allowed (a filter after a group is
    /// a HAVING).
    Condition,
    /// A GROUP BY dimension (`groupby`).
    Dimension,
    /// An ORDER BY key (`orderby`).
    SortKey,
    /// The ON condition of a join (`join`).
    JoinOn,
}

impl ExprSlot {
    /// The text before and after the expression in the SELECT built around it. The expression
    /// comes last wherever the clause allows it, so that an expression that ends too early is
    /// reported at its own end.
    fn wrapper(self) -> (&'static str, &'static str) {
        match self {
            ExprSlot::Field => ("SELECT ", " FROM nonexist"),
            ExprSlot::Condition => ("SELECT * FROM nonexist WHERE ", ""),
            ExprSlot::Dimension => ("SELECT * FROM nonexist GROUP BY ", ""),
            ExprSlot::SortKey => ("SELECT * FROM nonexist ORDER BY ", ""),
            ExprSlot::JoinOn => ("SELECT * FROM a INNER JOIN b ON ", ""),
        }
    }
}

/// What checking a standalone expression found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprCheck {
    /// Problems, with byte spans into the expression.
    pub problems: Vec<SqlProblem>,
    /// For [`ExprSlot::Field`]: the select fields of the text, in order (eKuiper's `function`
    /// and `aggfunc` nodes take the first and need it to be a call). Empty when the text did not
    /// parse, and for other slots.
    pub fields: Vec<FieldShape>,
}

/// One select field of an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldShape {
    /// Byte range in the expression, alias included (a call's may stop before its `)`).
    pub span: Range<usize>,
    /// The field is one function call, with or without `AS alias` (not a window function).
    pub is_call: bool,
}

/// Checks `expr` as eKuiper reads it in `slot`: syntax, functions (existence, arity, literal
/// arguments), and the placement rules of that clause. No catalog: sources and fields are not
/// resolved.
pub fn check_expression(expr: &str, slot: ExprSlot) -> ExprCheck {
    if expr.trim().is_empty() {
        return ExprCheck {
            problems: vec![SqlProblem::error(
                SqlProblemKind::Syntax,
                0..expr.len(),
                "the expression is empty",
            )],
            fields: Vec::new(),
        };
    }
    let (prefix, suffix) = slot.wrapper();
    let sql = format!("{prefix}{expr}{suffix}");
    let at = prefix.len()..prefix.len() + expr.len();
    let (info, problems) = check_one_select(&sql, None);
    let problems = problems
        .into_iter()
        // eKuiper's condition parser does not look at aggregates.
        .filter(|p| !(slot == ExprSlot::Condition && p.kind == SqlProblemKind::AggregateNotAllowed))
        .filter_map(|p| into_expression(p, &at))
        .collect();
    let fields = match (slot, &info) {
        (ExprSlot::Field, Some(info)) => info
            .fields
            .iter()
            .map(|f| FieldShape {
                span: f.span.start.clamp(at.start, at.end) - at.start
                    ..f.span.end.clamp(at.start, at.end) - at.start,
                is_call: is_call(info, f, &sql),
            })
            .collect(),
        _ => Vec::new(),
    };
    ExprCheck { problems, fields }
}

/// A problem of the SELECT built around the expression at `at`, in the expression's bytes; None
/// when it is about the text around it.
fn into_expression(mut p: SqlProblem, at: &Range<usize>) -> Option<SqlProblem> {
    if p.span.start >= at.end {
        // At or past its end: only a syntax error can be about the expression, and then it is
        // that the expression stopped before it was complete. Past the end, the parser met the
        // text that follows, which its words would name: only at the very end do they help.
        if p.kind != SqlProblemKind::Syntax {
            return None;
        }
        let help = if p.span == (at.end..at.end) {
            p.message
        } else {
            "something is missing at its end: an operand, a `)`, a name after AS, or the END of \
             a CASE"
                .to_string()
        };
        return Some(
            SqlProblem::error(
                SqlProblemKind::Syntax,
                at.len()..at.len(),
                "the expression ends too early",
            )
            .with_help(help),
        );
    }
    if p.span.end <= at.start && !(p.span.is_empty() && p.span.start == at.start) {
        return None;
    }
    // What covers the whole statement (or runs on past the expression, like an unterminated
    // string) covers the expression.
    let start = p.span.start.clamp(at.start, at.end) - at.start;
    let end = p.span.end.clamp(at.start, at.end) - at.start;
    p.span = start..end;
    // A fix was made for the statement around the expression, not for the expression.
    p.fix = None;
    Some(p)
}

/// Whether a select field is one function call, alias allowed. Window functions are not calls
/// here (they are not in [`SelectInfo::functions`]), and eKuiper refuses them in fields.
fn is_call(info: &SelectInfo, field: &SelectField, sql: &str) -> bool {
    if field.is_wildcard {
        return false;
    }
    // The field's span ends at its alias, or (sqlparser stops a call's span at its last
    // argument) inside the call; the call's own span runs through its `)`.
    info.functions.iter().any(|f| {
        f.span.start == field.span.start
            && (f.span.end >= field.span.end
                || field.alias.as_ref().is_some_and(|alias| {
                    let rest = sql[f.span.end..field.span.end].trim_start();
                    rest.get(..2).is_some_and(|w| w.eq_ignore_ascii_case("AS"))
                        && rest[2..].trim().trim_matches('`') == alias.as_str()
                }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(expr: &str, slot: ExprSlot) -> Vec<(SqlProblemKind, &str)> {
        check_expression(expr, slot)
            .problems
            .into_iter()
            .map(|p| (p.kind, &expr[p.span]))
            .collect()
    }

    #[test]
    fn clean_expressions_have_no_problems() {
        for (expr, slot) in [
            ("humidity > 30", ExprSlot::Condition),
            ("log(temperature) AS log_temperature", ExprSlot::Field),
            ("count(*)", ExprSlot::Field),
            ("window_end()", ExprSlot::Field),
            ("device1.humidity", ExprSlot::Dimension),
            ("abs(device1.ts - device2.ts) < 200", ExprSlot::JoinOn),
            ("count", ExprSlot::SortKey),
            // After a group, a filter is a HAVING: aggregates are fine.
            ("avg(temperature) > 20", ExprSlot::Condition),
        ] {
            assert_eq!(kinds(expr, slot), [], "{expr}");
        }
    }

    #[test]
    fn problems_point_into_the_expression() {
        assert_eq!(
            kinds("averag(t) AS a", ExprSlot::Field),
            [(SqlProblemKind::UnknownFunction, "averag")]
        );
        assert_eq!(
            kinds("t > 1 AND round(t, 1, 2) < 3", ExprSlot::Condition),
            [(SqlProblemKind::WrongArity, "round(t, 1, 2)")]
        );
        assert_eq!(
            kinds("t <> 1", ExprSlot::Condition)[0].1,
            "<>",
            "an operator from another dialect"
        );
    }

    #[test]
    fn an_expression_that_stops_early_is_reported_at_its_end() {
        for (expr, slot) in [
            ("log(t) AS", ExprSlot::Field),
            ("abs(t", ExprSlot::Field),
            ("t >", ExprSlot::Condition),
        ] {
            let check = check_expression(expr, slot);
            assert_eq!(check.problems.len(), 1, "{expr}: {:?}", check.problems);
            let p = &check.problems[0];
            assert_eq!(p.kind, SqlProblemKind::Syntax, "{expr}");
            assert_eq!(p.span, expr.len()..expr.len(), "{expr}: {p:?}");
        }
    }

    #[test]
    fn an_empty_expression_is_a_syntax_error() {
        assert_eq!(
            kinds("  ", ExprSlot::Condition),
            [(SqlProblemKind::Syntax, "  ")]
        );
    }

    #[test]
    fn fields_tell_function_calls_with_or_without_alias() {
        let calls = |e: &str| -> Vec<bool> {
            check_expression(e, ExprSlot::Field)
                .fields
                .iter()
                .map(|f| f.is_call)
                .collect()
        };
        assert_eq!(calls("log(temperature) AS lt"), [true]);
        assert_eq!(calls("log(temperature) as `lt`"), [true]);
        assert_eq!(calls("abs(log(t))"), [true]);
        assert_eq!(calls("log(t) + 1"), [false]);
        assert_eq!(calls("temperature"), [false]);
        assert_eq!(calls("*"), [false]);
        assert_eq!(calls("log(a), b AS c"), [true, false]);
        assert!(calls("log((").is_empty());
        assert_eq!(check_expression("t > 1", ExprSlot::Condition).fields, []);
        let fields = check_expression("log(a), b", ExprSlot::Field).fields;
        assert_eq!(fields[1].span, 8..9);
    }
}
