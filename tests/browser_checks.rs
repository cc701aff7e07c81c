//! Browser checks of built sites: axe-core (WCAG 2.0/2.1 A and AA) in
//! Debian's headless Chromium at 1280 and 375 px, keyboard reachability and
//! visible focus, screenshots, page weight (tests/browser/check-site.mjs),
//! and the Nu Html Checker (tests/browser/vnu.mjs).
//!
//! Needs `node`, `npm ci` (node_modules/playwright-core, axe-core, vnu-jar),
//! `/usr/bin/chromium` (or `CHROMIUM_PATH`) and `java`. Without them the
//! tests print why and pass, except under `CI=true`, where they fail.
//! See tests/browser/README.md. Run with
//! `cargo test --test browser_checks -- --nocapture` to see the reports.

mod common;

use common::browser::{self, chromium, in_ci, on_path, repo};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

/// One Chromium at a time: the machine has two cores.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn work_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-checks")
}

/// `<target>/screenshots/<sub>`.
fn screenshot_dir(sub: &str) -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let target = tmp.parent().unwrap_or(tmp);
    let dir = target.join("screenshots");
    if sub.is_empty() {
        dir
    } else {
        dir.join(sub)
    }
}

/// True when the tools are there (see tests/common/browser.rs).
fn tools_ready() -> bool {
    browser::tools_ready(
        "browser checks",
        &["playwright-core", "axe-core", "vnu-jar"],
        true,
    )
}

