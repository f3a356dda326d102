//! Rules written as `graph: {nodes, topo}` (source, operator and sink nodes joined by edges)
//! instead of `sql`, read the way eKuiper's planner reads them
//! (`internal/topo/planner/planner_graph.go`): node roles and operator kinds, edges, and the
//! expressions of operator properties checked with the SQL analysis
//! ([`crate::analysis::sql::check_expression`]).

use std::collections::{HashMap, HashSet};

use crate::analysis::sql::file::BundleFunctions;
use crate::analysis::sql::{check_expression, ExprCheck, ExprSlot, SqlProblemKind};
use crate::bundle::json::{Member, Node, Value};
use crate::bundle::{escape_pointer, Bundle, Embedded, Entry, SectionKind};
use crate::source::source_map::SourceMap;
use crate::source::span::Span;

/// What a node is (`type`). eKuiper compares the string exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Source,
    Operator,
    Sink,
}

impl Role {
    fn of(text: &str) -> Option<Role> {
        match text {
            "source" => Some(Role::Source),
            "operator" => Some(Role::Operator),
            "sink" => Some(Role::Sink),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Operator => "operator",
            Role::Sink => "sink",
        }
    }

    /// The role with its article, for messages.
    pub fn with_article(self) -> &'static str {
        match self {
            Role::Source => "a source",
            Role::Operator => "an operator",
            Role::Sink => "a sink",
        }
    }
}

/// A name written in the rule (a node key, an entry of `topo.sources`, an edge end).
#[derive(Clone, Debug)]
pub struct NameRef<'a> {
    pub name: &'a str,
    /// Span in the rule's decoded text (the string literal, quotes included).
    pub span: Span,
    /// JSON pointer inside the rule.
    pub pointer: String,
}

/// One node of `graph.nodes`.
pub struct RuleNode<'a> {
    pub key: NameRef<'a>,
    pub node: &'a Node,
    /// None when `type` is missing, not a string, or not one eKuiper knows (the schema's finding).
    pub role: Option<Role>,
    /// The `nodeType` string, with its member.
    pub node_type: Option<(&'a str, &'a Member)>,
    /// The `props` object, when it is one.
    pub props: Option<&'a Node>,
}

impl<'a> RuleNode<'a> {
    /// The lower-cased `nodeType` of an operator (eKuiper looks operators up that way).
    pub fn operator(&self) -> Option<String> {
        match (self.role, self.node_type) {
            (Some(Role::Operator), Some((t, _))) => Some(t.to_lowercase()),
            _ => None,
        }
    }

    /// JSON pointer of a member of the node (`nodeType`, ...).
    pub fn member_pointer(&self, m: &Member) -> String {
        format!("{}/{}", self.key.pointer, escape_pointer(&m.key.value))
    }

    /// A property of `props` as eKuiper's struct decoding reads it: case-insensitive key, the
    /// last one wins.
    pub fn prop(&self, key: &str) -> Option<&'a Member> {
        self.props?.field(key)
    }

    /// A property read straight from the props map (`props["expr"]` in the planner): exact key,
    /// the last one wins (Go's JSON decoding keeps the last duplicate).
    pub fn exact_prop(&self, key: &str) -> Option<&'a Member> {
        self.props?
            .as_object()?
            .iter()
            .rev()
            .find(|m| m.key.value == key)
    }

    /// JSON pointer of one of its properties.
    pub fn prop_pointer(&self, m: &Member) -> String {
        format!("{}/{}", self.props_pointer(), escape_pointer(&m.key.value))
    }

    fn props_pointer(&self) -> String {
        match self.node.field("props") {
            Some(m) => self.member_pointer(m),
            None => format!("{}/props", self.key.pointer),
        }
    }

    /// Where a missing property is reported: the opening brace of `props`, or of the node when
    /// it has none (as the schema lints do).
    pub fn missing_prop_at(&self) -> (Span, String) {
        match self.props {
            Some(p) => (
                Span::new(p.span.start, p.span.start + 1),
                self.props_pointer(),
            ),
            None => (
                Span::new(self.node.span.start, self.node.span.start + 1),
                self.key.pointer.clone(),
            ),
        }
    }
}

