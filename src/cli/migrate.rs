//! `kuiperlint migrate`: arguments and the command.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::exit;
use crate::bundle::FileKind;
use crate::check::{expand_paths, read_input, Input};
use crate::migrate::output::{unified_diff, write_atomic};
use crate::migrate::{migrate_bytes, MigrateOptions, Outcome, VersionRange};

const MIGRATE_EXAMPLES: &str = "\
Examples:
  kuiperlint migrate old.json --to 2.4 > new.json
  kuiperlint migrate old.json --from 1.14 --to 2.4 --diff
  kuiperlint migrate exports/ --to 2.4 -o migrated/      # mirrors the tree under migrated/
  kuiperlint migrate exports/ --to 2.4 --in-place
  kuiperlint migrate exports/ --to 2.4 --check           # CI: exit 1 if anything would change
  kuiperlint explain M011                                # what a migration does

Without --from, the source version is guessed from the bundle (docs/migration.md).
Exit codes: 0 done (or nothing to change), 1 --check found something to change,
2 some input could not be read, migrated or written (the others are still processed).";

#[derive(Debug, Args)]
#[command(after_help = MIGRATE_EXAMPLES)]
pub struct MigrateArgs {
    /// Bundles (*.json), directories of them, or `-` for standard input.
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
    #[arg(long)]
    pub in_place: bool,
}

fn parse_range(s: &str) -> Result<VersionRange, String> {
    s.parse()
}

/// One file to migrate and where it sits below its input root (for `-o`).
struct Job {
    input: Input,
    relative: PathBuf,
}

fn jobs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Job> {
    let mut jobs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            jobs.push(Job {
                input: Input::Stdin,
                relative: PathBuf::from("stdin.json"),
            });
            continue;
        }
        let (inputs, errs) = expand_paths(std::slice::from_ref(path));
        errors.extend(
            errs.into_iter()
                .map(|e| format!("{}: {}", e.name, e.message)),
        );
        let is_dir = path.is_dir();
        for input in inputs {
            let Input::File(file) = &input else { continue };
            let relative = if is_dir {
                // Directories hold bundles and SQL files; only bundles are migrated.
                if FileKind::from_name(&file.to_string_lossy()) == FileKind::Sql {
                    continue;
                }
                file.strip_prefix(path).unwrap_or(file).to_path_buf()
            } else {
                PathBuf::from(file.file_name().unwrap_or(file.as_os_str()))
            };
            jobs.push(Job { input, relative });
        }
    }
    jobs
}

pub fn run(args: MigrateArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let mut failures: Vec<String> = Vec::new();
    let jobs = jobs(&args.paths, &mut failures);
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
            "kuiperlint: no *.json files found under the given paths"
        )?;
        return Ok(exit::ERROR);
    }
    let write = writes_files && !args.dry_run && !args.check;
    // The report goes where the data does not.
    let report_to_err = to_stdout || args.diff;
    let options = MigrateOptions {
        from: args.from,
        to: args.to,
    };
    let mut outputs_seen: HashSet<PathBuf> = HashSet::new();
    let (mut changed, mut unchanged) = (0usize, 0usize);
    for job in &jobs {
        let name = job.input.display_name();
        let bytes = match read_input(&job.input) {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("{}: {}", e.name, e.message));
                continue;
            }
        };
        let outcome = match migrate_bytes(&name, bytes, &options) {
            Ok(o) => o,
            Err(e) => {
                failures.push(e.to_string());
                continue;
            }
        };
        let mut report = report_of(&outcome);
        if outcome.changed() {
            changed += 1;
        } else {
            unchanged += 1;
        }
        if args.diff {
            write!(
                out,
                "{}",
                unified_diff(&name, &name, &outcome.source.text, &outcome.edits)
            )?;
        }
        if to_stdout {
            out.write_all(outcome.output.as_bytes())?;
        }
        if write {
            let target = match (&args.output_dir, &job.input) {
                (Some(dir), _) => Some(dir.join(&job.relative)),
                (None, Input::File(p)) if outcome.changed() => Some(p.clone()),
                (None, Input::File(_)) => None,
                (None, Input::Stdin) => {
                    failures.push(format!(
                        "{name}: --in-place needs a file, not standard input"
                    ));
                    continue;
                }
            };
            if let Some(target) = target {
                if !outputs_seen.insert(target.clone()) {
                    failures.push(format!(
                        "{name}: {} is already the output of another input; not overwritten",
                        target.display()
                    ));
                    continue;
                }
                match write_file(&target, outcome.output.as_bytes()) {
                    Ok(()) => report.push(format!("{name}: wrote {}", target.display())),
                    Err(e) => {
                        failures.push(format!(
                            "{name}: cannot write {}: {e}; the original is unchanged",
                            target.display()
                        ));
                    }
                }
            }
        }
        let sink: &mut dyn Write = if report_to_err { err } else { out };
        for line in report {
            writeln!(sink, "{line}")?;
        }
    }
    for f in &failures {
        writeln!(err, "kuiperlint: {f}")?;
    }
    if jobs.len() > 1 || !failures.is_empty() {
        let sink: &mut dyn Write = if report_to_err { err } else { out };
        let verb = if write { "changed" } else { "would change" };
        writeln!(
            sink,
            "{} file{}: {changed} {verb}, {unchanged} unchanged, {} failed",
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" },
            failures.len()
        )?;
    }
    Ok(if !failures.is_empty() {
        exit::ERROR
    } else if args.check && changed > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

fn write_file(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    write_atomic(target, bytes)
}

/// The report of one file: a header, how the source version was chosen, then one line per
/// change (`file:line:col: M0xx change|warning: message`).
fn report_of(o: &Outcome) -> Vec<String> {
    let name = &o.source.name;
    let mut lines = vec![format!(
        "{name}: {} → {}: {} change{}, {} warning{}",
        o.from,
        o.to,
        o.applied(),
        if o.applied() == 1 { "" } else { "s" },
        o.warned(),
        if o.warned() == 1 { "" } else { "s" },
    )];
    if let Some(g) = &o.from_guess {
        let why: Vec<String> = g
            .used
            .iter()
            .map(|s| {
                let p = o.source.position(s.span.start);
                format!("{} ({}:{})", s.what, p.line, p.column)
            })
            .collect();
        lines.push(if why.is_empty() {
            format!("{name}: source version unknown (no version-specific shape found); pass --from to decide version-dependent migrations")
        } else {
            format!("{name}: source version guessed as {}: {}", g.range, why.join("; "))
        });
    }
    lines.extend(o.report_lines());
    lines
}
