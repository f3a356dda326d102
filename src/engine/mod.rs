//! Checking inputs: find the files, read them, lint them (in parallel), keep the input order.

pub mod windows;

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::analysis::project::{sees_project, Definitions, Project};
use crate::bundle::{decode_bytes, Decoded, FileKind, LoadedFile, SourceFile};
use crate::config::{Selection, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ekuiper::version::Version;
use crate::lints;
use crate::source::span::Span;

/// Something to check: a file, or standard input (`-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// The name standard input goes by (`--stdin-filename`): reports show it, its extension picks
/// the kind, and the `kuiperlint.toml` above it applies. One per process, like standard input.
static STDIN_NAME: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Names standard input for the rest of the run (the first call wins).
pub fn set_stdin_name(name: PathBuf) {
    let _ = STDIN_NAME.set(name);
}

impl Input {
    pub fn display_name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => STDIN_NAME
                .get()
                .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string()),
        }
    }
}

/// Why an input could not be checked at all (exit code 2).
#[derive(Debug)]
pub struct InputError {
    pub name: String,
    pub message: String,
}

/// The findings of one file, with its text (renderers need it for positions and snippets).
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    /// What the file was read as (detected, or `--kind`).
    pub kind: FileKind,
    /// What it defines (for the project view and the run's summary).
    pub definitions: Definitions,
    pub diagnostics: Vec<Diagnostic>,
    /// Secret values of the file, which no output may show.
    pub masked: Vec<String>,
    /// The severity from which findings fail the run, from the file's settings.
    pub fail_on: Severity,
}

impl FileReport {
    /// The report as a run keeps it until output: a file without findings gives up its text and
    /// line index, which only positions and snippets of findings use. In a run over many files
    /// only the files with findings stay in memory, not every file read.
    fn done(mut self) -> Self {
        if self.diagnostics.is_empty() {
            self.source = SourceFile::new(std::mem::take(&mut self.source.name), String::new());
        }
        self
    }
}

#[derive(Clone, Copy, Debug)]
pub struct CheckOptions {
    pub target: Version,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            target: Version::newest(),
        }
    }
}

/// The file extensions `check` looks for in directories.
pub const CHECKED_EXTENSIONS: &[&str] = &["json", "sql", "yaml", "yml"];

/// Expands the command-line paths: files as given (whatever their extension), directories
/// recursively to their files with one of `extensions` in sorted order, `-` as standard input.
/// A walk skips what git would (`.gitignore`, `.ignore`, `.git/info/exclude`), hidden files
/// and folders, and what an `exclude` glob matches (relative to the walked folder, or a bare
/// name anywhere); symbolic links to directories are not followed, so a link loop cannot trap
/// it. A file named on the command line is always read.
pub fn expand_paths(
    paths: &[PathBuf],
    extensions: &[&str],
    exclude: &[String],
) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, extensions, exclude, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => errors.push(InputError {
                name: path.display().to_string(),
                message: io_message(&e),
            }),
        }
    }
    (inputs, errors)
}

fn walk_dir(
    root: &Path,
    extensions: &[&str],
    exclude: &[String],
    inputs: &mut Vec<Input>,
    errors: &mut Vec<InputError>,
) {
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for glob in exclude {
        // An override glob selects; `!` makes it exclude.
        if let Err(e) = overrides.add(&format!("!{glob}")) {
            errors.push(InputError {
                name: glob.clone(),
                message: format!("not a glob: {e}"),
            });
        }
    }
    let mut walk = ignore::WalkBuilder::new(root);
    walk.sort_by_file_name(|a, b| a.cmp(b))
        .follow_links(false)
        // A .gitignore counts in any folder, not only inside a git repository.
        .require_git(false);
    if let Ok(o) = overrides.build() {
        walk.overrides(o);
    }
    for entry in walk.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(InputError {
                    name: root.display().to_string(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let path = entry.path();
        let is_file = entry.file_type().is_some_and(|t| t.is_file())
            || (entry.path_is_symlink() && fs::metadata(path).is_ok_and(|m| m.is_file()));
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)));
        if is_file && wanted && entry.depth() > 0 {
            inputs.push(Input::File(path.to_path_buf()));
        }
    }
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads one input's bytes.
pub fn read_input(input: &Input) -> Result<Vec<u8>, InputError> {
    let result = match input {
        Input::File(p) => fs::read(p),
        Input::Stdin => {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
        }
    };
    result.map_err(|e| InputError {
        name: input.display_name(),
        message: io_message(&e),
    })
}

