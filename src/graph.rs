//! The bundle's dependency graph: what every entry refers to, resolved against what the bundle
//! defines. Rules read streams and tables; streams name a source type, a confKey and a schema;
//! actions name a sink type, a saved sink config (`resourceId`), a connection and a schema;
//! configs name connections. Cross-reference lints (family `X`), `kuiperlint graph` and partial
//! export planning all read this one structure.

use std::collections::HashMap;

use crate::bundle::json::{Member, Node, Value};
use crate::bundle::source_map::SourceMap;
use crate::bundle::span::Span;
use crate::bundle::{Bundle, Embedded, Entry, SectionKind};
use crate::lints::sql::SqlAnalysis;

/// What a graph node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Stream,
    Table,
    Rule,
    /// One confKey of a `sourceConfig` type: name `<type>.<confKey>`.
    SourceConf,
    /// One confKey (resourceId) of a `sinkConfig` type: name `<type>.<confKey>`.
    SinkConf,
    /// One connection of a `connectionConfig` type: name `<type>.<id>`.
    Connection,
    Schema,
    NativePlugin,
    PortablePlugin,
    Service,
    Script,
    Upload,
    /// A source type (`mqtt`, `httppull`, ...) built into eKuiper.
    BuiltinSource,
    /// A sink type built into eKuiper.
    BuiltinSink,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Stream => "stream",
            NodeKind::Table => "table",
            NodeKind::Rule => "rule",
            NodeKind::SourceConf => "source config",
            NodeKind::SinkConf => "sink config",
            NodeKind::Connection => "connection",
            NodeKind::Schema => "schema",
            NodeKind::NativePlugin => "native plugin",
            NodeKind::PortablePlugin => "portable plugin",
            NodeKind::Service => "service",
            NodeKind::Script => "script",
            NodeKind::Upload => "upload",
            NodeKind::BuiltinSource => "built-in source",
            NodeKind::BuiltinSink => "built-in sink",
        }
    }

    fn of_section(section: SectionKind) -> NodeKind {
        match section {
            SectionKind::Streams => NodeKind::Stream,
            SectionKind::Tables => NodeKind::Table,
            SectionKind::Rules => NodeKind::Rule,
            SectionKind::SourceConfig => NodeKind::SourceConf,
            SectionKind::SinkConfig => NodeKind::SinkConf,
            SectionKind::ConnectionConfig => NodeKind::Connection,
            SectionKind::Schema => NodeKind::Schema,
            SectionKind::NativePlugins => NodeKind::NativePlugin,
            SectionKind::PortablePlugins => NodeKind::PortablePlugin,
            SectionKind::Service => NodeKind::Service,
            SectionKind::Scripts => NodeKind::Script,
            SectionKind::Uploads => NodeKind::Upload,
        }
    }
}

/// Source types every eKuiper build has (`internal/binder/io/builtin.go`).
pub const BUILTIN_SOURCES: &[&str] = &[
    "mqtt",
    "httppull",
    "httppush",
    "memory",
    "file",
    "neuron",
    "edgex",
    "redis",
    "redisSub",
    "simulator",
    "websocket",
];
/// Sink types every eKuiper build has.
pub const BUILTIN_SINKS: &[&str] = &[
    "mqtt",
    "rest",
    "log",
    "nop",
    "memory",
    "file",
    "redis",
    "redisPub",
    "edgex",
    "neuron",
    "websocket",
];

#[derive(Clone, Debug)]
pub struct GraphNode {
    pub kind: NodeKind,
    pub name: String,
    /// The key that defines it, in the outer file (none for built-ins).
    pub span: Option<Span>,
    /// JSON pointer of the bundle entry that defines it.
    pub pointer: String,
}

/// How one node refers to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// A rule's FROM/JOIN.
    Reads,
    /// A stream's `TYPE`.
    SourceType,
    /// A stream's `CONF_KEY`.
    ConfKey,
    /// An action's sink type.
    SinkType,
    /// An action's `resourceId`.
    ResourceId,
    /// `connectionSelector` of an action or a config.
    ConnectionSelector,
    /// A stream's `SCHEMAID` or an action's `schemaId`.
    SchemaId,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Reads => "reads",
            Via::SourceType => "TYPE",
            Via::ConfKey => "CONF_KEY",
            Via::SinkType => "sink",
            Via::ResourceId => "resourceId",
            Via::ConnectionSelector => "connectionSelector",
            Via::SchemaId => "schemaId",
        }
    }
}

