//! The pages of a site and the view each one gets: one function per page
//! kind, each returning the template to use and its context.

use super::urls::Urls;
use super::views::*;
use crate::i18n::dates;
use crate::site::{Item, ItemKind, Site};
use std::sync::OnceLock;
use tera::{Context, Value};

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Chooser,
    NotFound,
    Home(usize),
    /// Language, page number (1-based).
    NewsList(usize, usize),
    /// Language, year.
    NewsYear(usize, i32),
    /// Index into `Site::items`.
    Item(usize),
    /// Language: the overview with the newest year.
    Partners(usize),
    /// Language, index into `Site::partner_years`.
    PartnerYear(usize, usize),
    /// Language: enterprises recognised in many years.
    MultiYear(usize),
    Search(usize),
}

impl Job {
    /// The language of the page; `None` for pages of all languages.
    pub fn language(&self, site: &Site) -> Option<usize> {
        match *self {
            Job::Chooser | Job::NotFound => None,
            Job::Item(index) => Some(site.items[index].language),
            Job::Home(l)
            | Job::NewsList(l, _)
            | Job::NewsYear(l, _)
            | Job::Partners(l)
            | Job::PartnerYear(l, _)
            | Job::MultiYear(l)
            | Job::Search(l) => Some(l),
        }
    }
}

/// Builds views for the pages of one site.
pub struct PageRenderer<'a> {
    site: &'a Site,
    urls: &'a Urls,
    /// Per language: the context every page of that language shares.
    shared: Vec<Context>,
    /// Per language: the news years (newest first) with their releases.
    years: Vec<Vec<(i32, Vec<usize>)>>,
    /// Per language: the main menu as (label, address).
    menus: Vec<Vec<(String, String)>>,
    /// Per language: the menu as a template value with entry `k` marked
    /// current, and last with none marked: nearly every page is one of
    /// these, made once instead of for every page.
    menu_values: Vec<Vec<Value>>,
    /// Per language: its Open Graph locale (`zh_HK`).
    locales: Vec<String>,
    /// Per item: its summary as a template value, made once: a release is
    /// listed on a page of the news list and again on its year's page.
    summaries: Vec<OnceLock<Value>>,
    /// Per partner year, per partner: its names and locations in every
    /// language, folded for the partner filter once for all the pages
    /// that list it.
    partner_search: Vec<Vec<OnceLock<String>>>,
}

impl<'a> PageRenderer<'a> {
    pub fn new(site: &'a Site, urls: &'a Urls) -> Self {
        let languages = site.config.languages.len();
        let years = (0..languages).map(|l| site.news_years(l)).collect();
        let shared = (0..languages)
            .map(|language| shared_context(site, urls, language))
            .collect();
        let menus: Vec<Vec<(String, String)>> = (0..languages)
            .map(|language| menu_entries(site, urls, language))
            .collect();
        let menu_values = menus
            .iter()
            .map(|entries| {
                (0..=entries.len())
                    .map(|current| Value::from_serializable(&menu_view(entries, |k| k == current)))
                    .collect()
            })
            .collect();
        PageRenderer {
            site,
            urls,
            shared,
            years,
            menus,
            menu_values,
            locales: site
                .config
                .languages
                .iter()
                .map(open_graph_locale)
                .collect(),
            summaries: site.items.iter().map(|_| OnceLock::new()).collect(),
            partner_search: site
                .partner_years
                .iter()
                .map(|year| year.partners.iter().map(|_| OnceLock::new()).collect())
                .collect(),
        }
    }

    pub fn urls(&self) -> &Urls {
        self.urls
    }

