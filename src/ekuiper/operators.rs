//! The operator node kinds of graph rules (`graph: {nodes, topo}`), per version.

use super::version::Version;

/// The operator kinds eKuiper builds in, lower case (it lower-cases `nodeType` before looking
/// them up). `script` is an extension node registered by builds with JavaScript support, which
/// the release builds have.
const OPERATORS: &[&str] = &[
    "function", "aggfunc", "filter", "pick", "window", "join", "groupby", "orderby", "switch",
    "script",
];
/// Operators from 1.11 on: `watermark` came with the 1.11 planner
/// (`internal/topo/planner/planner_graph.go`, absent at 1.10.0).
const OPERATORS_SINCE_1_11: &[&str] = &["watermark"];

/// The release that brought `watermark`.
pub const WATERMARK_SINCE: Version = Version::new(1, 11);

/// The operator kinds of the target version.
pub fn graph_operators(target: Version) -> impl Iterator<Item = &'static str> {
    let later = if target >= WATERMARK_SINCE {
        OPERATORS_SINCE_1_11
    } else {
        &[]
    };
    OPERATORS.iter().chain(later).copied()
}
