use crate::migrate::{declare_migration, Applies};

declare_migration! {
    /// ## What it does
    /// Reads a bundle in eKuiper's 2.x YAML format (the `GET /v2/data/export` download) and writes
    /// it as a JSON data bundle, the format `kuiper import data` and `POST /data/import` take. It
    /// runs when the input is YAML and `--output-format json` is given (by default a file is
    /// written back in its own format).
    ///
    /// Each stream's and table's `sql` becomes the entry's string; each rule mapping becomes the
    /// rule's JSON, encoded as a string, keys in their order; the flat config keys
    /// `sources.<type>.<confKey>` are grouped into `sourceConfig.<type>` (likewise `sinks.` and
    /// `connections.`), where the prefix, not the section, decides the section (as eKuiper's YAML
    /// importer does); `service`/`schema` become `Service`/`Schema`, and `filePath`/`soPath` become
    /// `file`/`soFile`.
    ///
    /// ## Why
    /// The JSON bundle is what every eKuiper version imports and what every other tool reads; the
    /// YAML import stops at the first error and has no per-entry status.
    ///
    /// ## Example
    /// ```yaml
    /// sourceConfig:
    ///   sources.mqtt.plant: {server: "tcp://broker:1883"}
    /// rules:
    ///   r1: {id: r1, sql: SELECT * FROM s1, actions: [{log: {}}]}
    /// ```
    /// becomes
    /// `{"sourceConfig": {"mqtt": "{\"plant\":{\"server\":\"tcp://broker:1883\"}}"}, "rules": {"r1": "{\"id\":\"r1\",...}"}}`.
    ///
    /// ## Warnings
    /// A config key that is not exactly three dot-separated parts, an entry that is not a mapping,
    /// and a top-level key that is not a section are left out and named, each at its line.
    ///
    /// ## Evidence
    /// `internal/server/yaml_import_export.go@v2.0.0` (bundle-format.md §5).
    pub static MIGRATION = {
        code: "M014",
        name: "yaml-to-json",
        applies: Applies::YamlToJson,
        kind: Auto,
        summary: "Convert a 2.x YAML bundle to a JSON data bundle",
    };
}
