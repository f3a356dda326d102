use crate::diagnostic::Diagnostic;
use crate::graph::{NodeKind, Via};
use crate::lints::{declare_lint, Context};

declare_lint! {
    /// ## What it does
    /// Reports a rule with `"isEventTime": true` in its options that reads a stream which has no
    /// `TIMESTAMP` option.
    ///
    /// ## Why it matters
    /// With event time, eKuiper takes each event's time from the field the stream's `TIMESTAMP`
    /// names. Without it the rule cannot order events by their time and fails when it starts.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"s": "CREATE STREAM s (t FLOAT, ts BIGINT) WITH (DATASOURCE=\"x\")"},
    ///  "rules": {"r1": "{\"sql\": \"SELECT avg(t) FROM s GROUP BY TUMBLINGWINDOW(ss, 10)\", \"actions\": [{\"log\": {}}], \"options\": {\"isEventTime\": true}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Add `TIMESTAMP="<field>"` to the stream, or remove `isEventTime` to use processing time.
    pub static LINT = {
        code: "C010",
        name: "event-time-without-timestamp",
        severity: Error,
        summary: "isEventTime on a rule whose stream has no TIMESTAMP",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let graph = cx.graph();
    for source in &cx.sql().sources {
        if source.stmt.option("TIMESTAMP").is_some()
            || source.entry.section != crate::bundle::SectionKind::Streams
        {
            continue;
        }
        let Some(stream) = graph.find(NodeKind::Stream, source.entry.name()) else {
            continue;
        };
        for edge in graph.referrers(stream).filter(|e| e.via == Via::Reads) {
            let rule_node = &graph.nodes[edge.from];
            let Some(rule) = cx
                .bundles
                .iter()
                .flat_map(|b| b.entries())
                .find(|e| e.pointer() == rule_node.pointer)
            else {
                continue;
            };
            let (Some(root), Some(embedded)) = (rule.json_value(), &rule.embedded) else {
                continue;
            };
            let Some(options) = root.field("options") else {
                continue;
            };
            let Some(flag) = options.value.field("isEventTime") else {
                continue;
            };
            if flag.value.value != crate::bundle::json::Value::Bool(true) {
                continue;
            }
            out.push(
                LINT.at(
                    embedded.map.to_file(flag.value.span),
                    format!(
                        "rule `{}` uses event time, but stream `{}` has no TIMESTAMP",
                        rule.name(),
                        source.entry.name()
                    ),
                )
                .with_path(rule.pointer())
                .with_inner("/options/isEventTime", flag.value.span)
                .with_label(edge.span, "reads the stream here")
                .with_help(format!(
                    "add TIMESTAMP=\"<field>\" to stream `{}`, or drop isEventTime",
                    source.entry.name()
                )),
            );
        }
    }
}