/// One target of an edge list: a node name, or one of the names of a switch output (a nested
/// list).
pub struct EdgeTarget<'a> {
    pub to: NameRef<'a>,
}

/// One member of `topo.edges`: the node the edges start from and where they go.
pub struct EdgeList<'a> {
    pub from: NameRef<'a>,
    pub targets: Vec<EdgeTarget<'a>>,
}

/// One graph rule, read.
pub struct GraphRule<'a> {
    pub entry: &'a Entry<'a>,
    /// The rule's decoded text, which the spans of its nodes index.
    text: &'a str,
    /// The rule's decoded text → the file.
    pub map: &'a SourceMap<'a>,
    /// Each node once: the last definition of a name wins, as in eKuiper's decoding.
    pub nodes: Vec<RuleNode<'a>>,
    by_name: HashMap<&'a str, usize>,
    /// `topo.sources` (its string items); None when topo or sources are missing or mistyped.
    pub sources: Option<Vec<NameRef<'a>>>,
    /// `topo.edges`, one list per start node (the last one wins); None when missing or
    /// mistyped.
    pub edges: Option<Vec<EdgeList<'a>>>,
    edges_by_from: HashMap<&'a str, usize>,
    /// The expressions of the operator nodes, checked.
    pub expressions: Vec<GraphExpression<'a>>,
}

/// An expression of an operator node and what checking it found.
pub struct GraphExpression<'a> {
    /// Name of the node that holds it.
    pub node: &'a str,
    /// The operator kind, lower case.
    pub operator: String,
    /// The expression text, and its map to the file.
    pub text: Embedded<'a>,
    /// Spans of the expression → the rule's decoded text.
    pub to_rule: SourceMap<'a>,
    /// JSON pointer of the string inside the rule.
    pub pointer: String,
    /// Span of the string literal in the rule's decoded text.
    pub literal: Span,
    /// The clause eKuiper builds around it.
    pub slot: ExprSlot,
    pub check: ExprCheck,
}

