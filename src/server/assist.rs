//! What the server knows at a place of a rule, for hover and completion: a function of the
//! rule's SQL (its signature from the catalog) and a property of the rule, its options or its
//! actions (its description from our JSON Schemas). Both are found through the escapes: the
//! cursor's offset in the file is carried into the rule's decoded JSON and into its SQL.

use serde_json::Value as Schema;

use crate::analysis::schema;
use crate::bundle::json::{Node, Value};
use crate::bundle::{LoadedFile, SectionKind};
use crate::ekuiper::functions;
use crate::ekuiper::version::Version;
use crate::source::source_map::SourceMap;
use crate::source::span::Span;

/// What lies at the cursor.
enum Place {
    /// A word of a rule's SQL: `prefix` is its part before the cursor; `call` when a `(` follows.
    Sql {
        word: String,
        prefix: String,
        call: bool,
        span: Span,
    },
    /// A key of a rule's JSON: the keys and indexes down to its object, the key, its part
    /// before the cursor, the keys its object already has, and the key's text in the file
    /// (between its quotes).
    Key {
        path: Vec<Step>,
        key: String,
        prefix: String,
        siblings: Vec<String>,
        span: Span,
    },
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index,
}

/// A hover text (markdown) and the span of the file it is about.
pub fn hover(file: &LoadedFile, offset: usize, target: Version) -> Option<(String, Span)> {
    match place(file, offset)? {
        Place::Sql {
            word,
            call: true,
            span,
            ..
        } => {
            let spec = functions::lookup(&word)?;
            Some((fenced(&functions::signature(spec)), span))
        }
        Place::Sql { .. } => None,
        Place::Key {
            path, key, span, ..
        } => {
            let rule = schema::self_contained(&rule_schema(target))?;
            let mut path = path;
            path.push(Step::Key(key.clone()));
            let found = at_path(&rule, &path);
            let text = found.iter().find_map(|s| describe(&rule, s))?;
            Some((format!("**{key}**\n\n{text}"), span))
        }
    }
}

/// One completion: the text to write over `span` of the file, and what the editor shows.
pub struct Completion {
    pub label: String,
    pub detail: String,
    pub documentation: Option<String>,
    pub span: Span,
    pub function: bool,
}

