//! `sitemap.xml` with hreflang alternates for every page that exists in
//! several languages, split into an index beyond 50 000 addresses, and the
//! `robots.txt` that points to it.

use super::feeds::xml_escape;
use crate::render::urls::Urls;
use crate::site::Site;
use std::fmt::Write as _;
use std::rc::Rc;

/// The address of a page in a language (by code).
type UrlOf<'a> = Box<dyn Fn(&str) -> String + 'a>;
/// The last change of a page in a language (by index).
type LastmodOf<'a> = Box<dyn Fn(usize) -> Option<String> + 'a>;

/// The most addresses one sitemap file may hold.
pub const MAX_URLS: usize = 50_000;

struct Entry {
    url: String,
    lastmod: Option<String>,
    /// The `<xhtml:link>` of every language version, itself included:
    /// written once and shared by the versions.
    alternates: Rc<str>,
}

/// Hands each sitemap file to `put` (path in the output, contents) as soon
/// as it is made, with at most `limit` addresses in one file: beyond that,
/// `sitemap.xml` is an index of `sitemap-<n>.xml` files, handed over
/// first. A file of 50 000 addresses is tens of megabytes, and a large
/// site's files are never all in memory at once.
pub fn each_sitemap(site: &Site, urls: &Urls, limit: usize, mut put: impl FnMut(String, String)) {
    let entries = entries(site, urls);
    if entries.len() <= limit {
        put("sitemap.xml".into(), urlset(&entries));
        return;
    }
    let chunks = entries.chunks(limit.max(1));
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for n in 1..=chunks.len() {
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            xml_escape(&urls.absolute(&urls.asset(&part_name(n))))
        );
    }
    index.push_str("</sitemapindex>\n");
    put("sitemap.xml".into(), index);
    for (n, chunk) in chunks.enumerate() {
        put(part_name(n + 1), urlset(chunk));
    }
}

fn part_name(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        urls.absolute(&urls.asset("sitemap.xml"))
    )
}

const URLSET_START: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

fn urlset(entries: &[Entry]) -> String {
    // Sized from the entries and the tags around them: a file of 50 000 is
    // tens of megabytes, and a guess that falls short would double it.
    let size: usize = entries
        .iter()
        .map(|e| {
            let lastmod = e
                .lastmod
                .as_ref()
                .map_or(0, |l| "<lastmod></lastmod>".len() + l.len());
            "<url><loc></loc></url>\n".len() + e.url.len() + lastmod + e.alternates.len()
        })
        .sum();
    let mut xml = String::with_capacity(URLSET_START.len() + size + 16);
    xml.push_str(URLSET_START);
    for entry in entries {
        let _ = write!(xml, "<url><loc>{}</loc>", xml_escape(&entry.url));
        if let Some(lastmod) = &entry.lastmod {
            let _ = write!(xml, "<lastmod>{lastmod}</lastmod>");
        }
        xml.push_str(&entry.alternates);
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn entries(site: &Site, urls: &Urls) -> Vec<Entry> {
    let config = &site.config;
    let languages = &config.languages;
    let chooser = urls.absolute(&urls.chooser());
    // The links of a page's versions, and the chooser's where there are several.
    let alternate_links = |alternates: Vec<(&str, String)>| -> Rc<str> {
        let mut xml = String::new();
        let chooser_link = (alternates.len() > 1).then_some(("x-default", chooser.clone()));
        for (hreflang, url) in alternates.iter().chain(&chooser_link) {
            let _ = write!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(hreflang),
                xml_escape(url)
            );
        }
        xml.into()
    };
    let mut list = vec![Entry {
        url: chooser.clone(),
        lastmod: None,
        alternates: "".into(),
    }];

    // Pages that exist in every language: homes, listings, partner years.
    let newest = |language: usize| {
        site.news_by_language[language]
            .first()
            .and_then(|&i| site.items[i].date)
            .map(|d| d.to_rfc3339())
    };
    let mut every_language: Vec<(UrlOf, LastmodOf)> = vec![
        (Box::new(|code: &str| urls.home(code)), Box::new(newest)),
        (Box::new(|code: &str| urls.news(code, 1)), Box::new(newest)),
    ];
    if !site.partner_years.is_empty() {
        every_language.push((
            Box::new(|code: &str| urls.partners(code)),
            Box::new(|_| None),
        ));
        for year in &site.partner_years {
            let year = year.year;
            every_language.push((
                Box::new(move |code: &str| urls.partner_year(code, year)),
                Box::new(|_| None),
            ));
        }
    }
    for (url_of, lastmod) in &every_language {
        let alternates = alternate_links(
            languages
                .iter()
                .map(|l| (l.lang.as_str(), urls.absolute(&url_of(&l.code))))
                .collect(),
        );
        for (index, language) in languages.iter().enumerate() {
            list.push(Entry {
                url: urls.absolute(&url_of(&language.code)),
                lastmod: lastmod(index),
                alternates: alternates.clone(),
            });
        }
    }
    let years: Vec<Vec<(i32, Vec<usize>)>> =
        (0..languages.len()).map(|l| site.news_years(l)).collect();
    for (index, language_years) in years.iter().enumerate() {
        for (year, items) in language_years {
            let year = *year;
            let present: Vec<(&str, String)> = languages
                .iter()
                .enumerate()
                .filter(|(other, _)| years[*other].iter().any(|(y, _)| *y == year))
                .map(|(_, l)| {
                    (
                        l.lang.as_str(),
                        urls.absolute(&urls.news_year(&l.code, year)),
                    )
                })
                .collect();
            list.push(Entry {
                url: urls.absolute(&urls.news_year(&languages[index].code, year)),
                lastmod: items
                    .first()
                    .and_then(|&i| site.items[i].date)
                    .map(|d| d.to_rfc3339()),
                alternates: alternate_links(present),
            });
        }
    }

    // Items, with the languages they exist in.
    for ((kind, slug), versions) in &site.translations {
        let alternates = alternate_links(
            versions
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_some())
                .map(|(l, _)| {
                    (
                        languages[l].lang.as_str(),
                        urls.absolute(&urls.item_by_slug(&languages[l].code, *kind, slug)),
                    )
                })
                .collect(),
        );
        for (language, version) in versions.iter().enumerate() {
            let Some(index) = version else { continue };
            let item = &site.items[*index];
            list.push(Entry {
                url: urls.absolute(&urls.item_by_slug(&languages[language].code, *kind, slug)),
                lastmod: item.date.map(|d| d.to_rfc3339()),
                alternates: alternates.clone(),
            });
        }
    }
    list
}
