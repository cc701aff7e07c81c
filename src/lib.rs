//! cpsite builds the trilingual website of the Hong Kong-Guangdong Cleaner
//! Production Partnership Programme from markdown and YAML.
//!
//! One build is one trip: read the site folder (config, content, theme) →
//! one model of the site in memory → render every page with Tera → write
//! into a fresh folder that replaces the output only when all went well.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod i18n;
pub mod output;
pub mod render;
pub mod site;
pub mod theme;

use chrono::{DateTime, FixedOffset};
use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use output::{Sink, Staging};
use rayon::prelude::*;
use render::urls::Urls;
use site::{Site, SiteTexts};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use theme::{StaticFile, Theme};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `content/site.yaml`).
    pub root: PathBuf,
    /// The output folder; `<root>/public` when `None`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    pub future: bool,
    /// Warnings (such as missing translations) fail the build.
    pub strict: bool,
    /// The present, for embargoes; the clock when `None`.
    pub now: Option<DateTime<FixedOffset>>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            out: None,
            drafts: false,
            future: false,
            strict: false,
            now: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Time spent in each stage.
#[derive(Debug, Clone, Default)]
pub struct Phases {
    pub read: Duration,
    pub model: Duration,
    pub render: Duration,
    pub write: Duration,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// (language code, pages written).
    pub pages_per_language: Vec<(String, usize)>,
    /// Pages of no single language (chooser, 404).
    pub shared_pages: usize,
    /// Other files: feeds, sitemap, data, static files.
    pub other_files: usize,
    pub bytes_written: u64,
    /// Drafts and embargoed items not published.
    pub held_back: usize,
    pub warnings: Diagnostics,
    pub phases: Phases,
    pub elapsed: Duration,
    pub output: PathBuf,
}

/// Why a build did not replace the output.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site has problems an editor must fix (all of them are listed).
    #[error("the site has {} problem(s)", .0.error_count())]
    Invalid(Diagnostics),
}

impl BuildError {
    pub fn diagnostics(&self) -> &Diagnostics {
        match self {
            BuildError::Invalid(list) => list,
        }
    }
}

/// Reads the site folder into the model, without writing anything. Shared by
/// `build` and `check`.
pub fn load(options: &BuildOptions) -> Result<(Site, Theme, Diagnostics, usize), BuildError> {
    let root = &options.root;
    let config = Config::load(root).map_err(BuildError::Invalid)?;
    let mut problems = Diagnostics::new();
    let localizer = i18n::Localizer::new(&config).map_err(|message| {
        let mut list = Diagnostics::new();
        list.push(Diagnostic::error(message).in_file(config::CONFIG_PATH));
        BuildError::Invalid(list)
    })?;
    let now = options
        .now
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&config.time_zone));
    let read_options = content::ReadOptions {
        drafts: options.drafts,
        future: options.future,
        now,
    };
    let theme = Theme::load(root, &config.theme, &mut problems);
    let strings = i18n::strings::load(&theme.i18n, &localizer, &mut problems);
    let content = content::read(root, &localizer, &read_options, &mut problems);
    let texts = SiteTexts {
        title: localizer.resolve(&config.title).text,
        description: config
            .description
            .as_ref()
            .map(|d| localizer.resolve(d).text)
            .unwrap_or_default(),
        category_names: config
            .partner_categories
            .iter()
            .map(|c| localizer.resolve(&c.name).text)
            .collect(),
        topic_names: config
            .topics
            .iter()
            .map(|t| localizer.resolve(&t.name).text)
            .collect(),
    };
    check_announcements(&config, &content, &mut problems);
    let held_back = content.held_back;
    let site = Site::assemble(
        config,
        texts,
        strings,
        content.items,
        content.partner_years,
        content.static_files,
    );
    Ok((site, theme, problems, held_back))
}

/// A partner year's `announced:` must name a press release.
fn check_announcements(config: &Config, content: &content::Content, problems: &mut Diagnostics) {
    for year in &content.partner_years {
        let Some(slug) = &year.announced else {
            continue;
        };
        let exists = content
            .items
            .iter()
            .any(|i| i.kind == site::ItemKind::News && &i.slug == slug);
        if !exists {
            problems.push(
                Diagnostic::warning(format!(
                    "`announced: {slug}` names no published press release"
                ))
                .in_file(&year.source)
                .hint(format!(
                    "use the file name of a release without the language, e.g. content/news/{slug}.{}.md",
                    config.languages[config.default_language].code
                )),
            );
        }
    }
}

