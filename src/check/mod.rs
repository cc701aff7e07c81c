//! `cpsite check`: reads a built site folder (the output of [`crate::build`])
//! and reports what a reader would trip over: internal links and `#anchors`
//! that lead nowhere, images without alt text, pages without exactly one
//! `<h1>`, and (on request) links to other sites that do not answer.
//!
//! Every page is read once, in parallel, with a streaming HTML tokenizer;
//! links are then resolved against the set of files and the ids of each page.

mod external;
mod page;
mod url;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use page::PageFacts;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use url::{Base, Target};
use walkdir::WalkDir;

/// The cache of external link answers, in the site folder.
pub const LINK_CACHE_FILE: &str = ".cpsite-link-cache.json";

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site's public address (`base_url` of site.yaml): absolute links
    /// to it are internal, and root-relative links are taken under its path.
    pub base_url: String,
    /// Also ask other sites whether the http(s) links to them work.
    pub external: bool,
    /// Where good external answers are remembered (`None`: nowhere).
    pub cache_file: Option<PathBuf>,
    /// How long a remembered answer is trusted.
    pub cache_max_age: Duration,
    /// External requests at the same time.
    pub concurrency: usize,
    /// Time allowed for one request, redirects included.
    pub timeout: Duration,
    /// Tries after the first for an address that does not answer, or answers
    /// 429 or 5xx.
    pub retries: u32,
}

impl CheckOptions {
    /// Internal checks only, for the site published at `base_url`.
    pub fn new(base_url: impl Into<String>) -> CheckOptions {
        CheckOptions {
            base_url: base_url.into(),
            external: false,
            cache_file: None,
            cache_max_age: Duration::from_secs(24 * 3600),
            concurrency: 8,
            timeout: Duration::from_secs(10),
            retries: 2,
        }
    }

    /// Options for the site folder `root`: `base_url` from its site.yaml,
    /// the cache at `<root>/.cpsite-link-cache.json`.
    pub fn for_site(root: &Path) -> Result<CheckOptions, Diagnostics> {
        let config = Config::load(root)?;
        Ok(CheckOptions {
            cache_file: Some(root.join(LINK_CACHE_FILE)),
            ..CheckOptions::new(config.base_url)
        })
    }
}

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A link to a file of the site that does not exist (or leaves the site).
    BrokenLink,
    /// A `#anchor` that matches no id of its page.
    BrokenAnchor,
    /// An `<img>` without an `alt` attribute.
    MissingAlt,
    /// An `<img alt="">` in the page's `<main>` content (not marked decorative).
    EmptyAlt,
    /// A page without `<h1>`.
    NoH1,
    /// A page with more than one `<h1>`.
    SeveralH1,
    /// A link to another site that answers 4xx/5xx or not at all.
    BrokenExternalLink,
    /// A file or folder that could not be read.
    Unreadable,
}

/// One problem on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckProblem {
    /// The page's file, relative to the site folder, with `/`: `en/news/x/index.html`.
    pub page: String,
    /// 1-based line in that file.
    pub line: Option<usize>,
    pub kind: ProblemKind,
    /// The element concerned: `a`, `img`, `link`, `h1`…
    pub element: Option<String>,
    /// The text of the link (for `<a>`).
    pub link_text: Option<String>,
    /// The link or image address as written.
    pub target: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl CheckProblem {
    /// The same as a [`Diagnostic`] (an error in the page's file), with a hint
    /// on what to do.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut message = self.message.clone();
        if let Some(text) = self.link_text.as_deref().filter(|t| !t.is_empty()) {
            message = format!("link “{text}”: {message}");
        }
        let hint = match self.kind {
            ProblemKind::BrokenLink => "correct the address in the markdown, site.yaml or the template that writes this link",
            ProblemKind::BrokenAnchor => "link to a heading that exists: headings get ids from their text (## Main results → #main-results)",
            ProblemKind::MissingAlt | ProblemKind::EmptyAlt => "describe the image for people who cannot see it: ![what the photo shows](photo.jpg)",
            ProblemKind::NoH1 | ProblemKind::SeveralH1 => "the page title is the <h1>; start headings in the text with ##",
            ProblemKind::BrokenExternalLink => "check the address in a browser; update or remove the link if the page has moved or gone",
            ProblemKind::Unreadable => "check the permissions of the output folder",
        };
        let diagnostic = Diagnostic::error(message).in_file(&self.page).hint(hint);
        match self.line {
            Some(line) => diagnostic.at_line(line),
            None => diagnostic,
        }
    }
}

