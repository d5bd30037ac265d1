//! Loading: walk `content/`, split and parse front matter, and lay out the
//! sections, pages and bundle assets with their output URLs.
//!
//! The walk is serial (walkdir is cheap); reading and parsing is parallel. No
//! markdown is rendered here: that is the next stage's job.

pub mod front_matter;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use front_matter::{Date, PageFrontMatter, SectionFrontMatter, SortBy};

use crate::config::{Config, Untranslated};
use crate::error::{Diagnostic, Error, Result, line_of_offset, suggest};

/// The folder of markdown inside a site.
pub const CONTENT_DIR: &str = "content";

/// A page as loaded: its front matter, its markdown, and where it goes.
#[derive(Debug, Clone)]
pub struct Page {
    /// The source file relative to the site root (`content/trust/a.md`), for messages.
    pub file: String,
    /// The source path relative to `content/` with `/` separators (`trust/a.md`),
    /// the key internal links use.
    pub content_path: String,
    /// The folder relative links are resolved from (`trust`, or the bundle folder).
    pub link_dir: String,
    /// The parsed front matter.
    pub meta: PageFrontMatter,
    /// The front matter text, kept to locate keys in later messages.
    pub front_matter: String,
    /// The markdown after the front matter.
    pub body: String,
    /// The 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// The URL path, starting and ending with `/` (`/trust/a/`).
    pub path: String,
    /// The index of the section the page belongs to.
    pub section: usize,
    /// Files beside a bundle's `index.md`: (absolute source, path relative to the page).
    pub assets: Vec<(PathBuf, String)>,
    /// In a further language: the page has no translation, so this is the
    /// original's text, published with a notice.
    pub untranslated: bool,
}

/// A section: a folder of pages, maybe with an `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` relative to the site root, or the folder for a section without one.
    pub file: String,
    /// The folder relative to `content/` (`""` for the home section).
    pub dir: String,
    /// The parsed front matter (defaults when there is no `_index.md`).
    pub meta: SectionFrontMatter,
    /// The front matter text, kept to locate keys in later messages.
    pub front_matter: String,
    /// The title: from front matter, else from the folder name.
    pub title: String,
    /// The markdown of `_index.md` after the front matter.
    pub body: String,
    /// The 1-based line where `body` starts.
    pub body_line: usize,
    /// The URL path (`/trust/`).
    pub path: String,
    /// The parent section's index; `None` for the home section.
    pub parent: Option<usize>,
    /// Child sections, in navigation order.
    pub subsections: Vec<usize>,
    /// The section's pages, in the section's sort order.
    pub pages: Vec<usize>,
    /// Files in the section folder that are not markdown, copied beside its listing.
    pub assets: Vec<(PathBuf, String)>,
    /// In a further language: `_index.md` has no translation, so the
    /// introduction is the original's.
    pub untranslated: bool,
}

impl Section {
    /// Its `_index.md` as a content path (`trust/_index.md`), the target of `@/` links.
    pub fn content_path(&self) -> String {
        if self.dir.is_empty() {
            "_index.md".into()
        } else {
            format!("{}/_index.md", self.dir)
        }
    }
}

/// Everything under `content/`, loaded.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Every page that will be published (drafts only with `--drafts`).
    pub pages: Vec<Page>,
    /// Every section; index 0 is the home section.
    pub sections: Vec<Section>,
    /// Pages left out as drafts, by content path, so a link to one gets a clear message.
    pub drafts: BTreeSet<String>,
    /// In a further language with `untranslated = "omit"`: the pages left
    /// out for want of a translation, by content path, with their URL in the
    /// site's language, where links to them go.
    pub elsewhere: BTreeMap<String, String>,
    /// The site's folder, where images and sounds of `static/` are read from.
    pub root: Option<PathBuf>,
}

