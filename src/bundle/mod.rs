//! Loading a bundle file: the outer JSON with spans, the sections eKuiper knows, and every string
//! that holds JSON or SQL decoded with a map back to the file.

pub mod json;
pub mod kind;
pub mod yaml;

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::ekuiper::version::Version;
use crate::source::source_map::SourceMap;
use crate::source::span::{LineIndex, Position, Span};
use json::{Document, Member, Node, Value};
pub use kind::FileKind;
use kind::ViewSection;

/// A file's text, its display name and its line index.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Built on first use, or beside the parse ([`LoadedFile::parse_as`]).
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: String) -> Self {
        SourceFile {
            name: name.into(),
            text,
            lines: OnceLock::new(),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.text, offset)
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }
}

/// What a section's member values hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload {
    /// A `CREATE STREAM` / `CREATE TABLE` statement.
    Sql,
    /// A JSON document encoded as a string.
    Json,
}

/// The sections of a data bundle, as eKuiper's `Configuration` struct declares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Streams,
    Tables,
    Rules,
    NativePlugins,
    PortablePlugins,
    SourceConfig,
    SinkConfig,
    ConnectionConfig,
    Service,
    Schema,
    Uploads,
    Scripts,
}

impl SectionKind {
    pub const ALL: [SectionKind; 12] = [
        SectionKind::Streams,
        SectionKind::Tables,
        SectionKind::Rules,
        SectionKind::NativePlugins,
        SectionKind::PortablePlugins,
        SectionKind::SourceConfig,
        SectionKind::SinkConfig,
        SectionKind::ConnectionConfig,
        SectionKind::Service,
        SectionKind::Schema,
        SectionKind::Uploads,
        SectionKind::Scripts,
    ];

    /// The key exactly as eKuiper exports it.
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Streams => "streams",
            SectionKind::Tables => "tables",
            SectionKind::Rules => "rules",
            SectionKind::NativePlugins => "nativePlugins",
            SectionKind::PortablePlugins => "portablePlugins",
            SectionKind::SourceConfig => "sourceConfig",
            SectionKind::SinkConfig => "sinkConfig",
            SectionKind::ConnectionConfig => "connectionConfig",
            SectionKind::Service => "Service",
            SectionKind::Schema => "Schema",
            SectionKind::Uploads => "uploads",
            SectionKind::Scripts => "scripts",
        }
    }

    /// The key in the 2.x YAML format, whose decoder matches keys exactly: lower-case for these
    /// two.
    pub fn yaml_key(self) -> &'static str {
        match self {
            SectionKind::Service => "service",
            SectionKind::Schema => "schema",
            k => k.key(),
        }
    }

    /// The section for a top-level key. Go's `encoding/json` matches struct fields
    /// case-insensitively, so `service` or `STREAMS` land in the same section.
    pub fn from_key(key: &str) -> Option<SectionKind> {
        SectionKind::ALL
            .into_iter()
            .find(|k| k.key().eq_ignore_ascii_case(key))
    }

    pub fn payload(self) -> Payload {
        match self {
            SectionKind::Streams | SectionKind::Tables => Payload::Sql,
            _ => Payload::Json,
        }
    }

    /// The first release line whose importer reads this section.
    pub fn since(self) -> Version {
        match self {
            SectionKind::Uploads => crate::ekuiper::sections::UPLOADS,
            SectionKind::Scripts => crate::ekuiper::sections::SCRIPTS,
            _ => crate::ekuiper::sections::BUNDLE,
        }
    }

    /// Whether each member of the decoded JSON is itself an object of properties
    /// (`{confKey: {props}}`), as in the three config sections.
    pub fn is_config(self) -> bool {
        matches!(
            self,
            SectionKind::SourceConfig | SectionKind::SinkConfig | SectionKind::ConnectionConfig
        )
    }

    /// What one entry of this section is called in messages.
    pub fn entry_noun(self) -> &'static str {
        match self {
            SectionKind::Streams => "stream",
            SectionKind::Tables => "table",
            SectionKind::Rules => "rule",
            SectionKind::NativePlugins => "native plugin",
            SectionKind::PortablePlugins => "portable plugin",
            SectionKind::SourceConfig => "source config",
            SectionKind::SinkConfig => "sink config",
            SectionKind::ConnectionConfig => "connection config",
            SectionKind::Service => "service",
            SectionKind::Schema => "schema",
            SectionKind::Uploads => "upload",
            SectionKind::Scripts => "script",
        }
    }
}

