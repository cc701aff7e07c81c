//! The model of one site in memory: every item in every language, how items
//! pair up as translations, the listings, and the partner years with each
//! enterprise's history. It knows nothing of files or YAML, and of
//! templates only the form a body's HTML is kept in ([`BodyHtml`]).

use crate::config::Config;
use crate::i18n::collate::NameCollator;
use crate::i18n::strings::Strings;
use crate::i18n::Localized;
use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Press release or standing page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    News,
    Page,
}

impl ItemKind {
    pub fn folder(self) -> &'static str {
        match self {
            ItemKind::News => "news",
            ItemKind::Page => "pages",
        }
    }
}

/// One item in one language.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: ItemKind,
    pub slug: String,
    /// Index into `Config::languages`.
    pub language: usize,
    pub title: String,
    /// Required for news; pages may have one.
    pub date: Option<DateTime<FixedOffset>>,
    /// Whether the date had a time of day (the "Issued at" line needs one).
    pub has_time: bool,
    /// Plain text, already shortened.
    pub summary: String,
    pub body_html: BodyHtml,
    /// Plain text of the body, for search.
    pub body_text: String,
    /// Topic keys of site.yaml.
    pub topics: Vec<String>,
    /// Position in the main menu (pages).
    pub menu: Option<u32>,
    /// The file it came from, relative to the site folder.
    pub source: PathBuf,
    /// Made by converting another language's file.
    pub derived: bool,
}

/// A body's rendered HTML, already safe, kept in the template engine's own
/// form: a shared string that the page showing it takes without a copy
/// (bodies are most of a site's text, and each is copied once, here).
#[derive(Clone)]
pub struct BodyHtml(tera::Value);

impl BodyHtml {
    pub fn new(html: &str) -> Self {
        BodyHtml(tera::Value::safe_string(html))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }

    /// The body as a template value (marked safe: not escaped again).
    pub fn as_value(&self) -> &tera::Value {
        &self.0
    }
}

impl Default for BodyHtml {
    fn default() -> Self {
        BodyHtml::new("")
    }
}

impl std::fmt::Debug for BodyHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

/// One enterprise in one year's list.
#[derive(Debug, Clone)]
pub struct Partner {
    /// The editor's stable id, if given.
    pub id: Option<String>,
    /// What ties an enterprise across years: its id, else its normalised
    /// English (or other) name.
    pub identity: String,
    /// The normalised English (or default language) name, to tie an entry
    /// without an id to an enterprise that has one.
    pub name_key: String,
    pub name: Localized,
    /// Index into `Config::partner_categories`.
    pub category: usize,
    pub location: Option<Localized>,
    pub sector: Option<String>,
    pub website: Option<String>,
    /// Line of the entry in its year file.
    pub line: usize,
}

/// One `content/partners/<year>.yaml`.
#[derive(Debug, Clone)]
pub struct PartnerYear {
    pub year: i32,
    /// Slug of the press release that announced the list.
    pub announced: Option<String>,
    pub note: Option<Localized>,
    pub partners: Vec<Partner>,
    pub source: PathBuf,
}

impl PartnerYear {
    /// Number of partners in each category, in site.yaml order.
    pub fn counts(&self, categories: usize) -> Vec<usize> {
        let mut counts = vec![0; categories];
        for partner in &self.partners {
            counts[partner.category] += 1;
        }
        counts
    }
}

/// Where an item is, by kind and slug, in every language.
pub type Translations = Vec<Option<usize>>;

/// Texts of site.yaml resolved for every language.
#[derive(Debug, Clone, Default)]
pub struct SiteTexts {
    pub title: Localized,
    pub description: Localized,
    /// In `Config::partner_categories` order.
    pub category_names: Vec<Localized>,
    /// In `Config::topics` order.
    pub topic_names: Vec<Localized>,
}

/// One year of an enterprise's record.
#[derive(Debug, Clone)]
pub struct Recognition {
    pub year: i32,
    pub category: usize,
    pub name: Localized,
}

