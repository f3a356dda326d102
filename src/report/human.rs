//! `--format human`: miette's graphical reports, a snippet of the outer file with the label under
//! the exact characters.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::counts;
use crate::bundle::span::Span;
use crate::bundle::SourceFile;
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    pub color: bool,
    /// Wrap width of messages and help.
    pub width: usize,
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
            name: &r.source.name,
            text: &r.source.text,
        };
        for d in &r.diagnostics {
            let view = View::new(d, &r.source, &source);
            // Writing to a String cannot fail; a span miette cannot read is clamped in View::new.
            let _ = handler.render_report(&mut out, &view);
            out.push('\n');
        }
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
    out
}

/// The outer file as miette reads it, with its name.
struct NamedText<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let c = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            c.data(),
            *c.span(),
            c.line(),
            c.column(),
            c.line_count(),
        )))
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
            SourceSpan::from(start..s.end.clamp(start, file.text.len()))
        };
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, clamp(d.span))];
        labels.extend(
            d.labels
                .iter()
                .map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), clamp(l.span))),
        );
        let help = match (&d.help, &d.fix) {
            (Some(h), Some(f)) => Some(format!("{h}\nfix: {}", f.message)),
            (Some(h), None) => Some(h.clone()),
            (None, Some(f)) => Some(format!("fix: {}", f.message)),
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
