//! `kuiperlint.toml`: project settings, found by walking up from each checked file.
//!
//! ```toml
//! target = "2.4"                 # eKuiper version the bundles are for
//! select = ["B", "S", "X001"]    # codes or prefixes to run (default: all)
//! ignore = ["X006"]              # codes or prefixes to skip
//! fail-on = "warning"            # default for --fail-on
//!
//! [severity]                     # per-code severity
//! X001 = "error"
//!
//! [per-file-ignores]             # glob (relative to this file's folder) → codes or prefixes
//! "legacy/**/*.json" = ["S020", "C"]
//!
//! [per-entry-ignores]            # JSON pointer of an entry, in any file or in `glob#` → codes
//! "/rules/r1" = ["S020"]         # for files that cannot hold comments
//! "bundles/site-a.json#/streams/demo" = ["S024"]
//!
//! [server]                       # what the target server already has
//! streams = ["simup"]            # streams and tables rules may read without defining them
//! tables = []
//! plugins = ["kafka", "influx2"] # source/sink types installed on the server
//! functions = ["myUdf"]           # functions the server has (plugins, services, UDFs)
//!
//! [secrets]
//! names = ["apiSecret", "*_key"] # more property names whose values are secrets (`*` = anything)
//! ```
//!
//! Unknown keys are errors with a did-you-mean, so a typo does not silently do nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analysis::declared::Declared;
use globset::{GlobBuilder, GlobMatcher};

use crate::diagnostic::Severity;
use crate::ekuiper::version::Version;
use crate::source::suggest::did_you_mean;

/// The name of the config file.
pub const FILE_NAME: &str = "kuiperlint.toml";

/// Settings in effect for one checked file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Where the settings came from (None: defaults).
    pub file: Option<PathBuf>,
    pub target: Option<Version>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
    pub severity: BTreeMap<String, Severity>,
    /// Codes (or prefixes) ignored in the files a glob matches.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// Codes (or prefixes) ignored in one entry (a JSON pointer), of the files a glob matches.
    pub per_entry_ignores: Vec<PerEntryIgnore>,
    /// What the file declares about the server and the site's secrets.
    pub declared: Declared,
}

/// A config file kuiperlint cannot use.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub message: String,
}

const TOP_KEYS: &[&str] = &[
    "target",
    "select",
    "ignore",
    "fail-on",
    "severity",
    "per-file-ignores",
    "per-entry-ignores",
    "server",
    "secrets",
];
const SERVER_KEYS: &[&str] = &["streams", "tables", "plugins", "functions"];
const SECRET_KEYS: &[&str] = &["names"];

fn unknown(file: &Path, key: &str, known: &[&str], within: &str) -> ConfigError {
    let hint = did_you_mean(key, known.iter().copied())
        .map(|k| format!("; did you mean `{k}`?"))
        .unwrap_or_default();
    ConfigError {
        file: file.to_path_buf(),
        message: format!("unknown key `{key}`{within}{hint}"),
    }
}

fn strings(file: &Path, key: &str, value: &toml::Value) -> Result<Vec<String>, ConfigError> {
    let err = || ConfigError {
        file: file.to_path_buf(),
        message: format!("`{key}` must be a list of strings"),
    };
    value
        .as_array()
        .ok_or_else(err)?
        .iter()
        .map(|v| v.as_str().map(str::to_string).ok_or_else(err))
        .collect()
}

/// A list of lint codes or code prefixes (`S`, `S02`, `X001`), each of which must select at
/// least one lint: a typo (`SQL`, `S99`, `BOGUS`) would otherwise turn checks off in silence.
fn codes(file: &Path, key: &str, value: &toml::Value) -> Result<Vec<String>, ConfigError> {
    let codes = strings(file, key, value)?;
    check_codes(key, &codes).map_err(|message| ConfigError {
        file: file.to_path_buf(),
        message,
    })?;
    Ok(codes)
}

