//! Built-in function catalog (our copy of the data in `functions.tsv`) plus the literal
//! parameter types of eKuiper's argument validators.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of function a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionKind {
    /// Plain per-row function.
    Scalar,
    /// Aggregate over a group or window.
    Aggregate,
    /// Stateful per row; accepts `OVER (PARTITION BY .. WHEN ..)`.
    Analytic,
    /// Multi-column (`changed_cols`): select fields only.
    Cols,
    /// Set-returning (`unnest`): select fields only.
    Srf,
    /// `row_number()`: select fields only.
    Window,
}

/// One catalog row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec {
    /// Lower-case name.
    pub name: String,
    /// Function kind.
    pub kind: FunctionKind,
    /// Fewest arguments.
    pub min_args: usize,
    /// `None` = unbounded.
    pub max_args: Option<usize>,
    /// Name of eKuiper's validator (`ValidateOneNumberArg`, `inline`, `override`, ...).
    pub validator: String,
    /// First eKuiper release with the function (approximate, see `functions.tsv`).
    pub since: String,
    /// Free-text note of the catalog.
    pub note: String,
}

/// Literal parameter type a validator insists on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// No literal check.
    Any,
    /// int or float
    Number,
    /// integer
    Int,
    /// string
    Str,
    /// boolean
    Bool,
    /// field reference (`meta(device)`, `meta(a->b)`, `meta(*)`)
    MetaRef,
    /// one of bigint, float, string, boolean, datetime, bytea
    CastType,
    /// `true`, `false` or a comparison, nothing else (`ast.IsBooleanArg`:
    /// pkg/ast/expr.go:40@v2.4.0): a field or a call is refused too
    Condition,
    /// an integer literal or an expression, but not a field reference
    IntNotField,
}

const DATA: &str = include_str!("functions.tsv");

fn parse_kind(s: &str) -> Option<FunctionKind> {
    Some(match s {
        "scalar" => FunctionKind::Scalar,
        "aggregate" => FunctionKind::Aggregate,
        "analytic" => FunctionKind::Analytic,
        "cols" => FunctionKind::Cols,
        "srf" => FunctionKind::Srf,
        "window" => FunctionKind::Window,
        _ => return None,
    })
}

/// Names eKuiper's parser accepts that the binder catalog (`functions.tsv`) does not list:
/// `dedup_trigger(start, end, ts, limit)` is resolved by the parser itself (it sits in its
/// window-function name table) and is documented for select fields. Arity unverified.
const EXTRA_ROWS: &str =
    "dedup_trigger\tscalar\t3\t4\tparser\t1.7.0\tparser-level; arity unverified";

fn catalog() -> &'static HashMap<String, FunctionSpec> {
    static CATALOG: OnceLock<HashMap<String, FunctionSpec>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut m = HashMap::new();
        for line in DATA.lines().chain(EXTRA_ROWS.lines()) {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("name\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 6 {
                continue;
            }
            let Some(kind) = parse_kind(cols[1]) else {
                continue;
            };
            let Ok(min_args) = cols[2].parse::<usize>() else {
                continue;
            };
            let max_args = match cols[3].parse::<i64>() {
                Ok(n) if n >= 0 => Some(n as usize),
                _ => None,
            };
            let spec = FunctionSpec {
                name: cols[0].to_string(),
                kind,
                min_args,
                max_args,
                validator: cols[4].to_string(),
                since: cols[5].to_string(),
                note: cols.get(6).map(|s| s.to_string()).unwrap_or_default(),
            };
            m.insert(spec.name.clone(), spec);
        }
        m
    })
}

/// Look a built-in function up (case-insensitive).
pub fn lookup(name: &str) -> Option<&'static FunctionSpec> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        catalog().get(&name.to_ascii_lowercase())
    } else {
        catalog().get(name)
    }
}

/// All function names (lower case), for did-you-mean.
pub fn names() -> impl Iterator<Item = &'static str> {
    catalog().keys().map(String::as_str)
}

/// Number of catalog rows.
pub fn count() -> usize {
    catalog().len()
}

/// Scalar functions eKuiper refuses inside an aggregate query (they count per event).
pub fn not_in_aggregate_query(name: &str) -> bool {
    name.eq_ignore_ascii_case("last_hit_count") || name.eq_ignore_ascii_case("last_hit_time")
}

