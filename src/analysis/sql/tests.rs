//! Unit tests of the SQL layer: one or more per problem kind, with exact byte spans. One file of
//! table-like cases (~850 lines): each is a SQL text and what it must give, read top to bottom.

use std::ops::Range;

use super::*;
use crate::ekuiper::functions;

fn catalog() -> MapCatalog {
    let mut cat = MapCatalog::new();
    for s in [
        "CREATE STREAM demo (deviceId STRING, temperature FLOAT, humidity BIGINT, ts BIGINT) WITH (DATASOURCE=\"demo\", FORMAT=\"json\", TIMESTAMP=\"ts\")",
        "CREATE STREAM demo2 (id STRING, temperature FLOAT) WITH (DATASOURCE=\"demo2\")",
        "CREATE STREAM loose () WITH (DATASOURCE=\"loose\")",
        "CREATE TABLE table1 (id STRING, name STRING) WITH (DATASOURCE=\"t.json\", TYPE=\"file\")",
        "CREATE STREAM nested (dev STRUCT(name STRING, loc STRUCT(lat FLOAT, lon FLOAT)), readings ARRAY(STRUCT(v FLOAT))) WITH (DATASOURCE=\"n\")",
        "CREATE TABLE lk () WITH (DATASOURCE=\"lk\", TYPE=\"sql\", KIND=\"lookup\")",
    ] {
        let (st, _, p) = check_source_sql(s);
        assert!(p.is_empty(), "{s}: {p:?}");
        cat.insert(st.expect("setup statement parses"));
    }
    cat
}

fn rule(sql: &str) -> Vec<SqlProblem> {
    check_rule_sql(sql, &catalog()).1
}

fn source(sql: &str) -> Vec<SqlProblem> {
    check_source_sql(sql).2
}

/// Byte range of the `n`-th (0-based) occurrence of `needle`.
fn at_nth(sql: &str, needle: &str, n: usize) -> Range<usize> {
    let mut from = 0;
    for _ in 0..n {
        from = sql[from..].find(needle).expect("needle") + from + 1;
    }
    let s = sql[from..].find(needle).expect("needle") + from;
    s..s + needle.len()
}

fn at(sql: &str, needle: &str) -> Range<usize> {
    at_nth(sql, needle, 0)
}

#[track_caller]
fn one(problems: &[SqlProblem], kind: SqlProblemKind) -> &SqlProblem {
    let found: Vec<&SqlProblem> = problems.iter().filter(|p| p.kind == kind).collect();
    assert_eq!(found.len(), 1, "expected one {kind:?} in {problems:#?}");
    found[0]
}

#[track_caller]
/// No problem at the newest target (one gated to older targets does not count).
fn clean(problems: &[SqlProblem]) {
    let newest = crate::ekuiper::version::Version::newest();
    let at_newest: Vec<_> = problems
        .iter()
        .filter(|p| p.before.is_none_or(|v| newest < v))
        .collect();
    assert!(at_newest.is_empty(), "unexpected problems: {at_newest:#?}");
}

// ---------------------------------------------------------------- accepted SQL

#[test]
fn accepts_typical_rules() {
    for sql in [
        "SELECT temperature, humidity FROM demo WHERE temperature > 30",
        "SELECT deviceId, avg(temperature) AS avg_temp FROM demo GROUP BY deviceId, HOPPINGWINDOW(ss, 20, 10) HAVING avg_temp > 30",
        "SELECT count(*), window_start(), window_end() FROM demo GROUP BY TUMBLINGWINDOW(ss, 10)",
        "SELECT lag(temperature) OVER (PARTITION BY deviceId WHEN temperature > 1) AS prev FROM demo ORDER BY temperature DESC LIMIT 5",
        "SELECT * EXCEPT(ts), meta(topic) AS t FROM demo",
        "SELECT * REPLACE(temperature * 2 AS temperature) FROM demo",
        "SELECT demo.temperature, table1.name FROM demo LEFT JOIN table1 ON demo.deviceId = table1.id",
        "SELECT * FROM demo INNER JOIN demo2 ON demo.deviceId = demo2.id GROUP BY TUMBLINGWINDOW(ss, 10)",
        "SELECT temperature FROM demo GROUP BY SLIDINGWINDOW(ss, 10) FILTER (WHERE humidity > 2) OVER (WHEN temperature > 40)",
        "SELECT a->b[0]->c, x[1:2], y[-1] FROM loose WHERE z IN (1, 2) AND w NOT BETWEEN 1 AND 2 AND v LIKE \"a%\"",
        "SELECT CASE WHEN temperature > 30 THEN 'hot' ELSE \"cold\" END AS label FROM demo",
        "SELECT cast(temperature, \"bigint\") FROM demo",
        "/* c */ SELECT `中文`, `select` FROM loose -- tail",
    ] {
        let (info, problems) = check_rule_sql(sql, &catalog());
        clean(&problems);
        assert!(info.is_some(), "{sql}");
    }
}

