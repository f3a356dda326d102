use crate::analysis::graph_rules::RuleNode;
use crate::analysis::pass::PassContext;
use crate::bundle::json::{Member, Node, Value};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::declare_lint;
use crate::lints::graph_rule::source_stream_mismatch::SOURCE_NAME_SINCE;
use crate::lints::graph_rule::AtRule;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports an operator node of a graph rule that lacks a property its kind needs, or has it
    /// empty:
    ///
    /// - `function`, `aggfunc`, `filter`: `expr` (eKuiper reads this key in lower case only);
    /// - `pick`: `fields`; `groupby`: `dimensions`; `switch`: `cases`; `watermark`: `emitters`;
    /// - `orderby`: `sorts`, and a `field` in each;
    /// - `window`: `type` and `size`, `unit` (but for `countwindow`), and `interval` for
    ///   `hoppingwindow` and `sessionwindow`;
    /// - `join`: `from` and `joins`, and in each join `name`, `type` and (but for `cross`) `on`.
    ///
    /// A join without `name`, and a sort key without `field` where another key has one, are
    /// warnings: eKuiper accepts the rule (see Evidence).
    ///
    /// ## Why it matters
    /// The rule schema cannot require them (they depend on `nodeType`); eKuiper refuses the rule:
    /// `no expr`, `groupby must have at least one dimension`, `window size 0 is invalid`,
    /// `Invalid unit`, ...
    ///
    /// ## Example
    /// ```json
    /// {"type": "operator", "nodeType": "groupby", "props": {"dimensions": []}}
    /// ```
    ///
    /// ## How to fix
    /// Add the property: see the operator's section in eKuiper's graph rule documentation.
    ///
    /// ## Evidence
    /// Each is refused by the planner's parser for the kind: no `expr` at
    /// `internal/topo/planner/planner_graph.go:738@v2.4.0` (function, aggfunc) and
    /// `internal/topo/planner/planner_graph.go:766@v2.4.0` (filter); no `fields` makes `select
    /// from nonexist`, whose parse error is returned at
    /// `internal/topo/planner/planner_graph.go:726@v2.4.0`; no dimension at
    /// `internal/topo/planner/planner_graph.go:581@v2.4.0`; no case at
    /// `internal/topo/planner/planner_graph.go:810@v2.4.0`; no emitter at
    /// `internal/topo/planner/planner_graph.go:611@v2.4.0`; no sort key at
    /// `internal/topo/planner/planner_graph.go:567@v2.4.0`; a window without `type`, `size` or
    /// `unit` at `internal/topo/planner/planner_graph.go:677@v2.4.0`,
    /// `internal/topo/planner/planner_graph.go:628@v2.4.0` and
    /// `internal/topo/planner/planner_graph.go:702@v2.4.0`, a hopping or session window without
    /// `interval` at `internal/topo/planner/planner_graph.go:648@v2.4.0` and
    /// `internal/topo/planner/planner_graph.go:657@v2.4.0`. A join without `from` reads an empty
    /// FROM, refused as no stream at `internal/topo/planner/planner_graph.go:180@v2.4.0`; without
    /// `joins` the planner builds no operator for the node (`planner_graph.go`, line 183 at v2.4.0)
    /// and refuses the rule when it links the node,
    /// `internal/topo/planner/planner_graph.go:406@v2.4.0`; a join without `type` leaves `JOIN`
    /// after the statement (`internal/xsql/parser.go:222@v2.4.0`: `found "JOIN", expected EOF.`)
    /// and one without `on` ends in `ON`, both returned at
    /// `internal/topo/planner/planner_graph.go:176@v2.4.0`. The same checks at v1.14.0:
    /// `internal/topo/planner/planner_graph.go:720@v1.14.0` (no expr),
    /// `internal/topo/planner/planner_graph.go:567@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:792@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:597@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:553@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:614@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:661@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:686@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:171@v1.14.0`. Before 1.10 a join's `from` and
    /// `joins` are not checked (the finding is not made for those targets).
    ///
    /// Warnings, where eKuiper accepts the rule: a join without `name` parses, with an empty table
    /// name (`ParseJoin` takes whatever names the table, nothing included: `parser.go`, line 341 at
    /// v2.4.0); a sort key without `field` adds nothing to `ORDER BY` (or moves its `DESC` onto the
    /// key before it), which is refused only when no key is left or a `DESC` comes first.
    pub static LINT = {
        code: "G009",
        name: "missing-node-prop",
        severity: Error,
        summary: "A graph operator node without a property its kind needs",
        check: Everywhere(check),
    };
}

