use super::*;

fn opts(from: Option<&str>, to: &str) -> MigrateOptions {
    MigrateOptions {
        from: from.map(|f| f.parse().unwrap()),
        to: to.parse().unwrap(),
        output_format: None,
    }
}

fn run(text: &str, from: Option<&str>, to: &str) -> Migrated {
    migrate_text("b.json", text.to_string(), &opts(from, to)).unwrap()
}

#[test]
fn go_durations_print_like_go() {
    for (ms, s) in [
        (0, "0s"),
        (10, "10ms"),
        (999, "999ms"),
        (1000, "1s"),
        (1500, "1.5s"),
        (1001, "1.001s"),
        (60_000, "1m0s"),
        (90_000, "1m30s"),
        (300_000, "5m0s"),
        (3_600_000, "1h0m0s"),
        (3_661_001, "1h1m1.001s"),
        (-5000, "-5s"),
    ] {
        assert_eq!(go_duration_ms(ms).as_deref(), Some(s), "{ms}");
    }
    assert_eq!(go_duration_ms(i64::MAX), None);
}

#[test]
fn version_ranges() {
    let line: VersionRange = "2.0".parse().unwrap();
    assert_eq!(line.to_string(), "2.0");
    let one: VersionRange = "v2.0.1".parse().unwrap();
    assert_eq!(one.to_string(), "2.0.1");
    assert!("1.7".parse::<VersionRange>().is_err());
    let at = Version::release(2, 0, 1);
    assert_eq!(crossing("1.14".parse().unwrap(), one, at), Crossing::Yes);
    assert_eq!(crossing("1.14".parse().unwrap(), line, at), Crossing::Maybe);
    assert_eq!(crossing(line, "2.4".parse().unwrap(), at), Crossing::Maybe);
    assert_eq!(
        crossing("2.0.0".parse().unwrap(), "2.1".parse().unwrap(), at),
        Crossing::Yes
    );
    assert_eq!(
        crossing("2.1".parse().unwrap(), "2.4".parse().unwrap(), at),
        Crossing::No
    );
    assert_eq!(
        crossing("1.8".parse().unwrap(), "1.14".parse().unwrap(), at),
        Crossing::No
    );
}

#[test]
fn registry_is_sorted_and_documented() {
    let mut prev = "";
    for m in MIGRATIONS {
        assert!(m.code > prev, "{} out of order", m.code);
        prev = m.code;
        let doc = m.doc();
        for h in ["## What it does", "## Why", "## Example", "## Evidence"] {
            assert!(doc.contains(h), "{} lacks {h}", m.code);
        }
        assert_eq!(find(m.code).map(|x| x.code), Some(m.code));
        assert_eq!(find(&m.code.to_lowercase()).map(|x| x.code), Some(m.code));
        assert_eq!(find(m.name).map(|x| x.code), Some(m.code));
    }
}

#[test]
fn appends_sections_in_the_file_style() {
    let o = run(
        "{\n  \"streams\": {},\n  \"rules\": {}\n}\n",
        Some("1.10"),
        "1.11",
    );
    assert_eq!(
        o.output,
        "{\n  \"streams\": {},\n  \"rules\": {},\n  \"nativePlugins\": {},\n  \"portablePlugins\": {},\n  \"sourceConfig\": {},\n  \"sinkConfig\": {},\n  \"connectionConfig\": {},\n  \"Service\": {},\n  \"Schema\": {},\n  \"uploads\": {}\n}\n"
    );
    let o = run(r#"{"streams":{}}"#, Some("1.12"), "1.14");
    assert!(
        o.output
            .ends_with(r#""Schema":{},"uploads":{},"scripts":{}}"#),
        "{}",
        o.output
    );
}

#[test]
fn edits_inside_rule_strings_are_escaped_once_per_level() {
    let text = r#"{"rules": {"r1": "{\"id\":\"r0\",\"sql\":\"SELECT 1 FROM s\",\"actions\":[{\"log\":{}}],\"options\":{\"lateTolerance\":1000}}"}, "streams": {}, "tables": {}, "x": {}}"#;
    let o = run(text, Some("1.14"), "2.4");
    assert!(
        o.output.contains(r#"{\"id\":\"r1\",\"sql\":\"SELECT 1 FROM s\",\"actions\":[{\"log\":{}}],\"options\":{\"lateTolerance\":\"1s\",\"sendError\":true}}"#),
        "{}",
        o.output
    );
    // The result is still a bundle whose rule parses.
    let again = run(&o.output, Some("1.14"), "2.4");
    assert_eq!(again.output, o.output);
}

#[test]
fn options_object_is_created_when_absent() {
    let text = r#"{"rules": {"r1": "{\"id\": \"r1\", \"sql\": \"SELECT 1 FROM s\", \"actions\": [{\"log\": {}}]}"}, "x": 1}"#;
    let o = run(text, Some("2.0.0"), "2.0.1");
    assert!(
        o.output
            .contains(r#"\"actions\": [{\"log\": {}}], \"options\": {\"sendError\": true}}"#),
        "{}",
        o.output
    );
}

#[test]
fn broken_json_is_refused() {
    let e = migrate_text("b.json", "{\"rules\": {},}".into(), &opts(None, "2.4")).unwrap_err();
    assert!(e.message.contains("not valid JSON (1:13"), "{}", e.message);
    let e = migrate_text("b.json", "[1]".into(), &opts(None, "2.4")).unwrap_err();
    assert!(e.message.contains("not a bundle"), "{}", e.message);
}
