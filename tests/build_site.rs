//! Builds real fixture sites (tests/common) with the library and checks the
//! HTML, XML, CSV and JSON that come out against the content contract
//! (/work/shared/spec/content-format.md).

mod common;

use common::*;
use std::path::Path;
use tempfile::TempDir;

/// The good fixture, built once at the tests' fixed present; only read.
struct Built {
    out: &'static Path,
    report: &'static cpsite::BuildReport,
}

impl Built {
    fn page(&self, relative: &str) -> String {
        read(self.out, relative)
    }
}

fn built_good_site() -> Built {
    let shared = shared_good_build();
    Built {
        out: &shared.out,
        report: &shared.report,
    }
}

fn news_page(code: &str, slug: &str) -> String {
    format!("{code}/news/{slug}/index.html")
}

const LANGS: [(&str, &str); 3] = [("en", "en"), ("tc", "zh-HK"), ("sc", "zh-CN")];

#[test]
fn good_fixture_builds_without_warnings_and_counts_its_pages() {
    let built = built_good_site();
    assert!(
        built.report.warnings.is_empty(),
        "the good fixture should build cleanly, but:\n{}",
        built.report.warnings
    );
    // Draft and embargoed releases: en + tc + derived sc each.
    assert_eq!(built.report.held_back, 6, "drafts and embargoed items");
    assert_eq!(built.report.output, built.out.to_path_buf());
    for (code, _) in LANGS {
        let pages = built
            .report
            .pages_per_language
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| *n);
        assert!(
            pages.is_some_and(|n| n > 0),
            "no pages counted for {code}: {:?}",
            built.report.pages_per_language
        );
    }
}

#[test]
fn translations_are_paired_with_switcher_and_alternates() {
    let built = built_good_site();
    for (code, lang) in LANGS {
        let page_name = news_page(code, MAIN);
        let html = built.page(&page_name);
        assert_eq!(html_lang(&html).as_deref(), Some(lang), "{page_name}");
        for (other, other_lang) in LANGS {
            let absolute = format!("https://example.org/{other}/news/{MAIN}/");
            assert_tag(
                &html,
                "link",
                &[
                    ("rel", "alternate"),
                    ("hreflang", other_lang),
                    ("href", &absolute),
                ],
                &page_name,
            );
            if other == code {
                continue;
            }
            let href = format!("/{other}/news/{MAIN}/");
            assert_tag(
                &html,
                "a",
                &[
                    ("href", &href),
                    ("hreflang", other_lang),
                    ("lang", other_lang),
                ],
                &page_name,
            );
        }
        assert_tag(
            &html,
            "link",
            &[
                ("rel", "alternate"),
                ("hreflang", "x-default"),
                ("href", "https://example.org/"),
            ],
            &page_name,
        );
    }
}

#[test]
fn every_page_of_a_language_has_its_html_lang() {
    let built = built_good_site();
    for (code, lang) in LANGS {
        for page in [
            format!("{code}/index.html"),
            format!("{code}/news/index.html"),
            format!("{code}/news/2021/index.html"),
            format!("{code}/about/index.html"),
            format!("{code}/partners/index.html"),
            format!("{code}/partners/2020/index.html"),
            format!("{code}/search/index.html"),
        ] {
            let html = built.page(&page);
            assert_eq!(html_lang(&html).as_deref(), Some(lang), "{page}");
        }
    }
}

