//! `kuiperlint migrate`: the guarantees, each a test — idempotence, no entry lost, no new check
//! errors, real bundles, atomic in-place writes, exit codes, exact report positions.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kuiperlint::bundle::json;
use kuiperlint::bundle::{Bundle, SectionKind};
use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::ekuiper::version::VersionRange;
use kuiperlint::engine::{check_bytes, CheckOptions};
use kuiperlint::migrate::{migrate_text, Action, Format, MigrateOptions, Migrated};

const EVERYTHING: &str = "fixtures/migrate/v1.10-everything.json";
const EVERYTHING_2_4: &str = "fixtures/migrate/v1.10-everything.2.4.json";
const TARGETS: [&str; 5] = ["1.10", "1.14", "2.0", "2.0.1", "2.4"];

fn kuiperlint() -> Command {
    Command::cargo_bin("kuiperlint").unwrap()
}

fn range(s: &str) -> VersionRange {
    s.parse().unwrap()
}

fn migrate(text: &str, from: Option<&str>, to: &str) -> Migrated {
    let options = MigrateOptions {
        from: from.map(range),
        to: range(to),
        output_format: None,
    };
    migrate_text("b.json", text.to_string(), &options).unwrap()
}

/// Every bundle fixture: ours and the real ones (plus eKuiper's own copies when present).
fn bundles() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from(EVERYTHING)];
    let mut real: Vec<PathBuf> = fs::read_dir("fixtures/migrate/real")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    if let Ok(shared) = fs::read_dir("../shared/ekuiper/bundles") {
        real.extend(shared.map(|e| e.unwrap().path()));
    }
    real.sort();
    files.extend(real.into_iter().filter(|p| {
        p.extension().is_some_and(|e| e == "json")
            && !p.to_string_lossy().contains("test_data_test")
            && !p.to_string_lossy().contains("not-a-bundle")
    }));
    files
}

/// (section, entry key) of every entry, and (config section, plugin, confKey) of every confKey.
fn inventory(text: &str) -> BTreeSet<String> {
    let doc = json::parse(text);
    let bundle = Bundle::new(&doc.values[0]);
    let mut out = BTreeSet::new();
    for e in bundle.entries() {
        out.insert(format!("{}/{}", e.section.key(), e.name()));
        if e.section.is_config() {
            for conf in e
                .json_value()
                .and_then(|v| v.as_object())
                .unwrap_or_default()
            {
                out.insert(format!(
                    "{}/{}/{}",
                    e.section.key(),
                    e.name(),
                    conf.key.value
                ));
            }
        }
    }
    out
}

/// Error findings of `check --target to`, counted per (code, entry).
fn errors(text: &str, to: &str) -> BTreeMap<(String, String), usize> {
    let target: Version = to.parse().unwrap();
    let report = check_bytes(
        "b.json".into(),
        text.as_bytes().to_vec(),
        &CheckOptions { target },
    );
    let mut out = BTreeMap::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        // The entry, not the position: positions move when text is inserted.
        let entry: String = d.path.split('/').take(3).collect::<Vec<_>>().join("/");
        *out.entry((d.code.to_string(), entry)).or_default() += 1;
    }
    out
}

#[test]
fn migrating_twice_changes_nothing() {
    for file in bundles() {
        let text = fs::read_to_string(&file).unwrap();
        for to in TARGETS {
            for from in [None, Some("1.8"), Some("1.10"), Some("2.0.0")] {
                if from.is_some_and(|f| range(f).lo > range(to).hi) {
                    continue;
                }
                let once = migrate(&text, from, to);
                let twice = migrate(&once.output, from, to);
                assert_eq!(
                    twice.output,
                    once.output,
                    "{} --from {from:?} --to {to}: second run changed {:?}",
                    file.display(),
                    kuiperlint::report::migrate::change_lines(&twice)
                );
                assert_eq!(twice.applied(), 0, "{}", file.display());
            }
        }
    }
}

#[test]
fn no_entry_is_lost() {
    for file in bundles() {
        let text = fs::read_to_string(&file).unwrap();
        for to in TARGETS {
            let out = migrate(&text, None, to);
            let (before, after) = (inventory(&text), inventory(&out.output));
            let lost: Vec<_> = before.difference(&after).collect();
            assert!(lost.is_empty(), "{} → {to}: lost {lost:?}", file.display());
        }
    }
}

#[test]
fn output_has_no_new_check_errors() {
    for file in bundles() {
        let text = fs::read_to_string(&file).unwrap();
        for to in TARGETS {
            let out = migrate(&text, None, to);
            let before = errors(&text, to);
            let after = errors(&out.output, to);
            for (key, n) in &after {
                assert!(
                    before.get(key).copied().unwrap_or(0) >= *n,
                    "{} → {to}: new error {key:?}\n{}",
                    file.display(),
                    out.output
                );
            }
        }
    }
}

