//! Save-to-reload time of `cpsite serve`: starts the preview on a site,
//! edits one press release on disk again and again, and measures the time
//! from the save to the reload event an open page receives.
//!
//! `cargo bench --bench reload -- <site folder> [rounds]` (it edits the
//! first English release of the site: use a copy, e.g. of a generated corpus).

use cpsite::serve::{Preview, ServeOptions};
use cpsite::BuildOptions;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

// The allocator and its settings are the binary's: `serve` runs on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    cpsite::memory::keep_freed_memory();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: reload <site folder> [rounds]");
        return;
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(10);
    let options = ServeOptions {
        build: BuildOptions::new(&root),
        bind: "127.0.0.1".parse().expect("address"),
        port: 0,
        open: false,
    };
    let (mut preview, first) = Preview::start(&options).expect("the preview starts");
    println!(
        "first build: {} pages in {} ms",
        first.pages,
        first.took.as_millis()
    );
    let address = preview.address;
    std::thread::spawn(move || while preview.wait_for_change().is_some() {});

    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET /__cpsite/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("send");
    let mut events = BufReader::new(stream);
    let mut line = String::new();
    while line != ": connected\n" {
        line.clear();
        events.read_line(&mut line).expect("event stream");
    }

    let news = root.join("content").join("news");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&news)
        .expect("content/news")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".en.md"))
        .collect();
    files.sort();
    let file = files.first().expect("an English release").clone();
    let original = std::fs::read_to_string(&file).expect("read");
    let mut times = Vec::new();
    for round in 0..rounds {
        std::thread::sleep(Duration::from_millis(300));
        let edited = original.replacen("\n---\n", &format!("\n---\nEdited {round}.\n\n"), 1);
        let saved = Instant::now();
        std::fs::write(&file, edited).expect("write");
        loop {
            line.clear();
            events.read_line(&mut line).expect("a reload event");
            if line.trim() == "event: reload" {
                break;
            }
        }
        times.push(saved.elapsed());
    }
    std::fs::write(&file, original).expect("restore");
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "save to reload event over {rounds} edits of {}: median {} ms, min {} ms, max {} ms",
        file.display(),
        median.as_millis(),
        times[0].as_millis(),
        times[times.len() - 1].as_millis()
    );
}