/// Whether a file or folder name is hidden or an editor's temporary file.
///
/// Editors save through such files (`.#a.md` from Emacs, `a.md~` from many,
/// `.a.md.swp` from Vim); building them would publish half-written text.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Reads a file as UTF-8, turning each failure into a diagnostic for `display`.
pub fn read_text(path: &Path, display: &str) -> std::result::Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::new(display, format!("cannot read the file: {e}"))
            .with_help("check that the file exists and that you may read it")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
        Diagnostic::new(display, "the file is not valid UTF-8 text")
            .at_line(line_of_offset(&text, good))
            .with_help("save the file as UTF-8 in your editor")
    })
}

enum Entry {
    Page { abs: PathBuf, rel: String },
    Bundle { abs: PathBuf, rel: String },
    SectionIndex { abs: PathBuf, rel: String },
    Asset { abs: PathBuf, rel: String },
}

/// Loads every page and section under `root/content`; `plugin_keys` are the
/// page front matter keys the enabled plugins declared.
pub fn load(root: &Path, config: &Config, drafts: bool, plugin_keys: &[String]) -> Result<Library> {
    let content = root.join(CONTENT_DIR);
    // In a further language: the originals of its translations, for a
    // translation that turns out to be a draft.
    let mut originals = BTreeMap::new();
    let Sources {
        section_dirs,
        page_sources,
        index_sources,
        loose_assets,
        mut bundle_assets,
        mut diagnostics,
    } = Sources::of(for_language(
        walk(&content, &config.further_codes())?,
        config,
        &mut originals,
    ));

    // Sections, in folder order, so indices are stable between builds.
    let dirs: Vec<String> = section_dirs.into_iter().collect();
    let loaded_sections: Vec<std::result::Result<Section, Vec<Diagnostic>>> = dirs
        .par_iter()
        .map(|dir| {
            load_section(
                dir,
                index_sources.get(dir).map(PathBuf::as_path),
                loose_assets.get(dir).cloned().unwrap_or_default(),
                plugin_keys,
            )
        })
        .collect();
    let further = config.further_language();
    let mut sections = Vec::with_capacity(dirs.len());
    for s in loaded_sections {
        match s {
            Ok(mut s) => {
                if let (Some(code), Some(abs)) = (further, index_sources.get(&s.dir)) {
                    s.untranslated = !is_translation(abs, code);
                }
                sections.push(s)
            }
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    // Every file's front matter is read before stopping, so one build reports
    // every problem of every file.
    let loaded_pages: Vec<std::result::Result<Option<Page>, Vec<Diagnostic>>> = page_sources
        .par_iter()
        .map(|(abs, rel)| load_page(abs, rel, drafts, plugin_keys))
        .collect();
    if sections.len() != dirs.len() {
        for result in loaded_pages {
            if let Err(mut d) = result {
                diagnostics.append(&mut d);
            }
        }
        return Err(Error::Diagnostics(diagnostics));
    }
    let section_index: BTreeMap<&str, usize> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.as_str(), i))
        .collect();
    link_sections(&mut sections, &section_index);
    assign_section_paths(&mut sections, &config.base_path(), &mut diagnostics);
    // Pages' taxonomies are checked where their terms are gathered
    // (`site::build_taxonomies`); sections join no term listing, so here.
    for section in &sections {
        for name in section.meta.taxonomies.keys() {
            if !config.taxonomies.contains_key(name) {
                diagnostics.push(unknown_taxonomy(
                    &section.file,
                    name,
                    section.key_line(name),
                    config,
                ));
            }
        }
    }

    let mut pages = Vec::new();
    let mut draft_paths = BTreeSet::new();
    let mut elsewhere = BTreeMap::new();
    let omit = config.translations.untranslated == Untranslated::Omit;
    for (result, (_, rel)) in loaded_pages.into_iter().zip(&page_sources) {
        // A translation left out as a draft: the original stands in for it.
        let result = match (result, originals.get(rel)) {
            (Ok(None), Some(original)) => load_page(original, rel, drafts, plugin_keys),
            (result, _) => result,
        };
        match result {
            Ok(Some(mut page)) => {
                if let Some(code) = further {
                    // By the file it was read from: the original, when the
                    // translation is a draft.
                    page.untranslated = !is_translation(Path::new(&page.file), code);
                    if page.untranslated && omit {
                        // Its URL in the site's language is filled in by the pipeline.
                        elsewhere.insert(rel.clone(), String::new());
                        continue;
                    }
                }
                let dir = if rel.ends_with("/index.md") {
                    let bundle_dir = parent_dir(rel);
                    page.assets = bundle_assets.remove(bundle_dir).unwrap_or_default();
                    parent_dir(bundle_dir)
                } else {
                    parent_dir(rel)
                };
                page.section = section_index[dir];
                pages.push(page);
            }
            Ok(None) => {
                draft_paths.insert(rel.clone());
            }
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    for page in &mut pages {
        let section = &sections[page.section];
        match page_slug(page) {
            Ok(slug) => page.path = format!("{}{slug}/", section.path),
            Err(d) => diagnostics.push(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }
    order_sections(&mut sections, &pages);
    Ok(Library {
        pages,
        sections,
        drafts: draft_paths,
        elsewhere,
        root: Some(root.to_path_buf()),
    })
}

/// What the walk found, sorted out: which folders are sections, the page and
/// section index files, and the other files by the section or bundle they
/// belong to; misplaced markdown is a diagnostic.
struct Sources {
    section_dirs: BTreeSet<String>,
    page_sources: Vec<(PathBuf, String)>,
    index_sources: BTreeMap<String, PathBuf>,
    loose_assets: BTreeMap<String, Vec<(PathBuf, String)>>,
    bundle_assets: BTreeMap<String, Vec<(PathBuf, String)>>,
    diagnostics: Vec<Diagnostic>,
}

impl Sources {
    fn of(entries: Vec<Entry>) -> Sources {
        let bundles: BTreeSet<String> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Bundle { rel, .. } => Some(parent_dir(rel).to_string()),
                _ => None,
            })
            .collect();
        // The outermost bundle folder holding `rel`, found by walking its
        // ancestors (depth lookups, not a scan of every bundle per file).
        let in_bundle = |rel: &str| -> Option<&String> {
            rel.match_indices('/')
                .find_map(|(i, _)| bundles.get(&rel[..i]))
        };
        let mut sources = Sources {
            section_dirs: BTreeSet::from([String::new()]),
            page_sources: Vec::new(),
            index_sources: BTreeMap::new(),
            loose_assets: BTreeMap::new(),
            bundle_assets: BTreeMap::new(),
            diagnostics: Vec::new(),
        };
        for entry in entries {
            match entry {
                Entry::Page { abs, rel } | Entry::Bundle { abs, rel } => {
                    let own_bundle = rel.ends_with("/index.md").then(|| parent_dir(&rel));
                    if let Some(bundle) = in_bundle(&rel).filter(|b| Some(b.as_str()) != own_bundle)
                    {
                        sources.diagnostics.push(
                            Diagnostic::new(
                                display_path(&rel),
                                format!("a markdown file inside the page bundle `{bundle}/`"),
                            )
                            .with_help(format!(
                                "if {bundle}/index.md is the folder's own page (a Hugo branch bundle, a Jekyll or Metalsmith folder index), rename it {bundle}/_index.md to make the folder a section; otherwise move this file out: a bundle holds one page"
                            )),
                        );
                        continue;
                    }
                    let bundle = rel.ends_with("/index.md") || rel == "index.md";
                    let dir = if bundle {
                        parent_dir(parent_dir(&rel))
                    } else {
                        parent_dir(&rel)
                    };
                    add_with_ancestors(&mut sources.section_dirs, dir);
                    sources.page_sources.push((abs, rel));
                }
                Entry::SectionIndex { abs, rel } => {
                    if let Some(bundle) = in_bundle(&rel) {
                        sources.diagnostics.push(
                            Diagnostic::new(
                                display_path(&rel),
                                format!("a section index inside the page bundle `{bundle}/`"),
                            )
                            .with_help("rename the bundle's index.md to make the folder a section, or move _index.md out"),
                        );
                        continue;
                    }
                    let dir = parent_dir(&rel).to_string();
                    add_with_ancestors(&mut sources.section_dirs, &dir);
                    sources.index_sources.insert(dir, abs);
                }
                Entry::Asset { abs, rel } => match in_bundle(&rel) {
                    Some(bundle) => {
                        let inner = rel[bundle.len() + 1..].to_string();
                        sources
                            .bundle_assets
                            .entry(bundle.clone())
                            .or_default()
                            .push((abs, inner));
                    }
                    None => {
                        let dir = parent_dir(&rel).to_string();
                        let name =
                            rel[if dir.is_empty() { 0 } else { dir.len() + 1 }..].to_string();
                        sources
                            .loose_assets
                            .entry(dir)
                            .or_default()
                            .push((abs, name));
                    }
                },
            }
        }
        sources
    }
}

/// Gives each section its parent and its parent the section.
fn link_sections(sections: &mut [Section], section_index: &BTreeMap<&str, usize>) {
    for i in 0..sections.len() {
        let dir = sections[i].dir.clone();
        if !dir.is_empty() {
            let parent = section_index[parent_dir(&dir)];
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }
    }
}

/// Lists each section's pages in its sort order, and its subsections by
/// weight, then title.
fn order_sections(sections: &mut [Section], pages: &[Page]) {
    for i in 0..sections.len() {
        let mut members: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].section == i)
            .collect();
        sort_pages(&mut members, pages, sections[i].meta.sort_by);
        sections[i].pages = members;
        let mut subs = std::mem::take(&mut sections[i].subsections);
        subs.sort_by(|&a, &b| {
            let (sa, sb) = (&sections[a], &sections[b]);
            (sa.meta.weight.unwrap_or(i64::MAX), &sa.title)
                .cmp(&(sb.meta.weight.unwrap_or(i64::MAX), &sb.title))
        });
        sections[i].subsections = subs;
    }
}

