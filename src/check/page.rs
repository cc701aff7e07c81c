//! One pass over one built page with a streaming HTML tokenizer (lol_html):
//! its ids, its links with their text, and the problems that need no other
//! page (images without alt text, the number of `<h1>`).

use super::url::decode_entities;
use super::{CheckProblem, ProblemKind};
use lol_html::html_content::Element;
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// A link as written on a page.
#[derive(Debug)]
pub(crate) struct Link {
    /// `a`, `img`, `link`, `script`, `form`…
    pub element: String,
    /// The URL, entity-decoded.
    pub url: String,
    /// The text of an `<a>` (with the alt text of images inside it).
    pub text: Option<String>,
    pub line: usize,
}

/// What one page holds.
#[derive(Debug, Default)]
pub(crate) struct PageFacts {
    /// Every `id` (and `<a name>`), entity-decoded: targets of `#anchors`.
    pub ids: HashSet<String>,
    pub links: Vec<Link>,
    /// Image and heading problems.
    pub problems: Vec<CheckProblem>,
}

#[derive(Default)]
struct State {
    facts: PageFacts,
    /// Byte offsets of line ends, for line numbers.
    newlines: Vec<usize>,
    /// Lines of the `<h1>` elements.
    h1_lines: Vec<usize>,
    /// How many `<main>` elements are open.
    main_depth: usize,
    /// The `<a>` whose text is being collected, as an index into `links`.
    open_link: Option<usize>,
    page: String,
}

impl State {
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| n < offset) + 1
    }

    fn push_link(&mut self, element: &str, url: &str, line: usize, text: Option<String>) {
        self.facts.links.push(Link {
            element: element.to_string(),
            url: decode_entities(url).into_owned(),
            text,
            line,
        });
    }

    fn close_link(&mut self) {
        if let Some(index) = self.open_link.take() {
            let link = &mut self.facts.links[index];
            if let Some(text) = &link.text {
                link.text = Some(tidy_text(text));
            }
        }
    }

    fn on_element(&mut self, element: &Element) {
        let name = element.tag_name();
        let line = self.line_of(element.source_location().bytes().start);
        if let Some(id) = element.get_attribute("id") {
            self.facts.ids.insert(decode_entities(&id).into_owned());
        }
        match name.as_str() {
            "a" => {
                // An `<a>` never closed ends where the next one starts.
                self.close_link();
                if let Some(name) = element.get_attribute("name") {
                    self.facts.ids.insert(decode_entities(&name).into_owned());
                }
                if let Some(href) = element.get_attribute("href") {
                    self.push_link("a", &href, line, Some(String::new()));
                    self.open_link = Some(self.facts.links.len() - 1);
                }
            }
            "area" | "link" => {
                if let Some(href) = element.get_attribute("href") {
                    self.push_link(&name, &href, line, None);
                }
            }
            "h1" => self.h1_lines.push(line),
            "img" => self.on_image(element, line),
            "form" => {
                if let Some(action) = element.get_attribute("action") {
                    self.push_link("form", &action, line, None);
                }
            }
            "video" => {
                if let Some(poster) = element.get_attribute("poster") {
                    self.push_link("video", &poster, line, None);
                }
            }
            "object" => {
                if let Some(data) = element.get_attribute("data") {
                    self.push_link("object", &data, line, None);
                }
            }
            _ => {}
        }
        if let Some(src) = element.get_attribute("src") {
            self.push_link(&name, &src, line, None);
        }
        if matches!(name.as_str(), "img" | "source") {
            if let Some(srcset) = element.get_attribute("srcset") {
                for candidate in decode_entities(&srcset).split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        self.push_link(&name, url, line, None);
                    }
                }
            }
        }
    }

    fn on_image(&mut self, element: &Element, line: usize) {
        let src = element
            .get_attribute("src")
            .map(|s| decode_entities(&s).into_owned());
        let alt = element.get_attribute("alt");
        if let (Some(index), Some(alt)) = (self.open_link, &alt) {
            if let Some(text) = &mut self.facts.links[index].text {
                text.push(' ');
                text.push_str(alt);
            }
        }
        let decorative = element.get_attribute("role").is_some_and(|r| {
            r.eq_ignore_ascii_case("presentation") || r.eq_ignore_ascii_case("none")
        }) || element
            .get_attribute("aria-hidden")
            .is_some_and(|h| h.eq_ignore_ascii_case("true"));
        let problem = match &alt {
            None => Some((
                ProblemKind::MissingAlt,
                "the image has no alt attribute".to_string(),
            )),
            Some(alt) if alt.trim().is_empty() && self.main_depth > 0 && !decorative => Some((
                ProblemKind::EmptyAlt,
                "the image in the page's content has empty alt text".to_string(),
            )),
            _ => None,
        };
        if let Some((kind, message)) = problem {
            self.facts.problems.push(CheckProblem {
                page: self.page.clone(),
                line: Some(line),
                kind,
                element: Some("img".into()),
                link_text: None,
                target: src,
                message,
            });
        }
    }
}

