//! Every decoded entry validated against the JSON Schema for its kind and the target's version
//! line: what the `C` lints report.

use rayon::prelude::*;

use crate::analysis::schema::{self, Problem, SchemaError};
use crate::bundle::json::Node;
use crate::bundle::{escape_pointer, Bundle, Entry, SectionKind};
use crate::ekuiper::version::Version;
use crate::source::span::Span;

/// One schema problem of one entry.
pub struct ConfigFinding<'a> {
    pub entry: &'a Entry<'a>,
    /// The validated value: the whole decoded entry, or one confKey's properties.
    pub validated: &'a Node,
    /// JSON pointer of `validated` inside the decoded entry (`""` or `/<confKey>`).
    pub base: String,
    pub schema: &'static str,
    pub error: SchemaError,
}

/// A config type with no schema (a plugin, or a type we do not describe).
pub struct Unschematized<'a> {
    pub entry: &'a Entry<'a>,
    pub kind: &'static str,
}

#[derive(Default)]
pub struct ConfigAnalysis<'a> {
    pub findings: Vec<ConfigFinding<'a>>,
    pub unschematized: Vec<Unschematized<'a>>,
}

impl<'a> ConfigAnalysis<'a> {
    pub fn of_bundles(bundles: &'a [Bundle<'a>], target: Version) -> Self {
        let line = schema::line_suffix(target.major);
        // Entries validate independently (a rule each, mostly): on the worker pool (`--jobs`),
        // gathered in file order.
        let entries: Vec<&'a Entry<'a>> = bundles.iter().flat_map(|b| b.entries()).collect();
        let per_entry: Vec<ConfigAnalysis<'a>> = entries
            .into_par_iter()
            .map(|entry| ConfigAnalysis::of_entry(entry, line))
            .collect();
        let mut a = ConfigAnalysis::default();
        for e in per_entry {
            a.findings.extend(e.findings);
            a.unschematized.extend(e.unschematized);
        }
        a
    }

    fn of_entry(entry: &'a Entry<'a>, line: &str) -> Self {
        let mut a = ConfigAnalysis::default();
        let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
            return a;
        };
        // A decoded value that is not an object is B010's finding; its schema errors would
        // only repeat it.
        if root.as_object().is_none() {
            return a;
        }
        let name = match EntrySchema::of(entry, root, line) {
            Some(EntrySchema::Whole(name)) => {
                a.validate(entry, root, String::new(), name, embedded.text);
                return a;
            }
            Some(EntrySchema::PerConfKey(name)) => name,
            Some(EntrySchema::Unknown(kind)) => {
                a.unschematized.push(Unschematized { entry, kind });
                return a;
            }
            None => return a,
        };
        for m in root
            .as_object()
            .unwrap_or_default()
            .iter()
            .filter(|m| m.value.as_object().is_some())
        {
            a.validate(
                entry,
                &m.value,
                format!("/{}", escape_pointer(&m.key.value)),
                name,
                embedded.text,
            );
        }
        a
    }

    fn validate(
        &mut self,
        entry: &'a Entry<'a>,
        node: &'a Node,
        base: String,
        schema: &'static str,
        text: &str,
    ) {
        for error in schema::validate(schema, node, text).unwrap_or_default() {
            self.findings.push(ConfigFinding {
                entry,
                validated: node,
                base: base.clone(),
                schema,
                error,
            });
        }
    }
}

