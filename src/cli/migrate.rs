//! `kuiperlint migrate`: arguments and the command.

use std::collections::HashSet;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use rayon::prelude::*;

use super::{exit, worker_pool};
use crate::ekuiper::version::VersionRange;
use crate::engine::{expand_paths, read_input, Input, InputError};
use crate::migrate::output::{unified_diff, write_atomic_with};
use crate::migrate::summary::Summary;
use crate::migrate::{migrate_bytes, Format, MigrateOptions};

const MIGRATE_EXAMPLES: &str = "\
Examples:
  kuiperlint migrate old.json --to 2.4 > new.json
  kuiperlint migrate old.json --from 1.14 --to 2.4 --diff
  kuiperlint migrate exports/ --to 2.4 -o migrated/      # mirrors the tree under migrated/
  kuiperlint migrate exports/ --to 2.4 --in-place
  kuiperlint migrate exports/ --to 2.4 --check           # CI: exit 1 if anything would change
  kuiperlint migrate export.yaml --to 2.4 --output-format json > bundle.json
  kuiperlint migrate old.json --to 2.4 --output-format yaml -o yaml/  # writes yaml/old.yaml
  kuiperlint explain M011                                # what a migration does

Without --from, the source version is guessed from the bundle (docs/migration.md).
Directories and many files are migrated in parallel (--jobs); reports come in input order and a
summary (files changed/unchanged/failed, changes and warnings per migration) ends on stderr.
Exit codes: 0 done (or nothing to change), 1 --check found something to change,
2 some input could not be read, migrated or written (the others are still processed).";

#[derive(Debug, Args)]
#[command(after_help = MIGRATE_EXAMPLES)]
pub struct MigrateArgs {
    /// Bundles (*.json, 2.x *.yaml/*.yml), directories of them, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The eKuiper version to migrate to: a line (`2.4`: every 2.4.x) or a release (`2.0.1`).
    #[arg(long, value_name = "VERSION", value_parser = parse_range)]
    pub to: VersionRange,
    /// The version the bundles were written for (default: guessed from each bundle).
    #[arg(long, value_name = "VERSION", value_parser = parse_range)]
    pub from: Option<VersionRange>,
    /// Write nothing; exit with 1 when some file would change.
    #[arg(long)]
    pub check: bool,
    /// Print a unified diff of each change to standard output.
    #[arg(long)]
    pub diff: bool,
    /// Report what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the migrated files under DIR, mirroring the input tree.
    #[arg(
        long = "output-dir",
        short = 'o',
        value_name = "DIR",
        conflicts_with = "in_place"
    )]
    pub output_dir: Option<PathBuf>,
    /// Replace each file by its migrated version (atomically; permissions kept).
    #[arg(long, conflicts_with_all = ["check", "dry_run"])]
    pub in_place: bool,
    /// Print no line per change: only failures and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Write this format (default: each file's own). YAML needs a target of 2.0 or later; with
    /// -o the file extension follows the format.
    #[arg(long, value_name = "FORMAT")]
    pub output_format: Option<Format>,
    /// Number of files migrated in parallel (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// The report's format: `human` lines, or one `json` document (docs/migration.md) for
    /// batches driven by a script.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

/// How `migrate` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
}

fn parse_range(s: &str) -> Result<VersionRange, String> {
    s.parse()
}

/// One file to migrate and where it sits below its input root (for `-o`).
struct Job {
    input: Input,
    relative: PathBuf,
    /// Found by walking a directory (not named on the command line): a file there that is not
    /// a bundle is skipped, not failed.
    walked: bool,
}

