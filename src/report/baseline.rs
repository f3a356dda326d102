//! Baselines: the findings a project has accepted for now. `check --write-baseline FILE` records
//! every finding of the run; `check --baseline FILE` then leaves those out, so CI fails on new
//! findings only. A finding is recognised by its file, code, entry (the JSON pointer) and
//! message, not by its line, so edits elsewhere in the file do not bring it back. Each recorded
//! finding covers one finding: a second, identical one is new.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::FileReport;

/// The baseline file: a version, then the findings.
#[derive(Debug, Serialize, Deserialize)]
struct Baseline {
    #[serde(rename = "kuiperlint-baseline")]
    version: u32,
    findings: Vec<Known>,
}

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Known {
    file: String,
    code: String,
    entry: String,
    /// As printed: secrets masked.
    message: String,
}

const VERSION: u32 = 1;

fn known_findings(reports: &[FileReport]) -> Vec<Known> {
    reports
        .iter()
        .flat_map(|r| {
            r.diagnostics.iter().map(|d| Known {
                file: r.source.name.replace('\\', "/"),
                code: d.code.to_string(),
                entry: d.path.clone(),
                message: crate::analysis::secrets::mask(&d.message, &r.masked),
            })
        })
        .collect()
}

/// Writes every finding of `reports` to `path`; returns how many.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize, String> {
    let findings = known_findings(reports);
    let n = findings.len();
    let text = serde_json::to_string_pretty(&Baseline {
        version: VERSION,
        findings,
    })
    .map_err(|e| e.to_string())?;
    crate::migrate::output::write_atomic(path, format!("{text}\n").as_bytes())
        .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))?;
    Ok(n)
}

/// Removes from `reports` the findings `path` records; returns how many were left out.
pub fn apply(path: &Path, reports: &mut [FileReport]) -> Result<usize, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
    let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}: not a kuiperlint baseline (`check --write-baseline` writes one): {e}",
            path.display()
        )
    })?;
    if baseline.version != VERSION {
        return Err(format!(
            "{}: baseline version {} (this kuiperlint reads {VERSION})",
            path.display(),
            baseline.version
        ));
    }
    let mut left: HashMap<Known, usize> = HashMap::new();
    for k in baseline.findings {
        *left.entry(k).or_default() += 1;
    }
    let mut removed = 0;
    for r in reports.iter_mut() {
        let file = r.source.name.replace('\\', "/");
        let masked = r.masked.clone();
        r.diagnostics.retain(|d| {
            let key = Known {
                file: file.clone(),
                code: d.code.to_string(),
                entry: d.path.clone(),
                message: crate::analysis::secrets::mask(&d.message, &masked),
            };
            match left.get_mut(&key) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
    }
    Ok(removed)
}
