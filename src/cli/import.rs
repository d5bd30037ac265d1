//! `rapport import`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use rapport::import::{Generator, ImportOptions};

/// Arguments of `rapport import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The Hugo, Zola or Jekyll-style site to read (never changed).
    #[arg(value_name = "SOURCE")]
    source: PathBuf,
    /// The new Rapport site to write: a new or empty folder.
    #[arg(value_name = "DEST")]
    dest: PathBuf,
    /// Read the source as this generator's site instead of detecting it.
    #[arg(long, value_name = "hugo|zola|jekyll")]
    from: Option<Generator>,
    /// Point root-relative links to pages the import lacks at this live
    /// site (e.g. https://www.va.gov), for a part of a bigger site.
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
}

/// Imports the site and prints a one-line summary.
pub(crate) fn run(args: ImportArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if terminal || started.elapsed().as_secs() >= 2 {
            super::print_err(format_args!("  {done} of {total} files\n"));
        }
    };
    let options = ImportOptions {
        from: args.from,
        progress: Some(&progress),
        link_base: args.link_base.as_deref(),
    };
    let summary = rapport::import::import(&args.source, &args.dest, &options)?;
    super::print_line(format_args!(
        "Imported a {} site into {} in {:.2} s: {} pages, {} sections, {} other files; {} shortcodes or template tags to review ({} Hugo refs and includes converted), {} links that led nowhere mended, {} notes. See {}.",
        summary.generator,
        args.dest.display(),
        started.elapsed().as_secs_f64(),
        summary.pages,
        summary.sections,
        summary.files,
        summary.leftovers - summary.calls_converted,
        summary.calls_converted,
        summary.links_mended,
        summary.notes,
        summary.report.display()
    ))?;
    if summary.problems.is_empty() {
        super::print_line(format_args!(
            "Next: rapport build --root {}",
            args.dest.display()
        ))?;
    } else {
        let colour = super::use_colour(&std::io::stderr());
        super::print_err(super::report::render_diagnostics(
            &summary.problems,
            Some(&args.dest),
            colour,
        ));
        super::print_line(format_args!(
            "The new site has {} problems its build will report (above); fix them, then: rapport build --root {}",
            summary.problems.len(),
            args.dest.display()
        ))?;
    }
    Ok(())
}
