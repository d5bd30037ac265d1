//! A site kept in memory between builds, so `rapport serve` re-renders only
//! what an edit touched.
//!
//! [`Session::start`] runs every stage once, as `rapport build` does, and
//! keeps the assembled site. [`Session::update`] then takes the files that
//! changed. When they are all existing pages, it re-reads and re-parses just
//! those, reuses every other page's parsed markdown, assembles again (links,
//! anchors, taxonomies and URLs are still checked across the whole site),
//! runs the plugins, and renders only the outputs that show the changed
//! pages: the pages and their old and new neighbours, their sections'
//! listings up to home, their terms and the taxonomy lists, the FAQ index if
//! they have or had questions, plugin pages whose contents changed, and the
//! feeds. Anything else (a template, the theme, the config, a static file, a
//! section index, an added, deleted or renamed file, a new URL, alias, term
//! or plugin page) rebuilds the whole site, as does the first update after a
//! failed one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rapport_plugin::{Asset, Plugin};

use crate::config::Config;
use crate::content::Date;
use crate::content::{self, CONTENT_DIR, Library, Page};
use crate::error::{Diagnostic, Result};
use crate::markdown::Faq;
use crate::output::OutputFile;
use crate::render::{self, Affected, Renderer, Selection, theme};
use crate::site::{self, Reuse, Site, SitePage};
use crate::{build, links, plugins, search};

/// The destination of output files: (site-relative path, contents), called
/// from many threads at once.
pub type Sink<'a> = &'a (dyn Fn(String, OutputFile) -> Result<()> + Sync);

/// What rendering a site produced.
#[derive(Debug, Clone, Copy)]
pub struct RenderSummary {
    /// Files handed to the sink.
    pub files: usize,
    /// Pages in the site.
    pub pages: usize,
    /// Sections in the site.
    pub sections: usize,
}

/// How [`Session::update`] rebuilt the site.
#[derive(Debug, Clone, Copy)]
pub enum Update {
    /// Every output file went to the sink; files it did not get are gone.
    Whole(RenderSummary),
    /// Only changed output files went to the sink; the others are as before.
    Partial(RenderSummary),
}

/// A built site and what built it, ready for the next edit.
pub struct Session {
    root: PathBuf,
    drafts: bool,
    base_url: Option<String>,
    config: Config,
    plugins: Vec<Box<dyn Plugin>>,
    renderer: Renderer,
    assets: Vec<Asset>,
    static_paths: BTreeSet<String>,
    /// Content paths of drafts left out, which links may not point at.
    draft_paths: BTreeSet<String>,
    /// The last site that built; `None` after a failed update.
    site: Option<Site>,
    /// False when plugins replaced page bodies, which cannot be reused.
    reusable: bool,
    /// What the search index holds, when search is on.
    search: Option<search::Records>,
}

impl Session {
    /// Builds the whole site at `root`, handing every output file to `sink`.
    /// `base_url` replaces the config's, now and in later rebuilds.
    pub fn start(
        root: &Path,
        drafts: bool,
        base_url: Option<&str>,
        sink: Sink<'_>,
    ) -> Result<(Session, RenderSummary)> {
        let config = build::load_config(root, base_url)?;
        Self::start_with(root, config, drafts, base_url, sink)
    }

