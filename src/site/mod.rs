//! Assembly: render every page's markdown (in parallel), then join the pages
//! into a site: taxonomies, previous/next links, and one owner for every
//! output URL. Links are checked later ([`crate::links`]), once plugins have
//! added their pages.

pub mod menu;
pub mod translations;

use std::collections::{BTreeMap, HashMap};

use rapport_plugin::Plugin;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Library, Page, Section};
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::{self, MarkdownContext, MarkdownSource, RenderedMarkdown};

/// A page with its rendered markdown and its neighbours.
#[derive(Debug)]
pub struct SitePage {
    /// The loaded page.
    pub page: Page,
    /// Its rendered body.
    pub rendered: RenderedMarkdown,
    /// The page before it in its section's order.
    pub previous: Option<usize>,
    /// The page after it in its section's order.
    pub next: Option<usize>,
    /// The plugin pages made for this page ([`rapport_plugin::NewPage::for_page`]),
    /// as indices into [`Site::generated`].
    pub companions: Vec<usize>,
}

/// A section with its rendered introduction.
#[derive(Debug)]
pub struct SiteSection {
    /// The loaded section.
    pub section: Section,
    /// Its rendered `_index.md` body.
    pub rendered: RenderedMarkdown,
}

/// One term of a taxonomy (`topics` -> `trust`).
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as authors wrote it.
    pub name: String,
    /// Its URL segment.
    pub slug: String,
    /// Its URL path (`/topics/trust/`).
    pub path: String,
    /// Pages carrying it, newest first, then by title.
    pub pages: Vec<usize>,
}

/// A taxonomy and its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its name in front matter (`topics`).
    pub name: String,
    /// Its display title (`Topics`).
    pub title: String,
    /// Its URL path (`/topics/`).
    pub path: String,
    /// Its terms, by name.
    pub terms: Vec<Term>,
}

/// A page a plugin added, ready to render (plugins make it; the site holds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedPage {
    /// The plugin that made it.
    pub plugin: String,
    /// The page.
    pub page: rapport_plugin::NewPage,
}

/// The assembled site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Every published page.
    pub pages: Vec<SitePage>,
    /// Every section; index 0 is home.
    pub sections: Vec<SiteSection>,
    /// Every configured taxonomy, in config order.
    pub taxonomies: Vec<Taxonomy>,
    /// Pages plugins added (filled by the plugins stage).
    pub generated: Vec<GeneratedPage>,
    /// Pages of the site's language this language leaves out untranslated:
    /// content path -> URL, so links to them still lead somewhere.
    pub elsewhere: BTreeMap<String, String>,
    /// The site's languages and which outputs translate which (filled by
    /// the pipeline once every language is assembled; empty with one language).
    pub translations: std::sync::Arc<translations::Translations>,
}

/// The FAQ index's path below the site root.
pub const FAQ_PATH: &str = "faq/";

/// The search page's path below the site root.
pub const SEARCH_PATH: &str = "search/";

/// The taxonomy whose terms narrow the FAQ index.
pub const FAQ_TOPIC_TAXONOMY: &str = "topics";

/// Files the build itself writes at the site root besides pages; no page,
/// alias or plugin may take them.
pub const BUILD_FILES: &[&str] = &[
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
    "syntax.css",
    "print.css",
];

/// What an earlier build made that is still valid, so an incremental build
/// redoes only what changed.
#[derive(Debug, Default)]
pub struct Reuse {
    /// Rendered markdown per page of the library, in order; `None` (or a
    /// short list) means "render it".
    pub pages: Vec<Option<RenderedMarkdown>>,
    /// Rendered markdown per section of the library, in order.
    pub sections: Vec<Option<RenderedMarkdown>>,
    /// The taxonomies, when no page changed its terms, date, title, URL or
    /// aliases: then terms and URL owners need no new check either.
    pub taxonomies: Option<Vec<Taxonomy>>,
}

