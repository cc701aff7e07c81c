//! Markdown bodies to HTML: CommonMark with tables, footnotes and
//! strikethrough, heading ids that stay readable in Chinese, raw HTML escaped
//! or cleaned, and the plain text the summary and search are made from.

use crate::config::RawHtml;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Plain text of the first paragraph, its spaces as they came (line
    /// breaks, runs of spaces): [`shorten`] collapses them, and only an
    /// item without a written summary needs it.
    pub first_paragraph: String,
    /// Plain text of the whole body, for search.
    pub text: String,
    /// Images written without alt text (their addresses), for a warning.
    pub images_without_alt: Vec<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown` with the site's raw-HTML policy.
pub fn render(markdown: &str, raw_html: RawHtml) -> Rendered {
    // Sized from the source, so neither grows by copying itself over and
    // over: a release has an event per 20 to 90 bytes of markdown, and its
    // plain text is no longer than its markdown.
    let mut events: Vec<Event> = Vec::with_capacity(markdown.len() / 32 + 8);
    events.extend(Parser::new_ext(markdown, options()));
    let mut rendered = Rendered {
        text: String::with_capacity(markdown.len()),
        ..Rendered::default()
    };
    let mut needs_cleaning = false;

    // Pass 1: policy for raw HTML and links, plain text, first paragraph.
    let mut depth = 0usize;
    let mut in_first_paragraph = false;
    let mut first_done = false;
    let mut image_alt: Option<(String, String)> = None;
    for event in events.iter_mut() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => match raw_html {
                RawHtml::Escape => {
                    *event = Event::Text(std::mem::replace(html, CowStr::Borrowed("")))
                }
                RawHtml::Sanitize => needs_cleaning = true,
            },
            Event::Start(tag) => {
                match tag {
                    Tag::Paragraph if depth == 0 && !first_done => in_first_paragraph = true,
                    Tag::Link { dest_url, .. } if !is_safe_url(dest_url) => needs_cleaning = true,
                    Tag::Image { dest_url, .. } => {
                        if !is_safe_url(dest_url) {
                            needs_cleaning = true;
                        }
                        image_alt = Some((dest_url.to_string(), String::new()));
                    }
                    _ => {}
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Paragraph if in_first_paragraph => {
                        in_first_paragraph = false;
                        first_done = true;
                    }
                    TagEnd::Image => {
                        if let Some((url, alt)) = image_alt.take() {
                            if alt.trim().is_empty() {
                                rendered.images_without_alt.push(url);
                            }
                        }
                    }
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                        rendered.text.push('\n')
                    }
                    _ => {}
                }
            }
            Event::Text(text) | Event::Code(text) => {
                rendered.text.push_str(text);
                if in_first_paragraph {
                    rendered.first_paragraph.push_str(text);
                }
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                rendered.text.push(' ');
                if in_first_paragraph {
                    rendered.first_paragraph.push(' ');
                }
            }
            _ => {}
        }
    }

    assign_heading_ids(&mut events);

    rendered.html.reserve(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut rendered.html, events.into_iter());
    if needs_cleaning {
        rendered.html = clean_html(&rendered.html);
    }
    // Both stay in memory until the pages are written: no room to spare.
    // The HTML is copied to the size it needs where the model keeps it
    // (`BodyHtml`), the text here: copied, not shrunk, as an allocator may
    // shrink a block in place and keep all of it.
    rendered.html = wrap_tables(rendered.html);
    rendered.text = rendered.text.as_str().into();
    rendered
}

/// `html` with every table in a box of its own that scrolls (reachable by
/// keyboard), so a wide table does not make a phone's page scroll
/// sideways.
fn wrap_tables(html: String) -> String {
    const BOX_OPEN: &str = "<div class=\"table-scroll\" tabindex=\"0\">";
    const BOX_CLOSE: &str = "</div>";
    if !html.contains("<table") {
        return html;
    }
    let html = html.as_str();
    let added: usize = table_tags(html)
        .map(|(_, tag)| match tag {
            TableTag::Start => BOX_OPEN.len(),
            TableTag::End => BOX_CLOSE.len(),
        })
        .sum();
    let mut out = String::with_capacity(html.len() + added);
    let mut copied = 0;
    for (at, tag) in table_tags(html) {
        match tag {
            TableTag::Start => {
                out.push_str(&html[copied..at]);
                out.push_str(BOX_OPEN);
                copied = at;
            }
            TableTag::End => {
                let end = at + "</table>".len();
                out.push_str(&html[copied..end]);
                out.push_str(BOX_CLOSE);
                copied = end;
            }
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// A table's start tag or end tag.
enum TableTag {
    Start,
    End,
}

/// Where each `<table>` (with or without attributes) and `</table>` tag of
/// `html` begins. In HTML text and attribute values `<` is escaped, so
/// these are tags.
fn table_tags(html: &str) -> impl Iterator<Item = (usize, TableTag)> + '_ {
    html.match_indices("table").filter_map(|(at, _)| {
        let before = &html[..at];
        let after = &html[at + "table".len()..];
        if before.ends_with("</") && after.starts_with('>') {
            Some((at - 2, TableTag::End))
        } else if before.ends_with('<') && after.starts_with(['>', ' ']) {
            Some((at - 1, TableTag::Start))
        } else {
            None
        }
    })
}

/// Addresses editors may link to; anything else (javascript:, data:, ...)
/// sends the body through the sanitiser.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // A colon after a path separator is not a scheme.
            scheme.contains(['/', '?', '#'])
                || matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
    }
}

/// Cleans HTML to a safe subset, keeping what markdown itself produces
/// (heading ids, footnote classes, table alignment).
pub fn clean_html(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "lang", "dir"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .clean(html)
        .to_string()
}

/// Gives every heading without an explicit `{#id}` an id made from its
/// text, unique within the body.
fn assign_heading_ids(events: &mut [Event]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[index] {
            let mut text = String::new();
            let mut end = index + 1;
            while end < events.len() {
                match &events[end] {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
                end += 1;
            }
            let base = heading_id(&text);
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[index] {
                *slot = Some(CowStr::from(id));
            }
            index = end;
        }
        index += 1;
    }
}

/// A heading id that a reader can still read: letters and digits of any
/// script kept (主要成果 stays 主要成果), spaces and dashes become `-`,
/// other punctuation dropped, Latin letters lowercased.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !id.ends_with('-')
            && !id.is_empty()
        {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        id.push_str("section");
    }
    id
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a text is written mostly in CJK characters, so its length is
/// counted in characters rather than words.
pub fn is_cjk(text: &str) -> bool {
    let mut cjk = 0usize;
    let mut letters = 0usize;
    for c in text.chars() {
        if is_cjk_char(c) {
            cjk += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        }
    }
    cjk * 3 > letters
}

pub fn is_cjk_char(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// Shortens a summary: its spaces collapsed, CJK text to `cjk_chars`
/// characters, other text to `words` words, adding an ellipsis when
/// something was cut.
pub fn shorten(text: &str, words: usize, cjk_chars: usize) -> String {
    let text = &collapse_spaces(text);
    if is_cjk(text) {
        let count = text.chars().count();
        if count <= cjk_chars {
            return text.to_string();
        }
        let mut cut: String = text.chars().take(cjk_chars).collect();
        cut = cut
            .trim_end_matches(['，', '、', '；', '：', ' '])
            .to_string();
        cut.push('…');
        cut
    } else {
        let all: Vec<&str> = text.split_whitespace().collect();
        if all.len() <= words {
            return all.join(" ");
        }
        let mut cut = all[..words].join(" ");
        cut = cut.trim_end_matches([',', ';', ':']).to_string();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_wrapped_and_nothing_else_changes() {
        let open = "<div class=\"table-scroll\" tabindex=\"0\">";
        for (html, expected) in [
            ("<p>no table</p>", "<p>no table</p>".to_string()),
            (
                "<table><tr><td>1</td></tr></table>\n<p>after</p>",
                format!("{open}<table><tr><td>1</td></tr></table></div>\n<p>after</p>"),
            ),
            (
                "<p>a</p><table></table><table>x</table><p>table&gt; mytable> </p>",
                format!("<p>a</p>{open}<table></table></div>{open}<table>x</table></div><p>table&gt; mytable> </p>"),
            ),
            (
                "<table class=\"x\"></table><tables>",
                format!("{open}<table class=\"x\"></table></div><tables>"),
            ),
        ] {
            assert_eq!(wrap_tables(html.to_string()), expected);
        }
    }

    #[test]
    fn chinese_heading_ids_stay_readable() {
        assert_eq!(heading_id("主要成果"), "主要成果");
        assert_eq!(heading_id("Key results: 2021"), "key-results-2021");
        assert_eq!(heading_id("！？"), "section");
        let out = render("## 背景\n\ntext\n\n## 背景\n", RawHtml::Escape);
        assert!(out.html.contains(r#"<h2 id="背景">"#), "{}", out.html);
        assert!(out.html.contains(r#"<h2 id="背景-2">"#), "{}", out.html);
    }

    #[test]
    fn raw_html_escaped_or_cleaned() {
        let md = "Hi <script>alert(1)</script> <b onclick=\"x()\">bold</b>\n\n[x](javascript:alert(1))\n";
        let escaped = render(md, RawHtml::Escape).html;
        assert!(escaped.contains("&lt;script&gt;"), "{escaped}");
        assert!(!escaped.contains("javascript:"), "{escaped}");
        let cleaned = render(md, RawHtml::Sanitize).html;
        assert!(!cleaned.contains("<script"), "{cleaned}");
        assert!(!cleaned.contains("onclick"), "{cleaned}");
        assert!(!cleaned.contains("javascript:"), "{cleaned}");
        assert!(cleaned.contains("<b>bold</b>"), "{cleaned}");
    }

    #[test]
    fn summaries_count_words_or_characters() {
        assert_eq!(shorten("one two three four", 2, 5), "one two…");
        assert_eq!(shorten("清潔生產伙伴計劃", 2, 4), "清潔生產…");
        assert_eq!(shorten("短句", 2, 4), "短句");
    }

    #[test]
    fn first_paragraph_and_missing_alt() {
        let out = render(
            "# Title\n\nFirst *para*\ngraph.\n\nSecond.\n\n![](a.png)\n",
            RawHtml::Escape,
        );
        assert_eq!(shorten(&out.first_paragraph, 40, 90), "First para graph.");
        assert_eq!(out.images_without_alt, vec!["a.png".to_string()]);
    }
}
