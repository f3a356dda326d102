//! The analyses lints read: facts and problems about a file, with no lint codes and no output.
//! Each is built once per pass ([`pass::PassContext`]) and shared read-only by the lints.

pub mod configs;
pub mod declared;
pub mod dependencies;
pub mod graph_rules;
pub mod pass;
pub mod project;
pub mod schema;
pub mod secrets;
pub mod sql;
