//! `rapport-floor CONTENT OUT`: the floor for the build benchmark.
//!
//! Reads every markdown file under CONTENT, converts it with pulldown-cmark
//! (the same options Rapport uses) and writes one HTML file each, in
//! parallel on every core: what any generator must at least do, so the
//! benchmark can show what Rapport's own machinery costs on top.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(content), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: rapport-floor CONTENT OUT");
        return std::process::ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(e) = markdown_files(Path::new(content), &mut files) {
        eprintln!("error: cannot list {content}: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let out = PathBuf::from(out);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let result: std::io::Result<()> = files.par_iter().enumerate().try_for_each(|(i, file)| {
        let text = std::fs::read_to_string(file)?;
        let mut body = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut body, Parser::new_ext(&text, options));
        let dir = out.join(i.to_string());
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), body)
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
