use crate::bundle::escape_pointer;
use crate::bundle::json::Edit;
use crate::bundle::FileKind;
use crate::diagnostic::Diagnostic;
use crate::lints::{declare_lint, Context};

declare_lint! {
    /// ## What it does
    /// Reports a section name written in another case than eKuiper exports it, such as
    /// `service` for `Service` or `Rules` for `rules`.
    ///
    /// ## Why it matters
    /// The JSON importer matches section names without regard to case, so the import works. But
    /// other tools do not: the 2.x YAML format spells them `service` and `schema`, `jq` paths and
    /// diff tools see two different keys, and a file holding both `Service` and `service` merges
    /// them silently.
    ///
    /// ## Example
    /// ```json
    /// {"service": {}, "schema": {}}
    /// ```
    ///
    /// ## How to fix
    /// Use the exported spelling (the suggested fix does).
    pub static LINT = {
        code: "B009",
        name: "section-key-case",
        severity: Hint,
        summary: "A section name in a case eKuiper does not export",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Only the JSON data bundle: other kinds of files have their own shapes (and the YAML
    // format its own key spelling).
    if cx.file.kind != FileKind::Bundle {
        return;
    }
    for section in cx.bundles.iter().flat_map(|b| &b.sections) {
        let Some(kind) = section.kind else { continue };
        let key = &section.member.key.value;
        if key == kind.key() {
            continue;
        }
        let span = section.member.key_span;
        out.push(
            LINT.at(
                span,
                format!(
                    "section `{key}` is spelt `{}` in eKuiper's exports",
                    kind.key()
                ),
            )
            .with_path(format!("/{}", escape_pointer(key)))
            .with_help(
                "the JSON importer accepts any case, but other tools and the YAML format do not",
            )
            .with_fix(
                format!("rename to `{}`", kind.key()),
                vec![Edit {
                    span,
                    text: format!("\"{}\"", kind.key()),
                }],
            ),
        );
    }
}
