//! Durations: eKuiper 2.x writes them as Go duration strings (`"1s"`) where 1.x took
//! milliseconds; several migrations rewrite one into the other.

use super::*;

/// A number of milliseconds as Go's `time.Duration.String()` prints it (`5000` → `5s`, `300000`
/// → `5m0s`, `1500` → `1.5s`, `0` → `0s`). None when Go's nanosecond count would overflow.
pub fn go_duration_ms(ms: i64) -> Option<String> {
    const MAX_MS: u64 = (i64::MAX as u64) / 1_000_000;
    let neg = ms < 0;
    let u = ms.unsigned_abs();
    if u > MAX_MS {
        return None;
    }
    let body = if u == 0 {
        "0s".to_string()
    } else if u < 1000 {
        format!("{u}ms")
    } else {
        let frac = u % 1000;
        let secs = u / 1000;
        let s = secs % 60;
        let mins = secs / 60;
        let sec = if frac == 0 {
            format!("{s}s")
        } else {
            let f = format!("{frac:03}");
            format!("{s}.{}s", f.trim_end_matches('0'))
        };
        match (mins / 60, mins % 60) {
            (0, 0) => sec,
            (0, m) => format!("{m}m{sec}"),
            (h, m) => format!("{h}h{m}m{sec}"),
        }
    };
    Some(if neg { format!("-{body}") } else { body })
}

/// What a duration-valued JSON value holds, read as eKuiper 2.x reads a legacy value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationValue {
    /// Whole milliseconds (a JSON integer, or a float with no fraction).
    Millis(i64),
    /// A string of digits (`"5000"`): eKuiper's `cast.ToInt(…, CONVERT_ALL)` takes it as ms.
    NumericString(i64),
    /// A number with a fraction: eKuiper truncates it.
    Fraction(String),
    /// Already a duration string, or something else: left alone.
    Other,
}

pub fn duration_value(text: &str, node: &Node) -> DurationValue {
    match &node.value {
        Value::Number => {
            let t = &text[node.span.range()];
            if let Ok(i) = t.parse::<i64>() {
                return DurationValue::Millis(i);
            }
            match t.parse::<f64>() {
                Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => DurationValue::Millis(f as i64),
                Ok(_) => DurationValue::Fraction(t.to_string()),
                Err(_) => DurationValue::Other,
            }
        }
        Value::String(s) => {
            let v = s.value.trim_start_matches('-');
            if !v.is_empty() && v.len() < 16 && v.bytes().all(|b| b.is_ascii_digit()) {
                s.value
                    .parse::<i64>()
                    .map_or(DurationValue::Other, DurationValue::NumericString)
            } else {
                DurationValue::Other
            }
        }
        _ => DurationValue::Other,
    }
}