/// Collapses white space, decodes entities and shortens link text.
fn tidy_text(text: &str) -> String {
    let decoded = decode_entities(text);
    let mut out = String::new();
    for word in decoded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    const LIMIT: usize = 80;
    if out.chars().count() > LIMIT {
        out = out.chars().take(LIMIT - 1).collect::<String>() + "…";
    }
    out
}

/// Reads one page; `page` is its path inside the site, for problems.
pub(crate) fn scan(page: &str, html: &[u8]) -> Result<PageFacts, String> {
    let state = Rc::new(RefCell::new(State {
        newlines: html
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .map(|(i, _)| i)
            .collect(),
        page: page.to_string(),
        ..State::default()
    }));
    {
        let on_element = state.clone();
        let on_text = state.clone();
        let settings = Settings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", move |el| {
                let mut state = on_element.borrow_mut();
                state.on_element(el);
                // An element written self-closing (`<a/>`) has no end tag:
                // then it holds nothing.
                let name = el.tag_name();
                if name == "main" {
                    let closing = on_element.clone();
                    let registered = el.on_end_tag(end_tag!(move |_| {
                        let mut state = closing.borrow_mut();
                        state.main_depth = state.main_depth.saturating_sub(1);
                        Ok(())
                    }));
                    if registered.is_ok() {
                        state.main_depth += 1;
                    }
                } else if name == "a" && state.open_link.is_some() {
                    let closing = on_element.clone();
                    let registered = el.on_end_tag(end_tag!(move |_| {
                        closing.borrow_mut().close_link();
                        Ok(())
                    }));
                    if registered.is_err() {
                        state.close_link();
                    }
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |chunk| {
                let mut state = on_text.borrow_mut();
                if let Some(index) = state.open_link {
                    if let Some(text) = &mut state.facts.links[index].text {
                        text.push_str(chunk.as_str());
                    }
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(html).map_err(|e| e.to_string())?;
        rewriter.end().map_err(|e| e.to_string())?;
    }
    let mut state = Rc::try_unwrap(state)
        .map_err(|_| "internal error: the page reader is still in use".to_string())?
        .into_inner();
    state.close_link();
    let h1 = &state.h1_lines;
    if h1.len() != 1 {
        let message = if h1.is_empty() {
            "the page has no <h1> heading: every page needs exactly one".to_string()
        } else {
            let lines: Vec<String> = h1.iter().map(|l| l.to_string()).collect();
            format!(
                "the page has {} <h1> headings (lines {}): every page needs exactly one; use ## for headings inside the text",
                h1.len(),
                lines.join(", ")
            )
        };
        state.facts.problems.push(CheckProblem {
            page: state.page.clone(),
            line: h1.get(1).copied(),
            kind: if h1.is_empty() {
                ProblemKind::NoH1
            } else {
                ProblemKind::SeveralH1
            },
            element: Some("h1".into()),
            link_text: None,
            target: None,
            message,
        });
    }
    Ok(state.facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_links_ids_images_and_headings() {
        let html = br#"<!DOCTYPE html><html><body>
<a href="/en/">Home &amp; <b>more</b></a>
<main id="main"><h1>Title</h1>
<h2 id="&#x4E3B;">x</h2>
<p><img src="a.png"> <img src="b.png" alt=""> <img src="c.png" alt="" role="presentation"></p>
<a href="x/"><img src="d.png" alt="Logo"></a>
<h1>Second</h1>
</main>
<img src="e.png" alt="">
</body></html>"#;
        let facts = scan("en/index.html", html).expect("parses");
        assert!(facts.ids.contains("main") && facts.ids.contains("主"));
        let a: Vec<(&str, Option<&str>)> = facts
            .links
            .iter()
            .filter(|l| l.element == "a")
            .map(|l| (l.url.as_str(), l.text.as_deref()))
            .collect();
        assert_eq!(a, [("/en/", Some("Home & more")), ("x/", Some("Logo"))]);
        let kinds: Vec<(ProblemKind, Option<usize>)> =
            facts.problems.iter().map(|p| (p.kind, p.line)).collect();
        assert_eq!(
            kinds,
            [
                (ProblemKind::MissingAlt, Some(5)),
                (ProblemKind::EmptyAlt, Some(5)),
                (ProblemKind::SeveralH1, Some(7)),
            ]
        );
    }
}
