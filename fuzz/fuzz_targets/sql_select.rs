//! The SQL dialect, SELECT side: any text checked as a rule's SQL (against a catalog with a
//! stream, a table and a lookup table, so name and field resolution run too) and as a `.sql`
//! file. No panic, no overflow of the stack, and every problem's span lies in the text.

#![no_main]

use std::sync::OnceLock;

use kuiperlint::analysis::sql::{check_rule_sql, check_source_sql, check_sql_file, MapCatalog};
use kuiperlint_fuzz::assert_range;
use libfuzzer_sys::fuzz_target;

const SOURCES: [&str; 3] = [
    r#"CREATE STREAM demo (room STRING, temperature FLOAT, ts BIGINT, tags ARRAY(STRING), pos STRUCT(x FLOAT, y FLOAT)) WITH (DATASOURCE="demo", FORMAT="json", TIMESTAMP="ts")"#,
    r#"CREATE STREAM raw () WITH (DATASOURCE="raw", FORMAT="binary")"#,
    r#"CREATE TABLE rooms (room STRING, floor BIGINT) WITH (DATASOURCE="rooms", TYPE="memory", KIND="lookup", KEY="room")"#,
];

fn catalog() -> &'static MapCatalog {
    static CATALOG: OnceLock<MapCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut c = MapCatalog::new();
        for s in SOURCES {
            c.extend(check_source_sql(s).0);
        }
        assert_eq!(c.len(), SOURCES.len());
        c
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    let (info, problems) = check_rule_sql(sql, catalog());
    for p in &problems {
        assert_range(sql, p.span.clone(), "rule problem");
    }
    if let Some(info) = info {
        assert_range(sql, info.span.clone(), "select");
        for r in info
            .field_refs
            .iter()
            .map(|f| f.span.clone())
            .chain(info.dimensions.clone())
        {
            assert_range(sql, r, "field or dimension");
        }
        if let Some(w) = &info.window {
            assert_range(sql, w.span.clone(), "window");
        }
        for s in &info.sources {
            assert_range(sql, s.name_span.clone(), "source name");
        }
        for f in &info.functions {
            assert_range(sql, f.span.clone(), "function");
            assert_range(sql, f.name_span.clone(), "function name");
        }
    }
    for p in check_sql_file(sql) {
        assert_range(sql, p.span, "file problem");
    }
});
