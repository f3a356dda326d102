//! Tests of the dependency graph: which references each entry makes, and how they resolve.

use super::*;
use crate::analysis::sql::file::SqlAnalysis;
use crate::bundle::{LoadedFile, SourceFile};

/// One edge: (from, via, wanted kind, wanted name, resolved, text under the span).
type Edge = (String, Via, NodeKind, String, bool, String);

/// The edges of `text`'s graph, and whether its reads are complete.
fn graph_of(text: &str) -> (Vec<Edge>, bool) {
    let file = LoadedFile::parse(SourceFile::new("t.json", text.to_string()));
    let bundles = file.bundles();
    let sql = SqlAnalysis::of_bundles(&bundles, &[]);
    let g = BundleGraph::build(&bundles, &sql);
    let edges = g
        .edges
        .iter()
        .map(|e| {
            (
                g.nodes[e.from].name.clone(),
                e.via,
                e.wanted.0,
                e.wanted.1.clone(),
                e.to.is_some(),
                text[e.span.range()].to_string(),
            )
        })
        .collect();
    (edges, g.reads_complete)
}

fn edge(from: &str, via: Via, kind: NodeKind, name: &str, resolved: bool, text: &str) -> Edge {
    (from.into(), via, kind, name.into(), resolved, text.into())
}

#[test]
fn graph_rules_read_streams_and_name_configs_like_sql_rules() {
    let text = r#"{
 "streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\", TYPE=\"memory\")"},
 "tables": {"t": "CREATE TABLE t () WITH (DATASOURCE=\"t\", TYPE=\"memory\", KIND=\"lookup\")"},
 "rules": {"g": "{\"id\": \"g\", \"actions\": [{\"log\": {\"resourceId\": \"ignored\"}}], \"graph\": {\"nodes\": {\"a\": {\"type\": \"source\", \"nodeType\": \"memory\", \"props\": {\"sourceName\": \"s\"}}, \"b\": {\"type\": \"source\", \"nodeType\": \"memory\", \"props\": {\"sourceType\": \"table\", \"sourceName\": \"t\"}}, \"c\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": \"\", \"ConfKey\": \"plant\", \"format\": \"Protobuf\", \"schemaId\": \"capteurs.Releve\"}}, \"d\": {\"type\": \"source\", \"nodeType\": \"video\", \"props\": {\"confKey\": \"default\"}}, \"o\": {\"type\": \"sink\", \"nodeType\": \"rest\", \"props\": {\"resourceId\": \"cloud\", \"connectionSelector\": \"web\", \"format\": \"protobuf\", \"schemaId\": \"sortie.Alerte\"}}, \"p\": {\"type\": \"sink\", \"nodeType\": \"log\"}, \"q\": {\"type\": \"operator\", \"nodeType\": \"filter\", \"props\": {\"sourceName\": \"nope\", \"resourceId\": \"nope\"}}}, \"topo\": {\"sources\": [\"a\"], \"edges\": {}}}}"},
 "sourceConfig": {"mqtt": "{\"plant\": {}}"},
 "sinkConfig": {"rest": "{\"cloud\": {}}"},
 "connectionConfig": {"rest": "{\"web\": {}}"},
 "Schema": {"protobuf_capteurs": "{}"}
}"#;
    let (edges, complete) = graph_of(text);
    let of_rule: Vec<_> = edges.into_iter().filter(|e| e.0 == "g").collect();
    assert_eq!(
        of_rule,
        [
            edge("g", Via::Reads, NodeKind::Stream, "s", true, r#"\"s\""#),
            edge("g", Via::Reads, NodeKind::Table, "t", true, r#"\"t\""#),
            edge(
                "g",
                Via::SourceType,
                NodeKind::BuiltinSource,
                "mqtt",
                true,
                r#"\"mqtt\""#
            ),
            edge(
                "g",
                Via::ConfKey,
                NodeKind::SourceConf,
                "mqtt.plant",
                true,
                r#"\"plant\""#
            ),
            edge(
                "g",
                Via::SchemaId,
                NodeKind::Schema,
                "protobuf_capteurs",
                true,
                r#"\"capteurs.Releve\""#
            ),
            // Not built in and no plugin of the bundle; `default` is no reference.
            edge(
                "g",
                Via::SourceType,
                NodeKind::NativePlugin,
                "sources_video",
                false,
                r#"\"video\""#
            ),
            edge(
                "g",
                Via::SinkType,
                NodeKind::BuiltinSink,
                "rest",
                true,
                r#"\"rest\""#
            ),
            edge(
                "g",
                Via::ResourceId,
                NodeKind::SinkConf,
                "rest.cloud",
                true,
                r#"\"cloud\""#
            ),
            edge(
                "g",
                Via::ConnectionSelector,
                NodeKind::Connection,
                "rest.web",
                true,
                r#"\"web\""#
            ),
            edge(
                "g",
                Via::SchemaId,
                NodeKind::Schema,
                "protobuf_sortie",
                false,
                r#"\"sortie.Alerte\""#
            ),
            // A sink without props is a sink all the same.
            edge(
                "g",
                Via::SinkType,
                NodeKind::BuiltinSink,
                "log",
                true,
                r#"\"log\""#
            ),
        ]
    );
    // The graph rule was the only rule without SQL, and it was read.
    assert!(complete);
}

#[test]
fn a_rule_with_sql_is_no_graph_rule_and_unread_graphs_leave_reads_incomplete() {
    // With SQL, eKuiper refuses a graph beside it: what the rule reads is its SQL.
    let text = r#"{"streams": {"s": "CREATE STREAM s () WITH (DATASOURCE=\"t\")"}, "rules": {"r": "{\"id\": \"r\", \"sql\": \"SELECT * FROM s\", \"actions\": [{\"log\": {}}], \"graph\": {\"nodes\": {\"a\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": \"x\"}}}}}"}}"#;
    let (edges, complete) = graph_of(text);
    let reads: Vec<_> = edges.iter().filter(|e| e.1 == Via::Reads).collect();
    assert_eq!(
        reads,
        [&edge("r", Via::Reads, NodeKind::Stream, "s", true, "s")]
    );
    assert!(complete);
    // A graph whose nodes are no object is not read.
    let text = r#"{"rules": {"g": "{\"id\": \"g\", \"graph\": {\"nodes\": []}}"}}"#;
    assert!(!graph_of(text).1);
    // Nor is a source whose sourceName is no string; null is no name (its own source).
    let text = r#"{"rules": {"g": "{\"id\": \"g\", \"graph\": {\"nodes\": {\"a\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": [\"s\"]}}}}}"}}"#;
    assert!(!graph_of(text).1);
    let text = r#"{"rules": {"g": "{\"id\": \"g\", \"graph\": {\"nodes\": {\"a\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": null}}}}}"}}"#;
    let (edges, complete) = graph_of(text);
    assert!(complete);
    assert_eq!(edges[0].1, Via::SourceType);
}

#[test]
fn the_last_definition_of_a_graph_node_wins() {
    let text = r#"{"rules": {"g": "{\"id\": \"g\", \"graph\": {\"nodes\": {\"o\": {\"type\": \"sink\", \"nodeType\": \"mqtt\", \"props\": {\"resourceId\": \"first\"}}, \"o\": {\"type\": \"sink\", \"nodeType\": \"mqtt\", \"props\": {\"resourceId\": \"last\"}}}}}"}}"#;
    let (edges, _) = graph_of(text);
    let ids: Vec<_> = edges
        .iter()
        .filter(|e| e.1 == Via::ResourceId)
        .map(|e| e.3.as_str())
        .collect();
    assert_eq!(ids, ["mqtt.last"]);
}
