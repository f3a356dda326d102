//! What a parsed CREATE STREAM/TABLE must satisfy beyond its syntax: its WITH options (known
//! keys, value types, what each kind of source allows, combinations) and its fields.

use super::*;

/// Semantic checks of a parsed CREATE statement.
pub(super) fn check_source(_sql: &str, s: &SourceStmt, problems: &mut Vec<SqlProblem>) {
    // duplicate fields
    if let Some(fields) = &s.fields {
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        for f in fields {
            if let Some(prev) = seen.insert(f.name.to_ascii_lowercase(), f.name_span.clone()) {
                problems.push(duplicate_field(&f.name, f.name_span.clone(), prev));
            }
        }
    }
    // options
    let mut seen: HashMap<String, &StreamOption> = HashMap::new();
    for o in &s.options {
        let upper = o.key.to_ascii_uppercase();
        if !OPTION_KEYS.contains(&upper.as_str()) {
            let mut p = SqlProblem::error(
                SqlProblemKind::UnknownOption,
                o.key_span.clone(),
                format!("unknown WITH option `{}`", o.key),
            );
            let ek = format!("found \"{upper}\", unknown option keys({UNKNOWN_KEYS_TEXT}).");
            p = match did_you_mean(&upper, OPTION_KEYS.iter().copied()) {
                Some(s) => p.with_help(format!("did you mean `{s}`? eKuiper says: {ek}")),
                None => p.with_help(format!(
                    "known options: {}; eKuiper says: {ek}",
                    OPTION_KEYS.join(", ")
                )),
            };
            problems.push(p);
            continue;
        }
        if let Some(&(_, since)) = crate::ekuiper::sql_syntax::STREAM_OPTIONS_SINCE
            .iter()
            .find(|(k, _)| *k == upper)
        {
            // Reported only for a target older than the release that added the option.
            problems.push(
                SqlProblem::error(
                    SqlProblemKind::UnknownOption,
                    o.key_span.clone(),
                    format!("WITH option `{}` is new in eKuiper {since}", o.key),
                )
                .with_help(format!(
                    "the target's parser does not know it; eKuiper says: found \"{upper}\", unknown option keys(...)."
                ))
                .before(since),
            );
        }
        if let Some(prev) = seen.insert(upper.clone(), o) {
            problems.push(
                SqlProblem::warning(
                    SqlProblemKind::DuplicateOption,
                    o.key_span.clone(),
                    format!(
                        "option `{}` is given twice; the later value \"{}\" replaces \"{}\"",
                        o.key, o.value, prev.value
                    ),
                )
                .with_help("keep one of them"),
            );
        }
        check_option_value(s, o, &upper, problems);
    }
    let get = |k: &str| s.option(k).map(|o| o.value.clone());
    let kind_opt = get("KIND").map(|v| v.to_ascii_lowercase());
    let format = get("FORMAT").map(|v| v.to_ascii_lowercase());
    // kind-specific options
    for o in &s.options {
        let upper = o.key.to_ascii_uppercase();
        let wrong = match (s.kind, upper.as_str()) {
            (SourceKind::Stream, "KIND") | (SourceKind::Stream, "RETAIN_SIZE") => Some("tables"),
            (SourceKind::Table, "TIMESTAMP") | (SourceKind::Table, "TIMESTAMP_FORMAT") => {
                Some("streams")
            }
            _ => None,
        };
        if let Some(for_what) = wrong {
            problems.push(
                SqlProblem::warning(
                    SqlProblemKind::OptionNotForKind,
                    o.key_span.clone(),
                    format!(
                        "option `{}` only has an effect on {for_what}; this is a {}",
                        o.key,
                        kind_word(s.kind)
                    ),
                )
                .with_help("remove it, or declare the source with the other CREATE kind"),
            );
        }
    }
    // TIMESTAMP must name a declared field
    if let (Some(ts), Some(fields)) = (s.option("TIMESTAMP"), s.fields.as_ref()) {
        if !fields.is_empty() && !ts.value.is_empty() && s.field(&ts.value).is_none() {
            let mut p = SqlProblem::warning(
                SqlProblemKind::TimestampFieldMissing,
                ts.value_span.clone(),
                format!(
                    "TIMESTAMP names `{}`, which is not a declared field of `{}`",
                    ts.value, s.name
                ),
            );
            if let Some(sug) = did_you_mean(&ts.value, fields.iter().map(|f| f.name.as_str())) {
                p = p.with_help(format!("did you mean `{sug}`?"));
            } else {
                p = p.with_help("declare the field, or point TIMESTAMP at an existing one; event-time rules read the timestamp from it");
            }
            problems.push(p);
        }
    }
    // binary format
    if format.as_deref() == Some("binary") {
        let fo = s
            .option("FORMAT")
            .map(|o| o.value_span.clone())
            .unwrap_or(s.name_span.clone());
        if s.kind == SourceKind::Table {
            problems.push(
                SqlProblem::error(
                    SqlProblemKind::OptionConflict,
                    fo.clone(),
                    "FORMAT \"binary\" cannot be used for a table",
                )
                .ekuiper_says("'binary' format is not supported for table"),
            );
        }
        if let Some(fields) = &s.fields {
            if fields.len() > 1 {
                problems.push(
                    SqlProblem::error(
                        SqlProblemKind::OptionConflict,
                        fields[1].name_span.start..fields[fields.len() - 1].ty_span.end,
                        "a FORMAT \"binary\" stream can declare only one field",
                    )
                    .ekuiper_says("'binary' format stream can have only one field"),
                );
            } else if let Some(f) = fields.first() {
                if f.ty != FieldType::Bytea {
                    problems.push(
                        SqlProblem::error(
                            SqlProblemKind::OptionConflict,
                            f.ty_span.clone(),
                            "the field of a FORMAT \"binary\" stream must be bytea",
                        )
                        .ekuiper_says("'binary' format stream can have only 'bytea' type field"),
                    );
                }
            }
        }
    }
    if format.as_deref() == Some("protobuf") && s.option("SCHEMAID").is_none() {
        let fo = s
            .option("FORMAT")
            .map(|o| o.value_span.clone())
            .unwrap_or(s.name_span.clone());
        problems.push(
            SqlProblem::warning(
                SqlProblemKind::OptionConflict,
                fo,
                "FORMAT \"protobuf\" needs a SCHEMAID option",
            )
            .with_help("add SCHEMAID=\"file.Message\" naming the registered protobuf schema"),
        );
    }
    // memory lookup table needs KEY
    if s.kind == SourceKind::Table
        && kind_opt.as_deref() == Some("lookup")
        && get("TYPE").is_some_and(|t| t.eq_ignore_ascii_case("memory"))
        && s.option("KEY").is_none()
    {
        problems.push(
            SqlProblem::error(
                SqlProblemKind::OptionConflict,
                s.name_span.clone(),
                format!("memory lookup table `{}` has no KEY option", s.name),
            )
            .with_help("add KEY=\"<field>\" naming the lookup key; eKuiper says: Option \"key\" is required for memory lookup table."),
        );
    }
}

