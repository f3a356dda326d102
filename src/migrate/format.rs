//! Converting between eKuiper's JSON data bundle and its 2.x YAML export (migrations M014, M015).
//!
//! The two carry the same data in different shapes (docs/migration.md, "Formats"):
//!
//! | JSON bundle                                   | YAML bundle                                  |
//! |-----------------------------------------------|----------------------------------------------|
//! | `streams.<name>`: SQL string                  | `streams.<name>.sql`                         |
//! | `rules.<id>`: rule JSON in a string           | `rules.<id>`: the rule as a mapping          |
//! | `sourceConfig.<type>`: `{confKey: props}` string | `sourceConfig."sources.<type>.<confKey>"`: props |
//! | `Service`, `Schema` (capital)                 | `service`, `schema`                          |
//! | `Schema`/`uploads` field `file`, `soFile`     | `filePath`, `soPath`                         |
//! | `scripts`                                     | no equivalent                                |
//!
//! Every entry keeps its key order and values (numbers keep their source text). What has no
//! place in the other format is never dropped silently: it becomes a warning naming the entry.

use std::fmt::Write as _;

use super::Action;
use crate::bundle::json::{Member, Node, Value};
use crate::bundle::kind::config_prefix;
use crate::bundle::{Bundle, SectionKind};
use crate::source::span::Span;

/// The encoding of a bundle file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// eKuiper's data bundle (`kuiper import data`, `POST /data/import`).
    Json,
    /// The 2.x YAML export (`GET /v2/data/export`, `POST /v2/data/import`).
    Yaml,
}

impl Format {
    /// The format a file holds: JSON when it starts like JSON (whatever its name: JSON is also
    /// YAML, and a JSON bundle saved as `.yaml` should still be read as the JSON bundle it is),
    /// else by its extension, else YAML.
    pub fn of(name: &str, text: &str) -> Format {
        let first = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next();
        match first {
            None | Some('{' | '[' | '"') => Format::Json,
            _ => Format::from_name(name).unwrap_or(Format::Yaml),
        }
    }

    /// The format a file name says, if it says one.
    pub fn from_name(name: &str) -> Option<Format> {
        if crate::bundle::yaml::is_yaml_name(name) {
            return Some(Format::Yaml);
        }
        let json = std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        json.then_some(Format::Json)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

/// Something a conversion could not carry over as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Where, in the text that was converted.
    pub span: Span,
    pub message: String,
    pub action: Action,
}

/// A converted text, with the notes and where each written entry came from.
#[derive(Debug, Default)]
pub struct Converted {
    pub text: String,
    pub notes: Vec<Note>,
    pub origins: Origins,
}

/// For each entry and section written: its span in the output and the span it came from.
#[derive(Debug, Default)]
pub struct Origins(Vec<(Span, Span)>);

impl Origins {
    /// The input span of the innermost written piece that contains output offset `at`.
    pub fn to_input(&self, at: usize) -> Span {
        self.0
            .iter()
            .filter(|(out, _)| out.start <= at && at <= out.end)
            .min_by_key(|(out, _)| out.len())
            .map_or(Span::empty(0), |&(_, input)| input)
    }
}

/// Field names that differ between the formats, per section: (JSON name, YAML name).
fn renamed_fields(kind: SectionKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        SectionKind::Schema => &[("file", "filePath"), ("soFile", "soPath")],
        SectionKind::Uploads => &[("file", "filePath")],
        _ => &[],
    }
}

fn note(span: Span, action: Action, message: String) -> Note {
    Note {
        span,
        message,
        action,
    }
}

// ---------------------------------------------------------------------------------------------
// YAML → JSON
// ---------------------------------------------------------------------------------------------

/// One entry of the JSON bundle being written: key, JSON literal of its value, source span.
struct Out {
    key: String,
    literal: String,
    from: Span,
    /// Members and items inside the value.
    pieces: Pieces,
}

/// Where written pieces came from: (span in the decoded literal, span in the source).
type Pieces = Vec<(Span, Span)>;

/// The confKeys of one plugin type in one config section: one JSON string of the bundle.
struct ConfigGroup {
    /// Index into the sections being written.
    section: usize,
    plugin: String,
    /// (confKey, props as JSON, where the YAML key and props are, the props' pieces)
    conf_keys: Vec<(String, String, Span, Pieces)>,
    from: Span,
}

