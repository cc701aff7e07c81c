//! Reading a site folder: walk `content/`, check file names, split front
//! matter, render markdown, read partner years, and derive the converted
//! languages. Every problem is collected; nothing is thrown one by one.

pub mod front_matter;
pub mod markdown;
pub mod partners;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Localizer;
use crate::site::{BodyHtml, Item, ItemKind, PartnerYear};
use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a build lets through.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Build items with `draft: true`.
    pub drafts: bool,
    /// Build items dated after `now` (embargoed).
    pub future: bool,
    /// The build's notion of the present, for embargoes.
    pub now: DateTime<FixedOffset>,
}

/// Everything read from `content/`.
pub struct Content {
    pub items: Vec<Item>,
    pub partner_years: Vec<PartnerYear>,
    pub static_files: Vec<PathBuf>,
    /// Items held back (drafts, embargoed), for the summary line.
    pub held_back: usize,
}

/// A markdown source file, named `<slug>.<code>.md`.
struct SourceFile {
    kind: ItemKind,
    slug: String,
    language: usize,
    /// Relative to the site folder.
    path: PathBuf,
}

/// Summary lengths: words for English, characters for CJK.
const SUMMARY_WORDS: usize = 40;
const SUMMARY_CJK_CHARS: usize = 90;

/// Reads every file of `content/` under `root`.
pub fn read(
    root: &Path,
    localizer: &Localizer,
    options: &ReadOptions,
    problems: &mut Diagnostics,
) -> Content {
    // The partner years are read beside the items, whose reading begins
    // with a walk of their folders on one core.
    let mut partner_problems = Diagnostics::new();
    let ((items, held_back), partner_years) = rayon::join(
        || read_items(root, localizer, options, problems),
        || read_partner_years(root, localizer, &mut partner_problems),
    );
    problems.extend(partner_problems);
    Content {
        items,
        partner_years,
        static_files: find_static(root),
        held_back,
    }
}

/// The published items, followed each by those converted from it, and the
/// number held back.
fn read_items(
    root: &Path,
    localizer: &Localizer,
    options: &ReadOptions,
    problems: &mut Diagnostics,
) -> (Vec<Item>, usize) {
    let config = localizer.config();
    let mut sources = Vec::new();
    for kind in [ItemKind::News, ItemKind::Page] {
        sources.extend(find_sources(root, kind, config, problems));
    }
    check_duplicates(&sources, problems);

    // Which (kind, slug) have a hand-written file in each language, so a
    // derived language is only converted where no one wrote it by hand.
    let mut written: BTreeMap<(ItemKind, &str), Vec<bool>> = BTreeMap::new();
    for source in &sources {
        written
            .entry((source.kind, source.slug.as_str()))
            .or_insert_with(|| vec![false; config.languages.len()])[source.language] = true;
    }
    let derived_targets: Vec<Vec<usize>> = (0..config.languages.len())
        .map(|source| {
            (0..config.languages.len())
                .filter(|&target| config.derived_from(target) == Some(source))
                .collect()
        })
        .collect();

    let (results, diagnostics): (Vec<Read>, Vec<Vec<Diagnostic>>) = sources
        .par_iter()
        .map(|source| {
            let mut local = Diagnostics::new();
            let targets: Vec<usize> = derived_targets[source.language]
                .iter()
                .copied()
                .filter(|&t| !written[&(source.kind, source.slug.as_str())][t])
                .collect();
            let read = read_item(root, source, &targets, localizer, options, &mut local);
            (read, local.into_vec())
        })
        .unzip();
    problems.extend(diagnostics.into_iter().flatten());
    let held_back = results
        .iter()
        .map(|read| match read {
            Read::HeldBack(items) => *items,
            _ => 0,
        })
        .sum();
    // The converted languages once every file is read, each after its source.
    let items_per_file: Vec<Vec<Item>> = results
        .into_par_iter()
        .map(|read| read.into_items(localizer))
        .collect();
    // Sized once: growing by doubling copied the items over and over into
    // fresh memory (30 ms on one core at N = 5 000).
    let mut items = Vec::with_capacity(items_per_file.iter().map(Vec::len).sum());
    for file_items in items_per_file {
        items.extend(file_items);
    }

    check_translations(&items, &written, config, problems);
    (items, held_back)
}

