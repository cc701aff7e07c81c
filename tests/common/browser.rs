//! Finding the tools of the browser tests: node with the npm packages,
//! Debian's Chromium, Java. Without them a test prints why and passes,
//! except under `CI=true`, where it fails: CI must never skip them.

use std::env;
use std::path::PathBuf;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn in_ci() -> bool {
    matches!(env::var("CI").as_deref(), Ok("true") | Ok("1"))
}

pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

pub fn chromium() -> PathBuf {
    env::var_os("CHROMIUM_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What is missing of node, the npm `packages`, Chromium and (if `java`)
/// Java.
pub fn missing_tools(packages: &[&str], java: bool) -> Vec<String> {
    let mut missing = Vec::new();
    if on_path("node").is_none() {
        missing.push("node (Node.js 20)".to_string());
    }
    for package in packages {
        if !repo()
            .join("node_modules")
            .join(package)
            .join("package.json")
            .is_file()
        {
            missing.push(format!("node_modules/{package} (run `npm ci`)"));
        }
    }
    if !chromium().is_file() {
        missing.push(format!(
            "{} (apt-get install chromium fonts-noto-cjk)",
            chromium().display()
        ));
    }
    if java && on_path("java").is_none() {
        missing.push("java (apt-get install default-jre-headless)".to_string());
    }
    missing
}

/// True when the tools are there. Otherwise prints why `what` is skipped,
/// or panics under CI.
pub fn tools_ready(what: &str, packages: &[&str], java: bool) -> bool {
    let missing = missing_tools(packages, java);
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join(", ");
    if in_ci() {
        panic!("{what} cannot run under CI=true: missing {missing}");
    }
    println!("skipping {what}: {missing}");
    false
}
