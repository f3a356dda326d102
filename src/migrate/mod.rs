//! `kuiperlint migrate`: rewrite a bundle for another eKuiper version, safely.
//!
//! Each rewrite is a [`Migration`] (one per file under `migrate/rules/`, listed in
//! [`MIGRATIONS`]): a stable code `M0xx`, the versions it concerns, and whether it is mechanical
//! ([`Kind::Auto`]: applied) or needs a person ([`Kind::Warn`]: reported with its exact location,
//! left as it is). An Auto migration still only *warns* where it cannot decide safely (the
//! source version is uncertain, a name is ambiguous, ...).
//!
//! Rewrites are **edits of byte spans of the original text**: untouched entries keep their bytes,
//! key order and formatting. A change inside a JSON-encoded string (a rule, a config) is computed
//! on the decoded text, mapped back to the file with the entry's [`SourceMap`], and its new text
//! is escaped once per level of encoding. Edits never overlap and are applied back to front.

mod context;
mod durations;
pub use context::{json_string, Cx, JsonEntry, Layer, Props};
pub use durations::{duration_value, go_duration_ms, DurationValue};
pub mod format;
pub mod guess;
mod migrations;
pub mod output;
pub mod summary;

use std::fmt;

use crate::bundle::json::{self, Member, Node, Value};
use crate::bundle::{decode_bytes, Bundle, Decoded, Entry, FileKind, SectionKind, SourceFile};
use crate::ekuiper::version::{crossing, Crossing, Version, VersionRange};
use crate::source::edit::{apply, line_edits, Edit};
use crate::source::source_map::SourceMap;
use crate::source::span::Span;
pub use format::Format;

// ---------------------------------------------------------------------------------------------
// Migrations as data
// ---------------------------------------------------------------------------------------------

/// What a migration does with what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Mechanical: applied (and reported). May still warn where it cannot decide.
    Auto,
    /// Needs a person: reported with its location, the bundle is left as it is.
    Warn,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Auto => "auto",
            Kind::Warn => "warn",
        }
    }
}

/// One named rewrite between eKuiper versions or formats.
pub struct Migration {
    /// Stable code, `M001`…; a retired code is never reused.
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// One line for listings.
    pub summary: &'static str,
    /// The versions it concerns.
    pub applies: Applies,
    pub kind: Kind,
    /// The raw doc comment (`///` lines).
    pub doc_comment: &'static str,
    /// The edit pass; None for the format conversions, which run around the edit passes
    /// ([`format`]).
    pub run: Option<fn(&mut Cx<'_>)>,
}

impl Migration {
    /// The documentation `explain` prints: the doc comment without its `///` indentation.
    pub fn doc(&self) -> String {
        crate::lints::doc_text(self.doc_comment)
    }
}

impl fmt::Debug for Migration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Which versions a migration concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    /// Any source to any target: a shape no version accepts, or a format of its own.
    Always,
    /// From releases before this one to releases from it on: the first release with the new
    /// behaviour. The migration's code decides with the same value ([`Cx::crossing`]).
    Crossing(Version),
    /// A JSON bundle written as the 2.x YAML export.
    JsonToYaml,
    /// A 2.x YAML export written as a JSON bundle.
    YamlToJson,
}

impl Applies {
    /// The source versions, as `explain` shows them: `1.x`, `≤1.10`, `≤2.0.0`, `any (JSON)`.
    pub fn from_text(self) -> String {
        match self {
            Applies::Always => "any".into(),
            Applies::Crossing(at) if at.patch > 0 => {
                format!("≤{}", Version::release(at.major, at.minor, at.patch - 1))
            }
            Applies::Crossing(at) if at.minor == 0 => format!("{}.x", at.major - 1),
            Applies::Crossing(at) => format!("≤{}", Version::new(at.major, at.minor - 1).line()),
            Applies::JsonToYaml => "any (JSON)".into(),
            Applies::YamlToJson => format!("≥{} (YAML)", YAML_SINCE.line()),
        }
    }

    /// The target versions, as `explain` shows them: `≥2.0`, `≥2.0.1`, `any (JSON)`.
    pub fn to_text(self) -> String {
        match self {
            Applies::Always => "any".into(),
            Applies::Crossing(at) if at.patch > 0 => format!("≥{at}"),
            Applies::Crossing(at) => format!("≥{}", at.line()),
            Applies::JsonToYaml => format!("≥{} (YAML)", YAML_SINCE.line()),
            Applies::YamlToJson => "any (JSON)".into(),
        }
    }
}