#[test]
fn select_info_contents() {
    let sql = "SELECT d.temperature, count(*) AS c FROM demo AS d JOIN table1 ON d.deviceId = table1.id WHERE humidity > 1 GROUP BY TUMBLINGWINDOW(mi, 5) LIMIT 3";
    let (info, problems) = check_rule_sql(sql, &catalog());
    clean(&problems);
    let info = info.expect("info");
    assert_eq!(info.sources.len(), 2);
    assert_eq!(info.sources[0].name, "demo");
    assert_eq!(info.sources[0].name_span, at(sql, "demo"));
    assert_eq!(info.sources[0].alias.as_deref(), Some("d"));
    assert_eq!(info.joins[0].kind, JoinKind::Inner);
    assert_eq!(info.joins[0].source, 1);
    let w = info.window.expect("window");
    assert_eq!(w.kind, WindowKind::Tumbling);
    assert_eq!(w.unit, Some(TimeUnit::Minute));
    assert_eq!(w.sizes, vec![5]);
    assert_eq!(w.span, at(sql, "TUMBLINGWINDOW(mi, 5)"));
    assert_eq!(info.limit, Some(3));
    assert!(info.is_aggregate);
    let count = info
        .functions
        .iter()
        .find(|f| f.name == "count")
        .expect("count");
    assert_eq!(count.name_span, at(sql, "count"));
    assert_eq!(count.span, at(sql, "count(*)"));
    assert_eq!(info.fields[1].alias.as_deref(), Some("c"));
    let hum = info
        .field_refs
        .iter()
        .find(|f| f.name == "humidity")
        .expect("ref");
    assert_eq!(hum.clause, Clause::Where);
    assert_eq!(hum.span, at(sql, "humidity"));
}

#[test]
fn topic_names_and_lexical_forms() {
    let (info, problems) = check_rule_sql(
        "SELECT -. 3 AS a, - 3 AS b, t> = 1 AS c, x !   = 2 AS d FROM /topic/+/temp/# AS t",
        &EmptyCatalog,
    );
    let problems: Vec<_> = problems
        .into_iter()
        .filter(|p| p.kind != SqlProblemKind::UnknownStream)
        .collect();
    clean(&problems);
    let info = info.expect("info");
    assert_eq!(info.sources[0].name, "/topic/+/temp/#");
    assert_eq!(info.sources[0].name_span, 61..76);
    assert_eq!(
        &"SELECT -. 3 AS a, - 3 AS b, t> = 1 AS c, x !   = 2 AS d FROM /topic/+/temp/# AS t"
            [61..76],
        "/topic/+/temp/#"
    );
}

#[test]
fn parse_statements_of_a_file() {
    let sql = "CREATE STREAM s1 () WITH (DATASOURCE=\"a\");\nCREATE TABLE t1 (id bigint,) WITH (TYPE=\"file\");\nSHOW STREAMS;\nSELECT * FROM s1;";
    let (stmts, problems) = parse_statements(sql);
    clean(&problems);
    assert_eq!(stmts.len(), 4);
    match &stmts[1] {
        Statement::CreateTable(t) => {
            assert_eq!(t.name, "t1");
            assert_eq!(t.name_span, at(sql, "t1"));
            assert_eq!(t.fields.as_ref().map(Vec::len), Some(1));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&stmts[0], Statement::CreateStream(s) if s.fields.is_none()));
    assert!(matches!(&stmts[2], Statement::Other(o) if o.verb == "SHOW"));
    assert!(matches!(&stmts[3], Statement::Select(_)));
}

