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
    let codes: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    for code in &codes {
        header.push(format!("name_{code}"));
    }
    header.extend(
        ["location", "sector", "website", "id"]
            .iter()
            .map(|k| strings.get(k).to_string()),
    );
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &header);
    for &index in site.partner_order(language, year) {
        let partner = &year.partners[index];
        let mut row = vec![
            year.year.to_string(),
            categories[partner.category].clone(),
            partner.name.get(language).to_string(),
        ];
        row.extend(partner.name.0.iter().cloned());
        row.push(
            partner
                .location
                .as_ref()
                .map(|l| l.get(language).to_string())
                .unwrap_or_default(),
        );
        row.push(partner.sector.clone().unwrap_or_default());
        row.push(partner.website.clone().unwrap_or_default());
        row.push(partner.id.clone().unwrap_or_default());
        push_row(&mut out, &row);
    }
    out.into_bytes()
}

fn push_row(out: &mut String, cells: &[String]) {
    for (n, cell) in cells.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(cell));
    }
    out.push_str("\r\n");
}

/// One CSV cell: quoted when needed (RFC 4180), and a leading `=`, `+`, `-`,
/// `@`, tab or carriage return neutralised with an apostrophe so spreadsheet
/// programs never run it as a formula.
pub fn csv_cell(text: &str) -> String {
    let mut value = String::with_capacity(text.len() + 2);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        value.push('\'');
    }
    value.push_str(text);
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[derive(Serialize)]
struct JsonYear<'a> {
    year: i32,
    language: &'a str,
    total: usize,
    categories: Vec<JsonCategory>,
    partners: Vec<JsonPartner>,
}

#[derive(Serialize)]
struct JsonCategory {
    key: String,
    name: String,
    count: usize,
}

#[derive(Serialize)]
struct JsonPartner {
    id: Option<String>,
    name: String,
    names: std::collections::BTreeMap<String, String>,
    category: String,
    category_name: String,
    location: Option<String>,
    sector: Option<String>,
    website: Option<String>,
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
                key: c.key.clone(),
                name: names[i].clone(),
                count: counts[i],
            })
            .collect(),
        partners: site
            .partner_order(language, year)
            .iter()
            .map(|&index| {
                let p = &year.partners[index];
                JsonPartner {
                    id: p.id.clone(),
                    name: p.name.get(language).to_string(),
                    names: config
                        .languages
                        .iter()
                        .enumerate()
                        .map(|(l, lang)| (lang.code.clone(), p.name.get(l).to_string()))
                        .collect(),
                    category: config.partner_categories[p.category].key.clone(),
                    category_name: names[p.category].clone(),
                    location: p.location.as_ref().map(|l| l.get(language).to_string()),
                    sector: p.sector.clone(),
                    website: p.website.clone(),
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
