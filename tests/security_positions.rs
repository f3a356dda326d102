//! Security lints (P): positions of each fixture's findings.

mod common;

use kuiperlint::ekuiper::version::Version;

/// (code, line, column, text under the span) of each finding with one of `codes`.
fn findings(path: &str, codes: &[&str]) -> Vec<(&'static str, usize, usize, String)> {
    common::located(&common::check_file(path, Version::newest()))
        .into_iter()
        .filter(|f| codes.contains(&f.code))
        .map(|f| (f.code, f.start.0, f.start.1, f.text))
        .collect()
}

fn f(
    code: &'static str,
    line: usize,
    column: usize,
    text: &str,
) -> (&'static str, usize, usize, String) {
    (code, line, column, text.to_string())
}

#[test]
fn p001_plaintext_secret() {
    // An Authorization header in an action and a password in a source config; the `${...}`
    // placeholder of `lab` is not a secret.
    assert_eq!(
        findings("fixtures/lints/P001.json", &["P001"]),
        [
            f("P001", 6, 159, r#"\"Bearer eyJhbGciOi-kuiperlint-test\""#),
            f("P001", 9, 100, r#"\"Zx9-kuiperlint-test\""#),
        ]
    );
}

#[test]
fn p002_masked_secret() {
    assert_eq!(
        findings("fixtures/lints/P002.json", &["P002"]),
        [f("P002", 9, 75, r#"\"******\""#)]
    );
}

#[test]
fn p003_insecure_download() {
    // http:// and file:// are reported; https:// is not.
    assert_eq!(
        findings("fixtures/lints/P003.json", &["P003"]),
        [
            f(
                "P003",
                9,
                49,
                r#"\"http://plugins.example.com/mirror.zip\""#
            ),
            f("P003", 12, 49, r#"\"file:///opt/services/vision.zip\""#),
        ]
    );
}

#[test]
fn p004_upload_path_escape() {
    assert_eq!(
        findings("fixtures/lints/P004.json", &["P004"]),
        [
            f("P004", 9, 39, r#"\"../etc/kuiper.yaml\""#),
            f("P004", 10, 30, r#"\"/opt/model.bin\""#),
            f("P004", 13, 28, r#"\"C:\\\\temp\\\\win.bin\""#),
        ]
    );
}

#[test]
fn p004_is_an_error_where_ekuiper_refuses_the_name() {
    // From 2.2 an escaping name fails the upload; before, it is written where it leads (a
    // warning, as is a Windows-only escape at any version). `tables/../units.csv` stays inside.
    let severities = |target| {
        common::check_file("fixtures/lints/P004.json", target)
            .diagnostics
            .into_iter()
            .filter(|d| d.code == "P004")
            .map(|d| d.severity.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        severities(Version::new(2, 2)),
        ["error", "error", "warning"]
    );
    assert_eq!(
        severities(Version::new(2, 1)),
        ["warning", "warning", "warning"]
    );
}

#[test]
fn p005_insecure_skip_verify() {
    // `true` in an action is reported; `false` in a connection is not.
    assert_eq!(
        findings("fixtures/lints/P005.json", &["P005"]),
        [f("P005", 6, 150, "true")]
    );
}

#[test]
fn p006_runs_code() {
    // The script provides `area`, so the rule's call to it is not an unknown function (S009).
    assert_eq!(
        findings("fixtures/lints/P006.json", &["P006", "S009"]),
        [f("P006", 9, 5, r#""area""#)]
    );
}

// That no output shows a secret: tests/no_secret_leaks.rs, for every command and format.
