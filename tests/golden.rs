//! Golden outputs: every fixture in every output format, and `migrate --diff` of every bundle under
//! `fixtures/migrate/`, compared byte for byte with `tests/golden/`. They pin what a user sees, so a
//! restructuring of the code that changes no behaviour leaves them untouched; a deliberate change
//! of output is reviewed as a diff of these files.
//!
//! Refresh after a deliberate change: `GOLDEN_UPDATE=1 cargo test --test golden`, then `git diff`.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::FORMATS;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kuiperlint"))
        .args(args)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let mut text = format!("exit: {:?}\n", out.status.code());
    text.push_str("--- stdout\n");
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    text.push_str("--- stderr\n");
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    text
}

fn golden_path(fixture: &Path, suffix: &str) -> PathBuf {
    let rel = fixture.strip_prefix("fixtures").unwrap();
    let mut name = rel.as_os_str().to_os_string();
    if fixture.is_dir() {
        name.push(".dir");
    }
    name.push(suffix);
    Path::new("tests/golden").join(name)
}

/// Compares `actual` with the stored file, or stores it under `GOLDEN_UPDATE`. Returns a
/// description of the mismatch, if any, so that one run lists every changed file.
fn compare(path: &Path, actual: &str) -> Option<String> {
    if std::env::var_os("GOLDEN_UPDATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
            Some(format!(
                "{}: differs from line {}",
                path.display(),
                line + 1
            ))
        }
        Err(_) => Some(format!(
            "{}: missing (run with GOLDEN_UPDATE=1)",
            path.display()
        )),
    }
}

fn assert_all(mismatches: Vec<String>) {
    assert!(
        mismatches.is_empty(),
        "{} golden file(s) differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// SARIF repeats the whole rule catalog in every report; it is cut out of each file's output and
/// pinned once per distinct catalog (the target version changes some levels), in
/// `tests/golden/sarif-rules-<hash>.json`, so that the per-fixture files stay readable.
fn split_sarif_rules(sarif: &str) -> (String, Option<(String, String)>) {
    let key = "\"rules\": [";
    let Some(start) = sarif.find(key) else {
        return (sarif.to_string(), None);
    };
    let open = start + key.len() - 1;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, c) in sarif[open..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '[' | '{' if !in_string => depth += 1,
            ']' | '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    let end = open + i + 1;
                    let rules = sarif[open..end].to_string();
                    // FNV-1a: stable across runs and platforms, unlike std's hasher.
                    let hash = rules.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                    });
                    let name = format!("sarif-rules-{hash:016x}.json");
                    let rest = format!("{}[see {name}]{}", &sarif[..open], &sarif[end..]);
                    return (rest, Some((name, rules)));
                }
            }
            _ => {}
        }
    }
    (sarif.to_string(), None)
}

type Catalogs = std::sync::Mutex<std::collections::BTreeMap<String, String>>;

fn check_outputs(fixture: &Path, catalogs: &Catalogs) -> String {
    let file = fixture.to_str().unwrap();
    let mut text = String::new();
    for format in FORMATS {
        writeln!(text, "=== check --format {format}").unwrap();
        let out = run(&["check", "--format", format, "--color", "never", file]);
        if *format == "sarif" {
            let (rest, catalog) = split_sarif_rules(&out);
            if let Some((name, rules)) = catalog {
                catalogs.lock().unwrap().insert(name, rules);
            }
            text.push_str(&rest);
        } else {
            text.push_str(&out);
        }
    }
    text
}

