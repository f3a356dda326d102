use crate::analysis::dependencies::Via;
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a stream `TYPE` or an action's sink type (or the `nodeType` of a graph rule's sink
    /// node, or of a source node with its own options) that is neither built into eKuiper nor
    /// provided by a native or portable plugin in the bundle (e.g. `kafka`, `sql`, `influx2`).
    ///
    /// ## Why it matters
    /// A full import uninstalls every plugin first. If the server's build does not include the
    /// type (extension types depend on how eKuiper was built), the stream or rule fails to
    /// start. kuiperlint cannot see the server's build, so this is informational.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\", TYPE=\"kafka\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Make sure the server's build has the type, or add its plugin to `nativePlugins`
    /// (`sources_<type>`, `sinks_<type>`) or `portablePlugins`.
    pub static LINT = {
        code: "X005",
        name: "unknown-plugin-type",
        severity: Info,
        summary: "A source or sink type that is not built in and not a plugin of the bundle",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    let graph = cx.graph();
    for edge in graph
        .edges
        .iter()
        .filter(|e| matches!(e.via, Via::SourceType | Via::SinkType) && e.to.is_none())
    {
        let from = &graph.nodes[edge.from];
        let (what, ty) = match edge.via {
            Via::SourceType => ("source", edge.wanted.1.trim_start_matches("sources_")),
            _ => ("sink", edge.wanted.1.trim_start_matches("sinks_")),
        };
        if cx
            .declared
            .server_plugins
            .iter()
            .any(|p| p.eq_ignore_ascii_case(ty))
        {
            continue;
        }
        out.push(
            LINT.at(
                edge.span,
                format!(
                    "{what} type `{ty}` is not built into eKuiper and no plugin in {} provides it",
                    cx.scope()
                ),
            )
            .with_path(from.pointer.clone())
            .with_help(format!(
                "the server must have it; otherwise add `{}` to `nativePlugins`",
                edge.wanted.1
            )),
        );
    }
}
