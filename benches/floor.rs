//! The floor: the least work any linter built on our crates must do on a bundle — decode the
//! outer JSON and every nested JSON string with serde_json, and parse every SQL statement with
//! sqlparser's stock GenericDialect. `benches/compare.sh` times it beside `kuiperlint check`.
//!
//! Run: `cargo run --release --example floor -- bundle.json`

use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: floor BUNDLE.json");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("floor: {path}: {e}");
        std::process::exit(2);
    });
    let bundle: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    let (mut statements, mut rejected) = (0usize, 0usize);
    let mut parse = |sql: &str| {
        statements += 1;
        rejected += usize::from(Parser::parse_sql(&GenericDialect {}, sql).is_err());
    };
    for (section, entries) in bundle.as_object().into_iter().flatten() {
        for text in entries
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(_, v)| v.as_str())
        {
            match section.as_str() {
                "streams" | "tables" => parse(text),
                _ => {
                    let inner: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
                    if let Some(sql) = inner.get("sql").and_then(|s| s.as_str()) {
                        parse(sql);
                    }
                }
            }
        }
    }
    println!("{statements} statements ({rejected} rejected by the generic dialect)");
}
