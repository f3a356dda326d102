//! Reading sqlparser's AST: names, literals, arguments, children of an expression.

use super::*;

pub(super) fn ident_value(id: &Ident) -> String {
    id.value.clone()
}

pub(super) fn object_name_last(n: &ObjectName) -> Option<&Ident> {
    match n.0.last()? {
        ObjectNamePart::Identifier(i) => Some(i),
        _ => None,
    }
}

pub(super) fn time_unit(id: &Ident) -> Option<TimeUnit> {
    if id.quote_style.is_some() {
        return None;
    }
    let v = id.value.as_bytes();
    if v.len() != 2 {
        return None;
    }
    Some(
        match [v[0].to_ascii_lowercase(), v[1].to_ascii_lowercase()] {
            [b'd', b'd'] => TimeUnit::Day,
            [b'h', b'h'] => TimeUnit::Hour,
            [b'm', b'i'] => TimeUnit::Minute,
            [b's', b's'] => TimeUnit::Second,
            [b'm', b's'] => TimeUnit::Millisecond,
            _ => return None,
        },
    )
}

pub(super) fn lit_kind(e: &Expr) -> LitKind {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => {
                if n.contains('.') {
                    LitKind::Float
                } else {
                    LitKind::Int
                }
            }
            Value::SingleQuotedString(_) | Value::DoubleQuotedString(_) => LitKind::Str,
            Value::Boolean(_) => LitKind::Bool,
            _ => LitKind::Other,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match lit_kind(expr) {
            k @ (LitKind::Int | LitKind::Float) => k,
            _ => LitKind::Other,
        },
        Expr::Identifier(id) if time_unit(id).is_some() => LitKind::Time,
        Expr::Wildcard(_) => LitKind::Wildcard,
        _ => LitKind::Other,
    }
}

pub(super) fn int_value(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) if !n.contains('.') => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => int_value(expr).map(|v| -v),
        _ => None,
    }
}

pub(super) fn str_value(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn ordinal(i: usize) -> String {
    match i {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// A call argument that is an expression, borrowed.
pub(super) fn arg_expr(a: &FunctionArg) -> Option<&Expr> {
    match a {
        FunctionArg::Unnamed(FunctionArgExpr::Expr(e))
        | FunctionArg::Named {
            arg: FunctionArgExpr::Expr(e),
            ..
        }
        | FunctionArg::ExprNamed {
            arg: FunctionArgExpr::Expr(e),
            ..
        } => Some(e),
        _ => None,
    }
}

/// The expression standing for a wildcard argument (`*`, `s.*`).
pub(super) fn wildcard_arg(a: &FunctionArg) -> Expr {
    let empty = sqlparser::ast::helpers::attached_token::AttachedToken::empty;
    match a {
        FunctionArg::Unnamed(FunctionArgExpr::QualifiedWildcard(n)) => {
            Expr::QualifiedWildcard(n.clone(), empty())
        }
        _ => Expr::Wildcard(empty()),
    }
}

/// Arguments of a call as expressions (`*` becomes `Expr::Wildcard`). Argument expressions
/// are borrowed from the call; only the wildcard forms are built, into `owned`.
pub(super) fn call_args<'e>(f: &'e Function, owned: &'e mut Vec<Expr>) -> Vec<&'e Expr> {
    let FunctionArguments::List(l) = &f.args else {
        return Vec::new();
    };
    owned.extend(
        l.args
            .iter()
            .filter(|a| arg_expr(a).is_none())
            .map(wildcard_arg),
    );
    let owned: &'e Vec<Expr> = owned;
    let mut built = owned.iter();
    l.args
        .iter()
        .filter_map(|a| arg_expr(a).or_else(|| built.next()))
        .collect()
}

pub(super) fn parse_side_expr(tokens: &[TokenWithSpan]) -> Result<Expr, ParserError> {
    let d = EkuiperDialect::default();
    let mut p = Parser::new(&d)
        .with_recursion_limit(1000)
        .with_tokens_with_locations(tokens.to_vec());
    let e = p.parse_expr()?;
    let t = p.peek_token();
    if t.token != Token::EOF {
        return Err(ParserError::ParserError(format!(
            "Expected: end of expression, found: {}",
            t.token
        )));
    }
    Ok(e)
}

pub(super) fn and_chain_has_eq(e: &Expr) -> bool {
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        match x {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::And,
                right,
            } => {
                stack.push(left);
                stack.push(right);
            }
            Expr::BinaryOp {
                op: BinaryOperator::Eq,
                ..
            } => return true,
            Expr::Nested(inner) => stack.push(inner),
            _ => {}
        }
    }
    false
}

pub(super) fn clause_name(c: Clause) -> &'static str {
    match c {
        Clause::Fields => "SELECT",
        Clause::JoinOn => "JOIN ON",
        Clause::Where => "WHERE",
        Clause::GroupBy => "GROUP BY",
        Clause::WindowFilter => "the window FILTER",
        Clause::WindowTrigger => "the window OVER (WHEN ...)",
        Clause::Having => "HAVING",
        Clause::OrderBy => "ORDER BY",
    }
}

/// The root identifier of a field expression (`a`, `a.b` without qualifier, `a->b`, `a[0]`).
pub(super) fn root_ident(e: &Expr) -> Option<&Ident> {
    match e {
        Expr::Identifier(id) => Some(id),
        Expr::CompoundIdentifier(ids) => ids.first(),
        Expr::CompoundFieldAccess { root, .. } => root_ident(root),
        _ => None,
    }
}

/// Call `f` on the direct sub-expressions the walker cares about.
pub(super) fn visit_children(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    match e {
        Expr::BinaryOp { left, right, .. } => {
            f(left);
            f(right);
        }
        Expr::UnaryOp { expr, .. } | Expr::Nested(expr) => f(expr),
        Expr::CompoundFieldAccess { root, access_chain } => {
            f(root);
            for a in access_chain {
                match a {
                    AccessExpr::Subscript(Subscript::Index { index }) => f(index),
                    AccessExpr::Subscript(Subscript::Slice {
                        lower_bound,
                        upper_bound,
                        ..
                    }) => {
                        if let Some(x) = lower_bound {
                            f(x);
                        }
                        if let Some(x) = upper_bound {
                            f(x);
                        }
                    }
                    _ => {}
                }
            }
        }
        Expr::Function(func) => {
            if let FunctionArguments::List(l) = &func.args {
                for a in &l.args {
                    match arg_expr(a) {
                        Some(e) => f(e),
                        None => f(&wildcard_arg(a)),
                    }
                }
            }
        }
        Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            if let Some(o) = operand {
                f(o);
            }
            for c in conditions {
                f(&c.condition);
                f(&c.result);
            }
            if let Some(x) = else_result {
                f(x);
            }
        }
        Expr::In { expr, target, .. } => {
            f(expr);
            if let sqlparser::ast::InTarget::List(l) = target {
                for x in l {
                    f(x);
                }
            }
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            f(expr);
            f(low);
            f(high);
        }
        Expr::Like { expr, pattern, .. } => {
            f(expr);
            f(pattern);
        }
        _ => {}
    }
}

/// sqlparser's message without its location suffix, lower-cased first letter.
pub(crate) fn clean_parser_message(e: &ParserError) -> String {
    let s = match e {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => s.clone(),
        ParserError::RecursionLimitExceeded => "expression nested too deeply".to_string(),
    };
    let s = match s.find(" at Line: ") {
        Some(i) => s[..i].to_string(),
        None => s,
    };
    s.replace("Expected: ", "expected ")
        .replace(", found: ", ", found ")
}