/// A key that sorts paths as a walk meets them with each folder sorted by
/// name: the names' bytes, a zero byte between them.
fn walk_order(path: &Path) -> Vec<u8> {
    path.iter()
        .map(|name| name.as_encoded_bytes())
        .collect::<Vec<_>>()
        .join(&0)
}

/// Finds `content/<folder>/**/<slug>.<code>.md`, checking names.
fn find_sources(
    root: &Path,
    kind: ItemKind,
    config: &Config,
    problems: &mut Diagnostics,
) -> Vec<SourceFile> {
    let folder = Path::new("content").join(kind.folder());
    let mut paths = Vec::new();
    for entry in WalkDir::new(root.join(&folder)) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.io_error().map(|io| io.kind()) == Some(std::io::ErrorKind::NotFound) => {
                break
            }
            Err(e) => {
                problems.push(Diagnostic::error(format!("cannot read: {e}")).in_file(&folder));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        paths.push(
            entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf(),
        );
    }
    // In the order of a walk with each folder sorted by name, each path
    // parsed once; walkdir's own sort parses two names at every comparison
    // of a large folder.
    paths.sort_by_cached_key(|path| walk_order(path));
    let mut found = Vec::new();
    for path in paths {
        match classify(&path, kind, config) {
            Ok(Some(source)) => found.push(source),
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    found
}

/// What a file under content/news or content/pages is: a source file, a
/// file to ignore (`None`), or a problem with its name.
fn classify(
    path: &Path,
    kind: ItemKind,
    config: &Config,
) -> Result<Option<SourceFile>, Diagnostic> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file_name.starts_with('.') {
        return Ok(None);
    }
    let Some(stem) = file_name.strip_suffix(".md") else {
        return Err(Diagnostic::warning("this file is not markdown and is ignored")
            .in_file(path)
            .hint("press releases and pages are <slug>.<language>.md; put photos and PDFs in content/static/"));
    };
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let Some((slug, code)) = stem.rsplit_once('.') else {
        return Err(Diagnostic::error("the file name has no language")
            .in_file(path)
            .hint(format!(
                "name it <slug>.<language>.md with one of: {}",
                codes.join(", ")
            )));
    };
    let Some(language) = config.language_index(code) else {
        return Err(
            Diagnostic::error(format!("`{code}` is not a language of this site"))
                .in_file(path)
                .hint(format!(
                    "use one of the languages in site.yaml ({}), or add `{code}` there",
                    codes.join(", ")
                )),
        );
    };
    if let Err(why) = check_slug(slug) {
        return Err(Diagnostic::error(format!("the name `{slug}` {why}"))
            .in_file(path)
            .hint(format!(
                "rename the file to e.g. {}.{code}.md: lowercase a-z, digits and hyphens only, as it becomes the address",
                suggest_slug(slug)
            )));
    }
    if kind == ItemKind::Page && RESERVED_PAGE_SLUGS.contains(&slug) {
        return Err(Diagnostic::error(format!(
            "a standing page cannot be called `{slug}`: that address belongs to the site's {slug} section"
        ))
        .in_file(path)
        .hint("choose another name for the file"));
    }
    Ok(Some(SourceFile {
        kind,
        slug: slug.to_string(),
        language,
        path: path.to_path_buf(),
    }))
}

/// Reads one changed markdown file (a path relative to the site folder)
/// again, with its versions in `derive_into` (languages converted from it).
/// `None` when the path is not an item file.
pub fn read_changed_item(
    root: &Path,
    path: &Path,
    derive_into: impl Fn(ItemKind, &str, usize) -> Vec<usize>,
    localizer: &Localizer,
    options: &ReadOptions,
    problems: &mut Diagnostics,
) -> Option<ChangedItem> {
    let kind = [ItemKind::News, ItemKind::Page]
        .into_iter()
        .find(|k| path.starts_with(Path::new("content").join(k.folder())))?;
    let source = match classify(path, kind, localizer.config()) {
        Ok(source) => source?,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let targets = derive_into(kind, &source.slug, source.language);
    let items =
        read_item(root, &source, &targets, localizer, options, problems).into_items(localizer);
    let mut languages = targets;
    languages.push(source.language);
    Some(ChangedItem {
        kind,
        slug: source.slug,
        languages,
        items,
    })
}

/// The new versions of an item after its file changed.
pub struct ChangedItem {
    pub kind: ItemKind,
    pub slug: String,
    /// The languages the file makes (its own and those converted from it).
    pub languages: Vec<usize>,
    /// Their new versions; fewer than `languages` when the item is now a
    /// draft, embargoed or broken.
    pub items: Vec<Item>,
}

/// Addresses under `/<lang>/` that the site itself uses.
pub const RESERVED_PAGE_SLUGS: [&str; 5] = ["news", "partners", "search", "static", "page"];

/// Slugs are lowercase ASCII letters, digits and hyphens.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("has uppercase letters");
    }
    if !slug.is_ascii() {
        return Err("has characters other than a-z, digits and hyphens");
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err("has characters other than a-z, digits and hyphens");
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return Err("starts or ends with a hyphen");
    }
    Ok(())
}

