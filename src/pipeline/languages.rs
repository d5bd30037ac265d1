//! A multilingual site (`[languages.CODE]`): each language is prepared as
//! an edition of its own (its content, config and templates, its pages under
//! `/CODE/`), then the editions are joined ([`Translations`]) so every page
//! knows its translations, and rendered one after another into the one
//! output, with one sitemap for all.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Edition, Prepared, RenderSummary, Session, Sink, Update};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::output::OutputFile;
use crate::render::{self, i18n};
use crate::site::translations::Translations;
use crate::site::{Site, Sources, alias_path};

/// Builds every language of the site at `root`, the site's own first.
pub(super) fn start(
    root: &Path,
    config: Config,
    drafts: bool,
    base_url: Option<&str>,
    sources: Sources,
    sink: Sink<'_>,
) -> Result<(Session, RenderSummary)> {
    let own = Edition::prepare(root, config.clone(), drafts, base_url, sources, None)?;
    check_language_folders(&own, &config)?;
    // Where links to a page a language leaves out go: the original.
    let originals: HashMap<String, String> = own
        .site
        .pages
        .iter()
        .map(|p| (p.page.content_path.clone(), p.page.path.clone()))
        .collect();
    let mut prepared = vec![own];
    let mut problems = Vec::new();
    for code in config.languages.keys() {
        let language = config.for_language(code);
        match Edition::prepare(root, language, drafts, base_url, sources, Some(&originals)) {
            Ok(edition) => prepared.push(edition),
            Err(Error::Diagnostics(list)) => problems.extend(list),
            Err(other) => return Err(other),
        }
    }
    // Links may lead from one language to another: each is checked with
    // the others' URLs known.
    if problems.is_empty() {
        let paths: Vec<BTreeSet<String>> =
            prepared.iter().map(|p| p.edition.paths(&p.site)).collect();
        for (i, p) in prepared.iter_mut().enumerate() {
            let others: BTreeSet<String> = paths
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, set)| set.iter().cloned())
                .collect();
            p.edition.other_languages = Arc::new(others);
            match p.edition.check_links(&p.site) {
                Ok(()) => {}
                Err(Error::Diagnostics(list)) => problems.extend(list),
                Err(other) => return Err(other),
            }
        }
    }
    if !problems.is_empty() {
        // An untranslated page's problem is found once per language.
        problems.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        problems.dedup();
        return Err(Error::Diagnostics(problems));
    }

    let mut names = Vec::with_capacity(prepared.len());
    for p in &prepared {
        names.push(language_name(root, &p.edition.config)?);
    }
    let joined: Vec<(&str, String, &Site, String)> = prepared
        .iter()
        .zip(names)
        .map(|(p, name)| {
            (
                p.edition.config.language.as_str(),
                name,
                &p.site,
                p.edition.config.base_path(),
            )
        })
        .collect();
    let translations = Arc::new(Translations::of(&joined));
    drop(joined);

    let mut summary = RenderSummary {
        files: 0,
        pages: 0,
        sections: 0,
        images: Default::default(),
    };
    let mut editions = Vec::with_capacity(prepared.len());
    for Prepared {
        mut edition,
        mut site,
        statics,
    } in prepared
    {
        site.translations = Arc::clone(&translations);
        let done = match edition.config.further_language() {
            None => edition.finish(site, statics, sink)?,
            Some(code) => {
                let prefix = format!("{code}/");
                let under = |path: String, file: OutputFile| sink(format!("{prefix}{path}"), file);
                // The static files are the site's own language's to write.
                edition.finish(site, Vec::new(), &under)?
            }
        };
        summary.files += done.files;
        summary.pages += done.pages;
        summary.sections += done.sections;
        summary.images.made += done.images.made;
        summary.images.reused += done.images.reused;
        editions.push(edition);
    }
    summary.files += write_sitemap(&editions, sink)?;
    Ok((Session { editions }, summary))
}

/// Writes the one sitemap of every language; returns how many files (1).
fn write_sitemap(editions: &[Edition], sink: Sink<'_>) -> Result<usize> {
    let sites: Vec<&Site> = editions.iter().filter_map(|e| e.site.as_ref()).collect();
    let own = &editions[0];
    let sitemap = render::sitemap_of_languages(&sites, &own.config, &own.renderer, &own.assets)?;
    sink("sitemap.xml".into(), OutputFile::Generated(sitemap))?;
    Ok(1)
}

