//! Traditional to Simplified Chinese conversion with OpenCC's phrase-level
//! rules, chosen by the source language's region (Hong Kong, Taiwan, other).
//!
//! The lexicons are OpenCC's: build.rs takes from opencc-fmmseg's the few
//! thousand entries these rules read. A conversion runs in rounds (regional
//! variants first, then Traditional to Simplified); each round merges its
//! lexicons and finds, left to right, the longest entry starting at each
//! place — OpenCC's forward maximum matching. A test holds the output to
//! opencc-fmmseg's own.

use crate::config::Language;
use crate::i18n::char_pair;
use rustc_hash::FxHashMap as FastMap;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The lexicons build.rs wrote: one `key<TAB>value` line per entry.
mod lexicon {
    macro_rules! lexicon {
        ($name:literal) => {
            include_str!(concat!(env!("OUT_DIR"), "/", $name, ".txt"))
        };
    }
    pub const HK_VARIANTS_REV_PHRASES: &str = lexicon!("hk_variants_rev_phrases");
    pub const HK_VARIANTS_REV: &str = lexicon!("hk_variants_rev");
    pub const TW_VARIANTS_REV_PHRASES: &str = lexicon!("tw_variants_rev_phrases");
    pub const TW_VARIANTS_REV: &str = lexicon!("tw_variants_rev");
    pub const TS_PHRASES: &str = lexicon!("ts_phrases");
    pub const TS_CHARACTERS: &str = lexicon!("ts_characters");
}

/// Which of OpenCC's configurations a source language takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    /// `hk2s`: Hong Kong variants, then Traditional to Simplified.
    HongKong,
    /// `tw2s`: Taiwan variants, then Traditional to Simplified.
    Taiwan,
    /// `t2s`.
    Traditional,
}

