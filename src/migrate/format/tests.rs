use proptest::prelude::*;

use super::*;
use crate::bundle::{json, yaml};

fn to_json(text: &str) -> Converted {
    let doc = yaml::parse(text);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    yaml_to_json(text, &doc.values[0])
}

fn to_yaml(text: &str) -> Converted {
    let doc = json::parse(text);
    assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    json_to_yaml(&Bundle::new(&doc.values[0]))
}

/// The decoded value of `section/entry` in a JSON bundle text.
fn entry(json_text: &str, section: &str, name: &str) -> serde_json::Value {
    let outer: serde_json::Value = serde_json::from_str(json_text).unwrap();
    let s = outer[section][name].as_str().unwrap().to_string();
    serde_json::from_str(&s).unwrap_or(serde_json::Value::String(s))
}

#[test]
fn yaml_sections_become_json_strings() {
    let text = "\
streams:
  s1:
    sql: |
      CREATE STREAM s1 () WITH (DATASOURCE=\"t\")
rules:
  r1:
    id: r1
    sql: SELECT * FROM s1
    actions: [{log: {}}]
    options: {qos: 1, lateTolerance: 1s}
sourceConfig:
  sources.mqtt.a: {server: 'tcp://x:1883'}
  sources.mqtt.b: {qos: 2}
  sinks.mqtt.c: {qos: 0}
schema:
  protobuf_s1: {type: protobuf, name: s1, filePath: /tmp/s1.proto, soPath: /tmp/s1.so}
service:
  svc: {name: svc, file: 'file:///tmp/svc.zip'}
";
    let c = to_json(text);
    let j = &c.text;
    assert_eq!(
        entry(j, "streams", "s1"),
        serde_json::json!("CREATE STREAM s1 () WITH (DATASOURCE=\"t\")\n")
    );
    assert_eq!(
        entry(j, "rules", "r1"),
        serde_json::json!({"id": "r1", "sql": "SELECT * FROM s1", "actions": [{"log": {}}],
            "options": {"qos": 1, "lateTolerance": "1s"}})
    );
    assert_eq!(
        entry(j, "sourceConfig", "mqtt"),
        serde_json::json!({"a": {"server": "tcp://x:1883"}, "b": {"qos": 2}})
    );
    assert_eq!(
        entry(j, "sinkConfig", "mqtt"),
        serde_json::json!({"c": {"qos": 0}})
    );
    assert_eq!(
        entry(j, "Schema", "protobuf_s1"),
        serde_json::json!({"type": "protobuf", "name": "s1", "file": "/tmp/s1.proto", "soFile": "/tmp/s1.so"})
    );
    assert_eq!(entry(j, "Service", "svc")["file"], "file:///tmp/svc.zip");
    // The sink key under sourceConfig is moved by its prefix, and said so at its key.
    assert_eq!(c.notes.len(), 1, "{:?}", c.notes);
    assert_eq!(&text[c.notes[0].span.range()], "sinks.mqtt.c");
}

#[test]
fn keys_yaml_cannot_convert_are_named_at_their_place() {
    let text = "sourceConfig:\n  mqtt.only2: {qos: 1}\nextra: 1\nrules:\n  r1: [1]\n";
    let c = to_json(text);
    let at: Vec<&str> = c.notes.iter().map(|n| &text[n.span.range()]).collect();
    assert_eq!(at, ["mqtt.only2", "extra", "r1"]);
    assert!(c.notes.iter().all(|n| n.action == Action::Warned));
}

#[test]
fn json_sections_become_yaml_mappings() {
    let text = r#"{
  "streams": {"s1": "CREATE STREAM s1 () WITH (DATASOURCE=\"t\")"},
  "rules": {"r1": "{\"id\":\"r1\",\"sql\":\"SELECT a,\\n  b FROM s1\",\"actions\":[{\"log\":{}},{\"mqtt\":{\"server\":\"tcp://x:1883\",\"qos\":1}}],\"tags\":[]}"},
  "sourceConfig": {"mqtt": "{\"a\":{\"qos\":1},\"b.c\":{\"qos\":2}}"},
  "Schema": {"protobuf_s1": "{\"type\":\"protobuf\",\"name\":\"s1\",\"file\":\"/x.proto\"}"},
  "nativePlugins": {"sources_random": "{\"name\":\"random\",\"file\":\"http://x/r.zip\"}"},
  "scripts": {"area": "{\"id\":\"area\",\"script\":\"function area(){}\"}"}
}"#;
    let c = to_yaml(text);
    let y = &c.text;
    assert!(
        y.contains("  r1:\n    id: r1\n    sql: |-\n      SELECT a,\n        b FROM s1\n"),
        "{y}"
    );
    assert!(y.contains("    actions:\n      - log: {}\n      - mqtt:\n          server: tcp://x:1883\n          qos: 1\n"), "{y}");
    assert!(y.contains("    tags: []\n"), "{y}");
    assert!(y.contains("  sources.mqtt.a:\n    qos: 1\n"), "{y}");
    assert!(
        y.contains(
            "schema:\n  protobuf_s1:\n    type: protobuf\n    name: s1\n    filePath: /x.proto\n"
        ),
        "{y}"
    );
    assert!(!y.contains("scripts") && !y.contains("b.c"), "{y}");
    let at: Vec<&str> = c.notes.iter().map(|n| &text[n.span.range()]).collect();
    assert_eq!(
        at,
        ["\"mqtt\"", "\"sources_random\"", "\"area\""],
        "{:?}",
        c.notes
    );
    // And back: the same content, minus what was reported.
    let back = to_json(y);
    assert_eq!(entry(&back.text, "rules", "r1"), entry(text, "rules", "r1"));
    assert_eq!(
        entry(&back.text, "Schema", "protobuf_s1"),
        entry(text, "Schema", "protobuf_s1")
    );
    assert_eq!(
        entry(&back.text, "streams", "s1"),
        entry(text, "streams", "s1")
    );
}

#[test]
fn origins_point_at_the_member_an_output_offset_came_from() {
    let text = "streams:\n  s1: {sql: x}\nrules:\n  r1: {id: r1, sql: SELECT 1}\nsourceConfig:\n  sources.mqtt.a: {qos: 1}\n";
    let c = to_json(text);
    let at = c.text.find("SELECT 1").unwrap();
    assert_eq!(&text[c.origins.to_input(at).range()], "sql: SELECT 1");
    let at = c.text.find("\\\"r1\\\"").unwrap();
    assert_eq!(&text[c.origins.to_input(at).range()], "id: r1");
    let at = c.text.find("qos").unwrap();
    assert_eq!(&text[c.origins.to_input(at).range()], "qos: 1");
}

proptest! {
    /// Any string written as a YAML scalar reads back as itself.
    #[test]
    fn scalars_read_back_unchanged(s in "\\PC{0,30}|[ a-z0-9:#'\"\\n\\t-]{0,30}|(true|null|0x1F|1e5|5m0s|~| a|a )") {
        let mut out = String::from("k:");
        write_scalar(&s, 2, &mut out);
        let doc = yaml::parse(&out);
        prop_assert!(doc.issues.is_empty(), "{:?} in {out:?}", doc.issues);
        let back = doc.values[0].at_pointer("/k").and_then(Node::as_str);
        prop_assert_eq!(back, Some(s.as_str()), "{:?}", out);
    }
}