/// The files to migrate under `paths`. A directory's walk leaves out `output_dir`: a second
/// `migrate . -o out/` must not migrate the first one's output into `out/out/`.
fn jobs(paths: &[PathBuf], output_dir: Option<&Path>, errors: &mut Vec<String>) -> Vec<Job> {
    let output_dir = output_dir.and_then(|d| d.canonicalize().ok());
    let in_output = |file: &Path| {
        output_dir
            .as_ref()
            .is_some_and(|d| file.canonicalize().is_ok_and(|f| f.starts_with(d)))
    };
    let mut jobs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            jobs.push(Job {
                input: Input::Stdin,
                relative: PathBuf::from("stdin.json"),
                walked: false,
            });
            continue;
        }
        // Directories also hold SQL files and etc/ configs; only bundles are migrated.
        let (inputs, errs) =
            expand_paths(std::slice::from_ref(path), &["json", "yaml", "yml"], &[]);
        errors.extend(
            errs.into_iter()
                .map(|e| format!("{}: {}", e.name, e.message)),
        );
        let is_dir = path.is_dir();
        for input in inputs {
            let Input::File(file) = &input else { continue };
            if is_dir && in_output(file) {
                continue;
            }
            let relative = if is_dir {
                file.strip_prefix(path).unwrap_or(file).to_path_buf()
            } else {
                PathBuf::from(file.file_name().unwrap_or(file.as_os_str()))
            };
            jobs.push(Job {
                input,
                relative,
                walked: is_dir,
            });
        }
    }
    jobs
}

/// How every file of a run is handled, decided once.
struct Plan {
    options: MigrateOptions,
    /// Print the migrated bundle (one input, no other mode).
    to_stdout: bool,
    diff: bool,
    /// Write files (`-o` or `--in-place`, without `--check`/`--dry-run`).
    write: bool,
    output_dir: Option<PathBuf>,
}

/// What became of one input; computed on a worker thread, printed in input order.
struct FileResult {
    /// The report: header, guess, one line per change, `wrote ...`.
    report: Vec<String>,
    /// The unified diff (`--diff`).
    diff: String,
    /// The migrated bundle (stdout mode).
    output: Option<String>,
    /// Why the file failed (it is then counted as failed, not as changed or unchanged).
    failure: Option<String>,
    summary: Summary,
    /// The file's record for `--format json` (None for a failed or skipped input).
    record: Option<serde_json::Value>,
}

impl FileResult {
    fn skipped(line: String) -> Self {
        FileResult {
            report: vec![line],
            diff: String::new(),
            output: None,
            failure: None,
            summary: Summary::skip(),
            record: None,
        }
    }

    fn failed(message: String) -> Self {
        FileResult {
            report: Vec::new(),
            diff: String::new(),
            output: None,
            failure: Some(message),
            summary: Summary::failure(),
            record: None,
        }
    }
}