/// Function names in a rule's SQL, property names in a rule's JSON, that continue what is
/// typed at the cursor.
pub fn complete(file: &LoadedFile, offset: usize, target: Version) -> Vec<Completion> {
    match place(file, offset) {
        Some(Place::Sql { prefix, span, .. }) if !prefix.is_empty() => {
            let mut names: Vec<&str> = functions::names()
                .filter(|n| starts_with_ignoring_case(n, &prefix))
                .collect();
            names.sort_unstable();
            names
                .into_iter()
                .filter_map(functions::lookup)
                .map(|spec| {
                    let signature = functions::signature(spec);
                    Completion {
                        label: spec.name.clone(),
                        detail: signature.lines().next().unwrap_or_default().to_string(),
                        documentation: Some(signature),
                        span,
                        function: true,
                    }
                })
                .collect()
        }
        Some(Place::Key {
            path,
            prefix,
            siblings,
            span,
            ..
        }) => {
            let Some(rule) = schema::self_contained(&rule_schema(target)) else {
                return Vec::new();
            };
            let mut names: Vec<(String, Option<String>)> = Vec::new();
            for object in at_path(&rule, &path) {
                for (name, property) in properties(&rule, object) {
                    if names.iter().any(|(n, _)| *n == name)
                        || siblings.contains(&name)
                        || !name.starts_with(&prefix)
                    {
                        continue;
                    }
                    let text = branches(&rule, property)
                        .into_iter()
                        .find_map(|s| describe(&rule, s));
                    names.push((name, text));
                }
            }
            names.sort();
            names
                .into_iter()
                .map(|(name, documentation)| Completion {
                    detail: documentation
                        .as_deref()
                        .and_then(|d| d.lines().next())
                        .unwrap_or_default()
                        .to_string(),
                    label: name,
                    documentation,
                    span,
                    function: false,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

fn rule_schema(target: Version) -> String {
    format!("rule.{}", schema::line_suffix(target.major))
}

fn fenced(text: &str) -> String {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    format!("```sql\n{first}\n```\n{rest}")
}

fn starts_with_ignoring_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Finds the rule whose value holds `offset`, and the place in it.
fn place(file: &LoadedFile, offset: usize) -> Option<Place> {
    let bundles = file.bundles();
    let entry = bundles
        .iter()
        .flat_map(|b| b.section_entries(SectionKind::Rules))
        .find(|e| e.member.value.span.start <= offset && offset <= e.member.value.span.end)?;
    let embedded = entry.embedded.as_ref()?;
    let root = entry.json_value()?;
    let at = embedded.map.from_file(embedded.text.len(), offset);
    let mut path = Vec::new();
    let mut node = root;
    loop {
        match &node.value {
            Value::Object(members) => {
                if let Some(m) = members.iter().find(|m| {
                    m.key_span.start < at && at < m.key_span.end.max(m.key_span.start + 1)
                }) {
                    let content = Span::new(
                        m.key_span.start + 1,
                        m.key_span.end.saturating_sub(1).max(m.key_span.start + 1),
                    );
                    let typed = at.clamp(content.start, content.end) - content.start;
                    return Some(Place::Key {
                        path,
                        key: m.key.value.clone(),
                        prefix: m.key.value.get(..typed).unwrap_or_default().to_string(),
                        siblings: members
                            .iter()
                            .filter(|o| o.key_span != m.key_span)
                            .map(|o| o.key.value.clone())
                            .collect(),
                        span: embedded.map.to_file(content),
                    });
                }
                let m = members
                    .iter()
                    .find(|m| m.value.span.start <= at && at <= m.value.span.end)?;
                if path.is_empty() && m.key.value == "sql" {
                    return sql_place(&embedded.map, &m.value, at);
                }
                path.push(Step::Key(m.key.value.clone()));
                node = &m.value;
            }
            Value::Array(items) => {
                node = items
                    .iter()
                    .find(|n| n.span.start <= at && at <= n.span.end)?;
                path.push(Step::Index);
            }
            _ => return None,
        }
    }
}

/// The word of the SQL string `node` at `at` (both in the rule's decoded text, which `map`
/// maps to the file).
fn sql_place(map: &SourceMap, node: &Node, at: usize) -> Option<Place> {
    let Value::String(s) = &node.value else {
        return None;
    };
    let sql = &s.value;
    let own = s.escape_map(node.span);
    let cursor = SourceMap::file().nested(own).from_file(sql.len(), at);
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = sql.as_bytes();
    let mut start = cursor;
    while start > 0 && is_word(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = cursor;
    while end < bytes.len() && is_word(bytes[end]) {
        end += 1;
    }
    Some(Place::Sql {
        word: sql[start..end].to_string(),
        prefix: sql[start..cursor].to_string(),
        call: sql[end..].trim_start().starts_with('('),
        span: map.nested(own).to_file(Span::new(start, end)),
    })
}

/// The schemas that may apply at `path` below `root`.
fn at_path<'s>(root: &'s Schema, path: &[Step]) -> Vec<&'s Schema> {
    let mut here = branches(root, root);
    for step in path {
        let mut next = Vec::new();
        for s in here {
            let child = match step {
                Step::Key(k) => s
                    .get("properties")
                    .and_then(|p| p.get(k))
                    .or_else(|| s.get("additionalProperties").filter(|a| a.is_object())),
                Step::Index => s.get("items").filter(|i| i.is_object()),
            };
            if let Some(child) = child {
                next.extend(branches(root, child));
            }
        }
        here = next;
    }
    here
}

/// A schema with what it refers to and the branches it combines (`allOf`, `anyOf`, `oneOf`,
/// `then`, `else`), each one itself so unfolded.
fn branches<'s>(root: &'s Schema, schema: &'s Schema) -> Vec<&'s Schema> {
    let mut out: Vec<&'s Schema> = Vec::new();
    let mut todo = vec![schema];
    while let Some(s) = todo.pop() {
        if out.iter().any(|o| std::ptr::eq(*o, s)) || out.len() > 256 {
            continue;
        }
        out.push(s);
        if let Some(target) = s
            .get("$ref")
            .and_then(|r| r.as_str())
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| root.get("$defs")?.get(name))
        {
            todo.push(target);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(list) = s.get(key).and_then(|l| l.as_array()) {
                todo.extend(list.iter().rev());
            }
        }
        for key in ["then", "else"] {
            if let Some(branch) = s.get(key) {
                todo.push(branch);
            }
        }
    }
    out
}

/// The properties a schema (unfolded) declares.
fn properties<'s>(root: &'s Schema, schema: &'s Schema) -> Vec<(String, &'s Schema)> {
    branches(root, schema)
        .into_iter()
        .filter_map(|s| s.get("properties").and_then(|p| p.as_object()))
        .flat_map(|p| p.iter().map(|(k, v)| (k.clone(), v)))
        .collect()
}

/// A property's description, type, allowed values and default, as markdown; None without a
/// description.
fn describe(root: &Schema, schema: &Schema) -> Option<String> {
    let all = branches(root, schema);
    let description = all
        .iter()
        .find_map(|s| s.get("description").and_then(|d| d.as_str()))?;
    let mut text = description.to_string();
    let facts: Vec<String> = [("type", "type"), ("enum", "one of"), ("default", "default")]
        .iter()
        .filter_map(|(key, words)| {
            let value = all.iter().find_map(|s| s.get(*key))?;
            Some(format!("{words}: `{value}`"))
        })
        .collect();
    if !facts.is_empty() {
        text.push_str("\n\n");
        text.push_str(&facts.join(" · "));
    }
    Some(text)
}
