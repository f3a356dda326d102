//! The lint registry. One lint per file under `lints/<family>/`; its doc comment is what
//! `kuiperlint explain CODE` prints, and [`REGISTRY`] is the only place codes are listed.
//!
//! Families: `B` bundle structure, `C` configs against schemas, `G` graph rules, `P` security,
//! `S` SQL, `X` cross-references. Codes are stable: a retired code is never reused.

pub mod bundle;
pub mod config;
pub mod graph;
pub mod security;
pub mod sql;
pub mod xref;

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::bundle::span::Span;
use crate::bundle::SectionKind;
use crate::bundle::{rules_window, Bundle, FileKind, HeldStrings, LoadedFile};
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::{BundleGraph, Edges, GraphNode, NodeKind, RuleEdges};
use crate::project::{Definitions, Project};
use crate::secrets::Secret;
use crate::version::Version;

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
    /// Which passes run it (see [`Scope`]).
    pub scope: Scope,
    pub check: fn(&Context, &mut Vec<Diagnostic>),
}

/// Where a lint runs. A file is checked in passes: its outline (the outer document, every
/// section and entry, rules undecoded, and the whole dependency graph) and then its rules, a
/// window of them at a time ([`run_in`]), so that a large bundle never holds every rule's tree
/// at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The outline only: the lint reports on the file as a whole, never on a rule's content.
    Outline,
    /// Every pass: the lint reports on decoded entries (the outline's other entries, each
    /// window's rules), and anything about the file as a whole only when
    /// [`Context::reports_outline`] says so.
    Everywhere,
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
            $(scope: $scope:ident,)?
            check: $check:path $(,)?
        };
    ) => {
        $vis static $ident: $crate::lints::Lint = $crate::lints::Lint {
            code: $code,
            name: $name,
            summary: $summary,
            severity: $crate::diagnostic::Severity::$severity,
            doc_comment: concat!($($doc, "\n"),*),
            scope: $crate::lints::declare_lint!(@scope $($scope)?),
            check: $check,
        };
    };
    (@scope) => { $crate::lints::Scope::Everywhere };
    (@scope $scope:ident) => { $crate::lints::Scope::$scope };
}
pub(crate) use declare_lint;

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
    &graph::unknown_operator::LINT,
    &graph::unknown_node::LINT,
    &graph::unreachable_node::LINT,
    &graph::graph_cycle::LINT,
    &graph::sink_with_output::LINT,
    &graph::source_with_input::LINT,
    &graph::no_output::LINT,
    &graph::not_a_source::LINT,
    &graph::missing_node_prop::LINT,
    &graph::invalid_node_prop::LINT,
    &graph::source_stream_mismatch::LINT,
    &graph::expression_syntax::LINT,
    &graph::expression_unknown_function::LINT,
    &graph::expression_wrong_arity::LINT,
    &graph::invalid_expression::LINT,
    &graph::io_mismatch::LINT,
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
];

/// Finds a lint by code (case-insensitive) or by name.
pub fn find(code_or_name: &str) -> Option<&'static Lint> {
    REGISTRY
        .iter()
        .copied()
        .find(|l| l.code.eq_ignore_ascii_case(code_or_name) || l.name == code_or_name)
}

/// What a lint sees of one file, in one pass (see [`Scope`]).
pub struct Context<'a> {
    pub file: &'a LoadedFile,
    /// What this pass reports on: the file's outline (each top-level value read as a bundle,
    /// more than one when documents were concatenated; rules undecoded), or a window of its
    /// rules, decoded (a bundle per top-level value, holding only its rules sections).
    pub bundles: &'a [Bundle<'a>],
    /// The outline: every section and entry of the file, to look names up in any pass.
    pub outline: &'a [Bundle<'a>],
    pub target: Version,
    pub settings: &'a Settings,
    /// What the other files of the run define (empty for a file checked alone, and for bundles,
    /// which must stand alone).
    pub project: &'a Project,
    /// In a window: what the outline pass found that rules refer to.
    window: Option<Window<'a>>,
    sql: OnceLock<sql::SqlAnalysis<'a>>,
    graph: OnceLock<BundleGraph>,
    rule_edges: OnceLock<RuleEdges>,
    config: OnceLock<config::ConfigAnalysis<'a>>,
    graph_rules: OnceLock<graph::GraphRules<'a>>,
    secrets: OnceLock<Vec<Secret<'a>>>,
}

