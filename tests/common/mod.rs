//! Shared helpers of the integration tests: a good trilingual fixture site
//! written into a temporary folder, builds through the library and the real
//! binary, output readers, folder snapshots and a small HTML tag reader.

// Each test file uses its own part of these helpers.
#![allow(dead_code)]

pub mod browser;

use chrono::{DateTime, FixedOffset};
use cpsite::{BuildError, BuildOptions, BuildReport};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Writing a site
// ---------------------------------------------------------------------------

/// Writes `contents` to `root/relative`, creating folders.
pub fn write_file(root: &Path, relative: &str, contents: impl AsRef<[u8]>) {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(&path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Writes a tree of (relative path, text) files under `root`.
pub fn write_tree<P: AsRef<str>, C: AsRef<[u8]>>(root: &Path, files: &[(P, C)]) {
    for (path, contents) in files {
        write_file(root, path.as_ref(), contents);
    }
}

/// Appends text to an existing file of the site.
pub fn append_file(root: &Path, relative: &str, more: &str) {
    let mut text = read_source(root, relative);
    text.push_str(more);
    write_file(root, relative, text);
}

/// Replaces `from` (which must occur) with `to` in a file of the site.
pub fn edit_file(root: &Path, relative: &str, from: &str, to: &str) {
    let text = read_source(root, relative);
    assert!(
        text.contains(from),
        "{relative} does not contain {from:?}; the fixture changed"
    );
    write_file(root, relative, text.replacen(from, to, 1));
}

fn read_source(root: &Path, relative: &str) -> String {
    std::fs::read_to_string(root.join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// A minimal good trilingual `content/site.yaml`: en and tc written, sc
/// derived from tc, the four partner categories, one topic.
pub const SITE_YAML: &str = "\
title:
  en: Cleaner Production Test Site
  tc: 清潔生產測試網站
description:
  en: A fixture site for the integration tests.
  tc: 整合測試用的網站。
base_url: https://example.org/
raw_html: sanitize
languages:
  - { code: en, lang: en, name: English }
  - { code: tc, lang: zh-HK, name: 繁體中文 }
  - { code: sc, lang: zh-CN, name: 简体中文, derive_from: tc }
partner_categories:
  - key: excellent
    name: { en: Excellent Partner, tc: 優越伙伴 }
  - key: manufacturing
    name: { en: Partner (Manufacturing), tc: 伙伴（製造業） }
  - key: sourcing
    name: { en: Partner (Sourcing Enterprise), tc: 伙伴（採購商） }
  - key: ets
    name: { en: Partner (Environmental Technology Service Provider), tc: 伙伴（環保技術服務供應商） }
topics:
  - key: energy
    name: { en: Energy saving, tc: 節約能源 }
";

/// 1-based line of the first line of `text` that starts with `prefix`.
pub fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?}"))
}

/// Slug of the main press release of the fixture.
pub const MAIN: &str = "2021-12-16-cleaner-production";

/// A press release file.
pub fn release(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n---\n{body}")
}

/// The 2021 partner list: 2 excellent, 3 manufacturing, 0 sourcing, 1 ets.
pub const PARTNERS_2021: &str = "\
year: 2021
partners:
  - name: { en: \"<script>alert(1)</script> & Sons\", tc: 腳本父子有限公司 }
    category: excellent
  - name: { en: Cleaner Production Limited, tc: 清潔生產有限公司 }
    category: excellent
    location: { en: Dongguan, tc: 東莞 }
  - name: { en: Gamma Manufacturing, tc: 伽瑪製造廠 }
    category: manufacturing
  - name: { en: Delta Manufacturing, tc: 德塔製造廠 }
    category: manufacturing
  - name: { en: Epsilon Manufacturing, tc: 艾普製造廠 }
    category: manufacturing
  - name: { en: \"=1+1\", tc: 公式環保服務 }
    category: ets
";

/// The 2020 partner list: four manufacturing partners whose order differs
/// in each language (English case-blind, Traditional by strokes,
/// Simplified by pinyin).
pub const PARTNERS_2020: &str = "\
year: 2020
partners:
  - name: { en: alpha Works, tc: 張三 }
    category: manufacturing
  - name: { en: Bravo Trading, tc: 李四 }
    category: manufacturing
  - name: { en: charlie Metal, tc: 王小明 }
    category: manufacturing
  - name: { en: Delta Plastics, tc: 一心 }
    category: manufacturing
";

/// Every file of the good fixture site. It builds without a single
/// warning, also under `strict`.
pub fn good_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = vec![
        ("content/site.yaml".into(), SITE_YAML.into()),
        (
            format!("content/news/{MAIN}.en.md"),
            "---\ntitle: Hong Kong and Guangdong strengthen co-operation in cleaner production\ndate: 2021-12-16T18:30:00+08:00\ntopics: [energy]\n---\nThe Environment Bureau announced the cleaner production partners today.\n\n## Key results\n\nSecond paragraph of the English release.\n".into(),
        ),
        (
            format!("content/news/{MAIN}.tc.md"),
            "---\ntitle: 粵港加強清潔生產合作\ndate: 2021-12-16T18:30:00+08:00\ntopics: [energy]\n---\n環境局今日公布清潔生產伙伴名單。\n\n## 主要成果\n\n清潔生產計劃協助企業節約能源。\n".into(),
        ),
        (
            "content/news/early-bird.en.md".into(),
            release("An early release", "2021-03-04 09:05", "Published before ten in the morning.\n"),
        ),
        (
            "content/news/early-bird.tc.md".into(),
            release("早上的新聞公報", "2021-03-04 09:05", "早上十時前發出。\n"),
        ),
        (
            "content/news/date-only.en.md".into(),
            release("A release without a time", "2021-05-10", "Only a day is given.\n"),
        ),
        (
            "content/news/date-only.tc.md".into(),
            release("沒有時間的新聞公報", "2021-05-10", "只有日期。\n"),
        ),
        (
            "content/news/handwritten.en.md".into(),
            release("Hand-written Simplified", "2021-04-01 12:00", "The sc file is written by hand.\n"),
        ),
        (
            "content/news/handwritten.tc.md".into(),
            release("手寫簡體測試", "2021-04-01 12:00", "繁體原文的段落。\n"),
        ),
        (
            "content/news/handwritten.sc.md".into(),
            release("人手简体标题", "2021-04-01 12:00", "人手编写的简体版本。\n"),
        ),
        (
            "content/news/raw-html.en.md".into(),
            release(
                "Raw HTML in a body",
                "2021-02-01 10:00",
                "First paragraph with <b onclick=\"steal()\">bold</b> text.\n\n<script>alert(\"block\")</script>\n\nInline <script>alert(\"inline\")</script> script.\n\n[Click here](javascript:alert(1)) and [a safe link](https://example.org/safe).\n\n<a href=\"javascript:alert(2)\">raw link</a>\n",
            ),
        ),
        (
            "content/news/raw-html.tc.md".into(),
            release("內文中的HTML", "2021-02-01 10:00", "普通段落。\n"),
        ),
        (
            "content/news/summary-source.en.md".into(),
            release(
                "A release without a summary",
                "2021-06-01 10:00",
                "FIRSTPARA marker sentence for the summary.\n\nSECONDPARA must not reach the summary.\n",
            ),
        ),
        (
            "content/news/summary-source.tc.md".into(),
            release("沒有摘要的新聞公報", "2021-06-01 10:00", "第一段是摘要。\n\n第二段不是摘要。\n"),
        ),
        (
            "content/news/draft-release.en.md".into(),
            "---\ntitle: A draft\ndate: 2021-07-01 10:00\ndraft: true\n---\nNot yet.\n".into(),
        ),
        (
            "content/news/draft-release.tc.md".into(),
            "---\ntitle: 草稿\ndate: 2021-07-01 10:00\ndraft: true\n---\n未完成。\n".into(),
        ),
        (
            "content/news/embargoed-release.en.md".into(),
            release("An embargoed release", "2030-01-01 09:00", "Not before 2030.\n"),
        ),
        (
            "content/news/embargoed-release.tc.md".into(),
            release("禁發新聞公報", "2030-01-01 09:00", "二零三零年前不發。\n"),
        ),
        (
            "content/pages/about.en.md".into(),
            "---\ntitle: About the programme\n---\nThe programme helps factories.\n".into(),
        ),
        (
            "content/pages/about.tc.md".into(),
            "---\ntitle: 關於計劃\n---\n計劃協助工廠。\n".into(),
        ),
        ("content/partners/2021.yaml".into(), PARTNERS_2021.into()),
        ("content/partners/2020.yaml".into(), PARTNERS_2020.into()),
    ];
    files.sort();
    files
}

/// A temporary folder holding the good fixture site.
pub fn good_site() -> TempDir {
    let dir = temp();
    write_tree(dir.path(), &good_files());
    dir
}

/// An empty temporary folder.
pub fn temp() -> TempDir {
    tempfile::tempdir().expect("temporary folder")
}

/// Copies every file under `from` to the same place under `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for (relative, bytes) in snapshot(from) {
        write_file(to, &relative, bytes);
    }
}

/// The good fixture site and its output, built once per test binary.
pub struct SharedBuild {
    /// The site folder (`content/`, and the output in `public/`).
    pub root: PathBuf,
    /// `<root>/public`.
    pub out: PathBuf,
    pub report: BuildReport,
}

/// Builds the good fixture once per test binary (the tests that only read
/// its output share it, which keeps the suite fast). It lives in
/// `CARGO_TARGET_TMPDIR`, in a folder named after the test binary and the
/// process; folders of earlier runs are removed first.
pub fn shared_good_build() -> &'static SharedBuild {
    static SHARED: OnceLock<SharedBuild> = OnceLock::new();
    SHARED.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let prefix = format!("{}-good-site-", env!("CARGO_CRATE_NAME"));
        remove_folders_of_finished_runs(base, &prefix);
        let root = base.join(format!("{prefix}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        write_tree(&root, &good_files());
        let options = options(&root);
        let report = build_ok(&options);
        SharedBuild {
            out: options.output_dir(),
            root,
            report,
        }
    })
}

