//! Config lints (C): every finding of each fixture at its exact line, column and bytes, with its
//! path and the pointer inside the decoded entry.

mod common;

use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::{check_bytes, CheckOptions};

/// (code, line, column, text under the span, path, inner pointer) of each finding of `codes`.
type Finding = (&'static str, usize, usize, String, String, String);

fn findings(path: &str, codes: &[&str]) -> Vec<Finding> {
    common::located(&common::check_file(path, Version::newest()))
        .into_iter()
        .filter(|f| codes.contains(&f.code))
        .map(|f| (f.code, f.start.0, f.start.1, f.text, f.path, f.inner))
        .collect()
}

fn f(
    code: &'static str,
    line: usize,
    column: usize,
    text: &str,
    path: &str,
    inner: &str,
) -> Finding {
    (
        code,
        line,
        column,
        text.to_string(),
        path.to_string(),
        inner.to_string(),
    )
}

#[test]
fn c001_unknown_property() {
    // In rule options, and in a source config on a line with a non-ASCII character before it
    // (column 63 is byte offset 63 + 1 from the line start).
    assert_eq!(
        findings("fixtures/lints/C001.json", &["C001"]),
        [
            f(
                "C001",
                6,
                109,
                r#"\"bufferLenght\""#,
                "/rules/r1",
                "/options/bufferLenght"
            ),
            f(
                "C001",
                9,
                63,
                r#"\"qoss\""#,
                "/sourceConfig/mqtt",
                "/plant/qoss"
            ),
        ]
    );
}

#[test]
fn c001_suggests_the_declared_name() {
    let report = check_bytes(
        "C001.json".into(),
        std::fs::read("fixtures/lints/C001.json").unwrap(),
        &CheckOptions::default(),
    );
    let helps: Vec<_> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert!(helps.contains(&"did you mean `bufferLength`?"), "{helps:?}");
    assert!(helps.contains(&"did you mean `qos`?"), "{helps:?}");
}

#[test]
fn c002_property_case_counts_as_the_property() {
    // `SQL` is eKuiper's `sql`: the rule is a SQL rule (no C006) and its SQL is checked.
    assert_eq!(
        findings("fixtures/lints/C002.json", &["C002", "C006", "S020"]),
        [
            f("C002", 6, 29, r#"\"SQL\""#, "/rules/r1", "/SQL"),
            f(
                "C002",
                6,
                109,
                r#"\"bufferlength\""#,
                "/rules/r1",
                "/options/bufferlength"
            ),
        ]
    );
}

#[test]
fn c003_wrong_type_never_quotes_the_value() {
    let report = check_bytes(
        "C003.json".into(),
        std::fs::read("fixtures/lints/C003.json").unwrap(),
        &CheckOptions::default(),
    );
    assert!(report
        .diagnostics
        .iter()
        .all(|d| !d.message.contains("123456")));
    assert_eq!(
        findings("fixtures/lints/C003.json", &["C003"]),
        [
            f(
                "C003",
                6,
                126,
                r#"\"2\""#,
                "/rules/r1",
                "/options/concurrency"
            ),
            f(
                "C003",
                9,
                76,
                "123456",
                "/sourceConfig/mqtt",
                "/plant/password"
            ),
        ]
    );
}

#[test]
fn c004_invalid_value() {
    assert_eq!(
        findings("fixtures/lints/C004.json", &["C004"]),
        [
            f(
                "C004",
                6,
                137,
                r#"\"fetch\""#,
                "/rules/r1",
                "/actions/0/rest/method"
            ),
            // `"qos": 3` is not reported: eKuiper does not range-check the rule option.
            f(
                "C004",
                6,
                196,
                r#"\"5 seconds\""#,
                "/rules/r1",
                "/options/lateTolerance"
            ),
        ]
    );
}

#[test]
fn c005_missing_property_points_at_the_object() {
    assert_eq!(
        findings("fixtures/lints/C005.json", &["C005"]),
        [
            f("C005", 6, 12, "{", "/rules/r1", ""),
            f("C005", 9, 16, "{", "/portablePlugins/mirror", ""),
        ]
    );
}

#[test]
fn c006_invalid_shape_says_it_in_ekuipers_terms() {
    let got = findings("fixtures/lints/C006.json", &["C006"]);
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].1, got[0].2), (6, 12));
    let report = check_bytes(
        "C006.json".into(),
        std::fs::read("fixtures/lints/C006.json").unwrap(),
        &CheckOptions::default(),
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "C006")
        .unwrap();
    assert!(
        d.message.contains("has neither sql nor graph"),
        "{}",
        d.message
    );
}

#[test]
fn c007_no_schema_for_plugin_types() {
    assert_eq!(
        findings("fixtures/lints/C007.json", &["C007"]),
        [f("C007", 9, 5, r#""influx2""#, "/sinkConfig/influx2", "")]
    );
}

#[test]
fn target_line_selects_the_schema() {
    // 1.x durations are integers of milliseconds: a duration string is a wrong type there.
    let text = r#"{"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\")"},
 "rules": {"r1": "{\"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}], \"options\": {\"lateTolerance\": \"5s\"}}"}}"#;
    let codes = |target: &str| -> Vec<&'static str> {
        let options = CheckOptions {
            target: target.parse().unwrap(),
        };
        check_bytes("t.json".into(), text.as_bytes().to_vec(), &options)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(codes("2.4"), Vec::<&str>::new());
    assert_eq!(codes("1.14"), ["C003"]);
}

#[test]
/// A scheme-less server is fine with the default protocol (`broker:1883`, `edge-broker:1883`).
fn c008_mqtt_server_scheme() {
    assert_eq!(
        findings("fixtures/lints/C008.json", &["C008"]),
        [
            f(
                "C008",
                6,
                103,
                r#"\"cloud.example.com:8883\""#,
                "/rules/r1",
                "/actions/0/mqtt/server"
            ),
            f(
                "C008",
                9,
                83,
                r#"\"http://broker:1883\""#,
                "/sourceConfig/mqtt",
                "/default/server"
            ),
        ]
    );
}

#[test]
fn c009_unresolved_placeholder() {
    assert_eq!(
        findings("fixtures/lints/C009.json", &["C009"]),
        [
            f(
                "C009",
                6,
                136,
                r#"\"sites/${SITE_ID}/alerts\""#,
                "/rules/r1",
                "/actions/0/mqtt/topic"
            ),
            f(
                "C009",
                9,
                39,
                r#"\"tcp://${MQTT_HOST}:1883\""#,
                "/sourceConfig/mqtt",
                "/plant/server"
            ),
        ]
    );
}

#[test]
fn c010_event_time_without_timestamp() {
    // r2 reads a stream with TIMESTAMP: fine.
    assert_eq!(
        findings("fixtures/lints/C010.json", &["C010"]),
        [f(
            "C010",
            7,
            168,
            "true",
            "/rules/r1",
            "/options/isEventTime"
        )]
    );
}
