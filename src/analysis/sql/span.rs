//! Conversion of sqlparser `Location`s (1-based line, 1-based column in chars) to byte offsets.

use std::ops::Range;

use sqlparser::tokenizer::{Location, Span};

/// After lexing, every token's span carries byte offsets: line 1, column = byte offset + 1
/// (see `prepass::lex`). For a single-line ASCII text that is exactly sqlparser's own
/// location; otherwise the tokens were re-stamped. The parser copies token spans into the
/// AST and into its error messages, so all of them decode with [`span_bytes`].
pub(crate) fn byte_span(r: Range<usize>) -> Span {
    Span::new(
        Location::new(1, r.start as u64 + 1),
        Location::new(1, r.end as u64 + 1),
    )
}

/// Byte offset of a location stamped by [`byte_span`] (0 for the empty location).
pub(crate) fn byte_offset(loc: Location) -> usize {
    if loc.line == 0 {
        return 0;
    }
    usize::try_from(loc.column.saturating_sub(1)).unwrap_or(usize::MAX)
}

/// Byte range of a span stamped by [`byte_span`].
pub(crate) fn span_bytes(s: Span) -> Range<usize> {
    let start = byte_offset(s.start);
    start..byte_offset(s.end).max(start)
}

/// Line start table of one SQL text. Building it allocates only when the text has several
/// lines; a single-line ASCII text (the usual rule SQL) maps columns straight to bytes.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offsets where lines 2, 3, ... start (empty for a single line).
    starts: Vec<usize>,
    /// The whole text is ASCII (column = byte offset on every line).
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    /// Byte offset where 0-based line `l` starts.
    fn line_start(&self, l: usize) -> Option<usize> {
        match l {
            0 => Some(0),
            _ => self.starts.get(l - 1).copied(),
        }
    }

    /// Byte offset of one of sqlparser's own locations (a tokenizer error); clamped into the
    /// text. Token and AST spans after `prepass::lex` carry byte offsets instead: decode
    /// those with [`span_bytes`].
    pub(crate) fn offset(&self, loc: Location) -> usize {
        if loc.line == 0 {
            return 0;
        }
        let line = (loc.line as usize).saturating_sub(1);
        let Some(start) = self.line_start(line) else {
            return self.text.len();
        };
        let end = self.line_start(line + 1).unwrap_or(self.text.len());
        let col = (loc.column as usize).saturating_sub(1);
        let line_text = &self.text[start..end];
        if self.ascii || line_text.is_ascii() {
            return (start + col).min(end);
        }
        match line_text.char_indices().nth(col) {
            Some((b, _)) => start + b,
            None => end,
        }
    }

    pub(crate) fn range(&self, span: Span) -> Range<usize> {
        let s = self.offset(span.start);
        let e = self.offset(span.end).max(s);
        s..e
    }
}
