//! Traditional to Simplified Chinese conversion with OpenCC's phrase-level
//! rules, chosen by the source language's region (Hong Kong, Taiwan, other).

use crate::config::Language;
use ferrous_opencc::config::BuiltinConfig;
use ferrous_opencc::OpenCC;

/// Converts text from one Chinese language of the site to another.
pub struct Converter {
    opencc: OpenCC,
}

impl Converter {
    /// A converter from `source` (Traditional) to `target` (Simplified).
    pub fn between(source: &Language, target: &Language) -> Result<Self, String> {
        let source_lang = source.lang.to_ascii_lowercase();
        let rules = if source_lang.ends_with("-hk") || source_lang.ends_with("-mo") {
            BuiltinConfig::Hk2s
        } else if source_lang.ends_with("-tw") {
            BuiltinConfig::Tw2s
        } else {
            BuiltinConfig::T2s
        };
        let opencc = OpenCC::from_config(rules).map_err(|e| {
            format!(
                "cannot load the conversion rules from {} to {}: {e}",
                source.code, target.code
            )
        })?;
        Ok(Converter { opencc })
    }

    pub fn convert(&self, text: &str) -> String {
        // Most texts that pass through here (URLs, numbers, English) need no
        // work; skipping them keeps conversion off the hot path.
        if text.is_ascii() {
            return text.to_string();
        }
        self.opencc.convert(text)
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