#[test]
fn missing_translation_warns_and_switcher_leads_to_the_listing() {
    let site = good_site();
    write_file(
        site.path(),
        "content/news/english-only.en.md",
        release(
            "Only in English",
            "2021-08-01 10:00",
            "No Chinese version.\n",
        ),
    );
    let options = options(site.path());
    let report = build_ok(&options);
    let out = options.output_dir();

    let warning = report
        .warnings
        .iter()
        .find(|d| !d.is_error() && d.message.contains("english-only") && d.message.contains("tc"));
    assert!(
        warning.is_some(),
        "no warning names english-only and tc:\n{}",
        report.warnings
    );

    assert!(exists(&out, &news_page("en", "english-only")));
    assert!(!exists(&out, &news_page("tc", "english-only")));
    assert!(!exists(&out, &news_page("sc", "english-only")));
    let page = news_page("en", "english-only");
    let html = read(&out, &page);
    assert_tag(
        &html,
        "a",
        &[("href", "/tc/news/"), ("hreflang", "zh-HK")],
        &page,
    );
    assert_tag(
        &html,
        "a",
        &[("href", "/sc/news/"), ("hreflang", "zh-CN")],
        &page,
    );
    let links = links(&html);
    assert!(
        !links.iter().any(|l| l.starts_with("/tc/news/english-only")),
        "{page} links to a tc page that does not exist: {links:?}"
    );
    // Alternates only for languages the release exists in.
    assert!(
        !has_tag(
            &html,
            "link",
            &[("rel", "alternate"), ("hreflang", "zh-HK")]
        ),
        "{page} announces a zh-HK alternate that does not exist"
    );

    let strict = cpsite::BuildOptions {
        strict: true,
        out: Some(site.path().join("strict-out")),
        ..options.clone()
    };
    let error = build(&strict).expect_err("a missing translation fails a strict build");
    assert!(
        error
            .diagnostics()
            .iter()
            .any(|d| d.is_error() && d.message.contains("english-only")),
        "the strict build's errors do not name english-only:\n{}",
        error.diagnostics()
    );
    assert!(!site.path().join("strict-out").exists());
}

#[test]
fn simplified_chinese_is_converted_from_traditional() {
    let built = built_good_site();
    let page = news_page("sc", MAIN);
    let html = built.page(&page);
    let text = text_of(&html);
    assert!(
        text.contains("粤港加强清洁生产合作"),
        "{page}: title not converted"
    );
    assert!(
        text.contains("环境局今日公布清洁生产伙伴名单"),
        "{page}: body not converted"
    );
    assert!(
        !html.contains("清潔生產"),
        "{page} still has Traditional text"
    );
    assert!(
        text.contains("新闻公报"),
        "{page}: interface strings not converted"
    );
    assert!(
        !text.contains("新聞公報"),
        "{page}: Traditional interface string"
    );
    assert!(
        text.contains("香港时间18时30分"),
        "{page}: date line not converted"
    );

    // The tc page keeps Traditional.
    let tc = text_of(&built.page(&news_page("tc", MAIN)));
    assert!(tc.contains("粵港加強清潔生產合作") && tc.contains("新聞公報"));

    // Partner names and category names.
    let page = "sc/partners/2021/index.html";
    let text = text_of(&built.page(page));
    for converted in [
        "清洁生产有限公司",
        "优越伙伴",
        "伙伴（制造业）",
        "伙伴（环保技术服务供应商）",
    ] {
        assert!(text.contains(converted), "{page} lacks {converted}");
    }
    assert!(
        !text.contains("伙伴（製造業）"),
        "{page}: category not converted"
    );
}

#[test]
fn hand_written_simplified_file_wins_over_conversion() {
    let built = built_good_site();
    let page = news_page("sc", "handwritten");
    let text = text_of(&built.page(&page));
    assert!(
        text.contains("人手简体标题"),
        "{page}: hand-written title missing"
    );
    assert!(
        text.contains("人手编写的简体版本"),
        "{page}: hand-written body missing"
    );
    assert!(
        !text.contains("繁体原文"),
        "{page} holds the converted tc body"
    );
    assert!(
        !text.contains("手写简体测试"),
        "{page} holds the converted tc title"
    );
}

#[test]
fn release_pages_end_with_the_government_date_line() {
    let built = built_good_site();
    let en = text_of(&built.page(&news_page("en", MAIN)));
    assert!(en.contains("Ends/Thursday, December 16, 2021"), "{en}");
    assert!(en.contains("Issued at HKT 18:30"), "{en}");
    let tc = text_of(&built.page(&news_page("tc", MAIN)));
    assert!(tc.contains("2021年12月16日（星期四）"), "{tc}");
    assert!(tc.contains("香港時間18時30分"), "{tc}");
}

