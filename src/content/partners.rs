//! `content/partners/<year>.yaml`: one year's Cleaner Production Partners,
//! checked entry by entry with the line of each entry in messages.

use crate::config::LocalText;
use crate::diagnostics::{yaml_error, yaml_key_line, Diagnostic, Diagnostics};
use crate::i18n::Localizer;
use crate::site::{Partner, PartnerYear};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    #[serde(default)]
    announced: Option<String>,
    #[serde(default)]
    note: Option<LocalText>,
    #[serde(default)]
    partners: Option<Vec<RawPartner>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<LocalText>,
    category: String,
    #[serde(default)]
    location: Option<LocalText>,
    #[serde(default)]
    sector: Option<String>,
    #[serde(default)]
    website: Option<String>,
}

/// Reads one year file. `file_year` is the year in the file's name.
pub fn read(
    text: &str,
    file: &Path,
    file_year: i32,
    localizer: &Localizer,
    problems: &mut Diagnostics,
) -> Option<PartnerYear> {
    let config = localizer.config();
    let raw: RawYear = match serde_yaml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let (line, message) = yaml_error(&e, 0);
            let hint = if message.contains("unknown field") {
                "a year file knows year, announced, note and partners; a partner knows id, name, category, location, sector and website"
            } else if message.contains("missing field") {
                "every partner needs a category, and the file needs `year:`"
            } else if message.contains(LocalText::EXPECTED) {
                "write the value as text (in quotes if it holds `:` or `#`), or one text per language: name: { en: \"…\", tc: \"…\" }"
            } else {
                "fix the YAML: each partner starts with `- ` under `partners:`, text with `:` or `#` in quotes"
            };
            problems.push(
                Diagnostic::error(format!("partner list: {message}"))
                    .at(file, line)
                    .hint(hint),
            );
            return None;
        }
    };
    if raw.year != file_year {
        problems.push(
            Diagnostic::error(format!(
                "the file says year {} but is named {file_year}.yaml",
                raw.year
            ))
            .at(file, yaml_key_line(text, "year"))
            .hint(format!(
                "rename the file to {}.yaml, or correct `year:`",
                raw.year
            )),
        );
    }
    let raw_partners = raw.partners.unwrap_or_default();
    if raw_partners.is_empty() {
        problems.push(
            Diagnostic::error(format!("the {file_year} list has no partners"))
                .at(file, yaml_key_line(text, "partners").or(Some(1)))
                .hint("list the partners under `partners:`, or remove the file"),
        );
        return None;
    }
    let entry_lines = list_item_lines(text, "partners");
    let line_of = |index: usize| entry_lines.get(index).copied();

    let mut partners = Vec::with_capacity(raw_partners.len());
    let mut seen: HashMap<String, (usize, String)> = HashMap::new();
    for (index, raw_partner) in raw_partners.into_iter().enumerate() {
        let line = line_of(index);
        let entry = format!("partner {}", index + 1);
        let at = |d: Diagnostic| d.at(file, line);

        let Some(category) = config
            .partner_categories
            .iter()
            .position(|c| c.key == raw_partner.category)
        else {
            let keys: Vec<&str> = config
                .partner_categories
                .iter()
                .map(|c| c.key.as_str())
                .collect();
            problems.push(at(Diagnostic::error(format!(
                "{entry} has the unknown category `{}`",
                raw_partner.category
            ))
            .hint(format!(
                "use one of the categories of site.yaml: {}",
                keys.join(", ")
            ))));
            continue;
        };

        let name_text = raw_partner.name.filter(|n| !n.is_empty()).map(|n| match n {
            LocalText::PerLanguage(mut map) => {
                map.retain(|_, v| !v.trim().is_empty());
                LocalText::PerLanguage(map)
            }
            same => same,
        });
        let Some(name_text) = name_text else {
            problems.push(at(Diagnostic::error(format!("{entry} has no name"))
                .hint("add `name: { en: …, tc: … }`")));
            continue;
        };
        for code in name_text.codes() {
            if config.language_index(code).is_none() {
                problems.push(at(Diagnostic::error(format!(
                    "{entry} has a name for `{code}`, which is not a language of the site"
                ))
                .hint("use the language codes of site.yaml")));
            }
        }
        let resolution = localizer.resolve(&name_text);
        let display = resolution.text.get(config.default_language).to_string();
        for &missing in &resolution.fell_back {
            problems.push(at(Diagnostic::warning(format!(
                "{entry} ({display}) has no name in {}; it is shown as written in another language",
                config.languages[missing].code
            ))
            .hint(format!(
                "add `{}: …` to the name",
                config.languages[missing].code
            ))));
        }

        if let Some(website) = &raw_partner.website {
            if !is_web_address(website) {
                problems.push(at(Diagnostic::error(format!(
                    "{entry} ({display}) has the website `{website}`, which is not an http(s) address"
                ))
                .hint("write the full address, e.g. https://www.example.com/")));
            }
        }

        let id = raw_partner.id.map(|id| id.trim().to_string());
        let name_key = normalise_name(name_text.written_for("en").unwrap_or(&display));
        let identity = match &id {
            Some(id) => format!("id:{id}"),
            None => format!("name:{name_key}"),
        };
        // The same enterprise twice: same id, or the same name in any language.
        let mut keys = vec![identity.clone()];
        for (language, text) in resolution.text.0.iter().enumerate() {
            if !resolution.fell_back.contains(&language) {
                keys.push(format!("name:{}", normalise_name(text)));
            }
        }
        keys.sort();
        keys.dedup();
        let mut duplicate = false;
        for key in &keys {
            if let Some((first_line, first_name)) = seen.get(key) {
                let what = if key.starts_with("id:") {
                    format!(
                        "{entry} ({display}) has the same id as the entry on line {first_line} ({first_name})"
                    )
                } else {
                    format!(
                        "{entry} ({display}) is listed twice in {file_year}: also on line {first_line}"
                    )
                };
                problems.push(at(Diagnostic::error(what).hint(
                    "keep one entry per enterprise and year; give different enterprises different ids",
                )));
                duplicate = true;
                break;
            }
        }
        if duplicate {
            continue;
        }
        for key in keys {
            seen.insert(key, (line.unwrap_or(0), display.clone()));
        }

        partners.push(Partner {
            id,
            identity,
            name_key,
            name: resolution.text,
            category,
            location: raw_partner.location.map(|l| localizer.resolve(&l).text),
            sector: raw_partner.sector,
            website: raw_partner.website,
            line: line.unwrap_or(0),
        });
    }

    Some(PartnerYear {
        year: file_year,
        announced: raw.announced,
        note: raw.note.map(|n| localizer.resolve(&n).text),
        partners,
        source: file.to_path_buf(),
    })
}

