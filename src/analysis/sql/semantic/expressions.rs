//! Walking expressions: spans, the clause each expression sits in, aggregate classes, nesting.

use super::*;

impl<'a> Analyzer<'a> {
    /// Byte range of an expression. sqlparser gives a unary operation the span of its operand
    /// (`-1` would come out as `1`), so the operators in front of the leftmost operand are taken
    /// back in.
    pub(super) fn expr_range(&self, e: &Expr) -> Range<usize> {
        let span = e.span();
        let mut r = self.range(span);
        if span.start.line == 0 {
            return r;
        }
        let text = self.sql;
        let mut lead = e;
        loop {
            match lead {
                Expr::UnaryOp { expr, .. } => {
                    let op = self.prep.sig.iter().rev().find(|(t, _)| t.end <= r.start);
                    if let Some((t, _)) = op {
                        let is_op = matches!(text.get(t.clone()), Some("-" | "+" | "!" | "~"))
                            || text
                                .get(t.clone())
                                .is_some_and(|w| w.eq_ignore_ascii_case("NOT"));
                        if is_op {
                            r.start = t.start;
                        }
                    }
                    lead = expr;
                }
                Expr::BinaryOp { left, .. } => lead = left,
                _ => return r,
            }
        }
    }

    /// `name(...)` through the closing parenthesis (sqlparser's span stops at the last argument).
    pub(super) fn call_span(&self, name_span: &Range<usize>, whole: &Expr) -> Range<usize> {
        if let Some(&end) = self.prep.call_end.get(&name_span.start) {
            return name_span.start..end;
        }
        let span = self.expr_range(whole);
        name_span.start..span.end.max(name_span.end)
    }

    pub(super) fn side_expr(
        &mut self,
        toks: &[TokenWithSpan],
        range: Range<usize>,
        clause: Clause,
    ) -> AggClass {
        match parse_side_expr(toks) {
            Ok(e) => self.walk_top(&e, clause, None),
            Err(e) => {
                self.err(
                    SqlProblemKind::Syntax,
                    range,
                    format!("cannot read this condition: {}", clean_parser_message(&e)),
                );
                AggClass::Const
            }
        }
    }

    pub(super) fn walk_top(
        &mut self,
        e: &Expr,
        clause: Clause,
        field_idx: Option<usize>,
    ) -> AggClass {
        self.walk(
            e,
            Ctx {
                clause,
                in_agg: false,
                in_srf: false,
                field_idx,
                depth: 0,
            },
        )
    }

