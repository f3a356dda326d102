//! Every SQL text of a file, checked once: a bundle's streams and tables, then its rules against
//! them (a window of rules at a time, against the outline's streams and tables), or a `.sql`
//! file's statements. What the `S` lints report, and what rules read for the dependency graph.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::analysis::declared::Declared;
use crate::analysis::dependencies::Read;
use crate::analysis::sql::{self, SourceStmt, SqlProblem, SqlProblemKind};
use crate::bundle::json::Node;
use crate::bundle::{Bundle, Embedded, Entry, SectionKind};
use crate::ekuiper::plugin_functions;
use crate::source::source_map::SourceMap;

/// One SQL text of the file and what checking it found.
pub struct SqlUnit<'a> {
    /// What checking the text found, in spans of the SQL text.
    pub problems: Vec<SqlProblem>,
    /// SQL byte spans → the outer file.
    pub map: SourceMap<'a>,
    /// The bundle entry that holds the SQL; None in a `.sql` file.
    pub entry: Option<EntryLocation<'a>>,
    /// Whether a FROM naming an unknown source is only a warning: in a `.sql` file, and in a
    /// bundle that defines no stream or table at all (one meant for a partial import).
    pub unknown_source_is_warning: bool,
}

/// Where in a bundle entry a SQL text sits.
pub struct EntryLocation<'a> {
    /// The rule, stream or table.
    pub entry: &'a Entry<'a>,
    /// JSON pointer of the SQL inside the decoded entry: `/sql` for a rule, `` for a stream.
    pub pointer: &'static str,
    /// SQL byte spans → the entry's decoded text.
    pub to_entry: SourceMap<'a>,
}

/// A stream or table statement of a bundle, with the entry it came from.
pub struct SourceEntry<'a> {
    /// The stream or table entry.
    pub entry: &'a Entry<'a>,
    /// Its spans are also spans of the entry's decoded text (the entry is the statement), so they
    /// serve as `inner` spans with pointer `""`.
    pub stmt: SourceStmt,
    /// Spans of `stmt` → the outer file.
    pub map: SourceMap<'a>,
}

/// Every SQL text of a file, checked.
#[derive(Default)]
pub struct SqlAnalysis<'a> {
    /// The SQL texts that have problems (only they are reported; a unit per text of a large
    /// bundle would be held for nothing).
    pub units: Vec<SqlUnit<'a>>,
    /// The bundles' streams and tables whose statements parse, in file order.
    pub sources: Vec<SourceEntry<'a>>,
    /// The streams and tables each rule reads (FROM and JOIN).
    pub reads: Vec<Read<'a>>,
    /// Rules whose SQL could not be analysed (broken JSON, graph rules, SQL that does not
    /// parse): what they read is unknown.
    pub rules_unanalysed: usize,
    /// The CREATE statements of a `.sql` file (a bundle's are in `sources`).
    pub file_sources: Vec<SourceStmt>,
    /// What the rules resolved against, kept for rules checked later
    /// ([`SqlAnalysis::of_window`]).
    pub names: Names<'a>,
}

/// What rules of a bundle resolve against besides the built-ins.
#[derive(Default)]
pub struct Names<'a> {
    /// Streams and tables by name, the file's own (in [`SqlAnalysis::sources`]) over those of
    /// other files of the run (`external`): found where they are rather than copied, as a
    /// bundle may hold tens of thousands.
    by_name: HashMap<String, Known>,
    external: Vec<SourceStmt>,
    /// Streams and tables whose statements do not parse: rules reading them are not "unknown".
    unparsed: HashSet<&'a str>,
    functions: BundleFunctions,
    /// Per bundle: whether it defines any stream or table (if not, an unknown FROM is only a
    /// warning: the bundle is meant for a partial import).
    defines_sources: Vec<bool>,
}

/// Where a stream or table of [`Names`] is.
#[derive(Clone, Copy)]
enum Known {
    Own(usize),
    External(usize),
}

