//! Where each source file goes in the new site, and the URL it had.
//!
//! Branch bundles (`_index.md`) stay sections; a leaf bundle (`x/index.md`
//! alone with its files) stays a page bundle; an `x/index.md` beside other
//! pages or folders, and an `x.md` beside a folder `x/`, become `x/_index.md`.
//! Jekyll's `_posts/2024-05-01-x.md` become `posts/x.md`.
//! Every other file beside the pages is copied to the same place.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::detect::{Detected, Generator, is_markdown, is_readme};
use super::report::Note;
use crate::error::{Diagnostic, Error};

/// One markdown file of the source.
#[derive(Debug, Clone)]
pub(crate) struct MarkdownFile {
    /// Relative to the source site (for reading, and in the report).
    pub(crate) source: String,
    /// Relative to the source's content folder, without the extension change.
    pub(crate) content_rel: String,
    /// Relative to the new site (`content/...`).
    pub(crate) dest: String,
    /// Relative to the new site's `content/` (what `@/` links name).
    pub(crate) dest_content: String,
    /// A section index (`_index.md`) in the new site.
    pub(crate) section: bool,
    /// The source URL of the folder the page sits in (`/a/b/`).
    pub(crate) source_dir_url: String,
    /// The new site's URL of that folder.
    pub(crate) dest_dir_url: String,
    /// The page's own name (file stem or bundle folder); `None` for sections.
    pub(crate) stem: Option<String>,
    /// A Jekyll post's date from its file name (`2024-05-01-x.md`).
    pub(crate) post_date: Option<String>,
}

/// Every file of the import, decided before anything is written.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub(crate) markdown: Vec<MarkdownFile>,
    /// (absolute source, relative destination) of every other file.
    pub(crate) copies: Vec<(PathBuf, PathBuf)>,
    pub(crate) notes: Vec<Note>,
    /// Logical paths (`functions/foo`, lowercase, no extension or `index`) to files.
    pub(crate) by_path: HashMap<String, usize>,
    /// Last path segment to files, for Hugo's `ref "foo"`.
    pub(crate) by_name: HashMap<String, Vec<usize>>,
    /// The URL paths (no leading `/`, lowercase) of the copied files.
    pub(crate) file_urls: std::collections::HashSet<String>,
}

/// Folders and files a site's repository keeps that are not site content.
const NOT_CONTENT: &[&str] = &[
    "node_modules",
    "vendor",
    "Gemfile",
    "Gemfile.lock",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "Rakefile",
    "netlify.toml",
    "CNAME",
];

