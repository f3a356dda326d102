//! What the server knows at a place of an entry, for hover and completion: a function of a
//! rule's SQL (its signature from the catalog), a property of a rule, its options or actions, of
//! a source, sink or connection config, of a service or plugin (its description from our JSON
//! Schemas), and a config's type; in a `.sql` file, a function. All are found through the escapes: the cursor's offset in the
//! file is carried into the entry's decoded JSON and into a rule's SQL.

use serde_json::Value as Schema;

use crate::analysis::configs::EntrySchema;
use crate::analysis::schema;
use crate::bundle::json::{Node, Value};
use crate::bundle::kind::FileKind;
use crate::bundle::{rule_at, rules_window, Entry, HeldStrings, LoadedFile, SectionKind};
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
    /// A key of an entry's JSON: the schema of the entry, the keys and indexes from what that
    /// schema describes down to the key's object, the key, its part before the cursor, the keys
    /// its object already has, and the key's text in the file (between its quotes).
    Key {
        schema: &'static str,
        path: Vec<Step>,
        key: String,
        prefix: String,
        siblings: Vec<String>,
        span: Span,
    },
    /// The name of a config type (`mqtt` in `sinkConfig`) that has a schema.
    Type { schema: &'static str, span: Span },
    /// A scalar value of an entry's JSON: the schema, the path to the value (its key last), and
    /// the span in the file to write a replacement over: the content of a string (between its
    /// quotes), the whole literal otherwise.
    Value {
        schema: &'static str,
        path: Vec<Step>,
        string: bool,
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
    match place(file, offset, target)? {
        Place::Sql {
            word,
            call: true,
            span,
            ..
        } => {
            let spec = functions::lookup(&word)?;
            Some((fenced(&functions::signature(spec)), span))
        }
        Place::Sql { .. } | Place::Value { .. } => None,
        Place::Key {
            schema,
            path,
            key,
            span,
            ..
        } => {
            let root = schema::self_contained(schema)?;
            let mut path = path;
            path.push(Step::Key(key.clone()));
            let found = at_path(&root, &path);
            let text = found.iter().find_map(|s| describe(&root, s))?;
            Some((format!("**{key}**\n\n{text}"), span))
        }
        Place::Type { schema, span } => {
            let root = schema::self_contained(schema)?;
            let title = root.get("title").and_then(|t| t.as_str())?;
            let description = root.get("description").and_then(|d| d.as_str())?;
            Some((format!("**{title}**\n\n{description}"), span))
        }
    }
}

/// One completion: the text to write over `span` of the file, and what the editor shows.
pub struct Completion {
    pub label: String,
    pub detail: String,
    pub documentation: Option<String>,
    pub span: Span,
    pub kind: CompletionKind,
}

pub enum CompletionKind {
    Function,
    Property,
    Value,
}

/// Function names in a rule's SQL, property names in a rule's JSON, that continue what is
/// typed at the cursor.
pub fn complete(file: &LoadedFile, offset: usize, target: Version) -> Vec<Completion> {
    match place(file, offset, target) {
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
                        kind: CompletionKind::Function,
                    }
                })
                .collect()
        }
        Some(Place::Key {
            schema,
            path,
            prefix,
            siblings,
            span,
            ..
        }) => {
            let Some(root) = schema::self_contained(schema) else {
                return Vec::new();
            };
            let mut names: Vec<(String, Option<String>)> = Vec::new();
            for object in at_path(&root, &path) {
                for (name, property) in properties(&root, object) {
                    if names.iter().any(|(n, _)| *n == name)
                        || siblings.contains(&name)
                        || !name.starts_with(&prefix)
                    {
                        continue;
                    }
                    let text = branches(&root, property)
                        .into_iter()
                        .find_map(|s| describe(&root, s));
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
                    kind: CompletionKind::Property,
                })
                .collect()
        }
        Some(Place::Value {
            schema,
            path,
            string,
            span,
        }) => {
            let Some(root) = schema::self_contained(schema) else {
                return Vec::new();
            };
            allowed_values(&root, &path)
                .into_iter()
                // What is written replaces the literal's text as it is: a string only inside a
                // string's quotes, and only when it needs no escaping (at any level).
                .filter_map(|value| match (&value, string) {
                    (Schema::String(s), true) if !s.contains(['"', '\\']) => Some(s.clone()),
                    (Schema::String(_), _) | (_, true) => None,
                    _ => Some(value.to_string()),
                })
                .map(|label| Completion {
                    detail: String::new(),
                    label,
                    documentation: None,
                    span,
                    kind: CompletionKind::Value,
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The values the schemas at `path` allow, when they name them (`enum`, `const`, a boolean), in
/// the schema's order.
fn allowed_values(root: &Schema, path: &[Step]) -> Vec<Schema> {
    let mut values: Vec<Schema> = Vec::new();
    for s in at_path(root, path) {
        let named = match (s.get("enum"), s.get("const"), s.get("type")) {
            (Some(Schema::Array(list)), _, _) => list.clone(),
            (_, Some(one), _) => vec![one.clone()],
            (_, _, Some(Schema::String(t))) if t == "boolean" => {
                vec![Schema::Bool(true), Schema::Bool(false)]
            }
            _ => continue,
        };
        for v in named {
            if !values.contains(&v) {
                values.push(v);
            }
        }
    }
    values
}

fn fenced(text: &str) -> String {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    format!("```sql\n{first}\n```\n{rest}")
}

fn starts_with_ignoring_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Finds the entry whose value (or config type name) holds `offset`, and the place in it.
fn place(file: &LoadedFile, offset: usize, target: Version) -> Option<Place> {
    // A `.sql` file is SQL throughout, with no escapes.
    if file.kind == FileKind::Sql {
        let text = &file.source.text;
        return text
            .is_char_boundary(offset)
            .then(|| word_place(text, offset, |span| span));
    }
    let line = schema::line_suffix(target.major);
    // The outline, rules undecoded: only the rule at the cursor, if any, is decoded below.
    let outline = file.outline();
    let entries = || outline.iter().flat_map(|b| b.entries());
    let on_key = |e: &&Entry| {
        let name = e.member.key.content_span(e.member.key_span);
        !e.member.key_span.is_empty() && name.start <= offset && offset <= name.end
    };
    if let Some(entry) = entries().find(|e| e.section.is_config() && on_key(e)) {
        let schema = EntrySchema::of(entry, entry.json_value()?, line)?;
        let EntrySchema::PerConfKey(schema) = schema else {
            return None;
        };
        let span = entry.member.key.content_span(entry.member.key_span);
        return Some(Place::Type { schema, span });
    }
    let holds =
        |e: &&Entry| e.member.value.span.start <= offset && offset <= e.member.value.span.end;
    let (held, window);
    let entry = match rule_at(&outline, offset) {
        Some(i) => {
            held = HeldStrings::of(&outline, i..i + 1, &file.source.text);
            window = rules_window(&outline, i..i + 1, &held);
            window.iter().flat_map(|b| b.entries()).next()?
        }
        None => entries().find(holds)?,
    };
    let embedded = entry.embedded.as_ref()?;
    let root = entry.json_value()?;
    let (schema, per_conf_key) = match EntrySchema::of(entry, root, line)? {
        EntrySchema::Whole(name) => (name, false),
        EntrySchema::PerConfKey(name) => (name, true),
        EntrySchema::Unknown(_) => return None,
    };
    let is_rule = entry.section == SectionKind::Rules;
    let at = embedded.map.from_file(embedded.text.len(), offset);
    let mut path = Vec::new();
    let mut node = root;
    loop {
        match &node.value {
            Value::Object(members) => {
                let on = members.iter().find_map(|m| {
                    let content = m.key.content_span(m.key_span);
                    (content.start <= at && at <= content.end).then_some((m, content))
                });
                if let Some((m, content)) = on {
                    // A config's first level is its confKeys, which no schema names.
                    if per_conf_key && path.is_empty() {
                        return None;
                    }
                    let typed = at - content.start;
                    return Some(Place::Key {
                        schema,
                        path: path.into_iter().skip(usize::from(per_conf_key)).collect(),
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
                if is_rule && path.is_empty() && m.key.value == "sql" {
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
            Value::String(_) | Value::Number | Value::Bool(_) | Value::Null => {
                if per_conf_key && path.len() < 2 {
                    return None;
                }
                let (string, literal) = match &node.value {
                    Value::String(s) => (true, s.content_span(node.span)),
                    _ => (false, node.span),
                };
                return Some(Place::Value {
                    schema,
                    path: path.into_iter().skip(usize::from(per_conf_key)).collect(),
                    string,
                    span: embedded.map.to_file(literal),
                });
            }
            Value::Invalid => return None,
        }
    }
}

/// The word of the SQL string `node` at `at` (both in the rule's decoded text, which `map`
/// maps to the file).
fn sql_place(map: &SourceMap, node: &Node, at: usize) -> Option<Place> {
    let Value::String(s) = &node.value else {
        return None;
    };
    let own = s.escape_map(node.span);
    let cursor = SourceMap::file().nested(own).from_file(s.value.len(), at);
    let to_file = map.nested(own);
    Some(word_place(&s.value, cursor, |span| to_file.to_file(span)))
}

/// The word of `sql` around `cursor`, `to_file` mapping its span to the file.
fn word_place(sql: &str, cursor: usize, to_file: impl Fn(Span) -> Span) -> Place {
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
    Place::Sql {
        word: sql[start..end].to_string(),
        prefix: sql[start..cursor].to_string(),
        call: sql[end..].trim_start().starts_with('('),
        span: to_file(Span::new(start, end)),
    }
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
        // Pushed in reverse of the order they are visited in: what a schema refers to comes
        // right after it (its description is the one that speaks of the schema as a whole),
        // then its combined branches, then its conditional ones.
        for key in ["else", "then"] {
            if let Some(branch) = s.get(key) {
                todo.push(branch);
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(list) = s.get(key).and_then(|l| l.as_array()) {
                todo.extend(list.iter().rev());
            }
        }
        if let Some(target) = s
            .get("$ref")
            .and_then(|r| r.as_str())
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .and_then(|name| root.get("$defs")?.get(name))
        {
            todo.push(target);
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
