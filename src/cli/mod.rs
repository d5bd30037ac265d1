//! The command line: parse arguments with clap, call the engine, print
//! results and every error, and choose the exit code.

mod build;
mod check;
mod import;
mod new;
pub(crate) mod report;
mod serve;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Rapport builds calm, accessible, private websites for psychoeducation
/// from a folder of markdown articles.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default).
    #[command(
        after_help = "Examples:\n  rapport build\n  rapport build --root my-site --output /tmp/site --drafts\n  rapport build --base-url https://clinic.example/help/"
    )]
    Build(build::BuildArgs),
    /// Build the site into memory, serve it, and reload the browser when files change.
    #[command(
        after_help = "Examples:\n  rapport serve\n  rapport serve --root my-site --port 8080 --open\n  rapport serve --bind 0.0.0.0   (share the preview with your network)"
    )]
    Serve(serve::ServeArgs),
    /// Check the site without writing it: everything the build checks, plus
    /// lints for accessible, readable, reviewed health content.
    #[command(
        after_help = "Examples:\n  rapport check\n  rapport check --root my-site --strict\n  rapport check --format json   (one JSON object per line)\n  rapport check --external --timeout 5   (also request links to other sites)\n\nExit code 1 when there are errors, or warnings with --strict."
    )]
    Check(check::CheckArgs),
    /// Create a starter site in a new (or empty) folder.
    #[command(after_help = "Examples:\n  rapport new my-site\n  rapport serve --root my-site")]
    New(new::NewArgs),
    /// Write a new Rapport site from a Hugo, Zola or Jekyll-style site (the source is never changed).
    #[command(
        after_help = "Examples:\n  rapport import my-hugo-site my-rapport-site\n  rapport import old-docs new-docs --from jekyll\n\nWhat could not be converted is listed in DEST/IMPORT-REPORT.md."
    )]
    Import(import::ImportArgs),
    /// Removes the previous output a build moved aside (see `build::run`);
    /// run by `rapport build` itself, in the background.
    #[command(name = "__remove-previous", hide = true)]
    RemovePrevious {
        /// The `.NAME.rapport-old-PID` folder.
        dir: PathBuf,
    },
}

/// Flags every command that works on a site shares.
#[derive(Debug, clap::Args)]
pub(crate) struct SiteArgs {
    /// The site's folder (the one holding content/ and rapport.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

/// Runs the command line and returns the process exit code.
pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    // Where diagnostics' files are, to print their source lines.
    let root = match &cli.command {
        Command::Build(args) => Some(args.site.root.clone()),
        Command::Serve(args) => Some(args.site.root.clone()),
        Command::Check(args) => Some(args.site.root.clone()),
        Command::New(_) | Command::Import(_) | Command::RemovePrevious { .. } => None,
    };
    let result = match cli.command {
        Command::Build(args) => build::run(args).map(|()| ExitCode::SUCCESS),
        Command::Serve(args) => serve::run(args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args).map(|()| ExitCode::SUCCESS),
        Command::Import(args) => import::run(args).map(|()| ExitCode::SUCCESS),
        Command::RemovePrevious { dir } => rapport::output::remove_previous(&dir)
            .map(|()| ExitCode::SUCCESS)
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            print_error(&error, root.as_deref());
            ExitCode::FAILURE
        }
    }
}

/// Prints `text` and a newline on stdout. A reader that has gone away
/// (`rapport build | head -1`) is no error: `println!` would panic there,
/// and ripgrep's `main` treats a broken pipe as success; so do we (issue 18).
pub(crate) fn print_line(text: impl std::fmt::Display) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints `text` as is on stderr, ignoring a failure: there is nowhere left
/// to report it, and `eprint!` would panic (`rapport build 2>&1 | head -1`).
pub(crate) fn print_err(text: impl std::fmt::Display) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{text}");
}

/// On Ctrl+C, SIGTERM or SIGHUP: kill any plugin program running (each runs
/// in a process group of its own, which the terminal's Ctrl+C misses), run
/// `cleanup`, and exit with 130, as a shell reports an interrupted command.
pub(crate) fn on_interrupt(cleanup: fn()) {
    let _ = ctrlc::set_handler(move || {
        rapport::plugins::external::kill_running();
        cleanup();
        std::process::exit(130);
    });
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
pub(crate) fn use_colour(stream: &impl std::io::IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints every diagnostic, then the error chain for anything else.
fn print_error(error: &anyhow::Error, root: Option<&std::path::Path>) {
    let mut stderr = std::io::stderr().lock();
    if let Some(rapport::Error::Diagnostics(list)) = error.downcast_ref::<rapport::Error>() {
        let colour = use_colour(&std::io::stderr());
        let _ = write!(stderr, "{}", report::render_diagnostics(list, root, colour));
        if list.len() > 1 {
            let _ = writeln!(
                stderr,
                "{} problems found; nothing was written.",
                list.len()
            );
        } else {
            let _ = writeln!(stderr, "Nothing was written.");
        }
        if list
            .iter()
            .any(|d| d.code == Some(rapport::error::Code::BrokenLink))
        {
            let _ = writeln!(
                stderr,
                "To build anyway while you fix the links, set `broken_links = \"warn\"` under [check] in rapport.toml."
            );
        }
        return;
    }
    let _ = writeln!(stderr, "error: {error}");
    for cause in error.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
