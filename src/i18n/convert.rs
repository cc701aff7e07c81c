//! Traditional to Simplified Chinese conversion with OpenCC's phrase-level
//! rules, chosen by the source language's region (Hong Kong, Taiwan, other).

use crate::config::Language;
use opencc_fmmseg::{DictionaryMaxlength, OpenCC, OpenccConfig};
use std::sync::{Arc, OnceLock};

/// Converts text from one Chinese language of the site to another.
pub struct Converter {
    opencc: Arc<OpenCC>,
    rules: OpenccConfig,
}

/// The lexicons are unpacked once per process: `serve` makes a new
/// converter for every rebuild and must not pay for that each time.
fn lexicons() -> Result<Arc<OpenCC>, String> {
    static LOADED: OnceLock<Result<Arc<OpenCC>, String>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let dictionary = DictionaryMaxlength::new().map_err(|e| e.to_string())?;
            let mut opencc = OpenCC::from_dictionary(dictionary);
            // Each text is short; the build already runs one text per core.
            opencc.set_parallel(false);
            Ok(Arc::new(opencc))
        })
        .clone()
}

impl Converter {
    /// A converter from `source` (Traditional) to `target` (Simplified).
    pub fn between(source: &Language, target: &Language) -> Result<Self, String> {
        let source_lang = source.lang.to_ascii_lowercase();
        let rules = if source_lang.ends_with("-hk") || source_lang.ends_with("-mo") {
            OpenccConfig::Hk2s
        } else if source_lang.ends_with("-tw") {
            OpenccConfig::Tw2s
        } else {
            OpenccConfig::T2s
        };
        let opencc = lexicons().map_err(|e| {
            format!(
                "cannot load the conversion rules from {} to {}: {e}",
                source.code, target.code
            )
        })?;
        Ok(Converter { opencc, rules })
    }

    pub fn convert(&self, text: &str) -> String {
        // Most texts that pass through here (URLs, numbers, English) need no
        // work; skipping them keeps conversion off the hot path.
        if text.is_ascii() {
            return text.to_string();
        }
        self.opencc.convert_with_config(text, self.rules, false)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn language(code: &str, lang: &str) -> Language {
        Language {
            code: code.into(),
            lang: lang.into(),
            name: code.into(),
            derive_from: None,
        }
    }

    #[test]
    fn hong_kong_traditional_to_simplified() {
        let converter =
            Converter::between(&language("tc", "zh-HK"), &language("sc", "zh-CN")).expect("rules");
        assert_eq!(converter.convert("清潔生產伙伴計劃"), "清洁生产伙伴计划");
        assert_eq!(converter.convert("東莞"), "东莞");
        assert_eq!(converter.convert("ASCII only"), "ASCII only");
    }
}
