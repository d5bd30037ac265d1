//! `rapport-corpus DIR PAGES [--hugo]`: writes a generated corpus.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(pages)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: rapport-corpus DIR PAGES [--hugo]");
        return ExitCode::from(2);
    };
    let path = std::path::Path::new(dir);
    let result = if args.iter().any(|a| a == "--hugo") {
        rapport_corpus::write_hugo(path, pages)
    } else {
        rapport_corpus::write_rapport(path, pages)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the corpus into {dir}: {e}");
            ExitCode::FAILURE
        }
    }
}
