//! Hostile input. Whatever the bytes, `check` ends with a defined finding and exit code, and
//! `migrate` with a result or a refusal: no panic, no stack overflow, no hang (every run of the
//! binary has a timeout), bounded memory (the big cases run under an address-space limit). The
//! guarantees, the limits and how each is tested: docs/robustness.md.
//!
//! Cases that must behave like the real binary (its threads and stack sizes) run the binary;
//! the truncation of every fixture at every byte runs in-process, on the library.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use kuiperlint::bundle::json::GO_MAX_DEPTH;
use kuiperlint::bundle::{FileKind, LoadedFile, SourceFile};
use kuiperlint::diagnostic::Severity;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::migrate::{migrate_bytes, MigrateOptions};
use kuiperlint::report::{
    render_concise, render_getstatus, render_github, render_human, render_json, render_junit,
    render_sarif, HumanOptions,
};
use kuiperlint::source::span::Span;
use rayon::prelude::*;

/// Address space a run may use: a 100 MB input needs about 850 MB resident in a debug build (the
/// SQL case; docs/robustness.md), so this is room for that, not for a blow-up.
const MEMORY_LIMIT_KB: u64 = 2_000_000;

/// No run of the binary here takes more than a few seconds in a debug build; this catches a hang
/// (or a quadratic blow-up) without flaking on a slow machine.
const TIMEOUT: Duration = Duration::from_secs(180);

/// Runs the binary with `args` under the memory limit (`ulimit -v`) and the timeout, on two
/// worker threads (each thread reserves memory of its own: a fixed number keeps the limit
/// meaningful on a machine with many cores).
fn run(args: &[&str], dir: &Path) -> Output {
    run_with_stdin(args, dir, Vec::new())
}

/// [`run`] with `input` on stdin. The 100 MB cases go this way rather than through a file: a
/// CI machine's disk may have less room than that free.
fn run_with_stdin(args: &[&str], dir: &Path, input: Vec<u8>) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("kuiperlint");
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .current_dir(dir);
    Command::from_std(cmd)
        .timeout(TIMEOUT)
        .write_stdin(input)
        .output()
        .expect("the binary runs")
}

fn check_file(dir: &Path, name: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "concise", "-j", "2"];
    args.extend_from_slice(extra);
    args.push(name);
    run(&args, dir)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The run stopped with exit code 2 (an input it could not read or refused) and says `message`
/// on stderr.
#[track_caller]
fn assert_refused(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
}

/// Asserts the exit code and that some line of the concise output is `name:line:col: CODE ...`
/// with `message` in it; no panic message on stderr.
#[track_caller]
fn assert_finding(o: &Output, code: i32, at: &str, finding: &str, message: &str) {
    let out = stdout(o);
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{err}",
        head(&out)
    );
    assert!(
        out.lines()
            .any(|l| l.contains(&format!(":{at}: {finding} ")) && l.contains(message)),
        "no `{at}: {finding} ...{message}...` in:\n{}",
        head(&out)
    );
}

