//! Graph rules eKuiper's planner accepts (`fixtures/accepted/graph-rules.json`): what is reported
//! there is a warning, never an error; and checks whose eKuiper code came in a later release are
//! quiet for older targets. Each behaviour was checked in eKuiper's source at the tag named
//! beside it.

mod common;

use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::FileReport;

/// `(code, severity, line, column, covered text)` of each finding.
fn findings(r: &FileReport) -> Vec<(&'static str, Severity, usize, usize, String)> {
    common::located(r)
        .into_iter()
        .map(|f| (f.code, f.severity, f.start.0, f.start.1, f.text.clone()))
        .collect()
}

/// A join item without `name` parses with an empty table name (`ParseJoin`, parser.go line 341
/// at v2.4.0) and a join `from` with an alias is read up to `AS`; sort keys without `field` next
/// to one that has it add nothing to ORDER BY, or their DESC (`parseOrderBy` writes each key as
/// ` <field> ` and `DESC` after it); an aggregate inside an aggregate is refused by the analyzer only
/// (analyzer.go:467@v2.4.0), which graph rules never go through.
#[test]
fn accepted_graph_rules_give_warnings_only() {
    let r = common::check_file("fixtures/accepted/graph-rules.json", Version::newest());
    let w = Severity::Warning;
    assert_eq!(
        findings(&r),
        vec![
            ("G009", w, 3, 478, "{".to_string()),
            ("G009", w, 4, 429, "{".to_string()),
            ("G009", w, 4, 463, "{".to_string()),
            ("G015", w, 5, 449, "max(temperature)".to_string()),
            ("G012", w, 6, 322, "IS".to_string()),
        ]
    );
}

/// A filter's condition goes through `ParseCondition`, which stops at the first token after a
/// complete expression that is no operator and never checks for the end (parser.go lines 51-61
/// and 541-544 at v2.4.0): what follows is dropped, the rule accepted. An operator there makes
/// the parser go on and fail (`<>`: `<` then `>` where an operand is expected).
#[test]
fn a_condition_is_read_up_to_its_first_stray_token() {
    let severity = |expr: &str| {
        g012_severities(
            &format!(
                r#"\"f\": {{\"type\": \"operator\", \"nodeType\": \"filter\", \"props\": {{\"expr\": \"{expr}\"}}}}"#
            ),
            r#"\"s\": [\"f\"], \"f\": [\"k\"]"#,
        )
    };
    let (e, w) = (Severity::Error, Severity::Warning);
    assert_eq!(severity("temperature IS NULL"), vec![w]);
    assert_eq!(severity("temperature > 20 celsius"), vec![w]);
    assert_eq!(severity("temperature > 20)"), vec![w]);
    assert_eq!(severity("temperature <> 20"), vec![e]);
    assert_eq!(severity("temperature == 20"), vec![e]);
    assert_eq!(severity("temperature > 20 AND"), vec![e]);
    assert_eq!(severity("temperature NOT NULL"), vec![e]);
}