/// The whole site, ready to render.
pub struct Site {
    pub config: Config,
    pub texts: SiteTexts,
    /// Topic names, like `texts.topic_names` (kept apart for quick lookup).
    pub topic_names: Vec<Localized>,
    /// Interface strings per language.
    pub strings: Vec<Strings>,
    /// Every published item of every language.
    pub items: Vec<Item>,
    /// For each (kind, slug): the index in `items` of each language's version.
    pub translations: BTreeMap<(ItemKind, String), Translations>,
    /// Per language: indices of press releases, newest first.
    pub news_by_language: Vec<Vec<usize>>,
    /// Per language: indices of standing pages, by slug.
    pub pages_by_language: Vec<Vec<usize>>,
    /// Partner years, oldest first.
    pub partner_years: Vec<PartnerYear>,
    /// Files of `content/static/`, relative to it.
    pub static_files: Vec<PathBuf>,
    /// Per partner year, per language: partner indices in display order
    /// (category, then the name as that language's readers sort it).
    pub partner_orders: Vec<Vec<Vec<usize>>>,
    /// Each enterprise's years, by identity, oldest first.
    pub partner_records: HashMap<String, Vec<Recognition>>,
    /// Sizes of the open data files: (year, language, "csv"/"json") → bytes.
    pub data_sizes: BTreeMap<(i32, usize, &'static str), usize>,
}

impl Site {
    /// Puts the read content in order: translations paired by slug, news
    /// newest first (ties by slug, so output never depends on read order).
    pub fn assemble(
        config: Config,
        texts: SiteTexts,
        strings: Vec<Strings>,
        mut items: Vec<Item>,
        mut partner_years: Vec<PartnerYear>,
        static_files: Vec<PathBuf>,
    ) -> Site {
        let languages = config.languages.len();
        let (translations, news_by_language, pages_by_language) =
            index_items(&mut items, languages);
        partner_years.sort_by_key(|y| y.year);
        link_identities(&mut partner_years);
        let partner_orders = partner_orders(&config, &partner_years);
        let mut partner_records: HashMap<String, Vec<Recognition>> = HashMap::new();
        for year in &partner_years {
            for partner in &year.partners {
                partner_records
                    .entry(partner.identity.clone())
                    .or_default()
                    .push(Recognition {
                        year: year.year,
                        category: partner.category,
                        name: partner.name.clone(),
                    });
            }
        }
        Site {
            topic_names: texts.topic_names.clone(),
            texts,
            config,
            strings,
            items,
            translations,
            news_by_language,
            pages_by_language,
            partner_years,
            static_files,
            partner_orders,
            partner_records,
            data_sizes: BTreeMap::new(),
        }
    }

    /// Puts the new versions of one item in `languages` in place of the old
    /// ones (a language missing from `new_items` loses the item), and orders
    /// everything again.
    pub fn replace_item(
        &mut self,
        kind: ItemKind,
        slug: &str,
        languages: &[usize],
        new_items: Vec<Item>,
    ) {
        self.items
            .retain(|i| !(i.kind == kind && i.slug == slug && languages.contains(&i.language)));
        self.items.extend(new_items);
        let (translations, news, pages) = index_items(&mut self.items, self.config.languages.len());
        self.translations = translations;
        self.news_by_language = news;
        self.pages_by_language = pages;
    }

    pub fn title(&self, language: usize) -> String {
        self.texts.title.get(language).to_string()
    }

    pub fn description(&self, language: usize) -> String {
        self.texts.description.get(language).to_string()
    }

    /// Partner category names in one language, in display order.
    pub fn category_names(&self, language: usize) -> Vec<String> {
        self.texts
            .category_names
            .iter()
            .map(|n| n.get(language).to_string())
            .collect()
    }

