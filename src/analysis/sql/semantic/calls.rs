//! Function calls: the catalog (existence, arity, kind), where each kind may stand, and the
//! literal argument types eKuiper's validators check.

use super::*;

impl<'a> Analyzer<'a> {
    pub(super) fn function(&mut self, f: &Function, whole: &Expr, ctx: Ctx) -> AggClass {
        let name_id = object_name_last(&f.name);
        let name = name_id.map_or("", |i| i.value.as_str());
        let lname = name.to_ascii_lowercase();
        let name_span = name_id
            .map(|i| self.range(i.span))
            .unwrap_or(self.fallback.clone());
        let span = self.call_span(&name_span, whole);
        let sub = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        let mut owned = Vec::new();
        let args = call_args(f, &mut owned);
        self.info.functions.push(FunctionCall {
            name: lname.clone(),
            name_span: name_span.clone(),
            span: span.clone(),
            arg_count: args.len(),
            clause: ctx.clause,
            has_over: f.over.is_some(),
        });
        if let Some(id) = name_id {
            self.check_reserved(id);
        }
        if f.name.0.len() > 1 {
            self.err(
                SqlProblemKind::OtherDialect,
                name_span.clone(),
                "qualified function names are not eKuiper SQL",
            );
        }
        if let FunctionArguments::List(l) = &f.args {
            if l.duplicate_treatment.is_some() || !l.clauses.is_empty() {
                self.err(
                    SqlProblemKind::OtherDialect,
                    span.clone(),
                    "DISTINCT / ORDER BY inside function arguments are not eKuiper SQL",
                );
            }
        }
        if !f.within_group.is_empty() || f.null_treatment.is_some() {
            self.err(
                SqlProblemKind::OtherDialect,
                span.clone(),
                "WITHIN GROUP / IGNORE NULLS are not eKuiper SQL",
            );
        }
        if is_window_name(&lname) {
            // eKuiper parses a window anywhere, plans only the one in GROUP BY, and evaluates
            // one elsewhere to null (valuer.go:570@v2.4.0): accepted, but not what was meant.
            let p = self.err(
                SqlProblemKind::WindowMisplaced,
                span.clone(),
                format!("{lname} is a window: it belongs in GROUP BY; here it is null"),
            );
            p.severity_hint = Severity::Warning;
            p.help = Some(format!(
                "write GROUP BY {name}(...), after WHERE and before HAVING"
            ));
            for a in &args {
                // The time unit of a misplaced window is still a time unit, not a field.
                if matches!(a, Expr::Identifier(id) if time_unit(id).is_some()) {
                    continue;
                }
                self.walk(a, sub);
            }
            return AggClass::Const;
        }
        let spec = functions::lookup(&lname);
        let Some(spec) = spec else {
            let mut msg = format!("unknown function `{name}`");
            let sug = functions::did_you_mean(&lname, functions::names());
            if let Some(s) = sug {
                msg.push_str(&format!(" (did you mean `{s}`?)"));
            }
            let fix = sug
                .and_then(|s| crate::analysis::sql::SqlFix::rename(self.sql, &name_span, name, s));
            let p = self.err(SqlProblemKind::UnknownFunction, name_span, msg);
            p.help = Some(format!("not a built-in function; if it comes from a plugin, install the plugin first. eKuiper says: function {lname} not found"));
            p.fix = fix.map(Box::new);
            let mut c = AggClass::Const;
            for a in &args {
                c = c.join(self.walk(a, sub));
            }
            return c;
        };
        // arity
        let n = args.len();
        let too_few = n < spec.min_args;
        let too_many = spec.max_args.is_some_and(|m| n > m);
        if too_few || too_many {
            let want = match spec.max_args {
                Some(m) if m == spec.min_args => format!("{m}"),
                Some(m) => format!("{} to {m}", spec.min_args),
                None => format!("at least {}", spec.min_args),
            };
            let ek = match spec.max_args {
                Some(m) if m == spec.min_args => {
                    format!("validate function {lname} error: Expect {m} arguments but found {n}.")
                }
                None => format!(
                    "validate function {lname} error: At least has {} argument but found {n}.",
                    spec.min_args
                ),
                _ => format!("validate function {lname} error: wrong number of arguments ({n})"),
            };
            let p = self.err(
                SqlProblemKind::WrongArity,
                span.clone(),
                format!(
                    "{lname}() takes {want} argument{}, found {n}",
                    if want == "1" { "" } else { "s" }
                ),
            );
            p.help = Some(format!("eKuiper says: {ek}"));
        } else {
            self.check_arg_types(spec, &lname, &args, &span);
        }
        // placement by kind
        match spec.kind {
            FunctionKind::Aggregate => {
                if ctx.in_agg {
                    let p = self.err(
                        SqlProblemKind::AggregateNotAllowed,
                        span.clone(),
                        format!("aggregate {lname}() inside another aggregate"),
                    );
                    p.help = Some(format!("aggregates cannot be nested; eKuiper says: invalid argument for func {lname}: aggregate argument is not allowed"));
                }
                match ctx.clause {
                    Clause::Where
                    | Clause::JoinOn
                    | Clause::GroupBy
                    | Clause::WindowFilter
                    | Clause::WindowTrigger => {
                        let cl = clause_name(ctx.clause);
                        let p = self.err(
                            SqlProblemKind::AggregateNotAllowed,
                            span.clone(),
                            format!("aggregate {lname}() is not allowed in {cl}"),
                        );
                        p.help = Some(match ctx.clause {
                            Clause::Where => "eKuiper before 2.3 refuses it (from 2.3 the condition is evaluated over the window); or filter aggregated results with HAVING".to_string(),
                            _ => format!("eKuiper says: Not allowed to call aggregate functions in {cl} clause"),
                        });
                        if ctx.clause == Clause::Where {
                            p.before = Some(crate::ekuiper::sql_syntax::AGGREGATE_IN_WHERE);
                        }
                    }
                    _ => {}
                }
            }
            FunctionKind::Window if ctx.clause != Clause::Fields => {
                let p = self.err(
                    SqlProblemKind::WindowFunctionMisplaced,
                    span.clone(),
                    format!("{lname}() can only be used in the select fields"),
                );
                p.help = Some("eKuiper says: window functions can only be in select fields".into());
                p.pre_validation = true;
            }
            FunctionKind::Srf => {
                if ctx.clause != Clause::Fields {
                    let p = self.err(SqlProblemKind::SetReturningMisplaced, span.clone(), format!("set-returning function {lname}() can only be used in the select fields"));
                    p.help = Some(
                        "eKuiper says: select statement shouldn't has srf except fields".into(),
                    );
                    p.pre_validation = true;
                } else if ctx.in_srf {
                    let p = self.err(
                        SqlProblemKind::SetReturningMisplaced,
                        span.clone(),
                        format!("set-returning function {lname}() nested in another one"),
                    );
                    p.help = Some(
                        "eKuiper says: select clause shouldn't has nested set-returning-functions"
                            .into(),
                    );
                    p.pre_validation = true;
                } else {
                    self.srf_in_fields += 1;
                }
            }
            FunctionKind::Cols if ctx.clause != Clause::Fields => {
                let p = self.err(
                    SqlProblemKind::SetReturningMisplaced,
                    span.clone(),
                    format!("{lname}() can only be used in the select fields"),
                );
                p.help = Some(format!(
                    "eKuiper says: function {lname} can only be used inside the select clause"
                ));
            }
            _ => {}
        }
        // FILTER / OVER
        if let Some(fe) = &f.filter {
            let r = self.expr_range(fe);
            let p = self.err(SqlProblemKind::FilterMisplaced, r, format!("FILTER (WHERE ...) after {lname}(): eKuiper accepts FILTER only after the GROUP BY window"));
            p.help = Some("move the condition into WHERE, or put FILTER (WHERE ...) after the window in GROUP BY; eKuiper says: found \"FILTER\", expected FROM.".into());
        }
        if let Some(over) = &f.over {
            if spec.kind != FunctionKind::Analytic {
                let p = self.err(
                    SqlProblemKind::OverOnNonAnalytic,
                    span.clone(),
                    format!("OVER (...) after {lname}(), which is not an analytic function"),
                );
                p.help = Some(format!("OVER applies to analytic functions (lag, latest, changed_col, had_changed, acc_*); eKuiper says: Found OVER after non analytic function {lname}"));
            }
            match over {
                WindowType::WindowSpec(ws) => {
                    if !ws.order_by.is_empty()
                        || ws.window_frame.is_some()
                        || ws.window_name.is_some()
                    {
                        self.err(
                            SqlProblemKind::OtherDialect,
                            span.clone(),
                            "OVER takes only PARTITION BY and WHEN in eKuiper",
                        )
                        .help = Some("write OVER (PARTITION BY a WHEN cond)".into());
                    }
                    for p in &ws.partition_by {
                        self.walk(p, sub);
                    }
                }
                WindowType::NamedWindow(_) => {
                    self.err(
                        SqlProblemKind::OtherDialect,
                        span.clone(),
                        "named windows are not eKuiper SQL",
                    );
                }
            }
            if let Some(ow) = self.prep.over_when.get(&name_span.start) {
                let (toks, r) = (ow.cond.clone(), ow.range.clone());
                self.side_expr(&toks, r, ctx.clause);
            }
        }
        // arguments
        let arg_ctx = Ctx {
            in_agg: ctx.in_agg || spec.kind == FunctionKind::Aggregate,
            in_srf: ctx.in_srf || spec.kind == FunctionKind::Srf,
            ..sub
        };
        let mut c = AggClass::Const;
        if lname == "meta" || lname == "mqtt" {
            // meta(key) names metadata, not fields
        } else {
            for a in &args {
                c = c.join(self.walk(a, arg_ctx));
            }
        }
        if spec.kind == FunctionKind::Aggregate {
            AggClass::Agg
        } else if c == AggClass::Const && matches!(spec.kind, FunctionKind::Analytic) {
            AggClass::Field
        } else {
            c
        }
    }

