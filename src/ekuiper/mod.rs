//! What we know of eKuiper, per version: its releases, its built-in sources and sinks, and its
//! function catalog. A version fact is written here once, and everything else asks here.

pub mod builtins;
pub mod functions;
pub mod operators;
pub mod plugin_functions;
pub mod sections;
pub mod sql_syntax;
pub mod version;