#[test]
fn source_statement_contents() {
    let sql = "CREATE STREAM demo (a array(struct(b bigint, c string)), d bytea) WITH (DATASOURCE=\"x\", EXTRA=\"{\\\"k\\\":1}\", shared=TRUE);";
    let (st, is_table, problems) = check_source_sql(sql);
    clean(&problems);
    assert!(!is_table);
    let st = st.expect("stmt");
    let f = st.fields.expect("fields");
    assert_eq!(
        f[0].ty,
        FieldType::Array(Box::new(FieldType::Struct(vec![
            ("b".into(), FieldType::Bigint),
            ("c".into(), FieldType::String)
        ])))
    );
    assert_eq!(f[0].ty_span, at(sql, "array(struct(b bigint, c string))"));
    assert_eq!(st.options[1].value, "{\"k\":1}");
    assert_eq!(st.options[1].value_span, at(sql, "\"{\\\"k\\\":1}\""));
    assert_eq!(st.options[2].key, "shared");
    assert_eq!(st.options[2].value, "true");
}

// ---------------------------------------------------------------- syntax-level kinds

#[test]
fn syntax_error_points_at_token() {
    let sql = "SELECT *, FROM tbl";
    let p = one(&rule(sql), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, 10..14);
    assert_eq!(p.severity_hint, Severity::Error);
}

#[test]
fn syntax_error_byte_spans_after_multibyte_text() {
    // `中文` is 6 bytes: the bad escape starts at byte 21, not at char 17.
    let sql = "SELECT `中文`, \"a\\qb\" FROM loose";
    let p = one(&rule(sql), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, 17..23);
    assert_eq!(&sql[p.span.clone()], "\"a\\qb\"");
}

#[test]
fn unterminated_string() {
    let sql = "SELECT \"abc' FROM tbl";
    let p = one(&rule(sql), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, 7..sql.len());
}

#[test]
fn other_dialect_operators() {
    let sql = "SELECT temperature FROM demo WHERE humidity <> 1";
    let p = one(&rule(sql), SqlProblemKind::OtherDialect).clone();
    assert_eq!(p.span, at(sql, "<>"));
    let sql = "SELECT temperature FROM demo WHERE humidity IS NULL";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::OtherDialect).span,
        at(sql, "IS")
    );
    let sql = "SELECT temperature t FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::OtherDialect).span,
        at(sql, "t FROM").start..at(sql, "t FROM").start + 1
    );
}

#[test]
fn select_distinct_is_reported_once() {
    // Not also as an unknown field `DISTINCT` with `deviceId` as its alias without AS.
    let sql = "SELECT DISTINCT deviceId FROM demo";
    let p = rule(sql);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(p[0].kind, SqlProblemKind::OtherDialect);
    assert_eq!(p[0].span, at(sql, "DISTINCT"));
}

#[test]
fn ansi_cast() {
    let sql = "SELECT CAST(temperature AS INTEGER) FROM demo";
    let p = one(&rule(sql), SqlProblemKind::AnsiCast).clone();
    assert_eq!(p.span, 7..35);
    assert!(p
        .help
        .as_deref()
        .unwrap_or("")
        .contains("cast(temperature, \"bigint\")"));
}

#[test]
fn a_trailing_semicolon_skips_ekuipers_pre_validation() {
    // eKuiper returns at the `;` before running `Validate`: a nested set-returning function is
    // refused without it and accepted with it.
    let sql = "SELECT unnest(unnest(a)) FROM demo";
    let p = one(&rule(sql), SqlProblemKind::SetReturningMisplaced).clone();
    assert_eq!(p.severity_hint, Severity::Error);
    let sql = "SELECT unnest(unnest(a)) FROM demo;";
    let p = one(&rule(sql), SqlProblemKind::SetReturningMisplaced).clone();
    assert_eq!(p.severity_hint, Severity::Warning);
    // So the `;` is no fix's to drop there (eKuiper would refuse the rule without it).
    assert!(one(&rule(sql), SqlProblemKind::TrailingSemicolon)
        .fix
        .is_none());
    let sql = "SELECT temperature FROM demo;";
    assert!(one(&rule(sql), SqlProblemKind::TrailingSemicolon)
        .fix
        .is_some());
}

#[test]
fn trailing_semicolon_and_statement_count() {
    let sql = "SELECT temperature FROM demo;";
    let p = one(&rule(sql), SqlProblemKind::TrailingSemicolon).clone();
    assert_eq!(p.span, 28..29);
    assert_eq!(p.severity_hint, Severity::Warning);
    let sql = "SELECT temperature FROM demo; SELECT humidity FROM demo";
    let p = one(&rule(sql), SqlProblemKind::StatementCount).clone();
    assert_eq!(p.span, 30..sql.len());
}

