//! Partial updates: which pages an edit touched, re-reading just those, and
//! which outputs show them (see the module above for the rules).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::{Edition, RenderSummary, Sink, Update, rendered_counts};
use crate::content::{self, CONTENT_DIR, Library, Page};
use crate::error::Result;
use crate::markdown::Faq;
use crate::plugins;
use crate::render::views::{FaqEntry, PageRef};
use crate::render::{Affected, Selection, theme};
use crate::site::{self, Reuse, Site, SitePage};

impl Edition {
    /// The indices of the pages behind `changed`, if every changed file is
    /// an existing page of the last good site (or a file that came and went);
    /// `None` asks for a whole build.
    pub(super) fn changed_pages(&self, changed: &[PathBuf]) -> Option<BTreeMap<usize, PathBuf>> {
        let site = self.site.as_ref()?;
        let content = self.root.join(CONTENT_DIR);
        // By the file itself: a translation (`a.es.md`) is known by its
        // original's content path.
        let by_file: HashMap<PathBuf, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (self.root.join(&p.page.file), i))
            .collect();
        let mut pages = BTreeMap::new();
        for path in changed {
            if !path.exists() && !was_source(site, &self.root, &content, path) {
                continue; // an editor's short-lived file (Vim's `4913`, say)
            }
            let index = *by_file.get(path)?;
            // Every page links the glossary's terms: a new term is a whole build.
            if !path.is_file()
                || crate::markdown::glossary::is_glossary_page(&site.pages[index].page.content_path)
            {
                return None;
            }
            pages.insert(index, path.clone());
        }
        Some(pages)
    }

    /// Whether `path` is the file of one of this edition's pages.
    pub(super) fn has_page_file(&self, path: &Path) -> bool {
        self.site.as_ref().is_some_and(|site| {
            site.pages
                .iter()
                .any(|p| self.root.join(&p.page.file) == path)
        })
    }

    /// Re-reads the pages `changed` and renders what shows them. `None`
    /// when the edit needs a whole build instead (a page moved; or, without
    /// `may_render_all`, it touched terms or plugin pages), before anything
    /// went to `sink`; the edition then has no site until it is rebuilt.
    pub(super) fn update_pages(
        &mut self,
        changed: BTreeMap<usize, PathBuf>,
        sink: Sink<'_>,
        may_render_all: bool,
    ) -> Result<Option<Update>> {
        let Some(mut replacements) = self.reload(&changed)? else {
            self.site = None;
            return Ok(None);
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
            elsewhere: old_elsewhere,
            translations: old_translations,
        } = old;
        let old_term_paths = term_paths(&old_taxonomies);
        let mut reuse = Reuse {
            taxonomies: keeps_terms.then_some(old_taxonomies),
            ..Reuse::default()
        };
        // Bodies plugins replaced go back to what the markdown pass made,
        // and what they showed is kept to see which the plugins change.
        let mut originals = std::mem::take(&mut self.originals);
        let mut shown = ReplacedBodies::default();
        let mut pages = Vec::with_capacity(old_pages.len());
        for (index, old_page) in old_pages.into_iter().enumerate() {
            match replacements.remove(&index) {
                Some(page) => {
                    pages.push(page);
                    reuse.pages.push(None);
                }
                None => {
                    let mut rendered = old_page.rendered;
                    if let Some((html, anchors)) = originals.pages.remove(&index) {
                        shown
                            .pages
                            .insert(index, std::mem::replace(&mut rendered.html, html));
                        rendered.anchors = anchors;
                    }
                    pages.push(old_page.page);
                    reuse.pages.push(Some(rendered));
                }
            }
        }
        let mut sections = Vec::with_capacity(old_sections.len());
        for (index, old_section) in old_sections.into_iter().enumerate() {
            let mut rendered = old_section.rendered;
            if let Some((html, anchors)) = originals.sections.remove(&index) {
                shown
                    .sections
                    .insert(index, std::mem::replace(&mut rendered.html, html));
                rendered.anchors = anchors;
            }
            sections.push(old_section.section);
            reuse.sections.push(Some(rendered));
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
            elsewhere: old_elsewhere,
            root: Some(self.root.clone()),
        };
        let mut site = site::assemble_reusing(
            library,
            reuse,
            &self.config,
            &self.plugins,
            site::Sources::Keep,
        )?;
        // No page moved (`reload` checked), so the translations still hold.
        site.translations = old_translations;
        let extension = plugins::extend_site(&mut site, &self.config, &self.plugins)?;
        site.generated = extension.pages;
        self.originals = extension.originals;
        // A plugin may change a page the edit did not touch (one that lists
        // the edited page, when its title changes): those render too.
        let (replotted_pages, replotted_sections) = shown.changed(&site, &self.originals);
        // Files a plugin ships from the site can change with it: then every output is written.
        let same_assets = extension.assets == self.assets;
        self.assets = extension.assets;
        self.check_links(&site)?;
        let changed_pages: Vec<usize> = changed
            .keys()
            .chain(&replotted_pages)
            .copied()
            .collect::<BTreeSet<usize>>()
            .into_iter()
            .collect();
        self.search = self
            .search
            .as_ref()
            .map(|records| records.updated(&site, &changed_pages));

        let base = self.config.base_path();
        let same_terms = old_term_paths == term_paths(&site.taxonomies);
        let same_generated = old_generated
            .iter()
            .map(|g| &g.page.path)
            .eq(site.generated.iter().map(|g| &g.page.path))
            && crate::site::menu::plugin_nav(&old_generated, &base)
                == crate::site::menu::plugin_nav(&site.generated, &base);
        let selection = if same_terms && same_generated && same_assets {
            let mut affected = before.affected(&site, &changed, &old_generated);
            affected.pages.extend(replotted_pages);
            affected.sections.extend(replotted_sections);
            Selection::Only(affected)
        } else {
            Selection::All
        };
        let whole = matches!(selection, Selection::All);
        if whole && !may_render_all {
            return Ok(None);
        }
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
        // An edit may show a new image: the edited pages' copies are made
        // or taken from the cache; the others' are written already.
        let only = (!whole).then_some(changed_pages.as_slice());
        let images = self.write_images(&site, only, sink)?;
        files += images.made + images.reused;
        self.site = Some(site);
        let summary = RenderSummary {
            files,
            images,
            ..rendered_counts(self)
        };
        Ok(Some(if whole {
            Update::Whole(summary)
        } else {
            Update::Partial(summary)
        }))
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
            let loaded = content::load_page(
                abs,
                &before.content_path,
                self.drafts,
                &plugins::front_matter_keys(&self.plugins),
            )
            .map_err(crate::error::Error::Diagnostics)?;
            let Some(mut page) = loaded else {
                return Ok(None);
            };
            page.section = before.section;
            page.assets = before.assets.clone();
            page.untranslated = before.untranslated;
            let section = &old.sections[page.section].section;
            page.path = format!("{}{}/", section.path, content::page_slug(&page)?);
            if page.path != before.path || page.meta.aliases != before.meta.aliases {
                return Ok(None);
            }
            replacements.insert(index, page);
        }
        Ok(Some(replacements))
    }
}

