//! The partner directory: fixture sites with partner year files built
//! through the library (and, for bad input, the real binary) in temporary
//! folders, and the HTML, CSV and JSON that come out: each enterprise's
//! history across years, the long-standing partners page, the overview
//! table of all years, rejected input, escaping of awkward names, and a
//! large site (20 years × 1 000 partners).

mod common;

use common::*;
use std::path::Path;
use std::time::Instant;

const LANGS: [&str; 3] = ["en", "tc", "sc"];

/// Builds a site of partner years through the library; returns the site
/// folder (kept alive) and its output folder.
fn build_partner_site(years: &[(i32, String)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = partner_site(years);
    let options = options(site.path());
    build_ok(&options);
    let out = options.output_dir();
    (site, out)
}

fn year_page(code: &str, year: i32) -> String {
    format!("{code}/partners/{year}/index.html")
}

/// The text of every `<li …>…</li>` of `html` (the partner rows and the
/// entries of the long-standing list).
fn list_items(html: &str) -> Vec<String> {
    html.split("<li")
        .skip(1)
        .filter(|s| s.starts_with([' ', '>']))
        .map(|s| text_of(&format!("<li{}", s.split("</li>").next().unwrap_or(s))))
        .collect()
}

/// The text of the one list item of `page` that names `name`.
fn item_naming(html: &str, name: &str, page: &str) -> String {
    let found: Vec<String> = list_items(html)
        .into_iter()
        .filter(|item| item.contains(name))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{page}: expected one list item naming {name:?}, found {found:#?}"
    );
    found.into_iter().next().unwrap_or_default()
}

fn assert_contains(text: &str, needle: &str, what: &str) {
    assert!(
        text.contains(needle),
        "{what} does not contain {needle:?}:\n{text}"
    );
}

fn assert_lacks(text: &str, needle: &str, what: &str) {
    assert!(
        !text.contains(needle),
        "{what} contains {needle:?}:\n{text}"
    );
}

// ---------------------------------------------------------------------------
// History across years
// ---------------------------------------------------------------------------

/// The brief's case: one enterprise in three consecutive year files,
/// 2019 and 2020 tied by `id:`, 2021 written without an id and with its
/// English name differing only in case, punctuation, "Ltd." for "Limited"
/// and a full-width letter (Ｌ).
const MIXED_2019: &str = "\
year: 2019
partners:
  - id: jr01
    name: { en: Jade River Plastics Limited, tc: 翠河塑膠有限公司 }
    category: excellent
";
const MIXED_2020: &str = "\
year: 2020
partners:
  - id: jr01
    name: { en: Jade River Plastics Limited, tc: 翠河塑膠有限公司 }
    category: excellent
";
const MIXED_2021: &str = "\
year: 2021
partners:
  - name: { en: \"JADE-RIVER, plastics Ｌtd.\", tc: 翠河塑膠有限公司 }
    category: excellent
";

#[test]
fn history_ties_id_and_name_matches_of_one_enterprise() {
    let (_site, out) = build_partner_site(&[
        (2019, MIXED_2019.into()),
        (2020, MIXED_2020.into()),
        (2021, MIXED_2021.into()),
    ]);
    let page = year_page("en", 2021);
    let item = item_naming(&read(&out, &page), "JADE-RIVER, plastics Ｌtd.", &page);
    assert_contains(&item, "Partner since 2019", &page);
    assert_contains(&item, "Excellent Partner 2019–2021", &page);

    let page = year_page("tc", 2021);
    let item = item_naming(&read(&out, &page), "翠河塑膠有限公司", &page);
    assert_contains(&item, "自2019年起為伙伴", &page);
    assert_contains(&item, "優越伙伴 2019–2021", &page);
}

#[test]
fn history_by_id_and_former_names() {
    let (_site, out) = build_partner_site(&[
        (
            2019,
            "year: 2019\npartners:\n\
             \x20 - id: jr01\n    name: { en: Jade River Plastics Limited, tc: 翠河塑膠有限公司 }\n    category: excellent\n\
             \x20 - id: nh01\n    name: { en: Old Harbour Metal Works Limited, tc: 舊港五金廠有限公司 }\n    category: manufacturing\n"
                .into(),
        ),
        (
            2020,
            "year: 2020\npartners:\n\
             \x20 - id: jr01\n    name: { en: Jade River Plastics Limited, tc: 翠河塑膠有限公司 }\n    category: excellent\n\
             \x20 - id: nh01\n    name: { en: New Harbour Metal Works Limited, tc: 新港五金廠有限公司 }\n    category: manufacturing\n"
                .into(),
        ),
        (
            2021,
            "year: 2021\npartners:\n\
             \x20 - id: jr01\n    name: { en: Jade River Plastics Ltd., tc: 翠河塑膠有限公司 }\n    category: excellent\n\
             \x20 - id: nh01\n    name: { en: New Harbour Metal Works Limited, tc: 新港五金廠有限公司 }\n    category: excellent\n"
                .into(),
        ),
    ]);

    // The newest year's page, English and Traditional Chinese.
    let page = year_page("en", 2021);
    let html = read(&out, &page);
    let jade = item_naming(&html, "Jade River Plastics Ltd.", &page);
    assert_contains(&jade, "Partner since 2019", &page);
    assert_contains(&jade, "Excellent Partner 2019–2021", &page);
    let harbour = item_naming(&html, "New Harbour Metal Works Limited", &page);
    assert_contains(&harbour, "Partner since 2019", &page);
    assert_contains(&harbour, "Partner (Manufacturing) 2019–2020", &page);
    assert_contains(&harbour, "Excellent Partner 2021", &page);
    assert_contains(&harbour, "Old Harbour Metal Works Limited", &page);
    assert_contains(&harbour, "Formerly", &page);
    // The id changed nothing else: the older name is not a partner of 2021.
    assert_eq!(partner_rows(&html), 2, "{page}: two partners");

    let page = year_page("tc", 2021);
    let html = read(&out, &page);
    let jade = item_naming(&html, "翠河塑膠有限公司", &page);
    assert_contains(&jade, "自2019年起為伙伴", &page);
    assert_contains(&jade, "優越伙伴 2019–2021", &page);
    let harbour = item_naming(&html, "新港五金廠有限公司", &page);
    assert_contains(&harbour, "舊港五金廠有限公司", &page);
    assert_contains(&harbour, "前稱", &page);

    // The later year (2020) shows the former name, the earlier (2019) does not.
    let page = year_page("en", 2020);
    let harbour = item_naming(&read(&out, &page), "New Harbour Metal Works Limited", &page);
    assert_contains(&harbour, "Old Harbour Metal Works Limited", &page);
    let page = year_page("en", 2019);
    let old = item_naming(&read(&out, &page), "Old Harbour Metal Works Limited", &page);
    assert_lacks(&old, "New Harbour", &page);
    assert_lacks(&old, "Formerly", &page);
}

#[test]
fn history_by_normalised_english_name_without_ids() {
    let (_site, out) = build_partner_site(&[
        (
            2019,
            "year: 2019\npartners:\n\
             \x20 - name: { en: Jade River Plastics Limited, tc: 翠河塑膠有限公司 }\n    category: excellent\n\
             \x20 - name: { en: Gap Year Printing Limited, tc: 間年印刷有限公司 }\n    category: excellent\n"
                .into(),
        ),
        (
            2020,
            "year: 2020\npartners:\n\
             \x20 - name: { en: jade river plastics limited, tc: 翠河塑膠有限公司 }\n    category: excellent\n"
                .into(),
        ),
        (
            2021,
            // Case, punctuation, "Ltd." for "Limited" and a full-width Ｌ.
            "year: 2021\npartners:\n\
             \x20 - name: { en: \"JADE-RIVER, plastics Ｌtd.\", tc: 翠河塑膠有限公司 }\n    category: excellent\n\
             \x20 - name: { en: \"Gap Year Printing Ltd\", tc: 間年印刷有限公司 }\n    category: manufacturing\n"
                .into(),
        ),
    ]);
    let page = year_page("en", 2021);
    let html = read(&out, &page);
    let jade = item_naming(&html, "JADE-RIVER, plastics Ｌtd.", &page);
    assert_contains(&jade, "Partner since 2019", &page);
    assert_contains(&jade, "Excellent Partner 2019–2021", &page);
    // Not in 2020: two runs, one per category.
    let gap = item_naming(&html, "Gap Year Printing Ltd", &page);
    assert_contains(&gap, "Partner since 2019", &page);
    assert_contains(&gap, "Excellent Partner 2019", &page);
    assert_contains(&gap, "Partner (Manufacturing) 2021", &page);
    assert_lacks(&gap, "2019–2021", &page);

    let page = year_page("tc", 2021);
    let jade = item_naming(&read(&out, &page), "翠河塑膠有限公司", &page);
    assert_contains(&jade, "自2019年起為伙伴", &page);
    assert_contains(&jade, "優越伙伴 2019–2021", &page);
}

#[test]
fn multi_year_page_lists_five_years_but_not_four() {
    let years: Vec<(i32, String)> = (2017..=2021)
        .map(|year| {
            let mut yaml = format!(
                "year: {year}\npartners:\n  - id: five\n    name: {{ en: Five Year Foods Limited, tc: 五年食品有限公司 }}\n    category: excellent\n"
            );
            if year < 2021 {
                yaml.push_str("  - name: { en: Four Year Toys Limited, tc: 四年玩具有限公司 }\n    category: manufacturing\n");
            }
            (year, yaml)
        })
        .collect();
    let (_site, out) = build_partner_site(&years);

    let four_year_page = year_page("en", 2020);
    assert_contains(
        &read(&out, &four_year_page),
        "Four Year Toys Limited",
        &four_year_page,
    );
    for (code, five, four) in [
        ("en", "Five Year Foods Limited", "Four Year Toys Limited"),
        ("tc", "五年食品有限公司", "四年玩具有限公司"),
    ] {
        let page = format!("{code}/partners/multi-year/index.html");
        let html = read(&out, &page);
        let text = text_of(&html);
        assert_contains(&text, five, &page);
        assert_lacks(&text, four, &page);
    }
    let page = "en/partners/multi-year/index.html";
    let five = item_naming(&read(&out, page), "Five Year Foods Limited", page);
    assert_contains(&five, "Excellent Partner 2017–2021", page);
}

// ---------------------------------------------------------------------------
// The overview table of all years
// ---------------------------------------------------------------------------

/// Every `<table>…</table>` of `html`.
fn tables(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<table") {
        let from = &rest[start..];
        let end = from.find("</table>").map_or(from.len(), |e| e + 8);
        found.push(&from[..end]);
        rest = &from[end..];
    }
    found
}

/// One cell of a table row: `th` or `td`, its attributes and its text.
#[derive(Debug)]
struct Cell {
    tag: String,
    attributes: Attributes,
    text: String,
    html: String,
}

/// The rows of a table, each as its cells.
fn table_rows(table: &str) -> Vec<Vec<Cell>> {
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap_or(row);
            let mut cells = Vec::new();
            let mut rest = row;
            loop {
                let th = rest.find("<th");
                let td = rest.find("<td");
                let (at, tag) = match (th, td) {
                    (Some(a), Some(b)) if a < b => (a, "th"),
                    (Some(_), Some(b)) => (b, "td"),
                    (Some(a), None) => (a, "th"),
                    (None, Some(b)) => (b, "td"),
                    (None, None) => break,
                };
                let from = &rest[at..];
                // `<thead` is not a cell.
                if !from[3..].starts_with([' ', '>']) {
                    rest = &from[3..];
                    continue;
                }
                let close = format!("</{tag}>");
                let end = from.find(&close).map_or(from.len(), |e| e + close.len());
                let cell = &from[..end];
                cells.push(Cell {
                    tag: tag.to_string(),
                    attributes: tags(cell, tag).into_iter().next().unwrap_or_default(),
                    text: text_of(cell),
                    html: cell.to_string(),
                });
                rest = &from[end..];
            }
            cells
        })
        .collect()
}