#[test]
fn clause_order_and_window_after_having() {
    let sql = "SELECT * FROM demo GROUP BY COUNTWINDOW(3,1) WHERE humidity > 100";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::ClauseOrder).span,
        at(sql, "WHERE")
    );
    let sql = "SELECT count(*) FROM demo HAVING count(*) > 1 GROUP BY TUMBLINGWINDOW(ss, 10)";
    let p = one(&rule(sql), SqlProblemKind::WindowMisplaced).clone();
    assert_eq!(p.span, at(sql, "GROUP"));
    let sql = "SELECT temperature FROM demo WHERE TUMBLINGWINDOW(ss, 10)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::WindowMisplaced).span,
        at(sql, "TUMBLINGWINDOW(ss, 10)")
    );
}

#[test]
fn misplaced_window_unit_is_not_a_field() {
    for sql in [
        "SELECT temperature FROM demo WHERE TUMBLINGWINDOW(ss, 10)",
        "SELECT TUMBLINGWINDOW(mi, 1) AS w FROM loose",
    ] {
        let p = rule(sql);
        one(&p, SqlProblemKind::WindowMisplaced);
        assert!(
            !p.iter().any(|p| p.kind == SqlProblemKind::TimeUnitAsField),
            "{sql}: {p:#?}"
        );
    }
}

#[test]
fn negative_numbers_are_reported_with_their_sign() {
    // sqlparser spans a unary minus as its operand; the finding must cover the `-` too.
    for (sql, kind, needle) in [
        (
            "SELECT temperature FROM demo LIMIT -1",
            SqlProblemKind::BadLimit,
            "-1",
        ),
        (
            "SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, - 10)",
            SqlProblemKind::BadWindow,
            "- 10",
        ),
        (
            "SELECT substring(deviceId, -1) AS s FROM demo",
            SqlProblemKind::BadArgument,
            "-1",
        ),
        (
            "SELECT -temperature AS t FROM demo",
            SqlProblemKind::Syntax,
            "-temperature",
        ),
    ] {
        assert_eq!(one(&rule(sql), kind).span, at(sql, needle), "{sql}");
    }
}

#[test]
fn bad_windows() {
    let sql = "SELECT * FROM demo GROUP BY COUNTWINDOW(3, 5)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadWindow).span,
        at(sql, "5")
    );
    let sql = "SELECT * FROM demo GROUP BY SLIDINGWINDOW(\"mi\", 5)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadWindow).span,
        at(sql, "\"mi\"")
    );
    let sql = "SELECT * FROM demo GROUP BY TUMBLINGWINDOW(ss, 1.5)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadWindow).span,
        at(sql, "1.5")
    );
    let sql = "SELECT * FROM demo GROUP BY HOPPINGWINDOW(ss, 5)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadWindow).span,
        at(sql, "HOPPINGWINDOW(ss, 5)")
    );
}

#[test]
fn nesting_is_capped() {
    let deep = format!("SELECT {}1{} FROM demo", "(".repeat(300), ")".repeat(300));
    let p = one(&rule(&deep), SqlProblemKind::NestingTooDeep).clone();
    assert_eq!(p.span, 7 + 256..7 + 257);
    let ddl = format!(
        "CREATE STREAM s (a {}bigint{}) WITH ()",
        "array(".repeat(300),
        ")".repeat(300)
    );
    one(&source(&ddl), SqlProblemKind::NestingTooDeep);
}

#[test]
fn nesting_below_cap_does_not_overflow() {
    let ok = format!(
        "SELECT {}1{} AS x FROM demo",
        "(".repeat(255),
        ")".repeat(255)
    );
    clean(&rule(&ok));
}

#[test]
fn long_operator_chains_do_not_overflow() {
    let long = format!(
        "SELECT {} AS x FROM demo",
        vec!["temperature"; 3000].join(" + ")
    );
    let p = one(&rule(&long), SqlProblemKind::NestingTooDeep).clone();
    assert_eq!(p.severity_hint, Severity::Warning);
    let under = format!(
        "SELECT {} AS x FROM demo",
        vec!["temperature"; 256].join(" + ")
    );
    clean(&rule(&under));
    // parentheses and operators share one budget
    let both = format!(
        "SELECT {}{}{} AS x FROM demo",
        "(".repeat(128),
        vec!["temperature"; 129].join(" + "),
        ")".repeat(128)
    );
    clean(&rule(&both));
    let over = format!(
        "SELECT {}{}{} AS x FROM demo",
        "(".repeat(128),
        vec!["temperature"; 130].join(" + "),
        ")".repeat(128)
    );
    one(&rule(&over), SqlProblemKind::NestingTooDeep);
}

