//! Import impact: what importing one bundle over a server that holds another would create,
//! change and delete, section by section.
//!
//! A full import first deletes everything, so whatever the old bundle has and the new one does
//! not is deleted. A partial import (`?partial=1`) deletes nothing. Entries are compared by
//! meaning, not bytes: JSON strings as parsed values (key order and spacing do not matter), SQL
//! with its whitespace folded.

use std::collections::BTreeMap;

use crate::bundle::{Bundle, Payload, SectionKind};

/// What happens to one section.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SectionImpact {
    pub create: Vec<String>,
    pub change: Vec<String>,
    pub delete: Vec<String>,
    /// Entries present in both, unchanged.
    pub keep: usize,
}

impl SectionImpact {
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.change.is_empty() && self.delete.is_empty() && self.keep == 0
    }
}

/// Per section (by the key eKuiper exports), in section order.
pub type Impact = Vec<(&'static str, SectionImpact)>;

/// The comparable content of every entry of a section, by name (the last definition wins).
/// Config sections are compared per confKey (`<type>.<confKey>`), the unit eKuiper stores.
fn contents(bundles: &[Bundle], kind: SectionKind) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in bundles.iter().flat_map(|b| b.section_entries(kind)) {
        // A structured entry (a YAML export, a rule file) is its node in the file; the others
        // are their decoded string.
        let structured = entry
            .is_structured()
            .then(|| entry.json_value().zip(entry.embedded.as_ref()))
            .flatten()
            .map(|(node, e)| crate::migrate::format::compact_json(e.text, node, &[]));
        let text = match &structured {
            Some(json) => json.as_str(),
            None => entry.embedded.as_ref().map(|e| e.text).unwrap_or_default(),
        };
        if kind.is_config() {
            if let Ok(serde_json::Value::Object(keys)) = serde_json::from_str(text) {
                for (key, props) in keys {
                    out.insert(format!("{}.{key}", entry.name()), props.to_string());
                }
                continue;
            }
        }
        let canonical = match kind.payload() {
            Payload::Sql => text.split_whitespace().collect::<Vec<_>>().join(" "),
            // Parsed and re-serialised: serde_json's map is sorted, so key order does not count.
            Payload::Json => serde_json::from_str::<serde_json::Value>(text)
                .map(|v| v.to_string())
                .unwrap_or_else(|_| text.to_string()),
        };
        out.insert(entry.name().to_string(), canonical);
    }
    out
}

/// The impact of importing `new` over a server holding `old`.
pub fn impact(old: &[Bundle], new: &[Bundle], partial: bool) -> Impact {
    SectionKind::ALL
        .into_iter()
        .map(|kind| {
            let (before, after) = (contents(old, kind), contents(new, kind));
            let mut s = SectionImpact::default();
            for (name, content) in &after {
                match before.get(name) {
                    None => s.create.push(name.clone()),
                    Some(c) if c != content => s.change.push(name.clone()),
                    Some(_) => s.keep += 1,
                }
            }
            for name in before.keys().filter(|n| !after.contains_key(*n)) {
                if partial {
                    s.keep += 1;
                } else {
                    s.delete.push(name.clone());
                }
            }
            (kind.key(), s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{LoadedFile, SourceFile};

    fn load(text: &str) -> LoadedFile {
        LoadedFile::parse(SourceFile::new("t.json", text.to_string()))
    }

    #[test]
    fn full_import_deletes_what_the_new_bundle_lacks() {
        let old = load(
            r#"{"streams": {"a": "CREATE STREAM a () WITH (DATASOURCE=\"x\")", "b": "CREATE STREAM b ()  WITH (DATASOURCE=\"y\")"},
                          "rules": {"r": "{\"id\": \"r\", \"sql\": \"SELECT * FROM a\"}"}}"#,
        );
        let new = load(
            r#"{"streams": {"b": "CREATE STREAM b () WITH (DATASOURCE=\"y\")", "c": "CREATE STREAM c () WITH (DATASOURCE=\"z\")"},
                          "rules": {"r": "{\"sql\": \"SELECT * FROM b\", \"id\": \"r\"}"}}"#,
        );
        let (ob, nb) = (old.bundles(), new.bundles());
        let full = impact(&ob, &nb, false);
        let streams = &full.iter().find(|(k, _)| *k == "streams").unwrap().1;
        assert_eq!(streams.create, ["c"]);
        assert_eq!(streams.delete, ["a"]);
        assert_eq!(streams.keep, 1, "whitespace does not count");
        let rules = &full.iter().find(|(k, _)| *k == "rules").unwrap().1;
        assert_eq!(rules.change, ["r"]);
        let partial = impact(&ob, &nb, true);
        let streams = &partial.iter().find(|(k, _)| *k == "streams").unwrap().1;
        assert!(streams.delete.is_empty());
        assert_eq!(streams.keep, 2);
        assert!(crate::report::diff::text(&full)
            .contains("streams: 1 created, 0 changed, 1 deleted, 1 unchanged\n  + c\n  - a\n"));
    }

    #[test]
    fn a_yaml_export_and_its_json_bundle_are_the_same() {
        let json = load(
            r#"{"rules": {"r": "{\"id\":\"r\",\"sql\":\"SELECT 1\",\"options\":{\"qos\":1}}"},
                "sourceConfig": {"mqtt": "{\"plant\":{\"qos\":1}}"}}"#,
        );
        let yaml = LoadedFile::parse(SourceFile::new(
            "t.yaml",
            "rules:\n  r:\n    sql: SELECT 1\n    id: r\n    options: {qos: 1}\nsourceConfig:\n  sources.mqtt.plant: {qos: 1}\n"
                .to_string(),
        ));
        let (jb, yb) = (json.bundles(), yaml.bundles());
        let same = impact(&jb, &yb, false);
        for (section, s) in &same {
            assert!(
                s.change.is_empty() && s.create.is_empty() && s.delete.is_empty(),
                "{section}: {s:?}"
            );
        }
        let changed = LoadedFile::parse(SourceFile::new(
            "t.yaml",
            "rules:\n  r:\n    sql: SELECT 2\n    id: r\n".to_string(),
        ));
        let cb = changed.bundles();
        let rules = impact(&jb, &cb, false);
        assert_eq!(
            rules.iter().find(|(k, _)| *k == "rules").unwrap().1.change,
            ["r"]
        );
    }
}
