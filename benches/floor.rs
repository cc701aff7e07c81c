//! The floor: the least any generator must do with a corpus — read every
//! input file, parse every markdown body with pulldown-cmark alone, and write
//! as many output bytes as a real build wrote, in as many files.
//!
//! `cargo bench --bench floor -- <site folder> <output folder> <files> <bytes>`
//! (`benches/bench.py` passes the numbers of a real build.)

use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;
use walkdir::WalkDir;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() < 4 {
        eprintln!("usage: floor <site folder> <output folder> <files> <bytes>");
        return;
    }
    let root = PathBuf::from(&args[0]);
    let out = PathBuf::from(&args[1]);
    let files: usize = args[2].parse().unwrap_or(1);
    let bytes: usize = args[3].parse().unwrap_or(1);
    // A cold write, as the builds measured beside it: no earlier output to replace.
    let _ = std::fs::remove_dir_all(&out);
    let started = Instant::now();

    let inputs: Vec<PathBuf> = WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let parsed: usize = inputs
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if path.extension().is_some_and(|e| e == "md") {
                let mut html = String::new();
                let parser = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all());
                pulldown_cmark::html::push_html(&mut html, parser);
                html.len()
            } else {
                text.len()
            }
        })
        .sum();
    let read_parse = started.elapsed();

    let per_file = bytes / files.max(1);
    let chunk = vec![b'x'; per_file];
    (0..files).into_par_iter().for_each(|n| {
        let dir = out.join(format!("{}", n % 1000)).join(format!("{n}"));
        let _ = std::fs::create_dir_all(&dir);
        if let Ok(file) = std::fs::File::create(dir.join("index.html")) {
            let mut writer = std::io::BufWriter::new(file);
            let _ = writer.write_all(&chunk);
        }
    });
    let total = started.elapsed();
    println!(
        "floor: {} input files read and parsed ({} bytes of HTML) in {:.3} s; {files} files, {bytes} bytes written; total {:.3} s",
        inputs.len(),
        parsed,
        read_parse.as_secs_f64(),
        total.as_secs_f64()
    );
}
