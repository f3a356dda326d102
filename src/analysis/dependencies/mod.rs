//! The bundle's dependency graph: what every entry refers to, resolved against what the bundle
//! defines. Rules read streams and tables; streams name a source type, a confKey and a schema;
//! actions name a sink type, a saved sink config (`resourceId`), a connection and a schema;
//! configs name connections. A graph rule's source nodes read a stream or table (`sourceName`)
//! or declare their own source (`nodeType` and stream options: `confKey`, `schemaId`), and its
//! sink nodes refer to what actions do. Cross-reference lints (family `X`), `kuiperlint graph`
//! and partial export planning all read this one structure.

mod references;

use references::*;

use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;
use rayon::prelude::*;

use crate::analysis::sql::file::SqlAnalysis;
use crate::bundle::json::{Member, Node, Value};
use crate::bundle::{Bundle, Embedded, Entry, SectionKind};
use crate::ekuiper::builtins::{BUILTIN_SINKS, BUILTIN_SOURCES};
use crate::source::source_map::SourceMap;
use crate::source::span::Span;

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
    /// A rule's FROM/JOIN, or a graph source node's `sourceName`.
    Reads,
    /// A stream's `TYPE`, or the `nodeType` of a graph source node with its own options.
    SourceType,
    /// A stream's `CONF_KEY`, or the `confKey` of a graph source node.
    ConfKey,
    /// An action's sink type, or the `nodeType` of a graph sink node.
    SinkType,
    /// The `resourceId` of an action or a graph sink node.
    ResourceId,
    /// `connectionSelector` of an action, a graph sink node or a config.
    ConnectionSelector,
    /// A stream's `SCHEMAID`, or the `schemaId` of an action or a graph node.
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
    /// The references, in the order they were found: all of them, or only the unresolved ones
    /// in a graph built for checking ([`Edges::Unresolved`]).
    pub edges: Vec<GraphEdge>,
    /// Whether every rule's reads are known (each rule's SQL was analysed, or its graph read);
    /// otherwise a stream that looks unused may be read by a rule we could not read.
    pub reads_complete: bool,
    /// Edge indexes by target and by source node (see `index_edges`).
    incoming: EdgeIndex,
    outgoing: EdgeIndex,
    /// Node ids by kind and name. Ids only (no copy of each name): the graph of a large bundle
    /// has a node per entry.
    index: HashTable<u32>,
    hasher: RandomState,
    /// Per node: whether anything refers to it, kept edges or not.
    referenced: Vec<bool>,
    /// Keep only the references that resolve to nothing (see [`Edges`]).
    unresolved_only: bool,
    /// Graph rules whose reads are known from their nodes, of the rules added so far.
    graphs_read: usize,
}

/// Which references a graph keeps as edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edges {
    /// Every one: for `kuiperlint graph` and partial exports, which follow them.
    All,
    /// Only those that resolve to nothing, the rest counted per node
    /// ([`BundleGraph::is_referenced`]): all the cross-reference lints read, and a bundle's
    /// graph holds several references per rule.
    Unresolved,
}

/// Edge ids grouped by node: node `n`'s are `ids[starts[n]..starts[n + 1]]` (two vectors for
/// the whole graph, rather than a vector per node).
#[derive(Debug, Default)]
struct EdgeIndex {
    starts: Vec<u32>,
    ids: Vec<u32>,
}

