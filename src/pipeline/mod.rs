//! The pipeline: config -> load -> parse and assemble -> plugins -> link
//! check -> render -> sink, the one place the stages run in order.
//!
//! `rapport build` (a staging folder as the sink), `rapport check` (a sink
//! that drops everything), `rapport serve` (files kept in memory) and
//! `rapport import` (its repair step) all start a [`Session`]. It keeps the
//! assembled site, so `rapport serve` re-renders only what an edit touched.
//!
//! [`Session::start`] runs every stage once and keeps the assembled site. [`Session::update`] then takes the files that
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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rapport_plugin::{Asset, Plugin};
use rayon::prelude::*;

use crate::config::{BrokenLinks, Config};
use crate::content::{self, CONTENT_DIR};
use crate::error::{Code, Diagnostic, Error, Result};
use crate::output::OutputFile;
use crate::render::{self, Renderer, Selection, theme};
use crate::site::{self, Site, Sources};
use crate::{links, plugins, search, timings};

mod languages;
mod update;

/// Reads the site's config, applying command-line overrides.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        config.base_url = url.to_string();
    }
    Ok(config)
}

/// Checks that `root` is a site: a folder with `content/` in it.
pub fn check_root(root: &Path) -> Result<()> {
    if !root.join(CONTENT_DIR).is_dir() {
        let shown = root.display().to_string();
        return Err(Diagnostic::new(
            &shown,
            "this folder has no content/ folder, so it is not a Rapport site",
        )
        .with_help(
            "pass the site's folder with --root DIR, or create a site with `rapport new DIR`",
        )
        .into());
    }
    Ok(())
}

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
    /// Resized copies of images made, and taken from the cache.
    pub images: crate::images::ImageSummary,
}

/// How [`Session::update`] rebuilt the site.
#[derive(Debug, Clone, Copy)]
pub enum Update {
    /// Every output file went to the sink; files it did not get are gone.
    Whole(RenderSummary),
    /// Only changed output files went to the sink; the others are as before.
    Partial(RenderSummary),
}

/// A built site and what built it, ready for the next edit: one
/// [`Edition`] per language, the site's own first.
pub struct Session {
    editions: Vec<Edition>,
}

/// One language of the site, built: its config, plugins, templates and
/// assembled site. A one-language site is one edition.
struct Edition {
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
    /// The bodies plugins replaced in the last site, as they were before.
    originals: plugins::Originals,
    /// What the search index holds, when search is on.
    search: Option<search::Records>,
    /// The URLs of the site's other languages, which links may lead to.
    other_languages: std::sync::Arc<BTreeSet<String>>,
    /// Broken links of the last site that built, kept as warnings when
    /// `[check] broken_links = "warn"` let it build.
    link_warnings: Vec<Diagnostic>,
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
        let config = load_config(root, base_url)?;
        Self::start_with(root, config, drafts, base_url, Sources::Keep, sink)
    }

    /// [`Session::start`] with the config already read. A session used once,
    /// as `rapport build`'s, may drop each page's markdown once its pass has
    /// read it ([`Sources::Drop`]); it then cannot key `rapport serve`'s lint
    /// cache or look for external links.
    pub fn start_with(
        root: &Path,
        config: Config,
        drafts: bool,
        base_url: Option<&str>,
        sources: Sources,
        sink: Sink<'_>,
    ) -> Result<(Session, RenderSummary)> {
        crate::markdown::highlight::load_in_background();
        if config.is_multilingual() {
            return languages::start(root, config, drafts, base_url, sources, sink);
        }
        let Prepared {
            mut edition,
            site,
            statics,
        } = Edition::prepare(root, config, drafts, base_url, sources, None)?;
        let summary = edition.finish(site, statics, sink)?;
        Ok((
            Session {
                editions: vec![edition],
            },
            summary,
        ))
    }

    /// Problems the last build went on despite: broken links, with
    /// `[check] broken_links = "warn"`, each once across languages.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut list: Vec<Diagnostic> = self
            .editions
            .iter()
            .flat_map(|e| e.link_warnings.iter().cloned())
            .collect();
        list.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        list.dedup();
        list
    }

    /// The last site that built in the site's own language, if the last
    /// build succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.editions[0].site.as_ref()
    }

    /// The config the site was last built with.
    pub fn config(&self) -> &Config {
        &self.editions[0].config
    }

    /// Every language's config and last built site, the site's own first.
    pub fn languages(&self) -> impl Iterator<Item = (&Config, Option<&Site>)> {
        self.editions.iter().map(|e| (&e.config, e.site.as_ref()))
    }

    /// Rebuilds after the files `changed` (absolute paths) changed on disk,
    /// as little as it can. On error the last good output stands; the
    /// session then rebuilds whole at the next update.
    pub fn update(&mut self, changed: &[PathBuf], sink: Sink<'_>) -> Result<Update> {
        let partial = if let [edition] = self.editions.as_mut_slice() {
            edition.update(changed, sink)?
        } else {
            languages::update(self, changed, sink)?.map(Update::Partial)
        };
        if let Some(update) = partial {
            return Ok(update);
        }
        // Whole, at the session's level: the config may have gained or lost
        // languages since.
        let first = &self.editions[0];
        let (root, drafts, base_url) = (first.root.clone(), first.drafts, first.base_url.clone());
        for edition in &mut self.editions {
            edition.site = None;
        }
        let config = load_config(&root, base_url.as_deref())?;
        let (session, summary) = Session::start_with(
            &root,
            config,
            drafts,
            base_url.as_deref(),
            Sources::Keep,
            sink,
        )?;
        *self = session;
        Ok(Update::Whole(summary))
    }

    /// What the search index of the site's own language holds, for
    /// indexing again after a partial update (which leaves the index as it
    /// was); `None` when search is off.
    pub fn search_records(&self) -> Option<&search::Records> {
        self.editions[0].search.as_ref()
    }

    /// What every language's search index holds, with the folder its files
    /// go under (`""` for the site's own language, `es/`).
    pub fn search_records_by_language(&self) -> Vec<(String, &search::Records)> {
        self.editions
            .iter()
            .filter_map(|e| {
                let prefix = e
                    .config
                    .further_language()
                    .map(|code| format!("{code}/"))
                    .unwrap_or_default();
                Some((prefix, e.search.as_ref()?))
            })
            .collect()
    }
}

