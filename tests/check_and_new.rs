//! `cpsite new` (scaffold::new_item) and `cpsite check` (check::check_output)
//! on fixture sites built in temporary folders.

use chrono::{DateTime, FixedOffset};
use cpsite::check::{check_output, CheckOptions, CheckProblem, CheckReport, ProblemKind};
use cpsite::scaffold::new_item;
use cpsite::site::ItemKind;
use cpsite::BuildOptions;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const SITE_YAML: &str = "\
title: { en: Check Test Site, tc: 檢查測試網站 }
base_url: https://example.org/
languages:
  - { code: en, lang: en, name: English }
  - { code: tc, lang: zh-HK, name: 繁體中文 }
  - { code: sc, lang: zh-CN, name: 简体中文, derive_from: tc }
";

fn write(root: &Path, relative: &str, text: impl AsRef<[u8]>) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "content/site.yaml", SITE_YAML);
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-05T01:02:00Z").expect("date")
}

/// Builds the site into `<root>/public` and returns that folder.
fn build(root: &Path, drafts: bool) -> PathBuf {
    let options = BuildOptions {
        drafts,
        now: Some(now()),
        ..BuildOptions::new(root)
    };
    match cpsite::build(&options) {
        Ok(report) => report.output,
        Err(e) => panic!("the fixture does not build:\n{}", e.diagnostics()),
    }
}

fn check(out: &Path) -> CheckReport {
    check_output(out, &CheckOptions::new("https://example.org/"))
}

fn describe(problems: &[CheckProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p} [{:?} target {:?}]\n", p.kind, p.target))
        .collect()
}

// ---------------------------------------------------------------------------
// new_item
// ---------------------------------------------------------------------------

#[test]
fn new_release_is_a_draft_in_each_written_language() {
    let dir = site(&[]);
    let root = dir.path();
    let created = new_item(root, ItemKind::News, "2026-03-05-new-funding", now()).expect("created");
    let en = root.join("content/news/2026-03-05-new-funding.en.md");
    let tc = root.join("content/news/2026-03-05-new-funding.tc.md");
    assert_eq!(created, vec![en.clone(), tc.clone()]);
    assert!(
        !root
            .join("content/news/2026-03-05-new-funding.sc.md")
            .exists(),
        "sc is derived from tc: no file for it"
    );
    let en_text = std::fs::read_to_string(&en).expect("en");
    assert!(
        en_text.starts_with("---\ntitle: New press release\n"),
        "{en_text}"
    );
    // 01:02 UTC is 09:02 in the site's time zone (+08:00 by default).
    assert!(en_text.contains("\ndate: 2026-03-05 09:02\n"), "{en_text}");
    assert!(en_text.contains("\ndraft: true\n"), "{en_text}");
    let tc_text = std::fs::read_to_string(&tc).expect("tc");
    assert!(tc_text.contains("title: 新聞公報標題\n"), "{tc_text}");
    assert!(tc_text.contains("\ndraft: true\n---\n"), "{tc_text}");

    // The files are valid: a draft is held back, and built with --drafts.
    let out = build(root, false);
    assert!(!out
        .join("en/news/2026-03-05-new-funding/index.html")
        .exists());
    let out = build(root, true);
    for code in ["en", "tc", "sc"] {
        let page = out.join(format!("{code}/news/2026-03-05-new-funding/index.html"));
        assert!(page.exists(), "{} missing", page.display());
    }
}

#[test]
fn new_page_has_title_and_summary_but_no_date() {
    let dir = site(&[]);
    let root = dir.path();
    let created = new_item(root, ItemKind::Page, "funding", now()).expect("created");
    assert_eq!(created.len(), 2);
    let en = std::fs::read_to_string(root.join("content/pages/funding.en.md")).expect("en");
    assert!(
        en.contains("title: New page\n") && en.contains("summary: "),
        "{en}"
    );
    assert!(!en.contains("date:") && !en.contains("draft:"), "{en}");
    let tc = std::fs::read_to_string(root.join("content/pages/funding.tc.md")).expect("tc");
    assert!(tc.contains("title: 新頁面標題\n"), "{tc}");
    let out = build(root, false);
    assert!(out.join("en/funding/index.html").exists());
    assert!(out.join("sc/funding/index.html").exists());
}