/// The markdown files of one language of the site, from everything the walk
/// found (each with the further language its name carries, `a.es.md`):
/// the site's language takes the files without a language; a further
/// language takes its own, and the original where it has none (an
/// untranslated page, left out later with `untranslated = "omit"`). Other
/// files belong to every language.
fn for_language(
    entries: Vec<(Entry, Option<String>)>,
    config: &Config,
    originals: &mut BTreeMap<String, PathBuf>,
) -> Vec<Entry> {
    let further = config.further_language();
    let translated: BTreeSet<String> = match further {
        Some(code) => entries
            .iter()
            .filter(|(_, lang)| lang.as_deref() == Some(code))
            .map(|(entry, _)| entry.rel().to_string())
            .collect(),
        None => BTreeSet::new(),
    };
    let mut kept = Vec::with_capacity(entries.len());
    for (entry, lang) in entries {
        let keep = match (lang.as_deref(), further) {
            (None, None) => true,
            (Some(_), None) => false,
            (Some(lang), Some(code)) => lang == code,
            (None, Some(_)) => !translated.contains(entry.rel()),
        };
        if keep {
            kept.push(entry);
        } else if let (None, Entry::Page { abs, rel } | Entry::Bundle { abs, rel }) =
            (&lang, &entry)
        {
            originals.insert(rel.clone(), abs.clone());
        }
    }
    kept
}

