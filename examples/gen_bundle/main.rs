//! Writes a realistic, valid bundle to stdout: `cargo run --release --example gen_bundle --
//! --rules N --seed S > big.json`. Deterministic for a seed.

mod generate;

fn main() {
    let mut rules = 1_000usize;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().and_then(|v| v.parse::<u64>().ok());
        match (a.as_str(), value) {
            ("--rules", Some(v)) => rules = v as usize,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: gen_bundle [--rules N] [--seed S]");
                std::process::exit(2);
            }
        }
    }
    print!("{}", generate::bundle(rules, seed));
}