#[test]
fn hour_before_ten_is_not_zero_padded() {
    let built = built_good_site();
    let en = text_of(&built.page(&news_page("en", "early-bird")));
    assert!(en.contains("Ends/Thursday, March 4, 2021"), "{en}");
    assert!(en.contains("Issued at HKT 9:05"), "{en}");
    assert!(!en.contains("HKT 09:05"), "{en}");
    let tc = text_of(&built.page(&news_page("tc", "early-bird")));
    assert!(tc.contains("2021年3月4日（星期四）"), "{tc}");
    assert!(tc.contains("香港時間9時05分"), "{tc}");
    assert!(!tc.contains("香港時間09時"), "{tc}");
}

#[test]
fn date_only_release_has_no_issued_line() {
    let built = built_good_site();
    let en = text_of(&built.page(&news_page("en", "date-only")));
    assert!(en.contains("Ends/Monday, May 10, 2021"), "{en}");
    assert!(!en.contains("Issued at"), "{en}");
    let tc = text_of(&built.page(&news_page("tc", "date-only")));
    assert!(tc.contains("2021年5月10日（星期一）"), "{tc}");
    assert!(!tc.contains("香港時間"), "{tc}");
}

#[test]
fn date_with_another_offset_is_shown_in_the_site_time_zone() {
    let site = good_site();
    // 20:30 UTC on New Year's Eve is 04:30 on 1 January 2022 in Hong Kong.
    for (code, title) in [("en", "Written in UTC"), ("tc", "以協調世界時書寫")] {
        write_file(
            site.path(),
            &format!("content/news/utc-release.{code}.md"),
            release(title, "2021-12-31T20:30:00Z", "Body.\n"),
        );
    }
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    let en = text_of(&read(&out, &news_page("en", "utc-release")));
    assert!(en.contains("Ends/Saturday, January 1, 2022"), "{en}");
    assert!(en.contains("Issued at HKT 4:30"), "{en}");
    let tc = text_of(&read(&out, &news_page("tc", "utc-release")));
    assert!(tc.contains("2022年1月1日（星期六）"), "{tc}");
    assert!(tc.contains("香港時間4時30分"), "{tc}");
    assert!(
        links(&read(&out, "en/news/2022/index.html"))
            .contains(&"/en/news/utc-release/".to_string()),
        "the release is not in the 2022 archive"
    );
}

#[test]
fn partner_counts_per_category_and_total_in_every_language() {
    let built = built_good_site();
    let expected: [(&str, [&str; 5]); 3] = [
        (
            "en",
            [
                "Excellent Partner 2",
                "Partner (Manufacturing) 3",
                "Partner (Sourcing Enterprise) 0",
                "Partner (Environmental Technology Service Provider) 1",
                "Total 6",
            ],
        ),
        (
            "tc",
            [
                "優越伙伴 2",
                "伙伴（製造業） 3",
                "伙伴（採購商） 0",
                "伙伴（環保技術服務供應商） 1",
                "總數 6",
            ],
        ),
        (
            "sc",
            [
                "优越伙伴 2",
                "伙伴（制造业） 3",
                "伙伴（采购商） 0",
                "伙伴（环保技术服务供应商） 1",
                "总数 6",
            ],
        ),
    ];
    for (code, lines) in expected {
        for page in [
            format!("{code}/partners/2021/index.html"),
            format!("{code}/partners/index.html"),
        ] {
            let text = text_of(&built.page(&page));
            for line in lines {
                assert!(text.contains(line), "{page} lacks {line:?}:\n{text}");
            }
        }
    }
}

