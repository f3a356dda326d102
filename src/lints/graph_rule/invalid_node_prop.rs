use crate::analysis::graph_rules::{GraphRule, Role, RuleNode};
use crate::analysis::pass::PassContext;
use crate::bundle::escape_pointer;
use crate::bundle::json::{Member, Value};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::declare_lint;
use crate::lints::graph_rule::source_stream_mismatch::SOURCE_NAME_SINCE;
use crate::lints::graph_rule::AtRule;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports a property of a graph rule's node whose value eKuiper's planner refuses, where the
    /// rule schema cannot tell (the value depends on other properties or on the rest of the
    /// graph):
    ///
    /// - a `window` whose `interval` does not fit its type and `size`: tumbling and sliding
    ///   windows take 0 or the size, hopping windows more than 0 and at most the size, session
    ///   windows more than 0, count windows at most the size;
    /// - a `function` or `aggfunc` whose `expr` is not a function call (only its first field is
    ///   used: further fields are a warning);
    /// - a `join` whose `from` is no stream of the graph's sources, or a `cross` join with `on`;
    /// - a `watermark` emitter that is no stream of the graph's sources;
    /// - a source node whose `sourceType` is neither `stream` nor `table`.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: `hopping window interval must be less than size`, `expr ... is
    /// not ast.Call`, `join source ... is not a stream`, `On expression is not required for cross
    /// join type.`, `emitter ... does not exist`, `source type ... not supported`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "window", "props": {"type": "hoppingwindow", "unit": "ss", "size": 10, "interval": 20}}
    /// ```
    ///
    /// ## How to fix
    /// Follow the message: e.g. an interval at most the size, a call such as `abs(t) AS a` in
    /// `expr`, the name of a source node (or of the stream it reads) in `from`.
    ///
    /// ## Evidence
    /// In `internal/topo/planner/planner_graph.go` at v2.4.0: the window intervals at
    /// `internal/topo/planner/planner_graph.go:642@v2.4.0` (tumbling),
    /// `internal/topo/planner/planner_graph.go:648@v2.4.0` and
    /// `internal/topo/planner/planner_graph.go:651@v2.4.0` (hopping),
    /// `internal/topo/planner/planner_graph.go:657@v2.4.0` (session),
    /// `internal/topo/planner/planner_graph.go:663@v2.4.0` (sliding),
    /// `internal/topo/planner/planner_graph.go:671@v2.4.0` (count); an `expr` that is no call at
    /// `internal/topo/planner/planner_graph.go:752@v2.4.0`; a join `from` that is no stream emitter
    /// of the graph at `internal/topo/planner/planner_graph.go:180@v2.4.0`; a cross join's `on` at
    /// `internal/xsql/parser.go:345@v2.4.0`; an unknown watermark emitter at
    /// `internal/topo/planner/planner_graph.go:615@v2.4.0`; an unknown `sourceType` at
    /// `internal/topo/planner/planner_graph.go:455@v2.4.0`. At v1.14.0:
    /// `internal/topo/planner/planner_graph.go:626@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:635@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:734@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:171@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:601@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:441@v1.14.0`. The planner reads `sourceType` and
    /// checks a join's `from` from 1.10 (1.9 reads neither): for older targets those two are not
    /// reported. The watermark node exists from 1.11 (`G001` before).
    pub static LINT = {
        code: "G010",
        name: "invalid-node-prop",
        severity: Error,
        summary: "A graph node property whose value eKuiper's planner refuses",
        check: Everywhere(check),
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for node in &rule.nodes {
            // Before 1.10 the planner reads neither `sourceType` nor a join's `from` against the
            // graph's streams.
            let reads_sources = cx.target >= SOURCE_NAME_SINCE;
            if node.role == Some(Role::Source) {
                if reads_sources {
                    source_type(rule, node, out);
                }
                continue;
            }
            match node.operator().as_deref() {
                Some("window") => window(rule, node, out),
                Some("join") => join(rule, node, reads_sources, out),
                Some("watermark") => watermark(rule, node, out),
                _ => {}
            }
        }
        function_calls(rule, out);
    }
}

/// A finding about property `m` of `node`.
fn at_prop(
    rule: &GraphRule,
    node: &RuleNode,
    m: &Member,
    message: String,
    ekuiper: &str,
) -> Diagnostic {
    rule.at(&LINT, m.value.span, node.prop_pointer(m), message)
        .with_help(format!("eKuiper says: {ekuiper}"))
}

fn source_type(rule: &GraphRule, node: &RuleNode, out: &mut Vec<Diagnostic>) {
    let Some(m) = node.prop("sourceType") else {
        return;
    };
    let Some(kind) = m.value.as_str() else { return };
    if kind != "stream" && kind != "table" {
        out.push(at_prop(
            rule,
            node,
            m,
            format!(
                "source node `{}` has sourceType `{kind}`: it is `stream` or `table` (lower case)",
                node.key.name
            ),
            &format!("source type {kind} not supported"),
        ));
    }
}