/// Plans the import of `source`.
pub(crate) fn plan(source: &Path, detected: &Detected) -> Result<Plan, Error> {
    let content_root = source.join(&detected.content);
    let jekyll_root =
        detected.generator == Generator::Jekyll && detected.content.as_os_str().is_empty();
    let mut plan = Plan::default();
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let walker = WalkDir::new(&content_root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') || name.starts_with(".#") {
                return false;
            }
            if jekyll_root && e.depth() == 1 {
                return name == "_posts"
                    || (!name.starts_with('_') && !NOT_CONTENT.contains(&name.as_ref()));
            }
            true
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            Error::from(Diagnostic::new(
                content_root.display().to_string(),
                format!("cannot read this folder: {e}"),
            ))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = super::slash_path(
            entry
                .path()
                .strip_prefix(&content_root)
                .unwrap_or(entry.path()),
        );
        let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        if is_markdown(&name) && !(jekyll_root && !rel.contains('/') && is_readme(&name)) {
            markdown.push(rel);
        } else if !(jekyll_root
            && !rel.contains('/')
            && (is_readme(&name) || name.starts_with("_config")))
        {
            others.push(rel);
        }
    }

    // Folders that hold markdown somewhere below them, and their direct markdown files.
    let mut with_markdown: BTreeSet<String> = BTreeSet::new();
    let mut direct: HashMap<String, Vec<String>> = HashMap::new();
    for rel in &markdown {
        let dir = parent(rel);
        direct.entry(dir.to_string()).or_default().push(rel.clone());
        let mut d = dir;
        while !d.is_empty() {
            with_markdown.insert(d.to_string());
            d = parent(d);
        }
    }
    let has_sub_markdown = |dir: &str| {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        with_markdown
            .range(prefix.clone()..)
            .take_while(|d| d.starts_with(&prefix))
            .any(|d| d.len() > prefix.len())
    };
    let exists = |rel: &str| {
        direct
            .get(parent(rel))
            .is_some_and(|v| v.iter().any(|f| f == rel))
    };

    let content_prefix = super::slash_path(&detected.content);
    let source_rel = |rel: &str| {
        if content_prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{content_prefix}/{rel}")
        }
    };
    let lower = detected.generator == Generator::Hugo;
    let mut posts: BTreeSet<String> = BTreeSet::new();

    for rel in &markdown {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let dir = parent(rel);
        let stem_name = name
            .strip_suffix(".markdown")
            .or_else(|| name.strip_suffix(".md"))
            .unwrap_or(name);
        let post = (jekyll_root && rel.starts_with("_posts/"))
            .then(|| jekyll_post(stem_name))
            .flatten();
        let (dest_rel, section, page_dir, stem) = if let Some((_, title)) = post {
            // Jekyll's posts: `_posts/2024-05-01-title.md` -> `posts/title.md`.
            let mut dest = format!("posts/{title}.md");
            if !posts.insert(dest.clone()) {
                dest = format!("posts/{stem_name}.md");
            }
            let stem = dest.trim_start_matches("posts/").trim_end_matches(".md");
            (
                dest.clone(),
                false,
                "posts".to_string(),
                Some(stem.to_string()),
            )
        } else if stem_name == "_index" {
            (
                format!("{}_index.md", with_slash(dir)),
                true,
                dir.to_string(),
                None,
            )
        } else if stem_name == "index" {
            let others_here = direct.get(dir).is_some_and(|v| v.len() > 1);
            let own_index = exists(&format!("{}_index.md", with_slash(dir)));
            if dir.is_empty() && !own_index {
                (String::from("_index.md"), true, String::new(), None)
            } else if own_index {
                // Both indexes: the section keeps the folder's URL.
                plan.notes.push(Note::new(
                    source_rel(rel),
                    format!("`{}index.md` sits beside `{}_index.md`, which keeps the folder's URL as its section page: it became the page `{}index-page.md`; merge the two if they say the same", with_slash(dir), with_slash(dir), with_slash(dir)),
                ));
                (
                    format!("{}index-page.md", with_slash(dir)),
                    false,
                    dir.to_string(),
                    Some("index-page".to_string()),
                )
            } else if others_here || has_sub_markdown(dir) {
                plan.notes.push(Note::new(
                    source_rel(rel),
                    format!("`{dir}/index.md` sits beside other pages or folders: it became `{dir}/_index.md`, the folder's section page"),
                ));
                (format!("{dir}/_index.md"), true, dir.to_string(), None)
            } else {
                let bundle_name = dir.rsplit('/').next().unwrap_or(dir).to_string();
                (
                    format!("{dir}/index.md"),
                    false,
                    parent(dir).to_string(),
                    Some(bundle_name),
                )
            }
        } else {
            let folder = format!("{}{stem_name}", with_slash(dir));
            let folder_has_index = exists(&format!("{folder}/_index.md"))
                || exists(&format!("{folder}/index.md"))
                || exists(&format!("{folder}/index.markdown"));
            if with_markdown.contains(&folder) && !folder_has_index {
                plan.notes.push(Note::new(
                    source_rel(rel),
                    format!("`{folder}.md` sits beside the folder `{folder}/`: it became `{folder}/_index.md`, the folder's section page"),
                ));
                (format!("{folder}/_index.md"), true, folder, None)
            } else {
                (
                    format!("{}{stem_name}.md", with_slash(dir)),
                    false,
                    dir.to_string(),
                    Some(stem_name.to_string()),
                )
            }
        };
        let index = plan.markdown.len();
        let logical = logical_path(rel);
        // A section owns its folder's path over an `index.md` beside it.
        let key = logical.to_lowercase();
        if section || !plan.by_path.contains_key(&key) {
            plan.by_path.insert(key, index);
        }
        let last = logical
            .rsplit('/')
            .next()
            .unwrap_or(&logical)
            .to_lowercase();
        plan.by_name.entry(last).or_default().push(index);
        plan.markdown.push(MarkdownFile {
            source: source_rel(rel),
            content_rel: rel.clone(),
            dest: format!("content/{dest_rel}"),
            dest_content: dest_rel,
            section,
            source_dir_url: source_url(&page_dir, lower),
            dest_dir_url: dest_url(&page_dir),
            stem,
            post_date: post.map(|(date, _)| date.to_string()),
        });
    }

    for rel in others {
        let from = content_root.join(&rel);
        let to = if jekyll_root {
            PathBuf::from("static").join(&rel)
        } else {
            PathBuf::from("content").join(&rel)
        };
        plan.copies.push((from, to));
    }
    // Hugo's and Zola's static/ is served from the site root, as Rapport's is.
    if detected.generator != Generator::Jekyll {
        let static_dir = source.join("static");
        if static_dir.is_dir() {
            for entry in WalkDir::new(&static_dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() {
                    let rel = entry
                        .path()
                        .strip_prefix(&static_dir)
                        .unwrap_or(entry.path());
                    plan.copies.push((
                        entry.path().to_path_buf(),
                        PathBuf::from("static").join(rel),
                    ));
                }
            }
        }
        for folder in [
            "assets",
            "layouts",
            "templates",
            "themes",
            "data",
            "i18n",
            "sass",
        ] {
            if source.join(folder).is_dir() {
                plan.notes.push(Note::new(
                    format!("{folder}/"),
                    format!("not imported: {folder}/ belongs to the old generator's templates or pipeline; Rapport uses its own theme (templates/ and static/ of the new site override it)"),
                ));
            }
        }
    }
    plan.file_urls = plan
        .copies
        .iter()
        .map(|(_, to)| {
            let url: Vec<_> = to.iter().skip(1).map(|c| c.to_string_lossy()).collect();
            url.join("/").to_lowercase()
        })
        .collect();
    Ok(plan)
}

