//! `check --fix` (docs/fixes.md): what each fix writes (a fixture per fix under fixtures/fix/,
//! its fixed text under tests/golden/fix/), and the guarantees of every fix on every fixture:
//! no code the file did not have, nothing left to fix after one run, a second run changes
//! nothing, and untouched bytes stay byte-identical.

mod common;

use std::collections::BTreeSet;
use std::fs;

use kuiperlint::bundle::json;
use kuiperlint::bundle::Bundle;
use kuiperlint::diagnostic::Applicability;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::fix::{fix_bytes, FixRun};
use kuiperlint::lints::REGISTRY;

fn check(name: &str, bytes: &[u8]) -> FileReport {
    check_bytes(name.to_string(), bytes.to_vec(), &CheckOptions::default())
}

/// `section/name` of every entry of a JSON bundle.
fn entries(text: &str) -> BTreeSet<String> {
    let doc = json::parse(text);
    let Some(root) = doc.values.first() else {
        return BTreeSet::new();
    };
    Bundle::new(root)
        .entries()
        .map(|e| format!("{}/{}", e.section.key(), e.name()))
        .collect()
}

/// Errors per code of a run's first file.
fn errors(
    diagnostics: &[kuiperlint::diagnostic::Diagnostic],
) -> std::collections::BTreeMap<&'static str, usize> {
    let mut m = std::collections::BTreeMap::new();
    for d in diagnostics {
        *m.entry(d.code).or_default() +=
            usize::from(d.severity == kuiperlint::diagnostic::Severity::Error);
    }
    m
}

/// The codes of `after` with more errors than in `before` (a code `before` lacks counts).
fn more_errors(
    before: &[kuiperlint::diagnostic::Diagnostic],
    after: &[kuiperlint::diagnostic::Diagnostic],
) -> Vec<&'static str> {
    let b = errors(before);
    errors(after)
        .into_iter()
        .filter(|(c, n)| b.get(c).is_none_or(|m| n > m))
        .map(|(c, _)| c)
        .collect()
}

fn codes(run: &FixRun) -> BTreeSet<&'static str> {
    run.reports
        .iter()
        .flatten()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.code)
        .collect()
}

/// Fixes `bytes` and checks every guarantee; returns the fixed text (None: nothing fixed).
fn fix_and_verify(name: &str, bytes: &[u8], unsafe_fixes: bool) -> Option<String> {
    let before = check(name, bytes)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect::<BTreeSet<_>>();
    let run = fix_bytes(name, bytes.to_vec(), None, unsafe_fixes);
    let file = &run.files[0];
    assert!(
        file.notes.is_empty(),
        "{name}: a fix was refused or kept re-applying: {:?}",
        file.notes
    );
    let after = codes(&run);
    let new: Vec<_> = after.difference(&before).collect();
    assert!(new.is_empty(), "{name}: --fix brought {new:?}");
    let worse = more_errors(
        &check(name, bytes).diagnostics,
        &run.reports[0].as_ref().unwrap().diagnostics,
    );
    assert!(
        worse.is_empty(),
        "{name}: --fix brought errors of {worse:?}"
    );
    if !file.changed() {
        return None;
    }
    let fixed = file.fixed.clone().unwrap();
    // The same entries (an unsafe fix may rename an unknown section into a known one).
    if name.ends_with(".json") {
        let (old, new) = (entries(&String::from_utf8_lossy(bytes)), entries(&fixed));
        let lost: Vec<_> = old.difference(&new).collect();
        assert!(lost.is_empty(), "{name}: --fix lost {lost:?}");
        if !unsafe_fixes {
            assert_eq!(old, new, "{name}: --fix added entries");
        }
    }
    // Nothing left to fix of what was applied, and a second run changes nothing.
    let again = fix_bytes(name, fixed.clone().into_bytes(), None, unsafe_fixes);
    assert!(
        !again.files[0].changed(),
        "{name}: a second --fix changed the file again: {:?}",
        again.files[0].applied
    );
    Some(fixed)
}

