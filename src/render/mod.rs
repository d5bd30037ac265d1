//! Rendering: the assembled site through Tera templates into output files.
//!
//! Templates are compiled once per build; pages render in parallel, each with
//! a context holding only that page and light references to its neighbours.
//! The sitemap, feed, robots.txt and redirects are templates too
//! ([`feeds`]), so a site can override them like any page template.

mod cached;
pub mod feeds;
pub mod i18n;
pub mod theme;
pub mod views;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::highlight;
use crate::output::OutputFile;
use crate::site::translations::{content_key, path_key};
use crate::site::{Site, alias_path};
use views::{
    ConfigView, FaqIndexView, PageView, Paginator, SectionRef, SectionView, TaxonomyRef,
    TaxonomyView, TermView,
};

/// Compiled templates, and where each came from for messages.
pub struct Renderer {
    tera: Tera,
    origins: HashMap<String, String>,
    /// The theme's words in the site's language.
    strings: i18n::Strings,
}

impl Renderer {
    /// Compiles the templates of every theme layer for the site at `root`.
    pub fn new(
        root: &Path,
        config: &Config,
        plugin_templates: &[rapport_plugin::TemplateFile],
    ) -> Result<Renderer> {
        let sources = theme::template_sources(root, config, plugin_templates)?;
        let origins: HashMap<String, String> = sources
            .iter()
            .map(|s| (s.name.clone(), s.origin.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        // Tera's own `safe` copies the string it marks; every page passes its
        // whole body through it (`{{ page.content | safe }}`).
        tera.register_filter(
            "safe",
            |value: tera::Value, _: tera::Kwargs, _: &tera::State| match value.as_str() {
                Some(_) => value.mark_safe(),
                None => tera::Value::safe_string(&value.to_string()),
            },
        );
        let strings = i18n::Strings::for_language(&config.language, root)?;
        strings.register(&mut tera);
        tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
            .map_err(|e| template_error(&e, &origins, None))?;
        Ok(Renderer {
            tera,
            origins,
            strings,
        })
    }

    /// Whether a template of this name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders template `name` as bytes: every output goes to disk as they
    /// are, and Tera's `String` would check again that its own output is
    /// UTF-8. `size` is a guess at the output's length: growing the buffer
    /// by doubling copies a page several times.
    fn render(
        &self,
        name: &str,
        context: &Context,
        size: usize,
    ) -> std::result::Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(size);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| template_error(&e, &self.origins, Some(name)))?;
        Ok(out)
    }

    fn template_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .tera
            .get_template_names()
            // Redirect pages are not page templates: leave them out of "use one of".
            .filter(|n| n.ends_with(".html") && !feeds::FEED_TEMPLATES.contains(n))
            .collect();
        names.sort_unstable();
        names
    }
}

/// Turns a Tera error into a diagnostic naming the template file and line.
fn template_error(
    error: &tera::Error,
    origins: &HashMap<String, String>,
    rendering: Option<&str>,
) -> Diagnostic {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() { rendering.unwrap_or_default() } else { report.filename() };
            Diagnostic::new(origin(name), format!("template error: {}", report.message()))
                .at_line(report.span().start_line)
                .with_help("fix the template at that line; variables a template may use are listed in README.md")
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            origin(current),
            format!("the template extends \"{parent}\", which does not exist"),
        )
        .with_help("check the name in {% extends %}; the default theme's templates are base.html, page.html, section.html, ..."),
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::new(origin(rendering.unwrap_or(name)), format!("template \"{name}\" not found"))
                .with_help("check the name in {% include %} or {% extends %}")
        }
        _ => {
            let report = error.to_string();
            // The first place Tera names, as file and line, when it names one.
            let first = report
                .lines()
                .find_map(|l| l.trim().strip_prefix("-->"))
                .and_then(|place| {
                    let mut parts = place.trim().rsplitn(3, ':');
                    let (_column, line, name) = (parts.next()?, parts.next()?, parts.next()?);
                    Some((name.to_string(), line.parse::<usize>().ok()?))
                });
            let diagnostic = match &first {
                Some((name, _)) => Diagnostic::new(origin(name), format!("template error: {}", one_line(&report))),
                None => Diagnostic::new(
                    origin(rendering.unwrap_or("templates")),
                    format!("template error: {}", one_line(&report)),
                ),
            };
            let diagnostic = match first {
                Some((_, line)) => diagnostic.at_line(line),
                None => diagnostic,
            };
            diagnostic.with_help("fix the template at that line: an {% include %} or {% import %} must name a template of the theme or of templates/")
        }
    }
}

