//! One fixture per SQL lint and the exact position of every finding in it: a bundle
//! (`fixtures/lints/<CODE>.json`) and, where the lint can apply to one, a `.sql` file
//! (`fixtures/lints/<CODE>.sql`).
//!
//! Expected positions were counted by hand from the fixture text: 1-based lines and columns, the
//! column counting Unicode characters (so `é` is one column although it is two bytes), the end
//! exclusive. In a bundle, rule SQL sits two levels of JSON escaping deep (a `"` of the SQL is
//! `\\\"` in the file) and stream SQL one level: each test also checks the exact text of the
//! outer file under each finding, so the source map must carry SQL byte spans back through those
//! escapes. For bundle fixtures, `path` (the entry) and `inner` (the JSON pointer inside the
//! decoded entry, `/sql` for a rule and `` for a stream or table, and the span in that decoded
//! text) are checked too.
//!
//! The codes that cannot fire in a `.sql` file, and so have no `.sql` fixture, are listed (with
//! the reason) in `tests/lint_positions.rs`; their tests here show that they indeed do not fire.

mod common;

use std::fs;
use std::path::PathBuf;

use kuiperlint::diagnostic::Severity::{self, Error, Hint, Warning};
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::FileReport;

/// `(code, severity, line, column, end_line, end_column)` of one finding.
type Found = (&'static str, Severity, usize, usize, usize, usize);

fn fixture_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/lints")
        .join(file)
}

use common::check_text as run_text;

fn run(file: &str) -> FileReport {
    let path = fixture_path(file);
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    run_text(&format!("fixtures/lints/{file}"), &text, Version::newest())
}

fn findings(report: &FileReport) -> Vec<Found> {
    common::located(report)
        .into_iter()
        .map(|f| (f.code, f.severity, f.start.0, f.start.1, f.end.0, f.end.1))
        .collect()
}

/// The text of the outer file under each finding's byte span.
fn covered(report: &FileReport) -> Vec<&str> {
    report
        .diagnostics
        .iter()
        .map(|d| &report.source.text[d.span.range()])
        .collect()
}

/// Every finding, one per line, for failure messages.
fn listing(report: &FileReport) -> String {
    report
        .diagnostics
        .iter()
        .zip(findings(report))
        .map(|(d, (code, sev, l, c, el, ec))| {
            format!(
                "  {code} {sev} {l}:{c}-{el}:{ec} bytes {}..{} {:?} path {:?} inner {:?}: {}\n",
                d.span.start,
                d.span.end,
                &report.source.text[d.span.range()],
                d.path,
                d.inner,
                d.message
            )
        })
        .collect()
}

/// Checks a fixture and asserts the exact list of findings (positions, severities and covered
/// text, in report order). Findings in a `.sql` file have no entry path and no inner location.
#[track_caller]
fn check(file: &str, expected: &[Found], text: &[&str]) -> FileReport {
    let report = run(file);
    assert_eq!(
        findings(&report),
        expected,
        "findings of {file}:\n{}",
        listing(&report)
    );
    assert_eq!(
        covered(&report),
        text,
        "text under the findings of {file}:\n{}",
        listing(&report)
    );
    if file.ends_with(".sql") {
        for d in &report.diagnostics {
            assert!(
                d.path.is_empty() && d.inner.is_none(),
                "a finding in {file} names a bundle location:\n{}",
                listing(&report)
            );
        }
    }
    report
}