fn head(s: &str) -> String {
    s.lines()
        .take(20)
        .map(|l| l.chars().take(300).collect::<String>() + "\n")
        .collect()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// A bundle with one stream `demo` and one rule `r` whose SQL is `sql`, written as eKuiper
/// exports it (the rule is JSON in a string).
fn bundle_with_sql(sql: &str) -> String {
    let stream = r#"CREATE STREAM demo (a BIGINT, b FLOAT) WITH (DATASOURCE="t", FORMAT="json")"#;
    let rule = serde_json::json!({"id": "r", "sql": sql, "actions": [{"log": {}}]}).to_string();
    serde_json::json!({"streams": {"demo": stream}, "rules": {"r": rule}}).to_string()
}

/// Every span of a report is a slice of its text: renderers cut snippets and count columns
/// with them.
#[track_caller]
fn assert_spans_in_text(r: &FileReport) {
    let t = &r.source.text;
    let ok = |s: Span| s.start <= s.end && t.get(s.range()).is_some();
    for d in &r.diagnostics {
        assert!(
            ok(d.span),
            "{} {}: {:?} in {} bytes",
            r.source.name,
            d.code,
            d.span,
            t.len()
        );
        for l in &d.labels {
            assert!(
                ok(l.span),
                "{} {} label {:?}",
                r.source.name,
                d.code,
                l.span
            );
        }
    }
}

// ---- every fixture truncated at every byte ------------------------------------------------

fn fixtures() -> Vec<PathBuf> {
    common::fixture_files(&["json", "sql", "yaml", "yml"])
}

/// Every prefix of every fixture (cut at every byte, so also inside a multi-byte character) is
/// loaded and migrated in-process without a panic, and checked with every lint on every
/// `check_every`-th cut (the cuts checked rotate from file to file). Every finding's span lies
/// in the text. A prefix of a JSON document that stops before its end is invalid JSON: B001
/// (an error, exit code 1), and `migrate` refuses it. The renderers run on every 16th cut
/// checked (they only format what the checks found).
fn truncate_every_fixture(check_every: usize) {
    let files = fixtures();
    assert!(files.len() > 100, "{} fixtures", files.len());
    let options = CheckOptions::default();
    let migrate_to = MigrateOptions {
        from: None,
        to: "2.4".parse().unwrap(),
        output_format: None,
    };
    let contents: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).unwrap()).collect();
    let cuts: Vec<(usize, usize)> = contents
        .iter()
        .enumerate()
        .flat_map(|(f, bytes)| (0..bytes.len()).map(move |cut| (f, cut)))
        .collect();
    // Files read as JSON documents (bundles, rules, rule lists), by what the whole file is.
    let json: Vec<bool> = files
        .iter()
        .zip(&contents)
        .map(|(p, bytes)| {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let file = LoadedFile::parse(SourceFile::new(p.display().to_string(), text));
            // A file of several documents (one rule per line) has whole documents as prefixes.
            matches!(
                file.kind,
                FileKind::Bundle | FileKind::Rule | FileKind::Rules
            ) && file.document.values.len() == 1
        })
        .collect();
    cuts.par_iter().for_each(|&(f, cut)| {
        let name = files[f].display().to_string();
        let bytes = &contents[f][..cut];
        // Only what stands before the end of the document counts as cut off: trailing blanks
        // are not part of it.
        let cut_off = json[f] && cut < contents[f].trim_ascii_end().len();
        let migrated = migrate_bytes(&name, bytes.to_vec(), &migrate_to);
        assert!(
            !(cut_off && migrated.is_ok()),
            "{name} cut at {cut} was migrated"
        );
        if (cut + f) % check_every != 0 {
            // The loader alone: every span of the parsed document in the text.
            if let Ok(text) = std::str::from_utf8(bytes) {
                let file = LoadedFile::parse(SourceFile::new(name.clone(), text.to_string()));
                for issue in &file.document.issues {
                    assert!(
                        text.get(issue.span.range()).is_some(),
                        "{name} cut at {cut}: {issue:?}"
                    );
                }
                // YAML scalar maps are approximate (docs/robustness.md, open findings): JSON.
                let bundles = if file.kind.is_yaml() {
                    Vec::new()
                } else {
                    file.bundles()
                };
                for bundle in bundles {
                    for entry in bundle.entries() {
                        if let Some(e) = &entry.embedded {
                            let all = e.map.to_file(Span::new(0, e.text.len()));
                            assert!(
                                all.end <= text.len(),
                                "{name} cut at {cut}: {}",
                                entry.name()
                            );
                        }
                    }
                }
            }
            return;
        }
        let report = check_bytes(name.clone(), bytes.to_vec(), &options);
        assert_spans_in_text(&report);
        if cut_off {
            assert!(
                report
                    .diagnostics
                    .iter()
                    .any(|d| d.code == "B001" && d.severity == Severity::Error),
                "{name} cut at {cut}: no B001 in {:?}",
                report
                    .diagnostics
                    .iter()
                    .map(|d| d.code)
                    .collect::<Vec<_>>()
            );
        }
        if (cut / check_every).is_multiple_of(16) {
            let reports = [report];
            let _ = render_human(
                &reports,
                HumanOptions {
                    color: false,
                    width: 100,
                    summary: true,
                },
            );
            let _ = render_concise(&reports);
            let _ = render_json(&reports);
            let _ = render_sarif(&reports);
            let _ = render_junit(&reports, Severity::Error);
            let _ = render_github(&reports);
            let _ = render_getstatus(&reports);
        }
    });
}

/// Every fixture cut at every byte: loaded and migrated at every cut, checked with every lint
/// at every fourth (about 15 s in a debug build on 2 cores).
#[test]
fn every_fixture_truncated_at_every_byte() {
    truncate_every_fixture(4);
}

