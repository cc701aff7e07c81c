//! Where a link of a built page leads: a file of the site (and an anchor in
//! it), an address outside the site, or nothing to check (`mailto:`…).

use std::borrow::Cow;
use std::collections::HashSet;

/// The site's public address, split for comparing links with it.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// `example.org` (lowercase, with a port if the address has one).
    authority: String,
    /// `/` or `/folder/`.
    path: String,
}

impl Base {
    pub(crate) fn new(base_url: &str) -> Base {
        let base_url = base_url.trim();
        let (authority, path) = match split_scheme(base_url) {
            Some((_, rest)) => {
                let rest = rest.strip_prefix("//").unwrap_or(rest);
                let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
                (rest[..end].to_ascii_lowercase(), &rest[end..])
            }
            None => (String::new(), base_url),
        };
        let path = path.split(['?', '#']).next().unwrap_or("");
        let mut path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        if !path.ends_with('/') {
            path.push('/');
        }
        Base { authority, path }
    }

    pub(crate) fn path(&self) -> &str {
        &self.path
    }
}

/// What a link points to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A path inside the built site (no leading `/`, percent-decoded), and
    /// the decoded fragment if there is one.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// A root-relative or `..` link that leaves the site's folder.
    Outside(&'static str),
    /// An http(s) address elsewhere, without its fragment.
    External(String),
    /// `mailto:`, `tel:`, `data:`, `javascript:`, an empty link…
    Skip,
}

/// Classifies `url` as written on the page whose file is `page` (relative to
/// the site, e.g. `en/news/x/index.html`).
pub(crate) fn classify(url: &str, page: &str, base: &Base) -> Target {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace());
    if url.is_empty() {
        return Target::Skip;
    }
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let scheme_relative;
    let before_fragment = if before_fragment.starts_with("//") {
        scheme_relative = format!("https:{before_fragment}");
        scheme_relative.as_str()
    } else {
        before_fragment
    };
    let fragment = fragment
        .filter(|f| !f.is_empty())
        .map(|f| percent_decode(f).into_owned());

    let path = if let Some((scheme, rest)) = split_scheme(before_fragment) {
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return Target::Skip;
        }
        let Some(rest) = rest.strip_prefix("//") else {
            return Target::Skip;
        };
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = rest[..end].to_ascii_lowercase();
        let path = strip_query(&rest[end..]);
        let path = if path.is_empty() { "/" } else { path };
        match path_in_site(path, &base.path) {
            Some(inside) if authority == base.authority => inside,
            _ => return Target::External(before_fragment.to_string()),
        }
    } else {
        let path = strip_query(before_fragment);
        if path.starts_with('/') {
            match path_in_site(path, &base.path) {
                Some(inside) => inside,
                None => return Target::Outside("outside the site's folder"),
            }
        } else if path.is_empty() {
            // `#anchor` or `?query`: this page.
            return Target::Internal {
                path: page.to_string(),
                fragment,
            };
        } else {
            let folder = match page.rfind('/') {
                Some(slash) => &page[..=slash],
                None => "",
            };
            format!("{folder}{path}")
        }
    };
    match normalise(&path) {
        Some(path) => Target::Internal {
            path: percent_decode(&path).into_owned(),
            fragment,
        },
        None => Target::Outside("above the site's root folder"),
    }
}

/// The file a site path is served from: `en/` → `en/index.html`; a folder
/// named without its slash is accepted too (servers redirect it).
pub(crate) fn resolve<'a>(path: &str, files: &'a HashSet<String>) -> Option<&'a str> {
    let candidates: [Cow<str>; 2] = if path.is_empty() || path.ends_with('/') {
        [Cow::Owned(format!("{path}index.html")), Cow::Borrowed("")]
    } else {
        [
            Cow::Borrowed(path),
            Cow::Owned(format!("{path}/index.html")),
        ]
    };
    candidates
        .iter()
        .filter(|c| !c.is_empty())
        .find_map(|c| files.get(c.as_ref()).map(String::as_str))
}

/// The file a site path would be, for messages.
pub(crate) fn expected_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// `(scheme, rest)` when `url` starts with a scheme (`http:`, `mailto:`).
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        Some((scheme, &url[colon + 1..]))
    } else {
        None
    }
}