/// Tera's multi-line report (errors, each with its `--> file:line:col` and
/// the source drawn below) as one line: `message (file:line:col); ...`.
fn one_line(report: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for line in report.lines().map(str::trim) {
        if let Some(message) = line.strip_prefix("error:") {
            parts.push(message.trim().to_string());
        } else if let Some(place) = line.strip_prefix("-->") {
            if let Some(last) = parts.last_mut() {
                last.push_str(&format!(" ({})", place.trim()));
            }
        }
    }
    if parts.is_empty() {
        report.lines().next().unwrap_or_default().to_string()
    } else {
        parts.join("; ")
    }
}

/// Which outputs to render: all of them, or those an edit touched.
#[derive(Debug, Default)]
pub enum Selection {
    /// Every output file.
    #[default]
    All,
    /// Only these listings and pages, plus the feeds and the sitemap.
    Only(Affected),
}

/// The outputs an edit touched, by index into the site.
#[derive(Debug, Default)]
pub struct Affected {
    /// Pages whose own output changed.
    pub pages: BTreeSet<usize>,
    /// Sections whose listings (every pagination page) changed.
    pub sections: BTreeSet<usize>,
    /// Terms (taxonomy index, term index) whose listings changed.
    pub terms: BTreeSet<(usize, usize)>,
    /// Whether the taxonomy list pages changed.
    pub taxonomies: bool,
    /// Whether the FAQ index changed.
    pub faq: bool,
    /// The terms of the `topics` taxonomy whose FAQ pages changed, if `faq`.
    pub faq_topics: BTreeSet<usize>,
    /// Pages plugins added whose output changed.
    pub generated: BTreeSet<usize>,
}

impl Selection {
    fn wants(&self, job: &Job) -> bool {
        let Selection::Only(only) = self else {
            return true;
        };
        match job {
            Job::Page(i) => only.pages.contains(i),
            Job::Section { index, .. } => only.sections.contains(index),
            Job::Taxonomy(_) => only.taxonomies,
            Job::Term(t, term) => only.terms.contains(&(*t, *term)),
            Job::Generated(i) => only.generated.contains(i),
            Job::FaqIndex(None) => only.faq,
            Job::FaqIndex(Some(term)) => only.faq && only.faq_topics.contains(term),
            Job::NotFound | Job::Search => false,
        }
    }
}

