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

/// The escapes of one string literal as a parsed string keeps them, in one boxed slice of
/// words (as small as a slice of [`Escape`]s in the string). Most strings that have escapes at
/// all have only two-byte ones that decode to one byte (`\"`, `\\`, `\n`, ...: a rule in a
/// bundle has dozens of `\"`): their decoded offsets say everything, in a third of the memory.
/// Other lists are kept whole: a [`PACKED`] word, then three words per escape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoredEscapes(Box<[u32]>);

/// First word of a [`StoredEscapes`] that keeps whole escapes (no decoded offset is this large:
/// strings are shorter than 4 GiB).
const PACKED: u32 = u32::MAX;

impl StoredEscapes {
    /// The escapes of a literal, in order, as its parser found them.
    pub fn new(escapes: Vec<Escape>) -> Self {
        // Two-byte escapes only: the k-th then starts k bytes after its decoded offset.
        let short = escapes.iter().enumerate().all(|(k, e)| {
            e.decoded_len == 1
                && e.raw_len == 2
                && e.raw as usize == e.decoded as usize + k
                && e.decoded != PACKED
        });
        if short {
            return StoredEscapes(escapes.iter().map(|e| e.decoded).collect());
        }
        let mut words = Vec::with_capacity(1 + 3 * escapes.len());
        words.push(PACKED);
        for e in &escapes {
            words.extend([
                e.decoded,
                e.raw,
                u32::from(e.decoded_len) | u32::from(e.raw_len) << 8,
            ]);
        }
        StoredEscapes(words.into_boxed_slice())
    }

    fn borrow(&self) -> Escapes<'_> {
        match self.0.split_first() {
            Some((&PACKED, words)) => Escapes::Packed(words),
            _ => Escapes::Short(&self.0),
        }
    }
}

/// The escapes an [`EscapeMap`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Escapes<'a> {
    Any(&'a [Escape]),
    /// Decoded offsets of two-byte escapes.
    Short(&'a [u32]),
    /// Three words per escape, as [`StoredEscapes`] packs them.
    Packed(&'a [u32]),
}

impl Default for Escapes<'_> {
    fn default() -> Self {
        Escapes::Any(&[])
    }
}

impl Escapes<'_> {
    fn len(&self) -> usize {
        match self {
            Escapes::Any(e) => e.len(),
            Escapes::Short(d) => d.len(),
            Escapes::Packed(w) => w.len() / 3,
        }
    }

    fn get(&self, k: usize) -> Escape {
        match self {
            Escapes::Any(e) => e[k],
            Escapes::Short(d) => Escape {
                decoded: d[k],
                raw: d[k] + k as u32,
                decoded_len: 1,
                raw_len: 2,
            },
            Escapes::Packed(w) => Escape {
                decoded: w[3 * k],
                raw: w[3 * k + 1],
                decoded_len: w[3 * k + 2] as u8,
                raw_len: (w[3 * k + 2] >> 8) as u16,
            },
        }
    }
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
    escapes: Escapes<'a>,
}

impl<'a> EscapeMap<'a> {
    pub fn new(content_start: usize, escapes: &'a [Escape]) -> Self {
        debug_assert!(escapes.windows(2).all(|w| w[0].decoded < w[1].decoded));
        EscapeMap {
            content_start,
            escapes: Escapes::Any(escapes),
        }
    }

    /// The map of a literal whose escapes are `escapes`.
    pub fn of(content_start: usize, escapes: &'a StoredEscapes) -> Self {
        EscapeMap {
            content_start,
            escapes: escapes.borrow(),
        }
    }

    fn map(&self, decoded: usize, side: Side) -> usize {
        let escapes = self.escapes;
        // The last escape that starts at or before `decoded`: escapes are in decoded order.
        let (mut lo, mut hi) = (0, escapes.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if escapes.get(mid).decoded as usize <= decoded {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let i = lo;
        let raw = if i == 0 {
            decoded
        } else {
            let e = escapes.get(i - 1);
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

    /// The offset of a decoded text of `decoded_len` bytes that `offset` of the file falls on
    /// (the last one that maps at or before it): where an editor's cursor is inside a string.
    pub fn from_file(&self, decoded_len: usize, offset: usize) -> usize {
        // The map is monotonic: a binary search over the decoded offsets.
        let (mut lo, mut hi) = (0, decoded_len);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if self.to_file(Span::empty(mid)).start <= offset {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
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
                let escapes = match m.escapes {
                    Escapes::Short(offsets) => Escapes::Short(Vec::leak(offsets.to_vec())),
                    Escapes::Packed(words) => Escapes::Packed(Vec::leak(words.to_vec())),
                    Escapes::Any(escapes) => Escapes::Any(Vec::leak(escapes.to_vec())),
                };
                (
                    s.value.clone(),
                    EscapeMap {
                        content_start: m.content_start + at,
                        escapes,
                    },
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

    #[test]
    fn short_escapes_map_like_the_full_list() {
        // `\"`, `\\`, `\n` and `\/` only: stored as decoded offsets, mapped as the full list maps.
        let text = r#""a\"b\\\\c\n\/\"\"d e\\""#;
        let doc = json::parse(text);
        let Value::String(s) = &doc.values[0].value else {
            panic!("not a string")
        };
        let short = s.escape_map(doc.values[0].span);
        assert!(matches!(short.escapes, Escapes::Short(_)), "{short:?}");
        let mut full = Vec::new();
        let (mut raw, bytes) = (0, text.as_bytes());
        for (decoded, _) in s.value.char_indices() {
            if bytes[1 + raw] == b'\\' {
                full.push(Escape {
                    decoded: decoded as u32,
                    raw: raw as u32,
                    decoded_len: 1,
                    raw_len: 2,
                });
                raw += 2;
            } else {
                raw += 1;
            }
        }
        assert_eq!(
            StoredEscapes::new(full.clone()).0,
            full.iter().map(|e| e.decoded).collect()
        );
        let full = EscapeMap::new(1, &full);
        let n = s.value.len();
        for start in 0..=n {
            for end in start..=n {
                let span = Span::new(start, end);
                assert_eq!(short.map_span(span), full.map_span(span), "{span:?}");
            }
        }
    }

    #[test]
    fn other_escapes_keep_the_full_list() {
        let doc = json::parse(r#""\"\u00e9\"""#);
        let Value::String(s) = &doc.values[0].value else {
            panic!("not a string")
        };
        let map = s.escape_map(doc.values[0].span);
        assert!(
            matches!(map.escapes, Escapes::Packed(w) if w.len() == 9),
            "{map:?}"
        );
        // Unpacked, the same escapes.
        let words = match map.escapes {
            Escapes::Packed(w) => w,
            _ => unreachable!(),
        };
        let escapes: Vec<Escape> = (0..3).map(|k| Escapes::Packed(words).get(k)).collect();
        assert_eq!(
            escapes
                .iter()
                .map(|e| (e.raw, e.raw_len))
                .collect::<Vec<_>>(),
            [(0, 2), (2, 6), (8, 2)]
        );
    }
}
