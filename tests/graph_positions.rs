//! Graph-rule lints (G): every finding of each fixture, at its exact line, column and bytes.
//!
//! The rules are JSON strings inside the bundle, so a node name `"chaud"` is `\"chaud\"` in the
//! file, and a string inside an expression (`cast(m, "int")`) is `\\\"int\\\"`: the spans must
//! cover exactly those characters. Columns count characters (`é` is one column, two bytes).
//! Each finding also carries the JSON pointer of the value inside the rule (`inner`).

mod common;

use kuiperlint::analysis::declared::Declared;
use kuiperlint::config::Settings;
use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::{check_bytes, check_with, CheckOptions, FileReport};

/// (code, (line, column, end line, end column), text under the span, pointer inside the rule,
/// severity) of one finding.
type Finding = (
    &'static str,
    (usize, usize, usize, usize),
    String,
    String,
    Severity,
);

fn findings_of(report: &FileReport) -> Vec<Finding> {
    common::located(report)
        .into_iter()
        .map(|f| {
            let at = (f.start.0, f.start.1, f.end.0, f.end.1);
            (f.code, at, f.text, f.inner, f.severity)
        })
        .collect()
}

fn report(path: &str, target: Version) -> FileReport {
    common::check_file(path, target)
}

fn findings(code: &str) -> Vec<Finding> {
    findings_of(&report(
        &format!("fixtures/lints/{code}.json"),
        Version::newest(),
    ))
}

/// An error finding.
fn e(code: &'static str, at: (usize, usize, usize, usize), text: &str, inner: &str) -> Finding {
    (
        code,
        at,
        text.to_string(),
        inner.to_string(),
        Severity::Error,
    )
}

/// A warning finding.
fn w(code: &'static str, at: (usize, usize, usize, usize), text: &str, inner: &str) -> Finding {
    (
        code,
        at,
        text.to_string(),
        inner.to_string(),
        Severity::Warning,
    )
}

/// The text of the file under each label of finding `index`.
fn labels(report: &FileReport, index: usize) -> Vec<&str> {
    report.diagnostics[index]
        .labels
        .iter()
        .map(|l| &report.source.text[l.span.range()])
        .collect()
}

#[test]
fn g001_unknown_operator() {
    // `filtre` is no operator; `Filter` in the second rule is one (eKuiper lower-cases it).
    assert_eq!(
        findings("G001"),
        [e(
            "G001",
            (3, 256, 3, 266),
            r#"\"filtre\""#,
            "/graph/nodes/chaud/nodeType"
        )]
    );
    let r = report("fixtures/lints/G001.json", Version::newest());
    assert_eq!(
        r.diagnostics[0].help.as_deref(),
        Some("did you mean `filter`?")
    );
}

#[test]
fn g001_watermark_from_1_11() {
    // The clean example has a watermark node: the planner has that kind from 1.11
    // (planner_graph.go:118@v1.14.0; 1.10.0 has no such case).
    let r = report("fixtures/examples/graph-rules.json", Version::new(1, 10));
    let g001: Vec<_> = findings_of(&r)
        .into_iter()
        .filter(|f| f.0 == "G001")
        .collect();
    assert_eq!(
        g001,
        [e(
            "G001",
            (14, 319, 14, 332),
            r#"\"watermark\""#,
            "/graph/nodes/filigrane/nodeType"
        )]
    );
    let d = r.diagnostics.iter().find(|d| d.code == "G001").unwrap();
    assert!(d.message.contains("from eKuiper 1.11"), "{}", d.message);
    for target in [Version::new(1, 11), Version::new(1, 14), Version::new(2, 0)] {
        let r = report("fixtures/examples/graph-rules.json", target);
        assert!(
            !r.diagnostics.iter().any(|d| d.code == "G001"),
            "{target:?}: {:?}",
            findings_of(&r)
        );
    }
}

