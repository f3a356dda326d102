//! Field references: reserved words, `->` and `[..]` paths, qualified and plain names.

use super::*;

impl<'a> Analyzer<'a> {
    /// An unquoted eKuiper reserved word used as a name (sqlparser lets many through).
    pub(super) fn check_reserved(&mut self, id: &Ident) {
        if id.quote_style.is_some() || time_unit(id).is_some() {
            return;
        }
        if crate::analysis::sql::prepass::is_ekuiper_keyword(&id.value) {
            let r = self.range(id.span);
            let w = id.value.clone();
            let p = self.err(
                SqlProblemKind::Syntax,
                r,
                format!("`{w}` is a reserved word in eKuiper and cannot be a bare name"),
            );
            p.help = Some(format!("write `{w}` in backticks"));
        }
    }

    pub(super) fn path_steps(&self, chain: &[AccessExpr]) -> Vec<PathStep> {
        chain
            .iter()
            .map(|a| match a {
                AccessExpr::Dot(Expr::Identifier(id)) => PathStep::Member {
                    name: id.value.clone(),
                    span: self.range(id.span),
                },
                _ => PathStep::Index,
            })
            .collect()
    }

    pub(super) fn compound_ref(
        &mut self,
        ids: &[Ident],
        whole: &Expr,
        ctx: &Ctx,
        extra: Vec<PathStep>,
    ) -> AggClass {
        let (Some(first), Some(second)) = (ids.first(), ids.get(1)) else {
            return AggClass::Field;
        };
        let member = |id: &Ident| PathStep::Member {
            name: id.value.clone(),
            span: self.range(id.span),
        };
        if self.is_source_name(&first.value) {
            let mut path: Vec<PathStep> = ids[2..].iter().map(member).collect();
            path.extend(extra);
            return self.ident_ref(Some(first), second, whole, ctx, path);
        }
        let mut path: Vec<PathStep> = ids[1..].iter().map(member).collect();
        path.extend(extra);
        self.ident_ref(None, first, whole, ctx, path)
    }

    pub(super) fn ident_ref(
        &mut self,
        qualifier: Option<&Ident>,
        id: &Ident,
        whole: &Expr,
        ctx: &Ctx,
        path: Vec<PathStep>,
    ) -> AggClass {
        if let Some(q) = qualifier {
            self.check_reserved(q);
        }
        self.check_reserved(id);
        for step in &path {
            if let PathStep::Member { name, span } = step {
                if crate::analysis::sql::prepass::is_ekuiper_keyword(name)
                    && self.prep.sig.iter().any(|(r, w)| r == span && w.is_some())
                {
                    let p = self.err(
                        SqlProblemKind::Syntax,
                        span.clone(),
                        format!("`{name}` is a reserved word in eKuiper and cannot be a bare name"),
                    );
                    p.help = Some(format!("write `{name}` in backticks"));
                }
            }
        }
        if qualifier.is_none() {
            if time_unit(id).is_some() {
                let r = self.range(id.span);
                let v = id.value.clone();
                let p = self.warn(
                    SqlProblemKind::TimeUnitAsField,
                    r,
                    format!("`{v}` is a reserved time unit in eKuiper, not a field name"),
                );
                p.help = Some(format!(
                    "write `{v}` in backticks to read a field called {v}"
                ));
                return AggClass::Const;
            }
            if let Some(a) = self.alias_for(&id.value, ctx) {
                let has_agg = a.has_agg;
                let name = a.name.clone();
                if let Some(fi) = ctx.field_idx {
                    self.alias_edges.push((fi, name.clone()));
                }
                if ctx.in_agg && has_agg {
                    let r = self.range(id.span);
                    let p = self.err(
                        SqlProblemKind::AggregateNotAllowed,
                        r,
                        format!(
                            "`{name}` is an alias of an aggregate; aggregates cannot be nested"
                        ),
                    );
                    p.help = Some("eKuiper says: aggregate argument is not allowed".into());
                }
                if matches!(
                    ctx.clause,
                    Clause::GroupBy
                        | Clause::WindowFilter
                        | Clause::WindowTrigger
                        | Clause::Where
                        | Clause::JoinOn
                ) && has_agg
                {
                    let r = self.range(id.span);
                    let cl = clause_name(ctx.clause);
                    let p = self.err(
                        SqlProblemKind::AggregateNotAllowed,
                        r,
                        format!(
                            "`{name}` is an alias of an aggregate, which is not allowed in {cl}"
                        ),
                    );
                    p.help = Some(format!(
                        "eKuiper says: Not allowed to call aggregate functions in {cl} clause"
                    ));
                }
                return if has_agg {
                    AggClass::Agg
                } else {
                    AggClass::Field
                };
            }
        }
        let span = match qualifier {
            Some(_) => self.expr_range(whole),
            None => {
                let r = self.range(id.span);
                if r.is_empty() {
                    self.expr_range(whole)
                } else {
                    r
                }
            }
        };
        self.info.field_refs.push(FieldRef {
            qualifier: qualifier.map(|q| q.value.clone()),
            name: id.value.clone(),
            span,
            clause: ctx.clause,
            path,
        });
        if ctx.clause == Clause::Having
            && self
                .dim_names
                .iter()
                .any(|d| d.eq_ignore_ascii_case(&id.value))
        {
            // a GROUP BY dimension is constant within its group
            return AggClass::Const;
        }
        AggClass::Field
    }
}