// ---- generated bundles ----------------------------------------------------------------------

#[path = "../examples/gen_bundle/generate.rs"]
mod generate;

/// A generated bundle (2.x shapes), optionally made to look like an older export: without the
/// `uploads`/`scripts` sections (≤1.10), with integer `lateTolerance` ms in every rule (1.x), and
/// with rule ids that differ from their keys (B013).
fn generated(rules: usize, seed: u64, old_sections: bool, ms_options: bool, ids: bool) -> String {
    let mut text = generate::bundle(rules, seed);
    if old_sections {
        let tail = ",\n  \"uploads\": {},\n  \"scripts\": {}\n}";
        assert!(text.contains(tail), "the generator's tail changed");
        text = text.replace(tail, "\n}");
    }
    if ms_options {
        text = text.replace(
            r#"\"bufferLength\":1024"#,
            r#"\"bufferLength\":1024,\"lateTolerance\":1500"#,
        );
    }
    if ids {
        text = text.replace(r#"{\"id\":\"rule1"#, r#"{\"id\":\"renamed1"#);
    }
    text
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 32,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// On generated bundles: migrating is idempotent, loses no entry, and adds no check error at
    /// the target version.
    #[test]
    fn generated_bundles_keep_the_guarantees(
        seed in proptest::prelude::any::<u64>(),
        rules in 1usize..16,
        old_sections: bool,
        ms_options: bool,
        ids: bool,
        from in proptest::sample::select(vec![None, Some("1.8"), Some("1.10"), Some("1.14"), Some("2.0.0")]),
        to in proptest::sample::select(TARGETS.to_vec()),
    ) {
        let from = from.filter(|f| range(f).lo <= range(to).hi);
        let text = generated(rules, seed, old_sections, ms_options, ids);
        let once = migrate(&text, from, to);
        let twice = migrate(&once.output, from, to);
        proptest::prop_assert_eq!(&twice.output, &once.output, "second run: {:?}", kuiperlint::report::migrate::change_lines(&twice));
        proptest::prop_assert_eq!(twice.applied(), 0);
        let (before, after) = (inventory(&text), inventory(&once.output));
        let lost: Vec<_> = before.difference(&after).collect();
        proptest::prop_assert!(lost.is_empty(), "lost {:?}", lost);
        let (before, after) = (errors(&text, to), errors(&once.output, to));
        for (key, n) in &after {
            proptest::prop_assert!(
                before.get(key).copied().unwrap_or(0) >= *n,
                "new error {:?}\n{}", key, once.output
            );
        }
    }
}

/// The variants of the generator above really exercise migrations (so the property test is not
/// vacuous).
#[test]
fn generated_old_bundles_are_migrated() {
    let text = generated(12, 3, true, true, true);
    let out = migrate(&text, Some("1.10"), "2.4");
    let codes: BTreeSet<&str> = out
        .changes
        .iter()
        .filter(|c| c.action == kuiperlint::migrate::Action::Applied)
        .map(|c| c.migration.code)
        .collect();
    for code in ["M001", "M002", "M008", "M011", "M012"] {
        assert!(codes.contains(code), "{code} not applied: {codes:?}");
    }
}

#[test]
fn rule_id_mismatch_is_fixed_so_check_loses_an_error() {
    let text = fs::read_to_string(EVERYTHING).unwrap();
    let before = errors(&text, "2.4");
    let after = errors(&migrate(&text, Some("1.10"), "2.4").output, "2.4");
    assert!(before.keys().any(|(c, _)| c == "B013"));
    assert!(!after.keys().any(|(c, _)| c == "B013"));
}

#[test]
fn everything_fixture_matches_its_golden_output() {
    let text = fs::read_to_string(EVERYTHING).unwrap();
    let out = migrate(&text, Some("1.10"), "2.4");
    assert_eq!(out.output, fs::read_to_string(EVERYTHING_2_4).unwrap());
    // Minimal diff: only the lines holding a change differ.
    let changed: Vec<usize> = text
        .lines()
        .zip(out.output.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1)
        .collect();
    // (line 31 differs because line 30 gained a comma and two sections follow it)
    assert_eq!(changed, vec![10, 11, 17, 18, 19, 30, 31]);
    assert_eq!(out.applied(), 18);
    assert_eq!(out.warned(), 7);
}

#[test]
fn warnings_have_exact_positions() {
    let text = fs::read_to_string(EVERYTHING).unwrap();
    let lines = kuiperlint::report::migrate::change_lines(&migrate(&text, Some("1.10"), "2.4"));
    let has = |want: &str| {
        assert!(
            lines.iter().any(|l| l.starts_with(want)),
            "{want}\n{lines:#?}"
        );
    };
    // `\"delay\"` inside the rule string of line 10.
    has("b.json:10:403: M010 warning: eKuiper 2.4 ignores `restartStrategy.delay` of rule `alarm`");
    has("b.json:12:195: M006 warning: action 0 (`influx2`) of rule `influx` has `password`");
    has("b.json:20:49: M013 warning: `connectionSelector` `edgex.bus`");
    has("b.json:23:50: M005 warning: sink config `kafka`/`k1` has both `saslPassword` and `password`");
    has("b.json:11:29: M012 change: set the id of rule `alarm_copy` to its key");
    // Line 10, column 403 is the opening `\"` of the key.
    let line10 = text.lines().nth(9).unwrap();
    let col: String = line10.chars().skip(402).take(9).collect();
    assert_eq!(col, r#"\"delay\""#);
}

#[test]
fn version_dependent_migrations_wait_for_a_certain_source_version() {
    let text = r#"{"rules": {"r": "{\"id\":\"r\",\"sql\":\"SELECT * FROM s\",\"actions\":[{\"log\":{}}]}"}}"#;
    // Unknown source: sendError is only warned about.
    let out = migrate(text, None, "2.4");
    assert!(kuiperlint::report::migrate::change_lines(&out)
        .iter()
        .any(|l| l.contains("M011 warning")));
    assert!(!out.output.contains("sendError"));
    // Known 1.x source: it is written.
    let out = migrate(text, Some("1.14"), "2.4");
    assert!(
        out.output.contains(r#",\"options\":{\"sendError\":true}}"#),
        "{}",
        out.output
    );
    // `--to 2.0` includes 2.0.0, which still has the old default.
    let out = migrate(text, Some("1.14"), "2.0");
    assert!(kuiperlint::report::migrate::change_lines(&out)
        .iter()
        .any(|l| l.contains("M011 warning")));
    // Within 2.1+ nothing happens.
    let out = migrate(text, Some("2.1"), "2.4");
    assert!(!kuiperlint::report::migrate::change_lines(&out)
        .iter()
        .any(|l| l.contains("M011")));
}

#[test]
fn downgrade_warns_about_dropped_sections() {
    let text = r#"{"streams": {}, "scripts": {"f": "{\"id\":\"f\",\"script\":\"function f(){}\",\"isAgg\":false}"}}"#;
    let out = migrate(text, None, "1.10");
    assert!(!out.changed());
    let lines = kuiperlint::report::migrate::change_lines(&out);
    assert!(lines[0].starts_with("b.json:1:17: M002 warning: eKuiper 1.10 does not import `scripts` (1.13+): its 1 entry would be dropped"), "{lines:#?}");
}

// ---- command line -------------------------------------------------------------------------

fn copy_to(dir: &Path, name: &str, from: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::copy(from, &p).unwrap();
    p
}

#[test]
fn check_mode_exit_codes() {
    kuiperlint()
        .args(["migrate", EVERYTHING, "--to", "2.4", "--check"])
        .assert()
        .code(1);
    kuiperlint()
        .args([
            "migrate",
            EVERYTHING_2_4,
            "--from",
            "1.10",
            "--to",
            "2.4",
            "--check",
        ])
        .assert()
        .code(0);
    // Nothing was written by --check.
    let dir = tempfile::tempdir().unwrap();
    let p = copy_to(dir.path(), "b.json", EVERYTHING);
    kuiperlint()
        .args(["migrate", "--to", "2.4", "--check"])
        .arg(&p)
        .assert()
        .code(1);
    assert_eq!(fs::read(&p).unwrap(), fs::read(EVERYTHING).unwrap());
}

#[test]
fn default_prints_the_bundle_and_reports_on_stderr() {
    let out = kuiperlint()
        .args(["migrate", EVERYTHING, "--from", "1.10", "--to", "2.4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, fs::read(EVERYTHING_2_4).unwrap());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("{EVERYTHING}:10:403: M010 warning:")),
        "{err}"
    );
    // Several files need a destination.
    kuiperlint()
        .args(["migrate", EVERYTHING, EVERYTHING_2_4, "--to", "2.4"])
        .assert()
        .code(2);
}

#[test]
fn diff_mode_prints_a_unified_diff() {
    let out = kuiperlint()
        .args([
            "migrate", EVERYTHING, "--from", "1.10", "--to", "2.4", "--diff",
        ])
        .output()
        .unwrap();
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.starts_with(&format!(
            "--- {EVERYTHING}\n+++ {EVERYTHING}\n@@ -7,16 +7,16 @@\n"
        )),
        "{diff}"
    );
    assert!(diff.contains("\n-  \"Schema\": {}\n+  \"Schema\": {},\n+  \"uploads\": {},\n+  \"scripts\": {}\n }\n"), "{diff}");
}

#[test]
fn output_dir_mirrors_the_tree_and_dry_run_writes_nothing() {
    let src = tempfile::tempdir().unwrap();
    copy_to(src.path(), "a/one.json", EVERYTHING);
    copy_to(
        src.path(),
        "a/b/two.json",
        "fixtures/migrate/real/v1.14.0-rpc-import.json",
    );
    fs::write(
        src.path().join("a/streams.sql"),
        "CREATE STREAM s () WITH (DATASOURCE=\"t\");",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("m");
    kuiperlint()
        .args(["migrate", "--to", "2.4", "--dry-run", "-o"])
        .arg(&target)
        .arg(src.path().join("a"))
        .assert()
        .code(0);
    assert!(!target.exists());
    kuiperlint()
        .args(["migrate", "--to", "2.4", "--from", "1.10", "-o"])
        .arg(&target)
        .arg(src.path().join("a"))
        .assert()
        .code(0);
    assert_eq!(
        fs::read(target.join("one.json")).unwrap(),
        fs::read(EVERYTHING_2_4).unwrap()
    );
    assert!(target.join("b/two.json").is_file());
    assert!(!target.join("streams.sql").exists());
}

#[test]
fn in_place_replaces_atomically_and_keeps_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let p = copy_to(dir.path(), "b.json", EVERYTHING);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    }
    kuiperlint()
        .args(["migrate", "--from", "1.10", "--to", "2.4", "--in-place"])
        .arg(&p)
        .assert()
        .code(0);
    assert_eq!(fs::read(&p).unwrap(), fs::read(EVERYTHING_2_4).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "a temporary file was left"
    );
}

// Failures while writing (every step, real and injected): tests/migrate_failures.rs.

#[test]
fn a_broken_file_fails_and_the_others_still_convert() {
    let dir = tempfile::tempdir().unwrap();
    let good = copy_to(dir.path(), "good.json", EVERYTHING);
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "{\"rules\": {},}").unwrap();
    let out = kuiperlint()
        .args(["migrate", "--from", "1.10", "--to", "2.4", "--in-place"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.json: not valid JSON (1:13: trailing comma"),
        "{err}"
    );
    assert_eq!(fs::read(&good).unwrap(), fs::read(EVERYTHING_2_4).unwrap());
    assert_eq!(fs::read_to_string(&bad).unwrap(), "{\"rules\": {},}");
}

#[test]
fn every_section_kind_is_known() {
    // The inventory test relies on the section list: keep it in step with the bundle model.
    assert_eq!(SectionKind::ALL.len(), 12);
}

/// Many files in parallel: the same output whatever the number of jobs, in input order; a broken
/// file fails alone; the summary table is on stderr, so stdout stays a clean diff.
#[test]
fn batch_output_is_the_same_for_any_number_of_jobs() {
    let src = tempfile::tempdir().unwrap();
    let dst = tempfile::tempdir().unwrap();
    for i in 0..12 {
        let dir = src.path().join(format!("d{}", i % 3));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join(format!("b{i:02}.json")),
            generated(4, i, i % 2 == 0, true, false),
        )
        .unwrap();
    }
    fs::write(src.path().join("d1/broken.json"), "{\"rules\": ").unwrap();
    let run = |jobs: &str, mode: &[&str]| {
        let out = kuiperlint()
            .args(["migrate", "--from", "1.10", "--to", "2.4", "--jobs", jobs])
            .args(mode)
            .arg(src.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "jobs {jobs} {mode:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (diff1, err1) = run("1", &["--diff"]);
    let (diff4, err4) = run("4", &["--diff"]);
    assert_eq!(diff1, diff4);
    assert_eq!(err1, err4);
    assert!(diff1.starts_with("--- "), "{diff1}");
    assert!(!diff1.contains("files:"), "the summary is not in the diff");
    // Input order: d0/b00, d0/b03, …, d1/b01, …
    let order: Vec<&str> = diff1
        .lines()
        .filter_map(|l| l.strip_prefix("--- "))
        .map(|p| p.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "b00.json", "b03.json", "b06.json", "b09.json", "b01.json", "b04.json", "b07.json",
            "b10.json", "b02.json", "b05.json", "b08.json", "b11.json"
        ]
    );
    assert!(err1.contains("broken.json: not valid JSON"), "{err1}");
    assert!(
        err1.contains("13 files: 12 would change, 0 unchanged, 1 failed\ncode  migration"),
        "{err1}"
    );
    assert!(err1.contains("\nM001  add-uploads-section "), "{err1}");
    assert!(
        !err1.contains('\r'),
        "no progress line when stderr is not a terminal"
    );
    // Writing: the same files for any number of jobs; reports on stdout, summary on stderr.
    let (out1, err1) = run("1", &["-o", &dst.path().join("o1").to_string_lossy()]);
    let (out2, _) = run("2", &["-o", &dst.path().join("o2").to_string_lossy()]);
    assert_eq!(
        out1.replace("/o1/", "/o2/"),
        out2,
        "reports in the same order"
    );
    assert!(
        err1.contains("13 files: 12 changed, 0 unchanged, 1 failed"),
        "{err1}"
    );
    for i in 0..12 {
        let rel = format!("d{}/b{i:02}.json", i % 3);
        let a = fs::read(dst.path().join("o1").join(&rel)).unwrap();
        assert_eq!(a, fs::read(dst.path().join("o2").join(&rel)).unwrap());
    }
    assert!(!dst.path().join("o1/d1/broken.json").exists());
}

// ---------------------------------------------------------------------------------------------
// The 2.x YAML format (M014, M015)
// ---------------------------------------------------------------------------------------------

fn migrate_as(name: &str, text: &str, to: &str, format: Option<Format>) -> Migrated {
    let options = MigrateOptions {
        from: None,
        to: range(to),
        output_format: format,
    };
    migrate_text(name, text.to_string(), &options).unwrap()
}

/// Every entry of a JSON bundle, decoded: SQL as a string, JSON payloads parsed.
fn content(text: &str) -> BTreeMap<String, serde_json::Value> {
    let doc = json::parse(text);
    let bundle = Bundle::new(&doc.values[0]);
    bundle
        .entries()
        .filter_map(|e| {
            let decoded = e.embedded.as_ref()?.text;
            let value = serde_json::from_str(decoded)
                .unwrap_or_else(|_| serde_json::Value::String(decoded.to_string()));
            Some((format!("{}/{}", e.section.key(), e.name()), value))
        })
        .collect()
}

/// What a JSON → YAML → JSON trip must keep: everything but what M015 reports as left out.
fn assert_round_trip(name: &str, text: &str) {
    let once = migrate_as(name, text, "2.4", None);
    let yaml = migrate_as("b.json", &once.output, "2.4", Some(Format::Yaml));
    let back = migrate_as("b.yaml", &yaml.output, "2.4", Some(Format::Json));
    let dropped: BTreeSet<String> = yaml
        .changes
        .iter()
        .filter(|c| c.migration.code == "M015" && c.action == Action::Warned)
        .map(|c| c.message.clone())
        .collect();
    let (before, after) = (content(&once.output), content(&back.output));
    for (key, value) in &before {
        let name = key.split('/').nth(1).unwrap_or_default();
        match after.get(key) {
            Some(v) if v == value => {}
            Some(v) if key.contains("Config/") => {
                // Config types: every confKey that was not reported is there, equal.
                for (conf_key, props) in value.as_object().unwrap() {
                    if !dropped.iter().any(|d| d.contains(&format!("`{conf_key}`"))) {
                        assert_eq!(v.get(conf_key), Some(props), "{name}: {key}/{conf_key}");
                    }
                }
            }
            _ => assert!(
                dropped.iter().any(|d| d.contains(&format!("`{name}`"))),
                "{name}: {key} changed or lost without a report: {value} → {:?}",
                after.get(key)
            ),
        }
    }
    // Migrating the YAML again changes nothing.
    let again = migrate_as("b.yaml", &yaml.output, "2.4", None);
    assert_eq!(
        again.output,
        yaml.output,
        "{name}: {:?}",
        kuiperlint::report::migrate::change_lines(&again)
    );
    // The converted-back bundle adds no check error at the target.
    let (before, after) = (errors(&once.output, "2.4"), errors(&back.output, "2.4"));
    for (key, n) in &after {
        assert!(
            before.get(key).copied().unwrap_or(0) >= *n,
            "{name}: new error {key:?}"
        );
    }
}

#[test]
fn json_yaml_json_keeps_the_content_of_every_bundle() {
    for file in bundles() {
        let text = fs::read_to_string(&file).unwrap();
        assert_round_trip(&file.display().to_string(), &text);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 16,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// The same on generated bundles (every SQL shape, sink type and config the generator makes).
    #[test]
    fn generated_bundles_survive_the_yaml_round_trip(seed in proptest::prelude::any::<u64>(), rules in 1usize..12) {
        assert_round_trip("generated", &generated(rules, seed, false, false, false));
    }
}

#[test]
fn real_yaml_exports_convert_and_keep_their_bytes_when_nothing_changes() {
    let Ok(dir) = fs::read_dir("../shared/ekuiper/bundles") else {
        return;
    };
    let mut seen = 0;
    for path in dir.map(|e| e.unwrap().path()) {
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        seen += 1;
        let text = fs::read_to_string(&path).unwrap();
        let same = migrate_as("x.yaml", &text, "2.4", None);
        assert_eq!(same.output, text, "{}", path.display());
        // Warnings inside a rule point at the YAML line of the property, through the conversion.
        let lines = kuiperlint::report::migrate::change_lines(&same);
        assert!(
            lines.iter().any(|l| l.starts_with(
                "x.yaml:29:9: M010 warning: eKuiper 2.4 ignores `restartStrategy.delay`"
            )),
            "{lines:#?}"
        );
        let json = migrate_as("x.yaml", &text, "2.4", Some(Format::Json));
        let c = content(&json.output);
        assert!(c.contains_key("rules/ruleImport"), "{:?}", c.keys());
        assert!(c.contains_key("sinkConfig/mqtt"), "{:?}", c.keys());
    }
    assert!(seen > 0);
}

const YAML_2_0: &str = "\
# exported from the staging box
sourceConfig:
  sources.mqtt.plant:
    server: tcp://broker:1883
    connectionSelector: mqtt.plant   # 2.x reads connections by name
rules:
  r1:
    id: r1
    sql: SELECT * FROM s1
    actions:
      - log: {}
streams:
  s1:
    sql: CREATE STREAM s1 () WITH (DATASOURCE=\"t\", CONF_KEY=\"plant\")
scripts_note: not a section
";

#[test]
fn yaml_changes_are_reported_at_the_yaml_entry() {
    let out = migrate_as("b.yaml", YAML_2_0, "2.4", None);
    let lines = kuiperlint::report::migrate::change_lines(&out);
    // The unknown top-level key is named where it is, and left out of the output.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("b.yaml:15:1: M014 warning: `scripts_note`")),
        "{lines:#?}"
    );
    assert!(!out.output.contains("scripts_note"));
    // Everything the report does not name is still there.
    assert!(out.output.contains("sources.mqtt.plant:") && out.output.contains("  r1:"));
    assert!(
        !out.output.contains("# exported"),
        "a re-written file has no comments left"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "b.yaml:1:1: M015 warning: the YAML file is written anew and its comments are not kept"
        )),
        "{lines:#?}"
    );
}

/// What a YAML bundle written anew leaves out or changes is reported at its line, and the
/// edits (so `--diff`) touch only the lines that change.
#[test]
fn a_rewritten_yaml_file_reports_what_it_drops_and_diffs_only_what_changed() {
    let text = "\
# exported by hand
streams:
  s: {sql: 'CREATE STREAM s () WITH (DATASOURCE=\"t\")'}
rules:
  empty:
  r1: {id: r1, sql: SELECT * FROM s, actions: [{log: {}}]}
Service: {}
";
    let out = migrate_as("b.yaml", text, "2.4", None);
    let lines = kuiperlint::report::migrate::change_lines(&out);
    for expected in [
        "b.yaml:1:1: M015 warning: the YAML file is written anew and its comments are not kept",
        "b.yaml:5:3: M014 warning: rule `empty` is null, not a mapping; left out",
        "b.yaml:7:1: M014 warning: `Service` is spelt `service` in the YAML format, and eKuiper's YAML import ignores `Service`",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(expected)), "{expected}\n{lines:#?}");
    }
    assert!(
        out.output.contains("\nservice: {}") && !out.output.contains("empty"),
        "{}",
        out.output
    );
    let unchanged: Vec<&str> = text
        .lines()
        .filter(|l| out.output.lines().any(|o| o == *l))
        .collect();
    assert!(!unchanged.is_empty(), "{}", out.output);
    for e in &out.edits {
        let old = &text[e.span.range()];
        for l in &unchanged {
            assert!(
                !old.lines().any(|o| o == *l),
                "{l:?} is unchanged but edited: {e:?}"
            );
        }
    }
}