/// Removes `<base>/<prefix><pid>` folders whose process has ended (Linux,
/// where /proc tells; elsewhere they are left to `cargo clean`).
fn remove_folders_of_finished_runs(base: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    for path in entries_starting_with(base, prefix) {
        let pid = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid {
            if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

/// The fixed present of the tests: 1 June 2024, noon in Hong Kong.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-06-01T12:00:00+08:00").expect("a valid date")
}

/// Options for building the site in `root` into `<root>/public` at [`now`].
pub fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        now: Some(now()),
        ..BuildOptions::new(root)
    }
}

/// Builds through the library.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    cpsite::build(options)
}

/// Builds through the library; a failure shows every problem.
pub fn build_ok(options: &BuildOptions) -> BuildReport {
    match cpsite::build(options) {
        Ok(report) => report,
        Err(error) => panic!("the build failed: {error}\n{}", error.diagnostics()),
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real `cpsite` binary with `args`.
pub fn run_cpsite<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_cpsite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("cpsite runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `cpsite build --root <root>` plus `extra` arguments.
pub fn run_build(root: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<std::ffi::OsString> = vec!["build".into(), "--root".into(), root.into()];
    args.extend(extra.iter().map(Into::into));
    run_cpsite(&args)
}

// ---------------------------------------------------------------------------
// Reading the output
// ---------------------------------------------------------------------------

/// Whether `out/relative` is a file.
pub fn exists(out: &Path, relative: &str) -> bool {
    out.join(relative).is_file()
}

/// The bytes of `out/relative`.
pub fn read_bytes(out: &Path, relative: &str) -> Vec<u8> {
    std::fs::read(out.join(relative)).unwrap_or_else(|e| {
        let files: Vec<String> = snapshot(out).into_keys().collect();
        panic!(
            "cannot read {relative} in {}: {e}\nthe output holds:\n  {}",
            out.display(),
            files.join("\n  ")
        )
    })
}

/// The text of `out/relative` (must be UTF-8).
pub fn read(out: &Path, relative: &str) -> String {
    String::from_utf8(read_bytes(out, relative))
        .unwrap_or_else(|_| panic!("{relative} is not UTF-8"))
}

/// Every file under `dir` (relative path with `/`) and its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .expect("inside the folder")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(relative, std::fs::read(&path).expect("readable file"));
        }
    }
}