#[test]
fn overview_table_lists_every_year_with_counts_and_totals() {
    let partner = |en: &str, tc: &str, category: &str| {
        format!("  - name: {{ en: {en}, tc: {tc} }}\n    category: {category}\n")
    };
    let y2019 = format!(
        "year: 2019\npartners:\n{}{}{}",
        partner("Alpha Limited", "甲公司", "excellent"),
        partner("Beta Limited", "乙公司", "manufacturing"),
        partner("Gamma Limited", "丙公司", "manufacturing"),
    );
    let y2020 = format!(
        "year: 2020\npartners:\n{}{}",
        partner("Delta Limited", "丁公司", "manufacturing"),
        partner("Epsilon Limited", "戊公司", "sourcing"),
    );
    let y2021 = format!(
        "year: 2021\npartners:\n{}{}{}{}",
        partner("Alpha Limited", "甲公司", "excellent"),
        partner("Zeta Limited", "己公司", "excellent"),
        partner("Eta Limited", "庚公司", "ets"),
        partner("Theta Limited", "辛公司", "sourcing"),
    );
    let (_site, out) = build_partner_site(&[(2019, y2019), (2020, y2020), (2021, y2021)]);
    // year → counts per category in site.yaml order, total.
    let expected: [(i32, [usize; 4], usize); 3] = [
        (2019, [1, 2, 0, 0], 3),
        (2020, [0, 1, 1, 0], 2),
        (2021, [2, 0, 1, 1], 4),
    ];
    let english_categories = [
        "Excellent Partner",
        "Partner (Manufacturing)",
        "Partner (Sourcing Enterprise)",
        "Partner (Environmental Technology Service Provider)",
    ];

    for code in LANGS {
        let page = format!("{code}/partners/index.html");
        let html = read(&out, &page);
        let links: Vec<String> = expected
            .iter()
            .map(|(year, _, _)| format!("/{code}/partners/{year}/"))
            .collect();
        let table = tables(&html)
            .into_iter()
            .find(|t| {
                let in_table = common::links(t);
                links.iter().all(|l| in_table.contains(l))
            })
            .unwrap_or_else(|| panic!("{page}: no <table> links to every year {links:?}:\n{html}"));

        let caption = table
            .split("<caption")
            .nth(1)
            .and_then(|c| c.split("</caption>").next())
            .map(|c| text_of(&format!("<caption{c}")))
            .unwrap_or_default();
        assert!(
            !caption.is_empty(),
            "{page}: the years table has no <caption>:\n{table}"
        );

        let rows = table_rows(table);
        let header = rows
            .iter()
            .find(|cells| !cells.is_empty() && cells.iter().all(|c| c.tag == "th"))
            .unwrap_or_else(|| panic!("{page}: no header row:\n{table}"));
        assert_eq!(
            header.len(),
            english_categories.len() + 2,
            "{page}: the header has the year, the four categories and the total: {header:#?}"
        );
        for cell in header {
            assert_eq!(
                cell.attributes.get("scope").map(String::as_str),
                Some("col"),
                "{page}: header cell without scope=\"col\": {}",
                cell.html
            );
            assert!(!cell.text.is_empty(), "{page}: empty header cell");
        }
        if code == "en" {
            let names: Vec<&str> = header[1..=4].iter().map(|c| c.text.as_str()).collect();
            assert_eq!(names, english_categories, "{page}: category headers");
            assert_eq!(header[5].text, "Total", "{page}: last header");
        }

        let mut seen = Vec::new();
        for cells in &rows {
            let Some(year_cell) = cells.first() else {
                continue;
            };
            let Some((year, counts, total)) = expected
                .iter()
                .find(|(y, _, _)| year_cell.text == y.to_string())
            else {
                continue;
            };
            let link = format!("/{code}/partners/{year}/");
            assert!(
                common::links(&year_cell.html).contains(&link),
                "{page}: the {year} cell does not link to {link}: {}",
                year_cell.html
            );
            let numbers: Vec<&str> = cells[1..].iter().map(|c| c.text.as_str()).collect();
            let wanted: Vec<String> = counts
                .iter()
                .chain(std::iter::once(total))
                .map(usize::to_string)
                .collect();
            assert_eq!(numbers, wanted, "{page}: the row of {year}");
            seen.push(*year);
        }
        seen.sort();
        assert_eq!(seen, [2019, 2020, 2021], "{page}: one row per year");
    }
}

