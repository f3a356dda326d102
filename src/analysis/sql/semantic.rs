//! Semantic checks of a parsed SELECT: functions (existence, arity, literal argument types),
//! aggregate / analytic / window placement, aliases, windows, joins, and — with a catalog —
//! sources and fields.

use std::collections::HashMap;
use std::ops::Range;

use sqlparser::ast::{
    AccessExpr, BinaryOperator, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments,
    GroupByExpr, Ident, JoinConstraint, JoinOperator, LimitClause, ObjectName, ObjectNamePart,
    OrderByKind, Query, SelectItem, SetExpr, Spanned, Subscript, TableFactor, UnaryOperator, Value,
    WindowType,
};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Span, Token, TokenWithSpan};

use super::dialect::EkuiperDialect;
use super::prepass::{is_window_name, Prepared};
use super::span::span_bytes;
use super::{
    Catalog, Clause, FieldRef, FieldType, FunctionCall, JoinInfo, JoinKind, PathStep, SelectField,
    SelectInfo, SourceKind, SourceRef, SourceStmt, SqlProblem, SqlProblemKind, TimeUnit,
    WindowInfo, WindowKind,
};
use crate::ekuiper::functions::{self, FunctionKind, ParamType, CAST_TYPES};

/// Deepest expression nesting the walker follows.
const MAX_WALK_DEPTH: usize = 400;

/// Aggregate classification of an expression (for HAVING).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AggClass {
    Const,
    Field,
    Agg,
    Mixed,
}