#[test]
fn partners_overview_shows_the_newest_year() {
    let built = built_good_site();
    for (code, newest, older) in [
        ("en", "Gamma Manufacturing", "Bravo Trading"),
        ("tc", "伽瑪製造廠", "王小明"),
    ] {
        let page = format!("{code}/partners/index.html");
        let html = built.page(&page);
        assert!(
            html.contains(newest),
            "{page} lacks the 2021 partner {newest}"
        );
        assert!(
            !html.contains(older),
            "{page} lists the 2020 partner {older}"
        );
        // And it links to each year's own page.
        let links = links(&html);
        for year in ["2020", "2021"] {
            let wanted = format!("/{code}/partners/{year}/");
            assert!(links.contains(&wanted), "{page} has no link to {wanted}");
        }
    }
    assert!(text_of(&built.page("en/partners/index.html"))
        .contains("Hong Kong-Guangdong Cleaner Production Partners 2021"));
}

#[test]
fn partner_csv_has_bom_and_neutralised_formulas() {
    let built = built_good_site();
    for code in ["en", "tc", "sc"] {
        let file = format!("{code}/partners/2021.csv");
        let bytes = read_bytes(built.out, &file);
        assert!(
            bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
            "{file} does not start with the UTF-8 BOM: {:?}",
            &bytes[..bytes.len().min(8)]
        );
        let text = String::from_utf8(bytes).expect("UTF-8");
        let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(rows.len(), 7, "{file}: a header and six partners:\n{text}");
        let cells: Vec<&str> = rows.iter().flat_map(|r| r.split(',')).collect();
        assert!(
            cells.contains(&"'=1+1"),
            "{file} has no cell '=1+1:\n{text}"
        );
        assert!(
            !cells
                .iter()
                .any(|c| c.trim_start_matches('"').starts_with('=')),
            "{file} has a cell starting with =:\n{text}"
        );
    }
}

#[test]
fn partner_json_parses_and_lists_every_partner() {
    let built = built_good_site();
    let text = built.page("en/partners/2021.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let partners = json["partners"].as_array().expect("a partners array");
    let mut names: Vec<&str> = partners
        .iter()
        .map(|p| p["name"].as_str().expect("a name"))
        .collect();
    names.sort();
    let mut expected = vec![
        "<script>alert(1)</script> & Sons",
        "Cleaner Production Limited",
        "Gamma Manufacturing",
        "Delta Manufacturing",
        "Epsilon Manufacturing",
        "=1+1",
    ];
    expected.sort();
    assert_eq!(names, expected);
    assert_eq!(json["year"], 2021);
    assert_eq!(json["total"], 6);

    let sc: serde_json::Value =
        serde_json::from_str(&built.page("sc/partners/2021.json")).expect("valid JSON");
    let sc_names: Vec<&str> = sc["partners"]
        .as_array()
        .expect("a partners array")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(sc_names.len(), 6);
    assert!(sc_names.contains(&"清洁生产有限公司"), "{sc_names:?}");
}

#[test]
fn partners_sorted_by_each_languages_collation() {
    let built = built_good_site();
    let order = |code: &str, names: &[&str]| {
        let page = format!("{code}/partners/2020/index.html");
        assert_in_order(&built.page(&page), names, &page);
    };
    // Traditional Chinese by stroke count: 一 (1) 王 (4) 李 (7) 張 (11).
    order("tc", &["一心", "王小明", "李四", "張三"]);
    // Simplified Chinese by pinyin: li, wang, yi, zhang.
    order("sc", &["李四", "王小明", "一心", "张三"]);
    // English ignoring case.
    order(
        "en",
        &[
            "alpha Works",
            "Bravo Trading",
            "charlie Metal",
            "Delta Plastics",
        ],
    );
}

#[test]
fn partner_names_are_escaped() {
    let built = built_good_site();
    for code in ["en", "tc", "sc"] {
        for page in [
            format!("{code}/partners/2021/index.html"),
            format!("{code}/partners/index.html"),
        ] {
            let html = built.page(&page);
            assert!(
                !html.contains("<script>alert"),
                "{page} has a raw <script>alert"
            );
            assert!(
                html.contains("&lt;script&gt;"),
                "{page} lacks the escaped name"
            );
            assert!(
                text_of(&html).contains("<script>alert(1)</script> & Sons"),
                "{page}: the name does not read as written"
            );
        }
    }
}

/// No script, no event handler, no `javascript:` address in any tag, and
/// the safe link kept.
fn assert_body_is_safe(html: &str, page: &str) {
    assert!(!html.contains("<script>alert"), "{page} has a raw script");
    for (name, attributes) in all_tags(html) {
        assert!(
            name != "script" || attributes.contains_key("src"),
            "{page} has an inline <script>"
        );
        for (key, value) in &attributes {
            assert!(
                !key.starts_with("on"),
                "{page}: <{name}> has the event handler {key}"
            );
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "{page}: <{name} {key}=\"{value}\">"
            );
        }
    }
    assert_tag(html, "a", &[("href", "https://example.org/safe")], page);
}

