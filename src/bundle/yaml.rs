//! Reading YAML into the same spanned tree as JSON, so every lint and every position test works on
//! YAML files unchanged.
//!
//! eKuiper 2.x exports bundles as YAML and keeps its `etc/` configuration in YAML. Go's YAML
//! decoder gives the values; we also need, for each value, the exact bytes it came from, and for
//! each string a map from its decoded bytes back to the file (a SQL statement in a `|` block has
//! its indentation removed; one in double quotes has escapes; a plain scalar folds line breaks).
//! `saphyr-parser` gives the events and the span of each node; the decoded-to-source map of a
//! scalar is rebuilt here by walking its source next to its decoded value (see [`scalar_map`]).
//!
//! The builder keeps an explicit stack, so nesting depth is bounded by memory, not by the call
//! stack. Aliases are expanded by copying the anchored node, with a budget against alias bombs.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};

use super::json::{Document, JsonString, Member, Node, SyntaxIssue, SyntaxKind, Value};
use crate::source::source_map::Escape;
use crate::source::span::Span;

/// More nodes than this copied out of aliases in one document is treated as an alias bomb.
const ALIAS_BUDGET: usize = 100_000;

/// Whether a file name says YAML.
pub fn is_yaml_name(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Parses YAML `text`. Like [`super::json::parse`] it never fails: a syntax error becomes an issue
/// and everything read before it is kept.
pub fn parse(text: &str) -> Document {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        text,
        offsets: &offsets,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        doc: Document::default(),
    };
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => builder.event(event, span),
            Err(e) => {
                let at = offsets.byte(e.marker().index()).min(text.len());
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                builder.doc.issues.push(SyntaxIssue {
                    kind: SyntaxKind::Invalid,
                    span: Span::new(at, end),
                    message: format!("invalid YAML: {}", e.info()),
                    ..SyntaxIssue::default()
                });
                builder.close_all(at);
                break;
            }
        }
    }
    if builder.doc.values.len() > 1 {
        let second = builder.doc.values[1].span;
        builder.doc.issues.push(SyntaxIssue {
            kind: SyntaxKind::ExtraValue,
            span: second,
            message: "a second YAML document; eKuiper reads only the first".into(),
            help: Some("split the documents into separate files".into()),
            ..SyntaxIssue::default()
        });
    }
    builder.doc
}

/// saphyr counts characters; spans are bytes.
struct CharOffsets {
    /// Byte offset of each character, or None when the text is ASCII (index = offset).
    bytes: Option<Vec<u32>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes =
            (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i as u32).collect());
        CharOffsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(b) => b.get(char_index).map_or(self.len, |&o| o as usize),
        }
    }

    fn span(&self, span: YamlSpan) -> Span {
        Span::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

enum Frame {
    Sequence {
        start: usize,
        /// `[...]` (its end event closes the bracket) rather than `- item` lines.
        flow: bool,
        anchor: usize,
        items: Vec<Node>,
    },
    Mapping {
        start: usize,
        flow: bool,
        anchor: usize,
        members: Vec<Member>,
        key: Option<(JsonString, Span)>,
        /// Members brought in by `<<: *anchor`; explicit keys win over them.
        merged: Vec<Member>,
    },
}

struct Builder<'t> {
    text: &'t str,
    offsets: &'t CharOffsets,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    doc: Document,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: YamlSpan) {
        let span = self.offsets.span(span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let verbatim_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let node = self.scalar(&value, style, span, verbatim_string);
                self.finish(node, anchor);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Frame::Sequence {
                start: span.start,
                flow: !span.is_empty(),
                anchor,
                items: Vec::new(),
            }),
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Mapping {
                start: span.start,
                flow: !span.is_empty(),
                anchor,
                members: Vec::new(),
                key: None,
                merged: Vec::new(),
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor) = close(frame, span.end);
                    self.finish(node, anchor);
                }
            }
            Event::Alias(id) => {
                let node = match self.anchors.get(&id) {
                    Some(anchored) => {
                        self.alias_nodes += 1 + anchored.descendants().count();
                        if self.alias_nodes > ALIAS_BUDGET {
                            self.doc.issues.push(SyntaxIssue {
                                kind: SyntaxKind::Invalid,
                                span,
                                message: format!(
                                    "aliases expand to more than {ALIAS_BUDGET} values; not expanded"
                                ),
                                ..SyntaxIssue::default()
                            });
                            Node {
                                span,
                                value: Value::Invalid,
                            }
                        } else {
                            Node {
                                span,
                                value: anchored.value.clone(),
                            }
                        }
                    }
                    None => Node {
                        span,
                        value: Value::Invalid,
                    },
                };
                self.finish(node, 0);
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
    }

    fn scalar(&self, value: &str, style: ScalarStyle, span: Span, verbatim: bool) -> Node {
        let value = if style == ScalarStyle::Plain && !verbatim {
            match plain_value(value) {
                Some(typed) => return Node { span, value: typed },
                None => value,
            }
        } else {
            value
        };
        let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
        let content = if quoted {
            Span::new(
                (span.start + 1).min(span.end),
                span.end.saturating_sub(1).max(span.start),
            )
        } else {
            span
        };
        let indent = self.text[..span.start]
            .rfind('\n')
            .map_or(span.start, |nl| span.start - nl - 1);
        let escapes = scalar_map(&self.text[content.range()], value, style, indent);
        // A block scalar's span runs to the next token; end it after its last content byte.
        let end = match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let map = crate::source::source_map::EscapeMap::new(content.start, &escapes);
                let trimmed = value.trim_end_matches(['\n', '\r']).len();
                map.map_span(Span::new(trimmed, trimmed)).end.min(span.end)
            }
            _ => span.end,
        };
        Node {
            span: Span::new(span.start, end),
            value: Value::String(JsonString::new(
                value.to_string(),
                escapes,
                u8::from(quoted),
            )),
        }
    }

    /// Hands a complete node to its parent (or to the document).
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.doc.values.push(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                members,
                key,
                merged,
                ..
            }) => match key.take() {
                None => *key = Some(key_of(self.text, node)),
                Some((name, key_span)) => {
                    if name.value == "<<" && &self.text[key_span.range()] == "<<" {
                        merged.extend(merge_members(node));
                    } else {
                        members.push(Member {
                            key: name,
                            key_span,
                            value: node,
                        });
                    }
                }
            },
        }
    }

    /// After a syntax error: close every open container so what was read is kept.
    fn close_all(&mut self, at: usize) {
        while let Some(frame) = self.stack.pop() {
            let (node, anchor) = close(frame, at);
            self.finish(node, anchor);
        }
    }
}

