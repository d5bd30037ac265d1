//! The plugins stage: enable and configure plugins, show them the parsed
//! site, and apply what they return.
//!
//! Plugins come from one explicit registry ([`bundled`], like Tera's
//! `register_filter`: no `inventory` tricks, no dynamic libraries) or are
//! external programs (`[plugins.NAME] command = "..."`, see [`external`]),
//! which go through an adapter implementing the same trait, so the rest of
//! the engine cannot tell the two kinds apart. Plugins run in name order,
//! so two builds always give the same bytes.

pub mod external;

use std::collections::BTreeSet;

use rapport_plugin::{
    ChecklistInfo, FaqInfo, HeadingInfo, PageInfo, Plugin, PluginError, SectionInfo, SiteView,
};

use crate::config::{CONFIG_FILE, Config};
use crate::error::{Diagnostic, Error, Result, suggest};
use crate::site::{GeneratedPage, Site};

/// A constructor of a bundled plugin.
type Constructor = fn() -> Box<dyn Plugin>;

/// Every plugin bundled with Rapport, by name.
pub fn bundled() -> Vec<(&'static str, Constructor)> {
    vec![("worksheet", || {
        Box::new(rapport_worksheet::WorksheetPlugin::default())
    })]
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
        if let Err(e) = plugin.configure(table) {
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
    let mut view = SiteView::default();
    view.title = config.title.clone();
    view.base_path = config.base_path();
    view.sections = site
        .sections
        .iter()
        .map(|s| {
            let mut info = SectionInfo::default();
            info.path = s.section.path.clone();
            info.title = s.section.title.clone();
            info
        })
        .collect();
    for section in &site.sections {
        for &index in &section.section.pages {
            let page = &site.pages[index];
            let mut info = PageInfo::default();
            info.path = page.page.path.clone();
            info.source = page.page.file.clone();
            info.title = page.page.meta.title.clone();
            info.description = page.page.meta.description.clone();
            info.section = section.section.path.clone();
            info.worksheet = page.page.meta.worksheet;
            info.headings = flatten_toc(&page.rendered.toc);
            info.checklists = page
                .rendered
                .checklists
                .iter()
                .map(|c| {
                    let mut i = ChecklistInfo::default();
                    i.id = c.id.clone();
                    i.title = c.title.clone();
                    i.items = c.items.iter().map(|item| item.text.clone()).collect();
                    i
                })
                .collect();
            info.faqs = page
                .rendered
                .faqs
                .iter()
                .map(|f| {
                    let mut i = FaqInfo::default();
                    i.question = f.question.clone();
                    i.id = f.id.clone();
                    i.answer_text = f.answer_text.clone();
                    i
                })
                .collect();
            info.blocks = page.rendered.plugin_blocks.clone();
            info.content_html = page.rendered.html.clone();
            info.extra = page.page.meta.extra.clone();
            view.pages.push(info);
        }
    }
    view
}

fn flatten_toc(toc: &[crate::markdown::TocEntry]) -> Vec<HeadingInfo> {
    let mut out = Vec::new();
    for entry in toc {
        let mut h = HeadingInfo::default();
        h.level = entry.level;
        h.id = entry.id.clone();
        h.title = entry.title.clone();
        out.push(h);
        out.extend(flatten_toc(&entry.children));
    }
    out
}

/// What the plugins stage did to a site.
#[derive(Debug, Default)]
pub struct Extension {
    /// The pages plugins added.
    pub pages: Vec<GeneratedPage>,
    /// How many page bodies plugins replaced. An incremental build cannot
    /// reuse a replaced body (a plugin would change it twice), so it then
    /// rebuilds whole.
    pub replaced_content: usize,
}

/// Runs every plugin's `extend_site` and applies the changes to `site`.
pub fn extend_site(
    site: &mut Site,
    config: &Config,
    plugins: &[Box<dyn Plugin>],
) -> Result<Extension> {
    if plugins.is_empty() {
        return Ok(Extension::default());
    }
    let mut replaced_content = 0;
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
    for plugin in plugins {
        let changes = match plugin.extend_site(&view) {
            Ok(changes) => changes,
            Err(e) => {
                diagnostics.push(plugin_diagnostic(plugin.name(), e, CONFIG_FILE));
                continue;
            }
        };
        for change in changes.replace_content {
            match site.pages.iter_mut().find(|p| p.page.path == change.path) {
                Some(page) => {
                    page.rendered.html = change.content_html;
                    // Links to this page are checked against what it now holds.
                    page.rendered.anchors = crate::html::anchors(&page.rendered.html);
                    replaced_content += 1;
                }
                None => diagnostics.push(
                    Diagnostic::new(
                        CONFIG_FILE,
                        format!(
                            "plugin \"{}\" changed {}, which is not a page",
                            plugin.name(),
                            change.path
                        ),
                    )
                    .with_help("a plugin may only replace the body of an existing page"),
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
    let generated_paths: std::collections::HashSet<&str> =
        generated.iter().map(|g| g.page.path.as_str()).collect();
    for page in &mut site.pages {
        let worksheet = format!("{}worksheet/", page.page.path);
        page.worksheet_path = generated_paths
            .contains(worksheet.as_str())
            .then_some(worksheet);
    }
    Ok(Extension {
        pages: generated,
        replaced_content,
    })
}
