//! `B`: bundle structure — the outer JSON, its sections, and the JSON encoded in their strings.

pub mod byte_order_mark;
pub mod duplicate_key;
pub mod invalid_encoded_json;
pub mod invalid_json;
pub mod json_comment;
pub mod multiple_documents;
pub mod not_a_bundle;
pub mod rule_id_mismatch;
pub mod section_key_case;
pub mod section_not_in_target;
pub mod single_quoted_string;
pub mod trailing_comma;
pub mod unknown_section;
pub mod wipes_server;
pub mod wrong_value_type;
pub mod yaml_conf_key;

use super::Lint;
use crate::analysis::pass::Pass;
use crate::bundle::json::{SyntaxIssue, SyntaxKind};
use crate::bundle::Entry;
use crate::diagnostic::Diagnostic;
use crate::source::source_map::SourceMap;

/// Where a syntax issue was found.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Level {
    /// The bundle file itself.
    Outer,
    /// A JSON document encoded in a string of the bundle (a rule, a config, ...).
    Encoded,
}

/// The lint that reports a syntax issue of this kind found at this level.
pub(crate) fn lint_for(kind: SyntaxKind, level: Level) -> &'static Lint {
    use Level::{Encoded, Outer};
    match (kind, level) {
        (SyntaxKind::Invalid | SyntaxKind::UnescapedQuotes, Outer) => &invalid_json::LINT,
        (SyntaxKind::Invalid | SyntaxKind::UnescapedQuotes, Encoded) => &invalid_encoded_json::LINT,
        (SyntaxKind::Comment, Outer | Encoded) => &json_comment::LINT,
        (SyntaxKind::TrailingComma, Outer | Encoded) => &trailing_comma::LINT,
        (SyntaxKind::SingleQuote, Outer | Encoded) => &single_quoted_string::LINT,
        (SyntaxKind::ExtraValue, Outer | Encoded) => &multiple_documents::LINT,
        (SyntaxKind::ByteOrderMark, Outer) => &byte_order_mark::LINT,
        (SyntaxKind::ByteOrderMark, Encoded) => &invalid_encoded_json::LINT,
    }
}

/// Reports, as findings of `lint`, the syntax issues it owns ([`lint_for`]): the outer file's in
/// the outline pass, and those of every JSON string of every bundle the pass decoded.
pub(crate) fn report_syntax(cx: Pass, lint: &'static Lint, out: &mut Vec<Diagnostic>) {
    let owns = |kind, level| std::ptr::eq(lint_for(kind, level), lint);
    // The outer document's issues once, in the outline pass; each pass its entries'.
    let outer = match cx {
        Pass::Outline(cx) => cx.file.document.issues.as_slice(),
        Pass::Window(_) => &[],
    };
    for issue in outer {
        if owns(issue.kind, Level::Outer) {
            out.push(syntax_diagnostic(lint, issue, &SourceMap::file(), None));
        }
    }
    for bundle in cx.bundles {
        for entry in bundle.entries() {
            let (Some(doc), Some(embedded)) = (&entry.json, &entry.embedded) else {
                continue;
            };
            for issue in &doc.issues {
                if owns(issue.kind, Level::Encoded) {
                    let pointer = doc
                        .values
                        .iter()
                        .find(|v| v.span.start <= issue.span.start && issue.span.start < v.span.end)
                        .map(|v| v.pointer_at(issue.span.start))
                        .unwrap_or_default();
                    out.push(syntax_diagnostic(
                        lint,
                        issue,
                        &embedded.map,
                        Some((entry, pointer)),
                    ));
                }
            }
        }
    }
}

fn syntax_diagnostic(
    lint: &'static Lint,
    issue: &SyntaxIssue,
    map: &SourceMap,
    entry: Option<(&Entry, String)>,
) -> Diagnostic {
    let span = map.to_file(issue.span);
    let mut d = match entry {
        None => lint.at(span, issue.message.clone()),
        Some((e, pointer)) => lint
            .at(
                span,
                format!(
                    "{} (in the JSON of {} `{}`)",
                    issue.message,
                    e.section.entry_noun(),
                    e.name()
                ),
            )
            .with_path(e.pointer())
            .with_inner(pointer, issue.span),
    };
    if let Some(help) = &issue.help {
        d = d.with_help(help.clone());
    }
    if let Some((span, message)) = &issue.related {
        d = d.with_label(map.to_file(*span), message.clone());
    }
    if let Some(edit) = &issue.fix {
        d = d.with_fix(fix_title(issue.kind), vec![map.edit(edit.span, &edit.text)]);
    }
    d
}

fn fix_title(kind: SyntaxKind) -> &'static str {
    match kind {
        SyntaxKind::Comment => "remove the comment",
        SyntaxKind::TrailingComma => "remove the trailing comma",
        SyntaxKind::SingleQuote => "use double quotes",
        SyntaxKind::ByteOrderMark => "remove the byte-order mark",
        SyntaxKind::Invalid | SyntaxKind::ExtraValue => "quote the key",
        SyntaxKind::UnescapedQuotes => "escape the inner quotes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::REGISTRY;

    /// Every kind of syntax issue (a new kind goes here as it goes into [`lint_for`]).
    const KINDS: &[SyntaxKind] = &[
        SyntaxKind::Invalid,
        SyntaxKind::Comment,
        SyntaxKind::TrailingComma,
        SyntaxKind::SingleQuote,
        SyntaxKind::ExtraValue,
        SyntaxKind::ByteOrderMark,
        SyntaxKind::UnescapedQuotes,
    ];

    /// The lints of the family that report syntax issues.
    const REPORT_SYNTAX: &[&Lint] = &[
        &invalid_json::LINT,
        &json_comment::LINT,
        &trailing_comma::LINT,
        &single_quoted_string::LINT,
        &multiple_documents::LINT,
        &byte_order_mark::LINT,
        &invalid_encoded_json::LINT,
    ];

    #[test]
    fn every_lint_that_reports_syntax_owns_a_kind() {
        for lint in REGISTRY.iter().filter(|l| l.code.starts_with('B')) {
            let owns = KINDS.iter().any(|k| {
                [Level::Outer, Level::Encoded]
                    .into_iter()
                    .any(|level| std::ptr::eq(lint_for(*k, level), *lint))
            });
            let reports = REPORT_SYNTAX.iter().any(|l| std::ptr::eq(*l, *lint));
            assert_eq!(owns, reports, "{} owns a kind: {owns}", lint.code);
        }
    }
}