/// `name` without the further language it names (`a.es.md` -> `a.md`, `es`),
/// if it names one of `codes` (without case: `a.pt-br.md` is `pt-BR`'s).
fn split_language(name: &str, codes: &[&str]) -> Option<(String, String)> {
    let stem = name.strip_suffix(".md")?;
    let (base, tag) = stem.rsplit_once('.')?;
    let code = codes.iter().find(|c| c.eq_ignore_ascii_case(tag))?;
    (!base.is_empty()).then(|| (format!("{base}.md"), code.to_string()))
}

/// How a loaded file is named in messages: its own name, which for a
/// translation (`a.es.md`) differs from the name it is known by (`a.md`).
fn shown_file(abs: &Path, rel: &str) -> String {
    match abs.file_name().and_then(|n| n.to_str()) {
        Some(name) => display_path(&join_rel(parent_dir(rel), name)),
        None => display_path(rel),
    }
}

/// Whether `abs` is a translation into `code` (`a.es.md`).
fn is_translation(abs: &Path, code: &str) -> bool {
    abs.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".md"))
        .and_then(|stem| stem.rsplit_once('.'))
        .is_some_and(|(_, c)| c.eq_ignore_ascii_case(code))
}

impl Entry {
    fn rel(&self) -> &str {
        match self {
            Entry::Page { rel, .. }
            | Entry::Bundle { rel, .. }
            | Entry::SectionIndex { rel, .. }
            | Entry::Asset { rel, .. } => rel,
        }
    }
}

