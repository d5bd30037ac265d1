//! The sitemap, the Atom feed, robots.txt and alias redirects.
//!
//! Each is a theme template (`sitemap.xml`, `atom.xml`, `robots.txt`,
//! `redirect.html`) layered like the pages' templates, so a site's own
//! `templates/atom.xml` replaces ours. This module builds their small views:
//! every URL is computed here from `base_url` parsed once ([`BaseUrl`]) and
//! every date is already formatted, so a template only places values, and
//! Tera's autoescape (on for `.xml` and `.html` names) escapes each one.
//!
//! The sitemap protocol and Atom (RFC 4287, `atom:id`) require absolute URLs.
//! Without a host in `base_url` there are none to give: the files then carry
//! site paths, as before, and `rapport build` warns ([`host_warning`]) rather
//! than failing, so a new site and a local preview keep building.

use serde::Serialize;
use tera::Context;

use super::Renderer;
use crate::config::{BaseUrl, CONFIG_FILE, Config};
use crate::content::Date;
use crate::error::Diagnostic;
use crate::site::Site;
use crate::site::translations::{content_key, path_key};

/// How many of the newest pages the feed carries.
const FEED_ENTRIES: usize = 20;

/// The templates this module renders; none of them is a page template.
pub const FEED_TEMPLATES: &[&str] = &["sitemap.xml", "atom.xml", "robots.txt", "redirect.html"];

/// Why `sitemap.xml`, `atom.xml` and `robots.txt` cannot have absolute URLs,
/// if they cannot. `config_text` is `rapport.toml`, to give the line of
/// `base_url`; `from_flag` says the value came from `--base-url`.
pub fn host_warning(
    config: &Config,
    config_text: Option<&str>,
    from_flag: bool,
) -> Option<Diagnostic> {
    if BaseUrl::new(config).has_host() {
        return None;
    }
    let line = config_text.and_then(|text| {
        let keys = crate::schema::TomlKeys::parse(text)?;
        let span = keys.span_of(&["base_url"])?;
        Some(keys.line_column(span.start).0)
    });
    let what = if from_flag || line.is_some() {
        format!("base_url \"{}\" has no host", config.base_url)
    } else {
        format!(
            "base_url is not set (the default, \"{}\", has no host)",
            config.base_url
        )
    };
    let message = format!(
        "{what}: sitemap.xml, atom.xml and robots.txt hold paths such as {}sitemap.xml, not the absolute URLs search engines and feed readers need",
        config.base_path()
    );
    let help = "set base_url in rapport.toml to the address the site is published at, e.g. base_url = \"https://example.org/\", or pass `--base-url https://example.org/` to `rapport build` (`rapport serve` needs neither)";
    let diagnostic = match (from_flag, line) {
        (true, _) => Diagnostic::new("--base-url", message),
        (false, Some(line)) => Diagnostic::new(CONFIG_FILE, message).at_line(line),
        (false, None) => Diagnostic::new(CONFIG_FILE, message),
    };
    Some(diagnostic.with_help(help))
}

/// What `sitemap.xml` shows, as `sitemap` in its template.
#[derive(Debug, Serialize)]
pub struct SitemapView {
    /// Every section, page, generated and taxonomy page, sorted by path.
    pub entries: Vec<SitemapEntry>,
}

/// One `<url>` of the sitemap.
#[derive(Debug, Serialize)]
pub struct SitemapEntry {
    /// The absolute URL (a site path when `base_url` has no host).
    pub loc: String,
    /// The day the page was last changed (W3C date, `YYYY-MM-DD`), if known.
    pub lastmod: Option<String>,
    /// The page in every language it has, itself included (empty on a
    /// one-language site).
    pub alternates: Vec<SitemapAlternate>,
}

/// One `<xhtml:link rel="alternate">` of a sitemap entry.
#[derive(Debug, Serialize)]
pub struct SitemapAlternate {
    /// The language's tag.
    pub hreflang: String,
    /// The absolute URL of the page in that language.
    pub href: String,
}

