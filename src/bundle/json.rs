//! A JSON parser that keeps the byte span of every key and value and recovers from the mistakes
//! people make when they paste rules from docs and chats.
//!
//! Why our own parser rather than a crate: we need, at once, (1) spans for every key and value,
//! (2) *all* members of an object including duplicate keys (serde_json and eKuiper keep only the
//! last one, silently), (3) the escape map of every string so that diagnostics inside nested JSON
//! strings can be mapped back to the file, and (4) recovery that reports `//`/`#`/`/* */`
//! comments, trailing commas, single quotes, missing commas and a second document pasted after the
//! first, each precisely, and still returns a tree for the rest of the file. The spanned crates we
//! weighed give a subset (jsonc-parser: spans, comments and trailing commas but stops at the first
//! real error and keeps no escape offsets; json-spanned-value: spans only, serde's error model).
//! The grammar is small, so owning it costs ~600 lines and lets us hold the speed budget (see
//! `benches/load.rs` and docs/performance.md: measured against `serde_json::from_slice::<Value>`).
//!
//! The parser is iterative (an explicit stack, no recursion), so deeply nested input cannot
//! overflow the call stack.
//!
//! Why one file of ~1,400 lines: the tree types, the scanner and the recovering state machine are
//! one unit; the hot loop (`Parser::value`, the string scanner) is measured code whose parts
//! inline into each other, and splitting it would only spread one state machine over files.

use crate::source::edit::Edit;
use crate::source::source_map::{Escape, EscapeMap, StoredEscapes};
use crate::source::span::Span;

/// A parsed JSON value with its span (the span of a string includes its quotes).
#[derive(Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

/// Copying a deeply nested tree recursively would overflow the stack (a file kind's view copies
/// the parsed document, a YAML alias copies its anchor), so the copy is built with a work list:
/// each container is assembled once copies of all its children are done.
impl Clone for Node {
    fn clone(&self) -> Self {
        enum Step<'a> {
            Copy(&'a Node),
            Assemble(&'a Node),
        }
        let mut steps = vec![Step::Copy(self)];
        let mut done: Vec<Node> = Vec::new();
        while let Some(step) = steps.pop() {
            match step {
                Step::Copy(node) => match &node.value {
                    Value::Array(items) => {
                        steps.push(Step::Assemble(node));
                        steps.extend(items.iter().rev().map(Step::Copy));
                    }
                    Value::Object(members) => {
                        steps.push(Step::Assemble(node));
                        steps.extend(members.iter().rev().map(|m| Step::Copy(&m.value)));
                    }
                    // A leaf: its own clone does not recurse.
                    leaf => done.push(Node {
                        span: node.span,
                        value: leaf.clone(),
                    }),
                },
                Step::Assemble(node) => {
                    let value = match &node.value {
                        Value::Array(items) => {
                            Value::Array(done.split_off(done.len() - items.len()))
                        }
                        Value::Object(members) => {
                            let values = done.split_off(done.len() - members.len());
                            Value::Object(
                                members
                                    .iter()
                                    .zip(values)
                                    .map(|(m, value)| Member {
                                        key: m.key.clone(),
                                        key_span: m.key_span,
                                        value,
                                    })
                                    .collect(),
                            )
                        }
                        _ => unreachable!("only containers are assembled"),
                    };
                    done.push(Node {
                        span: node.span,
                        value,
                    });
                }
            }
        }
        done.pop().expect("the copy of the root")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number; its text is the node's span. eKuiper's sections never hold numbers, so the value
    /// is parsed only where a lint needs it.
    Number,
    String(JsonString),
    Array(Vec<Node>),
    /// Members in file order, duplicates included.
    Object(Vec<Member>),
    /// Something that is not JSON; the syntax issue that explains it is in [`Document::issues`].
    Invalid,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: JsonString,
    /// Span of the key literal, quotes included.
    pub key_span: Span,
    pub value: Node,
}

/// A decoded string and where its escape sequences were.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonString {
    pub value: String,
    escapes: StoredEscapes,
    /// Bytes from the start of the literal to its first content byte: 1 after an opening quote,
    /// 0 for an unquoted key or a plain YAML scalar.
    content_offset: u8,
    /// Left undecoded by [`parse_holding_rules`]: `value` is empty, [`decode_string`] gives it.
    held: bool,
}

impl JsonString {
    /// The map from bytes of [`JsonString::value`] to the text this literal was parsed from, given
    /// the span of the literal (quotes included).
    pub fn escape_map(&self, literal: Span) -> EscapeMap<'_> {
        EscapeMap::of(literal.start + self.content_offset as usize, &self.escapes)
    }

    /// A string whose content starts `content_offset` bytes into its literal and whose decoded
    /// bytes came from the literal as `escapes` say.
    pub fn new(value: String, escapes: Vec<Escape>, content_offset: u8) -> Self {
        JsonString {
            value,
            escapes: StoredEscapes::new(escapes),
            content_offset,
            held: false,
        }
    }

    /// The span of the literal's content (its quotes left out), given the literal's span.
    pub fn content_span(&self, literal: Span) -> Span {
        let start = literal.start + self.content_offset as usize;
        Span::new(
            start,
            literal
                .end
                .saturating_sub(self.content_offset as usize)
                .max(start),
        )
    }

    /// Whether the string was left undecoded ([`parse_holding_rules`]).
    pub fn is_held(&self) -> bool {
        self.held
    }
}