    /// [`Session::start`] with the config already read.
    pub fn start_with(
        root: &Path,
        config: Config,
        drafts: bool,
        base_url: Option<&str>,
        sink: Sink<'_>,
    ) -> Result<(Session, RenderSummary)> {
        let plugins: Vec<Box<dyn Plugin>> = plugins::enabled(&config)?;
        let library = content::load(root, &config, drafts)?;
        let draft_paths = library.drafts.clone();
        let plugin_templates: Vec<_> = plugins.iter().flat_map(|p| p.templates()).collect();
        let renderer = Renderer::new(root, &config, &plugin_templates)?;
        let mut site = site::assemble(library, &config, &plugins)?;
        let extension = plugins::extend_site(&mut site, &config, &plugins)?;
        site.generated = extension.pages;
        let assets: Vec<Asset> = plugins.iter().flat_map(|p| p.assets()).collect();
        let statics = theme::static_files(root, &config)?;
        let files = statics.iter().map(|(path, _)| path.as_str());
        let files = files.chain(assets.iter().map(|a| a.path.as_str()));
        links::check(&site, &config, &draft_paths, files)?;
        let search = config
            .search
            .enabled
            .then(|| search::Records::of(&site, &config));
        let mut session = Session {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.map(str::to_string),
            config,
            plugins,
            renderer,
            assets,
            static_paths: statics.iter().map(|(path, _)| path.clone()).collect(),
            draft_paths,
            site: None,
            reusable: extension.replaced_content == 0,
            search,
        };
        let rendered = session.render_all(&site, sink)?;
        let static_count = statics.len();
        for (path, file) in statics {
            sink(path, file)?;
        }
        session.site = Some(site);
        let summary = RenderSummary {
            files: rendered + static_count,
            ..rendered_counts(&session)
        };
        Ok((session, summary))
    }

    /// The last site that built, if the last build succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// The config the site was last built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Rebuilds after the files `changed` (absolute paths) changed on disk,
    /// as little as it can. On error the last good output stands; the
    /// session then rebuilds whole at the next update.
    pub fn update(&mut self, changed: &[PathBuf], sink: Sink<'_>) -> Result<Update> {
        if let Some(pages) = self.changed_pages(changed) {
            if pages.is_empty() {
                return Ok(Update::Partial(rendered_counts(self)));
            }
            return self.update_pages(pages, sink);
        }
        self.whole(sink)
    }

    /// Rebuilds everything, reading the config again.
    fn whole(&mut self, sink: Sink<'_>) -> Result<Update> {
        self.site = None;
        let config = build::load_config(&self.root, self.base_url.as_deref())?;
        let (session, summary) = Session::start_with(
            &self.root,
            config,
            self.drafts,
            self.base_url.as_deref(),
            sink,
        )?;
        *self = session;
        Ok(Update::Whole(summary))
    }

