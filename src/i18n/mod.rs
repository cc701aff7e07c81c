//! Languages: Traditional-to-Simplified conversion, texts resolved for every
//! language, the theme's interface strings and dates written per locale.

pub mod collate;
pub mod convert;
pub mod dates;
pub mod strings;

use crate::config::{Config, LocalText};
use convert::Converter;

/// Full-width ASCII forms (Ａ, ７) and the ideographic space as their
/// half-width selves, so a name typed either way is the same name.
#[inline]
pub fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Whether `c` is a Han character (CJK unified ideographs, their extensions
/// and compatibility forms).
#[inline]
pub fn is_han(c: char) -> bool {
    let code = c as u32;
    // Nearly every Chinese character is a unified ideograph: one compare
    // decides, before the rarer blocks.
    if code.wrapping_sub(0x4E00) <= 0x9FFF - 0x4E00 {
        return true;
    }
    matches!(code, 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Two characters as one number, for tables keyed by a pair (the search
/// index's Han pairs, conversion's entries of more than one character):
/// their code points side by side, 21 bits each. Only two U+0000 give 0.
#[inline(always)]
pub fn char_pair(first: char, second: char) -> u64 {
    (first as u64) << 21 | second as u64
}

/// Whether `c` lies where no character has a lower case: from the CJK
/// radicals to Yi (CJK punctuation, kana, Hangul, Han), so Chinese
/// punctuation skips the case tables too.
#[inline]
fn is_caseless(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0xA63F)
}

/// Appends `c` as names and searches compare it: full-width forms
/// half-width ([`fold_width`]), lower case. Han characters and Chinese
/// punctuation have no case, and skipping the case tables for them makes
/// folding Chinese text several times faster.
#[inline(always)]
pub fn push_folded(c: char, out: &mut impl PushChar) {
    let c = fold_width(c);
    if c.is_ascii() {
        out.push_char(c.to_ascii_lowercase());
    } else if is_caseless(c) || is_han(c) {
        out.push_char(c);
    } else {
        push_lowercase(c, out);
    }
}

/// The rarer case of [`push_folded`], kept out of its callers' loops.
#[inline(never)]
fn push_lowercase(c: char, out: &mut impl PushChar) {
    for lower in c.to_lowercase() {
        out.push_char(lower);
    }
}

/// Where [`push_folded`] puts characters: a string, or a list of them.
pub trait PushChar {
    fn push_char(&mut self, c: char);
}

impl PushChar for String {
    fn push_char(&mut self, c: char) {
        self.push(c);
    }
}

impl PushChar for Vec<char> {
    fn push_char(&mut self, c: char) {
        self.push(c);
    }
}

/// A text resolved for every language of the site, indexed like
/// `Config::languages`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized(pub Vec<String>);

impl Localized {
    pub fn get(&self, language: usize) -> &str {
        self.0.get(language).map(String::as_str).unwrap_or_default()
    }
}

/// Resolves per-language texts with the site's languages and converters.
pub struct Localizer<'a> {
    config: &'a Config,
    /// One converter per language, for the derived ones.
    converters: Vec<Option<Converter>>,
}

/// The outcome of resolving one [`LocalText`].
pub struct Resolution {
    pub text: Localized,
    /// Languages (indices) for which neither a text nor a source to convert
    /// from was written, so another language's text stands in.
    pub fell_back: Vec<usize>,
}

impl<'a> Localizer<'a> {
    pub fn new(config: &'a Config) -> Self {
        let converters = config
            .languages
            .iter()
            .enumerate()
            .map(|(index, language)| {
                config
                    .derived_from(index)
                    .map(|source| Converter::between(&config.languages[source], language))
            })
            .collect();
        Localizer { config, converters }
    }

    /// Why a derived language could not be converted, if it could not.
    pub fn conversion_failure(&self) -> Option<String> {
        self.converters
            .iter()
            .flatten()
            .find_map(Converter::failure)
    }

    pub fn config(&self) -> &Config {
        self.config
    }

    /// The converter that makes language `index`, if it is derived.
    pub fn converter(&self, index: usize) -> Option<&Converter> {
        self.converters.get(index).and_then(Option::as_ref)
    }

    /// Converts `text` for language `index` if that language is derived.
    pub fn convert_for(&self, index: usize, text: &str) -> String {
        match self.converter(index) {
            Some(converter) => converter.convert(text),
            None => text.to_string(),
        }
    }

    /// A hand-written text wins; a derived language converts its source's
    /// text; otherwise the default language's text (or any) stands in.
    pub fn resolve(&self, text: &LocalText) -> Resolution {
        let languages = &self.config.languages;
        let mut fell_back = Vec::new();
        let resolved = (0..languages.len())
            .map(|index| {
                if let Some(written) = text.written_for(&languages[index].code) {
                    return written.to_string();
                }
                if let Some(source) = self.config.derived_from(index) {
                    if let Some(written) = text.written_for(&languages[source].code) {
                        return self.convert_for(index, written);
                    }
                }
                fell_back.push(index);
                let default = &languages[self.config.default_language].code;
                text.written_for(default)
                    .or_else(|| languages.iter().find_map(|l| text.written_for(&l.code)))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        Resolution {
            text: Localized(resolved),
            fell_back,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_blocks_exactly() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = matches!(
                c as u32,
                0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
            );
            assert_eq!(is_han(c), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_caseless_range_has_no_lower_case() {
        for c in (0x2E80..=0xA63F).filter_map(char::from_u32) {
            assert!(is_caseless(c));
            assert!(c.to_lowercase().eq([c]), "{c:?} has a lower case");
        }
    }
}
