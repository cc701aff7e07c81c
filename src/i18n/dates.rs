//! Dates written the way each language writes them, from patterns in the
//! theme's interface strings (`date_format`, `date_line_ends`, ...).

use super::strings::Strings;
use chrono::{DateTime, Datelike, FixedOffset, Timelike};

/// Fills `{year}`, `{month}`, `{month_name}`, `{day}`, `{weekday}`,
/// `{hour}` (not zero-padded) and `{minute}` (two digits) in `pattern`.
pub fn format(pattern: &str, date: &DateTime<FixedOffset>, strings: &Strings) -> String {
    // The clock time where the date was written, worked out once: every
    // listing formats thousands of dates.
    let local = date.naive_local();
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
            "year" => push_number(&mut out, local.year().into()),
            "month" => push_number(&mut out, local.month().into()),
            "day" => push_number(&mut out, local.day().into()),
            "hour" => push_number(&mut out, local.hour().into()),
            "minute" => {
                if local.minute() < 10 {
                    out.push('0');
                }
                push_number(&mut out, local.minute().into());
            }
            "month_name" => out.push_str(pick(strings.list("months"), local.month0() as usize)),
            "weekday" => out.push_str(pick(
                strings.list("weekdays"),
                local.weekday().num_days_from_monday() as usize,
            )),
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

/// Appends `n` in decimal digits, as `to_string` would, without making a string.
fn push_number(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| d as char));
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
    fn numbers_as_to_string_writes_them() {
        for n in [0, 7, 10, 99, 2021, -44, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }

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