/// Dropping a deeply nested tree recursively would overflow the stack, so children are moved to
/// a heap-allocated work list and dropped one at a time.
impl Drop for Node {
    fn drop(&mut self) {
        fn take_children(value: &mut Value, into: &mut Vec<Node>) {
            match value {
                Value::Array(items) => into.append(items),
                Value::Object(members) => into.extend(members.drain(..).map(|m| m.value)),
                _ => {}
            }
        }
        let nested = match &self.value {
            Value::Array(items) => items.iter().any(Node::is_container),
            Value::Object(members) => members.iter().any(|m| m.value.is_container()),
            _ => false,
        };
        if !nested {
            // Children are leaves: the ordinary drop cannot go deep.
            return;
        }
        let mut pending = Vec::new();
        take_children(&mut self.value, &mut pending);
        while let Some(mut node) = pending.pop() {
            take_children(&mut node.value, &mut pending);
        }
    }
}

impl Node {
    fn is_container(&self) -> bool {
        matches!(self.value, Value::Array(_) | Value::Object(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(&s.value),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The first member named `key` (exact match).
    pub fn get(&self, key: &str) -> Option<&Member> {
        self.as_object()?.iter().find(|m| m.key.value == key)
    }

    /// The member eKuiper's decoder reads into the field `key` of a Go struct (a rule, its
    /// options, ...): keys match without regard to case, and the last one wins.
    pub fn field(&self, key: &str) -> Option<&Member> {
        self.as_object()?
            .iter()
            .rev()
            .find(|m| m.key.value.eq_ignore_ascii_case(key))
    }

    /// JSON pointer (RFC 6901) of the innermost value at byte `offset` of this node's text: the
    /// member whose key or value holds it, the element that holds it, down to a leaf.
    pub fn pointer_at(&self, offset: usize) -> String {
        let mut pointer = String::new();
        let mut node = self;
        loop {
            let next = match &node.value {
                Value::Object(members) => members
                    .iter()
                    .find(|m| {
                        m.key_span.start <= offset && offset < m.value.span.end.max(m.key_span.end)
                    })
                    .map(|m| (crate::bundle::escape_pointer(&m.key.value), &m.value)),
                Value::Array(items) => items
                    .iter()
                    .position(|n| n.span.start <= offset && offset < n.span.end)
                    .map(|i| (i.to_string(), &items[i])),
                _ => None,
            };
            let Some((token, child)) = next else {
                return pointer;
            };
            pointer.push('/');
            pointer.push_str(&token);
            node = child;
        }
    }

    /// This node and every node below it, parents before children, in document order (without
    /// recursion: JSON can nest deeper than the call stack).
    pub fn descendants(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            match &node.value {
                Value::Object(members) => stack.extend(members.iter().rev().map(|m| &m.value)),
                Value::Array(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
            Some(node)
        })
    }

    /// The value at JSON pointer `pointer` (RFC 6901) below this node. With duplicate keys, the
    /// last member wins, as in eKuiper's decoder.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                Value::Object(members) => {
                    &members.iter().rev().find(|m| m.key.value == token)?.value
                }
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// What a JSON type is called in messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Invalid => "invalid JSON",
        }
    }
}

/// Kinds of syntax problems. All of them make eKuiper's decoder (Go `encoding/json`) reject the
/// document; the kinds other than `Invalid` are ones we recover from exactly, so the rest of the
/// file is still checked as the author meant it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SyntaxKind {
    /// Not JSON at this point (unexpected character, unterminated string, missing comma, ...).
    #[default]
    Invalid,
    /// A `//`, `#` or `/* */` comment.
    Comment,
    /// A comma right before `}` or `]`.
    TrailingComma,
    /// A string in single quotes.
    SingleQuote,
    /// A second JSON value after the first one (two documents pasted one after the other).
    ExtraValue,
    /// A UTF-8 byte-order mark before the document.
    ByteOrderMark,
    /// A string that holds a JSON document whose quotes are not escaped (`"{"id": "r1"}"`): a
    /// rule pasted into a bundle as it is.
    UnescapedQuotes,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyntaxIssue {
    pub kind: SyntaxKind,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// A mechanical correction, where one is unambiguous.
    pub fix: Option<Edit>,
    /// A second place that explains this one (where an unclosed bracket was opened, ...).
    pub related: Option<(Span, String)>,
}

/// A parsed text: usually one value; more when documents were pasted one after the other.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub values: Vec<Node>,
    pub issues: Vec<SyntaxIssue>,
}

impl Document {
    pub fn has_errors(&self) -> bool {
        !self.issues.is_empty()
    }
}

/// Bytes that can appear in a string literal as they are: not a quote, a backslash or a
/// control character.
static PLAIN_STRING_BYTE: [bool; 256] = {
    let mut table = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = false;
        b += 1;
    }
    table[b'"' as usize] = false;
    table[b'\'' as usize] = false;
    table[b'\\' as usize] = false;
    table
};

