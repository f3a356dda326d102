//! eKuiper SQL layer: lexing, parsing (on sqlparser 0.64) and checks of the SQL found in
//! eKuiper bundles: `CREATE STREAM` / `CREATE TABLE` statements and rule `SELECT`s.
//!
//! All spans are byte ranges into the SQL text handed to the public functions.
//! Token-stream workarounds for syntax sqlparser cannot express live in `prepass.rs` and are
//! listed in docs/sql-dialect.md.

#![warn(missing_docs)]
mod ddl;
pub mod dialect;
mod expression;
pub mod file;
mod prepass;
mod select;
mod semantic;
mod span;
mod statements;

pub use ddl::{FORMATS, OPTION_KEYS};
pub use expression::{check_expression, ExprCheck, ExprSlot, FieldShape};
pub use prepass::{is_ekuiper_keyword, EKUIPER_KEYWORDS, MAX_NESTING, MAX_OPERATORS, WINDOW_NAMES};
pub use statements::*;

#[cfg(test)]
mod conformance_tests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::Severity;

/// Stable problem kinds. Each has exactly one owner among the `S` lints, by an exhaustive match
/// in `crate::lints::sql`, so a new kind does not compile until a lint reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlProblemKind {
    /// Text eKuiper's lexer or parser rejects (generic syntax error).
    Syntax,
    /// A construct from another SQL dialect that eKuiper does not have (`<>`, `||`,
    /// `DISTINCT`, `IS NULL`, `OUTER`, subqueries, implicit aliases, ...), with a fix.
    OtherDialect,
    /// ANSI `CAST(x AS type)`; eKuiper wants `cast(x, "type")`.
    AnsiCast,
    /// A trailing `;` after a rule's SELECT.
    TrailingSemicolon,
    /// More (or fewer) statements than the context allows, or the wrong statement kind.
    StatementCount,
    /// Clauses in the wrong order (e.g. `WHERE` after `GROUP BY`).
    ClauseOrder,
    /// A window outside `GROUP BY` (in fields, WHERE, after HAVING/ORDER BY, nested, twice).
    WindowMisplaced,
    /// Window arguments eKuiper rejects (unit, count, integer sizes, interval > size).
    BadWindow,
    /// Expression nested deeper than the linter's cap (256 levels).
    NestingTooDeep,
    /// Lexer quirk eKuiper accepts silently with a surprising meaning (`!` alone is `=`,
    /// `- -` starts a comment).
    LexicalQuirk,
    /// Unknown function name.
    UnknownFunction,
    /// Wrong number of function arguments.
    WrongArity,
    /// A literal argument of the wrong type or value (`sin("a")`, `cast(x, "int")`).
    BadArgument,
    /// Aggregate function where eKuiper forbids it (WHERE, GROUP BY, inside an aggregate).
    AggregateNotAllowed,
    /// HAVING condition that is not an aggregate condition.
    HavingNotAggregate,
    /// `row_number()` outside the select fields.
    WindowFunctionMisplaced,
    /// Set-returning (`unnest`) or column (`changed_cols`) function misplaced/nested/repeated.
    SetReturningMisplaced,
    /// `OVER (...)` after a function that is not analytic.
    OverOnNonAnalytic,
    /// `FILTER (WHERE ...)` anywhere but after the GROUP BY window.
    FilterMisplaced,
    /// Function that eKuiper refuses in an aggregate query (`last_hit_time`, ...).
    NotInAggregateQuery,
    /// `* AS alias`.
    WildcardAlias,
    /// LIMIT that is not a non-negative integer.
    BadLimit,
    /// CASE WHEN with a non-boolean literal condition.
    CaseCondition,
    /// Select aliases that reference each other in a cycle.
    CycledAlias,
    /// Same alias given twice in the select fields.
    DuplicateAlias,
    /// CROSS JOIN with an ON clause.
    CrossJoinOn,
    /// Joining streams without a time or count window.
    JoinNeedsWindow,
    /// A window over a query that reads only tables.
    WindowOnTable,
    /// GROUP BY dimensions on a stream without a window.
    GroupByNeedsWindow,
    /// A time-unit keyword (`dd hh mi ss ms`) used as a field name without backticks.
    TimeUnitAsField,
    /// A double-quoted string equal to a declared field name (ANSI habit: `"col"`).
    DoubleQuotedField,
    /// Join with a lookup table that breaks eKuiper's lookup-join rules.
    LookupJoin,
    /// FROM/JOIN names a stream or table the catalog does not know.
    UnknownStream,
    /// A field that no declared schema in scope has.
    UnknownField,
    /// An unqualified field that more than one joined schema has.
    AmbiguousField,
    /// CREATE: field type eKuiper does not know (`int`, `bool`, `varchar`, ...).
    BadFieldType,
    /// CREATE: DEFAULT that eKuiper refuses.
    /// CREATE: two fields with the same name.
    DuplicateField,
    /// CREATE: unknown WITH option key.
    UnknownOption,
    /// CREATE: WITH option given twice.
    DuplicateOption,
    /// CREATE: option value of the wrong type or not an allowed value.
    BadOptionValue,
    /// CREATE: option meant for the other source kind (stream vs table).
    OptionNotForKind,
    /// CREATE: missing comma between WITH options.
    MissingOptionComma,
    /// CREATE: TIMESTAMP option naming a field the declared schema does not have.
    TimestampFieldMissing,
    /// CREATE: option combination eKuiper rejects (binary format, memory lookup KEY, ...).
    OptionConflict,
}