/// Whether the assembled site keeps each page's markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sources {
    /// Kept: `rapport serve` keys its lint cache by them and `rapport check
    /// --external` reads their links.
    Keep,
    /// Dropped as soon as a page's pass has read it, for a one-off build:
    /// its memory then holds the next pages' HTML. Nothing after the pass
    /// reads a page's markdown there (the lints read the pass's scan), and
    /// at 10,000 pages this was 56 MB of the peak and a fifth of the page
    /// faults.
    Drop,
}

/// Renders every page's markdown and assembles the site.
pub fn assemble(
    library: Library,
    config: &Config,
    plugins: &[Box<dyn Plugin>],
    sources: Sources,
) -> Result<Site> {
    assemble_reusing(library, Reuse::default(), config, plugins, sources)
}

/// Every file of the content folder that is not markdown (bundle and
/// section files), by output URL path without `base_path`: the images and
/// sounds bodies may show.
fn content_files(library: &Library, base_path: &str) -> HashMap<String, std::path::PathBuf> {
    let base = base_path.trim_start_matches('/');
    let pages = library.pages.iter().map(|p| (&p.path, &p.assets));
    let sections = library.sections.iter().map(|s| (&s.path, &s.assets));
    pages
        .chain(sections)
        .flat_map(|(path, assets)| {
            let folder = path.trim_start_matches('/');
            let folder = folder.strip_prefix(base).unwrap_or(folder);
            assets
                .iter()
                .map(move |(abs, rel)| (format!("{folder}{rel}"), abs.clone()))
        })
        .collect()
}

/// What the markdown pass reads of `page`.
fn page_source(page: &Page) -> MarkdownSource<'_> {
    MarkdownSource {
        file: &page.file,
        content_path: &page.content_path,
        link_dir: &page.link_dir,
        page_path: &page.path,
        text: &page.body,
        first_line: page.body_line,
        glossary: markdown::GlossaryUse {
            enabled: page.meta.glossary != Some(false),
            skip: &page.meta.glossary_skip,
        },
    }
}

