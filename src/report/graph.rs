//! `kuiperlint graph`: the dependency graph as Graphviz DOT or JSON.

use crate::analysis::dependencies::BundleGraph;
use crate::bundle::SourceFile;
use crate::source::span::Span;

/// Graphviz DOT of the nodes in `keep` (all when None). Unresolved references are dashed
/// red nodes.
pub fn dot(graph: &BundleGraph, keep: Option<&[usize]>) -> String {
    let kept = |n: usize| keep.is_none_or(|k| k.contains(&n));
    let mut out = String::from(
        "digraph bundle {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n",
    );
    for (i, n) in graph.nodes.iter().enumerate().filter(|(i, _)| kept(*i)) {
        out.push_str(&format!(
            "  n{i} [label={}];\n",
            dot_quote(&format!("{}\n{}", n.kind.as_str(), n.name))
        ));
    }
    for (j, e) in graph.edges.iter().enumerate().filter(|(_, e)| kept(e.from)) {
        match e.to {
            Some(to) if kept(to) => {
                out.push_str(&format!("  n{} -> n{to} [label={}];\n", e.from, dot_quote(e.via.as_str())))
            }
            Some(_) => {}
            None => out.push_str(&format!(
                "  m{j} [label={}, style=dashed, color=red];\n  n{} -> m{j} [label={}, color=red];\n",
                dot_quote(&format!("missing {}\n{}", e.wanted.0.as_str(), e.written)),
                e.from,
                dot_quote(e.via.as_str())
            )),
        }
    }
    out.push_str("}\n");
    out
}

/// The graph as JSON: nodes (with where they are defined) and edges (with where the
/// reference is written; `to` is null when nothing in the bundle has it).
pub fn json(graph: &BundleGraph, keep: Option<&[usize]>, source: &SourceFile) -> serde_json::Value {
    let kept = |n: usize| keep.is_none_or(|k| k.contains(&n));
    let at = |span: Span| {
        let p = source.position(span.start);
        serde_json::json!({"line": p.line, "column": p.column, "byte_start": span.start, "byte_end": span.end})
    };
    let nodes: Vec<_> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| kept(*i))
        .map(|(i, n)| {
            serde_json::json!({
                "id": i, "kind": n.kind.as_str(), "name": n.name, "path": n.pointer,
                "at": n.span.map(at),
            })
        })
        .collect();
    let edges: Vec<_> = graph
        .edges
        .iter()
        .filter(|e| kept(e.from) && e.to.is_none_or(kept))
        .map(|e| {
            serde_json::json!({
                "from": e.from, "to": e.to, "via": e.via.as_str(),
                "wanted": {"kind": e.wanted.0.as_str(), "name": e.written},
                "at": at(e.span),
            })
        })
        .collect();
    serde_json::json!({ "nodes": nodes, "edges": edges })
}

fn dot_quote(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}
