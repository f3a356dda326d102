//! Conformance with eKuiper's own SQL: the rule SELECTs of its SQL reference docs and of its
//! rule tests (internal/topo/topotest) at v2.4.0 (`tests/conformance/ekuiper-sql.jsonl`, made by
//! `tests/conformance/extract.py` from the mirror, each case with its `path:line@v2.4.0`). Without their
//! streams, unknown streams and fields are left aside; any other error is a false error, unless
//! listed in `KNOWN` with the reason. docs/conformance.md gives the figures.

use kuiperlint::analysis::sql::{check_rule_sql, EmptyCatalog, SqlProblemKind};
use kuiperlint::diagnostic::Severity;

/// Cases we knowingly report an error on, by id, with the reason.
const KNOWN: &[(&str, &str)] = &[
    (
        "docs/en_US/sqls/json_expr.md:144@v2.4.0",
        "two statements compared with `==` in prose",
    ),
    (
        "docs/en_US/sqls/lexical_elements.md:25@v2.4.0",
        "two statements in one block without `;`",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:24@v2.4.0",
        "a syntax template of the reference, not a statement",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:50@v2.4.0",
        "a syntax template of the reference, not a statement (`column_name2...`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:65@v2.4.0",
        "a syntax template of the reference, not a statement (`column_name2...`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:158@v2.4.0",
        "a syntax template of the reference, not a statement (`column_name(s)`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:175@v2.4.0",
        "a syntax template of the reference, not a statement (`column_name(s)`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:194@v2.4.0",
        "a syntax template of the reference, not a statement (`column_name(s)`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:214@v2.4.0",
        "CROSS OUTER JOIN: parseJoins wants JOIN after CROSS (internal/xsql/parser.go:303@v2.4.0); the docs are wrong",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:224@v2.4.0",
        "CROSS OUTER JOIN: parseJoins wants JOIN after CROSS (internal/xsql/parser.go:303@v2.4.0); the docs are wrong",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:375@v2.4.0",
        "a syntax template of the reference, not a statement (`column2, ...`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:408@v2.4.0",
        "a syntax template of the reference, not a statement (`column_name(s)`)",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:442@v2.4.0",
        "HAVING `a > 10` outside an aggregate: eKuiper refuses it (allAggregate, internal/topo/planner/analyzer.go:447@v2.4.0); the docs are wrong",
    ),
    (
        "docs/en_US/sqls/query_language_elements.md:477@v2.4.0",
        "a syntax template of the reference, not a statement (`column2, ...`)",
    ),
];

#[test]
fn documented_rule_sql_has_no_error() {
    let text = include_str!("conformance/ekuiper-sql.jsonl");
    let mut cases = 0;
    let mut unexpected = Vec::new();
    let mut known_clean = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        let sql = v["sql"].as_str().unwrap();
        cases += 1;
        let (_, problems) = check_rule_sql(sql, &EmptyCatalog);
        let errors: Vec<String> = problems
            .iter()
            .filter(|p| p.severity_hint == Severity::Error && p.before.is_none())
            .filter(|p| {
                !matches!(
                    p.kind,
                    SqlProblemKind::UnknownStream | SqlProblemKind::UnknownField
                )
            })
            .map(|p| format!("{:?} {}", p.kind, p.message))
            .collect();
        let known = KNOWN.iter().any(|(k, _)| *k == id);
        match (errors.is_empty(), known) {
            (false, false) => unexpected.push(format!("{id}: {sql}\n  {}", errors.join("\n  "))),
            (true, true) => known_clean.push(id.to_string()),
            _ => {}
        }
    }
    assert!(cases > 50, "only {cases} cases");
    assert!(
        unexpected.is_empty(),
        "{} of {cases} SELECTs of eKuiper get an error:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        known_clean.is_empty(),
        "no longer an error, drop from KNOWN: {known_clean:?}"
    );
    println!(
        "conformance: {cases} SELECTs of eKuiper, {} known exceptions, 0 unexpected errors",
        KNOWN.len()
    );
}