/// Each of `codes` selects at least one lint; else the message says which does not, and what
/// was probably meant.
pub fn check_codes(key: &str, codes: &[String]) -> Result<(), String> {
    for code in codes {
        let upper = code.to_uppercase();
        if crate::lints::REGISTRY
            .iter()
            .any(|l| l.code.starts_with(&upper))
        {
            continue;
        }
        let known: Vec<&str> = crate::lints::REGISTRY.iter().map(|l| l.code).collect();
        let mut families: Vec<&str> = known.iter().map(|c| &c[..1]).collect();
        families.sort_unstable();
        families.dedup();
        let hint = did_you_mean(code, known.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_else(|| {
                format!(
                    "; the families are {} (`kuiperlint rules` lists every code)",
                    families.join(", ")
                )
            });
        return Err(format!(
            "`{key}`: `{code}` is not a lint code or a prefix of one{hint}"
        ));
    }
    Ok(())
}

/// The command line's selection (`--select`, `--extend-select`, `--ignore`), applied over
/// whatever config file a file gets, as ruff does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Replaces the config's `select`.
    pub select: Option<Vec<String>>,
    /// Added to the config's `select` (or to everything, when it selects all).
    pub extend_select: Vec<String>,
    /// Added to the config's `ignore`.
    pub ignore: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }

    /// Checks every code, as the config file's are checked.
    pub fn check(&self) -> Result<(), String> {
        check_codes("--select", self.select.as_deref().unwrap_or_default())?;
        check_codes("--extend-select", &self.extend_select)?;
        check_codes("--ignore", &self.ignore)
    }
}

impl Settings {
    /// These settings with the command line's selection applied.
    pub fn selecting(&self, selection: &Selection) -> Settings {
        let mut s = self.clone();
        if let Some(select) = &selection.select {
            s.select = select.clone();
        }
        // An empty `select` means every lint: extending it adds nothing.
        if !s.select.is_empty() {
            s.select.extend(selection.extend_select.iter().cloned());
        }
        s.ignore.extend(selection.ignore.iter().cloned());
        s
    }

    /// What `--show-settings` prints: where the settings come from and what they are.
    pub fn describe(&self) -> String {
        let list = |v: &[String]| {
            if v.is_empty() {
                "[]".to_string()
            } else {
                format!(
                    "[{}]",
                    v.iter()
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        };
        let mut out = format!(
            "config file: {}\n",
            self.file
                .as_ref()
                .map_or("none (defaults)".to_string(), |f| f.display().to_string())
        );
        out += &format!(
            "target: {}\n",
            self.target.map_or(
                "none (the command line's, else the newest release)".into(),
                |v| v.to_string()
            )
        );
        out += &format!(
            "select: {}\n",
            if self.select.is_empty() {
                "every lint".into()
            } else {
                list(&self.select)
            }
        );
        out += &format!("ignore: {}\n", list(&self.ignore));
        out += &format!(
            "fail-on: {}\n",
            self.fail_on.map_or("none (error)", |s| s.as_str())
        );
        for (code, severity) in &self.severity {
            out += &format!("severity.{code}: {}\n", severity.as_str());
        }
        for p in &self.per_file_ignores {
            out += &format!("per-file-ignores.\"{}\": {}\n", p.glob, list(&p.codes));
        }
        for e in &self.per_entry_ignores {
            out += &format!("per-entry-ignores.\"{}\": {}\n", e.key, list(&e.codes));
        }
        let d = &self.declared;
        out += &format!("server.streams and tables: {}\n", list(&d.server_streams));
        out += &format!("server.plugins: {}\n", list(&d.server_plugins));
        out += &format!("server.functions: {}\n", list(&d.server_functions));
        out += &format!("secrets.names: {}\n", list(&d.secret_names));
        out
    }
}

fn severity(file: &Path, key: &str, value: &toml::Value) -> Result<Severity, ConfigError> {
    value
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ConfigError {
            file: file.to_path_buf(),
            message: format!("`{key}` must be one of \"error\", \"warning\", \"info\", \"hint\""),
        })
}

impl Settings {
    /// Parses the text of a config file at `file`.
    pub fn parse(file: &Path, text: &str) -> Result<Settings, ConfigError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| ConfigError {
            file: file.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut s = Settings {
            file: Some(file.to_path_buf()),
            ..Settings::default()
        };
        for (key, value) in &table {
            match key.as_str() {
                "target" => {
                    let v = value.as_str().unwrap_or_default();
                    s.target = Some(v.parse().map_err(|e: String| ConfigError {
                        file: file.to_path_buf(),
                        message: format!("`target`: {e}"),
                    })?);
                }
                "select" => s.select = codes(file, key, value)?,
                "ignore" => s.ignore = codes(file, key, value)?,
                "fail-on" => s.fail_on = Some(severity(file, key, value)?),
                "severity" => {
                    for (code, v) in value.as_table().into_iter().flatten() {
                        if crate::lints::find(code).is_none() {
                            let codes: Vec<&str> =
                                crate::lints::REGISTRY.iter().map(|l| l.code).collect();
                            return Err(unknown(
                                file,
                                code,
                                &codes,
                                " in [severity] (not a lint code)",
                            ));
                        }
                        s.severity
                            .insert(code.to_uppercase(), severity(file, code, v)?);
                    }
                }
                "per-file-ignores" => {
                    for (glob, v) in value.as_table().into_iter().flatten() {
                        let matcher = path_glob(glob).map_err(|e| ConfigError {
                            file: file.to_path_buf(),
                            message: format!("per-file-ignores: `{glob}` is not a glob: {e}"),
                        })?;
                        s.per_file_ignores.push(PerFileIgnore {
                            glob: glob.clone(),
                            matcher,
                            codes: codes(file, &format!("per-file-ignores.\"{glob}\""), v)?,
                        });
                    }
                }
                "per-entry-ignores" => {
                    for (key, v) in value.as_table().into_iter().flatten() {
                        let (glob, pointer) = key.rsplit_once('#').unwrap_or(("**", key));
                        let glob = if glob.is_empty() { "**" } else { glob };
                        if !pointer.starts_with('/') {
                            return Err(ConfigError {
                                file: file.to_path_buf(),
                                message: format!(
                                    "per-entry-ignores: `{key}` is not a JSON pointer such as \"/rules/r1\" (or \"file.json#/rules/r1\")"
                                ),
                            });
                        }
                        let matcher = path_glob(glob).map_err(|e| ConfigError {
                            file: file.to_path_buf(),
                            message: format!("per-entry-ignores: `{glob}` is not a glob: {e}"),
                        })?;
                        s.per_entry_ignores.push(PerEntryIgnore {
                            key: key.clone(),
                            matcher,
                            pointer: pointer.trim_end_matches('/').to_string(),
                            codes: codes(file, &format!("per-entry-ignores.\"{key}\""), v)?,
                        });
                    }
                }
                "server" => {
                    for (k, v) in value.as_table().into_iter().flatten() {
                        match k.as_str() {
                            "streams" | "tables" => {
                                s.declared.server_streams.extend(strings(file, k, v)?)
                            }
                            "plugins" => s.declared.server_plugins = strings(file, k, v)?,
                            "functions" => s.declared.server_functions = strings(file, k, v)?,
                            _ => return Err(unknown(file, k, SERVER_KEYS, " in [server]")),
                        }
                    }
                }
                "secrets" => {
                    for (k, v) in value.as_table().into_iter().flatten() {
                        match k.as_str() {
                            "names" => s.declared.secret_names = strings(file, k, v)?,
                            _ => return Err(unknown(file, k, SECRET_KEYS, " in [secrets]")),
                        }
                    }
                }
                _ => return Err(unknown(file, key, TOP_KEYS, "")),
            }
        }
        Ok(s)
    }

