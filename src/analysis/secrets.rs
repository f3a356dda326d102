//! Secrets in a bundle: which properties hold them, where their values are, and masking them in
//! everything kuiperlint prints.
//!
//! A secret is the value of a property whose name says it is one (`password`, `token`,
//! `privateKeyRaw`, a database URL with credentials, an `Authorization` header, ...), anywhere in
//! a decoded config, action, connection, plugin or service entry. kuiperlint reports plaintext
//! secrets, and no output format prints their values: renderers replace them with `*`.

use crate::bundle::json::{Node, Value};
use crate::source::span::Span;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::bundle::{Bundle, Entry, SectionKind};

/// Property names (compared without regard to case or `_`/`-`) whose values are secrets. From
/// the built-in plugins' properties and eKuiper's own log masking (`IsSensitiveKey`).
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "saslpassword",
    "token",
    "accesstoken",
    "refreshtoken",
    "apikey",
    "secret",
    "secretkey",
    "clientsecret",
    "privatekeyraw",
    "privatekey",
    "credential",
    "credentials",
    "authorization",
    "dburl",
];

/// Whether a property of this name holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    // This runs for every key of every entry: an ASCII name (every real one) is folded on the
    // stack, without allocating.
    const LONGEST: usize = 16;
    const _: () = {
        let mut i = 0;
        while i < SECRET_NAMES.len() {
            assert!(SECRET_NAMES[i].len() <= LONGEST);
            i += 1;
        }
    };
    if name.is_ascii() {
        let mut folded = [0u8; LONGEST];
        let mut len = 0;
        for b in name.bytes().filter(|b| *b != b'_' && *b != b'-') {
            if len == LONGEST {
                return false;
            }
            folded[len] = b.to_ascii_lowercase();
            len += 1;
        }
        return SECRET_NAMES.iter().any(|s| s.as_bytes() == &folded[..len]);
    }
    let folded: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_NAMES.contains(&folded.as_str())
}

/// Whether a value is a stand-in rather than a secret: empty, a `${VAR}` placeholder, a data
/// template, or eKuiper 1.x's `******` mask.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with("{{") && v.ends_with("}}"))
        || v.chars().all(|c| c == '*')
}

/// One secret value found in a bundle.
#[derive(Clone, Debug)]
pub struct Secret<'a> {
    pub entry: &'a Entry<'a>,
    /// The property name.
    pub name: String,
    /// The decoded value.
    pub value: String,
    /// Where the value is written in the outer file.
    pub span: Span,
    /// JSON pointer of the value inside the decoded entry.
    pub pointer: String,
}