#[test]
fn new_item_refuses_to_overwrite_and_creates_nothing() {
    let dir = site(&[(
        "content/news/2021/annual-report.tc.md",
        "---\ntitle: 年報\ndate: 2021-01-01\n---\n舊內容\n",
    )]);
    let root = dir.path();
    let error = new_item(root, ItemKind::News, "annual-report", now()).expect_err("exists");
    let first = error.iter().next().expect("a diagnostic");
    assert_eq!(
        first.file.as_deref(),
        Some(Path::new("content/news/2021/annual-report.tc.md")),
        "{error}"
    );
    assert!(first.message.contains("already exists"), "{error}");
    assert!(
        !root.join("content/news/annual-report.en.md").exists(),
        "no file is created when one exists"
    );
    let old = std::fs::read_to_string(root.join("content/news/2021/annual-report.tc.md"))
        .expect("still there");
    assert!(old.contains("舊內容"));
}

#[test]
fn new_item_rejects_a_bad_slug_with_a_suggestion() {
    let dir = site(&[]);
    let error = new_item(dir.path(), ItemKind::News, "Bad_Slug", now()).expect_err("bad slug");
    let first = error.iter().next().expect("a diagnostic");
    assert!(first.message.contains("Bad_Slug"), "{error}");
    assert!(first.message.contains("uppercase"), "{error}");
    assert!(
        first.hint.as_deref().unwrap_or("").contains("bad-slug"),
        "{error}"
    );
    assert!(!dir.path().join("content/news").exists());

    let error = new_item(dir.path(), ItemKind::Page, "news", now()).expect_err("reserved");
    assert!(error.to_string().contains("news section"), "{error}");
}

#[test]
fn new_item_reports_an_invalid_site_yaml() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "content/site.yaml", "title: T\n");
    let error = new_item(dir.path(), ItemKind::News, "x", now()).expect_err("invalid config");
    assert!(error.has_errors());
    assert!(error.to_string().contains("site.yaml"), "{error}");
}

// ---------------------------------------------------------------------------
// check_output
// ---------------------------------------------------------------------------

/// A site whose pages link to each other, to headings and to a photo.
fn clean_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/news/2021-12-16-results.en.md",
            "---\ntitle: Results announced\ndate: 2021-12-16 18:30\n---\n\
             See [the main results](#main-results) and [our programme](/en/about/#how-to-apply).\n\n\
             ![Partners at the ceremony](/photo.png)\n\n## Main results\n\nText.\n",
        ),
        (
            "content/news/2021-12-16-results.tc.md",
            "---\ntitle: 成果公布\ndate: 2021-12-16 18:30\n---\n\
             請參閱[主要成果](#主要成果)。\n\n## 主要成果\n\n內容。\n",
        ),
        (
            "content/pages/about.en.md",
            "---\ntitle: About\n---\nRead the [latest release](../news/2021-12-16-results/).\n\n## How to apply\n\nText.\n",
        ),
        (
            "content/pages/about.tc.md",
            "---\ntitle: 關於我們\n---\n內容。\n",
        ),
        ("content/static/photo.png", "not really a png"),
        // Without a partner year the menu's Partners link leads nowhere.
        (
            "content/partners/2021.yaml",
            "year: 2021\nannounced: 2021-12-16-results\npartners:\n  - name: { en: Example Metal Limited, tc: 範例金屬有限公司 }\n    category: excellent\n    website: https://example.com\n",
        ),
    ]
}

