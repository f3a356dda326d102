//! The lint registry. One lint per file under `lints/<family>/`; its doc comment is what
//! `kuiperlint explain CODE` prints, and [`REGISTRY`] is the only place codes are listed.
//!
//! Families: `B` bundle structure, `C` configs against schemas, `G` graph rules, `P` security,
//! `S` SQL, `X` cross-references. Codes are stable: a retired code is never reused.
//!
//! A lint's [`Check`] says which passes run it and hands it only the context that pass has.
//! Where an analysis sorts its problems into kinds, the family's `lint_for` names the lint of
//! each kind in one exhaustive `match`, so that a new kind does not compile without an owner.

pub mod bundle;
pub mod config;
pub mod graph_rule;
pub mod security;
pub mod sql;
pub mod xref;

use crate::analysis::pass::{OutlineContext, Pass, PassContext, WindowContext};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::span::Span;

/// A lint: its metadata and its check.
pub struct Lint {
    pub code: &'static str,
    /// Kebab-case name, e.g. `trailing-comma`.
    pub name: &'static str,
    /// One line for `kuiperlint rules`.
    pub summary: &'static str,
    /// The severity of its findings unless configured otherwise.
    pub severity: Severity,
    /// The raw doc comment (`///` lines, each starting with a space).
    pub doc_comment: &'static str,
    /// Which passes run it, and what it sees there.
    pub check: Check,
    /// Whether its findings may carry a fix, and the least safe such fix: `Some(Unsafe)` when
    /// some are unsafe (docs/fixes.md).
    pub fixable: Option<Applicability>,
}

/// A lint's check, by the passes it runs in. A file is checked in passes: its outline (the outer
/// document, every section and entry, rules undecoded, and the whole dependency graph) and then
/// its rules, a window of them at a time, so that a large bundle never holds every rule's tree
/// at once. Each pass hands a lint only the context it has: a lint of the outline cannot be run
/// in a window.
#[derive(Clone, Copy)]
pub enum Check {
    /// The outline only: the lint reports on the file as a whole, never on a rule's content.
    Outline(fn(&OutlineContext, &mut Vec<Diagnostic>)),
    /// The windows of rules only: the lint reports on what the rules decoded there refer to.
    Window(fn(&WindowContext, &mut Vec<Diagnostic>)),
    /// Every pass, the same way: the lint reports on what the pass decoded (the outline's
    /// entries, each window's rules).
    Everywhere(fn(&PassContext, &mut Vec<Diagnostic>)),
    /// Every pass, told which: the lint reports on what each pass decoded, and on the file as a
    /// whole in the outline or on what rules refer to in a window.
    EachPass(fn(Pass, &mut Vec<Diagnostic>)),
}

impl Lint {
    /// The documentation `explain` prints: the doc comment with its `///` indentation removed.
    pub fn doc(&self) -> String {
        doc_text(self.doc_comment)
    }

    /// A finding of this lint at `span` of the outer file.
    pub fn at(&'static self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            message: message.into(),
            span,
            path: String::new(),
            inner: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }
}

/// A doc comment as collected by `declare_lint!` (each line starting with the space after `///`)
/// as plain text.
pub fn doc_text(doc_comment: &str) -> String {
    let mut out = String::with_capacity(doc_comment.len());
    for line in doc_comment.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim().to_string() + "\n"
}

/// Declares a lint: the `///` comment above becomes its documentation.
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            check: $pass:ident($check:path)
            $(, fixable: $fixable:ident)? $(,)?
        };
    ) => {
        $vis static $ident: $crate::lints::Lint = $crate::lints::Lint {
            code: $code,
            name: $name,
            summary: $summary,
            severity: $crate::diagnostic::Severity::$severity,
            doc_comment: concat!($($doc, "\n"),*),
            check: $crate::lints::Check::$pass($check),
            fixable: $crate::lints::fixable!($($fixable)?),
        };
    };
}
pub(crate) use declare_lint;

/// The `fixable` of a lint declaration: `Safe`, `Unsafe`, or nothing.
macro_rules! fixable {
    () => {
        None
    };
    ($fixable:ident) => {
        Some($crate::diagnostic::Applicability::$fixable)
    };
}
pub(crate) use fixable;

