//! Checks that need the catalog: fields against declared schemas, STRUCT paths, lookup joins.

use super::*;

impl<'a> Analyzer<'a> {
    pub(super) fn catalog_checks(&mut self) {
        if self.catalog.is_none() {
            return;
        }
        // resolved once, by collect_declared
        let resolved = self.declared.clone();
        for (i, &r) in resolved.iter().enumerate() {
            let s = &self.info.sources[i];
            if r.is_none() {
                let span = s.name_span.clone();
                let msg = format!("`{}` is not a stream or table defined here", s.name);
                let help = format!("create it first; eKuiper says: fail to get stream {}, please check if stream is created", s.name);
                self.err(SqlProblemKind::UnknownStream, span, msg).help = Some(help);
            }
        }
        let ons = std::mem::take(&mut self.join_on_eq);
        self.lookup_join_checks(&resolved, &ons);
        self.join_on_eq = ons;
        let all_known = resolved.iter().all(Option::is_some);
        let streams = resolved
            .iter()
            .flatten()
            .filter(|s| s.kind == SourceKind::Stream)
            .count();
        let tables = resolved
            .iter()
            .flatten()
            .filter(|s| s.kind == SourceKind::Table)
            .count();
        if let Some(w) = &self.info.window {
            if all_known && streams == 0 && tables > 0 {
                let p = self.err(
                    SqlProblemKind::WindowOnTable,
                    w.span.clone(),
                    "a window over tables only: tables are not streams of events",
                );
                p.help = Some("read a stream in FROM and join the table; eKuiper says: cannot run window for TABLE sources".into());
            }
        } else {
            // Any table in the query (lookup or scan) lifts the need
            // (internal/topo/planner/planner.go:734@v2.4.0).
            if !self.info.joins.is_empty() && streams >= 2 && tables == 0 {
                let r = self
                    .info
                    .sources
                    .get(1)
                    .map(|s| s.name_span.clone())
                    .unwrap_or(self.fallback.clone());
                let p = self.err(
                    SqlProblemKind::JoinNeedsWindow,
                    r,
                    "joining streams needs a time or count window in GROUP BY",
                );
                p.help = Some("add GROUP BY TUMBLINGWINDOW(ss, 10) (or another window); eKuiper says: a time window or count window is required to join multiple streams".into());
            }
            if !self.info.dimensions.is_empty() && streams > 0 {
                let r = self.info.dimensions[0].clone();
                let p = self.err(
                    SqlProblemKind::GroupByNeedsWindow,
                    r,
                    "GROUP BY on a stream needs a window",
                );
                p.help = Some("add a window to GROUP BY, e.g. GROUP BY dim, TUMBLINGWINDOW(ss, 10); eKuiper says: select stmt group by should be used with window".into());
            }
        }
        // fields (sources and references are moved out while problems are added, then put
        // back: nothing below reads them through `self`)
        let sources = std::mem::take(&mut self.info.sources);
        let refs = std::mem::take(&mut self.info.field_refs);
        let scope: Vec<(&str, Option<&str>, Option<&SourceStmt>)> = sources
            .iter()
            .zip(resolved.iter())
            .map(|(s, r)| (s.name.as_str(), s.alias.as_deref(), *r))
            .collect();
        // the declared fields of a source, `None` when it has no declared schema
        let schema_of =
            |st: Option<&'a SourceStmt>| -> Option<&'a [crate::analysis::sql::FieldDef]> {
                let f = st?.fields.as_deref()?;
                (!f.is_empty()).then_some(f)
            };
        // One source without a declared schema makes the whole query schemaless: eKuiper then
        // reserves no field and binds any name (isSchemaless, internal/topo/planner/analyzer.go:51
        // and newFieldsMap@v2.4.0). A SCHEMAID replaces the declared fields by the registered
        // schema (convertStreamInfo, analyzer.go:523@v2.4.0), which is not known offline.
        let schemaless = scope.iter().any(|(_, _, st)| {
            schema_of(*st).is_none() || st.is_some_and(|s| s.option("SCHEMAID").is_some())
        });
        let declares = |schema: &[crate::analysis::sql::FieldDef], name: &str| {
            schema.iter().any(|x| x.name.eq_ignore_ascii_case(name))
        };
        for fr in &refs {
            if let Some(q) = &fr.qualifier {
                let src = scope
                    .iter()
                    .find(|(n, a, _)| n == q || *a == Some(q.as_str()));
                if let Some((n, _, st)) = src {
                    if let Some(fd) = st.and_then(|s| s.field(&fr.name)) {
                        self.check_path(fd, fr);
                    }
                    if let Some(schema) = schema_of(*st).filter(|_| !schemaless) {
                        if !declares(schema, &fr.name) {
                            let sug = functions::did_you_mean(
                                &fr.name,
                                schema.iter().map(|x| x.name.as_str()),
                            );
                            let mut msg = format!("`{n}` declares no field `{}`", fr.name);
                            if let Some(s) = sug {
                                msg.push_str(&format!(" (did you mean `{s}`?)"));
                            }
                            let fix = sug.and_then(|s| {
                                crate::analysis::sql::SqlFix::rename(
                                    self.sql, &fr.span, &fr.name, s,
                                )
                            });
                            let p = self.err(SqlProblemKind::UnknownField, fr.span.clone(), msg);
                            p.help = Some(format!("eKuiper says: unknown field {}", fr.name));
                            p.fix = fix.map(Box::new);
                        }
                    }
                }
                continue;
            }
            // sources whose schema declares the field; open = one has no schema
            let mut with_count = 0;
            let mut first_with = None;
            let mut open = false;
            for (n, _, st) in &scope {
                match schema_of(*st) {
                    Some(schema) => {
                        if declares(schema, &fr.name) {
                            with_count += 1;
                            first_with.get_or_insert(*n);
                        }
                    }
                    None => open = true,
                }
            }
            if let (1, Some(w)) = (with_count, first_with) {
                let fd = scope
                    .iter()
                    .find(|(n, _, _)| *n == w)
                    .and_then(|(_, _, st)| st.and_then(|s| s.field(&fr.name)));
                if let Some(fd) = fd {
                    self.check_path(fd, fr);
                }
            }
            if schemaless {
                continue;
            }
            if with_count > 1 {
                let with: Vec<&str> = scope
                    .iter()
                    .filter(|(_, _, st)| schema_of(*st).is_some_and(|s| declares(s, &fr.name)))
                    .map(|(n, _, _)| *n)
                    .collect();
                let p = self.err(
                    SqlProblemKind::AmbiguousField,
                    fr.span.clone(),
                    format!(
                        "`{}` is declared by {}: qualify it",
                        fr.name,
                        with.join(" and ")
                    ),
                );
                p.help = Some(format!(
                    "write {}.{}; eKuiper says: ambiguous field {}",
                    with[0], fr.name, fr.name
                ));
            } else if with_count == 0 && !open && !scope.is_empty() {
                let all: Vec<&str> = scope
                    .iter()
                    .filter_map(|(_, _, st)| st.and_then(|s| s.fields.as_ref()))
                    .flat_map(|f| f.iter().map(|x| x.name.as_str()))
                    .collect();
                let sug = functions::did_you_mean(&fr.name, all.into_iter());
                let names: Vec<&str> = scope.iter().map(|(n, _, _)| *n).collect();
                let mut msg = format!(
                    "no source of this query declares a field `{}` ({})",
                    fr.name,
                    names.join(", ")
                );
                if let Some(s) = sug {
                    msg.push_str(&format!("; did you mean `{s}`?"));
                }
                let fix = sug.and_then(|s| {
                    crate::analysis::sql::SqlFix::rename(self.sql, &fr.span, &fr.name, s)
                });
                let p = self.err(SqlProblemKind::UnknownField, fr.span.clone(), msg);
                p.help = Some(format!("eKuiper says: unknown field {}", fr.name));
                p.fix = fix.map(Box::new);
            }
        }
        drop(scope);
        self.info.sources = sources;
        self.info.field_refs = refs;
    }

