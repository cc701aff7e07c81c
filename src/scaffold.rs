//! `cpsite new`: the files of a new press release or standing page, one per
//! language that editors write, with front matter to fill in.
//!
//! A new press release is a draft (`draft: true`), so nothing is published
//! by accident: the editor removes the line when the text is approved.

use crate::config::{Config, Language};
use crate::content::{check_slug, suggest_slug};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::ItemKind;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Creates `content/<news|pages>/<slug>.<code>.md` for every language of the
/// site at `root` that is not derived, and returns their paths (`root`
/// joined with the path inside the site).
///
/// News get `title`, `date` (`now` in the site's time zone, `YYYY-MM-DD HH:MM`)
/// and `draft: true`; pages get `title` and `summary`. Placeholders are in
/// the file's language. Nothing is created when the site settings are
/// invalid, the slug breaks the rules, or any file for this slug already
/// exists in any language (also in a sub-folder): the error names it.
pub fn new_item(
    root: &Path,
    kind: ItemKind,
    slug: &str,
    now: DateTime<FixedOffset>,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let config = Config::load(root)?;
    let folder = Path::new("content").join(kind.folder());
    let written: Vec<&Language> = config
        .languages
        .iter()
        .filter(|l| l.derive_from.is_none())
        .collect();
    let first_code = written
        .first()
        .map(|l| l.code.as_str())
        .unwrap_or("en")
        .to_string();

    if let Err(why) = check_slug(slug) {
        return Err(Diagnostics::from(
            Diagnostic::error(format!("the name `{slug}` {why}"))
                .in_file(folder.join(format!("{slug}.{first_code}.md")))
                .hint(format!(
                "use e.g. `{}`: lowercase a-z, digits and hyphens only, as it becomes the address",
                suggest_slug(slug)
            )),
        ));
    }
    if kind == ItemKind::Page && crate::content::RESERVED_PAGE_SLUGS.contains(&slug) {
        return Err(Diagnostics::from(Diagnostic::error(format!(
            "a standing page cannot be called `{slug}`: that address belongs to the site's {slug} section"
        ))
        .in_file(folder.join(format!("{slug}.{first_code}.md")))
        .hint("choose another name")));
    }

    let existing = existing_files(root, &folder, slug, &config);
    if !existing.is_empty() {
        let mut problems = Diagnostics::new();
        for path in existing {
            problems.push(
                Diagnostic::error(format!("`{slug}` already exists: nothing was created"))
                    .in_file(path)
                    .hint("edit the existing file, or choose another name"),
            );
        }
        return Err(problems);
    }

    let local = now.with_timezone(&config.time_zone);
    let date = local.format("%Y-%m-%d %H:%M").to_string();
    let planned: Vec<(PathBuf, String)> = written
        .iter()
        .map(|language| {
            let relative = folder.join(format!("{slug}.{}.md", language.code));
            (relative, front_matter(kind, language, &date))
        })
        .collect();

    let absolute_folder = root.join(&folder);
    std::fs::create_dir_all(&absolute_folder).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot create the folder: {e}")).in_file(&folder),
        )
    })?;
    let mut created = Vec::new();
    for (relative, text) in &planned {
        let path = root.join(relative);
        // `create_new` so a file appearing meanwhile is never overwritten.
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
        if let Err(e) = result {
            // Leave nothing half made.
            for done in &created {
                let _ = std::fs::remove_file(done);
            }
            return Err(Diagnostics::from(
                Diagnostic::error(format!("cannot create the file: {e}")).in_file(relative),
            ));
        }
        created.push(path);
    }
    Ok(created)
}

/// Every `<slug>.<code>.md` of the site's languages (derived ones included,
/// as they may be written by hand) under `content/<folder>/`, relative to
/// `root`, sorted.
fn existing_files(root: &Path, folder: &Path, slug: &str, config: &Config) -> Vec<PathBuf> {
    let names: Vec<String> = config
        .languages
        .iter()
        .map(|l| format!("{slug}.{}.md", l.code))
        .collect();
    let mut found: Vec<PathBuf> = WalkDir::new(root.join(folder))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            names.iter().any(|n| *n == name)
        })
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap_or(e.path())
                .to_path_buf()
        })
        .collect();
    found.sort();
    found
}

/// Which placeholder texts a language gets.
#[derive(Clone, Copy)]
enum Script {
    English,
    Traditional,
    Simplified,
}

fn script_of(language: &Language) -> Script {
    let lang = language.lang.to_ascii_lowercase();
    if !lang.starts_with("zh") {
        Script::English
    } else if lang.contains("hans") || lang.ends_with("-cn") || lang.ends_with("-sg") {
        Script::Simplified
    } else {
        Script::Traditional
    }
}

fn front_matter(kind: ItemKind, language: &Language, date: &str) -> String {
    let script = script_of(language);
    match kind {
        ItemKind::News => {
            let (title, body) = match script {
                Script::English => ("New press release", "Write the press release here."),
                Script::Traditional => ("新聞公報標題", "在此撰寫新聞公報內容。"),
                Script::Simplified => ("新闻公报标题", "在此撰写新闻公报内容。"),
            };
            format!("---\ntitle: {title}\ndate: {date}\ndraft: true\n---\n{body}\n")
        }
        ItemKind::Page => {
            let (title, summary, body) = match script {
                Script::English => (
                    "New page",
                    "One sentence saying what this page is about.",
                    "Write the page here.",
                ),
                Script::Traditional => ("新頁面標題", "用一句話介紹本頁。", "在此撰寫本頁內容。"),
                Script::Simplified => ("新页面标题", "用一句话介绍本页。", "在此撰写本页内容。"),
            };
            format!("---\ntitle: {title}\nsummary: {summary}\n---\n{body}\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn language(code: &str, lang: &str) -> Language {
        Language {
            code: code.into(),
            lang: lang.into(),
            name: code.into(),
            derive_from: None,
        }
    }

    #[test]
    fn placeholders_follow_the_script() {
        let en = front_matter(ItemKind::News, &language("en", "en"), "2026-01-02 03:04");
        assert_eq!(
            en,
            "---\ntitle: New press release\ndate: 2026-01-02 03:04\ndraft: true\n---\nWrite the press release here.\n"
        );
        let tc = front_matter(ItemKind::Page, &language("tc", "zh-HK"), "");
        assert!(tc.contains("title: 新頁面標題\n") && !tc.contains("date:"));
        let sc = front_matter(ItemKind::News, &language("sc", "zh-CN"), "x");
        assert!(sc.contains("新闻公报标题"));
    }
}
