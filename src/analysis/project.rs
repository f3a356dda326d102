//! The project view: what the files of one run define, so that a rule in `rules/alert.json` can
//! read a stream created in `streams/sensors.sql` and send to a sink configured in
//! `etc/sinks/mqtt.yaml`, exactly as it could inside one bundle.
//!
//! Which files see the project: the fragments a team keeps in a repository (rule files, lists of
//! rules, `.sql` files, `etc/` config files) see what every file of the run defines. A data bundle
//! does not: importing it wipes the server first (`kuiper import data`), so it can rely on nothing
//! but itself; the YAML export is likewise checked as the self-contained export it is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::analysis::dependencies::NodeKind;
use crate::analysis::sql::SourceStmt;
use crate::bundle::FileKind;

/// What one file defines.
#[derive(Clone, Debug, Default)]
pub struct Definitions {
    /// Its streams and tables, parsed (rules of other files are checked against their schemas).
    pub sources: Vec<SourceStmt>,
    /// Everything it defines, by graph kind and name (`<type>.<confKey>` for configs).
    pub nodes: Vec<(NodeKind, String)>,
    /// The file is a fragment of a project (not a self-contained bundle).
    pub in_project: bool,
}

/// What the files of a run define together.
#[derive(Debug, Default)]
pub struct Project {
    pub sources: Vec<SourceStmt>,
    pub nodes: Vec<(NodeKind, String)>,
    /// Stream and table names that more than one project file creates, with how many files:
    /// eKuiper refuses the second CREATE of a name (`Setnx`, internal/processor/stream.go:222
    /// @v2.4.0), so which definition the server ends up with depends on the order of creation.
    /// Their entry in `sources` is one without a known schema.
    pub conflicts: BTreeMap<String, usize>,
}

impl Project {
    pub fn of<'d>(files: impl IntoIterator<Item = &'d Definitions>) -> Self {
        let mut p = Project::default();
        let mut files_of: BTreeMap<String, usize> = BTreeMap::new();
        for d in files {
            if d.in_project {
                let mut names: Vec<&str> = d.sources.iter().map(|s| s.name.as_str()).collect();
                names.sort_unstable();
                names.dedup();
                for n in names {
                    *files_of.entry(n.to_string()).or_default() += 1;
                }
            }
            p.sources.extend(d.sources.iter().cloned());
            p.nodes.extend(d.nodes.iter().cloned());
        }
        p.conflicts = files_of.into_iter().filter(|(_, n)| *n > 1).collect();
        if !p.conflicts.is_empty() {
            let mut stubs = Vec::new();
            p.sources.retain(|s| {
                if !p.conflicts.contains_key(&s.name) {
                    return true;
                }
                if !stubs.iter().any(|t: &SourceStmt| t.name == s.name) {
                    stubs.push(SourceStmt::of_unknown_schema(s.kind, &s.name));
                }
                false
            });
            p.sources.extend(stubs);
        }
        p
    }
}

/// Whether files of this kind resolve references against the rest of the run.
pub fn sees_project(kind: FileKind) -> bool {
    !matches!(
        kind,
        FileKind::Bundle
            | FileKind::YamlBundle
            | FileKind::PluginMetadata
            | FileKind::OtherYaml
            | FileKind::OtherJson
    )
}

/// `12 rules, 4 streams, 2 source configs in 19 files`: what a run found.
pub fn summary<'d>(files: usize, defs: impl IntoIterator<Item = &'d Definitions>) -> String {
    let mut counts: BTreeMap<NodeKind, usize> = BTreeMap::new();
    for d in defs {
        for (kind, _) in &d.nodes {
            *counts.entry(*kind).or_default() += 1;
        }
    }
    let mut parts = Vec::new();
    for (kind, n) in counts {
        let noun = kind.as_str();
        parts.push(format!("{n} {noun}{}", if n == 1 { "" } else { "s" }));
    }
    let mut out = if parts.is_empty() {
        "nothing defined".to_string()
    } else {
        parts.join(", ")
    };
    let _ = write!(out, " in {files} file{}", if files == 1 { "" } else { "s" });
    out
}
