//! No secret value leaves kuiperlint unless it is asked for. Every command, in every output
//! format, runs over bundles that hold known secrets (`fixtures/secrets/`: written with escapes,
//! XML and workflow-command special characters, non-ASCII, as a number, inside broken JSON,
//! in single quotes, not quoted at all, under a name only `kuiperlint.toml` calls secret, in a
//! YAML export in every scalar style; and `fixtures/lints/P001.json`), and neither standard
//! output, standard error nor any file written holds a secret, in any encoding.
//!
//! Every secret of those fixtures contains a marker (`LEAK`, `kuiperlint-test`, or the digits
//! of the one numeric secret) and nothing else there does; an escaped or re-encoded copy of a
//! secret still contains its marker, so looking for the markers finds a leak whatever its form.
//!
//! Asked for, and so not checked for secrets: what `migrate` writes (the migrated bundle on
//! standard output, in `-o` folders, in place, and its `--diff`), which is the file itself.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use kuiperlint::diagnostic::Severity;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::report::{
    render_concise, render_getstatus, render_github, render_human, render_json, render_junit,
    render_sarif, render_statistics, HumanOptions,
};

const BUNDLE: &str = "fixtures/secrets/bundle.json";
const OLD: &str = "fixtures/secrets/old.json";
const YAML: &str = "fixtures/secrets/export.yaml";
const P001: &str = "fixtures/lints/P001.json";
const MARKERS: [&str; 3] = ["LEAK", "kuiperlint-test", "918273645546372819"];

fn kuiperlint() -> Command {
    Command::cargo_bin("kuiperlint").unwrap()
}

#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    for m in MARKERS {
        if let Some(at) = text.find(m) {
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(60)
                .map_or(0, |(i, _)| i);
            let to = (at + 60).min(text.len());
            let to = (to..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap();
            panic!("{what} shows a secret: …{}…", &text[from..to]);
        }
    }
}

#[track_caller]
fn run(args: &[&str]) -> Output {
    let out = kuiperlint().args(args).output().unwrap();
    let what = format!("kuiperlint {}", args.join(" "));
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{what}: {:?}",
        out.status
    );
    assert!(
        !(out.stdout.is_empty() && out.stderr.is_empty()),
        "{what} printed nothing: there is nothing to look for secrets in"
    );
    assert_no_secret(
        &format!("{what} (stderr)"),
        &String::from_utf8_lossy(&out.stderr),
    );
    out
}

/// Runs a command whose standard output is a report: neither stream may hold a secret. A report
/// that says nothing would pass that vacuously, so it must say something.
#[track_caller]
fn report(args: &[&str]) -> Output {
    let out = run(args);
    let what = format!("kuiperlint {} (stdout)", args.join(" "));
    assert!(!out.stdout.is_empty(), "{what} printed nothing");
    assert_no_secret(&what, &String::from_utf8_lossy(&out.stdout));
    out
}

/// The fixtures hold what this test says they hold: every marker, and a P001 for each secret.
#[test]
fn the_fixtures_hold_the_secrets() {
    let text: String = [BUNDLE, OLD, YAML, P001]
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    for m in MARKERS {
        assert!(text.contains(m), "{m}");
    }
    let out = kuiperlint()
        .args(["check", "--format", "concise", BUNDLE, YAML])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    // 11 secrets in the bundle (one a number, one under `apiSecret`, which kuiperlint.toml
    // names) and 4 in the YAML export: each one is found.
    assert_eq!(stdout.matches(" P001 ").count(), 15, "{stdout}");
}

