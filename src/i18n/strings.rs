//! The theme's interface strings (`themes/<theme>/i18n/<code>.yaml`), one set
//! per language, with the default language filling any gap.

use super::Localizer;
use crate::diagnostics::{yaml_error, Diagnostic, Diagnostics};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One i18n file's value: a string, or a list (`months`, `weekdays`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Text(String),
    List(Vec<String>),
}

/// Read as whichever form the YAML holds; an untagged enum's message
/// would only say that the value matched no variant of `Entry`.
impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Forms;
        impl<'de> serde::de::Visitor<'de> for Forms {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or a list of texts (as for months and weekdays)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Entry, E> {
                Ok(Entry::Text(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Entry, E> {
                Ok(Entry::Text(text))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut items: A,
            ) -> Result<Entry, A::Error> {
                let mut list = Vec::new();
                while let Some(text) = items.next_element::<String>()? {
                    list.push(text);
                }
                Ok(Entry::List(list))
            }
        }
        deserializer.deserialize_any(Forms)
    }
}

/// Interface strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    text: BTreeMap<String, String>,
    lists: BTreeMap<String, Vec<String>>,
}

impl Strings {
    /// The string for `key`, or the key itself so a missing string shows
    /// up on the page instead of breaking it (a warning was given at load).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.text.get(key).map(String::as_str).unwrap_or(key)
    }

    pub fn list(&self, key: &str) -> &[String] {
        self.lists.get(key).map(Vec::as_slice).unwrap_or_default()
    }

    /// All plain strings, for templates.
    pub fn texts(&self) -> &BTreeMap<String, String> {
        &self.text
    }

    fn convert(&self, localizer: &Localizer, language: usize) -> Strings {
        Strings {
            text: self
                .text
                .iter()
                .map(|(k, v)| (k.clone(), localizer.convert_for(language, v)))
                .collect(),
            lists: self
                .lists
                .iter()
                .map(|(k, v)| {
                    let converted = v.iter().map(|s| localizer.convert_for(language, s));
                    (k.clone(), converted.collect())
                })
                .collect(),
        }
    }
}

/// An i18n file found in the theme: its path for messages and its text.
pub struct I18nSource {
    pub path: PathBuf,
    pub text: String,
}

/// Loads the strings of every language. `sources` maps a language code to
/// its file; derived languages without a file are converted from their
/// source language's strings.
pub fn load(
    sources: &BTreeMap<String, I18nSource>,
    localizer: &Localizer,
    problems: &mut Diagnostics,
) -> Vec<Strings> {
    let config = localizer.config();
    let mut parsed: Vec<Option<Strings>> = config
        .languages
        .iter()
        .map(|language| {
            let source = sources.get(&language.code)?;
            match serde_yaml::from_str::<BTreeMap<String, Entry>>(&source.text) {
                Ok(entries) => {
                    let mut strings = Strings::default();
                    for (key, entry) in entries {
                        match entry {
                            Entry::Text(text) => {
                                strings.text.insert(key, text);
                            }
                            Entry::List(list) => {
                                strings.lists.insert(key, list);
                            }
                        }
                    }
                    Some(strings)
                }
                Err(e) => {
                    let (line, message) = yaml_error(&e, 0);
                    problems.push(
                        Diagnostic::error(format!("interface strings: {message}"))
                            .at(&source.path, line)
                            .hint("each line is `key: text`; put text with `:` or `#` in quotes"),
                    );
                    None
                }
            }
        })
        .collect();

    for index in 0..config.languages.len() {
        if parsed[index].is_none() {
            if let Some(source) = config.derived_from(index) {
                parsed[index] = parsed[source]
                    .as_ref()
                    .map(|strings| strings.convert(localizer, index));
            }
        }
    }

    let default = config.default_language;
    let reference = parsed[default].clone().unwrap_or_else(|| {
        problems.push(
            Diagnostic::warning(format!(
                "the theme has no interface strings for the default language `{}`",
                config.languages[default].code
            ))
            .hint(format!(
                "add themes/{}/i18n/{}.yaml",
                config.theme, config.languages[default].code
            )),
        );
        Strings::default()
    });

    parsed
        .into_iter()
        .enumerate()
        .map(|(index, strings)| {
            let language = &config.languages[index];
            let Some(mut strings) = strings else {
                if index != default {
                    problems.push(
                        Diagnostic::warning(format!(
                            "the theme has no interface strings for `{}`; {} strings are used",
                            language.code, config.languages[default].code
                        ))
                        .hint(format!(
                            "add themes/{}/i18n/{}.yaml",
                            config.theme, language.code
                        )),
                    );
                }
                return reference.clone();
            };
            let file = sources
                .get(&language.code)
                .or_else(|| {
                    config
                        .derived_from(index)
                        .and_then(|s| sources.get(&config.languages[s].code))
                })
                .map(|s| s.path.clone());
            for (key, text) in &reference.text {
                if !strings.text.contains_key(key) {
                    problems.push(missing_key(key, &language.code, file.as_ref()));
                    strings.text.insert(key.clone(), text.clone());
                }
            }
            for (key, list) in &reference.lists {
                if !strings.lists.contains_key(key) {
                    problems.push(missing_key(key, &language.code, file.as_ref()));
                    strings.lists.insert(key.clone(), list.clone());
                }
            }
            strings
        })
        .collect()
}

fn missing_key(key: &str, code: &str, file: Option<&PathBuf>) -> Diagnostic {
    let warning = Diagnostic::warning(format!(
        "interface string `{key}` is missing for `{code}`; the default language's text is used"
    ))
    .hint(format!("add `{key}: …` to the {code} strings"));
    match file {
        Some(path) => warning.in_file(path),
        None => warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_texts_or_lists_and_anything_else_is_named_for_the_editor() {
        let entries: BTreeMap<String, Entry> =
            serde_yaml::from_str("home: 主頁\nmonths: [一月, 二月]\n").expect("both forms");
        assert_eq!(entries["home"], Entry::Text("主頁".into()));
        assert_eq!(
            entries["months"],
            Entry::List(vec!["一月".into(), "二月".into()])
        );
        let error = serde_yaml::from_str::<BTreeMap<String, Entry>>("home: { en: Home }\n")
            .expect_err("a map is neither form");
        let message = error.to_string();
        assert!(
            message.contains("expected a text, or a list of texts"),
            "{message}"
        );
    }
}