/// Renders the output files of `site` that `selection` asks for: (site-relative
/// path, contents). Each file goes to `sink` as soon as it is made, from many
/// threads at once, so the site is never held in memory whole; returns how
/// many files there were.
pub fn render_site(
    site: &Site,
    config: &Config,
    renderer: &Renderer,
    assets: &[rapport_plugin::Asset],
    selection: &Selection,
    sink: &(dyn Fn(String, OutputFile) -> Result<()> + Sync),
) -> Result<usize> {
    check_templates(site, renderer)?;
    let base = config.base_path();
    let global = global_context(site, config, assets, &base, &renderer.strings);
    let mut jobs = jobs(site, config);
    jobs.retain(|job| selection.wants(job));
    let root_url = crate::config::BaseUrl::for_root(config);
    let frame = Frame {
        global: &global,
        cached: cached::CachedPartials::new(renderer, &global),
        shared: views::SharedViews::new(site),
        base: &base,
        root_url: &root_url,
    };
    let whole = !matches!(selection, Selection::Only(_));
    // The feeds and sitemap are made beside the pages, not after them on
    // one core while the other waits.
    let (outcomes, files): (Vec<Result<()>>, _) = rayon::join(
        || {
            jobs.par_iter()
                .map(|job| {
                    let (path, file) = render_job(job, site, config, renderer, &frame)?;
                    sink(path, file)
                })
                .collect()
        },
        || site_files(site, config, renderer, assets, &global, whole),
    );
    // Thousands of shared values: freed beside what follows, not before it.
    let shared = frame.shared;
    rayon::spawn(move || drop(shared));
    let mut diagnostics = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(()) => {}
            Err(Error::Diagnostics(mut list)) => diagnostics.append(&mut list),
            Err(other) => return Err(other),
        }
    }
    if !diagnostics.is_empty() {
        diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        diagnostics.dedup();
        return Err(Error::Diagnostics(diagnostics));
    }
    let files = files?;
    let count = jobs.len() + files.len();
    for (path, file) in files {
        sink(path, file)?;
    }
    Ok(count)
}

/// What every template sees: the config, navigation, taxonomies and the
/// plugins' styles and scripts.
fn global_context(
    site: &Site,
    config: &Config,
    assets: &[rapport_plugin::Asset],
    base: &str,
    strings: &i18n::Strings,
) -> Context {
    let mut global = Context::new();
    // Shared files (scripts, styles, plugin assets) live once at the root
    // of a multilingual site, not under each language's home.
    let root = config.root_path();
    let asset_links = |ext: &str| -> Vec<String> {
        assets
            .iter()
            .filter(|a| a.path.ends_with(ext))
            .map(|a| format!("{root}{}", a.path))
            .collect()
    };
    global.insert("plugin_styles", &asset_links(".css"));
    global.insert("plugin_scripts", &asset_links(".js"));
    global.insert("config", &ConfigView::new(config));
    global.insert("base_path", &base);
    global.insert("root_path", &root);
    global.insert("tr", &strings.plain_texts());
    let nav: Vec<SectionRef<'_>> = site.sections[0]
        .section
        .subsections
        .iter()
        .map(|&i| SectionRef::new(&site.sections[i]))
        .collect();
    global.insert("nav", &nav);
    let taxonomy_refs: Vec<TaxonomyRef<'_>> = site
        .taxonomies
        .iter()
        .map(|t| TaxonomyRef {
            name: &t.name,
            title: &t.title,
            path: &t.path,
        })
        .collect();
    global.insert("taxonomies", &taxonomy_refs);
    global.insert(
        "plugin_nav",
        &crate::site::menu::plugin_nav(&site.generated, base),
    );
    let faq_label = strings
        .get("faq_menu", None, &[])
        .unwrap_or_else(|_| "FAQ".into());
    let menu = crate::site::menu::main_menu(site, config, base, &faq_label);
    // Past about six links a one-row header no longer fits at 1280 px: the
    // menu then sits behind its button at every width.
    let label_chars: usize = menu.iter().map(|m| m.title.chars().count() + 2).sum();
    global.insert("menu_fits", &(menu.len() <= 6 && label_chars <= 48));
    global.insert("menu", &menu);
    global.insert(
        "footer_links",
        &crate::site::menu::footer_links(site, config, base),
    );
    global
}

