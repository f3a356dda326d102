//! Byte spans and the line index that turns them into 1-based line/column positions.

use std::ops::Range;

/// A half-open byte range `[start, end)` into one text (the outer file, or a decoded string).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values, as editors do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line of a text, for offset → line/column conversion.
///
/// Only `\n` ends a line, so a CRLF file gets the same line numbers as an LF one, and the `\r` is
/// simply the last character of its line. A UTF-8 byte-order mark is invisible to editors, so it
/// does not count as a column on line 1.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    bom_len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex {
            line_starts,
            bom_len,
        }
    }

    /// Position of byte `offset` in `text` (the text this index was built from). An offset inside a
    /// multi-byte character is counted as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let mut start = self.line_starts[line];
        if line == 0 {
            start = start.max(self.bom_len.min(offset));
        }
        let column = text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count()
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset in `text` of 1-based `line` and `column`, the column counted in characters
    /// from the start of the line as sqlparser's tokenizer counts them (a byte-order mark is a
    /// character there); clamped into the text. Line 0 is the start of the text.
    pub fn offset_of(&self, text: &str, line: usize, column: usize) -> usize {
        if line == 0 {
            return 0;
        }
        let Some(&start) = self.line_starts.get(line - 1) else {
            return text.len();
        };
        let end = self.line_starts.get(line).copied().unwrap_or(text.len());
        let col = column.saturating_sub(1);
        let line_text = &text[start..end];
        if line_text.is_ascii() {
            return (start + col).min(end);
        }
        match line_text.char_indices().nth(col) {
            Some((b, _)) => start + b,
            None => end,
        }
    }

    /// Byte range of 0-based `line` in `text`, without its line ending (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |&next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\néé x\r\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        // "x" is after two 2-byte characters and a space
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(text, x), Position { line: 2, column: 4 });
        let z = text.find('z').unwrap();
        assert_eq!(idx.position(text, z), Position { line: 3, column: 1 });
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn offsets_of_lines_and_character_columns() {
        let text = "ab\néé x\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset_of(text, 1, 2), 1);
        assert_eq!(idx.offset_of(text, 2, 4), text.find('x').unwrap());
        assert_eq!(idx.offset_of(text, 2, 99), text.find('z').unwrap());
        assert_eq!(idx.offset_of(text, 9, 1), text.len());
        assert_eq!(idx.offset_of(text, 0, 5), 0);
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}{}";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
    }
}