/// A Jekyll post's file stem (`2024-05-01-first-steps`) as its date and title.
fn jekyll_post(stem: &str) -> Option<(&str, &str)> {
    let date = stem.get(..10)?;
    let bytes = date.as_bytes();
    let is_date = bytes.iter().enumerate().all(|(i, b)| match i {
        4 | 7 => *b == b'-',
        _ => b.is_ascii_digit(),
    });
    let title = stem.get(10..)?.strip_prefix('-')?;
    (is_date && !title.is_empty()).then_some((date, title))
}

/// `a/b/c.md` -> `a/b`.
pub(crate) fn parent(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..i])
}

fn with_slash(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// The path Hugo's `ref` names a file by: no extension, no `index`/`_index`.
fn logical_path(rel: &str) -> String {
    let no_ext = rel
        .strip_suffix(".markdown")
        .or_else(|| rel.strip_suffix(".md"))
        .unwrap_or(rel);
    let trimmed = no_ext
        .strip_suffix("/_index")
        .or_else(|| no_ext.strip_suffix("/index"))
        .unwrap_or(no_ext);
    match trimmed {
        "_index" | "index" => String::new(),
        other => other.to_string(),
    }
}

/// The old site's URL of a folder: its path, lowercased for Hugo.
pub(crate) fn source_url(dir: &str, lower: bool) -> String {
    let mut url = String::from("/");
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        let segment = segment.replace(' ', "-");
        url.push_str(&if lower {
            segment.to_lowercase()
        } else {
            segment
        });
        url.push('/');
    }
    url
}

/// Rapport's URL of a folder: each name slugified.
pub(crate) fn dest_url(dir: &str) -> String {
    let mut url = String::from("/");
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        url.push_str(&slug::slugify(segment));
        url.push('/');
    }
    url
}
