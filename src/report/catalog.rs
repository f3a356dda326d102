//! The catalogs of codes as people and machines read them: `kuiperlint rules`, `explain CODE`
//! (lints and migrations) and docs/rules.md.

use crate::diagnostic::Applicability;
use crate::lints::{self, REGISTRY};
use crate::migrate::{Migration, MIGRATIONS};
use crate::source::suggest::did_you_mean;

/// `kuiperlint rules`: one line per lint, columns aligned.
pub fn rules_text() -> String {
    let name_width = REGISTRY.iter().map(|l| l.name.len()).max().unwrap_or(0);
    REGISTRY
        .iter()
        .map(|l| {
            format!(
                "{}  {:<name_width$}  {:<7}  {}{}\n",
                l.code,
                l.name,
                l.severity.as_str(),
                l.summary,
                fixable_mark(l)
            )
        })
        .collect()
}

/// The mark `kuiperlint rules` puts after the summary of a fixable lint.
fn fixable_mark(l: &lints::Lint) -> &'static str {
    match l.fixable {
        None => "",
        Some(Applicability::Safe) => " [fix]",
        Some(Applicability::Unsafe) => " [unsafe fix]",
    }
}

/// What `explain` says of a lint's fixes.
fn fixable_line(l: &lints::Lint) -> String {
    match l.fixable {
        None => String::new(),
        Some(Applicability::Safe) => {
            "Fix: safe, applied by `kuiperlint check --fix` (docs/fixes.md)\n\n".into()
        }
        Some(Applicability::Unsafe) => {
            "Fix: unsafe, applied only by `kuiperlint check --fix --unsafe-fixes` (docs/fixes.md)\n\n"
                .into()
        }
    }
}

/// `kuiperlint rules --format json`.
pub fn rules_json() -> String {
    let list: Vec<_> = REGISTRY.iter().map(|l| lint_json(l, false)).collect();
    pretty(&serde_json::Value::Array(list))
}

/// `kuiperlint explain CODE`, for a lint.
pub fn explain_lint(lint: &lints::Lint, json: bool) -> String {
    if json {
        pretty(&lint_json(lint, true))
    } else {
        explain_text(lint)
    }
}

/// `kuiperlint explain M0xx`, for a migration.
pub fn explain_migration(m: &Migration, json: bool) -> String {
    if json {
        pretty(&serde_json::json!({"code": m.code, "name": m.name, "doc": migration_text(m)}))
    } else {
        migration_text(m)
    }
}

/// The text `explain` prints for a migration: what it does, between which versions.
fn migration_text(m: &Migration) -> String {
    format!(
        "# {} {}\n\n{}\n\nFrom: {}  To: {}  Action: {}\n\n{}",
        m.code,
        m.name,
        m.summary,
        m.applies.from_text(),
        m.applies.to_text(),
        m.kind.as_str(),
        m.doc()
    )
}

/// What `explain` says of a code that is neither a lint nor a migration.
pub fn unknown_code(code: &str) -> String {
    let codes: Vec<&str> = REGISTRY
        .iter()
        .flat_map(|l| [l.code, l.name])
        .chain(MIGRATIONS.iter().flat_map(|m| [m.code, m.name]))
        .collect();
    let hint = did_you_mean(code, codes)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default();
    format!("kuiperlint: unknown code `{code}`{hint}; `kuiperlint rules` lists the lint codes, `kuiperlint rules --migrations` the migration codes\n")
}

/// `kuiperlint rules --migrations`: every migration code, its versions and summary.
pub fn migrations_text() -> String {
    let name_width = MIGRATIONS.iter().map(|m| m.name.len()).max().unwrap_or(0);
    MIGRATIONS
        .iter()
        .map(|m| {
            format!(
                "{}  {:<name_width$}  {} → {}  {}\n",
                m.code,
                m.name,
                m.applies.from_text(),
                m.applies.to_text(),
                m.summary
            )
        })
        .collect()
}

/// `kuiperlint rules --migrations --format json`.
pub fn migrations_json() -> String {
    let list: Vec<_> = MIGRATIONS
        .iter()
        .map(|m| {
            serde_json::json!({
                "code": m.code,
                "name": m.name,
                "from": m.applies.from_text(),
                "to": m.applies.to_text(),
                "summary": m.summary,
            })
        })
        .collect();
    pretty(&serde_json::Value::Array(list))
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).expect("plain data") + "\n"
}

/// The text `explain` prints, also the body of each entry of docs/rules.md.
pub fn explain_text(lint: &lints::Lint) -> String {
    format!(
        "# {} {}\n\n{}\n\nDefault severity: {}\n\n{}{}",
        lint.code,
        lint.name,
        lint.summary,
        lint.severity,
        fixable_line(lint),
        lint.doc()
    )
}

fn lint_json(l: &lints::Lint, with_doc: bool) -> serde_json::Value {
    let mut v = serde_json::json!({
        "code": l.code,
        "name": l.name,
        "severity": l.severity.as_str(),
        "summary": l.summary,
    });
    // Only fixable lints carry the field: `safe` or `unsafe` (the least safe of their fixes).
    if let Some(f) = l.fixable {
        v["fixable"] = serde_json::Value::String(f.as_str().into());
    }
    if with_doc {
        v["doc"] = serde_json::Value::String(l.doc());
    }
    v
}

/// docs/rules.md, generated from the registry (a test keeps the committed file current).
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# Rules\n\nGenerated from the lint registry by `cargo test` (test `rules_doc_is_current`); \
         do not edit by hand. `kuiperlint explain CODE` prints the same text.\n\n\
         | code | name | severity | summary |\n|---|---|---|---|\n",
    );
    for l in REGISTRY {
        s.push_str(&format!(
            "| [{}](#{}) | `{}` | {} | {} |\n",
            l.code,
            l.code.to_lowercase(),
            l.name,
            l.severity,
            l.summary.replace('|', "\\|")
        ));
    }
    for l in REGISTRY {
        s.push('\n');
        // Headings inside the docs move one level down under the rule's own heading.
        let body = explain_text(l)
            .replacen("# ", "## ", 1)
            .replace("\n## ", "\n### ");
        s.push_str(&body);
    }
    s
}