/// One round: its lexicons merged, an earlier one winning on a key both hold.
///
/// Forward maximum matching looks, at each character, for the longest key
/// that starts there. Nearly every key is one character, and the few
/// hundred longer ones start with a small share of the characters of a text,
/// so a round finds a character's entry in a table by code point and looks
/// for longer keys only where one starts with the character and the one
/// after it. A double-array Aho-Corasick automaton (daachorse), which steps
/// through its states at every character, took a third more instructions
/// for the same output.
struct Round {
    /// By code point of the Basic Multilingual Plane: the entry of the key
    /// that is the character alone (or [`NO_VALUE`]), with [`STARTS_LONGER`]
    /// set when a longer key starts with the character.
    bmp: Vec<u32>,
    /// The same entries for characters beyond the BMP.
    beyond: FastMap<char, u32>,
    /// The keys of two characters or more, by their first two characters:
    /// the range of `longer` that holds them, longest first.
    by_pair: FastMap<u64, (u32, u32)>,
    /// A longer key's characters after its first two, and its value.
    longer: Vec<(&'static str, u32)>,
    values: Vec<&'static str>,
}

/// An entry's value bits when no key is the character alone.
const NO_VALUE: u32 = STARTS_LONGER - 1;
/// An entry's bit for "a longer key starts with this character".
const STARTS_LONGER: u32 = 1 << 31;

impl Round {
    fn new(lexicons: &[&'static str]) -> Result<Round, String> {
        let mut keys = std::collections::HashSet::new();
        let mut values = Vec::new();
        let mut bmp = vec![NO_VALUE; 0x1_0000];
        let mut beyond = FastMap::default();
        let mut longer_by_pair: BTreeMap<u64, Vec<(&'static str, u32)>> = BTreeMap::new();
        for line in lexicons.iter().flat_map(|l| l.lines()) {
            let Some((key, value)) = line.split_once('\t') else {
                continue;
            };
            if !keys.insert(key) {
                continue;
            }
            let index = values.len() as u32;
            values.push(value);
            let mut chars = key.chars();
            let (Some(first), second) = (chars.next(), chars.next()) else {
                return Err(format!("a lexicon holds an empty key (for {value:?})"));
            };
            let entry = match bmp.get_mut(first as usize) {
                Some(entry) => entry,
                None => beyond.entry(first).or_insert(NO_VALUE),
            };
            match second {
                None => *entry = (*entry & STARTS_LONGER) | index,
                Some(second) => {
                    *entry |= STARTS_LONGER;
                    longer_by_pair
                        .entry(char_pair(first, second))
                        .or_default()
                        .push((chars.as_str(), index));
                }
            }
        }
        let mut by_pair = FastMap::default();
        let mut longer = Vec::new();
        for (pair, mut keys) in longer_by_pair {
            // Keys that match at one place are prefixes of one another:
            // the longest in bytes is the longest in characters.
            keys.sort_by_key(|&(rest, _)| std::cmp::Reverse(rest.len()));
            let from = longer.len() as u32;
            longer.extend(keys);
            by_pair.insert(pair, (from, longer.len() as u32));
        }
        Ok(Round {
            bmp,
            beyond,
            by_pair,
            longer,
            values,
        })
    }

    fn entry(&self, c: char) -> u32 {
        match self.bmp.get(c as usize) {
            Some(&entry) => entry,
            None => self.beyond.get(&c).copied().unwrap_or(NO_VALUE),
        }
    }

    /// The value of the longest key of more than one character that starts
    /// with `first` and goes on as `after_first` does (the text after
    /// `first`), and the text after that key.
    fn longer_match<'t>(&self, first: char, after_first: &'t str) -> Option<(u32, &'t str)> {
        let second = after_first.chars().next()?;
        let &(from, to) = self.by_pair.get(&char_pair(first, second))?;
        let after_second = &after_first[second.len_utf8()..];
        self.longer[from as usize..to as usize]
            .iter()
            .find_map(|&(rest, value)| {
                after_second
                    .strip_prefix(rest)
                    .map(|after_key| (value, after_key))
            })
    }

    fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut chars = text.chars();
        loop {
            let before = chars.as_str();
            let Some(c) = chars.next() else {
                break;
            };
            if c.is_ascii() {
                continue;
            }
            let entry = self.entry(c);
            if entry == NO_VALUE {
                continue;
            }
            let after_first = chars.as_str();
            let longer = if entry & STARTS_LONGER != 0 {
                self.longer_match(c, after_first)
            } else {
                None
            };
            let single = entry & NO_VALUE;
            let Some((value, after_key)) =
                longer.or((single != NO_VALUE).then_some((single, after_first)))
            else {
                continue;
            };
            out.push_str(&text[copied..text.len() - before.len()]);
            out.push_str(self.values[value as usize]);
            copied = text.len() - after_key.len();
            chars = after_key.chars();
        }
        out.push_str(&text[copied..]);
        out
    }
}

type Built = Result<Round, String>;

/// A round, made on first use (a few milliseconds) and kept for the process.
fn round(
    cell: &'static OnceLock<Built>,
    lexicons: &[&'static str],
) -> Result<&'static Round, &'static str> {
    cell.get_or_init(|| Round::new(lexicons))
        .as_ref()
        .map_err(String::as_str)
}

impl Rules {
    /// The rounds, in order: the regional variants' (none for plain
    /// Traditional), then Traditional to Simplified.
    fn rounds(self) -> Result<(Option<&'static Round>, &'static Round), &'static str> {
        static HONG_KONG: OnceLock<Built> = OnceLock::new();
        static TAIWAN: OnceLock<Built> = OnceLock::new();
        static TRADITIONAL: OnceLock<Built> = OnceLock::new();
        let variants = match self {
            Rules::HongKong => Some((
                &HONG_KONG,
                [lexicon::HK_VARIANTS_REV_PHRASES, lexicon::HK_VARIANTS_REV],
            )),
            Rules::Taiwan => Some((
                &TAIWAN,
                [lexicon::TW_VARIANTS_REV_PHRASES, lexicon::TW_VARIANTS_REV],
            )),
            Rules::Traditional => None,
        };
        let variants = variants
            .map(|(cell, lexicons)| round(cell, &lexicons))
            .transpose()?;
        let to_simplified = round(&TRADITIONAL, &[lexicon::TS_PHRASES, lexicon::TS_CHARACTERS])?;
        Ok((variants, to_simplified))
    }
}

/// Converts text from one Chinese language of the site to another.
pub struct Converter {
    rules: Rules,
    /// The languages' codes, for messages.
    source: String,
    target: String,
}

impl Converter {
    /// A converter from `source` (Traditional) to `target` (Simplified).
    /// Its rounds are made meanwhile in the background: by the time the
    /// site's files are read, they are ready.
    pub fn between(source: &Language, target: &Language) -> Self {
        let source_lang = source.lang.to_ascii_lowercase();
        let rules = if source_lang.ends_with("-hk") || source_lang.ends_with("-mo") {
            Rules::HongKong
        } else if source_lang.ends_with("-tw") {
            Rules::Taiwan
        } else {
            Rules::Traditional
        };
        std::thread::spawn(move || {
            let _ = rules.rounds();
        });
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
        match self.rules.rounds() {
            Ok((Some(variants), to_simplified)) => to_simplified.apply(&variants.apply(text)),
            Ok((None, to_simplified)) => to_simplified.apply(text),
            // The build fails on `failure()`; the text stands meanwhile.
            Err(_) => text.to_string(),
        }
    }

