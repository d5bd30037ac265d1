//! Which outputs of a multilingual site translate which: the `hreflang`
//! links of every page, the sitemap's alternates and the language switcher.
//!
//! Each language is assembled as a site of its own; this joins them. Pages
//! and sections are the same page in two languages when they come from the
//! same content path (`trust/a.md` and `trust/a.es.md`), whatever their
//! slugs; the outputs Rapport makes (FAQ, search, taxonomy and plugin
//! pages) when they have the same path below their language's home.

use std::collections::HashMap;

use serde::Serialize;

use super::{FAQ_PATH, FAQ_TOPIC_TAXONOMY, SEARCH_PATH, Site};

/// One language of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Language {
    /// Its tag (`es`).
    pub code: String,
    /// Its name in itself (`Español`), for the switcher.
    pub name: String,
    /// Its home page's path (`/es/`).
    pub home: String,
}

/// The same output in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// The language's tag.
    pub code: String,
    /// The output's site path in that language.
    pub path: String,
}

/// The site's languages and the translations of each output.
#[derive(Debug, Default)]
pub struct Translations {
    /// Every language, the site's own first; empty for a one-language site.
    pub languages: Vec<Language>,
    /// Output key -> the languages it exists in, in `languages` order.
    by_key: HashMap<String, Vec<Alternate>>,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchLink<'a> {
    /// The language's tag, for `lang` and `hreflang`.
    pub code: &'a str,
    /// Its name in itself.
    pub name: &'a str,
    /// This output in that language, or that language's home.
    pub path: &'a str,
    /// Whether it is the language of the page being read.
    pub current: bool,
}

impl Translations {
    /// Joins the sites of every language, the site's own first: (code,
    /// name in itself, site, its base path).
    pub fn of(languages: &[(&str, String, &Site, String)]) -> Translations {
        let mut by_key: HashMap<String, Vec<Alternate>> = HashMap::new();
        for (code, _, site, base) in languages {
            for (key, path) in output_keys(site, base) {
                by_key.entry(key).or_default().push(Alternate {
                    code: code.to_string(),
                    path,
                });
            }
        }
        Translations {
            languages: languages
                .iter()
                .map(|(code, name, _, base)| Language {
                    code: code.to_string(),
                    name: name.clone(),
                    home: base.clone(),
                })
                .collect(),
            by_key,
        }
    }

    /// The languages output `key` exists in (none on a one-language site,
    /// and none for a key no other language shares).
    pub fn alternates(&self, key: &str) -> &[Alternate] {
        match self.by_key.get(key) {
            Some(list) if self.languages.len() > 1 => list,
            _ => &[],
        }
    }

    /// The switcher for output `key` read in language `current`: every
    /// language, linked to its translation or else to its home.
    pub fn switcher(&self, key: &str, current: &str) -> Vec<SwitchLink<'_>> {
        let alternates = self.alternates(key);
        self.languages
            .iter()
            .map(|language| SwitchLink {
                code: &language.code,
                name: &language.name,
                path: alternates
                    .iter()
                    .find(|a| a.code == language.code)
                    .map_or(language.home.as_str(), |a| a.path.as_str()),
                current: language.code == current,
            })
            .collect()
    }
}

/// The key of a page or section: its content path (`trust/a.md`).
pub fn content_key(content_path: &str) -> String {
    format!("c:{content_path}")
}

/// The key of an output Rapport or a plugin makes: its path below the
/// language's home (`faq/`).
pub fn path_key(path: &str, base: &str) -> String {
    format!("p:{}", path.strip_prefix(base).unwrap_or(path))
}

/// Every output of `site` that can have translations, with its key and path.
/// Untranslated pages are left out: they are not a translation.
fn output_keys(site: &Site, base: &str) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for page in site.pages.iter().filter(|p| !p.page.untranslated) {
        keys.push((content_key(&page.page.content_path), page.page.path.clone()));
    }
    for section in &site.sections {
        keys.push((
            content_key(&section.section.content_path()),
            section.section.path.clone(),
        ));
    }
    let mut paths: Vec<String> = vec![format!("{base}{FAQ_PATH}"), format!("{base}{SEARCH_PATH}")];
    // A listing's later pages (`/trust/page/2/`) by their path.
    for section in &site.sections {
        let s = &section.section;
        if let Some(n) = s.meta.paginate_by.filter(|&n| n > 0) {
            for number in 2..=s.pages.len().div_ceil(n) {
                paths.push(format!("{}page/{number}/", s.path));
            }
        }
    }
    for taxonomy in &site.taxonomies {
        paths.push(taxonomy.path.clone());
        for term in &taxonomy.terms {
            paths.push(term.path.clone());
            if taxonomy.name == FAQ_TOPIC_TAXONOMY {
                paths.push(format!("{base}{FAQ_PATH}{}/", term.slug));
            }
        }
    }
    paths.extend(site.generated.iter().map(|g| g.page.path.clone()));
    keys.extend(paths.into_iter().map(|path| (path_key(&path, base), path)));
    keys
}
