//! The source and sink types built into every eKuiper build.

/// Source types every eKuiper build has (`internal/binder/io/builtin.go`).
pub const BUILTIN_SOURCES: &[&str] = &[
    "mqtt",
    "httppull",
    "httppush",
    "memory",
    "file",
    "neuron",
    "edgex",
    "redis",
    "redisSub",
    "simulator",
    "websocket",
];
/// Sink types every eKuiper build has.
pub const BUILTIN_SINKS: &[&str] = &[
    "mqtt",
    "rest",
    "log",
    "nop",
    "memory",
    "file",
    "redis",
    "redisPub",
    "edgex",
    "neuron",
    "websocket",
];