#[test]
fn check_every_fixture_in_every_format() {
    let mut fixtures = common::fixture_files(&["json", "sql", "yaml", "yml"]);
    assert!(fixtures.len() > 100, "the fixtures were found");
    // Directories, where references resolve across files.
    fixtures.extend(["fixtures/project", "fixtures/kinds"].map(PathBuf::from));
    let catalogs = Catalogs::default();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mismatches = std::sync::Mutex::new(Vec::new());
    // The binary runs ~1,100 times: on every core.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(fixture) = fixtures.get(i) else {
                    break;
                };
                let text = check_outputs(fixture, &catalogs);
                if let Some(m) = compare(&golden_path(fixture, ".check"), &text) {
                    mismatches.lock().unwrap().push(m);
                }
            });
        }
    });
    let mut mismatches = mismatches.into_inner().unwrap();
    let catalogs = catalogs.into_inner().unwrap();
    assert!(!catalogs.is_empty(), "a SARIF report has rules");
    for (name, rules) in &catalogs {
        mismatches.extend(compare(&Path::new("tests/golden").join(name), rules));
    }
    // A catalog no report has any more is stale: it would hide a file nobody compares.
    for e in std::fs::read_dir("tests/golden").unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("sarif-rules-") && !catalogs.contains_key(&name) {
            mismatches.push(format!(
                "tests/golden/{name}: stale (no report has this catalog)"
            ));
        }
    }
    mismatches.sort();
    assert_all(mismatches);
}

#[test]
fn migrate_diff_of_every_migrate_fixture() {
    let fixtures: Vec<PathBuf> = common::fixture_files(&["json", "yaml"])
        .into_iter()
        .filter(|p| p.starts_with("fixtures/migrate"))
        .collect();
    assert!(!fixtures.is_empty(), "the migrate fixtures were found");
    let mut mismatches = Vec::new();
    for fixture in &fixtures {
        let file = fixture.to_str().unwrap();
        let mut text = String::new();
        for to in ["1.14", "2.0", "2.4"] {
            writeln!(text, "=== migrate --diff --dry-run --to {to}").unwrap();
            text.push_str(&run(&["migrate", "--diff", "--dry-run", "--to", to, file]));
        }
        mismatches.extend(compare(&golden_path(fixture, ".migrate"), &text));
    }
    assert_all(mismatches);
}

/// The other commands' outputs: the lint and migration catalogs, `explain` of every code, `diff`,
/// `graph` and `schema --list`.
#[test]
fn other_commands() {
    let mut runs: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |name: &str, args: &[&str]| {
        runs.push((
            name.to_string(),
            args.iter().map(|a| a.to_string()).collect(),
        ));
    };
    add("rules", &["rules"]);
    add("rules.json", &["rules", "--format", "json"]);
    add("schema-list", &["schema", "--list"]);
    add("explain-unknown", &["explain", "B99"]);
    let codes: Vec<String> = run(&["rules"])
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.len() == 4 && c.chars().skip(1).all(|d| d.is_ascii_digit()))
        .map(str::to_string)
        .chain((1..=20).map(|n| format!("M{n:03}")))
        .collect();
    assert!(codes.len() > 80, "the codes were listed");
    for code in &codes {
        add(&format!("explain/{code}"), &["explain", code]);
        add(
            &format!("explain/{code}.json"),
            &["explain", "--format", "json", code],
        );
    }
    let examples = [
        "fixtures/examples/sensors.json",
        "fixtures/examples/graph-rules.json",
        "fixtures/real/fvt-rules-old.json",
        "fixtures/real/rpc-import.json",
        "fixtures/real/data-init.json",
    ];
    for (i, old) in examples.iter().enumerate() {
        let new = examples[(i + 1) % examples.len()];
        add(&format!("diff/{i}"), &["diff", old, new]);
        add(
            &format!("diff/{i}.partial.json"),
            &["diff", "--partial", "--format", "json", old, new],
        );
        add(&format!("graph/{i}.dot"), &["graph", old]);
        add(
            &format!("graph/{i}.json"),
            &["graph", "--format", "json", old],
        );
    }
    add(
        "graph/rule.dot",
        &[
            "graph",
            "--rule",
            "overheat",
            "fixtures/examples/sensors.json",
        ],
    );
    let mut mismatches = Vec::new();
    for (name, args) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let text = format!("=== {}\n{}", args.join(" "), run(&args));
        let path = Path::new("tests/golden/commands").join(format!("{name}.out"));
        mismatches.extend(compare(&path, &text));
    }
    assert_all(mismatches);
}
