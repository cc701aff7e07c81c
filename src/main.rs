//! The `cpsite` command: arguments in, one library call, a report out.

use clap::{Parser, Subcommand, ValueEnum};
use cpsite::check::{check_output, CheckOptions};
use cpsite::diagnostics::{Diagnostic, Diagnostics};
use cpsite::serve::{open_browser, Preview, Rebuild, ServeOptions};
use cpsite::site::ItemKind;
use cpsite::{build, BuildOptions, BuildReport};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::Duration;

/// Builds the website of the Hong Kong-Guangdong Cleaner Production
/// Partnership Programme in English, Traditional Chinese and Simplified
/// Chinese from the markdown and YAML files in content/.
#[derive(Parser)]
#[command(name = "cpsite", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Who reads the report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Lines for people (in colour on a terminal).
    Text,
    /// One JSON document on standard output, for programs.
    Json,
}

/// What `new` creates.
#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    /// A press release (content/news/), created as a draft.
    News,
    /// A standing page (content/pages/).
    Page,
}

#[derive(Subcommand)]
enum Command {
    /// Build the whole site into public/ (the old public/ is replaced only if the build succeeds).
    Build {
        /// The site folder (the one holding content/site.yaml). Default: the current folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Write the site here instead of <root>/public.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Also publish items marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also publish releases dated in the future (embargoed).
        #[arg(long)]
        future: bool,
        /// Treat every warning (e.g. a missing translation) as an error; use this in CI.
        #[arg(long)]
        strict: bool,
        /// Print only problems, no summary.
        #[arg(long, short)]
        quiet: bool,
        /// Also print the time of each stage (read, model, render, write).
        #[arg(long, short)]
        verbose: bool,
        /// text for people, json for programs.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Preview the site: build it, serve it at http://127.0.0.1:1111/ and rebuild on every save.
    Serve {
        /// The site folder (the one holding content/site.yaml). Default: the current folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// The port to answer on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to answer on; only this computer by default.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the browser.
        #[arg(long)]
        open: bool,
        /// Also show items marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also show releases dated in the future (embargoed).
        #[arg(long)]
        future: bool,
    },
    /// Create a new press release or standing page, one file per language editors write.
    New {
        /// news or page.
        #[arg(value_enum)]
        kind: NewKind,
        /// The address name: lowercase a-z, digits and hyphens, e.g. 2024-05-20-new-funding.
        slug: String,
        /// The site folder. Default: the current folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Check the site before publishing: everything build checks (warnings count as problems),
    /// plus every internal link and #anchor, alt text on images and one main heading per page.
    Check {
        /// The site folder. Default: the current folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Also check links to other websites (needs the network; answers are cached for a day).
        #[arg(long)]
        external: bool,
        /// text for people, json for programs.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

fn main() -> ExitCode {
    cpsite::memory::keep_freed_memory();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            future,
            strict,
            quiet,
            verbose,
            format,
        } => {
            let options = BuildOptions {
                out,
                drafts,
                future,
                strict,
                ..BuildOptions::new(root)
            };
            run_build(&options, quiet, verbose, format)
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            future,
        } => {
            let options = ServeOptions {
                build: BuildOptions {
                    drafts,
                    future,
                    ..BuildOptions::new(root)
                },
                bind,
                port,
                open,
            };
            run_serve(&options)
        }
        Command::New { kind, slug, root } => run_new(kind, &slug, &root),
        Command::Check {
            root,
            external,
            format,
        } => run_check(root, external, format),
    }
}

fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn print_problems(problems: &Diagnostics) {
    let colour = colour();
    for problem in problems.iter() {
        eprintln!("{}", paint(problem, colour));
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A spinner on a terminal while a build runs longer than a second.
fn with_progress<T>(message: &str, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let (done, wait) = channel::<()>();
    let message = message.to_string();
    let spinner = std::thread::spawn(move || {
        if wait.recv_timeout(Duration::from_secs(1)) != Err(RecvTimeoutError::Timeout) {
            return;
        }
        let bar = indicatif::ProgressBar::new_spinner().with_message(message);
        bar.enable_steady_tick(Duration::from_millis(100));
        let _ = wait.recv();
        bar.finish_and_clear();
    });
    let result = work();
    let _ = done.send(());
    let _ = spinner.join();
    result
}

#[derive(Serialize)]
struct BuildJson<'a> {
    ok: bool,
    output: Option<String>,
    pages: Vec<(String, usize)>,
    shared_pages: usize,
    other_files: usize,
    held_back: usize,
    elapsed_seconds: f64,
    problems: &'a Diagnostics,
}

fn build_json(report: Option<&BuildReport>, problems: &Diagnostics) -> String {
    let json = BuildJson {
        ok: report.is_some(),
        output: report.map(|r| r.output.display().to_string()),
        pages: report
            .map(|r| r.pages_per_language.clone())
            .unwrap_or_default(),
        shared_pages: report.map_or(0, |r| r.shared_pages),
        other_files: report.map_or(0, |r| r.other_files),
        held_back: report.map_or(0, |r| r.held_back),
        elapsed_seconds: report.map_or(0.0, |r| r.elapsed.as_secs_f64()),
        problems,
    };
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

fn run_build(options: &BuildOptions, quiet: bool, verbose: bool, format: Format) -> ExitCode {
    let outcome = with_progress("Building the site…", || build(options));
    if format == Format::Json {
        let (report, problems) = match &outcome {
            Ok(report) => (Some(report), &report.warnings),
            Err(error) => (None, error.diagnostics()),
        };
        println!("{}", build_json(report, problems));
        return if outcome.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match outcome {
        Ok(report) => {
            print_problems(&report.warnings);
            if verbose {
                let p = &report.phases;
                eprintln!(
                    "Stages: read {:.3} s, model {:.3} s, render {:.3} s, write {:.3} s; {:.1} MB written.",
                    p.read.as_secs_f64(),
                    p.model.as_secs_f64(),
                    p.render.as_secs_f64(),
                    p.write.as_secs_f64(),
                    report.bytes_written as f64 / 1e6
                );
            }
            if !quiet {
                let pages: Vec<String> = report
                    .pages_per_language
                    .iter()
                    .map(|(code, n)| format!("{code} {n}"))
                    .collect();
                eprintln!(
                    "Built {} in {:.2} s: pages {} (+{} shared), {} other files, {}{}.",
                    report.output.display(),
                    report.elapsed.as_secs_f64(),
                    pages.join(", "),
                    report.shared_pages,
                    report.other_files,
                    plural(report.warnings.warning_count(), "warning"),
                    if report.held_back > 0 {
                        format!(", {} drafts or embargoed items held back", report.held_back)
                    } else {
                        String::new()
                    }
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            let problems = error.diagnostics();
            print_problems(problems);
            eprintln!(
                "Build failed: {}, {}. Nothing was written; the previous site is unchanged.",
                plural(problems.error_count(), "error"),
                plural(problems.warning_count(), "warning"),
            );
            ExitCode::FAILURE
        }
    }
}

fn run_serve(options: &ServeOptions) -> ExitCode {
    let (mut preview, first) = match Preview::start(options) {
        Ok(started) => started,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let url = format!("http://{}/", preview.address);
    report_rebuild(&first);
    eprintln!(
        "Serving the site at {url} (Ctrl+C to stop). Watching content/, themes/ and templates/."
    );
    if options.open {
        open_browser(&url);
    }
    while let Some((changed, rebuild)) = preview.wait_for_change() {
        if changed.is_empty() {
            continue;
        }
        let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        eprintln!("Changed: {}", names.join(", "));
        report_rebuild(&rebuild);
    }
    ExitCode::SUCCESS
}

fn report_rebuild(rebuild: &Rebuild) {
    if let Some(problems) = &rebuild.problems {
        print_problems(problems);
    }
    if rebuild.problems.as_ref().is_some_and(|p| p.has_errors()) {
        eprintln!("The site did not build; the last good version is still served. Fix the file and save again.");
    } else {
        eprintln!(
            "{} {} in {} ms.",
            if rebuild.full { "Built" } else { "Rebuilt" },
            plural(rebuild.pages, "page"),
            rebuild.took.as_millis()
        );
    }
}

fn run_new(kind: NewKind, slug: &str, root: &std::path::Path) -> ExitCode {
    let kind = match kind {
        NewKind::News => ItemKind::News,
        NewKind::Page => ItemKind::Page,
    };
    let now = chrono::Local::now().fixed_offset();
    match cpsite::scaffold::new_item(root, kind, slug, now) {
        Ok(files) => {
            for file in files {
                eprintln!("Created {}", file.display());
            }
            if kind == ItemKind::News {
                eprintln!(
                    "The release is a draft: remove `draft: true` when the text is approved."
                );
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_problems(&problems);
            ExitCode::FAILURE
        }
    }
}

#[derive(Serialize)]
struct CheckJson<'a> {
    ok: bool,
    build_problems: &'a Diagnostics,
    output_problems: Option<&'a cpsite::check::CheckReport>,
}

fn run_check(root: PathBuf, external: bool, format: Format) -> ExitCode {
    let out = std::env::temp_dir().join(format!("cpsite-check-{}", std::process::id()));
    let options = BuildOptions {
        out: Some(out.clone()),
        // Everything that would only warn in a build is a problem here.
        strict: true,
        ..BuildOptions::new(&root)
    };
    let built = with_progress("Building the site…", || build(&options));
    let empty = Diagnostics::new();
    let (build_problems, report) = match &built {
        Err(error) => (error.diagnostics(), None),
        Ok(_) => {
            let check_options = match CheckOptions::for_site(&root) {
                Ok(check_options) => CheckOptions {
                    external,
                    ..check_options
                },
                Err(problems) => {
                    print_problems(&problems);
                    return ExitCode::FAILURE;
                }
            };
            let report = with_progress("Checking links…", || check_output(&out, &check_options));
            (&empty, Some(report))
        }
    };
    let _ = std::fs::remove_dir_all(&out);
    let ok = built.is_ok() && report.as_ref().is_some_and(|r| r.is_clean());
    if format == Format::Json {
        let json = CheckJson {
            ok,
            build_problems,
            output_problems: report.as_ref(),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    } else {
        print_problems(build_problems);
        if let Some(report) = &report {
            let colour = colour();
            for problem in &report.problems {
                eprintln!("{}", paint(&problem.to_diagnostic(), colour));
            }
            for note in &report.notes {
                eprintln!("note: {note}");
            }
            eprintln!(
                "Checked {} and {} internal links{}: {}.",
                plural(report.pages, "page"),
                report.internal_links,
                if external {
                    format!(" and {} external links", report.external_links)
                } else {
                    String::new()
                },
                if report.is_clean() {
                    "no problems".to_string()
                } else {
                    plural(report.problems.len(), "problem")
                }
            );
        } else {
            eprintln!(
                "The site does not build: {}.",
                plural(build_problems.iter().count(), "problem")
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn paint(diagnostic: &Diagnostic, colour: bool) -> String {
    let text = diagnostic.to_string();
    if !colour {
        return text;
    }
    let code = if diagnostic.is_error() { "31" } else { "33" };
    match text.split_once(':') {
        Some((label, rest)) => format!("\x1b[1;{code}m{label}\x1b[0m:{rest}"),
        None => text,
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
