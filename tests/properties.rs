//! The fuzz targets' invariants as property tests, so that the normal test suite (stable Rust,
//! no libFuzzer) checks them too, on fixtures mutated at random: a few bytes inserted (JSON
//! punctuation, quotes, backslashes, multi-byte characters), deleted or repeated.
//!
//! - the loader and source map (fuzz target `load`): every span lies in its text on character
//!   boundaries, and every character of a decoded entry, or of a string inside it, maps back to
//!   the same character in the file or to the escape that wrote it;
//! - `check` (target `check`): the same for findings, JSON and SARIF output that is JSON, and no
//!   secret in any output, not even escaped inside a JSON string;
//! - `migrate` (target `migrate`): an accepted file gives an output that is accepted again,
//!   is valid JSON when JSON, keeps every entry or reports the one it leaves out, and has
//!   nothing left to migrate;
//! - windows of rules: a file's rules are decoded and checked a window at a time; what a check
//!   finds does not depend on the window's size (on every fixture, generated bundles and
//!   mutated fixtures).
//!
//! Longer runs of the same invariants: fuzz/ and docs/robustness.md.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::sync::OnceLock;

use kuiperlint::analysis::project::Project;
use kuiperlint::bundle::json::{self, Value};
use kuiperlint::bundle::{Embedded, LoadedFile, SourceFile};
use kuiperlint::config::Settings;
use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::windows::run_windowed;
use kuiperlint::engine::{check_bytes, CheckOptions};
use kuiperlint::migrate::{migrate_bytes, migrate_text, Format, MigrateOptions};
use kuiperlint::report::{
    render_concise, render_getstatus, render_github, render_human, render_json, render_junit,
    render_sarif, HumanOptions,
};
use kuiperlint::source::span::Span;
use proptest::prelude::*;

fn fixtures() -> &'static [(String, Vec<u8>)] {
    static FIXTURES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        common::fixture_files(&["json", "yaml", "sql"])
            .into_iter()
            .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
            .collect()
    })
}

/// What a mutation inserts: the characters that matter to the parsers.
const PIECES: &[&str] = &[
    "\"", "\\", "\\\"", "{", "}", "[", "]", ",", ":", "'", "\n", " ", "é", "😀", "\\u00e9",
    "\\ud83d", "/*", "//", "#", "-", "|", "\t", "\u{0}", "*", "(", ")", ";", "password",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    Repeat(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..PIECES.len()).prop_map(|(at, p)| Mutation::Insert(at, p)),
        (any::<usize>(), 1usize..8).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Repeat(at, n)),
    ]
}

/// A fixture (by index) with mutations applied, as bytes (a deletion may cut a character).
fn mutated(index: usize, mutations: &[Mutation]) -> (String, Vec<u8>) {
    let (name, bytes) = &fixtures()[index % fixtures().len()];
    let mut b = bytes.clone();
    for m in mutations {
        let at = |i: usize| if b.is_empty() { 0 } else { i % (b.len() + 1) };
        match *m {
            Mutation::Insert(i, p) => {
                let i = at(i);
                b.splice(i..i, PIECES[p].bytes());
            }
            Mutation::Delete(i, n) => {
                let i = at(i);
                b.drain(i..(i + n).min(b.len()));
            }
            Mutation::Repeat(i, n) => {
                let i = at(i);
                let piece = b[i..(i + n).min(b.len())].to_vec();
                b.splice(i..i, piece);
            }
        }
    }
    (name.clone(), b)
}

fn in_text(text: &str, s: Span) -> bool {
    s.start <= s.end && text.get(s.range()).is_some()
}