#[test]
fn g002_unknown_node() {
    // A source entry, an edge target (`sortiemqtt` for `sortieMqtt`) and an edge key.
    assert_eq!(
        findings("G002"),
        [
            e(
                "G002",
                (3, 488, 3, 500),
                r#"\"capteur2\""#,
                "/graph/topo/sources/1"
            ),
            e(
                "G002",
                (3, 570, 3, 584),
                r#"\"sortiemqtt\""#,
                "/graph/topo/edges/chaud/1"
            ),
            e(
                "G002",
                (3, 587, 3, 597),
                r#"\"ancien\""#,
                "/graph/topo/edges/ancien"
            ),
        ]
    );
    let r = report("fixtures/lints/G002.json", Version::newest());
    assert_eq!(
        r.diagnostics[1].help.as_deref(),
        Some("did you mean `sortieMqtt`?")
    );
}

#[test]
fn g003_unreachable_node() {
    // `froid` only gets input from `capteur2`, a source that topo.sources does not list.
    assert_eq!(
        findings("G003"),
        [
            e(
                "G003",
                (3, 314, 3, 323),
                r#"\"froid\""#,
                "/graph/nodes/froid"
            ),
            e(
                "G003",
                (3, 421, 3, 433),
                r#"\"capteur2\""#,
                "/graph/nodes/capteur2"
            ),
        ]
    );
}

#[test]
fn g004_graph_cycle() {
    // `calcul` leads back to `chaud`; in the second rule, written over several lines (`\n`
    // escapes in the string), `écho` leads to itself.
    let found = findings("G004");
    assert_eq!(
        found,
        [
            e(
                "G004",
                (3, 620, 3, 629),
                r#"\"chaud\""#,
                "/graph/topo/edges/calcul/0"
            ),
            e(
                "G004",
                (4, 664, 4, 672),
                r#"\"écho\""#,
                "/graph/topo/edges/écho/0"
            ),
        ]
    );
    let r = report("fixtures/lints/G004.json", Version::newest());
    assert_eq!(
        r.diagnostics[0].message,
        "this edge closes a cycle: chaud → calcul → chaud"
    );
    assert_eq!(
        r.diagnostics[1].message,
        "this edge closes a cycle: écho → écho"
    );
}

