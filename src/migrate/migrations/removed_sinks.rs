use crate::bundle::SectionKind;
use crate::ekuiper::version::Version;
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release without these sinks.
const AT: Version = Version::release(2, 0, 0);

/// Extension sinks shipped in `extensions/sinks/` at v1.14.x and gone at v2.0.0. The other
/// extension sinks, sources and functions of v1.14.x are all still there at v2.0.0.
const REMOVED: &[&str] = &["tdengine", "tspoint"];

declare_migration! {
    /// ## What it does
    /// On a migration to 2.x from 1.x, warns about every use of a sink plugin that eKuiper 2.0
    /// no longer ships: `tdengine` and `tspoint`. It reports each rule action of that type, each
    /// `sinkConfig` entry for it, and each `nativePlugins` entry that installs it
    /// (`sinks_tdengine`, `sinks_tspoint`), at its key. It rewrites nothing.
    ///
    /// ## Why
    /// There is no 2.x build of these plugins to install, and no built-in sink with the same
    /// properties: a rule using one fails to start. Replacing the sink (for TDengine, the `sql`
    /// sink with a TDengine driver, or a REST sink to its HTTP API) is a decision for a person.
    ///
    /// ## Example
    /// `"actions": [{"tdengine": {"host": "…"}}]` → warning at `"tdengine"`.
    ///
    /// ## Evidence
    /// `extensions/sinks/tdengine/` and `extensions/sinks/tspoint/` exist at `v1.14.0` and are
    /// gone at `v2.0.0` (`git ls-tree v2.0.0 extensions/sinks/`: image, influx, influx2, kafka,
    /// sql, zmq). Every other directory of `extensions/sinks`, `extensions/sources` and
    /// `extensions/functions` at `v1.14.0` is still there at `v2.0.0`.
    pub static MIGRATION = {
        code: "M016",
        name: "removed-sink-plugins",
        applies: Applies::Crossing(AT),
        kind: Warn,
        summary: "Warn: the tdengine and tspoint sinks are not shipped by eKuiper 2.x",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    if !cx.to.all_at_least(AT) || cx.from.all_at_least(AT) {
        return;
    }
    let bundle = cx.bundle;
    // sinkConfig entries and nativePlugins entries: reported at the entry's key.
    for kind in [SectionKind::SinkConfig, SectionKind::NativePlugins] {
        for entry in bundle.section_entries(kind) {
            let name = entry.name();
            let plugin = match kind {
                SectionKind::NativePlugins => name.strip_prefix("sinks_").unwrap_or(""),
                _ => name,
            };
            if !REMOVED.contains(&plugin) {
                continue;
            }
            let noun = match kind {
                SectionKind::NativePlugins => "native plugin",
                _ => "sink config",
            };
            cx.warn(
                entry.member.key_span,
                format!("{noun} `{name}`: eKuiper 2.x has no `{plugin}` sink (removed in 2.0); choose a replacement sink and remove this entry"),
            );
        }
    }
    for r in cx.rules() {
        let Some(acts) = r.value.field("actions") else {
            continue;
        };
        let crate::bundle::json::Value::Array(items) = &acts.value.value else {
            continue;
        };
        for (i, action) in items.iter().enumerate() {
            for m in action.as_object().unwrap_or_default() {
                if !REMOVED.contains(&m.key.value.as_str()) {
                    continue;
                }
                cx.warn(
                    r.layer.to_file(m.key_span),
                    format!(
                        "action {i} (`{}`) of rule `{}`: eKuiper 2.x has no `{}` sink (removed in 2.0); replace the action",
                        m.key.value,
                        r.entry.name(),
                        m.key.value
                    ),
                );
            }
        }
    }
}