#[test]
fn yaml_output_needs_a_2x_target_and_a_matching_in_place_file() {
    let options = MigrateOptions {
        from: None,
        to: range("1.14"),
        output_format: Some(Format::Yaml),
    };
    let e = migrate_text("b.json", "{}".into(), &options).unwrap_err();
    assert!(e.message.contains("no YAML bundle format"), "{}", e.message);

    let dir = tempfile::tempdir().unwrap();
    let src = copy_to(dir.path(), "b.json", EVERYTHING);
    let before = fs::read(&src).unwrap();
    let refused = kuiperlint()
        .args([
            "migrate",
            "--to",
            "2.4",
            "--output-format",
            "yaml",
            "--in-place",
        ])
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("use -o DIR to convert between formats"),
        "{stderr}"
    );
    assert_eq!(fs::read(&src).unwrap(), before);

    let out = dir.path().join("out");
    kuiperlint()
        .args(["migrate", "--to", "2.4", "--output-format", "yaml", "-o"])
        .arg(&out)
        .arg(&src)
        .assert()
        .success();
    let yaml = fs::read_to_string(out.join("b.yaml")).unwrap();
    assert!(yaml.contains("rules:\n"), "{yaml}");
    assert!(!out.join("b.json").exists());
}

#[test]
fn a_directory_batch_converts_bundles_and_skips_what_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(root.join("etc/sources")).unwrap();
    fs::write(root.join("export.yaml"), YAML_2_0).unwrap();
    let config = "default:\n  server: tcp://x:1883\n";
    fs::write(root.join("etc/sources/mqtt.yaml"), config).unwrap();
    let rule = r#"{"id": "r1", "sql": "SELECT * FROM s1", "actions": [{"log": {}}]}"#;
    fs::write(root.join("r1.json"), rule).unwrap();
    let out = dir.path().join("out");
    let run = kuiperlint()
        .args(["migrate", "--to", "2.4", "--output-format", "json", "-o"])
        .arg(&out)
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "files of a directory that are not bundles are skipped"
    );
    let said = String::from_utf8_lossy(&run.stdout) + String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("mqtt.yaml: skipped: not a bundle (source-config)"),
        "{said}"
    );
    assert!(said.contains("2 skipped (not bundles)"), "{said}");
    let json = fs::read_to_string(out.join("export.json")).unwrap();
    assert!(json.contains("\"sourceConfig\""), "{json}");
    assert!(!out.join("etc/sources/mqtt.json").exists());
    assert_eq!(
        fs::read_to_string(root.join("etc/sources/mqtt.yaml")).unwrap(),
        config
    );
    assert!(!out.join("r1.json").exists());
    // Named on the command line, a file that is not a bundle fails: the user asked for it.
    let named = kuiperlint()
        .args(["migrate", "--to", "2.4"])
        .arg(root.join("r1.json"))
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&named.stderr);
    assert!(stderr.contains("not a bundle (rule)"), "{stderr}");
}

