//! Cross-reference lints (X): every finding of each fixture, at its exact line, column and bytes.

use kuiperlint::check::{check_bytes, CheckOptions};
use kuiperlint::report::Range;

/// (code, line, column, end_line, end_column, text under the span, path) of every finding.
type Finding = (&'static str, usize, usize, usize, usize, String, String);

fn findings(path: &str) -> Vec<Finding> {
    let bytes = std::fs::read(path).unwrap();
    let report = check_bytes(path.to_string(), bytes, &CheckOptions::default());
    report
        .diagnostics
        .iter()
        .map(|d| {
            let r = Range::of(&report.source, d.span);
            let text = report.source.text[d.span.range()].to_string();
            (
                d.code,
                r.start.line,
                r.start.column,
                r.end.line,
                r.end.column,
                text,
                d.path.clone(),
            )
        })
        .collect()
}

fn f(code: &'static str, at: (usize, usize, usize, usize), text: &str, path: &str) -> Finding {
    (
        code,
        at.0,
        at.1,
        at.2,
        at.3,
        text.to_string(),
        path.to_string(),
    )
}

#[test]
fn x001_unknown_conf_key() {
    // `CONF_KEY="plant"` inside the stream's SQL string; `default` (second stream) is fine. The
    // `factory` profile that nothing names is reported as unused.
    assert_eq!(
        findings("fixtures/lints/X001.json"),
        [
            f("X001", (3, 83, 3, 92), r#"\"plant\""#, "/streams/sensors"),
            f(
                "X006",
                (11, 15, 11, 26),
                r#"\"factory\""#,
                "/sourceConfig/mqtt"
            ),
        ]
    );
}

#[test]
fn x002_unknown_resource_id() {
    assert_eq!(
        findings("fixtures/lints/X002.json"),
        [f("X002", (6, 107, 6, 116), r#"\"cloud\""#, "/rules/r1")]
    );
}

#[test]
fn x003_unknown_connection() {
    // In an action (2.x bare id) and in a source config; the defined connection is unused.
    assert_eq!(
        findings("fixtures/lints/X003.json"),
        [
            f("X003", (6, 115, 6, 130), r#"\"cloudbroker\""#, "/rules/r1"),
            f(
                "X003",
                (9, 51, 9, 66),
                r#"\"plantbroker\""#,
                "/sourceConfig/mqtt"
            ),
            f(
                "X006",
                (12, 15, 12, 24),
                r#"\"cloud\""#,
                "/connectionConfig/mqtt"
            ),
        ]
    );
}

#[test]
fn x004_unknown_schema() {
    // The stream's schema `sensors` is missing; the action's `alerts` schema is in the bundle.
    assert_eq!(
        findings("fixtures/lints/X004.json"),
        [f(
            "X004",
            (3, 104, 3, 123),
            r#"\"sensors.Reading\""#,
            "/streams/sensors"
        )]
    );
}

#[test]
fn x005_unknown_plugin_type() {
    // `video` comes with a native plugin of the bundle (noted as code it installs, P006);
    // `kafka` and `influx2` do not.
    assert_eq!(
        findings("fixtures/lints/X005.json"),
        [
            f("X005", (3, 74, 3, 83), r#"\"kafka\""#, "/streams/orders"),
            f("X005", (7, 79, 7, 90), r#"\"influx2\""#, "/rules/r1"),
            f(
                "P006",
                (11, 5, 11, 20),
                r#""sources_video""#,
                "/nativePlugins/sources_video"
            ),
        ]
    );
}

#[test]
fn x006_unused_entry() {
    // `default` confKeys are never reported.
    assert_eq!(
        findings("fixtures/lints/X006.json"),
        [
            f("X006", (4, 5, 4, 13), r#""legacy""#, "/streams/legacy"),
            f("X006", (10, 90, 10, 97), r#"\"lab\""#, "/sourceConfig/mqtt"),
        ]
    );
}

#[test]
fn severities_follow_the_lint_defaults() {
    use kuiperlint::diagnostic::Severity;
    let report = check_bytes(
        "X005.json".into(),
        std::fs::read("fixtures/lints/X005.json").unwrap(),
        &CheckOptions::default(),
    );
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Info));
}