/// A string value together with where its bytes came from.
#[derive(Debug)]
pub struct Embedded<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// Maps spans of `text` to the outer file.
    pub map: SourceMap<'a>,
}

impl<'a> Embedded<'a> {
    /// The string `node` (a string literal inside `self.text`), decoded one level further.
    pub fn nested(&self, node: &'a Node) -> Option<Embedded<'a>> {
        let Value::String(s) = &node.value else {
            return None;
        };
        Some(Embedded {
            text: &s.value,
            map: self.map.nested(s.escape_map(node.span)),
        })
    }
}

/// One member of a section: a stream, a rule, a config type, ...
#[derive(Debug)]
pub struct Entry<'a> {
    pub section: SectionKind,
    pub member: &'a Member,
    /// The decoded string value; None when the value is not a string.
    pub embedded: Option<Embedded<'a>>,
    /// For JSON sections: the decoded string parsed as JSON.
    pub json: Option<Document>,
    /// For a structured entry (YAML, a rule file, an `etc/` config): its value in the file,
    /// which [`Entry::json_value`] gives; `embedded` is then the file's text itself.
    structured: Option<&'a Node>,
    /// A rule of an outline ([`LoadedFile::outline`]): its value is left for a window of rules
    /// ([`rules_window`]) to decode, so it has no JSON value here.
    held: bool,
}

impl Entry<'_> {
    pub fn name(&self) -> &str {
        &self.member.key.value
    }

    /// Whether the name comes from the file's name rather than its text: the type of an `etc/`
    /// config file (`mqtt` of `sources/mqtt.yaml`), the id of a rule file without `id`.
    pub fn name_from_file(&self) -> bool {
        self.structured.is_some() && self.member.key_span.is_empty()
    }

    /// JSON pointer of this entry in the bundle, e.g. `/rules/rule1`.
    pub fn pointer(&self) -> String {
        // One allocation: the graph and the secret scan ask for a pointer per entry.
        let (section, name) = (self.section.key(), self.name());
        let mut p = String::with_capacity(section.len() + name.len() + 2);
        for token in [section, name] {
            p.push('/');
            push_escaped_token(&mut p, token);
        }
        p
    }

    /// Whether the value is written as a structure in the file rather than as JSON encoded in a
    /// string (a YAML bundle, a rule file, an `etc/` config file).
    pub fn is_structured(&self) -> bool {
        self.structured.is_some()
    }

    /// Whether the value was decoded: every entry but the rules of an outline.
    pub fn is_decoded(&self) -> bool {
        !self.held
    }

    /// The decoded JSON value, when it parsed to exactly one value.
    pub fn json_value(&self) -> Option<&Node> {
        if self.held {
            return None;
        }
        if let Some(node) = self.structured {
            return Some(node);
        }
        match self.json.as_ref()?.values.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// A top-level member of the bundle.
#[derive(Debug)]
pub struct Section<'a> {
    pub member: &'a Member,
    /// None for keys eKuiper does not know.
    pub kind: Option<SectionKind>,
    pub entries: Vec<Entry<'a>>,
}

/// One top-level JSON value read as a data bundle.
#[derive(Debug)]
pub struct Bundle<'a> {
    pub root: &'a Node,
    /// Every top-level member in file order (unknown and duplicate keys included). Empty when the
    /// root is not an object.
    pub sections: Vec<Section<'a>>,
}

impl<'a> Bundle<'a> {
    /// Reads `root` as a bundle, decoding every string entry (and parsing JSON payloads).
    pub fn new(root: &'a Node) -> Self {
        Bundle::read(root, false)
    }

    /// Like [`Bundle::new`]; with `hold_rules`, rules are left undecoded (an outline).
    fn read(root: &'a Node, hold_rules: bool) -> Self {
        let sections = root
            .as_object()
            .unwrap_or_default()
            .iter()
            .map(|member| {
                let kind = SectionKind::from_key(&member.key.value);
                let entries = match (kind, member.value.as_object()) {
                    // Decoding and parsing entries is most of loading a bundle, and entries are
                    // independent: on the worker pool (`--jobs`), in order.
                    (Some(kind), Some(members)) => {
                        if hold_rules && kind == SectionKind::Rules {
                            members.iter().map(|m| Entry::held(kind, m)).collect()
                        } else {
                            members.par_iter().map(|m| Entry::new(kind, m)).collect()
                        }
                    }
                    _ => Vec::new(),
                };
                Section {
                    member,
                    kind,
                    entries,
                }
            })
            .collect();
        Bundle { root, sections }
    }

