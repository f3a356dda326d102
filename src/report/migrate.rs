//! What `kuiperlint migrate` prints: per file, a header, how the source version was chosen and
//! a line per change; at the end, a summary of files and of changes per migration.

use std::fmt::Write as _;

use crate::migrate::summary::Summary;
use crate::migrate::{Action, Migrated};

/// The report of one file: a header, how the source version was chosen, then one line per
/// change (`file:line:col: M0xx change|warning: message`).
pub fn file_report(o: &Migrated) -> Vec<String> {
    let name = &o.source.name;
    let mut lines = vec![format!(
        "{name}: {} → {}: {} change{}, {} warning{}",
        o.from,
        o.to,
        o.applied(),
        if o.applied() == 1 { "" } else { "s" },
        o.warned(),
        if o.warned() == 1 { "" } else { "s" },
    )];
    if let Some(g) = &o.from_guess {
        let why: Vec<String> = g
            .used
            .iter()
            .map(|s| {
                let p = o.source.position(s.span.start);
                format!("{} ({}:{})", s.what, p.line, p.column)
            })
            .collect();
        lines.push(if why.is_empty() {
            format!("{name}: source version unknown (no version-specific shape found); pass --from to decide version-dependent migrations")
        } else {
            format!("{name}: source version guessed as {}: {}", g.range, why.join("; "))
        });
    }
    lines.extend(change_lines(o));
    lines
}

/// `file:line:col: M0xx change|warning: message`, one line per change.
pub fn change_lines(o: &Migrated) -> Vec<String> {
    o.changes
        .iter()
        .map(|c| {
            let p = o.source.position(c.span.start);
            let what = match c.action {
                Action::Applied => "change",
                Action::Warned => "warning",
            };
            format!(
                "{}:{}:{}: {} {what}: {}",
                o.source.name, p.line, p.column, c.migration.code, c.message
            )
        })
        .collect()
}

/// The summary as text: one line of file counts (`verb` is "changed" or "would change"),
/// then a table of changes and warnings per migration when there are any.
///
/// ```text
/// 3 files: 2 changed, 0 unchanged, 1 failed
/// code  migration            changes  warnings
/// M001  add-uploads-section        2         0
/// M011  send-error-default         0         5
/// total                            2         5
/// ```
pub fn summary(s: &Summary, verb: &str) -> String {
    let files = s.files();
    let mut out = format!(
        "{files} file{}: {} {verb}, {} unchanged, {} failed\n",
        if files == 1 { "" } else { "s" },
        s.changed,
        s.unchanged,
        s.failed
    );
    if s.skipped > 0 {
        // Before the newline: `..., 1 failed, 2 skipped (not bundles)`.
        out.pop();
        let _ = writeln!(out, ", {} skipped (not bundles)", s.skipped);
    }
    let rows = s.rows();
    if rows.is_empty() {
        return out;
    }
    let name_w = rows
        .iter()
        .map(|r| r.1.len())
        .max()
        .unwrap_or(0)
        .max("migration".len());
    let (applied, warned) = rows.iter().fold((0, 0), |(a, w), r| (a + r.2, w + r.3));
    let num_w = applied.to_string().len().max("changes".len());
    let warn_w = warned.to_string().len().max("warnings".len());
    let _ = writeln!(
        out,
        "code  {:<name_w$}  {:>num_w$}  {:>warn_w$}",
        "migration", "changes", "warnings"
    );
    for (code, name, a, w) in &rows {
        let _ = writeln!(out, "{code:<4}  {name:<name_w$}  {a:>num_w$}  {w:>warn_w$}");
    }
    let _ = writeln!(
        out,
        "{:<w$}  {applied:>num_w$}  {warned:>warn_w$}",
        "total",
        w = 4 + 2 + name_w
    );
    out
}

/// `migrate --format json`: one record per migrated file, with every change at its position.
pub fn file_record(o: &Migrated, wrote: Option<&str>) -> serde_json::Value {
    let changes: Vec<serde_json::Value> = o
        .changes
        .iter()
        .map(|c| {
            let p = o.source.position(c.span.start);
            serde_json::json!({
                "code": c.migration.code,
                "name": c.migration.name,
                "action": match c.action {
                    Action::Applied => "change",
                    Action::Warned => "warning",
                },
                "message": c.message,
                "line": p.line,
                "column": p.column,
                "byte_start": c.span.start,
                "byte_end": c.span.end,
            })
        })
        .collect();
    serde_json::json!({
        "file": o.source.name,
        "status": if o.changed() { "changed" } else { "unchanged" },
        "from": o.from.to_string(),
        "from_guessed": o.from_guess.as_ref().map(|g| g.range.to_string()),
        "to": o.to.to_string(),
        "changes": changes,
        "wrote": wrote,
    })
}

/// The whole `migrate --format json` document: the files, the inputs that failed, the totals.
pub fn document(
    files: Vec<serde_json::Value>,
    failures: &[String],
    s: &Summary,
) -> serde_json::Value {
    let per_migration: Vec<serde_json::Value> = s
        .rows()
        .into_iter()
        .map(|(code, name, changes, warnings)| {
            serde_json::json!({"code": code, "name": name, "changes": changes, "warnings": warnings})
        })
        .collect();
    serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "files": files,
        "failures": failures,
        "summary": {
            "files": s.files(),
            "changed": s.changed,
            "unchanged": s.unchanged,
            "failed": s.failed,
            "skipped": s.skipped,
            "migrations": per_migration,
        },
    })
}
