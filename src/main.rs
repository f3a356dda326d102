use std::process::ExitCode;

/// Parsing allocates many small nodes; mimalloc handles that faster than the system allocator
/// (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use kuiperlint::cli::{run, Cli};

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let code = run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// mimalloc asks the kernel for transparent huge pages, so every 2 MiB page the process touches
/// counts whole: a 10-rule bundle peaked at 33 MB, a 10,000-rule one at 66 MB, twice what they
/// use. Without them: 20 and 43 MB, for 3% more time (docs/performance.md). A process-wide switch
/// that the kernel checks at every page fault, so it also covers what mimalloc mapped before
/// `main`.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours; on a
    // kernel without it, the call fails and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