// ---------------------------------------------------------------------------
// Bad input through the binary
// ---------------------------------------------------------------------------

/// Copies the good fixture with its build in `<site>/public`, applies
/// `break_it`, runs `cpsite build --root <site>` and checks that it failed
/// with exit code 1 and left public/ as it was. Returns stderr.
fn rejected(break_it: impl FnOnce(&Path)) -> String {
    let good = shared_good_build();
    let site = temp();
    let root = site.path();
    copy_tree(&good.root, root);
    let public = root.join("public");
    let before = snapshot(&public);
    assert!(
        before.contains_key("en/partners/2021/index.html"),
        "the good build has no 2021 partner page"
    );

    break_it(root);
    let run = run_build(root, &[]);
    assert_eq!(
        run.code,
        Some(1),
        "cpsite build should fail with exit code 1\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert_same_tree(
        &before,
        &snapshot(&public),
        "public/ after the failed build",
    );
    assert!(
        entries_starting_with(root, ".public").is_empty(),
        "the failed build left a staging folder"
    );
    run.stderr
}

fn assert_reports(stderr: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "stderr does not contain {needle:?}:\n{stderr}"
        );
    }
}

/// The line the first entry appended to the fixture's 2021.yaml starts on.
fn appended_line() -> usize {
    PARTNERS_2021.lines().count() + 1
}

