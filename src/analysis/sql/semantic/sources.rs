//! The sources of a query: FROM and JOIN entries, resolved against the catalog.

use super::*;

impl<'a> Analyzer<'a> {
    /// The sources the catalog resolves (their declared fields are what `"name"` may mean).
    pub(super) fn collect_declared(&mut self) {
        let Some(cat) = self.catalog else {
            return;
        };
        self.declared = self
            .info
            .sources
            .iter()
            .map(|s| cat.source(&s.name))
            .collect();
    }

    pub(super) fn is_source_name(&self, q: &str) -> bool {
        self.info
            .sources
            .iter()
            .any(|s| s.name == q || s.alias.as_deref() == Some(q))
    }

    pub(super) fn add_source(&mut self, rel: &TableFactor) {
        match rel {
            TableFactor::Table {
                name, alias, args, ..
            } => {
                let r = self.range(name.span());
                if name.0.len() != 1 || args.is_some() {
                    self.err(
                        SqlProblemKind::OtherDialect,
                        r.clone(),
                        "a source is a single stream or table name",
                    );
                }
                if let Some(id) = object_name_last(name) {
                    self.check_reserved(id);
                }
                if let Some(a) = alias {
                    self.check_reserved(&a.name);
                }
                let n = object_name_last(name).map(ident_value).unwrap_or_default();
                let (alias_name, alias_span) = match alias {
                    Some(a) => {
                        let ar = self.range(a.name.span);
                        if !a.explicit {
                            let p = self.err(
                                SqlProblemKind::OtherDialect,
                                ar.clone(),
                                format!("source alias `{}` without AS", a.name.value),
                            );
                            p.help = Some(format!(
                                "write `{n} AS {}`: without AS eKuiper glues the words into one source name `{n}{}`",
                                a.name.value, a.name.value
                            ));
                        }
                        (Some(a.name.value.clone()), Some(ar))
                    }
                    None => (None, None),
                };
                self.info.sources.push(SourceRef {
                    name: n,
                    name_span: r,
                    alias: alias_name,
                    alias_span,
                });
            }
            other => {
                let r = self.range(other.span());
                self.err(
                    SqlProblemKind::OtherDialect,
                    r,
                    "subqueries and table functions are not eKuiper sources",
                )
                .help = Some("read a stream or table by name".into());
            }
        }
    }
}