/// Every templated output of `site`, listings first: one of them (the FAQ
/// index, a big term) can take as long as hundreds of pages, and started
/// last it would leave a core idle.
fn jobs(site: &Site, config: &Config) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for (index, section) in site.sections.iter().enumerate() {
        let chunks = match section.section.meta.paginate_by {
            Some(n) if n > 0 && section.section.pages.len() > n => {
                section.section.pages.len().div_ceil(n)
            }
            _ => 1,
        };
        for number in 1..=chunks {
            jobs.push(Job::Section {
                index,
                number,
                total: chunks,
            });
        }
    }
    for (index, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(index));
        for term in 0..taxonomy.terms.len() {
            jobs.push(Job::Term(index, term));
        }
    }
    for index in 0..site.generated.len() {
        jobs.push(Job::Generated(index));
    }
    jobs.push(Job::FaqIndex(None));
    if let Some(topics) = site
        .taxonomies
        .iter()
        .find(|t| t.name == crate::site::FAQ_TOPIC_TAXONOMY)
    {
        for (term, _) in topics.terms.iter().enumerate() {
            jobs.push(Job::FaqIndex(Some(term)));
        }
    }
    jobs.push(Job::NotFound);
    if config.search.enabled {
        jobs.push(Job::Search);
    }
    for (index, _) in site.pages.iter().enumerate() {
        jobs.push(Job::Page(index));
    }
    jobs
}

/// The files beside the templated pages: the sitemap and feed always; with
/// `whole`, also bundle files, alias redirects, plugin assets, robots.txt
/// and the highlighting stylesheet, which change only in a whole rebuild.
fn site_files(
    site: &Site,
    config: &Config,
    renderer: &Renderer,
    assets: &[rapport_plugin::Asset],
    global: &Context,
    whole: bool,
) -> Result<Vec<(String, OutputFile)>> {
    let base = config.base_path();
    let base_url = crate::config::BaseUrl::new(config);
    let mut files: Vec<(String, OutputFile)> = vec![(
        "atom.xml".into(),
        OutputFile::Generated(feeds::atom(site, config, &base_url, renderer, global)?),
    )];
    // A multilingual site's one sitemap holds every language: the pipeline
    // writes it once all are rendered (`sitemap_of_languages`).
    if !config.is_multilingual() {
        let sitemap = feeds::sitemap(&[site], &base_url, renderer, global)?;
        files.push(("sitemap.xml".into(), OutputFile::Generated(sitemap)));
    }
    if !whole {
        return Ok(files);
    }
    let redirect = |target: &str| feeds::redirect_page(target, &base_url, renderer, global);
    let owners = site
        .pages
        .iter()
        .map(|p| (&p.page.path, &p.page.assets, &p.page.meta.aliases))
        .chain(
            site.sections
                .iter()
                .map(|s| (&s.section.path, &s.section.assets, &s.section.meta.aliases)),
        );
    for (path, bundle, aliases) in owners {
        let dir = to_rel(path, &base);
        for (source, rel) in bundle {
            files.push((format!("{dir}{rel}"), OutputFile::Copied(source.clone())));
        }
        push_aliases(&mut files, aliases, path, &redirect)?;
    }
    files.push((
        "print.css".into(),
        OutputFile::Generated(print_stylesheet(config).into_bytes()),
    ));
    // The files every language shares are written once, by the site's own.
    if config.further_language().is_some() {
        return Ok(files);
    }
    for asset in assets {
        files.push((
            asset.path.clone(),
            OutputFile::Generated(asset.bytes.clone()),
        ));
    }
    files.push((
        "robots.txt".into(),
        OutputFile::Generated(feeds::robots(config, &base_url, renderer, global)?),
    ));
    let css = highlight::stylesheet(
        &config.markdown.highlight_theme,
        &config.markdown.highlight_theme_dark,
    )
    .map_err(|message| {
        Diagnostic::new(crate::config::CONFIG_FILE, message)
            .with_help("set [markdown] highlight_theme and highlight_theme_dark to known themes")
    })?;
    files.push(("syntax.css".into(), OutputFile::Generated(css.into_bytes())));
    Ok(files)
}

/// The one `sitemap.xml` of a multilingual site: every language's pages,
/// each with its translations as `xhtml:link` alternates. `sites` are the
/// languages' sites, the site's own first, rendered with its `renderer`.
pub fn sitemap_of_languages(
    sites: &[&Site],
    config: &Config,
    renderer: &Renderer,
    assets: &[rapport_plugin::Asset],
) -> Result<Vec<u8>> {
    let Some(first) = sites.first() else {
        return Ok(Vec::new());
    };
    let base = config.base_path();
    let global = global_context(first, config, assets, &base, &renderer.strings);
    let root_url = crate::config::BaseUrl::for_root(config);
    Ok(feeds::sitemap(sites, &root_url, renderer, &global)?)
}