/// The same with every lint at every cut: about 45 s in a debug build on 2 cores, so not in
/// the default run (`cargo test --test hostile -- --ignored`).
#[test]
#[ignore = "about 45 s in a debug build; run with --ignored"]
fn every_fixture_truncated_at_every_byte_checked_at_every_byte() {
    truncate_every_fixture(1);
}

// ---- nesting 100,000 levels deep ---------------------------------------------------------

const DEPTH: usize = 100_000;

/// The outer JSON, 100,000 arrays or objects deep: parsed without recursion, and refused the
/// way eKuiper's decoder refuses it (Go's `encoding/json` stops at 10,000 levels), at the first
/// bracket past the limit. `migrate` refuses the file the same way.
#[test]
fn outer_json_nested_100000_levels() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "arrays.json",
        "[".repeat(DEPTH) + &"]".repeat(DEPTH),
    );
    write(
        dir.path(),
        "objects.json",
        "{\"a\":".repeat(DEPTH) + "1" + &"}".repeat(DEPTH),
    );
    let o = check_file(dir.path(), "arrays.json", &[]);
    let at = format!("1:{}", GO_MAX_DEPTH + 1);
    assert_finding(&o, 1, &at, "B001", "JSON nested deeper than 10000 levels");
    assert_finding(&o, 1, "1:1", "B007", "a bundle must be a JSON object");
    let o = check_file(dir.path(), "objects.json", &[]);
    let at = format!("1:{}", 5 * GO_MAX_DEPTH + 1);
    assert_finding(&o, 1, &at, "B001", "JSON nested deeper than 10000 levels");
    let o = run(
        &["migrate", "-j", "2", "--to", "2.4", "objects.json"],
        dir.path(),
    );
    assert_refused(
        &o,
        "not valid JSON (1:50001: JSON nested deeper than 10000 levels)",
    );
}

/// JSON nested 100,000 levels deep inside a rule's string, and in a rule file (a kind whose
/// view of the file copies the tree): the same limit, reported in the rule's JSON (B011); the
/// rest of the rule is still checked.
#[test]
fn json_in_a_string_nested_100000_levels() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "[".repeat(DEPTH) + &"]".repeat(DEPTH);
    write(
        dir.path(),
        "b.json",
        format!(r#"{{"rules": {{"r": "{deep}"}}}}"#),
    );
    let o = check_file(dir.path(), "b.json", &[]);
    assert_finding(
        &o,
        1,
        "1:10018",
        "B011",
        "JSON nested deeper than 10000 levels (in the JSON of rule `r`)",
    );
    assert_finding(&o, 1, "1:18", "B010", "must be an object; found an array");
    write(
        dir.path(),
        "rule.json",
        format!(
            r#"{{"id": "r", "sql": "SELECT a FROM demo", "actions": [{{"log": {{}}}}], "x": {deep}}}"#
        ),
    );
    let o = check_file(dir.path(), "rule.json", &[]);
    assert_finding(
        &o,
        1,
        "1:10072",
        "B001",
        "JSON nested deeper than 10000 levels",
    );
    assert_finding(&o, 1, "1:68", "C001", "unknown property `x`");
}

/// A rule nested deeper than the schema validator goes (128 levels) but within eKuiper's limit
/// is still validated above that depth: its unknown property and its missing `sql` are found.
#[test]
fn deep_rule_is_still_validated() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 1000;
    let rule = "{\\\"a\\\":".repeat(depth) + "1" + &"}".repeat(depth);
    write(
        dir.path(),
        "b.json",
        format!(r#"{{"rules": {{"r": "{rule}"}}}}"#),
    );
    let o = check_file(dir.path(), "b.json", &[]);
    assert_finding(&o, 1, "1:19", "C001", "unknown property `a`");
    assert_finding(
        &o,
        1,
        "1:18",
        "C006",
        "a rule needs exactly one of a non-empty `sql`",
    );
}

