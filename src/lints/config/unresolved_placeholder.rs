use crate::analysis::pass::PassContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports a `${NAME}` placeholder left in a value of a rule, config, plugin or service
    /// entry: the mark of a template (Helm, envsubst, Ansible) that was not filled in.
    ///
    /// ## Why it matters
    /// eKuiper does not substitute environment variables in imported values: the broker
    /// address, topic or password is used literally as `${MQTT_HOST}`, and the rule fails or
    /// connects nowhere.
    ///
    /// ## Example
    /// ```json
    /// {"sourceConfig": {"mqtt": "{\"plant\": {\"server\": \"tcp://${MQTT_HOST}:1883\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Render the template before importing (and run kuiperlint on the rendered file).
    pub static LINT = {
        code: "C009",
        name: "unresolved-placeholder",
        severity: Warning,
        summary: "A ${...} placeholder a template left unfilled",
        check: Everywhere(check),
    };
}

/// The first `${NAME}` in `s`.
fn placeholder(s: &str) -> Option<&str> {
    let start = s.find("${")?;
    let end = s[start..].find('}')? + start + 1;
    let name = &s[start + 2..end - 1];
    (!name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-:".contains(c)))
    .then(|| &s[start..end])
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for entry in cx.bundles.iter().flat_map(|b| b.entries()) {
        let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
            continue;
        };
        for node in root.descendants() {
            let Some(p) = node.as_str().and_then(placeholder) else {
                continue;
            };
            out.push(
                LINT.at(
                    embedded.map.to_file(node.span),
                    format!("`{p}` is not filled in: eKuiper uses it literally"),
                )
                .with_path(entry.pointer())
                .with_inner(root.pointer_at(node.span.start), node.span)
                .with_help("render the template before importing"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders() {
        assert_eq!(
            super::placeholder("tcp://${MQTT_HOST}:1883"),
            Some("${MQTT_HOST}")
        );
        assert_eq!(super::placeholder("${a.b}"), Some("${a.b}"));
        assert_eq!(super::placeholder("$ {x}"), None);
        assert_eq!(super::placeholder("price ${} or ${ spaced }"), None);
    }
}