/// An edition with its site assembled and checked, not yet rendered, and
/// the static files it will write.
struct Prepared {
    edition: Edition,
    site: Site,
    statics: Vec<(String, OutputFile)>,
}

impl Edition {
    /// Runs every stage up to rendering: plugins enabled, content loaded,
    /// templates compiled, site assembled, plugins applied, output owners
    /// checked; and links, unless `multilingual` (then once every language
    /// is prepared, [`Edition::check_links`]). `elsewhere` holds the URLs of
    /// the site's own language, for a further language's pages left out
    /// untranslated.
    fn prepare(
        root: &Path,
        config: Config,
        drafts: bool,
        base_url: Option<&str>,
        sources: Sources,
        elsewhere: Option<&std::collections::HashMap<String, String>>,
    ) -> Result<Prepared> {
        let multilingual = config.is_multilingual();
        let plugins: Vec<Box<dyn Plugin>> = plugins::enabled(&config)?;
        let plugin_keys = plugins::front_matter_keys(&plugins);
        let mut library = timings::stage("load", || {
            content::load(root, &config, drafts, &plugin_keys)
        })?;
        if let Some(urls) = elsewhere {
            library.elsewhere = std::mem::take(&mut library.elsewhere)
                .into_keys()
                .filter_map(|path| Some((path.clone(), urls.get(&path)?.clone())))
                .collect();
        }
        let draft_paths = library.drafts.clone();
        let plugin_templates: Vec<_> = plugins.iter().flat_map(|p| p.templates()).collect();
        let renderer = timings::stage("templates", || {
            Renderer::new(root, &config, &plugin_templates)
        })?;
        let mut site = timings::stage("assemble", || {
            site::assemble(library, &config, &plugins, sources)
        })?;
        let extension = timings::stage("plugins", || {
            plugins::extend_site(&mut site, &config, &plugins)
        })?;
        site.generated = extension.pages;
        let assets: Vec<Asset> = extension.assets;
        let statics = theme::static_files(root, &config)?;
        let plugin_files: Vec<&str> = assets.iter().map(|a| a.path.as_str()).collect();
        crate::owners::check(&site, &config, &statics, &plugin_files)?;
        let search = config
            .search
            .enabled
            .then(|| search::Records::of(&site, &config));
        let mut edition = Edition {
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
            originals: extension.originals,
            search,
            other_languages: Default::default(),
            link_warnings: Vec::new(),
        };
        if !multilingual {
            timings::stage("links", || edition.check_links(&site))?;
        }
        Ok(Prepared {
            edition,
            site,
            statics,
        })
    }