/// Assembles the site, rendering only the markdown `reuse` does not hold.
/// The caller vouches that what it holds is still valid: same text, same
/// link targets, same drafts.
pub fn assemble_reusing(
    mut library: Library,
    mut reuse: Reuse,
    config: &Config,
    plugins: &[Box<dyn Plugin>],
    sources: Sources,
) -> Result<Site> {
    let mut link_targets: HashMap<String, String> = HashMap::new();
    for page in &library.pages {
        link_targets.insert(page.content_path.clone(), page.path.clone());
    }
    for section in &library.sections {
        link_targets.insert(section.content_path(), section.path.clone());
    }
    for (content_path, url) in &library.elsewhere {
        link_targets.insert(content_path.clone(), url.clone());
    }
    let callouts = config.callout_kinds();
    let content_files = content_files(&library, &config.base_path());
    let base_path = config.base_path();
    let root = library.root.clone();
    let ctx = MarkdownContext {
        language: &config.language,
        link_targets: &link_targets,
        drafts: &library.drafts,
        smart_punctuation: config.markdown.smart_punctuation,
        faq_headings: &config.faq.headings,
        plugins,
        callouts: &callouts,
        heading_links: config.markdown.heading_links,
        root: root.as_deref(),
        base_path: &base_path,
        glossary: None,
        content_files: &content_files,
        image_widths: &config.images.widths,
    };
    // The glossary page is rendered first: its terms, with the ids it gave
    // them, are what every other page links.
    reuse.pages.resize_with(library.pages.len(), || None);
    let glossary_index = library
        .pages
        .iter()
        .position(|p| markdown::glossary::is_glossary_page(&p.content_path));
    let mut glossary_problems = Vec::new();
    let glossary = glossary_index.and_then(|i| {
        let page = &library.pages[i];
        let rendered = match reuse.pages[i].take() {
            Some(rendered) => rendered,
            None => match markdown::render(&page_source(page), &ctx) {
                Ok(rendered) => rendered,
                Err(mut d) => {
                    glossary_problems.append(&mut d);
                    return None;
                }
            },
        };
        let glossary = markdown::glossary::Glossary::new(&page.path, rendered.terms.clone());
        reuse.pages[i] = Some(rendered);
        Some(glossary)
    });
    let ctx = MarkdownContext {
        glossary: glossary.as_ref(),
        ..ctx
    };

    let mut diagnostics = glossary_problems;
    reuse.sections.resize_with(library.sections.len(), || None);
    let page_results: Vec<_> = library
        .pages
        .par_iter_mut()
        .zip(reuse.pages.par_iter_mut())
        .map(|(page, reused)| {
            let rendered = match reused.take() {
                Some(rendered) => Ok(rendered),
                None => markdown::render(&page_source(page), &ctx),
            };
            if sources == Sources::Drop {
                page.body = String::new();
            }
            rendered
        })
        .collect();
    let section_results: Vec<_> = library
        .sections
        .par_iter()
        .zip(reuse.sections.par_iter_mut())
        .map(|(section, reused)| {
            if let Some(rendered) = reused.take() {
                return Ok(rendered);
            }
            let content_path = section.content_path();
            markdown::render(
                &MarkdownSource {
                    file: &section.file,
                    content_path: &content_path,
                    link_dir: &section.dir,
                    page_path: &section.path,
                    text: &section.body,
                    first_line: section.body_line,
                    glossary: Default::default(),
                },
                &ctx,
            )
        })
        .collect();

    let mut pages = Vec::with_capacity(library.pages.len());
    for (page, result) in library.pages.into_iter().zip(page_results) {
        match result {
            Ok(rendered) => pages.push(SitePage {
                page,
                rendered,
                previous: None,
                next: None,
                companions: Vec::new(),
            }),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    let mut sections = Vec::with_capacity(library.sections.len());
    for (section, result) in library.sections.into_iter().zip(section_results) {
        match result {
            Ok(rendered) => sections.push(SiteSection { section, rendered }),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }

    let taxonomies = match reuse.taxonomies {
        Some(taxonomies) => taxonomies,
        None => {
            let taxonomies = build_taxonomies(&pages, config, &mut diagnostics);
            check_url_owners(&pages, &sections, &taxonomies, config, &mut diagnostics);
            taxonomies
        }
    };
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }

    for section in &sections {
        for pair in section.section.pages.windows(2) {
            pages[pair[0]].next = Some(pair[1]);
            pages[pair[1]].previous = Some(pair[0]);
        }
    }
    Ok(Site {
        pages,
        sections,
        taxonomies,
        generated: Vec::new(),
        elsewhere: library.elsewhere,
        translations: Default::default(),
    })
}

fn build_taxonomies(
    pages: &[SitePage],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    let base = config.base_path();
    for page in pages {
        for name in page.page.meta.taxonomies.keys() {
            if !config.taxonomies.contains_key(name) {
                diagnostics.push(crate::content::unknown_taxonomy(
                    &page.page.file,
                    name,
                    page.page.key_line(name),
                    config,
                ));
            }
        }
    }
    config
        .taxonomies
        .iter()
        .map(|(name, title)| {
            let path = format!("{base}{name}/");
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            // Thousands of pages share a few terms: slugify each name once.
            let mut slugs: HashMap<&str, String> = HashMap::new();
            // An untranslated page's terms are the original language's words.
            let translated = pages
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.page.untranslated);
            for (index, page) in translated {
                for term in page.page.meta.taxonomies.get(name).into_iter().flatten() {
                    let slug = slugs
                        .entry(term.as_str())
                        .or_insert_with(|| slug::slugify(term))
                        .clone();
                    if slug.is_empty() {
                        diagnostics.push(
                            Diagnostic::new(
                                &page.page.file,
                                format!("the {name} term \"{term}\" gives an empty URL"),
                            )
                            .at_line(page.page.key_line(name))
                            .with_help("use a term with letters or digits"),
                        );
                        continue;
                    }
                    let entry = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: term.clone(),
                        path: format!("{path}{slug}/"),
                        slug,
                        pages: Vec::new(),
                    });
                    // Pages come in order, so a repeat can only be the last one.
                    if entry.pages.last() != Some(&index) {
                        entry.pages.push(index);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            // A term may hold thousands of pages: its sort is on a core of its own.
            terms.par_iter_mut().for_each(|term| {
                term.pages.sort_by(|&a, &b| {
                    let (pa, pb) = (&pages[a].page, &pages[b].page);
                    pb.meta
                        .date
                        .cmp(&pa.meta.date)
                        .then_with(|| pa.meta.title.cmp(&pb.meta.title))
                        .then_with(|| pa.content_path.cmp(&pb.content_path))
                });
            });
            Taxonomy {
                name: name.clone(),
                title: title.clone(),
                path,
                terms,
            }
        })
        .collect()
}

/// Two sources writing one URL would silently lose one of them.
fn check_url_owners(
    pages: &[SitePage],
    sections: &[SiteSection],
    taxonomies: &[Taxonomy],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let base = config.base_path();
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    for reserved in BUILD_FILES {
        owners.insert(format!("{base}{reserved}"), "Rapport itself".into());
    }
    if config.search.enabled {
        owners.insert(format!("{base}{SEARCH_PATH}"), "the search page".into());
    }
    let mut claim =
        |path: String, owner: &str, line: Option<usize>, diagnostics: &mut Vec<Diagnostic>| {
            if let Some(previous) = owners.get(&path) {
                let mut d = Diagnostic::new(
                    owner,
                    format!("this page would be written to {path}, which {previous} also writes"),
                )
                .with_help("give one of them a different `slug` or file name");
                d.line = line;
                diagnostics.push(d);
            } else {
                owners.insert(path, owner.to_string());
            }
        };
    for section in sections {
        claim(
            section.section.path.clone(),
            &section.section.file,
            None,
            diagnostics,
        );
    }
    for taxonomy in taxonomies {
        claim(
            taxonomy.path.clone(),
            &format!("the {} taxonomy", taxonomy.name),
            None,
            diagnostics,
        );
        for term in &taxonomy.terms {
            claim(
                term.path.clone(),
                &format!("the {} term \"{}\"", taxonomy.name, term.name),
                None,
                diagnostics,
            );
        }
    }
    for page in pages {
        claim(page.page.path.clone(), &page.page.file, None, diagnostics);
    }
    for (file, list, line) in aliases_of(pages, sections) {
        for alias in list {
            match alias_path(alias) {
                Some(rel) => claim(format!("{base}{rel}"), file, Some(line), diagnostics),
                None => diagnostics.push(
                    Diagnostic::new(
                        file,
                        format!("the alias \"{alias}\" is not a path inside the site"),
                    )
                    .at_line(line)
                    .with_help("write aliases as paths such as \"old/page/\", without `..`"),
                ),
            }
        }
    }
}

/// The aliases of pages, then of sections (`_index.md` takes `aliases`
/// too), each with its file and the line of its `aliases` key; only files
/// that have some, as finding the line reads the front matter.
pub fn aliases_of<'a>(
    pages: &'a [SitePage],
    sections: &'a [SiteSection],
) -> impl Iterator<Item = (&'a String, &'a Vec<String>, usize)> + 'a {
    let pages = pages
        .iter()
        .map(|p| (&p.page.file, &p.page.meta.aliases, &p.page.front_matter));
    let sections = sections.iter().map(|s| {
        let section = &s.section;
        (&section.file, &section.meta.aliases, &section.front_matter)
    });
    pages
        .chain(sections)
        .filter(|(_, aliases, _)| !aliases.is_empty())
        .map(|(file, aliases, head)| (file, aliases, crate::content::key_line(head, "aliases")))
}

/// Where an alias redirect is written, relative to the site root; `None` if
/// the alias could escape the output folder.
pub fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let safe = !trimmed.is_empty()
        && !trimmed.contains('\\')
        && !trimmed.contains(':')
        && trimmed.split('/').all(|s| s != ".." && s != ".");
    if !safe {
        return None;
    }
    if trimmed.ends_with(".html") {
        Some(trimmed.to_string())
    } else {
        Some(format!("{}/", trimmed.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(alias_path("/old/page").as_deref(), Some("old/page/"));
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
        assert_eq!(alias_path("../etc"), None);
        assert_eq!(alias_path("a/../../b"), None);
        assert_eq!(alias_path("C:\\x"), None);
    }
}
