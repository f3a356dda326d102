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
            shown: masked(displayable(&r.source.text), &r.masked),
            window: options.width.saturating_sub(GUTTER).max(30),
            crops: Default::default(),
        };
        for d in &r.diagnostics {
            let view = View::new(d, &r.source, &source);
            source
                .crops
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clear();
            let mut report = String::new();
            // Writing to a String cannot fail; a span miette cannot read is clamped in View::new.
            let _ = handler.render_report(&mut report, &view);
            out.push_str(&mark_crops(report, &source));
            out.push('\n');
        }
    }
    if !options.summary {
        return super::redact(out, reports);
    }
    let c = counts(reports);
    // Files read as something kuiperlint does not check are not "found clean".
    let files = reports.iter().filter(|r| r.kind.is_checked()).count();
    if files == 0 && !reports.is_empty() {
        out.push_str("Nothing checked: no file is eKuiper configuration\n");
        return super::redact(out, reports);
    }
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
    /// Characters of a line a snippet shows: the output width less the gutter. A longer line is
    /// shown as a window of this many characters around its labels.
    window: usize,
    /// The windows shown while rendering the current report, and whether text was cut off on
    /// the left and on the right: [`mark_crops`] puts a `…` there.
    crops: std::sync::Mutex<Vec<(std::ops::Range<usize>, bool, bool)>>,
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

/// Columns the snippet's gutter (`  12 │ `) and margin take.
const GUTTER: usize = 12;
/// `text` with every secret replaced by `*`, byte for byte (offsets stay valid), before a
/// snippet can cut one in two: the masking of the rendered output then misses the half.
fn masked<'t>(text: Cow<'t, str>, secrets: &[String]) -> Cow<'t, str> {
    if !secrets.iter().any(|s| text.contains(s.as_str())) {
        return text;
    }
    let mut out = text.into_owned();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), &"*".repeat(s.len()));
        }
    }
    Cow::Owned(out)
}

/// Characters of context kept before the first label of a window, at most.
const WINDOW_BEFORE: usize = 40;

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

    /// `[start, end)` widened to about `self.window` characters within `line`: context on both
    /// sides, and all of the room on one side when the other side of the line ends first.
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
        let label = text[start..end].chars().count();
        let after = text[end..line.end].chars().count();
        let room = self.window.saturating_sub(label);
        // Context before the label: a third of the room, or more when the line ends sooner.
        let before = (room / 3)
            .min(WINDOW_BEFORE)
            .max(room.saturating_sub(after));
        let left = text[line.start..start]
            .char_indices()
            .rev()
            .nth(before.saturating_sub(1))
            .map_or(line.start, |(i, _)| line.start + i);
        let used = text[left..end].chars().count();
        let right = text[end..line.end]
            .char_indices()
            .nth(self.window.saturating_sub(used).max(10))
            .map_or(line.end, |(i, _)| end + i);
        left..right
    }
}

/// `report` with each cropped snippet line marked: its first character replaced by `…` where
/// text was cut off on the left (one narrow character for another, so the underline below stays
/// aligned), and `…` after its last where text was cut off on the right.
fn mark_crops(mut report: String, source: &NamedText<'_>) -> String {
    let mut crops = source
        .crops
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    // miette reads a window once per label on the line: mark it once.
    crops.sort_by_key(|(w, _, _)| (w.start, w.end));
    crops.dedup();
    for (window, left, right) in crops.iter() {
        let Some(shown) = source.shown.get(window.clone()) else {
            continue;
        };
        let Some(at) = report.find(shown).filter(|_| !shown.is_empty()) else {
            continue;
        };
        let mut marked = shown.to_string();
        if *right {
            marked.push('…');
        }
        if *left {
            if let Some(first) = marked.chars().next().filter(char::is_ascii_graphic) {
                marked.replace_range(..first.len_utf8(), "…");
            } else if marked.starts_with(' ') {
                marked.replace_range(..1, "…");
            }
        }
        report.replace_range(at..at + shown.len(), &marked);
    }
    report
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
        let long = first_range.len() > self.window
            && text[first_range.clone()].chars().count() > self.window;
        if first == last && long {
            let window = self.window(first_range.clone(), start, end);
            self.crops.lock().unwrap_or_else(|p| p.into_inner()).push((
                window.clone(),
                window.start > first_range.start,
                window.end < first_range.end,
            ));
            return Ok(Box::new(self.contents(window, 1)));
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
        let max_label = source.window;
        let clamp = |s: Span| {
            let start = s.start.min(file.text.len());
            let end = s.end.clamp(start, file.text.len());
            // A label within one line is underlined over at most a window's characters: its
            // start shows where it is, and a 100 MB string underlined whole would take seconds
            // and gigabytes to render.
            let end = match file.text.get(start..end) {
                Some(label) if !label.contains('\n') => label
                    .char_indices()
                    .nth(max_label)
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
        match entry_of(&self.d.path) {
            // In a bundle of 2,000 rules the snippet often crops the rule's id out of sight.
            Some((noun, name)) if !self.d.message.contains(&format!("`{name}`")) => {
                write!(f, "{} in {noun} `{name}`: {}", self.d.code, self.d.message)
            }
            _ => write!(f, "{}: {}", self.d.code, self.d.message),
        }
    }
}

/// The entry a finding's pointer is in (`/rules/too_hot/...` is rule `too_hot`), if any.
fn entry_of(path: &str) -> Option<(&'static str, String)> {
    let mut tokens = path.strip_prefix('/')?.split('/');
    let section = crate::bundle::SectionKind::from_key(tokens.next()?)?;
    let mut name = tokens.next()?.replace("~1", "/").replace("~0", "~");
    // As in messages: a control character in a name is shown escaped, never sent raw.
    crate::engine::escape_controls(&mut name);
    Some((section.entry_noun(), name))
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