    /// Reads a config file.
    pub fn load(file: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(file).map_err(|e| ConfigError {
            file: file.to_path_buf(),
            message: format!("cannot read it: {e}"),
        })?;
        Settings::parse(file, &text)
    }

    /// The nearest `kuiperlint.toml` in `dir` or a folder above it, if any.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let dir = dir.canonicalize().ok()?;
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    /// Whether findings of `code` are reported for the file at `path`.
    pub fn enabled(&self, code: &str, path: &Path) -> bool {
        let matches = |rules: &[String]| rules.iter().any(|r| code.starts_with(&r.to_uppercase()));
        if !self.select.is_empty() && !matches(&self.select) {
            return false;
        }
        if matches(&self.ignore) {
            return false;
        }
        let relative = self.relative(path);
        !self
            .per_file_ignores
            .iter()
            .any(|p| p.matcher.is_match(&relative) && matches(&p.codes))
    }

    /// Whether `code` is ignored where a finding of file `path` points (`pointer`, the JSON
    /// pointer of its entry or value): `[per-entry-ignores]` names that entry or one above it.
    pub fn ignored_in_entry(&self, code: &str, path: &Path, pointer: &str) -> bool {
        if self.per_entry_ignores.is_empty() {
            return false;
        }
        let relative = self.relative(path);
        self.per_entry_ignores.iter().any(|e| {
            let inside = pointer == e.pointer
                || pointer
                    .strip_prefix(e.pointer.as_str())
                    .is_some_and(|rest| rest.starts_with('/'));
            inside
                && e.matcher.is_match(&relative)
                && e.codes.iter().any(|c| code.starts_with(&c.to_uppercase()))
        })
    }