/// What a window of rules is checked against.
#[derive(Clone, Copy)]
struct Window<'a> {
    /// The outline's SQL analysis: its streams, tables and functions.
    sql: &'a sql::SqlAnalysis<'a>,
    /// The outline's dependency graph before what rules refer to is added: every node.
    graph: &'a BundleGraph,
}

impl<'a> Context<'a> {
    fn new(
        file: &'a LoadedFile,
        bundles: &'a [Bundle<'a>],
        outline: &'a [Bundle<'a>],
        run: &'a Run<'a>,
        window: Option<Window<'a>>,
    ) -> Self {
        Context {
            file,
            bundles,
            outline,
            target: run.target,
            settings: run.settings,
            project: run.project,
            window,
            sql: OnceLock::new(),
            graph: OnceLock::new(),
            rule_edges: OnceLock::new(),
            config: OnceLock::new(),
            graph_rules: OnceLock::new(),
            secrets: OnceLock::new(),
        }
    }

    /// Whether this pass reports on the file as a whole (its outer document, sections, the
    /// dependency graph): the outline pass does, windows of rules do not.
    pub fn reports_outline(&self) -> bool {
        self.window.is_none()
    }

    /// Every SQL text this pass reports on, parsed and checked on first use: in the outline
    /// the streams and tables (and a `.sql` file's statements), in a window its rules.
    pub fn sql(&self) -> &sql::SqlAnalysis<'a> {
        self.sql
            .get_or_init(|| match (self.file.kind, self.window) {
                (FileKind::Sql, _) => {
                    sql::SqlAnalysis::of_sql_file(&self.file.source.text, &self.project.sources)
                }
                (_, Some(window)) => sql::SqlAnalysis::of_window(
                    self.bundles,
                    window.sql,
                    &self.settings.server_streams,
                ),
                (_, None) => sql::SqlAnalysis::of_bundles_in(
                    self.bundles,
                    &self.settings.server_streams,
                    &self.project.sources,
                ),
            })
    }

    /// The outline's SQL analysis (in the outline pass, this pass' own).
    fn outline_sql(&self) -> &sql::SqlAnalysis<'a> {
        match self.window {
            Some(window) => window.sql,
            None => self.sql(),
        }
    }

    /// The streams and tables of the file, in any pass.
    pub fn sources(&self) -> &[sql::SourceEntry<'a>] {
        &self.outline_sql().sources
    }

    /// Every decoded entry of this pass validated against its schema, on first use.
    pub fn config(&self) -> &config::ConfigAnalysis<'a> {
        self.config
            .get_or_init(|| config::ConfigAnalysis::of_bundles(self.bundles, self.target))
    }

    /// Every graph rule of this pass, read and its expressions checked on first use.
    pub fn graph_rules(&self) -> &graph::GraphRules<'a> {
        self.graph_rules.get_or_init(|| {
            graph::GraphRules::of_bundles(self.bundles, self.outline_sql().names.functions())
        })
    }

    /// Every secret-named property of this pass' entries, found on first use.
    pub fn secrets(&self) -> &[Secret<'a>] {
        self.secrets
            .get_or_init(|| crate::secrets::find(self.bundles, &self.settings.secret_names))
    }

    /// Where references of this file are looked up, for messages: a bundle stands alone; the
    /// other kinds resolve against every file of the run.
    pub fn scope(&self) -> &'static str {
        if crate::project::sees_project(self.file.kind) {
            "the files checked"
        } else {
            "this bundle"
        }
    }

    /// The file's dependency graph, with what every rule refers to: only the outline pass has
    /// it (it is complete once every window of rules has been checked).
    pub fn graph(&self) -> &BundleGraph {
        self.graph
            .get()
            .expect("the dependency graph is read in the outline pass only")
    }

    /// What the rules of this window refer to, found on first use (none in the outline).
    fn rule_edges(&self) -> &RuleEdges {
        self.rule_edges.get_or_init(|| match self.window {
            Some(window) => window.graph.rule_edges(self.bundles, self.sql()),
            None => RuleEdges::default(),
        })
    }

    /// What rule `name` of this pass reads (its SQL's FROM and JOIN, or its graph's source
    /// nodes): the node read, if the file or the run defines it, and where it is written.
    pub fn reads_of(&self, name: &str) -> Vec<(Option<&GraphNode>, Span)> {
        let graph = match self.window {
            Some(window) => window.graph,
            None => return Vec::new(),
        };
        let Some(rule) = graph.find(NodeKind::Rule, name) else {
            return Vec::new();
        };
        self.rule_edges()
            .reads_of(rule)
            .map(|e| (e.to.map(|to| &graph.nodes[to]), e.span))
            .collect()
    }

    /// Builds the analyses the lints of this pass read, side by side on the worker pool
    /// (`--jobs`), each spreading its own entries over the pool. A lint never starts one (it
    /// would block a worker on another's lock), and the lints then share them read-only.
    fn analyse(&self) {
        self.sql();
        rayon::join(
            || {
                self.rule_edges();
                self.config();
            },
            || {
                self.secrets();
                self.graph_rules();
            },
        );
    }

    /// Runs on the pool the lints of this pass (all of them in the outline pass, those of
    /// [`Scope::Everywhere`] in a window); their findings are gathered in registry order.
    fn run_lints(&self, outline: bool) -> Vec<Diagnostic> {
        // One lint per task: a few lints walk every tree of the pass and most take no time, so
        // halving the registry between workers would leave one of them waiting.
        let found: Vec<Vec<Diagnostic>> = REGISTRY
            .par_iter()
            .with_max_len(1)
            .filter(|lint| outline || lint.scope == Scope::Everywhere)
            .map(|lint| {
                let mut found = Vec::new();
                (lint.check)(self, &mut found);
                found
            })
            .collect();
        found.concat()
    }
}

