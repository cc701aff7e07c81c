//! `cpsite serve`: the same build, held in memory and served for preview.
//! A change to a source is answered by rebuilding what depends on it (one
//! press release: its pages, the listings, home pages and feeds that show
//! it), then every open page is told to reload. A failed build keeps the
//! last good site and shows the problems over every page.

pub mod http;
pub mod watch;

use crate::content::{self, ReadOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Localizer;
use crate::output::{self, Sink};
use crate::render::pages::{Job, PageRenderer};
use crate::render::urls::Urls;
use crate::render::{self};
use crate::site::{ItemKind, Site};
use crate::{prepare, write_site, BuildError, BuildOptions, Prepared};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} on {bind} is in use{}", .free.map(|p| format!("; port {p} is free: try --port {p}")).unwrap_or_default())]
    PortInUse {
        bind: IpAddr,
        port: u16,
        free: Option<u16>,
    },
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, String),
    #[error("cannot watch the site folder: {0}")]
    Watch(String),
}

/// The site as served: every file in memory, the problems of the last build
/// if it failed, and the open pages waiting for a reload.
#[derive(Default)]
pub struct Served {
    files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    overlay: RwLock<Option<String>>,
    listeners: Mutex<Vec<Sender<String>>>,
}

impl Served {
    pub fn file(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.files.read().ok()?.get(path).cloned()
    }

    /// Every path served, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .files
            .read()
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default();
        paths.sort();
        paths
    }

    /// HTML pages get the reload script, and the error overlay when the last
    /// build failed; other files are served as they are.
    pub fn decorate(&self, path: &str, bytes: &[u8]) -> Vec<u8> {
        if !path.ends_with(".html") {
            return bytes.to_vec();
        }
        let overlay = self.overlay.read().ok().and_then(|o| o.clone());
        http::inject(bytes, overlay.as_deref())
    }

    pub fn subscribe(&self) -> Receiver<String> {
        let (sender, receiver) = channel();
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.push(sender);
        }
        receiver
    }

    /// Tells every open page to reload; forgets the closed ones.
    pub fn reload(&self) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|l| l.send("reload".into()).is_ok());
        }
    }

    fn replace_all(&self, files: HashMap<String, Arc<Vec<u8>>>) {
        if let Ok(mut current) = self.files.write() {
            *current = files;
        }
    }

    fn remove(&self, path: &str) {
        if let Ok(mut current) = self.files.write() {
            current.remove(path);
        }
    }

    fn set_problems(&self, problems: Option<&Diagnostics>) {
        let overlay = problems.map(overlay_html);
        if let Ok(mut current) = self.overlay.write() {
            *current = overlay;
        }
    }
}

impl Sink for Served {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Ok(mut files) = self.files.write() {
            files.insert(path.to_string(), Arc::new(bytes.to_vec()));
        }
        Ok(())
    }
}

/// Collects a full build before it replaces what is served, so a page is
/// never served half-built.
#[derive(Default)]
struct MemorySink {
    files: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_string(), Arc::new(bytes.to_vec()));
        }
        Ok(())
    }
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// Pages rendered again (all of them for a full build).
    pub pages: usize,
    pub full: bool,
    pub took: Duration,
    /// Problems when it failed (the last good site is still served).
    pub problems: Option<Diagnostics>,
}

/// A site kept ready for quick rebuilds.
pub struct LiveSite {
    options: BuildOptions,
    prepared: Option<Prepared>,
    /// Languages whose search index waits to be made again: it is done
    /// after the reload, as open pages never need it at once.
    stale_search: BTreeSet<usize>,
    pub served: Arc<Served>,
}

impl LiveSite {
    pub fn new(options: BuildOptions) -> LiveSite {
        LiveSite {
            options,
            prepared: None,
            stale_search: BTreeSet::new(),
            served: Arc::new(Served::default()),
        }
    }

