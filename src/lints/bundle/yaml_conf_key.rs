use crate::analysis::pass::OutlineContext;
use crate::bundle::json::Value;
use crate::bundle::kind::config_prefix;
use crate::bundle::{escape_pointer, FileKind, SectionKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::declare_lint;

declare_lint! {
    /// ## What it does
    /// In a 2.x YAML bundle, reports a key of `sourceConfig`, `sinkConfig` or `connectionConfig`
    /// that is not `<sources|sinks|connections>.<type>.<confKey>`, and (as a warning) a key whose
    /// prefix belongs to another of the three sections.
    ///
    /// ## Why it matters
    /// The YAML importer splits each key at its dots and refuses any that does not have exactly
    /// three parts (`... isn't valid conf key`); it stops at the first error, so everything after
    /// it in the import is lost too. A confKey containing a dot cannot be written at all. The
    /// prefix, not the section, decides where a config is stored: `sinks.mqtt.out` under
    /// `sourceConfig` becomes a sink config, which is rarely what the author meant.
    ///
    /// ## Example
    /// ```yaml
    /// sourceConfig:
    ///   mqtt.plant: {server: "tcp://broker:1883"}
    /// ```
    ///
    /// ## How to fix
    /// Write the full storage key: `sources.mqtt.plant`. Move keys to the section their prefix
    /// names. For a confKey with a dot in its name, rename it or import it with a JSON bundle.
    ///
    /// ## Evidence
    /// The YAML import splits each config key at its dots and refuses any that does not give three
    /// parts ("isn't valid conf key"): `internal/server/yaml_import_export.go:568@v2.4.0`, returned
    /// from `writeConf` (`internal/server/yaml_import_export.go:556@v2.4.0`).
    pub static LINT = {
        code: "B016",
        name: "yaml-conf-key",
        severity: Error,
        summary: "A YAML bundle config key that is not `<sources|sinks|connections>.<type>.<confKey>`",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    if cx.file.kind != FileKind::YamlBundle {
        return;
    }
    let Some(root) = cx.file.document.values.first() else {
        return;
    };
    for section in root.as_object().unwrap_or_default() {
        let Some(kind) = SectionKind::from_key(&section.key.value).filter(|k| k.is_config()) else {
            continue;
        };
        let Value::Object(keys) = &section.value.value else {
            continue;
        };
        let expected = config_prefix(kind).unwrap_or_default();
        for m in keys {
            let key = &m.key.value;
            let path = format!(
                "/{}/{}",
                escape_pointer(&section.key.value),
                escape_pointer(key)
            );
            let parts: Vec<&str> = key.split('.').collect();
            let prefix_kind = [
                SectionKind::SourceConfig,
                SectionKind::SinkConfig,
                SectionKind::ConnectionConfig,
            ]
            .into_iter()
            .find(|k| config_prefix(*k) == parts.first().copied());
            match (parts.len(), prefix_kind) {
                (3, Some(k)) if k == kind => {}
                (3, Some(k)) => {
                    let mut d = LINT
                        .at(
                            m.key_span,
                            format!(
                                "`{key}` under `{}` is stored as a {}: the prefix decides, not the section",
                                section.key.value,
                                k.entry_noun()
                            ),
                        )
                        .with_path(path)
                        .with_help(format!(
                            "move it under `{}`, or write `{expected}.{}.{}` if it is a {}",
                            k.yaml_key(),
                            parts[1],
                            parts[2],
                            kind.entry_noun()
                        ));
                    d.severity = Severity::Warning;
                    out.push(d);
                }
                _ => out.push(
                    LINT.at(
                        m.key_span,
                        format!("`{key}` is not a config key of the form `{expected}.<type>.<confKey>`"),
                    )
                    .with_path(path)
                    .with_help(format!(
                        "eKuiper stops the YAML import here: \"{key} isn't valid conf key\"; write `{expected}.<type>.<confKey>` (a confKey cannot contain `.`)"
                    )),
                ),
            }
        }
    }
}
