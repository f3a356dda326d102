use crate::analysis::pass::OutlineContext;
use crate::bundle::json::Value;
use crate::bundle::{FileKind, SectionKind};
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports a bundle that defines no stream, no table and no rule: an empty file `{}`, or one
    /// that only carries configs or plugins.
    ///
    /// ## Why it matters
    /// A full import (`kuiper import data`, `POST /data/import`) starts by deleting every rule,
    /// stream, table, config, plugin, schema and upload on the server. Importing this bundle
    /// leaves the server with no rules at all. That is rarely the intent: usually a partial
    /// import (`-p true`, `?partial=1`) or a `kuiper create` was meant.
    ///
    /// ## Example
    /// ```json
    /// {"sourceConfig": {"mqtt": "{\"c1\": {\"server\": \"tcp://broker:1883\"}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Import it with `partial=1` so that nothing else is deleted, or add the streams and rules
    /// the server must keep.
    pub static LINT = {
        code: "B014",
        name: "wipes-server",
        severity: Warning,
        summary: "Importing this bundle deletes every rule on the server and adds none",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    // Only the JSON data bundle: other kinds of files have their own shapes (and the YAML
    // format its own key spelling).
    if cx.file.kind != FileKind::Bundle {
        return;
    }
    for bundle in cx.bundles {
        if !matches!(bundle.root.value, Value::Object(_)) {
            continue;
        }
        let defines_any = [
            SectionKind::Streams,
            SectionKind::Tables,
            SectionKind::Rules,
        ]
        .into_iter()
        .any(|k| bundle.section_entries(k).next().is_some());
        if defines_any {
            continue;
        }
        let message = if bundle.sections.is_empty() {
            "empty bundle: a full import of it deletes everything on the server and adds nothing"
        } else {
            "this bundle defines no stream, table or rule: a full import of it deletes all of them on the server"
        };
        let open = Span::new(bundle.root.span.start, bundle.root.span.start + 1);
        out.push(
            LINT.at(open, message)
                .with_path("")
                .with_help("use a partial import (`kuiper import data -f FILE -p true`, or `?partial=1`) to add to what the server has"),
        );
    }
}
