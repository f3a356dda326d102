//! kuiperlint checks eKuiper data bundles offline, before any import.
//!
//! Data flows one way, each layer using only those before it:
//! [`source`] (spans, positions, maps through escapes, edits) → [`ekuiper`] (what eKuiper
//! accepts, per version) → [`bundle`] (files read into bundles) → [`analysis`] (SQL,
//! dependencies, configs, graph rules, secrets) → [`diagnostic`] and [`lints`] (the checks) →
//! [`config`] (`kuiperlint.toml`) → [`engine`] (running the lints over files and windows of
//! rules), with [`migrate`] and [`diff`] beside the lints → [`report`] (everything a person or a
//! machine reads) → [`cli`]. The binary (`main.rs`) only parses arguments and prints.
//! `tests/layers.rs` fails on an import that goes the other way.

pub mod analysis;
pub mod bundle;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod ekuiper;
pub mod engine;
pub mod fix;
pub mod lints;
pub mod migrate;
pub mod report;
pub mod server;
pub mod source;
