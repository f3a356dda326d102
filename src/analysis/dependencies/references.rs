//! Finding what each entry refers to: a rule's reads, a stream's type, confKey and schema, an
//! action's sink type, resourceId and connection, a graph rule's nodes.

use super::*;

/// A reference found, waiting to be added to the graph.
pub(super) struct Found {
    pub(super) edge: GraphEdge,
    /// The target is a built-in type, added as a node when first referred to.
    pub(super) builtin: bool,
}

/// Finds references against the nodes of `graph` (which it does not change).
pub(super) struct FoundIn<'g> {
    pub(super) graph: &'g BundleGraph,
    pub(super) edges: Vec<Found>,
}

impl<'g> FoundIn<'g> {
    pub(super) fn find(&self, kind: NodeKind, name: &str) -> Option<usize> {
        self.graph.find(kind, name)
    }

    pub(super) fn refer(
        &mut self,
        from: usize,
        via: Via,
        wanted: (NodeKind, String),
        written: &str,
        span: Span,
    ) {
        let to = self.find(wanted.0, &wanted.1);
        self.push(GraphEdge {
            from,
            via,
            to,
            wanted,
            written: written.to_string(),
            span,
        });
    }

    pub(super) fn push(&mut self, edge: GraphEdge) {
        self.edges.push(Found {
            edge,
            builtin: false,
        });
    }

    /// A reference to the built-in `kind` named `name`.
    pub(super) fn new(graph: &'g BundleGraph) -> Self {
        FoundIn {
            graph,
            edges: Vec::new(),
        }
    }

    pub(super) fn refer_builtin(
        &mut self,
        from: usize,
        via: Via,
        kind: NodeKind,
        name: &str,
        span: Span,
    ) {
        self.edges.push(Found {
            edge: GraphEdge {
                from,
                via,
                to: None,
                wanted: (kind, name.into()),
                written: name.into(),
                span,
            },
            builtin: true,
        });
    }

    /// A source type (`via` [`Via::SourceType`]) or a sink type: built into eKuiper, or a plugin
    /// of the bundle (native `sources_<type>`/`sinks_<type>`, portable `<type>`).
    pub(super) fn refer_type(&mut self, from: usize, via: Via, ty: &str, span: Span) {
        let (builtins, builtin, kind) = match via {
            Via::SourceType => (BUILTIN_SOURCES, NodeKind::BuiltinSource, "sources"),
            _ => (BUILTIN_SINKS, NodeKind::BuiltinSink, "sinks"),
        };
        if builtins.iter().any(|b| b.eq_ignore_ascii_case(ty)) {
            self.refer_builtin(from, via, builtin, ty, span);
        } else {
            let native = format!("{kind}_{ty}");
            let to = self.plugin(&native, ty);
            self.push(GraphEdge {
                from,
                via,
                to,
                wanted: (NodeKind::NativePlugin, native),
                written: ty.into(),
                span,
            });
        }
    }

    /// A plugin in the bundle: native `<kind>_<name>` or portable `<name>`.
    pub(super) fn plugin(&self, native_key: &str, portable_name: &str) -> Option<usize> {
        self.find(NodeKind::NativePlugin, native_key)
            .or_else(|| self.find(NodeKind::PortablePlugin, portable_name))
    }

    pub(super) fn add_actions(&mut self, from: usize, entry: &Entry) {
        let (Some(rule), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
            return;
        };
        let Some(Value::Array(actions)) = rule.field("actions").map(|m| &m.value.value) else {
            return;
        };
        for action in actions {
            for sink in action.as_object().unwrap_or_default() {
                let span = embedded.map.to_file(sink.key_span);
                self.add_sink(
                    from,
                    &sink.key.value,
                    span,
                    Some(&sink.value),
                    &embedded.map,
                );
            }
        }
    }

