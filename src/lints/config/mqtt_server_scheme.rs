use crate::analysis::pass::PassContext;
use crate::bundle::json::{Node, Value};
use crate::bundle::Entry;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// Reports an MQTT `server` (in an MQTT source, sink or connection config, or an `mqtt`
    /// action) that eKuiper's MQTT client will not connect to as written: a scheme the client
    /// does not know (`http://broker:1883`), or no scheme at all (`broker:1883`) with
    /// `protocolVersion: "5"`. With the default protocol (3.1.1), a server without a scheme is
    /// fine: the client reads it as `tcp://`.
    ///
    /// ## Why it matters
    /// The address is only used when the rule starts: the import and the rule creation succeed,
    /// and the source or sink then fails to connect. Hence a warning.
    ///
    /// ## Evidence
    /// - 3.1.1 (the default, also `3.1` and `4`): `internal/io/mqtt/conn.go:59@v2.4.0` picks
    ///   `v4client`, whose `Provision` (`internal/io/mqtt/v4client/client.go:55@v2.4.0`; the same
    ///   in `internal/io/mqtt/connection.go:137@v1.14.0`) hands the server to paho's `AddBroker`,
    ///   which puts `tcp://` before an address without `://`. paho (`github.com/eclipse/paho.mqtt.golang`
    ///   v1.5.1) connects with `tcp`, `mqtt`, `ssl`, `tls`, `mqtts`, `mqtt+ssl`, `tcps`, `ws`,
    ///   `wss` and `unix`, and fails any other scheme with "unknown protocol".
    /// - 5: `v5client.ValidateConfig` (`internal/io/mqtt/v5client/client.go:282@v2.4.0`) reads the
    ///   server with Go's `url.Parse`, which refuses `192.168.1.5:1883` ("first path segment in URL
    ///   cannot contain colon") and reads `broker:1883` as the scheme `broker`.
    ///
    /// ## Example
    /// ```json
    /// {"sourceConfig": {"mqtt": "{\"plant\": {\"server\": \"http://broker.local:1883\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Write the scheme: `tcp://broker.local:1883` (or `ssl://` for TLS).
    pub static LINT = {
        code: "C008",
        name: "mqtt-server-scheme",
        severity: Warning,
        summary: "An MQTT server address eKuiper's MQTT client cannot connect to as written",
        check: Everywhere(check),
    };
}

/// The schemes paho's MQTT client connects with.
const SCHEMES: &[&str] = &[
    "tcp", "mqtt", "ssl", "tls", "mqtts", "mqtt+ssl", "tcps", "ws", "wss", "unix",
];

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
            let v5 = props
                .field("protocolVersion")
                .and_then(|m| m.value.as_str())
                .is_some_and(|v| v.trim() == "5");
            let fine = match &scheme {
                Some(s) => SCHEMES.contains(&s.as_str()),
                // The 3.1.1 client puts `tcp://` before it.
                None => !v5,
            };
            if fine || url.contains("{{") || url.trim().is_empty() {
                continue;
            }
            let Some(embedded) = &entry.embedded else {
                continue;
            };
            let message = match scheme {
                Some(s) => format!(
                    "MQTT server with scheme `{s}://`, which eKuiper's MQTT client does not know"
                ),
                None => "MQTT server without a scheme, with protocolVersion 5: eKuiper's MQTT 5 \
                         client does not add `tcp://`"
                    .to_string(),
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