/// Lists what is under `content/`, in a stable order, skipping hidden and
/// temp files; a markdown file named for one of `codes` (`a.es.md`) is
/// listed by its untranslated name with its language.
fn walk(content: &Path, codes: &[&str]) -> Result<Vec<(Entry, Option<String>)>> {
    let mut entries = Vec::new();
    let root = content.parent().unwrap_or(content);
    let mut outside = Vec::new();
    let walker = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_none_or(is_ignored_name));
    for item in walker {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content.to_path_buf());
                return Err(Diagnostic::new(
                    path.display().to_string(),
                    format!("cannot read this part of content/: {e}"),
                )
                .with_help("check that the folder exists and that you may read it")
                .into());
            }
        };
        if item.file_type().is_dir() {
            continue;
        }
        if item.depth() == 0 {
            // `content/` itself, a link: followed when it points inside the site.
            if let Some(problem) = link_outside(root, item.path()) {
                return Err(problem.into());
            }
            continue;
        }
        // walkdir does not follow links, so it knows which entries are
        // links without another `lstat` per file (1% of a build).
        if item.path_is_symlink() {
            if let Some(problem) = link_outside(root, item.path()) {
                outside.push(problem);
                continue;
            }
        }
        let rel_path = item.path().strip_prefix(content).unwrap_or(item.path());
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            return Err(Diagnostic::new(
                item.path().display().to_string(),
                "the file name is not valid UTF-8",
            )
            .with_help("rename the file using UTF-8 characters")
            .into());
        };
        let abs = item.path().to_path_buf();
        let mut name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        let mut language = None;
        let mut rel = rel;
        if let Some((plain, code)) = split_language(&name, codes) {
            rel = join_rel(parent_dir(&rel), &plain);
            name = plain;
            language = Some(code);
        }
        let entry = if name == "_index.md" {
            Entry::SectionIndex { abs, rel }
        } else if name == "index.md" && rel != "index.md" {
            Entry::Bundle { abs, rel }
        } else if name.ends_with(".md") {
            Entry::Page { abs, rel }
        } else {
            Entry::Asset { abs, rel }
        };
        entries.push((entry, language));
    }
    if !outside.is_empty() {
        return Err(Error::Diagnostics(outside));
    }
    Ok(entries)
}

/// A problem when `path` is a symbolic link whose target lies outside the
/// site folder `root`: Rapport publishes only what the site holds, never a
/// private file a link points at (`/etc/passwd`). A link to a file inside
/// the site is followed like the file itself.
pub fn link_outside(root: &Path, path: &Path) -> Option<Diagnostic> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    // A link to nowhere is left to the read, which reports it as unreadable.
    let resolved = std::fs::canonicalize(path).ok()?;
    let site = std::fs::canonicalize(root).ok()?;
    let inside = resolved.starts_with(&site);
    let shown = path
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.display().to_string());
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    (!inside).then(|| {
        Diagnostic::new(
            shown,
            format!("this is a symbolic link to {target}, outside the site folder: Rapport does not publish it"),
        )
        .with_help("copy what it points at into the site instead of linking to it, or remove the link")
    })
}

