use crate::analysis::pass::PassContext;
use crate::bundle::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Notes entries that install or run code on the server: JavaScript functions (`scripts`),
    /// external services (`Service`), and native and portable plugins.
    ///
    /// ## Why it matters
    /// Importing the bundle runs this code with the rights of the eKuiper process. That is
    /// often intended, but a reviewer should know, especially for a bundle from elsewhere.
    ///
    /// ## Example
    /// ```json
    /// {"scripts": {"area": "{\"id\": \"area\", \"script\": \"function area(x) { return x * x }\", \"isAgg\": false}"}}
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix if the code is trusted. Review it before importing.
    pub static LINT = {
        code: "P006",
        name: "runs-code",
        severity: Info,
        summary: "An entry that installs or runs code on the server",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        for (kind, what) in [
            (SectionKind::Scripts, "runs JavaScript"),
            (
                SectionKind::Service,
                "calls an external service whose definition it installs",
            ),
            (
                SectionKind::NativePlugins,
                "installs a native plugin (a shared library loaded into eKuiper)",
            ),
            (
                SectionKind::PortablePlugins,
                "installs a portable plugin (a program eKuiper starts)",
            ),
        ] {
            for entry in bundle.section_entries(kind) {
                out.push(
                    LINT.at(
                        entry.member.key_span,
                        format!(
                            "{} `{}` {what} on the server",
                            kind.entry_noun(),
                            entry.name()
                        ),
                    )
                    .with_path(entry.pointer())
                    .with_help("review the code before importing a bundle from elsewhere"),
                );
            }
        }
    }
}