/// Fails, naming the files that differ, unless two snapshots are identical.
pub fn assert_same_tree(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    let gone: Vec<&String> = before.keys().filter(|k| !after.contains_key(*k)).collect();
    let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let changed: Vec<&String> = before
        .iter()
        .filter(|(k, v)| after.get(*k).is_some_and(|a| a != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        gone.is_empty() && new.is_empty() && changed.is_empty(),
        "{what}: files gone {gone:?}, new {new:?}, changed {changed:?}"
    );
}

/// Entries of `root` whose name starts with `prefix` (leftover staging folders).
pub fn entries_starting_with(root: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Reading HTML
// ---------------------------------------------------------------------------

/// The attributes of one tag, values with character references decoded.
pub type Attributes = BTreeMap<String, String>;

/// Every `<name ...>` start tag of `html`, with its attributes.
pub fn tags(html: &str, name: &str) -> Vec<Attributes> {
    let name = name.to_ascii_lowercase();
    all_tags(html)
        .into_iter()
        .filter(|(tag, _)| *tag == name)
        .map(|(_, attributes)| attributes)
        .collect()
}

/// Every start tag of `html`: its lowercase name and attributes.
pub fn all_tags(html: &str) -> Vec<(String, Attributes)> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(at) = html[from..].find('<') {
        let start = from + at + 1;
        from = start;
        let mut end = start;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end == start || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        let (attributes, read) = attributes(&html[end..]);
        found.push((name, attributes));
        from = end + read;
    }
    found
}

/// Parses attributes up to the closing `>`; returns them and the bytes read.
fn attributes(text: &str) -> (Attributes, usize) {
    let bytes = text.as_bytes();
    let mut map = Attributes::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (map, (i + 1).min(bytes.len()));
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = text[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                i = value_start;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                value = decode_entities(&text[value_start..i.min(bytes.len())]);
                i += 1;
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&text[value_start..i]);
            }
        }
        if !name.is_empty() {
            map.entry(name).or_insert(value);
        }
    }
}

