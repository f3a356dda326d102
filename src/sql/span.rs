//! Conversion of sqlparser `Location`s (1-based line, 1-based column in chars) to byte offsets.

use std::ops::Range;

use sqlparser::tokenizer::{Location, Span};

/// Line start table of one SQL text.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Per line: `true` when the line is pure ASCII (column = byte offset).
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        let ascii = (0..starts.len())
            .map(|l| {
                let s = starts[l];
                let e = starts.get(l + 1).copied().unwrap_or(text.len());
                text.as_bytes()[s..e].is_ascii()
            })
            .collect();
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    /// Byte offset of a location; clamped into the text.
    pub(crate) fn offset(&self, loc: Location) -> usize {
        if loc.line == 0 {
            return 0;
        }
        let line = (loc.line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let col = (loc.column as usize).saturating_sub(1);
        if self.ascii.get(line).copied().unwrap_or(false) {
            return (start + col).min(end);
        }
        let line_text = &self.text[start..end];
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