    /// Partner indices of `year` in display order for `language`.
    pub fn partner_order(&self, language: usize, year: &PartnerYear) -> &[usize] {
        self.partner_years
            .iter()
            .position(|y| y.year == year.year)
            .map(|i| self.partner_orders[i][language].as_slice())
            .unwrap_or_default()
    }

    /// "Partner since 2012", "Excellent Partner 2015–2017, 2021": the
    /// enterprise's record across all years, in one language.
    pub fn partner_history_lines(
        &self,
        language: usize,
        _year: &PartnerYear,
        partner: &Partner,
    ) -> Vec<String> {
        let Some(record) = self.partner_records.get(&partner.identity) else {
            return Vec::new();
        };
        if record.len() < 2 {
            return Vec::new();
        }
        let strings = &self.strings[language];
        let all_years: Vec<i32> = self.partner_years.iter().map(|y| y.year).collect();
        let mut lines = vec![strings
            .get("partner_since")
            .replace("{year}", &record[0].year.to_string())];
        for (category, name) in self.texts.category_names.iter().enumerate() {
            let years: Vec<i32> = record
                .iter()
                .filter(|r| r.category == category)
                .map(|r| r.year)
                .collect();
            if !years.is_empty() {
                lines.push(format!(
                    "{} {}",
                    name.get(language),
                    year_ranges(&years, &all_years)
                ));
            }
        }
        lines
    }

    /// Enterprises recognised in at least `minimum` years, as (year index,
    /// partner index) of their newest entry: most years first, then by name
    /// in the language's order.
    pub fn long_standing_partners(&self, language: usize, minimum: usize) -> Vec<(usize, usize)> {
        let collator = NameCollator::for_lang(&self.config.languages[language].lang);
        let mut newest: HashMap<&str, (usize, usize)> = HashMap::new();
        for (year_index, year) in self.partner_years.iter().enumerate() {
            for (partner_index, partner) in year.partners.iter().enumerate() {
                newest.insert(&partner.identity, (year_index, partner_index));
            }
        }
        let mut list: Vec<(usize, Vec<u8>, usize, usize)> = newest
            .into_iter()
            .filter_map(|(identity, (y, p))| {
                let years = self.partner_records.get(identity)?.len();
                (years >= minimum).then(|| {
                    let name = self.partner_years[y].partners[p].name.get(language);
                    (usize::MAX - years, collator.sort_key(name), y, p)
                })
            })
            .collect();
        list.sort();
        list.into_iter().map(|(_, _, y, p)| (y, p)).collect()
    }