fn is_web_address(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/') && !text.contains(char::is_whitespace))
}

/// A name reduced to what identifies the enterprise: case, punctuation,
/// spaces, full-width forms and "Limited"/"Ltd." ignored.
pub fn normalise_name(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        if crate::i18n::fold_width(c).is_alphanumeric() {
            crate::i18n::push_folded(c, &mut folded);
        } else {
            folded.push(' ');
        }
    }
    let words: Vec<&str> = folded
        .split_whitespace()
        .map(|w| match w {
            "limited" => "ltd",
            "company" => "co",
            "corporation" => "corp",
            other => other,
        })
        .collect();
    words.join(" ")
}

/// Lines (1-based) where each item of the block list under a top-level
/// `key:` starts, so messages can point at an entry.
pub fn list_item_lines(text: &str, key: &str) -> Vec<usize> {
    let Some(start) = yaml_key_line(text, key) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut indent: Option<usize> = None;
    for (index, line) in text.lines().enumerate().skip(start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this_indent = line.len() - trimmed.len();
        if this_indent == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            match indent {
                None => {
                    indent = Some(this_indent);
                    lines.push(index + 1);
                }
                Some(i) if i == this_indent => lines.push(index + 1),
                _ => {}
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalised() {
        assert_eq!(
            normalise_name("ABC Plastics Company Limited"),
            normalise_name("abc plastics co., ltd.")
        );
        assert_eq!(normalise_name("ＡＢＣ　Ｌｔｄ"), "abc ltd");
    }

    #[test]
    fn entry_lines() {
        let text = "year: 2021\npartners:\n  - name: a\n    category: x\n  # note\n  - name: b\n    category: y\nnote: x\n";
        assert_eq!(list_item_lines(text, "partners"), vec![3, 6]);
    }

    #[test]
    fn web_addresses() {
        assert!(is_web_address("https://example.com/x"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("www.example.com"));
    }
}
