//! What the lints see of one file in one pass: the file, the bundles the pass reports on, and
//! the analyses of them, each built on first use and then shared read-only.
//!
//! A file is checked in passes: its outline (the outer document, every section and entry, rules
//! undecoded) and then its rules, a window of them at a time, so that a large bundle never holds
//! every rule's tree at once. Each pass has its own context type: an [`OutlineContext`] holds the
//! file-level facts (the complete dependency graph), a [`WindowContext`] what a window's rules
//! refer to; both dereference to the [`PassContext`] they share, and [`Pass`] is either.

use std::ops::Deref;
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

/// What a lint sees of one file in any pass: what the pass decoded, and the analyses of it.
pub struct PassContext<'a> {
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
    /// In a window: the outline's SQL analysis (its streams, tables and functions).
    outline_sql: Option<&'a SqlAnalysis<'a>>,
    sql: OnceLock<SqlAnalysis<'a>>,
    config: OnceLock<ConfigAnalysis<'a>>,
    graph_rules: OnceLock<GraphRules<'a>>,
    secrets: OnceLock<Vec<Secret<'a>>>,
}

/// What a lint sees in the outline pass: the file as a whole, with its dependency graph.
pub struct OutlineContext<'a> {
    pass: PassContext<'a>,
    graph: BundleGraph,
}

/// What a lint sees in a window of rules: the rules decoded, and what they refer to.
pub struct WindowContext<'a> {
    pass: PassContext<'a>,
    /// The outline's dependency graph before what rules refer to is added: every node.
    graph: &'a BundleGraph,
    rule_edges: OnceLock<RuleEdges>,
}

/// What a window of rules is checked against.
#[derive(Clone, Copy)]
pub struct Window<'a> {
    /// The outline's SQL analysis: its streams, tables and functions.
    pub sql: &'a SqlAnalysis<'a>,
    /// The outline's dependency graph before what rules refer to is added: every node.
    pub graph: &'a BundleGraph,
}

/// One pass, for a lint that runs in every pass and reports differently in the outline (on the
/// file as a whole) and in a window.
#[derive(Clone, Copy)]
pub enum Pass<'c, 'a> {
    Outline(&'c OutlineContext<'a>),
    Window(&'c WindowContext<'a>),
}

impl<'a> PassContext<'a> {
    /// The outline pass' context before its dependency graph is complete: the windows of rules
    /// are checked against its SQL analysis, and then [`OutlineContext::new`] completes it.
    pub fn of_outline(file: &'a LoadedFile, outline: &'a [Bundle<'a>], run: &'a Run<'a>) -> Self {
        Self::new(file, outline, outline, run, None)
    }

    fn new(
        file: &'a LoadedFile,
        bundles: &'a [Bundle<'a>],
        outline: &'a [Bundle<'a>],
        run: &'a Run<'a>,
        outline_sql: Option<&'a SqlAnalysis<'a>>,
    ) -> Self {
        PassContext {
            file,
            bundles,
            outline,
            target: run.target,
            declared: run.declared,
            project: run.project,
            outline_sql,
            sql: OnceLock::new(),
            config: OnceLock::new(),
            graph_rules: OnceLock::new(),
            secrets: OnceLock::new(),
        }
    }

    /// Every SQL text this pass reports on, parsed and checked on first use: in the outline
    /// the streams and tables (and a `.sql` file's statements), in a window its rules.
    pub fn sql(&self) -> &SqlAnalysis<'a> {
        self.sql
            .get_or_init(|| match (self.file.kind, self.outline_sql) {
                (FileKind::Sql, _) => {
                    SqlAnalysis::of_sql_file(&self.file.source.text, &self.project.sources)
                }
                (_, Some(outline_sql)) => {
                    SqlAnalysis::of_window(self.bundles, outline_sql, &self.declared.server_streams)
                }
                (_, None) => {
                    SqlAnalysis::of_bundles_in(self.bundles, self.declared, &self.project.sources)
                }
            })
    }

    /// The outline's SQL analysis (in the outline pass, this pass' own).
    fn outline_sql(&self) -> &SqlAnalysis<'a> {
        match self.outline_sql {
            Some(sql) => sql,
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

    /// Builds the analyses the lints of this pass read, side by side on the worker pool
    /// (`--jobs`), each spreading its own entries over the pool, `beside_config` with the
    /// configs. A lint never starts one (it would block a worker on another's lock), and the
    /// lints then share them read-only.
    fn analyse(&self, beside_config: impl FnOnce() + Send) {
        self.sql();
        rayon::join(
            || {
                beside_config();
                self.config();
            },
            || {
                self.secrets();
                self.graph_rules();
            },
        );
    }
}

impl<'a> OutlineContext<'a> {
    /// The outline pass' context, its dependency graph complete once every window of rules has
    /// been checked.
    pub fn new(pass: PassContext<'a>, graph: BundleGraph) -> Self {
        OutlineContext { pass, graph }
    }

    /// The file's dependency graph, with what every rule refers to.
    pub fn graph(&self) -> &BundleGraph {
        &self.graph
    }

    /// Builds the analyses the lints of the outline pass read (see [`PassContext`]).
    pub fn analyse(&self) {
        self.pass.analyse(|| {});
    }
}

impl<'a> WindowContext<'a> {
    pub fn new(
        file: &'a LoadedFile,
        bundles: &'a [Bundle<'a>],
        outline: &'a [Bundle<'a>],
        run: &'a Run<'a>,
        window: Window<'a>,
    ) -> Self {
        WindowContext {
            pass: PassContext::new(file, bundles, outline, run, Some(window.sql)),
            graph: window.graph,
            rule_edges: OnceLock::new(),
        }
    }

    /// What the rules of this window refer to, found on first use.
    pub fn rule_edges(&self) -> &RuleEdges {
        self.rule_edges
            .get_or_init(|| self.graph.rule_edges(self.pass.bundles, self.pass.sql()))
    }

    /// What the rules of this window refer to (none if nothing asked).
    pub fn into_rule_edges(self) -> RuleEdges {
        self.rule_edges.into_inner().unwrap_or_default()
    }

    /// What rule `name` of this window reads (its SQL's FROM and JOIN, or its graph's source
    /// nodes): the node read, if the file or the run defines it, and where it is written.
    pub fn reads_of(&self, name: &str) -> Vec<(Option<&GraphNode>, Span)> {
        let graph = self.graph;
        let Some(rule) = graph.find(NodeKind::Rule, name) else {
            return Vec::new();
        };
        self.rule_edges()
            .reads_of(rule)
            .map(|e| (e.to.map(|to| &graph.nodes[to]), e.span))
            .collect()
    }

    /// Builds the analyses the lints of this window read (see [`PassContext`]), and what its
    /// rules refer to.
    pub fn analyse(&self) {
        self.pass.analyse(|| {
            self.rule_edges();
        });
    }
}

impl<'a> Deref for OutlineContext<'a> {
    type Target = PassContext<'a>;

    fn deref(&self) -> &PassContext<'a> {
        &self.pass
    }
}

impl<'a> Deref for WindowContext<'a> {
    type Target = PassContext<'a>;

    fn deref(&self) -> &PassContext<'a> {
        &self.pass
    }
}

impl<'a> Deref for Pass<'_, 'a> {
    type Target = PassContext<'a>;

    fn deref(&self) -> &PassContext<'a> {
        match self {
            Pass::Outline(cx) => cx,
            Pass::Window(cx) => cx,
        }
    }
}