/// Where the first comment of a YAML file is: a line whose first non-blank character is `#`,
/// outside every string (a `#` line inside a block scalar is text). Comments on the line of a
/// value are not looked for: this only has to say that some comment will not survive.
pub fn first_comment(text: &str, root: &Node) -> Option<Span> {
    let strings: Vec<Span> = root
        .descendants()
        .filter(|n| matches!(n.value, Value::String(_)))
        .map(|n| n.span)
        .collect();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let hash = at + (line.len() - line.trim_start().len());
        if line.trim_start().starts_with('#')
            && !strings.iter().any(|s| s.start <= hash && hash < s.end)
        {
            return Some(Span::new(hash, at + line.trim_end().len()));
        }
        at += line.len();
    }
    None
}

/// Converts a YAML bundle (`root`, parsed from `text`) to a JSON data bundle.
pub fn yaml_to_json(text: &str, root: &Node) -> Converted {
    let mut notes = Vec::new();
    // Sections in order of first appearance; config sections are decided by each key's prefix.
    let mut sections: Vec<(SectionKind, Span, Vec<Out>)> = Vec::new();
    let section = |sections: &mut Vec<(SectionKind, Span, Vec<Out>)>, kind, from| -> usize {
        match sections.iter().position(|(k, ..)| *k == kind) {
            Some(i) => i,
            None => {
                sections.push((kind, from, Vec::new()));
                sections.len() - 1
            }
        }
    };
    // Config entries grouped by (section, plugin type): each group is one JSON string.
    let mut configs: Vec<ConfigGroup> = Vec::new();
    for member in root.as_object().unwrap_or_default() {
        let whole = Span::new(member.key_span.start, member.value.span.end);
        let Some(kind) = SectionKind::from_key(&member.key.value) else {
            notes.push(note(
                member.key_span,
                Action::Warned,
                format!(
                    "`{}` is not a bundle section; left out of the JSON bundle",
                    member.key.value
                ),
            ));
            continue;
        };
        if member.key.value != kind.yaml_key() {
            // eKuiper's YAML decoder matches keys exactly: this section was never imported.
            notes.push(note(
                member.key_span,
                Action::Warned,
                format!(
                    "`{}` is spelt `{}` in the YAML format, and eKuiper's YAML import ignores `{}` with everything in it; it is converted as the `{}` section, so it will be imported: check that it should be",
                    member.key.value,
                    kind.yaml_key(),
                    member.key.value,
                    kind.key()
                ),
            ));
        }
        let entries = member.value.as_object().unwrap_or_default();
        if let Some(expected) = config_prefix(kind) {
            for e in entries {
                let parts: Vec<&str> = e.key.value.split('.').collect();
                let target = match parts.as_slice() {
                    [prefix, _, _] => [
                        SectionKind::SourceConfig,
                        SectionKind::SinkConfig,
                        SectionKind::ConnectionConfig,
                    ]
                    .into_iter()
                    .find(|k| config_prefix(*k) == Some(prefix)),
                    _ => None,
                };
                let Some(target) = target else {
                    notes.push(note(e.key_span, Action::Warned, format!(
                        "`{}` is not a config key of the form `{expected}.<type>.<confKey>` (eKuiper rejects it); left out",
                        e.key.value
                    )));
                    continue;
                };
                if target != kind {
                    notes.push(note(e.key_span, Action::Warned, format!(
                        "`{}` sits under `{}` but its prefix makes it a {}; eKuiper stores it by the prefix, and so does the JSON bundle",
                        e.key.value, member.key.value, target.entry_noun()
                    )));
                }
                let s = section(&mut sections, target, member.key_span);
                let (plugin, conf_key) = (parts[1].to_string(), parts[2].to_string());
                let (mut props, mut inner) = (String::new(), Vec::new());
                write_json(text, &e.value, &[], &mut props, &mut inner);
                let from = Span::new(e.key_span.start, e.value.span.end);
                let conf_key = (conf_key, props, from, inner);
                match configs
                    .iter_mut()
                    .find(|c| c.section == s && c.plugin == plugin)
                {
                    Some(group) => {
                        group.conf_keys.push(conf_key);
                        group.from = Span::new(
                            group.from.start.min(from.start),
                            group.from.end.max(from.end),
                        );
                    }
                    None => configs.push(ConfigGroup {
                        section: s,
                        plugin,
                        conf_keys: vec![conf_key],
                        from,
                    }),
                }
            }
            continue;
        }
        let s = section(&mut sections, kind, whole);
        for e in entries {
            let from = Span::new(e.key_span.start, e.value.span.end);
            let mut pieces = Vec::new();
            let literal = match (kind, &e.value.value) {
                (_, Value::String(s)) => json_quote(&s.value),
                (SectionKind::Streams | SectionKind::Tables, Value::Object(_)) => {
                    match e.value.field("sql").and_then(|m| m.value.as_str()) {
                        Some(sql) => json_quote(sql),
                        None => {
                            notes.push(note(
                                e.key_span,
                                Action::Warned,
                                format!(
                                    "{} `{}` has no `sql` string; left out",
                                    kind.entry_noun(),
                                    e.key.value
                                ),
                            ));
                            continue;
                        }
                    }
                }
                (_, Value::Object(_)) => {
                    let mut compact = String::new();
                    write_json(
                        text,
                        &e.value,
                        renamed_fields(kind),
                        &mut compact,
                        &mut pieces,
                    );
                    json_quote(&compact)
                }
                _ => {
                    notes.push(note(
                        e.key_span,
                        Action::Warned,
                        format!(
                            "{} `{}` is {}, not a mapping; left out",
                            kind.entry_noun(),
                            e.key.value,
                            e.value.type_name()
                        ),
                    ));
                    continue;
                }
            };
            sections[s].2.push(Out {
                key: e.key.value.clone(),
                literal,
                from,
                pieces,
            });
        }
    }
    for ConfigGroup {
        section: s,
        plugin,
        conf_keys,
        from,
    } in configs
    {
        let mut obj = String::from("{");
        let mut pieces = Vec::new();
        for (i, (k, v, at, inner)) in conf_keys.iter().enumerate() {
            if i > 0 {
                obj.push(',');
            }
            let start = obj.len();
            let _ = write!(obj, "{}:", json_quote(k));
            let props_at = obj.len();
            obj.push_str(v);
            pieces.push((Span::new(start, obj.len()), *at));
            pieces.extend(
                inner
                    .iter()
                    .map(|(p, from)| (Span::new(p.start + props_at, p.end + props_at), *from)),
            );
        }
        obj.push('}');
        sections[s].2.push(Out {
            key: plugin,
            literal: json_quote(&obj),
            from,
            pieces,
        });
    }

    let mut out = String::from("{");
    let mut origins = Vec::new();
    for (i, (kind, from, entries)) in sections.iter().enumerate() {
        let start = out.len();
        let _ = write!(
            out,
            "{}\n  {}: {{",
            if i > 0 { "," } else { "" },
            json_quote(kind.key())
        );
        for (j, e) in entries.iter().enumerate() {
            let entry_start = out.len();
            let _ = write!(
                out,
                "{}\n    {}: ",
                if j > 0 { "," } else { "" },
                json_quote(&e.key),
            );
            let literal_at = out.len();
            out.push_str(&e.literal);
            origins.push((Span::new(entry_start, out.len()), e.from));
            if !e.pieces.is_empty() {
                let at = quoted_offsets(&e.literal);
                for (inner, from) in &e.pieces {
                    let span = Span::new(literal_at + at[inner.start], literal_at + at[inner.end]);
                    origins.push((span, *from));
                }
            }
        }
        out.push_str(if entries.is_empty() { "}" } else { "\n  }" });
        origins.push((Span::new(start, out.len()), *from));
    }
    out.push_str(if sections.is_empty() { "}\n" } else { "\n}\n" });
    Converted {
        text: out,
        notes,
        origins: Origins(origins),
    }
}