/// The first release with the YAML export (`GET /v2/data/export`).
pub const YAML_SINCE: Version = Version::new(2, 0);

/// Declares a migration: the `///` comment above becomes its documentation.
macro_rules! declare_migration {
    (@run) => { None };
    (@run $run:path) => { Some($run) };
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            applies: $applies:expr,
            kind: $kind:ident,
            summary: $summary:literal
            $(, run: $run:path)? $(,)?
        };
    ) => {
        $vis static $ident: $crate::migrate::Migration = $crate::migrate::Migration {
            code: $code,
            name: $name,
            summary: $summary,
            applies: $applies,
            kind: $crate::migrate::Kind::$kind,
            doc_comment: concat!($($doc, "\n"),*),
            run: declare_migration!(@run $($run)?),
        };
    };
}
pub(crate) use declare_migration;

/// Every migration, in code order (also the order they run in).
pub static MIGRATIONS: &[&Migration] = &[
    &migrations::add_uploads::MIGRATION,
    &migrations::add_scripts::MIGRATION,
    &migrations::ruleset_to_bundle::MIGRATION,
    &migrations::sql_dburl::MIGRATION,
    &migrations::sasl_password::MIGRATION,
    &migrations::influx2_token::MIGRATION,
    &migrations::config_durations::MIGRATION,
    &migrations::option_durations::MIGRATION,
    &migrations::restart_durations::MIGRATION,
    &migrations::restart_ignored::MIGRATION,
    &migrations::send_error_default::MIGRATION,
    &migrations::rule_id::MIGRATION,
    &migrations::connection_selector::MIGRATION,
    &migrations::yaml_to_json::MIGRATION,
    &migrations::json_to_yaml::MIGRATION,
    &migrations::removed_sinks::MIGRATION,
    &migrations::plugin_builds::MIGRATION,
];

/// Finds a migration by code (case-insensitive) or name.
pub fn find(code_or_name: &str) -> Option<&'static Migration> {
    MIGRATIONS
        .iter()
        .copied()
        .find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name)
}

// ---------------------------------------------------------------------------------------------
// What a run produces
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The rewrite is in the output.
    Applied,
    /// Reported only; the text is as it was.
    Warned,
}

/// One reported item: a rewrite or a warning.
#[derive(Clone, Debug)]
pub struct Change {
    pub migration: &'static Migration,
    pub action: Action,
    /// Where, in the input file.
    pub span: Span,
    pub message: String,
}

/// The migration of one file.
#[derive(Debug)]
pub struct Migrated {
    /// The input (for line/column of changes).
    pub source: SourceFile,
    /// The migrated text (equal to the input when nothing was applied).
    pub output: String,
    /// Applied edits, in file order, non-overlapping (spans in the input).
    pub edits: Vec<Edit>,
    /// Sorted by position.
    pub changes: Vec<Change>,
    pub from: VersionRange,
    /// When `--from` was not given: why this range was guessed.
    pub from_guess: Option<guess::Guess>,
    pub to: VersionRange,
}

impl Migrated {
    /// Records what a format conversion could not carry over.
    fn note(&mut self, migration: &'static Migration, span: Span, note: format::Note) {
        self.changes.push(Change {
            migration,
            action: note.action,
            span,
            message: note.message,
        });
    }

    /// Replaces the output by `text`, a conversion of it to another format.
    fn convert_to(&mut self, text: String, migration: &'static Migration, message: &str) {
        self.changes.insert(
            0,
            Change {
                migration,
                action: Action::Applied,
                span: Span::empty(0),
                message: message.to_string(),
            },
        );
        self.output = text;
        self.edits = line_edits(&self.source.text, &self.output);
    }

    pub fn changed(&self) -> bool {
        self.output != self.source.text
    }

    pub fn applied(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.action == Action::Applied)
            .count()
    }

    pub fn warned(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.action == Action::Warned)
            .count()
    }
}

