//! Checking http(s) links to other sites: a few at a time, each with a
//! timeout and retries, remembering good answers in a cache file so a daily
//! CI run does not ask the same servers again and again.

use super::CheckOptions;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A 2xx or 3xx status (after redirects), `from_cache` when not asked again.
    Good { status: u16, from_cache: bool },
    /// A 4xx or 5xx status.
    Bad(u16),
    /// No answer: DNS, connection, TLS or timeout.
    Unreachable(String),
}

/// The cache file: good answers with the time they were received.
#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    status: u16,
    /// Seconds since 1970.
    checked: u64,
}

const CACHE_VERSION: u32 = 1;

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Asks every address in `urls` (each once) and returns what each answered,
/// plus a message if the cache file could not be written.
pub(crate) fn check_all(
    urls: &[String],
    options: &CheckOptions,
) -> (HashMap<String, Outcome>, Option<String>) {
    let now = unix_now();
    let max_age = options.cache_max_age.as_secs();
    let mut cache = options
        .cache_file
        .as_deref()
        .map(read_cache)
        .unwrap_or_default();
    cache
        .entries
        .retain(|_, entry| entry.checked <= now && now - entry.checked < max_age);

    let mut outcomes = HashMap::new();
    let mut to_ask = Vec::new();
    for url in urls {
        match cache.entries.get(url) {
            Some(entry) => {
                outcomes.insert(
                    url.clone(),
                    Outcome::Good {
                        status: entry.status,
                        from_cache: true,
                    },
                );
            }
            None => to_ask.push(url.as_str()),
        }
    }

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("cpsite-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let answers: Mutex<Vec<(String, Outcome)>> = Mutex::new(Vec::new());
    let workers = options.concurrency.max(1).min(to_ask.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = to_ask.get(index) else {
                    break;
                };
                let outcome = ask(&agent, url, options.retries);
                answers
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((url.to_string(), outcome));
            });
        }
    });
    let answers = answers.into_inner().unwrap_or_else(|e| e.into_inner());
    for (url, outcome) in answers {
        if let Outcome::Good { status, .. } = outcome {
            cache.entries.insert(
                url.clone(),
                CacheEntry {
                    status,
                    checked: now,
                },
            );
        }
        outcomes.insert(url, outcome);
    }

    let cache_error = options.cache_file.as_deref().and_then(|path| {
        cache.version = CACHE_VERSION;
        write_cache(path, &cache)
            .err()
            .map(|e| format!("cannot write the link cache {}: {e}", path.display()))
    });
    (outcomes, cache_error)
}

/// One address: HEAD, then GET if HEAD is refused (many servers answer HEAD
/// with 403 or 405); network failures, 429 and 5xx are tried again.
fn ask(agent: &ureq::Agent, url: &str, retries: u32) -> Outcome {
    let mut attempt = 0;
    loop {
        let outcome = match status_of(agent.head(url).call()) {
            Ok(status) if status >= 400 => status_of(agent.get(url).call()),
            other => other,
        };
        let outcome = match outcome {
            Ok(status) if status < 400 => Outcome::Good {
                status,
                from_cache: false,
            },
            Ok(status) => Outcome::Bad(status),
            Err(error) => Outcome::Unreachable(error),
        };
        let transient = match &outcome {
            Outcome::Bad(status) => *status == 429 || *status >= 500,
            Outcome::Unreachable(_) => true,
            Outcome::Good { .. } => false,
        };
        if !transient || attempt >= retries {
            return outcome;
        }
        attempt += 1;
        std::thread::sleep(Duration::from_millis(300 * u64::from(attempt)));
    }
}

fn status_of(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Result<u16, String> {
    match result {
        Ok(response) => Ok(response.status().as_u16()),
        Err(ureq::Error::StatusCode(status)) => Ok(status),
        Err(error) => Err(error.to_string()),
    }
}

fn read_cache(path: &Path) -> CacheFile {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
        .filter(|cache| cache.version == CACHE_VERSION)
        .unwrap_or_default()
}

/// Written beside and renamed, so a stopped run never leaves half a file.
fn write_cache(path: &Path, cache: &CacheFile) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(cache).map_err(std::io::Error::other)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, json)?;
    std::fs::rename(&temporary, path)
}
