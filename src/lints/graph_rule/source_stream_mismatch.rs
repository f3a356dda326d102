use crate::analysis::graph_rules::{GraphRule, Role, RuleNode};
use crate::analysis::pass::PassContext;
use crate::analysis::sql::SourceKind;
use crate::bundle::SectionKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ekuiper::version::Version;
use crate::lints::declare_lint;
use crate::lints::graph_rule::AtRule;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports a source node of a graph rule that reads a stream or table by name
    /// (`sourceName`) when the bundle disagrees: no stream or table of that name, a stream read
    /// as `sourceType: "table"` (or the reverse), or a `nodeType` other than the stream's `TYPE`
    /// (`mqtt` when it has none). A name the bundle does not define is only a warning when the
    /// bundle defines no stream or table at all (it is then meant for a partial import) or when
    /// `kuiperlint.toml` lists it as on the server. Targets before 1.10, whose planner ignores
    /// `sourceName`, get no finding.
    ///
    /// ## Why it matters
    /// eKuiper refuses the rule: `fail to get stream <name>, please check if stream is
    /// created`, `stream <name> is not a table`, `table <name> is not a stream`, `source type
    /// <nodeType> does not match the stream type <TYPE>`.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"demo": "CREATE STREAM demo () WITH (DATASOURCE=\"t\", TYPE=\"memory\")"},
    ///  "rules": {"g": "{... \"demo\": {\"type\": \"source\", \"nodeType\": \"mqtt\", \"props\": {\"sourceName\": \"demo\"}} ...}"}}
    /// ```
    ///
    /// ## How to fix
    /// Name a stream the bundle (or the server) has, set `sourceType` to what it is, and use
    /// its `TYPE` as `nodeType`.
    ///
    /// ## Evidence
    /// `parseSource` looks the stream up when `sourceName` is set:
    /// `internal/topo/planner/planner_graph.go:461@v2.4.0` (no such stream), `:468@v2.4.0` (a
    /// stream read as a table), `:470@v2.4.0` (a table read as a stream), `:477@v2.4.0` (`nodeType`
    /// differs from the stream's `TYPE`, `mqtt` by default); `:453@v1.14.0`, `:456@v1.14.0`,
    /// `:458@v1.14.0`, `:465@v1.14.0` at v1.14.0. These checks came with 1.10; 1.9 and older ignore
    /// `sourceName` and build the source from the node's own props, so nothing is reported for
    /// those targets.
    pub static LINT = {
        code: "G011",
        name: "source-stream-mismatch",
        severity: Error,
        summary: "A graph source node that disagrees with the stream or table it reads",
        check: Everywhere(check),
    };
}

/// The first release whose graph planner reads `sourceName` and `sourceType`.
pub(crate) const SOURCE_NAME_SINCE: Version = Version::new(1, 10);

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    if cx.target < SOURCE_NAME_SINCE {
        // Older planners build every source node from its own props: `sourceName` is ignored.
        return;
    }
    let defined = |kind: SectionKind, name: &str| {
        cx.outline
            .iter()
            .flat_map(|b| b.section_entries(kind))
            .any(|e| e.name() == name)
    };
    let defines_sources = cx.outline.iter().any(|b| {
        [SectionKind::Streams, SectionKind::Tables]
            .into_iter()
            .any(|k| b.section_entries(k).next().is_some())
    });
    for rule in &cx.graph_rules().rules {
        for node in rule.nodes.iter().filter(|n| n.role == Some(Role::Source)) {
            let Some(m) = node.prop("sourceName") else {
                continue;
            };
            let Some(name) = m.value.as_str().filter(|s| !s.is_empty()) else {
                continue;
            };
            let wanted = node
                .prop("sourceType")
                .and_then(|t| t.value.as_str())
                .unwrap_or("stream");
            let source = cx.sources().iter().find(|s| s.stmt.name == name);
            let Some(source) = source else {
                // A stream whose statement does not parse has its own finding.
                let unparsed =
                    defined(SectionKind::Streams, name) || defined(SectionKind::Tables, name);
                let on_server = cx.declared.server_streams.iter().any(|s| s == name);
                let in_project = cx.project.sources.iter().any(|s| s.name == name);
                if unparsed || on_server || in_project {
                    continue;
                }
                let mut d = rule
                    .at(
                        &LINT,
                        m.value.span,
                        node.prop_pointer(m),
                        format!("source node `{}` reads `{name}`, which is not defined in {}", node.key.name, cx.scope()),
                    )
                    .with_help(format!(
                        "define it under `{wanted}s`, or list it in `kuiperlint.toml` if the server has it; eKuiper says: fail to get stream {name}, please check if stream is created"
                    ));
                if !defines_sources {
                    d.severity = d.severity.min(Severity::Warning);
                }
                out.push(d);
                continue;
            };
            let defined_at = source
                .map
                .to_file(Span::from(source.stmt.name_span.clone()));
            let is = match source.stmt.kind {
                SourceKind::Stream => "stream",
                SourceKind::Table => "table",
            };
            if (wanted == "stream" || wanted == "table") && wanted != is {
                let m = node.prop("sourceType").unwrap_or(m);
                out.push(
                    rule.at(
                        &LINT,
                        m.value.span,
                        node.prop_pointer(m),
                        format!(
                            "source node `{}` reads `{name}` as a {wanted}, but it is a {is}",
                            node.key.name
                        ),
                    )
                    .with_label(defined_at, format!("created as a {is} here"))
                    .with_help(format!(
                        "set sourceType to `{is}`; eKuiper says: {is} {name} is not a {wanted}"
                    )),
                );
            }
            node_type(
                rule,
                node,
                name,
                source.stmt.option("TYPE").map(|o| o.value.as_str()),
                defined_at,
                out,
            );
        }
    }
}

/// The stream's `TYPE` against the node's `nodeType` (compared exactly, as eKuiper does).
fn node_type(
    rule: &GraphRule,
    node: &RuleNode,
    name: &str,
    ty: Option<&str>,
    defined_at: Span,
    out: &mut Vec<Diagnostic>,
) {
    let Some((written, member)) = node.node_type else {
        return;
    };
    let ty = ty.filter(|t| !t.is_empty()).unwrap_or("mqtt");
    if written == ty {
        return;
    }
    out.push(
        rule.at(
            &LINT,
            member.value.span,
            node.member_pointer(member),
            format!("source node `{}` has nodeType `{written}`, but `{name}` is of TYPE `{ty}`", node.key.name),
        )
        .with_label(defined_at, format!("`{name}` is created here"))
        .with_help(format!("set nodeType to `{ty}`; eKuiper says: source type {written} does not match the stream type {ty}")),
    );
}