#[test]
fn yaml_output_refuses_what_it_cannot_carry() {
    // Found by fuzzing: converting these used to lose an entry or change on a second run.
    for file in [
        "fuzz/regressions/migrate/fixed-yaml-conversion-leaves-out-entry",
        "fuzz/regressions/migrate/fixed-yaml-conversion-not-idempotent",
    ] {
        let text = fs::read_to_string(file).unwrap();
        let options = MigrateOptions {
            from: None,
            to: range("2.4"),
            output_format: Some(Format::Yaml),
        };
        let e = migrate_text("b.json", text, &options).unwrap_err();
        assert!(
            e.message.contains("cannot write YAML: rule"),
            "{file}: {}",
            e.message
        );
    }
    // Nothing YAML carries: an empty mapping, which migrates again to itself.
    let text =
        fs::read_to_string("fuzz/regressions/migrate/fixed-yaml-conversion-empty-output").unwrap();
    let once = migrate_as("b.json", &text, "2.4", Some(Format::Yaml));
    assert_eq!(once.output, "# an empty bundle\n{}\n");
    let twice = migrate_as("b.yaml", &once.output, "2.4", None);
    assert_eq!(twice.output, once.output);
}

/// Every migration has a fixture of its own (`fixtures/migrate/codes/M0xx.*`) that it acts on,
/// with the versions and output format that make it act.
#[test]
fn every_migration_has_a_fixture_it_acts_on() {
    let runs: &[(&str, &[&str])] = &[
        ("M001", &["--from", "1.10", "--to", "1.11"]),
        ("M002", &["--from", "1.12", "--to", "1.13"]),
        ("M003", &["--to", "2.4"]),
        ("M004", &["--from", "1.14", "--to", "2.4"]),
        ("M005", &["--from", "1.14", "--to", "2.4"]),
        ("M006", &["--to", "2.4"]),
        ("M007", &["--from", "2.0.0", "--to", "2.4"]),
        ("M008", &["--from", "1.14", "--to", "2.4"]),
        ("M009", &["--from", "1.14", "--to", "2.4"]),
        ("M010", &["--from", "2.2", "--to", "2.4"]),
        ("M011", &["--from", "1.14", "--to", "2.4"]),
        ("M012", &["--to", "2.4"]),
        ("M013", &["--from", "1.14", "--to", "2.4"]),
        ("M014", &["--to", "2.4", "--output-format", "json"]),
        ("M015", &["--to", "2.4", "--output-format", "yaml"]),
        ("M016", &["--from", "1.14", "--to", "2.4"]),
        ("M017", &["--from", "1.14", "--to", "2.4"]),
    ];
    let codes: Vec<&str> = kuiperlint::migrate::MIGRATIONS
        .iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(
        runs.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        codes,
        "a run per migration"
    );
    for (code, args) in runs {
        let fixture = ["json", "yaml"]
            .iter()
            .map(|ext| format!("fixtures/migrate/codes/{code}.{ext}"))
            .find(|p| std::path::Path::new(p).exists())
            .unwrap_or_else(|| panic!("{code} has no fixture"));
        let out = Command::cargo_bin("kuiperlint")
            .unwrap()
            .args(["migrate", "--dry-run"])
            .args(*args)
            .arg(&fixture)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains(&format!(": {code} ")),
            "{fixture}: no {code} in\n{text}"
        );
    }
}