impl fmt::Display for CheckProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.page)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(text) = self.link_text.as_deref().filter(|t| !t.is_empty()) {
            write!(f, "link “{text}”: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Problems by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProblemCounts {
    pub broken_links: usize,
    pub broken_anchors: usize,
    /// Missing and empty alt text.
    pub images_without_alt: usize,
    /// Pages with no or several `<h1>`.
    pub headings: usize,
    pub broken_external_links: usize,
    pub unreadable: usize,
    pub total: usize,
}

/// What a check found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    /// HTML pages read.
    pub pages: usize,
    /// All files of the site folder.
    pub files: usize,
    /// Links to the site itself that were followed (every occurrence).
    pub internal_links: usize,
    /// Distinct addresses on other sites.
    pub external_links: usize,
    /// Whether those were asked (`--external`).
    pub external_checked: bool,
    /// Of those, answered from the cache.
    pub external_from_cache: usize,
    pub counts: ProblemCounts,
    /// Sorted by page, line and kind.
    pub problems: Vec<CheckProblem>,
    /// Something that did not stop the check (e.g. the cache could not be written).
    pub notes: Vec<String>,
    pub elapsed_seconds: f64,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// An external link as found on a page.
struct Occurrence<'a> {
    page: &'a str,
    link: &'a page::Link,
}

/// Checks the built site in `site_dir` (see the module documentation).
pub fn check_output(site_dir: &Path, options: &CheckOptions) -> CheckReport {
    let started = Instant::now();
    let base = Base::new(&options.base_url);
    let mut report = CheckReport {
        external_checked: options.external,
        ..CheckReport::default()
    };
    let mut problems = Vec::new();

    let mut files = HashSet::new();
    let mut html_files = Vec::new();
    for entry in WalkDir::new(site_dir).follow_links(true) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let page = e
                    .path()
                    .and_then(|p| p.strip_prefix(site_dir).ok())
                    .map(slash_path)
                    .unwrap_or_default();
                problems.push(unreadable(page, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(site_dir) else {
            continue;
        };
        let relative = slash_path(relative);
        if relative.ends_with(".html") || relative.ends_with(".htm") {
            html_files.push(relative.clone());
        }
        files.insert(relative);
    }
    html_files.sort();
    report.files = files.len();
    report.pages = html_files.len();

    let scanned: Vec<(String, Result<PageFacts, String>)> = html_files
        .into_par_iter()
        .map(|page| {
            let facts = std::fs::read(site_dir.join(&page))
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|bytes| page::scan(&page, &bytes));
            (page, facts)
        })
        .collect();
    let mut pages: Vec<(String, PageFacts)> = Vec::with_capacity(scanned.len());
    for (page, facts) in scanned {
        match facts {
            Ok(facts) => pages.push((page, facts)),
            Err(message) => problems.push(unreadable(page, message)),
        }
    }
    let ids: HashMap<&str, &HashSet<String>> = pages
        .iter()
        .map(|(page, facts)| (page.as_str(), &facts.ids))
        .collect();

    let resolved: Vec<PageLinks> = pages
        .par_iter()
        .map(|(page, facts)| resolve_links(page, facts, &base, &files, &ids))
        .collect();

    let mut external: BTreeMap<String, Vec<Occurrence>> = BTreeMap::new();
    for links in resolved {
        problems.extend(links.problems);
        report.internal_links += links.internal;
        for (address, occurrence) in links.external {
            external.entry(address).or_default().push(occurrence);
        }
    }
    report.external_links = external.len();

    if options.external && !external.is_empty() {
        let addresses: Vec<String> = external.keys().cloned().collect();
        let (outcomes, cache_error) = external::check_all(&addresses, options);
        report.notes.extend(cache_error);
        for (address, occurrences) in &external {
            let message = match outcomes.get(address) {
                Some(external::Outcome::Good { from_cache, .. }) => {
                    report.external_from_cache += usize::from(*from_cache);
                    continue;
                }
                Some(external::Outcome::Bad(status)) => {
                    format!("links to {address}, which answers HTTP {status}")
                }
                Some(external::Outcome::Unreachable(error)) => {
                    format!("links to {address}, which cannot be reached: {error}")
                }
                None => continue,
            };
            for occurrence in occurrences {
                problems.push(link_problem(
                    occurrence.page,
                    occurrence.link,
                    ProblemKind::BrokenExternalLink,
                    message.clone(),
                ));
            }
        }
    }

    problems.sort_by(|a, b| {
        (&a.page, a.line, a.kind, &a.target, &a.message)
            .cmp(&(&b.page, b.line, b.kind, &b.target, &b.message))
    });
    report.counts = count(&problems);
    report.problems = problems;
    report.elapsed_seconds = started.elapsed().as_secs_f64();
    report
}

