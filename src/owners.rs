//! One owner per output file, checked before anything is written.
//!
//! Pages, sections and their pagination, taxonomy and FAQ pages, plugin
//! pages, aliases, bundle files, static and theme files, plugin files and
//! the files Rapport writes itself all become files in the output folder.
//! Two of them at one path would mean one silently replaces the other (an
//! alias `index.html` turning the home page into a redirect, a static
//! `index.html` or a plugin file taking its place), so every output path is
//! claimed once, in a fixed order, and a second claim is an error naming
//! both owners.

use std::collections::HashMap;

use crate::config::{CONFIG_FILE, Config};
use crate::error::{Diagnostic, Error, Result};
use crate::output::OutputFile;
use crate::site::{BUILD_FILES, FAQ_PATH, FAQ_TOPIC_TAXONOMY, SEARCH_PATH, Site, alias_path};

/// The folder of the search index.
const SEARCH_BUNDLE: &str = crate::search::BUNDLE_DIR;

/// Checks that no two outputs of `site` share a path. `statics` are the
/// static and theme files (`(path, file)`), `plugin_files` the paths of the
/// files plugins ship.
pub fn check(
    site: &Site,
    config: &Config,
    statics: &[(String, OutputFile)],
    plugin_files: &[&str],
) -> Result<()> {
    let mut owners = Owners::new(config);
    owners.claim_site(site, config);
    for (path, file) in statics {
        let owner = match file {
            OutputFile::Copied(abs) => abs
                .to_str()
                .and_then(|a| {
                    a.rsplit_once("/static/")
                        .map(|(_, rel)| format!("static/{rel}"))
                })
                .unwrap_or_else(|| format!("the static file {path}")),
            _ => format!("the theme's {path}"),
        };
        owners.claim_file(path, &owner, None);
    }
    for path in plugin_files {
        owners.claim_file(path, &format!("a plugin's file {path}"), None);
    }
    if owners.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Diagnostics(owners.problems))
    }
}

/// Output paths (relative to the output folder) and who writes each.
struct Owners {
    base: String,
    /// Whether `search-index/` is the search index's.
    search: bool,
    files: HashMap<String, String>,
    /// Folders the files above need, and the first file that needed each:
    /// a file cannot be written where a folder must be (`sitemap.xml/`).
    dirs: HashMap<String, String>,
    problems: Vec<Diagnostic>,
}

impl Owners {
    fn new(config: &Config) -> Owners {
        let mut owners = Owners {
            base: config.base_path(),
            search: config.search.enabled,
            files: HashMap::new(),
            dirs: HashMap::new(),
            problems: Vec::new(),
        };
        for file in BUILD_FILES {
            owners.claim_file(file, "Rapport itself", None);
        }
        owners
    }

    /// Every page-like output and bundle file of `site`.
    fn claim_site(&mut self, site: &Site, config: &Config) {
        let base = self.base.clone();
        if config.search.enabled {
            self.claim_url(&format!("{base}{SEARCH_PATH}"), "the search page", None);
        }
        self.claim_url(&format!("{base}{FAQ_PATH}"), "the FAQ index", None);
        for section in &site.sections {
            let s = &section.section;
            self.claim_url(&s.path, &s.file, None);
            if let Some(n) = s.meta.paginate_by.filter(|&n| n > 0) {
                for number in 2..=s.pages.len().div_ceil(n) {
                    self.claim_url(&format!("{}page/{number}/", s.path), &s.file, None);
                }
            }
        }
        for taxonomy in &site.taxonomies {
            let owner = format!("the {} taxonomy", taxonomy.name);
            self.claim_url(&taxonomy.path, &owner, None);
            for term in &taxonomy.terms {
                self.claim_url(
                    &term.path,
                    &format!("the {} term \"{}\"", taxonomy.name, term.name),
                    None,
                );
                if taxonomy.name == FAQ_TOPIC_TAXONOMY {
                    let topic = format!("{base}{FAQ_PATH}{}/", term.slug);
                    self.claim_url(&topic, &format!("the FAQ topic \"{}\"", term.name), None);
                }
            }
        }
        for page in &site.pages {
            self.claim_url(&page.page.path, &page.page.file, None);
        }
        for generated in &site.generated {
            let owner = format!(
                "plugin \"{}\" (its page {})",
                generated.plugin, generated.page.path
            );
            self.claim_url(&generated.page.path, &owner, None);
        }
        for (file, list, line) in crate::site::aliases_of(&site.pages, &site.sections) {
            for alias in list {
                if let Some(rel) = alias_path(alias) {
                    let owner = format!("{file} (its alias \"{alias}\")");
                    self.claim_url(&format!("{base}{rel}"), &owner, Some((file, line)));
                }
            }
        }
        let bundles = site
            .pages
            .iter()
            .map(|p| (&p.page.path, &p.page.assets))
            .chain(
                site.sections
                    .iter()
                    .map(|s| (&s.section.path, &s.section.assets)),
            );
        for (dir, assets) in bundles {
            for (abs, rel) in assets {
                let shown = abs
                    .to_str()
                    .and_then(|a| {
                        a.rsplit_once("/content/")
                            .map(|(_, r)| format!("content/{r}"))
                    })
                    .unwrap_or_else(|| rel.clone());
                self.claim_url(&format!("{dir}{rel}"), &shown.clone(), Some((&shown, 0)));
            }
        }
    }

    /// Claims the file a URL path is written to (`/a/` -> `a/index.html`).
    fn claim_url(&mut self, url: &str, owner: &str, place: Option<(&str, usize)>) {
        let rel = url
            .strip_prefix(self.base.as_str())
            .unwrap_or(url.trim_start_matches('/'));
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        self.claim_file(&file, owner, place);
    }

    /// Claims output file `file`; a second owner is a problem naming both.
    fn claim_file(&mut self, file: &str, owner: &str, place: Option<(&str, usize)>) {
        let ancestors: Vec<&str> = file.match_indices('/').map(|(i, _)| &file[..i]).collect();
        let taken = self
            .files
            .get(file)
            .or_else(|| self.dirs.get(file))
            .or_else(|| ancestors.iter().find_map(|dir| self.files.get(*dir)))
            .cloned()
            .or_else(|| {
                (self.search && file.starts_with(SEARCH_BUNDLE))
                    .then(|| format!("the search index ({SEARCH_BUNDLE})"))
            });
        match taken {
            Some(previous) => {
                let (shown, line) = match place {
                    Some((shown, line)) => (shown.to_string(), (line > 0).then_some(line)),
                    None if owner.starts_with("content/") || owner.starts_with("static/") => {
                        (owner.to_string(), None)
                    }
                    None => (CONFIG_FILE.to_string(), None),
                };
                let mut d = Diagnostic::new(
                    shown,
                    format!("{owner} would be written to {file}, which {previous} already writes"),
                )
                .with_help("rename or remove one of them: each file of the site has one source");
                d.line = line;
                self.problems.push(d);
            }
            None => {
                for dir in ancestors {
                    self.dirs
                        .entry(dir.to_string())
                        .or_insert_with(|| owner.to_string());
                }
                self.files.insert(file.to_string(), owner.to_string());
            }
        }
    }
}
