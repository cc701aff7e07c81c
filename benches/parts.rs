//! Where a build's time goes: each part of a build run alone, with both
//! cores to itself, in a fresh process that first reads the site (timed
//! only as the part "read and model").
//!
//! `cargo bench --bench parts -- <site folder> <output folder> [runs]`
//!
//! The parts: reading the site into its model (and compiling the
//! templates), the pages (views and Tera, written to files), the search
//! index of every language, and the feeds and sitemaps; then the whole
//! build as `cpsite build` runs it, where the last three share the cores.
//! Each part writes real files into a fresh folder under the output
//! folder, as a build does; removing them is not timed. For each part it
//! prints the median wall time and CPU time (user and system) over the
//! runs, so that a part's cost can be set against the floor's
//! (`benches/floor.rs`).

use cpsite::diagnostics::Diagnostics;
use cpsite::output::{self, Staging};
use cpsite::render::urls::Urls;
use cpsite::BuildOptions;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The allocator and its settings are the binary's: part of a build's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What one part cost once: wall time, and CPU time of both cores.
#[derive(Clone, Copy)]
struct Cost {
    wall: Duration,
    user: Duration,
    system: Duration,
}

/// The parts, in the order they are printed.
const PARTS: [&str; 5] = [
    "read and model",
    "pages",
    "search indexes",
    "feeds and sitemaps",
    "whole build",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() < 2 {
        eprintln!("usage: parts <site folder> <output folder> [runs]");
        std::process::exit(2);
    }
    let root = PathBuf::from(&args[0]);
    let out = PathBuf::from(&args[1]);
    if let Some(part) = args.get(3).filter(|_| args[2] == "--part") {
        let cost = run_part(&root, &out, part);
        println!(
            "{} {} {}",
            cost.wall.as_nanos(),
            cost.user.as_nanos(),
            cost.system.as_nanos()
        );
        return;
    }
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let me = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("parts"));
    let mut costs: Vec<Vec<Cost>> = vec![Vec::new(); PARTS.len()];
    for _ in 0..runs {
        for (part, costs) in PARTS.iter().zip(&mut costs) {
            // Each part in a process of its own, as a build starts cold.
            let child = std::process::Command::new(&me)
                .args([&args[0], &args[1], "--part", part])
                .output();
            let text = match child {
                Ok(child) if child.status.success() => {
                    String::from_utf8_lossy(&child.stdout).into_owned()
                }
                Ok(child) => {
                    eprintln!("{part}: {}", String::from_utf8_lossy(&child.stderr));
                    std::process::exit(1);
                }
                Err(e) => {
                    eprintln!("cannot run {}: {e}", me.display());
                    std::process::exit(1);
                }
            };
            let numbers: Vec<u64> = text
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            let [wall, user, system] = numbers[..] else {
                eprintln!("{part}: expected three numbers, got {text:?}");
                std::process::exit(1);
            };
            costs.push(Cost {
                wall: Duration::from_nanos(wall),
                user: Duration::from_nanos(user),
                system: Duration::from_nanos(system),
            });
        }
    }

    println!(
        "each part alone in a fresh process, medians of {runs} run{}; user and system time of both cores",
        if runs == 1 { "" } else { "s" }
    );
    println!("| part | wall | user | system |");
    println!("|---|---:|---:|---:|");
    for (name, costs) in PARTS.iter().zip(&costs) {
        let seconds = |of: fn(&Cost) -> Duration| median(costs.iter().map(of)).as_secs_f64();
        println!(
            "| {name} | {:.2} s | {:.2} s | {:.2} s |",
            seconds(|c| c.wall),
            seconds(|c| c.user),
            seconds(|c| c.system)
        );
    }
}

/// Reads the site and runs one part; what the part cost.
fn run_part(root: &Path, out: &Path, part: &str) -> Cost {
    cpsite::memory::keep_freed_memory();
    let fail = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("the site does not build: {e}");
        std::process::exit(1);
    };
    if part == "whole build" {
        let whole = out.join("whole");
        let _ = std::fs::remove_dir_all(&whole);
        let options = BuildOptions {
            out: Some(whole.clone()),
            ..BuildOptions::new(root)
        };
        let (cost, built) = measure(|| cpsite::build(&options));
        if let Err(e) = built {
            fail(&e);
        }
        let _ = std::fs::remove_dir_all(&whole);
        return cost;
    }
    let (read, prepared) = measure(|| cpsite::prepare(&BuildOptions::new(root)));
    let prepared = prepared.unwrap_or_else(|e| fail(&e));
    let site = &prepared.site;
    let urls = Urls::new(&site.config.base_url);
    match part {
        "pages" => in_fresh_folder(&out.join("pages"), |sink| {
            let mut problems = Diagnostics::new();
            cpsite::render::render_site(site, &prepared.templates, sink, &mut problems);
        }),
        "search indexes" => in_fresh_folder(&out.join("search"), |sink| {
            // One language after another, as a build makes them.
            for language in 0..site.config.languages.len() {
                output::search::write_index(site, language, &urls, sink);
            }
        }),
        "feeds and sitemaps" => in_fresh_folder(&out.join("listings"), |sink| {
            output::write_listings(site, &urls, sink);
        }),
        "read and model" => read,
        _ => {
            eprintln!("no part is called {part}: {}", PARTS.join(", "));
            std::process::exit(2);
        }
    }
}

/// Runs `part` with a fresh staging folder as its sink, then throws the
/// folder away (untimed).
fn in_fresh_folder(target: &Path, part: impl FnOnce(&Staging)) -> Cost {
    let staging = match Staging::new(target) {
        Ok(staging) => staging,
        Err(e) => {
            eprintln!("{}: {e}", target.display());
            std::process::exit(1);
        }
    };
    let (cost, ()) = measure(|| part(&staging));
    staging.abandon();
    cost
}

fn measure<T>(part: impl FnOnce() -> T) -> (Cost, T) {
    let (user, system) = cpu_times();
    let started = Instant::now();
    let result = part();
    let wall = started.elapsed();
    let (user_after, system_after) = cpu_times();
    let cost = Cost {
        wall,
        user: user_after.saturating_sub(user),
        system: system_after.saturating_sub(system),
    };
    (cost, result)
}

/// The process's user and system time so far, from `/proc/self/stat`
/// (zero where there is none).
fn cpu_times() -> (Duration, Duration) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // After the command name (which may hold spaces, inside parentheses)
    // come the state and then numbered fields: utime and stime are the
    // 12th and 13th after the state, in clock ticks of 1/100 s on Linux.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |k: usize| {
        let ticks = fields.get(k).and_then(|f| f.parse::<u64>().ok());
        Duration::from_millis(ticks.unwrap_or(0) * 10)
    };
    (ticks(11), ticks(12))
}

fn median(values: impl Iterator<Item = Duration>) -> Duration {
    let mut values: Vec<Duration> = values.collect();
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