/// The streams and tables an analysis knows, as the SQL checker asks for them.
struct KnownSources<'k, 'a> {
    names: &'k Names<'a>,
    sources: &'k [SourceEntry<'a>],
}

impl sql::Catalog for KnownSources<'_, '_> {
    fn source(&self, name: &str) -> Option<&SourceStmt> {
        match *self.names.by_name.get(name)? {
            Known::Own(i) => self.sources.get(i).map(|s| &s.stmt),
            Known::External(i) => self.names.external.get(i),
        }
    }
}

impl Names<'_> {
    /// Functions the bundle brings along.
    pub fn functions(&self) -> &BundleFunctions {
        &self.functions
    }
}

impl<'a> SqlAnalysis<'a> {
    /// Checks the SQL of every bundle (streams and tables first, so rules resolve against them).
    /// `on_server` are streams and tables the target server has already, which rules may read.
    pub fn of_bundles(bundles: &'a [Bundle<'a>], on_server: &[String]) -> Self {
        let server = Declared {
            server_streams: on_server.to_vec(),
            ..Declared::default()
        };
        SqlAnalysis::of_bundles_in(bundles, &server, &[])
    }

    /// Like [`SqlAnalysis::of_bundles`], with the streams and tables other files of the run
    /// define (`external`, overridden by the bundle's own), and what `server` has already
    /// (streams and tables rules may read, functions and plugins they may call).
    pub fn of_bundles_in(
        bundles: &'a [Bundle<'a>],
        server: &Declared,
        external: &[SourceStmt],
    ) -> Self {
        let mut analysis = SqlAnalysis::of_sources(bundles, external);
        analysis.names.functions.declare(server);
        analysis.check_rules(bundles, &server.server_streams, None);
        analysis
    }

    /// The rules of `window` (some rules of the bundles `outline` analysed, as
    /// [`crate::bundle::rules_window`] gives them), checked against what `outline`
    /// found: its streams, tables and functions.
    pub fn of_window<'o>(
        window: &'a [Bundle<'a>],
        outline: &SqlAnalysis<'o>,
        on_server: &[String],
    ) -> Self {
        let mut analysis = SqlAnalysis::default();
        analysis.check_rules(window, on_server, Some(outline));
        analysis
    }

    /// The streams and tables of `bundles`, parsed and checked, and what rules will resolve
    /// against.
    fn of_sources(bundles: &'a [Bundle<'a>], external: &[SourceStmt]) -> Self {
        let mut analysis = SqlAnalysis::default();
        let names = &mut analysis.names;
        names.external = external.to_vec();
        for (i, stmt) in external.iter().enumerate() {
            names.by_name.insert(stmt.name.clone(), Known::External(i));
        }
        // Streams and tables are parsed on the worker pool (`--jobs`) too, then added to the
        // catalog in file order.
        let statements: Vec<(&'a Entry<'a>, &'a Embedded<'a>)> = bundles
            .iter()
            .flat_map(|b| b.entries())
            .filter(|e| e.section.payload() == crate::bundle::Payload::Sql)
            .filter_map(|e| Some((e, e.embedded.as_ref()?)))
            .collect();
        let parsed: Vec<_> = statements
            .par_iter()
            .map(|(_, embedded)| sql::check_source_sql(embedded.text))
            .collect();
        for ((entry, embedded), (stmt, _is_table, problems)) in statements.into_iter().zip(parsed) {
            if !problems.is_empty() {
                analysis.units.push(SqlUnit {
                    problems,
                    map: embedded.map.clone(),
                    entry: Some(EntryLocation {
                        entry,
                        pointer: "",
                        to_entry: SourceMap::file(),
                    }),
                    unknown_source_is_warning: false,
                });
            }
            match stmt {
                Some(stmt) => {
                    names
                        .by_name
                        .insert(stmt.name.clone(), Known::Own(analysis.sources.len()));
                    analysis.sources.push(SourceEntry {
                        entry,
                        stmt,
                        map: embedded.map.clone(),
                    });
                }
                // Its own syntax error is reported; rules reading it are not "unknown".
                None => {
                    names.unparsed.insert(entry.name());
                }
            }
        }
        names.functions = BundleFunctions::of(bundles);
        names.defines_sources = bundles
            .iter()
            .map(|bundle| {
                [SectionKind::Streams, SectionKind::Tables]
                    .into_iter()
                    .any(|k| bundle.section_entries(k).next().is_some())
            })
            .collect();
        analysis
    }

    /// Checks the SQL of the decoded rules of `bundles` against `names` (this analysis' own
    /// when None).
    fn check_rules(
        &mut self,
        bundles: &'a [Bundle<'a>],
        on_server: &[String],
        known: Option<&SqlAnalysis>,
    ) {
        let known = known.unwrap_or(self);
        let names = &known.names;
        let catalog = KnownSources {
            names,
            sources: &known.sources,
        };
        // Rule SQL is where the time goes, and rules are independent: find and check each one's
        // SQL on the worker pool (`--jobs`), in order, then gather the results one by one.
        let rule_count = bundles
            .iter()
            .map(|b| b.section_entries(SectionKind::Rules).count())
            .sum();
        let mut rules = Vec::with_capacity(rule_count);
        for (bundle, defines_sources) in bundles.iter().zip(&names.defines_sources) {
            rules.extend(
                bundle
                    .section_entries(SectionKind::Rules)
                    .filter(|entry| entry.is_decoded())
                    .map(|entry| (entry, *defines_sources)),
            );
        }
        let checked: Vec<_> = rules
            .par_iter()
            .map(|(entry, _)| {
                let (sql, to_entry) = rule_sql(entry)?;
                let (info, mut problems) = sql::check_rule_sql(sql.text, &catalog);
                problems.retain_mut(|p| match p.kind {
                    SqlProblemKind::UnknownStream => {
                        let name = sql.text.get(p.span.clone()).unwrap_or_default();
                        !names.unparsed.contains(name) && !on_server.iter().any(|s| s == name)
                    }
                    SqlProblemKind::UnknownFunction => names
                        .functions
                        .settle(sql.text.get(p.span.clone()).unwrap_or_default(), p),
                    _ => true,
                });
                // Only the sources a rule reads are kept: the rest of what the SELECT told is
                // dropped on the worker, so 10,000 rules never hold all of it at once.
                Some((sql, to_entry, info.map(|i| i.sources), problems))
            })
            .collect();
        self.reads.reserve_exact(
            checked
                .iter()
                .flatten()
                .map(|(_, _, sources, _)| sources.as_ref().map_or(0, Vec::len))
                .sum(),
        );
        for ((entry, defines_sources), checked) in rules.into_iter().zip(checked) {
            let Some((sql, to_entry, info, problems)) = checked else {
                self.rules_unanalysed += 1;
                continue;
            };
            if info.is_none() {
                self.rules_unanalysed += 1;
            }
            for source in info.into_iter().flatten() {
                self.reads
                    .push(Read::new(entry, source.name, &sql, source.name_span));
            }
            if !problems.is_empty() {
                self.units.push(SqlUnit {
                    problems,
                    map: sql.map,
                    entry: Some(EntryLocation {
                        entry,
                        pointer: "/sql",
                        to_entry,
                    }),
                    unknown_source_is_warning: !defines_sources,
                });
            }
        }
    }

    /// Checks a `.sql` file: `;`-separated statements whose names resolve among themselves and
    /// against the streams and tables other files of the run define (`external`).
    pub fn of_sql_file(text: &'a str, external: &[SourceStmt]) -> Self {
        let (problems, file_sources) = sql::check_sql_file_in(text, external);
        SqlAnalysis {
            file_sources,
            units: vec![SqlUnit {
                problems,
                map: SourceMap::file(),
                entry: None,
                unknown_source_is_warning: true,
            }],
            ..SqlAnalysis::default()
        }
    }
}