fn show(out: &Output) {
    print!("{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    if !err.trim().is_empty() {
        println!("{err}");
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn node(script: &str, args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .current_dir(repo())
        .env("CHROMIUM_PATH", chromium())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node {script}: {e}"));
    show(&out);
    out
}

fn check_site(site: &Path, extra: &[&str], screenshots: Option<&Path>) -> Output {
    println!("== browser checks: {}", site.display());
    let mut args: Vec<&std::ffi::OsStr> = vec!["--site".as_ref(), site.as_os_str()];
    if let Some(dir) = screenshots {
        args.push("--screenshots".as_ref());
        args.push(dir.as_os_str());
    }
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    node("check-site.mjs", &args)
}

fn vnu(site: &Path) -> Output {
    println!("== Nu Html Checker: {}", site.display());
    node("vnu.mjs", &["--site".as_ref(), site.as_os_str()])
}

fn build_site(root: &Path, out: &Path) {
    if out.exists() {
        fs::remove_dir_all(out).expect("remove the previous build");
    }
    println!(
        "== cpsite build --root {} --out {}",
        root.display(),
        out.display()
    );
    let result = Command::new(env!("CARGO_BIN_EXE_cpsite"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run cpsite build");
    show(&result);
    assert!(
        result.status.success(),
        "cpsite build --root {} failed: {}",
        root.display(),
        text(&result)
    );
    assert!(
        out.join("index.html").is_file(),
        "cpsite build wrote no index.html into {}",
        out.display()
    );
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create directory");
    for entry in fs::read_dir(from).expect("read directory") {
        let entry = entry.expect("directory entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}

fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: expected exit status {code}, got {:?}",
        out.status
    );
}

/// The checker must fail on a single violation, and pass on a clean site.
#[test]
fn checker_fails_on_a_violation() {
    let _guard = serial();
    if !tools_ready() {
        return;
    }
    let fixtures = repo().join("tests/browser/fixtures");

    let good = check_site(&fixtures.join("good"), &[], None);
    assert_exit(&good, 0, "check-site on fixtures/good");

    let bad = check_site(&fixtures.join("bad"), &[], None);
    assert_exit(&bad, 1, "check-site on fixtures/bad");
    let report = text(&bad);
    for rule in ["image-alt", "link-name"] {
        assert!(
            report.contains(rule),
            "the report on fixtures/bad does not name {rule}"
        );
    }
    assert!(
        report.lines().any(|l| l.ends_with(" passed, 2 failed")),
        "fixtures/bad should fail exactly its two axe checks (chooser at 1280 and 375 px)"
    );

    assert_exit(&vnu(&fixtures.join("good")), 0, "vnu on fixtures/good");
    let bad_vnu = vnu(&fixtures.join("bad"));
    assert_exit(&bad_vnu, 1, "vnu on fixtures/bad");
    assert!(
        text(&bad_vnu).contains("“alt”"),
        "vnu should report the missing alt"
    );
}

/// The shipped site (content/ and themes/ of this repository).
#[test]
fn shipped_site_passes_browser_checks() {
    let _guard = serial();
    if !tools_ready() {
        return;
    }
    let out = work_dir().join("shipped");
    build_site(&repo(), &out);
    let shots = screenshot_dir("");
    let checks = check_site(&out, &["--langs", "en,tc,sc"], Some(&shots));
    let html = vnu(&out);
    assert_exit(&checks, 0, "browser checks of the shipped site");
    assert_exit(&html, 0, "Nu Html Checker on the shipped site");
}

/// Search on the shipped site finds the 16 December 2021 release in all
/// three languages, and partners by their location.
#[test]
fn shipped_site_search_finds_the_release_in_every_language() {
    let _guard = serial();
    if !tools_ready() {
        return;
    }
    let out = work_dir().join("shipped-search");
    build_site(&repo(), &out);
    let release = "2021-12-16-hk-gd-cleaner-production";
    let expectations = [
        format!("tc:清潔生產:/tc/news/{release}/"),
        format!("sc:清洁生产:/sc/news/{release}/"),
        format!("en:cleaner production:/en/news/{release}/"),
        "tc:東莞:/tc/partners/2024/#manufacturing".to_string(),
    ];
    let mut args: Vec<&std::ffi::OsStr> = vec!["--site".as_ref(), out.as_os_str()];
    for expectation in &expectations {
        args.push("--expect".as_ref());
        args.push(expectation.as_ref());
    }
    println!("== search: {}", out.display());
    let search = node("search.mjs", &args);
    assert_exit(&search, 0, "search in the browser on the shipped site");
}

/// A generated corpus (shared/bench/gen_corpus.py) built with the shipped theme.
#[test]
fn generated_site_passes_browser_checks() {
    let _guard = serial();
    if !tools_ready() {
        return;
    }
    let gen = repo().join("../shared/bench/gen_corpus.py");
    let python = on_path("python3");
    if !gen.is_file() || python.is_none() {
        let what = if gen.is_file() {
            "python3".to_string()
        } else {
            gen.display().to_string()
        };
        if in_ci() {
            panic!("generated-site browser checks cannot run under CI=true: missing {what}");
        }
        println!("skipping generated-site browser checks: missing {what}");
        return;
    }
    let corpus = work_dir().join("corpus");
    if corpus.exists() {
        fs::remove_dir_all(&corpus).expect("remove the previous corpus");
    }
    let made = Command::new("python3")
        .arg(&gen)
        .args(["-n", "30", "-p", "200"])
        .arg(&corpus)
        .output()
        .expect("run gen_corpus.py");
    show(&made);
    assert!(
        made.status.success(),
        "gen_corpus.py failed: {}",
        text(&made)
    );

    // The corpus has content only: give it this repository's theme(s).
    let site = corpus.join("ours");
    for dir in ["themes", "templates"] {
        if repo().join(dir).is_dir() {
            copy_dir(&repo().join(dir), &site.join(dir));
        }
    }
    let shipped_yaml = fs::read_to_string(repo().join("content/site.yaml")).unwrap_or_default();
    let site_yaml = site.join("content/site.yaml");
    let mut yaml = fs::read_to_string(&site_yaml).expect("read the corpus site.yaml");
    if let Some(theme) = shipped_yaml.lines().find(|l| l.starts_with("theme:")) {
        if !yaml.lines().any(|l| l.starts_with("theme:")) {
            yaml.push_str(theme);
            yaml.push('\n');
            fs::write(&site_yaml, yaml).expect("write the corpus site.yaml");
        }
    }

    let out = work_dir().join("generated");
    build_site(&site, &out);
    let shots = screenshot_dir("generated");
    let checks = check_site(&out, &["--langs", "en,tc,sc"], Some(&shots));
    let html = vnu(&out);
    assert_exit(&checks, 0, "browser checks of the generated site");
    assert_exit(&html, 0, "Nu Html Checker on the generated site");
}
