//! What a migration sees and does: the layer of text it edits (the file, or a JSON string
//! in it, through every escape) and its context, [`Cx`], which records edits and warnings.

use super::*;

/// A text in which a migration edits: the file itself, or a decoded JSON string of it.
#[derive(Clone, Debug)]
pub struct Layer<'a> {
    pub text: &'a str,
    pub map: SourceMap<'a>,
}

impl<'a> Layer<'a> {
    pub fn file(text: &'a str) -> Self {
        Layer {
            text,
            map: SourceMap::file(),
        }
    }

    pub fn to_file(&self, span: Span) -> Span {
        self.map.to_file(span)
    }

    /// The edit of the file that replaces `span` of this layer's text by `text`, escaped once per
    /// level of encoding.
    pub fn edit(&self, span: Span, text: &str) -> Edit {
        self.map.edit(span, text)
    }

    /// The separator between key and value used in `style` (or `": "`).
    pub fn colon_of(&self, style: &Node) -> String {
        style
            .descendants()
            .find_map(|n| colon_style(self.text, n))
            .unwrap_or_else(|| ": ".to_string())
    }

    /// The edit that appends `members` (key, JSON value text) to object `obj` of this layer,
    /// in the style of the object (or of `style`, an object that holds it, when it is empty):
    /// same separator, indentation and space after the colon.
    pub fn append_members(&self, obj: &Node, style: &Node, members: &[(String, String)]) -> Edit {
        let t = self.text;
        let colon = colon_style(t, obj)
            .or_else(|| style.descendants().find_map(|n| colon_style(t, n)))
            .unwrap_or_else(|| ": ".to_string());
        let rendered: Vec<String> = members
            .iter()
            .map(|(k, v)| format!("{}{colon}{v}", serde_json::to_string(k).unwrap_or_default()))
            .collect();
        let existing = obj.as_object().unwrap_or_default();
        match existing {
            [] => {
                // `{}` or `{ }`: put the members right after the brace.
                let inner = &t[obj.span.start + 1..obj.span.end - 1];
                let (lead, sep) = if inner.contains('\n') {
                    let indent = line_indent(t, obj.span.start);
                    let lead = format!("\n{indent}  ");
                    (lead.clone(), format!(",{lead}"))
                } else if colon.ends_with(' ') {
                    (String::new(), ", ".to_string())
                } else {
                    (String::new(), ",".to_string())
                };
                let text = format!("{lead}{}", rendered.join(&sep));
                self.edit(Span::empty(obj.span.start + 1), &text)
            }
            _ => {
                let sep = member_separator(t, obj, existing);
                let last = existing.last().expect("not empty");
                let text: String = rendered.iter().map(|r| format!("{sep}{r}")).collect();
                self.edit(Span::empty(last.value.span.end), &text)
            }
        }
    }
}

/// The text between a key and its value (`": "`, `":"`), when it is plain.
fn colon_style(text: &str, obj: &Node) -> Option<String> {
    let m = obj.as_object()?.first()?;
    let between = &text[m.key_span.end..m.value.span.start];
    plain(between, ':').then(|| between.to_string())
}

/// Whitespace and exactly one `sep`.
fn plain(s: &str, sep: char) -> bool {
    s.chars().filter(|&c| c == sep).count() == 1
        && s.chars().all(|c| c == sep || c.is_ascii_whitespace())
}

/// What separates members of `obj`, e.g. `,\n  ` or `, `.
fn member_separator(text: &str, obj: &Node, members: &[Member]) -> String {
    if let [a, b, ..] = members {
        let between = &text[a.value.span.end..b.key_span.start];
        if plain(between, ',') {
            return between.to_string();
        }
    }
    let lead = &text[obj.span.start + 1..members[0].key_span.start];
    if lead.chars().all(|c| c.is_ascii_whitespace()) {
        format!(",{lead}")
    } else {
        ", ".to_string()
    }
}

/// The leading whitespace of the line that holds `offset`.
fn line_indent(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// The JSON text of a string value.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What migrations work with: the bundle, the versions, and where results go.
pub struct Cx<'a> {
    pub text: &'a str,
    pub bundle: &'a Bundle<'a>,
    pub from: VersionRange,
    pub to: VersionRange,
    /// The result is written in the YAML format (M015).
    pub writes_yaml: bool,
    /// The migration running now: what it records is its.
    pub(super) migration: &'static Migration,
    pub(super) changes: Vec<Change>,
    /// (index of the change it belongs to, edit in file coordinates)
    pub(super) edits: Vec<(usize, Edit)>,
    /// Top-level sections to add as `{}`, in section order (one edit at the end of the root).
    pub(super) new_sections: Vec<SectionKind>,
}

/// A JSON entry of the bundle (a rule, a config type, ...) that parsed cleanly.
pub struct JsonEntry<'e, 'a> {
    pub entry: &'e Entry<'a>,
    pub value: &'e Node,
    pub layer: Layer<'a>,
}

/// An object of plugin properties: a confKey of a config section, or the props of an action.
pub struct Props<'e, 'a> {
    /// Config section, or `Rules` for an action.
    pub section: SectionKind,
    /// The plugin (source/sink/connection type).
    pub plugin: &'e str,
    /// For messages: "sink config `sql`/`conf1`", "action 1 (`sql`) of rule `r1`".
    pub what: String,
    pub props: &'e Node,
    pub layer: Layer<'a>,
}