    /// `path` relative to the config file's folder, with `/` separators.
    fn relative(&self, path: &Path) -> String {
        let base = self.file.as_deref().and_then(Path::parent);
        let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let rel = base
            .and_then(|b| b.canonicalize().ok())
            .and_then(|b| absolute.strip_prefix(b).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf());
        rel.to_string_lossy().replace('\\', "/")
    }
}

/// Codes ignored in the files one glob matches (`[per-file-ignores]`).
#[derive(Clone, Debug)]
pub struct PerFileIgnore {
    /// The glob as written, relative to the config file's folder.
    pub glob: String,
    pub matcher: GlobMatcher,
    /// Codes or prefixes.
    pub codes: Vec<String>,
}

/// Codes ignored in one entry (`[per-entry-ignores]`).
#[derive(Clone, Debug)]
pub struct PerEntryIgnore {
    /// The key as written: `/rules/r1` or `glob#/rules/r1`.
    pub key: String,
    pub matcher: GlobMatcher,
    /// The entry's JSON pointer, without a trailing `/`.
    pub pointer: String,
    /// Codes or prefixes.
    pub codes: Vec<String>,
}

impl PartialEq for PerEntryIgnore {
    fn eq(&self, other: &Self) -> bool {
        (&self.key, &self.codes) == (&other.key, &other.codes)
    }
}

impl PartialEq for PerFileIgnore {
    fn eq(&self, other: &Self) -> bool {
        (&self.glob, &self.codes) == (&other.glob, &other.codes)
    }
}

/// A glob on `/`-separated paths relative to the config's folder: `*` and `?` stay within a path
/// segment, `**` spans any number of segments, as in `.gitignore` and ruff's settings.
pub fn path_glob(glob: &str) -> Result<GlobMatcher, globset::Error> {
    GlobBuilder::new(glob.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches_path(glob: &str, path: &str) -> bool {
        path_glob(glob).unwrap().is_match(path)
    }

    fn parse(text: &str) -> Result<Settings, ConfigError> {
        Settings::parse(Path::new("/p/kuiperlint.toml"), text)
    }

    #[test]
    fn reads_every_key() {
        let s = parse(
            r#"
            target = "1.14"
            select = ["B", "S"]
            ignore = ["S020"]
            fail-on = "warning"
            [severity]
            B012 = "error"
            [per-file-ignores]
            "legacy/**/*.json" = ["B"]
            [server]
            streams = ["simup"]
            plugins = ["kafka"]
            functions = ["myUdf"]
            [secrets]
            names = ["apiSecret"]
            "#,
        )
        .unwrap();
        assert_eq!(s.target, Some(Version::new(1, 14)));
        assert_eq!(s.fail_on, Some(Severity::Warning));
        assert_eq!(s.severity.get("B012"), Some(&Severity::Error));
        assert_eq!(s.declared.server_streams, ["simup"]);
        assert_eq!(s.declared.server_functions, ["myUdf"]);
        assert!(s.enabled("B001", Path::new("a.json")));
        assert!(!s.enabled("S020", Path::new("a.json")));
        assert!(!s.enabled("X001", Path::new("a.json")), "not selected");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        assert_eq!(
            parse("targt = \"2.4\"").unwrap_err().message,
            "unknown key `targt`; did you mean `target`?"
        );
        assert!(parse("[server]\nstream = []")
            .unwrap_err()
            .message
            .contains("did you mean `streams`?"));
        assert!(parse("[severity]\nB999 = \"error\"")
            .unwrap_err()
            .message
            .contains("not a lint code"));
        assert!(parse("target = \"9.9\"")
            .unwrap_err()
            .message
            .contains("known: 1.8"));
        assert!(parse("select = \"B\"")
            .unwrap_err()
            .message
            .contains("list of strings"));
        assert!(parse("= broken").is_err());
    }

    #[test]
    fn codes_that_select_nothing_are_errors() {
        let message = |text: &str| parse(text).unwrap_err().message;
        assert_eq!(
            message("select = [\"SQL\"]"),
            "`select`: `SQL` is not a lint code or a prefix of one; the families are B, C, G, P, S, X (`kuiperlint rules` lists every code)"
        );
        assert!(message("select = [\"S99\"]").contains("`S99` is not a lint code"));
        assert!(message("ignore = [\"Z\"]").starts_with("`ignore`: `Z` is not"));
        assert!(message("ignore = [\"X0001\"]").contains("did you mean `X001`?"));
        assert!(message("[per-file-ignores]\n\"*.json\" = [\"BOGUS\"]")
            .starts_with("`per-file-ignores.\"*.json\"`: `BOGUS` is not"));
        // Prefixes and codes in any case are fine.
        assert!(parse("select = [\"s\", \"S02\", \"x001\"]\nignore = [\"P\"]").is_ok());
    }

    #[test]
    fn globs() {
        assert!(matches_path("legacy/**/*.json", "legacy/a/b/c.json"));
        assert!(matches_path("legacy/**/*.json", "legacy/c.json"));
        assert!(matches_path("*.json", "a.json"));
        assert!(!matches_path("*.json", "dir/a.json"));
        assert!(matches_path("**/*.sql", "x/y.sql"));
        assert!(matches_path("r?.json", "r1.json"));
        assert!(!matches_path("legacy/*.json", "other/a.json"));
    }
}
