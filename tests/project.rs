//! Files as teams keep them: each kind detected, checked alone with exact positions (YAML
//! included), and checked together with references resolved across the files of a run.

use std::path::PathBuf;

use assert_cmd::Command;
use kuiperlint::bundle::{FileKind, LoadedFile, SourceFile};
use kuiperlint::engine::{
    check_bytes, check_inputs, CheckOptions, ConfigChoice, FileReport, Input,
};
use kuiperlint::report::Range;

/// (code, line, column, end_line, end_column, text under the span) of every finding.
type Finding = (String, usize, usize, usize, usize, String);

fn findings_of(report: &FileReport) -> Vec<Finding> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let r = Range::of(&report.source, d.span);
            (
                d.code.to_string(),
                r.start.line,
                r.start.column,
                r.end.line,
                r.end.column,
                report.source.text[d.span.range()].to_string(),
            )
        })
        .collect()
}

/// The findings of one file checked alone.
fn alone(path: &str) -> Vec<Finding> {
    let bytes = std::fs::read(path).unwrap();
    findings_of(&check_bytes(
        path.to_string(),
        bytes,
        &CheckOptions::default(),
    ))
}

fn f(code: &str, at: (usize, usize, usize, usize), text: &str) -> Finding {
    (code.to_string(), at.0, at.1, at.2, at.3, text.to_string())
}

#[test]
fn each_kind_is_detected_from_name_and_content() {
    let cases = [
        ("fixtures/examples/sensors.json", FileKind::Bundle),
        ("fixtures/kinds/rule.json", FileKind::Rule),
        ("fixtures/kinds/two-rules.json", FileKind::Rule),
        ("fixtures/project/rules/batch.json", FileKind::Rules),
        ("fixtures/kinds/escaped.sql", FileKind::Sql),
        ("fixtures/kinds/export.yaml", FileKind::YamlBundle),
        (
            "fixtures/kinds/etc/sources/mqtt.yaml",
            FileKind::SourceConfig,
        ),
        ("fixtures/project/etc/sinks/mqtt.yaml", FileKind::SinkConfig),
        (
            "fixtures/kinds/etc/connections/connection.yaml",
            FileKind::ConnectionConfig,
        ),
        (
            "fixtures/kinds/etc/sources/mqtt.json",
            FileKind::PluginMetadata,
        ),
        ("fixtures/kinds/shell-quoted.json", FileKind::Bundle),
        ("fixtures/kinds/docker-compose.yml", FileKind::OtherYaml),
        ("fixtures/kinds/stream-body.json", FileKind::StreamBody),
        ("fixtures/kinds/table-body.json", FileKind::StreamBody),
        // Other tools' JSON, by name even with a section-like key (`scripts`), and JSON with no
        // key that is or nearly is a section.
        ("fixtures/kinds/tools/package.json", FileKind::OtherJson),
        ("fixtures/kinds/tools/report.json", FileKind::OtherJson),
        // Outside etc/, by its `default` confKey.
        (
            "fixtures/kinds/configs/plant-broker.yaml",
            FileKind::SourceConfig,
        ),
    ];
    for (path, kind) in cases {
        let text = std::fs::read_to_string(path).unwrap();
        let file = LoadedFile::parse(SourceFile::new(path, text));
        assert_eq!(file.kind, kind, "{path}");
    }
}

#[test]
fn a_rule_file_is_checked_like_a_rule_of_a_bundle() {
    // No `id` (the CLI supplies it); the stream is not defined in a file checked alone: a
    // warning, as it may exist on the server.
    assert_eq!(
        alone("fixtures/kinds/rule.json"),
        [
            f("S009", (2, 28, 2, 32), "avgg"),
            f("S020", (2, 56, 2, 63), "sensors"),
        ]
    );
}