#[test]
fn raw_html_is_sanitised() {
    let built = built_good_site();
    let page = news_page("en", "raw-html");
    let html = built.page(&page);
    assert_body_is_safe(&html, &page);
    assert!(
        html.contains("<b>bold</b>"),
        "{page}: the safe subset was not kept"
    );
}

#[test]
fn raw_html_is_escaped() {
    let site = good_site();
    edit_file(
        site.path(),
        "content/site.yaml",
        "raw_html: sanitize",
        "raw_html: escape",
    );
    let options = options(site.path());
    build_ok(&options);
    let page = news_page("en", "raw-html");
    let html = read(&options.output_dir(), &page);
    assert_body_is_safe(&html, &page);
    assert!(
        html.contains("&lt;script&gt;"),
        "{page}: script not shown as text"
    );
    assert!(
        text_of(&html).contains("Inline <script>alert(\"inline\")</script> script."),
        "{page}: the raw HTML does not read as written"
    );
    assert!(
        !html.contains("<b>bold</b>"),
        "{page}: raw HTML passed through"
    );
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = good_site();
    let plain = options(site.path());
    build_ok(&plain);
    let out = plain.output_dir();
    for (code, _) in LANGS {
        assert!(
            !exists(&out, &news_page(code, "draft-release")),
            "{code} draft built"
        );
    }
    let listing = read(&out, "en/news/index.html");
    assert!(!listing.contains("draft-release"), "the draft is listed");
    assert!(
        !read(&out, "en/feed.xml").contains("draft-release"),
        "the draft is in the feed"
    );
    assert!(!read(&out, "sitemap.xml").contains("draft-release"));

    let with_drafts = cpsite::BuildOptions {
        drafts: true,
        ..plain.clone()
    };
    build_ok(&with_drafts);
    for (code, _) in LANGS {
        assert!(
            exists(&out, &news_page(code, "draft-release")),
            "{code} draft missing"
        );
    }
    assert!(read(&out, "en/news/index.html").contains("/en/news/draft-release/"));
}

#[test]
fn embargoed_releases_wait_for_their_date() {
    let site = good_site();
    let plain = options(site.path());
    build_ok(&plain);
    let out = plain.output_dir();
    for (code, _) in LANGS {
        assert!(
            !exists(&out, &news_page(code, "embargoed-release")),
            "{code} embargo broken"
        );
    }
    assert!(!read(&out, "en/news/index.html").contains("embargoed-release"));
    assert!(!read(&out, "en/rss.xml").contains("embargoed-release"));

    let future = cpsite::BuildOptions {
        future: true,
        ..plain.clone()
    };
    build_ok(&future);
    assert!(exists(&out, &news_page("en", "embargoed-release")));
    assert!(exists(&out, &news_page("sc", "embargoed-release")));

    // Once the date has passed, the release is published without --future.
    let later = cpsite::BuildOptions {
        now: Some(chrono::DateTime::parse_from_rfc3339("2030-01-01T09:00:01+08:00").expect("date")),
        ..plain.clone()
    };
    build_ok(&later);
    assert!(exists(&out, &news_page("en", "embargoed-release")));
    // One second before, it is not.
    let just_before = cpsite::BuildOptions {
        now: Some(chrono::DateTime::parse_from_rfc3339("2030-01-01T08:59:59+08:00").expect("date")),
        ..plain
    };
    build_ok(&just_before);
    assert!(!exists(&out, &news_page("en", "embargoed-release")));
}