/// Lints the bytes of one file with default settings.
pub fn check_bytes(name: String, bytes: Vec<u8>, options: &CheckOptions) -> FileReport {
    check_with(name, bytes, options.target, &Settings::default())
}

/// Lints the bytes of one file under `settings` (a project's `kuiperlint.toml`).
pub fn check_with(
    name: String,
    bytes: Vec<u8>,
    target: Version,
    settings: &Settings,
) -> FileReport {
    let how = How {
        target,
        settings,
        kind: None,
    };
    check_in(name, bytes, &how, &Project::default()).0
}

/// How one file of a run is checked.
struct How<'s> {
    target: Version,
    settings: &'s Settings,
    /// `--kind`: read every file as this kind.
    kind: Option<FileKind>,
}

/// Lints the bytes of one file of a run whose files define `project`; says whether the bytes
/// were text (only then can its report's source be checked again).
fn check_in(name: String, bytes: Vec<u8>, how: &How, project: &Project) -> (FileReport, bool) {
    let fail_on = how.settings.fail_on.unwrap_or(Severity::Error);
    match decode_bytes(bytes) {
        Decoded::Text(text) => {
            // The rule schema's validator is compiled by another worker (when there is one)
            // while this one parses the file: both are needed before any rule is validated.
            let sql_name = Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("sql"));
            let needs_schemas = how.kind.map_or(!sql_name, |k| k != FileKind::Sql);
            let (file, ()) = rayon::join(
                || LoadedFile::parse_holding_rules(SourceFile::new(name, text), how.kind),
                || {
                    if needs_schemas {
                        crate::analysis::schema::prepare(how.target.major);
                    }
                },
            );
            let mut outcome = windows::run_in(&file, how.target, how.settings, project);
            for d in &mut outcome.diagnostics {
                printable(&file.source.text, d);
            }
            let report = FileReport {
                kind: file.kind,
                source: file.source,
                diagnostics: outcome.diagnostics,
                masked: outcome.masked,
                definitions: outcome.definitions,
                fail_on,
            };
            (report, true)
        }
        Decoded::NotText {
            message,
            span,
            valid_prefix,
        } => {
            // Positions are computed on the part that is text; the finding is the empty span
            // just past it (a span over the offending bytes would end beyond the kept text).
            let source = SourceFile::new(name, valid_prefix);
            let at = Span::empty(span.start.min(source.text.len()));
            let d = lints::bundle::invalid_json::LINT
                .at(at, message)
                .with_help("save the file as UTF-8");
            let report = FileReport {
                kind: how
                    .kind
                    .unwrap_or_else(|| FileKind::from_name(&source.name)),
                source,
                diagnostics: vec![d],
                masked: Vec::new(),
                definitions: Definitions::default(),
                fail_on,
            };
            (report, false)
        }
    }
}

/// Checks again only the rules of the JSON bundle `text` that `edited` touches
/// ([`windows::run_rules`]): what the language server does after an edit inside the rules of a
/// large bundle, before the whole check. None when `text` is not a JSON bundle or `edited`
/// does not start and end inside rules' strings.
pub fn check_rules_at(
    name: String,
    text: String,
    target: Version,
    settings: &Settings,
    edited: Span,
) -> Option<windows::RulesOutcome> {
    if FileKind::from_name(&name) != FileKind::Bundle {
        return None;
    }
    let (file, ()) = rayon::join(
        || LoadedFile::parse_holding_rules(SourceFile::new(name, text), None),
        || crate::analysis::schema::prepare(target.major),
    );
    if file.kind != FileKind::Bundle {
        return None;
    }
    let mut outcome = windows::run_rules(&file, target, settings, edited)?;
    for d in &mut outcome.diagnostics {
        printable(&file.source.text, d);
    }
    Some(outcome)
}