/// Literal parameter types for a function, by position. `variadic` applies to positions past
/// the list. Derived from the named validators of the catalog and, for `inline` validators,
/// from reading them (the literal type rules only: field references always pass).
pub fn param_types(spec: &FunctionSpec) -> (Vec<ParamType>, Option<ParamType>) {
    use ParamType::*;
    match spec.validator.as_str() {
        "ValidateOneNumberArg" => return (vec![Number], None),
        "ValidateTwoNumberArg" => return (vec![Number, Number], None),
        "ValidateOneStrArg" => return (vec![Str], None),
        "ValidateTwoStrArg" => return (vec![Str, Str], None),
        "ValidateTwoIntArg" => return (vec![Int, Int], None),
        "ValidateOneStrOneInt" => return (vec![Str, Int], None),
        "ValidateJsonFunc" => return (vec![Any, Str], None),
        _ => {}
    }
    match spec.name.as_str() {
        "bitnot" | "chr" => (vec![Int], None),
        "concat" => (vec![], Some(Str)),
        "encode" => (vec![Any, Str], None),
        "trunc" => (vec![Number, Int], None),
        "split_value" => (vec![Str, Str, Int], None),
        "substring" => (vec![Str, Int, Int], None),
        "regexp_replace" => (vec![Str, Str, Str], None),
        "cast" => (vec![Any, CastType], None),
        "meta" | "mqtt" => (vec![MetaRef], None),
        // internal/binder/function/funcs_agg.go:199@v2.4.0
        "deduplicate" => (vec![Any, Condition], None),
        // internal/binder/function/funcs_analytic.go:190, :200@v2.4.0
        "lag" => (vec![Any, IntNotField, Any, Bool], None),
        "changed_col" => (vec![Bool, Any], None),
        "had_changed" => (vec![Bool], Some(Any)),
        "changed_cols" => (vec![Str, Bool], Some(Any)),
        _ => (vec![], None),
    }
}

/// eKuiper's wording of a parameter type, as in `Expect <x> type for parameter N`.
pub fn param_type_words(t: ParamType) -> &'static str {
    match t {
        ParamType::Number => "number - float or int",
        ParamType::Int => "int",
        ParamType::Str => "string",
        ParamType::Bool => "bool",
        ParamType::MetaRef => "meta reference",
        ParamType::Condition => "bool",
        ParamType::IntNotField => "int",
        ParamType::CastType | ParamType::Any => "any",
    }
}

/// How an editor shows a function: `name(a, b[, c])` with the literal types its validator
/// insists on (`x` where any value goes), then its kind, since when, and the catalog's note.
pub fn signature(spec: &FunctionSpec) -> String {
    let (types, variadic) = param_types(spec);
    let word = |i: usize| match types.get(i).copied().or(variadic) {
        Some(ParamType::Any) | None => "x".to_string(),
        Some(ParamType::CastType) => CAST_TYPES.join("|"),
        Some(t) => param_type_words(t)
            .split(' ')
            .next()
            .unwrap_or("x")
            .to_string(),
    };
    let shown = spec.max_args.unwrap_or(spec.min_args.max(types.len()) + 1);
    let mut params = String::new();
    for i in 0..shown {
        let sep = if i == 0 { "" } else { ", " };
        if i < spec.min_args {
            params.push_str(&format!("{sep}{}", word(i)));
        } else {
            params.push_str(&format!("[{sep}{}", word(i)));
        }
    }
    params.push_str(&"]".repeat(shown.saturating_sub(spec.min_args)));
    if spec.max_args.is_none() {
        params.push_str(", ...");
    }
    let kind = match spec.kind {
        FunctionKind::Scalar => "scalar function",
        FunctionKind::Aggregate => "aggregate function",
        FunctionKind::Analytic => {
            "analytic function (keeps state per row; OVER (PARTITION BY ... WHEN ...))"
        }
        FunctionKind::Cols => "multi-column function (select fields only)",
        FunctionKind::Srf => "set-returning function (select fields only)",
        FunctionKind::Window => "window function (select fields only)",
    };
    let mut text = format!(
        "{}({params})\n\n{kind}, since eKuiper {}",
        spec.name, spec.since
    );
    if !spec.note.is_empty() {
        text.push_str(&format!("; {}", spec.note));
    }
    text
}

/// Cast target types eKuiper accepts.
pub const CAST_TYPES: &[&str] = &["bigint", "float", "string", "boolean", "datetime", "bytea"];

/// Edit distance for did-you-mean suggestions.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate within a small distance.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    let limit = (w.len() / 3).clamp(1, 3);
    candidates
        .map(|c| (levenshtein(&w, &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}
