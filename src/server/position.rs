//! Byte offsets of a text ↔ LSP positions (0-based line, column in the negotiated encoding's
//! code units: UTF-8 bytes, UTF-16 units or characters).

use lsp_types::{Position, PositionEncodingKind, Range};

use crate::source::span::{LineIndex, Span};

/// What a column counts (`positionEncoding`, negotiated in `initialize`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The client's first choice that we speak; UTF-16, the protocol's default, otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered
            .and_then(|o| o.first())
            .map(PositionEncodingKind::as_str)
        {
            Some("utf-8") => Encoding::Utf8,
            Some("utf-32") => Encoding::Utf32,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A text with its line index, for conversions both ways.
pub struct Lines<'t> {
    text: &'t str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        Lines {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The position of byte `offset` (clamped into the text; inside a character, that character).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.index.line_of(offset);
        let start = self.line_start(line);
        let column: usize = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`; a column past the end of its line is the line's end, a
    /// line past the end of the text is the text's end, a column inside a character is that
    /// character's start.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.index.line_count() {
            return self.text.len();
        }
        let start = self.line_start(line);
        let end = self.index.line_range(self.text, line).end;
        start + in_line(&self.text[start..end], position.character, self.encoding)
    }

    fn line_start(&self, line: usize) -> usize {
        // The range starts at the line's first byte (the byte-order mark included on line 0:
        // the client's text holds it too, if the file has one).
        if line == 0 {
            0
        } else {
            self.index.line_range(self.text, line).start
        }
    }
}

/// The byte offsets of `range` in `text`, clamped as [`Lines::offset`] clamps them (the end never
/// before the start), found without indexing every line: an edit of a large document needs
/// only these two.
pub fn offsets(text: &str, range: Range, encoding: Encoding) -> (usize, usize) {
    let (start_line, start) = offset_from(text, 0, 0, range.start, encoding);
    let end = match start_line {
        Some(line_start) if range.end.line >= range.start.line => {
            offset_from(text, line_start, range.start.line, range.end, encoding).1
        }
        _ => offset_from(text, 0, 0, range.end, encoding).1,
    };
    (start, end.max(start))
}

/// The byte offset of `position`, looked for from `at`, the start of line `line` (not after the
/// position's line), with the start of the position's line (None past the last line).
fn offset_from(
    text: &str,
    mut at: usize,
    mut line: u32,
    position: Position,
    encoding: Encoding,
) -> (Option<usize>, usize) {
    let mut newlines = memchr::memchr_iter(b'\n', &text.as_bytes()[at..]);
    let base = at;
    while line < position.line {
        match newlines.next() {
            Some(i) => at = base + i + 1,
            None => return (None, text.len()),
        }
        line += 1;
    }
    let rest = &text[at..];
    let mut end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    if rest[..end].ends_with('\r') {
        end -= 1;
    }
    (
        Some(at),
        at + in_line(&rest[..end], position.character, encoding),
    )
}

/// The byte offset in `line` of column `character`: the line's end past it, the start of a
/// character it falls inside.
fn in_line(line: &str, character: u32, encoding: Encoding) -> usize {
    let mut units = 0usize;
    for (at, c) in line.char_indices() {
        let next = units + encoding.units(c);
        if next > character as usize {
            return at;
        }
        units = next;
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_past_an_emoji_and_cjk_counts_utf16_units() {
        // 😀 is 4 bytes, 2 UTF-16 units, 1 character; 温 is 3 bytes, 1 unit, 1 character.
        let text = "{\n  \"😀温\": bad\n}";
        let at = text.find("bad").unwrap();
        let utf16 = Lines::new(text, Encoding::Utf16);
        assert_eq!(utf16.position(at), Position::new(1, 9));
        assert_eq!(utf16.offset(Position::new(1, 9)), at);
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(at), Position::new(1, 13));
        assert_eq!(utf8.offset(Position::new(1, 13)), at);
        let utf32 = Lines::new(text, Encoding::Utf32);
        assert_eq!(utf32.position(at), Position::new(1, 8));
        assert_eq!(utf32.offset(Position::new(1, 8)), at);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\r\ncd";
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.offset(Position::new(0, 99)), 2);
        assert_eq!(lines.offset(Position::new(7, 0)), text.len());
        assert_eq!(lines.position(text.len()), Position::new(1, 2));
        // Inside the surrogate pair of an emoji: the emoji's start.
        let emoji = Lines::new("x😀y", Encoding::Utf16);
        assert_eq!(emoji.offset(Position::new(0, 2)), 1);
        assert_eq!(emoji.offset(Position::new(0, 3)), 5);
    }

    #[test]
    fn offsets_of_a_range_are_those_of_the_whole_index() {
        let text = "\u{feff}{\r\n  \"😀温\": 1,\n\n é\n";
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let lines = Lines::new(text, encoding);
            for l1 in 0..7 {
                for c1 in 0..16 {
                    for (l2, c2) in [(l1, c1 + 1), (l1 + 1, 0), (l1 + 2, 3), (0, 2)] {
                        let (start, end) = (Position::new(l1, c1), Position::new(l2, c2));
                        let (a, b) = (lines.offset(start), lines.offset(end));
                        let expected = (a, b.max(a));
                        let got = offsets(text, Range::new(start, end), encoding);
                        assert_eq!(got, expected, "{encoding:?} {start:?}..{end:?}");
                        assert!(text.is_char_boundary(got.0) && text.is_char_boundary(got.1));
                    }
                }
            }
        }
    }

    #[test]
    fn negotiation_takes_the_clients_first_choice() {
        let k = |s: &[&str]| -> Vec<PositionEncodingKind> {
            s.iter()
                .map(|s| PositionEncodingKind::from(s.to_string()))
                .collect()
        };
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&k(&["utf-8", "utf-16"]))),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&k(&["utf-16", "utf-8"]))),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(Some(&k(&["utf-32"]))), Encoding::Utf32);
        assert_eq!(Encoding::negotiate(Some(&k(&["x-other"]))), Encoding::Utf16);
    }
}