/// A reference from one node to another, found at `span` of the outer file.
#[derive(Clone, Debug)]
pub struct GraphEdge {
    pub from: usize,
    pub via: Via,
    /// The node referred to, or None when nothing in the bundle (or eKuiper's built-ins) has it.
    pub to: Option<usize>,
    /// What was looked for: its kind and name (`<type>.<key>` for configs).
    pub wanted: (NodeKind, String),
    /// The name as the referring text writes it.
    pub written: String,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct BundleGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Whether every rule's reads are known (each rule's SQL was analysed); otherwise a stream
    /// that looks unused may be read by a rule we could not read.
    pub reads_complete: bool,
    /// Edge indexes by target and by source node (see `index_edges`).
    incoming: Vec<Vec<usize>>,
    outgoing: Vec<Vec<usize>>,
    index: HashMap<(NodeKind, String), usize>,
}

impl BundleGraph {
    pub fn find(&self, kind: NodeKind, name: &str) -> Option<usize> {
        self.index.get(&(kind, name.to_string())).copied()
    }

    fn add(&mut self, kind: NodeKind, name: String, span: Option<Span>, pointer: String) -> usize {
        // A name defined twice (duplicate keys, a section given twice) is one node at its last
        // definition, as eKuiper keeps the last one.
        if let Some(&id) = self.index.get(&(kind, name.clone())) {
            self.nodes[id].span = span;
            self.nodes[id].pointer = pointer;
            return id;
        }
        let id = self.nodes.len();
        self.index.insert((kind, name.clone()), id);
        self.nodes.push(GraphNode {
            kind,
            name,
            span,
            pointer,
        });
        id
    }

    fn builtin(&mut self, kind: NodeKind, name: &str) -> usize {
        match self.find(kind, name) {
            Some(id) => id,
            None => self.add(kind, name.to_string(), None, String::new()),
        }
    }

    fn refer(
        &mut self,
        from: usize,
        via: Via,
        wanted: (NodeKind, String),
        written: &str,
        span: Span,
    ) {
        let to = self.find(wanted.0, &wanted.1);
        self.edges.push(GraphEdge {
            from,
            via,
            to,
            wanted,
            written: written.to_string(),
            span,
        });
    }

    /// Edges that point at `node`.
    pub fn referrers(&self, node: usize) -> impl Iterator<Item = &GraphEdge> {
        self.incoming[node].iter().map(|&e| &self.edges[e])
    }

    /// Edges that start at `node`.
    pub fn references(&self, node: usize) -> impl Iterator<Item = &GraphEdge> {
        self.outgoing[node].iter().map(|&e| &self.edges[e])
    }

    /// Indexes edges by their ends, so that the questions above cost what they return.
    fn index_edges(&mut self) {
        self.incoming = vec![Vec::new(); self.nodes.len()];
        self.outgoing = vec![Vec::new(); self.nodes.len()];
        for (i, e) in self.edges.iter().enumerate() {
            self.outgoing[e.from].push(i);
            if let Some(to) = e.to {
                self.incoming[to].push(i);
            }
        }
    }

    /// Builds the graph of `bundles` (the SQL analysis gives what rules read).
    pub fn build(bundles: &[Bundle], sql: &SqlAnalysis) -> BundleGraph {
        BundleGraph::build_in(bundles, sql, &[])
    }

