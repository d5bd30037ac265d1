//! The plugin API of Rapport.
//!
//! A plugin implements [`Plugin`]; every hook but [`Plugin::name`] has a
//! do-nothing default, so a plugin writes only the hooks it needs and new
//! hooks break no one (the shape of Bevy's `Plugin` and ripgrep's `Sink`).
//!
//! Plugins see the small view types defined here, never the engine's
//! internals: nothing here re-exports a pulldown-cmark, Tera or syntect type,
//! so the engine can upgrade those without breaking a plugin. The view types
//! are `#[non_exhaustive]`: fields may be added, never removed or renamed.
//!
//! The hooks run at fixed points of the build:
//!
//! 1. [`Plugin::configure`] once, with the plugin's `[plugins.NAME]` table;
//! 2. [`Plugin::render_block`] while pages are parsed (in parallel), for
//!    every fenced block, to claim the blocks of its languages;
//! 3. [`Plugin::extend_site`] once every page is parsed: read the site and
//!    return changes (new pages, replaced page bodies, files);
//! 4. [`Plugin::assets`] and [`Plugin::templates`] when the site is rendered.
//!
//! Before any of these, [`Plugin::front_matter_keys`] names the page front
//! matter keys the plugin reads (`worksheet = true`): the engine accepts
//! them, still refuses every other unknown key, and hands each page's values
//! to the plugin in [`PageInfo::params`]. A page a plugin adds for another
//! page ([`NewPage::for_page`]) is linked from it by the theme, whatever the
//! plugin: the engine knows no plugin by name.
//!
//! External programs can be plugins too: see the `external` module of the
//! `rapport` crate and `plugins/README.md` for the JSON protocol, which
//! carries these same types.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A value from `rapport.toml` or front matter, as plugins see it: the
/// API's own type, so no TOML crate is pinned into every plugin. Dates
/// arrive as their text (`2026-05-01`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` or `false`.
    Boolean(bool),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text (and dates, as written).
    String(String),
    /// A list.
    Array(Vec<Value>),
    /// A table of named values.
    Table(Table),
}

impl Value {
    /// The text, if this is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The flag, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is a whole number.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
}

/// Named values, in key order.
pub type Table = BTreeMap<String, Value>;

/// A plugin's own table from `[plugins.NAME]` in `rapport.toml`.
pub type PluginConfig = Table;

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
    /// The site's language, a BCP 47 tag (`en`, `es-MX`), for the words a
    /// plugin writes into the page.
    pub language: String,
}

impl BlockContext {
    /// Describes a block on `page_path`, found in `source` at `line`.
    pub fn new(source: impl Into<String>, line: usize, page_path: impl Into<String>) -> Self {
        Self {
            source: source.into(),
            line,
            page_path: page_path.into(),
            language: "en".into(),
        }
    }
}

/// A plugin's error: a message, where it is, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct PluginError {
    /// What went wrong, in plain words.
    pub message: String,
    /// A 1-based line offset inside the block body, for `render_block` errors.
    pub line_in_block: Option<usize>,
    /// The file, for errors outside a block (`content/trust/a.md`).
    pub file: Option<String>,
    /// The 1-based line in `source`.
    pub line: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

impl PluginError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            line_in_block: None,
            file: None,
            line: None,
            help: None,
        }
    }

    /// Adds the line inside the block where the problem is (1 = the first body line).
    pub fn at_line(mut self, line_in_block: usize) -> Self {
        self.line_in_block = Some(line_in_block);
        self
    }

    /// Adds the file (and line) the problem is in, for errors outside blocks.
    pub fn in_file(mut self, file: impl Into<String>, line: Option<usize>) -> Self {
        self.file = Some(file.into());
        self.line = line;
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

/// The site as plugins see it in [`Plugin::extend_site`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SiteView {
    /// The site title.
    pub title: String,
    /// The path every URL starts with (`/`, or `/help/` under a sub-folder).
    pub base_path: String,
    /// The site's language, a BCP 47 tag (`en`, `es-MX`).
    #[serde(default)]
    pub language: String,
    /// Every section, home first.
    pub sections: Vec<SectionInfo>,
    /// Every published page, in section order.
    pub pages: Vec<PageInfo>,
}