#[test]
fn lexical_quirks() {
    let sql = "SELECT temperature FROM demo WHERE humidity ! 3";
    let p = one(&rule(sql), SqlProblemKind::LexicalQuirk).clone();
    assert_eq!(p.span, at(sql, "!"));
    assert_eq!(p.severity_hint, Severity::Warning);
    let sql = "SELECT humidity - -1 AS x FROM demo";
    let p = rule(sql);
    assert_eq!(one(&p, SqlProblemKind::LexicalQuirk).span, 16..35);
}

// ---------------------------------------------------------------- functions

#[test]
fn unknown_function() {
    let sql = "SELECT avgg(temperature) FROM demo";
    let p = one(&rule(sql), SqlProblemKind::UnknownFunction).clone();
    assert_eq!(p.span, 7..11);
    assert!(p.message.contains("avg"), "{}", p.message);
}

#[test]
fn wrong_arity() {
    let sql = "SELECT abs(1, 2) FROM demo";
    let p = one(&rule(sql), SqlProblemKind::WrongArity).clone();
    assert_eq!(p.span, 7..16);
    assert!(p
        .help
        .as_deref()
        .unwrap_or("")
        .contains("Expect 1 arguments but found 2."));
}

#[test]
fn bad_arguments() {
    let sql = "SELECT sin(\"test\") FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadArgument).span,
        at(sql, "\"test\"")
    );
    let sql = "SELECT abs(ss) FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadArgument).span,
        at(sql, "ss")
    );
    let sql = "SELECT cast(temperature, \"int\") FROM demo";
    let p = one(&rule(sql), SqlProblemKind::BadArgument).clone();
    assert_eq!(p.span, at(sql, "\"int\""));
    assert!(p.message.contains("bigint"));
    let sql = "SELECT meta(\"topic\") FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::BadArgument).span,
        at(sql, "\"topic\"")
    );
}

#[test]
fn aggregate_not_allowed() {
    let sql = "SELECT temperature FROM demo WHERE count(*) > 1";
    let p = one(&rule(sql), SqlProblemKind::AggregateNotAllowed).clone();
    assert_eq!(p.span, at(sql, "count(*)"));
    let sql = "SELECT count(temperature) AS c, sum(c) AS s FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::AggregateNotAllowed).span,
        36..37
    );
}

#[test]
fn having_not_aggregate() {
    let sql = "SELECT count(*) AS c FROM demo GROUP BY TUMBLINGWINDOW(ss, 1) HAVING c > humidity";
    let p = one(&rule(sql), SqlProblemKind::HavingNotAggregate).clone();
    assert_eq!(p.span, at(sql, "c > humidity"));
    // a GROUP BY dimension may be tested in HAVING
    clean(&rule("SELECT deviceId, count(*) AS c FROM demo GROUP BY deviceId, TUMBLINGWINDOW(ss, 1) HAVING deviceId = \"a\" AND c > 1"));
}

#[test]
fn placement_of_special_functions() {
    let sql = "SELECT temperature FROM demo ORDER BY row_number()";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::WindowFunctionMisplaced).span,
        at(sql, "row_number()")
    );
    let sql = "SELECT temperature FROM demo WHERE unnest(deviceId)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::SetReturningMisplaced).span,
        at(sql, "unnest(deviceId)")
    );
    let sql = "SELECT avg(temperature) OVER (WHEN humidity > 1) FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::OverOnNonAnalytic).span,
        7..23
    );
    let sql = "SELECT sum(temperature) FILTER (WHERE humidity > 1) FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::FilterMisplaced).span,
        at(sql, "humidity > 1")
    );
    let sql = "SELECT last_hit_time() FROM demo GROUP BY TUMBLINGWINDOW(ss, 1)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::NotInAggregateQuery).span,
        at(sql, "last_hit_time()")
    );
}

// ---------------------------------------------------------------- fields, aliases, limits

#[test]
fn wildcard_alias_limit_case() {
    let sql = "SELECT * AS everything FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::WildcardAlias).span,
        at(sql, "AS")
    );
    let sql = "SELECT temperature FROM demo LIMIT 1.5";
    let p = one(&rule(sql), SqlProblemKind::BadLimit).clone();
    assert_eq!((p.span, p.severity_hint), (at(sql, "1.5"), Severity::Error));
    // eKuiper parses `-1` and then applies no limit: accepted, so a warning.
    let sql = "SELECT temperature FROM demo LIMIT -1";
    let p = one(&rule(sql), SqlProblemKind::BadLimit).clone();
    assert_eq!(
        (p.span, p.severity_hint),
        (at(sql, "-1"), Severity::Warning)
    );
    let sql = "SELECT CASE WHEN 30 THEN 1 END AS x FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::CaseCondition).span,
        at(sql, "30")
    );
}

