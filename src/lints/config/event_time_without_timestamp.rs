use crate::analysis::dependencies::NodeKind;
use crate::analysis::pass::WindowContext;
use crate::bundle::json::Value;
use crate::bundle::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;

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
    ///
    /// ## Evidence
    /// Planning the rule's source refuses event time without a `TIMESTAMP` option ("preprocessor
    /// is set to be event time but stream option TIMESTAMP not found"):
    /// `internal/topo/planner/dataSourcePlan.go:482@v2.4.0`,
    /// `internal/topo/planner/dataSourcePlan.go:412@v1.14.0`. Rule creation plans the rule
    /// (`internal/topo/rule/action.go:68@v2.4.0`); an imported rule fails when it starts.
    pub static LINT = {
        code: "C010",
        name: "event-time-without-timestamp",
        severity: Error,
        summary: "isEventTime on a rule whose stream has no TIMESTAMP",
        check: Window(check),
    };
}

/// What rules read is known in the windows that decode them.
fn check(cx: &WindowContext, out: &mut Vec<Diagnostic>) {
    let timestamped: std::collections::HashSet<&str> = cx
        .sources()
        .iter()
        .filter(|s| s.stmt.option("TIMESTAMP").is_some())
        .map(|s| s.entry.name())
        .collect();
    for rule in cx
        .bundles
        .iter()
        .flat_map(|b| b.section_entries(SectionKind::Rules))
    {
        let (Some(root), Some(embedded)) = (rule.json_value(), &rule.embedded) else {
            continue;
        };
        let Some(flag) = root
            .field("options")
            .and_then(|o| o.value.field("isEventTime"))
        else {
            continue;
        };
        if flag.value.value != Value::Bool(true) {
            continue;
        }
        for (read, span) in cx.reads_of(rule.name()) {
            let Some(stream) = read else {
                continue;
            };
            if stream.kind != NodeKind::Stream || timestamped.contains(stream.name.as_str()) {
                continue;
            }
            out.push(
                LINT.at(
                    embedded.map.to_file(flag.value.span),
                    format!(
                        "rule `{}` uses event time, but stream `{}` has no TIMESTAMP",
                        rule.name(),
                        stream.name
                    ),
                )
                .with_path(rule.pointer())
                .with_inner("/options/isEventTime", flag.value.span)
                .with_label(span, "reads the stream here")
                .with_help(format!(
                    "add TIMESTAMP=\"<field>\" to stream `{}`, or drop isEventTime",
                    stream.name
                )),
            );
        }
    }
}