/// Where the run of [`PLAIN_STRING_BYTE`]s that starts at `from` ends. Most of a bundle is the
/// text of its rules, scanned here once when the file is parsed and again when each rule is
/// decoded, so it is read eight bytes at a time: each test below marks a byte's high bit when
/// the byte is special, and can also mark bytes after a marked one (a borrow carries upwards)
/// but never before it, so the lowest mark is the first special byte.
fn plain_run_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // Bytes below `n` (n <= 0x80): subtracting underflows exactly those.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    let equal = |x: u64, b: u8| below(x ^ (ONES * u64::from(b)), 1);
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let special = below(x, 0x20) | equal(x, b'"') | equal(x, b'\'') | equal(x, b'\\');
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && PLAIN_STRING_BYTE[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// Go's `encoding/json` refuses JSON nested deeper than this (`maxNestingDepth` in its scanner:
/// "exceeded max depth"), and eKuiper decodes bundles, rules and configs with it. The parser
/// itself has no depth limit (it is iterative); it reports the first container past this depth.
pub const GO_MAX_DEPTH: usize = 10_000;

/// Where a string literal whose content has an escape at `from` ends at the latest (its closing
/// quote `q`, the end of its line when `stop_at_line_break`, or the end of the text), and how many
/// escapes it holds at most. The decoded string is never longer than its literal.
fn escaped_extent(bytes: &[u8], from: usize, q: u8, stop_at_line_break: bool) -> (usize, usize) {
    let (mut i, mut count) = (from, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                count += 1;
                i += 2;
            }
            b'\n' | b'\r' if stop_at_line_break => return (i, count),
            b if b == q => return (i, count),
            _ => i += 1,
        }
    }
    (bytes.len(), count)
}

/// After this many issues in one text the parser stops reporting (binary garbage would otherwise
/// produce one issue per byte); the last issue says so.
const MAX_ISSUES: usize = 100;

/// Whether `text` is exactly one valid JSON value, as Go's `json.Valid` decides (eKuiper uses it
/// for JSON-valued options such as a stream's `EXTRA`).
pub fn is_valid(text: &str) -> bool {
    let doc = parse(text);
    doc.issues.is_empty() && doc.values.len() == 1
}

/// Parses `text`. Never fails: problems are in [`Document::issues`], and the tree holds everything
/// that could be recovered.
pub fn parse(text: &str) -> Document {
    Parser::new(text, false).parse()
}

/// Like [`parse`], leaving the rules of a bundle undecoded: each string value of the `rules`
/// member of a top-level object is checked (its syntax issues are reported) but not decoded,
/// and [`decode_string`] decodes it when its turn comes. A large bundle is mostly the text of
/// its rules: held, it is not kept twice.
pub fn parse_holding_rules(text: &str) -> Document {
    Parser::new(text, true).parse()
}

/// The string literal at `literal` of `text` (a span this module's parser gave), decoded as
/// the parser decodes it.
pub fn decode_string(text: &str, literal: Span) -> JsonString {
    let mut p = Parser::new(text, false);
    p.pos = literal.start;
    match p.peek() {
        Some(q @ (b'"' | b'\'')) => p.string(q, true).0,
        _ => JsonString::default(),
    }
}

impl<'t> Parser<'t> {
    fn new(text: &'t str, hold_rules: bool) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            issues: Vec::new(),
            suppressed: false,
            discarded: SyntaxIssue::default(),
            eof_reported: false,
            depth_reported: false,
            members: Vec::new(),
            items: Vec::new(),
            hold_rules,
        }
    }

    fn parse(mut self) -> Document {
        let values = self.document();
        let mut issues = self.issues;
        // Issues are found slightly out of text order (a single-quoted string is reported once
        // it is closed); report them in reading order.
        issues.sort_by_key(|i| (i.span.start, i.span.end));
        Document { values, issues }
    }
}

/// An open container. Its finished members (items) wait on the parser's shared stack from index
/// `first` on, and move into a vector of exactly their number when it closes: containers of
/// nested rules hold a few members each, and growing a vector per container would leave most of
/// every allocation unused (measured: a third of a bundle's memory, docs/performance.md).
enum Frame {
    Object {
        open: usize,
        first: usize,
        /// The key whose value is being parsed.
        key: Option<(JsonString, Span)>,
    },
    Array {
        open: usize,
        first: usize,
    },
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    issues: Vec<SyntaxIssue>,
    suppressed: bool,
    discarded: SyntaxIssue,
    eof_reported: bool,
    depth_reported: bool,
    /// Members and items of the open containers (see [`Frame`]).
    members: Vec<Member>,
    items: Vec<Node>,
    /// Leave the strings of a top-level `rules` object undecoded ([`parse_holding_rules`]).
    hold_rules: bool,
}

/// Whether a value read now is a member of the `rules` object of a top-level object: a rule
/// of a bundle.
fn in_rules(stack: &[Frame]) -> bool {
    match stack {
        [Frame::Object {
            key: Some((key, _)),
            ..
        }, Frame::Object { .. }] => {
            super::SectionKind::from_key(&key.value) == Some(super::SectionKind::Rules)
        }
        _ => false,
    }
}

/// Bytes that end a run of garbage: structure and string starts.
fn is_structural(b: u8) -> bool {
    matches!(
        b,
        b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"' | b'\'' | b' ' | b'\t' | b'\n' | b'\r'
    )
}