/// One problem found in a SQL text. Spans are BYTE ranges into the SQL string passed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlProblem {
    /// What kind of problem (one lint code each).
    pub kind: SqlProblemKind,
    /// Byte range in the SQL text passed in.
    pub span: Range<usize>,
    /// Our wording; names the offending token.
    pub message: String,
    /// The fix, and/or `eKuiper says: <its error text>`.
    pub help: Option<String>,
    /// Error when eKuiper rejects it, Warning otherwise.
    pub severity_hint: Severity,
    /// Syntax eKuiper took up in this release: a problem only for an older target.
    pub before: Option<crate::ekuiper::version::Version>,
    /// A mechanical correction, where one is certain (or, unsafe, likely).
    pub fix: Option<Box<SqlFix>>,
    /// eKuiper refuses this only in the parser's pre-validation (`Validate`,
    /// internal/xsql/sqlValidator.go:25@v2.4.0), which it skips for a SELECT that ends in `;`
    /// (internal/xsql/parser.go:217@v2.4.0): then the rule is accepted.
    pub pre_validation: bool,
}

impl SqlFix {
    /// The did-you-mean rename of the name written at `span` of `sql` (its last part when the
    /// span holds a qualified `s.name`): None when the text there is not `name` as written
    /// (quoted, ...), so that nothing but the name is ever replaced.
    pub(crate) fn rename(sql: &str, span: &Range<usize>, name: &str, to: &str) -> Option<SqlFix> {
        let text = sql.get(span.clone())?;
        if !text.ends_with(name) || name.is_empty() {
            return None;
        }
        let start = span.end - name.len();
        if start != span.start && !text[..text.len() - name.len()].ends_with('.') {
            return None;
        }
        Some(SqlFix {
            message: format!("rename to `{to}`"),
            edits: vec![(start..span.end, to.to_string())],
            applicability: crate::diagnostic::Applicability::Unsafe,
        })
    }
}

/// A correction of a SQL text: replacements of byte ranges of the text passed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlFix {
    /// What the fix does, e.g. "write `!=`".
    pub message: String,
    /// Byte ranges of the SQL text and their replacements, sorted, not overlapping.
    pub edits: Vec<(Range<usize>, String)>,
    /// Safe (certain) or unsafe (a did-you-mean).
    pub applicability: crate::diagnostic::Applicability,
}

impl SqlProblem {
    pub(crate) fn error(
        kind: SqlProblemKind,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        SqlProblem {
            kind,
            span,
            message: message.into(),
            help: None,
            severity_hint: Severity::Error,
            before: None,
            fix: None,
            pre_validation: false,
        }
    }

    pub(crate) fn warning(
        kind: SqlProblemKind,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        SqlProblem {
            severity_hint: Severity::Warning,
            ..SqlProblem::error(kind, span, message)
        }
    }

