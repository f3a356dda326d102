//! What a file holds — a data bundle, a rule, a list of rules, SQL, an `etc/` config file, the
//! 2.x YAML export — decided from its name and content, and the bundle view every kind is checked
//! through.
//!
//! Teams keep eKuiper configuration as many small files: a rule per file (the body of `kuiper
//! create rule NAME -f rule.json`), `etc/sources/mqtt.yaml` with confKeys, YAML exports. Every lint
//! is written against bundle sections and entries; instead of teaching each lint every file
//! shape, each shape is presented as the sections it stands for. A rule file is a `rules` section
//! with one entry; `etc/sources/mqtt.yaml` is `sourceConfig.mqtt`; a YAML bundle regroups its
//! `sources.mqtt.conf1` keys per plugin type. The view's entries are *structured*: their values are
//! nodes of the file itself (spans are file spans), not JSON encoded in strings.

use std::path::Path;

use super::json::{Document, JsonString, Member, Node, Value};
use super::SectionKind;
use crate::source::span::Span;

/// The kinds of files kuiperlint checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum FileKind {
    /// A JSON data bundle (`kuiper import data`), or a ruleset file (its three-section subset).
    Bundle,
    /// The 2.x YAML export (`POST /v2/data/import`).
    YamlBundle,
    /// One rule: the body of `kuiper create rule NAME -f FILE` or `POST /rules`.
    Rule,
    /// The body of `POST /streams` or `POST /tables`: `{"sql": "CREATE STREAM ..."}`.
    StreamBody,
    /// A JSON array of rules. (`--kind rules` is kept as an alias of the name reports use.)
    #[value(name = "rule-list", alias = "rules")]
    Rules,
    /// `;`-separated CREATE STREAM/TABLE and SELECT statements.
    Sql,
    /// `etc/sources/<type>.yaml`: `{confKey: {props}}` of one source type.
    SourceConfig,
    /// `etc/sinks/<type>.yaml`: `{confKey: {props}}` of one sink type.
    SinkConfig,
    /// `etc/connections/connection.yaml`: `{type: {name: {props}}}`.
    ConnectionConfig,
    /// Plugin metadata (`etc/sources/*.json` with `about`, `properties`): describes a plugin to
    /// eKuiper's UI; nothing to check against a server.
    PluginMetadata,
    /// YAML that is not eKuiper configuration (`docker-compose.yml`, CI files): not checked, and
    /// the run says so.
    OtherYaml,
    /// JSON that is plainly not eKuiper's: a tool's file (`package.json`, `tsconfig.json`), or
    /// an object none of whose keys is, or nearly is, a bundle section, and which is no rule:
    /// not checked, and the run says so.
    OtherJson,
}