    /// The indices of the pages behind `changed`, if every changed file is
    /// an existing page of the last good site (or a file that came and went);
    /// `None` asks for a whole build.
    fn changed_pages(&self, changed: &[PathBuf]) -> Option<BTreeMap<usize, PathBuf>> {
        let site = self.site.as_ref().filter(|_| self.reusable)?;
        let content = self.root.join(CONTENT_DIR);
        let by_path: HashMap<&str, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.page.content_path.as_str(), i))
            .collect();
        let mut pages = BTreeMap::new();
        for path in changed {
            if !path.exists() && !was_source(site, &content, path) {
                continue; // an editor's short-lived file (Vim's `4913`, say)
            }
            let rel = path
                .strip_prefix(&content)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            let index = *by_path.get(rel.as_str())?;
            if !path.is_file() {
                return None;
            }
            pages.insert(index, path.clone());
        }
        Some(pages)
    }

    /// Re-reads the pages `changed` and renders what shows them.
    fn update_pages(
        &mut self,
        changed: BTreeMap<usize, PathBuf>,
        sink: Sink<'_>,
    ) -> Result<Update> {
        let Some(mut replacements) = self.reload(&changed)? else {
            return self.whole(sink);
        };
        let Some(old) = self.site.take() else {
            unreachable!("checked above");
        };
        let before = Before::of(&old, &changed);
        // Terms list pages by date and title: if those and the terms stay,
        // so do the taxonomies.
        let keeps_terms = changed.keys().all(|i| {
            let (new, old) = (&replacements[i].meta, &old.pages[*i].page.meta);
            new.taxonomies == old.taxonomies && new.date == old.date && new.title == old.title
        });
        let Site {
            pages: old_pages,
            sections: old_sections,
            taxonomies: old_taxonomies,
            generated: old_generated,
        } = old;
        let old_term_paths = term_paths(&old_taxonomies);
        let mut reuse = Reuse {
            taxonomies: keeps_terms.then_some(old_taxonomies),
            ..Reuse::default()
        };
        let mut pages = Vec::with_capacity(old_pages.len());
        for (index, old_page) in old_pages.into_iter().enumerate() {
            match replacements.remove(&index) {
                Some(page) => {
                    pages.push(page);
                    reuse.pages.push(None);
                }
                None => {
                    pages.push(old_page.page);
                    reuse.pages.push(Some(old_page.rendered));
                }
            }
        }
        let mut sections = Vec::with_capacity(old_sections.len());
        for old_section in old_sections {
            sections.push(old_section.section);
            reuse.sections.push(Some(old_section.rendered));
        }
        // A new title, date or weight can move a page within its section.
        let touched: BTreeSet<usize> = changed.keys().map(|&i| pages[i].section).collect();
        for &s in &touched {
            let mut members = std::mem::take(&mut sections[s].pages);
            content::sort_pages(&mut members, &pages, sections[s].meta.sort_by);
            sections[s].pages = members;
        }
        let library = Library {
            pages,
            sections,
            drafts: self.draft_paths.clone(),
        };
        let mut site = site::assemble_reusing(library, reuse, &self.config, &self.plugins)?;
        let extension = plugins::extend_site(&mut site, &self.config, &self.plugins)?;
        site.generated = extension.pages;
        self.reusable = extension.replaced_content == 0;
        let files = self.static_paths.iter().map(String::as_str);
        let files = files.chain(self.assets.iter().map(|a| a.path.as_str()));
        links::check(&site, &self.config, &self.draft_paths, files)?;
        let changed_pages: Vec<usize> = changed.keys().copied().collect();
        self.search = self
            .search
            .as_ref()
            .map(|records| records.updated(&site, &self.config, &changed_pages));

        let base = self.config.base_path();
        let same_terms = old_term_paths == term_paths(&site.taxonomies);
        let same_generated = old_generated
            .iter()
            .map(|g| &g.page.path)
            .eq(site.generated.iter().map(|g| &g.page.path))
            && render::plugin_nav(&old_generated, &base)
                == render::plugin_nav(&site.generated, &base);
        let selection = if same_terms && same_generated {
            Selection::Only(before.affected(&site, &changed, &old_generated))
        } else {
            Selection::All
        };
        let whole = matches!(selection, Selection::All);
        let mut files = if whole {
            self.render_all(&site, sink)?
        } else {
            self.render(&site, &selection, sink)?
        };
        if whole {
            let statics = theme::static_files(&self.root, &self.config)?;
            files += statics.len();
            for (path, file) in statics {
                sink(path, file)?;
            }
        }
        self.site = Some(site);
        let summary = RenderSummary {
            files,
            ..rendered_counts(self)
        };
        Ok(if whole {
            Update::Whole(summary)
        } else {
            Update::Partial(summary)
        })
    }

    /// Reads the `changed` pages again. `None` when one of them moved to
    /// another URL, changed its aliases or became a draft, which rebuilds
    /// whole. A page that fails to load leaves the session as it was, so
    /// the fix is a quick rebuild too.
    fn reload(&self, changed: &BTreeMap<usize, PathBuf>) -> Result<Option<HashMap<usize, Page>>> {
        let Some(old) = self.site.as_ref() else {
            return Ok(None);
        };
        let mut replacements = HashMap::new();
        for (&index, abs) in changed {
            let before = &old.pages[index].page;
            let loaded = content::load_page(abs, &before.content_path, self.drafts)
                .map_err(crate::error::Error::Diagnostics)?;
            let Some(mut page) = loaded else {
                return Ok(None);
            };
            page.section = before.section;
            page.assets = before.assets.clone();
            let section = &old.sections[page.section].section;
            page.path = format!("{}{}/", section.path, content::page_slug(&page)?);
            if page.path != before.path || page.meta.aliases != before.meta.aliases {
                return Ok(None);
            }
            replacements.insert(index, page);
        }
        Ok(Some(replacements))
    }

    /// What the search index holds, for indexing again after a partial
    /// update (which leaves the index as it was); `None` when search is off.
    pub fn search_records(&self) -> Option<&search::Records> {
        self.search.as_ref()
    }

    /// Renders every output of `site` and builds the search index beside it.
    fn render_all(&self, site: &Site, sink: Sink<'_>) -> Result<usize> {
        let (rendered, index) = rayon::join(
            || self.render(site, &Selection::All, sink),
            || self.search.as_ref().map(search::Records::index).transpose(),
        );
        let mut files = rendered?;
        for (path, bytes) in index?.unwrap_or_default() {
            self.check_static(&path)?;
            sink(path, OutputFile::Generated(bytes))?;
            files += 1;
        }
        Ok(files)
    }

    /// A generated file may not take a static file's path.
    fn check_static(&self, path: &str) -> Result<()> {
        if self.static_paths.contains(path) {
            return Err(Diagnostic::new(
                format!("static/{path}"),
                format!("this file and a generated page both write {path}"),
            )
            .with_help("rename or move the static file")
            .into());
        }
        Ok(())
    }

    /// Renders `selection` of `site`; no generated file may take a static file's path.
    fn render(&self, site: &Site, selection: &Selection, sink: Sink<'_>) -> Result<usize> {
        let checked = |path: String, file: OutputFile| -> Result<()> {
            self.check_static(&path)?;
            sink(path, file)
        };
        render::render_site(
            site,
            &self.config,
            &self.renderer,
            &self.assets,
            selection,
            &checked,
        )
    }
}