/// What every pass of a file's check shares.
struct Run<'a> {
    target: Version,
    settings: &'a Settings,
    project: &'a Project,
}

/// What checking one window of rules found.
struct Checked {
    found: Vec<Diagnostic>,
    masked: Vec<String>,
    rules_unanalysed: usize,
    edges: RuleEdges,
}

/// What checking one file found.
pub struct Outcome {
    /// Sorted by position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Secret values of the file: renderers mask them wherever they would appear.
    pub masked: Vec<String>,
    /// What the file defines, for the other files of a run.
    pub definitions: Definitions,
}

/// Rules decoded at once (by one worker; with more, two windows of half this size): enough to
/// keep every worker busy, few enough that the trees of a large bundle's rules are never all
/// held (docs/performance.md).
pub const RULES_PER_WINDOW: usize = 4096;

/// Runs every lint over one loaded file, with the project's settings: selection, ignores and
/// severities apply to what the lints found.
pub fn run(file: &LoadedFile, target: Version, settings: &Settings) -> Outcome {
    run_in(file, target, settings, &Project::default())
}

/// Like [`run`], for a file of a run whose other files define `project`.
pub fn run_in(
    file: &LoadedFile,
    target: Version,
    settings: &Settings,
    project: &Project,
) -> Outcome {
    // Two windows side by side (see `run_windowed`) hold what one window of twice their size
    // would.
    let rules_per_window = match rayon::current_num_threads() {
        1 => RULES_PER_WINDOW,
        _ => RULES_PER_WINDOW / 2,
    };
    run_windowed(file, target, settings, project, rules_per_window)
}