/// The site's extra secret names as one set of globs, matched without regard to case. A name
/// that is not a glob (a stray `[`) is matched as written.
fn extra_name_globs(names: &[String]) -> GlobSet {
    let mut set = GlobSetBuilder::new();
    for name in names {
        let glob = GlobBuilder::new(name)
            .case_insensitive(true)
            .build()
            .or_else(|_| {
                GlobBuilder::new(&globset::escape(name))
                    .case_insensitive(true)
                    .build()
            });
        if let Ok(glob) = glob {
            set.add(glob);
        }
    }
    set.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Every secret-named property with a string or number value (or a value that is not JSON at
/// all) in the JSON entries of `bundles`;
/// `extra_names` are more names (`*` matches anything) from the project's settings.
pub fn find<'a>(bundles: &'a [Bundle<'a>], extra_names: &[String]) -> Vec<Secret<'a>> {
    let extra = extra_name_globs(extra_names);
    let is_secret = |name: &str| is_secret_name(name) || extra.is_match(name);
    // Entries are independent: scanned on the worker pool (`--jobs`), gathered in file order.
    let entries: Vec<&'a Entry<'a>> = bundles.iter().flat_map(|b| b.entries()).collect();
    let per_entry: Vec<Vec<Secret<'a>>> = entries
        .par_iter()
        .map(|entry| secrets_of(entry, &is_secret))
        .collect();
    per_entry.concat()
}

/// Where a container was found: its parent's step and its key or index there. Pointers are
/// built from these only for the secrets found, not for every container looked into.
enum Step<'n> {
    Root,
    Key(usize, &'n str),
    Index(usize, usize),
}

fn pointer_of(steps: &[Step], mut at: usize, last: &str) -> String {
    let mut tokens = vec![crate::bundle::escape_pointer(last)];
    loop {
        match steps[at] {
            Step::Root => break,
            Step::Key(parent, key) => {
                tokens.push(crate::bundle::escape_pointer(key));
                at = parent;
            }
            Step::Index(parent, i) => {
                tokens.push(i.to_string());
                at = parent;
            }
        }
    }
    tokens.iter().rev().fold(String::new(), |p, t| p + "/" + t)
}

fn secrets_of<'a>(entry: &'a Entry<'a>, is_secret: &dyn Fn(&str) -> bool) -> Vec<Secret<'a>> {
    let mut out = Vec::new();
    if entry.section.payload() != crate::bundle::Payload::Json
        || entry.section == SectionKind::Scripts
    {
        return out;
    }
    let (Some(root), Some(embedded)) = (entry.json_value(), &entry.embedded) else {
        return out;
    };
    let mut steps = vec![Step::Root];
    let mut stack: Vec<(&Node, usize)> = vec![(root, 0)];
    while let Some((node, at)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                for m in members {
                    let value = match &m.value.value {
                        Value::String(s) => Some(s.value.as_str()),
                        Value::Number => Some(&embedded.text[m.value.span.range()]),
                        // Not JSON (an unquoted word, say): still what someone typed as the
                        // secret, and the syntax error about it quotes it.
                        Value::Invalid => embedded
                            .text
                            .get(m.value.span.range())
                            .filter(|t| !t.is_empty()),
                        _ => None,
                    };
                    match value {
                        Some(value) if is_secret(&m.key.value) => out.push(Secret {
                            entry,
                            name: m.key.value.clone(),
                            value: value.to_string(),
                            span: embedded.map.to_file(m.value.span),
                            pointer: pointer_of(&steps, at, &m.key.value),
                        }),
                        _ if is_container(&m.value) => {
                            steps.push(Step::Key(at, &m.key.value));
                            stack.push((&m.value, steps.len() - 1));
                        }
                        _ => {}
                    }
                }
            }
            Value::Array(items) => {
                for (i, n) in items.iter().enumerate().filter(|(_, n)| is_container(n)) {
                    steps.push(Step::Index(at, i));
                    stack.push((n, steps.len() - 1));
                }
            }
            _ => {}
        }
    }
    out
}

fn is_container(node: &Node) -> bool {
    matches!(node.value, Value::Object(_) | Value::Array(_))
}

/// The texts to hide in output for these secrets: each value, and the way the file writes it.
pub fn mask_list(secrets: &[Secret], file_text: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for s in secrets {
        if is_placeholder(&s.value) {
            continue;
        }
        let written = file_text.get(s.span.range()).unwrap_or_default();
        // The value as the file writes it, without its quotes: `\"...\"` inside an entry's JSON
        // string, `"..."` at the top level. Trimming quote characters one at a time instead
        // would keep the backslash of a closing `\"` (and then mask only half of an escape).
        let written = written
            .strip_prefix("\\\"")
            .and_then(|w| w.strip_suffix("\\\""))
            .or_else(|| written.strip_prefix('"').and_then(|w| w.strip_suffix('"')))
            .unwrap_or(written);
        for t in [s.value.as_str(), written] {
            if t.chars().count() >= 3 && !list.iter().any(|l| l == t) {
                list.push(t.to_string());
            }
        }
    }
    // Longest first, so a secret that contains another is masked whole.
    list.sort_by_key(|t| std::cmp::Reverse(t.len()));
    list
}

/// `text` with every occurrence of each masked string replaced by as many `*` as it has
/// characters (so snippets keep their alignment).
pub fn mask(text: &str, masked: &[String]) -> String {
    let mut out = text.to_string();
    for m in masked {
        if out.contains(m.as_str()) {
            out = out.replace(m.as_str(), &"*".repeat(m.chars().count()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for n in [
            "password",
            "Password",
            "saslPassword",
            "privateKeyRaw",
            "api_key",
            "dburl",
            "Authorization",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "username",
            "server",
            "topic",
            "passwordPolicy",
            "keepAlive",
            "key",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn placeholders() {
        for p in ["", "${MQTT_PASSWORD}", "{{.token}}", "******"] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("hunter2"));
    }

    #[test]
    fn masking_keeps_length_in_characters() {
        assert_eq!(
            mask("a hunter2 b hunter2", &["hunter2".into()]),
            "a ******* b *******"
        );
        assert_eq!(mask("pé: ébène", &["ébène".into()]), "pé: *****");
    }
}
