//! Conformance run against the eKuiper-derived corpus.