/// Asserts, for every finding of a bundle fixture in order, `(path, inner pointer, decoded
/// text under the inner span)`: the entry, the value inside the decoded entry, and the bytes of
/// the entry's decoded text (the rule's JSON, or the stream's SQL) the finding covers.
#[track_caller]
fn check_inner(report: &FileReport, expected: &[(&str, &str, &str)]) {
    // The outer file is valid JSON, so serde_json decodes the entry strings independently.
    let bundle: serde_json::Value = serde_json::from_str(&report.source.text).unwrap();
    let actual: Vec<(String, String, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let inner = d
                .inner
                .as_ref()
                .unwrap_or_else(|| panic!("no inner location:\n{}", listing(report)));
            let entry = bundle
                .pointer(&d.path)
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| panic!("no entry string at {:?}", d.path));
            let under = entry
                .get(inner.span.range())
                .unwrap_or_else(|| panic!("inner span out of {:?}: {:?}", d.path, inner.span));
            (d.path.clone(), inner.pointer.clone(), under.to_string())
        })
        .collect();
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(p, q, t)| (p.to_string(), q.to_string(), t.to_string()))
        .collect();
    assert_eq!(actual, expected, "inner locations:\n{}", listing(report));
}

/// The byte span of finding `index`, to show where bytes and columns part ways.
fn bytes(report: &FileReport, index: usize) -> std::ops::Range<usize> {
    report.diagnostics[index].span.range()
}

#[test]
fn s001_sql_syntax() {
    let r = check(
        "S001.json",
        &[
            // a reserved word as a stream field name
            ("S001", Error, 3, 66, 3, 69),
            // the comma before FROM, in rule SQL after `à` and `é` on the same line
            ("S001", Error, 6, 106, 6, 110),
            // WHERE after GROUP BY (its string `"hall"` is `\\\"hall\\\"` in the file)
            ("S001", Error, 7, 114, 7, 119),
        ],
        &["end", "FROM", "WHERE"],
    );
    assert_eq!(bytes(&r, 1), 284..288);
    check_inner(
        &r,
        &[
            ("/streams/demo", "", "end"),
            ("/rules/hot", "/sql", "FROM"),
            ("/rules/late_where", "/sql", "WHERE"),
        ],
    );
    // The `rooms` table does not parse (WITHS); the SELECTs resolve `demo` all the same.
    check(
        "S001.sql",
        &[
            ("S001", Error, 4, 45, 4, 50),
            ("S001", Error, 6, 40, 6, 44),
            ("S001", Error, 8, 64, 8, 69),
        ],
        &["WITHS", "FROM", "WHERE"],
    );
}

#[test]
fn s002_foreign_sql() {
    let r = check(
        "S002.json",
        &[
            ("S002", Error, 6, 99, 6, 126),
            ("S002", Error, 7, 82, 7, 84),
        ],
        &["CAST(temperature AS BIGINT)", "<>"],
    );
    check_inner(
        &r,
        &[
            ("/rules/rounded", "/sql", "CAST(temperature AS BIGINT)"),
            ("/rules/not_hall", "/sql", "<>"),
        ],
    );
    // DISTINCT is reported once: not also as a field `DISTINCT` aliased `room` without AS.
    check(
        "S002.sql",
        &[("S002", Error, 3, 8, 3, 16), ("S002", Error, 5, 58, 5, 60)],
        &["DISTINCT", "IS"],
    );
}

#[test]
fn s003_trailing_semicolon() {
    // The stream's statement ends with `;` too, which is allowed there.
    let r = check("S003.json", &[("S003", Warning, 6, 104, 6, 105)], &[";"]);
    check_inner(&r, &[("/rules/all", "/sql", ";")]);
    // No `.sql` fixture: in a `.sql` file `;` separates statements.
    let sql = run_text(
        "trailing.sql",
        "CREATE STREAM demo () WITH (DATASOURCE=\"d\");\nSELECT * FROM demo;\n",
        Version::newest(),
    );
    assert!(sql.diagnostics.is_empty(), "{}", listing(&sql));
}