#[test]
fn a_stream_body_is_checked_as_the_stream_it_creates() {
    // `POST /streams` takes `{"sql": "CREATE STREAM ..."}`: its SQL is checked as a stream's,
    // not as a rule's (no "needs actions", no "expected SELECT").
    assert_eq!(
        alone("fixtures/kinds/stream-body.json"),
        [f("S027", (1, 131, 1, 138), r#"\"yes\""#)]
    );
    assert_eq!(alone("fixtures/kinds/table-body.json"), []);
}

#[test]
fn a_config_file_that_names_no_type_is_checked_as_the_type_its_properties_fit() {
    // `plant-broker.yaml` is no source type: the schema that declares most of its properties
    // (mqtt's) checks it.
    assert_eq!(
        alone("fixtures/kinds/configs/plant-broker.yaml"),
        [f("C001", (9, 3, 9, 7), "qoss")]
    );
}

#[test]
fn yaml_bundle_findings_point_into_block_scalars() {
    assert_eq!(
        alone("fixtures/kinds/export.yaml"),
        [
            f("S021", (11, 24, 11, 34), "temprature"),
            f("C003", (20, 10, 20, 13), "one"),
            f("C004", (20, 10, 20, 13), "one"),
            // The YAML importer matches section keys exactly.
            f("B009", (21, 1, 21, 8), "Service"),
        ]
    );
}

#[test]
fn etc_config_files_are_validated_against_their_plugin_schema() {
    assert_eq!(
        alone("fixtures/kinds/etc/sources/mqtt.yaml"),
        [
            f("C001", (5, 3, 5, 8), "servr"),
            f("C003", (6, 8, 6, 11), "\"1\""),
            f("C004", (6, 8, 6, 11), "\"1\""),
        ]
    );
    assert_eq!(
        alone("fixtures/kinds/etc/connections/connection.yaml"),
        // `local` is fine (the 3.1.1 client adds tcp://); MQTT 5 needs the scheme.
        [f("C008", (5, 13, 5, 37), "\"cloud.example.com:8883\"")]
    );
    assert_eq!(alone("fixtures/kinds/etc/sources/mqtt.json"), []);
    assert_eq!(alone("fixtures/kinds/docker-compose.yml"), []);
}

#[test]
fn malformed_real_world_input_is_explained() {
    // Two rules pasted into one file: both are checked, and the second document is named.
    let two = alone("fixtures/kinds/two-rules.json");
    assert_eq!(
        two.iter()
            .map(|x| (x.0.as_str(), x.1, x.2))
            .collect::<Vec<_>>(),
        [("S020", 1, 36), ("B005", 2, 1), ("S020", 2, 36)]
    );
    let report = |path: &str| {
        check_bytes(
            path.to_string(),
            std::fs::read(path).unwrap(),
            &CheckOptions::default(),
        )
    };
    // SQL still escaped as in a JSON string.
    let escaped = report("fixtures/kinds/escaped.sql");
    let d = &escaped.diagnostics[0];
    assert_eq!(d.code, "S001");
    assert!(
        d.help.as_deref().unwrap().contains("still escaped"),
        "{d:?}"
    );
    // A rule wrapped in the quotes of a shell command line.
    let quoted = report("fixtures/kinds/shell-quoted.json");
    let d = quoted
        .diagnostics
        .iter()
        .find(|d| d.code == "B007")
        .unwrap();
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("remove the outer quotes"),
        "{d:?}"
    );
}

fn project() -> Vec<(String, Vec<Finding>)> {
    findings_in("fixtures/project")
}

/// The findings of each file under `dir`, checked together as one run.
fn findings_in(dir: &str) -> Vec<(String, Vec<Finding>)> {
    let (inputs, errors) = kuiperlint::engine::expand_paths(
        &[PathBuf::from(dir)],
        kuiperlint::engine::CHECKED_EXTENSIONS,
        &[],
    );
    assert!(errors.is_empty());
    check_inputs(
        &inputs,
        None,
        &ConfigChoice::Isolated,
        &Default::default(),
        None,
    )
    .into_iter()
    .map(|r| {
        let r = r.unwrap();
        (r.source.name.clone(), findings_of(&r))
    })
    .collect()
}

#[test]
fn references_resolve_across_the_files_of_a_run() {
    let all = project();
    let of = |name: &str| {
        all.iter()
            .find(|(n, _)| n.ends_with(name))
            .map(|(_, f)| f.clone())
            .unwrap()
    };
    // overheat.json reads `sensors` and `limits` from streams/sensors.sql and sends to the
    // `alerts` sink config of etc/sinks/mqtt.yaml: nothing to report.
    assert_eq!(of("rules/overheat.json"), []);
    // The same file alone cannot resolve them.
    let lone = alone("fixtures/project/rules/overheat.json");
    let codes: Vec<&str> = lone.iter().map(|x| x.0.as_str()).collect();
    assert!(
        codes.contains(&"S020") && codes.contains(&"X002"),
        "{lone:?}"
    );
    // Field names are checked against the schema declared in the .sql file, and what is
    // defined nowhere is reported at the referring characters.
    assert_eq!(
        of("rules/batch.json"),
        [
            f("S021", (3, 61, 3, 71), "temprature"),
            f("X002", (3, 114, 3, 123), "\"missing\""),
        ]
    );
    assert_eq!(
        of("rules/typos.json"),
        [
            f("B002", (1, 1, 1, 24), "// pasted from the wiki"),
            f("S020", (4, 42, 4, 48), "sensor"),
            f("B003", (5, 27, 5, 28), ","),
        ]
    );
    // Definitions used by other files are not "unused".
    assert_eq!(of("etc/sources/mqtt.yaml"), []);
    assert_eq!(of("streams/sensors.sql"), []);
}

#[test]
fn a_bundle_does_not_lean_on_other_files() {
    // A data bundle import wipes the server: its rules cannot read streams of other files.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "fixtures/project/streams/sensors.sql",
        dir.path().join("sensors.sql"),
    )
    .unwrap();
    let bundle = dir.path().join("b.json");
    std::fs::write(
        &bundle,
        r#"{"rules": {"r1": "{\"id\":\"r1\",\"sql\":\"SELECT * FROM sensors\",\"actions\":[{\"log\":{}}]}"}}"#,
    )
    .unwrap();
    let inputs = vec![
        Input::File(dir.path().join("sensors.sql")),
        Input::File(bundle),
    ];
    let reports = check_inputs(
        &inputs,
        None,
        &ConfigChoice::Isolated,
        &Default::default(),
        None,
    );
    let b = reports[1].as_ref().unwrap();
    assert!(
        b.diagnostics.iter().any(|d| d.code == "S020"),
        "{:?}",
        b.diagnostics
    );
}

