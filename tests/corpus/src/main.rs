//! `rapport-corpus DIR PAGES [--hugo] [--from SITE]`: writes a generated
//! corpus, or with `--from` one made of the articles of the site at SITE.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: rapport-corpus DIR PAGES [--hugo] [--from SITE]";
    let (Some(dir), Some(pages)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let path = std::path::Path::new(dir);
    let hugo = args.iter().any(|a| a == "--hugo");
    let from = args
        .iter()
        .position(|a| a == "--from")
        .map(|i| args.get(i + 1));
    let result = match from {
        Some(None) => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
        Some(Some(site)) => {
            rapport_corpus::write_articles(std::path::Path::new(site), path, pages, hugo)
        }
        None if hugo => rapport_corpus::write_hugo(path, pages),
        None => rapport_corpus::write_rapport(path, pages),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the corpus into {dir}: {e}");
            ExitCode::FAILURE
        }
    }
}