#[test]
fn g005_sink_with_output() {
    // An entry with edges, and an empty one: both are refused.
    assert_eq!(
        findings("G005"),
        [
            e(
                "G005",
                (3, 624, 3, 635),
                r#"\"journal\""#,
                "/graph/topo/edges/journal"
            ),
            e(
                "G005",
                (3, 652, 3, 663),
                r#"\"archive\""#,
                "/graph/topo/edges/archive"
            ),
        ]
    );
    let r = report("fixtures/lints/G005.json", Version::newest());
    assert_eq!(labels(&r, 0), [r#"\"journal\""#]);
}

#[test]
fn g006_source_with_input() {
    let r = report("fixtures/lints/G006.json", Version::newest());
    assert_eq!(
        findings_of(&r),
        [e(
            "G006",
            (3, 618, 3, 630),
            r#"\"réplique\""#,
            "/graph/topo/edges/chaud/1"
        )]
    );
    assert_eq!(labels(&r, 0), [r#"\"réplique\""#]);
}

#[test]
fn g007_no_output() {
    // `chaud` has no entry in topo.edges (refused); `froid` has an empty one (a warning).
    assert_eq!(
        findings("G007"),
        [
            e(
                "G007",
                (3, 206, 3, 215),
                r#"\"chaud\""#,
                "/graph/nodes/chaud"
            ),
            w(
                "G007",
                (3, 596, 3, 605),
                r#"\"froid\""#,
                "/graph/topo/edges/froid"
            ),
        ]
    );
}

#[test]
fn g008_not_a_source() {
    let r = report("fixtures/lints/G008.json", Version::newest());
    assert_eq!(
        findings_of(&r),
        [e(
            "G008",
            (3, 426, 3, 435),
            r#"\"chaud\""#,
            "/graph/topo/sources/1"
        )]
    );
    assert_eq!(labels(&r, 0), [r#"\"chaud\""#]);
}

#[test]
fn g009_missing_node_prop() {
    // A window without size (at the brace of its props), empty dimensions, a filter without
    // expr (at the brace), a sort key without field (at the brace of the item).
    assert_eq!(
        findings("G009"),
        [
            e("G009", (3, 282, 3, 283), "{", "/graph/nodes/fenêtre/props"),
            e(
                "G009",
                (3, 427, 3, 429),
                "[]",
                "/graph/nodes/parSalle/props/dimensions"
            ),
            e("G009", (3, 506, 3, 507), "{", "/graph/nodes/chaud/props"),
            e(
                "G009",
                (3, 596, 3, 597),
                "{",
                "/graph/nodes/tri/props/sorts/0"
            ),
        ]
    );
}

#[test]
fn g009_expr_is_read_in_lower_case_only() {
    // `props["expr"]` in eKuiper's planner: `Expr` is another key. (The schema lints call it a
    // spelling eKuiper accepts, C002: that holds for rule fields, not for this map.)
    let text = r#"{"rules": {"r": "{\"id\": \"r\", \"graph\": {\"nodes\": {\"s\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"datasource\": \"t\"}}, \"f\": {\"type\": \"operator\", \"nodeType\": \"filter\", \"props\": {\"Expr\": \"a > 1\"}}, \"o\": {\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {}}}, \"topo\": {\"sources\": [\"s\"], \"edges\": {\"s\": [\"f\"], \"f\": [\"o\"]}}}}"}}"#;
    let r = check_bytes("t.json".into(), text.into(), &CheckOptions::default());
    let g009: Vec<_> = findings_of(&r)
        .into_iter()
        .filter(|f| f.0 == "G009")
        .collect();
    assert_eq!(
        g009,
        [e(
            "G009",
            (1, 219, 1, 227),
            r#"\"Expr\""#,
            "/graph/nodes/f/props/Expr"
        )]
    );
}

#[test]
fn g010_invalid_node_prop() {
    // sourceType `flux`; a hopping interval over the size; an expr that is no call; a second
    // call that eKuiper drops (a warning, over the dropped text); a join from a node that is no
    // stream source; ON on a cross join.
    assert_eq!(
        findings("G010"),
        [
            e(
                "G010",
                (3, 220, 3, 228),
                r#"\"flux\""#,
                "/graph/nodes/capteurs/props/sourceType"
            ),
            e(
                "G010",
                (3, 383, 3, 385),
                "20",
                "/graph/nodes/fenêtre/props/interval"
            ),
            e(
                "G010",
                (3, 473, 3, 504),
                r#"\"temperature * 1.8 + 32 AS f\""#,
                "/graph/nodes/enF/props/expr"
            ),
            w(
                "G010",
                (3, 618, 3, 636),
                "abs(humidity) AS h",
                "/graph/nodes/deux/props/expr"
            ),
            e(
                "G010",
                (4, 525, 4, 536),
                r#"\"grenier\""#,
                "/graph/nodes/joint/props/from"
            ),
            e(
                "G010",
                (4, 600, 4, 622),
                r#"\"salle.id = cave.id\""#,
                "/graph/nodes/joint/props/joins/0/on"
            ),
        ]
    );
}

#[test]
fn g011_source_stream_mismatch() {
    // nodeType `mqtt` for a memory stream, a stream the bundle lacks, a stream read as a table.
    let r = report("fixtures/lints/G011.json", Version::newest());
    assert_eq!(
        findings_of(&r),
        [
            e(
                "G011",
                (6, 143, 6, 151),
                r#"\"mqtt\""#,
                "/graph/nodes/salle/nodeType"
            ),
            e(
                "G011",
                (7, 192, 7, 200),
                r#"\"cave\""#,
                "/graph/nodes/cave/props/sourceName"
            ),
            e(
                "G011",
                (8, 168, 8, 177),
                r#"\"table\""#,
                "/graph/nodes/salle/props/sourceType"
            ),
        ]
    );
    // Labels point at the stream's name in its CREATE STREAM.
    assert_eq!(labels(&r, 0), ["salle"]);
    assert_eq!(labels(&r, 2), ["salle"]);
}

#[test]
fn g011_unknown_stream_is_a_warning_for_partial_imports_and_quiet_for_server_streams() {
    // A bundle without streams is meant for a partial import: the stream may be on the server.
    let text = r#"{"rules": {"r": "{\"id\": \"r\", \"graph\": {\"nodes\": {\"s\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": \"demo\"}}, \"o\": {\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {}}}, \"topo\": {\"sources\": [\"s\"], \"edges\": {\"s\": [\"o\"]}}}}"}}"#;
    let r = check_bytes("t.json".into(), text.into(), &CheckOptions::default());
    assert_eq!(
        findings_of(&r),
        [w(
            "G011",
            (1, 140, 1, 148),
            r#"\"demo\""#,
            "/graph/nodes/s/props/sourceName"
        )]
    );
    let settings = Settings {
        declared: Declared {
            server_streams: vec!["demo".to_string()],
            ..Declared::default()
        },
        ..Settings::default()
    };
    let r = check_with("t.json".into(), text.into(), Version::newest(), &settings);
    assert_eq!(findings_of(&r), []);
}

#[test]
fn g012_expression_syntax() {
    // `<>`; a call without its `)` and a switch case that stops after `>`, both reported as an
    // empty span at the end of the expression (the case holds `\\\"salle é\\\"`).
    assert_eq!(
        findings("G012"),
        [
            e(
                "G012",
                (3, 304, 3, 306),
                "<>",
                "/graph/nodes/chaud/props/expr"
            ),
            e(
                "G012",
                (3, 425, 3, 425),
                "",
                "/graph/nodes/arrondi/props/expr"
            ),
            e(
                "G012",
                (3, 564, 3, 564),
                "",
                "/graph/nodes/aiguillage/props/cases/0"
            ),
        ]
    );
}

#[test]
fn g013_expression_unknown_function() {
    assert_eq!(
        findings("G013"),
        [
            e(
                "G013",
                (3, 433, 3, 439),
                "averag",
                "/graph/nodes/moyenne/props/expr"
            ),
            e(
                "G013",
                (3, 570, 3, 579),
                "windw_end",
                "/graph/nodes/champs/props/fields/1"
            ),
        ]
    );
}

#[test]
fn g014_expression_wrong_arity() {
    assert_eq!(
        findings("G014"),
        [e(
            "G014",
            (3, 292, 3, 316),
            "round(temperature, 1, 2)",
            "/graph/nodes/chaud/props/expr"
        )]
    );
}

#[test]
fn g015_invalid_expression() {
    // An aggregate as a dimension, one inside another (a warning: only the analyzer, which
    // graph rules skip, refuses it), and `cast(m, "int")` whose string is `\\\"int\\\"` in
    // the file.
    assert_eq!(
        findings("G015"),
        [
            e(
                "G015",
                (3, 444, 3, 452),
                "count(*)",
                "/graph/nodes/parSalle/props/dimensions/0"
            ),
            w(
                "G015",
                (3, 552, 3, 568),
                "max(temperature)",
                "/graph/nodes/moyenne/props/expr"
            ),
            e(
                "G015",
                (3, 676, 3, 687),
                r#"\\\"int\\\""#,
                "/graph/nodes/champs/props/fields/0"
            ),
        ]
    );
}

#[test]
fn g016_io_mismatch() {
    // An aggregate straight after a source (no window), at the edge; a filter with two inputs,
    // at the node.
    assert_eq!(
        findings("G016"),
        [
            e(
                "G016",
                (3, 472, 3, 483),
                r#"\"moyenne\""#,
                "/graph/topo/edges/capteurs/0"
            ),
            e(
                "G016",
                (4, 303, 4, 312),
                r#"\"chaud\""#,
                "/graph/nodes/chaud"
            ),
        ]
    );
}

#[test]
fn a_realistic_graph_bundle_is_clean() {
    // Every operator kind, inline sources and streams read by name, a lookup-table join, switch
    // outputs, a watermark.
    let r = report("fixtures/examples/graph-rules.json", Version::newest());
    assert_eq!(findings_of(&r), []);
}