    /// Walk an expression, recording calls and field references and checking placement rules.
    pub(super) fn walk(&mut self, e: &Expr, ctx: Ctx) -> AggClass {
        if ctx.depth > MAX_WALK_DEPTH {
            if !self.depth_reported {
                self.depth_reported = true;
                let r = self.expr_range(e);
                self.err(
                    SqlProblemKind::NestingTooDeep,
                    r,
                    format!(
                        "expression nested deeper than {MAX_WALK_DEPTH} levels; checks stop here"
                    ),
                );
            }
            return AggClass::Const;
        }
        let sub = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        match e {
            Expr::Value(v) => {
                if let Value::DoubleQuotedString(text) = &v.value {
                    if self.declared.iter().flatten().any(|st| {
                        st.fields
                            .iter()
                            .flatten()
                            .any(|f| f.name.eq_ignore_ascii_case(text))
                    }) {
                        let r = self.range(v.span);
                        let p = self.warn(
                            SqlProblemKind::DoubleQuotedField,
                            r,
                            format!(
                                "\"{text}\" is a string literal in eKuiper, not the field `{text}`"
                            ),
                        );
                        p.help = Some(format!(
                            "double quotes make strings in eKuiper; write {text} or `{text}` to read the field"
                        ));
                    }
                }
                AggClass::Const
            }
            Expr::Identifier(id) => self.ident_ref(None, id, e, &ctx, Vec::new()),
            Expr::CompoundIdentifier(ids) => self.compound_ref(ids, e, &ctx, Vec::new()),
            Expr::CompoundFieldAccess { root, access_chain } => {
                let extra = self.path_steps(access_chain);
                let mut c = match root.as_ref() {
                    Expr::Identifier(id) => self.ident_ref(None, id, e, &ctx, extra),
                    Expr::CompoundIdentifier(ids) => self.compound_ref(ids, e, &ctx, extra),
                    other => self.walk(other, sub),
                };
                for a in access_chain {
                    match a {
                        AccessExpr::Dot(_) => {}
                        AccessExpr::Subscript(Subscript::Index { index }) => {
                            c = c.join(self.walk(index, sub));
                        }
                        AccessExpr::Subscript(Subscript::Slice {
                            lower_bound,
                            upper_bound,
                            stride,
                        }) => {
                            for x in [lower_bound, upper_bound, stride].into_iter().flatten() {
                                c = c.join(self.walk(x, sub));
                            }
                            if stride.is_some() {
                                let r = self.expr_range(e);
                                self.err(
                                    SqlProblemKind::OtherDialect,
                                    r,
                                    "array slices take no stride in eKuiper",
                                );
                            }
                        }
                    }
                }
                c
            }
            Expr::BinaryOp { left, op, right } => {
                let ok = matches!(
                    op,
                    BinaryOperator::Plus
                        | BinaryOperator::Minus
                        | BinaryOperator::Multiply
                        | BinaryOperator::Divide
                        | BinaryOperator::Modulo
                        | BinaryOperator::Eq
                        | BinaryOperator::NotEq
                        | BinaryOperator::Lt
                        | BinaryOperator::LtEq
                        | BinaryOperator::Gt
                        | BinaryOperator::GtEq
                        | BinaryOperator::And
                        | BinaryOperator::Or
                        | BinaryOperator::BitwiseAnd
                        | BinaryOperator::BitwiseOr
                        | BinaryOperator::BitwiseXor
                );
                if !ok {
                    let r = self.expr_range(e);
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r,
                        format!("operator `{op}` is not eKuiper SQL"),
                    );
                }
                let a = self.walk(left, sub);
                let b = self.walk(right, sub);
                a.join(b)
            }
            Expr::UnaryOp { op, expr } => {
                match op {
                    UnaryOperator::Minus => {
                        if !matches!(lit_kind(expr), LitKind::Int | LitKind::Float) {
                            let r = self.expr_range(e);
                            let p = self.err(SqlProblemKind::Syntax, r, "eKuiper reads `-` only as the sign of a number literal, not as negation of an expression");
                            p.help = Some("write 0 - x or -1 * x; eKuiper says: found \"-\", expected expression.".into());
                        }
                    }
                    UnaryOperator::Not => {}
                    _ => {
                        let r = self.expr_range(e);
                        self.err(
                            SqlProblemKind::OtherDialect,
                            r,
                            format!("unary `{op}` is not eKuiper SQL"),
                        );
                    }
                }
                self.walk(expr, sub)
            }
            Expr::Nested(inner) => self.walk(inner, sub),
            Expr::Function(f) => self.function(f, e, ctx),
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let mut c = AggClass::Const;
                if let Some(o) = operand {
                    c = c.join(self.walk(o, sub));
                }
                for cw in conditions {
                    if operand.is_none()
                        && matches!(
                            lit_kind(&cw.condition),
                            LitKind::Int | LitKind::Float | LitKind::Str | LitKind::Time
                        )
                    {
                        let r = self.expr_range(&cw.condition);
                        let p = self.err(
                            SqlProblemKind::CaseCondition,
                            r,
                            "a searched CASE needs a boolean condition after WHEN, found a literal",
                        );
                        p.help = Some("write CASE WHEN x > 30 THEN ... or the simple form CASE x WHEN 30 THEN ...; eKuiper says: invalid CASE expression, WHEN expression must be a bool condition".into());
                    }
                    c = c.join(self.walk(&cw.condition, sub));
                    c = c.join(self.walk(&cw.result, sub));
                }
                if let Some(el) = else_result {
                    c = c.join(self.walk(el, sub));
                }
                c
            }
            Expr::In { expr, target, .. } => {
                let mut c = self.walk(expr, sub);
                match target {
                    sqlparser::ast::InTarget::List(list) => {
                        for x in list {
                            c = c.join(self.walk(x, sub));
                        }
                    }
                    _ => {
                        let r = self.expr_range(e);
                        self.err(
                            SqlProblemKind::OtherDialect,
                            r,
                            "IN takes a list or an array expression in eKuiper (no subqueries)",
                        );
                    }
                }
                c
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                let a = self.walk(expr, sub);
                let b = self.walk(low, sub);
                let c = self.walk(high, sub);
                a.join(b).join(c)
            }
            Expr::Like {
                expr,
                pattern,
                escape_char,
                any,
                ..
            } => {
                if escape_char.is_some() || *any {
                    let r = self.expr_range(e);
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r,
                        "LIKE ... ESCAPE / LIKE ANY are not eKuiper SQL",
                    )
                    .help = Some("eKuiper's LIKE escapes with a backslash".into());
                }
                let a = self.walk(expr, sub);
                let b = self.walk(pattern, sub);
                a.join(b)
            }
            Expr::Wildcard(_) | Expr::QualifiedWildcard(..) => AggClass::Field,
            other => {
                let r = self.expr_range(other);
                self.err(
                    SqlProblemKind::OtherDialect,
                    r,
                    "this expression is not eKuiper SQL",
                );
                AggClass::Const
            }
        }
    }
}