    /// Like [`BundleGraph::build`], where references may also resolve to what other files of the
    /// run define (`external`: nodes without a span here, so never "unused").
    pub fn build_in(
        bundles: &[Bundle],
        sql: &SqlAnalysis,
        external: &[(NodeKind, String)],
    ) -> BundleGraph {
        let mut g = BundleGraph {
            reads_complete: sql.rules_unanalysed == 0,
            ..BundleGraph::default()
        };
        for (kind, name) in external {
            g.add(*kind, name.clone(), None, String::new());
        }
        // Nodes first, so references resolve whatever the order in the file.
        let mut entry_nodes: HashMap<*const Entry, usize> = HashMap::new();
        for bundle in bundles {
            for entry in bundle.entries() {
                if entry.section.is_config() {
                    for (key, _value, span) in config_members(entry) {
                        let name = format!("{}.{}", entry.name(), key);
                        g.add(
                            NodeKind::of_section(entry.section),
                            name,
                            Some(span),
                            entry.pointer(),
                        );
                    }
                    continue;
                }
                let id = g.add(
                    NodeKind::of_section(entry.section),
                    entry.name().to_string(),
                    Some(entry.member.key_span),
                    entry.pointer(),
                );
                entry_nodes.insert(entry as *const Entry, id);
            }
        }
        for source in &sql.sources {
            let Some(&from) = entry_nodes.get(&(source.entry as *const Entry)) else {
                continue;
            };
            let stmt = &source.stmt;
            let to_file = |r: &std::ops::Range<usize>| source.map.to_file(Span::from(r.clone()));
            let (ty, ty_span) = match stmt.option("TYPE") {
                Some(o) => (o.value.clone(), to_file(&o.value_span)),
                None => ("mqtt".to_string(), to_file(&stmt.name_span)),
            };
            g.refer_source_type(from, &ty, ty_span);
            if let Some(conf) = stmt.option("CONF_KEY") {
                if !conf.value.eq_ignore_ascii_case("default") {
                    g.refer(
                        from,
                        Via::ConfKey,
                        (NodeKind::SourceConf, format!("{ty}.{}", conf.value)),
                        &conf.value,
                        to_file(&conf.value_span),
                    );
                }
            }
            if let Some(schema) = stmt.option("SCHEMAID") {
                let format = stmt
                    .option("FORMAT")
                    .map_or("json".to_string(), |f| f.value.to_lowercase());
                g.refer(
                    from,
                    Via::SchemaId,
                    (NodeKind::Schema, schema_key(&format, &schema.value)),
                    &schema.value,
                    to_file(&schema.value_span),
                );
            }
        }
        for read in &sql.reads {
            let Some(&from) = entry_nodes.get(&(read.rule as *const Entry)) else {
                continue;
            };
            let kind = if g.find(NodeKind::Table, &read.name).is_some() {
                NodeKind::Table
            } else {
                NodeKind::Stream
            };
            g.refer(
                from,
                Via::Reads,
                (kind, read.name.clone()),
                &read.name,
                read.span,
            );
        }
        for bundle in bundles {
            for entry in bundle.entries() {
                if entry.section == SectionKind::Rules {
                    if let Some(&from) = entry_nodes.get(&(entry as *const Entry)) {
                        g.add_actions(from, entry);
                    }
                } else if entry.section.is_config() {
                    g.add_config_connections(entry);
                }
            }
        }
        g.index_edges();
        g
    }

    fn refer_source_type(&mut self, from: usize, ty: &str, span: Span) {
        if BUILTIN_SOURCES.iter().any(|b| b.eq_ignore_ascii_case(ty)) {
            let id = self.builtin(NodeKind::BuiltinSource, ty);
            self.edges.push(GraphEdge {
                from,
                via: Via::SourceType,
                to: Some(id),
                wanted: (NodeKind::BuiltinSource, ty.into()),
                written: ty.into(),
                span,
            });
        } else {
            let to = self.plugin(&format!("sources_{ty}"), ty);
            self.edges.push(GraphEdge {
                from,
                via: Via::SourceType,
                to,
                wanted: (NodeKind::NativePlugin, format!("sources_{ty}")),
                written: ty.into(),
                span,
            });
        }
    }

    /// A plugin in the bundle: native `<kind>_<name>` or portable `<name>`.
    fn plugin(&self, native_key: &str, portable_name: &str) -> Option<usize> {
        self.find(NodeKind::NativePlugin, native_key)
            .or_else(|| self.find(NodeKind::PortablePlugin, portable_name))
    }

