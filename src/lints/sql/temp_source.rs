use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::ekuiper::version::Version;
use crate::lints::declare_lint;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports a stream or table in a bundle whose statement has the `TEMP` option, when the
    /// target is eKuiper 2.4 or newer.
    ///
    /// ## Why it matters
    /// From 2.4 the importer refuses temporary sources (`cannot replace with temp option`),
    /// although `kuiper export data` of 2.4 includes them: an export taken from one server does
    /// not import into another, and the rules using the source fail with it.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"scratch": "CREATE STREAM scratch () WITH (DATASOURCE=\"t\", TEMP=\"true\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Remove the `TEMP` option to import it as a permanent source, or drop the entry.
    ///
    /// ## Evidence
    /// `internal/processor/stream.go:258@v2.4.0` refuses a stream or table with `TEMP` on import
    /// ("cannot replace with temp option").
    pub static LINT = {
        code: "S033",
        name: "temp-source",
        severity: Error,
        summary: "A temporary stream or table, which eKuiper 2.4+ refuses to import",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    if cx.target < Version::new(2, 4) {
        return;
    }
    for source in &cx.sql().sources {
        let Some(temp) = source
            .stmt
            .options
            .iter()
            .find(|o| o.key.eq_ignore_ascii_case("TEMP"))
        else {
            continue;
        };
        if !temp.value.eq_ignore_ascii_case("true") {
            continue;
        }
        let span = Span::new(temp.key_span.start, temp.value_span.end);
        out.push(
            LINT.at(
                source.map.to_file(span),
                format!(
                    "`{}` is a temporary {}",
                    source.entry.name(),
                    source.entry.section.entry_noun()
                ),
            )
            .with_path(source.entry.pointer())
            .with_inner("", span)
            .with_help(format!(
                "eKuiper {} refuses it on import: cannot replace with temp option",
                cx.target.line()
            )),
        );
    }
}