/// A slug close to what the editor wrote, for the hint.
pub fn suggest_slug(slug: &str) -> String {
    let mut out = String::new();
    for c in slug.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "my-release".into()
    } else {
        out
    }
}

fn check_duplicates(sources: &[SourceFile], problems: &mut Diagnostics) {
    let mut seen: BTreeMap<(ItemKind, &str, usize), &Path> = BTreeMap::new();
    for source in sources {
        let key = (source.kind, source.slug.as_str(), source.language);
        if let Some(first) = seen.insert(key, &source.path) {
            problems.push(
                Diagnostic::error(format!(
                    "two files for `{}` in the same language: this one and {}",
                    source.slug,
                    first.display()
                ))
                .in_file(&source.path)
                .hint("keep one of them, or rename one: each item has one file per language"),
            );
        }
    }
}

/// The bytes of a file under the site folder (`path` is relative to it).
fn read_file(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(root.join(path))
        .map_err(|e| Diagnostic::error(format!("cannot read the file: {e}")).in_file(path))
}

/// The text of a file read by [`read_file`], if it is UTF-8.
fn as_text<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, Diagnostic> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| {
        // The fast check only says no; the standard one says where.
        let valid_up_to = std::str::from_utf8(bytes)
            .err()
            .map_or(bytes.len(), |e| e.valid_up_to());
        let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error("the file is not UTF-8 text")
            .at(path, Some(line))
            .hint("save it as UTF-8 (in most editors: Save with encoding → UTF-8); Big5 and GB2312 files must be converted")
    })
}

