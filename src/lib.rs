//! kuiperlint checks eKuiper data bundles offline, before any import.
//!
//! Data flows one way: [`check`] loads a file ([`bundle`]), runs the [`lints`] over it, and hands
//! [`diagnostic::Diagnostic`]s to [`report`], which renders them. The binary (`main.rs`) only
//! parses arguments ([`cli`]) and prints.

pub mod bundle;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod graph;
pub mod lints;
pub mod migrate;
pub mod project;
pub mod report;
pub mod schema;
pub mod secrets;
pub mod sql;
pub mod suggest;
pub mod version;