/// Every lint, in code order.
pub static REGISTRY: &[&Lint] = &[
    &bundle::invalid_json::LINT,
    &bundle::json_comment::LINT,
    &bundle::trailing_comma::LINT,
    &bundle::single_quoted_string::LINT,
    &bundle::multiple_documents::LINT,
    &bundle::byte_order_mark::LINT,
    &bundle::not_a_bundle::LINT,
    &bundle::unknown_section::LINT,
    &bundle::section_key_case::LINT,
    &bundle::wrong_value_type::LINT,
    &bundle::invalid_encoded_json::LINT,
    &bundle::duplicate_key::LINT,
    &bundle::rule_id_mismatch::LINT,
    &bundle::wipes_server::LINT,
    &bundle::section_not_in_target::LINT,
    &bundle::yaml_conf_key::LINT,
    &config::unknown_property::LINT,
    &config::property_case::LINT,
    &config::wrong_type::LINT,
    &config::invalid_value::LINT,
    &config::missing_property::LINT,
    &config::invalid_shape::LINT,
    &config::no_schema::LINT,
    &config::mqtt_server_scheme::LINT,
    &config::unresolved_placeholder::LINT,
    &config::event_time_without_timestamp::LINT,
    &graph_rule::unknown_operator::LINT,
    &graph_rule::unknown_node::LINT,
    &graph_rule::unreachable_node::LINT,
    &graph_rule::graph_cycle::LINT,
    &graph_rule::sink_with_output::LINT,
    &graph_rule::source_with_input::LINT,
    &graph_rule::no_output::LINT,
    &graph_rule::not_a_source::LINT,
    &graph_rule::missing_node_prop::LINT,
    &graph_rule::invalid_node_prop::LINT,
    &graph_rule::source_stream_mismatch::LINT,
    &graph_rule::expression_syntax::LINT,
    &graph_rule::expression_unknown_function::LINT,
    &graph_rule::expression_wrong_arity::LINT,
    &graph_rule::invalid_expression::LINT,
    &graph_rule::io_mismatch::LINT,
    &security::plaintext_secret::LINT,
    &security::masked_secret::LINT,
    &security::insecure_download::LINT,
    &security::upload_path_escape::LINT,
    &security::insecure_skip_verify::LINT,
    &security::runs_code::LINT,
    &sql::sql_syntax::LINT,
    &sql::foreign_sql::LINT,
    &sql::trailing_semicolon::LINT,
    &sql::statement_count::LINT,
    &sql::window_misplaced::LINT,
    &sql::bad_window::LINT,
    &sql::nesting_too_deep::LINT,
    &sql::lexical_quirk::LINT,
    &sql::unknown_function::LINT,
    &sql::wrong_arity::LINT,
    &sql::bad_argument::LINT,
    &sql::aggregate_misplaced::LINT,
    &sql::function_misplaced::LINT,
    &sql::bad_alias::LINT,
    &sql::bad_limit::LINT,
    &sql::case_condition::LINT,
    &sql::join_problem::LINT,
    &sql::window_source_mismatch::LINT,
    &sql::ambiguous_literal::LINT,
    &sql::unknown_stream::LINT,
    &sql::unknown_field::LINT,
    &sql::ambiguous_field::LINT,
    &sql::bad_field_type::LINT,
    &sql::duplicate_field::LINT,
    &sql::unknown_option::LINT,
    &sql::duplicate_option::LINT,
    &sql::bad_option_value::LINT,
    &sql::missing_option_comma::LINT,
    &sql::option_not_for_kind::LINT,
    &sql::timestamp_field_missing::LINT,
    &sql::option_conflict::LINT,
    &sql::source_name_mismatch::LINT,
    &sql::temp_source::LINT,
    &xref::unknown_conf_key::LINT,
    &xref::unknown_resource_id::LINT,
    &xref::unknown_connection::LINT,
    &xref::unknown_schema::LINT,
    &xref::unknown_plugin_type::LINT,
    &xref::unused_entry::LINT,
    &xref::duplicate_source::LINT,
];

/// Finds a lint by code (case-insensitive) or by name.
pub fn find(code_or_name: &str) -> Option<&'static Lint> {
    REGISTRY
        .iter()
        .copied()
        .find(|l| l.code.eq_ignore_ascii_case(code_or_name) || l.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_documented() {
        let mut prev = "";
        for lint in REGISTRY {
            assert!(
                lint.code > prev,
                "{} is out of order or repeated",
                lint.code
            );
            prev = lint.code;
            let doc = lint.doc();
            for heading in [
                "## What it does",
                "## Why it matters",
                "## Example",
                "## How to fix",
            ] {
                assert!(doc.contains(heading), "{} lacks `{heading}`", lint.code);
            }
            assert!(!lint.summary.is_empty());
            assert_eq!(find(lint.code).map(|l| l.code), Some(lint.code));
            assert_eq!(find(lint.name).map(|l| l.code), Some(lint.code));
        }
    }
}