/// The schema an entry's decoded value is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntrySchema {
    /// The whole value: a rule, a plugin, a service, ...
    Whole(&'static str),
    /// The properties under each confKey: a source, sink or connection type.
    PerConfKey(&'static str),
    /// A config type we have no schema for (a plugin's, or one we do not describe), of this
    /// kind (`sources`, `sinks`, `connections`).
    Unknown(&'static str),
}

impl EntrySchema {
    /// The schema of `entry`, whose decoded value is `root`, on the version `line` (`2.x`);
    /// None for sections whose entries are not JSON objects (streams, tables).
    pub fn of(entry: &Entry, root: &Node, line: &str) -> Option<EntrySchema> {
        let fixed = match entry.section {
            SectionKind::Rules => Some(format!("rule.{line}")),
            SectionKind::NativePlugins => Some("entries/native-plugin".to_string()),
            SectionKind::PortablePlugins => Some("entries/portable-plugin".to_string()),
            SectionKind::Service => Some("entries/service".to_string()),
            SectionKind::Schema => Some("entries/schema".to_string()),
            SectionKind::Uploads => Some("entries/upload".to_string()),
            SectionKind::Scripts => Some("entries/script".to_string()),
            _ => None,
        };
        if let Some(name) = fixed {
            return schema::names().find(|n| *n == name).map(EntrySchema::Whole);
        }
        let kind = match entry.section {
            SectionKind::SourceConfig => "sources",
            SectionKind::SinkConfig => "sinks",
            SectionKind::ConnectionConfig => "connections",
            _ => return None,
        };
        let props = root
            .as_object()
            .unwrap_or_default()
            .iter()
            .filter_map(|m| m.value.as_object())
            .flatten()
            .map(|p| p.key.value.as_str());
        // A config file that does not name its type (`plant.yaml`, found by its shape) is
        // checked as the type whose schema knows its properties.
        let ty = match schema::for_type(kind, entry.name(), line) {
            Some(_) => Some(entry.name()),
            None if entry.name_from_file() => schema::type_by_properties(kind, line, props),
            None => None,
        };
        Some(match ty.and_then(|ty| schema::for_type(kind, ty, line)) {
            Some(name) => EntrySchema::PerConfKey(name),
            None => EntrySchema::Unknown(kind),
        })
    }
}

impl ConfigFinding<'_> {
    /// The node the error is about, and the span to report (in the entry's decoded text).
    pub fn target(&self) -> (Span, String) {
        let node = self
            .validated
            .at_pointer(&self.error.pointer)
            .unwrap_or(self.validated);
        let pointer = format!("{}{}", self.base, self.error.pointer);
        match &self.error.problem {
            Problem::UnknownProperty { name, .. } => {
                let key = node
                    .as_object()
                    .and_then(|ms| ms.iter().rev().find(|m| &m.key.value == name));
                match key {
                    Some(m) => (m.key_span, format!("{pointer}/{}", escape_pointer(name))),
                    None => (node.span, pointer),
                }
            }
            // The opening brace of the object that lacks the property.
            Problem::Missing { .. } => (Span::new(node.span.start, node.span.start + 1), pointer),
            _ => (node.span, pointer),
        }
    }

    /// The span of the key of an unknown property, in the entry's decoded text, when renaming
    /// it to `to` leaves one key of that name (the object has no `to` yet).
    pub fn renamable_key(&self, to: &str) -> Option<Span> {
        let Problem::UnknownProperty { name, .. } = &self.error.problem else {
            return None;
        };
        let members = self
            .validated
            .at_pointer(&self.error.pointer)
            .unwrap_or(self.validated)
            .as_object()?;
        if members.iter().any(|m| m.key.value == to) {
            return None;
        }
        let mut named = members.iter().filter(|m| &m.key.value == name);
        let key = named.next()?;
        // A key written twice (B012) is for the duplicate-key fix to settle first.
        named.next().is_none().then_some(key.key_span)
    }

    /// The property the error is about, for messages: the last pointer token, or the entry.
    pub fn subject(&self) -> String {
        match self.error.pointer.rsplit_once('/') {
            Some((_, last)) if !last.is_empty() => {
                format!("`{}`", last.replace("~1", "/").replace("~0", "~"))
            }
            _ => match self.base.strip_prefix('/') {
                Some(conf_key) => format!("confKey `{conf_key}`"),
                None => format!(
                    "{} `{}`",
                    self.entry.section.entry_noun(),
                    self.entry.name()
                ),
            },
        }
    }
}