    /// Checks every link of `site`, which may also lead to the site's other
    /// languages. With `[check] broken_links = "warn"`, broken links are
    /// kept as the edition's warnings instead of failing the build.
    fn check_links(&mut self, site: &Site) -> Result<()> {
        let files = self.static_paths.iter().map(String::as_str);
        let files = files.chain(self.assets.iter().map(|a| a.path.as_str()));
        let checked = links::check(
            site,
            &self.config,
            &self.draft_paths,
            files,
            &self.other_languages,
        );
        self.link_warnings.clear();
        match checked {
            Err(Error::Diagnostics(list))
                if self.config.check.broken_links == BrokenLinks::Warn =>
            {
                let (broken, other): (Vec<_>, Vec<_>) = list
                    .into_iter()
                    .partition(|d| d.code == Some(Code::BrokenLink));
                self.link_warnings = broken;
                if other.is_empty() {
                    Ok(())
                } else {
                    Err(Error::Diagnostics(other))
                }
            }
            checked => checked,
        }
    }

    /// Every URL `site` has, for the link check of the other languages.
    fn paths(&self, site: &Site) -> BTreeSet<String> {
        let files = self.static_paths.iter().map(String::as_str);
        links::SiteUrls::of(site, &self.config, &self.draft_paths, files)
            .paths()
            .cloned()
            .collect()
    }

    /// Renders every output of `site` and hands it to `sink` with the
    /// static files, then keeps the site for the next edit.
    fn finish(
        &mut self,
        site: Site,
        statics: Vec<(String, OutputFile)>,
        sink: Sink<'_>,
    ) -> Result<RenderSummary> {
        let rendered = timings::stage("render", || self.render_all(&site, sink))?;
        let static_count = statics.len();
        for (path, file) in statics {
            sink(path, file)?;
        }
        let images = self.write_images(&site, None, sink)?;
        self.site = Some(site);
        Ok(RenderSummary {
            files: rendered + static_count + images.made + images.reused,
            images,
            ..rendered_counts(self)
        })
    }

    /// Updates after `changed` in part, when only existing pages changed;
    /// `None` asks the session for a whole build.
    fn update(&mut self, changed: &[PathBuf], sink: Sink<'_>) -> Result<Option<Update>> {
        let Some(pages) = self.changed_pages(changed) else {
            return Ok(None);
        };
        if pages.is_empty() {
            return Ok(Some(Update::Partial(rendered_counts(self))));
        }
        self.update_pages(pages, sink, true)
    }

    /// Renders every output of `site` and builds the search index beside it.
    fn render_all(&self, site: &Site, sink: Sink<'_>) -> Result<usize> {
        let (rendered, index) = rayon::join(
            || self.render(site, &Selection::All, sink),
            || self.search.as_ref().map(search::Records::index).transpose(),
        );
        let files = rendered?;
        let index = index?.unwrap_or_default();
        for (path, _) in &index {
            self.check_static(path)?;
        }
        // In parallel: written in turn, the 10,000 files of a 10,000-page
        // index kept one core busy for a tenth of a second after rendering.
        let count = index.len();
        index
            .into_par_iter()
            .try_for_each(|(path, bytes)| sink(path, OutputFile::Generated(bytes)))?;
        Ok(files + count)
    }

    /// Makes (or takes from the cache) the resized copies of the images
    /// `site`'s bodies show (with `only`, those pages' alone), and hands
    /// them to `sink`.
    fn write_images(
        &self,
        site: &Site,
        only: Option<&[usize]>,
        sink: Sink<'_>,
    ) -> Result<crate::images::ImageSummary> {
        let (files, summary) = crate::images::variants(site, &self.config, &self.root, only)?;
        for (path, file) in files {
            self.check_static(&path)?;
            sink(path, file)?;
        }
        Ok(summary)
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

fn rendered_counts(edition: &Edition) -> RenderSummary {
    let (pages, sections) = edition
        .site
        .as_ref()
        .map_or((0, 0), |s| (s.pages.len(), s.sections.len()));
    RenderSummary {
        files: 0,
        pages,
        sections,
        images: Default::default(),
    }
}