    /// Every page of the site, in a fixed order.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![Job::Chooser, Job::NotFound];
        for language in 0..site.config.languages.len() {
            jobs.push(Job::Home(language));
            let pages = self.news_page_count(language);
            jobs.extend((1..=pages).map(|page| Job::NewsList(language, page)));
            jobs.extend(
                self.years[language]
                    .iter()
                    .map(|(year, _)| Job::NewsYear(language, *year)),
            );
            if !site.partner_years.is_empty() {
                jobs.push(Job::Partners(language));
                jobs.extend((0..site.partner_years.len()).map(|y| Job::PartnerYear(language, y)));
                jobs.push(Job::MultiYear(language));
            }
            jobs.push(Job::Search(language));
        }
        jobs.extend((0..site.items.len()).map(Job::Item));
        jobs
    }

    fn news_page_count(&self, language: usize) -> usize {
        let count = self.site.news_by_language[language].len();
        count.div_ceil(self.site.config.news_per_page).max(1)
    }

    fn code(&self, language: usize) -> &str {
        &self.site.config.languages[language].code
    }

    /// The address of a page.
    pub fn url_of(&self, job: &Job) -> String {
        let urls = self.urls;
        match *job {
            Job::Chooser => urls.chooser(),
            Job::NotFound => urls.asset("404.html"),
            Job::Home(l) => urls.home(self.code(l)),
            Job::NewsList(l, page) => urls.news(self.code(l), page),
            Job::NewsYear(l, year) => urls.news_year(self.code(l), year),
            Job::Item(index) => {
                let item = &self.site.items[index];
                urls.item(self.code(item.language), item)
            }
            Job::Partners(l) => urls.partners(self.code(l)),
            Job::PartnerYear(l, y) => {
                urls.partner_year(self.code(l), self.site.partner_years[y].year)
            }
            Job::MultiYear(l) => urls.multi_year(self.code(l)),
            Job::Search(l) => urls.search(self.code(l)),
        }
    }

    /// The template and context of a page.
    pub fn context(&self, job: &Job) -> (&'static str, Context) {
        match *job {
            Job::Chooser => ("chooser.html", self.chooser()),
            Job::NotFound => ("404.html", self.not_found()),
            Job::Home(l) => ("home.html", self.home(l)),
            Job::NewsList(l, page) => ("news_list.html", self.news_list(l, page)),
            Job::NewsYear(l, year) => ("news_list.html", self.news_year(l, year)),
            Job::Item(index) => {
                let item = &self.site.items[index];
                match item.kind {
                    ItemKind::News => ("news_item.html", self.item(item)),
                    ItemKind::Page => ("page.html", self.item(item)),
                }
            }
            Job::Partners(l) => (
                "partners.html",
                self.partners(l, self.site.partner_years.len() - 1, true),
            ),
            Job::PartnerYear(l, y) => ("partners.html", self.partners(l, y, false)),
            Job::MultiYear(l) => ("partners_multi_year.html", self.multi_year(l)),
            Job::Search(l) => ("search.html", self.search(l)),
        }
    }

    /// The shared context plus what every page has: kind, title, switcher,
    /// alternates and canonical address. `counterpart` gives the address
    /// of the same page in another language, or `None` where it does not
    /// exist there (the switcher then leads to `fallback`).
    // Every argument is one part of every page's head; bundling them would
    // only rename them at each call.
    #[allow(clippy::too_many_arguments)]
    fn page(
        &self,
        language: usize,
        kind: &str,
        title: &str,
        description: &str,
        url: &str,
        counterpart: impl Fn(usize) -> Option<String>,
        fallback: impl Fn(usize) -> String,
    ) -> Context {
        let config = &self.site.config;
        let mut context = self.shared[language].clone();
        let mut switcher = Vec::new();
        let mut alternates = Vec::new();
        for (other, lang) in config.languages.iter().enumerate() {
            let found = if other == language {
                Some(url.to_string())
            } else {
                counterpart(other)
            };
            if let Some(address) = &found {
                alternates.push(AlternateView {
                    hreflang: &lang.lang,
                    url: self.urls.absolute(address),
                });
            }
            switcher.push(SwitchView {
                code: &lang.code,
                lang: &lang.lang,
                locale: &self.locales[other],
                name: &lang.name,
                note: found
                    .is_none()
                    .then(|| self.site.strings[other].get("not_translated")),
                available: found.is_some(),
                url: found.unwrap_or_else(|| fallback(other)),
                current: other == language,
            });
        }
        if alternates.len() > 1 {
            alternates.push(AlternateView {
                hreflang: "x-default",
                url: self.urls.absolute(&self.urls.chooser()),
            });
        }
        context.insert("kind", kind);
        context.insert("title", title);
        context.insert("description", description);
        context.insert("url", url);
        context.insert("canonical", &self.urls.absolute(url));
        context.insert("switcher", &switcher);
        context.insert("alternates", &alternates);
        context.insert_value("menu", self.menu(language, url));
        context
    }

    /// The language's main menu, with the entry of the current section
    /// marked (the section whose address the page's begins with).
    fn menu(&self, language: usize, current_url: &str) -> Value {
        let home = self.urls.home(self.code(language));
        let entries = &self.menus[language];
        let is_current = |k: usize| {
            let url = &entries[k].1;
            current_url.starts_with(url.as_str()) && *url != home
        };
        let mut current = (0..entries.len()).filter(|&k| is_current(k));
        match (current.next(), current.next()) {
            (None, _) => self.menu_values[language][entries.len()].clone(),
            (Some(k), None) => self.menu_values[language][k].clone(),
            // An entry's address within another's: both are marked.
            (Some(_), Some(_)) => Value::from_serializable(&menu_view(entries, is_current)),
        }
    }

    fn chooser(&self) -> Context {
        let site = self.site;
        let config = &site.config;
        let default = config.default_language;
        let title = site.title(default);
        let mut context = self.page(
            default,
            "chooser",
            &title,
            &site.description(default),
            &self.urls.chooser(),
            |other| Some(self.urls.home(self.code(other))),
            |other| self.urls.home(self.code(other)),
        );
        // The chooser belongs to no one language: it offers each.
        let choices: Vec<ChoiceView> = config
            .languages
            .iter()
            .enumerate()
            .map(|(index, lang)| ChoiceView {
                code: lang.code.clone(),
                lang: lang.lang.clone(),
                name: lang.name.clone(),
                url: self.urls.home(&lang.code),
                title: site.title(index),
                description: site.description(index),
                enter: site.strings[index].get("enter_site").to_string(),
            })
            .collect();
        context.insert("choices", &choices);
        let alternates: Vec<AlternateView> = config
            .languages
            .iter()
            .map(|lang| AlternateView {
                hreflang: &lang.lang,
                url: self.urls.absolute(&self.urls.home(&lang.code)),
            })
            .chain(std::iter::once(AlternateView {
                hreflang: "x-default",
                url: self.urls.absolute(&self.urls.chooser()),
            }))
            .collect();
        context.insert("alternates", &alternates);
        context
    }

    fn not_found(&self) -> Context {
        let site = self.site;
        let config = &site.config;
        let default = config.default_language;
        let title = site.strings[default].get("not_found_title").to_string();
        let mut context = self.page(
            default,
            "not_found",
            &title,
            "",
            &self.urls.asset("404.html"),
            |_| None,
            |other| self.urls.home(self.code(other)),
        );
        let messages: Vec<NotFoundView> = config
            .languages
            .iter()
            .enumerate()
            .map(|(index, lang)| NotFoundView {
                lang: lang.lang.clone(),
                title: site.strings[index].get("not_found_title").to_string(),
                text: site.strings[index].get("not_found_text").to_string(),
                home_label: site.strings[index].get("home").to_string(),
                home_url: self.urls.home(&lang.code),
            })
            .collect();
        context.insert("messages", &messages);
        context.insert("alternates", &Vec::<AlternateView>::new());
        context
    }

    fn home(&self, language: usize) -> Context {
        let site = self.site;
        let title = site.title(language);
        let mut context = self.page(
            language,
            "home",
            &title,
            &site.description(language),
            &self.urls.home(self.code(language)),
            |other| Some(self.urls.home(self.code(other))),
            |other| self.urls.home(self.code(other)),
        );
        let latest = site.news_by_language[language].iter().take(6).copied();
        context.insert_value("latest", self.summary_list(latest));
        context.insert("news_url", &self.urls.news(self.code(language), 1));
        let totals = site.newest_partner_year().map(|year| {
            let counts = year.counts(site.config.partner_categories.len());
            PartnerTotalsView {
                year: year.year,
                url: self.urls.partner_year(self.code(language), year.year),
                total: year.partners.len(),
                categories: site
                    .category_names(language)
                    .into_iter()
                    .zip(counts)
                    .map(|(name, count)| CountView { name, count })
                    .collect(),
            }
        });
        context.insert("partner_totals", &totals);
        context
    }

    fn summary<'i>(&self, item: &'i Item) -> NewsSummaryView<'i> {
        let strings = &self.site.strings[item.language];
        NewsSummaryView {
            title: &item.title,
            url: self.urls.item(self.code(item.language), item),
            date_iso: item.date.map(|d| d.to_rfc3339()).unwrap_or_default(),
            date: item
                .date
                .map(|d| dates::format(strings.get("date_format"), &d, strings))
                .unwrap_or_default(),
            summary: &item.summary,
        }
    }

    /// The summaries of the items at `indices`, as one template value.
    fn summary_list(&self, indices: impl Iterator<Item = usize>) -> Value {
        let values: Vec<Value> = indices
            .map(|index| {
                self.summaries[index]
                    .get_or_init(|| {
                        // A view of strings and numbers always serialises.
                        Value::try_from_serializable(&self.summary(&self.site.items[index]))
                            .unwrap_or_else(|_| Value::none())
                    })
                    .clone()
            })
            .collect();
        Value::from(values)
    }

    fn year_views(&self, language: usize, current: Option<i32>) -> Vec<YearView> {
        self.years[language]
            .iter()
            .map(|(year, list)| YearView {
                year: *year,
                url: self.urls.news_year(self.code(language), *year),
                count: list.len(),
                current: current == Some(*year),
            })
            .collect()
    }

    fn news_list(&self, language: usize, page: usize) -> Context {
        let site = self.site;
        let strings = &site.strings[language];
        let per_page = site.config.news_per_page;
        let total = self.news_page_count(language);
        let code = self.code(language);
        let title = if page > 1 {
            format!(
                "{} ({})",
                strings.get("news"),
                pager_label(strings.get("page_of"), page, total)
            )
        } else {
            strings.get("news").to_string()
        };
        let mut context = self.page(
            language,
            "news_list",
            &title,
            "",
            &self.urls.news(code, page),
            |other| {
                (page <= self.news_page_count(other))
                    .then(|| self.urls.news(self.code(other), page))
            },
            |other| self.urls.news(self.code(other), 1),
        );
        let items = site.news_by_language[language]
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .copied();
        context.insert_value("items", self.summary_list(items));
        context.insert("heading", strings.get("news"));
        context.insert("years", &self.year_views(language, None));
        let pager = PagerView {
            current: page,
            total,
            label: pager_label(strings.get("page_of"), page, total),
            newer_url: (page > 1).then(|| self.urls.news(code, page - 1)),
            older_url: (page < total).then(|| self.urls.news(code, page + 1)),
            pages: pager_numbers(page, total)
                .into_iter()
                .map(|n| PagerLinkView {
                    number: n,
                    url: self.urls.news(code, n),
                    current: n == page,
                })
                .collect(),
        };
        context.insert("pager", &Some(pager));
        context
    }

    fn news_year(&self, language: usize, year: i32) -> Context {
        let site = self.site;
        let strings = &site.strings[language];
        let code = self.code(language);
        let heading = strings
            .get("news_of_year")
            .replace("{year}", &year.to_string());
        let mut context = self.page(
            language,
            "news_year",
            &heading,
            "",
            &self.urls.news_year(code, year),
            |other| {
                self.years[other]
                    .iter()
                    .any(|(y, _)| *y == year)
                    .then(|| self.urls.news_year(self.code(other), year))
            },
            |other| self.urls.news(self.code(other), 1),
        );
        let items = self.years[language]
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, list)| list.as_slice())
            .unwrap_or_default();
        context.insert_value("items", self.summary_list(items.iter().copied()));
        context.insert("heading", &heading);
        context.insert("years", &self.year_views(language, Some(year)));
        context.insert("pager", &None::<PagerView>);
        context
    }

    fn item(&self, item: &Item) -> Context {
        let site = self.site;
        let language = item.language;
        let strings = &site.strings[language];
        let translations = site.translations_of(item);
        let listing = |other: usize| match item.kind {
            ItemKind::News => self.urls.news(self.code(other), 1),
            ItemKind::Page => self.urls.home(self.code(other)),
        };
        let url = self.urls.item(self.code(language), item);
        let kind = match item.kind {
            ItemKind::News => "news_item",
            ItemKind::Page => "page",
        };
        let mut context = self.page(
            language,
            kind,
            &item.title,
            &item.summary,
            &url,
            |other| translations[other].map(|i| self.urls.item(self.code(other), &site.items[i])),
            listing,
        );
        let date_line = match (item.kind, item.date) {
            (ItemKind::News, Some(date)) => dates::date_line(&date, item.has_time, strings),
            _ => Vec::new(),
        };
        let topics = item
            .topics
            .iter()
            .filter_map(|key| {
                let index = site.config.topics.iter().position(|t| &t.key == key)?;
                Some(TopicView {
                    key: key.clone(),
                    name: site.topic_names[index].get(language).to_string(),
                })
            })
            .collect();
        let partner_year = site
            .partner_years
            .iter()
            .find(|y| {
                y.announced.as_deref() == Some(item.slug.as_str()) && item.kind == ItemKind::News
            })
            .map(|y| LinkView {
                label: strings
                    .get("partners_of_year")
                    .replace("{year}", &y.year.to_string()),
                url: self.urls.partner_year(self.code(language), y.year),
            });
        let view = ItemView {
            title: &item.title,
            url,
            summary: &item.summary,
            body: item.body_html.as_value(),
            date_iso: item.date.map(|d| d.to_rfc3339()),
            date: item
                .date
                .map(|d| dates::format(strings.get("date_format"), &d, strings)),
            date_line,
            topics,
            partner_year,
        };
        context.insert("item", &view);
        context
    }

    fn partners(&self, language: usize, year_index: usize, overview: bool) -> Context {
        let site = self.site;
        let strings = &site.strings[language];
        let code = self.code(language);
        let year = &site.partner_years[year_index];
        let title = if overview {
            strings.get("partners").to_string()
        } else {
            strings
                .get("partners_of_year")
                .replace("{year}", &year.year.to_string())
        };
        let url = if overview {
            self.urls.partners(code)
        } else {
            self.urls.partner_year(code, year.year)
        };
        let mut context = self.page(
            language,
            if overview { "partners" } else { "partner_year" },
            &title,
            "",
            &url,
            |other| {
                Some(if overview {
                    self.urls.partners(self.code(other))
                } else {
                    self.urls.partner_year(self.code(other), year.year)
                })
            },
            |other| self.urls.partners(self.code(other)),
        );
        context.insert("year", &self.partner_year_view(language, year_index));
        context.insert("overview", &overview);
        context.insert("multi_year_url", &self.urls.multi_year(code));
        context.insert("multi_year_minimum", &MULTI_YEAR_MINIMUM);
        context.insert("table", &self.year_table(language, Some(year.year)));
        context.insert("scripts", &vec![self.urls.asset("partner-filter.js")]);
        context
    }

    fn partner_year_view(&self, language: usize, year_index: usize) -> PartnerYearView {
        let site = self.site;
        let year = &site.partner_years[year_index];
        let strings = &site.strings[language];
        let code = self.code(language);
        let category_names = site.category_names(language);
        let mut categories: Vec<CategoryView> = category_names
            .iter()
            .enumerate()
            .map(|(index, name)| CategoryView {
                key: site.config.partner_categories[index].key.clone(),
                name: name.clone(),
                count: 0,
                partners: Vec::new(),
            })
            .collect();
        let folded_categories: Vec<String> =
            category_names.iter().map(|n| fold_for_search(n)).collect();
        for &index in site.partner_order(language, year) {
            let partner = &year.partners[index];
            let name = partner.name.get(language).to_string();
            let mut other_names: Vec<OtherNameView> = Vec::new();
            for (other, text) in partner.name.0.iter().enumerate() {
                if other != language
                    && text != &name
                    && !other_names.iter().any(|o| &o.name == text)
                {
                    other_names.push(OtherNameView {
                        name: text.clone(),
                        lang: site.config.languages[other].lang.clone(),
                    });
                }
            }
            let location = partner
                .location
                .as_ref()
                .map(|l| l.get(language).to_string())
                .unwrap_or_default();
            let names = self.partner_search[year_index][index].get_or_init(|| {
                let mut texts = partner.name.0.clone();
                if let Some(l) = &partner.location {
                    texts.extend(l.0.iter().cloned());
                }
                fold_for_search(&texts.join(" "))
            });
            let search = format!("{names} {}", folded_categories[partner.category]);
            let view = PartnerView {
                name,
                other_names,
                location,
                sector: partner.sector.clone().unwrap_or_default(),
                website: partner.website.clone(),
                history: site.partner_history_lines(language, year, partner),
                former_names: site.former_names(language, year, partner),
                search,
            };
            let category = &mut categories[partner.category];
            category.count += 1;
            category.partners.push(view);
        }
        let announced = year.announced.as_ref().and_then(|slug| {
            let index = site.translations.get(&(ItemKind::News, slug.clone()))?[language]?;
            let item = &site.items[index];
            Some(LinkView {
                label: item.title.clone(),
                url: self.urls.item(code, item),
            })
        });
        let downloads = ["csv", "json"]
            .iter()
            .filter_map(|format| {
                let size = site.data_sizes.get(&(year.year, language, *format))?;
                Some(DownloadView {
                    url: self.urls.partner_data(code, year.year, format),
                    format: format.to_uppercase(),
                    size: human_size(*size, strings.get("kilobytes")),
                })
            })
            .collect();
        PartnerYearView {
            year: year.year,
            url: self.urls.partner_year(code, year.year),
            total: year.partners.len(),
            note: year.note.as_ref().map(|n| n.get(language).to_string()),
            announced,
            categories,
            downloads,
        }
    }

    fn year_table(&self, language: usize, current: Option<i32>) -> YearTableView {
        let site = self.site;
        let code = self.code(language);
        let categories = site.config.partner_categories.len();
        let mut totals = vec![0; categories];
        let rows: Vec<YearRowView> = site
            .partner_years
            .iter()
            .rev()
            .map(|year| {
                let counts = year.counts(categories);
                for (total, count) in totals.iter_mut().zip(&counts) {
                    *total += count;
                }
                YearRowView {
                    year: year.year,
                    url: self.urls.partner_year(code, year.year),
                    total: year.partners.len(),
                    counts,
                    current: current == Some(year.year),
                }
            })
            .collect();
        YearTableView {
            category_names: site.category_names(language),
            grand_total: totals.iter().sum(),
            totals,
            rows,
        }
    }

    fn multi_year(&self, language: usize) -> Context {
        let site = self.site;
        let strings = &site.strings[language];
        let code = self.code(language);
        let title = strings
            .get("multi_year_title")
            .replace("{count}", &MULTI_YEAR_MINIMUM.to_string());
        let mut context = self.page(
            language,
            "multi_year",
            &title,
            "",
            &self.urls.multi_year(code),
            |other| Some(self.urls.multi_year(self.code(other))),
            |other| self.urls.partners(self.code(other)),
        );
        let enterprises: Vec<EnterpriseView> = site
            .long_standing_partners(language, MULTI_YEAR_MINIMUM)
            .into_iter()
            .map(|(year_index, partner_index)| {
                let year = &site.partner_years[year_index];
                let partner = &year.partners[partner_index];
                let record = &site.partner_records[&partner.identity];
                EnterpriseView {
                    name: partner.name.get(language).to_string(),
                    former_names: site.former_names(language, year, partner),
                    years: record.len(),
                    history: site.partner_history_lines(language, year, partner),
                    latest_year: LinkView {
                        label: year.year.to_string(),
                        url: self.urls.partner_year(code, year.year),
                    },
                }
            })
            .collect();
        context.insert("enterprises", &enterprises);
        context.insert("minimum", &MULTI_YEAR_MINIMUM);
        context.insert("table", &self.year_table(language, None));
        context
    }

    fn search(&self, language: usize) -> Context {
        let site = self.site;
        let strings = &site.strings[language];
        let code = self.code(language);
        let mut context = self.page(
            language,
            "search",
            strings.get("search"),
            "",
            &self.urls.search(code),
            |other| Some(self.urls.search(self.code(other))),
            |other| self.urls.search(self.code(other)),
        );
        context.insert("news_url", &self.urls.news(code, 1));
        context.insert("scripts", &vec![self.urls.asset("search.js")]);
        context
    }
}