/// A finding made safe to print and to slice the file at: spans on whole characters, control
/// characters of its texts escaped.
fn printable(text: &str, d: &mut Diagnostic) {
    on_char_boundaries(text, d);
    escape_controls(&mut d.message);
    d.help.iter_mut().for_each(escape_controls);
    for label in &mut d.labels {
        escape_controls(&mut label.message);
    }
}

/// Widens the spans of a finding to whole characters of `text` (and keeps them in it). Every
/// output slices the file at them; a span mapped back from a decoded string by an inexact map
/// (a YAML scalar whose folding could not be retraced) may otherwise cut a character in half.
fn on_char_boundaries(text: &str, d: &mut Diagnostic) {
    let snap = |span: &mut Span| {
        let mut start = span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        *span = Span::new(start, end);
    };
    snap(&mut d.span);
    for label in &mut d.labels {
        snap(&mut label.span);
    }
}

/// `text` with its control characters written as escapes (`\u{1b}`), line breaks and tabs
/// aside. Messages quote the file (a key, a word that is not JSON), and a file can hold any
/// character: printed as they are, an escape sequence would drive the terminal that shows the
/// report.
pub(crate) fn escape_controls(text: &mut String) {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        *text = text
            .chars()
            .map(|c| match c {
                '\n' | '\t' => c.to_string(),
                c if c.is_control() => c.escape_default().to_string(),
                c => c.to_string(),
            })
            .collect();
    }
}

/// Which settings apply to the files of a run.
#[derive(Clone, Debug)]
pub enum ConfigChoice {
    /// The nearest `kuiperlint.toml` above each file (the current folder for standard input).
    Discover,
    /// One config file for every file (`--config FILE`).
    File(Arc<Settings>),
    /// No config file at all (`--isolated`).
    Isolated,
}

/// The settings of every input, found once per folder.
/// The command line's selection, when there is one, applies over each.
pub fn settings_of(
    inputs: &[Input],
    choice: &ConfigChoice,
    selection: &Selection,
) -> Vec<Result<Arc<Settings>, InputError>> {
    let mut by_dir: HashMap<PathBuf, Result<Arc<Settings>, InputError>> = HashMap::new();
    let select = |s: Arc<Settings>| {
        if selection.is_empty() {
            s
        } else {
            Arc::new(s.selecting(selection))
        }
    };
    inputs
        .iter()
        .map(|input| {
            match choice {
                ConfigChoice::Isolated => Ok(Arc::new(Settings::default())),
                ConfigChoice::File(s) => Ok(s.clone()),
                ConfigChoice::Discover => {
                    let dir = match input {
                        Input::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
                        Input::Stdin => STDIN_NAME
                            .get()
                            .and_then(|p| p.parent())
                            .map(Path::to_path_buf)
                            .unwrap_or_default(),
                    };
                    let dir = if dir.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        dir
                    };
                    let found =
                        by_dir.entry(dir.clone()).or_insert_with(|| {
                            match Settings::discover(&dir) {
                                None => Ok(Arc::new(Settings::default())),
                                Some(file) => {
                                    Settings::load(&file).map(Arc::new).map_err(|e| InputError {
                                        name: e.file.display().to_string(),
                                        message: e.message,
                                    })
                                }
                            }
                        });
                    match found {
                        Ok(s) => Ok(s.clone()),
                        Err(e) => Err(InputError {
                            name: e.name.clone(),
                            message: e.message.clone(),
                        }),
                    }
                }
            }
            .map(select)
        })
        .collect()
}

