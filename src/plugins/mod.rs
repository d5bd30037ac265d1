//! The plugins stage: enable and configure plugins, show them the parsed
//! site, and apply what they return.
//!
//! Plugins come from one explicit registry ([`bundled`], plus any an
//! embedding program adds with [`register`], like Tera's `register_filter`:
//! no `inventory` tricks, no dynamic libraries) or are
//! external programs (`[plugins.NAME] command = "..."`, see [`external`]),
//! which go through an adapter implementing the same trait, so the rest of
//! the engine cannot tell the two kinds apart. Plugins run in name order,
//! so two builds always give the same bytes.

pub mod external;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use rapport_plugin::{
    Asset, ChecklistInfo, FaqInfo, HeadingInfo, PageInfo, Plugin, PluginError, SectionInfo,
    SiteView,
};
use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::error::{Diagnostic, Error, Result, suggest};
use crate::site::{GeneratedPage, Site};

/// A constructor of a bundled plugin.
type Constructor = fn() -> Box<dyn Plugin>;

/// Every plugin bundled with Rapport, by name, then every one [`register`]ed.
pub fn bundled() -> Vec<(&'static str, Constructor)> {
    let mut all: Vec<(&'static str, Constructor)> = vec![
        ("course", || {
            Box::new(rapport_course::CoursePlugin::default())
        }),
        ("worksheet", || {
            Box::new(rapport_worksheet::WorksheetPlugin::default())
        }),
    ];
    all.extend(REGISTERED.lock().map(|r| r.clone()).unwrap_or_default());
    all
}

/// Plugins an embedding program (or a test) added, in the order it added them.
static REGISTERED: Mutex<Vec<(&'static str, Constructor)>> = Mutex::new(Vec::new());

/// Adds an in-process plugin under `name`, which `[plugins.NAME]` in a
/// site's `rapport.toml` then enables, as it does a bundled one. A second
/// registration of a name replaces the first.
pub fn register(name: &'static str, make: Constructor) {
    if let Ok(mut registered) = REGISTERED.lock() {
        registered.retain(|(n, _)| *n != name);
        registered.push((name, make));
    }
}

/// The page front matter keys the `plugins` declare, in plugin order.
pub fn front_matter_keys(plugins: &[Box<dyn Plugin>]) -> Vec<String> {
    plugins.iter().flat_map(|p| p.front_matter_keys()).collect()
}

/// A TOML value as plugins see it (dates as their text).
pub fn api_value(value: &toml::Value) -> rapport_plugin::Value {
    use rapport_plugin::Value as V;
    match value {
        toml::Value::String(s) => V::String(s.clone()),
        toml::Value::Integer(i) => V::Integer(*i),
        toml::Value::Float(f) => V::Float(*f),
        toml::Value::Boolean(b) => V::Boolean(*b),
        toml::Value::Datetime(d) => V::String(d.to_string()),
        toml::Value::Array(items) => V::Array(items.iter().map(api_value).collect()),
        toml::Value::Table(t) => V::Table(api_table(t)),
    }
}

/// A TOML table as plugins see it.
pub fn api_table(table: &toml::Table) -> rapport_plugin::Table {
    table
        .iter()
        .map(|(k, v)| (k.clone(), api_value(v)))
        .collect()
}

/// The plugins `[plugins.NAME]` enables, configured, in name order.
pub fn enabled(config: &Config) -> Result<Vec<Box<dyn Plugin>>> {
    let registry = bundled();
    let known: Vec<&str> = registry.iter().map(|(name, _)| *name).collect();
    let mut plugins: Vec<Box<dyn Plugin>> = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, table) in &config.plugins {
        let mut plugin: Box<dyn Plugin> = if table.contains_key("command") {
            Box::new(external::ExternalPlugin::new(name))
        } else if let Some((_, make)) = registry.iter().find(|(n, _)| n == name) {
            make()
        } else {
            let help = match suggest(name, known.iter().copied()) {
                Some(near) => format!(
                    "did you mean \"{near}\"? Known plugins: {}",
                    known.join(", ")
                ),
                None => format!(
                    "known plugins: {}; an external program needs `command = \"...\"` in [plugins.{name}]",
                    known.join(", ")
                ),
            };
            diagnostics.push(
                Diagnostic::new(CONFIG_FILE, format!("unknown plugin \"{name}\"")).with_help(help),
            );
            continue;
        };
        if let Err(e) = plugin.configure(&api_table(table)) {
            diagnostics.push(plugin_diagnostic(name, e, CONFIG_FILE));
            continue;
        }
        plugins.push(plugin);
    }
    if diagnostics.is_empty() {
        Ok(plugins)
    } else {
        Err(Error::Diagnostics(diagnostics))
    }
}