impl FileKind {
    /// The name used in reports and accepted by `--kind`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Bundle => "bundle",
            FileKind::YamlBundle => "yaml-bundle",
            FileKind::Rule => "rule",
            FileKind::Rules => "rule-list",
            FileKind::StreamBody => "stream-body",
            FileKind::Sql => "sql",
            FileKind::SourceConfig => "source-config",
            FileKind::SinkConfig => "sink-config",
            FileKind::ConnectionConfig => "connection-config",
            FileKind::PluginMetadata => "plugin-metadata",
            FileKind::OtherYaml => "other-yaml",
            FileKind::OtherJson => "other-json",
        }
    }

    /// Whether kuiperlint checks files of this kind (plugin metadata and other YAML configure
    /// nothing on a server).
    pub fn is_checked(self) -> bool {
        !matches!(
            self,
            FileKind::PluginMetadata | FileKind::OtherYaml | FileKind::OtherJson
        )
    }

    /// Whether the file is parsed as YAML.
    pub fn is_yaml(self) -> bool {
        matches!(
            self,
            FileKind::YamlBundle
                | FileKind::SourceConfig
                | FileKind::SinkConfig
                | FileKind::ConnectionConfig
                | FileKind::OtherYaml
        )
    }

    /// The kind a file name says before its content is read: `.sql` is SQL, `.yaml`/`.yml` is a
    /// YAML file of some kind (decided by [`FileKind::detect`]), anything else JSON.
    pub fn from_name(name: &str) -> FileKind {
        if has_extension(name, &["sql"]) {
            FileKind::Sql
        } else if has_extension(name, &["yaml", "yml"]) {
            FileKind::YamlBundle
        } else {
            FileKind::Bundle
        }
    }

    /// Like [`FileKind::from_name`], but a text without a telling extension (standard input,
    /// `bundle.txt`) is read by its first line of content: SQL when it starts a `CREATE` or
    /// `SELECT` statement, YAML when it is a `key:` line.
    pub fn from_name_and_text(name: &str, text: &str) -> FileKind {
        let by_name = FileKind::from_name(name);
        if by_name != FileKind::Bundle || has_extension(name, &["json"]) {
            return by_name;
        }
        let first = text.lines().map(str::trim).find(|l| {
            !l.is_empty()
                && !l.starts_with('#')
                && !l.starts_with("//")
                && !l.starts_with("--")
                && !l.starts_with("/*")
        });
        let first_word = first
            .and_then(|l| l.split(|c: char| !c.is_ascii_alphabetic()).next())
            .unwrap_or_default();
        if ["CREATE", "SELECT"]
            .iter()
            .any(|k| first_word.eq_ignore_ascii_case(k))
        {
            return FileKind::Sql;
        }
        let yaml_key = first.is_some_and(|l| {
            l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && l.contains(':')
        });
        if yaml_key {
            FileKind::YamlBundle
        } else {
            by_name
        }
    }

    /// Refines the kind the name gave from the parsed content (`doc`, parsed as that kind says).
    pub fn detect(name: &str, doc: &Document) -> FileKind {
        FileKind::detect_as(FileKind::from_name(name), name, doc)
    }

    /// Refines `by_name` (`Bundle` for a JSON document, `YamlBundle` for YAML) from the content.
    pub fn detect_as(by_name: FileKind, name: &str, doc: &Document) -> FileKind {
        let Some(root) = doc.values.first() else {
            return by_name;
        };
        let path = name.replace('\\', "/");
        let under = |dir: &str| path.contains(&format!("{dir}/")) || path.starts_with(dir);
        match (by_name, &root.value) {
            (FileKind::Bundle, _) if TOOL_FILES.iter().any(|t| tool_file(name, t)) => {
                FileKind::OtherJson
            }
            (FileKind::Bundle, Value::Array(items))
                if !items.is_empty() && items.iter().all(looks_like_rule) =>
            {
                FileKind::Rules
            }
            (FileKind::Bundle, Value::Object(_)) if has_section_key(root) => FileKind::Bundle,
            (FileKind::Bundle, Value::Object(_)) if created_source(root).is_some() => {
                FileKind::StreamBody
            }
            (FileKind::Bundle, Value::Object(_)) if looks_like_rule(root) => FileKind::Rule,
            (FileKind::Bundle, Value::Object(_))
                if root.field("about").is_some() || root.field("libs").is_some() =>
            {
                FileKind::PluginMetadata
            }
            (FileKind::Bundle, Value::Object(members))
                if !members.is_empty() && !members.iter().any(|m| near_section(&m.key.value)) =>
            {
                FileKind::OtherJson
            }
            (FileKind::YamlBundle, Value::Object(_)) if has_section_key(root) => {
                FileKind::YamlBundle
            }
            (FileKind::YamlBundle, Value::Object(_)) if under("connections") => {
                FileKind::ConnectionConfig
            }
            (FileKind::YamlBundle, Value::Object(_))
                if under("sinks") || stem(name).ends_with("_sink") =>
            {
                FileKind::SinkConfig
            }
            // A source config is recognisable by where it lives or by naming a source type.
            (FileKind::YamlBundle, Value::Object(_))
                if under("sources")
                    || stem(name).ends_with("_source")
                    || crate::ekuiper::builtins::BUILTIN_SOURCES.contains(&plugin_of(name)) =>
            {
                FileKind::SourceConfig
            }
            // Anywhere else, a source config is recognisable by its shape: eKuiper's own
            // `etc/sources/*.yaml` always have a `default` confKey of properties.
            (FileKind::YamlBundle, Value::Object(_)) if looks_like_conf_keys(root) => {
                FileKind::SourceConfig
            }
            (FileKind::YamlBundle, _) => FileKind::OtherYaml,
            _ => by_name,
        }
    }
}

fn has_extension(name: &str, extensions: &[&str]) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn stem(name: &str) -> &str {
    Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
}

/// The plugin type an `etc/` config file is for: `etc/sources/mqtt.yaml` and the older
/// `etc/mqtt_source.yaml` both configure `mqtt`.
pub fn plugin_of(name: &str) -> &str {
    let s = stem(name);
    s.strip_suffix("_source")
        .or_else(|| s.strip_suffix("_sink"))
        .unwrap_or(s)
}

