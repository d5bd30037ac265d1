//! The plugin API of Rapport.
//!
//! A plugin implements [`Plugin`]; every hook has a do-nothing default, so a
//! plugin only writes the hooks it needs and new hooks break no one (the
//! shape of Bevy's `Plugin` and ripgrep's `Sink`). Plugins see the small view
//! types defined here, never the engine's internals, so the engine can change
//! its markdown, template or highlighting crates without breaking plugins:
//! nothing here re-exports a pulldown-cmark, Tera or syntect type.
//!
//! This first version carries the hooks the engine calls today
//! (`configure` and `render_block`); the plugin issue grows it.

use std::fmt;

/// A plugin's own table from `[plugins.NAME]` in `rapport.toml`.
pub type PluginConfig = toml::Table;

/// Where a fenced block sits, so a plugin error can name the file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BlockContext {
    /// The page's source path, relative to the site root (`content/trust/a.md`).
    pub source: String,
    /// The 1-based line of the opening fence.
    pub line: usize,
    /// The URL path of the page the block is on (`/trust/a/`).
    pub page_path: String,
}

impl BlockContext {
    /// Describes a block on `page_path`, found in `source` at `line`.
    pub fn new(source: impl Into<String>, line: usize, page_path: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            line,
            page_path: page_path.into(),
        }
    }
}

/// A plugin's error: a message, optionally the line inside the block, and a fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct PluginError {
    /// What went wrong, in plain words.
    pub message: String,
    /// A 1-based line offset inside the block body, when the plugin knows it.
    pub line_in_block: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

impl PluginError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            line_in_block: None,
            help: None,
        }
    }

    /// Adds the line inside the block where the problem is.
    pub fn at_line(mut self, line_in_block: usize) -> Self {
        self.line_in_block = Some(line_in_block);
        self
    }

    /// Adds a suggestion for the author.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for PluginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// An in-process plugin. Every hook is optional.
///
/// The trait is `Send + Sync` because `render_block` runs on many pages at
/// once (the engine renders pages in parallel).
pub trait Plugin: Send + Sync {
    /// The name that enables the plugin: `[plugins.NAME]` in `rapport.toml`.
    fn name(&self) -> &str;

    /// Reads and validates the plugin's config table.
    fn configure(&mut self, _config: &PluginConfig) -> Result<(), PluginError> {
        Ok(())
    }

    /// Renders a fenced block of language `lang` to HTML, or returns `None`
    /// to leave the block to the engine (highlighting).
    fn render_block(
        &self,
        _lang: &str,
        _body: &str,
        _ctx: &BlockContext,
    ) -> Option<Result<String, PluginError>> {
        None
    }
}