#[test]
fn s004_statement_count() {
    let r = check(
        "S004.json",
        &[
            // a second CREATE in a stream entry: eKuiper ignores it
            ("S004", Warning, 3, 120, 3, 210),
            // a second SELECT in a rule: eKuiper ignores it
            ("S004", Warning, 6, 67, 6, 95),
            // a rule SQL that is only `;`
            ("S004", Error, 7, 46, 7, 47),
        ],
        &[
            r#"CREATE STREAM backup (room STRING) WITH (DATASOURCE=\"capteurs/secours\", FORMAT=\"json\")"#,
            "SELECT temperature FROM demo",
            ";",
        ],
    );
    check_inner(
        &r,
        &[
            (
                "/streams/demo",
                "",
                r#"CREATE STREAM backup (room STRING) WITH (DATASOURCE="capteurs/secours", FORMAT="json")"#,
            ),
            ("/rules/both", "/sql", "SELECT temperature FROM demo"),
            ("/rules/blank", "/sql", ";"),
        ],
    );
    // No `.sql` fixture: a `.sql` file holds any number of statements, and a statement of the
    // wrong kind there is a syntax error (S001), as eKuiper's parser reports it.
    let sql = run_text(
        "kinds.sql",
        "CREATE STREAM demo () WITH (DATASOURCE=\"d\");\nINSERT INTO demo VALUES (1);\n",
        Version::newest(),
    );
    assert_eq!(
        findings(&sql),
        [("S001", Error, 2, 1, 2, 7)],
        "{}",
        listing(&sql)
    );
}

#[test]
fn s005_window_misplaced() {
    let r = check(
        "S005.json",
        &[
            // GROUP BY <window> after HAVING
            ("S005", Error, 6, 130, 6, 135),
            // a window in WHERE, which eKuiper evaluates to null; its `ss` is not also a field
            // (S019)
            ("S005", Warning, 7, 80, 7, 102),
        ],
        &["GROUP", "TUMBLINGWINDOW(ss, 10)"],
    );
    check_inner(
        &r,
        &[
            ("/rules/busy", "/sql", "GROUP"),
            ("/rules/windowed", "/sql", "TUMBLINGWINDOW(ss, 10)"),
        ],
    );
    check("S005.sql", &[("S005", Error, 6, 1, 6, 6)], &["GROUP"]);
}

#[test]
fn s006_bad_window() {
    let r = check(
        "S006.json",
        &[
            // unit `sec`, after an `é` on the line
            ("S006", Error, 6, 152, 6, 155),
            // count window interval larger than its count
            ("S006", Error, 7, 101, 7, 102),
        ],
        &["sec", "5"],
    );
    assert_eq!(bytes(&r, 0), 306..309);
    check_inner(
        &r,
        &[
            ("/rules/avg10", "/sql", "sec"),
            ("/rules/batch", "/sql", "5"),
        ],
    );
    check(
        "S006.sql",
        &[("S006", Error, 4, 49, 4, 70), ("S006", Error, 5, 63, 5, 64)],
        &["HOPPINGWINDOW(ss, 10)", "s"],
    );
}

#[test]
fn s007_nesting_too_deep() {
    // The 257th `(` of the rule's SELECT; `é` earlier on the line.
    let r = check("S007.json", &[("S007", Warning, 6, 339, 6, 340)], &["("]);
    assert_eq!(bytes(&r, 0), 495..496);
    check_inner(&r, &[("/rules/generated", "/sql", "(")]);
    // In a CREATE: the field list's `(` is level 1, so the 256th `ARRAY(` is level 257.
    check("S007.sql", &[("S007", Warning, 4, 1563, 4, 1564)], &["("]);
}

#[test]
fn s008_lexical_quirk() {
    let r = check("S008.json", &[("S008", Warning, 6, 119, 6, 120)], &["!"]);
    check_inner(&r, &[("/rules/not_hall", "/sql", "!")]);
    // `- -` swallows the rest of its line only: the statement goes on on the next line.
    check(
        "S008.sql",
        &[
            ("S008", Warning, 4, 20, 4, 24),
            ("S008", Warning, 7, 31, 7, 32),
        ],
        &["- -1", "!"],
    );
}

#[test]
fn s009_unknown_function() {
    let r = check("S009.json", &[("S009", Error, 6, 99, 6, 105)], &["averag"]);
    assert_eq!(bytes(&r, 0), 253..259);
    check_inner(&r, &[("/rules/avg10", "/sql", "averag")]);
    // `°` is two bytes, one column.
    let r = check("S009.sql", &[("S009", Error, 3, 28, 3, 34)], &["averag"]);
    assert_eq!(bytes(&r, 0), 131..137);
}

