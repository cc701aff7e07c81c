//! Two things the binary carries, written into `OUT_DIR`:
//! - the default theme, so a site without a `themes/` folder (or a
//!   generated corpus) still builds with it;
//! - the entries of OpenCC's lexicons that Traditional-to-Simplified
//!   conversion reads (`src/i18n/convert.rs`), taken from opencc-fmmseg's.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    embed_default_theme();
    write_lexicons();
}

/// The lexicons `src/i18n/convert.rs` includes, by file name: one
/// `key<TAB>value` line per entry.
fn write_lexicons() {
    use opencc_fmmseg::{is_delimiter, DictionaryMaxlength};
    let dictionary = DictionaryMaxlength::new().expect("opencc-fmmseg's lexicons unpack");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).to_path_buf();
    for (name, lexicon) in [
        (
            "hk_variants_rev_phrases",
            &dictionary.hk_variants_rev_phrases,
        ),
        ("hk_variants_rev", &dictionary.hk_variants_rev),
        (
            "tw_variants_rev_phrases",
            &dictionary.tw_variants_rev_phrases,
        ),
        ("tw_variants_rev", &dictionary.tw_variants_rev),
        ("ts_phrases", &dictionary.ts_phrases),
        ("ts_characters", &dictionary.ts_characters),
    ] {
        let mut entries: Vec<(String, &str)> = lexicon
            .iter()
            .map(|(key, value)| (key.iter().collect(), value))
            .collect();
        entries.sort_unstable();
        let mut text = String::new();
        for (key, value) in entries {
            // OpenCC cuts a text at its delimiters and matches inside each
            // piece; convert.rs matches across whole texts. The two agree
            // while no key holds a delimiter.
            assert!(
                !key.is_empty() && !key.chars().any(is_delimiter),
                "{name}: the key {key:?} is empty or holds an OpenCC delimiter; \
                 src/i18n/convert.rs would no longer match as OpenCC does"
            );
            assert!(
                !(key.clone() + value).contains(['\t', '\n']),
                "{name}: {key:?} holds a tab or a line break"
            );
            writeln!(text, "{key}\t{value}").expect("write to string");
        }
        std::fs::write(out.join(format!("{name}.txt")), text).expect("write a lexicon");
    }
}

fn embed_default_theme() {
    let theme = Path::new("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut code = String::from("/// Files of themes/default: (path inside the theme, contents).\npub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for relative in &files {
        let absolute = std::fs::canonicalize(theme.join(relative)).expect("theme file");
        println!("cargo:rerun-if-changed={}", absolute.display());
        writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            relative.replace('\\', "/"),
            absolute.display().to_string()
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("default_theme.rs");
    std::fs::write(out, code).expect("write default_theme.rs");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else if let Ok(relative) = path.strip_prefix(base) {
            files.push(relative.to_string_lossy().into_owned());
        }
    }
}
