//! SQL eKuiper's parser and planner accept (`fixtures/accepted/`): clean at the newest target,
//! and, where the construct came in a later release, reported at the exact place for an older
//! target. Each construct was checked in eKuiper's source at the tag named beside it.

mod common;

use std::fs;
use std::path::PathBuf;

use kuiperlint::diagnostic::Severity;
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::FileReport;

fn run(file: &str, target: Version) -> FileReport {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/accepted")
        .join(file);
    let text = fs::read_to_string(&path).unwrap();
    common::check_text(&format!("fixtures/accepted/{file}"), &text, target)
}

/// `(code, line, column, end_line, end_column, covered text)` of each error.
fn errors(r: &FileReport) -> Vec<(&'static str, usize, usize, usize, usize, String)> {
    common::located(r)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            (
                f.code,
                f.start.0,
                f.start.1,
                f.end.0,
                f.end.1,
                f.text.clone(),
            )
        })
        .collect()
}

#[test]
fn select_syntax_is_clean_at_2_4() {
    assert_eq!(errors(&run("select-syntax.sql", Version::newest())), vec![]);
}

/// INVISIBLE: parseInvisible, internal/xsql/parser.go:1826@v2.4.0, absent at v2.1.0.
/// A window's `OVER (PARTITION BY ...)` / `OVER` without WHEN: ParseOver4Window,
/// parser.go:1626@v2.4.0; v2.3.0 wants WHEN.
#[test]
fn select_syntax_at_older_targets() {
    let s = |t: &str| t.to_string();
    assert_eq!(
        errors(&run("select-syntax.sql", Version::new(2, 3))),
        vec![
            ("S001", 4, 36, 4, 61, s("statewindow(a > 1, b > 2)")),
            ("S001", 4, 81, 4, 82, s("b")),
            ("S001", 5, 88, 5, 92, s("b, a")),
        ]
    );
    assert_eq!(
        errors(&run("select-syntax.sql", Version::new(2, 1))),
        vec![
            ("S001", 2, 10, 2, 19, s("INVISIBLE")),
            ("S001", 2, 28, 2, 37, s("INVISIBLE")),
            ("S001", 4, 36, 4, 61, s("statewindow(a > 1, b > 2)")),
            ("S001", 4, 81, 4, 82, s("b")),
            ("S001", 5, 88, 5, 92, s("b, a")),
        ]
    );
}

/// A lookup join without ON has no equality (validateAndExtractCondition,
/// internal/topo/planner/lookupPlan.go:110@v2.4.0, planner.go:775).
#[test]
fn lookup_join_without_on_is_refused() {
    let text = "CREATE STREAM demo (a BIGINT) WITH (DATASOURCE=\"d\");\n\
CREATE TABLE t (id BIGINT) WITH (DATASOURCE=\"t\", TYPE=\"memory\", KIND=\"lookup\", KEY=\"id\");\n\
SELECT demo.a FROM demo INNER JOIN t;\n";
    let r = common::check_text("join.sql", text, Version::newest());
    assert_eq!(errors(&r), vec![("S017", 3, 36, 3, 37, "t".to_string())]);
}

/// Schemaless queries (analyzer.go:51@v2.4.0), SCHEMAID (analyzer.go:523), aliases in ON
/// (analyzer.go:178): no error; an unknown STRUCT member is only a warning
/// (dataSourcePlan.go:218).
#[test]
fn schemas_are_clean() {
    let r = run("schemas.sql", Version::newest());
    assert_eq!(errors(&r), vec![]);
    let warnings: Vec<_> = common::located(&r)
        .into_iter()
        .map(|f| (f.code, f.severity, f.start.0, f.start.1, f.text.clone()))
        .collect();
    assert_eq!(
        warnings,
        vec![("S021", Severity::Warning, 8, 13, "flor".to_string())]
    );
}

/// An aggregate in WHERE is evaluated over the window from 2.3 (aggFuncChecker,
/// internal/topo/planner/analyzer.go:412@v2.3.0); 2.2 refuses it (analyzer.go:426@v2.2.0).
#[test]
fn aggregate_in_where_from_2_3() {
    for target in ["2.3", "2.4"] {
        let r = run("aggregate-where.sql", target.parse().unwrap());
        assert_eq!(errors(&r), vec![], "{target}");
    }
    assert_eq!(
        errors(&run("aggregate-where.sql", "2.2".parse().unwrap())),
        vec![("S012", 2, 35, 2, 41, "avg(t)".to_string())]
    );
}

#[test]
fn function_arguments_the_validators_take_are_clean() {
    assert_eq!(
        errors(&run("function-arguments.sql", Version::newest())),
        vec![]
    );
}

/// What the same validators refuse, each at its argument.
#[test]
fn function_arguments_the_validators_refuse() {
    let text = "CREATE STREAM demo (a BIGINT, b STRING) WITH (DATASOURCE=\"d\");\n\
SELECT deduplicate(a, 1) AS d FROM demo GROUP BY TUMBLINGWINDOW(ss, 10);\n\
SELECT lag(a, b) AS l, lag(a, -1) AS m, lag(a, 1, 0, 3) AS n FROM demo;\n\
SELECT mqtt(qos) AS q FROM demo;\n";
    let r = common::check_text("arguments.sql", text, Version::newest());
    let s = |t: &str| t.to_string();
    assert_eq!(
        errors(&r),
        vec![
            ("S011", 2, 23, 2, 24, s("1")),
            ("S011", 3, 15, 3, 16, s("b")),
            ("S011", 3, 31, 3, 33, s("-1")),
            ("S011", 3, 54, 3, 55, s("3")),
            ("S011", 4, 13, 4, 16, s("qos")),
        ]
    );
}

/// VERSION and EXTRA are options from 2.3, TEMP from 2.4 (`StreamTokens`,
/// pkg/ast/token.go@v2.3.0 and @v2.4.0): clean at the newest target, unknown before.
#[test]
fn newer_stream_options_are_unknown_to_older_targets() {
    let text = "CREATE STREAM s () WITH (DATASOURCE=\"d\", VERSION=\"1\", EXTRA=\"{}\");\n\
CREATE STREAM t () WITH (DATASOURCE=\"d\", TEMP=\"false\");\n";
    let at = |v| {
        errors(&common::check_text("opts.sql", text, v))
            .into_iter()
            .map(|(code, line, column, ..)| (code, line, column))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(Version::newest()), vec![]);
    assert_eq!(at(Version::new(2, 3)), vec![("S025", 2, 42)]);
    assert_eq!(
        at(Version::new(2, 2)),
        vec![("S025", 1, 42), ("S025", 1, 55), ("S025", 2, 42)]
    );
}
