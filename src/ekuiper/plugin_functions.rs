//! The functions of eKuiper's official function plugins (`extensions/functions/<plugin>/`),
//! which a server has only once the plugin is installed.
//!
//! Each plugin lists its functions in `extensions/functions/<plugin>/<plugin>.json`
//! (`functions[].name`), checked at v2.4.0: `geohash/geohash.json:25..399`,
//! `image/image.json:25,107`, `onnx/onnx.json:21`, `tfLite/tfLite.json:22`,
//! `labelImage/labelImage.json:22`, `echo/echo.json:22`, `countPlusOne/countPlusOne.json:22`,
//! `accumulateWordCount/accumulateWordCount.json:22`. `onnx` is there from v2.0.0.

/// (function name, plugin that provides it); names as eKuiper matches them (lower case).
const PLUGIN_FUNCTIONS: &[(&str, &str)] = &[
    ("accumulatewordcount", "accumulateWordCount"),
    ("countplusone", "countPlusOne"),
    ("echo", "echo"),
    ("geohashencode", "geohash"),
    ("geohashencodeint", "geohash"),
    ("geohashdecode", "geohash"),
    ("geohashdecodeint", "geohash"),
    ("geohashboundingbox", "geohash"),
    ("geohashboundingboxint", "geohash"),
    ("geohashneighbor", "geohash"),
    ("geohashneighborint", "geohash"),
    ("geohashneighbors", "geohash"),
    ("geohashneighborsint", "geohash"),
    ("resize", "image"),
    ("thumbnail", "image"),
    ("labelimage", "labelImage"),
    ("onnx", "onnx"),
    ("tflite", "tfLite"),
];

/// The official plugin that provides function `name` (any case), if one does.
pub fn plugin_of(name: &str) -> Option<&'static str> {
    let lname = name.to_lowercase();
    PLUGIN_FUNCTIONS
        .iter()
        .find(|(f, _)| *f == lname)
        .map(|(_, p)| *p)
}

/// The functions official plugin `plugin` (any case) provides.
pub fn functions_of(plugin: &str) -> impl Iterator<Item = &'static str> + '_ {
    PLUGIN_FUNCTIONS
        .iter()
        .filter(move |(_, p)| p.eq_ignore_ascii_case(plugin))
        .map(|(f, _)| *f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_plugin() {
        assert_eq!(plugin_of("tfLite"), Some("tfLite"));
        assert_eq!(plugin_of("GeohashEncode"), Some("geohash"));
        assert_eq!(plugin_of("lag"), None);
        assert_eq!(
            functions_of("image").collect::<Vec<_>>(),
            ["resize", "thumbnail"]
        );
    }

    #[test]
    fn no_builtin_is_a_plugin_function() {
        for (f, _) in PLUGIN_FUNCTIONS {
            assert!(super::super::functions::lookup(f).is_none(), "{f}");
        }
    }
}