/// Reads one file into its item, and what the items converted from it
/// (into `derived_targets`) are to be made from.
fn read_item(
    root: &Path,
    source: &SourceFile,
    derived_targets: &[usize],
    localizer: &Localizer,
    options: &ReadOptions,
    problems: &mut Diagnostics,
) -> Read {
    let config = localizer.config();
    let path = &source.path;
    let bytes = match read_file(root, path) {
        Ok(bytes) => bytes,
        Err(d) => {
            problems.push(d);
            return Read::Failed;
        }
    };
    let text = match as_text(&bytes, path) {
        Ok(text) => text,
        Err(d) => {
            problems.push(d);
            return Read::Failed;
        }
    };
    let split = match front_matter::split(text, path) {
        Ok(split) => split,
        Err(d) => {
            problems.push(d);
            return Read::Failed;
        }
    };
    let front = match front_matter::parse(&split, path) {
        Ok(front) => front,
        Err(d) => {
            problems.push(d);
            return Read::Failed;
        }
    };
    let mut ok = true;
    let title = front.title.clone().unwrap_or_default();
    if title.trim().is_empty() {
        problems.push(
            Diagnostic::error("the title is missing")
                .at(path, front_matter::key_line(&split, "title").or(Some(2)))
                .hint("add a line `title: …` to the front matter"),
        );
        ok = false;
    }
    let mut date = None;
    match &front.date {
        None if source.kind == ItemKind::News => {
            problems.push(
                Diagnostic::error("the date is missing")
                    .at(path, Some(2))
                    .hint("add a line like `date: 2021-12-16 18:30` to the front matter"),
            );
            ok = false;
        }
        None => {}
        Some(value) => match front_matter::parse_date(value, &config.time_zone) {
            Some(parsed) => date = Some(parsed),
            None => {
                let written = serde_yaml::to_string(value).unwrap_or_default();
                problems.push(
                    Diagnostic::error(format!("`{}` is not a date", written.trim()))
                        .at(path, front_matter::key_line(&split, "date"))
                        .hint("write the date as 2021-12-16, 2021-12-16 18:30 or 2021-12-16T18:30:00+08:00"),
                );
                ok = false;
            }
        },
    }
    for topic in &front.topics {
        if !config.topics.iter().any(|t| &t.key == topic) {
            let keys: Vec<&str> = config.topics.iter().map(|t| t.key.as_str()).collect();
            problems.push(
                Diagnostic::error(format!("unknown topic `{topic}`"))
                    .at(path, front_matter::key_line(&split, "topics"))
                    .hint(if keys.is_empty() {
                        "site.yaml defines no topics; add them under `topics:` or remove this one"
                            .to_string()
                    } else {
                        format!("use one of the topics of site.yaml: {}", keys.join(", "))
                    }),
            );
            ok = false;
        }
    }
    if front.menu.is_some() && source.kind == ItemKind::News {
        problems.push(
            Diagnostic::warning("`menu` only places standing pages in the navigation; it is ignored on a press release")
                .at(path, front_matter::key_line(&split, "menu")),
        );
    }
    if !ok {
        return Read::Failed;
    }
    let held = (front.draft && !options.drafts)
        || (!options.future && date.as_ref().is_some_and(|d| d.date > options.now));
    if held {
        return Read::HeldBack(1 + derived_targets.len());
    }

    let rendered = markdown::render(split.body, config.raw_html);
    for url in &rendered.images_without_alt {
        problems.push(
            Diagnostic::warning(format!("the image {url} has no alt text"))
                .in_file(path)
                .hint("describe the image for people who cannot see it: ![what the photo shows](photo.jpg)"),
        );
    }
    // A written summary is kept; otherwise the start of the first paragraph.
    let summary = front
        .summary
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            markdown::shorten(&rendered.first_paragraph, SUMMARY_WORDS, SUMMARY_CJK_CHARS)
        });
    let head = Item {
        kind: source.kind,
        slug: source.slug.clone(),
        language: source.language,
        title,
        date: date.as_ref().map(|d| d.date),
        has_time: date.as_ref().is_some_and(|d| d.has_time),
        summary,
        body_html: BodyHtml::default(),
        body_text: String::new(),
        topics: front.topics,
        menu: front.menu,
        source: path.clone(),
        derived: false,
    };
    let derivation = (!derived_targets.is_empty()).then(|| Derivation {
        source: head.clone(),
        markdown: split.body.to_string(),
        targets: derived_targets.to_vec(),
    });
    let item = Item {
        body_html: BodyHtml::new(&rendered.html),
        body_text: rendered.text,
        ..head
    };
    Read::Published(Box::new(item), derivation.map(Box::new))
}

/// What a file gave.
enum Read {
    /// Nothing: the file has errors (collected meanwhile).
    Failed,
    /// Held back (draft or embargoed), with its derived languages: how many
    /// items that is.
    HeldBack(usize),
    /// The item, and what its derived languages are made from.
    Published(Box<Item>, Option<Box<Derivation>>),
}

impl Read {
    /// The item followed by the items converted from it.
    fn into_items(self, localizer: &Localizer) -> Vec<Item> {
        match self {
            Read::Published(item, derivation) => std::iter::once(*item)
                .chain(derivation.map(|d| d.items(localizer)).unwrap_or_default())
                .collect(),
            Read::Failed | Read::HeldBack(_) => Vec::new(),
        }
    }
}

/// What the items converted from one item are made from, kept until every
/// file is read and converted in a second parallel pass. Converting each
/// file as it is read was measured too: the peak of a `-n 5000` build rose
/// from 206 to 218 MiB, for no gain in time.
struct Derivation {
    /// The item in its own language, without its body.
    source: Item,
    /// Its markdown.
    markdown: String,
    /// The languages to make from it.
    targets: Vec<usize>,
}

