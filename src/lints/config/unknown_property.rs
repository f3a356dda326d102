use crate::analysis::pass::PassContext;
use crate::analysis::schema::Problem;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::lints::config::report_config_renaming;
use crate::lints::declare_lint;
use crate::source::suggest::did_you_mean;

declare_lint! {
    /// ## What it does
    /// Reports a property that the schema of a rule, rule option, action, source, sink or
    /// connection config does not declare, with the closest declared name.
    ///
    /// ## Why it matters
    /// eKuiper decodes these objects leniently and ignores keys it does not know, without a
    /// word: a misspelt `bufferLenght` or `qoss` simply has no effect, and the default is used.
    ///
    /// ## Example
    /// ```json
    /// {"sourceConfig": {"mqtt": "{\"plant\": {\"server\": \"tcp://broker:1883\", \"qoss\": 1}}"}}
    /// ```
    ///
    /// ## How to fix
    /// Use the suggested name, or remove the key. `kuiperlint schema sources/mqtt.2.x` shows
    /// every property.
    pub static LINT = {
        code: "C001",
        name: "unknown-property",
        severity: Warning,
        summary: "A property eKuiper does not know and will ignore",
        check: Everywhere(check),
        fixable: Unsafe,
    };
}

fn check(cx: &PassContext, out: &mut Vec<Diagnostic>) {
    report_config_renaming(
        cx,
        &LINT,
        |f| {
            let Problem::UnknownProperty { name, known } = &f.error.problem else {
                return None;
            };
            let message = format!("unknown property `{name}`: eKuiper ignores it");
            let help = did_you_mean(name, known.iter().map(String::as_str))
                .map(|k| format!("did you mean `{k}`?"))
                .or_else(|| {
                    Some(format!(
                        "`kuiperlint schema {}` lists the properties",
                        f.schema
                    ))
                });
            Some((message, help))
        },
        |f| {
            let Problem::UnknownProperty { name, known } = &f.error.problem else {
                return None;
            };
            // A guess: the rename changes what eKuiper reads, so it is unsafe.
            did_you_mean(name, known.iter().map(String::as_str))
                .map(|k| (k.to_string(), Applicability::Unsafe))
        },
        out,
    );
}