/// The links of one page, followed.
struct PageLinks<'a> {
    /// The page's own problems and those of its internal links.
    problems: Vec<CheckProblem>,
    /// Internal links followed.
    internal: usize,
    /// Links to other sites (address without fragment), to be asked later.
    external: Vec<(String, Occurrence<'a>)>,
}

fn resolve_links<'a>(
    page: &'a str,
    facts: &'a PageFacts,
    base: &Base,
    files: &HashSet<String>,
    ids: &HashMap<&str, &HashSet<String>>,
) -> PageLinks<'a> {
    let mut found = PageLinks {
        problems: facts.problems.clone(),
        internal: 0,
        external: Vec::new(),
    };
    for link in &facts.links {
        let (path, fragment) = match url::classify(&link.url, page, base) {
            Target::Skip => continue,
            Target::External(address) => {
                found.external.push((address, Occurrence { page, link }));
                continue;
            }
            Target::Outside(why) => {
                found.internal += 1;
                found.problems.push(link_problem(
                    page,
                    link,
                    ProblemKind::BrokenLink,
                    format!("links to {}, which is {why} ({})", link.url, base.path()),
                ));
                continue;
            }
            Target::Internal { path, fragment } => (path, fragment),
        };
        found.internal += 1;
        let Some(file) = url::resolve(&path, files) else {
            found.problems.push(link_problem(
                page,
                link,
                ProblemKind::BrokenLink,
                format!(
                    "links to {}, but the site has no file {}",
                    link.url,
                    url::expected_file(&path)
                ),
            ));
            continue;
        };
        let Some(fragment) = fragment else { continue };
        let Some(targets) = ids.get(file) else {
            continue; // not a page: #page=2 of a PDF and the like
        };
        if fragment.eq_ignore_ascii_case("top")
            || fragment.starts_with(":~:")
            || targets.contains(&fragment)
        {
            continue;
        }
        let on = if file == page { "this page" } else { file };
        found.problems.push(link_problem(
            page,
            link,
            ProblemKind::BrokenAnchor,
            format!(
                "links to {}, but {on} has no element with id=\"{fragment}\"",
                link.url
            ),
        ));
    }
    found
}

fn count(problems: &[CheckProblem]) -> ProblemCounts {
    let mut counts = ProblemCounts {
        total: problems.len(),
        ..ProblemCounts::default()
    };
    for problem in problems {
        let slot = match problem.kind {
            ProblemKind::BrokenLink => &mut counts.broken_links,
            ProblemKind::BrokenAnchor => &mut counts.broken_anchors,
            ProblemKind::MissingAlt | ProblemKind::EmptyAlt => &mut counts.images_without_alt,
            ProblemKind::NoH1 | ProblemKind::SeveralH1 => &mut counts.headings,
            ProblemKind::BrokenExternalLink => &mut counts.broken_external_links,
            ProblemKind::Unreadable => &mut counts.unreadable,
        };
        *slot += 1;
    }
    counts
}

fn link_problem(page: &str, link: &page::Link, kind: ProblemKind, message: String) -> CheckProblem {
    CheckProblem {
        page: page.to_string(),
        line: Some(link.line),
        kind,
        element: Some(link.element.clone()),
        link_text: link.text.clone(),
        target: Some(link.url.clone()),
        message,
    }
}

fn unreadable(page: String, message: String) -> CheckProblem {
    CheckProblem {
        page,
        line: None,
        kind: ProblemKind::Unreadable,
        element: None,
        link_text: None,
        target: None,
        message,
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
