//! Every address of the site in one place: what a page links to and the
//! file it is written to come from the same function.

use crate::site::{Item, ItemKind};

/// Builds addresses from the base URL (which may have a path, for sites
/// published under a folder).
#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://host`, without the path.
    origin: String,
    /// `/` or `/folder/`.
    base_path: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let after_scheme = base_url.find("://").map(|i| i + 3).unwrap_or(0);
        let path_start = base_url[after_scheme..]
            .find('/')
            .map(|i| i + after_scheme)
            .unwrap_or(base_url.len());
        let mut base_path = base_url[path_start..].to_string();
        if !base_path.ends_with('/') {
            base_path.push('/');
        }
        Urls {
            origin: base_url[..path_start].to_string(),
            base_path,
        }
    }

    /// A site address (starting with the base path) made absolute.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{}", self.origin, url)
    }

    pub fn chooser(&self) -> String {
        self.base_path.clone()
    }

    pub fn home(&self, code: &str) -> String {
        format!("{}{code}/", self.base_path)
    }

    pub fn news(&self, code: &str, page: usize) -> String {
        if page <= 1 {
            format!("{}{code}/news/", self.base_path)
        } else {
            format!("{}{code}/news/page/{page}/", self.base_path)
        }
    }

    pub fn news_year(&self, code: &str, year: i32) -> String {
        format!("{}{code}/news/{year}/", self.base_path)
    }

    pub fn item(&self, code: &str, item: &Item) -> String {
        self.item_by_slug(code, item.kind, &item.slug)
    }

    pub fn item_by_slug(&self, code: &str, kind: ItemKind, slug: &str) -> String {
        match kind {
            ItemKind::News => format!("{}{code}/news/{slug}/", self.base_path),
            ItemKind::Page => format!("{}{code}/{slug}/", self.base_path),
        }
    }

    pub fn partners(&self, code: &str) -> String {
        format!("{}{code}/partners/", self.base_path)
    }

    pub fn partner_year(&self, code: &str, year: i32) -> String {
        format!("{}{code}/partners/{year}/", self.base_path)
    }

    pub fn multi_year(&self, code: &str) -> String {
        format!("{}{code}/partners/multi-year/", self.base_path)
    }

    pub fn partner_data(&self, code: &str, year: i32, extension: &str) -> String {
        format!("{}{code}/partners/{year}.{extension}", self.base_path)
    }

    pub fn search(&self, code: &str) -> String {
        format!("{}{code}/search/", self.base_path)
    }

    pub fn atom(&self, code: &str) -> String {
        format!("{}{code}/feed.xml", self.base_path)
    }

    pub fn rss(&self, code: &str) -> String {
        format!("{}{code}/rss.xml", self.base_path)
    }

    /// A file of the theme or of content/static.
    pub fn asset(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The output file of a site address: `/en/news/` → `en/news/index.html`.
    pub fn file_of(&self, url: &str) -> String {
        let inside = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url.trim_start_matches('/'));
        if inside.is_empty() || inside.ends_with('/') {
            format!("{inside}index.html")
        } else {
            inside.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_kept() {
        let urls = Urls::new("https://example.org/site/");
        assert_eq!(urls.home("en"), "/site/en/");
        assert_eq!(
            urls.absolute(&urls.home("en")),
            "https://example.org/site/en/"
        );
        assert_eq!(
            urls.file_of("/site/en/news/page/2/"),
            "en/news/page/2/index.html"
        );
        assert_eq!(urls.file_of("/site/"), "index.html");
        let root = Urls::new("https://example.org/");
        assert_eq!(root.file_of("/en/feed.xml"), "en/feed.xml");
    }
}
