//! `check --fix` (docs/fixes.md): what each fix writes (a fixture per fix under fixtures/fix/,
//! its fixed text under tests/golden/fix/), and the guarantees of every fix on every fixture:
//! no code the file did not have, nothing left to fix after one run, a second run changes
//! nothing, and untouched bytes stay byte-identical.

mod common;

use std::collections::BTreeSet;
use std::fs;

use kuiperlint::diagnostic::Applicability;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::fix::{fix_bytes, FixRun};
use kuiperlint::lints::REGISTRY;

fn check(name: &str, bytes: &[u8]) -> FileReport {
    check_bytes(name.to_string(), bytes.to_vec(), &CheckOptions::default())
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
    if !file.changed() {
        return None;
    }
    let fixed = file.fixed.clone().unwrap();
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
