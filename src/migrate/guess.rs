//! Guessing the version a bundle was written for, when `--from` is not given.
//!
//! Each *signal* is a shape only some releases produce or accept; the guess is the range of
//! releases that fits every signal. **Strong** signals are shapes an older release would reject
//! or never write (a `scripts` section needs 1.13+, rule `tags` need 2.2+, a duration *string*
//! in rule options needs 2.0+: 1.x decodes those options as integers). **Weak** signals are
//! legacy shapes that newer releases still accept but would not export (integer milliseconds in
//! rule options, `restartStrategy.delay`, a `connectionSelector` of the form `type.name`, `url`
//! in a `sql` config, the exact ten sections of a 1.8–1.10 export); they narrow the guess only
//! when they agree with the strong ones. Without any signal the guess is every known release,
//! and migrations that depend on the source version warn rather than rewrite.

use crate::bundle::json::{Node, Value};
use crate::bundle::{Bundle, SectionKind};
use crate::ekuiper::version::{Version, VersionRange};
use crate::source::span::Span;

/// One shape that says something about the source version.
#[derive(Clone, Debug)]
pub struct Signal {
    pub range: VersionRange,
    pub strong: bool,
    /// Where, in the file.
    pub span: Span,
    pub what: String,
}

/// The guessed source range and the signals it rests on.
#[derive(Clone, Debug)]
pub struct Guess {
    pub range: VersionRange,
    /// Signals that narrowed the range (the first of each kind).
    pub used: Vec<Signal>,
    /// Weak signals that disagreed with stronger ones and were ignored.
    pub ignored: Vec<Signal>,
}

const fn r(major: u16, minor: u16, patch: u16) -> Version {
    Version::release(major, minor, patch)
}

fn until(hi: Version) -> VersionRange {
    VersionRange {
        lo: VersionRange::all().lo,
        hi,
    }
}

const LAST_1X: Version = r(1, 14, u16::MAX);

/// Options that first appear in 2.x rules (migration.md C5).
const OPTIONS_2X: [&str; 7] = [
    "sendNilField",
    "planOptimizeStrategy",
    "notifySub",
    "disableBufferFullDiscard",
    "enableSaveStateBeforeStop",
    "forceExitTimeout",
    "experiment",
];