/// Whether `html` has a `<name>` tag with all of these attribute values.
pub fn has_tag(html: &str, name: &str, wanted: &[(&str, &str)]) -> bool {
    tags(html, name).iter().any(|attributes| {
        wanted
            .iter()
            .all(|(key, value)| attributes.get(*key).map(String::as_str) == Some(*value))
    })
}

/// Fails with the tags that were there unless [`has_tag`] holds.
pub fn assert_tag(html: &str, name: &str, wanted: &[(&str, &str)], page: &str) {
    assert!(
        has_tag(html, name, wanted),
        "{page}: no <{name}> with {wanted:?}; the <{name}> tags are:\n{:#?}",
        tags(html, name)
    );
}

/// The `href` of every `<a>` in `html`.
pub fn links(html: &str) -> Vec<String> {
    tags(html, "a")
        .into_iter()
        .filter_map(|mut a| a.remove("href"))
        .collect()
}

/// The value of `<html lang>`.
pub fn html_lang(html: &str) -> Option<String> {
    tags(html, "html").into_iter().next()?.remove("lang")
}

/// The text a reader sees: tags dropped (each counts as a space),
/// character references decoded, white space collapsed.
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes the character references templates and markdown produce.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(end) = after.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte position of `needle` in `haystack`, failing with a message.
pub fn position(haystack: &str, needle: &str, page: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{page} does not contain {needle:?}"))
}

/// Fails unless the needles first occur in `haystack` in the given order.
pub fn assert_in_order(haystack: &str, needles: &[&str], page: &str) {
    let positions: Vec<usize> = needles
        .iter()
        .map(|n| position(haystack, n, page))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{page}: expected the order {needles:?}, found them at byte positions {positions:?}"
    );
}

// ---------------------------------------------------------------------------
// Partner fixtures (tests/partners.rs, tests/partner_filter.rs)
// ---------------------------------------------------------------------------

/// A site folder with [`SITE_YAML`] and the given partner year files
/// (`content/partners/<year>.yaml`), nothing else.
pub fn partner_site(years: &[(i32, String)]) -> TempDir {
    let dir = temp();
    write_file(dir.path(), "content/site.yaml", SITE_YAML);
    for (year, yaml) in years {
        write_file(dir.path(), &format!("content/partners/{year}.yaml"), yaml);
    }
    dir
}

/// One generated enterprise of the large partner fixtures. Its names are
/// unique per index (for indices below 1 600) in every language, also once
/// converted to Simplified Chinese; only the location of every seventh
/// enterprise (`index % 7 == 0`) is Dongguan / 東莞, and no name contains
/// "dongguan", 東, 莞 or 东.
#[derive(Debug, Clone)]
pub struct GeneratedEnterprise {
    pub index: usize,
    /// `Some("g0042")` for even indices, none for odd ones.
    pub id: Option<String>,
    /// "Jade River Demo Plastics Co., Ltd. 123"
    pub en: String,
    /// "翠河塑膠示範有限公司"
    pub tc: String,
    pub location_en: &'static str,
    pub location_tc: &'static str,
    pub website: Option<String>,
}

