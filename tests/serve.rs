//! `cpsite serve`: a real server on an ephemeral port over a fixture site,
//! files edited on disk, reload events read from the event stream, pages
//! fetched over HTTP.

mod common;

use common::*;
use cpsite::serve::{LiveSite, Preview, ServeOptions};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A plain HTTP/1.1 GET: (status, headers, body).
fn get(address: SocketAddr, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Opens the reload event stream; returns a reader positioned after the
/// response head.
fn events(address: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    write!(
        stream,
        "GET /__cpsite/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).expect("head");
        if line == ": connected\n" {
            return reader;
        }
    }
}

/// Waits for `event: reload`; returns how long it took.
fn wait_for_reload(reader: &mut BufReader<TcpStream>) -> Duration {
    let started = Instant::now();
    let mut line = String::new();
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .expect("an event before the timeout");
        assert!(n > 0, "the event stream closed");
        if line.trim() == "event: reload" {
            return started.elapsed();
        }
    }
}

fn start(root: &std::path::Path) -> SocketAddr {
    let options = ServeOptions {
        build: options(root),
        bind: "127.0.0.1".parse().expect("address"),
        port: 0,
        open: false,
    };
    let (mut preview, first) = Preview::start(&options).expect("the server starts");
    assert!(
        first.problems.as_ref().is_none_or(|p| !p.has_errors()),
        "{:?}",
        first.problems
    );
    let address = preview.address;
    std::thread::spawn(move || while preview.wait_for_change().is_some() {});
    address
}

#[test]
fn serves_pages_with_types_index_pages_and_the_sites_404() {
    let site = good_site();
    let address = start(site.path());
    let (status, head, body) = get(address, "/en/");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("<html lang=\"en\""));
    assert!(
        body.contains("/__cpsite/events"),
        "serve mode adds the reload script"
    );
    let (status, head, _) = get(address, "/style.css");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase()
            .contains("text/css; charset=utf-8"),
        "{head}"
    );
    let (status, head, _) = get(address, "/en/news");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /en/news/"), "{head}");
    let (status, _, body) = get(address, "/en/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found"),
        "the site's own 404 page: {body}"
    );
}

#[test]
fn no_path_outside_the_site_is_reachable() {
    let site = good_site();
    write_file(site.path(), "secret.txt", "secret");
    #[cfg(unix)]
    {
        std::fs::create_dir_all(site.path().join("content/static")).expect("folder");
        std::os::unix::fs::symlink(
            site.path().join("secret.txt"),
            site.path().join("content/static/link.txt"),
        )
        .expect("symlink");
    }
    let address = start(site.path());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/en/..%5c..%5csecret.txt",
        "/en/%5c..%5csecret.txt",
        "/..%2fsecret.txt",
        "/%ff",
    ] {
        let (status, _, body) = get(address, path);
        assert!(status == 400 || status == 404, "{path} answered {status}");
        assert!(!body.contains("secret"), "{path} leaked the file");
    }
    let (status, _, body) = get(address, "/link.txt");
    assert_eq!(
        status, 404,
        "a symlink pointing out of the site is not served"
    );
    assert!(!body.contains("secret"));
}

#[test]
fn an_edit_is_served_after_a_reload_event() {
    let site = good_site();
    let address = start(site.path());
    let mut stream = events(address);
    let file = format!("content/news/{MAIN}.en.md");
    edit_file(
        site.path(),
        &file,
        "title: Hong Kong and Guangdong strengthen co-operation in cleaner production",
        "title: An edited title",
    );
    let took = wait_for_reload(&mut stream);
    println!("save to reload event: {} ms", took.as_millis());
    let (_, _, body) = get(address, &format!("/en/news/{MAIN}/"));
    assert!(body.contains("An edited title"), "{body}");
    let (_, _, list) = get(address, "/en/news/");
    assert!(
        list.contains("An edited title"),
        "the listing shows the new title"
    );
    let (_, _, feed) = get(address, "/en/feed.xml");
    assert!(
        feed.contains("An edited title"),
        "the feed shows the new title"
    );
    // The search index follows once the editor pauses.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, chunk) = get(address, "/en/search/d0.json");
        if chunk.contains("An edited title") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the search index never caught up: {chunk}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn deleted_and_renamed_files_leave_no_stale_pages() {
    let site = good_site();
    let address = start(site.path());
    let mut stream = events(address);
    std::fs::remove_file(site.path().join("content/news/early-bird.tc.md")).expect("delete");
    wait_for_reload(&mut stream);
    assert_eq!(get(address, "/tc/news/early-bird/").0, 404);
    assert_eq!(get(address, "/en/news/early-bird/").0, 200);

    std::fs::rename(
        site.path().join("content/news/early-bird.en.md"),
        site.path().join("content/news/renamed-bird.en.md"),
    )
    .expect("rename");
    wait_for_reload(&mut stream);
    assert_eq!(get(address, "/en/news/early-bird/").0, 404);
    assert_eq!(get(address, "/en/news/renamed-bird/").0, 200);

    write_file(
        site.path(),
        "content/news/brand-new.en.md",
        release("A brand new release", "2022-01-05", "New text.\n"),
    );
    wait_for_reload(&mut stream);
    let (status, _, body) = get(address, "/en/news/brand-new/");
    assert_eq!(status, 200);
    assert!(body.contains("A brand new release"));
}

#[test]
fn a_broken_file_shows_an_overlay_and_fixing_it_recovers() {
    let site = good_site();
    let address = start(site.path());
    let mut stream = events(address);
    let file = format!("content/news/{MAIN}.en.md");
    let good = std::fs::read_to_string(site.path().join(&file)).expect("read");
    write_file(
        site.path(),
        &file,
        good.replace("date: 2021-12-16T18:30:00+08:00", "date: not a date"),
    );
    wait_for_reload(&mut stream);
    let (status, _, body) = get(address, &format!("/en/news/{MAIN}/"));
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("cpsite-errors"), "{body}");
    assert!(
        body.contains(&format!("content/news/{MAIN}.en.md:3")),
        "the overlay names file and line"
    );
    assert!(
        body.contains("Hong Kong and Guangdong strengthen"),
        "the last good content stays"
    );

    write_file(
        site.path(),
        &file,
        good.replace("cleaner production\n", "cleaner production, fixed\n"),
    );
    wait_for_reload(&mut stream);
    let (_, _, body) = get(address, &format!("/en/news/{MAIN}/"));
    assert!(!body.contains("cpsite-errors"), "the overlay is gone");
    assert!(body.contains("cleaner production, fixed"));
}

