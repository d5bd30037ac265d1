//! The site configuration, `rapport.toml`.
//!
//! Every key has a default, so a folder holding only `content/` builds. Unknown
//! keys are errors with a "did you mean" suggestion: a misspelt key silently
//! ignored is a setting the author believes is on.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Diagnostic, Error, Result};
use crate::schema::{self, TableShape, TomlKeys};

/// The name of the config file at the site root.
pub const CONFIG_FILE: &str = "rapport.toml";

/// The whole site configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's name, shown in the header and the feed.
    pub title: String,
    /// A sentence about the site, for the home page and search engines.
    pub description: Option<String>,
    /// Where the site is published, e.g. `https://clinic.example/help/`.
    pub base_url: String,
    /// The content language, as a BCP 47 tag (`en`, `en-GB`, `fr`).
    pub language: String,
    /// A local theme folder `themes/NAME/` layered over the default theme.
    pub theme: Option<String>,
    /// The output folder, relative to the site root.
    pub output_dir: String,
    /// Taxonomy name -> the title shown for it.
    pub taxonomies: BTreeMap<String, String>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// FAQ extraction options.
    pub faq: FaqConfig,
    /// Site search options.
    pub search: SearchConfig,
    /// Crisis contacts shown on every page.
    pub crisis: Option<CrisisConfig>,
    /// The "leave this site" button.
    pub quick_exit: QuickExitConfig,
    /// Target reading grade per audience, e.g. `clients = 8`.
    pub readability: BTreeMap<String, f64>,
    /// Review freshness rules.
    pub review: ReviewConfig,
    /// `rapport check` options.
    pub check: CheckConfig,
    /// `[callouts.KIND]`: the site's own callout kinds (`> [!SUPPORT]`),
    /// or new titles for the built-in ones.
    pub callouts: BTreeMap<String, CalloutConfig>,
    /// `[images]`: the resized copies of local images.
    pub images: ImagesConfig,
    /// `[[menu]]`: the main menu, replacing the automatic one when given.
    pub menu: Vec<LinkEntry>,
    /// What the automatic main menu holds.
    pub navigation: NavigationConfig,
    /// The footer's text and links.
    pub footer: FooterConfig,
    /// `[plugins.NAME]`: each enabled plugin's own table.
    pub plugins: BTreeMap<String, toml::Table>,
    /// `[languages.CODE]`: the site's further languages, each at `/CODE/`.
    pub languages: BTreeMap<String, LanguageConfig>,
    /// `[translations]`: what a further language shows for a page not translated.
    pub translations: TranslationsConfig,
    /// Free-form values passed to templates as `config.extra`.
    pub extra: toml::Table,
    /// For one language of a multilingual site: the path of the whole
    /// site's root (`/`), where the shared files are (`base_path` is then
    /// the language's home, `/es/`). Set by [`Config::for_language`].
    #[serde(skip)]
    pub site_root: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            title: "Rapport site".into(),
            description: None,
            base_url: "/".into(),
            language: "en".into(),
            theme: None,
            output_dir: "public".into(),
            taxonomies: BTreeMap::from([
                ("topics".to_string(), "Topics".to_string()),
                ("audience".to_string(), "Audience".to_string()),
            ]),
            markdown: MarkdownConfig::default(),
            faq: FaqConfig::default(),
            search: SearchConfig::default(),
            crisis: None,
            quick_exit: QuickExitConfig::default(),
            readability: BTreeMap::from([("clients".to_string(), 8.0)]),
            review: ReviewConfig::default(),
            check: CheckConfig::default(),
            callouts: BTreeMap::new(),
            images: ImagesConfig::default(),
            menu: Vec::new(),
            navigation: NavigationConfig::default(),
            footer: FooterConfig::default(),
            plugins: BTreeMap::new(),
            languages: BTreeMap::new(),
            translations: TranslationsConfig::default(),
            extra: toml::Table::new(),
            site_root: None,
        }
    }
}

/// `[languages.CODE]`: what differs in a further language. Unset keys take
/// the site's; the theme's words come from its string table.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// The language's name in itself for the switcher (`Español`); the
    /// shipped name of the tag when unset.
    pub name: Option<String>,
    /// The site's name in this language.
    pub title: Option<String>,
    /// The site's description in this language.
    pub description: Option<String>,
    /// Crisis contacts for readers of this language (services that answer in it).
    pub crisis: Option<CrisisConfig>,
    /// The quick exit's neutral page in this language.
    pub quick_exit: Option<QuickExitConfig>,
    /// `[[languages.CODE.menu]]`: this language's main menu.
    pub menu: Vec<LinkEntry>,
    /// This language's footer.
    pub footer: Option<FooterConfig>,
    /// The `##` headings that start an FAQ block in this language.
    pub faq: Option<FaqConfig>,
    /// Target reading grade per audience for this language's pages.
    pub readability: Option<BTreeMap<String, f64>>,
    /// The titles of the site's taxonomies in this language (`topics = "Temas"`).
    pub taxonomies: BTreeMap<String, String>,
}

