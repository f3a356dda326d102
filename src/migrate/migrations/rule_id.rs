use crate::migrate::{declare_migration, json_string, Applies, Cx};

declare_migration! {
    /// ## What it does
    /// Sets a rule's `id` to its key in `rules` when the two differ. A rule without `id` is left
    /// alone (eKuiper takes the key).
    ///
    /// ## Why
    /// eKuiper passes the key as the rule id and refuses a body that names another one with
    /// `RuleId is not consistent with rule id.`: the rule is not imported. The key is what export
    /// writes and what other tools address, so the id follows it.
    ///
    /// ## Example
    /// `"alarm2": "{\"id\": \"alarm\", …}"` → `"alarm2": "{\"id\": \"alarm2\", …}"`
    ///
    /// ## Evidence
    /// `GetRuleByJson` in `internal/processor/rule.go` (all versions) — migration.md C7, lint B013.
    pub static MIGRATION = {
        code: "M012",
        name: "rule-id-matches-key",
        applies: Applies::Always,
        kind: Auto,
        summary: "Set a rule's `id` to its key when they differ",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    for r in cx.rules() {
        let Some(id) = r.value.field("id") else {
            continue;
        };
        let Some(text) = id.value.as_str() else {
            continue;
        };
        let key = r.entry.name();
        if text == key {
            continue;
        }
        let edit = r.layer.edit(id.value.span, &json_string(key));
        cx.apply(
            r.layer.to_file(id.value.span),
            format!("set the id of rule `{key}` to its key (it was `{text}`; eKuiper refuses a rule whose id differs from its key)"),
            vec![edit],
        );
    }
}
