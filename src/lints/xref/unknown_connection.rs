use crate::analysis::dependencies::Via;
use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::xref::report_missing;

declare_lint! {
    /// ## What it does
    /// Reports a `connectionSelector` (in an action, a sink node of a graph rule, or a source or
    /// sink config) that names no connection in the bundle's `connectionConfig`. In 1.x the
    /// selector is `<type>.<name>`; in 2.x it is the bare connection id, looked up across all
    /// connection types.
    ///
    /// ## Why it matters
    /// A full import removes every named connection first. The source or sink then fails to
    /// connect when the rule starts.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"mqtt\": {\"connectionSelector\": \"cloudbroker\", \"topic\": \"t\"}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add the connection to `connectionConfig.<type>`, or fix the selector.
    pub static LINT = {
        code: "X003",
        name: "unknown-connection",
        severity: Warning,
        summary: "A connectionSelector names no connection in the bundle",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    report_missing(
        cx,
        &LINT,
        Via::ConnectionSelector,
        |e| {
            (
                format!("connectionSelector `{}` names no connection in `connectionConfig` of {}", e.written, cx.scope()),
                "a full import removes the server's connections first; add it to `connectionConfig`".to_string(),
            )
        },
        out,
    );
}
