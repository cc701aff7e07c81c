//! `content/site.yaml`: the site's settings, checked and given defaults.
//!
//! Unknown keys are errors naming the key and line, so a typo never passes
//! silently. Texts that differ per language stay as [`LocalText`] until the
//! model resolves them for every language (conversion included).

use crate::diagnostics::{yaml_error, yaml_key_line, Diagnostic, Diagnostics};
use chrono::FixedOffset;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A text given per language code (`{en: ..., tc: ...}`), or one text for all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalText {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

/// Read as whichever of its two forms the YAML holds. An untagged enum
/// would say only that the value "did not match any variant of untagged
/// enum LocalText", which tells an editor nothing, and it first copies
/// every value to try one form and then the other (thousands of partner
/// names a year).
impl<'de> Deserialize<'de> for LocalText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Forms;
        impl<'de> serde::de::Visitor<'de> for Forms {
            type Value = LocalText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(LocalText::EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<LocalText, E> {
                Ok(LocalText::Same(text.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<LocalText, E> {
                Ok(LocalText::Same(text))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut entries: A,
            ) -> Result<LocalText, A::Error> {
                let mut texts = BTreeMap::new();
                while let Some((code, text)) = entries.next_entry::<String, String>()? {
                    texts.insert(code, text);
                }
                Ok(LocalText::PerLanguage(texts))
            }
        }
        deserializer.deserialize_any(Forms)
    }
}

impl LocalText {
    /// What a YAML message says a value that is neither form should have
    /// been; readers look for it to add their hint.
    pub const EXPECTED: &'static str = "a text, or one text per language like { en: ..., tc: ... }";

    /// The text written for `code`, if any.
    pub fn written_for(&self, code: &str) -> Option<&str> {
        match self {
            LocalText::Same(text) => Some(text),
            LocalText::PerLanguage(map) => map.get(code).map(String::as_str),
        }
    }

    pub fn codes(&self) -> Vec<&str> {
        match self {
            LocalText::Same(_) => Vec::new(),
            LocalText::PerLanguage(map) => map.keys().map(String::as_str).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            LocalText::Same(text) => text.trim().is_empty(),
            LocalText::PerLanguage(map) => map.values().all(|v| v.trim().is_empty()),
        }
    }
}

/// One language of the site.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// URL prefix and file suffix: `en`, `tc`, `sc`.
    pub code: String,
    /// The HTML `lang` value: `en`, `zh-HK`, `zh-CN`.
    pub lang: String,
    /// The language's own name, for the switcher: `繁體中文`.
    pub name: String,
    /// Code of the language this one is converted from (Traditional to Simplified).
    #[serde(default)]
    pub derive_from: Option<String>,
}

impl Language {
    pub fn is_chinese(&self) -> bool {
        self.lang.to_ascii_lowercase().starts_with("zh")
    }
}

/// How raw HTML inside markdown is treated.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Shown as text.
    Escape,
    /// Cleaned to a safe subset.
    #[default]
    Sanitize,
}

/// An entry of the main menu in site.yaml.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    /// A built-in section: `news`, `partners` or `search`.
    #[serde(default)]
    pub section: Option<String>,
    /// A standing page by slug.
    #[serde(default)]
    pub page: Option<String>,
    /// Any address; relative ones are taken inside the language (`news/2021/`).
    #[serde(default)]
    pub url: Option<String>,
    /// The label; required with `url`, optional otherwise.
    #[serde(default)]
    pub name: Option<LocalText>,
}

/// A partner category or a topic: a key and its name per language.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Named {
    pub key: String,
    pub name: LocalText,
}

/// What the feeds carry.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    #[default]
    Summary,
    Full,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FeedSettings {
    #[serde(default = "default_feed_items")]
    pub items: usize,
    #[serde(default)]
    pub content: FeedContent,
}

impl Default for FeedSettings {
    fn default() -> Self {
        FeedSettings {
            items: default_feed_items(),
            content: FeedContent::default(),
        }
    }
}

fn default_feed_items() -> usize {
    20
}

/// site.yaml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: LocalText,
    #[serde(default)]
    description: Option<LocalText>,
    base_url: String,
    languages: Vec<Language>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    default_language: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    raw_html: RawHtml,
    #[serde(default)]
    menu: Option<Vec<MenuEntry>>,
    #[serde(default)]
    partner_categories: Option<Vec<Named>>,
    #[serde(default)]
    topics: Vec<Named>,
    #[serde(default)]
    news_per_page: Option<usize>,
    #[serde(default)]
    feed: FeedSettings,
    #[serde(default)]
    image: Option<String>,
}