    /// Builds everything again.
    pub fn full_build(&mut self) -> Rebuild {
        let started = Instant::now();
        let outcome = prepare(&self.options).and_then(|prepared| {
            let sink = MemorySink::default();
            let mut problems = Diagnostics::new();
            let (stats, _) = write_site(&prepared, &self.options.root, &sink, &mut problems);
            if problems.has_errors() {
                problems.sort();
                return Err(BuildError::Invalid(problems));
            }
            let pages = stats.pages_per_language.iter().sum::<usize>() + stats.shared_pages;
            Ok((prepared, sink, pages))
        });
        match outcome {
            Ok((prepared, sink, pages)) => {
                self.served
                    .replace_all(sink.files.into_inner().unwrap_or_default());
                let warnings = prepared.warnings.clone();
                self.prepared = Some(prepared);
                self.served.set_problems(None);
                Rebuild {
                    pages,
                    full: true,
                    took: started.elapsed(),
                    problems: (!warnings.is_empty()).then_some(warnings),
                }
            }
            Err(error) => self.failed(error.diagnostics().clone(), started, true),
        }
    }

    fn failed(&mut self, problems: Diagnostics, started: Instant, full: bool) -> Rebuild {
        self.served.set_problems(Some(&problems));
        Rebuild {
            pages: 0,
            full,
            took: started.elapsed(),
            problems: Some(problems),
        }
    }

    /// Rebuilds after `changed` (paths relative to the site folder): only
    /// what depends on them when they are edited press releases or pages,
    /// everything otherwise.
    pub fn rebuild(&mut self, changed: &BTreeSet<PathBuf>) -> Rebuild {
        let root = self.options.root.clone();
        // Scratch files that came and went during a save (sed's, some
        // editors') are no concern of the site.
        let changed: BTreeSet<PathBuf> = changed
            .iter()
            .filter(|path| root.join(path).exists() || self.was_source(path))
            .cloned()
            .collect();
        let changed = &changed;
        if changed.is_empty() {
            return self.idle();
        }
        let incremental = match &self.prepared {
            Some(prepared) if !changed.is_empty() => changed.iter().all(|path| {
                path.extension().is_some_and(|e| e == "md")
                    && root.join(path).is_file()
                    && prepared
                        .site
                        .items
                        .iter()
                        .any(|i| &i.source == path && !i.derived)
            }),
            _ => false,
        };
        if !incremental {
            return self.full_build();
        }
        let started = Instant::now();
        match self.update_items(changed) {
            Ok(pages) => {
                self.served.set_problems(None);
                Rebuild {
                    pages,
                    full: false,
                    took: started.elapsed(),
                    problems: None,
                }
            }
            Err(problems) => self.failed(problems, started, false),
        }
    }

