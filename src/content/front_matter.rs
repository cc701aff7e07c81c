//! The YAML block between `---` lines at the top of a markdown file.

use crate::diagnostics::{yaml_error, yaml_key_line, Diagnostic};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::Deserialize;
use std::path::Path;

/// Front matter as editors write it, for press releases and pages alike;
/// which keys a kind requires is checked by the reader.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<serde_yaml::Value>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub menu: Option<u32>,
}

/// A markdown file split in two.
pub struct Split<'a> {
    /// The YAML text (without the `---` lines).
    pub yaml: &'a str,
    /// The markdown after the closing `---`.
    pub body: &'a str,
    /// Line number of the first body line, minus one.
    pub body_line_offset: usize,
}

/// Splits a file into front matter and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error("the file does not start with front matter")
            .at(file, Some(1))
            .hint("start the file with a line `---`, then `title: …` (and `date: …` for a press release), then another `---` line")
    };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(missing());
    }
    let rest = &text[(first_line_end + 1).min(text.len())..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let lines_before_body = 2 + yaml.lines().count();
            return Ok(Split {
                yaml,
                body,
                body_line_offset: lines_before_body,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is never closed")
        .at(file, Some(1))
        .hint("end the front matter with a line `---` before the text begins"))
}

/// Parses the YAML of a split file; lines in messages are the file's lines.
pub fn parse(split: &Split, file: &Path) -> Result<FrontMatter, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml::from_str(split.yaml).map_err(|e| {
        // The YAML starts on line 2, after the opening `---`.
        let (line, message) = yaml_error(&e, 1);
        let hint = if message.contains("unknown field") {
            "check the spelling: front matter knows title, date, summary, draft, topics and menu"
        } else if message.contains("invalid type") {
            "put the value in quotes if it is text, e.g. title: \"2021: a year of progress\""
        } else {
            "fix the YAML: `key: value` on each line, text containing `: ` or `#` in quotes"
        };
        Diagnostic::error(format!("front matter: {message}"))
            .at(file, line)
            .hint(hint)
    })
}

/// Line of a front matter key, in file lines.
pub fn key_line(split: &Split, key: &str) -> Option<usize> {
    yaml_key_line(split.yaml, key).map(|line| line + 1)
}

/// A parsed date and whether it carried a time of day.
pub struct ParsedDate {
    pub date: DateTime<FixedOffset>,
    pub has_time: bool,
}

/// Reads `2021-12-16T18:30:00+08:00`, `2021-12-16T18:30:00`,
/// `2021-12-16 18:30`, `2021-12-16 18:30:00` or `2021-12-16`; times without an
/// offset are in the site's time zone.
pub fn parse_date(value: &serde_yaml::Value, zone: &FixedOffset) -> Option<ParsedDate> {
    let text = match value {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    // `2021-12-16` alone, the commonest form, has no `T` or space, so none
    // of the forms with a time can read it: straight to the day.
    if !text.contains(['T', 't', ' ']) {
        return start_of_day(&text, zone);
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(&text) {
        // Shown and filed by the site's clock: 20:30Z is 04:30 the next day in Hong Kong.
        return Some(ParsedDate {
            date: date.with_timezone(zone),
            has_time: true,
        });
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&text, format) {
            return zone
                .from_local_datetime(&naive)
                .single()
                .map(|date| ParsedDate {
                    date,
                    has_time: true,
                });
        }
    }
    start_of_day(&text, zone)
}

/// `2021-12-16` as the start of that day in the site's time zone.
fn start_of_day(text: &str, zone: &FixedOffset) -> Option<ParsedDate> {
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|date| ParsedDate {
            date,
            has_time: false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).expect("offset")
    }

    #[test]
    fn dates_in_all_written_forms() {
        let string = |s: &str| serde_yaml::Value::String(s.into());
        let full = parse_date(&string("2021-12-16T18:30:00+08:00"), &zone()).expect("rfc3339");
        let local = parse_date(&string("2021-12-16 18:30"), &zone()).expect("local");
        assert_eq!(full.date, local.date);
        let day = parse_date(&string("2021-12-16"), &zone()).expect("day");
        assert!(!day.has_time);
        assert!(parse_date(&string("16/12/2021"), &zone()).is_none());
        assert!(parse_date(&string("2021-02-30"), &zone()).is_none());
    }

    #[test]
    fn split_reports_body_offset() {
        let text = "---\ntitle: A\ndate: 2021-01-01\n---\nBody\n";
        let split = split(text, Path::new("x.md")).expect("split");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line_offset, 4);
        assert_eq!(key_line(&split, "date"), Some(3));
    }
}
