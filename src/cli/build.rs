//! `rapport build`.

use std::path::PathBuf;

use anyhow::Context;

use super::SiteArgs;

/// Arguments of `rapport build`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
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
        root: args.site.root,
        output: args.output,
        drafts: args.site.drafts,
        base_url: args.base_url,
        force: args.force,
    };
    let summary = rapport::build(&options)
        .context("the build failed")
        .map_err(unwrap_diagnostics)?;
    println!(
        "Built {} pages and {} sections ({} files) into {} in {} ms.",
        summary.pages,
        summary.sections,
        summary.files,
        summary.output.display(),
        summary.elapsed.as_millis()
    );
    Ok(())
}

/// Keeps located diagnostics as the top error so they print plainly.
fn unwrap_diagnostics(error: anyhow::Error) -> anyhow::Error {
    match error.downcast::<rapport::Error>() {
        Ok(inner @ rapport::Error::Diagnostics(_)) => inner.into(),
        Ok(other) => anyhow::Error::new(other).context("the build failed"),
        Err(error) => error,
    }
}