/// SQL parentheses 100,000 deep, in a rule and in a `.sql` file: the lexer caps nesting at 256
/// (S007) before the parser, which recurses, ever sees it.
#[test]
fn sql_parentheses_nested_100000_levels() {
    let dir = tempfile::tempdir().unwrap();
    let sql = format!(
        "SELECT {}1{} FROM demo",
        "(".repeat(DEPTH),
        ")".repeat(DEPTH)
    );
    write(dir.path(), "b.json", bundle_with_sql(&sql));
    write(dir.path(), "q.sql", &sql);
    // kuiperlint's own depth limit, not eKuiper's: a warning, so the run passes.
    let o = check_file(dir.path(), "b.json", &[]);
    assert_finding(
        &o,
        0,
        "1:330",
        "S007",
        "parentheses nested deeper than 256 levels",
    );
    let o = check_file(dir.path(), "q.sql", &[]);
    assert_finding(
        &o,
        0,
        "1:264",
        "S007",
        "parentheses nested deeper than 256 levels",
    );
}

/// YAML: flow collections 100,000 deep are refused by the YAML reader's own limit (B001);
/// block mappings 5,000 deep (25 MB of indentation) are read, and copying that tree for the
/// file's view no longer recurses (it overflowed the stack).
#[test]
fn yaml_nested_deep() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "flow.yaml",
        "[".repeat(DEPTH) + &"]".repeat(DEPTH),
    );
    let o = check_file(dir.path(), "flow.yaml", &[]);
    assert_finding(
        &o,
        1,
        "1:256",
        "B001",
        "invalid YAML: recursion limit exceeded",
    );
    let block: String = (0..5000).map(|i| "  ".repeat(i) + "a:\n").collect();
    write(dir.path(), "block.yaml", block);
    let o = check_file(dir.path(), "block.yaml", &[]);
    // Valid YAML (read as an `etc/` config): whatever it finds, it ends normally.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

// ---- big inputs -------------------------------------------------------------------------

/// 100 MB of `a`.
fn big() -> String {
    "a".repeat(100_000_000)
}