/// The site's settings, checked.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: LocalText,
    pub description: Option<LocalText>,
    /// Always ends with `/`.
    pub base_url: String,
    pub languages: Vec<Language>,
    /// Index into `languages`.
    pub default_language: usize,
    pub theme: String,
    pub time_zone: FixedOffset,
    pub raw_html: RawHtml,
    pub menu: Vec<MenuEntry>,
    pub partner_categories: Vec<Named>,
    pub topics: Vec<Named>,
    pub news_per_page: usize,
    pub feed: FeedSettings,
    /// The picture shown when a page is shared (a file of content/static).
    pub image: Option<String>,
    /// site.yaml itself, relative to the site folder, for messages.
    pub file: PathBuf,
}

/// Where site.yaml lives inside a site folder.
pub const CONFIG_PATH: &str = "content/site.yaml";

/// Sections that may be named in the menu.
pub const SECTIONS: [&str; 3] = ["news", "partners", "search"];

impl Config {
    /// Reads and checks `content/site.yaml` of the site folder `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let file = PathBuf::from(CONFIG_PATH);
        let text = match std::fs::read(root.join(&file)) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Diagnostics::from(Diagnostic::error("site.yaml is not UTF-8 text")
                    .in_file(&file)
                    .hint("save the file as UTF-8"))
            })?,
            Err(e) => {
                return Err(Diagnostics::from(
                    Diagnostic::error(format!("cannot read the site settings: {e}"))
                        .in_file(&file)
                        .hint("run cpsite in a site folder (one with content/site.yaml), or point to one with --root DIR"),
                ))
            }
        };
        Config::parse(&text, &file)
    }

    /// Checks the text of a site.yaml; `file` is only used in messages.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostics> {
        let raw: RawConfig = serde_yaml::from_str(text).map_err(|e| {
            let (line, message) = yaml_error(&e, 0);
            let hint = if message.contains("unknown field") {
                "check the spelling of the key; the keys site.yaml knows are listed after `expected`"
            } else if message.contains("missing field") {
                "add the key; title, base_url and languages are required"
            } else if message.contains(LocalText::EXPECTED) {
                "write the value as text (in quotes if it holds `:` or `#`), or one text per language: { en: \"…\", tc: \"…\" }"
            } else {
                "fix the YAML (indentation, a `:` after each key, quotes around text with `:` or `#`)"
            };
            Diagnostics::from(Diagnostic::error(format!("site.yaml: {message}"))
                .at(file, line)
                .hint(hint))
        })?;
        let mut problems = Diagnostics::new();
        let line_of = |key: &str| yaml_key_line(text, key);
        let error = |key: &str, message: String, hint: &str| {
            Diagnostic::error(message).at(file, line_of(key)).hint(hint)
        };

        let languages = raw.languages;
        if languages.is_empty() {
            problems.push(error(
                "languages",
                "site.yaml lists no languages".into(),
                "list at least one language with code, lang and name",
            ));
        }
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        for (index, language) in languages.iter().enumerate() {
            let code = &language.code;
            if code.is_empty()
                || !code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            {
                problems.push(error(
                    "languages",
                    format!("language code `{code}` is not lowercase letters and digits"),
                    "use a short code such as en, tc or sc: it becomes the URL prefix and file suffix",
                ));
            }
            if codes[..index].contains(&code.as_str()) {
                problems.push(error(
                    "languages",
                    format!("language `{code}` is listed twice"),
                    "list each language once",
                ));
            }
            if let Some(source) = &language.derive_from {
                match languages.iter().find(|l| &l.code == source) {
                    None => problems.push(error(
                        "languages",
                        format!(
                            "language `{code}` is derived from `{source}`, which is not listed"
                        ),
                        "derive_from must name another language of the site, e.g. derive_from: tc",
                    )),
                    Some(from) if from.derive_from.is_some() => problems.push(error(
                        "languages",
                        format!(
                            "language `{code}` is derived from `{source}`, which is itself derived"
                        ),
                        "derive from a language that editors write",
                    )),
                    Some(from) if !(from.is_chinese() && language.is_chinese()) => {
                        problems.push(error(
                            "languages",
                            format!(
                                "language `{code}` ({}) cannot be converted from `{source}` ({})",
                                language.lang, from.lang
                            ),
                            "derive_from converts Traditional Chinese to Simplified Chinese only",
                        ))
                    }
                    Some(_) => {}
                }
            }
        }

        let default_language = match &raw.default_language {
            None => languages
                .iter()
                .position(|l| l.derive_from.is_none())
                .unwrap_or(0),
            Some(code) => match languages.iter().position(|l| &l.code == code) {
                Some(index) if languages[index].derive_from.is_none() => index,
                Some(_) => {
                    problems.push(error(
                        "default_language",
                        format!("default_language `{code}` is a derived language"),
                        "choose a language that editors write",
                    ));
                    0
                }
                None => {
                    problems.push(error(
                        "default_language",
                        format!("default_language `{code}` is not in languages"),
                        &format!("use one of: {}", codes.join(", ")),
                    ));
                    0
                }
            },
        };

        let check_text = |key: &str, what: &str, text: &LocalText| -> Vec<Diagnostic> {
            text.codes()
                .into_iter()
                .filter(|code| !codes.contains(code))
                .map(|code| {
                    error(
                        key,
                        format!(
                            "{what} has a text for `{code}`, which is not a language of the site"
                        ),
                        &format!("use the language codes of site.yaml: {}", codes.join(", ")),
                    )
                })
                .collect()
        };
        problems.extend(check_text("title", "title", &raw.title));
        if let Some(description) = &raw.description {
            problems.extend(check_text("description", "description", description));
        }

        let mut base_url = raw.base_url.trim().to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            problems.push(error(
                "base_url",
                format!("base_url `{base_url}` is not an http(s) address"),
                "write the public address of the site, e.g. https://www.cleanerproduction.hk/",
            ));
        }
        if !base_url.ends_with('/') {
            base_url.push('/');
        }

        let time_zone = match raw.time_zone.as_deref() {
            None => FixedOffset::east_opt(8 * 3600),
            Some(text) => parse_offset(text),
        };
        let time_zone = time_zone.unwrap_or_else(|| {
            problems.push(error(
                "time_zone",
                format!(
                    "time_zone `{}` is not an offset",
                    raw.time_zone.as_deref().unwrap_or_default()
                ),
                "write it as +08:00",
            ));
            FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
        });

        let menu = raw.menu.unwrap_or_else(|| {
            ["news", "partners"]
                .iter()
                .map(|s| MenuEntry {
                    section: Some(s.to_string()),
                    page: None,
                    url: None,
                    name: None,
                })
                .collect()
        });
        for entry in &menu {
            let targets = [&entry.section, &entry.page, &entry.url]
                .iter()
                .filter(|t| t.is_some())
                .count();
            if targets != 1 {
                problems.push(error(
                    "menu",
                    "a menu entry must have exactly one of section, page or url".into(),
                    "write e.g. `- section: news`, `- page: about` or `- url: https://…` with a name",
                ));
            }
            if let Some(section) = &entry.section {
                if !SECTIONS.contains(&section.as_str()) {
                    problems.push(error(
                        "menu",
                        format!("menu section `{section}` does not exist"),
                        &format!("sections are: {}", SECTIONS.join(", ")),
                    ));
                }
            }
            if entry.url.is_some() && entry.name.is_none() {
                problems.push(error(
                    "menu",
                    "a menu entry with a url needs a name".into(),
                    "add `name: { en: …, tc: … }`",
                ));
            }
            if let Some(name) = &entry.name {
                problems.extend(check_text("menu", "a menu name", name));
            }
        }

        let partner_categories = raw.partner_categories.unwrap_or_else(|| {
            let mut defaults = default_categories();
            for named in &mut defaults {
                if let LocalText::PerLanguage(map) = &mut named.name {
                    map.retain(|code, _| codes.contains(&code.as_str()));
                }
            }
            defaults
        });
        check_keys(
            &partner_categories,
            "partner_categories",
            "partner category",
            text,
            file,
            &mut problems,
        );
        check_keys(&raw.topics, "topics", "topic", text, file, &mut problems);
        for named in partner_categories.iter().chain(&raw.topics) {
            for code in named.name.codes() {
                if !codes.contains(&code) {
                    problems.push(
                        Diagnostic::error(format!(
                            "`{}` has a name for `{code}`, which is not a language of the site",
                            named.key
                        ))
                        .at(file, find_line(text, &format!("key: {}", named.key)))
                        .hint(format!(
                            "use the language codes of site.yaml: {}",
                            codes.join(", ")
                        )),
                    );
                }
            }
        }

        let news_per_page = raw.news_per_page.unwrap_or(10);
        if news_per_page == 0 {
            problems.push(error(
                "news_per_page",
                "news_per_page is 0".into(),
                "use a positive number (default 10)",
            ));
        }
        if raw.feed.items == 0 {
            problems.push(error(
                "feed",
                "feed items is 0".into(),
                "use a positive number (default 20)",
            ));
        }

        let theme = raw.theme.unwrap_or_else(|| "default".into());
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            problems.push(error(
                "theme",
                format!("theme `{theme}` is not a folder name"),
                "name a folder under themes/, e.g. theme: default",
            ));
        }

        if problems.has_errors() {
            return Err(problems);
        }
        Ok(Config {
            title: raw.title,
            description: raw.description,
            base_url,
            languages,
            default_language,
            theme,
            time_zone,
            raw_html: raw.raw_html,
            menu,
            partner_categories,
            topics: raw.topics,
            news_per_page,
            feed: raw.feed,
            image: raw.image.map(|i| i.trim_start_matches('/').to_string()),
            file: file.to_path_buf(),
        })
    }

    /// Index of the language with this code.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }

    /// Index of the language `index` is converted from, if it is derived.
    pub fn derived_from(&self, index: usize) -> Option<usize> {
        self.languages[index]
            .derive_from
            .as_deref()
            .and_then(|code| self.language_index(code))
    }
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines()
        .position(|line| line.contains(needle))
        .map(|i| i + 1)
}