    /// Reads the changed files again and renders the pages that show them.
    fn update_items(&mut self, changed: &BTreeSet<PathBuf>) -> Result<usize, Diagnostics> {
        let Some(prepared) = self.prepared.as_mut() else {
            return Err(Diagnostics::new());
        };
        let site = &mut prepared.site;
        let now = self
            .options
            .now
            .unwrap_or_else(|| chrono::Utc::now().with_timezone(&site.config.time_zone));
        let read_options = ReadOptions {
            drafts: self.options.drafts,
            future: self.options.future,
            now,
        };
        let mut problems = Diagnostics::new();
        let mut updates = Vec::new();
        {
            let localizer = Localizer::new(&site.config);
            let config = &site.config;
            for path in changed {
                let derive_into = |kind: ItemKind, slug: &str, language: usize| -> Vec<usize> {
                    (0..config.languages.len())
                        .filter(|&target| config.derived_from(target) == Some(language))
                        .filter(|&target| {
                            !site.items.iter().any(|i| {
                                i.kind == kind
                                    && i.slug == slug
                                    && i.language == target
                                    && !i.derived
                            })
                        })
                        .collect()
                };
                if let Some(update) = content::read_changed_item(
                    &self.options.root,
                    path,
                    derive_into,
                    &localizer,
                    &read_options,
                    &mut problems,
                ) {
                    updates.push(update);
                }
            }
        }
        if self.options.strict {
            problems.promote_warnings();
        }
        if problems.has_errors() {
            problems.sort();
            return Err(problems);
        }

        let before = Snapshot::of(site);
        let menu_touched = updates.iter().any(|u| {
            u.kind == ItemKind::Page
                && (u.items.iter().any(|i| i.menu.is_some())
                    || site
                        .items
                        .iter()
                        .any(|i| i.kind == ItemKind::Page && i.slug == u.slug && i.menu.is_some()))
        });
        let changed_slugs: HashSet<(ItemKind, String)> =
            updates.iter().map(|u| (u.kind, u.slug.clone())).collect();
        for update in updates {
            site.replace_item(update.kind, &update.slug, &update.languages, update.items);
        }
        let after = Snapshot::of(site);

        let urls = Urls::new(&site.config.base_url);
        let renderer = PageRenderer::new(site, &urls);
        let all_jobs = renderer.jobs();
        let jobs: Vec<Job> = if menu_touched {
            all_jobs.clone()
        } else {
            all_jobs
                .iter()
                .copied()
                .filter(|job| affected(job, site, &before, &after, &changed_slugs))
                .collect()
        };
        let mut render_problems = Diagnostics::new();
        render::render_jobs(
            &renderer,
            &jobs,
            &prepared.templates,
            self.served.as_ref(),
            &mut render_problems,
        );
        // An item that became a draft (or was embargoed) takes its pages
        // with it, and the news list may have lost its last page.
        if before.news != after.news || before.item_count != site.items.len() {
            let live: HashSet<String> = all_jobs
                .iter()
                .map(|job| urls.file_of(&renderer.url_of(job)))
                .collect();
            for old in before.page_files(site, &urls).difference(&live) {
                self.served.remove(old);
            }
        }
        let listings_changed = before.news.iter().zip(&after.news).any(|(old, new)| {
            old.len() != new.len()
                || old
                    .iter()
                    .zip(new)
                    .take(site.config.feed.items)
                    .any(|(a, b)| a != b || changed_slugs.contains(&(ItemKind::News, b.clone())))
        });
        if listings_changed || before.dates != after.dates {
            output::write_listings(site, &urls, self.served.as_ref());
        }
        if render_problems.has_errors() {
            render_problems.sort();
            return Err(render_problems);
        }
        self.stale_search.extend(
            site.items
                .iter()
                .filter(|i| changed_slugs.contains(&(i.kind, i.slug.clone())))
                .map(|i| i.language),
        );
        self.stale_search.extend(
            before
                .items
                .iter()
                .filter(|(k, s, _)| changed_slugs.contains(&(*k, s.clone())))
                .map(|(_, _, l)| *l),
        );
        Ok(jobs.len())
    }
}

/// What the listings showed before and after a change, to tell which
/// listing pages must be rendered again.
struct Snapshot {
    /// Per language: the slugs of the news, newest first.
    news: Vec<Vec<String>>,
    /// Per language: (year, slugs) newest first.
    years: Vec<Vec<(i32, Vec<String>)>>,
    /// Every item's date, for the sitemap's lastmod.
    dates: Vec<Option<chrono::DateTime<chrono::FixedOffset>>>,
    item_count: usize,
    /// The item pages by (kind, slug, language), to find those that disappear.
    items: Vec<(ItemKind, String, usize)>,
}

impl Snapshot {
    fn of(site: &Site) -> Snapshot {
        let languages = site.config.languages.len();
        let slugs = |list: &[usize]| list.iter().map(|&i| site.items[i].slug.clone()).collect();
        Snapshot {
            news: (0..languages)
                .map(|l| slugs(&site.news_by_language[l]))
                .collect(),
            years: (0..languages)
                .map(|l| {
                    site.news_years(l)
                        .into_iter()
                        .map(|(year, list)| (year, slugs(&list)))
                        .collect()
                })
                .collect(),
            dates: site.items.iter().map(|i| i.date).collect(),
            item_count: site.items.len(),
            items: site
                .items
                .iter()
                .map(|i| (i.kind, i.slug.clone(), i.language))
                .collect(),
        }
    }