/// A sort key without `field` before any key with one, if it is DESC, leaves `DESC` where the
/// parser wants a key: `found "DESC", expected EOF.` (parser.go:222@v2.4.0); with no key at all,
/// `order by statement is empty` (planner_graph.go:567@v2.4.0).
#[test]
fn sort_keys_without_field_are_errors_when_refused() {
    let rule = |sorts: &str| {
        format!(
            r#"{{"rules": {{"r": "{{\"id\": \"r\", \"graph\": {{\"nodes\": {{\"s\": {{\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {{\"datasource\": \"d\"}}}}, \"w\": {{\"type\": \"operator\", \"nodeType\": \"window\", \"props\": {{\"type\": \"tumblingwindow\", \"unit\": \"ss\", \"size\": 10}}}}, \"o\": {{\"type\": \"operator\", \"nodeType\": \"orderby\", \"props\": {{\"sorts\": {sorts}}}}}, \"k\": {{\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {{}}}}}}, \"topo\": {{\"sources\": [\"s\"], \"edges\": {{\"s\": [\"w\"], \"w\": [\"o\"], \"o\": [\"k\"]}}}}}}}}"}}}}"#
        )
    };
    let severities = |sorts: &str| -> Vec<Severity> {
        let r = common::check_text("t.json", &rule(sorts), Version::newest());
        r.diagnostics
            .iter()
            .filter(|d| d.code == "G009")
            .map(|d| d.severity)
            .collect()
    };
    let (e, w) = (Severity::Error, Severity::Warning);
    assert_eq!(severities(r#"[{\"desc\": true}]"#), vec![e]);
    assert_eq!(severities(r#"[{}, {}]"#), vec![e, e]);
    assert_eq!(
        severities(r#"[{\"desc\": true}, {\"field\": \"a\"}]"#),
        vec![e]
    );
    assert_eq!(
        severities(r#"[{\"field\": \"a\"}, {\"desc\": true}]"#),
        vec![w]
    );
    assert_eq!(severities(r#"[{}, {\"field\": \"a\"}]"#), vec![w]);
}

/// Before 1.10 the planner ignores `sourceName` and `sourceType` and does not check a join's
/// `from` (1.10.0 brought `parseSource` and the `join source ... is not a stream` check), so
/// G011 and those parts of G010 and G009 say nothing for 1.9; from 1.10 they report.
#[test]
fn source_names_are_read_from_1_10() {
    let codes = |path: &str, target: Version| -> Vec<&'static str> {
        common::check_file(path, target)
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect()
    };
    let g011 = |t| {
        codes("fixtures/lints/G011.json", t)
            .into_iter()
            .filter(|c| *c == "G011")
            .count()
    };
    assert_eq!(g011(Version::new(1, 9)), 0);
    assert!(g011(Version::new(1, 10)) > 0);
    let g010 = |t| {
        common::check_file("fixtures/lints/G010.json", t)
            .diagnostics
            .iter()
            .filter(|d| d.code == "G010")
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let old = g010(Version::new(1, 9));
    let new = g010(Version::new(1, 10));
    assert!(
        !old.iter()
            .any(|m| m.contains("sourceType") || m.contains("join `from`")),
        "{old:?}"
    );
    assert!(new.iter().any(|m| m.contains("sourceType")), "{new:?}");
    assert!(new.iter().any(|m| m.contains("join `from`")), "{new:?}");
    assert!(old.iter().any(|m| m.contains("hoppingwindow")), "{old:?}");
}

/// G015 in a graph rule: what the parser refuses stays an error, in the slots where it runs
/// (argument checks and `changed_cols` everywhere, parser.go:948 and :901@v2.4.0; the statement
/// checks, sqlValidator.go, only where the planner parses a whole statement: not in a filter's
/// condition); the rest is a warning.
#[test]
fn g015_is_an_error_only_where_the_parser_refuses() {
    let severity = |node_type: &str, props: &str| -> Vec<Severity> {
        let rule = format!(
            r#"{{"rules": {{"r": "{{\"id\": \"r\", \"graph\": {{\"nodes\": {{\"s\": {{\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {{\"datasource\": \"d\"}}}}, \"w\": {{\"type\": \"operator\", \"nodeType\": \"window\", \"props\": {{\"type\": \"tumblingwindow\", \"unit\": \"ss\", \"size\": 10}}}}, \"f\": {{\"type\": \"operator\", \"nodeType\": \"{node_type}\", \"props\": {props}}}, \"k\": {{\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {{}}}}}}, \"topo\": {{\"sources\": [\"s\"], \"edges\": {{\"s\": [\"w\"], \"w\": [\"f\"], \"f\": [\"k\"]}}}}}}}}"}}}}"#
        );
        common::check_text("t.json", &rule, Version::newest())
            .diagnostics
            .iter()
            .filter(|d| d.code == "G015")
            .map(|d| d.severity)
            .collect()
    };
    let (e, w) = (Severity::Error, Severity::Warning);
    let filter = |expr: &str| severity("filter", &format!(r#"{{\"expr\": \"{expr}\"}}"#));
    let group = |dim: &str| severity("groupby", &format!(r#"{{\"dimensions\": [\"{dim}\"]}}"#));
    assert_eq!(filter(r#"changed_cols(\\\"c_\\\", true, a) > 1"#), vec![e]);
    assert_eq!(filter("row_number() > 1"), vec![w]);
    assert_eq!(filter("unnest(a) > 1"), vec![w]);
    assert_eq!(filter(r#"sin(\\\"a\\\") > 1"#), vec![e]);
    assert_eq!(group("row_number()"), vec![e]);
    assert_eq!(group("unnest(a)"), vec![e]);
    assert_eq!(group("avg(a)"), vec![e]);
    assert_eq!(filter("CASE WHEN 1 THEN a ELSE b END > 1"), vec![e]);
    assert_eq!(filter("abs(a) OVER (WHEN b > 1) > 1"), vec![e]);
    assert_eq!(filter("avg(a) FILTER (WHERE b > 1) > 1"), vec![w]);
    assert_eq!(group("avg(a) FILTER (WHERE b > 1)"), vec![e, e]);
    assert_eq!(
        severity("aggfunc", r#"{\"expr\": \"avg(max(a)) AS m\"}"#),
        vec![w]
    );
}

/// eKuiper's ORDER BY starts a new key at a name that follows a key (`parseSorts`, parser.go
/// lines 401-437 at v2.4.0): `temperature humidity` sorts by both, accepted; a keyword there
/// (`LIMIT`) or an operator after the name is still refused.
#[test]
fn a_name_after_a_sort_key_is_another_key() {
    let severity = |field: &str| {
        g012_severities(
            &format!(
                r#"\"w\": {{\"type\": \"operator\", \"nodeType\": \"window\", \"props\": {{\"type\": \"tumblingwindow\", \"unit\": \"ss\", \"size\": 10}}}}, \"o\": {{\"type\": \"operator\", \"nodeType\": \"orderby\", \"props\": {{\"sorts\": [{{\"field\": \"{field}\"}}]}}}}"#
            ),
            r#"\"s\": [\"w\"], \"w\": [\"o\"], \"o\": [\"k\"]"#,
        )
    };
    let (e, w) = (Severity::Error, Severity::Warning);
    assert_eq!(severity("temperature humidity"), vec![w]);
    assert_eq!(severity("temperature humidity DESC"), vec![w]);
    assert_eq!(severity("temperature LIMIT"), vec![e]);
    assert_eq!(severity("temperature humidity +"), vec![e]);
    assert_eq!(severity("temperature)"), vec![e]);
}

/// The severities of G012 in a graph rule of an MQTT source `s`, the `operators` given (JSON
/// members, escaped for the rule's string) and a log sink `k`, wired by `edges`.
fn g012_severities(operators: &str, edges: &str) -> Vec<Severity> {
    let rule = format!(
        r#"{{"rules": {{"r": "{{\"id\": \"r\", \"graph\": {{\"nodes\": {{\"s\": {{\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {{\"datasource\": \"d\"}}}}, {operators}, \"k\": {{\"type\": \"sink\", \"nodeType\": \"log\", \"props\": {{}}}}}}, \"topo\": {{\"sources\": [\"s\"], \"edges\": {{{edges}}}}}}}}}"}}}}"#
    );
    common::check_text("t.json", &rule, Version::newest())
        .diagnostics
        .iter()
        .filter(|d| d.code == "G012")
        .map(|d| d.severity)
        .collect()
}