    pub(super) fn check_arg_types(
        &mut self,
        spec: &functions::FunctionSpec,
        lname: &str,
        args: &[&Expr],
        _span: &Range<usize>,
    ) {
        let (fixed, variadic) = functions::param_types(spec);
        for (i, a) in args.iter().enumerate() {
            let Some(want) = fixed.get(i).copied().or(variadic) else {
                continue;
            };
            let k = lit_kind(a);
            let bad = match want {
                ParamType::Any => false,
                ParamType::Number => matches!(k, LitKind::Str | LitKind::Bool | LitKind::Time),
                ParamType::Int => matches!(
                    k,
                    LitKind::Float | LitKind::Str | LitKind::Bool | LitKind::Time
                ),
                ParamType::Str => matches!(
                    k,
                    LitKind::Int | LitKind::Float | LitKind::Bool | LitKind::Time
                ),
                ParamType::Bool => matches!(
                    k,
                    LitKind::Int | LitKind::Float | LitKind::Str | LitKind::Time
                ),
                ParamType::MetaRef => !matches!(
                    a,
                    Expr::Identifier(_)
                        | Expr::CompoundIdentifier(_)
                        | Expr::CompoundFieldAccess { .. }
                        | Expr::Wildcard(_)
                ),
                ParamType::CastType => match str_value(a) {
                    Some(s) => !CAST_TYPES.contains(&s),
                    None => k != LitKind::Other,
                },
                ParamType::Condition => k != LitKind::Bool && !is_comparison(a),
                ParamType::IntNotField => {
                    matches!(
                        k,
                        LitKind::Float | LitKind::Str | LitKind::Bool | LitKind::Time
                    ) || matches!(a, Expr::Identifier(_) | Expr::CompoundIdentifier(_))
                }
            };
            if !bad {
                continue;
            }
            let r = self.expr_range(a);
            let r = if r == self.fallback { _span.clone() } else { r };
            let (msg, ek) = match want {
                ParamType::CastType => {
                    let got = str_value(a).unwrap_or("?");
                    let sug = crate::analysis::sql::prepass::ansi_type_to_ekuiper(got);
                    (
                        format!("cast() target \"{got}\" is not an eKuiper type (did you mean \"{sug}\"?)"),
                        format!("validate function cast error: Expect one of following value for the 2nd parameter: {}.", CAST_TYPES.join(", ")),
                    )
                }
                ParamType::MetaRef => (
                    format!("{lname}() takes a metadata key name (meta(topic), meta(*)), not a literal"),
                    format!("validate function {lname} error: Expect meta reference type for parameter {}", i + 1),
                ),
                ParamType::Condition => (
                    format!("argument {} of {lname}() must be true, false or a comparison", i + 1),
                    format!("validate function {lname} error: Expect bool type for parameter {}", i + 1),
                ),
                _ => {
                    let what = match k {
                        _ if matches!(a, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) => {
                            "a field".to_string()
                        }
                        LitKind::Time => "a time-unit keyword".to_string(),
                        LitKind::Str => "a string literal".to_string(),
                        LitKind::Bool => "a boolean literal".to_string(),
                        LitKind::Float => "a float literal".to_string(),
                        _ => "an integer literal".to_string(),
                    };
                    (
                        format!(
                            "argument {} of {lname}() must be {}, found {what}",
                            i + 1,
                            match want {
                                ParamType::Number => "a number",
                                ParamType::Int => "an integer",
                                ParamType::IntNotField => "an integer literal",
                                ParamType::Str => "a string",
                                _ => "a boolean",
                            }
                        ),
                        format!("validate function {lname} error: Expect {} type for parameter {}", functions::param_type_words(want), i + 1),
                    )
                }
            };
            let p = self.err(SqlProblemKind::BadArgument, r, msg);
            p.help = Some(if k == LitKind::Time {
                format!("dd, hh, mi, ss and ms are time-unit keywords; back-quote a field with that name. eKuiper says: {ek}")
            } else {
                format!("eKuiper says: {ek}")
            });
        }
        // value rules of the inline validators
        match lname {
            "lag" => self.not_negative(
                args,
                1,
                "lag() offset must not be negative",
                "validate function lag error: the index should not be a nagtive integer",
            ),
            "mqtt" => {
                if let Some(Expr::Identifier(key)) = args.first().copied() {
                    let name = key.value.to_ascii_lowercase();
                    if name != "topic" && name != "messageid" {
                        let r = self.expr_range(args[0]);
                        let p = self.err(
                            SqlProblemKind::BadArgument,
                            r,
                            format!("mqtt() reads `topic` or `messageid`, not `{}`", key.value),
                        );
                        p.help = Some("use meta(...) for other metadata; eKuiper says: validate function mqtt error: Parameter of mqtt function can be only topic or messageid.".into());
                    }
                }
            }
            "split_value" => self.not_negative(
                args,
                2,
                "split_value() index must not be negative",
                "validate function split_value error: The index should not be a nagtive integer.",
            ),
            "substring" => {
                let s = args.get(1).copied().and_then(int_value);
                let e = args.get(2).copied().and_then(int_value);
                if let Some(sv) = s {
                    if sv < 0 {
                        let r = self.expr_range(args[1]);
                        let p = self.err(
                            SqlProblemKind::BadArgument,
                            r,
                            "substring() start must not be negative",
                        );
                        p.help = Some("eKuiper says: validate function substring error: The start index should not be a nagtive integer.".into());
                    }
                }
                if let (Some(sv), Some(ev)) = (s, e) {
                    if ev < sv {
                        let r = self.expr_range(args[2]);
                        let p = self.err(
                            SqlProblemKind::BadArgument,
                            r,
                            format!("substring() end {ev} is before start {sv}"),
                        );
                        p.help = Some("eKuiper says: validate function substring error: The end index should be larger than start index.".into());
                    }
                }
            }
            _ => {}
        }
    }
}

impl Analyzer<'_> {
    /// Reports argument `i` when it is a negative integer literal, as an inline validator does
    /// (`ekuiper` is its error text).
    fn not_negative(&mut self, args: &[&Expr], i: usize, message: &str, ekuiper: &str) {
        if args
            .get(i)
            .copied()
            .and_then(int_value)
            .is_some_and(|v| v < 0)
        {
            let r = self.expr_range(args[i]);
            let p = self.err(SqlProblemKind::BadArgument, r, message);
            p.help = Some(format!("eKuiper says: {ekuiper}"));
        }
    }
}

/// A comparison or logical operation, which eKuiper's `IsBooleanArg` takes for a boolean
/// (pkg/ast/expr.go:44@v2.4.0); parentheses around it are not.
fn is_comparison(e: &Expr) -> bool {
    use sqlparser::ast::BinaryOperator as Op;
    match e {
        Expr::BinaryOp { op, .. } => matches!(
            op,
            Op::And | Op::Or | Op::Eq | Op::NotEq | Op::Lt | Op::LtEq | Op::Gt | Op::GtEq
        ),
        Expr::Between { .. } | Expr::In { .. } | Expr::Like { .. } => true,
        _ => false,
    }
}