#[test]
fn fixes_on_every_fixture_bring_no_new_code_and_reach_a_fixed_point() {
    let mut fixed_any = 0;
    for path in common::fixture_files(&["json", "yaml", "sql"]) {
        let bytes = fs::read(&path).unwrap();
        let name = path.display().to_string();
        for unsafe_fixes in [false, true] {
            if fix_and_verify(&name, &bytes, unsafe_fixes).is_some() {
                fixed_any += 1;
            }
        }
    }
    assert!(
        fixed_any > 10,
        "only {fixed_any} fixtures had something to fix"
    );
}

/// Every fix a finding carries is of an applicability its lint declares, and a lint that
/// declares none carries none.
#[test]
fn fixes_are_declared_by_their_lint() {
    for path in common::fixture_files(&["json", "yaml", "sql"]) {
        let bytes = fs::read(&path).unwrap();
        let report = check(&path.display().to_string(), &bytes);
        for d in &report.diagnostics {
            let Some(fix) = &d.fix else { continue };
            let lint = REGISTRY.iter().find(|l| l.code == d.code).unwrap();
            let declared = lint.fixable.unwrap_or_else(|| {
                panic!("{}: {} has a fix but declares none", path.display(), d.code)
            });
            assert!(
                fix.applicability >= declared,
                "{}: {} has a {:?} fix but declares {declared:?}",
                path.display(),
                d.code,
                fix.applicability
            );
            if declared == Applicability::Safe {
                assert_eq!(fix.applicability, Applicability::Safe);
            }
        }
    }
}

/// The fixtures of fixes (fixtures/fix/*): the text `--fix` writes (`--unsafe-fixes` for files
/// whose name says `unsafe`), compared with tests/golden/fix/NAME (GOLDEN_UPDATE=1 rewrites).
#[test]
fn fixed_files_are_as_recorded() {
    let dir = std::path::Path::new("fixtures/fix");
    let golden = std::path::Path::new("tests/golden/fix");
    let update = std::env::var_os("GOLDEN_UPDATE").is_some();
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for path in names {
        let name = path.display().to_string();
        let file_name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = fs::read(&path).unwrap();
        let fixed = fix_and_verify(&name, &bytes, file_name.contains("unsafe"))
            .unwrap_or_else(|| panic!("{name}: nothing was fixed"));
        // The diff made from the edits is the diff of the two texts.
        let run = fix_bytes(&name, bytes.clone(), None, file_name.contains("unsafe"));
        let texts_only = kuiperlint::fix::FileFixes {
            original: run.files[0].original.clone(),
            fixed: run.files[0].fixed.clone(),
            ..Default::default()
        };
        assert_eq!(
            kuiperlint::fix::diff(&name, &run.files[0], &[]),
            kuiperlint::fix::diff(&name, &texts_only, &[]),
            "{name}"
        );
        let expected = golden.join(format!("{file_name}.fixed"));
        if update {
            fs::create_dir_all(golden).unwrap();
            fs::write(&expected, &fixed).unwrap();
        } else if fs::read_to_string(&expected).ok().as_deref() != Some(fixed.as_str()) {
            failures.push(format!("{name}:\n{fixed}"));
        }
    }
    assert!(
        failures.is_empty(),
        "fixed texts differ (GOLDEN_UPDATE=1 to record):\n{}",
        failures.join("\n")
    );
}

/// What the mutations insert: what the fixes cure (comments, trailing commas, single quotes,
/// other dialects' operators, a `;`), and what breaks the JSON around them.
const PIECES: &[&str] = &[
    ",",
    "// note\n",
    "/* x */",
    "'",
    "\"",
    " <> ",
    " IS NULL",
    ";",
    "\\\"",
    "{",
    "}",
    "\n",
    "Rules",
    "sql",
    "\u{feff}",
];

