//! The link check: every link, image and raw-HTML URL of every body,
//! resolved as a reader's browser would, against what the site will contain.
//!
//! It runs after the plugins stage, so it knows every output URL (pages,
//! sections and their pagination, taxonomy and FAQ pages, plugin pages,
//! aliases, the fixed files) and every file (static, theme, plugin assets,
//! bundle assets), and never reads the output folder: `build`, `serve` and
//! `check` see the same result. Every broken link and anchor of the site is
//! reported in one run.

use std::borrow::Cow;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::display_path;
use crate::error::{Code, Diagnostic, Error, Result, suggest_close};
use crate::markdown::{LinkKind, LinkRef, RenderedMarkdown, Written, classify};
use crate::site::{BUILD_FILES, FAQ_PATH, FAQ_TOPIC_TAXONOMY, SEARCH_PATH, Site, alias_path};

/// What is at one URL of the site.
struct Target<'a> {
    /// The ids a link may name after `#`; `None` when not known before
    /// rendering (listings, files), so any anchor is accepted.
    anchors: Option<Cow<'a, crate::html::Anchors>>,
    /// The source file, for messages.
    file: Option<&'a str>,
}

/// Every URL the site will have, and every content file's URL.
pub struct SiteUrls<'a> {
    base: String,
    /// By URL: Fx, not SipHash, as the check looks up every link of every
    /// page here (the map and the check were 10 ms on one core at 10,000
    /// pages).
    targets: FxHashMap<String, Target<'a>>,
    content: FxHashMap<String, &'a str>,
    drafts: &'a BTreeSet<String>,
}

/// One body whose links are checked.
struct Document<'a> {
    file: &'a str,
    link_dir: &'a str,
    path: &'a str,
    rendered: &'a RenderedMarkdown,
}