fn load_section(
    dir: &str,
    index: Option<&Path>,
    assets: Vec<(PathBuf, String)>,
    plugin_keys: &[String],
) -> std::result::Result<Section, Vec<Diagnostic>> {
    let fallback_title = || match dir.rsplit('/').next() {
        Some(name) if !name.is_empty() => title_case(name),
        _ => "Home".to_string(),
    };
    let (file, meta, front_matter, body, body_line) = match index {
        Some(abs) => {
            let file = shown_file(abs, &join_rel(dir, "_index.md"));
            let text = read_text(abs, &file).map_err(|d| vec![d])?;
            let split = front_matter::split(&file, &text, true).map_err(|d| vec![d])?;
            let meta = front_matter::parse_section(&file, &split, plugin_keys)?;
            let body = split.body.to_string();
            (file, meta, split.head.to_string(), body, split.body_line)
        }
        None => (
            display_path(dir),
            SectionFrontMatter::default(),
            String::new(),
            String::new(),
            1,
        ),
    };
    let title = meta.title.clone().unwrap_or_else(fallback_title);
    Ok(Section {
        file,
        dir: dir.to_string(),
        meta,
        front_matter,
        title,
        body,
        body_line,
        path: String::new(),
        parent: None,
        subsections: Vec::new(),
        pages: Vec::new(),
        assets,
        untranslated: false,
    })
}

/// YAML (as JSON) to TOML; `None` for null, which TOML cannot hold.
pub fn json_to_toml(value: serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as J;
    Some(match value {
        J::Null => return None,
        J::Bool(b) => toml::Value::Boolean(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or_default()),
        },
        J::String(s) => toml::Value::String(s),
        J::Array(items) => toml::Value::Array(items.into_iter().filter_map(json_to_toml).collect()),
        J::Object(map) => toml::Value::Table(
            map.into_iter()
                .filter_map(|(k, v)| json_to_toml(v).map(|v| (k, v)))
                .collect(),
        ),
    })
}

/// Loads one page file; `None` when it is a draft left out.
pub fn load_page(
    abs: &Path,
    rel: &str,
    drafts: bool,
    plugin_keys: &[String],
) -> std::result::Result<Option<Page>, Vec<Diagnostic>> {
    let file = shown_file(abs, rel);
    let text = read_text(abs, &file).map_err(|d| vec![d])?;
    let split = front_matter::split(&file, &text, false).map_err(|d| vec![d])?;
    let meta = front_matter::parse_page(&file, &split, plugin_keys)?;
    if meta.title.trim().is_empty() {
        return Err(vec![
            Diagnostic::new(&file, "the title is empty")
                .at_line(split.front_matter_line)
                .with_help("write a title, e.g. title = \"Building trust in therapy\""),
        ]);
    }
    if meta.draft && !drafts {
        return Ok(None);
    }
    let link_dir = parent_dir(rel).to_string();
    Ok(Some(Page {
        file,
        content_path: rel.to_string(),
        link_dir,
        front_matter: split.head.to_string(),
        body: split.body.to_string(),
        body_line: split.body_line,
        meta,
        path: String::new(),
        section: 0,
        assets: Vec::new(),
        untranslated: false,
    }))
}

impl Page {
    /// The file line of front matter key `key` (`template`, `topics`), or of
    /// the front matter's first line when the key is not found.
    pub fn key_line(&self, key: &str) -> usize {
        key_line(&self.front_matter, key)
    }
}

impl Section {
    /// The file line of front matter key `key` in `_index.md`, as for pages.
    pub fn key_line(&self, key: &str) -> usize {
        key_line(&self.front_matter, key)
    }
}

