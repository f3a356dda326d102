//! Mapping offsets in decoded JSON strings back to the bytes of the file they came from.
//!
//! A rule is a JSON document encoded as a string inside the bundle, and its `sql` is a string inside
//! that: two levels of escaping. When we find a problem in the SQL we know its byte range in the
//! twice-decoded text; users need the line and column in `bundle.json`. An [`EscapeMap`] undoes one
//! level (decoded offset → offset in the text that held the literal); a [`SourceMap`] chains them.

use super::span::Span;

/// One escape sequence in a string literal: `raw_len` bytes of source (e.g. `\"`, `\u00e9`, a
/// surrogate pair) that decode to `decoded_len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Escape {
    /// Offset of the decoded bytes, relative to the start of the decoded string.
    pub decoded: u32,
    /// Offset of the escape in the literal, relative to the first byte after the opening quote.
    pub raw: u32,
    pub decoded_len: u8,
    pub raw_len: u16,
}

/// Which side of a span an offset is: an offset that falls inside the bytes produced by one escape
/// maps to the start of the escape when it starts a span and to its end when it ends one, so a span
/// never cuts an escape sequence in half.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Start,
    End,
}

/// Decoded-offset → literal-offset map of one string literal. Between escapes the mapping is a
/// plain shift, so only the escapes are stored (none at all for a string without backslashes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EscapeMap<'a> {
    /// Offset, in the containing text, of the first byte after the opening quote.
    content_start: usize,
    /// Borrowed from the parsed string: building a map copies nothing.
    escapes: &'a [Escape],
}

impl<'a> EscapeMap<'a> {
    pub fn new(content_start: usize, escapes: &'a [Escape]) -> Self {
        debug_assert!(escapes.windows(2).all(|w| w[0].decoded < w[1].decoded));
        EscapeMap {
            content_start,
            escapes,
        }
    }

    fn map(&self, decoded: usize, side: Side) -> usize {
        // The last escape that starts at or before `decoded`.
        let i = self
            .escapes
            .partition_point(|e| e.decoded as usize <= decoded);
        let raw = if i == 0 {
            decoded
        } else {
            let e = self.escapes[i - 1];
            let (d, r) = (e.decoded as usize, e.raw as usize);
            let d_end = d + e.decoded_len as usize;
            if decoded < d_end {
                // Inside the bytes of one escape: snap to its edge.
                match side {
                    Side::Start => r,
                    Side::End if decoded == d => r,
                    Side::End => r + e.raw_len as usize,
                }
            } else {
                r + e.raw_len as usize + (decoded - d_end)
            }
        };
        self.content_start + raw
    }

    /// The span in the containing text that produced `decoded` bytes of this string.
    pub fn map_span(&self, decoded: Span) -> Span {
        let start = self.map(decoded.start, Side::Start);
        let end = self.map(decoded.end, Side::End).max(start);
        Span::new(start, end)
    }
}

/// A chain of escape maps, innermost first: maps a span in a (possibly twice) decoded string to the
/// outer file. The empty chain is the identity (a span already in the file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap<'a> {
    levels: Vec<EscapeMap<'a>>,
}

impl<'a> SourceMap<'a> {
    /// The identity map: spans are already file spans.
    pub fn file() -> Self {
        SourceMap::default()
    }

    /// The map for a string literal found in the text that `self` maps: decode one more level.
    pub fn nested(&self, inner: EscapeMap<'a>) -> Self {
        let mut levels = Vec::with_capacity(self.levels.len() + 1);
        levels.push(inner);
        levels.extend_from_slice(&self.levels);
        SourceMap { levels }
    }

    pub fn depth(&self) -> usize {
        self.levels.len()
    }

    pub fn to_file(&self, span: Span) -> Span {
        self.levels
            .iter()
            .fold(span, |span, level| level.map_span(span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::json::{self, Value};

    /// Decodes a JSON string literal that starts at `at` in `text`, returning value and map.
    fn literal(text: &str, at: usize) -> (String, EscapeMap<'static>) {
        let doc = json::parse(&text[at..]);
        // Whatever follows the literal in `text` is not our concern.
        let end = doc.values[0].span.end;
        assert!(
            doc.issues.iter().all(|i| i.span.start >= end),
            "{:?}",
            doc.issues
        );
        match &doc.values[0].value {
            Value::String(s) => {
                let m = s.escape_map(doc.values[0].span);
                // The test keeps the map beyond the parsed document.
                let escapes: &'static [Escape] = Vec::leak(m.escapes.to_vec());
                (
                    s.value.clone(),
                    EscapeMap::new(m.content_start + at, escapes),
                )
            }
            other => panic!("not a string: {other:?}"),
        }
    }

    #[test]
    fn plain_string_is_a_shift() {
        let (s, map) = literal(r#"  "abc""#, 2);
        assert_eq!(s, "abc");
        assert_eq!(map.map_span(Span::new(1, 2)), Span::new(4, 5));
    }

    #[test]
    fn escapes_snap_to_their_edges() {
        // decoded: a " é 😀 b
        let text = r#""a\"\u00e9\ud83d\ude00b""#;
        let (s, map) = literal(text, 0);
        assert_eq!(s, "a\"é😀b");
        // the quote (decoded 1..2) is `\"` at 2..4
        assert_eq!(map.map_span(Span::new(1, 2)), Span::new(2, 4));
        // é (decoded 2..4) is `\u00e9` at 4..10
        assert_eq!(map.map_span(Span::new(2, 4)), Span::new(4, 10));
        // half of é still covers the whole escape
        assert_eq!(map.map_span(Span::new(3, 4)), Span::new(4, 10));
        // the emoji (4 bytes) is the 12-byte surrogate pair
        assert_eq!(map.map_span(Span::new(4, 8)), Span::new(10, 22));
        // b after it
        assert_eq!(map.map_span(Span::new(8, 9)), Span::new(22, 23));
        // empty span at end of string
        assert_eq!(map.map_span(Span::empty(9)), Span::empty(23));
    }

    #[test]
    fn two_levels_compose() {
        // outer file: {"r": "{\"sql\": \"SELECT \\\"x\\\"\"}"}
        let outer = r#"{"r": "{\"sql\": \"SELECT \\\"x\\\"\"}"}"#;
        let at = outer.find(": \"").unwrap() + 2;
        let (rule, level1) = literal(outer, at);
        assert_eq!(rule, r#"{"sql": "SELECT \"x\""}"#);
        let at2 = rule.find(": \"").unwrap() + 2;
        let (sql, level2) = literal(&rule, at2);
        assert_eq!(sql, r#"SELECT "x""#);
        let map = SourceMap::file().nested(level1).nested(level2);
        assert_eq!(map.depth(), 2);
        let x = sql.find('x').unwrap();
        let span = map.to_file(Span::new(x, x + 1));
        assert_eq!(&outer[span.range()], "x");
        let q = sql.find('"').unwrap();
        let span = map.to_file(Span::new(q, q + 1));
        assert_eq!(&outer[span.range()], r#"\\\""#);
    }
}
