use crate::analysis::pass::PassContext;
use crate::bundle::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::security::file_url;

declare_lint! {
    /// ## What it does
    /// Reports a plugin, service, schema or upload whose `file` is downloaded over plain
    /// `http://`, or read from the server's disk with `file://`.
    ///
    /// ## Why it matters
    /// eKuiper downloads these files during the import and installs or runs what they contain.
    /// Over `http://` anyone on the network path can replace the file with their own code.
    /// A `file://` URL depends on a file that must already be on the server, which a bundle
    /// moved to another server does not have.
    ///
    /// ## Example
    /// ```json
    /// {"portablePlugins": {"mirror": "{\"name\": \"mirror\", \"file\": \"http://plugins.example.com/mirror.zip\"}"}}
    /// ```
    ///
    /// ## How to fix
    /// Serve the file over `https://`.
    pub static LINT = {
        code: "P003",
        name: "insecure-download",
        severity: Warning,
        summary: "A plugin, service or file fetched over http:// or file://",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        for kind in [
            SectionKind::NativePlugins,
            SectionKind::PortablePlugins,
            SectionKind::Service,
            SectionKind::Schema,
            SectionKind::Uploads,
        ] {
            for entry in bundle.section_entries(kind) {
                let (Some(node), Some(embedded)) = (file_url(entry), &entry.embedded) else {
                    continue;
                };
                let url = node.as_str().unwrap_or_default();
                let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
                let why = match scheme.as_deref() {
                    Some("http") => {
                        "is downloaded over plain http, so it can be replaced on the way"
                    }
                    Some("file") => {
                        "is read from the server's own disk, which another server does not have"
                    }
                    _ => continue,
                };
                out.push(
                    LINT.at(
                        embedded.map.to_file(node.span),
                        format!("the file of {} `{}` {why}", kind.entry_noun(), entry.name()),
                    )
                    .with_path(entry.pointer())
                    .with_inner("/file", node.span)
                    .with_help("serve it over https://"),
                );
            }
        }
    }
}
