use crate::analysis::dependencies::NodeKind;
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports entries that nothing in the bundle refers to: a stream or table no rule reads (in
    /// its SQL, or by a graph source node's `sourceName`), a source config no `CONF_KEY` (or
    /// graph source `confKey`) names, a sink config no `resourceId` (of an action or a graph
    /// sink node) names, a connection no `connectionSelector` names, a schema nothing uses. Only
    /// reported when the bundle has rules, and never for confKeys named `default`; streams and
    /// tables only when every rule could be read (its SQL, or the nodes of its graph).
    ///
    /// ## Why it matters
    /// Leftovers hide mistakes: a stream nobody reads is often the one a rule meant to read
    /// under a misspelt name, and a config nobody uses is often the one a `CONF_KEY` misses.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"old": "CREATE STREAM old () WITH (DATASOURCE=\"t\")", "s": "..."},
    ///  "rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Remove the entry, or fix the reference that was meant to use it.
    pub static LINT = {
        code: "X006",
        name: "unused-entry",
        severity: Warning,
        summary: "An entry nothing in the bundle refers to",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    // A file of a project (a rule file, an etc/ config) is used by the others: only a bundle is
    // a whole whose parts must use each other.
    if crate::analysis::project::sees_project(cx.file.kind) {
        return;
    }
    let graph = cx.graph();
    if !graph.nodes.iter().any(|n| n.kind == NodeKind::Rule) {
        return;
    }
    for (id, node) in graph.nodes.iter().enumerate() {
        let checked = match node.kind {
            // Only when every rule was read (SQL or graph): a rule we could not read may read it.
            NodeKind::Stream | NodeKind::Table => graph.reads_complete,
            NodeKind::SourceConf | NodeKind::SinkConf | NodeKind::Connection | NodeKind::Schema => {
                true
            }
            _ => false,
        };
        let is_default = node
            .name
            .rsplit_once('.')
            .is_some_and(|(_, key)| key == "default");
        let Some(span) = node.span else { continue };
        if !checked || is_default || graph.is_referenced(id) {
            continue;
        }
        out.push(
            LINT.at(
                span,
                format!(
                    "{} `{}` is not used by anything in this bundle",
                    node.kind.as_str(),
                    node.name
                ),
            )
            .with_path(node.pointer.clone())
            .with_help("remove it, or check the names of the references that should use it"),
        );
    }
}