fn check_keys(
    list: &[Named],
    key: &str,
    what: &str,
    text: &str,
    file: &Path,
    problems: &mut Diagnostics,
) {
    for (index, named) in list.iter().enumerate() {
        let valid = !named.key.is_empty()
            && named
                .key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            problems.push(
                Diagnostic::error(format!("{what} key `{}` is not a simple key", named.key))
                    .at(file, yaml_key_line(text, key))
                    .hint("use lowercase letters, digits, - and _"),
            );
        }
        if list[..index].iter().any(|other| other.key == named.key) {
            problems.push(
                Diagnostic::error(format!("{what} `{}` is listed twice", named.key))
                    .at(file, find_line(text, &format!("key: {}", named.key)))
                    .hint("list each key once"),
            );
        }
        if named.name.is_empty() {
            problems.push(
                Diagnostic::error(format!("{what} `{}` has no name", named.key))
                    .at(file, find_line(text, &format!("key: {}", named.key)))
                    .hint("add `name: { en: …, tc: … }`"),
            );
        }
    }
}

/// `+08:00`, `+0800`, `-05:30`, `Z` or `UTC`.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

/// The programme's four categories, used when site.yaml names none.
fn default_categories() -> Vec<Named> {
    let named = |key: &str, en: &str, tc: &str| Named {
        key: key.into(),
        name: LocalText::PerLanguage(BTreeMap::from([
            ("en".to_string(), en.to_string()),
            ("tc".to_string(), tc.to_string()),
        ])),
    };
    vec![
        named("excellent", "Excellent Partner", "優越伙伴"),
        named("manufacturing", "Partner (Manufacturing)", "伙伴（製造業）"),
        named(
            "sourcing",
            "Partner (Sourcing Enterprise)",
            "伙伴（採購商）",
        ),
        named(
            "ets",
            "Partner (Environmental Technology Service Provider)",
            "伙伴（環保技術服務供應商）",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: T\nbase_url: https://example.org\nlanguages:\n  - { code: en, lang: en, name: English }\n";

    #[test]
    fn minimal_config_gets_defaults() {
        let config = Config::parse(MINIMAL, Path::new("site.yaml")).expect("valid");
        assert_eq!(config.base_url, "https://example.org/");
        assert_eq!(config.theme, "default");
        assert_eq!(config.news_per_page, 10);
        assert_eq!(config.time_zone.local_minus_utc(), 8 * 3600);
        assert_eq!(config.partner_categories.len(), 4);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = format!("{MINIMAL}titel: oops\n");
        let problems = Config::parse(&text, Path::new("site.yaml")).unwrap_err();
        let first = problems.iter().next().expect("one problem");
        assert!(first.message.contains("titel"), "{first}");
        assert_eq!(first.line, Some(5));
    }

    #[test]
    fn local_texts_are_one_text_or_one_per_language() {
        let texts: BTreeMap<String, LocalText> =
            serde_yaml::from_str("a: Same\nb: { en: Home, tc: 主頁 }\nc: \"2021: a year\"\n")
                .expect("both forms");
        assert_eq!(texts["a"], LocalText::Same("Same".into()));
        assert_eq!(texts["b"].written_for("tc"), Some("主頁"));
        assert_eq!(texts["b"].codes(), vec!["en", "tc"]);
        assert_eq!(texts["c"], LocalText::Same("2021: a year".into()));
        for neither in ["a: [x, y]\n", "a: 12\n", "a: { en: [x] }\n"] {
            let message = serde_yaml::from_str::<BTreeMap<String, LocalText>>(neither)
                .expect_err(neither)
                .to_string();
            assert!(
                message.contains("expected a text, or one text per language")
                    || message.contains("expected a string"),
                "{neither}: {message}"
            );
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(
            parse_offset("+08:00").map(|o| o.local_minus_utc()),
            Some(28800)
        );
        assert_eq!(
            parse_offset("-0530").map(|o| o.local_minus_utc()),
            Some(-19800)
        );
        assert!(parse_offset("8").is_none());
    }
}