impl SiteView {
    /// A site titled `title` whose URLs start with `base_path`, with no pages yet.
    pub fn new(title: impl Into<String>, base_path: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            base_path: base_path.into(),
            ..Self::default()
        }
    }
}

/// A section as plugins see it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SectionInfo {
    /// Its URL path (`/trust/`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its `_index.md` relative to the site root (`content/trust/_index.md`),
    /// or its folder when it has none.
    #[serde(default)]
    pub source: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The front matter keys plugins declared that its `_index.md` sets
    /// (`course = true`), with their values.
    #[serde(default)]
    pub params: Table,
    /// Its rendered `_index.md` body, which [`ContentChange`] may replace.
    #[serde(default)]
    pub content_html: String,
}

impl SectionInfo {
    /// The section at `path` titled `title`.
    pub fn new(path: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            title: title.into(),
            ..Self::default()
        }
    }
}

/// A page as plugins see it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PageInfo {
    /// Its URL path (`/trust/a/`).
    pub path: String,
    /// Its source file relative to the site root (`content/trust/a.md`).
    pub source: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// Its section's URL path.
    pub section: String,
    /// The front matter keys plugins declared ([`Plugin::front_matter_keys`])
    /// that this page sets, with their values.
    #[serde(default)]
    pub params: Table,
    /// Its headings (levels 2 and 3), in order.
    pub headings: Vec<HeadingInfo>,
    /// Its checklists.
    pub checklists: Vec<ChecklistInfo>,
    /// Its FAQ questions.
    pub faqs: Vec<FaqInfo>,
    /// Fenced blocks that plugins claimed, so a plugin can list what it rendered.
    pub blocks: Vec<BlockInfo>,
    /// The rendered body.
    pub content_html: String,
    /// `[extra]` from front matter.
    #[serde(default)]
    pub extra: Table,
    /// Its `weight`, which orders its section when the section sorts by weight.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Minutes to read its body, as the theme shows them (at least 1).
    #[serde(default)]
    pub reading_minutes: usize,
}

impl PageInfo {
    /// The page at `path` titled `title`, from `source`, in the section at `section`.
    pub fn new(
        path: impl Into<String>,
        source: impl Into<String>,
        title: impl Into<String>,
        section: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            source: source.into(),
            title: title.into(),
            section: section.into(),
            ..Self::default()
        }
    }
}

/// A heading on a page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HeadingInfo {
    /// 2 for `##`, 3 for `###`.
    pub level: u8,
    /// Its anchor.
    pub id: String,
    /// Its text.
    pub title: String,
}

impl HeadingInfo {
    /// A heading of `level` with anchor `id` and text `title`.
    pub fn new(level: u8, id: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            level,
            id: id.into(),
            title: title.into(),
        }
    }
}

/// A checklist on a page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChecklistInfo {
    /// Its id.
    pub id: String,
    /// Its name (the heading before it).
    pub title: String,
    /// Its items' text.
    pub items: Vec<String>,
}

impl ChecklistInfo {
    /// The checklist `id` named `title` with `items`.
    pub fn new(id: impl Into<String>, title: impl Into<String>, items: Vec<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            items,
        }
    }
}

/// An FAQ question on a page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FaqInfo {
    /// The question.
    pub question: String,
    /// Its anchor.
    pub id: String,
    /// The answer as plain text.
    pub answer_text: String,
}

impl FaqInfo {
    /// The question with anchor `id` and its answer as text.
    pub fn new(
        question: impl Into<String>,
        id: impl Into<String>,
        answer_text: impl Into<String>,
    ) -> Self {
        Self {
            question: question.into(),
            id: id.into(),
            answer_text: answer_text.into(),
        }
    }
}

/// A fenced block a plugin claimed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlockInfo {
    /// The block's language (`worksheet`).
    pub lang: String,
    /// Its body.
    pub body: String,
    /// The line of its opening fence in the page's source.
    pub line: usize,
}

