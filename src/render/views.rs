//! Views: what templates see. Plain, serialisable, already formatted and
//! already converted for the page's language, so a template never reaches
//! into the model and never formats a date itself.

use serde::Serialize;

/// The site as a page of one language sees it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// Address of this language's home page.
    pub home_url: String,
    pub news_url: String,
    pub partners_url: String,
    /// Address of the language chooser.
    pub chooser_url: String,
    pub stylesheet_url: String,
    /// Absolute address of the picture for social cards, if the site has one.
    pub image_url: Option<String>,
    pub search_url: String,
    pub atom_url: String,
    pub rss_url: String,
}

/// The page's language.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    pub code: String,
    /// The HTML `lang` value.
    pub lang: String,
    pub name: String,
    /// Open Graph locale, e.g. `zh_HK`.
    pub locale: String,
}

/// A main menu entry.
#[derive(Debug, Clone, Serialize)]
pub struct MenuView<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub current: bool,
}

/// One language in the switcher of a page.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchView<'a> {
    pub code: &'a str,
    pub lang: &'a str,
    /// Open Graph locale, e.g. `zh_HK`.
    pub locale: &'a str,
    pub name: &'a str,
    pub url: String,
    /// This page's own language.
    pub current: bool,
    /// The same item exists in that language (else `url` is its listing).
    pub available: bool,
    /// When it does not: a note in that language saying where the link leads.
    pub note: Option<&'a str>,
}

/// An hreflang alternate: absolute address.
#[derive(Debug, Clone, Serialize)]
pub struct AlternateView<'a> {
    pub hreflang: &'a str,
    pub url: String,
}

/// A press release in a list.
#[derive(Debug, Clone, Serialize)]
pub struct NewsSummaryView<'a> {
    pub title: &'a str,
    pub url: String,
    pub date_iso: String,
    pub date: String,
    pub summary: &'a str,
}

/// A topic of a release.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    pub key: String,
    pub name: String,
}

/// The item shown on a release or standing page. It borrows the item's
/// texts: a body is copied once, into the template's context, not twice.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView<'a> {
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    /// Rendered, already safe HTML.
    pub body: &'a tera::Value,
    pub date_iso: Option<String>,
    pub date: Option<String>,
    /// The government date line, one string per line (releases only).
    pub date_line: Vec<String>,
    pub topics: Vec<TopicView>,
    /// Partner year announced by this release, if any.
    pub partner_year: Option<LinkView>,
}

/// A link with a label.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub label: String,
    pub url: String,
}

/// Pagination of the news list.
#[derive(Debug, Clone, Serialize)]
pub struct PagerView {
    pub current: usize,
    pub total: usize,
    /// "Page 2 of 5", in the page's language.
    pub label: String,
    pub newer_url: Option<String>,
    pub older_url: Option<String>,
    pub pages: Vec<PagerLinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PagerLinkView {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// A year of the news archive.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// One partner in a year's list.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub name: String,
    /// Names in the other languages (each with its HTML `lang`), for the
    /// filter and for readers; a name identical to one shown is left out.
    pub other_names: Vec<OtherNameView>,
    pub location: String,
    pub sector: String,
    pub website: Option<String>,
    /// Lines such as "Partner since 2012" and "Excellent Partner 2015–2021".
    pub history: Vec<String>,
    /// Former names, where the enterprise was renamed.
    pub former_names: Vec<String>,
    /// Lowercased, width-folded text of every language's names, location and
    /// category, for the find-as-you-type filter.
    pub search: String,
}

/// A name in another language.
#[derive(Debug, Clone, Serialize)]
pub struct OtherNameView {
    pub name: String,
    pub lang: String,
}

/// A category of a year's list.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub key: String,
    pub name: String,
    pub count: usize,
    pub partners: Vec<PartnerView>,
}

/// A downloadable file with its size.
#[derive(Debug, Clone, Serialize)]
pub struct DownloadView {
    pub url: String,
    pub format: String,
    pub size: String,
}

/// A row of the table of all years.
#[derive(Debug, Clone, Serialize)]
pub struct YearRowView {
    pub year: i32,
    pub url: String,
    pub counts: Vec<usize>,
    pub total: usize,
    pub current: bool,
}

/// A year's partner list page.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerYearView {
    pub year: i32,
    pub url: String,
    pub total: usize,
    pub note: Option<String>,
    pub announced: Option<LinkView>,
    pub categories: Vec<CategoryView>,
    pub downloads: Vec<DownloadView>,
}

/// The table of every year × category.
#[derive(Debug, Clone, Serialize)]
pub struct YearTableView {
    pub category_names: Vec<String>,
    pub rows: Vec<YearRowView>,
    pub totals: Vec<usize>,
    pub grand_total: usize,
}

/// Partner totals of the newest year, for the home page.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerTotalsView {
    pub year: i32,
    pub url: String,
    pub total: usize,
    pub categories: Vec<CountView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountView {
    pub name: String,
    pub count: usize,
}

/// A language on the chooser page.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    pub code: String,
    pub lang: String,
    pub name: String,
    pub url: String,
    pub title: String,
    pub description: String,
    pub enter: String,
}

/// The not-found message in one language.
#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    pub lang: String,
    pub title: String,
    pub text: String,
    pub home_label: String,
    pub home_url: String,
}

/// An enterprise on the page of long-standing partners.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseView {
    /// Its name in the newest year it was recognised.
    pub name: String,
    pub former_names: Vec<String>,
    /// Number of years recognised.
    pub years: usize,
    pub history: Vec<String>,
    /// The newest year's list.
    pub latest_year: LinkView,
}
