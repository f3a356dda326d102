use crate::analysis::pass::PassContext;
use crate::bundle::json::{Node, Value};
use crate::bundle::Entry;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports an MQTT `server` (in an MQTT source, sink or connection config, or an `mqtt`
    /// action) without a scheme: `broker:1883` instead of `tcp://broker:1883`.
    ///
    /// ## Why it matters
    /// eKuiper's MQTT client needs the scheme (`tcp://`, `ssl://`, `ws://`, `wss://`,
    /// `mqtt://`, `mqtts://`) to know how to connect. Without it, the source or sink fails when
    /// the rule starts, after the import looked fine.
    ///
    /// ## Example
    /// ```json
    /// {"sourceConfig": {"mqtt": "{\"plant\": {\"server\": \"broker.local:1883\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Write the scheme: `tcp://broker.local:1883` (or `ssl://` for TLS).
    pub static LINT = {
        code: "C008",
        name: "mqtt-server-scheme",
        severity: Error,
        summary: "An MQTT server address without tcp://, ssl://, ws:// or wss://",
        check: Everywhere(check),
    };
}

const SCHEMES: &[&str] = &["tcp", "ssl", "ws", "wss", "mqtt", "mqtts", "tls"];

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for entry in cx.bundles.iter().flat_map(|b| b.entries()) {
        let Some(root) = entry.json_value() else {
            continue;
        };
        for props in mqtt_props(entry, root) {
            let Some(server) = props.field("server") else {
                continue;
            };
            let Some(url) = server.value.as_str() else {
                continue;
            };
            let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
            if url.contains("{{")
                || url.trim().is_empty()
                || scheme.as_deref().is_some_and(|s| SCHEMES.contains(&s))
            {
                continue;
            }
            let Some(embedded) = &entry.embedded else {
                continue;
            };
            let message = match scheme {
                Some(s) => format!(
                    "MQTT server with scheme `{s}://`, which eKuiper's MQTT client does not know"
                ),
                None => "MQTT server without a scheme".to_string(),
            };
            out.push(
                LINT.at(embedded.map.to_file(server.value.span), message)
                    .with_path(entry.pointer())
                    .with_inner(root.pointer_at(server.value.span.start), server.value.span)
                    .with_help("write it as tcp://host:1883 (or ssl://host:8883 for TLS)"),
            );
        }
    }
}

/// The property objects of `entry` that configure an MQTT client.
fn mqtt_props<'n>(entry: &Entry, root: &'n Node) -> Vec<&'n Node> {
    use crate::bundle::SectionKind;
    let members = root.as_object().unwrap_or_default();
    match entry.section {
        SectionKind::SourceConfig | SectionKind::SinkConfig | SectionKind::ConnectionConfig
            if entry.name().eq_ignore_ascii_case("mqtt") =>
        {
            members.iter().map(|m| &m.value).collect()
        }
        SectionKind::Rules => match root.field("actions").map(|m| &m.value.value) {
            Some(Value::Array(actions)) => actions
                .iter()
                .flat_map(|a| a.as_object().unwrap_or_default())
                .filter(|sink| sink.key.value.eq_ignore_ascii_case("mqtt"))
                .map(|sink| &sink.value)
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}