/// Checks every link of `site`. `files` are the site-relative paths of static,
/// theme and plugin files; bundle assets come from the site itself.
/// `other_languages` are the URLs of the site's other languages (empty with
/// one), which a page may link to (`/es/`, or the original of an
/// untranslated page) though their anchors are not known here.
pub fn check<'a>(
    site: &'a Site,
    config: &Config,
    drafts: &'a BTreeSet<String>,
    files: impl IntoIterator<Item = &'a str>,
    other_languages: &BTreeSet<String>,
) -> Result<()> {
    let mut urls = SiteUrls::of(site, config, drafts, files);
    for url in other_languages {
        urls.targets.entry(url.clone()).or_insert(Target {
            anchors: None,
            file: None,
        });
    }
    let documents: Vec<Document<'_>> = site
        .pages
        .iter()
        .map(|p| Document {
            file: &p.page.file,
            link_dir: &p.page.link_dir,
            path: &p.page.path,
            rendered: &p.rendered,
        })
        .chain(site.sections.iter().map(|s| Document {
            file: &s.section.file,
            link_dir: &s.section.dir,
            path: &s.section.path,
            rendered: &s.rendered,
        }))
        .collect();
    let mut diagnostics: Vec<Diagnostic> = documents
        .par_iter()
        .flat_map_iter(|doc| {
            doc.rendered
                .links
                .iter()
                .filter_map(|link| urls.check_link(doc, link))
                .collect::<Vec<_>>()
        })
        .collect();
    diagnostics.extend(crate::site::menu::problems(site, config));
    if diagnostics.is_empty() {
        return Ok(());
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Err(Error::Diagnostics(diagnostics))
}

impl<'a> SiteUrls<'a> {
    /// Every URL `site` will have once rendered.
    pub fn of(
        site: &'a Site,
        config: &Config,
        drafts: &'a BTreeSet<String>,
        files: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let base = config.base_path();
        let mut urls = SiteUrls {
            targets: FxHashMap::with_capacity_and_hasher(site.pages.len() * 2, Default::default()),
            content: FxHashMap::with_capacity_and_hasher(site.pages.len(), Default::default()),
            drafts,
            // Root-relative links may leave a language's home for the
            // site's shared files: "under the base" means the whole site's.
            base: config.root_path(),
        };
        let unknown = || Target {
            anchors: None,
            file: None,
        };
        for page in &site.pages {
            let page_file = &page.page;
            urls.content
                .insert(page_file.content_path.clone(), &page_file.path);
            urls.targets.insert(
                page_file.path.clone(),
                Target {
                    anchors: Some(Cow::Borrowed(&page.rendered.anchors)),
                    file: Some(&page_file.file),
                },
            );
            for (_, rel) in &page_file.assets {
                urls.targets
                    .insert(format!("{}{rel}", page_file.path), unknown());
            }
            for alias in &page_file.meta.aliases {
                if let Some(rel) = alias_path(alias) {
                    urls.targets.insert(format!("{base}{rel}"), unknown());
                }
            }
        }
        for section in &site.sections {
            let s = &section.section;
            urls.content.insert(s.content_path(), &s.path);
            urls.targets.insert(
                s.path.clone(),
                Target {
                    anchors: Some(Cow::Borrowed(&section.rendered.anchors)),
                    file: Some(&s.file),
                },
            );
            if let Some(n) = s.meta.paginate_by.filter(|&n| n > 0) {
                for number in 2..=s.pages.len().div_ceil(n) {
                    urls.targets
                        .insert(format!("{}page/{number}/", s.path), unknown());
                }
            }
            for (_, rel) in &s.assets {
                urls.targets.insert(format!("{}{rel}", s.path), unknown());
            }
            for alias in &s.meta.aliases {
                if let Some(rel) = alias_path(alias) {
                    urls.targets.insert(format!("{base}{rel}"), unknown());
                }
            }
        }
        for taxonomy in &site.taxonomies {
            urls.targets.insert(taxonomy.path.clone(), unknown());
            for term in &taxonomy.terms {
                urls.targets.insert(term.path.clone(), unknown());
                if taxonomy.name == FAQ_TOPIC_TAXONOMY {
                    urls.targets
                        .insert(format!("{base}{FAQ_PATH}{}/", term.slug), unknown());
                }
            }
        }
        urls.targets.insert(format!("{base}{FAQ_PATH}"), unknown());
        if config.search.enabled {
            urls.targets
                .insert(format!("{base}{SEARCH_PATH}"), unknown());
        }
        // Read in parallel: a plugin may add a page for every page.
        let generated: Vec<_> = site
            .generated
            .par_iter()
            .map(|g| crate::html::anchors(&g.page.content_html))
            .collect();
        for (page, anchors) in site.generated.iter().zip(generated) {
            urls.targets.insert(
                page.page.path.clone(),
                Target {
                    anchors: Some(Cow::Owned(anchors)),
                    file: None,
                },
            );
        }
        // Each language writes its own feed, print stylesheet and 404 page;
        // the rest (sitemap, robots.txt, static, theme and plugin files) is
        // the whole site's, at its root.
        let root = config.root_path();
        for file in BUILD_FILES {
            let own = matches!(*file, "atom.xml" | "print.css" | "404.html");
            let at = if own { &base } else { &root };
            urls.targets.insert(format!("{at}{file}"), unknown());
        }
        for file in files {
            urls.targets.insert(format!("{root}{file}"), unknown());
        }
        // Pages this language leaves out untranslated: links go to the original.
        for (content_path, url) in &site.elsewhere {
            urls.content.insert(content_path.clone(), url);
            urls.targets.insert(url.clone(), unknown());
        }
        urls
    }

    /// Every URL of the site (pages, listings, files), for the link check
    /// of its other languages.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.targets.keys()
    }

    /// What is at `url` (a path), as a static host serves it: percent-encoding
    /// decoded, `index.html` or a missing trailing slash leading to the folder.
    fn find(&self, url: &str) -> Option<&Target<'a>> {
        let decoded = percent_decode_str(url).decode_utf8_lossy();
        if let Some(target) = self.targets.get(decoded.as_ref()) {
            return Some(target);
        }
        if let Some(dir) = decoded.strip_suffix("index.html") {
            if dir.ends_with('/') {
                return self.targets.get(dir);
            }
        }
        if !decoded.ends_with('/') {
            return self.targets.get(&format!("{decoded}/"));
        }
        None
    }

    /// The problem with `link` of `doc`, if it has one.
    fn check_link(&self, doc: &Document<'_>, link: &LinkRef) -> Option<Diagnostic> {
        let noun = link.kind.noun();
        let dest = &link.dest;
        let broken = |message: String, help: String| {
            Some(
                Diagnostic::new(doc.file, message)
                    .at(link.line, link.column)
                    .with_code(Code::BrokenLink)
                    .with_help(help),
            )
        };
        let raw_html = matches!(link.kind, LinkKind::Html(_));
        let (url, anchor) = match classify(dest, doc.link_dir) {
            Written::External | Written::SamePage(None) => return None,
            Written::SamePage(Some(anchor)) => (doc.path.to_string(), Some(anchor)),
            Written::OutsideContent => {
                return broken(
                    format!("the {noun} \"{dest}\" points outside content/"),
                    "link to a page inside content/, e.g. @/trust/first-session.md".into(),
                );
            }
            Written::Content(target, anchor) => {
                let Some(&url) = self.content.get(target.as_str()) else {
                    return self.missing_content(doc, link, &target);
                };
                if raw_html {
                    let fixed = match anchor {
                        Some(a) => format!("{url}#{a}"),
                        None => url.to_string(),
                    };
                    return broken(
                        format!(
                            "the {noun} \"{dest}\" is in raw HTML, which Rapport does not rewrite, so a browser cannot follow it"
                        ),
                        format!("write the page's URL, {noun}=\"{fixed}\", or use a markdown link"),
                    );
                }
                (url.to_string(), anchor)
            }
            Written::Url(path, anchor) => {
                let url = if path.starts_with('/') {
                    if !self.under_base(path) {
                        let fixed = format!("{}{}", self.base, path.trim_start_matches('/'));
                        return broken(
                            format!(
                                "the {noun} \"{dest}\" leaves the site: it lives under {}",
                                self.base
                            ),
                            format!(
                                "write \"{fixed}\" (the base path of base_url), or a link relative to this page"
                            ),
                        );
                    }
                    normalize(path)
                } else {
                    normalize(&format!("{}{path}", doc.path))
                };
                (url, anchor)
            }
        };
        let Some(target) = self.find(&url) else {
            let help = match suggest_close(&url, self.targets.keys().map(String::as_str)) {
                Some(near) => format!("did you mean {near}?"),
                None => "check the path: pages end in /, files come from static/ or sit beside the page's index.md".into(),
            };
            let shown = if url == *dest {
                String::new()
            } else {
                format!(" ({url})")
            };
            return broken(
                format!(
                    "the {noun} \"{dest}\"{shown} goes to a page or file the site does not have"
                ),
                help,
            );
        };
        let anchor = percent_decode_str(anchor?).decode_utf8_lossy();
        let ids = target.anchors.as_ref()?;
        // `#top` scrolls to the top in every browser, with or without an id.
        if anchor.is_empty() || anchor == "top" || ids.contains(anchor.as_ref()) {
            return None;
        }
        let place = match target.file {
            Some(file) if file == doc.file => "this page".to_string(),
            Some(file) => file.to_string(),
            None => url.clone(),
        };
        let help = match suggest_close(&anchor, ids.iter().map(String::as_str)) {
            Some(near) => format!("did you mean #{near}?"),
            None => format!(
                "add {{#{anchor}}} after the heading you mean in {place}, or id=\"{anchor}\" to an element, or fix the anchor"
            ),
        };
        broken(
            format!("the anchor #{anchor} does not exist in {place}"),
            help,
        )
    }

    /// A link to a content file that is not published.
    fn missing_content(
        &self,
        doc: &Document<'_>,
        link: &LinkRef,
        target: &str,
    ) -> Option<Diagnostic> {
        let (noun, dest) = (link.kind.noun(), &link.dest);
        let (message, help) = if self.drafts.contains(target) {
            (
                format!(
                    "the {noun} \"{dest}\" points to {}, which is a draft",
                    display_path(target)
                ),
                "publish that page (remove `draft = true`), remove the link, or build with --drafts"
                    .to_string(),
            )
        } else {
            let help = match suggest_close(target, self.content.keys().map(String::as_str)) {
                Some(near) => format!("did you mean @/{near}?"),
                None => {
                    "check the path: links are relative to content/ when they start with @/".into()
                }
            };
            (
                format!(
                    "the {noun} \"{dest}\" points to {}, which does not exist",
                    display_path(target)
                ),
                help,
            )
        };
        Some(
            Diagnostic::new(doc.file, message)
                .at(link.line, link.column)
                .with_code(Code::BrokenLink)
                .with_help(help),
        )
    }

    /// Whether a root-relative `path` stays under the site's base path.
    fn under_base(&self, path: &str) -> bool {
        self.base == "/" || path.starts_with(&self.base) || path == self.base.trim_end_matches('/')
    }
}

/// `path` with `.` and `..` segments applied as a browser does (never above
/// the root), keeping a trailing slash.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for segment in &segments {
        match *segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let folder = matches!(segments.last(), Some(&("" | "." | "..")));
    let mut url = format!("/{}", parts.join("/"));
    if folder && !url.ends_with('/') {
        url.push('/');
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_as_browsers_do() {
        assert_eq!(normalize("/a/b/../c/"), "/a/c/");
        assert_eq!(normalize("/a/b/./"), "/a/b/");
        assert_eq!(normalize("/a/../../x.png"), "/x.png");
        assert_eq!(normalize("/a/b/.."), "/a/");
        assert_eq!(normalize("/"), "/");
    }
}
