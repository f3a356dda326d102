use crate::analysis::pass::PassContext;
use crate::bundle::SectionKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ekuiper::sections::UPLOADS_CONFINED;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports an upload whose file name (its `name`) leaves the upload folder: an absolute
    /// path, or `..` components that climb above it. A backslash or a drive letter is
    /// reported as a warning: it only leaves the folder on a Windows server.
    ///
    /// ## Why it matters
    /// eKuiper writes each upload into its upload folder under its `name`. From 2.2 it refuses a
    /// name that leaves the folder, so the upload fails on import. Before 2.2 the file is
    /// written wherever the name leads (a configuration, a plugin, a script) with the rights of
    /// the eKuiper process: a warning for those targets, since the import succeeds.
    ///
    /// ## Example
    /// ```json
    /// {"uploads": {"kuiper.yaml": "{\"name\": \"../etc/kuiper.yaml\", \"content\": \"...\"}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use a plain file name.
    ///
    /// ## Evidence
    /// From 2.2 uploads are created through an `os.Root` of the upload folder, which refuses a
    /// name that is absolute or climbs out ("path escapes from parent"):
    /// `internal/server/rest.go:295@v2.2.0`, `internal/server/rest.go:337@v2.4.0`. Up to 2.1
    /// the name is joined to the folder and the file created there:
    /// `internal/server/rest.go:247@v1.14.0`. The entry's key is only a status label; eKuiper
    /// never uses it as a path.
    pub static LINT = {
        code: "P004",
        name: "upload-path-escape",
        severity: Error,
        summary: "An upload whose name leaves the upload folder",
        check: Everywhere(check),
    };
}

/// How a name leaves the upload folder.
enum Escape {
    /// On any server.
    Everywhere(&'static str),
    /// Only where `\` separates paths and `C:` names a drive.
    OnWindows(&'static str),
}

fn escapes(name: &str) -> Option<Escape> {
    if name.starts_with('/') {
        return Some(Escape::Everywhere("is an absolute path"));
    }
    // `a/../b` stays inside; only a `..` below the folder itself leaves it.
    let mut depth = 0i64;
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
        if depth < 0 {
            return Some(Escape::Everywhere(
                "climbs out of the upload folder with `..`",
            ));
        }
    }
    if name.as_bytes().get(1) == Some(&b':') {
        Some(Escape::OnWindows("starts with a drive letter"))
    } else if name.contains('\\') {
        Some(Escape::OnWindows("contains a backslash"))
    } else {
        None
    }
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    let refused = cx.target >= UPLOADS_CONFINED;
    for bundle in cx.bundles {
        for entry in bundle.section_entries(SectionKind::Uploads) {
            let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
                continue;
            };
            let Some(name) = root.field("name") else {
                continue;
            };
            let Some(escape) = name.value.as_str().and_then(escapes) else {
                continue;
            };
            let (why, help) = match escape {
                Escape::Everywhere(why) if refused => (
                    why,
                    "eKuiper refuses a name that leaves the upload folder; use a plain file name",
                ),
                Escape::Everywhere(why) => (
                    why,
                    "eKuiper writes the file wherever this name leads; use a plain file name",
                ),
                Escape::OnWindows(why) => (
                    why,
                    "on a Windows server this name leaves the upload folder; use a plain file name",
                ),
            };
            let mut d = LINT
                .at(
                    embedded.map.to_file(name.value.span),
                    format!("the file name of upload `{}` {why}", entry.name()),
                )
                .with_path(entry.pointer())
                .with_inner("/name", name.value.span)
                .with_help(help);
            if !(refused && matches!(escape, Escape::Everywhere(_))) {
                d.severity = d.severity.min(Severity::Warning);
            }
            out.push(d);
        }
    }
}