/// Checks every input, in parallel on the current rayon pool, returning results in input order.
/// The target is `target` when given, else the one of the file's settings, else the newest.
/// `kind` forces how every file is read (`--kind`).
///
/// Files that belong to a project (rule files, `.sql` files, `etc/` configs: see
/// [`crate::analysis::project`]) are checked twice when the run has other files: once alone, which says
/// what each file defines, then against what all files define together. Bundles are checked
/// once: they stand alone.
pub fn check_inputs(
    inputs: &[Input],
    target: Option<Version>,
    config: &ConfigChoice,
    selection: &Selection,
    kind: Option<FileKind>,
) -> Vec<Result<FileReport, InputError>> {
    check_inputs_as(inputs, &[], target, config, selection, kind)
}

/// [`check_inputs`], where `contents[i]`, when there is one, is checked as the bytes of
/// `inputs[i]` instead of what the file holds (`check --fix` checks its fixed texts before it
/// writes them; standard input, read once, is given here again).
pub fn check_inputs_as(
    inputs: &[Input],
    contents: &[Option<Vec<u8>>],
    target: Option<Version>,
    config: &ConfigChoice,
    selection: &Selection,
    kind: Option<FileKind>,
) -> Vec<Result<FileReport, InputError>> {
    let settings = settings_of(inputs, config, selection);
    let given = |i: usize| contents.get(i).and_then(Option::as_ref);
    // Standard input can only be read once and only from this thread: read it first.
    let stdin: Option<Result<Vec<u8>, InputError>> = inputs
        .iter()
        .enumerate()
        .any(|(i, input)| *input == Input::Stdin && given(i).is_none())
        .then(|| read_input(&Input::Stdin));
    // Files that see the project are checked again below when the run has other files.
    let rechecked = inputs.len() >= 2;
    let first: Vec<Result<(FileReport, bool), InputError>> = inputs
        .par_iter()
        .zip(settings.par_iter())
        .enumerate()
        .map(|(i, (input, settings))| {
            let settings = match settings {
                Ok(s) => s,
                Err(e) => {
                    return Err(InputError {
                        name: e.name.clone(),
                        message: e.message.clone(),
                    })
                }
            };
            let bytes = match input {
                _ if given(i).is_some() => given(i).cloned().unwrap_or_default(),
                Input::Stdin => match &stdin {
                    Some(Ok(b)) => b.clone(),
                    Some(Err(e)) => {
                        return Err(InputError {
                            name: e.name.clone(),
                            message: e.message.clone(),
                        })
                    }
                    None => unreachable!("stdin was read above"),
                },
                Input::File(_) => read_input(input)?,
            };
            let how = How {
                target: target.or(settings.target).unwrap_or_else(Version::newest),
                settings,
                kind,
            };
            let (report, text) = check_in(input.display_name(), bytes, &how, &Project::default());
            // A file that is not checked again is done: keep only what output needs of it (the
            // file's tree was dropped in `check_in`, before this worker took the next file).
            let again = rechecked && text && sees_project(report.kind);
            Ok((if again { report } else { report.done() }, text))
        })
        .collect();
    let in_project: Vec<usize> = first
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.as_ref()
                .is_ok_and(|(r, text)| *text && sees_project(r.kind))
        })
        .map(|(i, _)| i)
        .collect();
    let mut results: Vec<Result<FileReport, InputError>> = first
        .into_iter()
        .map(|r| r.map(|(report, _)| report))
        .collect();
    if results.len() < 2 || in_project.is_empty() {
        return results;
    }
    let project = Project::of(results.iter().flatten().map(|r| &r.definitions));
    let rechecked: Vec<(usize, FileReport)> = in_project
        .par_iter()
        .filter_map(|&i| {
            let (Ok(first), Ok(settings)) = (&results[i], &settings[i]) else {
                return None;
            };
            let how = How {
                target: target.or(settings.target).unwrap_or_else(Version::newest),
                settings,
                kind,
            };
            let bytes = first.source.text.clone().into_bytes();
            Some((
                i,
                check_in(first.source.name.clone(), bytes, &how, &project)
                    .0
                    .done(),
            ))
        })
        .collect();
    for (i, report) in rechecked {
        results[i] = Ok(report);
    }
    results
}