/// Builds the site. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut phases = Phases::default();
    let (mut site, theme, mut problems, held_back) = load(options)?;
    phases.read = started.elapsed();

    let model_started = Instant::now();
    let templates = render::Templates::compile(&theme, &mut problems);
    if options.strict {
        problems.promote_warnings();
    }
    if problems.has_errors() {
        problems.sort();
        return Err(BuildError::Invalid(problems));
    }
    let Some(templates) = templates else {
        problems.sort();
        return Err(BuildError::Invalid(problems));
    };
    let urls = Urls::new(&site.config.base_url);
    let data_files = data_files(&site);
    for (_, year, language, format, bytes) in &data_files {
        site.data_sizes
            .insert((*year, *language, format), bytes.len());
    }
    phases.model = model_started.elapsed();

    let staging = Staging::new(&options.output_dir()).map_err(|d| {
        let mut list = Diagnostics::new();
        list.push(d);
        BuildError::Invalid(list)
    })?;

    let write_started = Instant::now();
    let mut other_files = 0;
    let mut write_problems = Diagnostics::new();
    let mut put = |path: &str, bytes: &[u8]| {
        other_files += 1;
        staging.put(path, bytes)
    };
    let mut outcomes = Vec::new();
    for (path, file) in &theme.static_files {
        outcomes.push(match file {
            StaticFile::Embedded(bytes) => put(path, bytes),
            StaticFile::Disk(from) => std::fs::read(from)
                .map_err(|e| Diagnostic::error(format!("cannot read: {e}")).in_file(from))
                .and_then(|bytes| put(path, &bytes)),
        });
    }
    for file in &site.static_files {
        let from = options.root.join("content").join("static").join(file);
        outcomes.push(
            std::fs::read(&from)
                .map_err(|e| Diagnostic::error(format!("cannot read: {e}")).in_file(&from))
                .and_then(|bytes| put(&file.to_string_lossy().replace('\\', "/"), &bytes)),
        );
    }
    let feeds: Vec<(String, String)> = (0..site.config.languages.len())
        .into_par_iter()
        .flat_map_iter(|language| {
            let code = &site.config.languages[language].code;
            [
                (
                    format!("{code}/feed.xml"),
                    output::feeds::atom(&site, &urls, language),
                ),
                (
                    format!("{code}/rss.xml"),
                    output::feeds::rss(&site, &urls, language),
                ),
            ]
        })
        .collect();
    for (path, xml) in feeds.iter().chain(&output::sitemap::sitemaps(&site, &urls)) {
        outcomes.push(put(path, xml.as_bytes()));
    }
    outcomes.push(put("robots.txt", output::sitemap::robots(&urls).as_bytes()));
    for (path, _, _, _, bytes) in &data_files {
        outcomes.push(put(path, bytes));
    }
    write_problems.extend(outcomes.into_iter().filter_map(Result::err));
    phases.write = write_started.elapsed();

    let render_started = Instant::now();
    let stats = render::render_site(&site, &templates, &staging, &mut write_problems);
    phases.render = render_started.elapsed();

    problems.extend(write_problems);
    if problems.has_errors() {
        staging.abandon();
        problems.sort();
        return Err(BuildError::Invalid(problems));
    }
    let bytes_written = staging.bytes_written();
    let commit_started = Instant::now();
    staging.commit().map_err(|d| {
        let mut list = Diagnostics::new();
        list.push(d);
        BuildError::Invalid(list)
    })?;
    phases.write += commit_started.elapsed();
    problems.sort();

    Ok(BuildReport {
        pages_per_language: site
            .config
            .languages
            .iter()
            .zip(&stats.pages_per_language)
            .map(|(l, n)| (l.code.clone(), *n))
            .collect(),
        shared_pages: stats.shared_pages,
        other_files,
        bytes_written,
        held_back,
        warnings: problems,
        phases,
        elapsed: started.elapsed(),
        output: options.output_dir(),
    })
}

/// Open data of every partner year in every language:
/// (path, year, language, format, bytes).
type DataFile = (String, i32, usize, &'static str, Vec<u8>);

fn data_files(site: &Site) -> Vec<DataFile> {
    let languages = site.config.languages.len();
    let urls = &Urls::new(&site.config.base_url);
    site.partner_years
        .par_iter()
        .flat_map_iter(move |year| {
            (0..languages).flat_map(move |language| {
                output::data::year_files(site, year, language)
                    .into_iter()
                    .map(move |(format, bytes)| {
                        let code = &site.config.languages[language].code;
                        let path = urls.file_of(&urls.partner_data(code, year.year, format));
                        (path, year.year, language, format, bytes)
                    })
            })
        })
        .collect()
}