    /// Only a problem when the target is older than `v` (eKuiper accepts it from `v`).
    pub(crate) fn before(mut self, v: crate::ekuiper::version::Version) -> Self {
        self.before = Some(v);
        self
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A safe fix: `range` of the SQL text becomes `text`.
    pub(crate) fn with_fix(
        mut self,
        message: impl Into<String>,
        range: Range<usize>,
        text: impl Into<String>,
    ) -> Self {
        self.fix = Some(Box::new(SqlFix {
            message: message.into(),
            edits: vec![(range, text.into())],
            applicability: crate::diagnostic::Applicability::Safe,
        }));
        self
    }

    /// Help that quotes eKuiper's own error text, so users can search for it.
    pub(crate) fn ekuiper_says(mut self, text: impl AsRef<str>) -> Self {
        let t = text.as_ref();
        self.help = Some(match self.help.take() {
            Some(h) => format!("{h}; eKuiper says: {t}"),
            None => format!("eKuiper says: {t}"),
        });
        self
    }
}

/// Streams and tables known to the caller (for FROM resolution and schema checks).
pub trait Catalog {
    /// The stream or table called `name`, if known.
    fn source(&self, name: &str) -> Option<&SourceStmt>;
}

/// A catalog that knows nothing: every FROM name is unknown.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmptyCatalog;

impl Catalog for EmptyCatalog {
    fn source(&self, _name: &str) -> Option<&SourceStmt> {
        None
    }
}

/// A simple catalog keyed by name; a later statement with the same name replaces the earlier.
#[derive(Debug, Default, Clone)]
pub struct MapCatalog {
    map: HashMap<String, SourceStmt>,
}

impl MapCatalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add (or replace) a stream or table.
    pub fn insert(&mut self, stmt: SourceStmt) {
        self.map.insert(stmt.name.clone(), stmt);
    }

    /// Add (or replace) several.
    pub fn extend(&mut self, stmts: impl IntoIterator<Item = SourceStmt>) {
        for s in stmts {
            self.insert(s);
        }
    }

