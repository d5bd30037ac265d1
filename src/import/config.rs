//! The old site's config (`hugo.toml`, `config.toml`, `_config.yml`) into
//! `rapport.toml`: title, base URL, language, description, the taxonomies
//! pages use, and parameters under `[extra]`; every other key is listed in
//! the report.

use std::collections::BTreeSet;
use std::path::Path;

use toml::{Table, Value};

use super::detect::{Detected, Generator};
use super::report::Report;
use crate::error::{Diagnostic, Error};

/// What the import keeps of the old config.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceConfig {
    pub(crate) title: Option<String>,
    pub(crate) base_url: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) description: Option<String>,
    /// Taxonomy names as pages write them (`tags`, `categories`).
    pub(crate) taxonomies: Vec<String>,
    pub(crate) extra: Table,
    /// Jekyll's `permalink` style or pattern, when a `_config.yml` exists
    /// (`date` is Jekyll's default); `None` for other generators.
    pub(crate) jekyll_permalink: Option<String>,
    /// The main menu's entries (Hugo's `[menus] main`, else its first menu).
    pub(crate) menu: Vec<MenuEntry>,
    /// Keys with no Rapport equivalent.
    pub(crate) rest: Vec<String>,
}

/// One entry of the old site's menu.
#[derive(Debug, Clone, Default)]
pub(crate) struct MenuEntry {
    pub(crate) name: String,
    /// The URL or page path it points at, as written.
    pub(crate) target: String,
    pub(crate) weight: Option<i64>,
}

/// Hugo's `[menus]` (or `[menu]`): the `main` menu, else the first one.
fn hugo_menu(value: &Value) -> Vec<MenuEntry> {
    let Some(menus) = value.as_table() else {
        return Vec::new();
    };
    let Some(entries) = menus
        .get("main")
        .or_else(|| menus.values().next())
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    let mut list: Vec<MenuEntry> = entries
        .iter()
        .filter_map(Value::as_table)
        .map(|e| {
            let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
            MenuEntry {
                name: text("name")
                    .or_else(|| text("identifier"))
                    .unwrap_or_default(),
                target: text("pageRef").or_else(|| text("url")).unwrap_or_default(),
                weight: e.get("weight").and_then(Value::as_integer),
            }
        })
        .collect();
    list.sort_by_key(|e| e.weight.unwrap_or(0));
    list
}

/// A TOML or YAML config file as a TOML table (`None` if it cannot be read).
pub(crate) fn read_table(path: &Path) -> Option<Table> {
    let text = std::fs::read_to_string(path).ok()?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "toml" => text.parse().ok(),
        "yml" | "yaml" | "json" => {
            let json: serde_json::Value = serde_saphyr::from_str(&text).ok()?;
            let toml = Value::try_from(strip_nulls(json)).ok()?;
            toml.as_table().cloned()
        }
        _ => None,
    }
}

fn strip_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        J::Object(map) => J::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        J::Array(items) => J::Array(
            items
                .into_iter()
                .filter(|v| !v.is_null())
                .map(strip_nulls)
                .collect(),
        ),
        other => other,
    }
}