impl<'e, 'a> Props<'e, 'a> {
    pub fn is_action(&self) -> bool {
        self.section == SectionKind::Rules
    }

    /// Every member whose key equals `key` (exactly: mapstructure decoding of plugin props in
    /// eKuiper matches exact names first; we only rewrite exact spellings).
    pub fn members(&self, key: &str) -> impl Iterator<Item = &'e Member> + '_ {
        let key = key.to_string();
        self.props
            .as_object()
            .unwrap_or_default()
            .iter()
            .filter(move |m| m.key.value == key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.members(key).next().is_some()
    }
}

impl<'a> Cx<'a> {
    /// Records an applied change with its edits (already in file coordinates).
    pub fn apply(&mut self, span: Span, message: impl Into<String>, edits: Vec<Edit>) {
        let i = self.changes.len();
        self.changes.push(Change {
            migration: self.migration,
            action: Action::Applied,
            span,
            message: message.into(),
        });
        self.edits.extend(edits.into_iter().map(|e| (i, e)));
    }

    /// Records a warning at `span` of the file.
    pub fn warn(&mut self, span: Span, message: impl Into<String>) {
        self.changes.push(Change {
            migration: self.migration,
            action: Action::Warned,
            span,
            message: message.into(),
        });
    }

    /// Adds the top-level sections `kinds` that the bundle lacks as `{}` (one edit at the end of
    /// the root object, whoever asks), reported as one change. Returns the ones added.
    pub fn add_sections(&mut self, kinds: &[SectionKind], why: &str) -> Vec<SectionKind> {
        let added: Vec<SectionKind> = kinds
            .iter()
            .copied()
            .filter(|k| !self.has_section(*k) && !self.new_sections.contains(k))
            .collect();
        if added.is_empty() {
            return added;
        }
        self.new_sections.extend(&added);
        self.new_sections
            .sort_by_key(|k| SectionKind::ALL.iter().position(|x| x == k));
        let end = self.bundle.root.span.end;
        let names: Vec<String> = added.iter().map(|k| format!("`{}`", k.key())).collect();
        self.apply(
            Span::new(end - 1, end),
            format!("added {} as {{}}: {why}", names.join(", ")),
            Vec::new(),
        );
        added
    }

    /// Whether the bundle has a top-level member for `kind` (any spelling eKuiper accepts).
    pub fn has_section(&self, kind: SectionKind) -> bool {
        self.bundle.sections.iter().any(|s| s.kind == Some(kind))
    }

    pub fn crossing(&self, at: Version) -> Crossing {
        crossing(self.from, self.to, at)
    }

    /// The entries of `kind` whose string parsed as one JSON value without any syntax problem
    /// (broken ones are left to `kuiperlint check`).
    pub fn json_entries(&self, kind: SectionKind) -> Vec<JsonEntry<'a, 'a>> {
        let bundle: &'a Bundle<'a> = self.bundle;
        bundle
            .section_entries(kind)
            .filter_map(|entry| {
                let doc = entry.json.as_ref()?;
                if doc.has_errors() {
                    return None;
                }
                let value = entry.json_value()?;
                let emb = entry.embedded.as_ref()?;
                Some(JsonEntry {
                    entry,
                    value,
                    layer: Layer {
                        text: emb.text,
                        map: emb.map.clone(),
                    },
                })
            })
            .collect()
    }

    /// Every rule that parsed cleanly to an object.
    pub fn rules(&self) -> Vec<JsonEntry<'a, 'a>> {
        self.json_entries(SectionKind::Rules)
            .into_iter()
            .filter(|r| r.value.as_object().is_some())
            .collect()
    }

    /// Every props object: each confKey of the three config sections, and (when `actions`)
    /// each action of each rule.
    pub fn props(&self, actions: bool) -> Vec<Props<'a, 'a>> {
        let mut out = Vec::new();
        for kind in [
            SectionKind::SourceConfig,
            SectionKind::SinkConfig,
            SectionKind::ConnectionConfig,
        ] {
            for e in self.json_entries(kind) {
                for conf in e.value.as_object().unwrap_or_default() {
                    if conf.value.as_object().is_none() {
                        continue;
                    }
                    out.push(Props {
                        section: kind,
                        plugin: e.entry.name(),
                        what: format!(
                            "{} `{}`/`{}`",
                            kind.entry_noun(),
                            e.entry.name(),
                            conf.key.value
                        ),
                        props: &conf.value,
                        layer: e.layer.clone(),
                    });
                }
            }
        }
        if actions {
            for r in self.rules() {
                let Some(acts) = r.value.field("actions") else {
                    continue;
                };
                let Value::Array(items) = &acts.value.value else {
                    continue;
                };
                for (i, action) in items.iter().enumerate() {
                    for m in action.as_object().unwrap_or_default() {
                        if m.value.as_object().is_none() {
                            continue;
                        }
                        out.push(Props {
                            section: SectionKind::Rules,
                            plugin: &m.key.value,
                            what: format!(
                                "action {} (`{}`) of rule `{}`",
                                i,
                                m.key.value,
                                r.entry.name()
                            ),
                            props: &m.value,
                            layer: r.layer.clone(),
                        });
                    }
                }
            }
        }
        out
    }
}