    /// The sections a structured file stands for ([`kind::view`]), over its `root`; with
    /// `hold_rules`, rules are left for windows (an outline).
    fn structured(
        root: &'a Node,
        view: &'a [ViewSection],
        text: &'a str,
        hold_rules: bool,
    ) -> Self {
        let sections = view
            .iter()
            .map(|v| Section {
                member: &v.member,
                kind: v.kind,
                entries: match v.kind {
                    Some(kind) => v
                        .entries
                        .iter()
                        .map(|m| {
                            let mut entry = Entry::structured(kind, m, text);
                            entry.held = hold_rules && kind == SectionKind::Rules;
                            entry
                        })
                        .collect(),
                    None => Vec::new(),
                },
            })
            .collect();
        Bundle { root, sections }
    }

    /// All entries of all known sections, in file order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry<'a>> {
        self.sections.iter().flat_map(|s| s.entries.iter())
    }

    /// Entries of one section (of every member that names it, if it appears twice).
    pub fn section_entries(&self, kind: SectionKind) -> impl Iterator<Item = &Entry<'a>> {
        self.sections
            .iter()
            .filter(move |s| s.kind == Some(kind))
            .flat_map(|s| s.entries.iter())
    }
}

/// The strings of a window of rules that the parser held ([`json::parse_holding_rules`]),
/// decoded: what the window's entries borrow.
pub struct HeldStrings(Vec<Option<json::JsonString>>);

impl HeldStrings {
    /// Decodes the held rule strings among the rules `range` of `outline` (of `text`).
    pub fn of(outline: &[Bundle], range: Range<usize>, text: &str) -> Self {
        let members: Vec<&Member> = window_rules(outline, range)
            .map(|entry| entry.member)
            .collect();
        HeldStrings(
            members
                .par_iter()
                .map(|m| match &m.value.value {
                    Value::String(s) if s.is_held() => {
                        Some(json::decode_string(text, m.value.span))
                    }
                    _ => None,
                })
                .collect(),
        )
    }
}

/// The rules `range` of an outline, numbered across its bundles and rules sections.
fn window_rules<'o, 'a>(
    outline: &'o [Bundle<'a>],
    range: Range<usize>,
) -> impl Iterator<Item = &'o Entry<'a>> {
    outline
        .iter()
        .flat_map(|b| b.section_entries(SectionKind::Rules))
        .skip(range.start)
        .take(range.len())
}

/// The number of the rule of `outline` (as [`rules_window`] counts them) whose value holds the
/// byte `offset` of the file: the one rule an editor's cursor asks to decode.
pub fn rule_at(outline: &[Bundle], offset: usize) -> Option<usize> {
    outline
        .iter()
        .flat_map(|b| b.section_entries(SectionKind::Rules))
        .position(|e| e.member.value.span.start <= offset && offset <= e.member.value.span.end)
}

/// The rules `range` of an outline, decoded (their held strings from `held`, the
/// [`HeldStrings::of`] this range): a bundle per bundle of the outline, with its root and only
/// its rules sections, holding the rules of the range.
pub fn rules_window<'w>(
    outline: &'w [Bundle<'w>],
    range: Range<usize>,
    held: &'w HeldStrings,
) -> Vec<Bundle<'w>> {
    let mut n = 0;
    let mut held = held.0.iter();
    outline
        .iter()
        .map(|bundle| {
            let sections = bundle
                .sections
                .iter()
                .filter(|s| s.kind == Some(SectionKind::Rules))
                .map(|s| {
                    let lo = range.start.saturating_sub(n).min(s.entries.len());
                    let hi = range.end.saturating_sub(n).min(s.entries.len());
                    n += s.entries.len();
                    let strings: Vec<_> = held.by_ref().take(hi - lo).collect();
                    Section {
                        member: s.member,
                        kind: s.kind,
                        entries: s.entries[lo..hi]
                            .par_iter()
                            .zip(strings)
                            .map(|(e, string)| e.unheld(string.as_ref()))
                            .collect(),
                    }
                })
                .collect();
            Bundle {
                root: bundle.root,
                sections,
            }
        })
        .collect()
}

