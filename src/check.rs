//! Checking inputs: find the files, read them, lint them (in parallel), keep the input order.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::bundle::{decode_bytes, Decoded, LoadedFile, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::lints;
use crate::version::Version;

/// Something to check: a file, or standard input (`-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub fn display_name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
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
    pub diagnostics: Vec<Diagnostic>,
    /// Secret values of the file, which no output may show.
    pub masked: Vec<String>,
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

/// Expands the command-line paths: files as given (whatever their extension), directories
/// recursively to their `*.json` and `*.sql` files in sorted order, `-` as standard input. Hidden
/// directories (`.git`, ...) are skipped and symbolic links to directories are not followed, so a
/// link loop cannot trap the walk.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => errors.push(InputError {
                name: path.display().to_string(),
                message: io_message(&e),
            }),
        }
    }
    (inputs, errors)
}

fn walk_dir(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                errors.push(InputError {
                    name: dir.display().to_string(),
                    message: io_message(&e),
                });
                continue;
            }
        };
        let mut children: Vec<(PathBuf, fs::FileType)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| Some((e.path(), e.file_type().ok()?)))
            .collect();
        children.sort_by(|a, b| a.0.cmp(&b.0));
        let mut subdirs = Vec::new();
        for (path, ty) in children {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if ty.is_dir() {
                if !hidden {
                    subdirs.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("sql"))
                && (ty.is_file() || fs::metadata(&path).is_ok_and(|m| m.is_file()))
            {
                inputs.push(Input::File(path));
            }
        }
        // Depth-first in sorted order: push in reverse so the first subdirectory is walked next.
        pending.extend(subdirs.into_iter().rev());
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

/// Lints the bytes of one file.
pub fn check_bytes(name: String, bytes: Vec<u8>, options: &CheckOptions) -> FileReport {
    match decode_bytes(bytes) {
        Decoded::Text(text) => {
            let file = LoadedFile::parse(SourceFile::new(name, text));
            let outcome = lints::run(&file, options.target);
            FileReport {
                source: file.source,
                diagnostics: outcome.diagnostics,
                masked: outcome.masked,
            }
        }
        Decoded::NotText {
            message,
            span,
            valid_prefix,
        } => {
            // Positions are computed on the part that is text; the finding points just past it.
            let source = SourceFile::new(name, valid_prefix);
            let d = lints::bundle::invalid_json::LINT
                .at(span, message)
                .with_help("save the file as UTF-8");
            FileReport {
                source,
                diagnostics: vec![d],
                masked: Vec::new(),
            }
        }
    }
}

/// Checks every input, in parallel on the current rayon pool, returning results in input order.
pub fn check_inputs(
    inputs: &[Input],
    options: &CheckOptions,
) -> Vec<Result<FileReport, InputError>> {
    // Standard input can only be read once and only from this thread: read it first.
    let stdin: Option<Result<Vec<u8>, InputError>> = inputs
        .contains(&Input::Stdin)
        .then(|| read_input(&Input::Stdin));
    inputs
        .par_iter()
        .map(|input| {
            let bytes = match input {
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
            Ok(check_bytes(input.display_name(), bytes, options))
        })
        .collect()
}
