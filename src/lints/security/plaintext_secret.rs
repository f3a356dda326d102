use crate::analysis::pass::PassContext;
use crate::analysis::secrets::is_placeholder;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a secret written in plaintext in a bundle: a `password`, `token`, `saslPassword`,
    /// `privateKeyRaw`, a database URL with credentials (`dburl`), an `Authorization` header,
    /// in a source, sink or connection config or in a rule's action. The value itself is never
    /// printed by kuiperlint, in any output format.
    ///
    /// ## Why it matters
    /// Bundles are exported, mailed, committed and attached to tickets. Everyone who can read
    /// the file can read the secret, and `kuiper export data` writes it back out in plaintext.
    ///
    /// ## Example
    /// ```json
    /// {"connectionConfig": {"mqtt": "{\"cloud\": {\"server\": \"ssl://cloud:8883\", \"password\": \"s3cr3t\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Keep the secret out of the bundle: set it on the server (in its `etc/` configuration or
    /// with `kuiper create`/the REST API after the import), or keep the bundle in a secret store.
    pub static LINT = {
        code: "P001",
        name: "plaintext-secret",
        severity: Warning,
        summary: "A password, token or key written in plaintext",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for s in cx.secrets() {
        if is_placeholder(&s.value) {
            continue;
        }
        out.push(
            LINT.at(s.span, format!("`{}` of {} `{}` is written in plaintext", s.name, s.entry.section.entry_noun(), s.entry.name()))
                .with_path(s.entry.pointer())
                .with_help("anyone who can read this bundle can read it; set it on the server instead (kuiperlint masks it in its output)"),
        );
    }
}
