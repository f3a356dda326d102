use crate::analysis::graph_rules::RuleNode;
use crate::analysis::pass::PassContext;
use crate::bundle::json::{Member, Node, Value};
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
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
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        for node in &rule.nodes {
            let Some(op) = node.operator() else { continue };
            for m in missing(node, &op) {
                let mut d = rule.at(&LINT, m.span, m.pointer, m.message);
                if !m.ekuiper.is_empty() {
                    d = d.with_help(format!("eKuiper says: {}", m.ekuiper));
                }
                out.push(d);
            }
        }
    }
}

fn missing(node: &RuleNode, op: &str) -> Vec<Missing> {
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
            None => found.extend(items_lacking(node, "sorts", &["field"], &subject)),
        },
        "window" => found.extend(window(node, &absent)),
        "join" => {
            match node.prop("from") {
                None => found.push(absent("from", "")),
                Some(m) if m.value.as_str().is_some_and(|s| s.trim().is_empty()) => {
                    found.push(Missing {
                        span: m.value.span,
                        pointer: node.prop_pointer(m),
                        message: format!("{subject} has an empty `from`"),
                        ekuiper: "",
                    })
                }
                Some(_) => {}
            }
            match list("joins", "") {
                Some(m) => found.push(m),
                None => {
                    found.extend(items_lacking(node, "joins", &["name", "type"], &subject));
                    found.extend(joins_lacking_on(node, &subject));
                }
            }
        }
        _ => {}
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