/// Every character of `e` maps back to itself, or to the escape sequence that wrote it.
fn maps_back(file: &str, e: &Embedded) -> Result<(), TestCaseError> {
    for (i, c) in e.text.char_indices() {
        let span = e.map.to_file(Span::new(i, i + c.len_utf8()));
        prop_assert!(in_text(file, span), "{c:?} at {i} maps to {span:?}");
        let written = &file[span.range()];
        prop_assert!(
            written == c.to_string() || written.starts_with('\\'),
            "{c:?} at {i} maps to {written:?}"
        );
    }
    Ok(())
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings(v, out);
            }
        }
        _ => {}
    }
}

/// Every entry of a file's bundles, as `section/name`, with where its key starts.
fn inventory(name: &str, text: &str) -> BTreeMap<String, usize> {
    let file = LoadedFile::parse(SourceFile::new(name, text.to_string()));
    file.bundles()
        .iter()
        .flat_map(|b| {
            b.entries().map(|e| {
                (
                    format!("{}/{}", e.section.key(), e.name()),
                    e.member.key_span.start,
                )
            })
        })
        .collect()
}

#[path = "../examples/gen_bundle/generate.rs"]
mod generate;

/// What checking `text` finds with `rules_per_window` rules decoded at a time, in a form to
/// compare: findings, masked secrets, definitions. With `hold`, the loader leaves a bundle's
/// rules undecoded for the windows (as `check` does); otherwise everything is decoded at once.
/// `workers` is the size of the pool (with two, windows are checked side by side).
fn windowed(name: &str, text: &str, rules_per_window: usize, hold: bool, workers: usize) -> String {
    rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("a thread pool")
        .install(|| windowed_here(name, text, rules_per_window, hold))
}

fn windowed_here(name: &str, text: &str, rules_per_window: usize, hold: bool) -> String {
    let source = SourceFile::new(name, text.to_string());
    let file = if hold {
        LoadedFile::parse_holding_rules(source, None)
    } else {
        LoadedFile::parse(source)
    };
    let o = run_windowed(
        &file,
        Version::newest(),
        &Settings::default(),
        &Project::default(),
        rules_per_window,
    );
    format!("{:#?}\n{:?}\n{:?}", o.diagnostics, o.masked, o.definitions)
}

