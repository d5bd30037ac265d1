//! What templates see: small serialisable views borrowed from the site.
//!
//! A page's context holds that page and light references to its neighbours,
//! never the whole site, so rendering N pages costs O(N), not O(N^2).

use serde::Serialize;

use crate::config::{Config, CrisisConfig, QuickExitConfig};
use crate::content::Date;
use crate::markdown::TocEntry;
use crate::site::{Site, SitePage, SiteSection, Taxonomy, Term};

/// A date in the two forms templates want.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// `2026-03-14`, for `datetime` attributes.
    pub iso: String,
    /// `14 March 2026`, for people.
    pub display: String,
}

impl DateView {
    fn new(date: &Date) -> Self {
        Self {
            iso: date.day().to_string(),
            display: human_date(date.day()),
        }
    }
}

/// Formats `YYYY-MM-DD` as `14 March 2026`.
pub fn human_date(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = day.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return day.to_string();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => day.to_string(),
    }
}

/// Site-wide values, set once per build as Tera's global context.
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    /// The site title.
    pub title: &'a str,
    /// The site description.
    pub description: Option<&'a str>,
    /// The configured base URL.
    pub base_url: &'a str,
    /// The content language.
    pub language: &'a str,
    /// Crisis contacts, when configured.
    pub crisis: Option<&'a CrisisConfig>,
    /// The quick-exit button settings.
    pub quick_exit: &'a QuickExitConfig,
    /// Whether search is on.
    pub search_enabled: bool,
    /// Free-form values from `[extra]`.
    pub extra: &'a toml::Table,
}

impl<'a> ConfigView<'a> {
    /// Views `config`.
    pub fn new(config: &'a Config) -> Self {
        Self {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: &config.language,
            crisis: config.crisis.as_ref(),
            quick_exit: &config.quick_exit,
            search_enabled: config.search.enabled,
            extra: &config.extra,
        }
    }
}

/// A link to a section.
#[derive(Debug, Serialize)]
pub struct SectionRef<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// How many pages it lists.
    pub page_count: usize,
}

impl<'a> SectionRef<'a> {
    /// Views `section`.
    pub fn new(section: &'a SiteSection) -> Self {
        Self {
            title: &section.section.title,
            path: &section.section.path,
            description: section.section.meta.description.as_deref(),
            page_count: section.section.pages.len(),
        }
    }
}

/// A link to a taxonomy.
#[derive(Debug, Serialize)]
pub struct TaxonomyRef<'a> {
    /// Its name (`topics`).
    pub name: &'a str,
    /// Its title (`Topics`).
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
}

/// A link to a page, for listings.
#[derive(Debug, Serialize)]
pub struct PageRef<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its URL path.
    pub path: &'a str,
    /// When it was published.
    pub date: Option<DateView>,
    /// Minutes to read.
    pub reading_time: usize,
    /// The title of its section.
    pub section_title: &'a str,
}

impl<'a> PageRef<'a> {
    /// Views `page` of `site`.
    pub fn new(site: &'a Site, page: &'a SitePage) -> Self {
        Self {
            title: &page.page.meta.title,
            description: page.page.meta.description.as_deref(),
            path: &page.page.path,
            date: page.page.meta.date.as_ref().map(DateView::new),
            reading_time: page.rendered.reading_time(),
            section_title: &site.sections[page.page.section].section.title,
        }
    }
}

/// A term linked from a page.
#[derive(Debug, Serialize)]
pub struct TermRef<'a> {
    /// The term.
    pub name: &'a str,
    /// Its URL path.
    pub path: &'a str,
}

/// A page's terms in one taxonomy.
#[derive(Debug, Serialize)]
pub struct PageTaxonomy<'a> {
    /// The taxonomy's name.
    pub name: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The page's terms in it.
    pub terms: Vec<TermRef<'a>>,
}

/// Everything `page.html` sees as `page`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// The page title.
    pub title: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its URL path.
    pub path: &'a str,
    /// Its absolute URL when `base_url` has a host.
    pub permalink: String,
    /// The rendered body.
    pub content: &'a str,
    /// The table of contents.
    pub toc: &'a [TocEntry],
    /// Words of prose.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// First published.
    pub date: Option<DateView>,
    /// Last changed.
    pub updated: Option<DateView>,
    /// Authors.
    pub authors: &'a [String],
    /// The reviewing clinician.
    pub reviewed_by: Option<&'a str>,
    /// When it was reviewed.
    pub last_reviewed: Option<DateView>,
    /// Citations.
    pub sources: &'a [String],
    /// A note shown before the body.
    pub content_note: Option<&'a str>,
    /// Whether a worksheet was asked for.
    pub worksheet: bool,
    /// The page's terms, per taxonomy.
    pub taxonomies: Vec<PageTaxonomy<'a>>,
    /// The page's section.
    pub section: SectionRef<'a>,
    /// The page before it in the section.
    pub previous: Option<PageRef<'a>>,
    /// The page after it in the section.
    pub next: Option<PageRef<'a>>,
    /// Free-form values from `[extra]`.
    pub extra: &'a toml::Table,
}