/// A 100 MB string as the value of an unknown section (B008, a warning: exit 0), and as the
/// whole of a rule (garbage where its JSON should be: B011, exit 1). Both checked under the
/// memory limit; the human report of the second underlines the start of the string rather than
/// 100 MB of it (it once took 20 s and 1.8 GB to render).
#[test]
fn a_100_mb_string() {
    let dir = std::env::temp_dir();
    let s = big();
    let note = format!(r#"{{"streams": {{}}, "tables": {{}}, "rules": {{}}, "note": "{s}"}}"#);
    let concise = ["check", "--format", "concise", "-j", "2", "-"];
    let o = run_with_stdin(&concise, &dir, note.clone().into_bytes());
    assert_finding(&o, 0, "1:44", "B008", "unknown section `note`");
    let rule = format!(r#"{{"rules": {{"r": "{s}"}}}}"#);
    drop(s);
    let o = run_with_stdin(&concise, &dir, rule.clone().into_bytes());
    assert_finding(
        &o,
        1,
        "1:18",
        "B011",
        "`aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…` is not a JSON value",
    );
    let o = run_with_stdin(
        &["check", "--color", "never", "-j", "2", "-"],
        &dir,
        rule.into_bytes(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        o.stdout.len() < 10_000,
        "{} bytes of human report",
        o.stdout.len()
    );
    let o = run_with_stdin(
        &["migrate", "-j", "2", "--to", "2.4", "-"],
        &dir,
        note.into_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.len() > 100_000_000);
}

/// A 100 MB string literal in a rule's SQL, three levels of encoding down: no finding (eKuiper
/// accepts it), within the memory limit (the lexer once reserved room for a token per two
/// bytes: 4.4 GB).
#[test]
fn a_100_mb_sql_string_literal() {
    let sql = format!("SELECT \"{}\" AS s FROM demo", big());
    let o = run_with_stdin(
        &["check", "--format", "concise", "-j", "2", "-"],
        &std::env::temp_dir(),
        bundle_with_sql(&sql).into_bytes(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        head(&stdout(&o)),
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
}

/// A SELECT of a megabyte: 80,000 aliased fields (no finding; the alias checks were quadratic
/// and took 7 minutes in a debug build), 50,000 function calls, and a chain of 150,000
/// operators (past the linter's complexity budget: S007, the rest of the file still checked).
#[test]
fn a_1_mb_sql_statement() {
    let dir = tempfile::tempdir().unwrap();
    let fields: Vec<String> = (0..80_000).map(|i| format!("a AS f{i}")).collect();
    let sql = format!("SELECT {} FROM demo", fields.join(", "));
    assert!(sql.len() > 1_000_000);
    write(dir.path(), "aliases.json", bundle_with_sql(&sql));
    let o = check_file(dir.path(), "aliases.json", &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        head(&stdout(&o)),
        stderr(&o)
    );
    let calls: Vec<String> = (0..50_000).map(|i| format!("abs(a) AS c{i}")).collect();
    let sql = format!("SELECT {} FROM demo", calls.join(", "));
    write(dir.path(), "calls.json", bundle_with_sql(&sql));
    let o = check_file(dir.path(), "calls.json", &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}\n{}",
        head(&stdout(&o)),
        stderr(&o)
    );
    let sql = format!("SELECT {} AS s FROM demo", vec!["a"; 150_000].join(" + "));
    write(dir.path(), "ops.json", bundle_with_sql(&sql));
    let o = check_file(dir.path(), "ops.json", &[]);
    assert_finding(&o, 0, "1:1100", "S007", "this SELECT has 149999 operators");
}

// ---- encodings and odd bytes ----------------------------------------------------------------

/// Bytes that are not UTF-8: B001 at the first bad byte, its span an empty one at the end of the
/// text before it (it once reached past that text). Also when the file ends inside a character.
#[test]
fn invalid_utf8() {
    for (bytes, at, offset) in [
        (&b"{\"rules\": {\"a\": \"\xff\xfe\"}}"[..], 17, 17),
        (&b"{\"rules\": {\"caf\xc3"[..], 15, 15),
    ] {
        let r = check_bytes("b.json".into(), bytes.to_vec(), &CheckOptions::default());
        assert_spans_in_text(&r);
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!((d.code, d.severity), ("B001", Severity::Error));
        assert_eq!(d.span, Span::empty(at));
        assert_eq!(
            d.message,
            format!("the file is not valid UTF-8 (invalid byte at offset {offset})")
        );
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.json", b"{\"rules\": {\"a\": \"\xff\xfe\"}}");
    let o = check_file(dir.path(), "b.json", &[]);
    assert_finding(
        &o,
        1,
        "1:18",
        "B001",
        "not valid UTF-8 (invalid byte at offset 17)",
    );
    let o = run(&["migrate", "-j", "2", "--to", "2.4", "b.json"], dir.path());
    assert_refused(&o, "not valid UTF-8");
}

/// UTF-16 with either byte-order mark, and without one, is B001 at 1:1; a UTF-8 byte-order
/// mark is B006 (eKuiper's decoder rejects it too) and the rest is checked.
#[test]
fn byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"streams": {}, "tables": {}, "rules": {}}"#;
    let le: Vec<u8> = "\u{feff}"
        .chars()
        .chain(text.chars())
        .flat_map(|c| (c as u16).to_le_bytes())
        .collect();
    let be: Vec<u8> = "\u{feff}"
        .chars()
        .chain(text.chars())
        .flat_map(|c| (c as u16).to_be_bytes())
        .collect();
    let bare: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u16).to_le_bytes())
        .collect();
    write(dir.path(), "le.json", le);
    write(dir.path(), "be.json", be);
    write(dir.path(), "bare.json", bare);
    for name in ["le.json", "be.json"] {
        let o = check_file(dir.path(), name, &[]);
        assert_finding(&o, 1, "1:1", "B001", "the file is UTF-16 encoded");
    }
    let o = check_file(dir.path(), "bare.json", &[]);
    assert_finding(&o, 1, "1:1", "B001", "the file looks UTF-16 encoded");
    write(dir.path(), "bom.json", format!("\u{feff}{text}"));
    let o = check_file(dir.path(), "bom.json", &[]);
    assert_finding(
        &o,
        1,
        "1:1",
        "B006",
        "a UTF-8 byte-order mark starts the document",
    );
    assert_finding(
        &o,
        1,
        "1:1",
        "B014",
        "this bundle defines no stream, table or rule",
    );
}

/// No control character of the file reaches a text report as it is: NUL bytes and an escape
/// sequence (which would recolour the terminal, or retitle it with `ESC ]`) are written as
/// `\u{..}` in messages and as `?` in snippets.
#[test]
fn nul_bytes_and_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b.json",
        b"{\"rules\": {\"r\x00\": \"\x00\"}, \"x\": \x00\x1b]0;title\x07 }",
    );
    let o = check_file(dir.path(), "b.json", &[]);
    assert_finding(
        &o,
        1,
        "1:14",
        "B001",
        "control character U+0000 inside a string",
    );
    assert_finding(
        &o,
        1,
        "1:19",
        "B011",
        "unexpected `\\u{0}` where a value was expected (in the JSON of rule `r\\u{0}`)",
    );
    assert_finding(
        &o,
        1,
        "1:29",
        "B001",
        "unexpected `\\u{0}\\u{1b}` where a value was expected",
    );
    assert_finding(
        &o,
        1,
        "1:31",
        "B001",
        "unexpected `]0;title\\u{7}` after the end of the document",
    );
    for format in ["concise", "human", "github"] {
        let o = run(
            &["check", "--format", format, "--color", "never", "b.json"],
            dir.path(),
        );
        let out = stdout(&o);
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {out:?}"
        );
    }
}

