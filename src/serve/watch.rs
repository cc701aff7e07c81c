//! Watching the site's sources: `content/`, `themes/`, `templates/` (each
//! recursively, and again when one is deleted and made anew), with changes
//! gathered into one batch per burst of saves.

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

/// Folders of a site folder that hold sources.
pub const WATCHED: [&str; 3] = ["content", "themes", "templates"];

/// How long a burst of events may pause before it counts as finished.
/// Editors that save by renaming (vim, VS Code) send several events within
/// a few milliseconds.
const QUIET: Duration = Duration::from_millis(15);

/// A watcher over one site folder.
pub struct SourceWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watching: BTreeSet<String>,
}

impl SourceWatcher {
    pub fn new(root: &Path) -> notify::Result<SourceWatcher> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        // The site folder itself, not recursively: to notice a source folder
        // that is deleted and created again.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut this = SourceWatcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watching: BTreeSet::new(),
        };
        this.watch_sources();
        Ok(this)
    }

    fn watch_sources(&mut self) {
        for folder in WATCHED {
            let path = self.root.join(folder);
            let exists = path.is_dir();
            let watched = self.watching.contains(folder);
            if exists && !watched {
                if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                    self.watching.insert(folder.to_string());
                }
            } else if !exists && watched {
                let _ = self.watcher.unwatch(&path);
                self.watching.remove(folder);
            }
        }
    }

    /// Waits for the next burst of changes and returns the changed paths,
    /// relative to the site folder. `None` when the watcher has stopped.
    /// With `idle`, returns an empty batch when nothing changes for that
    /// long.
    pub fn next_batch(&mut self, idle: Option<Duration>) -> Option<BTreeSet<PathBuf>> {
        let mut changed = BTreeSet::new();
        loop {
            let event = match (changed.is_empty(), idle) {
                (false, _) => self.events.recv_timeout(QUIET),
                (true, Some(idle)) => match self.events.recv_timeout(idle) {
                    Err(RecvTimeoutError::Timeout) => return Some(changed),
                    other => other,
                },
                (true, None) => self
                    .events
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            match event {
                Ok(Ok(event)) => {
                    if matches!(event.kind, notify::EventKind::Access(_)) {
                        continue;
                    }
                    for path in event.paths {
                        if let Some(relative) = self.relevant(&path) {
                            changed.insert(relative);
                        }
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        // A source folder may have been deleted or made anew.
        self.watch_sources();
        Some(changed)
    }

    /// The path relative to the site folder, if it is a source and not an
    /// editor's scratch file.
    fn relevant(&self, path: &Path) -> Option<PathBuf> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let first = relative.components().next()?.as_os_str().to_str()?;
        if !WATCHED.contains(&first) {
            return None;
        }
        let name = relative.file_name()?.to_string_lossy();
        let scratch = name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with(".tmp")
            || name == "4913";
        (!scratch).then(|| relative.to_path_buf())
    }
}
