//! Cached partials: the templates under `partials/cached/`, rendered once
//! per section of a build instead of once per page.
//!
//! A page's header menu and footer are the same on every page of a section:
//! they read only the site-wide context (`config`, `menu`, `tr`, ...) and
//! `current_section`. Tera interpreted them again for every page, about a
//! twentieth of a build's instructions (the two menu lists alone 66,000 a
//! page). Like Hugo's `partialCached`, a theme opts in by where it puts a
//! partial, and reads the result as `{{ cached.NAME | safe }}`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use tera::{Context, Value};

use super::Renderer;
use crate::error::Diagnostic;

/// Where cached partials live among the templates.
pub(super) const CACHED_DIR: &str = "partials/cached/";

/// The cached partials of one build, rendered on first use for each section.
pub(super) struct CachedPartials<'a> {
    /// (name in `cached`, template name), e.g. ("menu_items", "partials/cached/menu_items.html").
    templates: Vec<(String, String)>,
    renderer: &'a Renderer,
    global: &'a Context,
    /// The `cached` map of each `current_section` met so far.
    by_section: Mutex<HashMap<String, Value>>,
}

impl<'a> CachedPartials<'a> {
    /// The cached partials among `renderer`'s templates, to render with `global`.
    pub(super) fn new(renderer: &'a Renderer, global: &'a Context) -> Self {
        let mut templates: Vec<(String, String)> = renderer
            .tera
            .get_template_names()
            .filter_map(|name| {
                let key = name.strip_prefix(CACHED_DIR)?.strip_suffix(".html")?;
                Some((key.to_string(), name.to_string()))
            })
            .collect();
        templates.sort();
        CachedPartials {
            templates,
            renderer,
            global,
            by_section: Mutex::new(HashMap::new()),
        }
    }

    /// The `cached` map for a page of `current_section`, or `None` when the
    /// theme has no cached partials. Two threads may render the same section
    /// at once; both get the same text, and the wasted work is one partial.
    pub(super) fn for_section(&self, current_section: &str) -> Result<Option<Value>, Diagnostic> {
        if self.templates.is_empty() {
            return Ok(None);
        }
        if let Some(value) = self.lock().get(current_section) {
            return Ok(Some(value.clone()));
        }
        let mut context = self.global.clone();
        context.insert("current_section", current_section);
        let mut rendered = BTreeMap::new();
        for (key, name) in &self.templates {
            let bytes = self.renderer.render(name, &context, 4096).map_err(|d| {
                d.with_help(format!(
                    "{name} is a cached partial: it is rendered once per section and sees only \
                     site-wide values (config, menu, tr, base_path, ...) and current_section; \
                     move what needs a page out of {CACHED_DIR}"
                ))
            })?;
            let text = String::from_utf8_lossy(&bytes);
            rendered.insert(key.clone(), Value::safe_string(&text));
        }
        let value = Value::from(rendered);
        self.lock()
            .insert(current_section.to_string(), value.clone());
        Ok(Some(value))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Value>> {
        // A panic elsewhere cannot leave the map half-written: take it as is.
        self.by_section
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