#[test]
fn a_clean_site_has_no_problems() {
    let dir = site(&clean_files());
    let out = build(dir.path(), false);
    let report = check(&out);
    assert!(
        report.is_clean(),
        "unexpected problems:\n{}",
        describe(&report.problems)
    );
    assert!(report.pages > 10, "{report:?}");
    assert!(report.internal_links > 50, "{report:?}");
    assert_eq!(report.counts.total, 0);
    let json = serde_json::to_value(&report).expect("serialises");
    assert_eq!(json["counts"]["total"], 0);
    assert!(json["problems"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn broken_links_anchors_images_and_headings_are_reported() {
    let mut files = clean_files();
    files[0] = (
        "content/news/2021-12-16-results.en.md",
        "---\ntitle: Results announced\ndate: 2021-12-16 18:30\n---\n\
         Read [the old report](/en/nowhere/) and [the summary](#no-such-heading).\n\n\
         Also [how to apply](/en/about/#nope).\n\n\
         ![](/photo.png)\n\n# A second main heading\n\nText.\n",
    );
    let dir = site(&files);
    let out = build(dir.path(), false);
    let report = check(&out);
    let page = "en/news/2021-12-16-results/index.html";
    let on_page: Vec<&CheckProblem> = report.problems.iter().filter(|p| p.page == page).collect();
    let find = |kind: ProblemKind| -> &CheckProblem {
        on_page
            .iter()
            .copied()
            .find(|p| p.kind == kind)
            .unwrap_or_else(|| {
                panic!(
                    "no {kind:?} on {page}; found:\n{}",
                    describe(&report.problems)
                )
            })
    };

    let broken = find(ProblemKind::BrokenLink);
    assert_eq!(broken.target.as_deref(), Some("/en/nowhere/"));
    assert_eq!(broken.link_text.as_deref(), Some("the old report"));
    assert!(broken.message.contains("en/nowhere/index.html"), "{broken}");
    assert!(broken.line.is_some());

    let anchors: Vec<&CheckProblem> = on_page
        .iter()
        .copied()
        .filter(|p| p.kind == ProblemKind::BrokenAnchor)
        .collect();
    let targets: Vec<Option<&str>> = anchors.iter().map(|p| p.target.as_deref()).collect();
    assert_eq!(
        targets,
        [Some("#no-such-heading"), Some("/en/about/#nope")],
        "{}",
        describe(&report.problems)
    );
    assert_eq!(anchors[0].link_text.as_deref(), Some("the summary"));
    assert!(anchors[0].message.contains("this page"), "{}", anchors[0]);
    assert!(
        anchors[1].message.contains("en/about/index.html"),
        "{}",
        anchors[1]
    );

    let image = find(ProblemKind::EmptyAlt);
    assert_eq!(image.target.as_deref(), Some("/photo.png"));

    let headings = find(ProblemKind::SeveralH1);
    assert!(headings.message.contains("2 <h1>"), "{headings}");

    assert_eq!(
        on_page.len(),
        5,
        "exactly these five on the page:\n{}",
        describe(&report.problems)
    );
    assert_eq!(
        report.problems.len(),
        5,
        "nothing on other pages:\n{}",
        describe(&report.problems)
    );
    assert_eq!(report.counts.broken_links, 1);
    assert_eq!(report.counts.broken_anchors, 2);
    assert_eq!(report.counts.images_without_alt, 1);
    assert_eq!(report.counts.headings, 1);
    assert_eq!(report.counts.total, 5);

    let diagnostic = broken.to_diagnostic();
    assert_eq!(diagnostic.file.as_deref(), Some(Path::new(page)));
    assert!(diagnostic.to_string().contains("the old report"));

    let json = serde_json::to_value(&report).expect("serialises");
    assert_eq!(json["problems"][0]["page"], page);
    assert!(json["problems"]
        .as_array()
        .expect("array")
        .iter()
        .any(|p| p["kind"] == "broken_anchor"));
}

#[test]
fn missing_alt_attribute_and_missing_h1_are_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "index.html",
        "<!DOCTYPE html><html><body><main><p>No heading.</p>\
         <img src=\"logo.png\"><a href=\"logo.png\"><img src=\"logo.png\" alt=\"\"></a></main>\
         <footer><img src=\"logo.png\" alt=\"\"></footer></body></html>",
    );
    write(dir.path(), "logo.png", "png");
    let report = check(dir.path());
    let kinds: Vec<ProblemKind> = report.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ProblemKind::NoH1,
            ProblemKind::MissingAlt,
            ProblemKind::EmptyAlt
        ],
        "{}",
        describe(&report.problems)
    );
}

#[test]
fn links_under_a_base_path_are_resolved_inside_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "en/index.html",
        "<html><body><h1 id=\"top-heading\">T</h1>\
         <a href=\"/site/en/#top-heading\">ok</a>\
         <a href=\"https://example.org/site/en/\">ok</a>\
         <a href=\"/elsewhere/\">outside</a>\
         <a href=\"../../up\">above</a></body></html>",
    );
    let report = check_output(dir.path(), &CheckOptions::new("https://example.org/site/"));
    let targets: Vec<&str> = report
        .problems
        .iter()
        .filter_map(|p| p.target.as_deref())
        .collect();
    assert_eq!(
        targets,
        ["../../up", "/elsewhere/"],
        "{}",
        describe(&report.problems)
    );
    assert_eq!(report.internal_links, 4);
}

// ---------------------------------------------------------------------------
// External links, against a server on 127.0.0.1
// ---------------------------------------------------------------------------

