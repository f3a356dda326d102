//! One fixture per lint (`fixtures/lints/<CODE>.json`) and the exact position of every finding
//! in it. The SQL lints also have a `.sql` fixture each (see [`NO_SQL_FIXTURE`]); their positions
//! are pinned in `tests/sql_positions.rs`.
//!
//! Expected positions were counted by hand from the fixture text: 1-based lines and columns, the
//! column counting Unicode characters (so `é` is one column although it is two bytes). Where a
//! lint also looks inside the JSON encoded in a string (a rule, a config), its fixture has a
//! finding there too, and the test checks the exact bytes of the outer file that the finding
//! covers: the source map must carry the span back through the string's escapes (`\"`, `\\`,
//! `\n`, `\ufeff`, ...), never cutting one in half.

mod common;

use std::fs;
use std::path::PathBuf;

use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::{check_bytes, CheckOptions, FileReport};
use kuiperlint::lints::REGISTRY;
use kuiperlint::report::{render_json, Range};

/// `(code, line, column, end_line, end_column)` of one finding.
type Found = (&'static str, usize, usize, usize, usize);

fn fixture_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/lints")
        .join(file)
}

/// The version a lint's fixture is checked against: B015 needs one that lacks `scripts`.
fn target_for(code: &str) -> Version {
    match code {
        "B015" => Version::new(1, 12),
        _ => Version::newest(),
    }
}

fn run(file: &str, target: Version) -> FileReport {
    let path = fixture_path(file);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    check_bytes(
        format!("fixtures/lints/{file}"),
        bytes,
        &CheckOptions { target },
    )
}

fn positions(report: &FileReport) -> Vec<Found> {
    common::located(report)
        .into_iter()
        .map(|f| (f.code, f.start.0, f.start.1, f.end.0, f.end.1))
        .collect()
}

/// The text of the outer file under each finding's span.
fn slices(report: &FileReport) -> Vec<(&'static str, &str)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, &report.source.text[d.span.range()]))
        .collect()
}

/// Every finding, one per line, for failure messages.
fn listing(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .zip(positions(report))
        .map(|(d, (code, l, c, el, ec))| {
            format!(
                "  {code} {l}:{c}-{el}:{ec} bytes {}..{} {:?}: {}\n",
                d.span.start,
                d.span.end,
                &report.source.text[d.span.range()],
                d.message
            )
        })
        .collect()
}

/// Checks the fixture of `code` and asserts the exact list of findings (positions and covered
/// text, in report order).
fn check(code: &str, expected: &[Found], covered: &[(&str, &str)]) -> FileReport {
    let report = run(&format!("{code}.json"), target_for(code));
    assert_eq!(
        positions(&report),
        expected,
        "findings of {code}.json:\n{}",
        listing(&report)
    );
    assert_eq!(
        slices(&report),
        covered,
        "text under the findings of {code}.json:\n{}",
        listing(&report)
    );
    report
}

/// The text of the outer file under each label of finding `index`.
fn label_slices(report: &FileReport, index: usize) -> Vec<&str> {
    report.diagnostics[index]
        .labels
        .iter()
        .map(|l| &report.source.text[l.span.range()])
        .collect()
}

#[test]
fn b001_invalid_json() {
    // Two invalid escapes `\'` in the stream's SQL, then the comma missing after `streams`. The
    // parser recovers from each exactly. The escapes decode to `'sensors'`, a single-quoted
    // WITH value, which the SQL check reports too (S027).
    check(
        "B001",
        &[
            ("B001", 3, 53, 3, 55),
            ("S027", 3, 53, 3, 64),
            ("B001", 3, 62, 3, 64),
            ("B001", 5, 3, 5, 4),
        ],
        &[
            ("B001", r"\'"),
            ("S027", r"\'sensors\'"),
            ("B001", r"\'"),
            ("B001", "\""),
        ],
    );
}

