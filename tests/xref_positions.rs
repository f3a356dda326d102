//! Cross-reference lints (X): every finding of each fixture, at its exact line, column and bytes.

mod common;

use kuiperlint::ekuiper::version::Version;

/// (code, line, column, end_line, end_column, text under the span, path) of every finding.
type Finding = (&'static str, usize, usize, usize, usize, String, String);

fn findings(path: &str) -> Vec<Finding> {
    common::located(&common::check_file(path, Version::newest()))
        .into_iter()
        .map(|f| {
            (
                f.code, f.start.0, f.start.1, f.end.0, f.end.1, f.text, f.path,
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

/// The byte range of the outer file under each finding, with its code.
fn bytes(path: &str) -> Vec<(&'static str, usize, usize)> {
    common::located(&common::check_file(path, Version::newest()))
        .into_iter()
        .map(|f| (f.code, f.bytes.0, f.bytes.1))
        .collect()
}

#[test]
fn x001_unknown_conf_key() {
    // `CONF_KEY="plant"` inside the stream's SQL string; `default` (second stream) is fine. The
    // graph rule `atelier` has a source node with its own options, whose `confKey` names nothing
    // either (after `é` on the line: the column counts it once, the bytes twice). The `factory`
    // profile that nothing names is reported as unused.
    assert_eq!(
        findings("fixtures/lints/X001.json"),
        [
            f("X001", (3, 83, 3, 92), r#"\"plant\""#, "/streams/sensors"),
            f("X001", (9, 243, 9, 254), r#"\"atelier\""#, "/rules/atelier"),
            f(
                "X006",
                (12, 15, 12, 26),
                r#"\"factory\""#,
                "/sourceConfig/mqtt"
            ),
        ]
    );
    assert_eq!(
        bytes("fixtures/lints/X001.json"),
        [("X001", 99, 108), ("X001", 674, 685), ("X006", 887, 898)]
    );
}

#[test]
fn x001_graph_source_conf_key_as_ekuiper_decodes_it() {
    // eKuiper decodes a source node's props into its stream options by their JSON names, in any
    // case: `confkey` names a confKey, `CONF_KEY` (the SQL spelling) is no option of a graph
    // node and names nothing. A node that reads a stream (`sourceName`) takes the stream's
    // confKey, not its own props.
    let text = r#"{"rules": {"g": "{\"id\": \"g\", \"graph\": {\"nodes\": {\"a\": {\"type\": \"source\", \"nodeType\": \"httppull\", \"props\": {\"confkey\": \"ferme\"}}, \"b\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"CONF_KEY\": \"usine\"}}, \"o\": {\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {}}}, \"topo\": {\"sources\": [\"a\", \"b\"], \"edges\": {\"a\": [\"o\"], \"b\": [\"o\"]}}}}"}}"#;
    let report = common::check_text("t.json", text, Version::newest());
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code,
                &report.source.text[d.span.range()],
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "X001",
            r#"\"ferme\""#,
            "confKey `ferme` is not in `sourceConfig.httppull` of this bundle".to_string()
        )]
    );
    let at = text.find(r#"\"ferme\""#).unwrap();
    assert_eq!(
        (
            report.diagnostics[0].span.start,
            report.diagnostics[0].span.end
        ),
        (at, at + 9)
    );
}

#[test]
fn x002_unknown_resource_id() {
    // An action of a SQL rule, and a sink node of the graph rule `alertes` (its props are an
    // action's; the line has an `é` before it). The `edge` profile both other sinks name exists.
    assert_eq!(
        findings("fixtures/lints/X002.json"),
        [
            f("X002", (6, 107, 6, 116), r#"\"cloud\""#, "/rules/r1"),
            f("X002", (7, 279, 7, 288), r#"\"nuage\""#, "/rules/alertes"),
        ]
    );
    assert_eq!(
        bytes("fixtures/lints/X002.json"),
        [("X002", 215, 224), ("X002", 591, 600)]
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
    // `default` confKeys are never reported. Stream `salle` is read only by the graph rule
    // `repas` (`sourceName`), so it is used; and with that graph rule read, the bundle's reads
    // are complete: `legacy`, which no rule reads, is still reported.
    assert_eq!(
        findings("fixtures/lints/X006.json"),
        [
            f("X006", (4, 5, 4, 13), r#""legacy""#, "/streams/legacy"),
            f("X006", (12, 90, 12, 97), r#"\"lab\""#, "/sourceConfig/mqtt"),
        ]
    );
    assert_eq!(
        bytes("fixtures/lints/X006.json"),
        [("X006", 116, 124), ("X006", 835, 842)]
    );
}

#[test]
fn x006_stays_quiet_when_a_graph_rule_cannot_be_read() {
    // A `sourceName` that is no string: eKuiper refuses the rule, and what it meant to read is
    // unknown, so no stream is called unused.
    let text = r#"{"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\")"}, "rules": {"g": "{\"id\": \"g\", \"graph\": {\"nodes\": {\"a\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": 7}}, \"o\": {\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {}}}, \"topo\": {\"sources\": [\"a\"], \"edges\": {\"a\": [\"o\"]}}}}"}}"#;
    let report = common::check_text("t.json", text, Version::newest());
    assert!(
        report.diagnostics.iter().all(|d| d.code != "X006"),
        "{:?}",
        report.diagnostics
    );
    // The same rule reading another stream by name: `s` is now known to be unused.
    let text = text.replace("\\\"sourceName\\\": 7", "\\\"sourceName\\\": \\\"autre\\\"");
    let report = common::check_text("t.json", &text, Version::newest());
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["X006", "G011"]);
}

#[test]
fn graph_source_reading_an_undefined_stream_is_reported_once() {
    // G011 reports the stream the bundle lacks (`cave`), inside the rule string; the graph's
    // missing `reads` edge adds no X finding of its own, and the stream `salle` that the other
    // rules read (with the wrong nodeType, or as a table) is not unused.
    assert_eq!(
        findings("fixtures/lints/G011.json"),
        [
            f("G011", (6, 143, 6, 151), r#"\"mqtt\""#, "/rules/alarme"),
            f("G011", (7, 192, 7, 200), r#"\"cave\""#, "/rules/cave"),
            f("G011", (8, 168, 8, 177), r#"\"table\""#, "/rules/table"),
        ]
    );
    assert_eq!(
        bytes("fixtures/lints/G011.json"),
        [("G011", 304, 312), ("G011", 698, 706), ("G011", 1027, 1036)]
    );
}

#[test]
fn severities_follow_the_lint_defaults() {
    use kuiperlint::diagnostic::Severity;
    let report = common::check_file("fixtures/lints/X005.json", Version::newest());
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Info));
}

#[test]
fn the_graph_shows_what_a_graph_rule_reads_where_it_names_it() {
    // `kuiperlint graph --format json`: the graph rule `repas` reads stream `salle` at its
    // `sourceName`, inside the rule string (after `à`: column 175, byte 555).
    use kuiperlint::analysis::dependencies::BundleGraph;
    use kuiperlint::analysis::sql::file::SqlAnalysis;
    use kuiperlint::bundle::{LoadedFile, SourceFile};
    let path = "fixtures/lints/X006.json";
    let file = LoadedFile::parse(SourceFile::new(
        path,
        std::fs::read_to_string(path).unwrap(),
    ));
    let bundles = file.bundles();
    let sql = SqlAnalysis::of_bundles(&bundles, &[]);
    let graph = BundleGraph::build(&bundles, &sql);
    let json = kuiperlint::report::graph::json(&graph, None, &file.source);
    let name = |id: &serde_json::Value| {
        json["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == *id)
            .map(|n| n["name"].as_str().unwrap().to_string())
    };
    let reads: Vec<_> = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["via"] == "reads")
        .map(|e| (name(&e["from"]), name(&e["to"]), e["at"].clone()))
        .collect();
    assert_eq!(
        reads,
        [
            (
                Some("r1".to_string()),
                Some("sensors".to_string()),
                serde_json::json!({"line": 8, "column": 54, "byte_start": 337, "byte_end": 344})
            ),
            (
                Some("repas".to_string()),
                Some("salle".to_string()),
                serde_json::json!({"line": 9, "column": 175, "byte_start": 555, "byte_end": 564})
            ),
        ]
    );
}
