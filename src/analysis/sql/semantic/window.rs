//! The GROUP BY window: its kind, its arguments, and the clauses that go with it (`OVER`,
//! `FILTER`).

use super::*;

impl<'a> Analyzer<'a> {
    /// The GROUP BY window call.
    pub(super) fn window(&mut self, f: &Function, name: &str) {
        let lname = name.to_ascii_lowercase();
        let name_span = object_name_last(&f.name)
            .map(|i| self.range(i.span))
            .unwrap_or(self.fallback.clone());
        let span = match self.prep.call_end.get(&name_span.start) {
            Some(&end) => name_span.start..end,
            None => name_span,
        };
        if self.info.window.is_some() {
            // eKuiper plans the first window of GROUP BY and drops the others
            // (`Dimensions.GetWindow`, pkg/ast/statement.go:158@v2.4.0).
            let p = self.err(
                SqlProblemKind::WindowMisplaced,
                span.clone(),
                "a second window: eKuiper uses the first one and ignores this one",
            );
            p.severity_hint = Severity::Warning;
            p.help = Some("keep one window in GROUP BY".into());
            return;
        }
        let kind = match lname.as_str() {
            "tumblingwindow" => WindowKind::Tumbling,
            "hoppingwindow" => WindowKind::Hopping,
            "slidingwindow" => WindowKind::Sliding,
            "sessionwindow" => WindowKind::Session,
            "countwindow" => WindowKind::Count,
            _ => WindowKind::State,
        };
        let mut owned = Vec::new();
        let args = call_args(f, &mut owned);
        let n = args.len();
        let arity_ok = match kind {
            WindowKind::Tumbling => n == 2,
            WindowKind::Hopping | WindowKind::Session => n == 3,
            WindowKind::Sliding => n == 2 || n == 3,
            WindowKind::Count | WindowKind::State => n == 1 || n == 2,
        };
        if !arity_ok {
            let (want, ek) = match kind {
                WindowKind::Tumbling => (
                    "2 arguments (unit, size)",
                    format!("The arguments for {lname} should be 2."),
                ),
                WindowKind::Hopping => (
                    "3 arguments (unit, size, interval)",
                    format!("The arguments for {lname} should be 3."),
                ),
                WindowKind::Session => (
                    "3 arguments (unit, max duration, timeout)",
                    format!("The arguments for {lname} should be 3."),
                ),
                WindowKind::Sliding => (
                    "2 or 3 arguments (unit, size[, delay])",
                    "The arguments for slidingwindow should be 2 or 3.".into(),
                ),
                WindowKind::Count => (
                    "1 or 2 arguments (count[, interval])",
                    "Invalid parameter count.".into(),
                ),
                WindowKind::State => (
                    "1 or 2 conditions",
                    "The arguments for statewindow should be 1 or 2.".into(),
                ),
            };
            let p = self.err(
                SqlProblemKind::BadWindow,
                span.clone(),
                format!("{lname} takes {want}, found {n}"),
            );
            p.help = Some(format!("eKuiper says: {ek}"));
        }
        let mut unit = None;
        let mut sizes = Vec::new();
        match kind {
            WindowKind::State => {
                for a in &args {
                    self.walk(
                        a,
                        Ctx {
                            clause: Clause::GroupBy,
                            in_agg: false,
                            in_srf: false,
                            field_idx: None,
                            depth: 0,
                        },
                    );
                }
            }
            WindowKind::Count => {
                // One argument must be a positive integer (parser.go:1078@v2.4.0); of two, both
                // must be integers and the interval no larger than the count (:1084-1093).
                let values: Vec<Option<i64>> = args.iter().map(|a| int_value(a)).collect();
                for (i, (a, value)) in args.iter().zip(&values).enumerate() {
                    let r = self.expr_range(a);
                    match *value {
                        Some(v) if v > 0 => sizes.push(v),
                        Some(v) if args.len() == 2 => {
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!("countwindow argument {} is {v}: eKuiper does not check it, and such a window cannot work", i + 1),
                            );
                            p.severity_hint = Severity::Warning;
                        }
                        _ => {
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!(
                                    "countwindow argument {} must be a positive integer literal",
                                    i + 1
                                ),
                            );
                            p.help = Some(format!("eKuiper says: The {} argument for countwindow is expecting interger literal expression. ", ordinal(i + 1)));
                        }
                    }
                }
                if let [Some(count), Some(interval)] = values[..] {
                    if interval > count {
                        let r = self.expr_range(args[1]);
                        let p = self.err(
                            SqlProblemKind::BadWindow,
                            r,
                            format!(
                                "countwindow interval {interval} is larger than its count {count}"
                            ),
                        );
                        p.help = Some(format!("eKuiper says: The second parameter value {interval} should be less than the first parameter {count}."));
                    }
                }
            }
            _ => {
                if let Some(a0) = args.first() {
                    match a0 {
                        Expr::Identifier(id) if time_unit(id).is_some() => unit = time_unit(id),
                        _ => {
                            let r = self.expr_range(a0);
                            let p = self.err(SqlProblemKind::BadWindow, r, format!("the first argument of {lname} must be a time unit: dd, hh, mi, ss or ms (unquoted)"));
                            p.help = Some(format!("eKuiper says: The 1st argument for {lname} is expecting timer literal expression. One value of [dd|hh|mi|ss|ms]."));
                        }
                    }
                }
                for (i, a) in args.iter().enumerate().skip(1) {
                    match int_value(a) {
                        Some(v) if v > 0 => sizes.push(v),
                        // eKuiper checks only that a time window's sizes are integer literals
                        // (validateWindow, internal/xsql/parser.go:1102@v2.4.0); its docs use
                        // SLIDINGWINDOW(ss, 0, 10) OVER (WHEN ...)
                        // (docs/en_US/example/change_data_capture.md:142@v2.4.0).
                        Some(0) if lname.eq_ignore_ascii_case("slidingwindow") => sizes.push(0),
                        Some(v) => {
                            let r = self.expr_range(a);
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!("{lname} length {v} is not positive: eKuiper does not check it, and such a window cannot work"),
                            );
                            p.severity_hint = Severity::Warning;
                        }
                        None => {
                            let r = self.expr_range(a);
                            let p = self.err(
                                SqlProblemKind::BadWindow,
                                r,
                                format!("argument {} of {lname} must be an integer literal", i + 1),
                            );
                            p.help = Some(format!("eKuiper says: The {} argument for {lname} is expecting interger literal expression. ", ordinal(i + 1)));
                        }
                    }
                }
            }
        }
        // FILTER (WHERE ...)
        let mut filter_span = None;
        if let Some(fe) = &f.filter {
            filter_span = Some(self.expr_range(fe));
            self.walk_top(fe, Clause::WindowFilter, None);
        }
        // OVER (WHEN ...)
        let mut trigger_span = None;
        let name_start = object_name_last(&f.name).map(|i| self.range(i.span).start);
        if let Some(over) = &f.over {
            let since = crate::ekuiper::sql_syntax::WINDOW_OVER_PARTITION;
            match over {
                WindowType::WindowSpec(ws)
                    if ws.order_by.is_empty()
                        && ws.window_frame.is_none()
                        && ws.window_name.is_none() =>
                {
                    if !ws.partition_by.is_empty() {
                        let first = self.expr_range(&ws.partition_by[0]);
                        let last = self.expr_range(&ws.partition_by[ws.partition_by.len() - 1]);
                        let p = self.err(
                            SqlProblemKind::Syntax,
                            first.start..last.end,
                            format!(
                                "`PARTITION BY` in a window's OVER needs eKuiper {} or newer",
                                since.line()
                            ),
                        );
                        p.help =
                            Some("a window before 2.4 takes only `OVER (WHEN condition)`".into());
                        p.before = Some(since);
                        // Not walked: eKuiper's planner does not visit a window's PARTITION BY
                        // (ast.Walk of *Window, pkg/ast/visitor.go:82@v2.4.0), so its names are
                        // not checked against the schema.
                    }
                }
                _ => {
                    self.err(
                        SqlProblemKind::Syntax,
                        span.clone(),
                        "a window takes only `OVER ([WHEN condition] [PARTITION BY expressions])`",
                    );
                }
            }
            match name_start.and_then(|s| self.prep.over_when.get(&s)) {
                Some(ow) => {
                    trigger_span = Some(ow.range.clone());
                    self.side_expr(&ow.cond.clone(), ow.range.clone(), Clause::WindowTrigger);
                }
                None => {
                    let p = self.err(
                        SqlProblemKind::Syntax,
                        span.clone(),
                        "`OVER` after a window needs a WHEN condition before eKuiper 2.4",
                    );
                    p.help = Some("write OVER (WHEN condition)".into());
                    p.before = Some(since);
                }
            }
        }
        self.info.window = Some(WindowInfo {
            kind,
            span,
            unit,
            sizes,
            filter_span,
            trigger_span,
        });
    }
}
