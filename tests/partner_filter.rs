//! The find-as-you-type partner filter in headless Chromium
//! (tests/browser/filter.mjs) on a fixture site with one year of 1 000
//! generated partners, every seventh of them in Dongguan / 東莞.
//!
//! Needs `node`, `npm ci` (node_modules/playwright-core) and
//! `/usr/bin/chromium` (or `CHROMIUM_PATH`). Without them the test prints
//! why and passes, except under `CI=true`, where it fails (the rule of
//! tests/browser_checks.rs). Run with
//! `cargo test --test partner_filter -- --nocapture` to see the report and
//! the measured filter update time.

mod common;

use common::browser::{self, chromium, repo};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// True when the tools are there (see tests/common/browser.rs).
fn tools_ready() -> bool {
    browser::tools_ready(
        "the partner filter browser test",
        &["playwright-core"],
        false,
    )
}

const YEAR: i32 = 2021;
const PARTNERS: usize = 1000;

/// Builds the fixture: one year of 1 000 generated partners, plus a
/// smaller earlier year so the page has its usual year navigation.
fn build_fixture(root: &Path) -> (PathBuf, usize) {
    let entries: Vec<(usize, &str)> = (0..PARTNERS)
        .map(|index| (index, CATEGORY_KEYS[index % 4]))
        .collect();
    let earlier: Vec<(usize, &str)> = (0..50).map(|index| (index, "manufacturing")).collect();
    write_file(root, "content/site.yaml", SITE_YAML);
    write_file(
        root,
        &format!("content/partners/{YEAR}.yaml"),
        generated_partner_yaml(YEAR, &entries),
    );
    write_file(
        root,
        &format!("content/partners/{}.yaml", YEAR - 1),
        generated_partner_yaml(YEAR - 1, &earlier),
    );
    let options = options(root);
    build_ok(&options);
    let out = options.output_dir();
    let in_dongguan = (0..PARTNERS)
        .filter(|&i| generated_enterprise(i).in_dongguan())
        .count();
    for code in ["en", "tc"] {
        let page = format!("{code}/partners/{YEAR}/index.html");
        assert_eq!(partner_rows(&read(&out, &page)), PARTNERS, "{page}");
    }
    (out, in_dongguan)
}

#[test]
fn partner_filter_in_the_browser() {
    if !tools_ready() {
        return;
    }
    let site = temp();
    let (out, expected) = build_fixture(site.path());
    assert!(expected > 0 && expected < PARTNERS);
    println!(
        "== node tests/browser/filter.mjs --site {} --year {YEAR} --expect {expected}",
        out.display()
    );
    let run = Command::new("node")
        .arg(repo().join("tests/browser/filter.mjs"))
        .arg("--site")
        .arg(&out)
        .args(["--year", &YEAR.to_string()])
        .args(["--expect", &expected.to_string()])
        .args(["--total", &PARTNERS.to_string()])
        .args(["--langs", "en,tc"])
        .current_dir(repo())
        .env("CHROMIUM_PATH", chromium())
        .output()
        .expect("run node tests/browser/filter.mjs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    print!("{stdout}");
    if !stderr.trim().is_empty() {
        println!("{stderr}");
    }
    assert!(
        stdout.lines().any(|l| l.ends_with(" passed, 0 failed")),
        "filter.mjs did not pass every check (exit {:?})",
        run.status.code()
    );
    assert_eq!(run.status.code(), Some(0), "filter.mjs exit status");
    assert!(
        stdout.contains(&format!("filter update on {PARTNERS} rows: ")),
        "filter.mjs printed no filter update time"
    );
}