/// Updates each language whose pages `changed` in part, as a one-language
/// site would be (a page's text, title or questions), with the sitemap;
/// `None` when the edit needs a whole build (a new file, a moved page, a
/// template, a term), which the caller does.
pub(super) fn update(
    session: &mut Session,
    changed: &[PathBuf],
    sink: Sink<'_>,
) -> Result<Option<RenderSummary>> {
    let editions = &mut session.editions;
    // Each language looks at its own pages' files (an untranslated page's
    // is the original's, so an edit to it updates both) and at any file no
    // language has, which it decides about (ignore, or rebuild whole).
    let mut plans = Vec::with_capacity(editions.len());
    for edition in editions.iter() {
        let paths: Vec<PathBuf> = changed
            .iter()
            .filter(|p| edition.has_page_file(p) || !editions.iter().any(|e| e.has_page_file(p)))
            .cloned()
            .collect();
        match edition.changed_pages(&paths) {
            Some(pages) => plans.push(pages),
            None => return Ok(None),
        }
    }
    let mut summary = RenderSummary {
        files: 0,
        pages: 0,
        sections: 0,
        images: Default::default(),
    };
    let anything = plans.iter().any(|pages| !pages.is_empty());
    for (edition, pages) in editions.iter_mut().zip(plans) {
        if !pages.is_empty() {
            let prefix = edition
                .config
                .further_language()
                .map(|code| format!("{code}/"))
                .unwrap_or_default();
            let under = |path: String, file: OutputFile| sink(format!("{prefix}{path}"), file);
            // A change that would render a whole language (new terms) goes
            // to a whole build: an update hands out one language's files.
            match edition.update_pages(pages, &under, false) {
                Ok(Some(Update::Partial(done))) => summary.files += done.files,
                Ok(_) => return Ok(None),
                Err(error) => {
                    // A page that fails to load leaves its language as it
                    // was, so the fix is quick; but once a language has
                    // moved on, the next update starts over.
                    if summary.files > 0 {
                        for edition in editions.iter_mut() {
                            edition.site = None;
                        }
                    }
                    return Err(error);
                }
            }
        }
        let counts = super::rendered_counts(edition);
        summary.pages += counts.pages;
        summary.sections += counts.sections;
    }
    if anything {
        summary.files += write_sitemap(editions, sink)?;
    }
    Ok(Some(summary))
}

/// The name of `config`'s language in itself: `[languages.CODE] name`, else
/// the theme's `language_name` for it.
fn language_name(root: &Path, config: &Config) -> Result<String> {
    let set = config
        .languages
        .get(&config.language)
        .and_then(|l| l.name.clone());
    if let Some(name) = set {
        return Ok(name);
    }
    let strings = i18n::Strings::for_language(&config.language, root)?;
    let name = strings
        .get("language_name", None, &[])
        .unwrap_or_else(|_| config.language.clone());
    // English is under every table: a language the theme does not speak
    // would be called "English".
    if name == "English" && !config.language.starts_with("en") {
        return Ok(config.language.clone());
    }
    Ok(name)
}

/// The site's own language may not publish where a further language lives
/// (`content/es/`, an alias `/es/old/`, `static/es/` beside
/// `[languages.es]`): one would silently replace the other. Compared
/// without case, as hosts on macOS and Windows do.
fn check_language_folders(own: &Prepared, config: &Config) -> Result<()> {
    let root = config.base_path();
    let site = &own.site;
    let mut owners: Vec<(String, String)> = Vec::new();
    for page in &site.pages {
        let p = &page.page;
        owners.push((p.path.clone(), p.file.clone()));
        for alias in &p.meta.aliases {
            owners.extend(alias_path(alias).map(|rel| (format!("{root}{rel}"), p.file.clone())));
        }
    }
    for section in &site.sections {
        let s = &section.section;
        owners.push((s.path.clone(), s.file.clone()));
        for alias in &s.meta.aliases {
            owners.extend(alias_path(alias).map(|rel| (format!("{root}{rel}"), s.file.clone())));
        }
    }
    for taxonomy in &site.taxonomies {
        owners.push((
            taxonomy.path.clone(),
            crate::config::CONFIG_FILE.to_string(),
        ));
    }
    for generated in &site.generated {
        owners.push((
            generated.page.path.clone(),
            format!("the {} plugin", generated.plugin),
        ));
    }
    for path in &own.edition.static_paths {
        owners.push((format!("{root}{path}"), format!("static/{path}")));
    }
    let mut problems = Vec::new();
    for (path, owner) in owners {
        let Some(rest) = path.strip_prefix(&root) else {
            continue;
        };
        let first = rest.split('/').next().unwrap_or_default();
        let Some(code) = config
            .languages
            .keys()
            .find(|code| code.eq_ignore_ascii_case(first))
        else {
            continue;
        };
        problems.push(
            Diagnostic::new(
                owner,
                format!("{path} is inside /{code}/, where the site's [languages.{code}] pages go"),
            )
            .with_help(format!(
                "write the translations beside the originals (page.{code}.md), or rename the folder, slug, alias or file"
            )),
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Diagnostics(problems))
    }
}
