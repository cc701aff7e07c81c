//! cpsite builds the trilingual website of the Hong Kong-Guangdong Cleaner
//! Production Partnership Programme from markdown and YAML.
//!
//! One build is one trip: read the site folder (config, content, theme) →
//! one model of the site in memory → render every page with Tera → write
//! into a fresh folder that replaces the output only when all went well.

pub mod check;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod i18n;
pub mod memory;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
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
    let localizer = i18n::Localizer::new(&config);
    let now = options
        .now
        .unwrap_or_else(|| chrono::Utc::now().with_timezone(&config.time_zone));
    let read_options = content::ReadOptions {
        drafts: options.drafts,
        future: options.future,
        now,
    };
    let theme = Theme::load(root, &config.theme, &mut problems);
    // The content first: it can start before the conversion rules are loaded.
    let content = content::read(root, &localizer, &read_options, &mut problems);
    if let Some(message) = localizer.conversion_failure() {
        return Err(BuildError::Invalid(Diagnostics::from(
            Diagnostic::error(message).in_file(config::CONFIG_PATH),
        )));
    }
    let strings = i18n::strings::load(&theme.i18n, &localizer, &mut problems);
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
    if let Some(image) = &config.image {
        if !content
            .static_files
            .iter()
            .any(|f| f == std::path::Path::new(image))
        {
            problems.push(
                Diagnostic::warning(format!("`image: {image}` is not a file of content/static/"))
                    .in_file(config::CONFIG_PATH)
                    .hint(format!(
                        "put the picture at content/static/{image}, or remove `image:`"
                    )),
            );
        }
    }
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

/// A site read, checked and ready to render.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub templates: render::Templates,
    /// Warnings found on the way (errors stop `prepare`).
    pub warnings: Diagnostics,
    /// Drafts and embargoed items not published.
    pub held_back: usize,
    /// Open data files, made before rendering so pages can show their sizes.
    pub data_files: Vec<DataFile>,
    /// Time spent reading the site, and then compiling templates and
    /// making the open data.
    pub read_time: Duration,
    pub model_time: Duration,
}

/// Reads the site and compiles its templates; refuses on any error (on any
/// warning under `strict`).
pub fn prepare(options: &BuildOptions) -> Result<Prepared, BuildError> {
    let started = Instant::now();
    let (mut site, theme, mut problems, held_back) = load(options)?;
    let read_time = started.elapsed();
    let templates = render::Templates::compile(&theme, &mut problems);
    if options.strict {
        problems.promote_warnings();
    }
    problems.sort();
    let templates = match templates {
        Some(templates) if !problems.has_errors() => templates,
        _ => return Err(BuildError::Invalid(problems)),
    };
    let data_files = data_files(&site);
    for (_, year, language, format, bytes) in &data_files {
        site.data_sizes
            .insert((*year, *language, format), bytes.len());
    }
    Ok(Prepared {
        site,
        theme,
        templates,
        warnings: problems,
        held_back,
        data_files,
        read_time,
        model_time: started.elapsed() - read_time,
    })
}

/// Writes every file of a prepared site into `sink`: static files, feeds,
/// sitemap, open data, then every page. Returns the page counts and the
/// number of other files.
pub fn write_site(
    prepared: &Prepared,
    root: &std::path::Path,
    sink: &dyn Sink,
    problems: &mut Diagnostics,
) -> (render::RenderStats, usize) {
    let site = &prepared.site;
    let urls = Urls::new(&site.config.base_url);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, file) in &prepared.theme.static_files {
        match file {
            StaticFile::Embedded(bytes) => files.push((path.clone(), bytes.to_vec())),
            StaticFile::Disk(from) => match std::fs::read(from) {
                Ok(bytes) => files.push((path.clone(), bytes)),
                Err(e) => {
                    problems.push(Diagnostic::error(format!("cannot read: {e}")).in_file(from))
                }
            },
        }
    }
    for file in &site.static_files {
        let from = root.join("content").join("static").join(file);
        match std::fs::read(&from) {
            Ok(bytes) => files.push((file.to_string_lossy().replace('\\', "/"), bytes)),
            Err(e) => problems.push(Diagnostic::error(format!("cannot read: {e}")).in_file(&from)),
        }
    }
    let mut other_files = files.len() + prepared.data_files.len();
    let mut failures = put_all(
        sink,
        files
            .par_iter()
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
            .chain(
                prepared
                    .data_files
                    .par_iter()
                    .map(|(path, _, _, _, bytes)| (path.as_str(), bytes.as_slice())),
            ),
    );
    drop(files);
    // Feeds and sitemaps, each language's search index and the pages are
    // made side by side, keeping both cores busy; the files of an index are
    // written as they are made.
    let mut page_problems = Diagnostics::new();
    let ((listed, indexed), stats) = rayon::join(
        || {
            rayon::join(
                || output::write_listings(site, &urls, sink),
                || {
                    // One language at a time: an index in the making is the
                    // largest thing in memory, and the pages keep the other
                    // core busy meanwhile.
                    let (mut count, mut failed) = (0, Vec::new());
                    for language in 0..site.config.languages.len() {
                        let index = output::search::write_index(site, language, &urls, sink);
                        count += index.paths.len();
                        failed.extend(index.failures);
                    }
                    (count, failed)
                },
            )
        },
        || render::render_site(site, &prepared.templates, sink, &mut page_problems),
    );
    for (count, failed) in [listed, indexed] {
        other_files += count;
        failures.extend(failed);
    }
    problems.extend(failures);
    problems.extend(page_problems);
    (stats, other_files)
}

/// Writes every file into `sink`; returns the problems of those that failed.
fn put_all<'a>(
    sink: &dyn Sink,
    files: impl ParallelIterator<Item = (&'a str, &'a [u8])>,
) -> Vec<Diagnostic> {
    files
        .filter_map(|(path, bytes)| sink.put(path, bytes).err())
        .collect()
}

/// Builds the site. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut phases = Phases::default();
    let mut prepared = prepare(options)?;
    phases.read = prepared.read_time;
    phases.model = prepared.model_time;

    let staging = Staging::new(&options.output_dir())
        .map_err(|d| BuildError::Invalid(Diagnostics::from(d)))?;
    let render_started = Instant::now();
    let mut problems = Diagnostics::new();
    let (stats, other_files) = write_site(&prepared, &options.root, &staging, &mut problems);
    phases.render = render_started.elapsed();
    if problems.has_errors() {
        staging.abandon();
        problems.extend(prepared.warnings);
        problems.sort();
        return Err(BuildError::Invalid(problems));
    }
    let bytes_written = staging.bytes_written();
    let commit_started = Instant::now();
    staging
        .commit()
        .map_err(|d| BuildError::Invalid(Diagnostics::from(d)))?;
    phases.write = commit_started.elapsed();
    let site = &prepared.site;
    let report = BuildReport {
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
        held_back: prepared.held_back,
        warnings: std::mem::take(&mut prepared.warnings),
        phases,
        elapsed: started.elapsed(),
        output: options.output_dir(),
    };
    // Freeing the model of a large site (every body and page view) takes
    // tens of milliseconds; the report need not wait for it.
    std::thread::spawn(move || drop(prepared));
    Ok(report)
}

/// Open data of every partner year in every language:
/// (path, year, language, format, bytes).
pub type DataFile = (String, i32, usize, &'static str, Vec<u8>);

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
