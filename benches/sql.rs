//! SQL cost: statements parsed and checked per second by kuiperlint, against sqlparser's own
//! parse of the same statements with its stock `GenericDialect` (the bare parse our checks sit
//! on). Run: `cargo bench --bench sql`. Numbers: docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kuiperlint::analysis::sql::{check_rule_sql, check_source_sql, MapCatalog};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;
use std::hint::black_box;

#[path = "../examples/gen_bundle/generate.rs"]
mod generate;

/// The stream/table statements and the rule SELECTs of a generated bundle.
fn statements(rules: usize) -> (Vec<String>, Vec<String>) {
    let bundle: serde_json::Value = serde_json::from_str(&generate::bundle(rules, 11)).unwrap();
    let sources = ["streams", "tables"]
        .iter()
        .flat_map(|s| bundle[s].as_object().unwrap().values())
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let selects = bundle["rules"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| {
            let rule: serde_json::Value = serde_json::from_str(r.as_str().unwrap()).unwrap();
            rule["sql"].as_str().unwrap().to_string()
        })
        .collect();
    (sources, selects)
}

fn sql(c: &mut Criterion) {
    let (sources, selects) = statements(1_000);
    let mut catalog = MapCatalog::new();
    for s in &sources {
        if let (Some(stmt), _, _) = check_source_sql(s) {
            catalog.insert(stmt);
        }
    }
    let mut g = c.benchmark_group("rule_select_1000");
    g.throughput(Throughput::Elements(selects.len() as u64));
    g.bench_function("sqlparser_generic_parse", |b| {
        b.iter(|| {
            for s in &selects {
                // The generic dialect reads `"text"` as an identifier and may reject eKuiper
                // syntax; the parse work is what we measure.
                let _ = black_box(Parser::parse_sql(&GenericDialect {}, black_box(s)));
            }
        })
    });
    g.bench_function("kuiperlint_check_rule_sql", |b| {
        b.iter(|| {
            for s in &selects {
                black_box(check_rule_sql(black_box(s), &catalog));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("create_stream");
    g.throughput(Throughput::Elements(sources.len() as u64));
    g.bench_function("kuiperlint_check_source_sql", |b| {
        b.iter(|| {
            for s in &sources {
                black_box(check_source_sql(black_box(s)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, sql);
criterion_main!(benches);