    /// Member accesses into a declared STRUCT should name declared members (a warning).
    pub(super) fn check_path(&mut self, fd: &crate::analysis::sql::FieldDef, fr: &FieldRef) {
        if fr.path.is_empty() {
            return;
        }
        let mut ty = &fd.ty;
        let mut shown = fd.name.clone();
        for step in &fr.path {
            // element access through arrays: `arr[0]->x` and `arr[1:2]->x`
            while let (PathStep::Member { .. }, FieldType::Array(elem)) = (step, ty) {
                ty = elem;
            }
            match (step, ty) {
                (PathStep::Index, FieldType::Array(elem)) => {
                    ty = elem;
                    shown.push_str("[]");
                }
                // `a->*` (object projection) names no member.
                (PathStep::Member { name, .. }, _) if name == "*" => return,
                (PathStep::Member { name, span }, FieldType::Struct(members)) => {
                    match members.iter().find(|(m, _)| m.eq_ignore_ascii_case(name)) {
                        Some((_, t)) => {
                            ty = t;
                            shown.push('.');
                            shown.push_str(name);
                        }
                        None => {
                            let sug = functions::did_you_mean(
                                name,
                                members.iter().map(|(m, _)| m.as_str()),
                            );
                            let mut msg = format!("struct `{shown}` declares no member `{name}`");
                            if let Some(sg) = sug {
                                msg.push_str(&format!(" (did you mean `{sg}`?)"));
                            }
                            let members: Vec<&str> =
                                members.iter().map(|(m, _)| m.as_str()).collect();
                            // A warning: eKuiper does not check what follows `->`
                            // (a JsonFieldRef passes DataSourcePlan's field pruning,
                            // internal/topo/planner/dataSourcePlan.go:218@v2.4.0); the value
                            // is simply null.
                            let p = self.warn(SqlProblemKind::UnknownField, span.clone(), msg);
                            p.help = Some(format!(
                                "its members: {}; eKuiper does not check members and yields null",
                                members.join(", ")
                            ));
                            return;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Lookup tables join exactly one stream, with at least one equality in ON.
    pub(super) fn lookup_join_checks(
        &mut self,
        resolved: &[Option<&SourceStmt>],
        ons: &[(usize, bool)],
    ) {
        let lookups: Vec<usize> = resolved
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.is_some_and(|s| {
                    s.kind == SourceKind::Table
                        && s.option("KIND")
                            .is_some_and(|k| k.value.eq_ignore_ascii_case("lookup"))
                })
            })
            .map(|(i, _)| i)
            .collect();
        if lookups.is_empty() {
            return;
        }
        for &li in &lookups {
            let span = self.info.sources[li].name_span.clone();
            let name = self.info.sources[li].name.clone();
            if li == 0 {
                let p = self.err(
                    SqlProblemKind::LookupJoin,
                    span.clone(),
                    format!("lookup table `{name}` cannot be the FROM source"),
                );
                p.help = Some("read the stream in FROM and JOIN the lookup table".into());
                continue;
            }
            // Several lookup joins, and lookup joins beside stream joins, each become a plan
            // of their own (internal/topo/planner/planner.go:738-785@v2.4.0, the same at 1.8.0);
            // only the graph API's join node is limited to one table and one stream.
            if let Some((_, has_eq)) = ons.iter().find(|(i, _)| *i == li) {
                if !has_eq {
                    let p = self.err(
                        SqlProblemKind::LookupJoin,
                        span,
                        format!("the join of lookup table `{name}` has no equality in ON"),
                    );
                    p.help = Some(
                        "a lookup join needs at least one `stream.col = table.col` predicate"
                            .into(),
                    );
                }
            }
        }
    }
}