/// The file line of `key` in `head` (a page's or section's text up to its
/// closing fence, as kept on pages and sections), at any depth; or the line
/// after the opening fence. TOML keys are found by toml's spans, YAML keys
/// (`key:`) by their line.
pub fn key_line(head: &str, key: &str) -> usize {
    // The lints ask for keys a page lacks (`last_reviewed` on a page never
    // reviewed) three times a page: no key without its name in the text.
    if !contains(head, key) {
        let opening = head.lines().position(|line| !line.trim().is_empty());
        return opening.map_or(1, |i| i + 2);
    }
    let mut opening = None;
    let mut offset = 0;
    for (index, line) in head.split_inclusive('\n').enumerate() {
        offset += line.len();
        let trimmed = line.trim_start();
        if opening.is_none() && !trimmed.is_empty() {
            opening = Some(index);
            if trimmed.trim_end() == "+++" {
                let toml = &head[offset..];
                if let Some(line) = plain_key_line(toml, key) {
                    return index + 1 + line;
                }
                let found = crate::schema::TomlKeys::parse(toml).and_then(|keys| {
                    let span = keys.find(key)?;
                    Some(keys.line_column(span.start).0)
                });
                if let Some(line) = found {
                    return index + 1 + line;
                }
            }
            continue;
        }
        let is_key = trimmed.strip_prefix(key).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('=') || rest.starts_with(':')
        });
        if is_key {
            return index + 1;
        }
    }
    opening.map_or(1, |i| i + 2)
}

/// The line (from 1) of `key = ...` in TOML `text` when no line before it
/// names the key or could hide one (a table header, an inline table, a
/// quoted key, a multi-line string): what toml's spans say, without
/// parsing. The lints ask for a key's line several times a page.
fn plain_key_line(text: &str, key: &str) -> Option<usize> {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key).map(str::trim_start);
        if rest.is_some_and(|rest| rest.starts_with('=')) {
            return Some(index + 1);
        }
        let hides_a_key = contains(line, key)
            || line.contains('{')
            || contains(line, "\"\"\"")
            || contains(line, "'''")
            || trimmed.starts_with(['"', '\'']);
        if hides_a_key {
            return None;
        }
    }
    None
}

/// Whether `text` holds `word`: for the short texts of front matter, where
/// `str::contains` spends most of its time preparing its search.
fn contains(text: &str, word: &str) -> bool {
    let Some((&first, rest)) = word.as_bytes().split_first() else {
        return true;
    };
    memchr::memchr_iter(first, text.as_bytes()).any(|i| text.as_bytes()[i + 1..].starts_with(rest))
}

/// A taxonomy that `rapport.toml` does not declare, named in `file`'s
/// `[taxonomies]` at `line`: the same error for pages and sections.
pub fn unknown_taxonomy(file: &str, name: &str, line: usize, config: &Config) -> Diagnostic {
    let help = match suggest(name, config.taxonomies.keys().map(String::as_str)) {
        Some(n) => format!("did you mean \"{n}\"?"),
        None => format!("add it to rapport.toml: [taxonomies] {name} = \"{name}\""),
    };
    Diagnostic::new(file, format!("unknown taxonomy \"{name}\""))
        .at_line(line)
        .with_help(help)
}

fn assign_section_paths(
    sections: &mut [Section],
    base_path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Sections are sorted by folder, so a parent always comes before its children.
    for i in 0..sections.len() {
        let path = match sections[i].parent {
            None => base_path.to_string(),
            Some(parent) => {
                let name = sections[i].dir.rsplit('/').next().unwrap_or_default();
                let segment = slug::slugify(name);
                if segment.is_empty() {
                    diagnostics.push(
                        Diagnostic::new(
                            &sections[i].file,
                            format!("the folder name \"{name}\" gives an empty URL"),
                        )
                        .with_help("rename the folder with letters or digits"),
                    );
                }
                format!("{}{segment}/", sections[parent].path)
            }
        };
        sections[i].path = path;
    }
}

