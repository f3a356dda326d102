use crate::analysis::pass::PassContext;
use crate::bundle::json::Value;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports `insecureSkipVerify: true` in a source, sink or connection config or an action.
    ///
    /// ## Why it matters
    /// It turns off the check of the server's TLS certificate: the connection is encrypted, but
    /// to whoever answers, so anyone on the network path can read and change the data, and
    /// collect the credentials sent over it.
    ///
    /// ## Example
    /// ```json
    /// {"connectionConfig": {"mqtt": "{\"cloud\": {\"server\": \"ssl://cloud:8883\", \"insecureSkipVerify\": true}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Give the CA certificate with `rootCaPath` (or `rootCaRaw`) and remove the option.
    pub static LINT = {
        code: "P005",
        name: "insecure-skip-verify",
        severity: Warning,
        summary: "TLS certificate verification turned off",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for entry in cx.bundles.iter().flat_map(|b| b.entries()) {
        let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
            continue;
        };
        for m in root
            .descendants()
            .flat_map(|n| n.as_object().unwrap_or_default())
        {
            if !m.key.value.eq_ignore_ascii_case("insecureSkipVerify")
                || m.value.value != Value::Bool(true)
            {
                continue;
            }
            out.push(
                LINT.at(
                    embedded.map.to_file(m.value.span),
                    format!(
                        "{} `{}` turns off TLS certificate verification",
                        entry.section.entry_noun(),
                        entry.name()
                    ),
                )
                .with_path(entry.pointer())
                .with_inner(root.pointer_at(m.value.span.start), m.value.span)
                .with_help("give the CA certificate with `rootCaPath` instead"),
            );
        }
    }
}
