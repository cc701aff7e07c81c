//! Feeds, sitemap and robots.txt of a built fixture site, read back with a
//! real XML parser.

mod common;

use chrono::DateTime;
use common::*;
use roxmltree::Document;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// The good fixture plus 23 more English and Chinese releases.
fn site_with_many_releases() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = good_site();
    for n in 0..23 {
        let date = format!("2023-{:02}-{:02} 10:{:02}", 1 + n % 12, 1 + n, n);
        write_file(
            site.path(),
            &format!("content/news/extra-{n:02}.en.md"),
            release(
                &format!("Extra release {n} & <friends>"),
                &date,
                "Body text.\n",
            ),
        );
        write_file(
            site.path(),
            &format!("content/news/extra-{n:02}.tc.md"),
            release(&format!("額外新聞公報{n}"), &date, "內文。\n"),
        );
    }
    build_ok(&options(site.path()));
    let out = site.path().join("public");
    (site, out)
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> roxmltree::Node<'a, 'a> {
    node.children()
        .find(|c| c.tag_name().name() == name && c.tag_name().namespace().unwrap_or_default() == ns)
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn text_of<'a>(node: roxmltree::Node<'a, 'a>, ns: &str, name: &str) -> &'a str {
    child(node, ns, name).text().unwrap_or_default()
}

#[test]
fn atom_feeds_follow_the_rules() {
    let (_site, out) = site_with_many_releases();
    for (code, lang) in [("en", "en"), ("tc", "zh-HK"), ("sc", "zh-CN")] {
        let xml = read(&out, &format!("{code}/feed.xml"));
        let doc = Document::parse(&xml).expect("well-formed Atom");
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")));
        assert_eq!(
            feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            Some(lang)
        );
        let self_link = feed
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"))
            .expect("a self link");
        assert_eq!(
            self_link.attribute("href"),
            Some(format!("https://example.org/{code}/feed.xml").as_str())
        );
        assert!(!text_of(feed, ATOM, "title").is_empty());
        assert!(text_of(feed, ATOM, "id").starts_with("https://"));
        child(child(feed, ATOM, "author"), ATOM, "name");
        let updated =
            DateTime::parse_from_rfc3339(text_of(feed, ATOM, "updated")).expect("RFC 3339");
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .collect();
        assert_eq!(entries.len(), 20, "the latest 20 releases");
        let mut previous = None;
        for entry in entries {
            let link = child(entry, ATOM, "link").attribute("href").expect("href");
            assert!(
                link.starts_with(&format!("https://example.org/{code}/news/")),
                "{link}"
            );
            assert_eq!(text_of(entry, ATOM, "id"), link);
            let date =
                DateTime::parse_from_rfc3339(text_of(entry, ATOM, "updated")).expect("RFC 3339");
            assert_eq!(
                date.offset().local_minus_utc(),
                8 * 3600,
                "in the site's time zone"
            );
            assert!(date <= updated);
            if let Some(previous) = previous {
                assert!(date <= previous, "newest first");
            }
            previous = Some(date);
            assert!(!text_of(entry, ATOM, "title").is_empty());
            assert!(!text_of(entry, ATOM, "summary").is_empty());
        }
        if code == "en" {
            assert!(
                xml.contains("Extra release 22 &amp; &lt;friends&gt;"),
                "titles are escaped"
            );
        }
    }
}

#[test]
fn rss_feeds_follow_the_rules() {
    let (_site, out) = site_with_many_releases();
    for (code, language) in [("en", "en"), ("tc", "zh-hk"), ("sc", "zh-cn")] {
        let xml = read(&out, &format!("{code}/rss.xml"));
        let doc = Document::parse(&xml).expect("well-formed RSS");
        let rss = doc.root_element();
        assert_eq!(rss.tag_name().name(), "rss");
        assert_eq!(rss.attribute("version"), Some("2.0"));
        let channel = child(rss, "", "channel");
        assert_eq!(text_of(channel, "", "language"), language);
        assert_eq!(
            text_of(channel, "", "link"),
            format!("https://example.org/{code}/")
        );
        assert!(!text_of(channel, "", "description").is_empty());
        let atom_self = child(channel, ATOM, "link");
        assert_eq!(atom_self.attribute("rel"), Some("self"));
        let items: Vec<_> = channel
            .children()
            .filter(|c| c.has_tag_name("item"))
            .collect();
        assert_eq!(items.len(), 20);
        for item in items {
            let date =
                DateTime::parse_from_rfc2822(text_of(item, "", "pubDate")).expect("RFC 822 date");
            assert_eq!(date.offset().local_minus_utc(), 8 * 3600);
            assert!(text_of(item, "", "link").starts_with("https://example.org/"));
            assert_eq!(
                child(item, "", "guid").attribute("isPermaLink"),
                Some("true")
            );
        }
    }
}

#[test]
fn every_page_links_its_feeds() {
    let (_site, out) = site_with_many_releases();
    for page in [
        "en/index.html",
        "tc/news/index.html",
        &format!("sc/news/{MAIN}/index.html"),
    ] {
        let html = read(&out, page);
        let code = &page[..2];
        assert!(
            html.contains("type=\"application/atom+xml\" title=")
                && html.contains(&format!("href=\"/{code}/feed.xml\"")),
            "{page} links its Atom feed"
        );
        assert!(
            html.contains(&format!("href=\"/{code}/rss.xml\"")),
            "{page} links its RSS feed"
        );
    }
}

#[test]
fn sitemap_lists_every_page_with_its_languages() {
    let (_site, out) = site_with_many_releases();
    let xml = read(&out, "sitemap.xml");
    let doc = Document::parse(&xml).expect("well-formed sitemap");
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name((SITEMAP, "urlset")));
    let urls: Vec<_> = urlset
        .children()
        .filter(|c| c.has_tag_name((SITEMAP, "url")))
        .collect();
    let locs: Vec<&str> = urls.iter().map(|u| text_of(*u, SITEMAP, "loc")).collect();
    for expected in [
        "https://example.org/".to_string(),
        "https://example.org/en/".to_string(),
        "https://example.org/sc/news/".to_string(),
        format!("https://example.org/tc/news/{MAIN}/"),
        "https://example.org/en/partners/2021/".to_string(),
    ] {
        assert!(locs.contains(&expected.as_str()), "{expected} is listed");
    }
    let release = urls
        .iter()
        .find(|u| text_of(**u, SITEMAP, "loc") == format!("https://example.org/en/news/{MAIN}/"))
        .expect("the main release");
    let alternates: Vec<(String, String)> = release
        .children()
        .filter(|c| c.has_tag_name((XHTML, "link")))
        .map(|l| {
            assert_eq!(l.attribute("rel"), Some("alternate"));
            (
                l.attribute("hreflang").unwrap_or_default().to_string(),
                l.attribute("href").unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        alternates,
        vec![
            (
                "en".to_string(),
                format!("https://example.org/en/news/{MAIN}/")
            ),
            (
                "zh-HK".to_string(),
                format!("https://example.org/tc/news/{MAIN}/")
            ),
            (
                "zh-CN".to_string(),
                format!("https://example.org/sc/news/{MAIN}/")
            ),
            ("x-default".to_string(), "https://example.org/".to_string()),
        ]
    );
    let lastmod = text_of(*release, SITEMAP, "lastmod");
    assert_eq!(
        DateTime::parse_from_rfc3339(lastmod)
            .expect("W3C date")
            .to_rfc3339(),
        "2021-12-16T18:30:00+08:00"
    );
    let robots = read(&out, "robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn a_large_sitemap_becomes_an_index() {
    let site = good_site();
    let prepared = cpsite::prepare(&options(site.path())).expect("prepared");
    let urls = cpsite::render::urls::Urls::new(&prepared.site.config.base_url);
    let sitemaps = |limit| {
        let mut files = Vec::new();
        cpsite::output::sitemap::each_sitemap(&prepared.site, &urls, limit, |path, xml| {
            files.push((path, xml))
        });
        files
    };
    let files = sitemaps(10);
    assert!(files.len() > 2, "split into several files");
    let index = Document::parse(&files[0].1).expect("well-formed index");
    assert!(index.root_element().has_tag_name((SITEMAP, "sitemapindex")));
    let parts: Vec<&str> = index
        .root_element()
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(parts.len(), files.len() - 1);
    let mut total = 0;
    for (n, (path, xml)) in files.iter().skip(1).enumerate() {
        assert_eq!(path, &format!("sitemap-{}.xml", n + 1));
        assert_eq!(parts[n], format!("https://example.org/{path}"));
        let doc = Document::parse(xml).expect("well-formed part");
        let count = doc
            .root_element()
            .children()
            .filter(|c| c.has_tag_name((SITEMAP, "url")))
            .count();
        assert!(count <= 10);
        total += count;
    }
    let whole = sitemaps(cpsite::output::sitemap::MAX_URLS);
    let whole_count = Document::parse(&whole[0].1)
        .expect("well-formed")
        .root_element()
        .children()
        .filter(|c| c.has_tag_name((SITEMAP, "url")))
        .count();
    assert_eq!(total, whole_count, "every address is in one of the parts");
}

#[test]
fn pages_carry_social_cards_and_a_canonical_link() {
    let (_site, out) = site_with_many_releases();
    let html = read(&out, &format!("tc/news/{MAIN}/index.html"));
    assert!(html.contains(&format!(
        "<link rel=\"canonical\" href=\"https://example.org/tc/news/{MAIN}/\">"
    )));
    assert!(html.contains("<meta property=\"og:locale\" content=\"zh_HK\">"));
    assert!(html.contains("<meta property=\"og:locale:alternate\" content=\"en\">"));
    assert!(html.contains("<meta property=\"og:locale:alternate\" content=\"zh_CN\">"));
    assert!(html.contains("<meta property=\"og:title\" content=\"粵港加強清潔生產合作\">"));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(html.contains("<meta name=\"twitter:card\""));
}
