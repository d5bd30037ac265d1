//! Which generator a source site was written for, and where its pages are.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};

/// A generator `rapport import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Hugo: `hugo.toml` (or `config.toml` with Hugo keys) and `content/`.
    Hugo,
    /// Zola: `config.toml` with `base_url` and `content/`.
    Zola,
    /// Jekyll, Metalsmith and other folders of markdown with YAML front matter.
    Jekyll,
}

impl fmt::Display for Generator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Generator::Hugo => "Hugo",
            Generator::Zola => "Zola",
            Generator::Jekyll => "Jekyll-style",
        })
    }
}

impl std::str::FromStr for Generator {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "hugo" => Ok(Generator::Hugo),
            "zola" => Ok(Generator::Zola),
            "jekyll" | "metalsmith" => Ok(Generator::Jekyll),
            _ => Err(format!("\"{s}\" is not one of hugo, zola, jekyll")),
        }
    }
}

/// A detected source site.
#[derive(Debug, Clone)]
pub(crate) struct Detected {
    pub(crate) generator: Generator,
    /// The folder holding the pages (Hugo's `content/en/`, Zola's `content/`,
    /// Metalsmith's `pages/`, or the site itself), relative to the source.
    pub(crate) content: PathBuf,
    /// The config file, relative to the source, if any.
    pub(crate) config: Option<PathBuf>,
    /// Hugo's `defaultContentLanguage`, when its content is split by language.
    pub(crate) language_folder: Option<String>,
}

const HUGO_CONFIGS: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"];

/// Reads `source` and decides what it is (or checks `forced`).
pub(crate) fn detect(source: &Path, forced: Option<Generator>) -> Result<Detected, Error> {
    let has = |name: &str| source.join(name).is_file();
    let config_toml = std::fs::read_to_string(source.join("config.toml")).unwrap_or_default();
    let config_value: toml::Table = config_toml.parse().unwrap_or_default();
    let hugo_config = HUGO_CONFIGS
        .iter()
        .copied()
        .find(|name| has(name))
        .map(PathBuf::from);
    let hugo_like = config_value.contains_key("baseURL")
        || config_value.contains_key("defaultContentLanguage")
        || config_value.contains_key("languageCode");
    let has_content = source.join("content").is_dir();
    let generator = match forced {
        Some(g) => g,
        None if hugo_config.is_some() && has_content => Generator::Hugo,
        None if hugo_like && has_content => Generator::Hugo,
        None if config_value.contains_key("base_url") && has_content => Generator::Zola,
        None if has("_config.yml") || has("_config.yaml") => Generator::Jekyll,
        None if has_markdown(source) => Generator::Jekyll,
        None => {
            return Err(Diagnostic::new(
                source.display().to_string(),
                "this does not look like a Hugo, Zola or Jekyll site",
            )
            .with_help(
                "Rapport looks for hugo.toml, config.toml (with baseURL or base_url) and content/, or _config.yml, or markdown files; pass --from hugo|zola|jekyll to choose",
            )
            .into());
        }
    };
    let config = match generator {
        Generator::Hugo => hugo_config.or_else(|| has("config.toml").then(|| "config.toml".into())),
        Generator::Zola => has("config.toml").then(|| "config.toml".into()),
        Generator::Jekyll => ["_config.yml", "_config.yaml"]
            .iter()
            .find(|n| has(n))
            .map(PathBuf::from),
    };
    let mut language_folder = None;
    let content = match generator {
        Generator::Hugo => {
            let language = hugo_language(source, config.as_deref());
            let by_language = PathBuf::from("content").join(&language);
            if source.join(&by_language).is_dir() {
                language_folder = Some(language);
                by_language
            } else {
                PathBuf::from("content")
            }
        }
        Generator::Zola => PathBuf::from("content"),
        Generator::Jekyll => jekyll_content(source),
    };
    if !source.join(&content).is_dir() {
        return Err(Diagnostic::new(
            source.join(&content).display().to_string(),
            format!("a {generator} site keeps its pages here, but there is no such folder"),
        )
        .into());
    }
    Ok(Detected {
        generator,
        content,
        config,
        language_folder,
    })
}

/// Hugo's `defaultContentLanguage` ("en" when unset).
fn hugo_language(source: &Path, config: Option<&Path>) -> String {
    let value = config
        .and_then(|c| crate::import::config::read_table(&source.join(c)))
        .unwrap_or_default();
    value
        .get("defaultContentLanguage")
        .and_then(toml::Value::as_str)
        .unwrap_or("en")
        .to_string()
}

/// A Jekyll-style site's pages: the site itself, or the one top folder that
/// holds all its markdown (Metalsmith's `pages/`).
fn jekyll_content(source: &Path) -> PathBuf {
    let mut top_markdown = false;
    let mut folders = Vec::new();
    if let Ok(entries) = std::fs::read_dir(source) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                if has_markdown(&path) {
                    folders.push(name);
                }
            } else if is_markdown(&name) && !is_readme(&name) {
                top_markdown = true;
            }
        }
    }
    if !top_markdown && folders.len() == 1 {
        PathBuf::from(&folders[0])
    } else {
        PathBuf::new()
    }
}

/// Files a repository keeps beside its site, not pages of it.
pub(crate) fn is_readme(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "README.",
        "LICENSE",
        "CHANGELOG.",
        "CONTRIBUTING.",
        "CODE_OF_CONDUCT.",
    ]
    .iter()
    .any(|p| upper.starts_with(p))
}

pub(crate) fn is_markdown(name: &str) -> bool {
    name.ends_with(".md") || name.ends_with(".markdown")
}

fn has_markdown(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .max_depth(6)
        .into_iter()
        .flatten()
        .any(|e| e.file_type().is_file() && is_markdown(&e.file_name().to_string_lossy()))
}
