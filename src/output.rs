//! Writing the site: checked, whole, and never anywhere it should not be.
//!
//! 1. [`OutputPlan::new`] refuses dangerous output folders before any work is
//!    done: the site root, `content/` and the other source folders, a parent
//!    of the site, `/`, the home folder, and a non-empty folder that Rapport
//!    did not write (unless `--force`). A mistyped `--output ../my-project`
//!    must never wipe a project (getzola/zola#1378, #2251; mdBook #436).
//! 2. [`write_site`] writes every file into a fresh temporary folder beside
//!    the output, marks it as Rapport's, and only then swaps it in. A failed
//!    build leaves the previous output byte-for-byte as it was.
//!
//! Paths of generated files come from slugs, which the content stage
//! restricts to single URL segments; [`write_site`] still rejects any path
//! that is absolute or climbs with `..`, as a last line of defence.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};

/// The file that marks a folder as written by Rapport.
pub const MARKER_FILE: &str = ".rapport-output";

const MARKER_TEXT: &str = "This folder is written by Rapport (rapport build). \
Rapport replaces it whole on each build: do not keep other files here.\n";

/// Source folders of a site that must never be an output folder.
const SOURCE_DIRS: &[&str] = &["content", "static", "templates", "themes", "plugins", "src"];

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum OutputFile {
    /// Bytes made by the build.
    Generated(Vec<u8>),
    /// Bytes embedded in the binary (the default theme).
    Embedded(&'static [u8]),
    /// A file copied as is.
    Copied(PathBuf),
}

/// A checked output folder.
#[derive(Debug, Clone)]
pub struct OutputPlan {
    /// The absolute output folder.
    pub dir: PathBuf,
}

impl OutputPlan {
    /// Checks that `output` is safe to replace for a site at `root`.
    pub fn new(root: &Path, output: &Path, force: bool) -> Result<OutputPlan> {
        let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        let dir = resolve(output).map_err(|e| Error::io(output, e))?;
        let shown = output.display().to_string();
        let refuse = |why: &str, help: &str| -> Result<OutputPlan> {
            Err(
                Diagnostic::new(&shown, format!("refusing to write the site here: {why}"))
                    .with_help(help.to_string())
                    .into(),
            )
        };
        let other = "choose an output folder of its own, such as `public` inside the site (--output public)";
        if dir.parent().is_none() {
            return refuse("it is the root of the file system", other);
        }
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
            if let Ok(home) = std::fs::canonicalize(&home) {
                if home == dir {
                    return refuse("it is your home folder", other);
                }
                if home.starts_with(&dir) {
                    return refuse("it holds your home folder", other);
                }
            }
        }
        if dir == root {
            return refuse("it is the site's own folder", other);
        }
        if root.starts_with(&dir) {
            return refuse("it holds the site's folder", other);
        }
        for source in SOURCE_DIRS {
            // Where the folder really is, too: `templates/` may be a link elsewhere.
            let folder = root.join(source);
            let real = std::fs::canonicalize(&folder).unwrap_or_else(|_| folder.clone());
            if dir.starts_with(&folder) || dir.starts_with(&real) {
                return refuse(&format!("it is inside the site's {source}/ folder"), other);
            }
        }
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if !meta.is_dir() => {
                return refuse("a file of that name exists", other);
            }
            Ok(_) => {
                let mut entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
                let empty = entries.next().is_none();
                if !empty && !dir.join(MARKER_FILE).is_file() && !force {
                    return refuse(
                        "the folder is not empty and was not written by Rapport",
                        "choose another folder, empty this one yourself, or pass --force if you are sure it may be replaced",
                    );
                }
            }
            Err(_) => {}
        }
        Ok(OutputPlan { dir })
    }
}

/// Makes `path` absolute and resolves links in the part that exists.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut normal = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Canonicalise the longest existing ancestor so links cannot disguise a folder.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = std::fs::canonicalize(&existing)?;
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// A fresh temporary folder beside the output, filled while the site renders
/// and swapped in by [`Staging::commit`]. Dropped without a commit (any
/// error), it deletes itself and the previous output stays as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    _active: ActiveGuard,
}

