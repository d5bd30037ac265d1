//! `rapport build`.

use std::path::PathBuf;

use anyhow::Context;

use super::SiteArgs;
use super::check::plural;

/// Arguments of `rapport build`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Where to write the site (default: `output_dir` from rapport.toml, `public`).
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Use this base URL instead of the one in rapport.toml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Replace a non-empty output folder that Rapport did not write.
    #[arg(long)]
    force: bool,
}

/// Builds the site and prints a one-line summary.
pub(crate) fn run(args: BuildArgs) -> anyhow::Result<()> {
    let options = rapport::BuildOptions {
        root: args.site.root.clone(),
        output: args.output,
        drafts: args.site.drafts,
        base_url: args.base_url,
        force: args.force,
        lint: true,
        keep_previous: true,
    };
    // Killed mid-build, the process runs no destructors: remove the
    // half-written staging folder then, so nothing is left beside the output.
    super::on_interrupt(rapport::output::remove_active_staging);
    let summary = rapport::build(&options)
        .context("the build failed")
        .map_err(unwrap_diagnostics)?;
    if let Some(previous) = &summary.previous {
        remove_in_background(previous);
    }
    let colour = super::use_colour(&std::io::stderr());
    super::print_err(super::report::render_warnings(
        &summary.warnings,
        Some(&args.site.root),
        colour,
    ));
    super::print_line(format_args!(
        "Built {} pages and {} sections ({} files) into {} in {} ms.",
        summary.pages,
        summary.sections,
        summary.files,
        summary.output.display(),
        summary.elapsed.as_millis()
    ))?;
    let images = summary.images;
    if images.made + images.reused > 0 {
        super::print_line(format_args!(
            "Resized copies of images: {} made, {} taken from the cache.",
            images.made, images.reused
        ))?;
    }
    if let Some(line) = summary.check.as_ref().and_then(check_summary) {
        super::print_line(line)?;
    }
    Ok(())
}

/// One line on what `rapport check` would report, so problems that do not
/// stop a build (a missing alt text, a stale review) are still seen.
fn check_summary(report: &rapport::check::CheckReport) -> Option<String> {
    use rapport::check::Severity;
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let counted = match (errors, warnings) {
        (0, 0) => return None,
        (0, w) => plural(w, "check warning"),
        (e, 0) => plural(e, "check error"),
        (e, w) => format!(
            "{} and {}",
            plural(e, "check error"),
            plural(w, "check warning")
        ),
    };
    Some(format!("{counted}; run `rapport check` for details."))
}

/// Keeps located diagnostics as the top error so they print plainly.
fn unwrap_diagnostics(error: anyhow::Error) -> anyhow::Error {
    match error.downcast::<rapport::Error>() {
        Ok(inner @ rapport::Error::Diagnostics(_)) => inner.into(),
        Ok(other) => anyhow::Error::new(other).context("the build failed"),
        Err(error) => error,
    }
}

/// Removes the previous output, which the build moved aside, in a process of
/// its own that outlives this one (as `git gc --auto` does its work): the new
/// site is already live, and unlinking a site of 10,000 pages took a tenth of
/// the build's time. With no process to start, it is removed here.
fn remove_in_background(previous: &std::path::Path) {
    let started = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("__remove-previous")
            .arg(previous)
            // Holding none of this process's pipes, so a caller reading them
            // to the end does not wait for it.
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if started.is_err() {
        let _ = rapport::output::remove_previous(previous);
    }
}
