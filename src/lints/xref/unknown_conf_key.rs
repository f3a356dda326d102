use crate::analysis::dependencies::{NodeKind, Via};
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::xref::report_missing;

declare_lint! {
    /// ## What it does
    /// Reports a stream whose `CONF_KEY` names a confKey that the bundle's `sourceConfig` does
    /// not define for the stream's source type (`TYPE`, `mqtt` by default). `default` is always
    /// fine. A source node of a graph rule that declares its own source (no `sourceName`) is
    /// checked the same way: its `props.confKey` (any case, as eKuiper decodes it; `CONF_KEY` is
    /// no such key) against its `nodeType`.
    ///
    /// ## Why it matters
    /// A full import deletes every saved confKey before it loads the bundle's. eKuiper does not
    /// reject a stream whose confKey is missing: it silently connects with the default profile
    /// (often `tcp://127.0.0.1:1883`), so the stream runs but reads nothing, or the wrong broker.
    /// The confKey may still exist in the server's `etc/sources/<type>.yaml`, hence a warning.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\", CONF_KEY=\"plant\")"},
    ///  "sourceConfig": {"mqtt": "{\"factory\": {\"server\": \"tcp://broker:1883\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the confKey to `sourceConfig.<type>`, or fix the name in `CONF_KEY` (`confKey`).
    pub static LINT = {
        code: "X001",
        name: "unknown-conf-key",
        severity: Warning,
        summary: "A stream's CONF_KEY (a graph source's confKey) names no source config in the bundle",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    let graph = cx.graph();
    report_missing(
        cx,
        &LINT,
        Via::ConfKey,
        |e| {
            let (ty, key) = e.wanted.1.split_once('.').unwrap_or(("", &e.wanted.1));
            // A stream writes CONF_KEY; a graph rule's source node, `confKey` in its props.
            let option = match graph.nodes[e.from].kind {
                NodeKind::Rule => "confKey",
                _ => "CONF_KEY",
            };
            (
                format!("{option} `{key}` is not in `sourceConfig.{ty}` of {}", cx.scope()),
                format!("eKuiper falls back to the default `{ty}` profile without a word; add `{key}` to `sourceConfig.{ty}`"),
            )
        },
        out,
    );
}