impl<'a> GraphRule<'a> {
    /// Reads the graph of a rule entry; None when the rule has no usable `graph` object.
    fn read(entry: &'a Entry<'a>, functions: &BundleFunctions) -> Option<GraphRule<'a>> {
        let embedded = entry.embedded.as_ref()?;
        let rule = entry.json_value()?;
        let graph_member = rule.field("graph")?;
        let graph = &graph_member.value;
        let graph_pointer = format!("/{}", escape_pointer(&graph_member.key.value));
        let nodes_member = graph.field("nodes")?;
        let nodes_pointer = format!(
            "{graph_pointer}/{}",
            escape_pointer(&nodes_member.key.value)
        );
        let mut nodes: Vec<RuleNode> = Vec::new();
        let mut by_name = HashMap::new();
        for m in nodes_member.value.as_object()? {
            let node = RuleNode {
                key: NameRef {
                    name: &m.key.value,
                    span: m.key_span,
                    pointer: format!("{nodes_pointer}/{}", escape_pointer(&m.key.value)),
                },
                node: &m.value,
                role: m
                    .value
                    .field("type")
                    .and_then(|t| t.value.as_str())
                    .and_then(Role::of),
                node_type: m
                    .value
                    .field("nodeType")
                    .and_then(|t| Some((t.value.as_str()?, t))),
                props: m
                    .value
                    .field("props")
                    .map(|p| &p.value)
                    .filter(|p| p.as_object().is_some()),
            };
            match by_name.get(m.key.value.as_str()) {
                Some(&i) => nodes[i] = node,
                None => {
                    by_name.insert(m.key.value.as_str(), nodes.len());
                    nodes.push(node);
                }
            }
        }
        let topo_member = graph.field("topo");
        let topo_pointer = |m: &Member| {
            format!(
                "{graph_pointer}/{}/{}",
                escape_pointer(topo_member.map_or("topo", |t| t.key.value.as_str())),
                escape_pointer(&m.key.value)
            )
        };
        let sources = topo_member
            .and_then(|t| t.value.field("sources"))
            .and_then(|m| {
                let Value::Array(items) = &m.value.value else {
                    return None;
                };
                let base = topo_pointer(m);
                Some(
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, n)| {
                            Some(NameRef {
                                name: n.as_str()?,
                                span: n.span,
                                pointer: format!("{base}/{i}"),
                            })
                        })
                        .collect(),
                )
            });
        let edges = topo_member
            .and_then(|t| t.value.field("edges"))
            .and_then(|m| Some((topo_pointer(m), m.value.as_object()?)))
            .map(|(base, members)| edge_lists(&base, members));
        let edges_by_from = edges
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, l)| (l.from.name, i))
            .collect();
        let mut rule = GraphRule {
            entry,
            text: embedded.text,
            map: &embedded.map,
            nodes,
            by_name,
            sources,
            edges,
            edges_by_from,
            expressions: Vec::new(),
        };
        rule.expressions = rule.check_expressions(embedded, functions);
        Some(rule)
    }

    /// The node called `name`.
    pub fn node(&self, name: &str) -> Option<&RuleNode<'a>> {
        self.by_name.get(name).map(|&i| &self.nodes[i])
    }

    /// The edge list that starts at `name`.
    pub fn edges_from(&self, name: &str) -> Option<&EdgeList<'a>> {
        let &i = self.edges_by_from.get(name)?;
        self.edges.as_ref()?.get(i)
    }

    /// Whether `name` is listed in `topo.sources`.
    pub fn is_listed_source(&self, name: &str) -> bool {
        self.sources
            .as_ref()
            .is_some_and(|s| s.iter().any(|r| r.name == name))
    }

    /// The value of a JSON number of the rule as eKuiper's decoding into an `int` field takes it
    /// (a fraction is cut off); None for anything but a number.
    pub fn integer(&self, node: &Node) -> Option<i64> {
        if !matches!(node.value, Value::Number) {
            return None;
        }
        let n: f64 = self.text.get(node.span.range())?.parse().ok()?;
        Some(n.trunc() as i64)
    }

    /// The span of the file that `span` of the rule's decoded text comes from.
    pub fn to_file(&self, span: Span) -> Span {
        self.map.to_file(span)
    }

    /// The names of the stream emitters of the graph, as eKuiper names them: a source node
    /// that reads a stream of the server (`sourceName`) emits under the stream's name, one with
    /// its own stream options under the node's name; tables emit no stream.
    pub fn stream_emitters(&self) -> HashSet<&'a str> {
        let mut out = HashSet::new();
        for listed in self.sources.iter().flatten() {
            let Some(node) = self.node(listed.name) else {
                continue;
            };
            let named = node
                .prop("sourceName")
                .and_then(|m| m.value.as_str())
                .filter(|s| !s.is_empty());
            match named {
                Some(stream) => {
                    let kind = node
                        .prop("sourceType")
                        .and_then(|m| m.value.as_str())
                        .unwrap_or("stream");
                    if kind == "stream" {
                        out.insert(stream);
                    }
                }
                None => {
                    out.insert(node.key.name);
                }
            }
        }
        out
    }

    /// Every expression of the operator nodes, checked as eKuiper reads it.
    fn check_expressions(
        &self,
        embedded: &'a Embedded<'a>,
        functions: &BundleFunctions,
    ) -> Vec<GraphExpression<'a>> {
        let mut out = Vec::new();
        for node in &self.nodes {
            let Some(op) = node.operator() else {
                continue;
            };
            for (value, pointer, slot) in expressions_of(node, &op) {
                let Value::String(s) = &value.value else {
                    continue;
                };
                let Some(text) = embedded.nested(value) else {
                    continue;
                };
                let mut check = check_expression(&s.value, slot);
                check.problems.retain_mut(|p| match p.kind {
                    SqlProblemKind::UnknownFunction => {
                        functions.settle(s.value.get(p.span.clone()).unwrap_or_default(), p)
                    }
                    _ => true,
                });
                out.push(GraphExpression {
                    node: node.key.name,
                    operator: op.clone(),
                    text,
                    to_rule: SourceMap::file().nested(s.escape_map(value.span)),
                    pointer,
                    literal: value.span,
                    slot,
                    check,
                });
            }
        }
        out
    }
}