    fn add_actions(&mut self, from: usize, entry: &Entry) {
        let (Some(rule), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
            return;
        };
        let Some(Value::Array(actions)) = rule.field("actions").map(|m| &m.value.value) else {
            return;
        };
        for action in actions {
            for sink in action.as_object().unwrap_or_default() {
                let ty = sink.key.value.as_str();
                let span = embedded.map.to_file(sink.key_span);
                if BUILTIN_SINKS.iter().any(|b| b.eq_ignore_ascii_case(ty)) {
                    let id = self.builtin(NodeKind::BuiltinSink, ty);
                    self.edges.push(GraphEdge {
                        from,
                        via: Via::SinkType,
                        to: Some(id),
                        wanted: (NodeKind::BuiltinSink, ty.into()),
                        written: ty.into(),
                        span,
                    });
                } else {
                    let to = self.plugin(&format!("sinks_{ty}"), ty);
                    self.edges.push(GraphEdge {
                        from,
                        via: Via::SinkType,
                        to,
                        wanted: (NodeKind::NativePlugin, format!("sinks_{ty}")),
                        written: ty.into(),
                        span,
                    });
                }
                let props = &sink.value;
                if let Some((id, span)) = string_prop(props, "resourceId", &embedded.map) {
                    self.refer(
                        from,
                        Via::ResourceId,
                        (NodeKind::SinkConf, format!("{ty}.{id}")),
                        &id,
                        span,
                    );
                }
                self.refer_connection(from, ty, props, &embedded.map);
                if let Some((schema, span)) = string_prop(props, "schemaId", &embedded.map) {
                    let format = string_prop(props, "format", &embedded.map)
                        .map_or("json".to_string(), |(f, _)| f.to_lowercase());
                    self.refer(
                        from,
                        Via::SchemaId,
                        (NodeKind::Schema, schema_key(&format, &schema)),
                        &schema,
                        span,
                    );
                }
            }
        }
    }

    fn add_config_connections(&mut self, entry: &Entry) {
        let Some(embedded) = &entry.embedded else {
            return;
        };
        if entry.section == SectionKind::ConnectionConfig {
            return;
        }
        let kind = NodeKind::of_section(entry.section);
        for (key, value, _) in config_members(entry) {
            let Some(from) = self.find(kind, &format!("{}.{key}", entry.name())) else {
                continue;
            };
            self.refer_connection(from, entry.name(), value, &embedded.map);
        }
    }

    /// `connectionSelector`: `<type>.<id>` in 1.x; a bare id in 2.x, looked up across types.
    fn refer_connection(&mut self, from: usize, ty: &str, props: &Node, map: &SourceMap) {
        let Some((selector, span)) = string_prop(props, "connectionSelector", map) else {
            return;
        };
        let name = if self.find(NodeKind::Connection, &selector).is_some() {
            selector.clone()
        } else {
            let bare = format!("{ty}.{selector}");
            let any_type = self
                .nodes
                .iter()
                .find(|n| {
                    n.kind == NodeKind::Connection
                        && n.name.split_once('.').is_some_and(|(_, id)| id == selector)
                })
                .map(|n| n.name.clone());
            any_type.unwrap_or(bare)
        };
        self.refer(
            from,
            Via::ConnectionSelector,
            (NodeKind::Connection, name),
            &selector,
            span,
        );
    }
}

/// The `Schema` key eKuiper derives from a format and a schema id: `<format>_<name before '.'>`.
fn schema_key(format: &str, schema_id: &str) -> String {
    let name = schema_id.split('.').next().unwrap_or(schema_id);
    format!("{format}_{name}")
}

/// A string property of an object, with the file span of its value.
fn string_prop(object: &Node, key: &str, map: &SourceMap) -> Option<(String, Span)> {
    let m = object
        .as_object()?
        .iter()
        .rev()
        .find(|m| m.key.value.eq_ignore_ascii_case(key))?;
    Some((m.value.as_str()?.to_string(), map.to_file(m.value.span)))
}

