//! Invariants shared by the fuzz targets. A broken invariant panics, which libFuzzer reports as a
//! crash and saves the input under `artifacts/<target>/`.

use std::ops::Range;

use kuiperlint::source::span::Span;
use kuiperlint::bundle::Embedded;

/// `range` is a valid slice of `text`: ordered, in bounds and on character boundaries, so that
/// renderers can cut snippets and compute columns from it.
pub fn assert_range(text: &str, range: Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what}: {range:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: {range:?} cuts a character"
    );
}

pub fn assert_span(text: &str, span: Span, what: &str) {
    assert_range(text, span.range(), what);
}

/// Every character of a decoded string maps back to the file through its source map: to the
/// same character when it was written plainly at every level, otherwise to the escape sequence
/// that produced it (which starts with a backslash).
pub fn assert_maps_back(file: &str, embedded: &Embedded<'_>, what: &str) {
    for (i, c) in embedded.text.char_indices() {
        let span = embedded.map.to_file(Span::new(i, i + c.len_utf8()));
        assert_span(file, span, what);
        let written = &file[span.range()];
        let mut buf = [0u8; 4];
        assert!(
            written == c.encode_utf8(&mut buf) || written.starts_with('\\'),
            "{what}: decoded {c:?} at {i} maps to {written:?} at {span:?}"
        );
    }
}

/// `span` is ordered and in bounds (it may cut a character).
pub fn assert_bounds(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: {span:?} outside a text of {} bytes",
        text.len()
    );
}

/// Every character of a decoded string maps to an ordered span within the file.
pub fn assert_within(file: &str, embedded: &Embedded<'_>, what: &str) {
    for (i, c) in embedded.text.char_indices() {
        assert_bounds(
            file,
            embedded.map.to_file(Span::new(i, i + c.len_utf8())),
            what,
        );
    }
}

/// Every string value inside a JSON text, as its raw text, for checks that look for a value in
/// machine-readable output whatever its encoding there.
pub fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.push(k.clone());
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
}