/// Whether `path` was a source of `site` under `content` (or a folder of one).
fn was_source(site: &Site, content: &Path, path: &Path) -> bool {
    let pages = site.pages.iter().flat_map(|p| {
        std::iter::once(content.join(&p.page.content_path))
            .chain(p.page.assets.iter().map(|(abs, _)| abs.clone()))
    });
    let sections = site.sections.iter().flat_map(|s| {
        std::iter::once(content.join(&s.section.dir).join("_index.md"))
            .chain(s.section.assets.iter().map(|(abs, _)| abs.clone()))
    });
    !path.starts_with(content) || pages.chain(sections).any(|source| source.starts_with(path))
}

fn rendered_counts(session: &Session) -> RenderSummary {
    let (pages, sections) = session
        .site
        .as_ref()
        .map_or((0, 0), |s| (s.pages.len(), s.sections.len()));
    RenderSummary {
        files: 0,
        pages,
        sections,
    }
}

/// What a page shows of itself in listings and its neighbours' links
/// (the fields of `PageRef` that an edit can change).
#[derive(PartialEq)]
struct Listed {
    title: String,
    description: Option<String>,
    date: Option<Date>,
    reading_time: usize,
}

impl Listed {
    fn of(page: &SitePage) -> Listed {
        Listed {
            title: page.page.meta.title.clone(),
            description: page.page.meta.description.clone(),
            date: page.page.meta.date.clone(),
            reading_time: page.rendered.reading_time(),
        }
    }
}

/// What the old site showed of the changed pages, to find every output
/// that showed them before the edit or shows them after it.
struct Before {
    neighbours: Vec<usize>,
    listed: Vec<Listed>,
    faqs: Vec<Vec<Faq>>,
    /// The order of each section holding a changed page.
    orders: Vec<Vec<usize>>,
    terms: BTreeSet<(usize, usize)>,
}

impl Before {
    fn of(site: &Site, changed: &BTreeMap<usize, PathBuf>) -> Before {
        let pages = changed.keys().map(|&i| &site.pages[i]);
        let sections: BTreeSet<usize> = pages.clone().map(|p| p.page.section).collect();
        Before {
            neighbours: pages
                .clone()
                .flat_map(|p| p.previous.into_iter().chain(p.next))
                .collect(),
            listed: pages.clone().map(Listed::of).collect(),
            faqs: pages.map(|p| p.rendered.faqs.clone()).collect(),
            orders: sections
                .into_iter()
                .map(|s| site.sections[s].section.pages.clone())
                .collect(),
            terms: terms_of(site, changed),
        }
    }