/// Functions a bundle brings along: JavaScript UDFs (`scripts`) and native function plugins
/// (`functions_<name>`, with their `functions` list). Portable plugins and services declare
/// their functions outside the bundle, so with any of those present an unknown function may
/// come from them.
#[derive(Default)]
pub struct BundleFunctions {
    names: HashSet<String>,
    /// Functions `[server] functions` declares, lower case.
    declared: HashSet<String>,
    /// Plugins `[server] plugins` declares installed.
    plugins: Vec<String>,
    /// Entries (portable plugins, services) that may define functions we cannot list.
    opaque: Vec<String>,
}

impl BundleFunctions {
    pub(crate) fn of(bundles: &[Bundle]) -> Self {
        let mut names = HashSet::new();
        let mut opaque = Vec::new();
        for entry in bundles.iter().flat_map(|b| b.entries()) {
            match entry.section {
                SectionKind::Scripts => {
                    names.insert(entry.name().to_lowercase());
                    let id = entry
                        .json_value()
                        .and_then(|v| v.field("id"))
                        .and_then(|m| m.value.as_str());
                    names.extend(id.map(str::to_lowercase));
                }
                SectionKind::NativePlugins => {
                    if let Some(name) = entry.name().strip_prefix("functions_") {
                        names.insert(name.to_lowercase());
                    }
                    let listed = entry.json_value().and_then(|v| v.field("functions"));
                    if let Some(crate::bundle::json::Value::Array(items)) =
                        listed.map(|m| &m.value.value)
                    {
                        names.extend(items.iter().filter_map(Node::as_str).map(str::to_lowercase));
                    }
                }
                SectionKind::PortablePlugins | SectionKind::Service => {
                    opaque.push(format!("{} `{}`", entry.section.entry_noun(), entry.name()))
                }
                _ => {}
            }
        }
        BundleFunctions {
            names,
            opaque,
            ..BundleFunctions::default()
        }
    }