#[test]
fn same_id_for_two_enterprises_in_a_year_is_rejected() {
    let second = appended_line() + 3;
    let stderr = rejected(|root| {
        append_file(
            root,
            "content/partners/2021.yaml",
            "  - id: dup-1\n    name: { en: First Enterprise Ltd, tc: 第一企業有限公司 }\n    category: manufacturing\n\
             \x20 - id: dup-1\n    name: { en: Second Enterprise Ltd, tc: 第二企業有限公司 }\n    category: manufacturing\n",
        )
    });
    assert_reports(&stderr, &[&format!("content/partners/2021.yaml:{second}")]);
}

#[test]
fn website_that_is_not_http_is_rejected() {
    for website in ["ftp://x", "javascript:alert(1)"] {
        let line = appended_line();
        let stderr = rejected(|root| {
            append_file(
                root,
                "content/partners/2021.yaml",
                &format!(
                    "  - name: {{ en: Bad Link Ltd, tc: 壞連結有限公司 }}\n    category: ets\n    website: {website}\n"
                ),
            )
        });
        assert_reports(
            &stderr,
            &[&format!("content/partners/2021.yaml:{line}"), website],
        );
    }
}

#[test]
fn empty_year_file_is_rejected() {
    let stderr = rejected(|root| {
        write_file(
            root,
            "content/partners/2021.yaml",
            "year: 2021\npartners: []\n",
        )
    });
    assert_reports(&stderr, &["content/partners/2021.yaml:2"]);

    let stderr = rejected(|root| write_file(root, "content/partners/2021.yaml", "year: 2021\n"));
    assert_reports(&stderr, &["content/partners/2021.yaml:1"]);
}

