use crate::analysis::pass::OutlineContext;
use crate::analysis::sql::SourceKind;
use crate::bundle::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports a stream or table whose statement creates something else than its entry says: a
    /// name that differs from the key in `streams`/`tables`, or a `CREATE TABLE` under `streams`
    /// (or a `CREATE STREAM` under `tables`).
    ///
    /// ## Why it matters
    /// eKuiper replaces the source named by the key with the statement, and refuses a statement
    /// about another source: `Replace <key> fails: the sql statement must update the <key>
    /// source.`, or `stream <name> is not found` for the wrong kind. The source is not created,
    /// and every rule reading from it fails.
    ///
    /// ## Example
    /// ```json
    /// {"streams": {"sensors": "CREATE STREAM sensor () WITH (DATASOURCE=\"t\")"}}
    /// ```
    ///
    /// ## How to fix
    /// Make the key and the statement name the same, and put tables under `tables`.
    ///
    /// ## Evidence
    /// The import replaces each stream or table by its key and refuses a statement of the other
    /// kind (`internal/processor/stream.go:252@v2.4.0`) or about another name ("the sql statement must
    /// update the ... source", `internal/processor/stream.go:255@v2.4.0`); the import runs it from
    /// `internal/processor/ruleset.go:160@v2.4.0`.
    pub static LINT = {
        code: "S032",
        name: "source-name-mismatch",
        severity: Error,
        summary: "A stream or table statement that does not match its entry",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    for source in &cx.sql().sources {
        let entry = source.entry;
        let key = entry.name();
        let name_span = source
            .map
            .to_file(Span::from(source.stmt.name_span.clone()));
        let expected = match entry.section {
            SectionKind::Tables => SourceKind::Table,
            _ => SourceKind::Stream,
        };
        if source.stmt.kind != expected {
            let (made, section) = match source.stmt.kind {
                SourceKind::Table => ("a table", "tables"),
                SourceKind::Stream => ("a stream", "streams"),
            };
            out.push(
                LINT.at(
                    source.map.to_file(Span::from(source.stmt.span.clone())),
                    format!(
                        "`{key}` is under `{}` but the statement creates {made}",
                        entry.section.key()
                    ),
                )
                .with_path(entry.pointer())
                .with_inner("", Span::from(source.stmt.span.clone()))
                .with_label(entry.member.key_span, "the entry")
                .with_help(format!(
                    "move it to `{section}`; eKuiper says: {} {key} is not found",
                    entry.section.entry_noun()
                )),
            );
        }
        if source.stmt.name != key {
            out.push(
                LINT.at(name_span, format!("the statement creates `{}` but its key is `{key}`", source.stmt.name))
                    .with_path(entry.pointer())
                    .with_inner("", Span::from(source.stmt.name_span.clone()))
                    .with_label(entry.member.key_span, "the key eKuiper replaces")
                    .with_help(format!(
                        "eKuiper says: Replace {key} fails: the sql statement must update the {key} source."
                    )),
            );
        }
    }
}
