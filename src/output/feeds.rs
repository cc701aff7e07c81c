//! Atom (`feed.xml`) and RSS 2.0 (`rss.xml`) feeds of each language's latest
//! press releases, with absolute addresses and dates in the site's zone.

use crate::config::FeedContent;
use crate::render::urls::Urls;
use crate::site::Site;
use std::fmt::Write as _;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    // Everything escaped or dropped is ASCII: scanning bytes keeps the
    // runs between them whole, to be copied at once.
    for (at, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\t' | b'\n' | b'\r' => continue,
            // Characters XML 1.0 does not allow at all.
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The Atom feed of one language.
pub fn atom(site: &Site, urls: &Urls, language: usize) -> String {
    let config = &site.config;
    let code = &config.languages[language].code;
    let lang = &config.languages[language].lang;
    let items: Vec<_> = site.news_by_language[language]
        .iter()
        .take(config.feed.items)
        .map(|&i| &site.items[i])
        .collect();
    let updated = items
        .first()
        .and_then(|i| i.date)
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| "2000-01-01T00:00:00+00:00".into());
    let home = urls.absolute(&urls.home(code));
    let self_url = urls.absolute(&urls.atom(code));
    let mut xml = String::with_capacity(4096 + items.len() * 2048);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n<id>{}</id>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        xml_escape(lang),
        xml_escape(&site.title(language)),
        xml_escape(&site.description(language)),
        xml_escape(&self_url),
        xml_escape(&home),
        xml_escape(&self_url),
        updated,
        xml_escape(&site.title(language)),
    );
    for item in items {
        let url = urls.absolute(&urls.item(code, item));
        let date = item
            .date
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| updated.clone());
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n<id>{}</id>\n<published>{date}</published>\n<updated>{date}</updated>\n<summary>{}</summary>\n",
            xml_escape(&item.title),
            xml_escape(&url),
            xml_escape(&url),
            xml_escape(&item.summary),
        );
        if config.feed.content == FeedContent::Full {
            let _ = writeln!(
                xml,
                "<content type=\"html\">{}</content>",
                xml_escape(item.body_html.as_str())
            );
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// The RSS 2.0 feed of one language.
pub fn rss(site: &Site, urls: &Urls, language: usize) -> String {
    let config = &site.config;
    let code = &config.languages[language].code;
    let items: Vec<_> = site.news_by_language[language]
        .iter()
        .take(config.feed.items)
        .map(|&i| &site.items[i])
        .collect();
    let home = urls.absolute(&urls.home(code));
    let self_url = urls.absolute(&urls.rss(code));
    let mut xml = String::with_capacity(4096 + items.len() * 2048);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&site.title(language)),
        xml_escape(&home),
        xml_escape(&site.description(language)),
        xml_escape(&config.languages[language].lang.to_ascii_lowercase()),
        xml_escape(&self_url),
    );
    if let Some(date) = items.first().and_then(|i| i.date) {
        let _ = writeln!(xml, "<lastBuildDate>{}</lastBuildDate>", date.to_rfc2822());
    }
    for item in items {
        let url = urls.absolute(&urls.item(code, item));
        let description = match config.feed.content {
            FeedContent::Summary => item.summary.as_str(),
            FeedContent::Full => item.body_html.as_str(),
        };
        let _ = write!(
            xml,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"true\">{}</guid>\n",
            xml_escape(&item.title),
            xml_escape(&url),
            xml_escape(&url),
        );
        if let Some(date) = item.date {
            let _ = writeln!(xml, "<pubDate>{}</pubDate>", date.to_rfc2822());
        }
        let _ = write!(
            xml,
            "<description>{}</description>\n</item>\n",
            xml_escape(description)
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_markup_drops_forbidden_controls_keeps_the_rest() {
        assert_eq!(
            xml_escape("<p class=\"x\">R&D's \u{1}\u{1f}tab\there\r\n清潔 — ä</p>"),
            "&lt;p class=&quot;x&quot;&gt;R&amp;D&apos;s tab\there\r\n清潔 — ä&lt;/p&gt;"
        );
        assert_eq!(xml_escape(""), "");
        assert_eq!(xml_escape("plain"), "plain");
    }
}