impl Derivation {
    fn items(self, localizer: &Localizer) -> Vec<Item> {
        let raw_html = localizer.config().raw_html;
        self.targets
            .iter()
            .map(|&target| {
                let convert = |s: &str| localizer.convert_for(target, s);
                let rendered = markdown::render(&convert(&self.markdown), raw_html);
                Item {
                    language: target,
                    title: convert(&self.source.title),
                    summary: convert(&self.source.summary),
                    body_html: BodyHtml::new(&rendered.html),
                    body_text: rendered.text,
                    derived: true,
                    ..self.source.clone()
                }
            })
            .collect()
    }
}

/// A missing translation is a warning naming the item and the language;
/// derived languages are never missing where their source exists.
fn check_translations(
    items: &[Item],
    written: &BTreeMap<(ItemKind, &str), Vec<bool>>,
    config: &Config,
    problems: &mut Diagnostics,
) {
    let published: std::collections::HashSet<(ItemKind, &str)> =
        items.iter().map(|i| (i.kind, i.slug.as_str())).collect();
    for ((kind, slug), languages) in written {
        if !published.contains(&(*kind, *slug)) {
            continue;
        }
        for (index, language) in config.languages.iter().enumerate() {
            let covered = languages[index]
                || config
                    .derived_from(index)
                    .is_some_and(|source| languages[source]);
            if !covered {
                let existing = languages
                    .iter()
                    .position(|&w| w)
                    .map(|i| config.languages[i].code.as_str())
                    .unwrap_or("en");
                problems.push(
                    Diagnostic::warning(format!(
                        "`{slug}` has no {} version ({})",
                        language.name, language.code
                    ))
                    .in_file(Path::new("content").join(kind.folder()).join(format!("{slug}.{existing}.md")))
                    .hint(format!(
                        "add content/{}/{slug}.{}.md; until then its language switcher leads to the {} listing",
                        kind.folder(),
                        language.code,
                        language.name
                    )),
                );
            }
        }
    }
}

fn read_partner_years(
    root: &Path,
    localizer: &Localizer,
    problems: &mut Diagnostics,
) -> Vec<PartnerYear> {
    let folder = Path::new("content").join("partners");
    let Ok(entries) = std::fs::read_dir(root.join(&folder)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| folder.join(e.file_name()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    let results: Vec<(Option<PartnerYear>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|path| {
            let mut local = Diagnostics::new();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let year = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
                .and_then(|stem| stem.parse::<i32>().ok())
                .filter(|y| (1900..=2999).contains(y));
            let Some(year) = year else {
                local.push(
                    Diagnostic::error("a partner list must be named after its year")
                        .in_file(path)
                        .hint("name it e.g. 2021.yaml"),
                );
                return (None, local.into_vec());
            };
            let year_data = match read_file(root, path).and_then(|bytes| {
                as_text(&bytes, path)
                    .map(|text| partners::read(text, path, year, localizer, &mut local))
            }) {
                Ok(year_data) => year_data,
                Err(d) => {
                    local.push(d);
                    None
                }
            };
            (year_data, local.into_vec())
        })
        .collect();
    let mut years = Vec::new();
    for (year, diagnostics) in results {
        problems.extend(diagnostics);
        years.extend(year);
    }
    years
}

/// Files of `content/static/`, relative to it, sorted.
fn find_static(root: &Path) -> Vec<PathBuf> {
    let base = root.join("content").join("static");
    let mut files: Vec<PathBuf> = WalkDir::new(&base)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(&base).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_sort_as_a_walk_of_sorted_folders_meets_them() {
        let root = tempfile::tempdir().expect("temporary folder");
        let names = [
            "a.md", "a-b/x.md", "a/y.md", "a/x.md", "b.md", "a b/c.md", "A/x.md",
        ];
        for name in names {
            let path = root.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
            std::fs::write(&path, "").expect("file");
        }
        let walked: Vec<PathBuf> = WalkDir::new(root.path())
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        let mut sorted = walked.clone();
        sorted.reverse();
        sorted.sort_by_cached_key(|path| walk_order(path));
        assert_eq!(sorted, walked);
        assert_eq!(walked.len(), names.len());
    }

    #[test]
    fn slugs() {
        assert!(check_slug("2021-12-16-hk-gd").is_ok());
        assert!(check_slug("About").is_err());
        assert!(check_slug("清潔").is_err());
        assert!(check_slug("a_b").is_err());
        assert_eq!(suggest_slug("About Us"), "about-us");
    }
}