/// Turns a plugin's error into a diagnostic naming the plugin, the file and the line.
pub fn plugin_diagnostic(plugin: &str, error: PluginError, fallback_file: &str) -> Diagnostic {
    let file = error
        .file
        .clone()
        .unwrap_or_else(|| fallback_file.to_string());
    let mut d = Diagnostic::new(file, format!("plugin \"{plugin}\": {}", error.message));
    d.line = error.line;
    match error.help {
        Some(help) => d.with_help(help),
        None => d.with_help(format!("see the documentation of the \"{plugin}\" plugin")),
    }
}

/// The site as plugins see it.
pub fn site_view(site: &Site, config: &Config) -> SiteView {
    let mut view = SiteView::new(&config.title, config.base_path());
    view.language = config.language.clone();
    view.sections = site
        .sections
        .iter()
        .map(|s| {
            let mut info = SectionInfo::new(&s.section.path, &s.section.title);
            info.source = s.section.file.clone();
            info.description = s.section.meta.description.clone();
            info.params = api_table(&s.section.meta.params);
            info.content_html = s.rendered.html.clone();
            info
        })
        .collect();
    // Every page's text and HTML is copied into the view: in parallel.
    let pages: Vec<(usize, &str)> = site
        .sections
        .iter()
        .flat_map(|s| {
            s.section
                .pages
                .iter()
                .map(|&i| (i, s.section.path.as_str()))
        })
        .collect();
    view.pages = pages
        .par_iter()
        .map(|&(index, section)| {
            let page = &site.pages[index];
            let mut info = PageInfo::new(
                &page.page.path,
                &page.page.file,
                &page.page.meta.title,
                section,
            );
            info.description = page.page.meta.description.clone();
            info.params = api_table(&page.page.meta.params);
            info.headings = flatten_toc(&page.rendered.toc);
            info.checklists = page
                .rendered
                .checklists
                .iter()
                .map(|c| {
                    let items = c.items.iter().map(|item| item.text.clone()).collect();
                    ChecklistInfo::new(&c.id, &c.title, items)
                })
                .collect();
            info.faqs = page
                .rendered
                .faqs
                .iter()
                .map(|f| FaqInfo::new(&f.question, &f.id, &f.answer_text))
                .collect();
            info.blocks = page.rendered.plugin_blocks.clone();
            info.content_html = page.rendered.html.clone();
            info.extra = api_table(&page.page.meta.extra);
            info.weight = page.page.meta.weight;
            info.reading_minutes = page.rendered.reading_time();
            info
        })
        .collect();
    view
}

fn flatten_toc(toc: &[crate::markdown::TocEntry]) -> Vec<HeadingInfo> {
    let mut out = Vec::new();
    for entry in toc {
        out.push(HeadingInfo::new(entry.level, &entry.id, &entry.title));
        out.extend(flatten_toc(&entry.children));
    }
    out
}

/// What the plugins stage did to a site.
#[derive(Debug, Default)]
pub struct Extension {
    /// The pages plugins added.
    pub pages: Vec<GeneratedPage>,
    /// The bodies plugins replaced, as they were before.
    pub originals: Originals,
    /// Every plugin's files: its `assets()`, then what `extend_site` shipped.
    pub assets: Vec<Asset>,
}

/// The page and section bodies plugins replaced, as the markdown pass made
/// them (by index). A partial update puts them back before the plugins run
/// again, so no body is changed twice.
#[derive(Debug, Default)]
pub struct Originals {
    /// Pages' bodies and anchors.
    pub pages: BTreeMap<usize, (String, crate::html::Anchors)>,
    /// Sections' bodies and anchors.
    pub sections: BTreeMap<usize, (String, crate::html::Anchors)>,
}

