//! `S`: SQL — stream and table statements, rule SQL, and `.sql` files.
//!
//! Every SQL text of a file is parsed and checked once ([`SqlAnalysis`], built on first use);
//! each lint of the family picks the problem kinds it owns and maps their spans to the file.

pub mod aggregate_misplaced;
pub mod ambiguous_field;
pub mod ambiguous_literal;
pub mod bad_alias;
pub mod bad_argument;
pub mod bad_field_type;
pub mod bad_limit;
pub mod bad_option_value;
pub mod bad_window;
pub mod case_condition;
pub mod duplicate_field;
pub mod duplicate_option;
pub mod foreign_sql;
pub mod function_misplaced;
pub mod join_problem;
pub mod lexical_quirk;
pub mod missing_option_comma;
pub mod nesting_too_deep;
pub mod option_conflict;
pub mod option_not_for_kind;
pub mod source_name_mismatch;
pub mod sql_syntax;
pub mod statement_count;
pub mod temp_source;
pub mod timestamp_field_missing;
pub mod trailing_semicolon;
pub mod unknown_field;
pub mod unknown_function;
pub mod unknown_option;
pub mod unknown_stream;
pub mod window_misplaced;
pub mod window_source_mismatch;
pub mod wrong_arity;

use super::Lint;
use crate::analysis::pass::Context;
use crate::analysis::sql::file::SqlUnit;
use crate::analysis::sql::{self, SqlProblem, SqlProblemKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::span::Span;

/// Reports, as findings of `lint`, the SQL problems of the given kinds.
pub(crate) fn report_sql(
    cx: &Context,
    lint: &'static Lint,
    kinds: &[SqlProblemKind],
    out: &mut Vec<Diagnostic>,
) {
    for unit in &cx.sql().units {
        for p in unit.problems.iter().filter(|p| kinds.contains(&p.kind)) {
            out.push(sql_diagnostic(lint, unit, p));
        }
    }
}

fn sql_diagnostic(lint: &'static Lint, unit: &SqlUnit, p: &SqlProblem) -> Diagnostic {
    let span = Span::from(p.span.clone());
    let mut d = lint.at(unit.map.to_file(span), p.message.clone());
    let downgraded = p.severity_hint == sql::Severity::Warning
        || (p.kind == SqlProblemKind::UnknownStream && unit.unknown_source_is_warning);
    if downgraded {
        d.severity = d.severity.min(Severity::Warning);
    }
    if let Some(help) = &p.help {
        d = d.with_help(help.clone());
    }
    if let Some(loc) = &unit.entry {
        d = d
            .with_path(loc.entry.pointer())
            .with_inner(loc.pointer, loc.to_entry.to_file(span));
    }
    d
}
