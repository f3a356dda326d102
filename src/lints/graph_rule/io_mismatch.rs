use std::collections::{HashMap, HashSet};

use crate::analysis::graph_rules::{GraphRule, NameRef, Role};
use crate::analysis::pass::PassContext;
use crate::analysis::sql::SourceKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;

declare_lint! {
    /// ## What it does
    /// Follows what flows along the edges of a graph rule — single rows from sources, row
    /// collections from windows, grouped collections from `groupby` — and reports an edge into
    /// an operator that cannot take it: `aggfunc`, `groupby`, `orderby` and `join` need a
    /// collection (a window before them), `groupby` and `join` an ungrouped one, `function` no
    /// grouped one, `window` single rows. Also an operator with several inputs that takes one
    /// (all but `window`, `join` and `watermark`), and a `join` fed by more than one stream
    /// (lookup tables aside). The table is eKuiper's own (`graph.OpIO`).
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: `node <a> output does not match node <b> input: input type
    /// mismatch, expect collection, got row`, `operator <b> of type <t> does not allow multiple
    /// inputs`, `join node <b> does not allow multiple stream inputs`.
    ///
    /// ## Example
    /// ```json
    /// "edges": {"demo": ["avgTemp"], "avgTemp": ["out"]}
    /// ```
    /// where `avgTemp` is an `aggfunc` node: there is no window to aggregate.
    ///
    /// ## How to fix
    /// Put a `window` node before aggregates, groups, sorts and joins; merge several inputs with
    /// a `window` (it takes many) before the operator.
    ///
    /// ## Evidence
    /// `internal/topo/planner/planner_graph.go:346@v2.4.0` (several streams into a join),
    /// `internal/topo/planner/planner_graph.go:353@v2.4.0` and
    /// `internal/topo/planner/planner_graph.go:362@v2.4.0` (an input that does not fit, from `Fit`,
    /// `internal/topo/graph/io.go:87@v2.4.0`), `internal/topo/planner/planner_graph.go:357@v2.4.0`
    /// (several inputs where one is taken); `internal/topo/planner/planner_graph.go:337@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:344@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:353@v1.14.0`,
    /// `internal/topo/planner/planner_graph.go:348@v1.14.0` at v1.14.0. The table (`OpIO`,
    /// `internal/topo/graph/io.go`) is the same from 1.11; before, it was stricter (`script` took
    /// rows only; joins in 1.8 and 1.9 took one collection), so what is reported is refused there
    /// too.
    pub static LINT = {
        code: "G016",
        name: "io-mismatch",
        severity: Error,
        summary: "A graph edge into an operator that cannot take what it sends",
        check: Everywhere(check),
    };
}

/// What flows out of a node, or what an operator takes in: eKuiper's `IOType`, each part a bit
/// set (1 and 2 the two kinds, 3 either); 0 in an output means "the same as the input".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Io {
    /// 1 row, 2 collection.
    kind: u8,
    /// 1 a row of one emitter, 2 a merged (joined) row.
    row: u8,
    /// 1 not grouped, 2 grouped.
    collection: u8,
}

const SAME: Io = Io {
    kind: 0,
    row: 0,
    collection: 0,
};

/// Input condition, whether several inputs are allowed, and output, per operator kind
/// (`internal/topo/graph/io.go`, `OpIO`).
fn op_io(op: &str) -> Option<(Io, bool, Io)> {
    let io = |kind, row, collection| Io {
        kind,
        row,
        collection,
    };
    Some(match op {
        "aggfunc" => (io(2, 3, 3), false, io(2, 0, 2)),
        "filter" | "pick" | "switch" | "script" => (io(3, 3, 3), false, SAME),
        "function" => (io(3, 3, 1), false, SAME),
        "groupby" => (io(2, 3, 1), false, io(2, 0, 2)),
        "join" => (io(3, 1, 1), true, io(2, 2, 1)),
        "orderby" => (io(2, 3, 3), false, SAME),
        "watermark" => (io(1, 3, 3), true, SAME),
        "window" => (io(1, 3, 3), true, io(2, 1, 1)),
        _ => return None,
    })
}

/// What a source emits: single rows of one emitter.
const SOURCE_OUT: Io = Io {
    kind: 1,
    row: 1,
    collection: 3,
};

/// eKuiper's `MapOut`: the output of an operator given its input.
fn map_out(input: Io, out: Io) -> Io {
    if out.kind == 0 {
        return input;
    }
    Io {
        kind: out.kind,
        row: if out.row == 0 { input.row } else { out.row },
        collection: if out.collection == 0 {
            input.collection
        } else {
            out.collection
        },
    }
}