    /// Adds what `kuiperlint.toml` says the server has: functions, and plugins whose functions
    /// are then there.
    pub(crate) fn declare(&mut self, server: &Declared) {
        self.declared
            .extend(server.server_functions.iter().map(|f| f.to_lowercase()));
        self.plugins = server.server_plugins.clone();
    }

    /// Whether an unknown-function problem for `name` stays, adjusting it when the bundle may
    /// provide the function.
    pub(crate) fn settle(&self, name: &str, p: &mut SqlProblem) -> bool {
        let lname = name.to_lowercase();
        if self.names.contains(&lname) || self.declared.contains(&lname) {
            return false;
        }
        if let Some(plugin) = plugin_functions::plugin_of(&lname) {
            if self.plugins.iter().any(|p| p.eq_ignore_ascii_case(plugin)) {
                return false;
            }
            // The server refuses the rule unless the plugin is installed, which the files
            // cannot tell: a warning naming the plugin.
            p.severity_hint = crate::diagnostic::Severity::Warning;
            p.message =
                format!("function `{name}` comes from eKuiper's `{plugin}` function plugin");
            p.help = Some(format!(
                "install the `{plugin}` plugin on the server (then say so in kuiperlint.toml: [server] plugins = [\"{plugin}\"]), or list the function in [server] functions"
            ));
            return true;
        }
        if !self.opaque.is_empty() {
            p.severity_hint = crate::diagnostic::Severity::Warning;
            p.help = Some(format!(
                "not a built-in function; it may come from {} of this bundle",
                self.opaque.join(", ")
            ));
        }
        true
    }
}

/// A rule's non-empty `sql` string: the statement, and the map from it to the rule's text.
fn rule_sql<'a>(entry: &'a Entry<'a>) -> Option<(Embedded<'a>, SourceMap<'a>)> {
    let rule = entry.json_value()?;
    let node = &rule.field("sql")?.value;
    let crate::bundle::json::Value::String(s) = &node.value else {
        return None;
    };
    if s.value.trim().is_empty() {
        // An empty `sql` means "no SQL" to eKuiper (a graph rule); the rule schema checks it.
        return None;
    }
    let sql = entry.embedded.as_ref()?.nested(node)?;
    Some((sql, SourceMap::file().nested(s.escape_map(node.span))))
}