/// Whether `path` was a source of `site` (at `root`) under `content`, or a
/// folder of one.
fn was_source(site: &Site, root: &Path, content: &Path, path: &Path) -> bool {
    let pages = site.pages.iter().flat_map(|p| {
        std::iter::once(root.join(&p.page.file))
            .chain(p.page.assets.iter().map(|(abs, _)| abs.clone()))
    });
    let sections = site.sections.iter().flat_map(|s| {
        std::iter::once(content.join(&s.section.dir).join("_index.md"))
            .chain(s.section.assets.iter().map(|(abs, _)| abs.clone()))
    });
    !path.starts_with(content) || pages.chain(sections).any(|source| source.starts_with(path))
}

/// What other outputs show of a page: its entry in listings and its
/// neighbours' links (`PageRef`), and its questions on the FAQ index
/// (`FaqEntry`). Taken from the view types themselves, as the templates see
/// them, so a field added to a view is compared too, never forgotten here.
#[derive(PartialEq)]
struct Shown {
    listed: serde_json::Value,
    faqs: serde_json::Value,
}

impl Shown {
    fn of(site: &Site, page: &SitePage) -> Shown {
        Shown {
            listed: snapshot(&PageRef::new(site, page)),
            faqs: snapshot(&FaqEntry::of_page(page).collect::<Vec<_>>()),
        }
    }
}

/// A view as plain data, to compare before and after an edit (views hold
/// plain fields, so serializing cannot fail).
fn snapshot(view: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

/// What the old site showed of the changed pages, to find every output
/// that showed them before the edit or shows them after it.
struct Before {
    neighbours: Vec<usize>,
    shown: Vec<Shown>,
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
            shown: pages.clone().map(|p| Shown::of(site, p)).collect(),
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
        old_generated: &[site::GeneratedPage],
    ) -> Affected {
        let mut affected = Affected::default();
        let pages: Vec<&SitePage> = changed.keys().map(|&i| &site.pages[i]).collect();
        affected.pages.extend(changed.keys());
        let sections: BTreeSet<usize> = pages.iter().map(|p| p.page.section).collect();
        let orders: Vec<&Vec<usize>> = sections
            .iter()
            .map(|&s| &site.sections[s].section.pages)
            .collect();
        let shown: Vec<Shown> = pages.iter().map(|p| Shown::of(site, p)).collect();
        // Listings and neighbours show the `PageRef`, in section order.
        let relisted = shown
            .iter()
            .map(|s| &s.listed)
            .ne(self.shown.iter().map(|s| &s.listed))
            || !orders.iter().copied().eq(&self.orders);
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
        let reworded = shown
            .iter()
            .map(|s| &s.faqs)
            .ne(self.shown.iter().map(|s| &s.faqs));
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

/// What the bodies plugins replaced showed before an update, by index.
#[derive(Default)]
struct ReplacedBodies {
    pages: BTreeMap<usize, String>,
    sections: BTreeMap<usize, String>,
}

impl ReplacedBodies {
    /// The pages and sections whose body the plugins changed this time:
    /// replaced differently, or replaced once and not now, or now and not
    /// before. Edited pages render anyway and are not counted.
    fn changed(&self, site: &Site, now: &plugins::Originals) -> (Vec<usize>, Vec<usize>) {
        let pages = differing(&self.pages, &now.pages, |i| &site.pages[i].rendered.html);
        let sections = differing(&self.sections, &now.sections, |i| {
            &site.sections[i].rendered.html
        });
        (pages, sections)
    }
}

/// The indices whose body `html` gives is not what `before` showed (or,
/// when not replaced before, not the original kept in `after`).
fn differing<'s>(
    before: &BTreeMap<usize, String>,
    after: &BTreeMap<usize, (String, crate::html::Anchors)>,
    html: impl Fn(usize) -> &'s str,
) -> Vec<usize> {
    let keys: BTreeSet<usize> = before.keys().chain(after.keys()).copied().collect();
    keys.into_iter()
        .filter(|&i| match before.get(&i) {
            Some(old) => old != html(i),
            None => after
                .get(&i)
                .is_some_and(|(original, _)| original != html(i)),
        })
        .collect()
}