/// Like [`run_in`], decoding `rules_per_window` rules at a time, two windows side by side when
/// the pool has more than one worker. The findings depend on neither (a test checks that with
/// windows of one rule, on one worker and on two).
pub fn run_windowed(
    file: &LoadedFile,
    target: Version,
    settings: &Settings,
    project: &Project,
    rules_per_window: usize,
) -> Outcome {
    let run = Run {
        target,
        settings,
        project,
    };
    let outline = file.outline();
    let cx = Context::new(file, &outline, &outline, &run, None);
    let rules: usize = outline
        .iter()
        .map(|b| b.section_entries(SectionKind::Rules).count())
        .sum();
    // Each window is decoded, analysed, linted and freed in one go. A window's analyses and
    // lints each spread over the pool and wait for each other, so with more than one worker
    // two windows are checked side by side, and the one fills the other's waits.
    let at_once = if rayon::current_num_threads() > 1 {
        2
    } else {
        1
    };
    // Windows of equal size, in pairs when side by side: a last window alone, or a short one
    // beside a full one, would leave a worker waiting.
    let count = rules
        .div_ceil(rules_per_window.max(1))
        .next_multiple_of(at_once);
    let per_window = rules.div_ceil(count.max(1)).max(1);
    let windows: Vec<std::ops::Range<usize>> = (0..rules)
        .step_by(per_window)
        .map(|start| start..rules.min(start + per_window))
        .collect();
    let decode = |range: &std::ops::Range<usize>| {
        HeldStrings::of(&outline, range.clone(), &file.source.text)
    };
    let mut groups = windows.chunks(at_once);
    // The streams and tables first: rules are checked against them. Meanwhile the first
    // windows' strings are decoded, which needs neither.
    let first = groups.next().unwrap_or_default();
    let (mut graph, first_held) = rayon::join(
        || BundleGraph::outline(&outline, cx.sql(), &project.nodes, Edges::Unresolved),
        || first.par_iter().map(decode).collect::<Vec<_>>(),
    );
    let check = |graph: &BundleGraph, range: &std::ops::Range<usize>, held: HeldStrings| {
        let bundles = rules_window(&outline, range.clone(), &held);
        let window = Window {
            sql: cx.sql(),
            graph,
        };
        let wcx = Context::new(file, &bundles, &outline, &run, Some(window));
        wcx.analyse();
        let checked = Checked {
            found: wcx.run_lints(false),
            masked: crate::secrets::mask_list(wcx.secrets(), &file.source.text),
            rules_unanalysed: wcx.sql().rules_unanalysed,
            edges: wcx.rule_edges.into_inner().unwrap_or_default(),
        };
        // The trees are freed on the pool, as they were built.
        bundles.into_par_iter().for_each(|b| {
            b.sections
                .into_par_iter()
                .for_each(|s| s.entries.into_par_iter().for_each(drop))
        });
        checked
    };
    let mut found = Vec::new();
    let mut masked = Vec::new();
    let mut rules_unanalysed = cx.sql().rules_unanalysed;
    let mut decoded = Some(first_held);
    for group in std::iter::once(first).chain(groups) {
        let checked: Vec<Checked> = match decoded.take() {
            Some(held) => group
                .par_iter()
                .zip(held)
                .map(|(range, held)| check(&graph, range, held))
                .collect(),
            None => group
                .par_iter()
                .map(|range| check(&graph, range, decode(range)))
                .collect(),
        };
        for window in checked {
            found.extend(window.found);
            masked.extend(window.masked);
            rules_unanalysed += window.rules_unanalysed;
            // What the window's rules refer to joins the graph now.
            graph.add_rules(window.edges);
        }
    }
    let graph = graph.finish(&outline, Vec::new(), rules_unanalysed);
    let _ = cx.graph.set(graph);
    cx.analyse();
    found.extend(cx.run_lints(true));
    masked.extend(crate::secrets::mask_list(cx.secrets(), &file.source.text));
    let path = std::path::Path::new(&file.source.name);
    found.retain(|d| settings.enabled(d.code, path));
    for d in &mut found {
        if let Some(&severity) = settings.severity.get(d.code) {
            d.severity = severity;
        }
    }
    found.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    // Longest first, so a secret that contains another is masked whole.
    masked.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    masked.dedup();
    Outcome {
        diagnostics: found,
        masked,
        definitions: definitions(&cx),
    }
}

/// What the file defines: its streams and tables parsed, and every node of its graph that it
/// defines itself (not built-ins, not what came from the project).
fn definitions(cx: &Context) -> Definitions {
    let sql = cx.sql();
    let sources = sql
        .sources
        .iter()
        .map(|s| s.stmt.clone())
        .chain(sql.file_sources.iter().cloned())
        .collect::<Vec<_>>();
    let mut nodes: Vec<(NodeKind, String)> = cx
        .graph()
        .nodes
        .iter()
        .filter(|n| n.span.is_some())
        .map(|n| (n.kind, n.name.clone()))
        .collect();
    for s in &sql.file_sources {
        let kind = match s.kind {
            crate::sql::SourceKind::Table => NodeKind::Table,
            _ => NodeKind::Stream,
        };
        nodes.push((kind, s.name.clone()));
    }
    Definitions { sources, nodes }
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