/// Numbers no machine type holds: a thousand digits, exponents past any float, in rule options
/// (wrong type or value: C003, C004) and as sections (B008); `migrate` warns rather than
/// converting them to durations.
#[test]
fn huge_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let rule = format!(
        r#"{{\"id\": \"r\", \"sql\": \"SELECT a FROM demo\", \"actions\": [{{\"log\": {{}}}}], \"options\": {{\"lateTolerance\": {}, \"checkpointInterval\": 1e999999, \"qos\": 18446744073709551617}}}}"#,
        "9".repeat(1000)
    );
    let stream = r#"CREATE STREAM demo (a BIGINT) WITH (DATASOURCE=\"t\", FORMAT=\"json\")"#;
    write(
        dir.path(),
        "b.json",
        format!(
            r#"{{"streams": {{"demo": "{stream}"}}, "rules": {{"r": "{rule}"}}, "n": {}, "e": -1e99999999999999999999}}"#,
            "1".repeat(1_000_000)
        ),
    );
    let o = check_file(dir.path(), "b.json", &[]);
    let out = stdout(&o);
    assert!(
        out.contains(" C003 `lateTolerance` has the wrong type"),
        "{}",
        head(&out)
    );
    assert!(
        out.contains(" C003 `checkpointInterval` has the wrong type"),
        "{}",
        head(&out)
    );
    assert!(out.contains(" C004 `qos` is not valid"), "{}", head(&out));
    assert!(out.contains(" B008 unknown section `n`"), "{}", head(&out));
    assert!(out.contains(" B008 unknown section `e`"), "{}", head(&out));
    assert_eq!(o.status.code(), Some(1));
    let o = run(
        &["migrate", "--to", "2.4", "--from", "1.14", "b.json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("M008 warning: `options.checkpointInterval`"),
        "{err}"
    );
    assert!(
        err.contains("M008 warning: `options.lateTolerance`"),
        "{err}"
    );
}

// ---- a JSON string three levels deep --------------------------------------------------------

/// JSON encoding applied one time too many, as `json.dumps` twice gives: the rule is a string
/// holding a string holding the rule. eKuiper refuses it (B010: the rule's JSON is a string).
/// The source map still follows every level: a SQL token three decodings below the file maps
/// back to exactly the bytes that write it there, a quote to its seven backslashes and itself.
#[test]
fn a_json_string_nested_three_levels_deep() {
    let rule = serde_json::json!({
        "id": "r", "sql": "SELECT a FROM demo WHERE b = \"x\"", "actions": [{"log": {}}]
    })
    .to_string();
    let twice = serde_json::to_string(&rule).unwrap();
    let file = serde_json::json!({"rules": {"r": twice}}).to_string();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.json", &file);
    let o = check_file(dir.path(), "b.json", &[]);
    assert_finding(
        &o,
        1,
        "1:16",
        "B010",
        "the JSON of rule `r` must be an object; found a string",
    );

    let loaded = LoadedFile::parse(SourceFile::new("b.json", file.clone()));
    let bundles = loaded.bundles();
    let entry = bundles[0].entries().next().unwrap();
    let level1 = entry.embedded.as_ref().unwrap();
    assert_eq!(level1.text, twice);
    let doc1 = entry.json.as_ref().unwrap();
    let level2 = level1.nested(&doc1.values[0]).unwrap();
    assert_eq!(level2.text, rule);
    let doc2 = kuiperlint::bundle::json::parse(level2.text);
    let sql_node = &doc2.values[0].get("sql").unwrap().value;
    let level3 = level2.nested(sql_node).unwrap();
    assert_eq!(level3.text, "SELECT a FROM demo WHERE b = \"x\"");
    let demo = level3.text.find("demo").unwrap();
    let span = level3.map.to_file(Span::new(demo, demo + 4));
    assert_eq!(&file[span.range()], "demo");
    let quote = level3.text.find('"').unwrap();
    let span = level3.map.to_file(Span::new(quote, quote + 1));
    assert_eq!(&file[span.range()], r#"\\\\\\\""#);
}

// ---- garbage and nothing ----------------------------------------------------------------

/// A megabyte of pseudo-random bytes (not UTF-8: one B001), and a megabyte of JSON punctuation
/// in random order (valid UTF-8: the syntax errors stop at 100 and say so).
#[test]
fn binary_garbage() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let bytes: Vec<u8> = (0..1_000_000).map(|_| next() as u8).collect();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bin.json", &bytes);
    let o = check_file(dir.path(), "bin.json", &[]);
    let first_bad = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
    assert_eq!(stdout(&o).lines().count(), 1, "{}", head(&stdout(&o)));
    assert!(stdout(&o).contains(&format!(
        "not valid UTF-8 (invalid byte at offset {first_bad})"
    )));
    assert_eq!(o.status.code(), Some(1));
    let alphabet = b"{}[]:,\"'\\ab1 \n\t/#*";
    let text: Vec<u8> = (0..1_000_000)
        .map(|_| alphabet[next() as usize % alphabet.len()])
        .collect();
    write(dir.path(), "punct.json", &text);
    let o = check_file(dir.path(), "punct.json", &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(" too many syntax errors: only the first 100 are reported"),
        "{}",
        head(&out)
    );
    assert!(
        out.lines().count() < 250,
        "{} findings",
        out.lines().count()
    );
}