/// A site with `count` English and Traditional releases: release-01 … ;
/// the first 20 in January 2021, the others in June 2020.
fn site_with_releases(count: usize) -> TempDir {
    let site = temp();
    write_file(site.path(), "content/site.yaml", SITE_YAML);
    for n in 1..=count {
        let date = if n <= 20 {
            format!("2021-01-{n:02} 10:00")
        } else {
            format!("2020-06-{:02} 10:00", n - 20)
        };
        for (code, title) in [
            ("en", format!("Release {n}")),
            ("tc", format!("新聞公報{n}")),
        ] {
            write_file(
                site.path(),
                &format!("content/news/release-{n:02}.{code}.md"),
                release(&title, &date, &format!("Body {n}.\n")),
            );
        }
    }
    site
}

/// The releases a listing page links to, in page order, without repeats.
fn releases_listed(out: &Path, page: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for href in links(&read(out, page)) {
        if let Some(rest) = href.strip_prefix("/en/news/release-") {
            let number = rest.trim_end_matches('/').to_string();
            if !found.contains(&number) {
                found.push(number);
            }
        }
    }
    found
}

fn numbers(range: impl Iterator<Item = usize>) -> Vec<String> {
    range.map(|n| format!("{n:02}")).collect()
}

#[test]
fn news_is_paginated_ten_a_page_newest_first() {
    let site = site_with_releases(23);
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    assert_eq!(
        releases_listed(&out, "en/news/index.html"),
        numbers((11..=20).rev())
    );
    assert_eq!(
        releases_listed(&out, "en/news/page/2/index.html"),
        numbers((1..=10).rev())
    );
    assert_eq!(
        releases_listed(&out, "en/news/page/3/index.html"),
        numbers((21..=23).rev())
    );
    assert!(!exists(&out, "en/news/page/4/index.html"));
    assert!(
        !exists(&out, "en/news/page/1/index.html"),
        "page 1 is /en/news/"
    );
    // Each page leads to the next.
    assert!(links(&read(&out, "en/news/index.html")).contains(&"/en/news/page/2/".to_string()));
    assert!(
        links(&read(&out, "en/news/page/2/index.html")).contains(&"/en/news/page/3/".to_string())
    );
}

#[test]
fn news_archive_by_year() {
    let site = site_with_releases(23);
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    let mut in_2021 = releases_listed(&out, "en/news/2021/index.html");
    in_2021.sort();
    assert_eq!(in_2021, numbers(1..=20));
    let mut in_2020 = releases_listed(&out, "en/news/2020/index.html");
    in_2020.sort();
    assert_eq!(in_2020, numbers(21..=23));
    assert!(exists(&out, "tc/news/2021/index.html"));
    assert!(exists(&out, "sc/news/2020/index.html"));
    assert!(!exists(&out, "en/news/2019/index.html"));
}

#[test]
fn summary_is_taken_from_the_first_paragraph() {
    let built = built_good_site();
    let text = text_of(&built.page("en/news/index.html"));
    assert!(
        text.contains("FIRSTPARA marker sentence for the summary."),
        "the news list lacks the summary:\n{text}"
    );
    assert!(
        !text.contains("SECONDPARA"),
        "the summary went past the first paragraph"
    );
    let tc = text_of(&built.page("tc/news/index.html"));
    assert!(
        tc.contains("第一段是摘要。") && !tc.contains("第二段"),
        "{tc}"
    );
}