    /// Names the enterprise had in earlier years, in one language.
    pub fn former_names(
        &self,
        language: usize,
        year: &PartnerYear,
        partner: &Partner,
    ) -> Vec<String> {
        let Some(record) = self.partner_records.get(&partner.identity) else {
            return Vec::new();
        };
        let current = partner.name.get(language);
        let mut names: Vec<String> = Vec::new();
        for earlier in record.iter().filter(|r| r.year < year.year) {
            let name = earlier.name.get(language);
            if name != current && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        names
    }

    /// The versions of `item` in every language.
    pub fn translations_of(&self, item: &Item) -> &Translations {
        &self.translations[&(item.kind, item.slug.clone())]
    }

    /// Years that have press releases in a language, newest first, with
    /// the releases of each (newest first).
    pub fn news_years(&self, language: usize) -> Vec<(i32, Vec<usize>)> {
        let mut years: Vec<(i32, Vec<usize>)> = Vec::new();
        for &index in &self.news_by_language[language] {
            let Some(date) = self.items[index].date else {
                continue;
            };
            let year = chrono::Datelike::year(&date);
            match years.last_mut() {
                Some((last, list)) if *last == year => list.push(index),
                _ => years.push((year, vec![index])),
            }
        }
        years
    }

    pub fn newest_partner_year(&self) -> Option<&PartnerYear> {
        self.partner_years.last()
    }
}

/// Orders items by kind, slug and language, and indexes them: translations
/// by slug, news newest first (ties by slug, so output never depends on
/// read order), pages by slug.
#[allow(clippy::type_complexity)]
fn index_items(
    items: &mut [Item],
    languages: usize,
) -> (
    BTreeMap<(ItemKind, String), Translations>,
    Vec<Vec<usize>>,
    Vec<Vec<usize>>,
) {
    items.sort_by(|a, b| (a.kind, &a.slug, a.language).cmp(&(b.kind, &b.slug, b.language)));
    // The versions of an item are neighbours now, and the items in key
    // order: each slug is copied once, and the map is built in one go.
    let mut groups: Vec<((ItemKind, String), Translations)> = Vec::new();
    let mut news_by_language = vec![Vec::new(); languages];
    let mut pages_by_language = vec![Vec::new(); languages];
    for (index, item) in items.iter().enumerate() {
        match groups.last_mut() {
            Some(((kind, slug), versions)) if *kind == item.kind && *slug == item.slug => {
                versions[item.language] = Some(index)
            }
            _ => {
                let mut versions = vec![None; languages];
                versions[item.language] = Some(index);
                groups.push(((item.kind, item.slug.clone()), versions));
            }
        }
        match item.kind {
            ItemKind::News => news_by_language[item.language].push(index),
            ItemKind::Page => pages_by_language[item.language].push(index),
        }
    }
    let translations = groups.into_iter().collect();
    for list in &mut news_by_language {
        // Newest first, then by slug; sorted by keys side by side rather
        // than by looking into the items at every comparison.
        let mut keyed: Vec<_> = list
            .iter()
            .map(|&index| {
                (
                    Reverse(items[index].date),
                    items[index].slug.as_str(),
                    index,
                )
            })
            .collect();
        keyed.sort_unstable();
        *list = keyed.into_iter().map(|(_, _, index)| index).collect();
    }
    (translations, news_by_language, pages_by_language)
}

/// An entry without an id belongs to the enterprise that has an id and
/// was listed under the same normalised name in some year.
fn link_identities(years: &mut [PartnerYear]) {
    let mut by_name: HashMap<String, String> = HashMap::new();
    for partner in years.iter().flat_map(|y| &y.partners) {
        if partner.id.is_some() {
            by_name
                .entry(partner.name_key.clone())
                .or_insert_with(|| partner.identity.clone());
        }
    }
    for partner in years.iter_mut().flat_map(|y| &mut y.partners) {
        if partner.id.is_none() {
            if let Some(identity) = by_name.get(&partner.name_key) {
                partner.identity = identity.clone();
            }
        }
    }
}

/// Sorts each year's partners per language: category order of site.yaml,
/// then the name by that language's collation.
fn partner_orders(config: &Config, years: &[PartnerYear]) -> Vec<Vec<Vec<usize>>> {
    let collators: Vec<NameCollator> = config
        .languages
        .iter()
        .map(|l| NameCollator::for_lang(&l.lang))
        .collect();
    years
        .par_iter()
        .map(|year| {
            collators
                .iter()
                .enumerate()
                .map(|(language, collator)| {
                    let mut order: Vec<(usize, Vec<u8>, usize)> = year
                        .partners
                        .iter()
                        .enumerate()
                        .map(|(index, p)| {
                            (p.category, collator.sort_key(p.name.get(language)), index)
                        })
                        .collect();
                    order.sort();
                    order.into_iter().map(|(_, _, index)| index).collect()
                })
                .collect()
        })
        .collect()
}

/// "2015–2017, 2021": runs of consecutive list years (2017 and 2019 are
/// consecutive when no 2018 list exists).
pub fn year_ranges(years: &[i32], all_years: &[i32]) -> String {
    let position = |y: i32| all_years.iter().position(|&a| a == y).unwrap_or(0);
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &year in years {
        match runs.last_mut() {
            Some((_, end)) if position(year) == position(*end) + 1 => *end = year,
            _ => runs.push((year, year)),
        }
    }
    runs.iter()
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}–{end}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