impl AggClass {
    fn join(self, o: AggClass) -> AggClass {
        use AggClass::*;
        match (self, o) {
            (Const, x) | (x, Const) => x,
            (Mixed, _) | (_, Mixed) => Mixed,
            (Agg, Agg) => Agg,
            (Field, Field) => Field,
            _ => Mixed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LitKind {
    Int,
    Float,
    Str,
    Bool,
    Time,
    Wildcard,
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Ctx {
    clause: Clause,
    /// inside the arguments of an aggregate
    in_agg: bool,
    /// inside the arguments of a set-returning function
    in_srf: bool,
    /// index of the select field being walked (its own alias is not an alias ref)
    field_idx: Option<usize>,
    depth: usize,
}

struct Alias {
    name: String,
    span: Range<usize>,
    field_idx: usize,
    has_agg: bool,
}

pub(crate) struct Analyzer<'a> {
    /// The whole text the statement is part of (a `.sql` file may hold many): spans index it.
    sql: &'a str,
    prep: &'a Prepared,
    catalog: Option<&'a dyn Catalog>,
    fallback: Range<usize>,
    pub problems: Vec<SqlProblem>,
    pub info: SelectInfo,
    aliases: Vec<Alias>,
    /// Indices into `aliases` per name, in order: a SELECT can hold thousands of aliases, and
    /// every field reference looks its name up.
    alias_by_name: HashMap<String, Vec<usize>>,
    srf_in_fields: usize,
    depth_reported: bool,
    /// (field idx, referenced alias name) pairs for the cycle check
    alias_edges: Vec<(usize, String)>,
    /// per source of `info.sources`, the catalog's statement (its declared fields are what a
    /// `"name"` may mean)
    declared: Vec<Option<&'a SourceStmt>>,
    /// per joined source: does its ON condition have an equality in its AND chain
    join_on_eq: Vec<(usize, bool)>,
    /// root names of the GROUP BY dimensions (constant within a group, fine in HAVING;
    /// compared case-insensitively)
    dim_names: Vec<String>,
}

fn ident_value(id: &Ident) -> String {
    id.value.clone()
}

fn object_name_last(n: &ObjectName) -> Option<&Ident> {
    match n.0.last()? {
        ObjectNamePart::Identifier(i) => Some(i),
        _ => None,
    }
}

fn time_unit(id: &Ident) -> Option<TimeUnit> {
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

fn lit_kind(e: &Expr) -> LitKind {
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

fn int_value(e: &Expr) -> Option<i64> {
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

fn str_value(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn ordinal(i: usize) -> String {
    match i {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// A call argument that is an expression, borrowed.
fn arg_expr(a: &FunctionArg) -> Option<&Expr> {
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
fn wildcard_arg(a: &FunctionArg) -> Expr {
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
fn call_args<'e>(f: &'e Function, owned: &'e mut Vec<Expr>) -> Vec<&'e Expr> {
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

fn parse_side_expr(tokens: &[TokenWithSpan]) -> Result<Expr, ParserError> {
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

impl<'a> Analyzer<'a> {
    pub(crate) fn new(
        sql: &'a str,
        prep: &'a Prepared,
        catalog: Option<&'a dyn Catalog>,
        fallback: Range<usize>,
    ) -> Self {
        Analyzer {
            sql,
            prep,
            catalog,
            fallback,
            problems: Vec::new(),
            info: SelectInfo::default(),
            aliases: Vec::new(),
            alias_by_name: HashMap::new(),
            srf_in_fields: 0,
            depth_reported: false,
            alias_edges: Vec::new(),
            declared: Vec::new(),
            join_on_eq: Vec::new(),
            dim_names: Vec::new(),
        }
    }

    /// Byte range of an AST span (token spans carry byte offsets, see `span::byte_span`).
    fn range(&self, s: Span) -> Range<usize> {
        if s.start.line == 0 {
            return self.fallback.clone();
        }
        let len = self.sql.len();
        let r = span_bytes(s);
        r.start.min(len)..r.end.min(len)
    }

    fn err(
        &mut self,
        kind: SqlProblemKind,
        span: Range<usize>,
        msg: impl Into<String>,
    ) -> &mut SqlProblem {
        self.problems.push(SqlProblem::error(kind, span, msg));
        let n = self.problems.len() - 1;
        &mut self.problems[n]
    }

    fn warn(
        &mut self,
        kind: SqlProblemKind,
        span: Range<usize>,
        msg: impl Into<String>,
    ) -> &mut SqlProblem {
        self.problems.push(SqlProblem::warning(kind, span, msg));
        let n = self.problems.len() - 1;
        &mut self.problems[n]
    }

    /// Analyze a whole query.
    pub(crate) fn analyze(&mut self, q: &Query) {
        self.info.span = self.fallback.clone();
        let SetExpr::Select(sel) = q.body.as_ref() else {
            let r = self.fallback.clone();
            self.err(
                SqlProblemKind::OtherDialect,
                r,
                "only a plain SELECT is eKuiper SQL (no UNION, VALUES, subqueries)",
            );
            return;
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
        // --- sources
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
                        if kind != JoinKind::Cross {
                            self.err(
                                SqlProblemKind::Syntax,
                                rel_span,
                                "JOIN needs an ON condition",
                            )
                            .help = Some("add ON a.key = b.key, or write CROSS JOIN".into());
                        }
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
        self.collect_declared();
        for e in on_exprs {
            self.walk_top(e, Clause::JoinOn, None);
        }
        // --- aliases (first, so that references resolve everywhere)
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
        // --- fields
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
        self.check_alias_cycles();
        // --- WHERE
        if let Some(w) = &sel.selection {
            self.walk_top(w, Clause::Where, None);
        }
        // --- GROUP BY
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
        // --- HAVING
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
        // --- ORDER BY / LIMIT
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
        // --- `* EXCEPT(...)` / `* REPLACE(...)`
        self.wildcard_options();
        // --- aggregate-ness
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
        // --- catalog
        self.catalog_checks();
    }

    /// The sources the catalog resolves (their declared fields are what `"name"` may mean).
    fn collect_declared(&mut self) {
        let Some(cat) = self.catalog else {
            return;
        };
        self.declared = self
            .info
            .sources
            .iter()
            .map(|s| cat.source(&s.name))
            .collect();
    }

    fn is_source_name(&self, q: &str) -> bool {
        self.info
            .sources
            .iter()
            .any(|s| s.name == q || s.alias.as_deref() == Some(q))
    }

    fn add_source(&mut self, rel: &TableFactor) {
        match rel {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                let r = self.range(name.span());
                if name.0.len() != 1 || args.is_some() {
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r.clone(),
                        "a source is a single stream or table name",
                    );
                }
                if let Some(id) = object_name_last(name) {
                    self.check_reserved(id);
                }
                if let Some(a) = alias {
                    self.check_reserved(&a.name);
                }
                let n = object_name_last(name).map(ident_value).unwrap_or_default();
                let (alias_name, alias_span) = match alias {
                    Some(a) => {
                        let ar = self.range(a.name.span);
                        if !a.explicit {
                            let p = self.err(
                                SqlProblemKind::OtherDialect,
                                ar.clone(),
                                format!("source alias `{}` without AS", a.name.value),
                            );
                            p.help = Some(format!(
                                "write `{n} AS {}`: without AS eKuiper glues the words into one source name `{n}{}`",
                                a.name.value, a.name.value
                            ));
                        }
                        (Some(a.name.value.clone()), Some(ar))
                    }
                    None => (None, None),
                };
                self.info.sources.push(SourceRef {
                    name: n,
                    name_span: r,
                    alias: alias_name,
                    alias_span,
                });
            }
            other => {
                let r = self.range(other.span());
                self.err(
                    SqlProblemKind::OtherDialect,
                    r,
                    "subqueries and table functions are not eKuiper sources",
                )
                .help = Some("read a stream or table by name".into());
            }
        }
    }

    /// The GROUP BY window call.
    fn window(&mut self, f: &Function, name: &str) {
        let lname = name.to_ascii_lowercase();
        let name_span = object_name_last(&f.name)
            .map(|i| self.range(i.span))
            .unwrap_or(self.fallback.clone());
        let span = match self.prep.call_end.get(&name_span.start) {
            Some(&end) => name_span.start..end,
            None => name_span,
        };
        if self.info.window.is_some() {
            self.err(
                SqlProblemKind::WindowMisplaced,
                span.clone(),
                "a query can have only one window",
            )
            .help = Some("keep one window in GROUP BY".into());
            return;
        }
        let kind = match lname.as_str() {
            "tumblingwindow" => WindowKind::Tumbling,
            "hoppingwindow" => WindowKind::Hopping,
            "slidingwindow" => WindowKind::Sliding,
            "sessionwindow" => WindowKind::Session,
            "countwindow" => WindowKind::Count,
            _ => WindowKind::State,
        };
        let mut owned = Vec::new();
        let args = call_args(f, &mut owned);
        let n = args.len();
        let arity_ok = match kind {
            WindowKind::Tumbling => n == 2,
            WindowKind::Hopping | WindowKind::Session => n == 3,
            WindowKind::Sliding => n == 2 || n == 3,
            WindowKind::Count | WindowKind::State => n == 1 || n == 2,
        };
        if !arity_ok {
            let (want, ek) = match kind {
                WindowKind::Tumbling => (
                    "2 arguments (unit, size)",
                    format!("The arguments for {lname} should be 2."),
                ),
                WindowKind::Hopping => (
                    "3 arguments (unit, size, interval)",
                    format!("The arguments for {lname} should be 3."),
                ),
                WindowKind::Session => (
                    "3 arguments (unit, max duration, timeout)",
                    format!("The arguments for {lname} should be 3."),
                ),
                WindowKind::Sliding => (
                    "2 or 3 arguments (unit, size[, delay])",
                    "The arguments for slidingwindow should be 2 or 3.".into(),
                ),
                WindowKind::Count => (
                    "1 or 2 arguments (count[, interval])",
                    "Invalid parameter count.".into(),
                ),
                WindowKind::State => (
                    "1 or 2 conditions",
                    "The arguments for statewindow should be 1 or 2.".into(),
                ),
            };
            let p = self.err(
                SqlProblemKind::BadWindow,
                span.clone(),
                format!("{lname} takes {want}, found {n}"),
            );
            p.help = Some(format!("eKuiper says: {ek}"));
        }
        let mut unit = None;
        let mut sizes = Vec::new();
        match kind {
            WindowKind::State => {
                for a in &args {
                    self.walk(
                        a,
                        Ctx {
                            clause: Clause::GroupBy,
                            in_agg: false,
                            in_srf: false,
                            field_idx: None,
                            depth: 0,
                        },
                    );
                }
            }
            WindowKind::Count => {
                for (i, a) in args.iter().enumerate() {
                    match int_value(a) {
                        Some(v) if v > 0 => sizes.push(v),
                        _ => {
                            let r = self.expr_range(a);
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!(
                                    "countwindow argument {} must be a positive integer literal",
                                    i + 1
                                ),
                            );
                            p.help = Some(format!("eKuiper says: The {} argument for countwindow is expecting interger literal expression. ", ordinal(i + 1)));
                        }
                    }
                }
                if sizes.len() == 2 && sizes[1] > sizes[0] {
                    let r = self.expr_range(args[1]);
                    let p = self.err(
                        SqlProblemKind::BadWindow,
                        r,
                        format!(
                            "countwindow interval {} is larger than its count {}",
                            sizes[1], sizes[0]
                        ),
                    );
                    p.help = Some(format!("eKuiper says: The second parameter value {} should be less than the first parameter {}.", sizes[1], sizes[0]));
                }
            }
            _ => {
                if let Some(a0) = args.first() {
                    match a0 {
                        Expr::Identifier(id) if time_unit(id).is_some() => unit = time_unit(id),
                        _ => {
                            let r = self.expr_range(a0);
                            let p = self.err(SqlProblemKind::BadWindow, r, format!("the first argument of {lname} must be a time unit: dd, hh, mi, ss or ms (unquoted)"));
                            p.help = Some(format!("eKuiper says: The 1st argument for {lname} is expecting timer literal expression. One value of [dd|hh|mi|ss|ms]."));
                        }
                    }
                }
                for (i, a) in args.iter().enumerate().skip(1) {
                    match int_value(a) {
                        Some(v) if v > 0 => sizes.push(v),
                        Some(v) => {
                            let r = self.expr_range(a);
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!("{lname} length {v} must be positive"),
                            );
                            p.help = Some(format!("eKuiper says: Invalid parameter value {v}."));
                        }
                        None => {
                            let r = self.expr_range(a);
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!("argument {} of {lname} must be an integer literal", i + 1),
                            );
                            p.help = Some(format!("eKuiper says: The {} argument for {lname} is expecting interger literal expression. ", ordinal(i + 1)));
                        }
                    }
                }
            }
        }
        // FILTER (WHERE ...)
        let mut filter_span = None;
        if let Some(fe) = &f.filter {
            filter_span = Some(self.expr_range(fe));
            self.walk_top(fe, Clause::WindowFilter, None);
        }
        // OVER (WHEN ...)
        let mut trigger_span = None;
        let name_start = object_name_last(&f.name).map(|i| self.range(i.span).start);
        if let Some(over) = &f.over {
            match over {
                WindowType::WindowSpec(ws)
                    if ws.partition_by.is_empty()
                        && ws.order_by.is_empty()
                        && ws.window_frame.is_none()
                        && ws.window_name.is_none() => {}
                _ => {
                    self.err(
                        SqlProblemKind::Syntax,
                        span.clone(),
                        "a window takes only `OVER (WHEN condition)`",
                    );
                }
            }
            match name_start.and_then(|s| self.prep.over_when.get(&s)) {
                Some(ow) => {
                    trigger_span = Some(ow.range.clone());
                    self.side_expr(&ow.cond.clone(), ow.range.clone(), Clause::WindowTrigger);
                }
                None => {
                    self.err(
                        SqlProblemKind::Syntax,
                        span.clone(),
                        "`OVER ()` after a window needs a WHEN condition",
                    )
                    .help = Some("write OVER (WHEN condition)".into());
                }
            }
        }
        self.info.window = Some(WindowInfo {
            kind,
            span,
            unit,
            sizes,
            filter_span,
            trigger_span,
        });
    }

    /// Byte range of an expression. sqlparser gives a unary operation the span of its operand
    /// (`-1` would come out as `1`), so the operators in front of the leftmost operand are taken
    /// back in.
    fn expr_range(&self, e: &Expr) -> Range<usize> {
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
    fn call_span(&self, name_span: &Range<usize>, whole: &Expr) -> Range<usize> {
        if let Some(&end) = self.prep.call_end.get(&name_span.start) {
            return name_span.start..end;
        }
        let span = self.expr_range(whole);
        name_span.start..span.end.max(name_span.end)
    }

    fn side_expr(
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

    fn wildcard_options(&mut self) {
        let mut entries: Vec<_> = self.prep.wildcard_opts.iter().collect();
        entries.sort_by_key(|(k, _)| **k);
        for (_, w) in entries {
            let d = EkuiperDialect::default();
            let mut p = Parser::new(&d).with_tokens_with_locations(w.inner.clone());
            if w.is_replace {
                let r = p.parse_comma_separated(|p| {
                    let e = p.parse_expr()?;
                    p.expect_keyword(Keyword::AS)?;
                    let id = p.parse_identifier()?;
                    Ok((e, id))
                });
                match r {
                    Ok(list) if p.peek_token().token == Token::EOF => {
                        for (e, _id) in list {
                            self.walk_top(&e, Clause::Fields, None);
                        }
                    }
                    _ => {
                        self.err(
                            SqlProblemKind::Syntax,
                            w.range.clone(),
                            "REPLACE takes `expression AS name` items",
                        )
                        .help = Some("write * REPLACE(a * 2 AS a, ...)".into());
                    }
                }
            } else {
                let r = p.parse_comma_separated(|p| p.parse_identifier());
                match r {
                    Ok(list) if p.peek_token().token == Token::EOF => {
                        for id in list {
                            let span = self.range(id.span);
                            self.info.field_refs.push(FieldRef {
                                qualifier: None,
                                name: id.value.clone(),
                                span,
                                clause: Clause::Fields,
                                path: Vec::new(),
                            });
                        }
                    }
                    _ => {
                        self.err(
                            SqlProblemKind::Syntax,
                            w.range.clone(),
                            "EXCEPT takes a list of field names",
                        )
                        .help =
                            Some("write * EXCEPT(a, b); eKuiper accepts identifiers only".into());
                    }
                }
            }
        }
    }

    fn walk_top(&mut self, e: &Expr, clause: Clause, field_idx: Option<usize>) -> AggClass {
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

    fn alias_for(&self, name: &str, ctx: &Ctx) -> Option<&Alias> {
        self.alias_by_name
            .get(name)?
            .iter()
            .map(|&k| &self.aliases[k])
            .find(|a| Some(a.field_idx) != ctx.field_idx)
    }

    fn contains_aggregate(&self, e: &Expr, depth: usize) -> bool {
        if depth > MAX_WALK_DEPTH {
            return false;
        }
        let mut found = false;
        visit_children(e, &mut |c| {
            if !found {
                found = self.contains_aggregate(c, depth + 1);
            }
        });
        if let Expr::Function(f) = e {
            let name = object_name_last(&f.name).map_or("", |i| i.value.as_str());
            if functions::lookup(name).is_some_and(|s| s.kind == FunctionKind::Aggregate) {
                return true;
            }
        }
        found
    }

    /// The aliases (indices into `aliases`) that `e`, the expression of field `field_idx`,
    /// refers to.
    fn alias_refs(&self, e: &Expr, field_idx: usize, depth: usize, out: &mut Vec<usize>) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        if let Some(root) = root_ident(e) {
            if (root.quote_style.is_some() || time_unit(root).is_none())
                && !self.is_source_name(&root.value)
            {
                let alias = self.alias_by_name.get(&root.value).and_then(|ks| {
                    ks.iter()
                        .copied()
                        .find(|&k| self.aliases[k].field_idx != field_idx)
                });
                out.extend(alias);
            }
        }
        visit_children(e, &mut |c| self.alias_refs(c, field_idx, depth + 1, out));
    }

    fn check_alias_cycles(&mut self) {
        if self.alias_edges.is_empty() {
            // no alias refers to another: no cycle
            return;
        }
        // graph: alias name -> referenced alias names, one node per name
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for a in &self.aliases {
            let next = ids.len();
            ids.entry(a.name.as_str()).or_insert(next);
        }
        let by_field: HashMap<usize, usize> = self
            .aliases
            .iter()
            .rev()
            .map(|a| (a.field_idx, ids[a.name.as_str()]))
            .collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for (fi, name) in &self.alias_edges {
            if let (Some(&from), Some(&to)) = (by_field.get(fi), ids.get(name.as_str())) {
                edges[from].push(to);
            }
        }
        let cyclic = on_cycles(&edges);
        // The first alias, in field order, that is defined through itself.
        let first = self
            .aliases
            .iter()
            .find(|a| cyclic[ids[a.name.as_str()]])
            .map(|a| (a.name.clone(), a.span.clone()));
        if let Some((start, span)) = first {
            let p = self.err(
                SqlProblemKind::CycledAlias,
                span,
                format!("alias `{start}` is defined through itself via other aliases"),
            );
            p.help = Some("rename the aliases so no alias shadows a field used by another; eKuiper says: select fields have cycled alias".into());
        }
    }

    /// Walk an expression, recording calls and field references and checking placement rules.
    fn walk(&mut self, e: &Expr, ctx: Ctx) -> AggClass {
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

    /// An unquoted eKuiper reserved word used as a name (sqlparser lets many through).
    fn check_reserved(&mut self, id: &Ident) {
        if id.quote_style.is_some() || time_unit(id).is_some() {
            return;
        }
        if super::prepass::is_ekuiper_keyword(&id.value) {
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

    fn path_steps(&self, chain: &[AccessExpr]) -> Vec<PathStep> {
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

    fn compound_ref(
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

    fn ident_ref(
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
                if super::prepass::is_ekuiper_keyword(name)
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

    fn function(&mut self, f: &Function, whole: &Expr, ctx: Ctx) -> AggClass {
        let name_id = object_name_last(&f.name);
        let name = name_id.map_or("", |i| i.value.as_str());
        let lname = name.to_ascii_lowercase();
        let name_span = name_id
            .map(|i| self.range(i.span))
            .unwrap_or(self.fallback.clone());
        let span = self.call_span(&name_span, whole);
        let sub = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        let mut owned = Vec::new();
        let args = call_args(f, &mut owned);
        self.info.functions.push(FunctionCall {
            name: lname.clone(),
            name_span: name_span.clone(),
            span: span.clone(),
            arg_count: args.len(),
            clause: ctx.clause,
            has_over: f.over.is_some(),
        });
        if let Some(id) = name_id {
            self.check_reserved(id);
        }
        if f.name.0.len() > 1 {
            self.err(
                SqlProblemKind::OtherDialect,
                name_span.clone(),
                "qualified function names are not eKuiper SQL",
            );
        }
        if let FunctionArguments::List(l) = &f.args {
            if l.duplicate_treatment.is_some() || !l.clauses.is_empty() {
                self.err(
                    SqlProblemKind::OtherDialect,
                    span.clone(),
                    "DISTINCT / ORDER BY inside function arguments are not eKuiper SQL",
                );
            }
        }
        if !f.within_group.is_empty() || f.null_treatment.is_some() {
            self.err(
                SqlProblemKind::OtherDialect,
                span.clone(),
                "WITHIN GROUP / IGNORE NULLS are not eKuiper SQL",
            );
        }
        if is_window_name(&lname) {
            let p = self.err(
                SqlProblemKind::WindowMisplaced,
                span.clone(),
                format!("{lname} is a window: it belongs in GROUP BY"),
            );
            p.help = Some(format!(
                "write GROUP BY {name}(...), after WHERE and before HAVING"
            ));
            for a in &args {
                // The time unit of a misplaced window is still a time unit, not a field.
                if matches!(a, Expr::Identifier(id) if time_unit(id).is_some()) {
                    continue;
                }
                self.walk(a, sub);
            }
            return AggClass::Const;
        }
        let spec = functions::lookup(&lname);
        let Some(spec) = spec else {
            let mut msg = format!("unknown function `{name}`");
            let sug = functions::did_you_mean(&lname, functions::names());
            if let Some(s) = sug {
                msg.push_str(&format!(" (did you mean `{s}`?)"));
            }
            let p = self.err(SqlProblemKind::UnknownFunction, name_span, msg);
            p.help = Some(format!("not a built-in function; if it comes from a plugin, install the plugin first. eKuiper says: function {lname} not found"));
            let mut c = AggClass::Const;
            for a in &args {
                c = c.join(self.walk(a, sub));
            }
            return c;
        };
        // arity
        let n = args.len();
        let too_few = n < spec.min_args;
        let too_many = spec.max_args.is_some_and(|m| n > m);
        if too_few || too_many {
            let want = match spec.max_args {
                Some(m) if m == spec.min_args => format!("{m}"),
                Some(m) => format!("{} to {m}", spec.min_args),
                None => format!("at least {}", spec.min_args),
            };
            let ek = match spec.max_args {
                Some(m) if m == spec.min_args => {
                    format!("validate function {lname} error: Expect {m} arguments but found {n}.")
                }
                None => format!(
                    "validate function {lname} error: At least has {} argument but found {n}.",
                    spec.min_args
                ),
                _ => format!("validate function {lname} error: wrong number of arguments ({n})"),
            };
            let p = self.err(
                SqlProblemKind::WrongArity,
                span.clone(),
                format!(
                    "{lname}() takes {want} argument{}, found {n}",
                    if want == "1" { "" } else { "s" }
                ),
            );
            p.help = Some(format!("eKuiper says: {ek}"));
        } else {
            self.check_arg_types(spec, &lname, &args, &span);
        }
        // placement by kind
        match spec.kind {
            FunctionKind::Aggregate => {
                if ctx.in_agg {
                    let p = self.err(
                        SqlProblemKind::AggregateNotAllowed,
                        span.clone(),
                        format!("aggregate {lname}() inside another aggregate"),
                    );
                    p.help = Some(format!("aggregates cannot be nested; eKuiper says: invalid argument for func {lname}: aggregate argument is not allowed"));
                }
                match ctx.clause {
                    Clause::Where
                    | Clause::JoinOn
                    | Clause::GroupBy
                    | Clause::WindowFilter
                    | Clause::WindowTrigger => {
                        let cl = clause_name(ctx.clause);
                        let p = self.err(
                            SqlProblemKind::AggregateNotAllowed,
                            span.clone(),
                            format!("aggregate {lname}() is not allowed in {cl}"),
                        );
                        p.help = Some(match ctx.clause {
                            Clause::Where => "filter aggregated results with HAVING instead".to_string(),
                            _ => format!("eKuiper says: Not allowed to call aggregate functions in {cl} clause"),
                        });
                    }
                    _ => {}
                }
            }
            FunctionKind::Window if ctx.clause != Clause::Fields => {
                let p = self.err(
                    SqlProblemKind::WindowFunctionMisplaced,
                    span.clone(),
                    format!("{lname}() can only be used in the select fields"),
                );
                p.help = Some("eKuiper says: window functions can only be in select fields".into());
            }
            FunctionKind::Srf => {
                if ctx.clause != Clause::Fields {
                    let p = self.err(SqlProblemKind::SetReturningMisplaced, span.clone(), format!("set-returning function {lname}() can only be used in the select fields"));
                    p.help = Some(
                        "eKuiper says: select statement shouldn't has srf except fields".into(),
                    );
                } else if ctx.in_srf {
                    let p = self.err(
                        SqlProblemKind::SetReturningMisplaced,
                        span.clone(),
                        format!("set-returning function {lname}() nested in another one"),
                    );
                    p.help = Some(
                        "eKuiper says: select clause shouldn't has nested set-returning-functions"
                            .into(),
                    );
                } else {
                    self.srf_in_fields += 1;
                }
            }
            FunctionKind::Cols if ctx.clause != Clause::Fields => {
                let p = self.err(
                    SqlProblemKind::SetReturningMisplaced,
                    span.clone(),
                    format!("{lname}() can only be used in the select fields"),
                );
                p.help = Some(format!(
                    "eKuiper says: function {lname} can only be used inside the select clause"
                ));
            }
            _ => {}
        }
        // FILTER / OVER
        if let Some(fe) = &f.filter {
            let r = self.expr_range(fe);
            let p = self.err(SqlProblemKind::FilterMisplaced, r, format!("FILTER (WHERE ...) after {lname}(): eKuiper accepts FILTER only after the GROUP BY window"));
            p.help = Some("move the condition into WHERE, or put FILTER (WHERE ...) after the window in GROUP BY; eKuiper says: found \"FILTER\", expected FROM.".into());
        }
        if let Some(over) = &f.over {
            if spec.kind != FunctionKind::Analytic {
                let p = self.err(
                    SqlProblemKind::OverOnNonAnalytic,
                    span.clone(),
                    format!("OVER (...) after {lname}(), which is not an analytic function"),
                );
                p.help = Some(format!("OVER applies to analytic functions (lag, latest, changed_col, had_changed, acc_*); eKuiper says: Found OVER after non analytic function {lname}"));
            }
            match over {
                WindowType::WindowSpec(ws) => {
                    if !ws.order_by.is_empty()
                        || ws.window_frame.is_some()
                        || ws.window_name.is_some()
                    {
                        self.err(
                            SqlProblemKind::OtherDialect,
                            span.clone(),
                            "OVER takes only PARTITION BY and WHEN in eKuiper",
                        )
                        .help = Some("write OVER (PARTITION BY a WHEN cond)".into());
                    }
                    for p in &ws.partition_by {
                        self.walk(p, sub);
                    }
                }
                WindowType::NamedWindow(_) => {
                    self.err(
                        SqlProblemKind::OtherDialect,
                        span.clone(),
                        "named windows are not eKuiper SQL",
                    );
                }
            }
            if let Some(ow) = self.prep.over_when.get(&name_span.start) {
                let (toks, r) = (ow.cond.clone(), ow.range.clone());
                self.side_expr(&toks, r, ctx.clause);
            }
        }
        // arguments
        let arg_ctx = Ctx {
            in_agg: ctx.in_agg || spec.kind == FunctionKind::Aggregate,
            in_srf: ctx.in_srf || spec.kind == FunctionKind::Srf,
            ..sub
        };
        let mut c = AggClass::Const;
        if lname == "meta" || lname == "mqtt" {
            // meta(key) names metadata, not fields
        } else {
            for a in &args {
                c = c.join(self.walk(a, arg_ctx));
            }
        }
        if spec.kind == FunctionKind::Aggregate {
            AggClass::Agg
        } else if c == AggClass::Const && matches!(spec.kind, FunctionKind::Analytic) {
            AggClass::Field
        } else {
            c
        }
    }

    fn check_arg_types(
        &mut self,
        spec: &functions::FunctionSpec,
        lname: &str,
        args: &[&Expr],
        _span: &Range<usize>,
    ) {
        let (fixed, variadic) = functions::param_types(spec);
        for (i, a) in args.iter().enumerate() {
            let Some(want) = fixed.get(i).copied().or(variadic) else {
                continue;
            };
            let k = lit_kind(a);
            let bad = match want {
                ParamType::Any => false,
                ParamType::Number => matches!(k, LitKind::Str | LitKind::Bool | LitKind::Time),
                ParamType::Int => matches!(
                    k,
                    LitKind::Float | LitKind::Str | LitKind::Bool | LitKind::Time
                ),
                ParamType::Str => matches!(
                    k,
                    LitKind::Int | LitKind::Float | LitKind::Bool | LitKind::Time
                ),
                ParamType::Bool => matches!(
                    k,
                    LitKind::Int | LitKind::Float | LitKind::Str | LitKind::Time
                ),
                ParamType::MetaRef => !matches!(
                    a,
                    Expr::Identifier(_)
                        | Expr::CompoundIdentifier(_)
                        | Expr::CompoundFieldAccess { .. }
                        | Expr::Wildcard(_)
                ),
                ParamType::CastType => match str_value(a) {
                    Some(s) => !CAST_TYPES.contains(&s),
                    None => k != LitKind::Other,
                },
            };
            if !bad {
                continue;
            }
            let r = self.expr_range(a);
            let r = if r == self.fallback { _span.clone() } else { r };
            let (msg, ek) = match want {
                ParamType::CastType => {
                    let got = str_value(a).unwrap_or("?");
                    let sug = super::prepass::ansi_type_to_ekuiper(got);
                    (
                        format!("cast() target \"{got}\" is not an eKuiper type (did you mean \"{sug}\"?)"),
                        format!("validate function cast error: Expect one of following value for the 2nd parameter: {}.", CAST_TYPES.join(", ")),
                    )
                }
                ParamType::MetaRef => (
                    format!("{lname}() takes a metadata key name (meta(topic), meta(*)), not a literal"),
                    format!("validate function {lname} error: Expect meta reference type for parameter {}", i + 1),
                ),
                _ => {
                    let what = match k {
                        LitKind::Time => "a time-unit keyword".to_string(),
                        LitKind::Str => "a string literal".to_string(),
                        LitKind::Bool => "a boolean literal".to_string(),
                        LitKind::Float => "a float literal".to_string(),
                        _ => "an integer literal".to_string(),
                    };
                    (
                        format!(
                            "argument {} of {lname}() must be {}, found {what}",
                            i + 1,
                            match want {
                                ParamType::Number => "a number",
                                ParamType::Int => "an integer",
                                ParamType::Str => "a string",
                                _ => "a boolean",
                            }
                        ),
                        format!("validate function {lname} error: Expect {} type for parameter {}", functions::param_type_words(want), i + 1),
                    )
                }
            };
            let p = self.err(SqlProblemKind::BadArgument, r, msg);
            p.help = Some(if k == LitKind::Time {
                format!("dd, hh, mi, ss and ms are time-unit keywords; back-quote a field with that name. eKuiper says: {ek}")
            } else {
                format!("eKuiper says: {ek}")
            });
        }
        // value rules of the inline validators
        match lname {
            "split_value" => {
                if let Some(v) = args.get(2).copied().and_then(int_value) {
                    if v < 0 {
                        let r = self.expr_range(args[2]);
                        let p = self.err(
                            SqlProblemKind::BadArgument,
                            r,
                            "split_value() index must not be negative",
                        );
                        p.help = Some("eKuiper says: validate function split_value error: The index should not be a nagtive integer.".into());
                    }
                }
            }
            "substring" => {
                let s = args.get(1).copied().and_then(int_value);
                let e = args.get(2).copied().and_then(int_value);
                if let Some(sv) = s {
                    if sv < 0 {
                        let r = self.expr_range(args[1]);
                        let p = self.err(
                            SqlProblemKind::BadArgument,
                            r,
                            "substring() start must not be negative",
                        );
                        p.help = Some("eKuiper says: validate function substring error: The start index should not be a nagtive integer.".into());
                    }
                }
                if let (Some(sv), Some(ev)) = (s, e) {
                    if ev < sv {
                        let r = self.expr_range(args[2]);
                        let p = self.err(
                            SqlProblemKind::BadArgument,
                            r,
                            format!("substring() end {ev} is before start {sv}"),
                        );
                        p.help = Some("eKuiper says: validate function substring error: The end index should be larger than start index.".into());
                    }
                }
            }
            _ => {}
        }
    }

    fn catalog_checks(&mut self) {
        if self.catalog.is_none() {
            return;
        }
        // resolved once, by collect_declared
        let resolved = self.declared.clone();
        for (i, &r) in resolved.iter().enumerate() {
            let s = &self.info.sources[i];
            if r.is_none() {
                let span = s.name_span.clone();
                let msg = format!("`{}` is not a stream or table defined here", s.name);
                let help = format!("create it first; eKuiper says: fail to get stream {}, please check if stream is created", s.name);
                self.err(SqlProblemKind::UnknownStream, span, msg).help = Some(help);
            }
        }
        let ons = std::mem::take(&mut self.join_on_eq);
        self.lookup_join_checks(&resolved, &ons);
        self.join_on_eq = ons;
        let all_known = resolved.iter().all(Option::is_some);
        let streams = resolved
            .iter()
            .flatten()
            .filter(|s| s.kind == SourceKind::Stream)
            .count();
        let tables = resolved
            .iter()
            .flatten()
            .filter(|s| s.kind == SourceKind::Table)
            .count();
        if let Some(w) = &self.info.window {
            if all_known && streams == 0 && tables > 0 {
                let p = self.err(
                    SqlProblemKind::WindowOnTable,
                    w.span.clone(),
                    "a window over tables only: tables are not streams of events",
                );
                p.help = Some("read a stream in FROM and join the table; eKuiper says: cannot run window for TABLE sources".into());
            }
        } else {
            if !self.info.joins.is_empty() && streams >= 2 {
                let r = self
                    .info
                    .sources
                    .get(1)
                    .map(|s| s.name_span.clone())
                    .unwrap_or(self.fallback.clone());
                let p = self.err(
                    SqlProblemKind::JoinNeedsWindow,
                    r,
                    "joining streams needs a time or count window in GROUP BY",
                );
                p.help = Some("add GROUP BY TUMBLINGWINDOW(ss, 10) (or another window); eKuiper says: a time window or count window is required to join multiple streams".into());
            }
            if !self.info.dimensions.is_empty() && streams > 0 {
                let r = self.info.dimensions[0].clone();
                let p = self.err(
                    SqlProblemKind::GroupByNeedsWindow,
                    r,
                    "GROUP BY on a stream needs a window",
                );
                p.help = Some("add a window to GROUP BY, e.g. GROUP BY dim, TUMBLINGWINDOW(ss, 10); eKuiper says: select stmt group by should be used with window".into());
            }
        }
        // fields (sources and references are moved out while problems are added, then put
        // back: nothing below reads them through `self`)
        let sources = std::mem::take(&mut self.info.sources);
        let refs = std::mem::take(&mut self.info.field_refs);
        let scope: Vec<(&str, Option<&str>, Option<&SourceStmt>)> = sources
            .iter()
            .zip(resolved.iter())
            .map(|(s, r)| (s.name.as_str(), s.alias.as_deref(), *r))
            .collect();
        // the declared fields of a source, `None` when it has no declared schema
        let schema_of = |st: Option<&'a SourceStmt>| -> Option<&'a [super::FieldDef]> {
            let f = st?.fields.as_deref()?;
            (!f.is_empty()).then_some(f)
        };
        let declares = |schema: &[super::FieldDef], name: &str| {
            schema.iter().any(|x| x.name.eq_ignore_ascii_case(name))
        };
        for fr in &refs {
            if let Some(q) = &fr.qualifier {
                let src = scope
                    .iter()
                    .find(|(n, a, _)| n == q || *a == Some(q.as_str()));
                if let Some((n, _, st)) = src {
                    if let Some(fd) = st.and_then(|s| s.field(&fr.name)) {
                        self.check_path(fd, fr);
                    }
                    if let Some(schema) = schema_of(*st) {
                        if !declares(schema, &fr.name) {
                            let sug = functions::did_you_mean(
                                &fr.name,
                                schema.iter().map(|x| x.name.as_str()),
                            );
                            let mut msg = format!("`{n}` declares no field `{}`", fr.name);
                            if let Some(s) = sug {
                                msg.push_str(&format!(" (did you mean `{s}`?)"));
                            }
                            let p = self.err(SqlProblemKind::UnknownField, fr.span.clone(), msg);
                            p.help = Some(format!("eKuiper says: unknown field {}", fr.name));
                        }
                    }
                }
                continue;
            }
            // sources whose schema declares the field; open = one has no schema
            let mut with_count = 0;
            let mut first_with = None;
            let mut open = false;
            for (n, _, st) in &scope {
                match schema_of(*st) {
                    Some(schema) => {
                        if declares(schema, &fr.name) {
                            with_count += 1;
                            first_with.get_or_insert(*n);
                        }
                    }
                    None => open = true,
                }
            }
            if let (1, Some(w)) = (with_count, first_with) {
                let fd = scope
                    .iter()
                    .find(|(n, _, _)| *n == w)
                    .and_then(|(_, _, st)| st.and_then(|s| s.field(&fr.name)));
                if let Some(fd) = fd {
                    self.check_path(fd, fr);
                }
            }
            if with_count > 1 {
                let with: Vec<&str> = scope
                    .iter()
                    .filter(|(_, _, st)| schema_of(*st).is_some_and(|s| declares(s, &fr.name)))
                    .map(|(n, _, _)| *n)
                    .collect();
                let p = self.err(
                    SqlProblemKind::AmbiguousField,
                    fr.span.clone(),
                    format!(
                        "`{}` is declared by {}: qualify it",
                        fr.name,
                        with.join(" and ")
                    ),
                );
                p.help = Some(format!(
                    "write {}.{}; eKuiper says: ambiguous field {}",
                    with[0], fr.name, fr.name
                ));
            } else if with_count == 0 && !open && !scope.is_empty() {
                let all: Vec<&str> = scope
                    .iter()
                    .filter_map(|(_, _, st)| st.and_then(|s| s.fields.as_ref()))
                    .flat_map(|f| f.iter().map(|x| x.name.as_str()))
                    .collect();
                let sug = functions::did_you_mean(&fr.name, all.into_iter());
                let names: Vec<&str> = scope.iter().map(|(n, _, _)| *n).collect();
                let mut msg = format!(
                    "no source of this query declares a field `{}` ({})",
                    fr.name,
                    names.join(", ")
                );
                if let Some(s) = sug {
                    msg.push_str(&format!("; did you mean `{s}`?"));
                }
                let p = self.err(SqlProblemKind::UnknownField, fr.span.clone(), msg);
                p.help = Some(format!("eKuiper says: unknown field {}", fr.name));
            }
        }
        drop(scope);
        self.info.sources = sources;
        self.info.field_refs = refs;
    }
}

impl Analyzer<'_> {
    /// Member accesses into a declared STRUCT must name declared members.
    fn check_path(&mut self, fd: &super::FieldDef, fr: &FieldRef) {
        if fr.path.is_empty() {
            return;
        }
        let mut ty = &fd.ty;
        let mut shown = fd.name.clone();
        for step in &fr.path {
            // element access through arrays: `arr[0]->x` and `arr[1:2]->x`
            while let (PathStep::Member { .. }, FieldType::Array(elem)) = (step, ty) {
                ty = elem;
            }
            match (step, ty) {
                (PathStep::Index, FieldType::Array(elem)) => {
                    ty = elem;
                    shown.push_str("[]");
                }
                (PathStep::Member { name, span }, FieldType::Struct(members)) => {
                    match members.iter().find(|(m, _)| m.eq_ignore_ascii_case(name)) {
                        Some((_, t)) => {
                            ty = t;
                            shown.push('.');
                            shown.push_str(name);
                        }
                        None => {
                            let sug = functions::did_you_mean(
                                name,
                                members.iter().map(|(m, _)| m.as_str()),
                            );
                            let mut msg = format!("struct `{shown}` declares no member `{name}`");
                            if let Some(sg) = sug {
                                msg.push_str(&format!(" (did you mean `{sg}`?)"));
                            }
                            let members: Vec<&str> =
                                members.iter().map(|(m, _)| m.as_str()).collect();
                            let p = self.err(SqlProblemKind::UnknownField, span.clone(), msg);
                            p.help = Some(format!("its members: {}", members.join(", ")));
                            return;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Lookup tables join exactly one stream, with at least one equality in ON.
    fn lookup_join_checks(&mut self, resolved: &[Option<&SourceStmt>], ons: &[(usize, bool)]) {
        let lookups: Vec<usize> = resolved
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.is_some_and(|s| {
                    s.kind == SourceKind::Table
                        && s.option("KIND")
                            .is_some_and(|k| k.value.eq_ignore_ascii_case("lookup"))
                })
            })
            .map(|(i, _)| i)
            .collect();
        if lookups.is_empty() {
            return;
        }
        let streams = resolved
            .iter()
            .flatten()
            .filter(|s| s.kind == SourceKind::Stream)
            .count();
        for &li in &lookups {
            let span = self.info.sources[li].name_span.clone();
            let name = self.info.sources[li].name.clone();
            if li == 0 {
                let p = self.err(
                    SqlProblemKind::LookupJoin,
                    span.clone(),
                    format!("lookup table `{name}` cannot be the FROM source"),
                );
                p.help = Some("read the stream in FROM and JOIN the lookup table".into());
                continue;
            }
            if lookups.len() > 1 || streams != 1 || resolved.len() != 2 {
                let p = self.err(
                    SqlProblemKind::LookupJoin,
                    span.clone(),
                    format!("lookup table `{name}` must be joined with exactly one stream and nothing else"),
                );
                p.help =
                    Some("eKuiper joins one stream with one lookup table; split the rule".into());
                continue;
            }
            if let Some((_, has_eq)) = ons.iter().find(|(i, _)| *i == li) {
                if !has_eq {
                    let p = self.err(
                        SqlProblemKind::LookupJoin,
                        span,
                        format!("the ON condition of lookup table `{name}` has no equality"),
                    );
                    p.help = Some(
                        "a lookup join needs at least one `stream.col = table.col` predicate"
                            .into(),
                    );
                }
            }
        }
    }
}

fn and_chain_has_eq(e: &Expr) -> bool {
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

fn clause_name(c: Clause) -> &'static str {
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
fn root_ident(e: &Expr) -> Option<&Ident> {
    match e {
        Expr::Identifier(id) => Some(id),
        Expr::CompoundIdentifier(ids) => ids.first(),
        Expr::CompoundFieldAccess { root, .. } => root_ident(root),
        _ => None,
    }
}

/// Call `f` on the direct sub-expressions the walker cares about.
fn visit_children(e: &Expr, f: &mut dyn FnMut(&Expr)) {
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

/// Which nodes of a directed graph lie on a cycle (a self-loop included): Tarjan's strongly
/// connected components, with an explicit stack so that a long chain of aliases cannot overflow
/// the call stack, in time linear in the size of the graph.
fn on_cycles(edges: &[Vec<usize>]) -> Vec<bool> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low) = (vec![UNSEEN; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut cyclic = vec![false; n];
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to follow)
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(v, i)) = calls.last() {
            if let Some(&w) = edges[v].get(i) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || edges[v].contains(&v) {
                    for w in component {
                        cyclic[w] = true;
                    }
                }
            }
        }
    }
    cyclic
}