#[test]
fn removed_sinks_are_reported_where_they_are_used() {
    let text = fs::read_to_string("fixtures/migrate/codes/M016.json").unwrap();
    let out = migrate(&text, Some("1.14"), "2.4");
    let lines = kuiperlint::report::migrate::change_lines(&out);
    let m016: Vec<&String> = lines.iter().filter(|l| l.contains(" M016 ")).collect();
    assert_eq!(m016.len(), 3, "{lines:#?}");
    assert!(m016[0].starts_with("b.json:2:90: M016 warning: action 1 (`tdengine`) of rule `r1`"));
    assert!(m016[1].starts_with("b.json:3:21: M016 warning: native plugin `sinks_tdengine`"));
    assert!(m016[2].starts_with("b.json:4:18: M016 warning: sink config `tspoint`"));
    // Nothing rewritten by M016: the lines that hold them are as they were, but for M011.
    assert_eq!(out.output.lines().nth(2), text.lines().nth(2));
    // Within 1.x, or within 2.x, nothing to say.
    for (from, to) in [("1.12", "1.14"), ("2.0", "2.4")] {
        let lines = kuiperlint::report::migrate::change_lines(&migrate(&text, Some(from), to));
        assert!(!lines.iter().any(|l| l.contains(" M016 ")), "{lines:#?}");
    }
}

