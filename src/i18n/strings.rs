//! The theme's interface strings (`themes/<theme>/i18n/<code>.yaml`), one set
//! per language, with the default language filling any gap.

use super::Localizer;
use crate::diagnostics::{yaml_error, Diagnostic, Diagnostics};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One i18n file's value: a string, or a list (`months`, `weekdays`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
enum Entry {
    Text(String),
    List(Vec<String>),
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