    /// The page files the site had: item pages and news list pages.
    fn page_files(&self, site: &Site, urls: &Urls) -> HashSet<String> {
        let code = |l: usize| site.config.languages[l].code.as_str();
        let mut files: HashSet<String> = self
            .items
            .iter()
            .map(|(kind, slug, l)| urls.file_of(&urls.item_by_slug(code(*l), *kind, slug)))
            .collect();
        for (l, news) in self.news.iter().enumerate() {
            let pages = news.len().div_ceil(site.config.news_per_page).max(1);
            files.extend((1..=pages).map(|p| urls.file_of(&urls.news(code(l), p))));
            for (year, _) in &self.years[l] {
                files.insert(urls.file_of(&urls.news_year(code(l), *year)));
            }
        }
        files
    }
}

/// Whether a page shows something a change touched.
fn affected(
    job: &Job,
    site: &Site,
    before: &Snapshot,
    after: &Snapshot,
    changed: &HashSet<(ItemKind, String)>,
) -> bool {
    let touches = |slugs: &[String]| {
        slugs
            .iter()
            .any(|s| changed.contains(&(ItemKind::News, s.clone())))
    };
    let window = |list: &Vec<String>, start: usize, len: usize| -> Vec<String> {
        list.iter().skip(start).take(len).cloned().collect()
    };
    let per_page = site.config.news_per_page;
    match *job {
        Job::Item(index) => {
            let item = &site.items[index];
            changed.contains(&(item.kind, item.slug.clone()))
        }
        Job::Home(l) => {
            let old = window(&before.news[l], 0, 6);
            let new = window(&after.news[l], 0, 6);
            old != new || touches(&new)
        }
        Job::NewsList(l, page) => {
            let start = (page - 1) * per_page;
            let old = window(&before.news[l], start, per_page);
            let new = window(&after.news[l], start, per_page);
            old != new
                || touches(&new)
                || before.news[l].len().div_ceil(per_page) != after.news[l].len().div_ceil(per_page)
        }
        Job::NewsYear(l, year) => {
            let find = |s: &Snapshot| {
                s.years[l]
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map(|(_, list)| list.clone())
                    .unwrap_or_default()
            };
            let (old, new) = (find(before), find(after));
            old != new || touches(&new) || before.years[l].len() != after.years[l].len()
        }
        Job::PartnerYear(_, y) => site.partner_years[y]
            .announced
            .as_ref()
            .is_some_and(|slug| changed.contains(&(ItemKind::News, slug.clone()))),
        Job::Partners(_) => site
            .newest_partner_year()
            .and_then(|y| y.announced.as_ref())
            .is_some_and(|slug| changed.contains(&(ItemKind::News, slug.clone()))),
        Job::Chooser | Job::NotFound | Job::MultiYear(_) | Job::Search(_) => false,
    }
}