#[test]
fn b002_json_comment() {
    check(
        "B002",
        &[
            // `//` line comment before the document
            ("B002", 1, 1, 1, 34),
            // a `/* */` comment over two lines
            ("B002", 6, 3, 7, 21),
            // inside rule r1, with escaped quotes in it
            ("B002", 9, 29, 9, 48),
        ],
        &[
            ("B002", "// eKuiper export, edited by hand"),
            ("B002", "/* alarms\n     for the hall */"),
            ("B002", r#"/* \"hot\" rooms */"#),
        ],
    );
}

#[test]
fn b003_trailing_comma() {
    check(
        "B003",
        &[
            // after the last stream
            ("B003", 3, 77, 3, 78),
            // after the last action, inside rule r1
            ("B003", 6, 89, 6, 90),
        ],
        &[("B003", ","), ("B003", ",")],
    );
}

#[test]
fn b004_single_quoted_string() {
    check(
        "B004",
        &[
            // the section key `'rules'`
            ("B004", 5, 3, 5, 10),
            // the rule's `sql`, which holds escaped double quotes
            ("B004", 6, 38, 6, 80),
        ],
        &[
            ("B004", "'rules'"),
            ("B004", r#"'SELECT * FROM demo WHERE room = \"hall\"'"#),
        ],
    );
}

#[test]
fn b005_multiple_documents() {
    let report = check(
        "B005",
        &[
            // a second bundle after the first
            ("B005", 6, 1, 6, 2),
            // a second rule pasted after the first in rule r1, past an escaped line break
            ("B005", 8, 93, 8, 94),
        ],
        &[("B005", "{"), ("B005", "{")],
    );
    // The labels point at the start of each first document: the file's, then the rule string's.
    let first = &report.diagnostics[0].labels[0];
    assert_eq!(first.span.start, 0);
    assert_eq!(label_slices(&report, 0), ["{"]);
    let rule = &report.diagnostics[1].labels[0];
    let r = Range::of(&report.source, rule.span);
    assert_eq!((r.start.line, r.start.column), (8, 12));
    assert_eq!(label_slices(&report, 1), ["{"]);
}

#[test]
fn b006_byte_order_mark() {
    let report = check("B006", &[("B006", 1, 1, 1, 1)], &[("B006", "\u{feff}")]);
    assert_eq!(&report.source.text.as_bytes()[..3], b"\xEF\xBB\xBF");
    assert_eq!(report.diagnostics[0].span.range(), 0..3);
}

#[test]
fn b007_not_a_bundle() {
    let text = fs::read_to_string(fixture_path("B007.json")).unwrap();
    // The whole top-level array.
    check(
        "B007",
        &[("B007", 1, 1, 4, 2)],
        &[("B007", text.trim_end())],
    );
}

#[test]
fn b008_unknown_section() {
    check(
        "B008",
        // The stream's CONF_KEY finds no config, because the section holding it is misspelt:
        // X001 is the consequence eKuiper would show at run time.
        &[
            ("X001", 3, 84, 3, 95),
            ("B008", 8, 3, 8, 18),
            ("B008", 11, 3, 11, 12),
        ],
        &[
            ("X001", r#"\"broker1\""#),
            ("B008", "\"sourceConfigs\""),
            ("B008", "\"comment\""),
        ],
    );
}

#[test]
fn b009_section_key_case() {
    check(
        "B009",
        &[
            ("B009", 2, 3, 2, 12),
            ("B009", 8, 3, 8, 12),
            ("B009", 9, 3, 9, 11),
        ],
        &[
            ("B009", "\"Streams\""),
            ("B009", "\"service\""),
            ("B009", "\"schema\""),
        ],
    );
}

#[test]
fn b010_wrong_value_type() {
    check(
        "B010",
        &[
            // a null table
            ("B010", 6, 14, 6, 18),
            // a rule written as an object
            ("B010", 9, 11, 9, 78),
            // a rule string that encodes an array
            ("B010", 10, 12, 10, 93),
            // a confKey whose value is a string, not an object of properties
            ("B010", 13, 28, 13, 49),
        ],
        &[
            ("B010", "null"),
            (
                "B010",
                r#"{"id": "r1", "sql": "SELECT * FROM demo", "actions": [{"log": {}}]}"#,
            ),
            (
                "B010",
                r#"[{\"id\": \"r2\", \"sql\": \"SELECT * FROM demo\", \"actions\": [{\"log\": {}}]}]"#,
            ),
            ("B010", r#"\"tcp://broker:1883\""#),
        ],
    );
}

#[test]
fn b011_invalid_encoded_json() {
    check(
        "B011",
        &[
            // comma missing before `"actions"`: the whole `\"` escape of its opening quote
            ("B011", 6, 67, 6, 69),
            // `\d` in the SQL (a regex), after an `é` on the same line
            ("B011", 7, 127, 7, 130),
            // a raw line break in the SQL (`\n` in the file decodes to one)
            ("B011", 8, 62, 8, 64),
            // a byte-order mark at the start of the rule string
            ("B011", 9, 13, 9, 19),
            // an empty rule string: an empty span right after its opening quote
            ("B011", 10, 15, 10, 15),
        ],
        &[
            ("B011", r#"\""#),
            ("B011", r"\\d"),
            ("B011", r"\n"),
            ("B011", r"\ufeff"),
            ("B011", ""),
        ],
    );
}

#[test]
fn b012_duplicate_key() {
    let report = check(
        "B012",
        &[
            // `sql` twice inside rule r2
            ("B012", 7, 62, 7, 69),
            // rule r1 twice
            ("B012", 8, 5, 8, 9),
            // `streams` twice ...
            ("B012", 10, 3, 10, 12),
            // ... and stream `demo` in both copies
            ("B012", 11, 5, 11, 11),
        ],
        &[
            ("B012", r#"\"sql\""#),
            ("B012", "\"r1\""),
            ("B012", "\"streams\""),
            ("B012", "\"demo\""),
        ],
    );
    // The label of the encoded duplicate is the first `sql` key of rule r2, through escapes too.
    let first_sql = &report.diagnostics[0].labels[0];
    let r = Range::of(&report.source, first_sql.span);
    assert_eq!(
        (r.start.line, r.start.column, r.end.line, r.end.column),
        (7, 29, 7, 36)
    );
    assert_eq!(label_slices(&report, 0), [r#"\"sql\""#]);
}

#[test]
fn b013_rule_id_mismatch() {
    check(
        "B013",
        &[
            ("B013", 6, 25, 6, 34),
            // columns count `é` once though it is two bytes
            ("B013", 7, 50, 7, 58),
        ],
        &[("B013", r#"\"alarm\""#), ("B013", r#"\"cafe\""#)],
    );
}

#[test]
fn b014_wipes_server() {
    check("B014", &[("B014", 1, 1, 1, 2)], &[("B014", "{")]);
}

#[test]
fn b015_section_not_in_target() {
    // Checked with target 1.12: `uploads` (1.11) is fine, `scripts` (1.13) is not.
    // The script is also noted as code that runs on the server (P006, info).
    check(
        "B015",
        &[("B015", 11, 3, 11, 12), ("P006", 12, 5, 12, 11)],
        &[("B015", "\"scripts\""), ("P006", "\"area\"")],
    );
    // With the default (newest) target only that note is left.
    let newest = run("B015.json", Version::newest());
    let codes: Vec<&str> = newest.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["P006"],
        "B015.json at the newest target:\n{}",
        listing(&newest)
    );
}

#[test]
fn clean_fixture_has_no_findings() {
    let report = run("clean.json", Version::newest());
    assert!(
        report.diagnostics.is_empty(),
        "clean.json:\n{}",
        listing(&report)
    );
}

/// The SQL lints that cannot fire in a `.sql` file, so have no `fixtures/lints/<CODE>.sql`, and
/// why. Every other `S` code must have one, and it must fire that code.
const NO_SQL_FIXTURE: &[(&str, &str)] = &[
    (
        "S003",
        "trailing-semicolon is about a rule's `sql`; in a `.sql` file `;` separates statements",
    ),
    (
        "S004",
        "statement-count is about one bundle entry; a `.sql` file holds any number of statements, \
         and one of the wrong kind is a syntax error there (S001)",
    ),
    (
        "S032",
        "source-name-mismatch compares a statement with its bundle entry's key and section",
    ),
    (
        "S033",
        "temp-source is about the bundle importer, which refuses TEMP entries",
    ),
];

/// Whether `code` needs a `.sql` fixture.
fn needs_sql_fixture(code: &str) -> bool {
    code.starts_with('S') && !NO_SQL_FIXTURE.iter().any(|(c, _)| *c == code)
}

/// Lints that need several files of one run, with where their fixture and test are.
const MULTI_FILE: &[(&str, &str)] = &[(
    "X007",
    "duplicate-source compares the files of a run: fixtures/duplicate-source/, tests/project.rs",
)];

#[test]
fn every_lint_has_a_fixture_that_fires_it() {
    let mut problems = Vec::new();
    for lint in REGISTRY {
        if MULTI_FILE.iter().any(|(c, _)| *c == lint.code) {
            continue;
        }
        // A lint about YAML bundles has a YAML fixture.
        let yaml = format!("{}.yaml", lint.code);
        let mut files = vec![if fixture_path(&yaml).is_file() {
            yaml
        } else {
            format!("{}.json", lint.code)
        }];
        if needs_sql_fixture(lint.code) {
            files.push(format!("{}.sql", lint.code));
        }
        for file in files {
            if !fixture_path(&file).is_file() {
                problems.push(format!("{}: no fixtures/lints/{file}", lint.code));
                continue;
            }
            let report = run(&file, target_for(lint.code));
            if !report.diagnostics.iter().any(|d| d.code == lint.code) {
                problems.push(format!(
                    "{}: fixtures/lints/{file} does not fire it; it gives:\n{}",
                    lint.code,
                    listing(&report)
                ));
            }
        }
    }
    // The exceptions name SQL lints that exist.
    for (code, _) in NO_SQL_FIXTURE {
        if !REGISTRY
            .iter()
            .any(|l| l.code == *code && l.code.starts_with('S'))
        {
            problems.push(format!("NO_SQL_FIXTURE lists {code}, which is no SQL lint"));
        }
    }
    // And no fixture is left over from a lint that is gone (or one that cannot fire there).
    let dir = fixture_path("");
    for entry in fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".json") {
            if stem != "clean" && !REGISTRY.iter().any(|l| l.code == stem) {
                problems.push(format!("fixtures/lints/{name} matches no lint in REGISTRY"));
            }
        } else if let Some(stem) = name.strip_suffix(".sql") {
            if !REGISTRY
                .iter()
                .any(|l| l.code == stem && needs_sql_fixture(l.code))
            {
                problems.push(format!(
                    "fixtures/lints/{name} matches no SQL lint that can fire in a `.sql` file"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `render_json`'s fields for a syntax error in the middle of a rule's SQL point at the exact
/// character of the outer file, through the rule string's escapes.
#[test]
fn json_output_locates_an_error_inside_the_sql_of_an_encoded_rule() {
    let report = run("B011.json", Version::newest());
    let rendered = render_json(std::slice::from_ref(&report));
    let json: serde_json::Value = serde_json::from_str(&rendered).unwrap();
    let find = |path: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == path)
            .unwrap_or_else(|| panic!("no finding for {path} in:\n{rendered}"))
            .clone()
    };
    let text = &report.source.text;
    let numbers = |d: &serde_json::Value, keys: &[&str]| -> Vec<u64> {
        keys.iter()
            .map(|k| {
                d[*k]
                    .as_u64()
                    .unwrap_or_else(|| panic!("no number `{k}` in {d}"))
            })
            .collect()
    };
    let outer = [
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
    ];
    let inner = ["byte_start", "byte_end"];
    // The outer file is valid JSON, so serde_json decodes the rule strings independently.
    let bundle: serde_json::Value = serde_json::from_str(text).unwrap();
    let rule = |id: &str| bundle["rules"][id].as_str().unwrap().to_string();

    // An invalid escape: the rule's JSON holds `\d` (a regex in the SQL), which the file writes
    // `\\d`. Line 7 has an `é` before it, so the byte offset runs one ahead of the column.
    let d = find("/rules/regex");
    assert_eq!(d["code"], "B011");
    assert_eq!(d["file"], "fixtures/lints/B011.json");
    assert_eq!(numbers(&d, &outer), [7, 127, 7, 130, 337, 340]);
    assert_eq!(&text[337..340], r"\\d");
    // `inner` names the value inside the decoded rule (`/sql`), and its span counts bytes of the
    // decoded rule text: it covers the two characters `\d`.
    assert_eq!(d["inner"]["pointer"], "/sql");
    assert_eq!(numbers(&d["inner"], &inner), [102, 104]);
    assert_eq!(&rule("regex")[102..104], r"\d");

    // A raw control character: the file's `\n` decodes to a line break inside the SQL string of
    // the rule's JSON.
    let d = find("/rules/multiline");
    assert_eq!(d["code"], "B011");
    assert_eq!(numbers(&d, &outer), [8, 62, 8, 64, 441, 443]);
    assert_eq!(&text[441..443], r"\n");
    assert_eq!(d["inner"]["pointer"], "/sql");
    assert_eq!(numbers(&d["inner"], &inner), [36, 37]);
    assert_eq!(&rule("multiline")[36..37], "\n");
}

#[test]
fn b016_yaml_conf_key() {
    // A two-part key is refused by eKuiper (an error); a sink key under sourceConfig is stored
    // as a sink config (a warning). The full key passes.
    let report = run("B016.yaml", Version::newest());
    assert_eq!(
        positions(&report),
        [("B016", 5, 3, 5, 13), ("B016", 7, 3, 7, 20)],
        "{}",
        listing(&report)
    );
    assert_eq!(
        slices(&report),
        [("B016", "mqtt.line2"), ("B016", "sinks.mqtt.alerts")]
    );
    assert_eq!(report.diagnostics[0].severity, Severity::Error);
    assert_eq!(report.diagnostics[1].severity, Severity::Warning);
}