fn mutated(base: &[u8], at: usize, piece: usize, times: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(base).into_owned();
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut out = text[..at].to_string();
    for _ in 0..times {
        out.push_str(PIECES[piece % PIECES.len()]);
    }
    out.push_str(&text[at..]);
    out.into_bytes()
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 128,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(18),
        ..proptest::test_runner::Config::default()
    })]

    /// On fixtures with a piece inserted somewhere: after `--fix` (safe, and with unsafe
    /// fixes), `check` reports no code that was not there before, and a second `--fix` changes
    /// nothing when the first reached its fixed point.
    #[test]
    fn mutated_fixtures_keep_the_guarantees(
        which in 0usize..1000,
        at in 0usize..100_000,
        piece in 0usize..100,
        times in 1usize..3,
        unsafe_fixes: bool,
    ) {
        let files = common::fixture_files(&["json", "yaml", "sql"]);
        let path = &files[which % files.len()];
        let bytes = mutated(&fs::read(path).unwrap(), at, piece, times);
        let name = path.display().to_string();
        let before: BTreeSet<&str> = check(&name, &bytes).diagnostics.iter().map(|d| d.code).collect();
        let run = fix_bytes(&name, bytes.clone(), None, unsafe_fixes);
        let after = codes(&run);
        let new: Vec<_> = after.difference(&before).collect();
        proptest::prop_assert!(new.is_empty(), "{name}: --fix brought {new:?}");
        if let Ok(r) = &run.reports[0] {
            let worse = more_errors(&check(&name, &bytes).diagnostics, &r.diagnostics);
            proptest::prop_assert!(worse.is_empty(), "{name}: --fix brought errors of {worse:?}");
        }
        let file = &run.files[0];
        if file.changed() && file.notes.is_empty() {
            let fixed = file.fixed.clone().unwrap();
            let again = fix_bytes(&name, fixed.into_bytes(), None, unsafe_fixes);
            proptest::prop_assert!(!again.files[0].changed(), "{name}: second --fix changed {:?}", again.files[0].applied);
        }
    }
}

// Through the binary: files written atomically with their permissions, standard input to
// standard output, `--diff` and `--show-fixes`, write failures, secrets in diffs.

use std::path::Path;

const PASTED: &str = "fixtures/fix/pasted-rules.json";

