//! `S`: SQL — stream and table statements, rule SQL, and `.sql` files.
//!
//! Every SQL text of a file is parsed and checked once ([`SqlAnalysis`], built on first use);
//! each lint of the family reports the problem kinds it owns (`lint_for`) at their spans in the
//! file.

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
use crate::analysis::pass::PassContext;
use crate::analysis::sql::file::SqlUnit;
use crate::analysis::sql::{SqlProblem, SqlProblemKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::span::Span;

/// The lint that reports a SQL problem of this kind.
pub(crate) fn lint_for(kind: SqlProblemKind) -> &'static Lint {
    use SqlProblemKind::*;
    match kind {
        Syntax | ClauseOrder => &sql_syntax::LINT,
        OtherDialect | AnsiCast => &foreign_sql::LINT,
        TrailingSemicolon => &trailing_semicolon::LINT,
        StatementCount => &statement_count::LINT,
        WindowMisplaced => &window_misplaced::LINT,
        BadWindow => &bad_window::LINT,
        NestingTooDeep => &nesting_too_deep::LINT,
        LexicalQuirk => &lexical_quirk::LINT,
        UnknownFunction => &unknown_function::LINT,
        WrongArity => &wrong_arity::LINT,
        BadArgument => &bad_argument::LINT,
        AggregateNotAllowed | HavingNotAggregate => &aggregate_misplaced::LINT,
        WindowFunctionMisplaced
        | SetReturningMisplaced
        | OverOnNonAnalytic
        | FilterMisplaced
        | NotInAggregateQuery => &function_misplaced::LINT,
        WildcardAlias | CycledAlias | DuplicateAlias => &bad_alias::LINT,
        BadLimit => &bad_limit::LINT,
        CaseCondition => &case_condition::LINT,
        CrossJoinOn | JoinNeedsWindow | LookupJoin => &join_problem::LINT,
        WindowOnTable | GroupByNeedsWindow => &window_source_mismatch::LINT,
        TimeUnitAsField | DoubleQuotedField => &ambiguous_literal::LINT,
        UnknownStream => &unknown_stream::LINT,
        UnknownField => &unknown_field::LINT,
        AmbiguousField => &ambiguous_field::LINT,
        BadFieldType => &bad_field_type::LINT,
        DuplicateField => &duplicate_field::LINT,
        UnknownOption => &unknown_option::LINT,
        DuplicateOption => &duplicate_option::LINT,
        BadOptionValue => &bad_option_value::LINT,
        MissingOptionComma => &missing_option_comma::LINT,
        OptionNotForKind => &option_not_for_kind::LINT,
        TimestampFieldMissing => &timestamp_field_missing::LINT,
        OptionConflict => &option_conflict::LINT,
    }
}

/// Reports, as findings of `lint`, the SQL problems it owns ([`lint_for`]).
pub(crate) fn report_sql(cx: &PassContext, lint: &'static Lint, out: &mut Vec<Diagnostic>) {
    for unit in &cx.sql().units {
        for p in unit
            .problems
            .iter()
            .filter(|p| std::ptr::eq(lint_for(p.kind), lint))
            .filter(|p| p.before.is_none_or(|v| cx.target < v))
        {
            out.push(sql_diagnostic(lint, unit, p));
        }
    }
}

fn sql_diagnostic(lint: &'static Lint, unit: &SqlUnit, p: &SqlProblem) -> Diagnostic {
    let span = Span::from(p.span.clone());
    let mut d = lint.at(unit.map.to_file(span), p.message.clone());
    let downgraded = p.severity_hint == Severity::Warning
        || (p.kind == SqlProblemKind::UnknownStream && unit.unknown_source_is_warning);
    if downgraded {
        d.severity = d.severity.min(Severity::Warning);
    }
    if let Some(help) = &p.help {
        d = d.with_help(help.clone());
    }
    if let Some(fix) = &p.fix {
        let edits = fix
            .edits
            .iter()
            .map(|(range, text)| unit.map.edit(Span::from(range.clone()), text))
            .collect();
        d = d.with_fix_of(fix.applicability, fix.message.clone(), edits);
    }
    if let Some(loc) = &unit.entry {
        d = d
            .with_path(loc.entry.pointer())
            .with_inner(loc.pointer, loc.to_entry.to_file(span));
    }
    d
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lints::REGISTRY;

    /// Every kind of SQL problem (a new kind goes here as it goes into [`lint_for`]).
    pub(crate) const KINDS: &[SqlProblemKind] = {
        use SqlProblemKind::*;
        &[
            Syntax,
            OtherDialect,
            AnsiCast,
            TrailingSemicolon,
            StatementCount,
            ClauseOrder,
            WindowMisplaced,
            BadWindow,
            NestingTooDeep,
            LexicalQuirk,
            UnknownFunction,
            WrongArity,
            BadArgument,
            AggregateNotAllowed,
            HavingNotAggregate,
            WindowFunctionMisplaced,
            SetReturningMisplaced,
            OverOnNonAnalytic,
            FilterMisplaced,
            NotInAggregateQuery,
            WildcardAlias,
            BadLimit,
            CaseCondition,
            CycledAlias,
            DuplicateAlias,
            CrossJoinOn,
            JoinNeedsWindow,
            WindowOnTable,
            GroupByNeedsWindow,
            TimeUnitAsField,
            DoubleQuotedField,
            LookupJoin,
            UnknownStream,
            UnknownField,
            AmbiguousField,
            BadFieldType,
            DuplicateField,
            UnknownOption,
            DuplicateOption,
            BadOptionValue,
            OptionNotForKind,
            MissingOptionComma,
            TimestampFieldMissing,
            OptionConflict,
        ]
    };

    /// The lints of the family with checks of their own, which own no kind.
    const OWN_CHECKS: &[&Lint] = &[&source_name_mismatch::LINT, &temp_source::LINT];

    #[test]
    fn every_lint_that_reports_kinds_owns_one() {
        for (i, kind) in KINDS.iter().enumerate() {
            assert!(!KINDS[..i].contains(kind), "{kind:?} is listed twice");
        }
        for lint in REGISTRY.iter().filter(|l| l.code.starts_with('S')) {
            let owns = KINDS.iter().any(|k| std::ptr::eq(lint_for(*k), *lint));
            let own_check = OWN_CHECKS.iter().any(|l| std::ptr::eq(*l, *lint));
            assert_eq!(owns, !own_check, "{} owns a kind: {owns}", lint.code);
        }
    }
}
