//! A whole site: any set of files builds or fails with diagnostics, never a
//! panic, and what it builds keeps the invariants a published site relies on.
//!
//! The input is the site as text: the part before the first `@@ path` line
//! is `rapport.toml`, each `@@ path` line starts a file. The files go to a
//! folder in `/dev/shm` (memory), the output stays in memory. Search and
//! external plugins are turned off whatever the config says: the first is
//! slow enough to starve the fuzzer, the second would run the input's
//! commands.
#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use rapport::output::OutputFile;
use rapport::pipeline::{Session, load_config};

/// A folder of this process's own, emptied before each input.
fn site_root() -> PathBuf {
    let base = Path::new("/dev/shm");
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    base.join(format!("rapport-fuzz-site-{}", std::process::id()))
}

/// A file name made safe: plain components only, so nothing lands outside
/// the site folder or in the output folder.
fn clean_path(raw: &str) -> Option<String> {
    let parts: Vec<String> = raw
        .split(['/', '\\'])
        .map(|p| {
            p.chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect::<String>()
        })
        .filter(|p| !p.is_empty() && p != "." && p != ".." && p != "public")
        .take(4)
        .collect();
    (!parts.is_empty() && parts.join("/") != "rapport.toml").then(|| parts.join("/"))
}

/// The site the input describes: path -> text.
fn split_site(text: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut current = "rapport.toml".to_string();
    let mut body = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("@@ ") {
            files.insert(std::mem::take(&mut current), std::mem::take(&mut body));
            current = clean_path(path.trim_end()).unwrap_or_else(|| "content/x.md".into());
            if files.len() > 24 {
                break;
            }
        } else {
            body.push_str(line);
        }
    }
    files.insert(current, body);
    files
}

/// Where the raw text of a JSON-LD block could close its script element.
fn json_ld_is_closed(html: &str) -> bool {
    let open = "<script type=\"application/ld+json\">";
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find("</script>") else {
            return false;
        };
        if after[..end].contains('<') {
            return false;
        }
        rest = &after[end..];
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = split_site(text);
    let root = site_root();
    let _ = std::fs::remove_dir_all(&root);
    for (path, body) in &files {
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return; // a file where a folder should be: not a site
            }
        }
        if std::fs::write(&target, body).is_err() {
            return;
        }
    }
    let Ok(mut config) = load_config(&root, None) else {
        return;
    };
    config.search.enabled = false;
    config.plugins.retain(|_, table| !table.contains_key("command"));

    let written: Mutex<Vec<(String, OutputFile)>> = Mutex::new(Vec::new());
    let sink = |path: String, file: OutputFile| {
        written.lock().unwrap().push((path, file));
        Ok(())
    };
    let result = Session::start_with(&root, config, true, None, rapport::site::Sources::Keep, &sink);
    let _ = std::fs::remove_dir_all(&root);
    match result {
        Ok(_) => {
            for (path, file) in written.into_inner().unwrap() {
                // Every output path stays inside the output folder.
                assert!(!path.is_empty() && !path.starts_with('/'), "{path:?}");
                assert!(!path.contains('\\'), "{path:?}");
                assert!(
                    path.split('/').all(|p| !p.is_empty() && p != "." && p != ".."),
                    "{path:?}"
                );
                match file {
                    OutputFile::Copied(from) => {
                        // A copied file is one of the site's own.
                        assert!(from.starts_with(&root), "{from:?}");
                    }
                    OutputFile::Generated(bytes) if path.ends_with(".html") => {
                        let html = String::from_utf8_lossy(&bytes);
                        assert!(json_ld_is_closed(&html), "{path}: raw < in JSON-LD");
                    }
                    _ => {}
                }
            }
        }
        Err(error) => {
            for d in error.diagnostics() {
                // A line named is a line of the file named.
                if let (Some(body), Some(line)) = (files.get(&d.file), d.line) {
                    let lines = body.lines().count().max(1);
                    assert!(line >= 1 && line <= lines + 1, "{d:?}");
                }
            }
        }
    }
});
