//! Writing the site: every file goes into a fresh folder beside the output,
//! which replaces the output only when the whole build succeeded. A failed
//! build leaves the previous site exactly as it was.

pub mod data;
pub mod feeds;
pub mod search;
pub mod sitemap;

use crate::diagnostics::Diagnostic;
use crate::render::urls::Urls;
use crate::site::Site;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Writes the files made from the listings rather than from templates:
/// each language's feeds, the sitemap and robots.txt. Returns how many
/// files there were and the problems of those that could not be written.
pub fn write_listings(site: &Site, urls: &Urls, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let put = |path: &str, bytes: &[u8]| sink.put(path, bytes).err();
    let (feeds, (sitemaps, mut failures)) = rayon::join(
        || {
            (0..site.config.languages.len())
                .into_par_iter()
                .flat_map_iter(|language| {
                    let code = &site.config.languages[language].code;
                    [
                        put(
                            &format!("{code}/feed.xml"),
                            feeds::atom(site, urls, language).as_bytes(),
                        ),
                        put(
                            &format!("{code}/rss.xml"),
                            feeds::rss(site, urls, language).as_bytes(),
                        ),
                    ]
                })
                .collect::<Vec<_>>()
        },
        || {
            let (mut count, mut failures) = (0, Vec::new());
            sitemap::each_sitemap(site, urls, sitemap::MAX_URLS, |path, xml| {
                count += 1;
                failures.extend(put(&path, xml.as_bytes()));
            });
            (count, failures)
        },
    );
    let count = feeds.len() + sitemaps + 1;
    failures.extend(feeds.into_iter().flatten());
    failures.extend(put("robots.txt", sitemap::robots(urls).as_bytes()));
    (count, failures)
}

/// Where rendered files go. Paths are relative to the output folder, with `/`.
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
}

/// A build's output folder in the making.
pub struct Staging {
    /// The folder that will become the output.
    dir: PathBuf,
    /// The output folder to replace.
    target: PathBuf,
    /// Bytes written, for the summary.
    written: Mutex<u64>,
    /// Folders made so far (relative to `dir`): a page's folder is made
    /// once, not asked for again with every file put in it.
    folders: Mutex<rustc_hash::FxHashSet<String>>,
}

impl Staging {
    /// Prepares a fresh folder next to `target`.
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = absolute(target);
        refuse_dangerous_target(&target)?;
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostic::error(format!("cannot create {}: {e}", parent.display()))
                .hint("check that the output folder's parent can be written")
        })?;
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir(&dir).map_err(|e| {
            Diagnostic::error(format!("cannot create {}: {e}", dir.display()))
                .hint("check that the output folder's parent can be written")
        })?;
        Ok(Staging {
            dir,
            target,
            written: Mutex::new(0),
            folders: Mutex::default(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn bytes_written(&self) -> u64 {
        self.written.lock().map(|w| *w).unwrap_or(0)
    }

    /// Copies a file from disk into the output.
    pub fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| {
            Diagnostic::error(format!("cannot read: {e}"))
                .in_file(from)
                .hint("check the file's permissions")
        })?;
        self.put(path, &bytes)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let failure = |e: std::io::Error| {
            Diagnostic::error(format!("cannot replace {}: {e}", self.target.display()))
                .hint("check that nothing holds the output folder open and that it can be written")
        };
        if self.target.exists() {
            let old = self.dir.with_extension("old");
            std::fs::rename(&self.target, &old).map_err(failure)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                // Put the previous site back before reporting.
                let _ = std::fs::rename(&old, &self.target);
                return Err(failure(e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&self.dir, &self.target).map_err(failure)?;
        }
        Ok(())
    }

    /// Throws the unfinished folder away.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let file = self.dir.join(path);
        let failure = |e: std::io::Error| {
            Diagnostic::error(format!("cannot write {path}: {e}"))
                .hint("check the free space and permissions of the output folder")
        };
        if let Some((folder, _)) = path.rsplit_once('/') {
            let made = self.folders.lock().is_ok_and(|f| f.contains(folder));
            if !made {
                std::fs::create_dir_all(self.dir.join(folder)).map_err(failure)?;
                if let Ok(mut folders) = self.folders.lock() {
                    folders.insert(folder.to_string());
                }
            }
        }
        // The whole file is in memory: one write, no buffer to copy it through.
        let mut out = std::fs::File::create(&file).map_err(failure)?;
        out.write_all(bytes).map_err(failure)?;
        if let Ok(mut written) = self.written.lock() {
            *written += bytes.len() as u64;
        }
        Ok(())
    }
}

/// The path made absolute, with `.` parts dropped (`public/.` is `public`),
/// so its parent and name are the real ones.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    joined.components().collect()
}

/// The output folder is replaced wholesale, so it must never be a folder
/// that holds anything else: the site itself, a home folder, the root.
fn refuse_dangerous_target(target: &Path) -> Result<(), Diagnostic> {
    let looks_like_source = target.join("content").join("site.yaml").exists()
        || target.join(".git").exists()
        || target.join("Cargo.toml").exists()
        || target.parent().is_none();
    if looks_like_source {
        return Err(Diagnostic::error(format!(
            "{} holds a site, a repository or a project, and the output folder is replaced by every build",
            target.display()
        ))
        .hint("choose an output folder of its own, e.g. --out public"));
    }
    Ok(())
}