fn json_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// For a JSON string literal: the offset in the literal of each byte offset of the decoded
/// string (indexed by decoded offset; the last entry is the end of the content).
fn quoted_offsets(literal: &str) -> Vec<usize> {
    let doc = crate::bundle::json::parse(literal);
    let Some(Node {
        value: Value::String(s),
        span,
    }) = doc.values.first()
    else {
        return Vec::new();
    };
    let map = s.escape_map(*span);
    (0..=s.value.len())
        .map(|i| map.map_span(Span::new(i, i)).start - span.start)
        .collect()
}

/// Deepest nesting of arrays and objects the converters take: they recurse once per level, and
/// a document deeper than this could overflow the stack. Real bundles are a few levels deep.
pub const MAX_DEPTH: usize = 1_000;

/// Levels of arrays and objects in `node` (counted without recursion).
pub fn depth(node: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(node, 0)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        match &n.value {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Value::Object(members) => stack.extend(members.iter().map(|m| (&m.value, d + 1))),
            _ => {}
        }
    }
    deepest
}

/// The deepest nesting of a bundle and of the JSON of each of its entries.
pub fn bundle_depth(bundle: &Bundle) -> usize {
    bundle
        .entries()
        .filter_map(|e| e.json_value())
        .map(depth)
        .chain([depth(bundle.root)])
        .max()
        .unwrap_or(0)
}