    /// Why the conversion rules could not be loaded, if they could not.
    pub fn failure(&self) -> Option<String> {
        self.rules.rounds().err().map(|e| {
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
    use opencc_fmmseg::{OpenCC, OpenccConfig};

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
    fn taiwan_and_plain_traditional() {
        for lang in ["zh-TW", "zh-Hant"] {
            let converter = Converter::between(&language("tc", lang), &language("sc", "zh-CN"));
            assert_eq!(converter.failure(), None);
            assert_eq!(converter.convert("清潔生產夥伴計劃"), "清洁生产伙伴计划");
            assert_eq!(converter.convert("頭髮與發展"), "头发与发展");
        }
    }

    /// Every Traditional Chinese text of the shipped site, and texts made to
    /// meet the edges (delimiters inside and around phrases, regional
    /// variants, characters beyond the BMP), come out as opencc-fmmseg
    /// converts them, under each of the three rules.
    #[test]
    fn same_output_as_opencc_fmmseg() {
        let mut texts: Vec<String> =
            walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tc.md"))
                .map(|e| std::fs::read_to_string(e.path()).expect("shipped content reads"))
                .collect();
        assert!(
            texts.len() >= 5,
            "the shipped site has Traditional Chinese texts"
        );
        texts.extend(
            [
                "香港特別行政區政府環境及生態局與廣東省工業和信息化廳",
                "頭髮，發展；乾燥。乾隆「皇帝」《書》",
                // Entries that begin with a shorter entry: the longer wins.
                "人才輩出、人才濟濟、一針見血、上梁不正下梁歪、乾坤大挪移、反覆思量、乾隆年間、乾斷食",
                // The first characters of a longer entry, not all of it.
                "一針、人才輩、上梁不正、反覆、乾坤大",
                "着裝、綫路、衞生、裏面、峯會、啓動、羣眾",
                "臺灣的計程車與軟體、滑鼠、資料庫",
                "𠮶𡃁 𨋢 — 甚麼？ 一隻隻！",
                "mixed English 與中文 text, 2021年12月16日 18:30",
                "乾",
                "。",
                "",
            ]
            .map(String::from),
        );
        let mut opencc = OpenCC::new();
        opencc.set_parallel(false);
        for (lang, rules) in [
            ("zh-HK", OpenccConfig::Hk2s),
            ("zh-TW", OpenccConfig::Tw2s),
            ("zh-Hant", OpenccConfig::T2s),
        ] {
            let converter = Converter::between(&language("tc", lang), &language("sc", "zh-CN"));
            for text in &texts {
                assert_eq!(
                    converter.convert(text),
                    opencc.convert_with_config(text, rules, false),
                    "{lang}: {text}"
                );
            }
        }
    }
}