/// `[translations]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TranslationsConfig {
    /// What a further language does with a page that has no translation.
    pub untranslated: Untranslated,
    /// Whether `rapport check` lists each page a further language lacks
    /// (`missing-translation`, a note); off, as most sites translate a few pages.
    pub report_missing: bool,
}

/// What a further language does with a page that has no translation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// Publish the original at the translated URL, with a notice in the
    /// reader's language and `lang` on the untranslated text.
    #[default]
    Notice,
    /// Leave the page out of the language; links to it go to the original.
    Omit,
}

/// `[markdown]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// The syntect theme for code in light mode.
    pub highlight_theme: String,
    /// The syntect theme for code in dark mode.
    pub highlight_theme_dark: String,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// A link to itself after each heading, for sharing a section.
    pub heading_links: bool,
}

/// `[images]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// The widths of the resized copies in each image's `srcset`, in
    /// pixels (only those narrower than the original); `[]` makes none.
    pub widths: Vec<u32>,
    /// JPEG and WebP quality, 1 to 100.
    pub quality: u8,
    /// Where resized copies are kept between builds, relative to the site.
    pub cache_dir: String,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        Self {
            widths: vec![480, 960, 1440],
            quality: 80,
            cache_dir: ".rapport-cache".into(),
        }
    }
}

/// `[callouts.KIND]`: one kind of callout box.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalloutConfig {
    /// The title the box shows when the author gives none.
    pub title: String,
    /// One of the theme's icons (see `markdown::callouts::ICONS`); `note` when unset.
    pub icon: Option<String>,
    /// A link shown at the end of every box of this kind (`@/get-help.md`).
    pub link: Option<String>,
    /// The text of that link.
    pub link_text: Option<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            smart_punctuation: true,
            heading_links: false,
        }
    }
}

/// `[faq]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FaqConfig {
    /// `##` headings that start an FAQ block (compared without case).
    pub headings: Vec<String>,
}

impl Default for FaqConfig {
    fn default() -> Self {
        Self {
            headings: vec!["FAQ".into(), "Frequently Asked Questions".into()],
        }
    }
}

/// `[search]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Whether to build a search index and show a search box.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// `[crisis]`: help that is shown on every page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisConfig {
    /// The short message above the contacts.
    pub text: String,
    /// Who to call, text or visit.
    #[serde(default)]
    pub contacts: Vec<CrisisContact>,
}

/// One crisis contact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisContact {
    /// The service's name.
    pub label: String,
    /// A phone number, shown as a `tel:` link.
    pub phone: Option<String>,
    /// A number for text messages, shown as an `sms:` link.
    pub sms: Option<String>,
    /// The service's website.
    pub url: Option<String>,
}

/// A link the site's config adds: a `[[menu]]` entry or a footer link.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkEntry {
    /// The link's text.
    pub label: String,
    /// `@/path.md` (a page or section, checked), `/path/` (inside the
    /// site), or an `https://`, `mailto:` or `tel:` address.
    pub url: String,
    /// Order in the menu, lightest first; entries of equal weight keep
    /// their order in the file.
    #[serde(default)]
    pub weight: i64,
    /// The line of the entry in `rapport.toml`, for errors.
    #[serde(skip)]
    pub line: Option<usize>,
}

/// `[navigation]`: what the automatic main menu holds besides the
/// top-level sections (a section leaves it with `in_menu = false`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct NavigationConfig {
    /// A link to the FAQ index.
    pub faq: bool,
    /// A link to each taxonomy's list of terms.
    pub taxonomies: bool,
}

impl Default for NavigationConfig {
    fn default() -> Self {
        Self {
            faq: true,
            taxonomies: true,
        }
    }
}

/// `[footer]`: what every page ends with, besides the crisis line.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FooterConfig {
    /// A sentence about who publishes the site.
    pub text: Option<String>,
    /// `[[footer.links]]`: about, contact, accessibility statement...
    pub links: Vec<LinkEntry>,
}

/// `[quick_exit]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuickExitConfig {
    /// Whether pages carry a "Leave this site" button.
    pub enabled: bool,
    /// The neutral page the button goes to.
    pub url: String,
}

impl Default for QuickExitConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            url: "https://www.bbc.co.uk/weather".into(),
        }
    }
}

/// `[review]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// Months after which `last_reviewed` counts as stale.
    pub max_age_months: u32,
    /// Audiences whose pages must name a reviewer.
    pub required_for: Vec<String>,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        Self {
            max_age_months: 24,
            required_for: vec!["clients".into()],
        }
    }
}

/// `[check]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Lint codes `rapport check` does not report anywhere on the site.
    pub allow: Vec<String>,
    /// Whether a broken link stops the build or is only reported.
    pub broken_links: BrokenLinks,
}