/// The page margins of print: the site's name and address at the foot of
/// every sheet, so a handout says where it came from. Generated because CSS
/// cannot read them from the page, and margin boxes hold only literal text.
fn print_stylesheet(config: &Config) -> String {
    let source = if config.base_url.contains("://") {
        format!("{} \u{b7} {}", config.title, config.base_url)
    } else {
        config.title.clone()
    };
    format!(
        "/* Made by Rapport from rapport.toml: the foot of every printed page. */\n\
         @page {{\n  margin: 16mm 15mm 18mm;\n  \
         @bottom-left {{ content: \"{}\"; font: 8.5pt system-ui, sans-serif; color: #333; }}\n  \
         @bottom-right {{ content: counter(page) \" / \" counter(pages); font: 8.5pt system-ui, sans-serif; color: #333; }}\n}}\n",
        css_string(&source)
    )
}

/// `text` inside a CSS double-quoted string: quotes, backslashes and control
/// characters escaped, so a title cannot end the string or the rule.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || c == '<' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out
}

enum Job {
    Page(usize),
    Section {
        index: usize,
        number: usize,
        total: usize,
    },
    Taxonomy(usize),
    Term(usize, usize),
    /// A page a plugin added.
    Generated(usize),
    /// The FAQ index, whole or narrowed to a term of the `topics` taxonomy.
    FaqIndex(Option<usize>),
    NotFound,
    /// The search page.
    Search,
}

/// What every job of one [`render_site`] shares.
struct Frame<'a> {
    /// The context every template sees.
    global: &'a Context,
    /// The theme's cached partials, rendered once per section.
    cached: cached::CachedPartials<'a>,
    /// Views many outputs show (page references, questions), made once.
    shared: views::SharedViews,
    /// The language's home path.
    base: &'a str,
    /// The site root's URL, for the language links.
    root_url: &'a crate::config::BaseUrl,
}

