//! Test helpers: [`SiteTest`] makes a site in a fresh folder, runs the real
//! binary on it, and reads back what it wrote.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a fresh folder of its own.
pub struct SiteTest {
    /// The site folder.
    pub root: PathBuf,
}

impl SiteTest {
    /// An empty site folder (with an empty `content/`).
    pub fn new(name: &str) -> SiteTest {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sites");
        let root = base.join(format!("{name}-{}-{n}", std::process::id()));
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        std::fs::create_dir_all(root.join("content")).unwrap();
        SiteTest { root }
    }

    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> SiteTest {
        let site = SiteTest::new(name);
        copy_dir(&repo_root().join("tests/fixtures").join(name), &site.root);
        site
    }

    /// A copy of the example site at the repository root.
    pub fn example() -> SiteTest {
        let site = SiteTest::new("example");
        copy_dir(&repo_root().join("content"), &site.root.join("content"));
        std::fs::copy(
            repo_root().join("rapport.toml"),
            site.root.join("rapport.toml"),
        )
        .unwrap();
        site
    }

    /// Writes `text` to `rel` inside the site, creating folders.
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        self.bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes to `rel` inside the site.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// A page with a title and a body.
    pub fn page(&self, rel: &str, title: &str, body: &str) -> &Self {
        self.file(
            &format!("content/{rel}"),
            &format!("+++\ntitle = \"{title}\"\n+++\n{body}"),
        )
    }

    /// Runs `rapport build --root ROOT` plus `args`.
    pub fn build(&self, args: &[&str]) -> Run {
        self.run(&["build"], args)
    }

    /// Runs `rapport COMMAND --root ROOT` plus `args`.
    pub fn run(&self, command: &[&str], args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(command)
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .expect("the rapport binary runs");
        Run::from(output)
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Reads an output file as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Reads a file of the site itself (not of its output) as text.
    pub fn read_source(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Parses an output HTML file.
    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts success and returns self.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts a clean failure: exit code 1, no panic, and every `needle` in stderr.
    #[track_caller]
    pub fn fails_with(self, needles: &[&str]) -> Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the build panicked:\n{}",
            self.stderr
        );
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// Every file under `dir`: relative path -> bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for (rel, entry) in files_below(dir) {
        files.insert(rel, std::fs::read(&entry).unwrap_or_default());
    }
    files
}

/// Every file below `dir`, sorted, with its path relative to `dir` (`/`-separated).
pub fn files_below(dir: &Path) -> Vec<(String, PathBuf)> {
    walkdir(dir)
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, path)
        })
        .collect()
}

/// Every file of the example site's `content/`, named as it is published:
/// a translation `trust/a.es.md` as `es/trust/a.md`, the folder its
/// language's pages go under; other files as they are.
pub fn example_content() -> Vec<(String, PathBuf)> {
    let config = rapport::config::Config::load(&repo_root()).unwrap();
    files_below(&repo_root().join("content"))
        .into_iter()
        .map(|(rel, path)| {
            let Some(stem) = rel.strip_suffix(".md") else {
                return (rel, path);
            };
            match stem.rsplit_once('.') {
                Some((base, code)) if config.languages.contains_key(code) => {
                    (format!("{code}/{base}.md"), path)
                }
                _ => (rel, path),
            }
        })
        .collect()
}

/// The language of an output file of the example site: `es` for `es/...`.
pub fn example_language_of(rel: &str) -> String {
    let config = rapport::config::Config::load(&repo_root()).unwrap();
    let first = rel
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    if config.languages.contains_key(first) {
        first.to_string()
    } else {
        config.language
    }
}

/// Every file below `dir`, recursively, sorted.
pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for file in walkdir(from) {
        let rel = file.strip_prefix(from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&file, &target).unwrap();
    }
}

/// Selects every element matching `selector` in `html`.
pub fn select<'a>(html: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector)
        .unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"));
    html.select(&selector).collect()
}

/// The text of the first element matching `selector`.
#[track_caller]
pub fn text_of(html: &scraper::Html, selector: &str) -> String {
    let found = select(html, selector);
    let first = found
        .first()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    first.text().collect::<String>().trim().to_string()
}

/// The findings of `rapport check --format json` (JSON Lines), each checked
/// to carry every key of the format.
pub fn json_findings(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            for key in [
                "code", "severity", "file", "line", "column", "message", "help",
            ] {
                assert!(value.get(key).is_some(), "{key} missing in {line}");
            }
            value
        })
        .collect()
}

/// [`json_findings`] as (code, file, line) triples.
pub fn finding_triples(run: &Run) -> Vec<(String, String, Option<u64>)> {
    json_findings(run)
        .iter()
        .map(|value| {
            (
                value["code"].as_str().unwrap().to_string(),
                value["file"].as_str().unwrap().to_string(),
                value["line"].as_u64(),
            )
        })
        .collect()
}
