//! Sorting names the way each language's readers expect (CLDR collation):
//! Traditional Chinese by stroke count, Simplified Chinese by pinyin,
//! English ignoring case and punctuation.

use icu_collator::options::{AlternateHandling, CollatorOptions, Strength};
use icu_collator::preferences::CollationType;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale::Locale;

/// A collator for one language of the site.
pub struct NameCollator {
    collator: CollatorBorrowed<'static>,
}

impl NameCollator {
    /// The collator for an HTML `lang` value such as `zh-HK`, `zh-CN` or `en`.
    pub fn for_lang(lang: &str) -> NameCollator {
        let lower = lang.to_ascii_lowercase();
        let traditional = lower.starts_with("zh")
            && ["-hk", "-tw", "-mo", "-hant"]
                .iter()
                .any(|r| lower.contains(r));
        let simplified = lower.starts_with("zh") && !traditional;
        let tag = if traditional {
            "zh-Hant"
        } else if simplified {
            "zh"
        } else {
            lang
        };
        let locale: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
        let mut preferences = CollatorPreferences::from(&locale);
        if traditional {
            preferences.collation_type = Some(CollationType::Stroke);
        }
        let mut options = CollatorOptions::default();
        if !lower.starts_with("zh") {
            // Case and punctuation do not decide where a name stands.
            options.strength = Some(Strength::Primary);
            options.alternate_handling = Some(AlternateHandling::Shifted);
        }
        let collator = Collator::try_new(preferences, options)
            .or_else(|_| {
                Collator::try_new(CollatorPreferences::default(), CollatorOptions::default())
            })
            .expect("the root collation is compiled into the binary");
        NameCollator { collator }
    }

    /// A key that sorts like the name; ties are left to the caller.
    pub fn sort_key(&self, name: &str) -> Vec<u8> {
        let mut key = Vec::with_capacity(name.len() * 2);
        let _ = self.collator.write_sort_key_to(name, &mut key);
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lang: &str, names: &[&str]) -> Vec<String> {
        let collator = NameCollator::for_lang(lang);
        let mut list: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        list.sort_by_cached_key(|n| collator.sort_key(n));
        list
    }

    #[test]
    fn stroke_order_for_traditional() {
        let order = sorted("zh-HK", &["張三", "李四", "一心", "王小明", "陳大文"]);
        assert_eq!(order[..3], ["一心", "王小明", "李四"]);
    }

    #[test]
    fn pinyin_for_simplified() {
        let order = sorted("zh-CN", &["张三", "李四", "一心", "王小明", "陈大文"]);
        assert_eq!(order, ["陈大文", "李四", "王小明", "一心", "张三"]);
    }

    #[test]
    fn english_ignores_case_and_punctuation() {
        let order = sorted("en", &["beta Ltd", "Alpha-Omega", "alpha beta"]);
        assert_eq!(order, ["alpha beta", "Alpha-Omega", "beta Ltd"]);
    }
}