pub fn signals(bundle: &Bundle) -> Vec<Signal> {
    let mut out = Vec::new();
    let root = bundle.root;
    let mut push = |range, strong, span, what: String| {
        out.push(Signal {
            range,
            strong,
            span,
            what,
        })
    };
    // Sections.
    let keys: Vec<SectionKind> = bundle.sections.iter().filter_map(|s| s.kind).collect();
    for s in &bundle.sections {
        match s.kind {
            Some(SectionKind::Scripts) => push(
                VersionRange::since(crate::ekuiper::sections::SCRIPTS),
                true,
                s.member.key_span,
                "a `scripts` section (1.13+)".into(),
            ),
            Some(SectionKind::Uploads) => push(
                VersionRange::since(crate::ekuiper::sections::UPLOADS),
                true,
                s.member.key_span,
                "an `uploads` section (1.11+)".into(),
            ),
            _ => {}
        }
    }
    let first_ten = SectionKind::ALL[..10].iter().all(|k| keys.contains(k));
    let root_start = Span::new(root.span.start, root.span.start + 1);
    if first_ten && !keys.contains(&SectionKind::Uploads) {
        push(
            until(r(1, 10, u16::MAX)),
            false,
            root_start,
            "the ten sections of a 1.8–1.10 export, without `uploads`".into(),
        );
    } else if first_ten
        && keys.contains(&SectionKind::Uploads)
        && !keys.contains(&SectionKind::Scripts)
    {
        push(
            until(r(1, 12, u16::MAX)),
            false,
            root_start,
            "the eleven sections of a 1.11–1.12 export, without `scripts`".into(),
        );
    }
    // Rules.
    for entry in bundle.section_entries(SectionKind::Rules) {
        let (Some(rule), Some(emb)) = (entry.json_value(), &entry.embedded) else {
            continue;
        };
        if entry.json.as_ref().is_some_and(|d| d.has_errors()) {
            continue;
        }
        let at = |n: &Node| emb.map.to_file(n.span);
        let name = entry.name();
        for (field, lo) in [
            ("version", r(2, 2, 0)),
            ("tags", r(2, 2, 0)),
            ("temp", r(2, 3, 0)),
        ] {
            if let Some(m) = rule.field(field) {
                push(
                    VersionRange::since(lo),
                    true,
                    emb.map.to_file(m.key_span),
                    format!("rule `{name}` has `{field}` ({}.{}+)", lo.major, lo.minor),
                );
            }
        }
        let Some(options) = rule.field("options").map(|m| &m.value) else {
            continue;
        };
        for o in OPTIONS_2X {
            if let Some(m) = options.field(o) {
                push(
                    VersionRange::since(r(2, 0, 0)),
                    true,
                    emb.map.to_file(m.key_span),
                    format!("rule `{name}` has option `{o}` (2.0+)"),
                );
            }
        }
        let restart = options.field("restartStrategy").map(|m| &m.value);
        let durations = ["lateTolerance", "checkpointInterval"]
            .iter()
            .filter_map(|k| options.field(k).map(|m| (format!("options.{k}"), &m.value)))
            .chain(["delay", "maxDelay"].iter().filter_map(|k| {
                restart
                    .and_then(|r| r.field(k))
                    .map(|m| (format!("options.restartStrategy.{k}"), &m.value))
            }));
        for (path, v) in durations {
            match &v.value {
                Value::Number => push(
                    until(LAST_1X),
                    false,
                    at(v),
                    format!("integer milliseconds in `{path}` of rule `{name}` (1.x style)"),
                ),
                Value::String(_) => push(
                    VersionRange::since(r(2, 0, 0)),
                    true,
                    at(v),
                    format!("a duration string in `{path}` of rule `{name}` (2.0+)"),
                ),
                _ => {}
            }
        }
        if let Some(rs) = restart {
            for k in ["delay", "multiplier", "maxDelay", "jitterFactor"] {
                if let Some(m) = rs.field(k) {
                    push(
                        until(r(2, 2, u16::MAX)),
                        false,
                        emb.map.to_file(m.key_span),
                        format!("`restartStrategy.{k}` in rule `{name}` (ignored from 2.3)"),
                    );
                    break;
                }
            }
        }
    }
    // Configs.
    for kind in [
        SectionKind::SourceConfig,
        SectionKind::SinkConfig,
        SectionKind::ConnectionConfig,
    ] {
        for entry in bundle.section_entries(kind) {
            let (Some(v), Some(emb)) = (entry.json_value(), &entry.embedded) else {
                continue;
            };
            for conf in v.as_object().unwrap_or_default() {
                for p in conf.value.as_object().unwrap_or_default() {
                    let span = emb.map.to_file(p.key_span);
                    let key = p.key.value.as_str();
                    let what = format!(
                        "`{key}` in {} `{}`/`{}`",
                        kind.entry_noun(),
                        entry.name(),
                        conf.key.value
                    );
                    if key == "url" && entry.name() == "sql" || key == "saslPassword" {
                        push(
                            until(LAST_1X),
                            false,
                            span,
                            format!("{what} (2.x renames it on import)"),
                        );
                    } else if key == "connectionSelector" {
                        if let Some(sel) = p.value.as_str().filter(|s| s.contains('.')) {
                            if selector_resolves(bundle, sel) {
                                push(
                                    until(LAST_1X),
                                    false,
                                    span,
                                    format!("{what} = `{sel}` (1.x `type.name` form)"),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Whether `type.name` names an entry of `connectionConfig`.
pub fn selector_resolves(bundle: &Bundle, selector: &str) -> bool {
    let Some((ty, name)) = selector.split_once('.') else {
        return false;
    };
    bundle
        .section_entries(SectionKind::ConnectionConfig)
        .filter(|e| e.name() == ty)
        .filter_map(|e| e.json_value())
        .any(|v| v.get(name).is_some())
}

/// The source range that fits the signals, never newer than the target.
pub fn guess(bundle: &Bundle, to: VersionRange) -> Guess {
    let signals = signals(bundle);
    let mut range = VersionRange::all();
    // A migration goes forward: the source is not newer than the target.
    if let Some(r) = range.intersect(&VersionRange {
        lo: range.lo,
        hi: to.hi,
    }) {
        range = r;
    }
    let mut used: Vec<Signal> = Vec::new();
    let mut ignored = Vec::new();
    for strong in [true, false] {
        for s in signals.iter().filter(|s| s.strong == strong) {
            match range.intersect(&s.range) {
                Some(r) => {
                    if !used.iter().any(|u| u.range == s.range) {
                        used.push(s.clone());
                    }
                    range = r;
                }
                None => ignored.push(s.clone()),
            }
        }
    }
    Guess {
        range,
        used,
        ignored,
    }
}