fn render_job(
    job: &Job,
    site: &Site,
    config: &Config,
    renderer: &Renderer,
    frame: &Frame<'_>,
) -> std::result::Result<(String, OutputFile), Diagnostic> {
    let Frame {
        global,
        cached,
        shared,
        base,
        root_url,
    } = frame;
    let mut context = (*global).clone();
    let (path, template) = match job {
        Job::Page(index) => {
            let page = &site.pages[*index];
            context.insert("page", &PageView::new(site, page, config, shared));
            context.insert("current_path", &page.page.path);
            context.insert("current_section", top_section_path(site, page.page.section));
            (
                page.page.path.clone(),
                page.page
                    .meta
                    .template
                    .clone()
                    .unwrap_or_else(|| "page.html".into()),
            )
        }
        Job::Section {
            index,
            number,
            total,
        } => {
            let section = &site.sections[*index];
            let path = if *number == 1 {
                section.section.path.clone()
            } else {
                format!("{}page/{number}/", section.section.path)
            };
            let (members, paginator) = match section.section.meta.paginate_by {
                Some(n) if *total > 1 => {
                    let start = (number - 1) * n;
                    let end = (start + n).min(section.section.pages.len());
                    let page_path = |k: usize| {
                        if k == 1 {
                            section.section.path.clone()
                        } else {
                            format!("{}page/{k}/", section.section.path)
                        }
                    };
                    let paginator = Paginator {
                        current: *number,
                        total: *total,
                        previous: (*number > 1).then(|| page_path(number - 1)),
                        next: (number < total).then(|| page_path(number + 1)),
                    };
                    (&section.section.pages[start..end], Some(paginator))
                }
                _ => (&section.section.pages[..], None),
            };
            context.insert(
                "section",
                &SectionView::new(site, section, members, paginator, config, shared),
            );
            context.insert("current_path", &path);
            context.insert("current_section", top_section_path(site, *index));
            let default = if section.section.parent.is_none() {
                "index.html"
            } else {
                "section.html"
            };
            (
                path,
                section
                    .section
                    .meta
                    .template
                    .clone()
                    .unwrap_or_else(|| default.into()),
            )
        }
        Job::Taxonomy(index) => {
            let taxonomy = &site.taxonomies[*index];
            context.insert("taxonomy", &TaxonomyView::new(site, taxonomy));
            context.insert("current_path", &taxonomy.path);
            context.insert("current_section", &taxonomy.path);
            (taxonomy.path.clone(), "taxonomy_list.html".into())
        }
        Job::Term(index, term) => {
            let taxonomy = &site.taxonomies[*index];
            let term = &taxonomy.terms[*term];
            context.insert("taxonomy", &TaxonomyView::header(taxonomy));
            context.insert("term", &TermView::new(site, term, Some(shared)));
            context.insert("current_path", &term.path);
            context.insert("current_section", &taxonomy.path);
            (term.path.clone(), "taxonomy_term.html".into())
        }
        Job::Generated(index) => {
            let generated = &site.generated[*index];
            let page = &generated.page;
            context.insert("generated", &views::GeneratedView::new(generated));
            context.insert("current_path", &page.path);
            let section = page.section.clone().unwrap_or_else(|| page.path.clone());
            let top = site
                .sections
                .iter()
                .position(|s| s.section.path == section)
                .map(|i| top_section_path(site, i).to_string())
                .unwrap_or(section);
            context.insert("current_section", &top);
            (
                page.path.clone(),
                page.template
                    .clone()
                    .unwrap_or_else(|| "generated.html".into()),
            )
        }
        Job::FaqIndex(term) => {
            let term = term.and_then(|t| {
                site.taxonomies
                    .iter()
                    .find(|x| x.name == crate::site::FAQ_TOPIC_TAXONOMY)
                    .map(|x| &x.terms[t])
            });
            let view = FaqIndexView::new(site, base, term, shared);
            let path = match term {
                Some(t) => format!("{}{}/", view.path, t.slug),
                None => view.path.clone(),
            };
            context.insert("current_path", &path);
            context.insert("current_section", &view.path);
            context.insert("faq", &view);
            (path, "faq.html".into())
        }
        Job::Search => {
            let path = format!("{base}{}", crate::site::SEARCH_PATH);
            context.insert("current_path", &path);
            context.insert("current_section", &path);
            (path, "search.html".into())
        }
        Job::NotFound => {
            context.insert("current_path", &format!("{base}404.html"));
            context.insert("current_section", "");
            (format!("{base}404.html"), "404.html".into())
        }
    };
    if !site.translations.languages.is_empty() {
        let key = match job {
            Job::Page(i) => Some(content_key(&site.pages[*i].page.content_path)),
            // Page 2 of a listing is page 2 in the other language, if it has one.
            Job::Section {
                index, number: 1, ..
            } => Some(content_key(&site.sections[*index].section.content_path())),
            Job::NotFound => None,
            _ => Some(path_key(&path, base)),
        };
        insert_languages(&mut context, site, config, key.as_deref(), root_url);
    }
    let section = context.get("current_section").and_then(|v| v.as_str());
    if let Some(value) = cached.for_section(section.unwrap_or_default())? {
        context.insert_value("cached", value);
    }
    // The theme's own markup around a page is about 8 KB.
    let size = match job {
        Job::Page(i) => site.pages[*i].rendered.html.len() + 12 * 1024,
        _ => 32 * 1024,
    };
    let html = renderer.render(&template, &context, size)?;
    let mut rel = to_rel(&path, base);
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    Ok((rel, OutputFile::Generated(html)))
}