fn starts_value(b: u8) -> bool {
    matches!(b, b'{' | b'[' | b'"' | b'\'' | b'-' | b'0'..=b'9') || b.is_ascii_alphabetic()
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Records an issue and returns it for the caller to add help or a fix. Past [`MAX_ISSUES`]
    /// the issue goes to a scratch slot that is never reported.
    fn issue(
        &mut self,
        kind: SyntaxKind,
        span: Span,
        message: impl Into<String>,
    ) -> &mut SyntaxIssue {
        let issue = SyntaxIssue {
            kind,
            span,
            message: message.into(),
            help: None,
            fix: None,
            related: None,
        };
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(issue);
            return self.issues.last_mut().expect("just pushed");
        }
        if !self.suppressed {
            self.suppressed = true;
            self.issues.push(SyntaxIssue {
                message: format!(
                    "too many syntax errors: only the first {MAX_ISSUES} are reported"
                ),
                help: Some(
                    "fix these first: later errors are often consequences of earlier ones".into(),
                ),
                ..issue.clone()
            });
        }
        self.discarded = issue;
        &mut self.discarded
    }

    fn document(&mut self) -> Vec<Node> {
        if self.text.starts_with('\u{feff}') {
            let span = Span::new(0, 3);
            let i = self.issue(
                SyntaxKind::ByteOrderMark,
                span,
                "a UTF-8 byte-order mark starts the document",
            );
            i.help = Some("eKuiper's JSON decoder rejects a byte-order mark; save the file as UTF-8 without BOM".into());
            i.fix = Some(Edit {
                span,
                text: String::new(),
            });
            self.pos = 3;
        }
        // Almost always exactly one value (every rule and config of a bundle is a document).
        let mut values = Vec::with_capacity(1);
        loop {
            // Past the issue limit nothing more is reported, and no further document is read
            // either: garbage would otherwise become thousands of documents, each a finding.
            if self.suppressed && !values.is_empty() {
                break;
            }
            self.skip_trivia();
            let Some(b) = self.peek() else { break };
            if !values.is_empty() {
                if starts_value(b) {
                    let first: &Node = &values[0];
                    let first_span = first.span;
                    // The first document may be recovered garbage that starts with any
                    // character: the label covers that whole character.
                    let first_char = first_span.start
                        + self.text[first_span.start..]
                            .chars()
                            .next()
                            .map_or(0, char::len_utf8);
                    let i = self.issue(
                        SyntaxKind::ExtraValue,
                        Span::new(self.pos, self.pos + 1),
                        "a second JSON document starts here, after the end of the first",
                    );
                    i.help = Some("a bundle is one JSON object: merge the two (eKuiper rejects the file as it is)".into());
                    i.related = Some((
                        Span::new(first_span.start, first_char),
                        "the first document starts here".into(),
                    ));
                } else {
                    self.garbage("after the end of the document");
                    continue;
                }
            }
            values.push(self.value());
        }
        if values.is_empty() {
            let end = self.bytes.len();
            self.issue(
                SyntaxKind::Invalid,
                Span::empty(end),
                "expected a JSON value, found nothing",
            )
            .help =
                Some("a bundle is a JSON object such as {\"streams\": {}, \"rules\": {}}".into());
        }
        values
    }

    /// Skips whitespace and comments (reporting each comment).
    fn skip_trivia(&mut self) {
        loop {
            while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                self.pos += 1;
            }
            let start = self.pos;
            match (self.peek(), self.bytes.get(self.pos + 1).copied()) {
                (Some(b'/'), Some(b'/')) | (Some(b'#'), _) => {
                    let end = self.bytes[start..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(self.bytes.len(), |n| start + n);
                    // A CRLF line ending is not part of the comment.
                    let end = if end > start && self.bytes[end - 1] == b'\r' {
                        end - 1
                    } else {
                        end
                    };
                    self.pos = end;
                    self.comment(Span::new(start, end));
                }
                (Some(b'/'), Some(b'*')) => match self.text[start + 2..].find("*/") {
                    Some(n) => {
                        self.pos = start + 2 + n + 2;
                        self.comment(Span::new(start, self.pos));
                    }
                    None => {
                        self.pos = self.bytes.len();
                        let i = self.issue(
                            SyntaxKind::Invalid,
                            Span::new(start, start + 2),
                            "this comment is never closed with `*/`",
                        );
                        i.help = Some("JSON has no comments at all; remove it".into());
                    }
                },
                _ => return,
            }
        }
    }

    fn comment(&mut self, span: Span) {
        let fix = self.comment_removal(span);
        let i = self.issue(SyntaxKind::Comment, span, "JSON does not allow comments");
        i.help = Some("eKuiper's decoder rejects the file; remove the comment, or move the note into a rule's `name` or a tag".into());
        i.fix = Some(fix);
    }

    /// What removing a comment removes: the comment, the blanks before it on its line, and,
    /// when nothing else is on its line, the whole line with its line break (no blank line is
    /// left where the comment was).
    fn comment_removal(&self, span: Span) -> Edit {
        let is_blank = |b: u8| b == b' ' || b == b'\t';
        let bytes = self.bytes;
        let mut start = span.start;
        while start > 0 && is_blank(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = span.end;
        while end < bytes.len() && is_blank(bytes[end]) {
            end += 1;
        }
        let line_start = start == 0 || bytes[start - 1] == b'\n';
        let line_end = end == bytes.len() || matches!(bytes[end], b'\n' | b'\r');
        let removed = |span| Edit {
            span,
            text: String::new(),
        };
        if line_start && line_end {
            // The whole line, with its line break.
            if bytes.get(end) == Some(&b'\r') {
                end += 1;
            }
            if bytes.get(end) == Some(&b'\n') {
                end += 1;
            }
            removed(Span::new(start, end))
        } else if line_end {
            // After a value: the blanks before it go too.
            removed(Span::new(start, end))
        } else {
            // Between two words (`1/* x */2`), a space keeps them apart.
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_';
            let apart = span.start > 0
                && word(bytes[span.start - 1])
                && span.end < bytes.len()
                && word(bytes[span.end]);
            // Between blanks (`a, /* x */ b`), the blanks after it go too.
            let after = if start < span.start { end } else { span.end };
            Edit {
                span: Span::new(span.start, after),
                text: if apart { " ".into() } else { String::new() },
            }
        }
    }

    /// Reports and skips a run of bytes that cannot start anything valid here.
    fn garbage(&mut self, context: &str) {
        let start = self.pos;
        let mut end = start + 1;
        while end < self.bytes.len() && !is_structural(self.bytes[end]) {
            end += 1;
        }
        end = self.char_boundary(end);
        self.pos = end;
        let found = &self.text[start..end];
        self.issue(
            SyntaxKind::Invalid,
            Span::new(start, end),
            format!("unexpected `{}` {context}", truncate(found, 40)),
        );
    }

    fn char_boundary(&self, mut at: usize) -> usize {
        while at < self.bytes.len() && !self.text.is_char_boundary(at) {
            at += 1;
        }
        at.min(self.bytes.len())
    }

    /// Parses one value (with everything nested in it) iteratively.
    fn value(&mut self) -> Node {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            // Phase 1: read a scalar, or open a container and go on to its first element.
            self.skip_trivia();
            let start = self.pos;
            let mut done = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    stack.push(Frame::Object {
                        open: start,
                        first: self.members.len(),
                        key: None,
                    });
                    self.check_depth(stack.len(), start);
                    match self.member_start(&mut stack) {
                        true => continue 'value,
                        false => self.close(&mut stack),
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    stack.push(Frame::Array {
                        open: start,
                        first: self.items.len(),
                    });
                    self.check_depth(stack.len(), start);
                    self.skip_trivia();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.close(&mut stack)
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') if self.unescaped_document(start).is_some() => {
                    self.unescaped_document_value(start)
                }
                Some(q @ (b'"' | b'\'')) => {
                    // A single-quoted string is decoded anyway: its fix quotes the decoded text.
                    let decode = q == b'\'' || !self.hold_rules || !in_rules(&stack);
                    let (s, span) = self.string(q, decode);
                    Node {
                        span,
                        value: Value::String(s),
                    }
                }
                Some(b'-' | b'0'..=b'9' | b'+' | b'.') => self.number(),
                Some(b) if b.is_ascii_alphabetic() => self.word(),
                None => {
                    // The file ends where a value should be: say which bracket is left open.
                    match stack.last() {
                        Some(Frame::Object { open, .. }) => self.unclosed(b'}', *open),
                        Some(Frame::Array { open, .. }) => self.unclosed(b']', *open),
                        None => {
                            self.issue(
                                SyntaxKind::Invalid,
                                Span::empty(start),
                                "expected a value, found the end of the file",
                            );
                        }
                    }
                    Node {
                        span: Span::empty(start),
                        value: Value::Invalid,
                    }
                }
                Some(b @ (b'}' | b']' | b',' | b':')) => {
                    self.issue(
                        SyntaxKind::Invalid,
                        Span::new(start, start + 1),
                        format!("expected a value, found `{}`", b as char),
                    );
                    Node {
                        span: Span::empty(start),
                        value: Value::Invalid,
                    }
                }
                Some(_) => {
                    self.garbage("where a value was expected");
                    Node {
                        span: Span::new(start, self.pos),
                        value: Value::Invalid,
                    }
                }
            };
            // Phase 2: hand the finished value to its container and see what follows it.
            loop {
                match stack.last_mut() {
                    None => return done,
                    Some(Frame::Array { open, .. }) => {
                        self.items.push(done);
                        let open = *open;
                        match self.after_element(b']', open) {
                            After::Next => continue 'value,
                            After::Close => done = self.close(&mut stack),
                        }
                    }
                    Some(Frame::Object { key, open, .. }) => {
                        let open = *open;
                        if let Some((key, key_span)) = key.take() {
                            self.members.push(Member {
                                key,
                                key_span,
                                value: done,
                            });
                        }
                        match self.after_element(b'}', open) {
                            After::Next => {
                                if self.member_start(&mut stack) {
                                    continue 'value;
                                }
                                done = self.close(&mut stack);
                            }
                            After::Close => done = self.close(&mut stack),
                        }
                    }
                }
            }
        }
    }

    /// Reports, once per text, a container opened at `open` deeper than eKuiper's decoder reads.
    fn check_depth(&mut self, depth: usize, open: usize) {
        if depth <= GO_MAX_DEPTH || self.depth_reported {
            return;
        }
        self.depth_reported = true;
        self.issue(
            SyntaxKind::Invalid,
            Span::new(open, open + 1),
            format!("JSON nested deeper than {GO_MAX_DEPTH} levels"),
        )
        .help = Some(format!(
            "eKuiper's JSON decoder stops at {GO_MAX_DEPTH} levels of arrays and objects (\"exceeded max depth\")"
        ));
    }

    /// Pops the innermost container and builds its node. The closing bracket, if any, has been
    /// consumed already; a container left open ends where parsing stopped.
    fn close(&mut self, stack: &mut Vec<Frame>) -> Node {
        let end = self.pos;
        match stack.pop().expect("close() with an open container") {
            Frame::Object { open, first, .. } => Node {
                span: Span::new(open, end),
                value: Value::Object(self.members.drain(first..).collect()),
            },
            Frame::Array { open, first } => Node {
                span: Span::new(open, end),
                value: Value::Array(self.items.drain(first..).collect()),
            },
        }
    }

    /// After an element or member value: a comma (maybe trailing) or the closer.
    fn after_element(&mut self, closer: u8, open: usize) -> After {
        loop {
            self.skip_trivia();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_trivia();
                    if self.peek() == Some(closer) {
                        let span = Span::new(comma, comma + 1);
                        let i = self.issue(SyntaxKind::TrailingComma, span, "trailing comma");
                        i.help = Some("JSON allows no comma after the last element; eKuiper's decoder rejects it".into());
                        i.fix = Some(Edit {
                            span,
                            text: String::new(),
                        });
                        self.pos += 1;
                        return After::Close;
                    }
                    return After::Next;
                }
                Some(b) if b == closer => {
                    self.pos += 1;
                    return After::Close;
                }
                None => {
                    self.unclosed(closer, open);
                    return After::Close;
                }
                Some(b @ (b'}' | b']')) => {
                    // The other closer: most likely this container was never closed.
                    let span = Span::new(self.pos, self.pos + 1);
                    self.issue(
                        SyntaxKind::Invalid,
                        span,
                        format!(
                            "expected `,` or `{}`, found `{}`",
                            closer as char, b as char
                        ),
                    )
                    .help = Some(format!("a `{}` is missing before this", closer as char));
                    return After::Close;
                }
                Some(b) if starts_value(b) => {
                    let at = self.pos;
                    let i = self.issue(
                        SyntaxKind::Invalid,
                        Span::new(at, self.char_boundary(at + 1)),
                        format!("expected `,` or `{}` before this value", closer as char),
                    );
                    i.help = Some("a comma is missing between two elements".into());
                    return After::Next;
                }
                Some(_) => self.garbage(&format!("where `,` or `{}` was expected", closer as char)),
            }
        }
    }

    /// Reports the end of the file inside a container opened at `open`. Only the innermost
    /// container is reported: the ones around it are open for the same reason.
    fn unclosed(&mut self, closer: u8, open: usize) {
        if self.eof_reported {
            return;
        }
        self.eof_reported = true;
        let end = self.bytes.len();
        let i = self.issue(
            SyntaxKind::Invalid,
            Span::empty(end),
            format!("unexpected end of file: `{}` expected", closer as char),
        );
        i.help = Some("the file may have been truncated".into());
        i.related = Some((Span::new(open, open + 1), "opened here".into()));
    }

    /// Reads an object key and its colon. Returns false when the object ends instead (`{}`), or
    /// when no key could be found before the closing brace or the end of the file.
    fn member_start(&mut self, stack: &mut [Frame]) -> bool {
        loop {
            self.skip_trivia();
            let start = self.pos;
            let key = match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return false;
                }
                None => {
                    let open = match stack.last() {
                        Some(Frame::Object { open, .. } | Frame::Array { open, .. }) => *open,
                        None => start,
                    };
                    self.unclosed(b'}', open);
                    return false;
                }
                Some(q @ (b'"' | b'\'')) => self.string(q, true),
                Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' => {
                    let end = start
                        + self.bytes[start..]
                            .iter()
                            .position(|&b| {
                                !(b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b == b'-')
                            })
                            .unwrap_or(self.bytes.len() - start);
                    self.pos = end;
                    let span = Span::new(start, end);
                    let word = &self.text[start..end];
                    let i = self.issue(
                        SyntaxKind::Invalid,
                        span,
                        format!("object key `{word}` is not quoted"),
                    );
                    i.help = Some("JSON keys are strings in double quotes".into());
                    i.fix = Some(Edit {
                        span,
                        text: format!("\"{word}\""),
                    });
                    (JsonString::new(word.to_string(), Vec::new(), 0), span)
                }
                Some(_) => {
                    self.garbage("where an object key was expected");
                    continue;
                }
            };
            self.skip_trivia();
            if self.peek() == Some(b':') {
                self.pos += 1;
            } else {
                let at = self.pos;
                self.issue(
                    SyntaxKind::Invalid,
                    Span::new(key.1.end, key.1.end),
                    "expected `:` after the object key",
                )
                .help = Some(format!("found {} instead", describe(self.text, at)));
            }
            if let Some(Frame::Object { key: slot, .. }) = stack.last_mut() {
                *slot = Some(key);
            }
            return true;
        }
    }

    /// Reads a string literal in quote `q` (`"` or `'`), decoding escapes.
    /// Reads a string literal; without `decode`, its syntax is checked but its value is left
    /// empty (held, see [`parse_holding_rules`]).
    fn string(&mut self, q: u8, decode: bool) -> (JsonString, Span) {
        let open = self.pos;
        let content = open + 1;
        let full = self.scan_string(content, q, false, decode);
        // A string that runs over a line break is accepted as one string (with the line break
        // reported) only if what follows its closing quote fits; otherwise the quote most likely
        // opens the next string, and this one was never closed.
        let closed = match full.end {
            Some(end) if full.saw_line_break => self.fits_after_string(end),
            Some(_) => true,
            None => false,
        };
        let scan = if closed {
            full
        } else {
            self.scan_string(content, q, true, decode)
        };
        let end = scan.end.expect("a line-bounded scan always ends");
        for (span, message, help) in scan.problems {
            self.issue(SyntaxKind::Invalid, span, message).help = help;
        }
        if !closed {
            self.issue(
                SyntaxKind::Invalid,
                Span::new(open, open + 1),
                "this string is never closed",
            )
            .help = Some(format!(
                "add the closing {} quote",
                if q == b'"' { "double" } else { "single" }
            ));
        }
        self.pos = end;
        let span = Span::new(open, end);
        self.finish_single_quote(q, span, &scan.value);
        (scan.value, span)
    }

    /// The closing quote of a string value opened at `open` that holds a JSON document with its
    /// quotes left unescaped: the string would end at its first inner quote, but from `open` to
    /// the last quote of the line (before an optional comma) is a JSON object or array. None for
    /// anything else.
    fn unescaped_document(&self, open: usize) -> Option<usize> {
        let line_end = self.bytes[open..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| open + i);
        let line = &self.bytes[open..line_end];
        let trimmed = line.trim_ascii_end();
        let trimmed = trimmed
            .strip_suffix(b",")
            .unwrap_or(trimmed)
            .trim_ascii_end();
        let close = open + trimmed.len().checked_sub(1)?;
        if close <= open + 1 || self.bytes[close] != b'"' {
            return None;
        }
        let inner = &self.bytes[open + 1..close];
        let starts_document = matches!(inner.trim_ascii_start().first(), Some(b'{' | b'['));
        let escaped_anywhere = inner.windows(2).any(|w| w == b"\\\"");
        (starts_document
            && !escaped_anywhere
            && inner.contains(&b'"')
            && serde_json::from_slice::<serde::de::IgnoredAny>(inner).is_ok())
        .then_some(close)
    }

    /// The value of [`Self::unescaped_document`]'s string: its text as it is (the document
    /// eKuiper was meant to get), with one finding whose fix escapes the quotes.
    fn unescaped_document_value(&mut self, open: usize) -> Node {
        let close = self
            .unescaped_document(open)
            .expect("checked by the caller");
        let inner = &self.text[open + 1..close];
        let escaped = inner.replace('\\', "\\\\").replace('"', "\\\"");
        let i = self.issue(
            SyntaxKind::UnescapedQuotes,
            Span::new(open, close + 1),
            "this string holds JSON whose quotes are not escaped",
        );
        i.help = Some(
            "inside a JSON string every `\"` of the JSON it holds is written `\\\"` (as `kuiper export data` writes it); it is read here as if it were"
                .into(),
        );
        i.fix = Some(Edit {
            span: Span::new(open + 1, close),
            text: escaped,
        });
        self.pos = close + 1;
        Node {
            span: Span::new(open, close + 1),
            value: Value::String(JsonString::new(inner.to_string(), Vec::new(), 1)),
        }
    }

    /// Whether the next significant byte after `at` can follow a string.
    fn fits_after_string(&self, at: usize) -> bool {
        let next = self.bytes[at..]
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        matches!(next, None | Some(b',' | b':' | b'}' | b']'))
    }

    fn finish_single_quote(&mut self, q: u8, span: Span, s: &JsonString) {
        if q != b'\'' {
            return;
        }
        let i = self.issue(
            SyntaxKind::SingleQuote,
            span,
            "strings must use double quotes, not single quotes",
        );
        i.help = Some("eKuiper's decoder rejects single-quoted strings".into());
        i.fix = Some(Edit {
            span,
            text: serde_json::to_string(&s.value).unwrap_or_default(),
        });
    }

    /// Scans and decodes a string whose content starts at `content`, up to its closing quote, or
    /// (when `stop_at_line_break`) up to the end of its line.
    fn scan_string(
        &self,
        content: usize,
        q: u8,
        stop_at_line_break: bool,
        decode: bool,
    ) -> Scanned {
        let bytes = self.bytes;
        let mut value = String::new();
        let mut escapes = Vec::new();
        let mut problems = Vec::new();
        let mut saw_line_break = false;
        let mut i = content;
        let mut run = content;
        let (end, value_end) = loop {
            // Most bytes need no attention: skip them in a tight loop.
            i = plain_run_end(bytes, i);
            let Some(&b) = bytes.get(i) else {
                break (stop_at_line_break.then_some(i), i);
            };
            match b {
                _ if b == q => break (Some(i + 1), i),
                b'\n' | b'\r' if stop_at_line_break => break (Some(i), i),
                b'\\' => {
                    // A held string (`!decode`) is only checked: no value, no escape offsets.
                    if decode && escapes.is_empty() {
                        // The first escape: size both vectors once for the whole string (a rule is
                        // a string of a few hundred bytes with dozens of `\"`), rather than let
                        // them grow, which leaves up to half of each allocation unused.
                        let (raw_end, count) = escaped_extent(bytes, i, q, stop_at_line_break);
                        value.reserve(raw_end - content);
                        escapes.reserve_exact(count);
                    }
                    // A rule's text is mostly `\"`: two-byte escapes skip the general decoder.
                    let (decoded, raw_len, problem) =
                        match bytes.get(i + 1).and_then(|&next| short_escape(next, q)) {
                            Some(c) => (c, 2, None),
                            None => decode_escape(&self.text[i..], q),
                        };
                    if let Some((msg, help)) = problem {
                        problems.push((
                            Span::new(i, self.char_boundary(i + raw_len.max(1))),
                            msg,
                            help,
                        ));
                    }
                    if decode {
                        value.push_str(&self.text[run..i]);
                        escapes.push(Escape {
                            decoded: value.len() as u32,
                            raw: (i - content) as u32,
                            decoded_len: decoded.len_utf8() as u8,
                            raw_len: raw_len as u16,
                        });
                        value.push(decoded);
                    }
                    i += raw_len;
                    run = i;
                }
                0..=0x1f => {
                    saw_line_break |= b == b'\n';
                    let (what, esc) = match b {
                        b'\n' => ("a line break".to_string(), "\\n".to_string()),
                        b'\t' => ("a tab".to_string(), "\\t".to_string()),
                        b'\r' => ("a carriage return".to_string(), "\\r".to_string()),
                        _ => (
                            format!("control character U+{b:04X}"),
                            format!("\\u{b:04x}"),
                        ),
                    };
                    problems.push((
                        Span::new(i, i + 1),
                        format!("{what} inside a string"),
                        Some(format!(
                            "JSON strings cannot contain raw control characters; write `{esc}`"
                        )),
                    ));
                    i += 1;
                }
                _ => i += 1,
            }
        };
        let value = if decode {
            value.push_str(&self.text[run..value_end]);
            JsonString::new(value, escapes, 1)
        } else {
            JsonString {
                held: true,
                content_offset: 1,
                ..JsonString::default()
            }
        };
        Scanned {
            value,
            end,
            problems,
            saw_line_break,
        }
    }

    fn number(&mut self) -> Node {
        let start = self.pos;
        let mut end = start;
        while end < self.bytes.len()
            && matches!(self.bytes[end], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E' | b'x' | b'X' | b'a'..=b'd' | b'f' | b'A'..=b'D' | b'F')
        {
            end += 1;
        }
        self.pos = end;
        let span = Span::new(start, end);
        let text = &self.text[start..end];
        if let Some(problem) = number_problem(text) {
            self.issue(
                SyntaxKind::Invalid,
                span,
                format!("`{text}` is not a valid JSON number"),
            )
            .help = Some(problem.into());
            return Node {
                span,
                value: Value::Invalid,
            };
        }
        Node {
            span,
            value: Value::Number,
        }
    }

    fn word(&mut self) -> Node {
        let start = self.pos;
        let end = start
            + self.bytes[start..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                .unwrap_or(self.bytes.len() - start);
        self.pos = end;
        let span = Span::new(start, end);
        let value = match &self.text[start..end] {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            other => {
                let help = match other {
                    "True" | "TRUE" => "JSON spells it `true`".to_string(),
                    "False" | "FALSE" => "JSON spells it `false`".to_string(),
                    "None" | "NULL" | "Null" | "nil" | "undefined" => {
                        "JSON spells an absent value `null`".to_string()
                    }
                    "NaN" | "Infinity" => "JSON has no NaN or Infinity".to_string(),
                    _ => "strings must be in double quotes".to_string(),
                };
                let i = self.issue(
                    SyntaxKind::Invalid,
                    span,
                    format!("`{}` is not a JSON value", truncate(other, 40)),
                );
                i.help = Some(help);
                Value::Invalid
            }
        };
        Node { span, value }
    }
}

enum After {
    Next,
    Close,
}

/// The result of scanning one string literal.
struct Scanned {
    value: JsonString,
    /// Offset just past the literal; None if it was never closed.
    end: Option<usize>,
    /// Invalid escapes and raw control characters: (span, message, help).
    problems: Vec<(Span, String, Option<String>)>,
    saw_line_break: bool,
}

/// What is at `at`, for messages.
fn describe(text: &str, at: usize) -> String {
    match text[at..].chars().next() {
        None => "the end of the file".into(),
        Some(c) => format!("`{c}`"),
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Why `text` is not a JSON number, or None if it is one.
fn number_problem(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'+') {
        return Some("JSON numbers have no leading `+`");
    }
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => {
            i += 1;
            if matches!(b.get(i), Some(b'x' | b'X')) {
                return Some("JSON has no hexadecimal numbers");
            }
            if matches!(b.get(i), Some(b'0'..=b'9')) {
                return Some("JSON numbers have no leading zeros");
            }
        }
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        Some(b'.') => return Some("write a digit before the decimal point, e.g. `0.5`"),
        _ => return Some("expected a digit"),
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return Some("write a digit after the decimal point");
        }
        i += digits;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return Some("the exponent needs digits");
        }
        i += digits;
    }
    (i != b.len()).then_some("unexpected characters in a number")
}