/// eKuiper's `Fit`: the first part of `value` that `condition` does not accept, as (expected,
/// got) in eKuiper's words.
fn misfit(value: Io, condition: Io) -> Option<(&'static str, &'static str)> {
    fn word(names: [&'static str; 4], bits: u8) -> &'static str {
        names[usize::from(bits & 3)]
    }
    const KINDS: [&str; 4] = ["same", "row", "collection", "any"];
    const ROWS: [&str; 4] = ["same", "single emitter row", "merged row", "any"];
    const COLLECTIONS: [&str; 4] = [
        "same",
        "non-grouped collection",
        "grouped collection",
        "any",
    ];
    if value.kind & condition.kind == 0 {
        return Some((word(KINDS, condition.kind), word(KINDS, value.kind)));
    }
    if value.row & condition.row == 0 {
        return Some((word(ROWS, condition.row), word(ROWS, value.row)));
    }
    if value.collection & condition.collection == 0 {
        return Some((
            word(COLLECTIONS, condition.collection),
            word(COLLECTIONS, value.collection),
        ));
    }
    None
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    for rule in &cx.graph_rules().rules {
        let Some(order) = topological_order(rule) else {
            continue;
        };
        let lookups = lookup_tables(cx, rule);
        // The edges into each node: (from, the target string of the edge).
        let mut inputs: HashMap<&str, Vec<(&str, &NameRef)>> = HashMap::new();
        for list in rule.edges.iter().flatten() {
            for t in &list.targets {
                inputs
                    .entry(t.to.name)
                    .or_default()
                    .push((list.from.name, &t.to));
            }
        }
        let mut flow: HashMap<&str, Io> = HashMap::new();
        for name in order {
            let Some(node) = rule.node(name) else {
                continue;
            };
            match node.role {
                Some(Role::Source) => {
                    flow.insert(name, SOURCE_OUT);
                    continue;
                }
                Some(Role::Operator) => {}
                _ => continue,
            }
            let (Some(op), Some((written, _))) = (node.operator(), node.node_type) else {
                continue;
            };
            // An unknown kind is G001's finding; what follows it cannot be known.
            let Some((condition, multi, output)) = op_io(&op) else {
                continue;
            };
            let ins = inputs.get(name).map(Vec::as_slice).unwrap_or_default();
            // What flows in from each input, where it is known.
            let known: Vec<(&str, &NameRef, Io)> = ins
                .iter()
                .filter_map(|&(from, at)| Some((from, at, *flow.get(from)?)))
                .collect();
            if known.len() != ins.len() || ins.is_empty() {
                continue;
            }
            if ins.len() > 1 && !multi {
                out.push(
                    rule.at(
                        &LINT,
                        node.key.span,
                        node.key.pointer.clone(),
                        format!(
                            "`{op}` node `{name}` takes one input, but {} edges lead to it",
                            ins.len()
                        ),
                    )
                    .with_help(format!(
                        "merge the inputs in a window node first; eKuiper says: operator {name} of type {written} does not allow multiple inputs"
                    )),
                );
                continue;
            }
            // eKuiper compares the kind as written here, not lower-cased.
            if written == "join" {
                let streams = ins
                    .iter()
                    .filter(|(from, _)| !lookups.contains(from))
                    .count();
                if streams > 1 {
                    out.push(
                        rule.at(
                            &LINT,
                            node.key.span,
                            node.key.pointer.clone(),
                            format!("join node `{name}` has {streams} stream inputs; it takes one"),
                        )
                        .with_help(format!(
                            "merge the streams in one window node before the join; eKuiper says: join node {name} does not allow multiple stream inputs"
                        )),
                    );
                    continue;
                }
            }
            let mut fits = true;
            for &(from, at, value) in &known {
                if let Some((expected, got)) = misfit(value, condition) {
                    fits = false;
                    out.push(
                        rule.at(
                            &LINT,
                            at.span,
                            at.pointer.clone(),
                            format!(
                                "`{op}` node `{name}` takes {expected} input, but `{from}` gives {got}"
                            ),
                        )
                        .with_help(format!(
                            "{}eKuiper says: node {from} output does not match node {name} input: {} type mismatch, expect {expected}, got {got}",
                            if got == "row" { "put a window node before it; " } else { "" },
                            mismatch_part(value, condition),
                        )),
                    );
                }
            }
            if fits {
                flow.insert(name, map_out(known[0].2, output));
            }
        }
    }
}

/// Which part of the IO type `Fit` complained about, in its words.
fn mismatch_part(value: Io, condition: Io) -> &'static str {
    if value.kind & condition.kind == 0 {
        "input"
    } else if value.row & condition.row == 0 {
        "row"
    } else {
        "collection"
    }
}

/// The nodes reached from `topo.sources`, each after all its inputs. A node with an input that
/// is never reached (a cycle, an unreachable node: G004, G003) is left out, and so is what
/// follows it. None when the topology is missing.
fn topological_order<'a>(rule: &GraphRule<'a>) -> Option<Vec<&'a str>> {
    let mut waiting: HashMap<&str, usize> = HashMap::new();
    for list in rule.edges.as_ref()? {
        for t in &list.targets {
            *waiting.entry(t.to.name).or_default() += 1;
        }
    }
    let mut ready: Vec<&str> = rule
        .sources
        .as_ref()?
        .iter()
        .map(|s| s.name)
        .filter(|n| !waiting.contains_key(n))
        .collect();
    let mut order = Vec::new();
    let mut placed = HashSet::new();
    while let Some(name) = ready.pop() {
        if !placed.insert(name) {
            continue;
        }
        order.push(name);
        for t in rule.edges_from(name).iter().flat_map(|l| &l.targets) {
            let left = waiting.entry(t.to.name).or_default();
            *left = left.saturating_sub(1);
            if *left == 0 {
                ready.push(t.to.name);
            }
        }
    }
    Some(order)
}

/// The source nodes of the graph that read a lookup table (`KIND="lookup"`): a join takes them
/// besides its one stream.
fn lookup_tables<'a>(cx: &PassContext, rule: &GraphRule<'a>) -> Vec<&'a str> {
    rule.nodes
        .iter()
        .filter(|n| n.role == Some(Role::Source))
        .filter(|n| {
            let Some(name) = n.prop("sourceName").and_then(|m| m.value.as_str()) else {
                return false;
            };
            cx.sources().iter().any(|s| {
                s.stmt.name == name
                    && s.stmt.kind == SourceKind::Table
                    && s.stmt
                        .option("KIND")
                        .is_some_and(|k| k.value.eq_ignore_ascii_case("lookup"))
            })
        })
        .map(|n| n.key.name)
        .collect()
}
