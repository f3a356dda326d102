//! The bundle generator shared by the `gen_bundle` example and the benchmarks.

use std::fmt::Write;

/// A small deterministic generator (xorshift), so the same seed gives the same bundle everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// A bundle with `rules` rules, one stream per ten rules (every other one with a schema), a few
/// tables, source/sink configs, and rules whose SQL varies (windows, joins, aggregates, CASE, `->`).
pub fn bundle(rules: usize, seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let streams = rules.div_ceil(10).max(1);
    let mut out = String::from("{\n  \"streams\": {\n");
    for i in 0..streams {
        let schema = if i % 2 == 0 {
            "(deviceId STRING, temperature FLOAT, humidity BIGINT, status STRING, ts BIGINT, payload STRUCT(a BIGINT, b STRING))"
        } else {
            "()"
        };
        let sql = format!(
            "CREATE STREAM s{i} {schema} WITH (DATASOURCE=\"devices/{i}/#\", FORMAT=\"json\", TYPE=\"mqtt\", CONF_KEY=\"conf{}\", SHARED=\"true\")",
            i % 4
        );
        let sep = if i + 1 == streams { "" } else { "," };
        let _ = writeln!(out, "    {}: {}{sep}", quote(&format!("s{i}")), quote(&sql));
    }
    out.push_str("  },\n  \"tables\": {\n");
    for i in 0..2 {
        let sql = format!(
            "CREATE TABLE t{i} (deviceId STRING, location STRING, threshold FLOAT) WITH (DATASOURCE=\"lookup{i}.json\", TYPE=\"file\", FORMAT=\"json\")"
        );
        let _ = writeln!(
            out,
            "    {}: {}{}",
            quote(&format!("t{i}")),
            quote(&sql),
            if i == 0 { "," } else { "" }
        );
    }
    out.push_str("  },\n  \"rules\": {\n");
    for r in 0..rules {
        let s = format!("s{}", rng.below(streams));
        let sql = match rng.below(6) {
            0 => format!("SELECT deviceId, temperature * 1.8 + 32 AS f FROM {s} WHERE temperature > {}", rng.below(50)),
            1 => format!("SELECT deviceId, avg(temperature) AS t, count(*) AS n FROM {s} GROUP BY deviceId, TUMBLINGWINDOW(ss, {})", 5 + rng.below(55)),
            2 => format!("SELECT {s}.deviceId, t{t}.location FROM {s} INNER JOIN t{t} ON {s}.deviceId = t{t}.deviceId WHERE {s}.temperature > t{t}.threshold", t = r % 2),
            3 => format!("SELECT deviceId, CASE WHEN temperature > 30 THEN \"hot\" WHEN temperature < 5 THEN \"cold\" ELSE \"ok\" END AS level FROM {s}"),
            4 => format!("SELECT payload->a AS a, payload->b AS b, lag(temperature) OVER (PARTITION BY deviceId) AS prev FROM {s}"),
            _ => format!("SELECT max(humidity) AS h FROM {s} GROUP BY HOPPINGWINDOW(ss, 10, 5) HAVING max(humidity) > {}", rng.below(100)),
        };
        let action = match rng.below(3) {
            0 => format!("{{\"mqtt\":{{\"server\":\"tcp://broker:1883\",\"topic\":\"alerts/{r}\",\"qos\":1}}}}"),
            1 => "{\"log\":{}}".to_string(),
            _ => format!("{{\"rest\":{{\"url\":\"http://collector:8080/in\",\"method\":\"post\",\"sendSingle\":true}}}},{{\"mqtt\":{{\"resourceId\":\"{}\",\"topic\":\"x/{r}\"}}}}", rng.pick(&["sink0", "sink1"])),
        };
        let rule = format!(
            "{{\"id\":\"rule{r}\",\"sql\":{},\"actions\":[{action}],\"options\":{{\"qos\":{},\"bufferLength\":1024}}}}",
            quote(&sql),
            rng.below(3)
        );
        let sep = if r + 1 == rules { "" } else { "," };
        let _ = writeln!(
            out,
            "    {}: {}{sep}",
            quote(&format!("rule{r}")),
            quote(&rule)
        );
    }
    out.push_str("  },\n  \"sourceConfig\": {\n");
    let confs: Vec<String> = (0..4)
        .map(|i| format!("\"conf{i}\":{{\"server\":\"tcp://broker{i}:1883\",\"qos\":1,\"clientid\":\"edge{i}\"}}"))
        .collect();
    let _ = writeln!(
        out,
        "    \"mqtt\": {}",
        quote(&format!("{{{}}}", confs.join(",")))
    );
    out.push_str("  },\n  \"sinkConfig\": {\n");
    let _ = writeln!(
        out,
        "    \"mqtt\": {}",
        quote("{\"sink0\":{\"server\":\"tcp://broker0:1883\"},\"sink1\":{\"server\":\"tcp://broker1:1883\"}}")
    );
    out.push_str("  },\n  \"connectionConfig\": {},\n  \"nativePlugins\": {},\n  \"portablePlugins\": {},\n  \"Service\": {},\n  \"Schema\": {},\n  \"uploads\": {},\n  \"scripts\": {}\n}\n");
    out
}