/// A tiny HTTP server: `/ok` answers 200, anything else 404. It serves at
/// most `limit` connections and stops by itself after 60 s.
struct LocalServer {
    port: u16,
    requests: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LocalServer {
    fn start(limit: usize) -> LocalServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let requests = Arc::new(Mutex::new(HashMap::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (counted, stopping) = (requests.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut served = 0;
            while served < limit && Instant::now() < deadline && !stopping.load(Ordering::Relaxed) {
                let (mut stream, _) = match listener.accept() {
                    Ok(connection) => connection,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    }
                    Err(_) => break,
                };
                served += 1;
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let mut words = head.split_whitespace();
                let method = words.next().unwrap_or("").to_string();
                let path = words.next().unwrap_or("").to_string();
                *counted
                    .lock()
                    .expect("lock")
                    .entry(format!("{method} {path}"))
                    .or_default() += 1;
                let (status, body) = if path == "/ok" {
                    ("200 OK", "ok")
                } else {
                    ("404 Not Found", "gone")
                };
                let body = if method == "HEAD" { "" } else { body };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    if path == "/ok" { 2 } else { 4 }
                );
                let _ = stream.flush();
            }
        });
        LocalServer {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn count(&self, request: &str) -> usize {
        self.requests
            .lock()
            .expect("lock")
            .get(request)
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn external_links_are_checked_with_a_cache() {
    let server = LocalServer::start(50);
    // A port with nothing listening: bound, then released.
    let closed = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port();
    let dir = tempfile::tempdir().expect("temp dir");
    let site_dir = dir.path().join("public");
    write(
        &site_dir,
        "index.html",
        format!(
            "<html><body><h1>Links</h1>\n\
             <a href=\"http://127.0.0.1:{port}/ok#part\">fine</a>\n\
             <a href=\"http://127.0.0.1:{port}/ok\">fine again</a>\n\
             <a href=\"http://127.0.0.1:{port}/gone\">gone</a>\n\
             <a href=\"http://127.0.0.1:{closed}/\">closed</a>\n</body></html>",
            port = server.port
        ),
    );
    let cache = dir.path().join(".cpsite-link-cache.json");
    let options = CheckOptions {
        external: true,
        cache_file: Some(cache.clone()),
        retries: 1,
        timeout: Duration::from_secs(5),
        ..CheckOptions::new("https://example.org/")
    };

    // Off by default: nothing is asked.
    let report = check_output(&site_dir, &CheckOptions::new("https://example.org/"));
    assert!(report.is_clean(), "{}", describe(&report.problems));
    assert_eq!(report.external_links, 3);
    assert_eq!(server.count("HEAD /ok"), 0);

    let report = check_output(&site_dir, &options);
    let found: Vec<(&str, &str)> = report
        .problems
        .iter()
        .map(|p| {
            (
                p.link_text.as_deref().unwrap_or(""),
                p.target.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found.iter().map(|(text, _)| *text).collect::<Vec<_>>(),
        ["gone", "closed"],
        "{}",
        describe(&report.problems)
    );
    assert!(report
        .problems
        .iter()
        .all(|p| p.kind == ProblemKind::BrokenExternalLink));
    assert_eq!(report.problems[0].line, Some(4));
    assert!(
        report.problems[0].message.contains("404"),
        "{}",
        report.problems[0]
    );
    assert_eq!(report.counts.broken_external_links, 2);
    assert_eq!(server.count("HEAD /ok"), 1, "asked once for two links");
    assert_eq!(
        server.count("GET /gone"),
        1,
        "404 to HEAD is asked again with GET"
    );

    let cached = std::fs::read_to_string(&cache).expect("cache written");
    assert!(cached.contains(&format!("http://127.0.0.1:{}/ok", server.port)));
    assert!(
        !cached.contains("/gone"),
        "failures are not cached: {cached}"
    );

    // Second run: the good answer comes from the cache, the bad one is asked again.
    let report = check_output(&site_dir, &options);
    assert_eq!(report.external_from_cache, 1);
    assert_eq!(report.counts.broken_external_links, 2);
    assert_eq!(server.count("HEAD /ok"), 1);
    assert_eq!(server.count("HEAD /gone"), 2);
}

/// Times the check on a big built site: `CPSITE_CHECK_SITE=/dev/shm/c5
/// cargo test --release --test check_and_new -- --ignored --nocapture`.
#[test]
#[ignore]
fn time_check_on_a_big_site() {
    let Some(site) = std::env::var_os("CPSITE_CHECK_SITE") else {
        eprintln!("set CPSITE_CHECK_SITE to a built site folder");
        return;
    };
    let base = std::env::var("CPSITE_CHECK_BASE").unwrap_or("https://example.org/".into());
    for _ in 0..3 {
        let started = Instant::now();
        let report = check_output(Path::new(&site), &CheckOptions::new(base.clone()));
        eprintln!(
            "{} pages, {} files, {} internal links, {} external addresses: {} problems in {:.2} s",
            report.pages,
            report.files,
            report.internal_links,
            report.external_links,
            report.problems.len(),
            started.elapsed().as_secs_f64()
        );
        for problem in report.problems.iter().take(10) {
            eprintln!("  {problem}");
        }
    }
}
