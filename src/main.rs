use std::process::ExitCode;

/// Parsing allocates many small nodes; mimalloc handles that faster than the system allocator
/// (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use kuiperlint::cli::{run, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
