//! The stages of `check` on one generated bundle, and the whole: load with spans, SQL parse and
//! check, schema validation, cross-references. Run: `cargo bench --bench check`.
//! Numbers: docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kuiperlint::analysis::configs::ConfigAnalysis;
use kuiperlint::analysis::dependencies::BundleGraph;
use kuiperlint::analysis::sql::file::SqlAnalysis;
use kuiperlint::bundle::{LoadedFile, SourceFile};
use kuiperlint::ekuiper::version::Version;
use kuiperlint::engine::{check_bytes, CheckOptions};
use std::hint::black_box;

#[path = "../examples/gen_bundle/generate.rs"]
mod generate;

fn check(c: &mut Criterion) {
    let rules = 2_000;
    let text = generate::bundle(rules, 3);
    let file = LoadedFile::parse(SourceFile::new("bench.json", text.clone()));
    let bundles = file.bundles();
    let sql = SqlAnalysis::of_bundles(&bundles, &[]);
    let mut g = c.benchmark_group("check_2000_rules");
    g.sample_size(20);
    g.throughput(Throughput::Elements(rules as u64));
    g.bench_function("load_with_source_maps", |b| {
        b.iter(|| {
            let f = LoadedFile::parse(SourceFile::new("bench.json", black_box(text.clone())));
            black_box(f.bundles().len())
        })
    });
    g.bench_function("sql_parse_and_check", |b| {
        b.iter(|| {
            black_box(
                SqlAnalysis::of_bundles(black_box(&bundles), &[])
                    .units
                    .len(),
            )
        })
    });
    g.bench_function("schema_validation", |b| {
        b.iter(|| {
            black_box(
                ConfigAnalysis::of_bundles(black_box(&bundles), Version::newest())
                    .findings
                    .len(),
            )
        })
    });
    g.bench_function("cross_reference_graph", |b| {
        b.iter(|| black_box(BundleGraph::build(black_box(&bundles), &sql).nodes.len()))
    });
    g.bench_function("whole_check", |b| {
        b.iter(|| {
            black_box(check_bytes(
                "bench.json".into(),
                black_box(text.as_bytes().to_vec()),
                &CheckOptions::default(),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