/// The members of `topo.edges`, each start node once (the last list wins).
fn edge_lists<'a>(base: &str, members: &'a [Member]) -> Vec<EdgeList<'a>> {
    let mut lists: Vec<EdgeList> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for m in members {
        let pointer = format!("{base}/{}", escape_pointer(&m.key.value));
        let mut targets = Vec::new();
        if let Value::Array(items) = &m.value.value {
            for (i, item) in items.iter().enumerate() {
                match &item.value {
                    Value::String(s) => targets.push(EdgeTarget {
                        to: NameRef {
                            name: &s.value,
                            span: item.span,
                            pointer: format!("{pointer}/{i}"),
                        },
                    }),
                    // One output of a switch node: the nodes that receive its i-th case.
                    Value::Array(names) => {
                        for (j, n) in names.iter().enumerate() {
                            if let Some(name) = n.as_str() {
                                targets.push(EdgeTarget {
                                    to: NameRef {
                                        name,
                                        span: n.span,
                                        pointer: format!("{pointer}/{i}/{j}"),
                                    },
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let list = EdgeList {
            from: NameRef {
                name: &m.key.value,
                span: m.key_span,
                pointer,
            },
            targets,
        };
        match index.get(list.from.name) {
            Some(&i) => lists[i] = list,
            None => {
                index.insert(list.from.name, lists.len());
                lists.push(list);
            }
        }
    }
    lists
}

/// The expression strings of an operator node, with their pointers and the clause eKuiper
/// reads each as (`parseFunc`, `parseFilter`, `parsePick`, `parseGroupBy`, `parseOrderBy`,
/// `parseJoinAst`, `parseSwitch` of the planner).
fn expressions_of<'a>(node: &RuleNode<'a>, op: &str) -> Vec<(&'a Node, String, ExprSlot)> {
    let mut out = Vec::new();
    let mut each = |list: Option<&'a Member>, field: Option<&str>, slot: ExprSlot| {
        let Some(m) = list else { return };
        let Value::Array(items) = &m.value.value else {
            return;
        };
        let base = node.prop_pointer(m);
        for (i, item) in items.iter().enumerate() {
            match field {
                None => out.push((item, format!("{base}/{i}"), slot)),
                Some(f) => {
                    if let Some(inner) = item.field(f) {
                        let pointer = format!("{base}/{i}/{}", escape_pointer(&inner.key.value));
                        out.push((&inner.value, pointer, slot));
                    }
                }
            }
        }
    };
    match op {
        "function" | "aggfunc" | "filter" => {
            let slot = if op == "filter" {
                ExprSlot::Condition
            } else {
                ExprSlot::Field
            };
            if let Some(m) = node.exact_prop("expr") {
                out.push((&m.value, node.prop_pointer(m), slot));
            }
        }
        "pick" => each(node.prop("fields"), None, ExprSlot::Field),
        "groupby" => each(node.prop("dimensions"), None, ExprSlot::Dimension),
        "orderby" => each(node.prop("sorts"), Some("field"), ExprSlot::SortKey),
        "switch" => each(node.prop("cases"), None, ExprSlot::Condition),
        "join" => each(node.prop("joins"), Some("on"), ExprSlot::JoinOn),
        _ => {}
    }
    out
}

/// Every graph rule of a file.
#[derive(Default)]
pub struct GraphRules<'a> {
    pub rules: Vec<GraphRule<'a>>,
}

impl<'a> GraphRules<'a> {
    /// The graph rules of `bundles`, their expressions checked knowing the `functions` the
    /// file brings along.
    pub fn of_bundles(bundles: &'a [Bundle<'a>], functions: &BundleFunctions) -> Self {
        let rules = bundles
            .iter()
            .flat_map(|b| b.section_entries(SectionKind::Rules))
            .filter(|entry| {
                entry
                    .json_value()
                    .and_then(|rule| rule.field("graph"))
                    .is_some_and(|g| g.value.as_object().is_some())
            })
            .filter_map(|entry| GraphRule::read(entry, functions))
            .collect();
        GraphRules { rules }
    }
}
