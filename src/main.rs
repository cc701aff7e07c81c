//! The `cpsite` command: arguments in, one library call, a report out.

use clap::{Parser, Subcommand};
use cpsite::diagnostics::Diagnostic;
use cpsite::{build, BuildOptions};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Builds the website of the Hong Kong-Guangdong Cleaner Production
/// Partnership Programme in English, Traditional Chinese and Simplified
/// Chinese from the markdown and YAML files in content/.
#[derive(Parser)]
#[command(name = "cpsite", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    },
}

fn main() -> ExitCode {
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
        } => {
            let options = BuildOptions {
                out,
                drafts,
                future,
                strict,
                ..BuildOptions::new(root)
            };
            run_build(&options, quiet, verbose)
        }
    }
}

fn run_build(options: &BuildOptions, quiet: bool, verbose: bool) -> ExitCode {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match build(options) {
        Ok(report) => {
            for warning in report.warnings.iter() {
                eprintln!("{}", paint(warning, colour));
            }
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
                let warnings = report.warnings.warning_count();
                eprintln!(
                    "Built {} in {:.2} s: pages {} (+{} shared), {} other files, {} warning{}{}.",
                    report.output.display(),
                    report.elapsed.as_secs_f64(),
                    pages.join(", "),
                    report.shared_pages,
                    report.other_files,
                    warnings,
                    if warnings == 1 { "" } else { "s" },
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
            for problem in problems.iter() {
                eprintln!("{}", paint(problem, colour));
            }
            eprintln!(
                "Build failed: {} error{}, {} warning{}. Nothing was written; the previous site is unchanged.",
                problems.error_count(),
                if problems.error_count() == 1 { "" } else { "s" },
                problems.warning_count(),
                if problems.warning_count() == 1 { "" } else { "s" },
            );
            ExitCode::FAILURE
        }
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
