//! Watching the site's files with notify, debounced, and rebuilding.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::{Builder, SiteState, watched_paths};

/// How long the file system must be quiet before a rebuild. Short: editors
/// save in a burst of events (write a temporary file, rename it) that the
/// debouncer folds into one within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(5);

/// A running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    _debouncer: Box<dyn std::any::Any + Send>,
}

/// Starts watching the site at `root` and rebuilding on change.
pub(crate) fn start(
    root: PathBuf,
    mut builder: Builder,
    state: Arc<SiteState>,
) -> anyhow::Result<Watcher> {
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(2)), sender)
        .context("cannot watch files")?;
    for path in watched_paths(&root) {
        debouncer
            .watch(&path, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", path.display()))?;
    }
    // The site folder itself, not recursively: rapport.toml, and content/ or
    // static/ appearing later.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    std::thread::spawn(move || {
        while let Ok(result) = receiver.recv() {
            // Fold whatever else is already queued into this rebuild.
            let mut batches = vec![result];
            while let Ok(more) = receiver.try_recv() {
                batches.push(more);
            }
            let mut changed: Vec<PathBuf> = Vec::new();
            for batch in batches {
                match batch {
                    Ok(events) => {
                        for event in events.iter().filter(|e| is_change(&e.kind)) {
                            changed.extend(
                                event
                                    .paths
                                    .iter()
                                    .filter(|p| is_relevant(&root, p))
                                    .cloned(),
                            );
                        }
                    }
                    Err(errors) => {
                        for error in errors {
                            let _ = writeln!(std::io::stderr(), "warning: watching files: {error}");
                        }
                    }
                }
            }
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            builder.rebuild(&changed, &state);
        }
    });
    Ok(Watcher {
        _debouncer: Box::new(debouncer),
    })
}

/// Whether an event changes a file. Reads must not count: inotify reports
/// them, and the rebuild's own reads would trigger the next rebuild.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Whether a change to `path` can change the site.
fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if rapport::content::is_ignored_name(name) {
        return false;
    }
    let mut parts = rel.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some("rapport.toml") => parts.next().is_none(),
        Some(dir) => super::WATCHED_DIRS.contains(&dir),
        None => false,
    }
}