pub(super) fn check_option_value(
    s: &SourceStmt,
    o: &StreamOption,
    upper: &str,
    problems: &mut Vec<SqlProblem>,
) {
    let v = o.value.as_str();
    let bad = |msg: String, ek: String| {
        SqlProblem::error(SqlProblemKind::BadOptionValue, o.value_span.clone(), msg)
            .ekuiper_says(ek)
    };
    match upper {
        "STRICT_VALIDATION" | "SHARED" | "TEMP"
            if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") =>
        {
            problems.push(bad(
                format!(
                    "option `{}` must be \"true\" or \"false\", found \"{v}\"",
                    o.key
                ),
                format!("found \"{v}\", expect TRUE/FALSE value in {upper} option."),
            ));
        }
        "RETAIN_SIZE" if v.trim().parse::<i64>().is_err() => {
            problems.push(bad(
                format!("option `{}` must be a number, found \"{v}\"", o.key),
                format!("found \"{v}\", expect number value in RETAIN_SIZE option."),
            ));
        }
        "EXTRA" if !is_valid_json(v) => {
            problems.push(bad(
                format!("option `{}` must be a JSON text, found \"{v}\"", o.key),
                "invalid extra option, expect JSON string".to_string(),
            ));
        }
        "FORMAT" => {
            let lower = v.to_ascii_lowercase();
            if !lower.is_empty() && !FORMATS.contains(&lower.as_str()) {
                // eKuiper refuses a format no converter is registered for
                // (pkg/modules/converter.go:37@v2.4.0, internal/xsql/parser.go:1237@v2.4.0), and
                // a custom build or plugin can register more: it depends on the server.
                let mut p = SqlProblem::warning(
                    SqlProblemKind::BadOptionValue,
                    o.value_span.clone(),
                    format!("FORMAT \"{v}\" is not a built-in format; eKuiper refuses the stream unless the server registers it"),
                );
                let ek = format!("option 'format={v}' is invalid");
                p = match did_you_mean(&lower, FORMATS.iter().copied()) {
                    Some(sg) => p.with_help(format!("did you mean \"{sg}\"? eKuiper says: {ek}")),
                    None => p.with_help(format!(
                        "formats: {}; `custom` needs a registered converter. eKuiper says: {ek}",
                        FORMATS.join(", ")
                    )),
                };
                problems.push(p);
            }
        }
        "KIND" => {
            let lower = v.to_ascii_lowercase();
            if s.kind == SourceKind::Table && lower != "scan" && lower != "lookup" {
                // Not checked: any KIND but `lookup` makes a scan table
                // (internal/processor/stream.go:201@v2.4.0).
                problems.push(
                    SqlProblem::warning(
                        SqlProblemKind::BadOptionValue,
                        o.value_span.clone(),
                        format!("KIND \"{v}\" is neither \"scan\" nor \"lookup\"; eKuiper makes a scan table"),
                    )
                    .with_help("tables are `scan` (the default) or `lookup`"),
                );
            }
        }
        _ => {}
    }
}