/// Why a file cannot be migrated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrateError {
    pub name: String,
    pub message: String,
    /// The file is readable but is not a bundle (a rule file, an `etc/` config, ...): a
    /// directory walk skips it rather than failing.
    pub not_a_bundle: bool,
}

impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

#[derive(Clone, Copy, Debug)]
pub struct MigrateOptions {
    /// The version the bundle was written for; None = guess it ([`guess`]).
    pub from: Option<VersionRange>,
    pub to: VersionRange,
    /// The format to write; None = the input's own.
    pub output_format: Option<Format>,
}

/// Migrates the bytes of one file.
pub fn migrate_bytes(
    name: &str,
    bytes: Vec<u8>,
    options: &MigrateOptions,
) -> Result<Migrated, MigrateError> {
    match decode_bytes(bytes) {
        Decoded::Text(text) => migrate_text(name, text, options),
        Decoded::NotText { message, .. } => Err(MigrateError {
            name: name.to_string(),
            message,
            not_a_bundle: false,
        }),
    }
}

/// Migrates one bundle text, JSON or YAML. Refuses (rather than guesses at) a file that does not
/// parse or is not a bundle: `kuiperlint check` explains those.
pub fn migrate_text(
    name: &str,
    text: String,
    options: &MigrateOptions,
) -> Result<Migrated, MigrateError> {
    let input_format = Format::of(name, &text);
    let output_format = options.output_format.unwrap_or(input_format);
    if output_format == Format::Yaml && !options.to.all_at_least(YAML_SINCE) {
        return Err(MigrateError {
            name: name.to_string(),
            not_a_bundle: false,
            message: format!(
                "eKuiper {} has no YAML bundle format (it came with 2.0); write JSON (--output-format json)",
                options.to
            ),
        });
    }
    let source = SourceFile::new(name, text);
    let options = &MigrateOptions {
        output_format: Some(output_format),
        ..*options
    };
    let mut outcome = match input_format {
        Format::Json => migrate_json(source, options, None)?,
        Format::Yaml => migrate_yaml(source, options)?,
    };
    if input_format == Format::Json && output_format == Format::Yaml {
        let (yaml, notes) = {
            let doc = json::parse(&outcome.output);
            let bundle = Bundle::new(&doc.values[0]);
            let depth = format::bundle_depth(&bundle);
            if depth > format::MAX_DEPTH {
                return Err(MigrateError {
                    name: name.to_string(),
                    not_a_bundle: false,
                    message: too_deep(depth),
                });
            }
            if let Some(problem) = format::unconvertible(&bundle) {
                return Err(MigrateError {
                    name: name.to_string(),
                    not_a_bundle: false,
                    message: format!("cannot write YAML: {problem}"),
                });
            }
            let converted = format::json_to_yaml(&bundle);
            (converted.text, converted.notes)
        };
        for n in notes {
            let span = Span::empty(input_offset(&outcome.edits, n.span.start));
            outcome.note(&migrations::json_to_yaml::MIGRATION, span, n);
        }
        outcome.convert_to(
            yaml,
            &migrations::json_to_yaml::MIGRATION,
            "converted to the 2.x YAML bundle format",
        );
    }
    Ok(outcome)
}

/// Why a bundle too deep for the JSON ⇄ YAML conversion is refused.
fn too_deep(depth: usize) -> String {
    format!(
        "nested {depth} levels deep; kuiperlint converts between JSON and YAML up to {} levels, and nothing was migrated",
        format::MAX_DEPTH
    )
}