/// The last URL segment of a page: its `slug`, or its file or bundle name.
pub fn page_slug(page: &Page) -> std::result::Result<String, Diagnostic> {
    if let Some(slug) = &page.meta.slug {
        let safe = !slug.is_empty()
            && slug != "."
            && slug != ".."
            && slug
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !safe {
            return Err(Diagnostic::new(
                &page.file,
                format!("slug \"{slug}\" is not a single URL segment"),
            )
            .with_help(format!(
                "use letters, digits and hyphens only, e.g. slug = \"{}\"",
                slug::slugify(slug)
            )));
        }
        return Ok(slug.clone());
    }
    let rel = page.content_path.as_str();
    let stem = if rel.ends_with("/index.md") {
        parent_dir(rel).rsplit('/').next().unwrap_or_default()
    } else {
        let name = rel.rsplit('/').next().unwrap_or_default();
        name.strip_suffix(".md").unwrap_or(name)
    };
    let slug = slug::slugify(stem);
    if slug.is_empty() {
        return Err(
            Diagnostic::new(&page.file, "the file name gives an empty URL")
                .with_help("rename the file with letters or digits, or set slug = \"...\""),
        );
    }
    Ok(slug)
}

/// Puts a section's pages (`members`, indices into `pages`) in its order.
pub fn sort_pages(members: &mut [usize], pages: &[Page], sort_by: SortBy) {
    // Cached keys: a lowercase title is made once per page, not per comparison.
    let title = |i: usize| {
        (
            pages[i].meta.title.to_lowercase(),
            pages[i].content_path.clone(),
        )
    };
    match sort_by {
        SortBy::Weight => {
            members.sort_by_cached_key(|&i| (pages[i].meta.weight.unwrap_or(i64::MAX), title(i)))
        }
        // Newest first; undated pages last.
        SortBy::Date => members
            .sort_by_cached_key(|&i| (std::cmp::Reverse(pages[i].meta.date.clone()), title(i))),
        SortBy::Title => members.sort_by_cached_key(|&i| title(i)),
    }
}

fn add_with_ancestors(set: &mut BTreeSet<String>, dir: &str) {
    let mut dir = dir;
    while !dir.is_empty() && set.insert(dir.to_string()) {
        dir = parent_dir(dir);
    }
}

/// The folder part of a `/`-separated relative path (`""` at the top).
pub fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[..i]).unwrap_or("")
}

fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// How a path under `content/` is shown in messages.
pub fn display_path(rel: &str) -> String {
    if rel.is_empty() {
        CONTENT_DIR.to_string()
    } else {
        format!("{CONTENT_DIR}/{rel}")
    }
}

fn title_case(name: &str) -> String {
    let words: Vec<String> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_editor_temp_files() {
        for name in [".#a.md", "a.md~", ".a.md.swp", ".hidden", "#a.md#"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.md"));
    }

    #[test]
    fn a_keys_line_without_parsing_is_the_line_toml_gives() {
        let toml = concat!(
            "title = \"Trust\"\n",
            "topics = [\"trust\",\n  \"sessions\"]\n",
            "description = \"\"\"\nreviewed_by = \"x\"\n\"\"\"\n",
            "author = { name = \"A\", audience = \"adults\" }\n",
            "\"quoted\" = 1\n",
            "[extra]\nlast_reviewed = 2026-01-01\naudience = \"teens\"\n",
        );
        for key in [
            "title",
            "topics",
            "description",
            "reviewed_by",
            "audience",
            "quoted",
            "last_reviewed",
            "missing",
        ] {
            let keys = crate::schema::TomlKeys::parse(toml).unwrap();
            let parsed = keys.find(key).map(|span| keys.line_column(span.start).0);
            if let Some(plain) = plain_key_line(toml, key) {
                assert_eq!(Some(plain), parsed, "{key}");
            }
        }
        assert_eq!(plain_key_line(toml, "title"), Some(1));
        assert_eq!(
            plain_key_line(toml, "audience"),
            None,
            "it sits in an inline table first"
        );
    }

    #[test]
    fn a_missing_key_is_placed_after_the_opening_fence() {
        let head = "\n+++\ntitle = \"A\"\n[extra]\nnote = 1\n+++\n";
        assert_eq!(key_line(head, "last_reviewed"), 3);
        assert_eq!(key_line(head, "note"), 5);
        assert_eq!(key_line("---\ntitle: A\n---\n", "reviewed_by"), 2);
        assert_eq!(key_line("", "title"), 1);
    }

    #[test]
    fn titles_from_folder_names() {
        assert_eq!(title_case("first-steps"), "First Steps");
    }
}
