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

use super::{Context, Lint};
use crate::bundle::source_map::SourceMap;
use crate::bundle::span::Span;
use crate::bundle::{Bundle, Embedded, Entry, SectionKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::Read;
use crate::sql::{self, MapCatalog, SourceStmt, SqlProblem, SqlProblemKind};

/// One SQL text of the file and what checking it found.
pub struct SqlUnit<'a> {
    pub problems: Vec<SqlProblem>,
    /// SQL byte spans → the outer file.
    pub map: SourceMap<'a>,
    /// The bundle entry that holds the SQL; None in a `.sql` file.
    pub entry: Option<EntryLocation<'a>>,
    /// Whether a FROM naming an unknown source is only a warning: in a `.sql` file, and in a
    /// bundle that defines no stream or table at all (one meant for a partial import).
    pub unknown_source_is_warning: bool,
}

/// Where in a bundle entry a SQL text sits.
pub struct EntryLocation<'a> {
    pub entry: &'a Entry<'a>,
    /// JSON pointer of the SQL inside the decoded entry: `/sql` for a rule, `` for a stream.
    pub pointer: &'static str,
    /// SQL byte spans → the entry's decoded text.
    pub to_entry: SourceMap<'a>,
}

/// A stream or table statement of a bundle, with the entry it came from.
pub struct SourceEntry<'a> {
    pub entry: &'a Entry<'a>,
    /// Its spans are also spans of the entry's decoded text (the entry is the statement), so they
    /// serve as `inner` spans with pointer `""`.
    pub stmt: SourceStmt,
    /// Spans of `stmt` → the outer file.
    pub map: SourceMap<'a>,
}

/// Every SQL text of a file, checked.
#[derive(Default)]
pub struct SqlAnalysis<'a> {
    pub units: Vec<SqlUnit<'a>>,
    pub sources: Vec<SourceEntry<'a>>,
    /// The streams and tables each rule reads (FROM and JOIN).
    pub reads: Vec<Read<'a>>,
}

impl<'a> SqlAnalysis<'a> {
    /// Checks the SQL of every bundle (streams and tables first, so rules resolve against them).
    pub fn of_bundles(bundles: &'a [Bundle<'a>]) -> Self {
        let mut analysis = SqlAnalysis::default();
        let mut catalog = MapCatalog::new();
        for bundle in bundles {
            for entry in bundle
                .entries()
                .filter(|e| e.section.payload() == crate::bundle::Payload::Sql)
            {
                let Some(embedded) = &entry.embedded else {
                    continue;
                };
                let (stmt, _is_table, problems) = sql::check_source_sql(embedded.text);
                analysis.units.push(SqlUnit {
                    problems,
                    map: embedded.map.clone(),
                    entry: Some(EntryLocation {
                        entry,
                        pointer: "",
                        to_entry: SourceMap::file(),
                    }),
                    unknown_source_is_warning: false,
                });
                if let Some(stmt) = stmt {
                    catalog.insert(stmt.clone());
                    analysis.sources.push(SourceEntry {
                        entry,
                        stmt,
                        map: embedded.map.clone(),
                    });
                }
            }
        }
        for bundle in bundles {
            let defines_sources = [SectionKind::Streams, SectionKind::Tables]
                .into_iter()
                .any(|k| bundle.section_entries(k).next().is_some());
            for entry in bundle.section_entries(SectionKind::Rules) {
                let Some((sql, to_entry)) = rule_sql(entry) else {
                    continue;
                };
                let (info, problems) = sql::check_rule_sql(sql.text, &catalog);
                for source in info.iter().flat_map(|i| &i.sources) {
                    analysis.reads.push(Read::new(
                        entry,
                        source.name.clone(),
                        &sql,
                        source.name_span.clone(),
                    ));
                }
                analysis.units.push(SqlUnit {
                    problems,
                    map: sql.map,
                    entry: Some(EntryLocation {
                        entry,
                        pointer: "/sql",
                        to_entry,
                    }),
                    unknown_source_is_warning: !defines_sources,
                });
            }
        }
        analysis
    }

    /// Checks a `.sql` file: `;`-separated statements whose names resolve among themselves.
    pub fn of_sql_file(text: &'a str) -> Self {
        let (_statements, problems) = sql::check_sql_file(text);
        SqlAnalysis {
            units: vec![SqlUnit {
                problems,
                map: SourceMap::file(),
                entry: None,
                unknown_source_is_warning: true,
            }],
            ..SqlAnalysis::default()
        }
    }
}

/// A rule's non-empty `sql` string: the statement, and the map from it to the rule's text.
fn rule_sql<'a>(entry: &'a Entry<'a>) -> Option<(Embedded<'a>, SourceMap<'a>)> {
    let rule = entry.json_value()?;
    let node = &rule.field("sql")?.value;
    let crate::bundle::json::Value::String(s) = &node.value else {
        return None;
    };
    if s.value.trim().is_empty() {
        // An empty `sql` means "no SQL" to eKuiper (a graph rule); the rule schema checks it.
        return None;
    }
    let sql = entry.embedded.as_ref()?.nested(node)?;
    Some((sql, SourceMap::file().nested(s.escape_map(node.span))))
}

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