/// Years of recognition that put an enterprise on the multi-year page.
pub const MULTI_YEAR_MINIMUM: usize = 5;

/// The menu's entries as the templates see them, those `is_current` marks
/// current.
fn menu_view(
    entries: &[(String, String)],
    is_current: impl Fn(usize) -> bool,
) -> Vec<MenuView<'_>> {
    entries
        .iter()
        .enumerate()
        .map(|(k, (name, url))| MenuView {
            current: is_current(k),
            name,
            url,
        })
        .collect()
}

/// The main menu of one language as (label, address): site.yaml's entries,
/// with pages that have `menu: n` inserted at position n. The same for every
/// page of the language, so it is made once.
fn menu_entries(site: &Site, urls: &Urls, language: usize) -> Vec<(String, String)> {
    let config = &site.config;
    let strings = &site.strings[language];
    let code = site.config.languages[language].code.as_str();
    let mut entries: Vec<(String, String)> = Vec::new();
    for entry in &config.menu {
        let name = entry
            .name
            .as_ref()
            .and_then(|n| n.written_for(code).map(str::to_string));
        if let Some(section) = &entry.section {
            // A site without partner lists has no partner pages to lead to.
            if section == "partners" && site.partner_years.is_empty() {
                continue;
            }
            let (label, url) = match section.as_str() {
                "news" => (strings.get("news"), urls.news(code, 1)),
                "partners" => (strings.get("partners"), urls.partners(code)),
                _ => (strings.get("search"), urls.search(code)),
            };
            entries.push((name.unwrap_or_else(|| label.to_string()), url));
        } else if let Some(slug) = &entry.page {
            let page = site
                .translations
                .get(&(ItemKind::Page, slug.clone()))
                .and_then(|t| t[language]);
            if let Some(index) = page {
                let item = &site.items[index];
                entries.push((
                    name.unwrap_or_else(|| item.title.clone()),
                    urls.item(code, item),
                ));
            }
        } else if let Some(url) = &entry.url {
            let url = if url.contains("://") || url.starts_with('/') {
                url.clone()
            } else {
                format!("{}{url}", urls.home(code))
            };
            entries.push((name.unwrap_or_default(), url));
        }
    }
    let mut pages: Vec<&Item> = site.pages_by_language[language]
        .iter()
        .map(|&i| &site.items[i])
        .filter(|item| item.menu.is_some())
        .collect();
    pages.sort_by_key(|item| (item.menu, item.slug.clone()));
    for item in pages {
        let position = (item.menu.unwrap_or(1).max(1) as usize - 1).min(entries.len());
        entries.insert(position, (item.title.clone(), urls.item(code, item)));
    }
    entries
}