/// Reads the source's config, if it has one.
pub(crate) fn read(source: &Path, detected: &Detected) -> Result<SourceConfig, Error> {
    let mut config = SourceConfig::default();
    let default_taxonomies = || vec!["tags".to_string(), "categories".to_string()];
    let Some(rel) = &detected.config else {
        config.taxonomies = default_taxonomies();
        return Ok(config);
    };
    let path = source.join(rel);
    let table = read_table(&path).ok_or_else(|| {
        Error::from(
            Diagnostic::new(
                path.display().to_string(),
                "this config file cannot be read",
            )
            .with_help("check that it is valid TOML or YAML"),
        )
    })?;
    let string = |v: &Value| v.as_str().map(str::to_string);
    if detected.generator == Generator::Jekyll {
        config.jekyll_permalink = Some("date".into());
    }
    for (key, value) in table {
        match (detected.generator, key.as_str()) {
            (_, "title") => config.title = string(&value),
            (_, "description") => config.description = string(&value),
            (Generator::Hugo, "baseURL" | "baseurl") | (Generator::Zola, "base_url") => {
                config.base_url = string(&value)
            }
            (Generator::Jekyll, "url") => {
                config.base_url = Some(format!(
                    "{}{}",
                    string(&value).unwrap_or_default(),
                    config.base_url.take().unwrap_or_default()
                ))
            }
            (Generator::Jekyll, "permalink") => {
                config.jekyll_permalink = string(&value).or(config.jekyll_permalink.take())
            }
            (Generator::Jekyll, "baseurl") => {
                let base = string(&value).unwrap_or_default();
                config.base_url = Some(format!(
                    "{}{base}",
                    config.base_url.take().unwrap_or_default()
                ));
            }
            (Generator::Hugo, "defaultContentLanguage")
            | (Generator::Zola, "default_language")
            | (Generator::Jekyll, "lang") => {
                // Jekyll sites often write the POSIX form `en_US`; rapport.toml takes BCP 47.
                config.language = string(&value).map(|l| l.replace('_', "-"))
            }
            (Generator::Hugo, "languageCode") if config.language.is_none() => {
                config.language = string(&value)
                    .map(|l| l.split(['-', '_']).next().unwrap_or("en").to_lowercase())
            }
            (Generator::Hugo, "taxonomies") => {
                if let Value::Table(t) = value {
                    config.taxonomies = t
                        .values()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                }
            }
            (Generator::Zola, "taxonomies") => {
                if let Value::Array(items) = value {
                    config.taxonomies = items
                        .iter()
                        .filter_map(|i| i.get("name").and_then(Value::as_str).map(str::to_string))
                        .collect();
                }
            }
            (Generator::Hugo, "menus" | "menu") => {
                config.menu = hugo_menu(&value);
                config.rest.push(key);
            }
            (Generator::Hugo, "params") | (Generator::Zola, "extra") => {
                if let Value::Table(t) = value {
                    config.extra.extend(t);
                }
            }
            _ => config.rest.push(key),
        }
    }
    if detected.generator == Generator::Hugo && config.taxonomies.is_empty() {
        config.taxonomies = default_taxonomies();
    }
    if detected.generator == Generator::Jekyll && config.taxonomies.is_empty() {
        config.taxonomies = default_taxonomies();
    }
    Ok(config)
}

/// `rapport.toml`'s text; lists what was left out in `report`. `menu_sections`
/// are the source URLs of the top sections the menu names.
pub(crate) fn write(
    config: &SourceConfig,
    used: &BTreeSet<String>,
    menu_sections: &BTreeSet<String>,
    report: &mut Report,
) -> String {
    let mut out = Table::new();
    if let Some(title) = &config.title {
        out.insert("title".into(), Value::String(title.clone()));
    }
    if let Some(description) = &config.description {
        out.insert("description".into(), Value::String(description.clone()));
    }
    if let Some(base) = config.base_url.as_ref().filter(|b| b.starts_with("http")) {
        out.insert("base_url".into(), Value::String(base.clone()));
    }
    if let Some(language) = &config.language {
        out.insert("language".into(), Value::String(language.clone()));
    }
    if !used.is_empty() {
        let taxonomies: Table = used
            .iter()
            .map(|name| {
                (
                    name.clone(),
                    Value::String(super::front_matter::title_from(name)),
                )
            })
            .collect();
        out.insert("taxonomies".into(), Value::Table(taxonomies));
    }
    if !config.extra.is_empty() {
        out.insert("extra".into(), Value::Table(config.extra.clone()));
    }
    report.config_keys = config.rest.clone();
    for entry in &config.menu {
        let url = super::front_matter::normalize_url(&entry.target);
        let note = if menu_sections.contains(&url) {
            format!(
                "the menu entry \"{}\" ({}) is a top section: Rapport's navigation lists top sections in weight order (the entry's weight, unless the section has its own)",
                entry.name, entry.target
            )
        } else {
            format!(
                "the menu entry \"{}\" ({}) is not a top section: Rapport's navigation lists top sections only; link to it from a page",
                entry.name, entry.target
            )
        };
        report.notes.push(super::report::Note::new("[menus]", note));
    }
    let mut text = String::from(
        "# Written by `rapport import`; see IMPORT-REPORT.md for what was not carried over.\n",
    );
    text.push_str(&toml::to_string(&out).unwrap_or_default());
    text
}