/// The `{confKey: {props}}` members of a config entry: key, props node, file span of the key.
fn config_members<'e>(entry: &'e Entry) -> Vec<(&'e str, &'e Node, Span)> {
    let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
        return Vec::new();
    };
    let members: &[Member] = root.as_object().unwrap_or_default();
    members
        .iter()
        .map(|m| {
            (
                m.key.value.as_str(),
                &m.value,
                embedded.map.to_file(m.key_span),
            )
        })
        .collect()
}

/// What a rule reads: a FROM/JOIN name and where it is written.
pub struct Read<'a> {
    pub rule: &'a Entry<'a>,
    pub name: String,
    pub span: Span,
}

impl<'a> Read<'a> {
    pub fn new(
        rule: &'a Entry<'a>,
        name: String,
        sql: &Embedded,
        span: std::ops::Range<usize>,
    ) -> Self {
        Read {
            rule,
            name,
            span: sql.map.to_file(Span::from(span)),
        }
    }
}

impl BundleGraph {
    /// The nodes `start` depends on, transitively, `start` included: what a partial export of a
    /// rule must carry along.
    pub fn closure(&self, start: usize) -> Vec<usize> {
        let mut seen = vec![false; self.nodes.len()];
        let mut stack = vec![start];
        let mut out = Vec::new();
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n], true) {
                continue;
            }
            out.push(n);
            stack.extend(self.references(n).filter_map(|e| e.to));
        }
        out.sort_unstable();
        out
    }

    /// Graphviz DOT of the nodes in `keep` (all when None). Unresolved references are dashed
    /// red nodes.
    pub fn to_dot(&self, keep: Option<&[usize]>) -> String {
        let kept = |n: usize| keep.is_none_or(|k| k.contains(&n));
        let mut out = String::from(
            "digraph bundle {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n",
        );
        for (i, n) in self.nodes.iter().enumerate().filter(|(i, _)| kept(*i)) {
            out.push_str(&format!(
                "  n{i} [label={}];\n",
                dot_quote(&format!("{}\n{}", n.kind.as_str(), n.name))
            ));
        }
        for (j, e) in self.edges.iter().enumerate().filter(|(_, e)| kept(e.from)) {
            match e.to {
                Some(to) if kept(to) => {
                    out.push_str(&format!("  n{} -> n{to} [label={}];\n", e.from, dot_quote(e.via.as_str())))
                }
                Some(_) => {}
                None => out.push_str(&format!(
                    "  m{j} [label={}, style=dashed, color=red];\n  n{} -> m{j} [label={}, color=red];\n",
                    dot_quote(&format!("missing {}\n{}", e.wanted.0.as_str(), e.written)),
                    e.from,
                    dot_quote(e.via.as_str())
                )),
            }
        }
        out.push_str("}\n");
        out
    }

    /// The graph as JSON: nodes (with where they are defined) and edges (with where the
    /// reference is written; `to` is null when nothing in the bundle has it).
    pub fn to_json(
        &self,
        keep: Option<&[usize]>,
        source: &crate::bundle::SourceFile,
    ) -> serde_json::Value {
        let kept = |n: usize| keep.is_none_or(|k| k.contains(&n));
        let at = |span: Span| {
            let p = source.position(span.start);
            serde_json::json!({"line": p.line, "column": p.column, "byte_start": span.start, "byte_end": span.end})
        };
        let nodes: Vec<_> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| kept(*i))
            .map(|(i, n)| {
                serde_json::json!({
                    "id": i, "kind": n.kind.as_str(), "name": n.name, "path": n.pointer,
                    "at": n.span.map(at),
                })
            })
            .collect();
        let edges: Vec<_> = self
            .edges
            .iter()
            .filter(|e| kept(e.from) && e.to.is_none_or(kept))
            .map(|e| {
                serde_json::json!({
                    "from": e.from, "to": e.to, "via": e.via.as_str(),
                    "wanted": {"kind": e.wanted.0.as_str(), "name": e.written},
                    "at": at(e.span),
                })
            })
            .collect();
        serde_json::json!({ "nodes": nodes, "edges": edges })
    }
}

fn dot_quote(s: &str) -> String {
    format!(
        "\"{}\"",
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}