/// `parseWindow` of the planner: how the interval relates to the window's type and size.
fn window(rule: &GraphRule, node: &RuleNode, out: &mut Vec<Diagnostic>) {
    let Some(kind) = node
        .prop("type")
        .and_then(|m| m.value.as_str())
        .map(str::to_lowercase)
    else {
        return;
    };
    let Some(size) = node.prop("size").and_then(|m| rule.integer(&m.value)) else {
        return;
    };
    let Some(m) = node.prop("interval") else {
        return;
    };
    let Some(interval) = rule.integer(&m.value) else {
        return;
    };
    // A negative interval is outside the schema's range already (C004).
    let problem = match kind.as_str() {
        "tumblingwindow" | "slidingwindow" if interval != 0 && interval != size => Some((
            format!("{kind} interval {interval} differs from its size {size}: leave it out, or make it 0 or {size}"),
            "tumbling window interval must equal to size",
        )),
        "hoppingwindow" | "sessionwindow" if interval == 0 => Some((
            format!("{kind} interval must be more than 0"),
            "hopping window interval must be greater than 0",
        )),
        "hoppingwindow" if interval > size => Some((
            format!("hoppingwindow interval {interval} is larger than its size {size}"),
            "hopping window interval must be less than size",
        )),
        "countwindow" if interval > size => Some((
            format!("countwindow interval {interval} is larger than its size {size}"),
            "count window interval must be less than size",
        )),
        _ => None,
    };
    if let Some((message, ekuiper)) = problem {
        out.push(at_prop(rule, node, m, message, ekuiper));
    }
}

fn join(rule: &GraphRule, node: &RuleNode, reads_sources: bool, out: &mut Vec<Diagnostic>) {
    if let Some(m) = node.prop("from").filter(|_| reads_sources) {
        // eKuiper reads `from` as the FROM of a statement: the name's pieces up to `AS alias`,
        // joined without the spaces between them.
        let from: String = m
            .value
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .take_while(|w| !w.eq_ignore_ascii_case("as"))
            .collect();
        let from = from.as_str();
        if !from.is_empty() && rule.sources.is_some() && !rule.stream_emitters().contains(from) {
            out.push(at_prop(
                rule,
                node,
                m,
                format!(
                    "join `from` names `{from}`, which is no stream source of this graph ({})",
                    emitters(rule)
                ),
                &format!("join source {from} is not a stream"),
            ));
        }
    }
    let Some(joins) = node.prop("joins") else {
        return;
    };
    let Value::Array(items) = &joins.value.value else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let cross = item
            .field("type")
            .and_then(|m| m.value.as_str())
            .is_some_and(|k| k.trim().eq_ignore_ascii_case("cross"));
        let Some(on) = item.field("on") else { continue };
        if cross && on.value.as_str().is_some_and(|s| !s.trim().is_empty()) {
            out.push(
                rule.at(
                    &LINT,
                    on.value.span,
                    format!("{}/{i}/{}", node.prop_pointer(joins), escape_pointer(&on.key.value)),
                    "a cross join takes no `on` condition",
                )
                .with_help("drop `on`, or use an inner join; eKuiper says: On expression is not required for cross join type."),
            );
        }
    }
}

fn watermark(rule: &GraphRule, node: &RuleNode, out: &mut Vec<Diagnostic>) {
    let Some(m) = node.prop("emitters") else {
        return;
    };
    let Value::Array(items) = &m.value.value else {
        return;
    };
    if rule.sources.is_none() {
        return;
    }
    let streams = rule.stream_emitters();
    for (i, item) in items.iter().enumerate() {
        let Some(name) = item.as_str() else { continue };
        if streams.contains(name) {
            continue;
        }
        out.push(
            rule.at(
                &LINT,
                item.span,
                format!("{}/{i}", node.prop_pointer(m)),
                format!(
                    "watermark emitter `{name}` is no stream source of this graph ({})",
                    emitters(rule)
                ),
            )
            .with_help(format!("eKuiper says: emitter {name} does not exist")),
        );
    }
}

/// The stream emitters of the graph, for messages.
fn emitters(rule: &GraphRule) -> String {
    let mut names: Vec<&str> = rule.stream_emitters().into_iter().collect();
    names.sort_unstable();
    match names.as_slice() {
        [] => "it has none".to_string(),
        _ => format!(
            "it has {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `parseFunc` of the planner reads the first select field of `expr` and needs it to be a call;
/// further fields are dropped.
fn function_calls(rule: &GraphRule, out: &mut Vec<Diagnostic>) {
    for e in &rule.expressions {
        if e.operator != "function" && e.operator != "aggfunc" {
            continue;
        }
        let Some(first) = e.check.fields.first() else {
            continue;
        };
        if !first.is_call {
            out.push(
                rule.at(
                    &LINT,
                    e.literal,
                    e.pointer.clone(),
                    format!(
                        "the `expr` of `{}` node `{}` is not a function call",
                        e.operator, e.node
                    ),
                )
                .with_help(format!(
                    "write one call, optionally with an alias (`abs(temperature) AS t`); eKuiper says: expr {} is not ast.Call",
                    e.text.text
                )),
            );
        } else if let Some(second) = e.check.fields.get(1) {
            let span = Span::new(second.span.start, e.text.text.len());
            let mut d = e
                .at(
                    rule,
                    &LINT,
                    span,
                    format!(
                        "`{}` node `{}` uses only the first field of its `expr`; eKuiper drops the rest",
                        e.operator, e.node
                    ),
                )
                .with_help("one call per node: put each further call in a node of its own");
            d.severity = d.severity.min(Severity::Warning);
            out.push(d);
        }
    }
}
