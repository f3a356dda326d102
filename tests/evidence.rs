//! Severity is a promise: an error-severity check says eKuiper refuses the input. Each one's
//! doc (what `explain` prints) carries an `## Evidence` section naming the eKuiper code that
//! refuses it, as `path.go:LINE@vX.Y.Z`. When eKuiper's repository is at hand (a developer's
//! machine; CI has none), every reference is also checked against it: the file exists at the
//! tag and has that line.
//! Schema findings are errors only where the schema's `x-refused-by` names such a line, and
//! those references are checked the same way.

use std::path::Path;
use std::process::Command;

use kuiperlint::diagnostic::Severity;
use kuiperlint::lints::REGISTRY;

/// A reference `path.go:LINE@vX.Y.Z`, as (path, line, tag).
fn references(text: &str) -> Vec<(String, usize, String)> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | ',' | ';'))
        .filter_map(|word| {
            let (path, rest) = word.split_once(".go:")?;
            let (line, tag) = rest.split_once('@')?;
            let tag = tag.trim_end_matches(['.', ':']);
            let numbers: Vec<&str> = tag.strip_prefix('v')?.split('.').collect();
            let well_formed = numbers.len() == 3
                && numbers
                    .iter()
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            let line: usize = line.parse().ok()?;
            (well_formed && !path.is_empty() && line > 0)
                .then(|| (format!("{path}.go"), line, tag.to_string()))
        })
        .collect()
}

/// The `## Evidence` section of a doc comment, if it has one.
fn evidence(doc: &str) -> Option<String> {
    let start = doc.find("## Evidence")?;
    let rest = &doc[start + "## Evidence".len()..];
    let end = rest
        .find("\n ## ")
        .or_else(|| rest.find("\n## "))
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

#[test]
fn every_error_names_the_ekuiper_code_that_refuses_the_input() {
    let missing: Vec<&str> = REGISTRY
        .iter()
        .filter(|l| l.severity == Severity::Error)
        .filter(|l| evidence(l.doc_comment).is_none_or(|e| references(&e).is_empty()))
        .map(|l| l.code)
        .collect();
    assert!(
        missing.is_empty(),
        "error-severity checks without an `## Evidence` section citing `path.go:LINE@vX.Y.Z`: {missing:?}"
    );
}

#[test]
fn references_are_read_as_written() {
    assert_eq!(
        references("(`internal/xsql/parser.go:1603@v2.4.0`, and `x.go:7@v1.14.0`.)"),
        [
            (
                "internal/xsql/parser.go".to_string(),
                1603,
                "v2.4.0".to_string()
            ),
            ("x.go".to_string(), 7, "v1.14.0".to_string())
        ]
    );
    assert!(references("parser.go:12 at v2.4.0, parser.go@v2.4.0, a.go:1@v2.4").is_empty());
}

/// Every `x-refused-by` entry of every schema (what makes a schema finding an error), as
/// (schema, keyword, text).
fn schema_refusals() -> Vec<(String, String, String)> {
    fn walk(value: &serde_json::Value, schema: &str, out: &mut Vec<(String, String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(refusals)) = map.get("x-refused-by") {
                    for (keyword, text) in refusals {
                        let text = text.as_str().unwrap_or_default().to_string();
                        out.push((schema.to_string(), keyword.clone(), text));
                    }
                }
                map.values().for_each(|v| walk(v, schema, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, schema, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for name in kuiperlint::analysis::schema::names() {
        let text = kuiperlint::analysis::schema::text(name).expect("listed schemas exist");
        let doc: serde_json::Value = serde_json::from_str(text).expect("schemas are JSON");
        walk(&doc, name, &mut out);
    }
    out
}

#[test]
fn schema_refusals_cite_ekuiper_code() {
    let refusals = schema_refusals();
    assert!(
        refusals.iter().any(|(s, _, _)| s == "rule"),
        "the rule schema names what eKuiper refuses"
    );
    for (schema, keyword, text) in &refusals {
        // A null entry says "no evidence here" and cites nothing.
        assert!(
            text.is_empty() || !references(text).is_empty(),
            "{schema}: x-refused-by.{keyword} cites no `path.go:LINE@vX.Y.Z`: {text:?}"
        );
    }
}

/// Where eKuiper's repository is mirrored here, every reference of every doc and schema names
/// a line that exists at its tag.
#[test]
fn cited_lines_exist_in_ekuiper_when_its_repository_is_here() {
    let repo = std::env::var("EKUIPER_REPO")
        .unwrap_or_else(|_| "/work/.mirror/lf-edge+ekuiper/repo".to_string());
    if !Path::new(&repo).exists() {
        return;
    }
    let mut cited: Vec<(String, String)> = REGISTRY
        .iter()
        .filter_map(|lint| Some((lint.code.to_string(), evidence(lint.doc_comment)?)))
        .collect();
    cited.extend(
        schema_refusals()
            .into_iter()
            .map(|(schema, keyword, text)| (format!("{schema} {keyword}"), text)),
    );
    let mut wrong = Vec::new();
    for (owner, text) in cited {
        for (path, line, tag) in references(&text) {
            let shown = Command::new("git")
                .args(["-C", &repo, "show", &format!("{tag}:{path}")])
                .output()
                .expect("git runs");
            let lines = String::from_utf8_lossy(&shown.stdout).lines().count();
            if !shown.status.success() || line > lines {
                wrong.push(format!("{owner}: {path}:{line}@{tag}"));
            }
        }
    }
    assert!(wrong.is_empty(), "references that do not exist: {wrong:#?}");
}