/// Migrates a YAML bundle: converted to JSON (M014), migrated there, and written back as YAML
/// (M015) unless JSON was asked for. Changes are reported at the YAML entry they concern.
fn migrate_yaml(source: SourceFile, options: &MigrateOptions) -> Result<Migrated, MigrateError> {
    let fail = |message: String| MigrateError {
        name: source.name.clone(),
        message,
        not_a_bundle: false,
    };
    let doc = crate::bundle::yaml::parse(&source.text);
    if let Some(issue) = doc.issues.first() {
        let p = source.position(issue.span.start);
        return Err(fail(format!(
            "not valid YAML ({}:{}: {}); nothing was migrated — `kuiperlint check` lists every problem",
            p.line, p.column, issue.message
        )));
    }
    let root = match doc.values.as_slice() {
        [root] if root.as_object().is_some() => root,
        _ => {
            return Err(fail(
                "not a bundle: the YAML file holds no mapping of sections".into(),
            ))
        }
    };
    // An etc/ config file or any other YAML would convert to an empty bundle: refuse it whole.
    let sections = root.as_object().unwrap_or_default();
    let any_section = sections
        .iter()
        .any(|m| SectionKind::from_key(&m.key.value).is_some());
    if !sections.is_empty() && !any_section {
        return Err(MigrateError {
            not_a_bundle: true,
            ..fail(format!(
                "not a bundle ({}): none of the YAML file's top-level keys is a bundle section; left as it is",
                FileKind::detect_as(FileKind::YamlBundle, &source.name, &doc).name()
            ))
        });
    }
    let depth = format::depth(root);
    if depth > format::MAX_DEPTH {
        return Err(fail(too_deep(depth)));
    }
    let converted = format::yaml_to_json(&source.text, root);
    let json_source = SourceFile::new(source.name.clone(), converted.text);
    let inner = migrate_json(json_source, options, Some(YAML_SINCE))?;
    let to_input = |span: Span| converted.origins.to_input(span.start);
    let mut outcome = Migrated {
        edits: Vec::new(),
        changes: Vec::new(),
        output: String::new(),
        from: inner.from,
        from_guess: inner.from_guess.clone().map(|mut g| {
            for s in &mut g.used {
                s.span = to_input(s.span);
            }
            g
        }),
        to: inner.to,
        source,
    };
    for n in converted.notes.iter().cloned() {
        outcome.note(&migrations::yaml_to_json::MIGRATION, n.span, n);
    }
    for c in &inner.changes {
        outcome.changes.push(Change {
            span: to_input(c.span),
            ..c.clone()
        });
    }
    let as_json = options.output_format == Some(Format::Json);
    if as_json {
        outcome.convert_to(
            inner.output,
            &migrations::yaml_to_json::MIGRATION,
            "converted to a JSON data bundle",
        );
    } else if inner.edits.is_empty() && converted.notes.is_empty() {
        // Nothing to change: the file keeps its bytes (and its comments).
        outcome.output = outcome.source.text.clone();
    } else {
        let doc = json::parse(&inner.output);
        let bundle = Bundle::new(&doc.values[0]);
        // The JSON in an entry's string becomes YAML structure: its depth counts too.
        let depth = format::bundle_depth(&bundle);
        if depth > format::MAX_DEPTH {
            return Err(MigrateError {
                name: outcome.source.name.clone(),
                not_a_bundle: false,
                message: too_deep(depth),
            });
        }
        let back = format::json_to_yaml(&bundle);
        for n in back.notes {
            let at = input_offset(&inner.edits, n.span.start);
            outcome.note(
                &migrations::json_to_yaml::MIGRATION,
                to_input(Span::empty(at)),
                n,
            );
        }
        if let Some(first) = format::first_comment(&outcome.source.text, root) {
            outcome.changes.push(Change {
                migration: &migrations::json_to_yaml::MIGRATION,
                action: Action::Warned,
                span: first,
                message: "the YAML file is written anew and its comments are not kept; copy back the ones that matter".into(),
            });
        }
        let text = back.text;
        outcome.output = text;
        outcome.edits = line_edits(&outcome.source.text, &outcome.output);
    }
    outcome
        .changes
        .sort_by_key(|c| (c.span.start, c.span.end, c.migration.code));
    Ok(outcome)
}

/// For a document whose single value is a non-empty object: whether any key names a section.
fn root_sections(doc: &json::Document) -> Option<bool> {
    match doc.values.as_slice() {
        [root] => {
            let members = root.as_object().filter(|m| !m.is_empty())?;
            Some(
                members
                    .iter()
                    .any(|m| SectionKind::from_key(&m.key.value).is_some()),
            )
        }
        _ => None,
    }
}

/// The offset in the input of an offset in the text that `edits` produced from it.
fn input_offset(edits: &[Edit], output: usize) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        let out_start = (e.span.start as isize + shift) as usize;
        if output < out_start {
            break;
        }
        if output < out_start + e.text.len() {
            return e.span.start;
        }
        shift += e.text.len() as isize - e.span.len() as isize;
    }
    (output as isize - shift).max(0) as usize
}