fn has_section_key(root: &Node) -> bool {
    root.as_object()
        .unwrap_or_default()
        .iter()
        .any(|m| SectionKind::from_key(&m.key.value).is_some())
}

/// What the body of `POST /streams` or `/tables` creates: an object without a rule's `actions`
/// or `graph` whose `sql` is a CREATE STREAM or CREATE TABLE statement, as (section, name).
/// The name is the statement's (eKuiper takes it from there), or empty when none is written.
fn created_source(root: &Node) -> Option<(SectionKind, String)> {
    if root.field("actions").is_some() || root.field("graph").is_some() {
        return None;
    }
    let sql = root.field("sql")?.value.as_str()?;
    let mut words = sql
        .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
        .filter(|w| !w.is_empty());
    if !words.next()?.eq_ignore_ascii_case("CREATE") {
        return None;
    }
    let kind = match words.next()?.to_ascii_uppercase().as_str() {
        "STREAM" => SectionKind::Streams,
        "TABLE" => SectionKind::Tables,
        _ => return None,
    };
    let name = words.next().unwrap_or_default().trim_matches('`');
    Some((kind, name.to_string()))
}

/// JSON files of other tools, by name (`*` stands for any text): never an eKuiper bundle, even
/// when a key looks like a section (`package.json` has `scripts`).
const TOOL_FILES: &[&str] = &[
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "composer.json",
    "composer.lock",
    "tsconfig*.json",
    "jsconfig*.json",
    "deno.json",
    "lerna.json",
    "renovate.json",
    ".eslintrc*.json",
    ".prettierrc*.json",
    ".babelrc*.json",
    "devcontainer.json",
    "launch.json",
    "settings.json",
    "extensions.json",
];

/// Whether the file name of `path` matches `pattern` (at most one `*`).
fn tool_file(path: &str, pattern: &str) -> bool {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match pattern.split_once('*') {
        Some((head, tail)) => {
            name.len() >= head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
        }
        None => name == pattern,
    }
}

/// A section key in any case, or one a typo away from one (`stream`, `rule`): a bundle's key.
fn near_section(key: &str) -> bool {
    SectionKind::from_key(key).is_some()
        || SectionKind::ALL
            .iter()
            .any(|s| crate::source::suggest::did_you_mean(key, [s.key()]).is_some())
}

/// `{confKey: {props}}` with a `default` confKey: the shape of a source config file.
fn looks_like_conf_keys(root: &Node) -> bool {
    let members = root.as_object().unwrap_or_default();
    root.field("default")
        .is_some_and(|d| d.value.as_object().is_some_and(|p| !p.is_empty()))
        && members
            .iter()
            .all(|m| matches!(m.value.value, Value::Object(_) | Value::Null))
}

/// An object with the fields only a rule has.
fn looks_like_rule(node: &Node) -> bool {
    ["sql", "graph", "actions"]
        .iter()
        .any(|k| node.field(k).is_some())
}

/// One section of a view: its (synthetic or real) member, its kind, and its entries.
#[derive(Debug)]
pub struct ViewSection {
    pub member: Member,
    pub kind: Option<SectionKind>,
    pub entries: Vec<Member>,
}

/// A member with `key` at `key_span` (the span of the text that names it) holding `value`.
fn member(key: &str, key_span: Span, value: Node) -> Member {
    Member {
        key: JsonString::new(key.to_string(), Vec::new(), 0),
        key_span,
        value,
    }
}

/// A section member for a view: its value is a placeholder spanning `span` (lints read a
/// section's entries, not its value, for structured files).
fn section(kind: SectionKind, key_span: Span, span: Span, entries: Vec<Member>) -> ViewSection {
    ViewSection {
        member: member(
            kind.key(),
            key_span,
            Node {
                span,
                value: Value::Null,
            },
        ),
        kind: Some(kind),
        entries,
    }
}

