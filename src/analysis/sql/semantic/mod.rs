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
use super::span::span_bytes;
use super::{
    Catalog, Clause, FieldRef, FieldType, FunctionCall, JoinInfo, JoinKind, PathStep, SelectField,
    SelectInfo, SourceKind, SourceRef, SourceStmt, SqlProblem, SqlProblemKind, TimeUnit,
    WindowInfo, WindowKind,
};
use crate::analysis::sql::prepass::{is_window_name, Prepared};
use crate::diagnostic::Severity;
use crate::ekuiper::functions::{self, FunctionKind, ParamType, CAST_TYPES};

mod aliases;
mod ast;
mod calls;
mod catalog;
mod clauses;
mod expressions;
mod fields;
mod sources;
mod window;

pub(crate) use ast::clean_parser_message;
use ast::*;

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

    /// Analyze a whole query: each clause in turn (`clauses.rs`), then what needs the catalog.
    pub(crate) fn analyze(&mut self, q: &Query) {
        let Some(sel) = self.plain_select(q) else {
            return;
        };
        let on_conditions = self.sources_and_joins(sel);
        self.collect_declared();
        // Select aliases bind in ON too: eKuiper binds every field reference outside the select
        // fields against a map that holds the aliases (internal/topo/planner/analyzer.go:178@v2.4.0).
        self.declare_aliases(sel);
        for e in on_conditions {
            self.walk_top(e, Clause::JoinOn, None);
        }
        self.select_fields(sel);
        self.check_alias_cycles();
        if let Some(w) = &sel.selection {
            self.walk_top(w, Clause::Where, None);
        }
        self.group_by(sel);
        self.having(sel);
        self.order_by_and_limit(q);
        self.wildcard_options();
        self.aggregate_checks();
        self.catalog_checks();
    }
}