/// Runs every plugin's `extend_site` and applies the changes to `site`.
pub fn extend_site(
    site: &mut Site,
    config: &Config,
    plugins: &[Box<dyn Plugin>],
) -> Result<Extension> {
    if plugins.is_empty() {
        for page in &mut site.pages {
            page.companions.clear();
        }
        return Ok(Extension::default());
    }
    let mut originals = Originals::default();
    let view = site_view(site, config);
    let mut taken: BTreeSet<String> = site.pages.iter().map(|p| p.page.path.clone()).collect();
    taken.extend(site.sections.iter().map(|s| s.section.path.clone()));
    for taxonomy in &site.taxonomies {
        taken.insert(taxonomy.path.clone());
        taken.extend(taxonomy.terms.iter().map(|t| t.path.clone()));
    }
    taken.insert(format!("{}{}", config.base_path(), crate::site::FAQ_PATH));
    let mut generated = Vec::new();
    let mut diagnostics = Vec::new();
    let mut assets = Vec::new();
    // A plugin may replace every page's body: find each by its path at once.
    let page_at: std::collections::HashMap<String, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.page.path.clone(), i))
        .collect();
    let section_at: std::collections::HashMap<String, usize> = site
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.section.path.clone(), i))
        .collect();
    let mut replaced = BTreeSet::new();
    let mut replaced_sections = BTreeSet::new();
    for plugin in plugins {
        assets.extend(plugin.assets());
        let changes = match plugin.extend_site(&view) {
            Ok(changes) => changes,
            Err(e) => {
                diagnostics.push(plugin_diagnostic(plugin.name(), e, CONFIG_FILE));
                continue;
            }
        };
        assets.extend(changes.assets);
        for change in changes.replace_content {
            match page_at.get(&change.path) {
                Some(&index) => {
                    let rendered = &mut site.pages[index].rendered;
                    let html = std::mem::replace(&mut rendered.html, change.content_html);
                    originals
                        .pages
                        .entry(index)
                        .or_insert_with(|| (html, rendered.anchors.clone()));
                    replaced.insert(index);
                }
                None if section_at.contains_key(&change.path) => {
                    let index = section_at[&change.path];
                    let rendered = &mut site.sections[index].rendered;
                    let html = std::mem::replace(&mut rendered.html, change.content_html);
                    originals
                        .sections
                        .entry(index)
                        .or_insert_with(|| (html, rendered.anchors.clone()));
                    replaced_sections.insert(index);
                }
                None => diagnostics.push(
                    Diagnostic::new(
                        CONFIG_FILE,
                        format!(
                            "plugin \"{}\" changed {}, which is not a page or section",
                            plugin.name(),
                            change.path
                        ),
                    )
                    .with_help("a plugin may only replace the body of an existing page or section"),
                ),
            }
        }
        for page in changes.add_pages {
            let safe = page.path.starts_with(&config.base_path())
                && page.path.ends_with('/')
                && crate::output::is_safe_relative(&format!(
                    "{}index.html",
                    &page.path[config.base_path().len()..]
                ));
            if !safe {
                diagnostics.push(
                    Diagnostic::new(CONFIG_FILE, format!("plugin \"{}\" added a page at \"{}\", which is not a path inside the site", plugin.name(), page.path))
                        .with_help(format!("page paths start with {} and end with /", config.base_path())),
                );
                continue;
            }
            if !taken.insert(page.path.clone()) {
                diagnostics.push(
                    Diagnostic::new(
                        CONFIG_FILE,
                        format!(
                            "plugin \"{}\" added a page at {}, which another page already uses",
                            plugin.name(),
                            page.path
                        ),
                    )
                    .with_help("rename the page or section that uses this path"),
                );
                continue;
            }
            generated.push(GeneratedPage {
                plugin: plugin.name().to_string(),
                page,
            });
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Diagnostics(diagnostics));
    }
    // Links to a replaced page are checked against what it now holds; read
    // in parallel, as a plugin may replace thousands of pages.
    site.pages
        .par_iter_mut()
        .enumerate()
        .filter(|(index, _)| replaced.contains(index))
        .for_each(|(_, page)| page.rendered.anchors = crate::html::anchors(&page.rendered.html));
    for &index in &replaced_sections {
        let section = &mut site.sections[index];
        section.rendered.anchors = crate::html::anchors(&section.rendered.html);
    }
    // A page made for another page is linked from it, whatever the plugin.
    for page in &mut site.pages {
        page.companions.clear();
    }
    for (index, g) in generated.iter().enumerate() {
        if let Some(&page) = g.page.for_page.as_ref().and_then(|p| page_at.get(p)) {
            site.pages[page].companions.push(index);
        }
    }
    Ok(Extension {
        pages: generated,
        originals,
        assets,
    })
}
