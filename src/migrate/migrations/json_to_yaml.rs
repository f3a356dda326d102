use crate::migrate::{declare_migration, Applies};

declare_migration! {
    /// ## What it does
    /// Writes a JSON data bundle in eKuiper's 2.x YAML format (`--output-format yaml`), for
    /// `POST /v2/data/import`; a YAML input that any migration changed is written back this way
    /// too. Only targets 2.0 and later have that format; an older `--to` is refused.
    ///
    /// Streams and tables become `{sql: ...}`; rules become mappings (multi-line SQL as a `|`
    /// block); `sourceConfig.<type>` becomes one `sources.<type>.<confKey>` key per confKey (likewise
    /// sinks and connections); `Service`/`Schema` become `service`/`schema`, and `file`/`soFile`
    /// become `filePath`/`soPath`. Key order and values are kept; numbers keep their text.
    ///
    /// ## Why
    /// eKuiper 2.x exports and imports YAML through `/v2/data/*`; YAML keeps rules readable in
    /// review (SQL as a block, no escaped JSON in strings).
    ///
    /// ## Example
    /// `"rules": {"r1": "{\"id\":\"r1\",\"sql\":\"SELECT * FROM s1\"}"}` becomes
    /// ```yaml
    /// rules:
    ///   r1:
    ///     id: r1
    ///     sql: SELECT * FROM s1
    /// ```
    ///
    /// ## Warnings
    /// Left out and named, each at its line: `scripts` (the YAML format has no such section), a
    /// config type or confKey with a `.` in its name (the three-part key cannot express it),
    /// entries whose JSON does not parse. Native plugins are written but warned about: eKuiper's
    /// YAML importer (2.0 to at least 2.4) never installs them.
    ///
    /// ## Evidence
    /// `internal/server/yaml_import_export.go@v2.0.0` and `@v2.4.0` (bundle-format.md §5).
    pub static MIGRATION = {
        code: "M015",
        name: "json-to-yaml",
        applies: Applies::JsonToYaml,
        kind: Auto,
        summary: "Convert a JSON data bundle to the 2.x YAML format",
    };
}