/// One missing or empty property: where, what, and eKuiper's words for it.
struct Missing {
    span: Span,
    pointer: String,
    message: String,
    ekuiper: &'static str,
    /// Why eKuiper accepts the rule all the same (the finding is then a warning).
    accepted: Option<&'static str>,
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for node in &rule.nodes {
            let Some(op) = node.operator() else { continue };
            for m in missing(node, &op, cx.target >= SOURCE_NAME_SINCE) {
                let mut d = rule.at(&LINT, m.span, m.pointer, m.message);
                if !m.ekuiper.is_empty() {
                    d = d.with_help(format!("eKuiper says: {}", m.ekuiper));
                }
                if let Some(accepted) = m.accepted {
                    d = d.with_help(accepted);
                    d.severity = d.severity.min(Severity::Warning);
                }
                out.push(d);
            }
        }
    }
}

/// `planned_joins`: whether the target's planner checks a join's `from` against the graph's
/// streams and builds no join without `joins` (from 1.10; before, both are accepted).
fn missing(node: &RuleNode, op: &str, planned_joins: bool) -> Vec<Missing> {
    let mut found = Vec::new();
    let subject = format!("`{op}` node `{}`", node.key.name);
    // A property absent from `props`: reported at the brace of `props` (or of the node).
    let absent = |key: &str, ekuiper: &'static str| {
        let (span, pointer) = node.missing_prop_at();
        Missing {
            span,
            pointer,
            message: format!("{subject} has no `{key}`"),
            ekuiper,
            accepted: None,
        }
    };
    // A list property that must have items: absent, null or `[]`.
    let list = |key: &str, ekuiper: &'static str| match node.prop(key) {
        None => Some(absent(key, ekuiper)),
        Some(m) if is_empty_list(&m.value) => Some(Missing {
            span: m.value.span,
            pointer: node.prop_pointer(m),
            message: format!("{subject} has an empty `{key}`"),
            ekuiper,
            accepted: None,
        }),
        Some(_) => None,
    };
    match op {
        "function" | "aggfunc" | "filter" if node.exact_prop("expr").is_none() => {
            let mut m = absent("expr", "no expr");
            // `props["expr"]` in the planner: another spelling is a different key.
            if let Some(other) = node.prop("expr") {
                m.span = other.key_span;
                m.pointer = node.prop_pointer(other);
                m.message = format!(
                    "{subject} has `{}` but no `expr`: eKuiper reads this key in lower case only",
                    other.key.value
                );
            }
            found.push(m);
        }
        "pick" => found.extend(list("fields", "found \"from\", expected expression.")),
        "groupby" => found.extend(list(
            "dimensions",
            "groupby must have at least one dimension",
        )),
        "switch" => found.extend(list("cases", "switch node must have at least one case")),
        "watermark" => found.extend(list("emitters", "watermark must have at least one emitter")),
        "orderby" => match list("sorts", "order by statement is empty") {
            Some(m) => found.push(m),
            None => found.extend(sorts_lacking_field(node, &subject)),
        },
        "window" => found.extend(window(node, &absent)),
        "join" => {
            match node.prop("from").filter(|_| planned_joins) {
                None if planned_joins => found.push(absent("from", "")),
                None => {}
                Some(m) if m.value.as_str().is_some_and(|s| s.trim().is_empty()) => {
                    found.push(Missing {
                        span: m.value.span,
                        pointer: node.prop_pointer(m),
                        message: format!("{subject} has an empty `from`"),
                        ekuiper: "",
                        accepted: None,
                    })
                }
                Some(_) => {}
            }
            match list("joins", "") {
                Some(m) if planned_joins => found.push(m),
                Some(_) => {}
                None => {
                    found.extend(
                        items_lacking(node, "joins", &["name", "type"], &subject)
                            .into_iter()
                            .map(|mut m| {
                                // `INNER JOIN  ON ...` parses, with an empty table name.
                                if m.message.ends_with("has no `name`") {
                                    m.accepted = Some(JOIN_WITHOUT_NAME);
                                }
                                m
                            }),
                    );
                    found.extend(joins_lacking_on(node, &subject));
                }
            }
        }
        _ => {}
    }
    found
}

/// What eKuiper does with a join that names no table.
const JOIN_WITHOUT_NAME: &str =
    "eKuiper accepts the rule: its parser reads the join with an empty \
     table name, which no row ever comes from";