    /// One sink of a rule: an action (`{<type>: props}`) or a sink node of a graph (`nodeType`
    /// and `props`, which eKuiper reads as an action's). `ty_span` is where the type is written.
    pub(super) fn add_sink(
        &mut self,
        from: usize,
        ty: &str,
        ty_span: Span,
        props: Option<&Node>,
        map: &SourceMap,
    ) {
        self.refer_type(from, Via::SinkType, ty, ty_span);
        let Some(props) = props else {
            return;
        };
        if let Some((id, span)) = string_prop(props, "resourceId", map) {
            self.refer(
                from,
                Via::ResourceId,
                (NodeKind::SinkConf, format!("{ty}.{id}")),
                &id,
                span,
            );
        }
        self.refer_connection(from, ty, props, map);
        if let Some((schema, span)) = string_prop(props, "schemaId", map) {
            let format = string_prop(props, "format", map)
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

    /// The nodes of a graph rule (`graph.nodes`, see [`graph_nodes`]): a source node reads the
    /// stream or table its `sourceName` names, or declares its own source (`nodeType`, with
    /// stream options in `props`); a sink node is an action. Returns whether everything the rule
    /// reads is known.
    pub(super) fn add_graph(&mut self, from: usize, entry: &Entry, nodes: &[&Member]) -> bool {
        let Some(embedded) = &entry.embedded else {
            return false;
        };
        let map = &embedded.map;
        let mut complete = true;
        for node in nodes {
            let node_type = node
                .value
                .field("nodeType")
                .and_then(|m| Some((m.value.as_str()?, map.to_file(m.value.span))))
                .filter(|(t, _)| !t.is_empty());
            // eKuiper decodes a source's `props` into its source metadata and stream options
            // (`cast.MapToStruct`): keys match whatever their case. A sink's are an action's.
            let props = node
                .value
                .field("props")
                .map(|m| &m.value)
                .filter(|p| p.as_object().is_some());
            match node.value.field("type").and_then(|m| m.value.as_str()) {
                Some("source") => {
                    let source_name = props.and_then(|p| p.field("sourceName"));
                    match source_name.map(|m| &m.value) {
                        Some(v) if v.as_str().is_some_and(|n| !n.is_empty()) => {
                            let name = v.as_str().unwrap_or_default();
                            let kind = if self.find(NodeKind::Table, name).is_some() {
                                NodeKind::Table
                            } else {
                                NodeKind::Stream
                            };
                            self.refer(
                                from,
                                Via::Reads,
                                (kind, name.to_string()),
                                name,
                                map.to_file(v.span),
                            );
                        }
                        // Neither a string nor null: eKuiper refuses the rule, and what it
                        // meant to read is unknown.
                        Some(v) if !matches!(v.value, Value::String(_) | Value::Null) => {
                            complete = false;
                        }
                        // No stream named: the node is a source of its own.
                        _ => self.add_inline_source(from, node_type, props, map),
                    }
                }
                Some("sink") => {
                    if let Some((ty, span)) = node_type {
                        self.add_sink(from, ty, span, props, map);
                    }
                }
                _ => {}
            }
        }
        complete
    }

    /// A graph source node with its own stream options: `nodeType` is the source type, and
    /// `props` hold `confKey`, `format` and `schemaId` as a stream's WITH does.
    pub(super) fn add_inline_source(
        &mut self,
        from: usize,
        node_type: Option<(&str, Span)>,
        props: Option<&Node>,
        map: &SourceMap,
    ) {
        let Some((ty, ty_span)) = node_type else {
            return;
        };
        self.refer_type(from, Via::SourceType, ty, ty_span);
        let Some(props) = props else {
            return;
        };
        let prop = |key| string_prop(props, key, map).filter(|(v, _)| !v.is_empty());
        let (conf, schema) = (prop("confKey"), prop("schemaId"));
        let format = string_prop(props, "format", map);
        self.refer_source_options(
            from,
            ty,
            conf.as_ref().map(|(c, span)| (c.as_str(), *span)),
            schema.as_ref().map(|(s, span)| (s.as_str(), *span)),
            format.as_ref().map(|(f, _)| f.as_str()),
        );
    }

    /// What a source's options name besides its type (`ty`): a confKey of the type (`default`
    /// is always there) and a schema, keyed by the format (`json` when there is none).
    pub(super) fn refer_source_options(
        &mut self,
        from: usize,
        ty: &str,
        conf: Option<(&str, Span)>,
        schema: Option<(&str, Span)>,
        format: Option<&str>,
    ) {
        if let Some((conf, span)) = conf {
            if !conf.eq_ignore_ascii_case("default") {
                self.refer(
                    from,
                    Via::ConfKey,
                    (NodeKind::SourceConf, format!("{ty}.{conf}")),
                    conf,
                    span,
                );
            }
        }
        if let Some((schema, span)) = schema {
            let format = format.map_or("json".to_string(), str::to_lowercase);
            self.refer(
                from,
                Via::SchemaId,
                (NodeKind::Schema, schema_key(&format, schema)),
                schema,
                span,
            );
        }
    }

    pub(super) fn add_config_connections(&mut self, entry: &Entry) {
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
    pub(super) fn refer_connection(
        &mut self,
        from: usize,
        ty: &str,
        props: &Node,
        map: &SourceMap,
    ) {
        let Some((selector, span)) = string_prop(props, "connectionSelector", map) else {
            return;
        };
        let name = if self.find(NodeKind::Connection, &selector).is_some() {
            selector.clone()
        } else {
            let bare = format!("{ty}.{selector}");
            let any_type = self
                .graph
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
pub(super) fn schema_key(format: &str, schema_id: &str) -> String {
    let name = schema_id.split('.').next().unwrap_or(schema_id);
    format!("{format}_{name}")
}

/// A string property of an object, with the file span of its value.
pub(super) fn string_prop(object: &Node, key: &str, map: &SourceMap) -> Option<(String, Span)> {
    let m = object
        .as_object()?
        .iter()
        .rev()
        .find(|m| m.key.value.eq_ignore_ascii_case(key))?;
    Some((m.value.as_str()?.to_string(), map.to_file(m.value.span)))
}

/// The nodes of a graph rule, each name once (the last definition wins, as in eKuiper's
/// decoding); None when the rule is no graph rule: it has SQL (eKuiper then refuses a graph
/// beside it, and the SQL is what is analysed), or its `graph.nodes` is not an object.
pub(super) fn graph_nodes<'e>(entry: &'e Entry) -> Option<Vec<&'e Member>> {
    let rule = entry.json_value()?;
    let has_sql = rule
        .field("sql")
        .and_then(|m| m.value.as_str())
        .is_some_and(|s| !s.trim().is_empty());
    if has_sql {
        return None;
    }
    let members = rule
        .field("graph")?
        .value
        .field("nodes")?
        .value
        .as_object()?;
    Some(
        members
            .iter()
            .enumerate()
            .filter(|(i, m)| !members[i + 1..].iter().any(|l| l.key.value == m.key.value))
            .map(|(_, m)| m)
            .collect(),
    )
}

/// The `{confKey: {props}}` members of a config entry: key, props node, file span of the key.
pub(super) fn config_members<'e>(entry: &'e Entry) -> Vec<(&'e str, &'e Node, Span)> {
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
