//! `rapport build`: the pipeline into a staging folder, swapped in on
//! success, then the lints on what was loaded.
//!
//! It never prints and never exits: it returns a summary or an error
//! carrying every problem found.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::check::CheckReport;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{OutputPlan, Staging};
use crate::pipeline::{Session, check_root, load_config};

/// What the caller asks of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// The output folder; defaults to `output_dir` from the config, inside `root`.
    pub output: Option<PathBuf>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// Replaces `base_url` from the config.
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that Rapport did not write.
    pub force: bool,
    /// Also run `rapport check`'s lints on the loaded pages.
    pub lint: bool,
    /// Leave the previous output, moved aside, for the caller to remove
    /// ([`BuildSummary::previous`]) instead of removing it before returning.
    pub keep_previous: bool,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered.
    pub sections: usize,
    /// Files written in all.
    pub files: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
    /// What the lints found, when asked for.
    pub check: Option<CheckReport>,
    /// Problems that did not stop the build (a `base_url` without a host).
    pub warnings: Vec<Diagnostic>,
    /// Resized copies of images made, and taken from the cache.
    pub images: crate::images::ImageSummary,
    /// With [`BuildOptions::keep_previous`], the previous output, moved
    /// aside: remove it with [`crate::output::remove_previous`].
    pub previous: Option<PathBuf>,
}

/// Builds the site and writes it, replacing the output folder only on success.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let start = Instant::now();
    check_root(&options.root)?;
    let config = load_config(&options.root, options.base_url.as_deref())?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    // Check the output folder before any work, so a dangerous one costs nothing.
    let plan = OutputPlan::new(&options.root, &output, options.force)?;
    // Read again only for the line of `base_url`; a site without the file has none.
    let config_text = std::fs::read_to_string(options.root.join(crate::config::CONFIG_FILE)).ok();
    let mut warnings: Vec<Diagnostic> = crate::render::feeds::host_warning(
        &config,
        config_text.as_deref(),
        options.base_url.is_some(),
    )
    .into_iter()
    .collect();
    let staging = Staging::new(&plan)?;
    let (session, built) = Session::start_with(
        &options.root,
        config,
        options.drafts,
        options.base_url.as_deref(),
        crate::site::Sources::Drop,
        &|path, file| staging.write(&path, &file),
    )?;
    warnings.extend(session.warnings());
    // The lints read the pages the build loaded, before the output is swapped
    // in: an error-level finding (an image without alt text) stops the build
    // as a broken link does, with nothing written, unless `[check] allow`
    // lists its code. A lint run that fails has nothing to add: the build has
    // checked everything it would report.
    let check = options
        .lint
        .then(|| {
            crate::timings::stage("lints", || {
                crate::check::lint_session(&options.root, &session, None).ok()
            })
        })
        .flatten();
    if let Some(report) = &check {
        let errors: Vec<Diagnostic> = report
            .findings
            .iter()
            .filter(|f| f.severity == crate::check::Severity::Error)
            .map(crate::check::Finding::to_diagnostic)
            .collect();
        if !errors.is_empty() {
            return Err(Error::Diagnostics(errors));
        }
    }
    let previous = crate::timings::stage("swap", || staging.commit(options.keep_previous))?;
    // Freeing every page's text and HTML takes a core a tenth of a second at
    // 10,000 pages, and nothing needs to wait for it: a caller that goes on
    // gets the memory back shortly, and `rapport build` exits, when the
    // system takes it back at once. (Freeing during the swap slowed the
    // removal of the old output, which uses both cores.)
    std::thread::spawn(move || drop(session));
    Ok(BuildSummary {
        pages: built.pages,
        sections: built.sections,
        files: built.files,
        images: built.images,
        output: plan.dir,
        elapsed: start.elapsed(),
        check,
        warnings,
        previous,
    })
}
