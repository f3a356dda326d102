//! A finding is data: code, severity, message, where, and what to do about it. Rendering happens
//! once, at the edge (`report`).

use std::fmt;
use std::str::FromStr;

use crate::source::edit::Edit;
use crate::source::span::Span;

/// How serious a finding is. Ordered: `Hint < Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Style or spelling that eKuiper accepts.
    Hint,
    /// Worth knowing; nothing will break.
    Info,
    /// The import succeeds but does not do what the file says (data silently dropped, ...).
    Warning,
    /// eKuiper rejects this (the whole import, or this entry).
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "hint" => Ok(Severity::Hint),
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(format!(
                "unknown severity `{s}` (hint, info, warning, error)"
            )),
        }
    }
}

/// A secondary location with its own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Span in the outer file.
    pub span: Span,
    pub message: String,
}

/// Whether a fix keeps the meaning of the file (docs/fixes.md). Ordered: `Unsafe < Safe`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// May change what the file means (a did-you-mean rename): applied only with
    /// `--unsafe-fixes`.
    Unsafe,
    /// Keeps the meaning, or makes the file say what it evidently meant where eKuiper would
    /// refuse it: applied by `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A mechanical correction of the outer file: edits in file coordinates (through every level of
/// string escaping), sorted and not overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// Where a finding sits inside the decoded JSON of a bundle entry: the JSON pointer of the
/// innermost value at the finding (`/sql` for a rule's statement, empty for the whole document)
/// and the span in the entry's decoded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InnerLocation {
    pub pointer: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Primary span, in bytes of the outer file.
    pub span: Span,
    /// JSON pointer of the bundle entry (or value) the finding is about, e.g. `/rules/rule1`.
    pub path: String,
    pub inner: Option<InnerLocation>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    pub fn with_inner(mut self, pointer: impl Into<String>, span: Span) -> Self {
        self.inner = Some(InnerLocation {
            pointer: pointer.into(),
            span,
        });
        self
    }

    /// A safe fix: `check --fix` applies it.
    pub fn with_fix(self, message: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.with_fix_of(Applicability::Safe, message, edits)
    }

    /// An unsafe fix: applied only with `check --unsafe-fixes`.
    pub fn with_unsafe_fix(self, message: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.with_fix_of(Applicability::Unsafe, message, edits)
    }

    pub fn with_fix_of(
        mut self,
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Self {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        self.fix = Some(Fix {
            message: message.into(),
            edits,
            applicability,
        });
        self
    }
}
