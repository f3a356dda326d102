use crate::analysis::pass::OutlineContext;
use crate::diagnostic::Diagnostic;
use crate::lints::declare_lint;
use crate::source::span::Span;

declare_lint! {
    /// ## What it does
    /// Reports a stream or table that more than one file of the run creates (`a.sql` creates
    /// `demo (a BIGINT)`, `b.sql` creates `demo (b STRING)`), at each `CREATE`. Rules that read
    /// the name are then checked against neither definition.
    ///
    /// ## Why it matters
    /// eKuiper refuses the second `CREATE` of a name, so the server keeps whichever file was
    /// applied first, and rules written against the other definition break silently.
    ///
    /// ## Evidence
    /// `StreamProcessor.execSave` stores a new stream or table with `Setnx`
    /// (internal/processor/stream.go:222@v2.4.0), which fails when the name exists
    /// (`Item demo already exists`, internal/pkg/store/sql/sqlKv.go:103@v2.4.0); streams and
    /// tables share that store.
    ///
    /// ## Example
    /// ```sql
    /// -- a.sql
    /// CREATE STREAM demo (a BIGINT) WITH (DATASOURCE="d", FORMAT="json");
    /// -- b.sql
    /// CREATE STREAM demo (b STRING) WITH (DATASOURCE="d", FORMAT="json");
    /// ```
    ///
    /// ## How to fix
    /// Keep one definition, or give one of them another name.
    pub static LINT = {
        code: "X007",
        name: "duplicate-source",
        severity: Error,
        summary: "A stream or table that more than one file of the run creates",
        check: Outline(check),
    };
}

fn check(cx: &OutlineContext, out: &mut Vec<Diagnostic>) {
    let conflicts = &cx.project.conflicts;
    if conflicts.is_empty() || !crate::analysis::project::sees_project(cx.file.kind) {
        return;
    }
    let sql = cx.sql();
    let own = sql
        .file_sources
        .iter()
        .map(|s| (s, None))
        .chain(sql.sources.iter().map(|s| (&s.stmt, Some(s))));
    for (stmt, entry) in own {
        let Some(&files) = conflicts.get(&stmt.name) else {
            continue;
        };
        let span = Span::new(stmt.name_span.start, stmt.name_span.end);
        let message = format!(
            "`{}` is created by {files} files of this run; eKuiper refuses all but the first",
            stmt.name
        );
        let help = "keep one definition or rename one; rules reading it are checked against neither; eKuiper says: Item {name} already exists".replace("{name}", &stmt.name);
        let d = match entry {
            None => LINT.at(span, message),
            Some(e) => LINT
                .at(e.map.to_file(span), message)
                .with_path(e.entry.pointer())
                .with_inner("", span),
        };
        out.push(d.with_help(help));
    }
}