#[test]
fn plugin_builds_are_reported_on_a_change_of_version() {
    let text = fs::read_to_string("fixtures/migrate/codes/M017.json").unwrap();
    let lines = kuiperlint::report::migrate::change_lines(&migrate(&text, Some("1.14"), "2.4"));
    let m017: Vec<&String> = lines.iter().filter(|l| l.contains(" M017 ")).collect();
    assert_eq!(m017.len(), 2, "{lines:#?}");
    assert!(
        m017[0].starts_with("b.json:2:21: M017 warning: native plugin `sinks_zmq` is a Go plugin built for one eKuiper version (its `file` names version 1.8.1); point `file` at a build for 2.4"),
        "{m017:#?}"
    );
    assert!(
        m017[1].starts_with("b.json:3:14: M017 warning: schema `custom_geo` is a Go plugin built for one eKuiper version; point `soFile`"),
        "{m017:#?}"
    );
    // Within one release, or from an unknown version that may be the target's, nothing.
    for from in [Some("2.4"), None] {
        let lines = kuiperlint::report::migrate::change_lines(&migrate(&text, from, "2.4"));
        assert!(
            !lines.iter().any(|l| l.contains(" M017 ")),
            "{from:?}: {lines:#?}"
        );
    }
}

#[test]
fn output_dir_is_never_read_back_and_in_place_needs_a_writing_mode() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        "fixtures/migrate/codes/M004.json",
        dir.path().join("a.json"),
    )
    .unwrap();
    for _ in 0..2 {
        kuiperlint()
            .current_dir(dir.path())
            .args([
                "migrate", ".", "--from", "1.14", "--to", "2.4", "-o", "out", "-q",
            ])
            .assert()
            .code(0);
    }
    assert!(dir.path().join("out/a.json").is_file());
    assert!(
        !dir.path().join("out/out").exists(),
        "the output folder was migrated again"
    );
    for mode in ["--check", "--dry-run"] {
        kuiperlint()
            .current_dir(dir.path())
            .args(["migrate", ".", "--to", "2.4", "--in-place", mode])
            .assert()
            .code(2);
    }
    // -q: no line per change; the summary of a batch stays.
    fs::copy(
        "fixtures/migrate/codes/M005.json",
        dir.path().join("b.json"),
    )
    .unwrap();
    let o = kuiperlint()
        .args([
            "migrate",
            "--from",
            "1.14",
            "--to",
            "2.4",
            "--dry-run",
            "-q",
        ])
        .arg(dir.path().join("a.json"))
        .arg(dir.path().join("b.json"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(
        !text.contains(" M004 ") && !text.contains(" M005 "),
        "{text}"
    );
    assert!(text.contains("2 files"), "{text}");
}

#[test]
fn a_json_report_lists_every_change_at_its_position() {
    let o = kuiperlint()
        .args(["migrate", "--to", "2.4", "--check", "--format", "json"])
        .arg("fixtures/migrate/codes/M001.json")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "it would change");
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file = &doc["files"][0];
    assert_eq!(file["file"], "fixtures/migrate/codes/M001.json");
    assert_eq!(file["status"], "changed");
    let m001 = file["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "M001")
        .unwrap();
    assert_eq!(
        (m001["line"].as_u64(), m001["column"].as_u64()),
        (Some(12), Some(1))
    );
    assert_eq!(doc["summary"]["changed"], 1);
}

#[test]
fn a_folder_walk_passes_by_json_that_is_not_an_object() {
    // An array of test data in the tree is not a bundle: skipped, not a failure.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.json"), "[1, 2, 3]").unwrap();
    fs::write(dir.path().join("b.json"), "{\"streams\": {}}").unwrap();
    let o = kuiperlint()
        .args(["migrate", "--to", "2.4", "--check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["skipped"], 1, "{doc}");
    assert_eq!(doc["summary"]["failed"], 0, "{doc}");
    assert_ne!(o.status.code(), Some(2));
}
