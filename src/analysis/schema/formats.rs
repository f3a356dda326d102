//! The custom `format`s our schemas use (see schemas/README.md). Written by hand rather than as
//! regular expressions: they are short, and this keeps a regex engine out of our own code.

/// A Go `time.ParseDuration` string (`300ms`, `1.5h`, `2h45m`, `-1s`) or `0`.
pub fn go_duration(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s == "0" {
        return true;
    }
    let mut rest = s;
    let mut parts = 0;
    while !rest.is_empty() {
        let int = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after_int = &rest[int..];
        let frac = after_int
            .strip_prefix('.')
            .map(|f| 1 + f.bytes().take_while(u8::is_ascii_digit).count())
            .unwrap_or(0);
        if int == 0 && frac <= 1 {
            return false;
        }
        rest = &rest[int + frac..];
        let unit = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
            .into_iter()
            .find(|u| rest.starts_with(u));
        let Some(unit) = unit else { return false };
        rest = &rest[unit.len()..];
        parts += 1;
    }
    parts > 0
}

/// A robfig/cron standard spec: five fields, a descriptor (`@daily`, `@every 5m`), with an
/// optional `CRON_TZ=`/`TZ=` prefix.
pub fn cron(s: &str) -> bool {
    let mut s = s.trim();
    if let Some((tz, rest)) = s.split_once(' ') {
        if tz.starts_with("CRON_TZ=") || tz.starts_with("TZ=") {
            s = rest.trim();
        }
    }
    if let Some(d) = s.strip_prefix("@every ") {
        return go_duration(d.trim());
    }
    if s.starts_with('@') {
        return matches!(
            s,
            "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily" | "@midnight" | "@hourly"
        );
    }
    let fields: Vec<&str> = s.split_whitespace().collect();
    fields.len() == 5 && fields.iter().all(|f| f.split(',').all(cron_item))
}

/// One comma-separated item of a cron field: `*`, `?`, `5`, `1-5`, `MON-FRI`, each with `/step`.
fn cron_item(item: &str) -> bool {
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (item, None),
    };
    let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric());
    let range_ok = match range {
        "*" | "?" => true,
        r => match r.split_once('-') {
            Some((a, b)) => word(a) && word(b),
            None => word(r),
        },
    };
    range_ok && step.is_none_or(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

/// `YYYY-MM-DD hh:mm:ss`, the layout of `cronDatetimeRange` begin/end.
pub fn ekuiper_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in [
            "0", "5s", "1m30s", "1.5h", "-1s", "300ms", "2h45m", ".5s", "1µs", "+3m",
        ] {
            assert!(go_duration(ok), "{ok}");
        }
        for bad in ["", "5", "s", "1x", "1 s", "1.s5", "PT5S", "1sm", "."] {
            assert!(!go_duration(bad), "{bad}");
        }
    }

    #[test]
    fn crons() {
        for ok in [
            "*/5 * * * *",
            "0 9 * * MON-FRI",
            "@daily",
            "@every 1h30m",
            "CRON_TZ=Asia/Shanghai 0 1 * * *",
            "0,30 * * * ?",
        ] {
            assert!(cron(ok), "{ok}");
        }
        for bad in [
            "* * * *",
            "@sometimes",
            "@every x",
            "* * * * * *",
            "*/ * * * *",
        ] {
            assert!(!cron(bad), "{bad}");
        }
    }

    #[test]
    fn datetimes() {
        assert!(ekuiper_datetime("2024-01-31 23:59:00"));
        assert!(!ekuiper_datetime("2024-01-31T23:59:00"));
        assert!(!ekuiper_datetime("2024-1-31 23:59:00"));
    }
}