/// The sort keys of an `orderby` node that have no `field`. eKuiper writes each as ` <field> ` and
/// `DESC` after one into `ORDER BY`: one without a field adds nothing, or moves its `DESC` onto
/// the key before it. The rule is refused only when no key is left (`order by statement is
/// empty`) or a `DESC` comes before any key (`found "DESC", expected EOF.`); otherwise it is
/// accepted and the finding is a warning.
fn sorts_lacking_field(node: &RuleNode, subject: &str) -> Vec<Missing> {
    let Some(list) = node.prop("sorts") else {
        return Vec::new();
    };
    let Value::Array(items) = &list.value.value else {
        return Vec::new();
    };
    let has_field = |item: &Node| item.as_object().is_some() && !blank(item, "field");
    let any_field = items.iter().any(has_field);
    let mut found = Vec::new();
    let mut earlier_field = false;
    for (i, item) in items.iter().enumerate() {
        if item.as_object().is_none() {
            continue;
        }
        if has_field(item) {
            earlier_field = true;
            continue;
        }
        let desc = item
            .field("desc")
            .is_some_and(|m| matches!(m.value.value, Value::Bool(true)));
        let mut m = item_missing(node, list, i, item, "field", subject);
        // Refused: no key at all, or a DESC before any key.
        let refused = !any_field || (desc && !earlier_field);
        if !refused {
            m.accepted = Some(if desc {
                "eKuiper accepts the rule: the key adds nothing to ORDER BY but its DESC, which \
                 applies to the key before it"
            } else {
                "eKuiper accepts the rule and leaves the key out of ORDER BY"
            });
        }
        found.push(m);
    }
    found
}

fn is_empty_list(v: &Node) -> bool {
    match &v.value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// A string property that is absent or blank.
fn blank(item: &Node, key: &str) -> bool {
    match item.field(key) {
        None => true,
        Some(m) => m.value.as_str().is_some_and(|s| s.trim().is_empty()),
    }
}

/// The items of the list `key` that lack one of `needed` (absent or blank), each at its brace.
fn items_lacking(node: &RuleNode, key: &str, needed: &[&str], subject: &str) -> Vec<Missing> {
    let Some(list) = node.prop(key) else {
        return Vec::new();
    };
    let Value::Array(items) = &list.value.value else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, item) in items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.as_object().is_some())
    {
        for field in needed.iter().filter(|f| blank(item, f)) {
            found.push(item_missing(node, list, i, item, field, subject));
        }
    }
    found
}

/// The joins without an ON condition but for cross joins, which take none.
fn joins_lacking_on(node: &RuleNode, subject: &str) -> Vec<Missing> {
    let Some(list) = node.prop("joins") else {
        return Vec::new();
    };
    let Value::Array(items) = &list.value.value else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.as_object().is_some() && blank(item, "on"))
        .filter(|(_, item)| {
            let kind = item.field("type").and_then(|m| m.value.as_str());
            !kind.is_some_and(|k| k.trim().eq_ignore_ascii_case("cross"))
        })
        .map(|(i, item)| item_missing(node, list, i, item, "on", subject))
        .collect()
}

fn item_missing(
    node: &RuleNode,
    list: &Member,
    i: usize,
    item: &Node,
    field: &str,
    subject: &str,
) -> Missing {
    Missing {
        span: Span::new(item.span.start, item.span.start + 1),
        pointer: format!("{}/{i}", node.prop_pointer(list)),
        message: format!(
            "item {} of `{}` of {subject} has no `{field}`",
            i + 1,
            list.key.value
        ),
        ekuiper: "",
        accepted: None,
    }
}

/// The window properties eKuiper's `parseWindow` needs for the window's type.
fn window(node: &RuleNode, absent: &dyn Fn(&str, &'static str) -> Missing) -> Vec<Missing> {
    let mut found = Vec::new();
    let kind = node
        .prop("type")
        .and_then(|m| m.value.as_str())
        .map(str::to_lowercase);
    if node.prop("type").is_none() {
        found.push(absent("type", "unknown window type"));
    }
    if node.prop("size").is_none() {
        found.push(absent("size", "window size 0 is invalid"));
    }
    let time_window = kind.as_deref().is_some_and(|k| {
        matches!(
            k,
            "tumblingwindow" | "hoppingwindow" | "slidingwindow" | "sessionwindow"
        )
    });
    if time_window && node.prop("unit").is_none() {
        found.push(absent("unit", "Invalid unit"));
    }
    if matches!(kind.as_deref(), Some("hoppingwindow" | "sessionwindow"))
        && node.prop("interval").is_none()
    {
        found.push(absent(
            "interval",
            "hopping window interval must be greater than 0",
        ));
    }
    found
}