#[test]
fn alias_cycles_and_duplicates() {
    let sql = "SELECT humidity + 1 AS b, b * 2 AS c, c + 1 AS humidity FROM demo";
    let p = one(&rule(sql), SqlProblemKind::CycledAlias).clone();
    assert_eq!(p.span, at(sql, "b,").start..at(sql, "b,").start + 1);
    let sql = "SELECT temperature AS t, humidity AS t FROM demo";
    assert_eq!(one(&rule(sql), SqlProblemKind::DuplicateAlias).span, 37..38);
    assert_eq!(&sql[37..39], "t ");
}

#[test]
fn joins_and_windows_against_the_catalog() {
    let sql = "SELECT * FROM demo CROSS JOIN table1 ON demo.deviceId = table1.id";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::CrossJoinOn).span,
        at(sql, "demo.deviceId = table1.id")
    );
    let sql = "SELECT * FROM demo JOIN demo2 ON demo.deviceId = demo2.id";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::JoinNeedsWindow).span,
        at(sql, "demo2")
    );
    let sql = "SELECT name FROM table1 GROUP BY TUMBLINGWINDOW(ss, 10)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::WindowOnTable).span,
        at(sql, "TUMBLINGWINDOW(ss, 10)")
    );
    let sql = "SELECT deviceId FROM demo GROUP BY deviceId";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::GroupByNeedsWindow).span,
        at_nth(sql, "deviceId", 1)
    );
}

#[test]
fn time_unit_as_field() {
    let sql = "SELECT ss FROM loose";
    let p = one(&rule(sql), SqlProblemKind::TimeUnitAsField).clone();
    assert_eq!(p.span, 7..9);
    assert_eq!(p.severity_hint, Severity::Warning);
}

#[test]
fn unknown_stream_field_and_ambiguity() {
    let sql = "SELECT x FROM nosuch";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::UnknownStream).span,
        at(sql, "nosuch")
    );
    let sql = "SELECT temprature FROM demo";
    let p = one(&rule(sql), SqlProblemKind::UnknownField).clone();
    assert_eq!(p.span, 7..17);
    assert!(p.message.contains("temperature"));
    let sql = "SELECT demo.nope FROM demo";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::UnknownField).span,
        at(sql, "demo.nope")
    );
    let sql = "SELECT temperature FROM demo JOIN demo2 ON demo.deviceId = demo2.id GROUP BY TUMBLINGWINDOW(ss, 1)";
    assert_eq!(one(&rule(sql), SqlProblemKind::AmbiguousField).span, 7..18);
    // schemaless source in scope: no unknown-field claims
    clean(&rule("SELECT anything FROM loose"));
}

// ---------------------------------------------------------------- CREATE

#[test]
fn ddl_field_problems() {
    let sql = "CREATE STREAM s (a int, b bool) WITH (DATASOURCE=\"x\")";
    let p = source(sql);
    let bad: Vec<_> = p
        .iter()
        .filter(|p| p.kind == SqlProblemKind::BadFieldType)
        .collect();
    assert_eq!(bad.len(), 2);
    assert_eq!(bad[0].span, at(sql, "int"));
    assert_eq!(bad[1].span, at(sql, "bool"));
    // No release has field defaults: the keyword is a syntax error, the rest is still read.
    let sql = "CREATE STREAM s (p BYTEA DEFAULT \"x\", q bool) WITH ()";
    let p = source(sql);
    assert_eq!(one(&p, SqlProblemKind::Syntax).span, at(sql, "DEFAULT"));
    assert_eq!(one(&p, SqlProblemKind::BadFieldType).span, at(sql, "bool"));
    let sql = "CREATE STREAM s (a bigint, A string) WITH ()";
    assert_eq!(
        one(&source(sql), SqlProblemKind::DuplicateField).span,
        at(sql, "A string").start..at(sql, "A string").start + 1
    );
}

