//! `--format human`: miette's graphical reports, a snippet of the outer file with the label under
//! the exact characters.

use std::borrow::Cow;
use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::counts;
use crate::bundle::SourceFile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::FileReport;
use crate::source::span::Span;

#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap width of messages and help.
    pub width: usize,
    /// End with a line that counts the findings.
    pub summary: bool,
}

/// Renders every finding as a miette report, then a one-line summary.
pub fn render_human(reports: &[FileReport], options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let mut out = String::new();
    for r in reports {
        let source = NamedText {
            file: &r.source,
            shown: displayable(&r.source.text),
        };
        for d in &r.diagnostics {
            let view = View::new(d, &r.source, &source);
            // Writing to a String cannot fail; a span miette cannot read is clamped in View::new.
            let _ = handler.render_report(&mut out, &view);
            out.push('\n');
        }
    }
    if !options.summary {
        return super::redact(out, reports);
    }
    let c = counts(reports);
    let files = reports.len();
    out.push_str(&format!(
        "{} in {files} file{}\n",
        if c.total() == 0 {
            "No problems found".to_string()
        } else {
            format!("Found {}", c.describe())
        },
        if files == 1 { "" } else { "s" }
    ));
    super::redact(out, reports)
}

/// The outer file as miette reads it. Our own `read_span` rather than miette's for `str`:
/// positions come from our line index (columns in characters, like every other output; no scan
/// from the start of the file for each label), and a label on a very long line — a rule is often
/// one line of hundreds of characters — is shown in a window around it instead of the whole line.
struct NamedText<'a> {
    file: &'a SourceFile,
    /// The text the snippets show ([`displayable`]).
    shown: Cow<'a, str>,
}

/// A control character other than a line break or a tab.
fn is_hidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The file's text as snippets show it: each control character (line breaks and tabs aside)
/// replaced by a visible one of the same length in bytes, so that offsets and columns stay valid
/// and a file cannot drive the terminal that shows the report with its own escape sequences.
fn displayable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !is_hidden_control(c) => c,
                // C0 and DEL are one byte, C1 (U+0080..U+009F) two, as is `¿`.
                c if c.len_utf8() == 1 => '?',
                _ => '¿',
            })
            .collect(),
    )
}

/// Lines longer than this (in bytes) are shown as a window around the labels.
const LONG_LINE: usize = 150;
/// Characters of context kept before the first label of a window.
const WINDOW_BEFORE: usize = 40;
/// Total characters a window aims for.
const WINDOW_WIDTH: usize = 110;
/// Characters a label on one line is underlined over, at most.
const MAX_LABEL: usize = WINDOW_WIDTH;

impl NamedText<'_> {
    fn contents(&self, range: std::ops::Range<usize>, line_count: usize) -> MietteSpanContents<'_> {
        let at = self.file.position(range.start);
        MietteSpanContents::new_named(
            self.file.name.clone(),
            &self.shown.as_bytes()[range.clone()],
            SourceSpan::from(range),
            at.line - 1,
            at.column - 1,
            line_count,
        )
    }

    /// `[start, end)` widened by `before` characters to the left and to about WINDOW_WIDTH
    /// characters in all, within `line`.
    fn window(
        &self,
        line: std::ops::Range<usize>,
        start: usize,
        end: usize,
    ) -> std::ops::Range<usize> {
        let text = &self.file.text;
        // A span may run past the end of its line's text into the line ending (an unterminated
        // string up to the end of the file): the window stays within the line.
        let end = end.clamp(line.start, line.end);
        let start = start.clamp(line.start, end);
        let left = text[line.start..start]
            .char_indices()
            .rev()
            .nth(WINDOW_BEFORE.saturating_sub(1))
            .map_or(line.start, |(i, _)| line.start + i);
        let used = text[left..end].chars().count();
        let right = text[end..line.end]
            .char_indices()
            .nth(WINDOW_WIDTH.saturating_sub(used).max(10))
            .map_or(line.end, |(i, _)| end + i);
        left..right
    }
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = &self.file.text;
        let lines = self.file.lines();
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        let first = lines.line_of(start);
        let last = lines.line_of(end.saturating_sub(1).max(start));
        if before == 0 && after == 0 {
            // A position lookup (the `file:line:col` header): exactly the span.
            return Ok(Box::new(self.contents(start..end, last - first + 1)));
        }
        let first_range = lines.line_range(text, first);
        if first == last && first_range.len() > LONG_LINE {
            return Ok(Box::new(
                self.contents(self.window(first_range, start, end), 1),
            ));
        }
        let from = first.saturating_sub(before);
        let to = (last + after).min(lines.line_count() - 1);
        let range = lines.line_range(text, from).start..lines.line_range(text, to).end;
        Ok(Box::new(self.contents(range, to - from + 1)))
    }
}

/// One finding seen as a miette diagnostic.
struct View<'a> {
    d: &'a Diagnostic,
    source: &'a NamedText<'a>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl<'a> View<'a> {
    fn new(d: &'a Diagnostic, file: &SourceFile, source: &'a NamedText<'a>) -> Self {
        let clamp = |s: Span| {
            let start = s.start.min(file.text.len());
            let end = s.end.clamp(start, file.text.len());
            // A label within one line is underlined over at most MAX_LABEL characters: its
            // start shows where it is, and a 100 MB string underlined whole would take seconds
            // and gigabytes to render.
            let end = match file.text.get(start..end) {
                Some(label) if !label.contains('\n') => label
                    .char_indices()
                    .nth(MAX_LABEL)
                    .map_or(end, |(i, _)| start + i),
                _ => end,
            };
            SourceSpan::from(start..end)
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, clamp(d.span))];
        labels.extend(
            d.labels
                .iter()
                .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), clamp(l.span))),
        );
        // An unsafe fix says so: `--fix` alone does not apply it.
        let fix = d.fix.as_ref().map(|f| match f.applicability {
            crate::diagnostic::Applicability::Safe => format!("fix: {}", f.message),
            crate::diagnostic::Applicability::Unsafe => format!("unsafe fix: {}", f.message),
        });
        let help = match (&d.help, fix) {
            (Some(h), Some(f)) => Some(format!("{h}\n{f}")),
            (Some(h), None) => Some(h.clone()),
            (None, Some(f)) => Some(f),
            (None, None) => None,
        };
        View {
            d,
            source,
            labels,
            help,
        }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

/// The code leads the message (`× B003: trailing comma`), as in compilers' one-line headers;
/// miette's own code slot would put it on a line of its own.
impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.d.code, self.d.message)
    }
}

impl std::error::Error for View<'_> {}

impl MietteDiagnostic for View<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Hint => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