/// A page's or section's `[check]`: only the allow list, as
/// `broken_links` is the site's choice.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageCheckConfig {
    /// Lint codes not reported on this page (or section's own text).
    pub allow: Vec<String>,
}

/// What a broken link does to a build (`[check] broken_links`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    /// The build fails and writes nothing: what `rapport new` and the
    /// example site choose, so a site kept with Rapport stays whole.
    Error,
    /// The build goes on and prints each as a warning. The default, so a
    /// site written elsewhere builds as published and is fixed a link at a
    /// time; `rapport check --strict` still fails on them.
    #[default]
    Warn,
}

/// `path` below the table at `prefix`.
fn prefixed<'a>(prefix: &[&'a str], path: &[&'a str]) -> Vec<&'a str> {
    prefix.iter().chain(path).copied().collect()
}

/// `tags` -> `Tags`.
fn title_case_word(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Other generators' config files: (file, whose).
const FOREIGN_CONFIGS: &[(&str, &str)] = &[
    ("config.toml", "Zola's or Hugo's"),
    ("hugo.toml", "Hugo's"),
    ("hugo.yaml", "Hugo's"),
    ("config.yaml", "Hugo's"),
    ("_config.yml", "Jekyll's"),
];

/// The tables of `rapport.toml` whose keys are checked, each taking the
/// fields of its struct; `[taxonomies]`, `[readability]`, `[plugins.*]` and
/// `[extra]` are maps that take any key.
/// Whether `tag` is shaped like a BCP 47 language tag: a language subtag of
/// 2 to 8 ASCII letters, then subtags of 1 to 8 letters or digits, joined by
/// `-`, 35 characters at most (the length RFC 5646 asks every tool to take).
/// Registered subtags are not looked up: the shape is what keeps a value safe.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let language = subtags.next().unwrap_or_default();
    tag.len() <= 35
        && (2..=8).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn table_shapes() -> Vec<TableShape> {
    vec![
        TableShape::of::<Config>(&[]),
        TableShape::of::<MarkdownConfig>(&["markdown"]),
        TableShape::of::<FaqConfig>(&["faq"]),
        TableShape::of::<SearchConfig>(&["search"]),
        TableShape::of::<CrisisConfig>(&["crisis"]),
        TableShape::of::<CrisisContact>(&["crisis", "contacts"]),
        TableShape::of::<QuickExitConfig>(&["quick_exit"]),
        TableShape::of::<ReviewConfig>(&["review"]),
        TableShape::of::<CheckConfig>(&["check"]),
        TableShape::of::<CalloutConfig>(&["callouts", "*"]),
        TableShape::of::<ImagesConfig>(&["images"]),
        TableShape::of::<LinkEntry>(&["menu"]),
        TableShape::of::<NavigationConfig>(&["navigation"]),
        TableShape::of::<FooterConfig>(&["footer"]),
        TableShape::of::<LinkEntry>(&["footer", "links"]),
        TableShape::of::<LanguageConfig>(&["languages", "*"]),
        TableShape::of::<CrisisConfig>(&["languages", "*", "crisis"]),
        TableShape::of::<CrisisContact>(&["languages", "*", "crisis", "contacts"]),
        TableShape::of::<QuickExitConfig>(&["languages", "*", "quick_exit"]),
        TableShape::of::<LinkEntry>(&["languages", "*", "menu"]),
        TableShape::of::<FooterConfig>(&["languages", "*", "footer"]),
        TableShape::of::<LinkEntry>(&["languages", "*", "footer", "links"]),
        TableShape::of::<FaqConfig>(&["languages", "*", "faq"]),
        TableShape::of::<TranslationsConfig>(&["translations"]),
    ]
}

impl Config {
    /// Reads `rapport.toml` from `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Diagnostic::new(CONFIG_FILE, "the file is not valid UTF-8 text")
                    .with_help("save it as UTF-8 in your editor")
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Another generator's config would otherwise be silently ignored.
                if let Some(other) = FOREIGN_CONFIGS.iter().find(|(f, _)| root.join(f).is_file()) {
                    return Err(Diagnostic::new(
                        other.0,
                        format!(
                            "this is {} config; Rapport reads rapport.toml, which this site lacks",
                            other.1
                        ),
                    )
                    .with_help("write a rapport.toml (title, base_url, language, [taxonomies]; see the README), or start from `rapport new`")
                    .into());
                }
                return Ok(Config::default());
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        Config::parse(&text)
    }

    /// Parses the text of a `rapport.toml`.
    pub fn parse(text: &str) -> Result<Config> {
        // Zola writes taxonomies as a list of tables; say so rather than "wrong kind".
        if let Ok(table) = toml::from_str::<toml::Table>(text) {
            if let Some(toml::Value::Array(list)) = table.get("taxonomies") {
                let names: Vec<String> = list
                    .iter()
                    .filter_map(|t| t.get("name").and_then(toml::Value::as_str))
                    .map(|name| format!("{name} = \"{}\"", title_case_word(name)))
                    .collect();
                let (line, column) = TomlKeys::parse(text)
                    .and_then(|keys| {
                        let span = keys.span_of(&["taxonomies"])?;
                        Some(keys.line_column(span.start))
                    })
                    .unwrap_or((1, 1));
                return Err(Diagnostic::new(
                    CONFIG_FILE,
                    "`taxonomies` is written as a list of tables, Zola's form",
                )
                .at(line, column)
                .with_help(format!(
                    "Rapport maps each taxonomy to its title: a [taxonomies] table with one line each: {}",
                    if names.is_empty() { "topics = \"Topics\"".to_string() } else { names.join("; ") }
                ))
                .into());
            }
        }
        let shapes = table_shapes();
        let keys = TomlKeys::parse(text);
        if let Some(keys) = &keys {
            // Every unknown key at once, each with its own table's keys
            // (serde stops at the first).
            let unknown: Vec<Diagnostic> = keys
                .unknown_keys(&shapes)
                .iter()
                .map(|u| schema::unknown_key_diagnostic(CONFIG_FILE, keys, 1, u, &shapes))
                .collect();
            if !unknown.is_empty() {
                return Err(Error::Diagnostics(unknown));
            }
        }
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let known: Vec<&str> = shapes.iter().flat_map(|s| s.keys.iter().copied()).collect();
            schema::toml_error(CONFIG_FILE, text, 1, &e, &known)
        })?;
        if let Some(keys) = &keys {
            config.locate_links(keys);
            if keys.span_of(&["faq", "headings"]).is_none() {
                config
                    .faq
                    .headings
                    .extend(language_faq_headings(&config.language));
            }
        }
        config.validate(keys.as_ref())?;
        Ok(config)
    }

    /// Records the line of each menu and footer link, for errors found later
    /// (a `@/` target that does not exist).
    fn locate_links(&mut self, keys: &TomlKeys<'_>) {
        let lines = |path: &[&str]| -> Vec<Option<usize>> {
            keys.spans_in_each(path, "url")
                .into_iter()
                .map(|span| span.map(|s| keys.line_column(s.start).0))
                .collect()
        };
        for (entry, line) in self.menu.iter_mut().zip(lines(&["menu"])) {
            entry.line = line;
        }
        for (entry, line) in self
            .footer
            .links
            .iter_mut()
            .zip(lines(&["footer", "links"]))
        {
            entry.line = line;
        }
        for (code, language) in &mut self.languages {
            let menu = lines(&["languages", code, "menu"]);
            for (entry, line) in language.menu.iter_mut().zip(menu) {
                entry.line = line;
            }
            if let Some(footer) = &mut language.footer {
                let links = lines(&["languages", code, "footer", "links"]);
                for (entry, line) in footer.links.iter_mut().zip(links) {
                    entry.line = line;
                }
            }
        }
    }

    /// Checks values serde cannot; `keys` locate a bad value in the file.
    fn validate(&self, keys: Option<&TomlKeys<'_>>) -> Result<()> {
        if !is_language_tag(&self.language) {
            // The tag reaches `<html lang>`, the feed and Pagefind, which
            // panicked on one longer than about 30 characters (issue 18).
            let mut diagnostic = Diagnostic::new(
                CONFIG_FILE,
                format!(
                    "language \"{}\" is not a language tag",
                    self.language.escape_debug()
                ),
            )
            .with_help(
                "write a BCP 47 tag: a 2 or 3 letter language code, then optional parts of up to 8 letters or digits joined by -, as in \"en\", \"en-GB\" or \"zh-Hant\"",
            );
            if let Some((line, column)) =
                keys.and_then(|k| Some(k.line_column(k.span_of(&["language"])?.start)))
            {
                diagnostic = diagnostic.at(line, column);
            }
            return Err(diagnostic.into());
        }
        for name in self.taxonomies.keys() {
            if slug::slugify(name) != *name {
                return Err(Diagnostic::new(
                    CONFIG_FILE,
                    format!("taxonomy name \"{name}\" is not usable in a URL"),
                )
                .with_help(format!("use \"{}\"", slug::slugify(name)))
                .into());
            }
        }
        if let Some(theme) = &self.theme {
            if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
                return Err(Diagnostic::new(
                    CONFIG_FILE,
                    format!("theme \"{theme}\" must be the name of a folder in themes/"),
                )
                .with_help("write theme = \"NAME\" for themes/NAME/")
                .into());
            }
        }
        self.validate_callouts(keys)?;
        self.validate_images(keys)?;
        self.validate_edition(keys, &[])?;
        for code in self.languages.keys() {
            let place =
                keys.and_then(|k| Some(k.line_column(k.span_of(&["languages", code])?.start)));
            let problem = if !is_language_tag(code) {
                Some(format!(
                    "[languages.{code}]: \"{}\" is not a language tag",
                    code.escape_debug()
                ))
            } else if code.eq_ignore_ascii_case(&self.language) {
                Some(format!(
                    "[languages.{code}] is the site's own language (language = \"{}\")",
                    self.language
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                let mut d = Diagnostic::new(CONFIG_FILE, message).with_help(
                    "name each further language by its BCP 47 tag (\"es\", \"pt-BR\"), other than the site's `language`",
                );
                if let Some((line, column)) = place {
                    d = d.at(line, column);
                }
                return Err(d.into());
            }
            let language = &self.languages[code];
            if let Some(name) = language
                .taxonomies
                .keys()
                .find(|n| !self.taxonomies.contains_key(*n))
            {
                let mut d = Diagnostic::new(
                    CONFIG_FILE,
                    format!("[languages.{code}.taxonomies] titles \"{name}\", which is not a taxonomy of the site"),
                )
                .with_help(format!(
                    "title only the taxonomies of [taxonomies]: {}",
                    self.taxonomies.keys().cloned().collect::<Vec<_>>().join(", ")
                ));
                if let Some((line, column)) = keys.and_then(|k| {
                    Some(k.line_column(k.span_of(&["languages", code, "taxonomies", name])?.start))
                }) {
                    d = d.at(line, column);
                }
                return Err(d.into());
            }
            self.for_language(code)
                .validate_edition(keys, &["languages", code])?;
        }
        Ok(())
    }

    /// The callout kinds the site's pages may use: the built-in ones titled
    /// in the site's language, with `[callouts]` over them.
    pub fn callout_kinds(&self) -> crate::markdown::callouts::Callouts {
        crate::markdown::callouts::Callouts::new(
            &self.language,
            self.callouts.iter().map(|(name, kind)| {
                (
                    name.as_str(),
                    kind.title.as_str(),
                    kind.icon.as_deref(),
                    kind.link.as_deref().zip(kind.link_text.as_deref()),
                )
            }),
        )
    }

    /// Checks `[images]`: a quality a codec takes, widths a browser can
    /// use, and a cache folder inside the site.
    fn validate_images(&self, keys: Option<&TomlKeys<'_>>) -> Result<()> {
        let images = &self.images;
        let cache = std::path::Path::new(&images.cache_dir);
        let problem = if !(1..=100).contains(&images.quality) {
            Some((
                "quality",
                format!(
                    "[images] quality {} is not between 1 and 100",
                    images.quality
                ),
                "write a quality from 1 to 100; 80 keeps photos sharp at a quarter of their size",
            ))
        } else if images.widths.iter().any(|&w| !(16..=8192).contains(&w)) {
            Some((
                "widths",
                "[images] widths must each be between 16 and 8192 pixels".to_string(),
                "write widths such as [480, 960, 1440], or [] to make no resized copies",
            ))
        } else if images.cache_dir.is_empty()
            || cache.is_absolute()
            || cache
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            Some((
                "cache_dir",
                format!(
                    "[images] cache_dir \"{}\" must be a folder inside the site",
                    images.cache_dir
                ),
                "write a relative folder name such as \".rapport-cache\"",
            ))
        } else {
            None
        };
        let Some((key, message, help)) = problem else {
            return Ok(());
        };
        let mut d = Diagnostic::new(CONFIG_FILE, message).with_help(help);
        if let Some((line, column)) = keys.and_then(|k| {
            let span = k
                .span_of(&["images", key])
                .or_else(|| k.span_of(&["images"]))?;
            Some(k.line_column(span.start))
        }) {
            d = d.at(line, column);
        }
        Err(d.into())
    }

    /// Checks `[callouts.KIND]`: a name an author can write in `[!KIND]`,
    /// a title, a known icon, and a link with its text (both or neither).
    fn validate_callouts(&self, keys: Option<&TomlKeys<'_>>) -> Result<()> {
        let icons = crate::markdown::callouts::ICONS;
        let mut problems = Vec::new();
        for (name, kind) in &self.callouts {
            let place = |key: Option<&str>| {
                keys.and_then(|k| {
                    let span = key
                        .and_then(|key| k.span_of(&["callouts", name, key]))
                        .or_else(|| k.span_of(&["callouts", name]))?;
                    Some(k.line_column(span.start))
                })
            };
            let problem = if !crate::markdown::callouts::is_kind_name(name) {
                Some((None, format!("[callouts.{name}]: \"{}\" cannot be written as [!KIND]", name.escape_debug()), "name the kind with lowercase letters, digits and -, starting with a letter: [callouts.support] for > [!SUPPORT]".to_string()))
            } else if kind.title.trim().is_empty() {
                Some((
                    None,
                    format!("[callouts.{name}] has no title"),
                    format!(
                        "add title = \"...\", the words shown at the top of every [!{}] box",
                        name.to_uppercase()
                    ),
                ))
            } else if let Some(icon) = kind.icon.as_deref().filter(|i| !icons.contains(i)) {
                Some((
                    Some("icon"),
                    format!("[callouts.{name}] icon \"{icon}\" is not one of the theme's icons"),
                    format!("use one of: {}", icons.join(", ")),
                ))
            } else if kind.link.is_some() != kind.link_text.is_some() {
                Some((
                    Some(if kind.link.is_some() {
                        "link"
                    } else {
                        "link_text"
                    }),
                    format!("[callouts.{name}] needs both link and link_text, or neither"),
                    "add link = \"@/page.md\" and link_text = \"what the link leads to\""
                        .to_string(),
                ))
            } else {
                kind.link.as_deref().filter(|l| !is_link_target(l)).map(|link| {
                    (
                        Some("link"),
                        format!("[callouts.{name}] link \"{link}\" is neither a page nor an address"),
                        "write @/path.md for a page of this site (as in content/), /path/ for another file of the site, or a full https:// address".to_string(),
                    )
                })
            };
            if let Some((key, message, help)) = problem {
                let mut d = Diagnostic::new(CONFIG_FILE, message).with_help(help);
                if let Some((line, column)) = place(key) {
                    d = d.at(line, column);
                }
                problems.push(d);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Diagnostics(problems))
        }
    }

    /// Checks what one language shows: menu and footer links, crisis
    /// contacts and the quick exit; `prefix` leads to its table in the file.
    fn validate_edition(&self, keys: Option<&TomlKeys<'_>>, prefix: &[&str]) -> Result<()> {
        let shown = |table: &str| {
            if prefix.is_empty() {
                table.to_string()
            } else {
                format!("{}.{table}", prefix.join("."))
            }
        };
        let link_problems: Vec<Diagnostic> = self
            .menu
            .iter()
            .map(|e| (format!("[[{}]]", shown("menu")), e))
            .chain(self.footer.links.iter().map(|e| (format!("[[{}]]", shown("footer.links")), e)))
            .filter(|(_, e)| !is_link_target(&e.url))
            .map(|(table, e)| {
                let d = Diagnostic::new(
                    CONFIG_FILE,
                    format!("the {table} link \"{}\" has url \"{}\", which is neither a page nor an address", e.label, e.url),
                )
                .with_help("write @/path.md for a page of this site (as in content/), /path/ for another file of the site, or a full https:// address");
                match e.line {
                    Some(line) => d.at_line(line),
                    None => d,
                }
            })
            .collect();
        if !link_problems.is_empty() {
            return Err(Error::Diagnostics(link_problems));
        }
        let contact_problems = self.crisis_problems(keys, prefix);
        if !contact_problems.is_empty() {
            return Err(Error::Diagnostics(contact_problems));
        }
        if self.quick_exit.enabled && !is_web_url(&self.quick_exit.url) {
            // The button's address ends up in an `href` and in `location.replace`:
            // a `javascript:` or relative URL there would run code or stay on this site.
            let mut diagnostic = Diagnostic::new(
                CONFIG_FILE,
                format!(
                    "[{}] url \"{}\" is not an http(s) address",
                    shown("quick_exit"),
                    self.quick_exit.url
                ),
            )
            .with_help(
                "set url to a neutral public page, such as url = \"https://www.bbc.co.uk/weather\"",
            );
            let span = keys.and_then(|k| {
                let span = k
                    .span_of(&prefixed(prefix, &["quick_exit", "url"]))
                    .or_else(|| k.span_of(&prefixed(prefix, &["quick_exit"])))?;
                Some(k.line_column(span.start))
            });
            if let Some((line, column)) = span {
                diagnostic = diagnostic.at(line, column);
            }
            return Err(diagnostic.into());
        }
        Ok(())
    }

    /// Every crisis contact whose link would not reach help: a website that
    /// is not a full http(s) address (`988lifeline.org` would become a link
    /// inside this site; `javascript:` would run code), or a phone or text
    /// number a phone cannot dial. Each with its line, all at once.
    fn crisis_problems(&self, keys: Option<&TomlKeys<'_>>, prefix: &[&str]) -> Vec<Diagnostic> {
        let Some(crisis) = &self.crisis else {
            return Vec::new();
        };
        let place = |key: &str, index: usize| {
            keys.and_then(|k| {
                let span = k
                    .spans_in_each(&prefixed(prefix, &["crisis", "contacts"]), key)
                    .into_iter()
                    .nth(index)
                    .flatten()?;
                Some(k.line_column(span.start))
            })
        };
        let mut problems = Vec::new();
        for (index, contact) in crisis.contacts.iter().enumerate() {
            let mut found = Vec::new();
            if let Some(url) = contact.url.as_deref().filter(|u| !is_web_url(u)) {
                let fix = if url.contains(':') {
                    "write the service's website as a full address, e.g. url = \"https://988lifeline.org/\"".to_string()
                } else {
                    format!(
                        "write the full address: url = \"https://{}\"",
                        url.trim_start_matches('/')
                    )
                };
                found.push(("url", format!("the crisis contact \"{}\" has url \"{url}\", which is not an http(s) address", contact.label), fix));
            }
            for (key, number) in [("phone", &contact.phone), ("sms", &contact.sms)] {
                if let Some(number) = number.as_deref().filter(|n| !is_dialable(n)) {
                    found.push((key, format!("the crisis contact \"{}\" has {key} \"{number}\", which a phone cannot dial", contact.label), format!("write only the number, with digits, spaces, +, - or parentheses: {key} = \"988\"")));
                }
            }
            for (key, message, help) in found {
                let mut d = Diagnostic::new(CONFIG_FILE, message).with_help(help);
                if let Some((line, column)) = place(key, index) {
                    d = d.at(line, column);
                }
                problems.push(d);
            }
        }
        problems.sort_by_key(|d| d.line);
        problems
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    ///
    /// Internal links use it, so a site published under a sub-folder
    /// (`https://clinic.example/help/`) links correctly.
    pub fn base_path(&self) -> String {
        let url = self.base_url.as_str();
        let path = match url.find("://") {
            Some(i) => {
                let after = &url[i + 3..];
                after.find('/').map(|j| &after[j..]).unwrap_or("/")
            }
            None => url,
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// The path of the whole site's root: [`Config::base_path`], except in
    /// a further language of a multilingual site, whose `base_path` is its
    /// own home (`/es/`) while shared files stay at the root.
    pub fn root_path(&self) -> String {
        self.site_root.clone().unwrap_or_else(|| self.base_path())
    }

    /// The language this config builds when it is a further language of
    /// the site (made by [`Config::for_language`]); `None` for the site's own.
    pub fn further_language(&self) -> Option<&str> {
        self.site_root.as_ref().map(|_| self.language.as_str())
    }

    /// The codes of the site's further languages, which name translations (`a.es.md`).
    pub fn further_codes(&self) -> Vec<&str> {
        self.languages.keys().map(String::as_str).collect()
    }

    /// Whether the site has further languages (`[languages.CODE]`).
    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    /// The config of the further language `code`: its pages under
    /// `/CODE/`, its title, crisis contacts, quick exit, menu, footer, FAQ
    /// headings and reading targets in place of the site's where it sets them.
    pub fn for_language(&self, code: &str) -> Config {
        let mut config = self.clone();
        let Some(language) = self.languages.get(code) else {
            return config;
        };
        config.site_root = Some(self.base_path());
        config.base_url = format!("{}/{code}/", self.base_url.trim_end_matches('/'));
        config.language = code.to_string();
        if let Some(title) = &language.title {
            config.title = title.clone();
        }
        if language.description.is_some() {
            config.description = language.description.clone();
        }
        if language.crisis.is_some() {
            config.crisis = language.crisis.clone();
        }
        if let Some(quick_exit) = &language.quick_exit {
            config.quick_exit = quick_exit.clone();
        }
        if !language.menu.is_empty() {
            config.menu = language.menu.clone();
        }
        if let Some(footer) = &language.footer {
            config.footer = footer.clone();
        }
        config.faq = match &language.faq {
            Some(faq) => faq.clone(),
            None => {
                let mut faq = FaqConfig::default();
                faq.headings.extend(language_faq_headings(code));
                faq
            }
        };
        if let Some(targets) = &language.readability {
            config.readability = targets.clone();
        }
        for (name, title) in &language.taxonomies {
            if let Some(shown) = config.taxonomies.get_mut(name) {
                *shown = title.clone();
            }
        }
        config
    }

    /// Turns a site path (`/trust/a/`) into an absolute URL when `base_url` has a host.
    pub fn absolute_url(&self, path: &str) -> String {
        BaseUrl::new(self).absolute(path)
    }
}

/// `base_url` parsed once: the address that site paths are joined to.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    /// The site's root as an http(s) URL with a host, if `base_url` is one.
    root: Option<Url>,
    /// The path part of `base_url` (`/help/`).
    path: String,
}

impl BaseUrl {
    /// Parses `config.base_url`; without an http(s) host, URLs stay site paths.
    pub fn new(config: &Config) -> BaseUrl {
        Self::with_path(config, config.base_path())
    }

    /// The whole site's root, which every language's paths are under (for
    /// `hreflang` links and the sitemap of a multilingual site).
    pub fn for_root(config: &Config) -> BaseUrl {
        Self::with_path(config, config.root_path())
    }

    fn with_path(config: &Config, path: String) -> BaseUrl {
        let root = Url::parse(&config.base_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .filter(|url| url.host_str().is_some_and(|h| !h.is_empty()))
            .map(|mut url| {
                url.set_path(&path);
                url.set_query(None);
                url.set_fragment(None);
                url
            });
        BaseUrl { root, path }
    }

    /// Whether `base_url` names a host, so URLs can be absolute.
    pub fn has_host(&self) -> bool {
        self.root.is_some()
    }

    /// The absolute URL of site path `path` (`/help/a/`), or `path` itself
    /// when `base_url` has no host.
    pub fn absolute(&self, path: &str) -> String {
        let Some(root) = &self.root else {
            return path.to_string();
        };
        let full = if path.starts_with(self.path.as_str()) {
            path.to_string()
        } else {
            format!("{}{}", self.path, path.trim_start_matches('/'))
        };
        // `set_path` rather than `join`: a segment such as `c:d` or one
        // holding `?` or `#` is percent-encoded, never read as a scheme,
        // query or fragment.
        let mut url = root.clone();
        url.set_path(&full);
        url.into()
    }
}

/// Whether a phone can dial `number`: digits (at least two), with only
/// `+`, spaces, `-`, `.` and parentheses between them.
fn is_dialable(number: &str) -> bool {
    number.chars().filter(char::is_ascii_digit).count() >= 2
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'))
}

/// Whether `url` is an absolute `http://` or `https://` address with a host
/// and nothing in it that could break out of an HTML attribute.
/// The `##` headings that open an FAQ block in `language` besides
/// English's, used when `[faq] headings` is not set.
fn language_faq_headings(language: &str) -> Vec<String> {
    const BY_LANGUAGE: &[(&str, &[&str])] = &[
        ("es", &["Preguntas frecuentes"]),
        ("fr", &["Questions fréquentes", "Foire aux questions"]),
        ("de", &["Häufige Fragen", "Häufig gestellte Fragen"]),
        ("pt", &["Perguntas frequentes"]),
        ("zh", &["常见问题"]),
        ("ar", &["الأسئلة الشائعة"]),
    ];
    let primary = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    BY_LANGUAGE
        .iter()
        .filter(|(lang, _)| *lang == primary)
        .flat_map(|(_, headings)| headings.iter().map(|h| h.to_string()))
        .collect()
}

/// Whether a menu or footer link's `url` is one a reader can follow: a page
/// (`@/`), a path of this site, or an address (`javascript:` is not).
fn is_link_target(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let clean = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'));
    if let Some(rest) = lower
        .strip_prefix("mailto:")
        .or_else(|| lower.strip_prefix("tel:"))
    {
        return clean && !rest.is_empty();
    }
    is_web_url(url)
        || (clean && (url.starts_with("@/") || (url.starts_with('/') && !url.starts_with("//"))))
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty()
                && !url.chars().any(|c| {
                    c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
                })
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_uses_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.taxonomies.len(), 2);
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn language_must_be_a_language_tag() {
        for good in ["en", "en-GB", "zh-Hant-TW", "de-CH-1996", "sgn-BE-FR"] {
            assert!(
                Config::parse(&format!("language = \"{good}\"")).is_ok(),
                "{good}"
            );
        }
        let long = "a".repeat(40);
        for bad in [
            "",
            "e",
            "en_GB",
            "en-",
            "-en",
            "en GB",
            "1en",
            "en-toolongsubtag",
            &long,
            "en\" onload=\"x",
        ] {
            let text = format!("title = \"x\"\nlanguage = \"{}\"\n", bad.escape_default());
            let err = Config::parse(&text).unwrap_err();
            let d = &err.diagnostics()[0];
            assert_eq!(d.line, Some(2), "{bad}");
            assert!(
                d.message.contains("is not a language tag"),
                "{bad}: {}",
                d.message
            );
        }
    }

    #[test]
    fn base_path_follows_base_url() {
        let c = Config::parse("base_url = \"https://x.example/help\"").unwrap();
        assert_eq!(c.base_path(), "/help/");
        assert_eq!(c.absolute_url("/help/a/"), "https://x.example/help/a/");
    }

    #[test]
    fn quick_exit_url_must_be_a_web_address() {
        let ok =
            Config::parse("[quick_exit]\nenabled = true\nurl = \"https://www.bbc.co.uk/weather\"")
                .unwrap();
        assert!(ok.quick_exit.enabled);
        for bad in [
            "javascript:alert(1)",
            "/elsewhere/",
            "https://",
            "ftp://x.example/",
            "https://x.example/\\\" onclick=\\\"x",
        ] {
            let text = format!("title = \"x\"\n\n[quick_exit]\nenabled = true\nurl = \"{bad}\"\n");
            let err = Config::parse(&text).unwrap_err();
            let d = &err.diagnostics()[0];
            assert_eq!(d.line, Some(5), "{bad}");
            assert!(
                d.message.contains("not an http(s) address"),
                "{bad}: {}",
                d.message
            );
            assert!(d.help.is_some());
        }
        // A disabled button's address is never used, so it is not checked.
        assert!(Config::parse("[quick_exit]\nurl = \"nowhere\"").is_ok());
        let inline = Config::parse("quick_exit = { enabled = true, url = \"x\" }").unwrap_err();
        assert_eq!(inline.diagnostics()[0].line, Some(1));
    }

    #[test]
    fn unknown_key_suggests() {
        let err = Config::parse("titel = \"x\"").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.line, Some(1));
        assert_eq!(d.help.as_deref(), Some("did you mean \"title\"?"));
    }
}
