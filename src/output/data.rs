//! Each year's partners as open data: CSV (UTF-8 with BOM so spreadsheet
//! programs read Chinese correctly, RFC 4180 quoting, formulas neutralised)
//! and JSON with every field.

use crate::site::{PartnerYear, Site};
use serde::Serialize;

/// Files of one year in one language: (extension, contents).
pub fn year_files(
    site: &Site,
    year: &PartnerYear,
    language: usize,
) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("csv", csv(site, year, language)),
        ("json", json(site, year, language)),
    ]
}

fn csv(site: &Site, year: &PartnerYear, language: usize) -> Vec<u8> {
    let strings = &site.strings[language];
    let categories = site.category_names(language);
    let mut header: Vec<String> = vec![
        strings.get("year").to_string(),
        strings.get("category").to_string(),
        strings.get("name").to_string(),
    ];
    for lang in &site.config.languages {
        header.push(format!("name_{}", lang.code));
    }
    header.extend(
        ["location", "sector", "website", "id"]
            .iter()
            .map(|k| strings.get(k).to_string()),
    );
    let mut out = String::from("\u{feff}");
    push_row(&mut out, header.iter().map(String::as_str));
    let year_text = year.year.to_string();
    for &index in site.partner_order(language, year) {
        let partner = &year.partners[index];
        let row = [
            year_text.as_str(),
            categories[partner.category].as_str(),
            partner.name.get(language),
        ]
        .into_iter()
        .chain(partner.name.0.iter().map(String::as_str))
        .chain([
            partner
                .location
                .as_ref()
                .map(|l| l.get(language))
                .unwrap_or_default(),
            partner.sector.as_deref().unwrap_or_default(),
            partner.website.as_deref().unwrap_or_default(),
            partner.id.as_deref().unwrap_or_default(),
        ]);
        push_row(&mut out, row);
    }
    out.into_bytes()
}

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (n, cell) in cells.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_csv_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// One CSV cell: quoted when needed (RFC 4180), and a leading `=`, `+`, `-`,
/// `@`, tab or carriage return neutralised with an apostrophe so spreadsheet
/// programs never run it as a formula.
fn push_csv_cell(out: &mut String, text: &str) {
    let neutralised = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = text.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if neutralised {
        out.push('\'');
    }
    if quoted {
        for (n, part) in text.split('"').enumerate() {
            if n > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[derive(Serialize)]
struct JsonYear<'a> {
    year: i32,
    language: &'a str,
    total: usize,
    categories: Vec<JsonCategory<'a>>,
    partners: Vec<JsonPartner<'a>>,
}

#[derive(Serialize)]
struct JsonCategory<'a> {
    key: &'a str,
    name: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct JsonPartner<'a> {
    id: Option<&'a str>,
    name: &'a str,
    names: std::collections::BTreeMap<&'a str, &'a str>,
    category: &'a str,
    category_name: &'a str,
    location: Option<&'a str>,
    sector: Option<&'a str>,
    website: Option<&'a str>,
}

fn json(site: &Site, year: &PartnerYear, language: usize) -> Vec<u8> {
    let config = &site.config;
    let names = site.category_names(language);
    let counts = year.counts(config.partner_categories.len());
    let document = JsonYear {
        year: year.year,
        language: &config.languages[language].code,
        total: year.partners.len(),
        categories: config
            .partner_categories
            .iter()
            .enumerate()
            .map(|(i, c)| JsonCategory {
                key: &c.key,
                name: &names[i],
                count: counts[i],
            })
            .collect(),
        partners: site
            .partner_order(language, year)
            .iter()
            .map(|&index| {
                let p = &year.partners[index];
                JsonPartner {
                    id: p.id.as_deref(),
                    name: p.name.get(language),
                    names: config
                        .languages
                        .iter()
                        .enumerate()
                        .map(|(l, lang)| (lang.code.as_str(), p.name.get(l)))
                        .collect(),
                    category: &config.partner_categories[p.category].key,
                    category_name: &names[p.category],
                    location: p.location.as_ref().map(|l| l.get(language)),
                    sector: p.sector.as_deref(),
                    website: p.website.as_deref(),
                }
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_cell(text: &str) -> String {
        let mut out = String::new();
        push_csv_cell(&mut out, text);
        out
    }

    #[test]
    fn cells_quoted_and_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-1+1"), "'-1+1");
        assert_eq!(csv_cell("@x,y"), "\"'@x,y\"");
    }
}
