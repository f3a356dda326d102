use crate::analysis::pass::OutlineContext;
use crate::bundle::{escape_pointer, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::edit::Edit;
use crate::source::suggest::did_you_mean;

declare_lint! {
    /// ## What it does
    /// Reports a top-level key that is not one of eKuiper's bundle sections (`streams`, `tables`,
    /// `rules`, `sourceConfig`, `sinkConfig`, `connectionConfig`, `nativePlugins`,
    /// `portablePlugins`, `Service`, `Schema`, `uploads`, `scripts`), with the closest name.
    ///
    /// ## Why it matters
    /// eKuiper ignores unknown keys without a word: a misspelt `sourceConfigs` imports nothing,
    /// and the streams that need those configs fall back to defaults. Section names are matched
    /// without regard to case, so `service` is not unknown (see B009).
    ///
    /// ## Example
    /// ```json
    /// {"sourceConfigs": {"mqtt": "{\"c1\": {\"server\": \"tcp://broker:1883\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Rename the key to the section you meant (the suggested fix does), or remove it.
    pub static LINT = {
        code: "B008",
        name: "unknown-section",
        severity: Warning,
        summary: "A top-level key that eKuiper ignores",
        check: Outline(check),
        fixable: Unsafe,
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        for section in &bundle.sections {
            report(bundle, section, out);
        }
    }
}

fn report(
    bundle: &crate::bundle::Bundle,
    section: &crate::bundle::Section,
    out: &mut Vec<Diagnostic>,
) {
    {
        if section.kind.is_some() {
            return;
        }
        let key = &section.member.key.value;
        let span = section.member.key_span;
        let mut d = LINT
            .at(
                span,
                format!(
                    "unknown section `{key}`: eKuiper ignores it, so nothing in it is imported"
                ),
            )
            .with_path(format!("/{}", escape_pointer(key)));
        match did_you_mean(key, SectionKind::ALL.map(SectionKind::key)) {
            Some(known) => {
                d = d.with_help(format!("did you mean `{known}`?"));
                // Renamed only when the bundle has no such section yet (else two keys would
                // name it, and eKuiper would keep one of them).
                let taken = bundle
                    .sections
                    .iter()
                    .any(|s| s.member.key.value.eq_ignore_ascii_case(known));
                if !taken {
                    d = d.with_unsafe_fix(
                        format!("rename to `{known}`"),
                        vec![Edit {
                            span,
                            text: format!("\"{known}\""),
                        }],
                    );
                }
            }
            None => {
                d = d.with_help("remove it, or move its content into one of eKuiper's sections (`kuiperlint explain B008` lists them)");
            }
        }
        out.push(d);
    }
}
