//! The main menu and the footer's links: `[[menu]]` from the config when the
//! site gives one, otherwise the top-level sections (but those with
//! `in_menu = false`), the FAQ, plugin pages and taxonomies.
//!
//! Config links are resolved here and checked by [`problems`] before
//! anything renders, so a `@/` link to a page that is gone is an error with
//! its line in `rapport.toml`, as it is in a page.

use serde::Serialize;

use super::{FAQ_PATH, GeneratedPage, Site};
use crate::config::{CONFIG_FILE, Config, LinkEntry};
use crate::error::Diagnostic;

/// A link of the main menu or the footer, as templates see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuLink {
    /// Its text.
    pub title: String,
    /// Where it goes: a path of this site or an outside address.
    pub path: String,
    /// True for an address outside the site.
    pub external: bool,
}

/// A link to a page a plugin added.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct NavLink<'a> {
    /// Its text.
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
}

/// The top-level pages plugins add (such as /worksheets/), which join the navigation.
pub fn plugin_nav<'a>(generated: &'a [GeneratedPage], base: &str) -> Vec<NavLink<'a>> {
    generated
        .iter()
        .filter(|g| {
            let rest = g.page.path.strip_prefix(base).unwrap_or_default();
            rest.trim_end_matches('/').split('/').count() == 1
        })
        .map(|g| NavLink {
            title: &g.page.title,
            path: &g.page.path,
        })
        .collect()
}

/// The main menu of `site`, in order; `faq_label` names the FAQ index in
/// the site's language.
pub fn main_menu(site: &Site, config: &Config, base: &str, faq_label: &str) -> Vec<MenuLink> {
    if !config.menu.is_empty() {
        let mut entries: Vec<&LinkEntry> = config.menu.iter().collect();
        entries.sort_by_key(|e| e.weight);
        return entries
            .into_iter()
            .filter_map(|e| resolve(site, e, base))
            .collect();
    }
    let local = |title: &str, path: &str| MenuLink {
        title: title.to_string(),
        path: path.to_string(),
        external: false,
    };
    let mut menu: Vec<MenuLink> = site.sections[0]
        .section
        .subsections
        .iter()
        .map(|&i| &site.sections[i].section)
        .filter(|s| s.meta.in_menu != Some(false))
        .map(|s| local(&s.title, &s.path))
        .collect();
    if config.navigation.faq {
        menu.push(local(faq_label, &format!("{base}{FAQ_PATH}")));
    }
    menu.extend(
        plugin_nav(&site.generated, base)
            .iter()
            .map(|link| local(link.title, link.path)),
    );
    if config.navigation.taxonomies {
        menu.extend(site.taxonomies.iter().map(|t| local(&t.title, &t.path)));
    }
    menu
}

/// The footer's configured links, in the order written.
pub fn footer_links(site: &Site, config: &Config, base: &str) -> Vec<MenuLink> {
    config
        .footer
        .links
        .iter()
        .filter_map(|e| resolve(site, e, base))
        .collect()
}

/// Every config link whose `@/` target is not a page or section of `site`.
pub fn problems(site: &Site, config: &Config) -> Vec<Diagnostic> {
    let entries = config.menu.iter().map(|e| ("[[menu]]", e));
    let entries = entries.chain(config.footer.links.iter().map(|e| ("[[footer.links]]", e)));
    entries
        .filter(|(_, e)| e.url.starts_with("@/") && resolve(site, e, "/").is_none())
        .map(|(table, e)| {
            let d = Diagnostic::new(
                CONFIG_FILE,
                format!(
                    "the {table} link \"{}\" goes to {}, which is not a page or section of the site",
                    e.label, e.url
                ),
            )
            .with_help("write the path of a file under content/, as in url = \"@/trust/_index.md\"");
            match e.line {
                Some(line) => d.at_line(line),
                None => d,
            }
        })
        .collect()
}

/// Where a config link goes; `None` for a `@/` link to nothing.
fn resolve(site: &Site, entry: &LinkEntry, base: &str) -> Option<MenuLink> {
    let link = |path: String, external: bool| MenuLink {
        title: entry.label.clone(),
        path,
        external,
    };
    if let Some(target) = entry.url.strip_prefix("@/") {
        let (file, anchor) = match target.split_once('#') {
            Some((file, anchor)) => (file, format!("#{anchor}")),
            None => (target, String::new()),
        };
        let path = site
            .pages
            .iter()
            .find(|p| p.page.content_path == file)
            .map(|p| &p.page.path)
            .or_else(|| {
                let section = site.sections.iter().find(|s| {
                    s.section.content_path() == file
                        || s.section.dir.trim_end_matches('/') == file.trim_end_matches('/')
                })?;
                Some(&section.section.path)
            })
            // A page this language leaves out untranslated: its original.
            .or_else(|| site.elsewhere.get(file))?;
        return Some(link(format!("{path}{anchor}"), false));
    }
    match entry.url.strip_prefix('/') {
        Some(rest) => Some(link(format!("{base}{rest}"), false)),
        None => Some(link(entry.url.clone(), true)),
    }
}
