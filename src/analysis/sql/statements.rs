//! What the SQL layer tells of a statement: a CREATE STREAM/TABLE's typed fields and options,
//! and of a SELECT its sources, joins, fields, window and the functions it calls.

#![warn(missing_docs)]

use std::ops::Range;

/// A statement of a `.sql` file or a bundle string.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Statement {
    /// `CREATE STREAM`.
    CreateStream(SourceStmt),
    /// `CREATE TABLE`.
    CreateTable(SourceStmt),
    /// A `SELECT`.
    Select(SelectInfo),
    /// SHOW STREAMS|TABLES, DESCRIBE|EXPLAIN|DROP STREAM|TABLE name.
    Other(OtherStmt),
}

/// Whether a source is a stream or a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// Declared with CREATE STREAM.
    Stream,
    /// Declared with CREATE TABLE.
    Table,
}

/// A CREATE STREAM / CREATE TABLE statement.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceStmt {
    /// Stream or table.
    pub kind: SourceKind,
    /// The name as written (backticks removed).
    pub name: String,
    /// Byte range of the name.
    pub name_span: Range<usize>,
    /// `None` = schemaless `()`.
    pub fields: Option<Vec<FieldDef>>,
    /// WITH options in source order (duplicates kept).
    pub options: Vec<StreamOption>,
    /// The whole statement.
    pub span: Range<usize>,
}

impl SourceStmt {
    /// The statement with every byte range moved `by` bytes on: a statement of a `.sql` file is
    /// parsed alone, and its ranges are then made the file's.
    pub fn shifted(mut self, by: usize) -> Self {
        let shift = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
        shift(&mut self.name_span);
        shift(&mut self.span);
        for f in self.fields.iter_mut().flatten() {
            shift(&mut f.name_span);
            shift(&mut f.ty_span);
        }
        for o in &mut self.options {
            shift(&mut o.key_span);
            shift(&mut o.value_span);
        }
        self
    }

    /// Last value of an option (keys compare case-insensitively).
    pub fn option(&self, key: &str) -> Option<&StreamOption> {
        self.options
            .iter()
            .rev()
            .find(|o| o.key.eq_ignore_ascii_case(key))
    }

    /// Declared top-level field, case-insensitive.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields
            .as_ref()?
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// A stream or table whose schema is not known (several definitions of it conflict): no
    /// fields, no options, no spans.
    pub fn of_unknown_schema(kind: SourceKind, name: &str) -> Self {
        SourceStmt {
            kind,
            name: name.to_string(),
            name_span: 0..0,
            fields: None,
            options: Vec::new(),
            span: 0..0,
        }
    }

    /// Made by [`SourceStmt::of_unknown_schema`].
    pub fn is_unknown_schema(&self) -> bool {
        self.span.is_empty() && self.name_span.is_empty() && self.options.is_empty()
    }

    /// No declared fields (`()`).
    pub fn is_schemaless(&self) -> bool {
        self.fields.as_ref().is_none_or(|f| f.is_empty())
    }
}

/// One declared field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// Field name as written.
    pub name: String,
    /// Byte range of the name.
    pub name_span: Range<usize>,
    /// Declared type.
    pub ty: FieldType,
    /// Byte range of the type.
    pub ty_span: Range<usize>,
    /// The DEFAULT literal as written, if any.
    pub default: Option<String>,
}

/// eKuiper field types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// `BIGINT`
    Bigint,
    /// `FLOAT`
    Float,
    /// `STRING`
    String,
    /// `DATETIME`
    Datetime,
    /// `BOOLEAN`
    Boolean,
    /// `BYTEA`
    Bytea,
    /// `ARRAY(elem)`
    Array(Box<FieldType>),
    /// `STRUCT(name type, ...)`
    Struct(Vec<(String, FieldType)>),
    /// A type eKuiper does not know (already reported as `BadFieldType`), kept so that the
    /// field list stays complete for later checks.
    Unknown(String),
}

impl FieldType {
    /// Lower-case type name.
    pub fn name(&self) -> &'static str {
        match self {
            FieldType::Bigint => "bigint",
            FieldType::Float => "float",
            FieldType::String => "string",
            FieldType::Datetime => "datetime",
            FieldType::Boolean => "boolean",
            FieldType::Bytea => "bytea",
            FieldType::Array(_) => "array",
            FieldType::Struct(_) => "struct",
            FieldType::Unknown(_) => "unknown",
        }
    }
}

/// One `KEY="value"` WITH option. `value` is the decoded string (`true`/`false` for the bare
/// keywords).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOption {
    /// Key as written (compare case-insensitively).
    pub key: String,
    /// Byte range of the key.
    pub key_span: Range<usize>,
    /// Decoded value.
    pub value: String,
    /// Byte range of the value literal, quotes included.
    pub value_span: Range<usize>,
}

/// SHOW / DESCRIBE / EXPLAIN / DROP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherStmt {
    /// Upper-cased verb: SHOW, DESCRIBE, EXPLAIN, DROP.
    pub verb: String,
    /// STREAM(S) or TABLE(S), upper-cased.
    pub object: String,
    /// Stream/table name for DESCRIBE, EXPLAIN, DROP.
    pub name: Option<String>,
    /// The whole statement.
    pub span: Range<usize>,
}

