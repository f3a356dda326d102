use crate::analysis::pass::PassContext;
use crate::bundle::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::edit::encode_string_content;
use crate::source::edit::Edit;

declare_lint! {
    /// ## What it does
    /// Reports a rule whose `id` inside the encoded JSON differs from its key in `rules`.
    ///
    /// ## Why it matters
    /// eKuiper passes the key as the rule id and refuses a body that names another one, with
    /// `RuleId is not consistent with rule id.`; the rule is not imported. This happens when a
    /// rule is copied under a new name and only the key is changed. A rule without `id` is fine:
    /// eKuiper takes the key.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"alarm2": "{\"id\": \"alarm\", \"sql\": \"SELECT * FROM s1\", \"actions\": [{\"log\": {}}]}"}}
    /// ```
    ///
    /// ## How to fix
    /// Make the two equal (the suggested fix sets the `id` to the key), or drop the `id`.
    ///
    /// ## Evidence
    /// Importing or creating a rule refuses a body whose `id` is not its key ("RuleId is not
    /// consistent with rule id."): `internal/processor/rule.go:187@v2.4.0`,
    /// `internal/processor/rule.go:172@v1.14.0`.
    pub static LINT = {
        code: "B013",
        name: "rule-id-mismatch",
        severity: Error,
        summary: "A rule's `id` differs from its key",
        check: Everywhere(check),
        fixable: Safe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        for entry in bundle.section_entries(SectionKind::Rules) {
            let (Some(rule), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
                continue;
            };
            let Some(id) = rule.field("id") else { continue };
            let Some(id_text) = id.value.as_str() else {
                continue;
            };
            if id_text == entry.name() {
                continue;
            }
            let span = embedded.map.to_file(id.value.span);
            let replacement =
                encode_string_content(&serde_json::to_string(entry.name()).unwrap_or_default());
            let d = LINT
                .at(span, format!("rule `{}` has id `{id_text}`", entry.name()))
                .with_path(entry.pointer())
                .with_inner("/id", id.value.span)
                .with_label(entry.member.key_span, "the key eKuiper uses as the rule id")
                .with_help("eKuiper refuses the rule: \"RuleId is not consistent with rule id.\"");
            // A key that is no valid rule id (C004) cannot be the id either: no fix is certain.
            let valid_id = !entry.name().is_empty()
                && entry
                    .name()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            out.push(if valid_id {
                d.with_fix(
                    format!("set the id to `{}`", entry.name()),
                    vec![Edit {
                        span,
                        text: replacement,
                    }],
                )
            } else {
                d
            });
        }
    }
}
