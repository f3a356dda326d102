use std::process::ExitCode;

/// Parsing allocates many small nodes; mimalloc handles that faster than the system allocator
/// (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;

use clap::Parser;
use kuiperlint::cli::{run, Cli, Command};

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    // The language server's own writer thread writes standard output: this thread must not hold
    // its lock meanwhile (it would wait for it forever).
    let serves_stdio = matches!(cli.command, Command::Server);
    let mut out: Box<dyn Write> = if serves_stdio {
        Box::new(std::io::sink())
    } else {
        Box::new(std::io::stdout().lock())
    };
    let mut err = std::io::stderr().lock();
    let code = run(cli, &mut out, &mut err);
    // A failed flush is a closed pipe (`kuiperlint check ... | head`): nothing to report it to.
    let _ = out.flush();
    let _ = err.flush();
    exit_now(code)
}

/// Ends the process without the handlers registered to run at exit. The one that costs is the
/// allocator's: mimalloc, linked statically, walks and returns all the memory it holds when the
/// process exits, 4 ms of nothing after a 10,000-rule bundle (a tenth of the run on two threads,
/// docs/performance.md). Everything `run` wrote is flushed and its files are closed by then.
fn exit_now(code: u8) -> ExitCode {
    #[cfg(target_os = "linux")]
    // SAFETY: `_exit` ends the process at once; no Rust code runs after it that could observe
    // skipped destructors, and every buffered stream was flushed above.
    unsafe {
        libc::_exit(code.into())
    }
    #[cfg(not(target_os = "linux"))]
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