impl<'a> Entry<'a> {
    /// An entry whose value is left undecoded, for a window to decode.
    fn held(section: SectionKind, member: &'a Member) -> Self {
        Entry {
            section,
            member,
            embedded: None,
            json: None,
            structured: None,
            held: true,
        }
    }

    /// This entry decoded (a held one), or a copy of it; `held` is its string when the parser
    /// held it.
    fn unheld(&self, held: Option<&'a json::JsonString>) -> Self {
        match self.structured {
            Some(_) => Entry {
                section: self.section,
                member: self.member,
                embedded: self.embedded.as_ref().map(|e| Embedded {
                    text: e.text,
                    map: e.map.clone(),
                }),
                json: None,
                structured: self.structured,
                held: false,
            },
            None => {
                let string = match &self.member.value.value {
                    Value::String(s) => Some(held.unwrap_or(s)),
                    _ => None,
                };
                Entry::with_string(self.section, self.member, string)
            }
        }
    }

    fn new(section: SectionKind, member: &'a Member) -> Self {
        let string = match &member.value.value {
            Value::String(s) => Some(s),
            _ => None,
        };
        Entry::with_string(section, member, string)
    }

    /// An entry whose value is `string` (its member's own, or the decoded one a parser held).
    fn with_string(
        section: SectionKind,
        member: &'a Member,
        string: Option<&'a json::JsonString>,
    ) -> Self {
        let embedded = string.map(|s| Embedded {
            text: &s.value,
            map: SourceMap::file().nested(s.escape_map(member.value.span)),
        });
        let json = match (&embedded, section.payload()) {
            (Some(e), Payload::Json) => Some(json::parse(e.text)),
            _ => None,
        };
        Entry {
            section,
            member,
            embedded,
            json,
            structured: None,
            held: false,
        }
    }

    /// An entry of a structured file (`text`): a JSON payload is the member's value itself; a SQL
    /// payload is the value's `sql` string (YAML bundle streams are `{sql: ...}`). A string value
    /// is read as an encoded one, as in a JSON bundle.
    fn structured(section: SectionKind, member: &'a Member, text: &'a str) -> Self {
        let value = &member.value;
        match (&value.value, section.payload()) {
            (Value::String(_), _) => Entry::new(section, member),
            (_, Payload::Sql) => {
                let sql = value.field("sql").map(|m| &m.value);
                let embedded = sql.and_then(|n| Embedded::from_file(text).nested(n));
                Entry {
                    section,
                    member,
                    embedded,
                    json: None,
                    structured: None,
                    held: false,
                }
            }
            (_, Payload::Json) => Entry {
                section,
                member,
                embedded: Some(Embedded::from_file(text)),
                json: None,
                structured: Some(value),
                held: false,
            },
        }
    }
}

impl<'a> Embedded<'a> {
    /// The file's own text: spans are already file spans.
    fn from_file(text: &'a str) -> Self {
        Embedded {
            text,
            map: SourceMap::file(),
        }
    }
}

/// Escapes a JSON-pointer reference token (RFC 6901).
pub fn escape_pointer(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped_token(&mut out, token);
    out
}

fn push_escaped_token(out: &mut String, token: &str) {
    for (i, part) in token.split('/').enumerate() {
        if i > 0 {
            out.push_str("~1");
        }
        for (j, piece) in part.split('~').enumerate() {
            if j > 0 {
                out.push_str("~0");
            }
            out.push_str(piece);
        }
    }
}

/// The text of a file, or why it is not text.
pub enum Decoded {
    Text(String),
    NotText {
        message: String,
        /// The offending bytes.
        span: Span,
        /// The text before them (for line and column).
        valid_prefix: String,
    },
}

