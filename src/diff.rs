//! Import impact: what importing one bundle over a server that holds another would create,
//! change and delete, section by section.
//!
//! A full import first deletes everything, so whatever the old bundle has and the new one does
//! not is deleted. A partial import (`?partial=1`) deletes nothing. Entries are compared by
//! meaning, not bytes: JSON strings as parsed values (key order and spacing do not matter), SQL
//! with its whitespace folded.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::bundle::json::SyntaxKind;
use crate::bundle::{Bundle, FileKind, LoadedFile, Payload, SectionKind};

/// What happens to one section.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SectionImpact {
    pub create: Vec<String>,
    pub change: Vec<String>,
    pub delete: Vec<String>,
    /// Entries present in both, unchanged.
    pub keep: usize,
    /// For each changed entry: where it changed (`sql`, `actions[0].mqtt.topic`); empty for
    /// an entry that is not JSON (a stream's SQL).
    pub details: BTreeMap<String, Vec<String>>,
}

impl SectionImpact {
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.change.is_empty() && self.delete.is_empty() && self.keep == 0
    }
}

/// Per section (by the key eKuiper exports), in section order.
pub type Impact = Vec<(&'static str, SectionImpact)>;

/// What an entry is compared by: its JSON value (so key order and spacing do not count), or
/// for SQL and JSON that does not parse, its text with whitespace folded.
#[derive(PartialEq)]
enum Content {
    Json(Value),
    Text(String),
}

/// The comparable content of every entry of a section, by name (the last definition wins).
/// Config sections are compared per confKey (`<type>.<confKey>`), the unit eKuiper stores.
fn contents(bundles: &[Bundle], kind: SectionKind) -> BTreeMap<String, Content> {
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
        let parsed = match kind.payload() {
            Payload::Json => serde_json::from_str::<Value>(text).ok(),
            Payload::Sql => None,
        };
        if kind.is_config() {
            if let Some(Value::Object(keys)) = &parsed {
                for (key, props) in keys {
                    out.insert(
                        format!("{}.{key}", entry.name()),
                        Content::Json(props.clone()),
                    );
                }
                continue;
            }
        }
        let content = match parsed {
            Some(v) => Content::Json(v),
            None => Content::Text(text.split_whitespace().collect::<Vec<_>>().join(" ")),
        };
        out.insert(entry.name().to_string(), content);
    }
    out
}

/// At most this many places are named per changed entry; the rest are counted.
const MAX_PLACES: usize = 8;

/// Where two JSON values differ, as paths (`actions[0].mqtt.topic`); `""` for the whole value.
fn changed_places(before: &Value, after: &Value, path: &mut String, out: &mut Vec<String>) {
    if before == after {
        return;
    }
    let at = path.len();
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                match (b.get(key), a.get(key)) {
                    (Some(x), Some(y)) => changed_places(x, y, path, out),
                    _ => out.push(path.clone()),
                }
                path.truncate(at);
            }
        }
        (Value::Array(b), Value::Array(a)) if b.len() == a.len() => {
            for (i, (x, y)) in b.iter().zip(a).enumerate() {
                path.push_str(&format!("[{i}]"));
                changed_places(x, y, path, out);
                path.truncate(at);
            }
        }
        _ => out.push(path.clone()),
    }
}

/// The places where a changed entry changed, for the report. A rule's `sql` is a string, so it
/// is named as a whole.
fn details(before: &Content, after: &Content) -> Vec<String> {
    let (Content::Json(b), Content::Json(a)) = (before, after) else {
        return Vec::new();
    };
    let mut places = Vec::new();
    changed_places(b, a, &mut String::new(), &mut places);
    if places.len() > MAX_PLACES {
        let more = places.len() - MAX_PLACES;
        places.truncate(MAX_PLACES);
        places.push(format!("{more} more"));
    }
    places.retain(|p| !p.is_empty());
    places
}