    /// Number of known sources.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// No source known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

impl Catalog for MapCatalog {
    fn source(&self, name: &str) -> Option<&SourceStmt> {
        self.map.get(name)
    }
}

/// Parse a `;`-separated list of statements (a `.sql` file). SELECTs get the syntactic and
/// catalog-free semantic checks; CREATE statements get all their checks.
pub fn parse_statements(sql: &str) -> (Vec<Statement>, Vec<SqlProblem>) {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let Some(lexed) = prepass::lex(sql, &mut problems) else {
        return (out, problems);
    };
    for part in lexed.split_statements() {
        if part.is_empty() {
            continue;
        }
        match part.first_word_upper().as_deref() {
            Some("CREATE") => {
                let (stmt, _is_table, mut p) = ddl::parse_create(sql, &part);
                problems.append(&mut p);
                if let Some(s) = stmt {
                    out.push(match s.kind {
                        SourceKind::Stream => Statement::CreateStream(s),
                        SourceKind::Table => Statement::CreateTable(s),
                    });
                }
            }
            Some("SHOW") | Some("DESCRIBE") | Some("EXPLAIN") | Some("DROP") => {
                let (stmt, mut p) = ddl::parse_other(sql, &part);
                problems.append(&mut p);
                if let Some(s) = stmt {
                    out.push(Statement::Other(s));
                }
            }
            _ => {
                let (info, mut p) = select::check_select_part(sql, part, None);
                problems.append(&mut p);
                if let Some(i) = info {
                    out.push(Statement::Select(i));
                }
            }
        }
    }
    (out, problems)
}

/// Check a `.sql` file: like [`parse_statements`], but SELECTs are also checked against the
/// streams and tables the file creates (in any order), so their fields and names resolve.
/// Sources the file does not create are reported as `UnknownStream`.
///
/// The file is cut into statements first ([`statement_ranges`]) and each is checked on its own,
/// as a rule or a stream in a bundle is: the work per statement does not grow with the file.
pub fn check_sql_file(sql: &str) -> Vec<SqlProblem> {
    check_sql_file_in(sql, &[]).0
}

/// Like [`check_sql_file`], with streams and tables defined elsewhere (`external`, overridden by
/// the file's own); also returns the file's CREATE statements, their ranges in the file.
pub fn check_sql_file_in(sql: &str, external: &[SourceStmt]) -> (Vec<SqlProblem>, Vec<SourceStmt>) {
    let mut problems = Vec::new();
    let ranges = statement_ranges(sql);
    let mut catalog = MapCatalog::new();
    catalog.extend(external.iter().cloned());
    let mut defined = Vec::new();
    let shifted = |mut ps: Vec<SqlProblem>, by: usize| {
        for p in &mut ps {
            p.span = p.span.start + by..p.span.end + by;
            for (range, _) in p.fix.iter_mut().flat_map(|f| &mut f.edits) {
                *range = range.start + by..range.end + by;
            }
        }
        ps
    };
    // Sources first, so that a SELECT can use a stream created further down the file.
    for r in &ranges {
        let text = &sql[r.clone()];
        if first_word_upper(text).as_deref() == Some("CREATE") {
            let (stmt, _is_table, p) = check_source_sql(text);
            problems.extend(shifted(p, r.start));
            if let Some(stmt) = stmt {
                defined.push(stmt.clone().shifted(r.start));
                // A name other files create too is judged against no definition.
                let conflicting = external
                    .iter()
                    .any(|e| e.name == stmt.name && e.is_unknown_schema());
                if !conflicting {
                    catalog.insert(stmt);
                }
            }
        }
    }
    for r in &ranges {
        let text = &sql[r.clone()];
        match first_word_upper(text).as_deref() {
            None | Some("CREATE") => {}
            Some("SHOW" | "DESCRIBE" | "EXPLAIN" | "DROP") => {
                problems.extend(shifted(parse_statements(text).1, r.start));
            }
            _ => problems.extend(shifted(check_rule_sql(text, &catalog).1, r.start)),
        }
    }
    problems.sort_by_key(|p| (p.span.start, p.span.end));
    (problems, defined)
}

/// The byte ranges of the `;`-separated statements of `sql` (without the `;`), cut where
/// eKuiper's lexer would: not inside a string (`"..."`, `'...'`, with backslash escapes), a
/// backtick identifier, or a `--` or `/* */` comment. Ranges holding only blanks and comments are
/// left out.
pub fn statement_ranges(sql: &str) -> Vec<Range<usize>> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    let push = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        if has_content(&sql[from..to]) {
            out.push(from..to);
        }
    };
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'`' => {
                i += 1 + b[i + 1..]
                    .iter()
                    .position(|&c| c == b'`')
                    .map_or(b.len(), |n| n + 1)
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i += b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(b.len() - i);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += sql[i + 2..].find("*/").map_or(b.len() - i, |n| n + 4);
            }
            b';' => {
                push(start, i, &mut out);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(start, b.len().min(sql.len()), &mut out);
    out
}

/// `text` without the blanks and comments it starts with.
fn skip_blanks_and_comments(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("--") {
            rest = r
                .split_once('\n')
                .map_or("", |(_, after)| after)
                .trim_start();
        } else if let Some(r) = rest.strip_prefix("/*") {
            rest = r
                .split_once("*/")
                .map_or("", |(_, after)| after)
                .trim_start();
        } else {
            return rest;
        }
    }
}

/// Whether a statement's text holds anything but blanks and comments.
fn has_content(text: &str) -> bool {
    !skip_blanks_and_comments(text).is_empty()
}

/// The first word of a statement, upper-cased, after blanks and comments.
fn first_word_upper(text: &str) -> Option<String> {
    let word: String = skip_blanks_and_comments(text)
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    (!word.is_empty()).then(|| word.to_ascii_uppercase())
}

/// Check a rule's SQL: exactly one SELECT. Sources are resolved through `known`; names it
/// does not know give `UnknownStream` problems (the caller decides their severity).
pub fn check_rule_sql(sql: &str, known: &dyn Catalog) -> (Option<SelectInfo>, Vec<SqlProblem>) {
    check_one_select(sql, Some(known))
}

