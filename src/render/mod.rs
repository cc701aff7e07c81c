//! Rendering: the theme's Tera templates (with the site's overrides) fed
//! with views, one function per page kind, all pages in parallel. Each
//! finished page goes straight to the output sink, so the site is never held
//! in memory twice.

pub mod pages;
pub mod urls;
pub mod views;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::site::Site;
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use tera::{Context, Tera};
use urls::Urls;

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 9] = [
    "chooser.html",
    "home.html",
    "news_list.html",
    "news_item.html",
    "page.html",
    "partners.html",
    "partners_multi_year.html",
    "search.html",
    "404.html",
];

/// Compiled templates and where each came from.
pub struct Templates {
    tera: Tera,
    paths: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Compiles every template of the theme; syntax errors name the
    /// template file and line.
    pub fn compile(theme: &Theme, problems: &mut Diagnostics) -> Option<Templates> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let paths: BTreeMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.path.clone()))
            .collect();
        let all = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(e) = tera.add_raw_templates(all) {
            if !report_each_syntax_error(theme, &paths, problems) {
                problems.push(template_error(&e, &paths));
            }
            return None;
        }
        let missing: Vec<&str> = REQUIRED_TEMPLATES
            .iter()
            .copied()
            .filter(|name| !tera.contains_template(name))
            .collect();
        if !missing.is_empty() {
            problems.push(
                Diagnostic::error(format!(
                    "the theme has no template {}",
                    missing.join(", ")
                ))
                .hint("add the template to the theme's templates/ folder, or to the site's templates/ folder"),
            );
            return None;
        }
        Some(Templates { tera, paths })
    }

    /// Renders one page into `out` (emptied first); errors name the
    /// template and line. Reusing `out` from page to page spares growing a
    /// fresh buffer for each.
    pub fn render_into(
        &self,
        name: &str,
        context: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        out.clear();
        self.tera
            .render_to(name, context, &mut *out)
            .map_err(|e| template_error(&e, &self.paths))
    }
}

/// Compiles each template alone and reports every one with a syntax error:
/// Tera stops at the first broken file. Whether there was one.
fn report_each_syntax_error(
    theme: &Theme,
    paths: &BTreeMap<String, PathBuf>,
    problems: &mut Diagnostics,
) -> bool {
    let mut broken = false;
    for template in &theme.templates {
        let mut alone = Tera::new();
        if let Err(e) = alone.add_raw_template(&template.name, &template.text) {
            if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                problems.push(template_error(&e, paths));
                broken = true;
            }
        }
    }
    broken
}

/// Turns a Tera error into a message for whoever edits the template.
fn template_error(error: &tera::Error, paths: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let locate = |report: &tera::ReportError| {
        let file = paths
            .get(report.filename())
            .cloned()
            .unwrap_or_else(|| PathBuf::from(report.filename()));
        (file, report.span().start_line)
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) => {
            let (file, line) = locate(report);
            Diagnostic::error(format!("template syntax: {}", report.message()))
                .at(file, Some(line))
                .hint("fix the template tag: every {% if %}, {% for %} and {% block %} needs its end tag, and {{ }} must hold a name")
        }
        tera::ErrorKind::RenderingError(report) => {
            let (file, line) = locate(report);
            let hint = if report.message().contains("not defined")
                || report.message().contains("not found")
            {
                "the template uses a name the page does not have; see the README for the names each page kind gets, or guard it with {% if name is defined %}"
            } else {
                "check the expression on that line"
            };
            Diagnostic::error(format!("template: {}", report.message()))
                .at(file, Some(line))
                .hint(hint)
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message.push_str(": ");
                message.push_str(&inner.to_string());
                source = inner.source();
            }
            Diagnostic::error(format!("template: {message}"))
                .hint("check the templates named in the message")
        }
    }
}

/// Counts of what was written, for the summary line.
#[derive(Debug, Default, Clone)]
pub struct RenderStats {
    /// Pages per language (indexed like `Config::languages`).
    pub pages_per_language: Vec<usize>,
    /// Pages outside any language (chooser, 404).
    pub shared_pages: usize,
}

/// Renders every page of `site` into `sink`.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    problems: &mut Diagnostics,
) -> RenderStats {
    let urls = Urls::new(&site.config.base_url);
    let renderer = pages::PageRenderer::new(site, &urls);
    let jobs = renderer.jobs();
    render_jobs(&renderer, &jobs, templates, sink, problems);
    let mut stats = RenderStats {
        pages_per_language: vec![0; site.config.languages.len()],
        shared_pages: 0,
    };
    for job in &jobs {
        match job.language(site) {
            Some(language) => stats.pages_per_language[language] += 1,
            None => stats.shared_pages += 1,
        }
    }
    stats
}

/// Pages rendered as one task: a few milliseconds of work.
const PAGES_PER_BATCH: usize = 64;

/// Renders the given pages into `sink`, in parallel. After a template fails
/// once, its other pages are skipped: one message per broken template.
pub fn render_jobs(
    renderer: &pages::PageRenderer,
    jobs: &[pages::Job],
    templates: &Templates,
    sink: &dyn Sink,
    problems: &mut Diagnostics,
) {
    let urls = renderer.urls();
    let failed_templates: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let found: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    // Small batches: in a build, the other worker makes the search index
    // meanwhile, and when it is done it can only help with batches still
    // waiting. Left to itself, rayon would cut the pages into a few large
    // pieces while no one steals, and one core would render the last of
    // them alone.
    jobs.par_iter()
        .with_max_len(PAGES_PER_BATCH)
        .for_each_init(Vec::new, |page, job| {
            let (template, context) = renderer.context(job);
            if failed_templates
                .lock()
                .map(|f| f.contains(template))
                .unwrap_or(false)
            {
                return;
            }
            let outcome = templates
                .render_into(template, &context, page)
                .and_then(|()| sink.put(&urls.file_of(&renderer.url_of(job)), page));
            if let Err(diagnostic) = outcome {
                if let Ok(mut failed) = failed_templates.lock() {
                    failed.insert(template.to_string());
                }
                if let Ok(mut list) = found.lock() {
                    list.push(diagnostic);
                }
            }
        });
    problems.extend(found.into_inner().unwrap_or_default());
}
