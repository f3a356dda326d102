use crate::ekuiper::version::{Crossing, Version};
use crate::migrate::{declare_migration, Applies, Cx};

/// The first release with the new behaviour.
const AT: Version = Version::release(2, 0, 1);

declare_migration! {
    /// ## What it does
    /// Adds `"sendError": true` to the options of every rule that does not set `sendError`, when
    /// the bundle goes from 2.0.0 or older to 2.0.1 or later. The options object is created when
    /// the rule has none. When it is not certain that the bundle crosses 2.0.1 (a guessed source
    /// version, or `--from 2.0` / `--to 2.0`, which include both 2.0.0 and 2.0.1), it warns
    /// instead.
    ///
    /// ## Why
    /// eKuiper 2.0.1 changed the default of `sendError` from `true` to `false` (built-in default
    /// and `etc/kuiper.yaml`). A rule that relied on the old default stops sending error events
    /// to its sinks after the upgrade. Writing the old default explicitly keeps the behaviour. If
    /// the old server had `sendError: false` in its `kuiper.yaml`, remove the added option.
    ///
    /// ## Example
    /// `"{\"id\":\"r1\",\"sql\":\"…\",\"actions\":[…]}"` →
    /// `"{\"id\":\"r1\",\"sql\":\"…\",\"actions\":[…],\"options\":{\"sendError\":true}}"`
    ///
    /// ## Evidence
    /// `internal/conf/conf.go` and `etc/kuiper.yaml` @v2.0.0 (true) vs @v2.0.1 (false)
    /// (migration.md C4).
    pub static MIGRATION = {
        code: "M011",
        name: "send-error-default",
        applies: Applies::Crossing(AT),
        kind: Auto,
        summary: "Keep the old `sendError: true` default explicitly (default became false in 2.0.1)",
        run: run,
    };
}

fn run(cx: &mut Cx) {
    let apply = match cx.crossing(AT) {
        Crossing::No => return,
        Crossing::Yes => true,
        Crossing::Maybe => false,
    };
    for r in cx.rules() {
        let options = r.value.field("options");
        if let Some(o) = options {
            if o.value.as_object().is_none() || o.value.field("sendError").is_some() {
                continue;
            }
        }
        let name = r.entry.name();
        let span = match options {
            Some(o) => r.layer.to_file(o.key_span),
            None => r.entry.member.key_span,
        };
        if !apply {
            cx.warn(
                span,
                format!("rule `{name}` does not set `sendError`: its default became false in eKuiper 2.0.1; if the bundle comes from 2.0.0 or older, add `\"sendError\": true` to keep error events (or pass --from to let migrate decide)"),
            );
            continue;
        }
        let edit = match options {
            Some(o) => {
                r.layer
                    .append_members(&o.value, r.value, &[("sendError".into(), "true".into())])
            }
            None => {
                let colon = r.layer.colon_of(r.value);
                let value = format!("{{\"sendError\"{colon}true}}");
                r.layer
                    .append_members(r.value, r.value, &[("options".into(), value)])
            }
        };
        cx.apply(
            span,
            format!("rule `{name}`: set `sendError` to true, the default before eKuiper 2.0.1"),
            vec![edit],
        );
    }
}
