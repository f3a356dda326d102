//! The operator node kinds of graph rules (`graph: {nodes, topo}`), per version.

use super::version::Version;

/// The operator kinds eKuiper builds in, lower case (it lower-cases `nodeType` before looking
/// them up). `script` is an extension node registered by builds with JavaScript support, which
/// the release builds have.
const OPERATORS: &[&str] = &[
    "function", "aggfunc", "filter", "pick", "window", "join", "groupby", "orderby", "switch",
    "script",
];
/// Operators of the 2.x planner only.
const OPERATORS_2X: &[&str] = &["watermark"];

/// The operator kinds of the target version.
pub fn graph_operators(target: Version) -> impl Iterator<Item = &'static str> {
    let since_2 = if target >= Version::new(2, 0) {
        OPERATORS_2X
    } else {
        &[]
    };
    OPERATORS.iter().chain(since_2).copied()
}
