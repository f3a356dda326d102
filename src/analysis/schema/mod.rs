//! The JSON Schemas of `schemas/`, embedded at build time, and validation of decoded bundle
//! content against them.
//!
//! Schemas are registered by their `$id` (`urn:kuiperlint:<name>`) in one offline registry;
//! a validator is compiled once per schema, on first use, and shared by every file and thread.
//! Findings never quote the validated value (it may be a secret): messages are built from the
//! schema side of the error only.

mod formats;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Registry, Resource, Validator};
use serde_json::Value;

use crate::bundle::json::{Node, Value as JsonValue};

include!(concat!(env!("OUT_DIR"), "/embedded_schemas.rs"));

/// The `$id` prefix of our schemas.
pub const URN: &str = "urn:kuiperlint:";

/// Names of every embedded schema (`rule.2.x`, `sinks/mqtt.2.x`, ...), sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(name, _)| *name)
}

/// The text of a schema by name (with or without `.json`).
pub fn text(name: &str) -> Option<&'static str> {
    let name = name.strip_suffix(".json").unwrap_or(name);
    EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The eKuiper version line a schema name suffix stands for.
pub fn line_suffix(major: u16) -> &'static str {
    if major >= 2 {
        "2.x"
    } else {
        "1.x"
    }
}

/// The schema for `<kind>/<type>` on a version line: the line's own file if there is one, else
/// the one shared by every line.
pub fn for_type(kind: &str, ty: &str, line: &str) -> Option<&'static str> {
    let specific = format!("{kind}/{ty}.{line}");
    let shared = format!("{kind}/{ty}");
    EMBEDDED
        .iter()
        .map(|(n, _)| *n)
        .find(|n| *n == specific)
        .or_else(|| EMBEDDED.iter().map(|(n, _)| *n).find(|n| *n == shared))
}

struct Store {
    /// Parsed schema documents by `$id`.
    documents: HashMap<String, Value>,
    registry: Registry<'static>,
}

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let documents: HashMap<String, Value> = EMBEDDED
            .iter()
            .map(|(name, text)| {
                let doc: Value =
                    serde_json::from_str(text).expect("embedded schemas are JSON (tested)");
                (format!("{URN}{name}"), doc)
            })
            .collect();
        let registry = Registry::new()
            .extend(
                documents
                    .iter()
                    .map(|(id, doc)| (id.clone(), Resource::from_contents(doc.clone()))),
            )
            .and_then(|b| b.prepare())
            .expect("embedded schemas register offline (tested)");
        Store {
            documents,
            registry,
        }
    })
}

/// Compiles a validator for a schema reference (`urn:kuiperlint:<name>[#/pointer]`): offline,
/// against the registry of every embedded schema, with our formats checked.
fn compile(reference: &str) -> Result<Validator, jsonschema::ValidationError<'static>> {
    jsonschema::options()
        .offline()
        .with_registry(&store().registry)
        .with_format("go-duration", formats::go_duration)
        .with_format("cron", formats::cron)
        .with_format("ekuiper-datetime", formats::ekuiper_datetime)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(&serde_json::json!({ "$ref": reference }))
}

/// The type of a config whose file does not name one (`plant.yaml`): among the schemas of
/// `kind` (`sources`, ...) on `line`, the one that declares the most of `keys`, if it declares at
/// least two of them and most of them. None when no schema fits that well.
pub fn type_by_properties<'k>(
    kind: &str,
    line: &str,
    keys: impl IntoIterator<Item = &'k str> + Clone,
) -> Option<&'static str> {
    let total = keys.clone().into_iter().count();
    let prefix = format!("{kind}/");
    let mut best: Option<(usize, &'static str)> = None;
    for name in names().filter(|n| n.starts_with(&prefix)) {
        let ty = name[prefix.len()..].split('.').next().unwrap_or_default();
        // One file per type: the line's own, else the shared one.
        if for_type(kind, ty, line) != Some(name) || ty == "common" {
            continue;
        }
        let mut declared = HashSet::new();
        let id = format!("{URN}{name}");
        if let Some(doc) = store().documents.get(&id) {
            collect_properties(doc, &id, &mut declared, 0);
        }
        let known = keys
            .clone()
            .into_iter()
            .filter(|k| declared.contains(*k))
            .count();
        if known >= 2 && known * 3 >= total * 2 && best.is_none_or(|(n, _)| known > n) {
            best = Some((known, ty));
        }
    }
    best.map(|(_, ty)| ty)
}

/// The compiled validator of a schema, built on first use.
fn validator(name: &str) -> Option<Arc<Validator>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Validator>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(v) = cache.get(name) {
        return Some(v.clone());
    }
    text(name)?;
    let v = compile(&format!("{URN}{name}")).ok()?;
    let v = Arc::new(v);
    cache.insert(name.to_string(), v.clone());
    Some(v)
}

/// Compiles, ahead of use, the validator every bundle's rules need on a version line (and the
/// shared registry with it), so that a worker can do it while the file is still being parsed.
pub fn prepare(major: u16) {
    let _ = validator(&format!("rule.{}", line_suffix(major)));
}