fn strip_query(path: &str) -> &str {
    path.split('?').next().unwrap_or("")
}

/// The part of a root-relative path under the site's base path.
fn path_in_site(path: &str, base_path: &str) -> Option<String> {
    if let Some(inside) = path.strip_prefix(base_path) {
        return Some(inside.to_string());
    }
    // `/folder` for a site at `/folder/`.
    (path == base_path.trim_end_matches('/')).then(String::new)
}

/// Resolves `.` and `..` segments; `None` when `..` climbs above the root.
fn normalise(path: &str) -> Option<String> {
    if !path.contains("./") && !path.ends_with("/.") && !path.ends_with("/..") && path != ".." {
        return Some(path.trim_start_matches('/').to_string());
    }
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let last = parts.len() - 1;
    let mut trailing_slash = false;
    for (index, part) in parts.iter().enumerate() {
        match *part {
            "." => trailing_slash = index == last,
            ".." => {
                segments.pop()?;
                trailing_slash = index == last;
            }
            other => {
                segments.push(other);
                trailing_slash = false;
            }
        }
    }
    let mut out = segments.join("/");
    if trailing_slash && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `%E4%B8%BB` → `主`; invalid escapes stay as written.
pub(crate) fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(high * 16 + low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Decodes the character references that generated HTML uses
/// (`&amp;`, `&#39;`, `&#x4E3B;`, `&nbsp;`…); unknown ones stay as written.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|i| i + 1)
            .unwrap_or(rest.len());
        let name = &rest[1..end];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name.strip_prefix('#').and_then(|number| {
                let value = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse().ok(),
                };
                value.and_then(char::from_u32)
            }),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn links_are_classified() {
        let base = Base::new("https://Example.org/");
        let page = "en/news/x/index.html";
        assert_eq!(classify("/en/", page, &base), internal("en/", None));
        assert_eq!(
            classify("https://example.org/en/feed.xml", page, &base),
            internal("en/feed.xml", None)
        );
        assert_eq!(
            classify("https://example.org", page, &base),
            internal("", None)
        );
        assert_eq!(
            classify("#%E4%B8%BB%E8%A6%81", page, &base),
            internal(page, Some("主要"))
        );
        assert_eq!(
            classify("../y/?q=1#top", page, &base),
            internal("en/news/y/", Some("top"))
        );
        assert_eq!(
            classify("../../../../x", page, &base),
            Target::Outside("above the site's root folder")
        );
        assert_eq!(
            classify("https://www.epd.gov.hk/a#b", page, &base),
            Target::External("https://www.epd.gov.hk/a".into())
        );
        assert_eq!(
            classify("//cdn.example.com/x.js", page, &base),
            Target::External("https://cdn.example.com/x.js".into())
        );
        assert_eq!(classify("mailto:a@b.c", page, &base), Target::Skip);
        assert_eq!(classify("", page, &base), Target::Skip);
    }

    #[test]
    fn base_path_is_respected() {
        let base = Base::new("https://example.org/site/");
        let page = "en/index.html";
        assert_eq!(classify("/site/en/", page, &base), internal("en/", None));
        assert_eq!(classify("/site", page, &base), internal("", None));
        assert_eq!(
            classify("/other/", page, &base),
            Target::Outside("outside the site's folder")
        );
        assert_eq!(
            classify("https://example.org/other/", page, &base),
            Target::External("https://example.org/other/".into())
        );
    }

    #[test]
    fn files_are_resolved() {
        let files: HashSet<String> = ["index.html", "en/index.html", "style.css"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(resolve("", &files), Some("index.html"));
        assert_eq!(resolve("en/", &files), Some("en/index.html"));
        assert_eq!(resolve("en", &files), Some("en/index.html"));
        assert_eq!(resolve("style.css", &files), Some("style.css"));
        assert_eq!(resolve("tc/", &files), None);
    }

    #[test]
    fn entities_and_escapes() {
        assert_eq!(
            decode_entities("a &amp; b&#39;s &#x4E3B; &bogus;"),
            "a & b's 主 &bogus;"
        );
        assert_eq!(percent_decode("a%20b%zz%"), "a b%zz%");
    }
}