fn close(frame: Frame, end_event: usize) -> (Node, usize) {
    match frame {
        Frame::Sequence {
            start,
            flow,
            anchor,
            items,
        } => {
            let end = if flow {
                end_event
            } else {
                items.last().map_or(start, |n| n.span.end)
            };
            let node = Node {
                span: Span::new(start, end.max(start)),
                value: Value::Array(items),
            };
            (node, anchor)
        }
        Frame::Mapping {
            start,
            flow,
            anchor,
            mut members,
            merged,
            ..
        } => {
            let end = if flow {
                end_event
            } else {
                members
                    .last()
                    .map(|m| m.value.span.end)
                    .into_iter()
                    .chain(merged.last().map(|m| m.value.span.end))
                    .max()
                    .unwrap_or(start)
            };
            if !merged.is_empty() {
                let mut all: Vec<Member> = merged
                    .into_iter()
                    .filter(|m| !members.iter().any(|e| e.key.value == m.key.value))
                    .collect();
                all.append(&mut members);
                members = all;
            }
            let node = Node {
                span: Span::new(start, end.max(start)),
                value: Value::Object(members),
            };
            (node, anchor)
        }
    }
}

/// A mapping key as a string: scalars as they read, anything else by its source text.
fn key_of(text: &str, node: Node) -> (JsonString, Span) {
    let span = node.span;
    let key = match &node.value {
        Value::String(s) => s.clone(),
        _ => JsonString::new(text[span.range()].to_string(), Vec::new(), 0),
    };
    (key, span)
}

/// The members `<<: value` merges in: a mapping's, or those of each mapping in a sequence.
fn merge_members(node: Node) -> Vec<Member> {
    match &node.value {
        Value::Object(members) => members.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_object())
            .flatten()
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// The typed value of a plain scalar under YAML 1.2's core schema, or None for a string.
/// Numbers are kept only in the forms JSON also has, because a number's value is read back from
/// its source text as JSON.
fn plain_value(s: &str) -> Option<Value> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ if is_json_number(s) => Some(Value::Number),
        _ => None,
    }
}

fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let int = digits(&mut i);
    if int == 0 || (int > 1 && b[i - int] == b'0') {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The escapes that turn the source of a scalar (`raw`, without quotes) into its `decoded` value,
/// found by walking both side by side with the rules of the scalar's style: escape sequences and
/// `''` in quoted scalars, folded line breaks in flow scalars, stripped indentation in block
/// scalars. When the walk cannot explain the value (a construct it does not model, a block cut
/// off at the end of a file whose value still gets its final line break), positions inside that
/// one string are approximate, but never outside the scalar.
fn scalar_map(raw: &str, decoded: &str, style: ScalarStyle, indent: usize) -> Vec<Escape> {
    walk_scalar(raw, decoded, style, indent).unwrap_or_else(|| within(raw.len(), decoded.len()))
}

/// The identity over the first `raw` bytes, and every decoded byte beyond them at the end of the
/// scalar (in runs of at most 255, the most one record holds).
fn within(raw: usize, decoded: usize) -> Vec<Escape> {
    let mut out = Vec::new();
    let mut at = raw.min(decoded);
    while at < decoded {
        let n = (decoded - at).min(u8::MAX as usize);
        out.push(Escape {
            decoded: at as u32,
            raw: raw as u32,
            decoded_len: n as u8,
            raw_len: 0,
        });
        at += n;
    }
    out
}

fn walk_scalar(raw: &str, decoded: &str, style: ScalarStyle, indent: usize) -> Option<Vec<Escape>> {
    let r = raw.as_bytes();
    let d = decoded.as_bytes();
    let (mut i, mut j) = (0usize, 0usize);
    let mut out: Vec<Escape> = Vec::new();
    let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
    while j < d.len() {
        let &c = r.get(i)?;
        if block && (c == b'\n' || c == b'\r') {
            // A run of line breaks, each followed by up to `indent` spaces of indentation.
            let (k, breaks) = line_breaks(r, i, Some(indent));
            let candidates = ["\n".repeat(breaks), "\n".repeat(breaks - 1), " ".into()];
            let allowed = match style {
                ScalarStyle::Literal => &candidates[..1],
                _ if breaks == 1 => &candidates[..],
                _ => &candidates[..2],
            };
            let want = allowed
                .iter()
                .find(|w| !w.is_empty() && decoded[j..].starts_with(w.as_str()))
                .or_else(|| allowed.iter().find(|w| w.is_empty()))?;
            push(&mut out, j, i, want.len(), k - i)?;
            (i, j) = (k, j + want.len());
            continue;
        }
        if !block && matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            let ws_end = i + r[i..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .count();
            if r[i..ws_end].contains(&b'\n') {
                let (k, breaks) = line_breaks(r, i, None);
                let want = if breaks == 1 {
                    " ".to_string()
                } else {
                    "\n".repeat(breaks - 1)
                };
                if !decoded[j..].starts_with(&want) {
                    return None;
                }
                push(&mut out, j, i, want.len(), k - i)?;
                (i, j) = (k, j + want.len());
                continue;
            }
        }
        if style == ScalarStyle::DoubleQuoted && c == b'\\' {
            let next = *r.get(i + 1)?;
            if next == b'\n' || next == b'\r' {
                // An escaped line break: it and the next line's indentation vanish.
                let mut k = i
                    + 1
                    + if r[i + 1..].starts_with(b"\r\n") {
                        2
                    } else {
                        1
                    };
                while matches!(r.get(k), Some(b' ' | b'\t')) {
                    k += 1;
                }
                push(&mut out, j, i, 0, k - i)?;
                i = k;
                continue;
            }
            let raw_len = match next {
                b'x' => 4,
                b'u' => 6,
                b'U' => 10,
                _ => 2,
            };
            let ch = decoded[j..].chars().next()?;
            push(&mut out, j, i, ch.len_utf8(), raw_len)?;
            (i, j) = (i + raw_len, j + ch.len_utf8());
            continue;
        }
        if style == ScalarStyle::SingleQuoted && r[i..].starts_with(b"''") {
            if d[j] != b'\'' {
                return None;
            }
            push(&mut out, j, i, 1, 2)?;
            (i, j) = (i + 2, j + 1);
            continue;
        }
        let ch = raw.get(i..)?.chars().next()?;
        if !decoded[j..].starts_with(ch) {
            return None;
        }
        i += ch.len_utf8();
        j += ch.len_utf8();
    }
    Some(out)
}

/// From `r[i]`, the end of a run of whitespace that holds line breaks, and how many breaks. With
/// `indent`, only that many spaces after each break belong to the run (block scalars: more
/// indented text is content); without, all blanks do (flow scalars fold them away).
fn line_breaks(r: &[u8], mut i: usize, indent: Option<usize>) -> (usize, usize) {
    let mut breaks = 0;
    loop {
        if indent.is_none() {
            while matches!(r.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        match r.get(i) {
            Some(b'\r') if r.get(i + 1) == Some(&b'\n') => i += 2,
            Some(b'\n' | b'\r') => i += 1,
            _ => break,
        }
        breaks += 1;
        let limit = indent.unwrap_or(usize::MAX);
        let mut n = 0;
        while n < limit && matches!(r.get(i), Some(b' ')) {
            i += 1;
            n += 1;
        }
    }
    (i, breaks.max(1))
}

/// Records that decoded bytes `[j, j + decoded_len)` came from raw bytes `[i, i + raw_len)`.
/// Returns None when a length does not fit the map's fields (the caller falls back).
fn push(
    out: &mut Vec<Escape>,
    j: usize,
    i: usize,
    decoded_len: usize,
    raw_len: usize,
) -> Option<()> {
    // Two records at one decoded offset (an escaped line break right before another escape) are
    // merged, keeping decoded offsets strictly increasing.
    if let Some(last) = out.last_mut() {
        if last.decoded as usize == j && last.decoded_len == 0 {
            last.raw_len = u16::try_from(last.raw_len as usize + raw_len).ok()?;
            last.decoded_len = u8::try_from(decoded_len).ok()?;
            return Some(());
        }
    }
    out.push(Escape {
        decoded: u32::try_from(j).ok()?,
        raw: u32::try_from(i).ok()?,
        decoded_len: u8::try_from(decoded_len).ok()?,
        raw_len: u16::try_from(raw_len).ok()?,
    });
    Some(())
}

#[cfg(test)]
mod tests;
