use crate::analysis::dependencies::Via;
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::xref::report_missing;

declare_lint! {
    /// ## What it does
    /// Reports a stream `SCHEMAID` or an action `schemaId` (or the `schemaId` of a graph rule's
    /// source or sink node) whose schema is not in the bundle's `Schema` section (keys are
    /// `<format>_<schema name>`, e.g. `protobuf_sensors` for `SCHEMAID="sensors.Reading"` with
    /// `FORMAT="protobuf"`).
    ///
    /// ## Why it matters
    /// A full import uninstalls every schema first. The stream or sink then cannot decode or
    /// encode its data and the rule fails.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\", FORMAT=\"protobuf\", SCHEMAID=\"sensors.Reading\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the schema under `Schema` (and import with `stop=1` so that it is installed), or fix
    /// the id.
    pub static LINT = {
        code: "X004",
        name: "unknown-schema",
        severity: Warning,
        summary: "A SCHEMAID or schemaId names no schema in the bundle",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    report_missing(
        cx,
        &LINT,
        Via::SchemaId,
        |e| {
            (
                format!(
                    "schema `{}` is not in the `Schema` section of {}",
                    e.wanted.1,
                    cx.scope()
                ),
                "a full import uninstalls the server's schemas first; add it to `Schema`"
                    .to_string(),
            )
        },
        out,
    );
}
