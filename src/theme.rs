//! Finding the theme: `themes/<name>/` in the site folder, else the default
//! theme built into cpsite; the site's own `templates/` overrides templates
//! of the same name.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::strings::I18nSource;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A template's text and where it came from (for messages).
pub struct TemplateSource {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

/// A file to copy into the output as it is.
pub enum StaticFile {
    /// A file on disk (absolute path).
    Disk(PathBuf),
    /// A file of the built-in theme.
    Embedded(&'static [u8]),
}

/// The theme's files, with the site's overrides applied.
pub struct Theme {
    pub templates: Vec<TemplateSource>,
    /// Path in the output → file.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Language code → interface strings file.
    pub i18n: BTreeMap<String, I18nSource>,
}

impl Theme {
    /// Loads theme `name` for the site folder `root`.
    pub fn load(root: &Path, name: &str, problems: &mut Diagnostics) -> Theme {
        let folder = Path::new("themes").join(name);
        let mut theme = if root.join(&folder).is_dir() {
            from_disk(root, &folder, problems)
        } else if name == "default" {
            built_in(&folder)
        } else {
            problems.push(
                Diagnostic::error(format!("the theme `{name}` does not exist"))
                    .in_file(crate::config::CONFIG_PATH)
                    .hint(format!(
                        "create themes/{name}/, or remove `theme:` from site.yaml to use the built-in default theme"
                    )),
            );
            built_in(Path::new("themes/default"))
        };
        let overrides = Path::new("templates");
        for source in read_folder(root, overrides, problems) {
            theme.templates.retain(|t| t.name != source.name);
            theme.templates.push(source);
        }
        theme.templates.sort_by(|a, b| a.name.cmp(&b.name));
        theme
    }
}

fn from_disk(root: &Path, folder: &Path, problems: &mut Diagnostics) -> Theme {
    let templates = read_folder(root, &folder.join("templates"), problems);
    let mut i18n = BTreeMap::new();
    for file in files_under(root, &folder.join("i18n")) {
        let Some(code) = file
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".yaml"))
            .map(str::to_string)
        else {
            continue;
        };
        match std::fs::read_to_string(root.join(&file)) {
            Ok(text) => {
                i18n.insert(code, I18nSource { path: file, text });
            }
            Err(e) => problems.push(
                Diagnostic::error(format!("cannot read the interface strings: {e}")).in_file(&file),
            ),
        }
    }
    let static_folder = folder.join("static");
    let static_files = files_under(root, &static_folder)
        .into_iter()
        .filter_map(|file| {
            let inside = file.strip_prefix(&static_folder).ok()?;
            Some((
                inside.to_string_lossy().replace('\\', "/"),
                StaticFile::Disk(root.join(&file)),
            ))
        })
        .collect();
    Theme {
        templates,
        static_files,
        i18n,
    }
}

fn built_in(folder: &Path) -> Theme {
    let mut theme = Theme {
        templates: Vec::new(),
        static_files: BTreeMap::new(),
        i18n: BTreeMap::new(),
    };
    for (path, bytes) in DEFAULT_THEME {
        let text = || String::from_utf8_lossy(bytes).into_owned();
        if let Some(name) = path.strip_prefix("templates/") {
            theme.templates.push(TemplateSource {
                name: name.to_string(),
                path: folder.join(path),
                text: text(),
            });
        } else if let Some(file) = path.strip_prefix("i18n/") {
            if let Some(code) = file.strip_suffix(".yaml") {
                theme.i18n.insert(
                    code.to_string(),
                    I18nSource {
                        path: folder.join(path),
                        text: text(),
                    },
                );
            }
        } else if let Some(file) = path.strip_prefix("static/") {
            theme
                .static_files
                .insert(file.to_string(), StaticFile::Embedded(bytes));
        }
    }
    theme
}

/// Templates (`*.html`, `*.xml`, `*.txt`) under `folder`, named by their
/// path inside it.
fn read_folder(root: &Path, folder: &Path, problems: &mut Diagnostics) -> Vec<TemplateSource> {
    let mut templates = Vec::new();
    for file in files_under(root, folder) {
        let Ok(inside) = file.strip_prefix(folder) else {
            continue;
        };
        let name = inside.to_string_lossy().replace('\\', "/");
        match std::fs::read(root.join(&file)).map(String::from_utf8) {
            Ok(Ok(text)) => templates.push(TemplateSource {
                name,
                path: file,
                text,
            }),
            Ok(Err(_)) => problems.push(
                Diagnostic::error("the template is not UTF-8 text")
                    .in_file(&file)
                    .hint("save it as UTF-8"),
            ),
            Err(e) => problems
                .push(Diagnostic::error(format!("cannot read the template: {e}")).in_file(&file)),
        }
    }
    templates
}

/// Files under `root/folder`, as paths relative to `root`, sorted.
fn files_under(root: &Path, folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(root.join(folder))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    files.sort();
    files
}
