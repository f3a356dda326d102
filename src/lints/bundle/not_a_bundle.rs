use crate::analysis::pass::OutlineContext;
use crate::bundle::json::Value;
use crate::bundle::FileKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a file whose top-level JSON value is not an object: an array, a string, a number.
    ///
    /// ## Why it matters
    /// A data bundle is one object of sections (`streams`, `rules`, ...). Anything else fails to
    /// decode, and the import has already wiped the server by then. A top-level array is often a
    /// list of SQL statements, or sample data, checked by mistake. (A JSON array whose items are
    /// all rules is not reported: it is checked as a list of rules, `--kind rule-list`.)
    ///
    /// ## Example
    /// ```json
    /// ["CREATE STREAM s1 () WITH (DATASOURCE=\"s1\")", "SELECT * FROM s1"]
    /// ```
    ///
    /// ## How to fix
    /// Put the content in a bundle: `{"streams": {"s1": "CREATE STREAM ..."}, "rules": {...}}`,
    /// or keep statements in a `.sql` file.
    ///
    /// ## Evidence
    /// The import decodes the file into its object of sections; an array, string or number cannot be decoded
    /// there: `internal/server/import_export.go:202@v2.4.0` (full import; `:199@v1.14.0`) and `:332@v2.4.0`
    /// (partial).
    pub static LINT = {
        code: "B007",
        name: "not-a-bundle",
        severity: Error,
        summary: "The top-level value is not a JSON object",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    // Only the JSON data bundle: other kinds of files have their own shapes (and the YAML
    // format its own key spelling).
    if cx.file.kind != FileKind::Bundle {
        return;
    }
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
        if let Value::String(s) = &root.value {
            // `kuiper create rule r1 '{...}'` pasted into a file keeps the shell's quotes.
            let inner = s.value.trim();
            if (inner.starts_with('{') || inner.starts_with('['))
                && crate::bundle::json::is_valid(inner)
            {
                d = d.with_help(
                    "the file is JSON wrapped in quotes, as typed after `kuiper create rule NAME` in a shell; remove the outer quotes",
                );
            }
        }
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