#[test]
fn chooser_404_feeds_and_sitemap() {
    let built = built_good_site();
    let chooser = built.page("index.html");
    for (code, lang) in LANGS {
        assert_tag(
            &chooser,
            "a",
            &[("href", &format!("/{code}/"))],
            "index.html",
        );
        assert_tag(
            &chooser,
            "link",
            &[
                ("rel", "alternate"),
                ("hreflang", lang),
                ("href", &format!("https://example.org/{code}/")),
            ],
            "index.html",
        );
    }
    assert!(exists(built.out, "404.html"));
    for (code, _) in LANGS {
        let atom = built.page(&format!("{code}/feed.xml"));
        assert!(atom.contains("<feed"), "{code}/feed.xml is not Atom");
        assert!(atom.contains(&format!("https://example.org/{code}/news/{MAIN}/")));
        let rss = built.page(&format!("{code}/rss.xml"));
        assert!(rss.contains("<rss"), "{code}/rss.xml is not RSS");
        assert!(rss.contains(&format!("https://example.org/{code}/news/{MAIN}/")));
    }
    let sitemap = built.page("sitemap.xml");
    assert!(sitemap.contains("<urlset"));
    assert!(sitemap.contains(&format!("<loc>https://example.org/tc/news/{MAIN}/</loc>")));
    assert!(sitemap.contains("hreflang=\"zh-CN\""));
}

#[test]
fn two_builds_of_the_same_input_are_identical() {
    let site = good_site();
    let outputs = temp();
    let mut trees = Vec::new();
    for name in ["first", "second"] {
        let options = cpsite::BuildOptions {
            out: Some(outputs.path().join(name)),
            ..options(site.path())
        };
        build_ok(&options);
        trees.push(snapshot(&options.output_dir()));
    }
    assert!(
        trees[0].len() > 50,
        "suspiciously few files: {}",
        trees[0].len()
    );
    assert_same_tree(&trees[0], &trees[1], "the second build");
}

/// A language's search index as its meta file describes it: (version,
/// documents, shards, documents a file).
fn search_meta(out: &Path, code: &str) -> (String, u64, u64, u64) {
    let meta: serde_json::Value =
        serde_json::from_str(&read(out, &format!("{code}/search/index-meta.json")))
            .expect("meta is JSON");
    let number = |key: &str| {
        meta[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} in {meta}"))
    };
    (
        meta["v"].as_str().expect("version").to_string(),
        number("n"),
        number("s"),
        number("c"),
    )
}

#[test]
fn search_index_files_are_the_ones_its_meta_names_and_its_version_follows_the_text() {
    let site = good_site();
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    let mut versions = Vec::new();
    for (code, _) in LANGS {
        let (version, documents, shards, per_file) = search_meta(&out, code);
        let mut expected: Vec<String> = (0..shards).map(|k| format!("s{k}.json")).collect();
        expected.extend((0..documents.div_ceil(per_file)).map(|k| format!("d{k}.json")));
        expected.extend(["index-meta.json".to_string(), "index.html".to_string()]);
        expected.sort();
        let mut found: Vec<String> = std::fs::read_dir(out.join(code).join("search"))
            .expect("search folder")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        found.sort();
        assert_eq!(found, expected, "{code}: the files of the index");
        // Every document is in exactly one file, in order.
        let mut total = 0;
        for k in 0..documents.div_ceil(per_file) {
            let chunk: Vec<serde_json::Value> =
                serde_json::from_str(&read(&out, &format!("{code}/search/d{k}.json")))
                    .expect("documents are JSON");
            total += chunk.len() as u64;
        }
        assert_eq!(total, documents, "{code}: documents in the files");
        versions.push(version);
    }

    // Rebuilt after an English body changed: only the English version moves.
    edit_file(
        site.path(),
        &format!("content/news/{MAIN}.en.md"),
        "Second paragraph of the English release.",
        "Second paragraph, now about waste water.",
    );
    build_ok(&options);
    let after: Vec<String> = LANGS
        .iter()
        .map(|(code, _)| search_meta(&out, code).0)
        .collect();
    assert_ne!(after[0], versions[0], "en: the version follows the text");
    assert_eq!(after[1..], versions[1..], "tc and sc did not change");
}