#[test]
fn s009_plugin_functions_are_warnings_naming_the_plugin() {
    // Functions of eKuiper's official function plugins are a warning naming the plugin; a name
    // nobody provides stays an error, with the closest built-in.
    let r = check(
        "../examples/plugin-functions.json",
        &[
            ("S009", Warning, 6, 47, 6, 53),
            ("S009", Warning, 6, 71, 6, 77),
            ("S009", Warning, 6, 92, 6, 105),
            ("S009", Error, 6, 117, 6, 121),
            ("S009", Error, 6, 128, 6, 133),
        ],
        &["tfLite", "resize", "geohashEncode", "laig", "myUdf"],
    );
    assert!(r.diagnostics[0]
        .message
        .contains("`tfLite` function plugin"));
    assert!(r.diagnostics[1].message.contains("`image` function plugin"));
    assert!(r.diagnostics[3].message.contains("did you mean `lag`?"));
    // Declared on the server: the plugins' functions and the UDF are clean, the typo is not.
    let settings = kuiperlint::config::Settings {
        declared: kuiperlint::analysis::declared::Declared {
            server_plugins: vec!["tflite".into(), "image".into(), "geohash".into()],
            server_functions: vec!["MYUDF".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    let path = fixture_path("../examples/plugin-functions.json");
    let text = fs::read(&path).unwrap();
    let r = kuiperlint::engine::check_with(
        "../examples/plugin-functions.json".into(),
        text,
        Version::newest(),
        &settings,
    );
    assert_eq!(
        findings(&r),
        [("S009", Error, 6, 117, 6, 121)],
        "{}",
        listing(&r)
    );
}

#[test]
fn s010_wrong_arity() {
    let r = check(
        "S010.json",
        &[("S010", Error, 6, 63, 6, 87)],
        &["round(temperature, 2, 0)"],
    );
    check_inner(
        &r,
        &[("/rules/rounded", "/sql", "round(temperature, 2, 0)")],
    );
    check(
        "S010.sql",
        &[("S010", Error, 3, 14, 3, 33), ("S010", Error, 4, 8, 4, 16)],
        &["abs(temperature, 2)", "concat()"],
    );
}

#[test]
fn s011_bad_argument() {
    // String literals of the rule SQL: each `"` is `\\\"` in the file, `\"` in the rule's JSON.
    let r = check(
        "S011.json",
        &[
            ("S011", Error, 6, 107, 6, 118),
            ("S011", Error, 7, 58, 7, 71),
        ],
        &[r#"\\\"int\\\""#, r#"\\\"topic\\\""#],
    );
    check_inner(
        &r,
        &[
            ("/rules/whole", "/sql", r#"\"int\""#),
            ("/rules/topic", "/sql", r#"\"topic\""#),
        ],
    );
    check(
        "S011.sql",
        &[("S011", Error, 3, 18, 3, 31)],
        &["\"température\""],
    );
}

#[test]
fn s012_aggregate_misplaced() {
    let r = check(
        "S012.json",
        &[
            ("S012", Error, 6, 81, 6, 97),
            ("S012", Error, 7, 130, 7, 146),
        ],
        &["avg(temperature)", "temperature > 20"],
    );
    check_inner(
        &r,
        &[
            ("/rules/warm", "/sql", "avg(temperature)"),
            ("/rules/having", "/sql", "temperature > 20"),
        ],
    );
    check(
        "S012.sql",
        &[
            // in GROUP BY
            ("S012", Error, 5, 10, 5, 26),
            // inside another aggregate
            ("S012", Error, 7, 12, 7, 28),
        ],
        &["avg(temperature)", "avg(temperature)"],
    );
}

#[test]
fn s013_function_misplaced() {
    let r = check(
        "S013.json",
        &[
            ("S013", Error, 6, 96, 6, 112),
            ("S013", Error, 7, 80, 7, 92),
        ],
        &["abs(temperature)", "row_number()"],
    );
    check_inner(
        &r,
        &[
            ("/rules/per_room", "/sql", "abs(temperature)"),
            ("/rules/numbered", "/sql", "row_number()"),
        ],
    );
    check(
        "S013.sql",
        &[("S013", Error, 3, 29, 3, 45), ("S013", Error, 4, 39, 4, 54)],
        &["unnest(readings)", "room = \"entrée\""],
    );
}

#[test]
fn s014_bad_alias() {
    let r = check(
        "S014.json",
        &[
            ("S014", Error, 6, 118, 6, 119),
            ("S014", Error, 7, 65, 7, 67),
        ],
        &["v", "AS"],
    );
    check_inner(
        &r,
        &[
            ("/rules/twice", "/sql", "v"),
            ("/rules/everything", "/sql", "AS"),
        ],
    );
    // a cycle a -> temperature (the alias) -> b -> a
    check("S014.sql", &[("S014", Error, 3, 27, 3, 28)], &["a"]);
}

#[test]
fn s015_bad_limit() {
    let r = check("S015.json", &[("S015", Error, 6, 141, 6, 144)], &["2.5"]);
    check_inner(&r, &[("/rules/top", "/sql", "2.5")]);
    // A negative LIMIT is covered with its sign; eKuiper takes it and applies no limit.
    check(
        "S015.sql",
        &[
            ("S015", Warning, 3, 50, 3, 52),
            ("S015", Error, 4, 29, 4, 33),
        ],
        &["-1", "\"10\""],
    );
}

#[test]
fn s016_case_condition() {
    let r = check("S016.json", &[("S016", Error, 6, 88, 6, 90)], &["30"]);
    check_inner(&r, &[("/rules/label", "/sql", "30")]);
    check("S016.sql", &[("S016", Error, 3, 18, 3, 25)], &["\"chaud\""]);
}

#[test]
fn s017_join_problem() {
    let r = check(
        "S017.json",
        &[
            // two streams joined without a window
            ("S017", Error, 10, 146, 10, 150),
            // a lookup table joined with no equality in ON
            ("S017", Error, 11, 107, 11, 114),
        ],
        &["hums", "devices"],
    );
    check_inner(
        &r,
        &[
            ("/rules/climate", "/sql", "hums"),
            ("/rules/named", "/sql", "devices"),
        ],
    );
    // CROSS JOIN with ON; `é` on line 1 does not shift line 5.
    check(
        "S017.sql",
        &[("S017", Error, 5, 32, 5, 51)],
        &["temps.id = rooms.id"],
    );
}

#[test]
fn s018_window_source_mismatch() {
    let r = check(
        "S018.json",
        &[
            // GROUP BY on a stream without a window
            ("S018", Error, 9, 131, 9, 135),
            // a window over a table only
            ("S018", Error, 10, 91, 10, 113),
        ],
        &["room", "TUMBLINGWINDOW(ss, 10)"],
    );
    check_inner(
        &r,
        &[
            ("/rules/per_room", "/sql", "room"),
            ("/rules/rooms10", "/sql", "TUMBLINGWINDOW(ss, 10)"),
        ],
    );
    check("S018.sql", &[("S018", Error, 5, 10, 5, 14)], &["room"]);
}

#[test]
fn s019_ambiguous_literal() {
    let r = check(
        "S019.json",
        &[
            ("S019", Warning, 7, 99, 7, 118),
            ("S019", Warning, 8, 57, 8, 59),
        ],
        &[r#"\\\"temperature\\\""#, "ss"],
    );
    check_inner(
        &r,
        &[
            ("/rules/hot", "/sql", r#"\"temperature\""#),
            ("/rules/seconds", "/sql", "ss"),
        ],
    );
    let r = check(
        "S019.sql",
        &[
            ("S019", Warning, 4, 43, 4, 56),
            ("S019", Warning, 5, 8, 5, 10),
            ("S019", Warning, 5, 12, 5, 14),
        ],
        &["\"temperature\"", "ms", "dd"],
    );
    // `°` earlier on line 4
    assert_eq!(bytes(&r, 0), 217..230);
}

#[test]
fn s020_unknown_stream() {
    // The bundle defines a stream: a rule reading an undefined one is an error.
    let r = check(
        "S020.json",
        &[
            ("S020", Error, 6, 91, 6, 95),
            ("S020", Error, 7, 97, 7, 102),
        ],
        &["dmeo", "rooms"],
    );
    check_inner(
        &r,
        &[
            ("/rules/typo", "/sql", "dmeo"),
            ("/rules/lookup", "/sql", "rooms"),
        ],
    );
    // In a `.sql` file it is a warning.
    check("S020.sql", &[("S020", Warning, 3, 60, 3, 66)], &["salles"]);
}

/// The severity of S020 depends on what the bundle defines.
#[test]
fn s020_severity_follows_what_the_bundle_defines() {
    let rule = r#""typo": "{\"id\": \"typo\", \"name\": \"Capteur mal nommé\", \"sql\": \"SELECT * FROM dmeo\", \"actions\": [{\"log\": {}}]}""#;
    // Rules only, meant for a partial import onto a server that has the streams: a warning.
    let rules_only = format!("{{\n  \"rules\": {{\n    {rule}\n  }}\n}}\n");
    let r = run_text("rules-only.json", &rules_only, Version::newest());
    assert_eq!(
        findings(&r),
        [("S020", Warning, 3, 91, 3, 95)],
        "{}",
        listing(&r)
    );
    assert_eq!(covered(&r), ["dmeo"]);
    // A bundle that defines only a table defines sources: an error.
    let with_table = format!(
        "{{\n  \"tables\": {{\n    \"dmeo_t\": \"CREATE TABLE dmeo_t () WITH (DATASOURCE=\\\"t.json\\\", TYPE=\\\"file\\\")\"\n  }},\n  \"rules\": {{\n    {rule},\n    \"t\": \"{{\\\"sql\\\": \\\"SELECT * FROM dmeo_t\\\", \\\"actions\\\": [{{\\\"log\\\": {{}}}}]}}\"\n  }}\n}}\n"
    );
    let r = run_text("with-table.json", &with_table, Version::newest());
    assert_eq!(
        findings(&r),
        [("S020", Error, 6, 91, 6, 95)],
        "{}",
        listing(&r)
    );
    assert_eq!(covered(&r), ["dmeo"]);
    // The same SELECT in a `.sql` file that creates nothing: a warning.
    let r = run_text("alone.sql", "SELECT * FROM dmeo;\n", Version::newest());
    assert_eq!(
        findings(&r),
        [("S020", Warning, 1, 15, 1, 19)],
        "{}",
        listing(&r)
    );
}

#[test]
fn s021_unknown_field() {
    // The rule's SQL runs over several lines (`\\n`, `\\r\\n` and `\\t` in the file, three
    // characters each), with `"étage"` (`\\\"étage\\\"`) on its second line: the file
    // positions stay on line 6, after `à`, `é`, `é`.
    let r = check(
        "S021.json",
        &[
            ("S021", Error, 6, 128, 6, 138),
            // a member of a STRUCT field: a warning, eKuiper does not check members
            // (dataSourcePlan.go:218@v2.4.0)
            ("S021", Warning, 6, 164, 6, 168),
        ],
        &["temprature", "flor"],
    );
    assert_eq!(bytes(&r, 0), 323..333);
    check_inner(
        &r,
        &[
            ("/rules/hot", "/sql", "temprature"),
            ("/rules/hot", "/sql", "flor"),
        ],
    );
    // In the rule's JSON the SQL line breaks are `\n` escapes: `inner` counts those bytes.
    assert_eq!(
        r.diagnostics[0].inner.as_ref().unwrap().span.range(),
        98..108
    );
    let r = check(
        "S021.sql",
        &[("S021", Error, 3, 36, 3, 49)],
        &["demo.humidity"],
    );
    assert_eq!(bytes(&r, 0), 140..153);
}

#[test]
fn s022_ambiguous_field() {
    let r = check("S022.json", &[("S022", Error, 7, 91, 7, 93)], &["id"]);
    check_inner(&r, &[("/rules/climate", "/sql", "id")]);
    check("S022.sql", &[("S022", Error, 6, 7, 6, 9)], &["id"]);
}

#[test]
fn s023_bad_field_type() {
    let r = check(
        "S023.json",
        &[("S023", Error, 3, 59, 3, 62), ("S023", Error, 6, 50, 6, 57)],
        &["INT", "VARCHAR"],
    );
    check_inner(
        &r,
        &[
            ("/streams/demo", "", "INT"),
            ("/tables/rooms", "", "VARCHAR"),
        ],
    );
    check(
        "S023.sql",
        &[("S023", Error, 1, 46, 1, 52), ("S023", Error, 1, 79, 1, 83)],
        &["DOUBLE", "BOOL"],
    );
}

#[test]
fn field_default_is_not_in_any_release() {
    // DEFAULT is on eKuiper's main branch only: every release stops at it (S001), and the rest
    // of the statement is still checked.
    let sql = run_text(
        "default.sql",
        "CREATE STREAM demo (a BIGINT DEFAULT 10, b INT) WITH (DATASOURCE=\"d\");\n",
        Version::newest(),
    );
    assert_eq!(
        findings(&sql),
        [("S001", Error, 1, 30, 1, 37), ("S023", Error, 1, 44, 1, 47)],
        "{}",
        listing(&sql)
    );
}

#[test]
fn s026_duplicate_option() {
    let r = check(
        "S026.json",
        &[("S026", Warning, 3, 129, 3, 139)],
        &["DATASOURCE"],
    );
    check_inner(&r, &[("/streams/demo", "", "DATASOURCE")]);
    check("S026.sql", &[("S026", Warning, 5, 5, 5, 9)], &["type"]);
}

#[test]
fn s027_bad_option_value() {
    let r = check(
        "S027.json",
        &[
            // not a built-in format: only a plugin could register it
            ("S027", Warning, 3, 119, 3, 127),
            ("S027", Error, 3, 136, 3, 143),
            // a single-quoted value
            ("S027", Error, 6, 97, 6, 103),
        ],
        &[r#"\"yaml\""#, r#"\"yes\""#, "'file'"],
    );
    check_inner(
        &r,
        &[
            ("/streams/demo", "", "\"yaml\""),
            ("/streams/demo", "", "\"yes\""),
            ("/tables/rooms", "", "'file'"),
        ],
    );
    check(
        "S027.sql",
        &[
            ("S027", Error, 1, 102, 1, 107),
            ("S027", Error, 1, 115, 1, 127),
            ("S027", Error, 2, 121, 2, 126),
        ],
        &["\"oui\"", "\"{not json}\"", "\"ten\""],
    );
}

#[test]
/// Only a hint: eKuiper's option loop skips commas, so the statement parses.
fn s028_missing_option_comma() {
    let r = check("S028.json", &[("S028", Hint, 3, 111, 3, 117)], &["FORMAT"]);
    check_inner(&r, &[("/streams/demo", "", "FORMAT")]);
    check("S028.sql", &[("S028", Hint, 3, 5, 3, 11)], &["FORMAT"]);
}

#[test]
fn s029_option_not_for_kind() {
    let r = check(
        "S029.json",
        &[
            // KIND on a stream
            ("S029", Warning, 3, 112, 3, 116),
            // TIMESTAMP on a table
            ("S029", Warning, 6, 123, 6, 132),
        ],
        &["KIND", "TIMESTAMP"],
    );
    check_inner(
        &r,
        &[
            ("/streams/demo", "", "KIND"),
            ("/tables/rooms", "", "TIMESTAMP"),
        ],
    );
    check(
        "S029.sql",
        &[
            ("S029", Warning, 1, 101, 1, 110),
            ("S029", Warning, 2, 84, 2, 95),
        ],
        &["TIMESTAMP", "RETAIN_SIZE"],
    );
}

#[test]
fn s030_timestamp_field_missing() {
    let r = check(
        "S030.json",
        &[("S030", Warning, 3, 133, 3, 140)],
        &[r#"\"tss\""#],
    );
    check_inner(&r, &[("/streams/demo", "", "\"tss\"")]);
    check(
        "S030.sql",
        &[("S030", Warning, 1, 113, 1, 124)],
        &["\"timestamp\""],
    );
}

#[test]
fn s031_option_conflict() {
    let r = check(
        "S031.json",
        &[
            // a binary stream with a second field
            ("S031", Warning, 3, 47, 3, 58),
            // a memory lookup table without KEY: its name
            ("S031", Warning, 6, 28, 6, 33),
        ],
        &["size BIGINT", "rooms"],
    );
    check_inner(
        &r,
        &[
            ("/streams/raw", "", "size BIGINT"),
            ("/tables/rooms", "", "rooms"),
        ],
    );
    check(
        "S031.sql",
        &[
            // protobuf without SCHEMAID, after `é` on the line
            ("S031", Warning, 1, 77, 1, 87),
            ("S031", Warning, 2, 14, 2, 19),
        ],
        &["\"protobuf\"", "rooms"],
    );
}

#[test]
fn s032_source_name_mismatch() {
    let r = check(
        "S032.json",
        &[
            // the statement's name differs from the key
            ("S032", Error, 3, 31, 3, 37),
            // a CREATE TABLE under `streams`: the whole statement
            ("S032", Error, 4, 15, 4, 107),
        ],
        &[
            "sensor",
            r#"CREATE TABLE rooms (id STRING, name STRING) WITH (DATASOURCE=\"salles.json\", TYPE=\"file\")"#,
        ],
    );
    check_inner(
        &r,
        &[
            ("/streams/sensors", "", "sensor"),
            (
                "/streams/rooms",
                "",
                r#"CREATE TABLE rooms (id STRING, name STRING) WITH (DATASOURCE="salles.json", TYPE="file")"#,
            ),
        ],
    );
    // The label points at the entry's key.
    let key = &r.diagnostics[0].labels[0];
    assert_eq!(&r.source.text[key.span.range()], "\"sensors\"");
    // No `.sql` fixture: a `.sql` file has no entry keys.
    let sql = run_text(
        "names.sql",
        "CREATE STREAM sensor () WITH (DATASOURCE=\"d\");\n",
        Version::newest(),
    );
    assert!(sql.diagnostics.is_empty(), "{}", listing(&sql));
}

#[test]
fn s033_temp_source() {
    let r = check(
        "S033.json",
        &[
            ("S033", Error, 4, 76, 4, 89),
            // the bare keyword form
            ("S033", Error, 7, 120, 7, 129),
        ],
        &[r#"TEMP=\"true\""#, "TEMP=TRUE"],
    );
    assert_eq!(bytes(&r, 0), 213..226);
    check_inner(
        &r,
        &[
            ("/streams/scratch", "", "TEMP=\"true\""),
            ("/tables/cache", "", "TEMP=TRUE"),
        ],
    );
    // Before 2.4 there is no TEMP option at all: the parser refuses the key (S025), and S033
    // has nothing to say.
    let text = fs::read_to_string(fixture_path("S033.json")).unwrap();
    let old = run_text("S033.json", &text, Version::new(2, 3));
    let codes: Vec<&str> = old.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["S025", "S025"], "{}", listing(&old));
    // No `.sql` fixture: only the bundle importer refuses them.
    let sql = run_text(
        "temp.sql",
        "CREATE STREAM scratch () WITH (DATASOURCE=\"d\", TEMP=\"true\");\n",
        Version::newest(),
    );
    assert!(sql.diagnostics.is_empty(), "{}", listing(&sql));
}