/// An empty file: nothing is not a JSON value (B001, exit 1); an empty `.sql` or `.yaml` file
/// holds no statement or no configuration, which is valid (exit 0). Standard input too.
#[test]
fn empty_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "e.json", "");
    write(dir.path(), "blank.json", " \n\t\n");
    write(dir.path(), "e.sql", "");
    write(dir.path(), "e.yaml", "");
    let o = check_file(dir.path(), "e.json", &[]);
    assert_finding(&o, 1, "1:1", "B001", "expected a JSON value, found nothing");
    let o = check_file(dir.path(), "blank.json", &[]);
    assert_finding(&o, 1, "3:1", "B001", "expected a JSON value, found nothing");
    for name in ["e.sql", "e.yaml"] {
        let o = check_file(dir.path(), name, &[]);
        assert_eq!(
            (o.status.code(), stdout(&o)),
            (Some(0), String::new()),
            "{name}"
        );
    }
    let o = Command::cargo_bin("kuiperlint")
        .unwrap()
        .args(["check", "--format", "concise", "-"])
        .write_stdin("")
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    assert_finding(&o, 1, "1:1", "B001", "expected a JSON value, found nothing");
    let o = run(&["migrate", "-j", "2", "--to", "2.4", "e.json"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}

// ---- the file system --------------------------------------------------------------------

/// A folder holding a link to itself, a link to its parent, a file link that points at itself
/// and one that points nowhere: the walk follows no link to a folder, skips the links that lead
/// to no file, and ends; `check` and `migrate` see the one real bundle. Named directly, a link
/// loop is a file that cannot be read: exit 2 with the system's reason.
#[cfg(unix)]
#[test]
fn a_directory_with_a_symlink_loop() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bundles");
    fs::create_dir_all(root.join("sub")).unwrap();
    write(
        &root,
        "a.json",
        r#"{"streams": {}, "tables": {}, "rules": {"r": "{"}}"#,
    );
    symlink(&root, root.join("sub/again")).unwrap();
    symlink("..", root.join("sub/up")).unwrap();
    symlink("self.json", root.join("self.json")).unwrap();
    symlink("nowhere.json", root.join("dangling.json")).unwrap();
    let o = run(&["check", "--format", "concise", "bundles"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines().all(|l| l.starts_with("bundles/a.json:")),
        "{out}"
    );
    assert!(out.contains(" B011 "), "{out}");
    let o = run(&["check", "bundles/self.json"], dir.path());
    assert_refused(
        &o,
        "kuiperlint: bundles/self.json: Too many levels of symbolic links",
    );
    let o = run(
        &["migrate", "--to", "2.4", "--dry-run", "bundles"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("bundles/a.json: "), "{}", stdout(&o));
}

/// A file that cannot be read: exit 2, `kuiperlint: FILE: why`, the other files still checked.
/// Permissions do not stop root, so the read error every user gets is a read of
/// `/proc/self/mem` at offset 0 (EIO); a file without read permission is tested when not root.
#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.json",
        r#"{"streams": {}, "tables": {}, "rules": {},}"#,
    );
    if Path::new("/proc/self/mem").exists() {
        let o = run(
            &["check", "--format", "concise", "/proc/self/mem", "ok.json"],
            dir.path(),
        );
        assert_refused(&o, "kuiperlint: /proc/self/mem: Input/output error");
        assert!(
            stdout(&o).contains("ok.json:1:42: B003 trailing comma"),
            "{}",
            stdout(&o)
        );
    }
    let locked = write(dir.path(), "locked.json", "{}");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&locked).is_err() {
        let o = run(
            &["check", "--format", "concise", "locked.json", "ok.json"],
            dir.path(),
        );
        assert_refused(&o, "kuiperlint: locked.json: permission denied");
        assert!(stdout(&o).contains("ok.json:1:42: B003 trailing comma"));
        let o = run(
            &["migrate", "--to", "2.4", "--in-place", "locked.json"],
            dir.path(),
        );
        assert_refused(&o, "locked.json: permission denied");
    }
}

