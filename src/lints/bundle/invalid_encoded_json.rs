use crate::analysis::pass::Pass;
use crate::diagnostic::Diagnostic;
use crate::lints::bundle::report_syntax;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a rule, config, plugin, service, schema, upload or script string whose content is
    /// not valid JSON, at the exact character in the bundle file, through the string's escapes.
    /// Comments, trailing commas, single quotes and concatenated documents inside these strings
    /// have their own codes (B002 to B005).
    ///
    /// ## Why it matters
    /// eKuiper decodes these strings one by one during the import; a broken one fails that entry
    /// (`kuiper getstatus import` shows it afterwards), and the server, wiped first, is left
    /// without it. An empty string fails the same way.
    ///
    /// ## Example
    /// ```json
    /// {"rules": {"r1": "{\"id\": \"r1\", \"sql\": \"SELECT * FROM s1\" \"actions\": []}"}}
    /// ```
    /// A comma is missing before `"actions"`.
    ///
    /// ## How to fix
    /// Fix the inner JSON at the reported position. Writing the rule as a separate file and
    /// encoding it with a tool (`jq -Rs .`) avoids escaping mistakes.
    ///
    /// ## Evidence
    /// Each entry is decoded with `encoding/json` on import, and a failure fails that entry: rules at
    /// `internal/processor/rule.go:168@v2.4.0` (`internal/processor/rule.go:143@v1.14.0`), source,
    /// sink and connection configs at `internal/meta/yamlConfigMeta.go:733@v2.4.0` (`:749`, `:765`),
    /// uploads at `internal/server/import_export.go:640@v2.4.0`.
    pub static LINT = {
        code: "B011",
        name: "invalid-encoded-json",
        severity: Error,
        summary: "A string that must hold JSON does not",
        check: EachPass(check),
        fixable: Safe,
    };
}

fn check(cx: Pass, out: &mut Vec<Diagnostic>) {
    report_syntax(cx, &LINT, out);
}
