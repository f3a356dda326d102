//! What the lints see of one file in one pass: the file, the bundles the pass reports on, and
//! the analyses of them, each built on first use and then shared read-only.

use std::sync::OnceLock;

use crate::analysis::configs::ConfigAnalysis;
use crate::analysis::declared::Declared;
use crate::analysis::dependencies::{BundleGraph, GraphNode, NodeKind, RuleEdges};
use crate::analysis::graph_rules::GraphRules;
use crate::analysis::project::Project;
use crate::analysis::secrets::Secret;
use crate::analysis::sql::file::{SourceEntry, SqlAnalysis};
use crate::bundle::{Bundle, FileKind, LoadedFile};
use crate::ekuiper::version::Version;
use crate::source::span::Span;

/// What every pass of a file's check shares.
pub struct Run<'a> {
    pub target: Version,
    pub declared: &'a Declared,
    pub project: &'a Project,
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
    /// What `kuiperlint.toml` declares about the server.
    pub declared: &'a Declared,
    /// What the other files of the run define (empty for a file checked alone, and for bundles,
    /// which must stand alone).
    pub project: &'a Project,
    /// In a window: what the outline pass found that rules refer to.
    window: Option<Window<'a>>,
    sql: OnceLock<SqlAnalysis<'a>>,
    graph: OnceLock<BundleGraph>,
    rule_edges: OnceLock<RuleEdges>,
    config: OnceLock<ConfigAnalysis<'a>>,
    graph_rules: OnceLock<GraphRules<'a>>,
    secrets: OnceLock<Vec<Secret<'a>>>,
}

/// What a window of rules is checked against.
#[derive(Clone, Copy)]
pub struct Window<'a> {
    /// The outline's SQL analysis: its streams, tables and functions.
    pub sql: &'a SqlAnalysis<'a>,
    /// The outline's dependency graph before what rules refer to is added: every node.
    pub graph: &'a BundleGraph,
}

impl<'a> Context<'a> {
    pub fn new(
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
            declared: run.declared,
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

    /// Hands the outline pass its dependency graph, complete once every window of rules has
    /// been checked.
    pub fn set_graph(&self, graph: BundleGraph) {
        let _ = self.graph.set(graph);
    }

    /// What the rules of this window refer to (none if nothing asked).
    pub fn into_rule_edges(self) -> RuleEdges {
        self.rule_edges.into_inner().unwrap_or_default()
    }

    /// Whether this pass reports on the file as a whole (its outer document, sections, the
    /// dependency graph): the outline pass does, windows of rules do not.
    pub fn reports_outline(&self) -> bool {
        self.window.is_none()
    }

    /// Every SQL text this pass reports on, parsed and checked on first use: in the outline
    /// the streams and tables (and a `.sql` file's statements), in a window its rules.
    pub fn sql(&self) -> &SqlAnalysis<'a> {
        self.sql
            .get_or_init(|| match (self.file.kind, self.window) {
                (FileKind::Sql, _) => {
                    SqlAnalysis::of_sql_file(&self.file.source.text, &self.project.sources)
                }
                (_, Some(window)) => {
                    SqlAnalysis::of_window(self.bundles, window.sql, &self.declared.server_streams)
                }
                (_, None) => SqlAnalysis::of_bundles_in(
                    self.bundles,
                    &self.declared.server_streams,
                    &self.project.sources,
                ),
            })
    }

    /// The outline's SQL analysis (in the outline pass, this pass' own).
    fn outline_sql(&self) -> &SqlAnalysis<'a> {
        match self.window {
            Some(window) => window.sql,
            None => self.sql(),
        }
    }

    /// The streams and tables of the file, in any pass.
    pub fn sources(&self) -> &[SourceEntry<'a>] {
        &self.outline_sql().sources
    }

    /// Every decoded entry of this pass validated against its schema, on first use.
    pub fn config(&self) -> &ConfigAnalysis<'a> {
        self.config
            .get_or_init(|| ConfigAnalysis::of_bundles(self.bundles, self.target))
    }

    /// Every graph rule of this pass, read and its expressions checked on first use.
    pub fn graph_rules(&self) -> &GraphRules<'a> {
        self.graph_rules.get_or_init(|| {
            GraphRules::of_bundles(self.bundles, self.outline_sql().names.functions())
        })
    }

    /// Every secret-named property of this pass' entries, found on first use.
    pub fn secrets(&self) -> &[Secret<'a>] {
        self.secrets.get_or_init(|| {
            crate::analysis::secrets::find(self.bundles, &self.declared.secret_names)
        })
    }

    /// Where references of this file are looked up, for messages: a bundle stands alone; the
    /// other kinds resolve against every file of the run.
    pub fn scope(&self) -> &'static str {
        if crate::analysis::project::sees_project(self.file.kind) {
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
    pub fn rule_edges(&self) -> &RuleEdges {
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
    pub fn analyse(&self) {
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
}