/// What is wrong, in schema terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A key the schema does not declare; `known` are the keys it declares at that place.
    UnknownProperty { name: String, known: Vec<String> },
    /// A required key is absent.
    Missing { name: String },
    /// The value has the wrong JSON type.
    WrongType { expected: String },
    /// The value has the right type but is not allowed (range, enum, pattern, format, ...).
    InvalidValue { why: String },
    /// The value does not have any of the allowed shapes (oneOf, anyOf, not, ...).
    Shape { why: String },
}

/// One validation error: where in the validated document (a JSON pointer), and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    pub pointer: String,
    pub problem: Problem,
    /// The eKuiper code that refuses this value (`path.go:LINE@vX.Y.Z`), from the `x-refused-by`
    /// annotation of the schema ([`refused_by`]). None: eKuiper accepts the value, or we have no
    /// evidence that it refuses it, so the finding is a warning.
    pub refused_by: Option<String>,
}

/// Nesting beyond which values are not validated (the conversion for the validator and the
/// validator itself are recursive). No schema describes anything this deep, so the document is
/// still validated above it: a value deeper than this is validated as `null`.
const MAX_DEPTH: usize = 128;

/// Validates `node` (parsed from `text`) against schema `name`. None if there is no such schema.
///
/// eKuiper matches keys without regard to case, so a key that differs from a declared property
/// only in case is renamed to it and the document validated again: `SQL` then counts as `sql`
/// (no false "neither sql nor graph"), and the misspelling is still reported as an unknown
/// property whose `known` list holds the canonical name.
pub fn validate(name: &str, node: &Node, text: &str) -> Option<Vec<SchemaError>> {
    let validator = validator(name)?;
    let mut instance = to_value(node, text, 0);
    let mut renamed: Vec<SchemaError> = Vec::new();
    // Each round renames at least one key, and keys never get renamed back: few rounds suffice.
    for _ in 0..4 {
        let errors = errors(&validator, &instance);
        let case_only: Vec<(String, String, String)> = errors
            .iter()
            .filter_map(|e| match &e.problem {
                Problem::UnknownProperty { name, known } => known
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(name) && *k != name)
                    .map(|k| (e.pointer.clone(), name.clone(), k.clone())),
                _ => None,
            })
            .collect();
        if case_only.is_empty() {
            let mut all = renamed;
            all.extend(errors);
            return Some(all);
        }
        for (pointer, from, to) in case_only {
            if let Some(Value::Object(map)) = instance.pointer_mut(&pointer) {
                if let Some(v) = map.remove(&from) {
                    map.entry(to.clone()).or_insert(v);
                }
            }
            renamed.push(SchemaError {
                pointer,
                problem: Problem::UnknownProperty {
                    name: from,
                    known: vec![to],
                },
                refused_by: None,
            });
        }
    }
    Some(renamed)
}

/// The errors of one validation pass, without duplicates (a property declared by two composed
/// schemas is checked twice).
fn errors(validator: &Validator, instance: &Value) -> Vec<SchemaError> {
    // Most documents are valid: the yes/no check stops at nothing and collects nothing, which
    // is several times cheaper than walking for errors (docs/performance.md).
    if validator.is_valid(instance) {
        return Vec::new();
    }
    let mut out: Vec<SchemaError> = Vec::new();
    for e in validator.iter_errors(instance) {
        let pointer = e.instance_path().as_str().to_string();
        let refused = e
            .absolute_keyword_location()
            .and_then(|uri| refused_by(uri.as_str(), e.instance()));
        let problems = match e.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let known = e
                    .absolute_keyword_location()
                    .map(|uri| declared_properties(uri.as_str()))
                    .unwrap_or_default();
                unexpected
                    .iter()
                    .map(|name| Problem::UnknownProperty {
                        name: name.clone(),
                        known: known.clone(),
                    })
                    .collect()
            }
            ValidationErrorKind::Required { property } => vec![Problem::Missing {
                name: property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_string),
            }],
            ValidationErrorKind::Type { .. } => vec![Problem::WrongType {
                expected: masked(&e),
            }],
            ValidationErrorKind::AnyOf { .. }
            | ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::OneOfMultipleValid { .. }
            | ValidationErrorKind::Not { .. }
            | ValidationErrorKind::FalseSchema => {
                let why = e
                    .absolute_keyword_location()
                    .and_then(|uri| schema_message(uri.as_str()))
                    .unwrap_or_else(|| masked(&e));
                vec![Problem::Shape { why }]
            }
            _ => {
                let why = e
                    .absolute_keyword_location()
                    .and_then(|uri| schema_message(uri.as_str()))
                    .unwrap_or_else(|| masked(&e));
                vec![Problem::InvalidValue { why }]
            }
        };
        for problem in problems {
            let error = SchemaError {
                pointer: pointer.clone(),
                problem,
                refused_by: refused.clone(),
            };
            if !out.contains(&error) {
                out.push(error);
            }
        }
    }
    out
}

