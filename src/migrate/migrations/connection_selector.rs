use crate::bundle::SectionKind;
use crate::ekuiper::version::{Crossing, Version};
use crate::migrate::{declare_migration, json_string, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 0);

declare_migration! {
    /// ## What it does
    /// Rewrites a `connectionSelector` of the 1.x form `"<type>.<name>"` (in configs and in
    /// action props) to the bare connection id `"<name>"` of 2.x, when the bundle goes from 1.x to
    /// 2.x and `connectionConfig.<type>` defines `<name>`. It warns instead, leaving the value,
    /// when:
    /// - no connection `<name>` is defined under `<type>`;
    /// - another connection type also defines `<name>` (2.x ids are global across types);
    /// - `<type>` is not one of the connection types eKuiper 2.0.0 registers (`mqtt`, `nng`,
    ///   `httppush`, `websocket`): later 2.x releases add `edgex`, `kafka`, `sql`, `sse`, but
    ///   in which release is not established;
    /// - the source version is not certainly 1.x.
    ///
    /// ## Why
    /// In 1.x a selector names a connection profile by type and name; in 2.x connections are pool
    /// resources keyed by id only, and the selector holds the bare id. The `connectionConfig`
    /// section keeps its shape (`{type: {id: props}}`). Note: in 2.x named connections connect
    /// as soon as they are imported.
    ///
    /// ## Example
    /// `{"c1": {"connectionSelector": "mqtt.local"}}` with `connectionConfig.mqtt` = `{"local": {…}}`
    /// → `{"c1": {"connectionSelector": "local"}}`
    ///
    /// ## Evidence
    /// `docs/en_US/guide/connector.md@v1.14.0`, `docs/en_US/guide/connections/overview.md@HEAD`,
    /// `ReloadNamedConnection` in `pkg/connection/pool.go@HEAD`,
    /// `internal/binder/io/builtin.go@v2.0.0` (migration.md D).
    pub static MIGRATION = {
        code: "M013",
        name: "connection-selector-bare-id",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "connectionSelector `type.name` → the bare connection id of 2.x",
        run: run,
    };
}

/// Connection types registered in `internal/binder/io/builtin.go@v2.0.0`.
const TYPES_2_0: [&str; 4] = ["mqtt", "nng", "httppush", "websocket"];

fn run(cx: &mut Cx) {
    let apply = match cx.crossing(AT) {
        Crossing::No => return,
        Crossing::Yes => true,
        Crossing::Maybe => false,
    };
    // Which connection types define each name.
    let mut defined: Vec<(String, String)> = Vec::new();
    for e in cx.json_entries(SectionKind::ConnectionConfig) {
        for m in e.value.as_object().unwrap_or_default() {
            defined.push((e.entry.name().to_string(), m.key.value.clone()));
        }
    }
    for p in cx.props(true) {
        let selectors: Vec<_> = p
            .props
            .as_object()
            .unwrap_or_default()
            .iter()
            .filter(|m| m.key.value.eq_ignore_ascii_case("connectionSelector"))
            .collect();
        for m in selectors {
            let Some(sel) = m.value.as_str() else {
                continue;
            };
            let Some((ty, name)) = sel.split_once('.') else {
                continue;
            };
            let span = p.layer.to_file(m.value.span);
            let here = format!("`connectionSelector` `{sel}` of {}", p.what);
            let types: Vec<&str> = defined
                .iter()
                .filter(|(_, n)| n == name)
                .map(|(t, _)| t.as_str())
                .collect();
            if !types.contains(&ty) {
                cx.warn(span, format!("{here}: `connectionConfig.{ty}` defines no `{name}`; eKuiper 2.x expects the bare id of a defined connection"));
            } else if types.len() > 1 {
                cx.warn(span, format!("{here}: `{name}` is defined under several connection types ({}); eKuiper 2.x connection ids are global — rename one, then use its bare id", types.join(", ")));
            } else if !TYPES_2_0.contains(&ty) {
                cx.warn(span, format!("{here}: not verified that eKuiper {} has named connections of type `{ty}` (2.0.0 has {}); if it does, write \"{name}\"", cx.to, TYPES_2_0.join(", ")));
            } else if !apply {
                cx.warn(span, format!("{here}: eKuiper 2.x expects the bare id \"{name}\"; not rewritten because the source version is uncertain (pass --from)"));
            } else {
                let edit = p.layer.edit(m.value.span, &json_string(name));
                cx.apply(
                    span,
                    format!("{here} → \"{name}\" (2.x selects connections by bare id)"),
                    vec![edit],
                );
            }
        }
    }
}