#[test]
fn findings_do_not_depend_on_the_rule_window() {
    let mut files: Vec<(String, String)> = fixtures()
        .iter()
        .filter_map(|(n, b)| Some((n.clone(), String::from_utf8(b.clone()).ok()?)))
        .collect();
    for seed in 1..4 {
        files.push((format!("generated-{seed}.json"), generate::bundle(40, seed)));
    }
    let mut rules_seen = 0;
    for (name, text) in &files {
        let whole = windowed(name, text, usize::MAX, false, 1);
        for (w, hold, workers) in [
            (1, true, 1),
            (1, true, 2),
            (3, true, 2),
            (3, false, 1),
            (usize::MAX, true, 2),
        ] {
            assert_eq!(
                windowed(name, text, w, hold, workers),
                whole,
                "{name}, {w} rules per window, held: {hold}, {workers} workers"
            );
        }
        rules_seen += whole.matches("/rules/").count();
    }
    assert!(rules_seen > 100, "the fixtures hold findings about rules");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn loader_spans_and_source_maps(index in any::<usize>(), ms in prop::collection::vec(mutation(), 0..6)) {
        let (name, bytes) = mutated(index, &ms);
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        let file = LoadedFile::parse(SourceFile::new(name, text));
        let t = file.source.text.as_str();
        for issue in &file.document.issues {
            prop_assert!(in_text(t, issue.span), "{issue:?}");
            if let Some((span, _)) = &issue.related {
                prop_assert!(in_text(t, *span), "{issue:?}");
            }
        }
        // YAML scalar maps are approximate where folding cannot be retraced (docs/robustness.md).
        if file.kind.is_yaml() {
            return Ok(());
        }
        for root in &file.document.values {
            for node in root.descendants() {
                prop_assert!(in_text(t, node.span));
            }
        }
        for bundle in file.bundles() {
            for entry in bundle.entries() {
                let Some(e) = &entry.embedded else { continue };
                maps_back(t, e)?;
                let Some(root) = entry.json_value() else { continue };
                for node in root.descendants() {
                    if let Value::String(_) = node.value {
                        maps_back(t, &e.nested(node).unwrap())?;
                    }
                }
            }
        }
    }

    #[test]
    fn check_spans_outputs_and_secrets(index in any::<usize>(), ms in prop::collection::vec(mutation(), 0..6)) {
        let (name, bytes) = mutated(index, &ms);
        let report = check_bytes(name, bytes, &CheckOptions::default());
        for d in &report.diagnostics {
            prop_assert!(in_text(&report.source.text, d.span), "{} {:?}", d.code, d.span);
            for l in &d.labels {
                prop_assert!(in_text(&report.source.text, l.span), "{} label {:?}", d.code, l.span);
            }
        }
        let secrets: Vec<String> = report.masked.iter().filter(|m| !m.contains('*')).cloned().collect();
        let reports = [report];
        let json = render_json(&reports);
        let sarif = render_sarif(&reports);
        let mut values = Vec::new();
        for doc in [&json, &sarif] {
            let v: serde_json::Value = serde_json::from_str(doc).map_err(|e| TestCaseError::fail(format!("{e}: {doc}")))?;
            strings(&v, &mut values);
        }
        let outputs = [
            render_human(&reports, HumanOptions { color: false, width: 100, summary: true }),
            render_concise(&reports),
            render_github(&reports),
            render_junit(&reports, Severity::Hint),
            render_getstatus(&reports),
            json,
            sarif,
        ];
        for s in &secrets {
            for out in &outputs {
                prop_assert!(!out.contains(s.as_str()), "secret {s:?} in {out}");
            }
            for v in &values {
                prop_assert!(!v.contains(s.as_str()), "secret {s:?} in JSON string {v:?}");
            }
        }
    }

    #[test]
    fn migrate_output_reloads_and_is_idempotent(index in any::<usize>(), ms in prop::collection::vec(mutation(), 0..4)) {
        let (name, bytes) = mutated(index, &ms);
        let options = MigrateOptions { from: None, to: "2.4".parse().unwrap(), output_format: None };
        let Ok(once) = migrate_bytes(&name, bytes, &options) else { return Ok(()) };
        let format = Format::of(&name, &once.source.text);
        let out_name = match format { Format::Json => "out.json", Format::Yaml => "out.yaml" };
        if format == Format::Json {
            let doc = json::parse(&once.output);
            prop_assert!(doc.issues.is_empty(), "{:?}\n{}", doc.issues, once.output);
        }
        // An entry that is not written back is reported at its key (e.g. a null rule in YAML).
        let after = inventory(out_name, &once.output);
        let lost: Vec<_> = inventory(&name, &once.source.text)
            .into_iter()
            .filter(|(entry, key)| {
                !after.contains_key(entry) && !once.changes.iter().any(|c| c.span.start == *key)
            })
            .collect();
        prop_assert!(lost.is_empty(), "lost without a word: {lost:?}\n{}", once.output);
        let twice = migrate_text(out_name, once.output.clone(), &options)
            .map_err(|e| TestCaseError::fail(format!("refused: {e}\n{}", once.output)))?;
        prop_assert!(!twice.changed(), "{:?}\n{}", kuiperlint::report::migrate::change_lines(&twice), once.output);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Mutated files too: broken JSON, rules cut in half, sections given twice.
    #[test]
    fn mutated_findings_do_not_depend_on_the_rule_window(
        index in any::<usize>(),
        ms in prop::collection::vec(mutation(), 0..6),
        w in 1usize..4,
        workers in 1usize..3,
    ) {
        let (name, bytes) = mutated(index, &ms);
        if let Ok(text) = String::from_utf8(bytes) {
            prop_assert_eq!(
                windowed(&name, &text, w, true, workers),
                windowed(&name, &text, usize::MAX, false, 1)
            );
        }
    }
}
