//! Themes: the embedded default theme, a local `themes/NAME/`, and the site's
//! own `templates/` and `static/`, layered in that order (later wins).
//!
//! The default theme is compiled into the binary (one table below, checked
//! against the folder by a test), so a fresh install needs no files beside it.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::content::is_ignored_name;
use crate::error::{Diagnostic, Result};
use crate::output::OutputFile;

macro_rules! embedded {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $dir, "/", $name)))),*]
    };
}

/// The default theme's templates: (name, source).
pub const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embedded!("templates":
    "404.html",
    "atom.xml",
    "base.html",
    "faq.html",
    "generated.html",
    "index.html",
    "page.html",
    "partials/cached/crisis.html",
    "partials/cached/footer.html",
    "partials/cached/menu_items.html",
    "partials/cached/page_top.html",
    "partials/cached/site_nav.html",
    "partials/cached/theme_toggle.html",
    "partials/crisis_contacts.html",
    "partials/languages.html",
    "partials/page_list.html",
    "partials/trust.html",
    "redirect.html",
    "robots.txt",
    "search.html",
    "section.html",
    "sitemap.xml",
    "taxonomy_list.html",
    "taxonomy_term.html",
);

/// The default theme's static files: (path, bytes).
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embedded!("static":
    "brand.css",
    "rapport.js",
    "search.js",
    "style.css",
);

/// A template and where it came from, for messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use to refer to it (`page.html`).
    pub name: String,
    /// The template text.
    pub text: String,
    /// Where it came from (`templates/page.html`, `default theme: page.html`).
    pub origin: String,
}

/// Collects the templates of every layer; a later layer replaces an earlier
/// template of the same name.
pub fn template_sources(
    root: &Path,
    config: &Config,
    plugin_templates: &[rapport_plugin::TemplateFile],
) -> Result<Vec<TemplateSource>> {
    let mut layers: std::collections::BTreeMap<String, TemplateSource> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes).into_owned();
            (
                name.to_string(),
                TemplateSource {
                    name: name.to_string(),
                    text,
                    origin: format!("default theme: {name}"),
                },
            )
        })
        .collect();
    for template in plugin_templates {
        layers.insert(
            template.name.clone(),
            TemplateSource {
                name: template.name.clone(),
                text: template.source.clone(),
                origin: format!("plugin template: {}", template.name),
            },
        );
    }
    let mut folders = Vec::new();
    if let Some(theme) = local_theme_dir(root, config)? {
        folders.push((
            theme.join("templates"),
            format!(
                "themes/{}/templates",
                config.theme.as_deref().unwrap_or_default()
            ),
        ));
    }
    folders.push((root.join("templates"), "templates".to_string()));
    for (folder, shown) in folders {
        for (abs, rel) in files_under(&folder, &shown)? {
            if !rel.ends_with(".html") && !rel.ends_with(".xml") && !rel.ends_with(".txt") {
                continue;
            }
            let origin = format!("{shown}/{rel}");
            let text = crate::content::read_text(&abs, &origin)?;
            layers.insert(
                rel.clone(),
                TemplateSource {
                    name: rel,
                    text,
                    origin,
                },
            );
        }
    }
    Ok(layers.into_values().collect())
}

/// The static files of every layer, site-relative path -> contents; a later
/// layer replaces an earlier file of the same path.
pub fn static_files(root: &Path, config: &Config) -> Result<Vec<(String, OutputFile)>> {
    let mut files: std::collections::BTreeMap<String, OutputFile> = DEFAULT_STATIC
        .iter()
        // A site without search gets no search script.
        .filter(|(p, _)| config.search.enabled || *p != "search.js")
        .map(|(p, b)| (p.to_string(), OutputFile::Embedded(b)))
        .collect();
    let mut folders = Vec::new();
    if let Some(theme) = local_theme_dir(root, config)? {
        folders.push((
            theme.join("static"),
            format!(
                "themes/{}/static",
                config.theme.as_deref().unwrap_or_default()
            ),
        ));
    }
    folders.push((root.join("static"), "static".to_string()));
    let mut outside = Vec::new();
    for (folder, shown) in folders {
        // The folder itself may be a link (`static/` -> elsewhere).
        if let Some(problem) = crate::content::link_outside(root, &folder) {
            outside.push(problem);
            continue;
        }
        for (abs, rel) in files_under(&folder, &shown)? {
            match crate::content::link_outside(root, &abs) {
                Some(problem) => outside.push(problem),
                None => {
                    files.insert(rel, OutputFile::Copied(abs));
                }
            }
        }
    }
    if !outside.is_empty() {
        return Err(crate::error::Error::Diagnostics(outside));
    }
    Ok(files.into_iter().collect())
}

fn local_theme_dir(root: &Path, config: &Config) -> Result<Option<PathBuf>> {
    let Some(name) = &config.theme else {
        return Ok(None);
    };
    if name == "default" {
        return Ok(None);
    }
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        return Err(Diagnostic::new(crate::config::CONFIG_FILE, format!("theme \"{name}\" not found: there is no folder themes/{name}/"))
            .with_help("create themes/NAME/ with templates/ and static/ inside, or remove the `theme` key to use the default theme")
            .into());
    }
    Ok(Some(dir))
}

/// Every file below `folder` as (absolute path, `/`-separated relative path), sorted.
fn files_under(folder: &Path, shown: &str) -> Result<Vec<(PathBuf, String)>> {
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_none_or(is_ignored_name));
    for entry in walker {
        let entry = entry.map_err(|e| {
            Diagnostic::new(shown, format!("cannot read this folder: {e}"))
                .with_help("check its permissions")
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
        let Some(rel) = rel.to_str() else {
            return Err(Diagnostic::new(
                entry.path().display().to_string(),
                "the file name is not valid UTF-8",
            )
            .with_help("rename the file")
            .into());
        };
        out.push((entry.path().to_path_buf(), rel.replace('\\', "/")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &str) -> Vec<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default")
            .join(dir);
        let mut names: Vec<String> = files_under(&path, dir)
            .unwrap()
            .into_iter()
            .map(|(_, rel)| rel)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn embedded_table_matches_the_theme_folder() {
        let templates: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        assert_eq!(
            templates,
            names_in("templates"),
            "update DEFAULT_TEMPLATES in src/render/theme.rs"
        );
        let statics: Vec<String> = DEFAULT_STATIC.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            statics,
            names_in("static"),
            "update DEFAULT_STATIC in src/render/theme.rs"
        );
    }
}