/// What a page of a multilingual site shows of the other languages: the
/// `hreflang` links of its head (`alternates`, absolute) and the switcher
/// (`languages`: each language, linked to this page in it or its home).
fn insert_languages(
    context: &mut Context,
    site: &Site,
    config: &Config,
    key: Option<&str>,
    root_url: &crate::config::BaseUrl,
) {
    #[derive(serde::Serialize)]
    struct HrefLang<'a> {
        code: &'a str,
        href: String,
    }
    let translations = &site.translations;
    let key = key.unwrap_or("");
    let alternates: Vec<HrefLang<'_>> = translations
        .alternates(key)
        .iter()
        .map(|a| HrefLang {
            code: &a.code,
            href: root_url.absolute(&a.path),
        })
        .collect();
    let default = translations.languages.first().map(|l| l.code.as_str());
    let x_default = alternates
        .iter()
        .find(|a| Some(a.code) == default)
        .map(|a| a.href.clone());
    context.insert("alternates", &alternates);
    context.insert("x_default", &x_default);
    context.insert("languages", &translations.switcher(key, &config.language));
}

/// The path of the top-level section holding section `index`, for "current" in the nav.
fn top_section_path(site: &Site, mut index: usize) -> &str {
    while let Some(parent) = site.sections[index].section.parent {
        if site.sections[parent].section.parent.is_none() {
            break;
        }
        index = parent;
    }
    &site.sections[index].section.path
}

/// Adds a redirect page to `target` for each of `aliases` (of a page or a
/// section), made by `redirect`; unsafe aliases were refused when URLs got
/// their owners.
fn push_aliases(
    files: &mut Vec<(String, OutputFile)>,
    aliases: &[String],
    target: &str,
    redirect: &dyn Fn(&str) -> std::result::Result<Vec<u8>, Diagnostic>,
) -> Result<()> {
    if aliases.is_empty() {
        return Ok(());
    }
    // One redirect page serves every alias of the same target.
    let page = redirect(target)?;
    for alias in aliases {
        if let Some(rel) = alias_path(alias) {
            let file = if rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel
            };
            files.push((file, OutputFile::Generated(page.clone())));
        }
    }
    Ok(())
}

/// A URL path made relative to the site root (`/help/trust/` -> `trust/`).
fn to_rel(path: &str, base: &str) -> String {
    path.strip_prefix(base)
        .unwrap_or(path.trim_start_matches('/'))
        .to_string()
}

/// Every template a page or section asks for must exist, before anything renders.
fn check_templates(site: &Site, renderer: &Renderer) -> Result<()> {
    let mut diagnostics = Vec::new();
    let known = renderer.template_names().join(", ");
    for page in &site.pages {
        if let Some(name) = &page.page.meta.template {
            if !renderer.has_template(name) {
                diagnostics.push(
                    Diagnostic::new(
                        &page.page.file,
                        format!("template \"{name}\" does not exist"),
                    )
                    .at_line(page.page.key_line("template"))
                    .with_help(format!("create templates/{name}, or use one of: {known}")),
                );
            }
        }
    }
    for section in &site.sections {
        if let Some(name) = &section.section.meta.template {
            if !renderer.has_template(name) {
                diagnostics.push(
                    Diagnostic::new(
                        &section.section.file,
                        format!("template \"{name}\" does not exist"),
                    )
                    .with_help(format!("create templates/{name}, or use one of: {known}")),
                );
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Error::Diagnostics(diagnostics))
    }
}

/// Tera's escaping (`&`, `<`, `>`, `"` and `'`), writing each run of plain
/// text whole: Tera's own writes one byte at a time, and was a twelfth of
/// a build's instructions.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    // Most values (titles, paths, the theme's texts) have nothing to escape:
    // a check the compiler turns into wide comparisons, then one write.
    let special = |b: u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    if !bytes.iter().fold(false, |found, &b| found | special(b)) {
        return out.write_all(bytes);
    }
    let mut plain = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_writes_what_teras_own_does() {
        for text in [
            "",
            "plain",
            "<a href=\"x\">Tom & Jerry's</a>",
            "é > ü",
            "&&''",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text:?}");
        }
    }
}