#[test]
fn ddl_option_problems() {
    let sql = "CREATE STREAM s () WITH (DATASOURCE=\"x\", FORMATT=\"json\")";
    let p = one(&source(sql), SqlProblemKind::UnknownOption).clone();
    assert_eq!(p.span, at(sql, "FORMATT"));
    assert!(p.help.as_deref().unwrap_or("").contains("FORMAT"));
    let sql = "CREATE STREAM s () WITH (TYPE=\"a\", type=\"b\")";
    assert_eq!(
        one(&source(sql), SqlProblemKind::DuplicateOption).span,
        at(sql, "type")
    );
    let sql = "CREATE STREAM s () WITH (SHARED=\"yes\")";
    assert_eq!(
        one(&source(sql), SqlProblemKind::BadOptionValue).span,
        at(sql, "\"yes\"")
    );
    let sql = "CREATE STREAM s () WITH (FORMAT='json')";
    assert_eq!(
        one(&source(sql), SqlProblemKind::BadOptionValue).span,
        at(sql, "'json'")
    );
    let sql = "CREATE STREAM s () WITH (FORMAT=\"custom\")";
    assert_eq!(
        one(&source(sql), SqlProblemKind::BadOptionValue).span,
        at(sql, "\"custom\"")
    );
    let sql = "CREATE STREAM s () WITH (KIND=\"lookup\")";
    assert_eq!(
        one(&source(sql), SqlProblemKind::OptionNotForKind).span,
        at(sql, "KIND")
    );
    let sql = "CREATE STREAM s () WITH (DATASOURCE=\"x\" FORMAT=\"json\")";
    assert_eq!(
        one(&source(sql), SqlProblemKind::MissingOptionComma).span,
        at(sql, "FORMAT")
    );
    let sql = "CREATE STREAM s (ts bigint) WITH (TIMESTAMP=\"tss\")";
    let p = one(&source(sql), SqlProblemKind::TimestampFieldMissing).clone();
    assert_eq!(p.span, at(sql, "\"tss\""));
    assert!(p.help.as_deref().unwrap_or("").contains("`ts`"));
    let sql = "CREATE TABLE t (a bigint) WITH (TYPE=\"memory\", KIND=\"lookup\")";
    assert_eq!(
        one(&source(sql), SqlProblemKind::OptionConflict).span,
        at(sql, "t (").start..at(sql, "t (").start + 1
    );
}

#[test]
fn ddl_syntax_messages_quote_ekuiper() {
    let sql = "CREATE STREAM demo (NAME string) WITHs (DATASOURCE=\"users\")";
    let p = one(&source(sql), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, at(sql, "WITHs"));
    assert!(p
        .help
        .as_deref()
        .unwrap_or("")
        .contains("found \"WITHS\", expected is with."));
    // trailing comma after the last field is accepted
    clean(&source(
        "CREATE STREAM demo (a bigint,\n) WITH (DATASOURCE=\"x\");",
    ));
}

#[test]
fn go_string_escapes() {
    assert_eq!(
        prepass::unquote_go("a\\\"b\\n\\u00e9\\101", '"').as_deref(),
        Ok("a\"b\né\u{41}")
    );
    assert!(prepass::unquote_go("\\1)", '"').is_err());
    assert!(prepass::unquote_go("\\'", '"').is_err());
    assert_eq!(prepass::unquote_go("\\'", '\'').as_deref(), Ok("'"));
}

#[test]
fn json_validator() {
    use crate::bundle::json::is_valid;
    assert!(is_valid("{\"a\": [1, 2.5e3, true, null, \"x\\u0041\"]}"));
    assert!(is_valid(" 12 "));
    assert!(!is_valid("{bad"));
    assert!(!is_valid("[1,]"));
    assert!(!is_valid("{} {}"));
}

#[test]
fn catalog_is_loaded() {
    assert!(functions::count() > 190);
    let lag = functions::lookup("LAG").expect("lag");
    assert_eq!(lag.kind, functions::FunctionKind::Analytic);
    assert_eq!((lag.min_args, lag.max_args), (1, Some(4)));
}

#[test]
fn struct_members_are_checked() {
    clean(&rule("SELECT dev->name, dev.loc.lat, nested.dev->loc->lon, readings[0]->v, readings[1:2]->v FROM nested"));
    let sql = "SELECT dev->loc->latt FROM nested";
    let p = one(&rule(sql), SqlProblemKind::UnknownField).clone();
    assert_eq!(p.span, at(sql, "latt"));
    assert!(p.message.contains("`lat`"), "{}", p.message);
    let sql = "SELECT readings[0]->w FROM nested";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::UnknownField).span,
        at(sql, "w FROM").start..at(sql, "w FROM").start + 1
    );
}