impl SitemapView {
    /// Every section, page, page plugins added and taxonomy page of each of
    /// `sites` (one per language, the site's own first), each with the
    /// languages it is translated into. Untranslated copies are left out:
    /// their original is listed.
    pub fn new(sites: &[&Site], base: &BaseUrl) -> SitemapView {
        let mut entries: Vec<(&str, Option<String>, String)> = Vec::new();
        for site in sites {
            let home = site.sections[0].section.path.as_str();
            for section in &site.sections {
                let s = &section.section;
                entries.push((&s.path, None, content_key(&s.content_path())));
            }
            for page in site.pages.iter().filter(|p| !p.page.untranslated) {
                let meta = &page.page.meta;
                let lastmod = meta.updated.as_ref().or(meta.date.as_ref()).map(Date::day);
                entries.push((
                    &page.page.path,
                    lastmod,
                    content_key(&page.page.content_path),
                ));
            }
            for generated in &site.generated {
                let path = generated.page.path.as_str();
                entries.push((path, None, path_key(path, home)));
            }
            for taxonomy in &site.taxonomies {
                entries.push((&taxonomy.path, None, path_key(&taxonomy.path, home)));
                for term in &taxonomy.terms {
                    entries.push((&term.path, None, path_key(&term.path, home)));
                }
            }
        }
        // By path, so the file is the same whatever order content loaded in.
        entries.sort();
        let translations = &sites[0].translations;
        let entries = entries
            .into_iter()
            .map(|(path, lastmod, key)| SitemapEntry {
                loc: base.absolute(path),
                lastmod,
                alternates: translations
                    .alternates(&key)
                    .iter()
                    // A page in one language only has no alternates to give.
                    .filter(|_| translations.alternates(&key).len() > 1)
                    .map(|a| SitemapAlternate {
                        hreflang: a.code.clone(),
                        href: base.absolute(&a.path),
                    })
                    .collect(),
            })
            .collect();
        SitemapView { entries }
    }
}

/// What `atom.xml` shows, as `feed` in its template.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// The content language (`xml:lang`).
    pub language: String,
    /// The site's title.
    pub title: String,
    /// The site's description, if any.
    pub subtitle: Option<String>,
    /// The feed's own URL (`rel="self"`).
    pub self_url: String,
    /// The home page's URL.
    pub home_url: String,
    /// The feed's `atom:id` (the home page's URL).
    pub id: String,
    /// The newest entry's update time (RFC 3339), or the Unix epoch.
    pub updated: String,
    /// The newest dated pages, newest first.
    pub entries: Vec<FeedEntry>,
}

/// One `<entry>` of the feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// The page's title.
    pub title: String,
    /// The page's URL.
    pub url: String,
    /// The entry's `atom:id` (the page's URL).
    pub id: String,
    /// When the page was published (RFC 3339).
    pub published: Option<String>,
    /// When it last changed (RFC 3339): `updated`, else `date`.
    pub updated: String,
    /// Its authors; the site's title when the page names none (Atom
    /// requires an author on every entry of a feed without one).
    pub authors: Vec<String>,
    /// The page's description, if any.
    pub summary: Option<String>,
}