// ---------------------------------------------------------------------------
// Awkward names
// ---------------------------------------------------------------------------

const AWKWARD_EN: &str = "<Lab>, \"Quotes\" & Sons\u{200F} Rtl\u{200B}Zero Ltd";
const AWKWARD_TC: &str = "<實驗室> & \"引號\"\u{200F}公司\u{200B}有限";
const AWKWARD_WEBSITE: &str = "https://example.com/?a=1&b=2";

/// A minimal RFC 4180 reader: quoted fields, `""` for a quote, CRLF rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut field_started = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if !field_started => {
                quoted = true;
                field_started = true;
            }
            '"' => panic!("a bare quote inside an unquoted CSV field: {field:?}"),
            ',' => {
                row.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF in the CSV");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                field_started = false;
            }
            '\n' => panic!("a bare LF ends a CSV row (RFC 4180 wants CRLF)"),
            c => {
                field.push(c);
                field_started = true;
            }
        }
    }
    assert!(!quoted, "the CSV ends inside a quoted field");
    if field_started || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn awkward_names_are_escaped_in_html_and_valid_in_csv_and_json() {
    let yaml = format!(
        "year: 2021\npartners:\n  - name: {{ en: '{AWKWARD_EN}', tc: '{AWKWARD_TC}' }}\n    category: excellent\n    website: {AWKWARD_WEBSITE}\n  - name: {{ en: Plain Limited, tc: 普通有限公司 }}\n    category: excellent\n"
    );
    let (_site, out) = build_partner_site(&[(2021, yaml)]);

    for code in LANGS {
        for page in [year_page(code, 2021), format!("{code}/partners/index.html")] {
            let html = read(&out, &page);
            for raw in ["<Lab", "<實驗室", "<实验室"] {
                assert_lacks(&html, raw, &page);
            }
            assert!(
                all_tags(&html).iter().all(|(name, _)| name != "lab"
                    && !name.starts_with("實")
                    && !name.starts_with("实")),
                "{page}: a name became a tag"
            );
            let text = text_of(&html);
            assert_contains(&text, AWKWARD_EN, &page);
            if code == "tc" {
                assert_contains(&text, AWKWARD_TC, &page);
            }
            // The quote in the name does not cut the attribute short.
            let folded = AWKWARD_EN.to_lowercase();
            assert!(
                tags(&html, "li")
                    .iter()
                    .any(|li| li.get("data-search").is_some_and(|s| s.contains(&folded))),
                "{page}: no partner row whose data-search holds {folded:?}"
            );
            assert_tag(&html, "a", &[("href", AWKWARD_WEBSITE)], &page);
        }

        let file = format!("{code}/partners/2021.csv");
        let bytes = read_bytes(&out, &file);
        let text = String::from_utf8(bytes).expect("UTF-8 CSV");
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let rows = parse_csv(text);
        assert_eq!(rows.len(), 3, "{file}: a header and two partners:\n{text}");
        assert!(
            rows.iter().all(|r| r.len() == rows[0].len()),
            "{file}: rows of different lengths:\n{rows:#?}"
        );
        let awkward: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|cell| cell == AWKWARD_EN))
            .collect();
        assert_eq!(
            awkward.len(),
            1,
            "{file}: the English name round-trips once:\n{text}"
        );
        assert!(
            awkward[0].iter().any(|cell| cell == AWKWARD_TC),
            "{file}: the Traditional Chinese name does not round-trip:\n{text}"
        );
        assert!(
            awkward[0].iter().any(|cell| cell == AWKWARD_WEBSITE),
            "{file}: the website does not round-trip:\n{text}"
        );

        let file = format!("{code}/partners/2021.json");
        let json: serde_json::Value =
            serde_json::from_str(&read(&out, &file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let partners = json["partners"].as_array().expect("a partners array");
        assert_eq!(partners.len(), 2, "{file}");
        let awkward = partners
            .iter()
            .find(|p| p["names"]["en"] == AWKWARD_EN)
            .unwrap_or_else(|| panic!("{file}: names.en does not round-trip:\n{json:#}"));
        assert_eq!(awkward["names"]["tc"], AWKWARD_TC, "{file}");
        assert_eq!(awkward["website"], AWKWARD_WEBSITE, "{file}");
        match code {
            "en" => assert_eq!(awkward["name"], AWKWARD_EN, "{file}"),
            "tc" => assert_eq!(awkward["name"], AWKWARD_TC, "{file}"),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------
// Scale
// ---------------------------------------------------------------------------

/// 20 year files × 1 000 partners, from a pool of 1 600 generated
/// enterprises: year `y` (0-based) lists enterprises 30y … 30y + 999, so
/// most recur across years; each changes category every five years.
#[test]
fn twenty_years_of_a_thousand_partners() {
    const FIRST: i32 = 2005;
    const YEARS: usize = 20;
    const PER_YEAR: usize = 1000;
    let years: Vec<(i32, String)> = (0..YEARS)
        .map(|y| {
            let entries: Vec<(usize, &str)> = (0..PER_YEAR)
                .map(|k| {
                    let index = y * 30 + k;
                    (index, CATEGORY_KEYS[(index + y / 5) % 4])
                })
                .collect();
            (
                FIRST + y as i32,
                generated_partner_yaml(FIRST + y as i32, &entries),
            )
        })
        .collect();
    let site = partner_site(&years);
    let options = options(site.path());
    let started = Instant::now();
    let report = build_ok(&options);
    let elapsed = started.elapsed();
    println!(
        "build of {YEARS} year files × {PER_YEAR} partners: {:.2} s ({} profile)",
        elapsed.as_secs_f64(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert!(
        report.warnings.is_empty(),
        "the generated site has warnings:\n{}",
        report.warnings
    );
    let out = options.output_dir();
    let last = FIRST + YEARS as i32 - 1;
    for y in 0..YEARS as i32 {
        let page = year_page("en", FIRST + y);
        assert_eq!(partner_rows(&read(&out, &page)), PER_YEAR, "{page}");
    }
    for code in ["tc", "sc"] {
        let page = year_page(code, last);
        assert_eq!(partner_rows(&read(&out, &page)), PER_YEAR, "{page}");
        let file = format!("{code}/partners/{last}.json");
        let json: serde_json::Value = serde_json::from_str(&read(&out, &file)).expect("JSON");
        assert_eq!(
            json["partners"].as_array().map(Vec::len),
            Some(PER_YEAR),
            "{file}"
        );
    }
    assert_eq!(
        partner_rows(&read(&out, "en/partners/index.html")),
        PER_YEAR,
        "the overview shows the newest year"
    );

    // Enterprise 600 is in all 20 years, a new category every five.
    let e = generated_enterprise(600);
    let page = year_page("en", last);
    let item = item_naming(&read(&out, &page), &e.en, &page);
    for line in [
        "Partner since 2005",
        "Excellent Partner 2005–2009",
        "Partner (Manufacturing) 2010–2014",
        "Partner (Sourcing Enterprise) 2015–2019",
        "Partner (Environmental Technology Service Provider) 2020–2024",
    ] {
        assert_contains(&item, line, &page);
    }
    let multi = read(&out, "en/partners/multi-year/index.html");
    assert_contains(&text_of(&multi), &e.en, "en/partners/multi-year/");
}