#[test]
fn the_cli_says_what_each_file_was_read_as_and_what_the_run_defines() {
    let out = Command::cargo_bin("kuiperlint")
        .unwrap()
        .args(["check", "fixtures/project"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("checked 1 file as connection-config, 1 file as sink-config, 1 file as source-config, 1 file as rule-list, 2 files as rule, 1 file as sql; found 1 stream, 1 table, 4 rules, 2 source configs, 1 sink config, 1 connection in 7 files"),
        "{stderr}"
    );
    // --kind overrides detection: a rule file read as a bundle is not a bundle.
    let forced = Command::cargo_bin("kuiperlint")
        .unwrap()
        .args([
            "check",
            "--kind",
            "bundle",
            "--format",
            "concise",
            "fixtures/kinds/rule.json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&forced.stdout);
    assert!(stdout.contains("B014"), "{stdout}");
    // Standard input has no extension: a `key:` first line says YAML.
    let piped = Command::cargo_bin("kuiperlint")
        .unwrap()
        .args(["check", "--format", "concise", "-"])
        .write_stdin(std::fs::read("fixtures/kinds/export.yaml").unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&piped.stdout);
    assert!(stdout.starts_with("<stdin>:11:24: S021"), "{stdout}");
    // The JSON report names each file's kind.
    let json = Command::cargo_bin("kuiperlint")
        .unwrap()
        .args(["check", "--format", "json", "fixtures/kinds/export.yaml"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["inputs"],
        serde_json::json!([{"file": "fixtures/kinds/export.yaml", "kind": "yaml-bundle"}])
    );
}

/// Two files create `demo` (eKuiper refuses the second CREATE: Setnx,
/// internal/processor/stream.go:222@v2.4.0): X007 at both, and rules reading `demo` are checked
/// against neither definition.
#[test]
fn a_source_created_by_two_files_is_reported_at_both() {
    let all = findings_in("fixtures/duplicate-source");
    let of = |name: &str| {
        all.iter()
            .find(|(n, _)| n.ends_with(name))
            .map(|(_, f)| f.clone())
            .unwrap()
    };
    assert_eq!(of("a.sql"), [f("X007", (1, 15, 1, 19), "demo")]);
    assert_eq!(of("b.sql"), [f("X007", (1, 15, 1, 19), "demo")]);
    assert_eq!(of("rule.json"), []);
}

/// A CREATE that is not the file's first statement is reported at its own line: each statement
/// of a `.sql` file is parsed alone, and its ranges are the file's only once moved.
#[test]
fn a_duplicate_source_further_down_a_sql_file_is_reported_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    for (name, first) in [("one.sql", "a"), ("two.sql", "b")] {
        let text = format!(
            "CREATE STREAM {first} () WITH (DATASOURCE=\"{first}\");\n\nCREATE STREAM limits () WITH (DATASOURCE=\"l\");\n"
        );
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let all = findings_in(dir.path().to_str().unwrap());
    for (name, findings) in &all {
        assert_eq!(findings, &[f("X007", (3, 15, 3, 21), "limits")], "{name}");
    }
    assert_eq!(all.len(), 2);
}