fn kuiperlint(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("kuiperlint").unwrap();
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn fix_writes_the_file_keeps_its_permissions_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("b.json");
    fs::copy(PASTED, &p).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = kuiperlint(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--fix",
            "--format",
            "concise",
            "b.json",
        ],
        None,
    );
    let err = text(&out.stderr);
    // B011 (a missing comma in a rule) and B008 (an unsafe fix) remain.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("kuiperlint: 4 fixed, 2 remaining (1 fixable with `--unsafe-fixes`)"),
        "{err}"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("B011") && stdout.contains("B008") && !stdout.contains("B013"),
        "{stdout}"
    );
    let fixed = fs::read_to_string(&p).unwrap();
    assert!(
        fixed.contains(r#""overheat_copy": "{\"id\": \"overheat_copy\""#),
        "{fixed}"
    );
    assert!(!fixed.contains("//"), "{fixed}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
    // With the unsafe fixes, `sourceConfigs` becomes `sourceConfig`; then nothing is left to fix.
    let out = kuiperlint(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "b.json"],
        None,
    );
    assert!(
        text(&out.stderr).contains("kuiperlint: 1 fixed, 1 remaining"),
        "{}",
        text(&out.stderr)
    );
    let again = kuiperlint(
        dir.path(),
        &["check", "--isolated", "--fix", "--unsafe-fixes", "b.json"],
        None,
    );
    assert!(
        text(&again.stderr).contains("kuiperlint: 0 fixed, 1 remaining"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        fs::read_to_string("tests/golden/fix/pasted-rules.json.fixed")
            .unwrap()
            .replace(r#""sourceConfigs""#, r#""sourceConfig""#)
    );
}

#[test]
fn fix_of_standard_input_writes_the_fixed_text_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = fs::read(PASTED).unwrap();
    let out = kuiperlint(
        dir.path(),
        &["check", "--isolated", "--fix", "-"],
        Some(&input),
    );
    assert_eq!(
        text(&out.stdout),
        fs::read_to_string("tests/golden/fix/pasted-rules.json.fixed").unwrap()
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("B011") && err.contains("4 fixed, 2 remaining"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(1));
    // Nothing to fix: the input as it came.
    let clean = b"{\"streams\": {}}\n";
    let out = kuiperlint(
        dir.path(),
        &["check", "--isolated", "--fix", "-"],
        Some(clean),
    );
    assert_eq!(out.stdout, clean);
}

#[test]
fn diff_writes_nothing_and_exits_1_when_there_is_something_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("b.json");
    fs::copy(PASTED, &p).unwrap();
    let out = kuiperlint(
        dir.path(),
        &["check", "--isolated", "--diff", "--show-fixes", "b.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fs::read(&p).unwrap(),
        fs::read(PASTED).unwrap(),
        "--diff wrote the file"
    );
    let diff = text(&out.stdout);
    assert!(
        diff.starts_with(
            "--- b.json\n+++ b.json\n@@ -1,12 +1,11 @@\n {\n-  // rules copied from the wiki\n"
        ),
        "{diff}"
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("Would fix 4 findings:\n- b.json:\n    1 × B002 (json-comment)\n"),
        "{err}"
    );
    assert!(
        err.contains("kuiperlint: would fix 4 in 1 file, 2 remaining"),
        "{err}"
    );
    // A file with nothing to fix: no diff, exit 0 (whatever it has that no fix cures).
    let out = kuiperlint(
        Path::new("."),
        &["check", "--isolated", "--diff", "fixtures/lints/S020.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
}

#[test]
fn show_fixes_without_fix_lists_what_is_fixable() {
    let out = kuiperlint(
        Path::new("."),
        &[
            "check",
            "--isolated",
            "--show-fixes",
            "--format",
            "concise",
            PASTED,
        ],
        None,
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("Fixable findings:\n- fixtures/fix/pasted-rules.json:\n"),
        "{err}"
    );
    assert!(
        err.contains("    1 × B008 (unknown-section): --fix --unsafe-fixes (unsafe)\n"),
        "{err}"
    );
    assert!(
        err.contains("    1 × B013 (rule-id-mismatch): --fix\n"),
        "{err}"
    );
}

#[test]
fn secrets_stay_masked_in_diffs_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy("fixtures/secrets/bundle.json", dir.path().join("b.json")).unwrap();
    for args in [
        &[
            "check",
            "--isolated",
            "--diff",
            "--unsafe-fixes",
            "--show-fixes",
            "b.json",
        ][..],
        &["check", "--isolated", "--fix", "--format", "json", "b.json"][..],
    ] {
        let out = kuiperlint(dir.path(), args, None);
        let all = text(&out.stdout) + &text(&out.stderr);
        assert!(all.contains("password"), "{all}");
        assert!(
            !all.contains("LEAK"),
            "a secret in the output of {args:?}:\n{all}"
        );
    }
}

/// The disk is full, for real (a file-size limit: the write of the temporary file fails
/// half-way): exit 2, the reason, the original byte-identical, no temporary file. The write is
/// `migrate`'s atomic write, whose every failing step tests/migrate_failures.rs injects.
#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    // A bundle larger than the limit, with something to fix.
    let big = fs::read_to_string(PASTED).unwrap() + &" ".repeat(4000) + "\n";
    let p = dir.path().join("b.json");
    fs::write(&p, &big).unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"trap "" XFSZ; ulimit -f 2 && exec "$0" "$@""#)
        .arg(assert_cmd::cargo::cargo_bin("kuiperlint"))
        .args(["check", "--isolated", "--fix", "b.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("kuiperlint: b.json: cannot write the fixed file: File too large (os error 27); the original is unchanged"), "{err}");
    assert_eq!(fs::read_to_string(&p).unwrap(), big);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn readme_diff_example_is_real_output() {
    let readme = fs::read_to_string("README.md").unwrap();
    let out = kuiperlint(
        Path::new("."),
        &["check", "--diff", "fixtures/examples/pasted-rules.json"],
        None,
    );
    let shown = text(&out.stdout) + &text(&out.stderr);
    assert!(
        readme.contains(&format!(
            "$ kuiperlint check --diff fixtures/examples/pasted-rules.json\n{shown}```"
        )),
        "README shows other output than:\n{shown}"
    );
}