#[test]
fn check_in_every_format() {
    for format in common::FORMATS {
        for color in ["never", "always"] {
            report(&[
                "check", "--format", format, "--color", color, BUNDLE, YAML, P001,
            ]);
        }
    }
    report(&["check", "--statistics", BUNDLE, YAML, P001]);
    report(&["check", "-q", "--fail-on", "hint", BUNDLE, YAML, P001]);
    report(&[
        "check",
        "--exit-zero",
        "--format",
        "concise",
        "fixtures/secrets",
    ]);
    let out = kuiperlint()
        .args(["check", "--files-from", "-", "--format", "json"])
        .write_stdin(format!("{BUNDLE}\n{YAML}\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_secret(
        "check --files-from - (stdout)",
        &String::from_utf8_lossy(&out.stdout),
    );
    // Standard input: the config file names `apiSecret` a secret only when given.
    let out = kuiperlint()
        .args([
            "check",
            "--format",
            "sarif",
            "--config",
            "fixtures/secrets/kuiperlint.toml",
            "-",
        ])
        .write_stdin(fs::read(BUNDLE).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_secret("check - (stdout)", &String::from_utf8_lossy(&out.stdout));
}

#[test]
fn graph_and_diff() {
    for file in [BUNDLE, YAML, P001] {
        report(&["graph", file]);
        report(&["graph", "--format", "json", file]);
    }
    report(&["graph", "--rule", "r1", BUNDLE]);
    for format in ["text", "json"] {
        report(&["diff", "--format", format, OLD, YAML]);
        report(&["diff", "--format", format, YAML, OLD]);
        report(&["diff", "--format", format, "--partial", OLD, YAML]);
        // The bundle holds a rule whose JSON does not parse (a bare secret): `diff` refuses it,
        // naming the place and the kind of problem, never the text there.
        for args in [[OLD, BUNDLE], [BUNDLE, OLD]] {
            let out = run(&[&["diff", "--format", format][..], &args[..]].concat());
            assert_eq!(out.status.code(), Some(1));
            assert!(out.stdout.is_empty());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("its JSON string is not valid JSON"),
                "{stderr}"
            );
            assert_no_secret("diff (stderr)", &stderr);
        }
    }
    report(&["explain", "P001", "--format", "json"]);
    report(&["rules"]);
}

/// `migrate` reports (changes, warnings, the summary, refusals) hold no secret, in every mode;
/// what it writes does, as asked, and exactly the input's.
#[test]
fn migrate_reports() {
    for file in [BUNDLE, YAML, P001] {
        report(&["migrate", "--to", "2.4", "--check", file]);
        report(&["migrate", "--to", "2.4", "--dry-run", file]);
        let to_1x = [
            "migrate",
            "--to",
            "1.14",
            "--from",
            "1.10",
            "--dry-run",
            file,
        ];
        if file == YAML {
            // Refused (1.x has no YAML bundle), on standard error alone.
            assert_eq!(run(&to_1x).status.code(), Some(2));
        } else {
            report(&to_1x);
        }
        // The migrated bundle and the diff are the file: asked for. Standard error is checked.
        let out = run(&["migrate", "--to", "2.4", file]);
        assert!(!out.stdout.is_empty());
        run(&["migrate", "--to", "2.4", "--diff", file]);
        run(&["migrate", "--to", "2.4", "--output-format", "yaml", file]);
    }
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let copy = dir.path().join("copy.json");
    fs::copy(BUNDLE, &copy).unwrap();
    let (out_dir, copy) = (out_dir.to_str().unwrap(), copy.to_str().unwrap());
    report(&["migrate", "--to", "2.4", "-o", out_dir, BUNDLE, YAML, P001]);
    report(&["migrate", "--to", "2.4", "--in-place", copy]);
    // Written as asked: each file holds the secrets of its input.
    let written = fs::read_to_string(Path::new(out_dir).join("bundle.json")).unwrap();
    assert!(written.contains(r#"LEAK-mqtt-Zx9\\\"quote\\\\back"#));
    assert!(fs::read_to_string(copy)
        .unwrap()
        .contains("LEAK-sasl-<lt>&amp;%25,comma:colon"));
    // A file migrate refuses is named with the reason, which quotes nothing of a secret.
    let broken = dir.path().join("broken.json");
    fs::write(
        &broken,
        r#"{"sourceConfig": {"mqtt": "{\"a\": {\"password\": LEAK_x}}"},}"#,
    )
    .unwrap();
    let out = run(&["migrate", "--to", "2.4", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

fn reports() -> Vec<FileReport> {
    [BUNDLE, YAML, P001]
        .iter()
        .map(|p| {
            check_bytes(
                p.to_string(),
                fs::read(p).unwrap(),
                &CheckOptions::default(),
            )
        })
        .collect()
}

/// The library's renderers mask on their own (the binary is not needed for that).
#[test]
fn every_renderer_masks() {
    let reports = reports();
    for r in &reports {
        assert!(
            r.diagnostics.iter().any(|d| d.code == "P001"),
            "{}",
            r.source.name
        );
        assert!(!r.masked.is_empty());
    }
    for color in [false, true] {
        let out = render_human(
            &reports,
            HumanOptions {
                color,
                width: 100,
                summary: true,
            },
        );
        assert_no_secret("human", &out);
        assert!(out.contains("P001"));
    }
    for (format, out) in [
        ("concise", render_concise(&reports)),
        ("json", render_json(&reports)),
        ("sarif", render_sarif(&reports)),
        ("github", render_github(&reports)),
        ("junit", render_junit(&reports, Severity::Hint)),
        ("getstatus", render_getstatus(&reports)),
        ("statistics", render_statistics(&reports)),
    ] {
        assert_no_secret(format, &out);
    }
}