pub fn run(args: MigrateArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let mut failures: Vec<String> = Vec::new();
    let jobs = jobs(&args.paths, args.output_dir.as_deref(), &mut failures);
    let writes_files = args.output_dir.is_some() || args.in_place;
    let to_stdout = !writes_files && !args.check && !args.diff && !args.dry_run;
    if to_stdout && jobs.len() > 1 {
        writeln!(
            err,
            "kuiperlint: {} files: use -o DIR or --in-place to write them (or --check, --diff, --dry-run)",
            jobs.len()
        )?;
        return Ok(exit::ERROR);
    }
    if jobs.is_empty() && failures.is_empty() {
        writeln!(
            err,
            "kuiperlint: no *.json or *.yaml files found under the given paths"
        )?;
        return Ok(exit::ERROR);
    }
    let Some(pool) = worker_pool(args.jobs, err)? else {
        return Ok(exit::ERROR);
    };
    let write = writes_files && !args.dry_run && !args.check;
    // The report goes where the data does not; the summary always goes to stderr.
    let report_to_err = to_stdout || args.diff;
    let plan = Plan {
        options: MigrateOptions {
            from: args.from,
            to: args.to,
            output_format: args.output_format,
        },
        to_stdout,
        diff: args.diff,
        write,
        output_dir: args.output_dir.clone(),
    };
    // Two inputs must not write the same file: the first (in input order) wins, decided before
    // the parallel part so that the outcome does not depend on timing.
    let mut outputs_seen: HashSet<PathBuf> = HashSet::new();
    let duplicate: Vec<bool> = jobs
        .iter()
        .map(|job| target_of(&plan, job).is_some_and(|t| !outputs_seen.insert(t)))
        .collect();
    // Standard input can only be read once and only from this thread: read it first.
    let stdin = jobs
        .iter()
        .any(|j| j.input == Input::Stdin)
        .then(|| read_input(&Input::Stdin));
    let progress = jobs.len() > 1 && std::io::stderr().is_terminal();
    let results = run_parallel(&pool, jobs.len(), progress.then_some(&mut *err), |i| {
        migrate_one(&plan, &jobs[i], stdin.as_ref(), duplicate[i])
    })?;

    // Buffered: a batch reports thousands of lines, and stdout is line-buffered.
    let mut out = BufWriter::new(out);
    let mut err = BufWriter::new(err);
    let mut summary = Summary::default();
    let mut file_failures = Vec::new();
    let json = args.format == ReportFormat::Json;
    let mut records = Vec::new();
    for r in results {
        if plan.diff {
            write!(out, "{}", r.diff)?;
        }
        if let Some(output) = &r.output {
            out.write_all(output.as_bytes())?;
        }
        let sink: &mut dyn Write = if report_to_err { &mut err } else { &mut out };
        if !args.quiet && !json {
            for line in &r.report {
                writeln!(sink, "{line}")?;
            }
        }
        records.extend(r.record);
        summary.merge(&r.summary);
        file_failures.extend(r.failure);
    }
    // Paths that could not be expanded count as failed inputs too.
    summary.failed += failures.len();
    failures.extend(file_failures);
    for f in &failures {
        writeln!(err, "kuiperlint: {f}")?;
    }
    if json {
        // Where the human report would go: standard error when standard output carries bundles.
        let sink: &mut dyn Write = if report_to_err { &mut err } else { &mut out };
        let doc = crate::report::migrate::document(records, &failures, &summary);
        writeln!(
            sink,
            "{}",
            serde_json::to_string_pretty(&doc).unwrap_or_default()
        )?;
    } else if jobs.len() > 1 || !failures.is_empty() {
        let verb = if write { "changed" } else { "would change" };
        write!(err, "{}", crate::report::migrate::summary(&summary, verb))?;
    }
    out.flush()?;
    err.flush()?;
    Ok(if !failures.is_empty() {
        exit::ERROR
    } else if args.check && summary.changed > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// Runs `f(0)`, …, `f(n - 1)` on `pool` and returns the results in index order. With
/// `progress`, this thread draws a progress line there while the workers run.
fn run_parallel<T: Send>(
    pool: &rayon::ThreadPool,
    n: usize,
    progress: Option<&mut dyn Write>,
    f: impl Fn(usize) -> T + Sync,
) -> std::io::Result<Vec<T>> {
    let Some(sink) = progress else {
        return Ok(pool.install(|| (0..n).into_par_iter().map(&f).collect()));
    };
    let (tx, rx) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let f = &f;
        let workers = scope.spawn(move || {
            pool.install(|| {
                (0..n)
                    .into_par_iter()
                    .map(|i| {
                        let r = f(i);
                        let _ = tx.send(());
                        r
                    })
                    .collect::<Vec<T>>()
            })
            // `tx` is dropped here, which ends the loop below.
        });
        let mut bar = Progress::new(n);
        let drawn = (|| {
            for () in rx {
                bar.tick(sink)?;
            }
            bar.clear(sink)
        })();
        let results = workers
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        drawn.map(|()| results)
    })
}

/// A one-line progress indicator (`migrating 412/1000`) redrawn in place with `\r`, at most
/// ten times a second, for a terminal only.
struct Progress {
    total: usize,
    done: usize,
    last: Option<Instant>,
}

impl Progress {
    const EVERY: Duration = Duration::from_millis(100);

    fn new(total: usize) -> Self {
        Progress {
            total,
            done: 0,
            last: None,
        }
    }

    fn tick(&mut self, sink: &mut dyn Write) -> std::io::Result<()> {
        self.done += 1;
        let due = self.last.is_none_or(|t| t.elapsed() >= Self::EVERY);
        if !due && self.done < self.total {
            return Ok(());
        }
        self.last = Some(Instant::now());
        write!(sink, "\r\x1b[Kmigrating {}/{}", self.done, self.total)?;
        sink.flush()
    }