/// Why a file cannot be compared as a bundle, one line a problem (`LINE:COL: what`): it does
/// not parse, it is not a bundle (or a rule file, or a list of rules), or an entry's JSON
/// string does not parse. eKuiper's import would wipe the server and then fail on such a file,
/// so no impact is computed. The lines name the kind of problem only: a parser's message may
/// quote the file, and a secret with it (`kuiperlint check` masks what it quotes).
pub fn load_problems(file: &LoadedFile) -> Vec<String> {
    let at = |offset: usize| {
        let p = file.source.position(offset);
        format!("{}:{}", p.line, p.column)
    };
    let mut out: Vec<String> = file
        .document
        .issues
        .iter()
        .map(|i| format!("{}: {}", at(i.span.start), syntax_problem(i.kind)))
        .collect();
    if !out.is_empty() {
        return out;
    }
    let root_object =
        matches!(file.document.values.as_slice(), [root] if root.as_object().is_some());
    match file.kind {
        FileKind::Bundle | FileKind::YamlBundle if !root_object => out.push(
            "1:1: the file is not one object of sections, which `kuiper import data` needs".into(),
        ),
        FileKind::Bundle | FileKind::YamlBundle | FileKind::Rule | FileKind::Rules => {}
        kind => out.push(format!("1:1: read as a {}, not a data bundle", kind.name())),
    }
    if !out.is_empty() {
        return out;
    }
    for bundle in file.bundles() {
        for entry in bundle.entries() {
            let broken = entry.json.as_ref().and_then(|d| d.issues.first());
            if let (Some(issue), Some(e)) = (broken, &entry.embedded) {
                out.push(format!(
                    "{}: {} `{}`: its JSON string is not valid JSON: {}",
                    at(e.map.to_file(issue.span).start),
                    entry.section.entry_noun(),
                    entry.name(),
                    syntax_problem(issue.kind)
                ));
            }
        }
    }
    out
}

fn syntax_problem(kind: SyntaxKind) -> &'static str {
    match kind {
        SyntaxKind::Invalid => "not valid JSON here",
        SyntaxKind::Comment => "a comment, which JSON does not allow",
        SyntaxKind::TrailingComma => "a trailing comma",
        SyntaxKind::SingleQuote => "a string in single quotes",
        SyntaxKind::ExtraValue => "a second JSON value after the first",
        SyntaxKind::ByteOrderMark => "a byte-order mark",
        SyntaxKind::UnescapedQuotes => "JSON in a string with its quotes not escaped",
    }
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
                    Some(c) if c != content => {
                        s.change.push(name.clone());
                        s.details.insert(name.clone(), details(c, content));
                    }
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
    fn a_changed_entry_names_where_it_changed() {
        let old = load(
            r#"{"rules": {"hot": "{\"id\":\"hot\",\"sql\":\"SELECT a FROM s\",\"actions\":[{\"mqtt\":{\"topic\":\"a\",\"qos\":1}}]}"}}"#,
        );
        let new = load(
            r#"{"rules": {"hot": "{\"sql\":\"SELECT b FROM s\",\"id\":\"hot\",\"actions\":[{\"mqtt\":{\"topic\":\"b\",\"qos\":1}}],\"options\":{}}"}}"#,
        );
        let (ob, nb) = (old.bundles(), new.bundles());
        let text = crate::report::diff::text(&impact(&ob, &nb, false));
        assert!(
            text.contains("  ~ hot: actions[0].mqtt.topic; options; sql\n"),
            "{text}"
        );
    }

    #[test]
    fn files_that_do_not_load_are_named_with_their_problem() {
        let problems = |t: &str| load_problems(&load(t));
        assert_eq!(problems(r#"{"streams": {},}"#), ["1:15: a trailing comma"]);
        assert_eq!(
            problems("[]"),
            ["1:1: the file is not one object of sections, which `kuiper import data` needs"]
        );
        assert_eq!(
            problems(r#"{"rules": {"r": "{\"id\": }"}}"#),
            ["1:27: rule `r`: its JSON string is not valid JSON: not valid JSON here"]
        );
        assert!(problems(r#"{"rules": {}}"#).is_empty());
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
