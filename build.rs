//! Embeds the default theme in the binary, so a site without a `themes/`
//! folder (or a generated corpus) still builds with it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
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