    /// Erases the line, so the report and summary start on a clean one.
    fn clear(&self, sink: &mut dyn Write) -> std::io::Result<()> {
        if self.last.is_some() {
            write!(sink, "\r\x1b[K")?;
            sink.flush()?;
        }
        Ok(())
    }
}

/// The file a job would write (an in-place job writes only when something changed).
fn target_of(plan: &Plan, job: &Job) -> Option<PathBuf> {
    if !plan.write {
        return None;
    }
    match (&plan.output_dir, &job.input) {
        (Some(dir), _) => {
            let relative = match plan.options.output_format {
                Some(f) if Format::from_name(&job.relative.to_string_lossy()) != Some(f) => {
                    job.relative.with_extension(f.extension())
                }
                _ => job.relative.clone(),
            };
            Some(dir.join(relative))
        }
        (None, Input::File(p)) => Some(p.clone()),
        (None, Input::Stdin) => None,
    }
}

/// Reads, migrates and (when asked) writes one input.
fn migrate_one(
    plan: &Plan,
    job: &Job,
    stdin: Option<&Result<Vec<u8>, InputError>>,
    duplicate: bool,
) -> FileResult {
    let name = job.input.display_name();
    let bytes = match (&job.input, stdin) {
        (Input::Stdin, Some(Ok(b))) => b.clone(),
        (Input::Stdin, Some(Err(e))) => {
            return FileResult::failed(format!("{}: {}", e.name, e.message))
        }
        _ => match read_input(&job.input) {
            Ok(b) => b,
            Err(e) => return FileResult::failed(format!("{}: {}", e.name, e.message)),
        },
    };
    if let (Some(f), None, Input::File(_)) =
        (plan.options.output_format, &plan.output_dir, &job.input)
    {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
        if plan.write && Format::of(&name, &head) != f {
            return FileResult::failed(format!(
                "{name}: --in-place would write {} into this file; use -o DIR to convert between formats",
                f.extension().to_uppercase()
            ));
        }
    }
    let outcome = match migrate_bytes(&name, bytes, &plan.options) {
        Ok(o) => o,
        Err(e) if e.not_a_bundle && job.walked => {
            return FileResult::skipped(format!("{name}: skipped: {}", e.message))
        }
        Err(e) => return FileResult::failed(e.to_string()),
    };
    let mut result = FileResult {
        report: crate::report::migrate::file_report(&outcome),
        diff: String::new(),
        output: None,
        failure: None,
        summary: Summary::of(&outcome),
        record: None,
    };
    let mut wrote = None;
    if plan.diff {
        result.diff = unified_diff(&name, &name, &outcome.source.text, &outcome.edits);
    }
    if plan.write {
        let target = match (&plan.output_dir, &job.input) {
            (None, Input::Stdin) => {
                result.failure = Some(format!(
                    "{name}: --in-place needs a file, not standard input"
                ));
                None
            }
            (None, Input::File(_)) if !outcome.changed() => None,
            _ => target_of(plan, job),
        };
        if let Some(target) = target {
            if duplicate {
                result.failure = Some(format!(
                    "{name}: {} is already the output of another input; not overwritten",
                    target.display()
                ));
            } else {
                match write_file(&target, outcome.output.as_bytes()) {
                    Ok(()) => {
                        result
                            .report
                            .push(format!("{name}: wrote {}", target.display()));
                        wrote = Some(target.display().to_string());
                    }
                    Err(e) => {
                        result.failure = Some(format!(
                            "{name}: cannot write {}: {e}; the original is unchanged",
                            target.display()
                        ))
                    }
                }
            }
        }
        if result.failure.is_some() {
            result.summary = Summary::failure();
        }
    }
    if result.failure.is_none() {
        result.record = Some(crate::report::migrate::file_record(
            &outcome,
            wrote.as_deref(),
        ));
    }
    if plan.to_stdout {
        result.output = Some(outcome.output);
    }
    result
}

/// Writes one output atomically. Replacing an existing file (`--in-place`, or `-o` over an
/// earlier output or into the input folder) is also flushed to disk; a new file under `-o` is
/// not (its input is still there), which keeps a batch from being bound by `fsync`.
fn write_file(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let replaces = std::fs::symlink_metadata(target).is_ok();
    write_atomic_with(target, bytes, replaces)
}
