//! The clauses of a SELECT, one step each, in the order [`Analyzer::analyze`] takes them.

use super::*;
use sqlparser::ast::Select;

impl<'a> Analyzer<'a> {
    /// The SELECT of `q`, after reporting what around it is not eKuiper SQL (`WITH`,
    /// `DISTINCT`, ...); None when the query is not a plain SELECT.
    pub(super) fn plain_select<'q>(&mut self, q: &'q Query) -> Option<&'q Select> {
        self.info.span = self.fallback.clone();
        let SetExpr::Select(sel) = q.body.as_ref() else {
            let r = self.fallback.clone();
            self.err(
                SqlProblemKind::OtherDialect,
                r,
                "only a plain SELECT is eKuiper SQL (no UNION, VALUES, subqueries)",
            );
            return None;
        };
        if q.with.is_some() {
            let r = self.fallback.clone();
            self.err(
                SqlProblemKind::OtherDialect,
                r,
                "eKuiper SQL has no WITH (CTE) clause",
            );
        }
        if sel.distinct.is_some() || sel.top.is_some() || sel.into.is_some() {
            let r = self.fallback.clone();
            self.err(
                SqlProblemKind::OtherDialect,
                r,
                "DISTINCT, TOP and INTO are not eKuiper SQL",
            );
        }
        Some(sel)
    }

    /// FROM and JOIN: the sources, each join's kind and ON condition. Returns the ON
    /// conditions, to be walked once the sources' declared fields are known.
    pub(super) fn sources_and_joins<'q>(&mut self, sel: &'q Select) -> Vec<&'q Expr> {
        if sel.from.is_empty() {
            let end = self.fallback.end;
            let p = self.err(
                SqlProblemKind::Syntax,
                end..end,
                "SELECT without FROM: eKuiper rules read from a stream or table",
            );
            *p = p.clone().ekuiper_says("found \"EOF\", expected FROM.");
        }
        if sel.from.len() > 1 {
            let r = self.range(sel.from[1].relation.span());
            self.err(
                SqlProblemKind::OtherDialect,
                r,
                "comma-separated FROM sources are not eKuiper SQL",
            )
            .help = Some("join them: FROM a INNER JOIN b ON a.id = b.id".into());
        }
        let mut on_exprs: Vec<&Expr> = Vec::new();
        if let Some(twj) = sel.from.first() {
            self.add_source(&twj.relation);
            for j in &twj.joins {
                let src_idx = self.info.sources.len();
                self.add_source(&j.relation);
                let (kind, constraint) = match &j.join_operator {
                    JoinOperator::Join(c) | JoinOperator::Inner(c) => {
                        (Some(JoinKind::Inner), Some(c))
                    }
                    JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => {
                        (Some(JoinKind::Left), Some(c))
                    }
                    JoinOperator::Right(c) | JoinOperator::RightOuter(c) => {
                        (Some(JoinKind::Right), Some(c))
                    }
                    JoinOperator::FullOuter(c) => (Some(JoinKind::Full), Some(c)),
                    JoinOperator::CrossJoin(c) => (Some(JoinKind::Cross), Some(c)),
                    _ => (None, None),
                };
                let rel_span = self.range(j.relation.span());
                let Some(kind) = kind else {
                    self.err(
                        SqlProblemKind::OtherDialect,
                        rel_span,
                        "this join type is not eKuiper SQL",
                    )
                    .help = Some("use [INNER|LEFT|RIGHT|FULL|CROSS] JOIN".into());
                    continue;
                };
                let mut on_span = None;
                match constraint {
                    Some(JoinConstraint::On(e)) => {
                        let r = self.expr_range(e);
                        on_span = Some(r.clone());
                        self.join_on_eq.push((src_idx, and_chain_has_eq(e)));
                        if kind == JoinKind::Cross {
                            self.err(SqlProblemKind::CrossJoinOn, r, "CROSS JOIN takes no ON condition")
                                .help = Some("drop the ON clause or use INNER JOIN; eKuiper says: On expression is not required for cross join type.".into());
                        }
                        on_exprs.push(e);
                    }
                    Some(JoinConstraint::None) | None => {
                        // ON is optional for every join type (ParseJoin,
                        // internal/xsql/parser.go:343@v2.4.0); only a lookup join needs an
                        // equality (lookup_join_checks).
                        self.join_on_eq.push((src_idx, false));
                    }
                    Some(_) => {
                        self.err(
                            SqlProblemKind::OtherDialect,
                            rel_span,
                            "USING / NATURAL joins are not eKuiper SQL",
                        )
                        .help = Some("write ON a.col = b.col".into());
                    }
                }
                self.info.joins.push(JoinInfo {
                    kind,
                    source: src_idx,
                    on_span,
                });
            }
        }
        on_exprs
    }

    /// The aliases of the select fields, first, so that references to them resolve in every
    /// clause: AS, aggregate-ness (through other aliases too), duplicates.
    pub(super) fn declare_aliases(&mut self, sel: &Select) {
        for (i, item) in sel.projection.iter().enumerate() {
            if let SelectItem::ExprWithAlias { expr, alias } = item {
                self.check_reserved(alias);
                let span = self.range(alias.span);
                // eKuiper needs AS before an alias
                let has_as = self
                    .prep
                    .sig_before(span.start)
                    .is_some_and(|(_, w)| w.is_some_and(|w| w.is_as));
                if !has_as {
                    let a = alias.value.clone();
                    let p = self.err(
                        SqlProblemKind::OtherDialect,
                        span.clone(),
                        format!("alias `{a}` without AS"),
                    );
                    p.help = Some(format!(
                        "eKuiper needs `AS {a}`; eKuiper says: found \"{a}\", expected FROM."
                    ));
                }
                let has_agg = self.contains_aggregate(expr, 0);
                self.alias_by_name
                    .entry(alias.value.clone())
                    .or_default()
                    .push(self.aliases.len());
                self.aliases.push(Alias {
                    name: alias.value.clone(),
                    span,
                    field_idx: i,
                    has_agg,
                });
            }
        }
        // transitive aggregate-ness through alias references: an alias whose expression refers
        // to an aggregate alias is one too. Spread backwards along the references from the
        // aggregate ones, so the work is linear in the number of references.
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); self.aliases.len()];
        for (k, a) in self.aliases.iter().enumerate() {
            if let Some(SelectItem::ExprWithAlias { expr, .. }) = sel.projection.get(a.field_idx) {
                let mut refs = Vec::new();
                self.alias_refs(expr, a.field_idx, 0, &mut refs);
                for r in refs {
                    users[r].push(k);
                }
            }
        }
        let mut spread: Vec<usize> = (0..self.aliases.len())
            .filter(|&k| self.aliases[k].has_agg)
            .collect();
        while let Some(a) = spread.pop() {
            for &k in &users[a] {
                if !self.aliases[k].has_agg {
                    self.aliases[k].has_agg = true;
                    spread.push(k);
                }
            }
        }
        // duplicate alias: every alias of a name but the first
        let dups: Vec<(String, Range<usize>)> = self
            .aliases
            .iter()
            .enumerate()
            .filter(|(k, a)| {
                self.alias_by_name
                    .get(&a.name)
                    .is_some_and(|ks| ks[0] != *k)
            })
            .map(|(_, a)| (a.name.clone(), a.span.clone()))
            .collect();
        for (n, s) in dups {
            self.err(
                SqlProblemKind::DuplicateAlias,
                s,
                format!("alias `{n}` is used twice"),
            )
            .help = Some(format!(
                "rename one of them; eKuiper says: duplicate alias {n}"
            ));
        }
    }

    /// The select fields: each walked, wildcards, set-returning functions.
    pub(super) fn select_fields(&mut self, sel: &Select) {
        for (i, item) in sel.projection.iter().enumerate() {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let span = self.expr_range(e);
                    self.info.fields.push(SelectField {
                        alias: None,
                        span,
                        is_wildcard: false,
                    });
                    self.walk_top(e, Clause::Fields, Some(i));
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let span = self.expr_range(expr);
                    let end = self.range(alias.span).end;
                    self.info.fields.push(SelectField {
                        alias: Some(alias.value.clone()),
                        span: span.start..end.max(span.start),
                        is_wildcard: false,
                    });
                    self.walk_top(expr, Clause::Fields, Some(i));
                }
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                    let span = self.range(item.span());
                    if let SelectItem::QualifiedWildcard(
                        sqlparser::ast::SelectItemQualifiedWildcardKind::ObjectName(n),
                        _,
                    ) = item
                    {
                        if let Some(id) = object_name_last(n) {
                            let q = id.value.clone();
                            if !self.is_source_name(&q) && self.catalog.is_some() {
                                let r = self.range(id.span);
                                self.err(
                                    SqlProblemKind::UnknownStream,
                                    r,
                                    format!("`{q}.*` names no source of this query"),
                                );
                            }
                        }
                    }
                    self.info.fields.push(SelectField {
                        alias: None,
                        span,
                        is_wildcard: true,
                    });
                }
                _ => {
                    let span = self.range(item.span());
                    self.err(
                        SqlProblemKind::OtherDialect,
                        span,
                        "this select item is not eKuiper SQL",
                    );
                }
            }
        }
        if self.srf_in_fields > 1 {
            let r = self.fallback.clone();
            let p = self.err(
                SqlProblemKind::SetReturningMisplaced,
                r,
                "more than one set-returning function (unnest, extract) in the select fields",
            );
            p.help = Some(
                "keep one; eKuiper says: select clause shouldn't has multi set-returning-functions"
                    .into(),
            );
        }
    }

    /// GROUP BY: the window, and the dimensions.
    pub(super) fn group_by(&mut self, sel: &Select) {
        match &sel.group_by {
            GroupByExpr::Expressions(exprs, mods) => {
                if !mods.is_empty() {
                    let r = self.fallback.clone();
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r,
                        "GROUP BY modifiers (ROLLUP, CUBE, ...) are not eKuiper SQL",
                    );
                }
                for e in exprs {
                    if let Expr::Function(f) = e {
                        let name = object_name_last(&f.name).map_or("", |i| i.value.as_str());
                        if is_window_name(name) {
                            self.window(f, name);
                            continue;
                        }
                    }
                    let r = self.expr_range(e);
                    self.info.dimensions.push(r);
                    if let Some(id) = root_ident(e) {
                        self.dim_names.push(id.value.clone());
                    }
                    self.walk_top(e, Clause::GroupBy, None);
                }
            }
            GroupByExpr::All(_) => {
                let r = self.fallback.clone();
                self.err(
                    SqlProblemKind::OtherDialect,
                    r,
                    "GROUP BY ALL is not eKuiper SQL",
                );
            }
        }
    }

    /// HAVING, which must be an aggregate condition.
    pub(super) fn having(&mut self, sel: &Select) {
        if let Some(h) = &sel.having {
            let r = self.expr_range(h);
            self.info.having = Some(r.clone());
            let class = self.walk_top(h, Clause::Having, None);
            if matches!(class, AggClass::Field | AggClass::Mixed) {
                let p = self.err(
                    SqlProblemKind::HavingNotAggregate,
                    r,
                    "HAVING must be an aggregate condition, but it reads fields outside any aggregate function",
                );
                p.help = Some("wrap the field in an aggregate (count, max, ...) or move the test to WHERE; eKuiper says: Not allowed to call non-aggregate functions in HAVING clause".into());
            }
        }
    }

    /// ORDER BY, LIMIT (a non-negative integer) and what other dialects have besides.
    pub(super) fn order_by_and_limit(&mut self, q: &Query) {
        if let Some(ob) = &q.order_by {
            match &ob.kind {
                OrderByKind::Expressions(list) => {
                    for o in list {
                        let r = self.expr_range(&o.expr);
                        self.info.order_by.push(r);
                        self.walk_top(&o.expr, Clause::OrderBy, None);
                        if o.options.nulls_first.is_some() || o.with_fill.is_some() {
                            self.err(
                                SqlProblemKind::OtherDialect,
                                self.expr_range(&o.expr),
                                "NULLS FIRST/LAST and WITH FILL are not eKuiper SQL",
                            );
                        }
                    }
                }
                OrderByKind::All(_) => {
                    let r = self.fallback.clone();
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r,
                        "ORDER BY ALL is not eKuiper SQL",
                    );
                }
            }
        }
        if let Some(lc) = &q.limit_clause {
            match lc {
                LimitClause::LimitOffset { limit, offset, .. } => {
                    if offset.is_some() {
                        let r = self.fallback.clone();
                        self.err(SqlProblemKind::OtherDialect, r, "eKuiper has no OFFSET");
                    }
                    if let Some(l) = limit {
                        let r = self.expr_range(l);
                        match int_value(l) {
                            Some(n) if n >= 0 => self.info.limit = Some(n as u64),
                            Some(_) => {
                                // The parser takes `-1` as an integer; the projection applies a
                                // limit only when it is positive (project_operator.go:88@v2.4.0).
                                let p = self.err(
                                    SqlProblemKind::BadLimit,
                                    r,
                                    "a negative LIMIT is ignored: every row is emitted",
                                );
                                p.severity_hint = Severity::Warning;
                                p.help = Some(
                                    "drop the LIMIT, or give the number of rows to keep".into(),
                                );
                            }
                            _ => {
                                let p = self.err(
                                    SqlProblemKind::BadLimit,
                                    r,
                                    "LIMIT needs a non-negative integer literal",
                                );
                                p.help = Some("eKuiper says: limit should be integer".into());
                            }
                        }
                    }
                }
                LimitClause::OffsetCommaLimit { .. } => {
                    let r = self.fallback.clone();
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r,
                        "`LIMIT offset, count` is not eKuiper SQL",
                    );
                }
            }
        }
    }

    /// Whether the query aggregates, and the functions that cannot be used when it does.
    pub(super) fn aggregate_checks(&mut self) {
        self.info.is_aggregate = self.info.window.is_some()
            || !self.info.dimensions.is_empty()
            || self.info.functions.iter().any(|f| {
                functions::lookup(&f.name).is_some_and(|s| s.kind == FunctionKind::Aggregate)
            });
        let grouped = self.info.window.is_some() || !self.info.dimensions.is_empty();
        if grouped {
            let bad: Vec<FunctionCall> = self
                .info
                .functions
                .iter()
                .filter(|f| {
                    functions::not_in_aggregate_query(&f.name)
                        && !matches!(f.clause, Clause::WindowTrigger | Clause::WindowFilter)
                })
                .cloned()
                .collect();
            for f in bad {
                let p = self.err(
                    SqlProblemKind::NotInAggregateQuery,
                    f.span.clone(),
                    format!("{}() counts per event and cannot be used in a query with GROUP BY or a window", f.name),
                );
                let agg = f.name.replace("last_hit", "last_agg_hit");
                p.help = Some(format!("use {agg}() instead; eKuiper says: function {} is not allowed in an aggregate query", f.name));
            }
        }
    }
}
