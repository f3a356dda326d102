//! Go to definition: from a name that refers to an entry (a rule's FROM or JOIN, a stream's
//! `CONF_KEY`, an action's `resourceId` or `connectionSelector`, a `schemaId`, ...) to the key
//! that defines it. The references are the dependency graph's edges, resolved as the `X` lints
//! resolve them, so the editor goes where `check` looked; a definition in another file of the
//! project is looked for in that file's own graph, or among a `.sql` file's CREATE statements.

use crate::analysis::dependencies::{BundleGraph, Edges, NodeKind};
use crate::analysis::sql::file::SqlAnalysis;
use crate::bundle::kind::FileKind;
use crate::bundle::{rule_at, rules_window, HeldStrings, LoadedFile};
use crate::source::span::Span;

/// A reference at the cursor: what it names, and where this file defines that, if it does.
pub struct Reference {
    pub kind: NodeKind,
    pub name: String,
    pub here: Option<Span>,
}

/// The reference whose name holds `offset`. The rules are decoded only if the cursor is in one,
/// and then only that rule (a window of one, as `check` decodes a window of rules).
pub fn reference_at(file: &LoadedFile, offset: usize) -> Option<Reference> {
    let outline = file.outline();
    let sql = SqlAnalysis::of_bundles(&outline, &[]);
    let mut graph = BundleGraph::outline(&outline, &sql, &[], Edges::All);
    if let Some(i) = rule_at(&outline, offset) {
        let held = HeldStrings::of(&outline, i..i + 1, &file.source.text);
        let window = rules_window(&outline, i..i + 1, &held);
        let window_sql = SqlAnalysis::of_window(&window, &sql, &[]);
        let edges = graph.rule_edges(&window, &window_sql);
        graph.add_rules(edges);
    }
    let graph = graph.finish(&outline, Vec::new(), 0);
    let edge = graph
        .edges
        .iter()
        .find(|e| e.span.start <= offset && offset <= e.span.end)?;
    Some(Reference {
        kind: edge.wanted.0,
        name: edge.wanted.1.clone(),
        here: edge.to.and_then(|n| graph.nodes[n].span),
    })
}

/// Where `file` defines `name` as a `kind` (a stream and a table stand for each other: a rule
/// reads either).
pub fn definition_in(file: &LoadedFile, kind: NodeKind, name: &str) -> Option<Span> {
    let kinds: &[NodeKind] = match kind {
        NodeKind::Stream | NodeKind::Table => &[NodeKind::Stream, NodeKind::Table],
        _ => std::slice::from_ref(&kind),
    };
    if file.kind == FileKind::Sql {
        if !kinds.contains(&NodeKind::Stream) {
            return None;
        }
        // The last CREATE of a name is the one a server that runs them all keeps.
        let sql = SqlAnalysis::of_sql_file(&file.source.text, &[]);
        return sql
            .file_sources
            .iter()
            .rev()
            .find(|s| s.name == name)
            .map(|s| Span::from(s.name_span.clone()));
    }
    let outline = file.outline();
    let sql = SqlAnalysis::of_bundles(&outline, &[]);
    let graph = BundleGraph::outline(&outline, &sql, &[], Edges::Unresolved);
    kinds
        .iter()
        .find_map(|k| graph.nodes[graph.find(*k, name)?].span)
}
