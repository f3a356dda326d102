use crate::analysis::pass::OutlineContext;
use crate::bundle::{escape_pointer, FileKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::declare_lint;
use crate::source::edit::Edit;

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
    /// In a 2.x YAML bundle it is worse: the YAML importer matches keys exactly, so `Service:` or
    /// `Rules:` there is ignored with everything under it. That case is a warning.
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
        check: Outline(check),
        fixable: Safe,
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    let yaml = match cx.file.kind {
        FileKind::Bundle => false,
        FileKind::YamlBundle => true,
        // Other kinds of files have no section keys.
        _ => return,
    };
    for section in cx.bundles.iter().flat_map(|b| &b.sections) {
        let Some(kind) = section.kind else { continue };
        let key = &section.member.key.value;
        let expected = if yaml { kind.yaml_key() } else { kind.key() };
        if key == expected {
            continue;
        }
        let span = section.member.key_span;
        // The JSON importer forgives the case; the YAML importer matches keys exactly, so there
        // the section is ignored with everything under it.
        let (message, replacement) = if yaml {
            (
                format!("section `{key}` is `{expected}` in the YAML format: eKuiper's YAML import ignores `{key}` and everything in it"),
                expected.to_string(),
            )
        } else {
            (
                format!("section `{key}` is spelt `{expected}` in eKuiper's exports"),
                format!("\"{expected}\""),
            )
        };
        let mut d = LINT
            .at(span, message)
            .with_path(format!("/{}", escape_pointer(key)))
            .with_fix(
                format!("rename to `{expected}`"),
                vec![Edit {
                    span,
                    text: replacement,
                }],
            );
        if yaml {
            d.severity = Severity::Warning;
        } else {
            d = d.with_help(
                "the JSON importer accepts any case, but other tools and the YAML format do not",
            );
        }
        out.push(d);
    }
}
