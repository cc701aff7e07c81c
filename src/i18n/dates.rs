//! Dates written the way each language writes them, from patterns in the
//! theme's interface strings (`date_format`, `date_line_ends`, ...).

use super::strings::Strings;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};

/// Fills `{year}`, `{month}`, `{month_name}`, `{day}`, `{weekday}`,
/// `{hour}` (not zero-padded) and `{minute}` (two digits) in `pattern`.
pub fn format(pattern: &str, date: &DateTime<FixedOffset>, strings: &Strings) -> String {
    let month_index = date.month0() as usize;
    let weekday_index = date.weekday().num_days_from_monday() as usize;
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match name {
            "year" => out.push_str(&date.year().to_string()),
            "month" => out.push_str(&date.month().to_string()),
            "day" => out.push_str(&date.day().to_string()),
            "hour" => out.push_str(&date.hour().to_string()),
            "minute" => out.push_str(&format!("{:02}", date.minute())),
            "month_name" => out.push_str(pick(strings.list("months"), month_index)),
            "weekday" => out.push_str(pick(strings.list("weekdays"), weekday_index)),
            _ => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn pick(list: &[String], index: usize) -> &str {
    list.get(index).map(String::as_str).unwrap_or_default()
}

/// The two lines that end a government press release: `Ends/Thursday,
/// December 16, 2021` and `Issued at HKT 18:30` (the second only when the
/// release has a time).
pub fn date_line(date: &DateTime<FixedOffset>, has_time: bool, strings: &Strings) -> Vec<String> {
    let mut lines = vec![format(strings.get("date_line_ends"), date, strings)];
    if has_time {
        lines.push(format(strings.get("date_line_issued"), date, strings));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hour_not_padded_minute_padded() {
        let date = DateTime::parse_from_rfc3339("2021-12-16T08:05:00+08:00").expect("date");
        let strings = Strings::default();
        assert_eq!(
            format("香港時間{hour}時{minute}分", &date, &strings),
            "香港時間8時05分"
        );
        assert_eq!(
            format("{year}年{month}月{day}日", &date, &strings),
            "2021年12月16日"
        );
    }
}