/// [`check_rule_sql`], or without a catalog the checks that need no sources (what a SELECT that
/// eKuiper builds around an expression gets, see [`check_expression`]).
fn check_one_select(
    sql: &str,
    known: Option<&dyn Catalog>,
) -> (Option<SelectInfo>, Vec<SqlProblem>) {
    let mut problems = Vec::new();
    let Some(lexed) = prepass::lex(sql, &mut problems) else {
        return (None, problems);
    };
    let mut parts = lexed.split_statements();
    let mut non_empty = (0..parts.len()).filter(|&i| !parts[i].is_empty());
    let Some(first_at) = non_empty.next() else {
        problems.push(
            SqlProblem::error(
                SqlProblemKind::StatementCount,
                0..sql.len(),
                "the rule SQL is empty",
            )
            .ekuiper_says("Found \"EOF\", Expected SELECT."),
        );
        return (None, problems);
    };
    let second_at = non_empty.next();
    let first = &parts[first_at];
    if let Some(second_at) = second_at {
        let second = &parts[second_at];
        // eKuiper stops at the first `;` and ignores what follows (parser.go:217@v2.4.0).
        problems.push(
            SqlProblem::warning(
                SqlProblemKind::StatementCount,
                second.range(),
                "more statements follow the rule's SELECT; eKuiper runs the first and ignores the rest",
            )
            .with_help("split the statements: one rule per SELECT, streams in their own entries"),
        );
    } else if let Some(semi) = first.terminator.clone() {
        problems.push(
            SqlProblem::warning(
                SqlProblemKind::TrailingSemicolon,
                semi.clone(),
                "trailing `;` after the rule's SELECT",
            )
            .with_help("drop the `;`: a rule's `sql` holds one statement, no terminator")
            .with_fix(
                "drop the `;`",
                {
                    // The blanks before the `;` go with it.
                    let start = sql[..semi.start].trim_end().len();
                    start..semi.end
                },
                "",
            ),
        );
    }
    let first = parts.swap_remove(first_at);
    let terminated = first.terminator.is_some();
    let (info, mut p) = select::check_select_part(sql, first, known);
    if terminated {
        let mut skipped_any = false;
        for skipped in p.iter_mut().filter(|p| p.pre_validation) {
            skipped.severity_hint = Severity::Warning;
            skipped.message += " (eKuiper skips this check for a SELECT that ends in `;`)";
            skipped_any = true;
        }
        // Without the `;`, eKuiper would refuse the rule for what it skips now: the `;` is
        // not for a fix to drop.
        if skipped_any {
            for semi in problems
                .iter_mut()
                .filter(|p| p.kind == SqlProblemKind::TrailingSemicolon)
            {
                semi.fix = None;
                semi.help = Some("the rule passes only because of the `;`, which makes eKuiper skip the checks the other findings name: fix those, then drop the `;`".into());
            }
        }
    }
    problems.append(&mut p);
    (info, problems)
}

/// Check one CREATE STREAM / CREATE TABLE statement (a bundle's `streams`/`tables` entry).
/// Returns the statement, whether it is a table, and the problems.
pub fn check_source_sql(sql: &str) -> (Option<SourceStmt>, bool, Vec<SqlProblem>) {
    let mut problems = Vec::new();
    let Some(lexed) = prepass::lex(sql, &mut problems) else {
        return (None, false, problems);
    };
    let parts = lexed.split_statements();
    let non_empty: Vec<&prepass::Part> = parts.iter().filter(|p| !p.is_empty()).collect();
    let Some(first) = non_empty.first() else {
        problems.push(SqlProblem::error(
            SqlProblemKind::StatementCount,
            0..sql.len(),
            "the stream/table SQL is empty",
        ));
        return (None, false, problems);
    };
    if non_empty.len() > 1 {
        // eKuiper stops at the first `;` and ignores what follows (parser.go:1189@v2.4.0).
        problems.push(SqlProblem::warning(
            SqlProblemKind::StatementCount,
            non_empty[1].range(),
            "more statements follow the CREATE statement; eKuiper creates the first and ignores the rest",
        ));
    }
    if first.first_word_upper().as_deref() != Some("CREATE") {
        problems.push(
            SqlProblem::error(
                SqlProblemKind::StatementCount,
                first.range(),
                "expected a CREATE STREAM or CREATE TABLE statement",
            )
            .ekuiper_says(format!(
                "found \"{}\", expected CREATE.",
                first.first_word_upper().unwrap_or_default()
            )),
        );
        return (None, false, problems);
    }
    let (stmt, is_table, mut p) = ddl::parse_create(sql, first);
    problems.append(&mut p);
    (stmt, is_table, problems)
}