impl Staging {
    /// Creates the temporary folder for `plan`.
    pub fn new(plan: &OutputPlan) -> Result<Staging> {
        let parent = plan
            .dir
            .parent()
            .expect("the plan refuses the file system root");
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = plan
            .dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public");
        remove_stale(parent, name);
        // The process id in the name tells a later build whether the folder
        // is still in use (see `remove_stale`).
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}{NEW_INFIX}{}-", std::process::id()))
            .tempdir_in(parent)
            .map_err(|e| Error::io(parent, e))?;
        if let Ok(mut active) = ACTIVE.lock() {
            active.push(dir.path().to_path_buf());
        }
        Ok(Staging {
            _active: ActiveGuard(dir.path().to_path_buf()),
            dir,
            target: plan.dir.clone(),
        })
    }

    /// Writes one file; safe to call from many threads at once.
    pub fn write(&self, path: &str, file: &OutputFile) -> Result<()> {
        if !is_safe_relative(path) {
            return Err(
                Diagnostic::new(path, "an output path would leave the output folder")
                    .with_help("this is a bug in a template or plugin: report it")
                    .into(),
            );
        }
        write_one(self.dir.path(), path, file)
    }

    /// Marks the folder as Rapport's and swaps it in for the output folder.
    /// The previous output is moved aside, then removed, or with
    /// `keep_previous` returned for the caller to remove (see
    /// [`remove_previous`]).
    pub fn commit(self, keep_previous: bool) -> Result<Option<PathBuf>> {
        let marker = self.dir.path().join(MARKER_FILE);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        let target = self.target;
        let parent = target
            .parent()
            .expect("the plan refuses the file system root");
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public");
        let staged = self.dir.keep();
        if target.exists() {
            let old = parent.join(format!(".{name}{OLD_INFIX}{}", std::process::id()));
            if old.exists() {
                std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
            }
            std::fs::rename(&target, &old).map_err(|e| Error::io(&target, e))?;
            if let Err(e) = std::fs::rename(&staged, &target) {
                // Put the previous site back before reporting.
                let _ = std::fs::rename(&old, &target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(Error::io(&target, e));
            }
            if keep_previous {
                return Ok(Some(old));
            }
            // The new site is live: a file of the old one that cannot be
            // removed now (held open elsewhere) is not a failed build; the
            // next build removes what is left.
            let _ = remove_tree(&old);
        } else if let Err(e) = std::fs::rename(&staged, &target) {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::io(&target, e));
        }
        Ok(None)
    }
}

/// Removes a previous output that [`Staging::commit`] moved aside: only a
/// folder named `.NAME.rapport-old-PID` that holds Rapport's marker file, so
/// a wrong path deletes nothing. A file that cannot be removed (held open
/// elsewhere) is left for the next build, as the process id is then gone.
pub fn remove_previous(dir: &Path) -> std::io::Result<()> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !name.starts_with('.') || !name.contains(OLD_INFIX) || !dir.join(MARKER_FILE).is_file() {
        return Err(std::io::Error::other(format!(
            "{} is not a previous output of Rapport's",
            dir.display()
        )));
    }
    remove_tree(dir)
}

/// Named in the folders beside the output: `.NAME.rapport-new-PID-*` while a
/// build writes, `.NAME.rapport-old-PID` for the output it replaced.
const NEW_INFIX: &str = ".rapport-new-";
const OLD_INFIX: &str = ".rapport-old-";

/// Keeps a staging folder listed as in use while it lives.
struct ActiveGuard(PathBuf);

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        forget_active(&self.0);
    }
}

/// Staging folders of builds in progress, for [`remove_active_staging`].
static ACTIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn forget_active(dir: &Path) {
    if let Ok(mut active) = ACTIVE.lock() {
        active.retain(|d| d != dir);
    }
}

/// Deletes the staging folders of builds in progress: for a Ctrl+C or
/// SIGTERM handler, which exits without running destructors.
pub fn remove_active_staging() {
    let dirs = ACTIVE.lock().map(|a| a.clone()).unwrap_or_default();
    for dir in dirs {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Removes the `.NAME.rapport-new-PID-*` and `.NAME.rapport-old-PID` folders
/// beside the output that an earlier build left (killed, or unable to delete
/// its old output) and whose process is gone.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}{NEW_INFIX}"), format!(".{name}{OLD_INFIX}")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = match pid {
            Some(pid) if pid == std::process::id() => true,
            Some(pid) => Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists(),
            // A folder of an older Rapport, without a process id: leave it.
            None => true,
        };
        if !alive && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = remove_tree(&entry.path());
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes the previous output, which Rapport wrote and has just moved aside.
///
/// In parallel: a site of 10,000 pages is 20,000 files and folders, and
/// unlinking them one by one was a sixth of the whole build.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut dirs: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    // Deepest folders first, each depth in parallel.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        level
            .par_iter()
            .try_for_each(|(_, path)| std::fs::remove_dir(path))?;
    }
    Ok(())
}

fn write_one(root: &Path, rel: &str, file: &OutputFile) -> Result<()> {
    let target = root.join(rel);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    match file {
        OutputFile::Generated(bytes) => std::fs::write(&target, bytes),
        OutputFile::Embedded(bytes) => std::fs::write(&target, bytes),
        OutputFile::Copied(source) => std::fs::copy(source, &target).map(|_| ()),
    }
    .map_err(|e| Error::io(&target, e))
}

/// Whether a `/`-separated output path stays inside its folder.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_rejected() {
        assert!(is_safe_relative("trust/a/index.html"));
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "c:/x",
            "a//b",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }
}