#[test]
fn build_replaces_the_whole_output_folder() {
    let site = good_site();
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    write_file(&out, "stale.html", "from an older build");
    write_file(&out, "en/news/removed-release/index.html", "gone");
    build_ok(&options);
    assert!(!out.join("stale.html").exists(), "a stale file survived");
    assert!(
        !out.join("en/news/removed-release").exists(),
        "a stale folder survived"
    );
    assert!(exists(&out, "index.html"));
    assert!(
        entries_starting_with(site.path(), ".public").is_empty(),
        "staging folders were left behind"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let site = good_site();
    write_file(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}<div class=\"override\">SITE-OVERRIDE-MARKER</div>\n{{ item.body | safe }}\n{% endblock main %}\n",
    );
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    for (code, lang) in LANGS {
        let page = format!("{code}/about/index.html");
        let html = read(&out, &page);
        assert!(
            html.contains("SITE-OVERRIDE-MARKER"),
            "{page} ignores the override"
        );
        // Still the theme's base.html around it.
        assert_eq!(html_lang(&html).as_deref(), Some(lang), "{page}");
    }
    assert!(text_of(&read(&out, "en/about/index.html")).contains("The programme helps factories."));
    assert!(!read(&out, &news_page("en", MAIN)).contains("SITE-OVERRIDE-MARKER"));
}

#[test]
fn chinese_heading_keeps_its_text_as_id() {
    let built = built_good_site();
    for code in ["tc", "sc"] {
        let page = news_page(code, MAIN);
        let html = built.page(&page);
        assert_tag(&html, "h2", &[("id", "主要成果")], &page);
    }
    assert_tag(
        &built.page(&news_page("en", MAIN)),
        "h2",
        &[("id", "key-results")],
        "en release",
    );
}

/// The main menu's links of a page: (label, its `aria-current`, if any).
fn menu_links(html: &str) -> Vec<(String, Option<String>)> {
    let start = html
        .find("<nav class=\"wrap menu\"")
        .expect("the page has a main menu");
    let menu = &html[start..];
    let menu = &menu[..menu.find("</nav>").expect("the menu is closed")];
    menu.split("<a ")
        .skip(1)
        .map(|link| {
            let attributes = tags(&format!("<a {link}"), "a").remove(0);
            let label = text_of(&link[link.find('>').map_or(0, |at| at + 1)..]);
            (
                label.trim().to_string(),
                attributes.get("aria-current").cloned(),
            )
        })
        .collect()
}

#[test]
fn the_menu_marks_the_page_and_the_sections_it_is_in() {
    let site = good_site();
    append_file(
        site.path(),
        "content/site.yaml",
        "menu:\n  - section: news\n  - page: about\n  - url: news/2021/\n    name: { en: Releases of 2021, tc: 二零二一年新聞公報 }\n  - section: partners\n  - url: partners/\n    name: { en: All partners, tc: 所有伙伴 }\n",
    );
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    let marks = |page: &str| -> Vec<Option<String>> {
        let links = menu_links(&read(&out, page));
        assert_eq!(links.len(), 6, "{page}: home and five entries: {links:?}");
        links.into_iter().map(|(_, mark)| mark).collect()
    };
    let page = Some("page".to_string());
    let within = Some("true".to_string());
    for code in ["en", "tc", "sc"] {
        assert_eq!(
            marks(&format!("{code}/index.html")),
            [page.clone(), None, None, None, None, None],
            "{code} home"
        );
        assert_eq!(
            marks(&format!("{code}/news/index.html")),
            [None, page.clone(), None, None, None, None],
            "{code} news list"
        );
        assert_eq!(
            marks(&news_page(code, MAIN)),
            [None, within.clone(), None, None, None, None],
            "{code} release of 2021"
        );
        // Within the news section, and itself an entry of the menu.
        assert_eq!(
            marks(&format!("{code}/news/2021/index.html")),
            [None, within.clone(), None, page.clone(), None, None],
            "{code} news of 2021"
        );
        assert_eq!(
            marks(&format!("{code}/about/index.html")),
            [None, None, page.clone(), None, None, None],
            "{code} about"
        );
        // Two entries lead to the partners section: both hold the page.
        assert_eq!(
            marks(&format!("{code}/partners/2021/index.html")),
            [None, None, None, None, within.clone(), within.clone()],
            "{code} partners of 2021"
        );
    }
    let labels: Vec<String> = menu_links(&read(&out, "en/about/index.html"))
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    assert_eq!(labels[2], "About the programme");
    assert_eq!(labels[3], "Releases of 2021");
}