/// `node` (from `text`) as compact JSON, keys in their order; `renames` apply to its own fields.
/// Deeper than [`MAX_DEPTH`], the node's own text is returned as it is.
pub(crate) fn compact_json(text: &str, node: &Node, renames: &[(&str, &str)]) -> String {
    if depth(node) > MAX_DEPTH {
        return text[node.span.range()].to_string();
    }
    let mut out = String::new();
    write_json(text, node, renames, &mut out, &mut Vec::new());
    out
}

/// Writes `node` as compact JSON, noting in `pieces` where each member and item went and the
/// source span it came from (so a change found in the JSON is reported at its YAML line).
fn write_json(
    text: &str,
    node: &Node,
    renames: &[(&str, &str)],
    out: &mut String,
    pieces: &mut Pieces,
) {
    match &node.value {
        Value::Null | Value::Invalid => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number => out.push_str(&text[node.span.range()]),
        Value::String(s) => out.push_str(&json_quote(&s.value)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let start = out.len();
                write_json(text, item, &[], out, pieces);
                pieces.push((Span::new(start, out.len()), item.span));
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let key = renames
                    .iter()
                    .find(|(_, yaml)| *yaml == m.key.value)
                    .map_or(m.key.value.as_str(), |(json, _)| json);
                let start = out.len();
                out.push_str(&json_quote(key));
                out.push(':');
                write_json(text, &m.value, &[], out, pieces);
                let from = Span::new(m.key_span.start, m.value.span.end);
                pieces.push((Span::new(start, out.len()), from));
            }
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON → YAML
// ---------------------------------------------------------------------------------------------

/// Why `bundle` cannot be written as YAML without losing or guessing at an entry: an entry
/// whose JSON does not parse, or is not an object, has no faithful YAML form (leaving it out
/// would lose it; converting what was recovered would change it). None when it can.
pub fn unconvertible(bundle: &Bundle) -> Option<String> {
    bundle.entries().find_map(|e| {
        let problem = match e.section {
            SectionKind::Streams | SectionKind::Tables if e.embedded.is_none() => {
                "its value is not a SQL string"
            }
            SectionKind::Streams | SectionKind::Tables | SectionKind::Scripts => return None,
            _ if e.json.as_ref().is_some_and(|d| d.has_errors()) => "its JSON does not parse",
            _ if e.json_value().and_then(Node::as_object).is_none() => {
                "its value is not a JSON object"
            }
            _ => return None,
        };
        Some(format!(
            "{} `{}`: {problem}; fix it first (`kuiperlint check` shows where), nothing was converted",
            e.section.entry_noun(),
            e.name()
        ))
    })
}

/// Converts a JSON data bundle to the 2.x YAML format.
pub fn json_to_yaml(bundle: &Bundle) -> Converted {
    let mut notes = Vec::new();
    let mut out = String::new();
    let mut origins = Vec::new();
    for section in &bundle.sections {
        let Some(kind) = section.kind else {
            notes.push(note(
                section.member.key_span,
                Action::Warned,
                format!(
                    "`{}` is not a bundle section; left out of the YAML bundle",
                    section.member.key.value
                ),
            ));
            continue;
        };
        if kind == SectionKind::Scripts {
            for e in &section.entries {
                notes.push(note(e.member.key_span, Action::Warned, format!(
                    "script `{}` left out: the YAML format has no `scripts` section; import it with the JSON bundle or the REST API",
                    e.name()
                )));
            }
            continue;
        }
        let section_start = out.len();
        let key = kind.yaml_key();
        let _ = write!(out, "{}:", yaml_key(key));
        let before = out.len();
        for e in &section.entries {
            let entry_start = out.len();
            let from = Span::new(e.member.key_span.start, e.member.value.span.end);
            let decoded = e.embedded.as_ref().map(|em| em.text);
            let bad = |what: &str| {
                note(
                    e.member.key_span,
                    Action::Warned,
                    format!("{} `{}` left out: {what}", kind.entry_noun(), e.name()),
                )
            };
            match kind {
                SectionKind::Streams | SectionKind::Tables => match decoded {
                    Some(sql) => {
                        let _ = write!(
                            out,
                            "{}  {}:\n    sql:",
                            line_start(&out),
                            yaml_key(e.name())
                        );
                        write_scalar(sql, 6, &mut out);
                    }
                    None => notes.push(bad("its value is not a SQL string")),
                },
                _ if config_prefix(kind).is_some() => {
                    let prefix = config_prefix(kind).unwrap_or_default();
                    let (Some(value), Some(json_text)) = (e.json_value(), decoded) else {
                        notes.push(bad("its value is not a JSON object of confKeys"));
                        continue;
                    };
                    let Some(conf_keys) = value.as_object() else {
                        notes.push(bad("its value is not a JSON object of confKeys"));
                        continue;
                    };
                    for m in conf_keys {
                        if e.name().contains('.') || m.key.value.contains('.') {
                            notes.push(note(e.member.key_span, Action::Warned, format!(
                                "{} `{}`/`{}` left out: the YAML format keys configs as `{prefix}.<type>.<confKey>`, so a `.` in a name cannot be expressed",
                                kind.entry_noun(), e.name(), m.key.value
                            )));
                            continue;
                        }
                        let _ = write!(
                            out,
                            "{}  {}:",
                            line_start(&out),
                            yaml_key(&format!("{prefix}.{}.{}", e.name(), m.key.value))
                        );
                        write_yaml(json_text, &m.value, 4, &[], &mut out);
                    }
                }
                _ => match (e.json_value(), decoded) {
                    (Some(value), Some(json_text)) if value.as_object().is_some() => {
                        if kind == SectionKind::NativePlugins {
                            notes.push(note(e.member.key_span, Action::Warned, format!(
                                "native plugin `{}`: eKuiper's YAML import (2.0 to at least 2.4) never installs native plugins (it reads `portablePlugins` in their place); install it separately",
                                e.name()
                            )));
                        }
                        let _ = write!(out, "{}  {}:", line_start(&out), yaml_key(e.name()));
                        write_yaml(json_text, value, 4, renamed_fields(kind), &mut out);
                    }
                    _ => notes.push(bad("its value is not a JSON object")),
                },
            }
            origins.push((Span::new(entry_start, out.len()), from));
        }
        if out.len() == before {
            out.push_str(" {}\n");
        }
        origins.push((Span::new(section_start, out.len()), section.member.key_span));
    }
    // A bundle of nothing (or only scripts) is still a YAML mapping, so it reads back as one.
    if out.is_empty() {
        out.push_str("# an empty bundle\n{}\n");
    }
    Converted {
        text: out,
        notes,
        origins: Origins(origins),
    }
}

/// What starts a new line after `out`: nothing when it already ends one.
fn line_start(out: &str) -> &'static str {
    if out.ends_with('\n') {
        ""
    } else {
        "\n"
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Writes the value of a mapping entry whose `key:` was just written. Nested blocks are indented
/// at `indent`; `renames` apply to the fields of this value (JSON name → YAML name).
fn write_yaml(text: &str, node: &Node, indent: usize, renames: &[(&str, &str)], out: &mut String) {
    match &node.value {
        Value::Object(members) if !members.is_empty() => {
            out.push('\n');
            pad(out, indent);
            write_members(text, members, indent, renames, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_items(text, items, indent, out);
        }
        _ => write_leaf(text, node, indent, out),
    }
}

/// Writes members at `indent`, the first one where the output is (already indented, or after
/// a sequence's `- `).
fn write_members(
    text: &str,
    members: &[Member],
    indent: usize,
    renames: &[(&str, &str)],
    out: &mut String,
) {
    for (i, m) in members.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        let key = renames
            .iter()
            .find(|(json, _)| *json == m.key.value)
            .map_or(m.key.value.as_str(), |(_, yaml)| yaml);
        let _ = write!(out, "{}:", yaml_key(key));
        write_yaml(text, &m.value, indent + 2, &[], out);
    }
}

fn write_items(text: &str, items: &[Node], indent: usize, out: &mut String) {
    for item in items {
        pad(out, indent);
        out.push('-');
        match &item.value {
            // `- key: value` with the other keys aligned under the first.
            Value::Object(members) if !members.is_empty() => {
                out.push(' ');
                write_members(text, members, indent + 2, &[], out);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_items(text, inner, indent + 2, out);
            }
            _ => write_leaf(text, item, indent + 2, out),
        }
    }
}

/// A scalar or an empty collection after `key:` or `-`, ending the line.
fn write_leaf(text: &str, node: &Node, block_indent: usize, out: &mut String) {
    match &node.value {
        Value::Null | Value::Invalid => out.push_str(" null\n"),
        Value::Bool(b) => out.push_str(if *b { " true\n" } else { " false\n" }),
        Value::Number => {
            let _ = writeln!(out, " {}", &text[node.span.range()]);
        }
        Value::String(s) => write_scalar(&s.value, block_indent, out),
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(_) => out.push_str(" []\n"),
    }
}

/// A string value: plain when YAML reads it back as the same string, a `|` block for multi-line
/// text and single quotes for a printable line (SQL reads best that way), double quotes
/// otherwise.
fn write_scalar(s: &str, block_indent: usize, out: &mut String) {
    if is_plain_safe(s) {
        let _ = writeln!(out, " {s}");
    } else if !s.is_empty()
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && s.chars().all(|c| !(c.is_control() || needs_escape(c)))
    {
        let _ = writeln!(out, " '{}'", s.replace('\'', "''"));
    } else if is_block_safe(s) {
        let body = s.strip_suffix('\n');
        out.push_str(if body.is_some() { " |\n" } else { " |-\n" });
        for line in body.unwrap_or(s).split('\n') {
            if !line.is_empty() {
                pad(out, block_indent);
                out.push_str(line);
            }
            out.push('\n');
        }
    } else {
        out.push(' ');
        out.push_str(&yaml_quote(s));
        out.push('\n');
    }
}

fn yaml_key(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        yaml_quote(s)
    }
}

/// Double-quoted YAML. JSON's escapes are YAML escapes too; characters YAML does not allow
/// as they are (C1 controls, including NEL, which YAML would read as a line break) are escaped.
fn yaml_quote(s: &str) -> String {
    let json = json_quote(s);
    if !json.chars().any(needs_escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
    )
}

/// Strings YAML reads back unchanged without quotes: a conservative set (no indicator first,
/// no `: ` or ` #`, not a word YAML or Go's decoder would read as null, a boolean or a number).
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reserved = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    // A leading digit is fine when a letter makes it no number (`5m0s`), but not in YAML's
    // other integer notations (`0x1F`, `0o17`, `0b1`) or an exponent (`1e5`).
    let wordy_number = first.is_ascii_digit()
        && !s
            .get(..2)
            .is_some_and(|p| ["0x", "0o", "0b"].iter().any(|x| p.eq_ignore_ascii_case(x)))
        && s.chars()
            .any(|c| c.is_ascii_alphabetic() && !matches!(c, 'e' | 'E'));
    (first.is_ascii_alphabetic() || first == '_' || first == '/' || wordy_number)
        && !s.ends_with([':', ' '])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '_' | '.' | '/' | '-' | ':' | '@' | '+' | ' ' | '(' | ')' | '=' | ',' | '*'
                )
        })
        && !reserved.iter().any(|r| r.eq_ignore_ascii_case(s))
}

/// Multi-line text that a literal block keeps exactly: printable, no carriage returns, no
/// leading blank (it would change the block's indentation), at most one final line break.
fn is_block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with("\n\n")
        && !s.lines().any(|l| l.ends_with([' ', '\t']))
        && s.chars()
            .all(|c| c == '\n' || c == '\t' || !(c.is_control() || needs_escape(c)))
}

#[cfg(test)]
mod tests;