impl<'a> PageView<'a> {
    /// Views `page` of `site`.
    pub fn new(site: &'a Site, page: &'a SitePage, config: &Config) -> Self {
        let meta = &page.page.meta;
        let taxonomies = site
            .taxonomies
            .iter()
            .filter_map(|taxonomy| {
                let names = meta.taxonomies.get(&taxonomy.name)?;
                let terms = names
                    .iter()
                    .filter_map(|name| {
                        let slug = slug::slugify(name);
                        taxonomy
                            .terms
                            .iter()
                            .find(|t| t.slug == slug)
                            .map(|t| TermRef {
                                name,
                                path: &t.path,
                            })
                    })
                    .collect();
                Some(PageTaxonomy {
                    name: &taxonomy.name,
                    title: &taxonomy.title,
                    terms,
                })
            })
            .collect();
        Self {
            title: &meta.title,
            description: meta.description.as_deref(),
            path: &page.page.path,
            permalink: config.absolute_url(&page.page.path),
            content: &page.rendered.html,
            toc: &page.rendered.toc,
            word_count: page.rendered.word_count,
            reading_time: page.rendered.reading_time(),
            date: meta.date.as_ref().map(DateView::new),
            updated: meta.updated.as_ref().map(DateView::new),
            authors: &meta.authors,
            reviewed_by: meta.reviewed_by.as_deref(),
            last_reviewed: meta.last_reviewed.as_ref().map(DateView::new),
            sources: &meta.sources,
            content_note: meta.content_note.as_deref(),
            worksheet: meta.worksheet,
            taxonomies,
            section: SectionRef::new(&site.sections[page.page.section]),
            previous: page.previous.map(|i| PageRef::new(site, &site.pages[i])),
            next: page.next.map(|i| PageRef::new(site, &site.pages[i])),
            extra: &meta.extra,
        }
    }
}

/// Where a listing page sits among its siblings.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// This listing page's number, from 1.
    pub current: usize,
    /// How many listing pages there are.
    pub total: usize,
    /// The previous listing page's path.
    pub previous: Option<String>,
    /// The next listing page's path.
    pub next: Option<String>,
}

/// Everything `section.html` and `index.html` see as `section`.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The title.
    pub title: &'a str,
    /// The description.
    pub description: Option<&'a str>,
    /// The URL path.
    pub path: &'a str,
    /// The rendered introduction.
    pub content: &'a str,
    /// The pages on this listing page.
    pub pages: Vec<PageRef<'a>>,
    /// Child sections.
    pub subsections: Vec<SectionRef<'a>>,
    /// The parent section, if any.
    pub parent: Option<SectionRef<'a>>,
    /// Listing-page position when the section is paginated.
    pub paginator: Option<Paginator>,
    /// Free-form values from `[extra]`.
    pub extra: &'a toml::Table,
}

impl<'a> SectionView<'a> {
    /// Views one listing page of `section`, holding `pages`.
    pub fn new(
        site: &'a Site,
        section: &'a SiteSection,
        pages: &[usize],
        paginator: Option<Paginator>,
    ) -> Self {
        Self {
            title: &section.section.title,
            description: section.section.meta.description.as_deref(),
            path: &section.section.path,
            content: &section.rendered.html,
            pages: pages
                .iter()
                .map(|&i| PageRef::new(site, &site.pages[i]))
                .collect(),
            subsections: section
                .section
                .subsections
                .iter()
                .map(|&i| SectionRef::new(&site.sections[i]))
                .collect(),
            parent: section
                .section
                .parent
                .map(|i| SectionRef::new(&site.sections[i])),
            paginator,
            extra: &section.section.meta.extra,
        }
    }
}

/// A term in a taxonomy listing.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    /// The term.
    pub name: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// How many pages carry it.
    pub count: usize,
    /// Those pages (only on the term's own page).
    pub pages: Vec<PageRef<'a>>,
}

impl<'a> TermView<'a> {
    /// Views `term`; `with_pages` lists its pages too.
    pub fn new(site: &'a Site, term: &'a Term, with_pages: bool) -> Self {
        Self {
            name: &term.name,
            path: &term.path,
            count: term.pages.len(),
            pages: if with_pages {
                term.pages
                    .iter()
                    .map(|&i| PageRef::new(site, &site.pages[i]))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// A taxonomy with its terms.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// Its terms, without their pages.
    pub terms: Vec<TermView<'a>>,
}

impl<'a> TaxonomyView<'a> {
    /// Views `taxonomy`.
    pub fn new(site: &'a Site, taxonomy: &'a Taxonomy) -> Self {
        Self {
            name: &taxonomy.name,
            title: &taxonomy.title,
            path: &taxonomy.path,
            terms: taxonomy
                .terms
                .iter()
                .map(|t| TermView::new(site, t, false))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally() {
        assert_eq!(human_date("2026-03-14"), "14 March 2026");
        assert_eq!(human_date("garbage"), "garbage");
    }
}