/// Where in a SELECT an expression sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clause {
    /// Select fields (and `* REPLACE` expressions).
    Fields,
    /// A JOIN ... ON condition.
    JoinOn,
    /// WHERE.
    Where,
    /// GROUP BY dimensions and window arguments.
    GroupBy,
    /// `FILTER (WHERE ...)` of the window.
    WindowFilter,
    /// `OVER (WHEN ...)` trigger of the window.
    WindowTrigger,
    /// HAVING.
    Having,
    /// ORDER BY.
    OrderBy,
}

/// A stream or table read by the SELECT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// Stream or table name (topic-like names kept whole).
    pub name: String,
    /// Byte range of the name.
    pub name_span: Range<usize>,
    /// `AS alias`, if any.
    pub alias: Option<String>,
    /// Byte range of the alias.
    pub alias_span: Option<Range<usize>>,
}

/// Join kinds eKuiper supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// `[INNER] JOIN`
    Inner,
    /// `LEFT JOIN`
    Left,
    /// `RIGHT JOIN`
    Right,
    /// `FULL JOIN`
    Full,
    /// `CROSS JOIN`
    Cross,
}

/// One JOIN of the SELECT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinInfo {
    /// Join kind.
    pub kind: JoinKind,
    /// Index into `SelectInfo::sources`.
    pub source: usize,
    /// Byte range of the ON condition.
    pub on_span: Option<Range<usize>>,
}

/// A function call found anywhere in the SELECT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionCall {
    /// Lower-cased name.
    pub name: String,
    /// Byte range of the name.
    pub name_span: Range<usize>,
    /// Byte range of the call through its `)`.
    pub span: Range<usize>,
    /// Number of arguments (`*` counts as one).
    pub arg_count: usize,
    /// Where the call sits.
    pub clause: Clause,
    /// Followed by `OVER (...)`.
    pub has_over: bool,
}

/// A field reference (`a`, `s.a`, `a->b`, `a[0]` all give the root `a`; the rest is `path`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// Stream/table name or alias before `.`, when it names a source.
    pub qualifier: Option<String>,
    /// Root field name.
    pub name: String,
    /// Byte range of the reference.
    pub span: Range<usize>,
    /// Where the reference sits.
    pub clause: Clause,
    /// Member accesses and subscripts after the root (`a->b[0].c` = b, index, c).
    pub path: Vec<PathStep>,
}

/// One step of a nested field access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// `->name` or `.name`
    Member {
        /// Member name.
        name: String,
        /// Byte range of the name.
        span: Range<usize>,
    },
    /// `[i]` or `[a:b]`
    Index,
}

/// A select field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectField {
    /// `AS alias`, if any.
    pub alias: Option<String>,
    /// Byte range of the field (alias included).
    pub span: Range<usize>,
    /// `*`, `s.*` (with or without EXCEPT/REPLACE).
    pub is_wildcard: bool,
}

/// The window kinds of eKuiper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowKind {
    /// `TUMBLINGWINDOW(unit, size)`
    Tumbling,
    /// `HOPPINGWINDOW(unit, size, interval)`
    Hopping,
    /// `SLIDINGWINDOW(unit, size[, delay])`
    Sliding,
    /// `SESSIONWINDOW(unit, max duration, timeout)`
    Session,
    /// `COUNTWINDOW(count[, interval])`
    Count,
    /// `STATEWINDOW(cond)` / `STATEWINDOW(begin, emit)`
    State,
}

/// Time units of windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// `dd`
    Day,
    /// `hh`
    Hour,
    /// `mi`
    Minute,
    /// `ss`
    Second,
    /// `ms`
    Millisecond,
}

impl TimeUnit {
    /// Length of one unit in milliseconds.
    pub fn millis(self) -> u64 {
        match self {
            TimeUnit::Day => 86_400_000,
            TimeUnit::Hour => 3_600_000,
            TimeUnit::Minute => 60_000,
            TimeUnit::Second => 1_000,
            TimeUnit::Millisecond => 1,
        }
    }
}

/// The GROUP BY window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowInfo {
    /// Window kind.
    pub kind: WindowKind,
    /// Byte range of the window call.
    pub span: Range<usize>,
    /// Time unit (time windows).
    pub unit: Option<TimeUnit>,
    /// Integer arguments (sizes, intervals, counts) in order, where they are literals.
    pub sizes: Vec<i64>,
    /// Byte range of the `FILTER (WHERE ...)` condition.
    pub filter_span: Option<Range<usize>>,
    /// Byte range of the `OVER (WHEN ...)` trigger.
    pub trigger_span: Option<Range<usize>>,
}

/// What later cross-reference lints need to know about a SELECT.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SelectInfo {
    /// The whole statement.
    pub span: Range<usize>,
    /// FROM source first, then one per JOIN.
    pub sources: Vec<SourceRef>,
    /// One per JOIN.
    pub joins: Vec<JoinInfo>,
    /// Select fields.
    pub fields: Vec<SelectField>,
    /// Every function call (windows excluded).
    pub functions: Vec<FunctionCall>,
    /// Every field reference (alias references excluded).
    pub field_refs: Vec<FieldRef>,
    /// The GROUP BY window.
    pub window: Option<WindowInfo>,
    /// GROUP BY expressions other than the window.
    pub dimensions: Vec<Range<usize>>,
    /// Byte range of the HAVING condition.
    pub having: Option<Range<usize>>,
    /// Byte ranges of the ORDER BY expressions.
    pub order_by: Vec<Range<usize>>,
    /// LIMIT value.
    pub limit: Option<u64>,
    /// Uses an aggregate function, a window or GROUP BY.
    pub is_aggregate: bool,
}
