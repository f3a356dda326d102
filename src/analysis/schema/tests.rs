use super::*;
use crate::bundle::json;

/// Every schema file is valid against the 2020-12 metaschema and compiles with all its
/// references resolved offline.
#[test]
fn every_schema_is_valid_and_compiles() {
    assert!(EMBEDDED.len() > 40, "schemas are embedded");
    for (name, text) in EMBEDDED {
        let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(e) = jsonschema::meta::validate(&doc) {
            panic!(
                "{name}: not a valid 2020-12 schema: {e} at {}",
                e.instance_path()
            );
        }
        assert_eq!(doc["$id"], format!("{URN}{name}"), "{name}: $id");
        assert!(validator(name).is_some(), "{name} compiles");
    }
}

/// The cases in schemas/tests: `<schema with / as __>[@<def>]__<case>.json`, valid ones pass
/// and invalid ones fail.
#[test]
fn schema_cases() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/tests");
    let mut counted = 0;
    for (dir, expect_valid) in [("valid", true), ("invalid", false)] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let stem = file.strip_suffix(".json").unwrap();
            let (schema, _case) = stem.rsplit_once("__").unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            let instance: Value = serde_json::from_str(&text).unwrap();
            let (name, def) = match schema.split_once('@') {
                Some((s, d)) => (s.replace("__", "/"), Some(d)),
                None => (schema.replace("__", "/"), None),
            };
            let reference = match def {
                Some(d) => format!("{URN}{name}#/$defs/{d}"),
                None => format!("{URN}{name}"),
            };
            let v = compile(&reference).unwrap();
            assert_eq!(v.is_valid(&instance), expect_valid, "{dir}/{file}");
            counted += 1;
        }
    }
    assert!(counted > 300, "{counted} cases");
}

fn errors(schema: &str, text: &str) -> Vec<SchemaError> {
    let doc = json::parse(text);
    validate(schema, &doc.values[0], text).unwrap()
}

#[test]
fn unknown_property_names_what_the_schema_declares() {
    let errs = errors(
        "sources/mqtt.2.x",
        r#"{"server": "tcp://b:1883", "qoss": 1}"#,
    );
    let [SchemaError {
        pointer,
        problem: Problem::UnknownProperty { name, known },
        ..
    }] = errs.as_slice()
    else {
        panic!("{errs:?}")
    };
    assert_eq!(pointer, "");
    assert_eq!(name, "qoss");
    assert!(known.iter().any(|k| k == "qos"), "{known:?}");
}

#[test]
fn wrong_type_is_reported_without_the_value() {
    let errs = errors("sources/mqtt.2.x", r#"{"password": 123456}"#);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].pointer, "/password");
    let Problem::WrongType { expected } = &errs[0].problem else {
        panic!("{errs:?}")
    };
    assert!(!expected.contains("123456"), "{expected}");
}
