//! `X`: cross-references — what entries of a bundle name, resolved on the bundle's dependency
//! graph ([`crate::analysis::dependencies::BundleGraph`]).

pub mod duplicate_source;
pub mod unknown_conf_key;
pub mod unknown_connection;
pub mod unknown_plugin_type;
pub mod unknown_resource_id;
pub mod unknown_schema;
pub mod unused_entry;

use super::Lint;
use crate::analysis::dependencies::{GraphEdge, Via};
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;

/// Reports every unresolved reference made through `via`, with `message` built from the edge.
pub(crate) fn report_missing(
    cx: &OutlineContext,
    lint: &'static Lint,
    via: Via,
    message: impl Fn(&GraphEdge) -> (String, String),
    out: &mut Vec<Diagnostic>,
) {
    let graph = cx.graph();
    for edge in graph
        .edges
        .iter()
        .filter(|e| e.via == via && e.to.is_none())
    {
        let from = &graph.nodes[edge.from];
        let (msg, help) = message(edge);
        let mut d = lint
            .at(edge.span, msg)
            .with_path(from.pointer.clone())
            .with_help(help);
        if let Some(span) = from.span {
            d = d.with_label(span, format!("{} `{}`", from.kind.as_str(), from.name));
        }
        out.push(d);
    }
}