impl GeneratedEnterprise {
    pub fn in_dongguan(&self) -> bool {
        self.location_en == "Dongguan"
    }
}

/// Characters for generated Chinese names: distinct, distinct again in
/// Simplified Chinese, of varied stroke counts, none of 東 莞 东.
const NAME_CHARS: [char; 40] = [
    '翠', '河', '金', '華', '隆', '興', '德', '利', '達', '源', '泰', '豐', '美', '新', '光', '明',
    '寶', '龍', '鳳', '祥', '雲', '海', '山', '林', '星', '宏', '偉', '益', '昌', '盛', '永', '恒',
    '榮', '信', '和', '安', '福', '禎', '嘉', '瑞',
];

const NAME_WORDS_EN: [&str; 8] = [
    "Jade River",
    "Golden Pearl",
    "Silver Hill",
    "Bright Star",
    "Ever Grand",
    "Lucky Cloud",
    "Royal Phoenix",
    "Evergreen Forest",
];

const PRODUCTS: [(&str, &str); 8] = [
    ("Plastics", "塑膠"),
    ("Metal", "五金"),
    ("Electronics", "電子"),
    ("Textiles", "紡織"),
    ("Printing", "印刷"),
    ("Chemicals", "化工"),
    ("Foods", "食品"),
    ("Toys", "玩具"),
];

const OTHER_PLACES: [(&str, &str); 6] = [
    ("Shenzhen", "深圳"),
    ("Guangzhou", "廣州"),
    ("Foshan", "佛山"),
    ("Huizhou", "惠州"),
    ("Zhongshan", "中山"),
    ("Hong Kong", "香港"),
];

/// The generated enterprise number `index` (below 1 600).
pub fn generated_enterprise(index: usize) -> GeneratedEnterprise {
    assert!(index < 1600, "generated names are unique below 1 600");
    let (product_en, product_tc) = PRODUCTS[(index / 3) % PRODUCTS.len()];
    let words = NAME_WORDS_EN[index % NAME_WORDS_EN.len()];
    let (location_en, location_tc) = if index % 7 == 0 {
        ("Dongguan", "東莞")
    } else {
        OTHER_PLACES[index % OTHER_PLACES.len()]
    };
    GeneratedEnterprise {
        index,
        id: (index % 2 == 0).then(|| format!("g{index:04}")),
        en: format!("{words} Demo {product_en} Co., Ltd. {index}"),
        tc: format!(
            "{}{}{product_tc}示範有限公司",
            NAME_CHARS[index % 40],
            NAME_CHARS[(index / 40) % 40]
        ),
        location_en,
        location_tc,
        website: (index % 5 == 0).then(|| format!("https://example.com/g{index}")),
    }
}

/// Keys of the four partner categories of [`SITE_YAML`].
pub const CATEGORY_KEYS: [&str; 4] = ["excellent", "manufacturing", "sourcing", "ets"];

/// A year file listing the generated enterprises `entries` as
/// (enterprise index, category key).
pub fn generated_partner_yaml(year: i32, entries: &[(usize, &str)]) -> String {
    use std::fmt::Write;
    let mut yaml = format!("year: {year}\npartners:\n");
    for &(index, category) in entries {
        let e = generated_enterprise(index);
        if let Some(id) = &e.id {
            writeln!(yaml, "  - id: {id}").unwrap();
            yaml.push_str("    ");
        } else {
            yaml.push_str("  - ");
        }
        writeln!(yaml, "name: {{ en: \"{}\", tc: \"{}\" }}", e.en, e.tc).unwrap();
        writeln!(yaml, "    category: {category}").unwrap();
        writeln!(
            yaml,
            "    location: {{ en: {}, tc: {} }}",
            e.location_en, e.location_tc
        )
        .unwrap();
        if let Some(website) = &e.website {
            writeln!(yaml, "    website: {website}").unwrap();
        }
    }
    yaml
}

/// How many `<li data-search…>` partner rows a page has.
pub fn partner_rows(html: &str) -> usize {
    tags(html, "li")
        .iter()
        .filter(|li| li.contains_key("data-search"))
        .count()
}