impl FeedView {
    /// The [`FEED_ENTRIES`] newest dated pages of `site`.
    pub fn new(site: &Site, config: &Config, base: &BaseUrl) -> FeedView {
        let mut dated: Vec<&crate::content::Page> = site
            .pages
            .iter()
            .map(|p| &p.page)
            .filter(|p| p.meta.date.is_some() && !p.untranslated)
            .collect();
        dated.sort_by(|a, b| {
            b.meta
                .date
                .cmp(&a.meta.date)
                .then_with(|| a.path.cmp(&b.path))
        });
        dated.truncate(FEED_ENTRIES);
        let entries: Vec<FeedEntry> = dated
            .into_iter()
            .map(|page| {
                let meta = &page.meta;
                let url = base.absolute(&page.path);
                let authors = if meta.authors.is_empty() {
                    vec![config.title.clone()]
                } else {
                    meta.authors.clone()
                };
                FeedEntry {
                    title: meta.title.clone(),
                    id: url.clone(),
                    url,
                    published: meta.date.as_ref().map(|d| d.rfc3339()),
                    updated: meta
                        .updated
                        .as_ref()
                        .or(meta.date.as_ref())
                        .map(|d| d.rfc3339())
                        .unwrap_or_default(),
                    authors,
                    summary: meta.description.clone(),
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.updated.clone())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let home = base.absolute(&config.base_path());
        FeedView {
            language: config.language.clone(),
            title: config.title.clone(),
            subtitle: config.description.clone(),
            self_url: base.absolute(&format!("{}atom.xml", config.base_path())),
            id: home.clone(),
            home_url: home,
            updated,
            entries,
        }
    }
}

/// What `robots.txt` shows, as `robots` in its template.
#[derive(Debug, Serialize)]
pub struct RobotsView {
    /// The sitemap's URL.
    pub sitemap_url: String,
}

/// What a redirect page shows, as `redirect` in its template.
#[derive(Debug, Serialize)]
pub struct RedirectView {
    /// Where the page moved to, as a site path (`/guide/a/`): it works on
    /// any host, `rapport serve`'s included.
    pub target: String,
    /// The same as an absolute URL (a site path when `base_url` has no host).
    pub url: String,
}

/// Renders `template` with the shared context and `view` under `key`.
fn render_view<T: Serialize>(
    renderer: &Renderer,
    global: &Context,
    template: &str,
    key: &'static str,
    view: &T,
) -> Result<Vec<u8>, Diagnostic> {
    let mut context = global.clone();
    context.insert(key, view);
    // The feeds and redirects are a few KB; a big site's sitemap grows.
    renderer.render(template, &context, 4 * 1024)
}

/// `sitemap.xml`: every section, page and taxonomy page.
pub fn sitemap(
    sites: &[&Site],
    base: &BaseUrl,
    renderer: &Renderer,
    global: &Context,
) -> Result<Vec<u8>, Diagnostic> {
    let view = SitemapView::new(sites, base);
    render_view(renderer, global, "sitemap.xml", "sitemap", &view)
}

/// `atom.xml`: the newest dated pages.
pub fn atom(
    site: &Site,
    config: &Config,
    base: &BaseUrl,
    renderer: &Renderer,
    global: &Context,
) -> Result<Vec<u8>, Diagnostic> {
    let view = FeedView::new(site, config, base);
    render_view(renderer, global, "atom.xml", "feed", &view)
}

/// `robots.txt`: allow everything and point at the sitemap.
pub fn robots(
    config: &Config,
    base: &BaseUrl,
    renderer: &Renderer,
    global: &Context,
) -> Result<Vec<u8>, Diagnostic> {
    let view = RobotsView {
        sitemap_url: base.absolute(&format!("{}sitemap.xml", config.root_path())),
    };
    render_view(renderer, global, "robots.txt", "robots", &view)
}

/// A page that sends the reader from an old URL to site path `target`.
pub fn redirect_page(
    target: &str,
    base: &BaseUrl,
    renderer: &Renderer,
    global: &Context,
) -> Result<Vec<u8>, Diagnostic> {
    let view = RedirectView {
        target: target.to_string(),
        url: base.absolute(target),
    };
    render_view(renderer, global, "redirect.html", "redirect", &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> BaseUrl {
        let config = Config {
            base_url: url.into(),
            ..Config::default()
        };
        BaseUrl::new(&config)
    }

    #[test]
    fn site_paths_join_the_base_url() {
        let help = base("https://clinic.example/help");
        assert!(help.has_host());
        assert_eq!(help.absolute("/help/a/"), "https://clinic.example/help/a/");
        assert_eq!(help.absolute("/help/"), "https://clinic.example/help/");
        assert_eq!(
            help.absolute("/help/c:d/?x#y"),
            "https://clinic.example/help/c:d/%3Fx%23y"
        );
        assert_eq!(
            base("http://127.0.0.1:1111/").absolute("/a/"),
            "http://127.0.0.1:1111/a/"
        );
    }

    #[test]
    fn without_a_host_urls_stay_site_paths() {
        for url in ["/", "/docs/", "file:///srv/site/", "https://"] {
            let b = base(url);
            assert!(!b.has_host(), "{url}");
            assert_eq!(b.absolute("/docs/a/"), "/docs/a/");
        }
    }

    #[test]
    fn the_warning_names_the_line_of_base_url() {
        let config = Config::default();
        let text = "title = \"x\"\n# base_url = \"https://a.example/\"\nbase_url = \"/\"\n";
        let warning = host_warning(&config, Some(text), false).unwrap();
        assert_eq!(
            (warning.file.as_str(), warning.line),
            (CONFIG_FILE, Some(3))
        );
        assert!(host_warning(&config, None, true).unwrap().file == "--base-url");
        let hosted = Config {
            base_url: "https://a.example/".into(),
            ..Config::default()
        };
        assert!(host_warning(&hosted, Some(text), false).is_none());
        // A `base_url` inside a table is not the site's.
        let nested = host_warning(&config, Some("[x]\nbase_url = 1\n"), false).unwrap();
        assert_eq!(nested.line, None);
    }
}