/// The fuzzing finds, each kept as it was found (fuzz/regressions/): checked as JSON, YAML and
/// SQL and rendered in every format without a panic, every span a slice of the text.
#[test]
fn fuzz_regressions() {
    let mut n = 0;
    for target in fs::read_dir("fuzz/regressions").unwrap() {
        for input in fs::read_dir(target.unwrap().path()).unwrap() {
            let bytes = fs::read(input.unwrap().path()).unwrap();
            n += 1;
            for name in ["fuzz.json", "fuzz.yaml", "fuzz.sql"] {
                let r = check_bytes(name.into(), bytes.clone(), &CheckOptions::default());
                assert_spans_in_text(&r);
                let reports = [r];
                for color in [false, true] {
                    let _ = render_human(
                        &reports,
                        HumanOptions {
                            color,
                            width: 100,
                            summary: true,
                        },
                    );
                }
                let json = render_json(&reports);
                serde_json::from_str::<serde_json::Value>(&json).expect("JSON output");
                let sarif = render_sarif(&reports);
                serde_json::from_str::<serde_json::Value>(&sarif).expect("SARIF output");
                let _ = (
                    render_concise(&reports),
                    render_github(&reports),
                    render_junit(&reports, Severity::Error),
                );
            }
        }
    }
    assert!(n > 0);
}

/// Converting between JSON and YAML recurses once per level, so `migrate` refuses a bundle
/// nested deeper than 1,000 levels when it has to convert it (exit 2, the reason), instead of
/// overflowing the stack as it did; `diff` compares such entries by their text.
#[test]
fn deep_bundles_are_not_converted_between_json_and_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let deep = "[".repeat(5000) + &"]".repeat(5000);
    let rule = format!(
        r#"{{\"id\": \"r\", \"sql\": \"SELECT a FROM demo\", \"actions\": [{{\"log\": {{}}}}], \"x\": {deep}}}"#
    );
    write(
        dir.path(),
        "b.json",
        format!(r#"{{"streams": {{}}, "tables": {{}}, "rules": {{"r": "{rule}"}}}}"#),
    );
    let block: String = (0..5000).map(|i| "  ".repeat(i + 2) + "a:\n").collect();
    write(
        dir.path(),
        "b.yaml",
        format!("sourceConfig:\n  sources.mqtt.a:\n{block}"),
    );
    let message = "levels deep; kuiperlint converts between JSON and YAML up to 1000 levels, and nothing was migrated";
    for args in [
        &[
            "migrate",
            "-j",
            "2",
            "--to",
            "2.4",
            "--output-format",
            "yaml",
            "b.json",
        ][..],
        &["migrate", "-j", "2", "--to", "2.4", "b.yaml"][..],
    ] {
        let o = run(args, dir.path());
        assert_refused(&o, message);
    }
    // Without a conversion the deep bundle migrates.
    let o = run(&["migrate", "-j", "2", "--to", "2.4", "b.json"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    write(dir.path(), "rule.json", rule.replace("\\\"", "\""));
    write(
        dir.path(),
        "rules.json",
        format!("[{}]", rule.replace("\\\"", "\"")),
    );
    let o = run(&["diff", "rule.json", "rules.json"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
