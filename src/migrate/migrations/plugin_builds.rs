use crate::bundle::json::Value;
use crate::bundle::SectionKind;
use crate::migrate::{declare_migration, Applies, Cx};

declare_migration! {
    /// ## What it does
    /// On a migration between different eKuiper versions, warns at every `nativePlugins` entry
    /// and every `Schema` entry with a `soFile`: each names a shared object (`.so`) built for
    /// one eKuiper version. When the URL or path carries a version (`kuiper-plugins/1.8.1/`,
    /// `_v1.14.0`), the warning names it. It rewrites nothing.
    ///
    /// ## Why
    /// Native plugins and compiled schemas are Go plugins: Go loads a plugin only when it was
    /// built with the same Go toolchain and the same versions of every shared package as the
    /// program loading it, so a plugin built for one eKuiper release fails to load in another.
    /// The entry must point at a build for the target version (or be rebuilt from source).
    ///
    /// ## Example
    /// `"nativePlugins": {"sinks_zmq": "{\"file\": \"…/kuiper-plugins/1.8.1/…/zmq_amd64.zip\"}"}`
    /// migrated to 2.4 → warning at `"sinks_zmq"`: built for 1.8.1.
    ///
    /// ## Evidence
    /// eKuiper loads native plugins and schema `.so` files with Go's `plugin.Open`
    /// (`internal/plugin/native/manager.go:830@v2.4.0`, `:744@v1.14.0`;
    /// `internal/converter/static/load.go:26@v2.4.0`), whose documentation requires the same
    /// toolchain and package versions.
    /// Only applies when the source and target version ranges do not overlap: a migration
    /// within one release changes no build.
    pub static MIGRATION = {
        code: "M017",
        name: "plugin-builds-per-version",
        applies: Applies::Always,
        kind: Warn,
        summary: "Warn: native plugins and schema .so files are built for one eKuiper version",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    // Without a sure difference of version there is nothing sure to say.
    if cx.from.intersect(&cx.to).is_some() {
        return;
    }
    let target = format!("{}.{}", cx.to.lo.major, cx.to.lo.minor);
    for (kind, field, noun) in [
        (SectionKind::NativePlugins, "file", "native plugin"),
        (SectionKind::Schema, "soFile", "schema"),
    ] {
        for entry in cx.json_entries(kind) {
            let Some(Value::String(location)) = entry.value.field(field).map(|m| &m.value.value)
            else {
                continue;
            };
            let built = version_in(&location.value)
                .map(|v| format!(" (its `{field}` names version {v})"))
                .unwrap_or_default();
            let message = format!(
                "{noun} `{}` is a Go plugin built for one eKuiper version{built}; point `{field}` at a build for {target} before importing",
                entry.entry.name()
            );
            cx.warn(entry.entry.member.key_span, message);
        }
    }
}

/// The first `MAJOR.MINOR.PATCH` in a URL or path (`kuiper-plugins/1.8.1/`, `_v1.14.0.zip`).
fn version_in(location: &str) -> Option<&str> {
    let bytes = location.as_bytes();
    (0..bytes.len()).find_map(|start| {
        if !bytes[start].is_ascii_digit()
            || (start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.'))
        {
            return None;
        }
        let mut end = start;
        let mut dots = 0;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            dots += usize::from(bytes[end] == b'.');
            end += 1;
        }
        let candidate = location[start..end].trim_end_matches('.');
        let parts: Vec<&str> = candidate.split('.').collect();
        (dots >= 2 && parts.len() == 3 && parts.iter().all(|p| !p.is_empty())).then_some(candidate)
    })
}

#[cfg(test)]
mod tests {
    use super::version_in;

    #[test]
    fn finds_the_version_a_location_names() {
        assert_eq!(
            version_in("https://packages.emqx.net/kuiper-plugins/1.8.1/debian/sinks/zmq_amd64.zip"),
            Some("1.8.1")
        );
        assert_eq!(version_in("file:///tmp/zmq_v1.14.0.zip"), Some("1.14.0"));
        assert_eq!(version_in("/opt/plugins/zmq_amd64.zip"), None);
        assert_eq!(version_in("http://10.0.0.1:8080/zmq.zip"), None);
    }
}
