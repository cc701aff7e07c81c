//! Traditional to Simplified Chinese conversion with OpenCC's phrase-level
//! rules, chosen by the source language's region (Hong Kong, Taiwan, other).

use crate::config::Language;
use opencc_fmmseg::{DictionaryMaxlength, OpenCC, OpenccConfig};
use std::sync::{Once, OnceLock};

/// Converts text from one Chinese language of the site to another.
pub struct Converter {
    rules: OpenccConfig,
    /// The languages' codes, for messages.
    source: String,
    target: String,
}

/// The lexicons are unpacked once per process: `serve` makes a new
/// converter for every rebuild and must not pay for that each time.
fn lexicons() -> Result<&'static OpenCC, &'static str> {
    static LOADED: OnceLock<Result<OpenCC, String>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let dictionary = DictionaryMaxlength::new().map_err(|e| e.to_string())?;
            let mut opencc = OpenCC::from_dictionary(dictionary);
            // Each text is short; the build already runs one text per core.
            opencc.set_parallel(false);
            Ok(opencc)
        })
        .as_ref()
        .map_err(String::as_str)
}

impl Converter {
    /// A converter from `source` (Traditional) to `target` (Simplified).
    /// The lexicons start loading in the background (a few tens of
    /// milliseconds) while the site is read; the first conversion waits
    /// for them.
    pub fn between(source: &Language, target: &Language) -> Self {
        static STARTED: Once = Once::new();
        STARTED.call_once(|| {
            std::thread::spawn(|| {
                let _ = lexicons();
            });
        });
        let source_lang = source.lang.to_ascii_lowercase();
        let rules = if source_lang.ends_with("-hk") || source_lang.ends_with("-mo") {
            OpenccConfig::Hk2s
        } else if source_lang.ends_with("-tw") {
            OpenccConfig::Tw2s
        } else {
            OpenccConfig::T2s
        };
        Converter {
            rules,
            source: source.code.clone(),
            target: target.code.clone(),
        }
    }

    pub fn convert(&self, text: &str) -> String {
        // Most texts that pass through here (URLs, numbers, English) need no
        // work; skipping them keeps conversion off the hot path.
        if text.is_ascii() {
            return text.to_string();
        }
        match lexicons() {
            Ok(opencc) => opencc.convert_with_config(text, self.rules, false),
            // The build fails on `failure()`; the text stands meanwhile.
            Err(_) => text.to_string(),
        }
    }

    /// Why the conversion rules could not be loaded, if they could not.
    pub fn failure(&self) -> Option<String> {
        lexicons().err().map(|e| {
            format!(
                "cannot load the conversion rules from {} to {}: {e}",
                self.source, self.target
            )
        })
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
        let converter = Converter::between(&language("tc", "zh-HK"), &language("sc", "zh-CN"));
        assert_eq!(converter.failure(), None);
        assert_eq!(converter.convert("清潔生產伙伴計劃"), "清洁生产伙伴计划");
        assert_eq!(converter.convert("東莞"), "东莞");
        assert_eq!(converter.convert("ASCII only"), "ASCII only");
    }
}