#[test]
fn a_port_in_use_is_refused_with_a_free_one_suggested() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port();
    let site = good_site();
    let options = ServeOptions {
        build: options(site.path()),
        bind: "127.0.0.1".parse().expect("address"),
        port,
        open: false,
    };
    let error = Preview::start(&options)
        .err()
        .expect("the port is taken")
        .to_string();
    assert!(error.contains("in use"), "{error}");
    assert!(error.contains("try --port"), "{error}");
}

/// An incremental rebuild must give exactly what a full build gives.
#[test]
fn incremental_rebuild_equals_a_full_build() {
    let site = good_site();
    let mut live = LiveSite::new(options(site.path()));
    let first = live.full_build();
    assert!(first.full);
    let file = format!("content/news/{MAIN}.tc.md");
    edit_file(
        site.path(),
        &file,
        "date: 2021-12-16T18:30:00+08:00",
        "date: 2020-01-02T09:00:00+08:00",
    );
    edit_file(
        site.path(),
        &file,
        "title: 粵港加強清潔生產合作",
        "title: 粵港加強清潔生產合作（更新）",
    );
    let changed: BTreeSet<PathBuf> = [PathBuf::from(&file)].into_iter().collect();
    let rebuild = live.rebuild(&changed);
    assert!(!rebuild.full, "one edited release is rebuilt incrementally");
    assert!(rebuild.problems.is_none(), "{:?}", rebuild.problems);
    live.finish_pending();

    let out = temp();
    let mut full = options(site.path());
    full.out = Some(out.path().join("public"));
    build_ok(&full);
    let built = snapshot(&out.path().join("public"));
    let served = live.served.paths();
    assert_eq!(
        served,
        built.keys().cloned().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &built {
        let served = live.served.file(path).expect("served");
        assert!(
            served.as_slice() == bytes.as_slice(),
            "{path} differs after the incremental rebuild"
        );
    }
}

#[test]
fn a_watched_folder_deleted_and_made_again_keeps_working() {
    let site = good_site();
    let address = start(site.path());
    let mut stream = events(address);
    let content = site.path().join("content");
    let aside = site.path().join("content-aside");
    std::fs::rename(&content, &aside).expect("move content/ away");
    wait_for_reload(&mut stream);
    let (status, _, body) = get(address, &format!("/en/news/{MAIN}/"));
    assert_eq!(status, 200, "the last good site is still served");
    assert!(
        body.contains("cpsite-errors"),
        "the missing site.yaml is reported"
    );

    std::fs::rename(&aside, &content).expect("bring content/ back");
    wait_for_reload(&mut stream);
    let (_, _, body) = get(address, &format!("/en/news/{MAIN}/"));
    assert!(
        !body.contains("cpsite-errors"),
        "recovered without a restart"
    );

    // The folder is watched again: an edit inside it is seen.
    edit_file(
        site.path(),
        &format!("content/news/{MAIN}.en.md"),
        "title: Hong Kong and Guangdong strengthen co-operation in cleaner production",
        "title: Seen after the folder came back",
    );
    wait_for_reload(&mut stream);
    let (_, _, body) = get(address, &format!("/en/news/{MAIN}/"));
    assert!(body.contains("Seen after the folder came back"), "{body}");
}

#[test]
fn a_template_error_keeps_the_server_up_and_is_shown() {
    let site = good_site();
    let address = start(site.path());
    let mut stream = events(address);
    write_file(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ item.title \n{% endblock main %}\n",
    );
    wait_for_reload(&mut stream);
    let (status, _, body) = get(address, "/en/");
    assert_eq!(status, 200);
    assert!(body.contains("templates/page.html:"), "{body}");
    std::fs::remove_file(site.path().join("templates/page.html")).expect("remove");
    wait_for_reload(&mut stream);
    let (_, _, body) = get(address, "/en/");
    assert!(!body.contains("cpsite-errors"));
}
