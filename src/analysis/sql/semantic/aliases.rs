//! Select aliases: what they refer to, whether they aggregate, cycles, and `* EXCEPT(...)` /
//! `* REPLACE(...)`.

use super::*;

impl<'a> Analyzer<'a> {
    pub(super) fn wildcard_options(&mut self) {
        let mut entries: Vec<_> = self.prep.wildcard_opts.iter().collect();
        entries.sort_by_key(|(k, _)| **k);
        for (_, w) in entries {
            let d = EkuiperDialect::default();
            let mut p = Parser::new(&d).with_tokens_with_locations(w.inner.clone());
            if w.is_replace {
                let r = p.parse_comma_separated(|p| {
                    let e = p.parse_expr()?;
                    p.expect_keyword(Keyword::AS)?;
                    let id = p.parse_identifier()?;
                    Ok((e, id))
                });
                match r {
                    Ok(list) if p.peek_token().token == Token::EOF => {
                        for (e, _id) in list {
                            self.walk_top(&e, Clause::Fields, None);
                        }
                    }
                    _ => {
                        self.err(
                            SqlProblemKind::Syntax,
                            w.range.clone(),
                            "REPLACE takes `expression AS name` items",
                        )
                        .help = Some("write * REPLACE(a * 2 AS a, ...)".into());
                    }
                }
            } else {
                let r = p.parse_comma_separated(|p| p.parse_identifier());
                match r {
                    Ok(list) if p.peek_token().token == Token::EOF => {
                        for id in list {
                            let span = self.range(id.span);
                            self.info.field_refs.push(FieldRef {
                                qualifier: None,
                                name: id.value.clone(),
                                span,
                                clause: Clause::Fields,
                                path: Vec::new(),
                            });
                        }
                    }
                    _ => {
                        self.err(
                            SqlProblemKind::Syntax,
                            w.range.clone(),
                            "EXCEPT takes a list of field names",
                        )
                        .help =
                            Some("write * EXCEPT(a, b); eKuiper accepts identifiers only".into());
                    }
                }
            }
        }
    }

    pub(super) fn alias_for(&self, name: &str, ctx: &Ctx) -> Option<&Alias> {
        self.alias_by_name
            .get(name)?
            .iter()
            .map(|&k| &self.aliases[k])
            .find(|a| Some(a.field_idx) != ctx.field_idx)
    }

    pub(super) fn contains_aggregate(&self, e: &Expr, depth: usize) -> bool {
        if depth > MAX_WALK_DEPTH {
            return false;
        }
        let mut found = false;
        visit_children(e, &mut |c| {
            if !found {
                found = self.contains_aggregate(c, depth + 1);
            }
        });
        if let Expr::Function(f) = e {
            let name = object_name_last(&f.name).map_or("", |i| i.value.as_str());
            if functions::lookup(name).is_some_and(|s| s.kind == FunctionKind::Aggregate) {
                return true;
            }
        }
        found
    }

    /// The aliases (indices into `aliases`) that `e`, the expression of field `field_idx`,
    /// refers to.
    pub(super) fn alias_refs(
        &self,
        e: &Expr,
        field_idx: usize,
        depth: usize,
        out: &mut Vec<usize>,
    ) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        if let Some(root) = root_ident(e) {
            if (root.quote_style.is_some() || time_unit(root).is_none())
                && !self.is_source_name(&root.value)
            {
                let alias = self.alias_by_name.get(&root.value).and_then(|ks| {
                    ks.iter()
                        .copied()
                        .find(|&k| self.aliases[k].field_idx != field_idx)
                });
                out.extend(alias);
            }
        }
        visit_children(e, &mut |c| self.alias_refs(c, field_idx, depth + 1, out));
    }

    pub(super) fn check_alias_cycles(&mut self) {
        if self.alias_edges.is_empty() {
            // no alias refers to another: no cycle
            return;
        }
        // graph: alias name -> referenced alias names, one node per name
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for a in &self.aliases {
            let next = ids.len();
            ids.entry(a.name.as_str()).or_insert(next);
        }
        let by_field: HashMap<usize, usize> = self
            .aliases
            .iter()
            .rev()
            .map(|a| (a.field_idx, ids[a.name.as_str()]))
            .collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for (fi, name) in &self.alias_edges {
            if let (Some(&from), Some(&to)) = (by_field.get(fi), ids.get(name.as_str())) {
                edges[from].push(to);
            }
        }
        let cyclic = on_cycles(&edges);
        // The first alias, in field order, that is defined through itself.
        let first = self
            .aliases
            .iter()
            .find(|a| cyclic[ids[a.name.as_str()]])
            .map(|a| (a.name.clone(), a.span.clone()));
        if let Some((start, span)) = first {
            let p = self.err(
                SqlProblemKind::CycledAlias,
                span,
                format!("alias `{start}` is defined through itself via other aliases"),
            );
            p.help = Some("rename the aliases so no alias shadows a field used by another; eKuiper says: select fields have cycled alias".into());
        }
    }
}

/// Which nodes of a directed graph lie on a cycle (a self-loop included): Tarjan's strongly
/// connected components, with an explicit stack so that a long chain of aliases cannot overflow
/// the call stack, in time linear in the size of the graph.
fn on_cycles(edges: &[Vec<usize>]) -> Vec<bool> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low) = (vec![UNSEEN; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut cyclic = vec![false; n];
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to follow)
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(v, i)) = calls.last() {
            if let Some(&w) = edges[v].get(i) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 || edges[v].contains(&v) {
                    for w in component {
                        cyclic[w] = true;
                    }
                }
            }
        }
    }
    cyclic
}
