use crate::bundle::json::Value;
use crate::diagnostic::Diagnostic;
use crate::lints::{declare_lint, Context};

declare_lint! {
    /// ## What it does
    /// Reports a file whose top-level JSON value is not an object: an array, a string, a number.
    ///
    /// ## Why it matters
    /// A data bundle is one object of sections (`streams`, `rules`, ...). Anything else fails to
    /// decode, and the import has already wiped the server by then. A top-level array is often a
    /// list of rules meant for `kuiper create rule`, or sample data, checked by mistake.
    ///
    /// ## Example
    /// ```json
    /// [{"id": "r1", "sql": "SELECT * FROM s1", "actions": [{"log": {}}]}]
    /// ```
    ///
    /// ## How to fix
    /// Put the content in a bundle: `{"rules": {"r1": "<the rule as a JSON string>"}}`.
    pub static LINT = {
        code: "B007",
        name: "not-a-bundle",
        severity: Error,
        summary: "The top-level value is not a JSON object",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for bundle in cx.bundles {
        let root = bundle.root;
        // Invalid JSON is reported by B001 already.
        if matches!(root.value, Value::Object(_) | Value::Invalid) {
            continue;
        }
        let mut d = LINT
            .at(
                root.span,
                format!(
                    "a bundle must be a JSON object; this file holds {}",
                    root.type_name()
                ),
            )
            .with_path("");
        if let Value::Array(items) = &root.value {
            let looks_like_rules = items
                .iter()
                .any(|i| i.field("sql").is_some() || i.field("graph").is_some());
            d = d.with_help(if looks_like_rules {
                "this looks like a list of rules: in a bundle, rules go under \"rules\" as {\"<id>\": \"<rule JSON as a string>\"}"
            } else {
                "a bundle looks like {\"streams\": {...}, \"tables\": {...}, \"rules\": {...}, ...}"
            });
        }
        out.push(d);
    }
}