impl BlockInfo {
    /// A block of language `lang` holding `body`, fenced at `line`.
    pub fn new(lang: impl Into<String>, body: impl Into<String>, line: usize) -> Self {
        Self {
            lang: lang.into(),
            body: body.into(),
            line,
        }
    }
}

/// What a plugin changes in the site.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SiteChanges {
    /// Pages to add.
    #[serde(default)]
    pub add_pages: Vec<NewPage>,
    /// Existing pages whose rendered body is replaced.
    #[serde(default)]
    pub replace_content: Vec<ContentChange>,
    /// Files to ship, beside those [`Plugin::assets`] gives (CSS and JS are
    /// linked from every page): here a plugin can ship what it made from the site.
    #[serde(default)]
    pub assets: Vec<Asset>,
}

/// A page a plugin adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewPage {
    /// Its URL path, under the site's base path (`/trust/a/worksheet/`).
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// Its body as HTML.
    pub content_html: String,
    /// The template to render it with (default `generated.html`).
    #[serde(default)]
    pub template: Option<String>,
    /// The section it belongs to, for navigation (`/trust/`).
    #[serde(default)]
    pub section: Option<String>,
    /// The page it was made for (`/trust/a/`): the theme links to it from
    /// there, with [`NewPage::link_text`].
    #[serde(default)]
    pub for_page: Option<String>,
    /// The words of that link ("A worksheet for this article"); the title by default.
    #[serde(default)]
    pub link_text: Option<String>,
    /// A few words after the link ("reflect on what you read, at your own pace").
    #[serde(default)]
    pub link_note: Option<String>,
    /// The label search results show it under ("Worksheets"); the plugin's
    /// name by default.
    #[serde(default)]
    pub search_section: Option<String>,
}

impl NewPage {
    /// A page at `path` titled `title` with `content_html` as its body.
    pub fn new(
        path: impl Into<String>,
        title: impl Into<String>,
        content_html: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            title: title.into(),
            content_html: content_html.into(),
            ..Self::default()
        }
    }
}

/// A replaced page body, or a section's (`_index.md`) body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ContentChange {
    /// The page's or section's URL path.
    pub path: String,
    /// Its new body as HTML.
    pub content_html: String,
}

impl ContentChange {
    /// Replaces the body of the page or section at `path`.
    pub fn new(path: impl Into<String>, content_html: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            content_html: content_html.into(),
        }
    }
}

/// A file a plugin ships: CSS and JS are linked from every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Asset {
    /// Its path in the output (`worksheet/worksheet.js`).
    pub path: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

impl Asset {
    /// A file at `path` holding `bytes`.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// A Tera template a plugin ships; a site's own template of the same name wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TemplateFile {
    /// Its name (`worksheet.html`).
    pub name: String,
    /// Its source.
    pub source: String,
}

impl TemplateFile {
    /// A template named `name`.
    pub fn new(name: impl Into<String>, source: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            source: source.into(),
        }
    }
}

/// Escapes text for HTML content and attribute values (`<`, `>`, `&`, `"`, `'`).
///
/// Exported so plugins build HTML with the same escaping as the engine.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does.
pub fn push_escaped_html(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let entity = match c {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' => "&quot;",
            '\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

/// The name in `known` nearest to `word`, if one is near enough to be a
/// typo of it: for "did you mean" in a plugin's errors, as the engine's.
pub fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// An in-process plugin. Every hook but `name` is optional.
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

    /// The front matter keys this plugin reads (`worksheet`): pages and
    /// sections may set them, and [`PageInfo::params`] and
    /// [`SectionInfo::params`] carry their values.
    fn front_matter_keys(&self) -> Vec<String> {
        Vec::new()
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

    /// Reads the parsed site and returns pages to add or bodies to replace.
    fn extend_site(&self, _site: &SiteView) -> Result<SiteChanges, PluginError> {
        Ok(SiteChanges::default())
    }

    /// Files the plugin ships (CSS and JS are linked from every page).
    fn assets(&self) -> Vec<Asset> {
        Vec::new()
    }

    /// Templates the plugin ships.
    fn templates(&self) -> Vec<TemplateFile> {
        Vec::new()
    }
}