    fn affected(
        self,
        site: &Site,
        changed: &BTreeMap<usize, PathBuf>,
        old_generated: &[plugins::GeneratedPage],
    ) -> Affected {
        let mut affected = Affected::default();
        let pages: Vec<&SitePage> = changed.keys().map(|&i| &site.pages[i]).collect();
        affected.pages.extend(changed.keys());
        let sections: BTreeSet<usize> = pages.iter().map(|p| p.page.section).collect();
        let orders: Vec<&Vec<usize>> = sections
            .iter()
            .map(|&s| &site.sections[s].section.pages)
            .collect();
        let listed: Vec<Listed> = pages.iter().map(|p| Listed::of(p)).collect();
        // Listings and neighbours show only `Listed` fields, in section order.
        let relisted = listed != self.listed || !orders.iter().copied().eq(&self.orders);
        if relisted {
            affected.pages.extend(self.neighbours);
            for page in &pages {
                affected
                    .pages
                    .extend(page.previous.into_iter().chain(page.next));
                let mut section = Some(page.page.section);
                while let Some(s) = section {
                    affected.sections.insert(s);
                    section = site.sections[s].section.parent;
                }
            }
        }
        let terms = terms_of(site, changed);
        let retagged = terms != self.terms;
        if retagged {
            // Every term page shows every term of its taxonomy with a count.
            let taxonomies: BTreeSet<usize> =
                terms.iter().chain(&self.terms).map(|&(t, _)| t).collect();
            for t in taxonomies {
                affected
                    .terms
                    .extend((0..site.taxonomies[t].terms.len()).map(|k| (t, k)));
            }
            affected.taxonomies = true;
        } else if relisted {
            affected.terms.extend(&terms);
        }

        // The FAQ index shows each question with its page's title and URL,
        // and every topic page lists every topic with its number of questions.
        let faqs: Vec<&Vec<Faq>> = pages.iter().map(|p| &p.rendered.faqs).collect();
        let has_faqs =
            faqs.iter().any(|f| !f.is_empty()) || self.faqs.iter().any(|f| !f.is_empty());
        let counts_moved = faqs
            .iter()
            .map(|f| f.len())
            .ne(self.faqs.iter().map(Vec::len))
            || (has_faqs && retagged);
        // Everything but the source line, which pages never show.
        fn shown(list: &[Faq]) -> Vec<(&str, &str, &str, &str)> {
            list.iter()
                .map(|f| (&*f.question, &*f.id, &*f.answer_html, &*f.answer_text))
                .collect()
        }
        let reworded = !faqs
            .iter()
            .map(|f| shown(f))
            .eq(self.faqs.iter().map(|f| shown(f)));
        affected.faq = has_faqs && (reworded || relisted || retagged);
        let topics = site
            .taxonomies
            .iter()
            .position(|t| t.name == site::FAQ_TOPIC_TAXONOMY);
        if let (Some(t), true) = (topics, affected.faq) {
            affected.faq_topics = if counts_moved {
                (0..site.taxonomies[t].terms.len()).collect()
            } else {
                terms
                    .iter()
                    .chain(&self.terms)
                    .filter(|&&(tax, _)| tax == t)
                    .map(|&(_, term)| term)
                    .collect()
            };
        }
        affected.generated = site
            .generated
            .iter()
            .zip(old_generated)
            .enumerate()
            .filter(|(_, (new, old))| new != old)
            .map(|(i, _)| i)
            .collect();
        affected
    }
}

/// Every term's URL, by taxonomy.
fn term_paths(taxonomies: &[site::Taxonomy]) -> Vec<Vec<String>> {
    taxonomies
        .iter()
        .map(|t| t.terms.iter().map(|term| term.path.clone()).collect())
        .collect()
}

/// The (taxonomy, term) pairs listing any of the `changed` pages.
fn terms_of(site: &Site, changed: &BTreeMap<usize, PathBuf>) -> BTreeSet<(usize, usize)> {
    let mut terms = BTreeSet::new();
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        for (k, term) in taxonomy.terms.iter().enumerate() {
            if term.pages.iter().any(|p| changed.contains_key(p)) {
                terms.insert((t, k));
            }
        }
    }
    terms
}