/// What every page of a language shares: site, language, strings.
fn shared_context(site: &Site, urls: &Urls, language: usize) -> Context {
    let config = &site.config;
    let lang = &config.languages[language];
    let code = &lang.code;
    let mut context = Context::new();
    context.insert(
        "site",
        &SiteView {
            title: site.title(language),
            description: site.description(language),
            base_url: config.base_url.clone(),
            home_url: urls.home(code),
            news_url: urls.news(code, 1),
            partners_url: urls.partners(code),
            chooser_url: urls.chooser(),
            stylesheet_url: urls.asset("style.css"),
            image_url: config
                .image
                .as_ref()
                .map(|image| urls.absolute(&urls.asset(image))),
            search_url: urls.search(code),
            atom_url: urls.atom(code),
            rss_url: urls.rss(code),
        },
    );
    context.insert(
        "lang",
        &LanguageView {
            code: code.clone(),
            lang: lang.lang.clone(),
            name: lang.name.clone(),
            locale: open_graph_locale(lang),
        },
    );
    context.insert("t", site.strings[language].texts());
    context.insert("scripts", &Vec::<String>::new());
    context
}

/// The page numbers a pager links to: the first, the last and two on
/// each side of the current one (built directly: long archives have
/// thousands of pages).
fn pager_numbers(current: usize, total: usize) -> Vec<usize> {
    let mut numbers = vec![1];
    numbers.extend(current.saturating_sub(2).max(2)..=(current + 2).min(total));
    if total > 1 && numbers.last() != Some(&total) {
        numbers.push(total);
    }
    numbers
}

/// "Page {current} of {total}".
fn pager_label(pattern: &str, current: usize, total: usize) -> String {
    pattern
        .replace("{current}", &current.to_string())
        .replace("{total}", &total.to_string())
}

/// A size for people: "12.3 KB".
fn human_size(bytes: usize, unit: &str) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 10.0 {
        format!("{kb:.1} {unit}")
    } else {
        format!("{} {unit}", kb.round() as u64)
    }
}

/// A language's Open Graph locale: `zh-HK` as `zh_HK`.
fn open_graph_locale(language: &crate::config::Language) -> String {
    language.lang.replace('-', "_")
}

/// Lowercase, full-width forms folded to ASCII, for the partner filter
/// (the script folds the query the same way).
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        crate::i18n::push_folded(c, &mut folded);
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_numbers_are_first_last_and_neighbours() {
        assert_eq!(pager_numbers(1, 1), vec![1]);
        assert_eq!(pager_numbers(1, 2), vec![1, 2]);
        assert_eq!(pager_numbers(5, 100), vec![1, 3, 4, 5, 6, 7, 100]);
        assert_eq!(pager_numbers(100, 100), vec![1, 98, 99, 100]);
        assert_eq!(pager_numbers(2, 3), vec![1, 2, 3]);
    }
}
