use crate::analysis::pass::PassContext;
use crate::bundle::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports an upload whose name is not a plain file name: an absolute path, a `..`
    /// component, a backslash or a drive letter.
    ///
    /// ## Why it matters
    /// eKuiper writes each upload into its upload folder under the given name. A name that
    /// leaves the folder writes a file elsewhere on the server (a configuration, a plugin, a
    /// script) with the rights of the eKuiper process.
    ///
    /// ## Example
    /// ```json
    /// {"uploads": {"../etc/kuiper.yaml": "{\"name\": \"../etc/kuiper.yaml\", \"content\": \"...\"}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a plain file name.
    pub static LINT = {
        code: "P004",
        name: "upload-path-escape",
        severity: Error,
        summary: "An upload whose name leaves the upload folder",
        check: Everywhere(check),
    };
}

/// Why a name is not a plain file name, or None.
fn escapes(name: &str) -> Option<&'static str> {
    if name.starts_with('/') || name.starts_with('\\') {
        Some("is an absolute path")
    } else if name.as_bytes().get(1) == Some(&b':') {
        Some("starts with a drive letter")
    } else if name.split(['/', '\\']).any(|part| part == "..") {
        Some("climbs out of the upload folder with `..`")
    } else if name.contains('\\') {
        Some("contains a backslash")
    } else {
        None
    }
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        for entry in bundle.section_entries(SectionKind::Uploads) {
            if let Some(why) = escapes(entry.name()) {
                out.push(
                    LINT.at(
                        entry.member.key_span,
                        format!("upload `{}` {why}", entry.name()),
                    )
                    .with_path(entry.pointer())
                    .with_help("eKuiper writes uploads under this name; use a plain file name"),
                );
            }
            let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
                continue;
            };
            let Some(name) = root.field("name") else {
                continue;
            };
            let Some(why) = name.value.as_str().and_then(escapes) else {
                continue;
            };
            out.push(
                LINT.at(
                    embedded.map.to_file(name.value.span),
                    format!("the file name of upload `{}` {why}", entry.name()),
                )
                .with_path(entry.pointer())
                .with_inner("/name", name.value.span),
            );
        }
    }
}