#[test]
fn lookup_joins() {
    clean(&rule(
        "SELECT * FROM loose INNER JOIN lk ON loose.id = lk.id",
    ));
    let sql = "SELECT * FROM loose INNER JOIN lk ON loose.id > lk.id";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::LookupJoin).span,
        at(sql, "lk")
    );
    let sql = "SELECT * FROM lk INNER JOIN loose ON loose.id = lk.id";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::LookupJoin).span,
        at(sql, "lk")
    );
}

#[test]
fn double_quoted_field_names() {
    let sql = "SELECT temperature FROM demo WHERE \"humidity\" > 3";
    let p = one(&rule(sql), SqlProblemKind::DoubleQuotedField).clone();
    assert_eq!(p.span, at(sql, "\"humidity\""));
    assert_eq!(p.severity_hint, Severity::Warning);
    // strings that are not field names are fine
    clean(&rule(
        "SELECT temperature FROM demo WHERE deviceId = \"dev1\"",
    ));
}

#[test]
fn reserved_words_get_backtick_help() {
    let sql = "SELECT end FROM loose";
    let p = one(&rule(sql), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, 7..10);
    assert!(
        p.help.as_deref().unwrap_or("").contains("backticks"),
        "{p:?}"
    );
    let sql = "SELECT a AS limit FROM loose";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::Syntax).span,
        at(sql, "limit")
    );
    let sql = "SELECT a->filter FROM loose";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::Syntax).span,
        at(sql, "filter")
    );
    clean(&rule("SELECT `end`, timestamp, `values` FROM loose"));
}

#[test]
fn ddl_reserved_names() {
    let sql = "CREATE STREAM s (end bigint, `limit` bigint, st STRUCT(filter string)) WITH ()";
    let p: Vec<_> = source(sql)
        .into_iter()
        .filter(|p| p.kind == SqlProblemKind::Syntax)
        .collect();
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].span, at(sql, "end"));
    assert_eq!(p[1].span, at(sql, "filter"));
}

#[test]
fn spans_survive_crlf_tabs_and_astral_chars() {
    let sql = "SELECT `😀`,\r\n\tabss(1)\r\nFROM loose";
    let p = one(&rule(sql), SqlProblemKind::UnknownFunction).clone();
    assert_eq!(&sql[p.span.clone()], "abss");
    assert_eq!(p.span, 17..21);
}

#[test]
fn windows_of_every_kind() {
    for (sql, kind) in [
        (
            "SELECT count(*) FROM demo GROUP BY SESSIONWINDOW(mi, 2, 1)",
            WindowKind::Session,
        ),
        (
            "SELECT count(*) FROM demo GROUP BY STATEWINDOW(humidity > 1, humidity < 0)",
            WindowKind::State,
        ),
        (
            "SELECT count(*) FROM demo GROUP BY countwindow(5)",
            WindowKind::Count,
        ),
        (
            "SELECT count(*) FROM demo GROUP BY SlidingWindow(ms, 5, 2)",
            WindowKind::Sliding,
        ),
    ] {
        let (info, problems) = check_rule_sql(sql, &catalog());
        clean(&problems);
        assert_eq!(
            info.and_then(|i| i.window).map(|w| w.kind),
            Some(kind),
            "{sql}"
        );
    }
    let sql = "SELECT count(*) FROM demo GROUP BY TUMBLINGWINDOW(ss, 1), COUNTWINDOW(2)";
    assert_eq!(
        one(&rule(sql), SqlProblemKind::WindowMisplaced).span,
        at(sql, "COUNTWINDOW(2)")
    );
}

#[test]
fn source_sql_must_be_one_create() {
    let (_, _, p) = check_source_sql("SELECT * FROM demo");
    assert_eq!(one(&p, SqlProblemKind::StatementCount).span, 0..18);
    let sql = "CREATE STREAM a () WITH (); CREATE STREAM b () WITH ()";
    let (st, _, p) = check_source_sql(sql);
    assert_eq!(st.map(|s| s.name), Some("a".to_string()));
    assert_eq!(
        one(&p, SqlProblemKind::StatementCount).span,
        at(sql, "CREATE STREAM b () WITH ()")
    );
}

#[test]
fn rule_sql_must_be_a_select() {
    let sql = "CREATE STREAM a () WITH ()";
    let p = one(&rule(sql), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, 0..6);
    let p = one(&rule("SELECTname FROM tbl"), SqlProblemKind::Syntax).clone();
    assert_eq!(p.span, 0..10);
    one(&rule("  "), SqlProblemKind::StatementCount);
}