/// Decodes the escape at the start of `s` (which begins with `\`): the decoded character, how many
/// bytes of `s` it used, and a problem (message, help) if it is not a valid JSON escape.
/// The character of a two-byte escape whose second byte is `next` (`\"`, `\n`, ...), inside a
/// string in quote `quote`.
fn short_escape(next: u8, quote: u8) -> Option<char> {
    match next {
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        b'/' => Some('/'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        // Only meaningful inside a single-quoted string, which is reported on its own.
        b'\'' if quote == b'\'' => Some('\''),
        _ => None,
    }
}

fn decode_escape(s: &str, quote: u8) -> (char, usize, Option<(String, Option<String>)>) {
    let b = s.as_bytes();
    if let Some(c) = b.get(1).and_then(|&next| short_escape(next, quote)) {
        return (c, 2, None);
    }
    if b.get(1) == Some(&b'u') {
        let Some(hi) = hex4(&b[2..]) else {
            return (
                '\u{fffd}',
                2,
                Some((
                    "invalid `\\u` escape: four hex digits must follow".into(),
                    None,
                )),
            );
        };
        // A high surrogate followed by `\uDC00`..`\uDFFF` is one character, as Go decodes it.
        if (0xD800..0xDC00).contains(&hi) && b.get(6) == Some(&b'\\') && b.get(7) == Some(&b'u') {
            if let Some(lo) = hex4(&b[8..]).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    .unwrap_or('\u{fffd}');
                return (c, 12, None);
            }
        }
        // Lone surrogates decode to U+FFFD in Go, without an error.
        return (char::from_u32(hi).unwrap_or('\u{fffd}'), 6, None);
    }
    let (shown, len) = match s[1..].chars().next() {
        Some(c) => (c.to_string(), 1 + c.len_utf8()),
        None => (String::new(), 1),
    };
    let help = match shown.as_str() {
        "'" => Some("in a double-quoted JSON string a single quote needs no backslash".to_string()),
        _ => Some("valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write `\\\\` for a backslash".to_string()),
    };
    let c = shown.chars().next().unwrap_or('\\');
    (
        c,
        len,
        Some((format!("invalid escape `\\{shown}` in a string"), help)),
    )
}

fn hex4(b: &[u8]) -> Option<u32> {
    let digits = b.get(..4)?;
    digits
        .iter()
        .try_fold(0u32, |acc, &d| Some(acc * 16 + (d as char).to_digit(16)?))
}

#[cfg(test)]
mod tests;
