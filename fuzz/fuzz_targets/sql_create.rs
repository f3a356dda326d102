//! The SQL dialect, CREATE side: any text checked as a bundle's stream/table entry and parsed
//! as `;`-separated statements. No panic, and every span (problems, the statement, its name,
//! fields and options) lies in the text.

#![no_main]

use kuiperlint::analysis::sql::{check_source_sql, parse_statements, Statement};
use kuiperlint_fuzz::assert_range;
use libfuzzer_sys::fuzz_target;

fn assert_source(sql: &str, s: &kuiperlint::analysis::sql::SourceStmt) {
    assert_range(sql, s.span.clone(), "statement");
    assert_range(sql, s.name_span.clone(), "name");
    for f in s.fields.iter().flatten() {
        assert_range(sql, f.name_span.clone(), "field name");
        assert_range(sql, f.ty_span.clone(), "field type");
    }
    for o in &s.options {
        assert_range(sql, o.key_span.clone(), "option key");
        assert_range(sql, o.value_span.clone(), "option value");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    let (stmt, _is_table, problems) = check_source_sql(sql);
    for p in &problems {
        assert_range(sql, p.span.clone(), "problem");
    }
    if let Some(s) = &stmt {
        assert_source(sql, s);
    }
    let (statements, problems) = parse_statements(sql);
    for p in &problems {
        assert_range(sql, p.span.clone(), "statements problem");
    }
    for s in &statements {
        match s {
            Statement::CreateStream(s) | Statement::CreateTable(s) => assert_source(sql, s),
            Statement::Other(o) => assert_range(sql, o.span.clone(), "other statement"),
            Statement::Select(_) => {}
        }
    }
});
