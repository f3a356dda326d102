//! Edits of a file, in file coordinates, made through any level of JSON string escaping: the one
//! edit engine of lint fixes and migrations.

use super::source_map::SourceMap;
use super::span::Span;

/// A replacement of the bytes of `span` by `text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl SourceMap<'_> {
    /// The edit of the file that replaces `span` of the mapped (decoded) text by `text`: the span
    /// mapped to the file, and the text escaped once per level of encoding it sits in, so that
    /// it decodes back to `text`.
    pub fn edit(&self, span: Span, text: &str) -> Edit {
        let text = (0..self.depth()).fold(text.to_string(), |t, _| encode_string_content(&t));
        Edit {
            span: self.to_file(span),
            text,
        }
    }
}

/// `text` escaped as the content of a JSON string literal (without the quotes).
pub fn encode_string_content(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted[1..quoted.len() - 1].to_string()
}

/// Applies sorted, non-overlapping edits, in one pass over the text (a fix in each of 10,000
/// rules must not move the rest of the file 10,000 times).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let added: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut at = 0;
    for e in edits {
        // (Overlapping edits are a caller's bug: the later one starts where the earlier ended.)
        let start = e.span.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(&e.text);
        at = e.span.end.max(start);
    }
    out.push_str(&text[at..]);
    out
}

/// The edits that turn `old` into `new`, a line each run of changed lines: for a file written
/// anew (a YAML bundle written back), so that the lines that stay the same are not touched and
/// a diff shows only the others.
pub fn line_edits(old: &str, new: &str) -> Vec<Edit> {
    let diff = similar::TextDiff::from_lines(old, new);
    let offsets = |lines: &[&str]| -> Vec<usize> {
        let mut at = vec![0];
        at.extend(lines.iter().scan(0, |end, l| {
            *end += l.len();
            Some(*end)
        }));
        at
    };
    let (old_at, new_at) = (offsets(diff.old_slices()), offsets(diff.new_slices()));
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .map(|op| {
            let (o, n) = (op.old_range(), op.new_range());
            Edit {
                span: Span::new(old_at[o.start], old_at[o.end]),
                text: new[new_at[n.start]..new_at[n.end]].to_string(),
            }
        })
        .collect()
}
