//! Conversion of sqlparser `Location`s (1-based line, 1-based column in chars) to byte offsets.

use std::ops::Range;

use sqlparser::tokenizer::{Location, Span};

use crate::source::span::LineIndex;

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

/// Byte offset in `sql` of one of sqlparser's own locations (a tokenizer error), through the
/// text's line index; clamped into the text. Token and AST spans after `prepass::lex` carry byte
/// offsets instead: decode those with [`span_bytes`].
pub(crate) fn location_offset(idx: &LineIndex, sql: &str, loc: Location) -> usize {
    let number = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
    idx.offset_of(sql, number(loc.line), number(loc.column))
}

/// Byte range in `sql` of a span of sqlparser's own locations.
pub(crate) fn location_range(idx: &LineIndex, sql: &str, span: Span) -> Range<usize> {
    let s = location_offset(idx, sql, span.start);
    let e = location_offset(idx, sql, span.end).max(s);
    s..e
}