/// Turns raw file bytes into text. eKuiper reads bundles as UTF-8; other encodings are reported
/// with the offset of the first byte that is not UTF-8.
pub fn decode_bytes(bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Decoded::NotText {
            message: "the file is UTF-16 encoded; eKuiper reads bundles as UTF-8".into(),
            span: Span::new(0, 2),
            valid_prefix: String::new(),
        };
    }
    // UTF-16 without a byte-order mark: an ASCII character and a NUL byte, in either order.
    // No text file starts with a NUL byte, so this is never a UTF-8 file.
    if let [a, b, ..] = bytes[..] {
        if (a == 0) != (b == 0) && a.max(b).is_ascii() {
            return Decoded::NotText {
                message: "the file looks UTF-16 encoded (a NUL byte in its first character); eKuiper reads bundles as UTF-8".into(),
                span: Span::new(0, 2),
                valid_prefix: String::new(),
            };
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let len = e.utf8_error().error_len().unwrap_or(1);
            let mut bytes = e.into_bytes();
            bytes.truncate(at);
            Decoded::NotText {
                message: format!("the file is not valid UTF-8 (invalid byte at offset {at})"),
                span: Span::new(at, at + len),
                valid_prefix: String::from_utf8(bytes).unwrap_or_default(),
            }
        }
    }
}

/// A loaded file: its source, its kind and its parsed content.
#[derive(Debug)]
pub struct LoadedFile {
    pub source: SourceFile,
    pub kind: FileKind,
    /// The parsed JSON or YAML; empty for a SQL file.
    pub document: Document,
    /// For structured kinds: the sections the file stands for.
    view: Vec<ViewSection>,
}

impl LoadedFile {
    /// Loads a file, detecting its kind from its name and content.
    pub fn parse(source: SourceFile) -> Self {
        LoadedFile::parse_as(source, None)
    }

    /// Loads a file as `kind` when given, else as detected.
    pub fn parse_as(source: SourceFile, kind: Option<FileKind>) -> Self {
        LoadedFile::load(source, kind, false)
    }

    /// Like [`LoadedFile::parse_as`], leaving a JSON bundle's rules undecoded
    /// ([`json::parse_holding_rules`]) for windows of rules to decode ([`HeldStrings`]): what
    /// `check` does. Such a file has its [`LoadedFile::outline`] only.
    pub fn parse_holding_rules(source: SourceFile, kind: Option<FileKind>) -> Self {
        LoadedFile::load(source, kind, true)
    }

    fn load(source: SourceFile, kind: Option<FileKind>, hold_rules: bool) -> Self {
        let read_as =
            kind.unwrap_or_else(|| FileKind::from_name_and_text(&source.name, &source.text));
        let hold = hold_rules && read_as == FileKind::Bundle;
        // The line index, needed for every finding's position, is built beside the parse.
        let ((), mut document) = rayon::join(
            || {
                source.lines();
            },
            || {
                if read_as == FileKind::Sql {
                    Document::default()
                } else if read_as.is_yaml() {
                    yaml::parse(&source.text)
                } else if hold {
                    json::parse_holding_rules(&source.text)
                } else {
                    json::parse(&source.text)
                }
            },
        );
        let detected =
            kind.unwrap_or_else(|| FileKind::detect_as(read_as, &source.name, &document));
        if hold && detected != FileKind::Bundle {
            // Read as another kind after all: its view needs every string.
            document = json::parse(&source.text);
        }
        let view = kind::view(detected, &source.name, &source.text, &document);
        LoadedFile {
            kind: detected,
            source,
            document,
            view,
        }
    }

    /// Every top-level value read as a bundle (usually one); a structured file is the one bundle
    /// it stands for.
    pub fn bundles(&self) -> Vec<Bundle<'_>> {
        self.read_bundles(false)
    }

    /// Like [`LoadedFile::bundles`], with every rule left undecoded: the outline of the file,
    /// whose rules are then decoded a window at a time ([`rules_window`]), so that the
    /// trees of all rules of a large bundle are never held at once.
    pub fn outline(&self) -> Vec<Bundle<'_>> {
        self.read_bundles(true)
    }

    fn read_bundles(&self, hold_rules: bool) -> Vec<Bundle<'_>> {
        match self.kind {
            FileKind::Bundle => self
                .document
                .values
                .iter()
                .map(|root| Bundle::read(root, hold_rules))
                .collect(),
            FileKind::Sql
            | FileKind::PluginMetadata
            | FileKind::OtherYaml
            | FileKind::OtherJson => Vec::new(),
            _ => self
                .document
                .values
                .first()
                .map(|root| Bundle::structured(root, &self.view, &self.source.text, hold_rules))
                .into_iter()
                .collect(),
        }
    }
}