/// The sections a structured file stands for (empty for a JSON bundle and for SQL, which are
/// read directly).
pub fn view(kind: FileKind, name: &str, text: &str, doc: &Document) -> Vec<ViewSection> {
    let Some(root) = doc.values.first() else {
        return Vec::new();
    };
    let whole = root.span;
    let here = Span::empty(whole.start);
    match kind {
        FileKind::Bundle
        | FileKind::Sql
        | FileKind::PluginMetadata
        | FileKind::OtherYaml
        | FileKind::OtherJson => Vec::new(),
        FileKind::Rule => {
            // Every concatenated rule object is a rule (B005 says they were concatenated).
            let rules = doc.values.iter().map(|r| rule_member(r, name)).collect();
            vec![section(SectionKind::Rules, here, whole, rules)]
        }
        FileKind::StreamBody => {
            let (Some(sql), Some((kind, created))) = (root.field("sql"), created_source(root))
            else {
                return Vec::new();
            };
            let entry = member(&created, sql.value.span, sql.value.clone());
            vec![section(kind, here, whole, vec![entry])]
        }
        FileKind::Rules => {
            let rules = match &root.value {
                Value::Array(items) => items.iter().map(|r| rule_member(r, name)).collect(),
                _ => Vec::new(),
            };
            vec![section(SectionKind::Rules, here, whole, rules)]
        }
        FileKind::SourceConfig | FileKind::SinkConfig => {
            let section_kind = if kind == FileKind::SourceConfig {
                SectionKind::SourceConfig
            } else {
                SectionKind::SinkConfig
            };
            let entry = member(plugin_of(name), here, root.clone());
            vec![section(section_kind, here, whole, vec![entry])]
        }
        FileKind::ConnectionConfig => {
            let entries = root.as_object().unwrap_or_default().to_vec();
            vec![section(SectionKind::ConnectionConfig, here, whole, entries)]
        }
        FileKind::YamlBundle => yaml_bundle_view(text, root),
    }
}

/// A rule of a rule file, named by its `id` (the CLI supplies a missing one: then by file name).
fn rule_member(rule: &Node, name: &str) -> Member {
    match rule.field("id").map(|m| &m.value) {
        Some(
            id @ Node {
                value: Value::String(s),
                ..
            },
        ) => member(&s.value, id.span, rule.clone()),
        _ => member(stem(name), Span::empty(rule.span.start), rule.clone()),
    }
}

/// The 2.x YAML bundle: sections as they are, except the config sections, whose flat
/// `sources.<type>.<confKey>` keys are grouped into one entry per type (as in a JSON bundle). The
/// prefix, not the section, decides where a config key belongs (as eKuiper's importer does).
fn yaml_bundle_view(text: &str, root: &Node) -> Vec<ViewSection> {
    let mut out: Vec<ViewSection> = Vec::new();
    for m in root.as_object().unwrap_or_default() {
        let kind = SectionKind::from_key(&m.key.value);
        if kind.is_some_and(SectionKind::is_config) {
            for e in m.value.as_object().unwrap_or_default() {
                let parts: Vec<&str> = e.key.value.split('.').collect();
                let [prefix, plugin, conf_key] = parts.as_slice() else {
                    continue;
                };
                let Some(target) = [
                    SectionKind::SourceConfig,
                    SectionKind::SinkConfig,
                    SectionKind::ConnectionConfig,
                ]
                .into_iter()
                .find(|k| config_prefix(*k) == Some(prefix)) else {
                    continue;
                };
                // The confKey's own characters, when the key is written plainly.
                let conf_span = if text.get(e.key_span.range()) == Some(e.key.value.as_str()) {
                    Span::new(e.key_span.end - conf_key.len(), e.key_span.end)
                } else {
                    e.key_span
                };
                let conf = member(conf_key, conf_span, e.value.clone());
                let i = match out.iter().position(|s| s.kind == Some(target)) {
                    Some(i) => i,
                    None => {
                        out.push(section(target, m.key_span, m.value.span, Vec::new()));
                        out.len() - 1
                    }
                };
                let entries = &mut out[i].entries;
                match entries.iter_mut().find(|t| t.key.value == *plugin) {
                    Some(t) => {
                        if let Value::Object(confs) = &mut t.value.value {
                            confs.push(conf);
                        }
                        t.value.span.end = t.value.span.end.max(e.value.span.end);
                    }
                    None => entries.push(member(
                        plugin,
                        e.key_span,
                        Node {
                            span: Span::new(e.key_span.start, e.value.span.end),
                            value: Value::Object(vec![conf]),
                        },
                    )),
                }
            }
            continue;
        }
        out.push(ViewSection {
            member: Member {
                key: m.key.clone(),
                key_span: m.key_span,
                value: Node {
                    span: m.value.span,
                    value: Value::Null,
                },
            },
            kind,
            entries: m.value.as_object().unwrap_or_default().to_vec(),
        });
    }
    out
}

/// The storage-key prefix of a config section in the YAML format.
pub fn config_prefix(kind: SectionKind) -> Option<&'static str> {
    match kind {
        SectionKind::SourceConfig => Some("sources"),
        SectionKind::SinkConfig => Some("sinks"),
        SectionKind::ConnectionConfig => Some("connections"),
        _ => None,
    }
}
