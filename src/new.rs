//! `rapport new`: a starter site that builds and passes `rapport check
//! --strict` at once.
//!
//! The files live in `src/new/starter/` and are embedded with `include_str!`,
//! so the binary needs nothing beside it. `{{today}}` becomes the day the site
//! is made, so the starter page's review date is fresh.

use std::path::Path;

use crate::check::lints;
use crate::error::{Diagnostic, Error, Result};

/// The starter site: (path inside the new folder, contents).
const STARTER: &[(&str, &str)] = &[
    ("rapport.toml", include_str!("new/starter/rapport.toml")),
    (
        "content/_index.md",
        include_str!("new/starter/content/_index.md"),
    ),
    (
        "content/first-steps/_index.md",
        include_str!("new/starter/content/first-steps/_index.md"),
    ),
    (
        "content/first-steps/your-first-session.md",
        include_str!("new/starter/content/first-steps/your-first-session.md"),
    ),
];

/// Writes the starter site into `dir`, which must be missing or empty.
/// Returns the files written, relative to `dir`.
pub fn create_site(dir: &Path) -> Result<Vec<&'static str>> {
    let shown = dir.display().to_string();
    let existed = dir.exists();
    if existed {
        if !dir.is_dir() {
            return Err(Diagnostic::new(&shown, "this is a file, not a folder")
                .with_help("choose a folder name that is not taken, e.g. `rapport new my-site`")
                .into());
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::new(
                &shown,
                "this folder is not empty, and `rapport new` never writes over files",
            )
            .with_help(
                "choose a new folder name, e.g. `rapport new my-site`, or empty this one first",
            )
            .into());
        }
    }
    // `YYYY-MM-DD`: jiff's civil dates print as front matter writes them.
    let today = lints::today().to_string();
    let written = write_all(dir, &today);
    if written.is_err() {
        // Leave things as they were: remove what this call made.
        if existed {
            // The folder was empty, so everything in it now is ours.
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
            }
        } else {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    written?;
    Ok(STARTER.iter().map(|(rel, _)| *rel).collect())
}

fn write_all(dir: &Path, today: &str) -> Result<()> {
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text.replace("{{today}}", today)).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