impl EdgeIndex {
    /// Groups edge ids by the node `end` gives for each edge (if any), keeping edge order.
    fn of(nodes: usize, edges: &[GraphEdge], end: impl Fn(&GraphEdge) -> Option<usize>) -> Self {
        let mut starts = vec![0u32; nodes + 1];
        for n in edges.iter().filter_map(&end) {
            starts[n + 1] += 1;
        }
        for i in 0..nodes {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut ids = vec![0u32; starts[nodes] as usize];
        for (i, e) in edges.iter().enumerate() {
            if let Some(n) = end(e) {
                ids[next[n] as usize] = i as u32;
                next[n] += 1;
            }
        }
        EdgeIndex { starts, ids }
    }

    fn of_node(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        let range = match (self.starts.get(node), self.starts.get(node + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        self.ids[range].iter().map(|&e| e as usize)
    }
}

impl BundleGraph {
    pub fn find(&self, kind: NodeKind, name: &str) -> Option<usize> {
        let hash = self.hasher.hash_one((kind, name));
        self.index
            .find(hash, |&id| {
                let n = &self.nodes[id as usize];
                n.kind == kind && n.name == name
            })
            .map(|&id| id as usize)
    }

    fn add(&mut self, kind: NodeKind, name: String, span: Option<Span>, pointer: String) -> usize {
        // A name defined twice (duplicate keys, a section given twice) is one node at its last
        // definition, as eKuiper keeps the last one.
        if let Some(id) = self.find(kind, &name) {
            self.nodes[id].span = span;
            self.nodes[id].pointer = pointer;
            return id;
        }
        let id = self.nodes.len();
        let hash = self.hasher.hash_one((kind, name.as_str()));
        self.nodes.push(GraphNode {
            kind,
            name,
            span,
            pointer,
        });
        let (nodes, hasher) = (&self.nodes, &self.hasher);
        self.index.insert_unique(hash, id as u32, |&i| {
            let n = &nodes[i as usize];
            hasher.hash_one((n.kind, n.name.as_str()))
        });
        id
    }

    /// Whether anything refers to `node`.
    pub fn is_referenced(&self, node: usize) -> bool {
        self.referenced.get(node).copied().unwrap_or(false)
    }

    fn builtin(&mut self, kind: NodeKind, name: &str) -> usize {
        match self.find(kind, name) {
            Some(id) => id,
            None => self.add(kind, name.to_string(), None, String::new()),
        }
    }

    /// Edges that point at `node`.
    pub fn referrers(&self, node: usize) -> impl Iterator<Item = &GraphEdge> {
        self.incoming.of_node(node).map(|e| &self.edges[e])
    }

    /// Edges that start at `node`.
    pub fn references(&self, node: usize) -> impl Iterator<Item = &GraphEdge> {
        self.outgoing.of_node(node).map(|e| &self.edges[e])
    }

    /// Indexes edges by their ends, so that the questions above cost what they return.
    fn index_edges(&mut self) {
        self.incoming = EdgeIndex::of(self.nodes.len(), &self.edges, |e| e.to);
        self.outgoing = EdgeIndex::of(self.nodes.len(), &self.edges, |e| Some(e.from));
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
        let g = BundleGraph::outline(bundles, sql, external, Edges::All);
        let rules = g.rule_edges(bundles, sql);
        g.finish(bundles, vec![rules], sql.rules_unanalysed)
    }

    /// The graph's nodes (every entry of `bundles`, the confKeys of its configs, `external`) and
    /// what streams and tables refer to, without what rules refer to: that comes from
    /// [`BundleGraph::rule_edges`] of the rules, a window of them at a time if need be, and is
    /// added by [`BundleGraph::finish`]. Rules need only their names here, so `bundles` may
    /// hold them undecoded.
    pub fn outline(
        bundles: &[Bundle],
        sql: &SqlAnalysis,
        external: &[(NodeKind, String)],
        edges: Edges,
    ) -> BundleGraph {
        let mut g = BundleGraph {
            unresolved_only: edges == Edges::Unresolved,
            ..BundleGraph::default()
        };
        // About a node per entry, and the built-in types referred to: sized once, rather than
        // copied and rehashed as they grow.
        let entries: usize = bundles.iter().map(|b| b.entries().count()).sum::<usize>()
            + BUILTIN_SOURCES.len()
            + BUILTIN_SINKS.len();
        g.nodes.reserve(external.len() + entries);
        let (nodes, hasher) = (&g.nodes, &g.hasher);
        g.index.reserve(external.len() + entries, |&i| {
            let n = &nodes[i as usize];
            hasher.hash_one((n.kind, n.name.as_str()))
        });
        for (kind, name) in external {
            g.add(*kind, name.clone(), None, String::new());
        }
        // Nodes first, so references resolve whatever the order in the file.
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
                g.add(
                    NodeKind::of_section(entry.section),
                    entry.name().to_string(),
                    Some(entry.member.key_span),
                    entry.pointer(),
                );
            }
        }
        let mut found = FoundIn::new(&g);
        for source in &sql.sources {
            let kind = NodeKind::of_section(source.entry.section);
            let Some(from) = g.find(kind, source.entry.name()) else {
                continue;
            };
            let stmt = &source.stmt;
            let to_file = |r: &std::ops::Range<usize>| source.map.to_file(Span::from(r.clone()));
            let (ty, ty_span) = match stmt.option("TYPE") {
                Some(o) => (o.value.clone(), to_file(&o.value_span)),
                None => ("mqtt".to_string(), to_file(&stmt.name_span)),
            };
            found.refer_type(from, Via::SourceType, &ty, ty_span);
            let option = |key| {
                stmt.option(key)
                    .map(|o| (o.value.as_str(), to_file(&o.value_span)))
            };
            found.refer_source_options(
                from,
                &ty,
                option("CONF_KEY"),
                option("SCHEMAID"),
                stmt.option("FORMAT").map(|f| f.value.as_str()),
            );
        }
        let found = found.edges;
        g.apply(found);
        g
    }

    /// What the decoded rules of `bundles` refer to, resolved against the nodes of this outline:
    /// what they read (from `sql`, their SQL analysed) and what their actions or graph nodes
    /// name.
    pub fn rule_edges(&self, bundles: &[Bundle], sql: &SqlAnalysis) -> RuleEdges {
        // Rules are independent and the graph is only read: found on the worker pool
        // (`--jobs`), gathered in rule order.
        let reads: Vec<Found> = sql
            .reads
            .par_iter()
            .filter_map(|read| {
                let from = self.find(NodeKind::Rule, read.rule.name())?;
                let kind = if self.find(NodeKind::Table, &read.name).is_some() {
                    NodeKind::Table
                } else {
                    NodeKind::Stream
                };
                let mut found = FoundIn::new(self);
                found.refer(
                    from,
                    Via::Reads,
                    (kind, read.name.clone()),
                    &read.name,
                    read.span,
                );
                found.edges.pop()
            })
            .collect();
        let rules: Vec<&Entry> = bundles
            .iter()
            .flat_map(|b| b.section_entries(SectionKind::Rules))
            .collect();
        let per_rule: Vec<(Vec<Found>, bool)> = rules
            .par_iter()
            .map(|entry| {
                let mut found = FoundIn::new(self);
                let mut graph_read = false;
                if let Some(from) = self.find(NodeKind::Rule, entry.name()) {
                    match graph_nodes(entry) {
                        // eKuiper builds a graph rule from its nodes alone: it has no actions.
                        Some(nodes) => graph_read = found.add_graph(from, entry, &nodes),
                        None => found.add_actions(from, entry),
                    }
                }
                (found.edges, graph_read)
            })
            .collect();
        let mut edges = RuleEdges {
            reads,
            of_rules: Vec::with_capacity(per_rule.iter().map(|(f, _)| f.len()).sum()),
            rule_ends: Vec::with_capacity(per_rule.len()),
            graphs_read: 0,
        };
        for (found, graph_read) in per_rule {
            edges.of_rules.extend(found);
            edges.rule_ends.push(edges.of_rules.len());
            edges.graphs_read += usize::from(graph_read);
        }
        edges
    }

    /// Adds what some rules refer to now, rather than in [`BundleGraph::finish`] (which then
    /// gets no rule edges): a window's edges need not wait for the next windows. Edges come
    /// in another order (configs' last), nodes in the same.
    pub fn add_rules(&mut self, mut rules: RuleEdges) {
        self.graphs_read += rules.graphs_read;
        let reads = std::mem::take(&mut rules.reads);
        self.apply(reads);
        self.apply(rules.of_rules);
    }

    /// Adds what the rules refer to (`rules`: the [`BundleGraph::rule_edges`] of every rule of
    /// `bundles`, in order) and what configs refer to, in file order, and indexes the edges.
    /// `rules_unanalysed` counts the rules whose SQL could not be analysed.
    pub fn finish(
        mut self,
        bundles: &[Bundle],
        mut rules: Vec<RuleEdges>,
        rules_unanalysed: usize,
    ) -> BundleGraph {
        // What configs refer to, found first so that the edges are sized once: a large bundle's
        // graph has several edges per rule.
        let configs: Vec<Vec<Found>> = bundles
            .iter()
            .flat_map(|b| b.entries())
            .filter(|e| e.section.is_config())
            .map(|entry| {
                let mut found = FoundIn::new(&self);
                found.add_config_connections(entry);
                found.edges
            })
            .collect();
        let more = rules
            .iter()
            .map(|r| r.reads.len() + r.of_rules.len())
            .sum::<usize>()
            + configs.iter().map(Vec::len).sum::<usize>();
        if !self.unresolved_only {
            self.edges.reserve_exact(more);
        }
        for part in &mut rules {
            let reads = std::mem::take(&mut part.reads);
            self.apply(reads);
        }
        // Each rule's edges in turn, configs' between them as they come in the file.
        let graphs_read = self.graphs_read + rules.iter().map(|r| r.graphs_read).sum::<usize>();
        let mut per_rule = rules.into_iter().flat_map(RuleEdges::per_rule);
        let mut configs = configs.into_iter();
        for entry in bundles.iter().flat_map(|b| b.entries()) {
            let found = if entry.section == SectionKind::Rules {
                per_rule.next()
            } else if entry.section.is_config() {
                configs.next()
            } else {
                None
            };
            self.apply(found.into_iter().flatten());
        }
        self.reads_complete = rules_unanalysed == graphs_read;
        self.index_edges();
        self
    }

    /// Adds edges found against this graph's nodes; a built-in target becomes a node when first
    /// referred to.
    fn apply(&mut self, found: impl IntoIterator<Item = Found>) {
        for f in found {
            let mut edge = f.edge;
            if f.builtin {
                edge.to = Some(self.builtin(edge.wanted.0, &edge.wanted.1));
            }
            if let Some(to) = edge.to {
                if self.referenced.len() <= to {
                    self.referenced.resize(self.nodes.len().max(to + 1), false);
                }
                self.referenced[to] = true;
                if self.unresolved_only {
                    continue;
                }
            }
            self.edges.push(edge);
        }
    }
}

/// What some rules refer to, found against an outline ([`BundleGraph::rule_edges`]) and added to
/// it by [`BundleGraph::finish`]. It holds edges only, so the rules' trees can go.
#[derive(Default)]
pub struct RuleEdges {
    /// What the rules read, in rule order.
    reads: Vec<Found>,
    /// Every rule's other references, one rule after another; `rule_ends[i]` ends rule `i`'s.
    of_rules: Vec<Found>,
    rule_ends: Vec<usize>,
    /// Graph rules whose reads are known from their nodes.
    graphs_read: usize,
}

impl RuleEdges {
    /// What rule node `rule` reads: its SQL's FROM and JOIN, its graph's source nodes.
    pub fn reads_of(&self, rule: usize) -> impl Iterator<Item = &GraphEdge> {
        self.reads
            .iter()
            .chain(&self.of_rules)
            .map(|f| &f.edge)
            .filter(move |e| e.from == rule && e.via == Via::Reads)
    }

    /// The references of each rule in turn.
    fn per_rule(self) -> impl Iterator<Item = Vec<Found>> {
        let mut edges = self.of_rules.into_iter();
        let mut start = 0;
        self.rule_ends.into_iter().map(move |end| {
            let found = edges.by_ref().take(end - start).collect();
            start = end;
            found
        })
    }
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
}

#[cfg(test)]
mod tests;
