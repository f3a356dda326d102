//! Command-line interface: argument definitions and the commands behind them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::ekuiper::version::Version;
use crate::engine::{check_inputs, expand_paths, ConfigChoice, Input};
use crate::lints;
use crate::report::{self, catalog, HumanOptions};

mod migrate;

/// Exit codes (a public contract, see the README).
pub mod exit {
    /// Nothing at or above the failing severity.
    pub const CLEAN: u8 = 0;
    /// Findings at or above the failing severity.
    pub const FINDINGS: u8 = 1;
    /// Could not run: bad arguments, unreadable input.
    pub const ERROR: u8 = 2;
}

const CHECK_EXAMPLES: &str = "\
Examples:
  kuiperlint check bundle.json
  kuiperlint check exports/                 # every *.json, *.sql and *.yaml below, recursively
  kuiperlint check rules/ streams/ etc/     # references resolve across the files of a run
  kuiperlint check streams.sql              # CREATE STREAM/TABLE and SELECT statements
  kuiper export data /dev/stdout | kuiperlint check -
  kuiperlint check --format json --target 1.14 bundle.json
  kuiperlint check --fail-on warning bundle.json

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 could not run.";

const MAIN_EXAMPLES: &str = "\
Examples:
  kuiperlint check bundle.json          check a data bundle before `kuiper import data`
  kuiperlint rules                      list every lint code
  kuiperlint explain B013               what a code means and how to fix it";

