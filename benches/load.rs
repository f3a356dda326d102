//! Loading cost: our span-keeping loader (outer JSON, then every encoded string decoded and
//! parsed with its source map) against plain `serde_json::from_slice::<Value>` of the same bytes.
//! Run: `cargo bench --bench load`. Numbers: docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kuiperlint::bundle::{json, LoadedFile, SourceFile};
use kuiperlint::engine::{check_bytes, CheckOptions};
use std::hint::black_box;

#[path = "../examples/gen_bundle/generate.rs"]
mod generate;

fn load(c: &mut Criterion) {
    let text = generate::bundle(2_000, 7);
    let bytes = text.as_bytes();
    let mut g = c.benchmark_group("load_2000_rules");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("serde_json_value_outer_only", |b| {
        b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap()))
    });
    g.bench_function("serde_json_value_outer_and_nested", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(bytes)).unwrap();
            let mut n = 0usize;
            for section in v.as_object().unwrap().values() {
                for s in section
                    .as_object()
                    .unwrap()
                    .values()
                    .filter_map(|s| s.as_str())
                {
                    if let Ok(inner) = serde_json::from_str::<serde_json::Value>(s) {
                        n += inner.is_object() as usize;
                    }
                }
            }
            black_box(n)
        })
    });
    // The best-kept spanned, tolerant JSON crate we weighed: spans and comments, but it stops at
    // the first error and keeps no escape offsets (see the comment in src/bundle/json.rs).
    g.bench_function("jsonc_parser_ast_outer_only", |b| {
        let collect = jsonc_parser::CollectOptions::default();
        let parse = jsonc_parser::ParseOptions::default();
        b.iter(|| {
            black_box(jsonc_parser::parse_to_ast(black_box(&text), &collect, &parse).unwrap())
        })
    });
    g.bench_function("kuiperlint_outer_only", |b| {
        b.iter(|| black_box(json::parse(black_box(&text))))
    });
    g.bench_function("kuiperlint_outer_and_nested", |b| {
        b.iter(|| {
            let file = LoadedFile::parse(SourceFile::new("bench.json", black_box(text.clone())));
            let n: usize = file
                .bundles()
                .iter()
                .map(|b| b.entries().filter(|e| e.json.is_some()).count())
                .sum();
            black_box(n)
        })
    });
    g.bench_function("kuiperlint_check_bundle_lints", |b| {
        b.iter(|| {
            black_box(check_bytes(
                "bench.json".into(),
                black_box(bytes.to_vec()),
                &CheckOptions::default(),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
