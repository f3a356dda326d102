use crate::analysis::dependencies::Via;
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::xref::report_missing;

declare_lint! {
    /// ## What it does
    /// Reports an action whose `resourceId` names a saved sink config that the bundle's
    /// `sinkConfig` does not define for that sink type, and likewise a sink node of a graph
    /// rule (its `props.resourceId`, for its `nodeType`).
    ///
    /// ## Why it matters
    /// The action's properties are merged over the saved profile. When the profile is missing,
    /// eKuiper only logs a warning and the sink runs with the inline properties alone, usually
    /// without a server address or credentials.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"mqtt\": {\"resourceId\": \"cloud\", \"topic\": \"t\"}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the profile to `sinkConfig.<type>`, or fix the name.
    pub static LINT = {
        code: "X002",
        name: "unknown-resource-id",
        severity: Warning,
        summary: "An action's (or graph sink's) resourceId names no sink config in the bundle",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    report_missing(
        cx,
        &LINT,
        Via::ResourceId,
        |e| {
            let (ty, key) = e.wanted.1.split_once('.').unwrap_or(("", &e.wanted.1));
            (
                format!("resourceId `{key}` is not in `sinkConfig.{ty}` of {}", cx.scope()),
                format!("eKuiper only logs a warning and runs the sink without the profile; add `{key}` to `sinkConfig.{ty}`"),
            )
        },
        out,
    );
}