/// Migrates a JSON bundle. `at_least` narrows a guessed source version (a YAML bundle is 2.x).
fn migrate_json(
    source: SourceFile,
    options: &MigrateOptions,
    at_least: Option<Version>,
) -> Result<Migrated, MigrateError> {
    let name = source.name.clone();
    let fail = |message: String| MigrateError {
        name: name.clone(),
        message,
        not_a_bundle: false,
    };
    let doc = json::parse(&source.text);
    if let Some(issue) = doc.issues.first() {
        let p = source.position(issue.span.start);
        return Err(fail(format!(
            "not valid JSON ({}:{}: {}); nothing was migrated — `kuiperlint check` lists every problem",
            p.line, p.column, issue.message
        )));
    }
    // A rule file, a list of rules or plugin metadata would be "migrated" into a bundle.
    let kind = FileKind::detect_as(FileKind::Bundle, &source.name, &doc);
    let named_sections = root_sections(&doc);
    if kind != FileKind::Bundle || named_sections == Some(false) {
        return Err(MigrateError {
            not_a_bundle: true,
            ..fail(format!(
                "not a bundle ({}): none of its top-level keys is a bundle section; left as it is",
                kind.name()
            ))
        });
    }
    let root = match doc.values.as_slice() {
        [root] if root.as_object().is_some() => root,
        // Not an object at all (an array of test data, a number): not a bundle either, so a
        // folder's walk passes it by like a rule file.
        [root] => {
            return Err(MigrateError {
                not_a_bundle: true,
                ..fail(format!(
                    "not a bundle: the file holds {}, not an object of sections",
                    root.type_name()
                ))
            })
        }
        _ => {
            return Err(fail(
                "not a bundle: the file holds no single JSON value".into(),
            ))
        }
    };
    let bundle = Bundle::new(root);
    let (from, from_guess) = match options.from {
        Some(f) => (f, None),
        None => {
            let mut g = guess::guess(&bundle, options.to);
            if let Some(lo) = at_least {
                let floor = VersionRange {
                    lo,
                    hi: VersionRange::all().hi,
                };
                g.range = g.range.intersect(&floor).unwrap_or(floor);
            }
            (g.range, Some(g))
        }
    };
    let mut cx = Cx {
        text: &source.text,
        bundle: &bundle,
        from,
        to: options.to,
        writes_yaml: options.output_format == Some(Format::Yaml),
        migration: MIGRATIONS[0],
        changes: Vec::new(),
        edits: Vec::new(),
        new_sections: Vec::new(),
    };
    for m in MIGRATIONS {
        if let Some(run) = m.run {
            cx.migration = m;
            run(&mut cx);
        }
    }
    let Cx {
        mut changes,
        mut edits,
        new_sections,
        ..
    } = cx;
    if !new_sections.is_empty() {
        let members: Vec<(String, String)> = new_sections
            .iter()
            .map(|k| (k.key().to_string(), "{}".to_string()))
            .collect();
        let layer = Layer::file(&source.text);
        edits.push((usize::MAX, layer.append_members(root, root, &members)));
    }
    let edits = settle(&mut changes, edits);
    let output = apply(&source.text, &edits);
    changes.sort_by_key(|c| (c.span.start, c.span.end, c.migration.code));
    Ok(Migrated {
        source,
        output,
        edits,
        changes,
        from,
        from_guess,
        to: options.to,
    })
}

/// Sorts edits and drops any that would overlap an earlier one (turning its change into a
/// warning: a rewrite is never half-applied).
fn settle(changes: &mut [Change], mut edits: Vec<(usize, Edit)>) -> Vec<Edit> {
    edits.sort_by_key(|(i, e)| (e.span.start, e.span.end, *i));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for (i, e) in edits {
        let clash = kept.last().is_some_and(|prev: &Edit| {
            prev.span.end > e.span.start
                || (prev.span == e.span && !e.span.is_empty())
                || (prev.span.is_empty() && e.span.is_empty() && prev.span.start == e.span.start)
        });
        if clash {
            if let Some(c) = changes.get_mut(i) {
                c.action = Action::Warned;
                c.message
                    .push_str(" (not applied: it overlaps another change; run migrate again)");
            }
            continue;
        }
        kept.push(e);
    }
    kept
}

#[cfg(test)]
mod tests;
