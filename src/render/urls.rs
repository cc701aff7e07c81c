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

// Addresses are joined with `concat`, not `format!`: a build makes
// hundreds of thousands of them, and formatting costs several times more.
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
        [&self.origin, url].concat()
    }

    pub fn chooser(&self) -> String {
        self.base_path.clone()
    }

    pub fn home(&self, code: &str) -> String {
        [&self.base_path, code, "/"].concat()
    }

    pub fn news(&self, code: &str, page: usize) -> String {
        if page <= 1 {
            [&self.base_path, code, "/news/"].concat()
        } else {
            [&self.base_path, code, "/news/page/", &page.to_string(), "/"].concat()
        }
    }

    pub fn news_year(&self, code: &str, year: i32) -> String {
        [&self.base_path, code, "/news/", &year.to_string(), "/"].concat()
    }

    pub fn item(&self, code: &str, item: &Item) -> String {
        self.item_by_slug(code, item.kind, &item.slug)
    }

    pub fn item_by_slug(&self, code: &str, kind: ItemKind, slug: &str) -> String {
        match kind {
            ItemKind::News => [&self.base_path, code, "/news/", slug, "/"].concat(),
            ItemKind::Page => [&self.base_path, code, "/", slug, "/"].concat(),
        }
    }

    pub fn partners(&self, code: &str) -> String {
        [&self.base_path, code, "/partners/"].concat()
    }

    pub fn partner_year(&self, code: &str, year: i32) -> String {
        [&self.base_path, code, "/partners/", &year.to_string(), "/"].concat()
    }

    pub fn multi_year(&self, code: &str) -> String {
        [&self.base_path, code, "/partners/multi-year/"].concat()
    }

    pub fn partner_data(&self, code: &str, year: i32, extension: &str) -> String {
        [
            &self.base_path,
            code,
            "/partners/",
            &year.to_string(),
            ".",
            extension,
        ]
        .concat()
    }

    pub fn search(&self, code: &str) -> String {
        [&self.base_path, code, "/search/"].concat()
    }

    pub fn atom(&self, code: &str) -> String {
        [&self.base_path, code, "/feed.xml"].concat()
    }

    pub fn rss(&self, code: &str) -> String {
        [&self.base_path, code, "/rss.xml"].concat()
    }

    /// A file of the theme or of content/static.
    pub fn asset(&self, path: &str) -> String {
        [&self.base_path, path].concat()
    }

    /// The output file of a site address: `/en/news/` → `en/news/index.html`.
    pub fn file_of(&self, url: &str) -> String {
        let inside = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url.trim_start_matches('/'));
        if inside.is_empty() || inside.ends_with('/') {
            [inside, "index.html"].concat()
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