/// The `x-message` our schemas put beside a keyword (a `oneOf`, a case-insensitive enum
/// pattern) to explain it in eKuiper's terms, for the keyword at `location`.
fn schema_message(location: &str) -> Option<String> {
    let (id, fragment) = location.split_once('#').unwrap_or((location, ""));
    let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
    let schema = store()
        .documents
        .get(id)?
        .pointer(&decode_fragment(parent))?;
    Some(schema.get("x-message")?.as_str()?.to_string())
}

/// The eKuiper code that refuses a value failing the keyword at `location`: the entry for that
/// keyword in the `x-refused-by` object of the nearest schema object, from the keyword's own up
/// to the document root, that has one (schemas/README.md); `null` there means "no evidence".
/// The key `type-decoded` stands for a type check done by a decoder that converts any JSON
/// number to an integer field (mapstructure truncates `1.5`): it refuses every wrong type but a
/// number where an integer is declared.
fn refused_by(location: &str, instance: &Value) -> Option<String> {
    let (id, fragment) = location.split_once('#')?;
    let document = store().documents.get(id)?;
    let fragment = decode_fragment(fragment);
    let (parent, keyword) = fragment.rsplit_once('/')?;
    let declared = document.pointer(&fragment);
    let number_for_integer = instance.is_number()
        && match declared {
            Some(Value::String(t)) => t == "integer",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
            _ => false,
        };
    let mut at = parent;
    loop {
        if let Some(Value::Object(annotation)) =
            document.pointer(at).and_then(|s| s.get("x-refused-by"))
        {
            let entry = match annotation.get("type-decoded") {
                Some(_) if keyword == "type" && number_for_integer => return None,
                Some(decoded) if keyword == "type" && !annotation.contains_key("type") => {
                    Some(decoded)
                }
                _ => annotation.get(keyword),
            };
            match entry {
                Some(Value::String(reference)) => return Some(reference.clone()),
                // `null`: this part of the schema has no evidence, whatever its ancestors say.
                Some(_) => return None,
                None => {}
            }
        }
        let (up, _) = at.rsplit_once('/')?;
        at = up;
    }
}

/// The error's message without the instance value (which may be a secret).
fn masked(e: &jsonschema::ValidationError) -> String {
    e.masked().to_string()
}

/// Property names declared by the schema object that holds the keyword at `location`
/// (`urn:kuiperlint:x#/pointer/unevaluatedProperties`), following `$ref` and the branches of
/// `allOf`/`anyOf`/`oneOf`/`if`/`then`/`else`, as the validator does.
fn declared_properties(location: &str) -> Vec<String> {
    let (id, fragment) = location.split_once('#').unwrap_or((location, ""));
    let parent = fragment.rsplit_once('/').map_or("", |(p, _)| p);
    let Some(schema) = store()
        .documents
        .get(id)
        .and_then(|d| d.pointer(&decode_fragment(parent)))
    else {
        return Vec::new();
    };
    let mut names = HashSet::new();
    collect_properties(schema, id, &mut names, 0);
    let mut names: Vec<String> = names.into_iter().collect();
    names.sort();
    names
}

fn decode_fragment(fragment: &str) -> String {
    fragment.replace("%24", "$").replace("%25", "%")
}

fn collect_properties(schema: &Value, base: &str, into: &mut HashSet<String>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Value::Object(map) = schema else { return };
    if let Some(Value::Object(props)) = map.get("properties") {
        into.extend(props.keys().cloned());
    }
    if let Some(Value::String(reference)) = map.get("$ref") {
        let (id, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let id = if id.is_empty() { base } else { id };
        if let Some(target) = store()
            .documents
            .get(id)
            .and_then(|d| d.pointer(&decode_fragment(fragment)))
        {
            collect_properties(target, id, into, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = map.get(key) {
            for b in branches {
                collect_properties(b, base, into, depth + 1);
            }
        }
    }
    for key in ["if", "then", "else"] {
        if let Some(b) = map.get(key) {
            collect_properties(b, base, into, depth + 1);
        }
    }
}

/// Our parse tree as a serde_json value (what the validator takes). Duplicate keys keep the
/// last value, as eKuiper does.
fn to_value(node: &Node, text: &str, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match &node.value {
        JsonValue::Null | JsonValue::Invalid => Value::Null,
        JsonValue::Bool(b) => Value::Bool(*b),
        JsonValue::Number => serde_json::from_str(&text[node.span.range()]).unwrap_or(Value::Null),
        JsonValue::String(s) => Value::String(s.value.clone()),
        JsonValue::Array(items) => {
            Value::Array(items.iter().map(|n| to_value(n, text, depth + 1)).collect())
        }
        JsonValue::Object(members) => {
            let mut map = serde_json::Map::with_capacity(members.len());
            for m in members {
                map.insert(m.key.value.clone(), to_value(&m.value, text, depth + 1));
            }
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests;