#[derive(Debug, Parser)]
#[command(
    name = "kuiperlint",
    version,
    about = "Check eKuiper data bundles offline, before any import",
    after_help = MAIN_EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check bundles and rule files (*.json), SQL (*.sql), YAML exports and etc/ configs (*.yaml),
    /// directories of them, or `-` for standard input.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(Box<CheckArgs>),
    /// List every lint code with a one-line summary.
    Rules(ListArgs),
    /// Print the documentation of a lint code.
    Explain(ExplainArgs),
    /// What importing NEW over a server that holds OLD (e.g. a `kuiper export data` file) would
    /// create, change and delete, section by section.
    #[command(
        after_help = "Examples:\n  kuiper export data current.json && kuiperlint diff current.json bundle.json\n  kuiperlint diff --partial old.json new.json --format json"
    )]
    Diff(DiffArgs),
    /// Print the bundle's dependency graph (what refers to what), or what a partial export of
    /// one rule must carry along.
    #[command(
        after_help = "Examples:\n  kuiperlint graph bundle.json | dot -Tsvg > bundle.svg\n  kuiperlint graph bundle.json --format json --rule alarm"
    )]
    Graph(GraphArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(
        after_help = "Examples:\n  kuiperlint completions bash > /etc/bash_completion.d/kuiperlint\n  kuiperlint completions zsh > ~/.zfunc/_kuiperlint"
    )]
    Completions { shell: clap_complete::Shell },
    /// Print a manual page (roff): the tool's, or one command's with all its options and exit
    /// codes, e.g. `kuiperlint man check > kuiperlint-check.1`.
    Man {
        /// The command (`check`, `migrate`, ...); none: the tool's page.
        command: Option<String>,
    },
    /// Print one of the JSON Schemas kuiperlint validates with (for editors), or list them.
    #[command(
        after_help = "Examples:\n  kuiperlint schema --list\n  kuiperlint schema rule.2.x > rule.schema.json\n  kuiperlint schema sinks/mqtt.2.x"
    )]
    Schema(SchemaArgs),
    /// Run the Language Server over standard input and output, for editors (docs/editors.md).
    Server,
    /// Rewrite bundles for another eKuiper version: applies mechanical migrations with minimal
    /// edits and reports (with exact locations) what needs a person.
    Migrate(migrate::MigrateArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// What the server holds now (a `kuiper export data` file).
    pub old: PathBuf,
    /// The bundle to import.
    pub new: PathBuf,
    /// A partial import (`-p true`, `?partial=1`): nothing is deleted.
    #[arg(long)]
    pub partial: bool,
    /// Exit with 1 when the import would create, change or delete anything (as `git diff
    /// --exit-code`); 0 when it would change nothing.
    #[arg(long)]
    pub exit_code: bool,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// A bundle file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Only this rule and everything it depends on.
    #[arg(long, value_name = "ID")]
    pub rule: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Schema name, as `--list` shows it (e.g. `rule.2.x`, `sources/mqtt.2.x`).
    #[arg(required_unless_present = "list")]
    pub name: Option<String>,
    /// List the schema names.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, directories, or `-` for standard input.
    #[arg(required_unless_present = "files_from", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The name standard input (`-`) stands for: reports show it, its extension picks the kind
    /// (`rule.sql`), and the kuiperlint.toml above it applies, as for a file of that name.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Read these paths (repeatable) for what they define, streams and tables above all, but
    /// report nothing in them: check only changed files (`--files-from`) and still resolve what
    /// they read from the rest of the project (`--context .`).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["fix", "diff"])]
    pub context: Vec<PathBuf>,
    /// Leave out of folder walks what this glob matches (repeatable): a path relative to the
    /// folder given (`legacy/**`) or a bare name anywhere (`package.json`, `node_modules`).
    /// Files named on the command line are always checked. `.gitignore` is respected too.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also check the paths listed in FILE, one per line (`-`: standard input), e.g.
    /// `git ls-files '*.json' | kuiperlint check --files-from -`.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// eKuiper version the bundle will be imported into (default: the newest known).
    #[arg(long, value_name = "VERSION", value_parser = parse_version)]
    pub target: Option<Version>,
    /// Read every file as this kind instead of detecting it from its name and content.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<crate::bundle::FileKind>,
    /// Exit with 1 when a finding has at least this severity [default: error, or `fail-on` of
    /// kuiperlint.toml].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this config file instead of the nearest kuiperlint.toml above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every kuiperlint.toml.
    #[arg(long)]
    pub isolated: bool,
    /// When to use colours in human output (NO_COLOR is respected by `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Worker threads: files, and the entries of each file, are checked in parallel (default: one
    /// per core). The output is the same for any number.
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Exit with 0 even when there are findings (2 still means kuiperlint could not run).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the findings: no summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print how many findings each code has, instead of the findings.
    #[arg(long, conflicts_with = "format")]
    pub statistics: bool,
    /// Run only these codes or prefixes (comma-separated), instead of the config's `select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Run these codes or prefixes too, beside the config's `select`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Skip these codes or prefixes, beside the config's `ignore`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Record every finding of this run in FILE (JSON), to pass to `--baseline` later; the run
    /// then exits 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
    /// Leave out the findings FILE records (`--write-baseline`): only new findings are reported
    /// and fail the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the `--format` report to FILE; standard output then gets the human report. One
    /// run gives SARIF for the dashboard and readable findings for the log.
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print, for each file, which kuiperlint.toml applies and the settings in effect (with the
    /// command line's selection), and check nothing.
    #[arg(long)]
    pub show_settings: bool,
    /// Apply the safe fixes to the files (atomically), check again until none is left, and
    /// report what remains. With `-`, the fixed text goes to standard output and the report to
    /// standard error (docs/fixes.md).
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`, apply the unsafe fixes too (did-you-mean renames, ...).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the unified diff of what `--fix` would write, and write nothing; exit with 1 when
    /// there is something to fix.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// List the fixes applied (with `--fix`), or the fixes `--fix` would apply.
    #[arg(long)]
    pub show_fixes: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// List the migration codes (M…) of `migrate` instead of the lint codes.
    #[arg(long)]
    pub migrations: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A lint code such as B001, or its name such as `invalid-json`.
    pub code: String,
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Snippets of the file with the exact characters underlined.
    Human,
    /// One line per finding: file:line:col: CODE message.
    Concise,
    /// One JSON document (docs/json-output.md).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// JUnit XML, for CI test reports.
    Junit,
    /// The per-section error map of `kuiper getstatus import`.
    Getstatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Hint => Severity::Hint,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_version(s: &str) -> Result<Version, String> {
    s.parse()
}

/// Runs a parsed command line, writing results to `out` and problems to `err`. Returns the exit
/// code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check(*args, out, err),
        Command::Rules(args) => rules(args, out),
        Command::Explain(args) => explain(args, out, err),
        Command::Schema(args) => schema(args, out, err),
        Command::Graph(args) => graph(args, out, err),
        Command::Diff(args) => diff(args, out, err),
        Command::Completions { shell } => {
            // Generated into memory: clap_complete panics on a write error such as a closed pipe.
            let mut script = Vec::new();
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "kuiperlint", &mut script);
            out.write_all(&script).map(|()| exit::CLEAN)
        }
        Command::Man { command } => man_page(command.as_deref(), out, err),
        Command::Migrate(args) => migrate::run(args, out, err),
        Command::Server => Ok(match crate::server::run_stdio() {
            Ok(()) => exit::CLEAN,
            Err(e) => {
                let _ = writeln!(err, "kuiperlint server: {e}");
                exit::ERROR
            }
        }),
    };
    // A closed pipe (`kuiperlint check ... | head`) is not worth a panic or a message.
    result.unwrap_or(exit::ERROR)
}

fn check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let config = if args.isolated {
        ConfigChoice::Isolated
    } else if let Some(file) = &args.config {
        match Settings::load(file) {
            Ok(s) => ConfigChoice::File(std::sync::Arc::new(s)),
            Err(e) => {
                writeln!(err, "kuiperlint: {}: {}", e.file.display(), e.message)?;
                return Ok(exit::ERROR);
            }
        }
    } else {
        ConfigChoice::Discover
    };
    let mut paths = args.paths.clone();
    let stdin = |p: &PathBuf| p.as_os_str() == "-";
    if args.files_from.as_ref().is_some_and(stdin) && paths.iter().any(stdin) {
        writeln!(
            err,
            "kuiperlint: standard input cannot be both the list of files (`--files-from -`) and a file to check (`-`)"
        )?;
        return Ok(exit::ERROR);
    }
    if let Some(list) = &args.files_from {
        let text = if list.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin().lock())
        } else {
            std::fs::read_to_string(list)
        };
        match text {
            Ok(text) => paths.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(PathBuf::from),
            ),
            Err(e) => {
                writeln!(err, "kuiperlint: {}: {e}", list.display())?;
                return Ok(exit::ERROR);
            }
        }
    }
    let selection = crate::config::Selection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    if let Err(message) = selection.check() {
        writeln!(err, "kuiperlint: {message}")?;
        return Ok(exit::ERROR);
    }
    if let Some(name) = &args.stdin_filename {
        crate::engine::set_stdin_name(name.clone());
    }
    let (inputs, mut input_errors) =
        expand_paths(&paths, crate::engine::CHECKED_EXTENSIONS, &args.exclude);
    if args.show_settings {
        let settings = crate::engine::settings_of(&inputs, &config, &selection);
        let mut failed = !input_errors.is_empty();
        for (input, s) in inputs.iter().zip(settings) {
            match s {
                Ok(s) => writeln!(out, "{}:\n{}", input.display_name(), indent(&s.describe()))?,
                Err(e) => {
                    failed = true;
                    writeln!(err, "kuiperlint: {}: {}", e.name, e.message)?;
                }
            }
        }
        for e in &input_errors {
            writeln!(err, "kuiperlint: {}: {}", e.name, e.message)?;
        }
        return Ok(if failed { exit::ERROR } else { exit::CLEAN });
    }
    let Some(pool) = worker_pool(args.jobs, err)? else {
        return Ok(exit::ERROR);
    };
    if args.diff {
        return fix_diff(
            &args,
            &inputs,
            &config,
            &selection,
            &pool,
            input_errors,
            out,
            err,
        );
    }
    let mut fix_outcome = None;
    let results = if args.fix {
        let setup = crate::fix::CheckSetup {
            target: args.target,
            config: &config,
            selection: &selection,
            kind: args.kind,
        };
        let mut run = pool.install(|| crate::fix::fix_inputs(&inputs, &setup, args.unsafe_fixes));
        let results = std::mem::take(&mut run.reports);
        fix_outcome = Some(run);
        results
    } else if args.context.is_empty() {
        pool.install(|| check_inputs(&inputs, args.target, &config, &selection, args.kind))
    } else {
        // The context files join the run (the project view spans them) and leave the report.
        let (context, context_errors) = expand_paths(
            &args.context,
            crate::engine::CHECKED_EXTENSIONS,
            &args.exclude,
        );
        input_errors.extend(context_errors);
        let same = |a: &Input, b: &Input| match (a, b) {
            (Input::File(x), Input::File(y)) => {
                x == y
                    || x.canonicalize()
                        .ok()
                        .is_some_and(|x| y.canonicalize().ok() == Some(x))
            }
            _ => false,
        };
        let mut all = inputs.clone();
        all.extend(
            context
                .into_iter()
                .filter(|c| !inputs.iter().any(|i| same(i, c))),
        );
        let mut results =
            pool.install(|| check_inputs(&all, args.target, &config, &selection, args.kind));
        results.truncate(inputs.len());
        results
    };
    // `check --fix -`: the fixed text takes standard output; the report goes to standard error.
    let mut to_stderr = Vec::new();
    let fixes_stdin = fix_outcome.as_ref().is_some_and(|r| r.stdin.is_some());
    let mut write_failed = false;
    if let Some(run) = &fix_outcome {
        for (input, fixes) in inputs.iter().zip(&run.files) {
            match input {
                Input::Stdin => {
                    match &fixes.fixed {
                        Some(text) if fixes.changed() => out.write_all(text.as_bytes())?,
                        _ => out.write_all(run.stdin.as_deref().unwrap_or_default())?,
                    }
                    out.flush()?;
                }
                Input::File(path) if fixes.changed() => {
                    let text = fixes.fixed.as_deref().unwrap_or_default();
                    if let Err(e) = crate::migrate::output::write_atomic(path, text.as_bytes()) {
                        write_failed = true;
                        writeln!(
                            err,
                            "kuiperlint: {}: cannot write the fixed file: {e}; the original is unchanged",
                            path.display()
                        )?;
                    }
                }
                Input::File(_) => {}
            }
        }
    }
    let out: &mut dyn Write = if fixes_stdin { &mut to_stderr } else { out };
    let mut reports = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => input_errors.push(e),
        }
    }
    if let Some(file) = &args.write_baseline {
        return match report::baseline::write(file, &reports) {
            Ok(n) if input_errors.is_empty() => {
                writeln!(
                    err,
                    "kuiperlint: recorded {n} finding{} in {}",
                    plural(n),
                    file.display()
                )?;
                Ok(exit::CLEAN)
            }
            Ok(_) => {
                for e in &input_errors {
                    writeln!(err, "kuiperlint: {}: {}", e.name, e.message)?;
                }
                Ok(exit::ERROR)
            }
            Err(e) => {
                writeln!(err, "kuiperlint: {e}")?;
                Ok(exit::ERROR)
            }
        };
    }
    if let Some(file) = &args.baseline {
        match report::baseline::apply(file, &mut reports) {
            Ok(0) => {}
            Ok(n) => writeln!(
                err,
                "kuiperlint: {n} finding{} recorded in {} not reported",
                plural(n),
                file.display()
            )?,
            Err(e) => {
                writeln!(err, "kuiperlint: {e}")?;
                return Ok(exit::ERROR);
            }
        }
    }
    let human = HumanOptions {
        color: use_color(args.color),
        width: output_width(),
        summary: !args.quiet,
    };
    let rendered = if args.statistics {
        report::render_statistics(&reports)
    } else {
        match args.format {
            OutputFormat::Json => report::render_json(&reports),
            OutputFormat::Concise => report::render_concise(&reports),
            OutputFormat::Sarif => report::render_sarif(&reports),
            OutputFormat::Github => report::render_github(&reports),
            OutputFormat::Junit => report::render_junit(
                &reports,
                args.fail_on.map_or(Severity::Error, FailOn::severity),
            ),
            OutputFormat::Getstatus => report::render_getstatus(&reports),
            OutputFormat::Human => report::render_human(&reports, human),
        }
    };
    // A run that could not read a path it was given is not a clean run: no report document
    // (JSON, SARIF, JUnit, getstatus) that a CI step could take for a passing one, and no
    // "No problems found" when nothing was checked. The findings in the files that were read
    // are still listed, line by line.
    let complete = input_errors.is_empty();
    let listing = matches!(
        args.format,
        OutputFormat::Human | OutputFormat::Concise | OutputFormat::Github
    );
    let written = complete || (listing && !reports.is_empty());
    if written {
        match &args.output_file {
            None => out.write_all(rendered.as_bytes())?,
            Some(file) => {
                if let Err(e) = std::fs::write(file, rendered.as_bytes()) {
                    writeln!(
                        err,
                        "kuiperlint: {}: cannot write the report: {e}",
                        file.display()
                    )?;
                    return Ok(exit::ERROR);
                }
                if args.format != OutputFormat::Human || args.statistics {
                    out.write_all(report::render_human(&reports, human).as_bytes())?;
                }
            }
        }
    }
    // What was checked as what, and what the files define together (human output only: the
    // other formats carry `kind` per file).
    if args.format == OutputFormat::Human && !args.quiet && !args.statistics && !reports.is_empty()
    {
        writeln!(err, "{}", report::run_summary(&reports))?;
    }
    err.write_all(&to_stderr)?;
    if let Some(run) = &fix_outcome {
        fix_summary(&args, &inputs, run, &reports, err)?;
        if write_failed {
            return Ok(exit::ERROR);
        }
    } else if args.show_fixes {
        available_fixes(&reports, args.unsafe_fixes, err)?;
    }
    for e in &input_errors {
        writeln!(err, "kuiperlint: {}: {}", e.name, e.message)?;
    }
    if inputs.is_empty() && input_errors.is_empty() {
        writeln!(
            err,
            "kuiperlint: no *.json, *.sql or *.yaml files found under the given paths"
        )?;
        return Ok(exit::ERROR);
    }
    if !complete {
        writeln!(
            err,
            "kuiperlint: {} of the given paths could not be checked; no report was written{}",
            input_errors.len(),
            if written { " for them" } else { "" }
        )?;
        return Ok(exit::ERROR);
    }
    let failing = reports.iter().any(|r| {
        let threshold = args.fail_on.map_or(r.fail_on, FailOn::severity);
        r.diagnostics.iter().any(|d| d.severity >= threshold)
    });
    Ok(if failing && !args.exit_zero {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// `check --diff`: the unified diff of what `--fix` would write, for every file it would change;
/// nothing is written. Exit 1 when there is something to fix.
#[allow(clippy::too_many_arguments)]
fn fix_diff(
    args: &CheckArgs,
    inputs: &[Input],
    config: &ConfigChoice,
    selection: &crate::config::Selection,
    pool: &rayon::ThreadPool,
    mut input_errors: Vec<crate::engine::InputError>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let setup = crate::fix::CheckSetup {
        target: args.target,
        config,
        selection,
        kind: args.kind,
    };
    let run = pool.install(|| crate::fix::fix_inputs(inputs, &setup, args.unsafe_fixes));
    let mut changed = 0;
    for (input, fixes) in inputs.iter().zip(&run.files) {
        if fixes.changed() {
            changed += 1;
            let diff = crate::fix::diff(&input.display_name(), fixes, &run.masked);
            out.write_all(diff.as_bytes())?;
        }
    }
    let mut reports = Vec::new();
    for r in run.reports.iter() {
        match r {
            Ok(r) => reports.push(r),
            Err(e) => input_errors.push(crate::engine::InputError {
                name: e.name.clone(),
                message: e.message.clone(),
            }),
        }
    }
    if args.show_fixes {
        show_fixed(inputs, &run, true, err)?;
    }
    for (input, fixes) in inputs.iter().zip(&run.files) {
        for note in &fixes.notes {
            writeln!(err, "kuiperlint: {}: {note}", input.display_name())?;
        }
    }
    if !args.quiet {
        let fixed: usize = run.files.iter().map(crate::fix::FileFixes::count).sum();
        let remaining: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        writeln!(
            err,
            "kuiperlint: would fix {fixed} in {changed} {}, {remaining} remaining{}",
            if changed == 1 { "file" } else { "files" },
            unsafe_hint(run.unsafe_available)
        )?;
    }
    for e in &input_errors {
        writeln!(err, "kuiperlint: {}: {}", e.name, e.message)?;
    }
    Ok(if !input_errors.is_empty() {
        exit::ERROR
    } else if changed > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

fn unsafe_hint(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({n} fixable with `--unsafe-fixes`)")
    }
}

/// After `--fix`: why fixing a file stopped early, what was fixed (`--show-fixes`), and
/// `N fixed, M remaining`.
fn fix_summary(
    args: &CheckArgs,
    inputs: &[Input],
    run: &crate::fix::FixRun,
    reports: &[crate::engine::FileReport],
    err: &mut dyn Write,
) -> std::io::Result<()> {
    for (input, fixes) in inputs.iter().zip(&run.files) {
        for note in &fixes.notes {
            writeln!(err, "kuiperlint: {}: {note}", input.display_name())?;
        }
    }
    if args.show_fixes {
        show_fixed(inputs, run, false, err)?;
    }
    if !args.quiet {
        let fixed: usize = run.files.iter().map(crate::fix::FileFixes::count).sum();
        let remaining: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        writeln!(
            err,
            "kuiperlint: {fixed} fixed, {remaining} remaining{}",
            unsafe_hint(run.unsafe_available)
        )?;
    }
    Ok(())
}

/// `--show-fixes`: per file, how many findings of each code were (or would be) fixed.
fn show_fixed(
    inputs: &[Input],
    run: &crate::fix::FixRun,
    would: bool,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    let total: usize = run.files.iter().map(crate::fix::FileFixes::count).sum();
    if total == 0 {
        return writeln!(
            err,
            "No fixes {}.",
            if would { "to apply" } else { "applied" }
        );
    }
    writeln!(
        err,
        "{} {total} {}:",
        if would { "Would fix" } else { "Fixed" },
        if total == 1 { "finding" } else { "findings" }
    )?;
    for (input, fixes) in inputs.iter().zip(&run.files) {
        if fixes.count() == 0 {
            continue;
        }
        writeln!(err, "- {}:", input.display_name())?;
        for (code, n) in &fixes.applied {
            let name = lints::find(code).map_or("", |l| l.name);
            writeln!(err, "    {n} × {code} ({name})")?;
        }
    }
    Ok(())
}

/// `--show-fixes` without `--fix`: the findings of each file that have a fix, per code.
fn available_fixes(
    reports: &[crate::engine::FileReport],
    unsafe_fixes: bool,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    use crate::diagnostic::Applicability;
    let mut any = false;
    for r in reports {
        let mut per_code: std::collections::BTreeMap<(&str, Applicability), usize> =
            Default::default();
        for d in &r.diagnostics {
            if let Some(f) = &d.fix {
                *per_code.entry((d.code, f.applicability)).or_default() += 1;
            }
        }
        if per_code.is_empty() {
            continue;
        }
        if !any {
            writeln!(err, "Fixable findings:")?;
            any = true;
        }
        writeln!(err, "- {}:", r.source.name)?;
        for ((code, applicability), n) in per_code {
            let name = lints::find(code).map_or("", |l| l.name);
            let how = match applicability {
                Applicability::Safe => "--fix",
                Applicability::Unsafe if unsafe_fixes => "--fix --unsafe-fixes",
                Applicability::Unsafe => "--fix --unsafe-fixes (unsafe)",
            };
            writeln!(err, "    {n} × {code} ({name}): {how}")?;
        }
    }
    if !any {
        writeln!(err, "No fixable findings.")?;
    }
    Ok(())
}

/// `checked 3 files (2 rule, 1 sql): 2 rules, 1 stream in 3 files`.
/// The worker threads of a run (`--jobs`; default one per core), or None after saying why
/// they could not be started.
pub(crate) fn worker_pool(
    jobs: Option<usize>,
    err: &mut dyn Write,
) -> std::io::Result<Option<rayon::ThreadPool>> {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => Ok(Some(pool)),
        Err(e) => {
            writeln!(err, "kuiperlint: cannot start worker threads: {e}")?;
            Ok(None)
        }
    }
}

/// Columns for human output: `COLUMNS` when set, else the terminal's width when standard output
/// is one, else 100 (a pipe or a file: stable output).
fn output_width() -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    let terminal = || {
        std::io::stdout()
            .is_terminal()
            .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .flatten()
    };
    columns.or_else(terminal).unwrap_or(100).clamp(40, 1000)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn rules(args: ListArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let text = match (args.format, args.migrations) {
        (TextOrJson::Json, false) => catalog::rules_json(),
        (TextOrJson::Text, false) => catalog::rules_text(),
        (TextOrJson::Json, true) => catalog::migrations_json(),
        (TextOrJson::Text, true) => catalog::migrations_text(),
    };
    out.write_all(text.as_bytes())?;
    Ok(exit::CLEAN)
}

fn explain(args: ExplainArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let json = matches!(args.format, TextOrJson::Json);
    // Migration codes (M…) are documented the same way as lint codes.
    let text = match (crate::migrate::find(&args.code), lints::find(&args.code)) {
        (Some(m), _) => catalog::explain_migration(m, json),
        (None, Some(lint)) => catalog::explain_lint(lint, json),
        (None, None) => {
            err.write_all(catalog::unknown_code(&args.code).as_bytes())?;
            return Ok(exit::ERROR);
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(exit::CLEAN)
}

/// Loads a bundle for a command that reads one whole (graph, diff): a read or decoding failure
/// is reported on `err` and gives None.
fn load_one(
    path: &std::path::Path,
    err: &mut dyn Write,
) -> std::io::Result<Option<crate::bundle::LoadedFile>> {
    use crate::bundle::{decode_bytes, Decoded, LoadedFile, SourceFile};
    use crate::engine::{read_input, Input};
    let input = if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    };
    let bytes = match read_input(&input) {
        Ok(b) => b,
        Err(e) => {
            writeln!(err, "kuiperlint: {}: {}", e.name, e.message)?;
            return Ok(None);
        }
    };
    let Decoded::Text(text) = decode_bytes(bytes) else {
        let name = input.display_name();
        writeln!(
            err,
            "kuiperlint: {name}: not UTF-8 text; `kuiperlint check` says where"
        )?;
        return Ok(None);
    };
    Ok(Some(LoadedFile::parse(SourceFile::new(
        input.display_name(),
        text,
    ))))
}

fn diff(args: DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let (Some(old), Some(new)) = (load_one(&args.old, err)?, load_one(&args.new, err)?) else {
        return Ok(exit::ERROR);
    };
    // An impact computed from a file that does not load would be wrong (a broken NEW reads as
    // empty: "everything deleted", or a trailing comma as "1 created"); eKuiper would wipe the
    // server and then fail on it. Say why and stop.
    let mut refused = false;
    for file in [&old, &new] {
        let problems = crate::diff::load_problems(file);
        for p in &problems {
            writeln!(err, "{}:{p}", file.source.name)?;
        }
        if !problems.is_empty() {
            refused = true;
            writeln!(
                err,
                "kuiperlint: {} does not load as a bundle, so there is no impact to show (an import of it would wipe the server, then fail); `kuiperlint check {}` lists every problem",
                file.source.name, file.source.name
            )?;
        }
    }
    if refused {
        return Ok(exit::FINDINGS);
    }
    let impact = crate::diff::impact(&old.bundles(), &new.bundles(), args.partial);
    let text = match args.format {
        TextOrJson::Text => crate::report::diff::text(&impact),
        TextOrJson::Json => crate::report::diff::json(&impact, args.partial),
    };
    out.write_all(text.as_bytes())?;
    let changes = impact
        .iter()
        .any(|(_, s)| !(s.create.is_empty() && s.change.is_empty() && s.delete.is_empty()));
    Ok(if args.exit_code && changes {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

fn graph(args: GraphArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    use crate::analysis::dependencies::{BundleGraph, NodeKind};
    let Some(file) = load_one(&args.file, err)? else {
        return Ok(exit::ERROR);
    };
    let bundles = file.bundles();
    let sql = crate::analysis::sql::file::SqlAnalysis::of_bundles(&bundles, &[]);
    let g = BundleGraph::build(&bundles, &sql);
    let keep = match &args.rule {
        None => None,
        Some(id) => match g.find(NodeKind::Rule, id) {
            Some(rule) => Some(g.closure(rule)),
            None => {
                writeln!(err, "kuiperlint: {}: no rule `{id}`", file.source.name)?;
                return Ok(exit::ERROR);
            }
        },
    };
    match args.format {
        GraphFormat::Dot => write!(out, "{}", report::graph::dot(&g, keep.as_deref()))?,
        GraphFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report::graph::json(&g, keep.as_deref(), &file.source))
                .expect("plain data")
        )?,
    }
    Ok(exit::CLEAN)
}

fn schema(args: SchemaArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let name = match (&args.name, args.list) {
        (Some(name), false) => name,
        _ => {
            for name in crate::analysis::schema::names() {
                writeln!(out, "{name}")?;
            }
            return Ok(exit::CLEAN);
        }
    };
    match crate::analysis::schema::self_contained(name) {
        Some(schema) => {
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            writeln!(out, "{text}")?;
            Ok(exit::CLEAN)
        }
        None => {
            let hint = crate::source::suggest::did_you_mean(name, crate::analysis::schema::names())
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            writeln!(
                err,
                "kuiperlint: no schema `{name}`{hint}; `kuiperlint schema --list` lists them"
            )?;
            Ok(exit::ERROR)
        }
    }
}

/// `text` with each line indented by two spaces.
fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// `s` after a count other than one.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `kuiperlint man [COMMAND]`: clap's page of the tool or of one command (named
/// `kuiperlint-COMMAND`, as git's are), with the exit codes.
fn man_page(
    command: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let root = <Cli as clap::CommandFactory>::command();
    let page = match command {
        None => root,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name).cloned() else {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                let hint = crate::source::suggest::did_you_mean(name, names.iter().copied())
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                writeln!(
                    err,
                    "kuiperlint: no command `{name}`{hint}; commands: {}",
                    names.join(", ")
                )?;
                return Ok(exit::ERROR);
            };
            let full = format!("kuiperlint-{name}");
            sub.name(full.clone())
                .bin_name(format!("kuiperlint {name}"))
                .display_name(full)
        }
    };
    let man = clap_mangen::Man::new(page);
    man.render(out)?;
    // roff: the exit codes are a contract (docs/commands.md).
    writeln!(
        out,
        ".SH \"EXIT STATUS\"\n.TP\n0\nnothing at or above the failing severity (\\fB--fail-on\\fR), or nothing to change\n.TP\n1\nfindings at or above it (\\fBcheck\\fR), or files that would change (\\fB--check\\fR, \\fB--diff\\fR, \\fB--exit-code\\fR)\n.TP\n2\nkuiperlint could not run: bad arguments or configuration, an input that could not be read or written"
    )?;
    Ok(exit::CLEAN)
}