/// The problems of a failed build, as a box over the page.
fn overlay_html(problems: &Diagnostics) -> String {
    let mut html = String::from(
        "<div id=\"cpsite-errors\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#fff;color:#000;border-top:4px solid #b00020;padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;z-index:2147483647;box-shadow:0 -2px 12px rgba(0,0,0,.3)\"><h2 style=\"margin:0 0 .5rem;color:#b00020;font-size:1.2rem\">The site did not build: the last good version is shown</h2><ul style=\"margin:0;padding-left:1.2rem\">",
    );
    for problem in problems.iter().filter(|p| p.is_error()) {
        html.push_str("<li><code>");
        html.push_str(&escape(&problem.location()));
        html.push_str("</code> ");
        html.push_str(&escape(&problem.message));
        if let Some(hint) = &problem.hint {
            html.push_str("<br><small>");
            html.push_str(&escape(hint));
            html.push_str("</small>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></div>");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Binds the listening socket, with a helpful message when the port is taken.
pub fn listen(bind: IpAddr, port: u16) -> Result<tiny_http::Server, ServeError> {
    let address = SocketAddr::new(bind, port);
    match TcpListener::bind(address) {
        Ok(listener) => tiny_http::Server::from_listener(listener, None)
            .map_err(|e| ServeError::Listen(address, e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(ServeError::PortInUse {
            bind,
            port,
            free: (port.saturating_add(1)..port.saturating_add(50))
                .find(|&p| TcpListener::bind(SocketAddr::new(bind, p)).is_ok()),
        }),
        Err(e) => Err(ServeError::Listen(address, e.to_string())),
    }
}

/// How long the sources must stay unchanged before the search index of an
/// incremental rebuild is made again.
const SEARCH_CATCH_UP: Duration = Duration::from_millis(700);

/// A running preview: the address it answers on, and the live site.
pub struct Preview {
    pub address: SocketAddr,
    pub live: LiveSite,
    watcher: watch::SourceWatcher,
}

impl Preview {
    /// Builds the site, starts answering on `options.bind:port` in the
    /// background, and starts watching the sources.
    pub fn start(options: &ServeOptions) -> Result<(Preview, Rebuild), ServeError> {
        let server = listen(options.bind, options.port)?;
        let address = server
            .server_addr()
            .to_ip()
            .unwrap_or_else(|| SocketAddr::new(options.bind, options.port));
        let watcher = watch::SourceWatcher::new(&options.build.root)
            .map_err(|e| ServeError::Watch(e.to_string()))?;
        let mut live = LiveSite::new(options.build.clone());
        let first = live.full_build();
        let served = Arc::clone(&live.served);
        std::thread::spawn(move || http::run(server, served));
        Ok((
            Preview {
                address,
                live,
                watcher,
            },
            first,
        ))
    }

    /// Waits for the next change, rebuilds and tells open pages to reload.
    /// `None` when watching has stopped.
    pub fn wait_for_change(&mut self) -> Option<(BTreeSet<PathBuf>, Rebuild)> {
        loop {
            // The search index catches up once the editor pauses, so quick
            // saves are never held up by it.
            let idle = (!self.live.stale_search.is_empty()).then_some(SEARCH_CATCH_UP);
            let changed = self.watcher.next_batch(idle)?;
            if changed.is_empty() {
                self.live.finish_pending();
                continue;
            }
            let rebuild = self.live.rebuild(&changed);
            self.live.served.reload();
            return Some((changed, rebuild));
        }
    }
}

impl LiveSite {
    /// Makes the search index of the languages an incremental rebuild
    /// touched again (old index files that are no longer made go away).
    pub fn finish_pending(&mut self) {
        let Some(prepared) = &self.prepared else {
            return;
        };
        let site = &prepared.site;
        let urls = Urls::new(&site.config.base_url);
        for language in std::mem::take(&mut self.stale_search) {
            let files = output::search::write_index(site, language, &urls, self.served.as_ref());
            let folder = urls.file_of(&urls.search(&site.config.languages[language].code));
            let folder = folder.trim_end_matches("index.html").to_string();
            let fresh: HashSet<&str> = files.paths.iter().map(String::as_str).collect();
            for old in self.served.paths() {
                let page = old.ends_with("/index.html");
                if old.starts_with(&folder) && !page && !fresh.contains(old.as_str()) {
                    self.served.remove(&old);
                }
            }
        }
    }

    /// Whether a vanished path could have been part of the site: anything
    /// outside the item folders, and there only the files (or folders of
    /// files) that items came from.
    fn was_source(&self, path: &std::path::Path) -> bool {
        let is_item_folder = path.starts_with("content/news") || path.starts_with("content/pages");
        if !is_item_folder {
            return true;
        }
        self.prepared
            .as_ref()
            .is_some_and(|p| p.site.items.iter().any(|i| i.source.starts_with(path)))
    }

    fn idle(&self) -> Rebuild {
        Rebuild {
            pages: 0,
            full: false,
            took: Duration::ZERO,
            problems: None,
        }
    }
}

/// Opens the preview in the desktop's browser, if there is one.
pub fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(command)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
