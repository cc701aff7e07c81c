//! Traditional to Simplified Chinese conversion with OpenCC's phrase-level
//! rules, chosen by the source language's region (Hong Kong, Taiwan, other).

use crate::config::Language;
use opencc_fmmseg::{DictMaxLen, DictionaryMaxlength, OpenCC, OpenccConfig};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

/// Converts text from one Chinese language of the site to another.
pub struct Converter {
    lexicons: Lexicons,
    rules: OpenccConfig,
    /// The languages' codes, for messages.
    source: String,
    target: String,
}

/// OpenCC's lexicons, unpacked (some tens of megabytes, trimmed at once to
/// those Traditional-to-Simplified reads) while any converter or
/// [`Lexicons::keep`] holds them: a build lets them go once its content is
/// read, before the pages need the memory; `serve` keeps them for its
/// rebuilds.
#[derive(Clone)]
pub struct Lexicons(Arc<OnceLock<Result<OpenCC, String>>>);

impl Lexicons {
    /// The lexicons in use, or new ones that start unpacking in the
    /// background (a few tens of milliseconds) while the site is read.
    pub fn keep() -> Lexicons {
        static IN_USE: Mutex<Weak<OnceLock<Result<OpenCC, String>>>> = Mutex::new(Weak::new());
        let mut in_use = IN_USE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(live) = in_use.upgrade() {
            return Lexicons(live);
        }
        let fresh = Lexicons(Arc::new(OnceLock::new()));
        *in_use = Arc::downgrade(&fresh.0);
        let unpacking = fresh.clone();
        std::thread::spawn(move || {
            let _ = unpacking.get();
        });
        fresh
    }

    /// The lexicons, waiting for them if they are still being unpacked.
    fn get(&self) -> Result<&OpenCC, &str> {
        self.0
            .get_or_init(|| {
                let mut dictionary = DictionaryMaxlength::new().map_err(|e| e.to_string())?;
                keep_traditional_to_simplified(&mut dictionary);
                let mut opencc = OpenCC::from_dictionary(dictionary);
                // Each text is short; the build already runs one text per core.
                opencc.set_parallel(false);
                Ok(opencc)
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// Frees the lexicons no Traditional-to-Simplified rule reads (Simplified to
/// Traditional, Japanese, seal script, the regional forward variants):
/// about two thirds of their memory, which the site's content then reuses.
fn keep_traditional_to_simplified(dictionary: &mut DictionaryMaxlength) {
    for unused in [
        &mut dictionary.st_characters,
        &mut dictionary.st_phrases,
        &mut dictionary.st_punctuations,
        &mut dictionary.tw_phrases,
        &mut dictionary.hk_phrases,
        &mut dictionary.hk_phrases_rev,
        &mut dictionary.tw_variants_phrases,
        &mut dictionary.tw_variants,
        &mut dictionary.hk_variants_phrases,
        &mut dictionary.hk_variants,
        &mut dictionary.jps_characters,
        &mut dictionary.jps_characters_rev,
        &mut dictionary.jps_phrases,
        &mut dictionary.seal_characters,
        &mut dictionary.seal_characters_rev,
        &mut dictionary.seal_variants,
        &mut dictionary.seal_variants_rev,
    ] {
        *unused = DictMaxLen::default();
    }
}

impl Converter {
    /// A converter from `source` (Traditional) to `target` (Simplified);
    /// its first conversion waits for the lexicons.
    pub fn between(source: &Language, target: &Language) -> Self {
        let source_lang = source.lang.to_ascii_lowercase();
        let rules = if source_lang.ends_with("-hk") || source_lang.ends_with("-mo") {
            OpenccConfig::Hk2s
        } else if source_lang.ends_with("-tw") {
            OpenccConfig::Tw2s
        } else {
            OpenccConfig::T2s
        };
        Converter {
            lexicons: Lexicons::keep(),
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
        match self.lexicons.get() {
            Ok(opencc) => opencc.convert_with_config(text, self.rules, false),
            // The build fails on `failure()`; the text stands meanwhile.
            Err(_) => text.to_string(),
        }
    }

    /// Why the conversion rules could not be loaded, if they could not.
    pub fn failure(&self) -> Option<String> {
        self.lexicons.get().err().map(|e| {
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

    #[test]
    fn taiwan_and_plain_traditional_keep_their_lexicons() {
        for lang in ["zh-TW", "zh-Hant"] {
            let converter = Converter::between(&language("tc", lang), &language("sc", "zh-CN"));
            assert_eq!(converter.failure(), None);
            assert_eq!(converter.convert("清潔生產夥伴計劃"), "清洁生产伙伴计划");
            assert_eq!(converter.convert("頭髮與發展"), "头发与发展");
        }
    }
}
