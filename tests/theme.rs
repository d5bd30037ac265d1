//! The default theme (issue 8): calm, accessible, private and printable.
//!
//! The HTML tests read what the build wrote. The browser tests load every
//! page of the example site in headless Chromium: axe-core at two widths in
//! light and dark, the keyboard order, requests to other hosts, the quick
//! exit, reflow at 320 px, print, and screenshots for a person to look at.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::browser::browser_or_skip;
use crate::browser::{Page, Server, served_example};
use crate::util::{SiteTest, files_below, select, text_of, walkdir};

/// The example site, built.
fn built_example() -> SiteTest {
    let site = SiteTest::example();
    site.build(&[]).ok();
    site
}

/// The URL path of every HTML page in `public` the browser tests load, sorted
/// (`/`, `/404.html`, `/faq/`, ...).
fn page_paths(public: &Path) -> Vec<String> {
    let taxonomies = rapport::config::Config::load(&crate::util::repo_root())
        .unwrap()
        .taxonomies;
    let mut listings_seen = std::collections::BTreeSet::new();
    files_below(public)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, _)| format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel)))
        .filter(|path| in_browser_sample(path))
        .filter(|path| match term_listing_of(path, &taxonomies) {
            Some(listing) => listings_seen.insert(listing.to_string()),
            None => true,
        })
        .collect()
}

/// For a page that lists one term's pages (`/topics/trust/`, `/audience/clients/`,
/// `/faq/trust/`), the listing it belongs to (`topics`); `None` for any other page.
/// The browser tests load the first term of each listing only: the others are
/// the same template over other titles (nine topics, nine FAQ topics), and
/// loading them all took a third of the axe run, the longest test of the
/// suite (190 s alone on two cores), without reaching any other markup.
fn term_listing_of<'a>(
    path: &'a str,
    taxonomies: &std::collections::BTreeMap<String, String>,
) -> Option<&'a str> {
    let mut parts = path.trim_matches('/').split('/');
    let (Some(listing), Some(_term), None) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    (listing == "faq" || taxonomies.contains_key(listing)).then_some(listing)
}

/// Whether the browser tests load `path`: every page of the site's own
/// language; of each further language (the same templates with other words
/// and, for Arabic, the other direction) its home, FAQ, search, topics,
/// worksheets, 404 and the trust section, so the run stays short.
fn in_browser_sample(path: &str) -> bool {
    let language = crate::util::example_language_of(path);
    let Some(rest) = path.strip_prefix(&format!("/{language}/")) else {
        return true;
    };
    matches!(
        rest,
        "" | "faq/" | "search/" | "topics/" | "worksheets/" | "404.html"
    ) || rest.starts_with("trust/")
}

/// The example site's config for the language of output file `rel`
/// (`es/...` is the Spanish one's, `ar/...` the Arabic one's).
fn config_of(rel: &str) -> rapport::config::Config {
    let config = rapport::config::Config::load(&crate::util::repo_root()).unwrap();
    let language = crate::util::example_language_of(rel);
    if language == config.language {
        config
    } else {
        config.for_language(&language)
    }
}

/// Every HTML file in `public` as (site-relative path, parsed document).
fn html_files(public: &Path) -> Vec<(String, scraper::Html)> {
    files_below(public)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, p)| {
            let html = scraper::Html::parse_document(&std::fs::read_to_string(&p).unwrap());
            (rel, html)
        })
        .collect()
}

/// The JSON-LD objects of a page, parsed.
fn json_ld(html: &scraper::Html) -> Vec<serde_json::Value> {
    select(html, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD parses: {e}\n{text}"))
        })
        .collect()
}

const ARTICLE: &str = "/trust/building-trust-in-therapy/";

// ---------------------------------------------------------------- HTML tests

#[test]
fn article_json_ld_names_authors_reviewer_and_dates() {
    let site = SiteTest::new("theme-json-ld");
    site.file(
        "rapport.toml",
        "base_url = \"https://clinic.example/help/\"\n",
    );
    site.file(
        "content/a.md",
        "+++\ntitle = \"Saying </script> no\"\ndescription = \"A & B <!-- c\"\ndate = 2026-03-14\nupdated = 2026-09-02\nauthors = [\"Ann Author\", \"Bo Writer\"]\nreviewed_by = \"C. Reviewer, LCSW\"\nlast_reviewed = 2026-09-01\n+++\nText.\n",
    );
    site.file(
        "content/bare.md",
        "+++\ntitle = \"Bare\"\ndate = 2026-01-02\n+++\nText.\n",
    );
    site.build(&[]).ok();

    let raw = site.read("a/index.html");
    assert!(
        !raw.contains("Saying </script> no\""),
        "text in JSON-LD is escaped"
    );
    let data = json_ld(&site.html("a/index.html"));
    let article = data
        .iter()
        .find(|d| d["@type"] == "MedicalWebPage")
        .expect("a MedicalWebPage");
    assert_eq!(article["@context"], "https://schema.org");
    assert_eq!(article["name"], "Saying </script> no");
    assert_eq!(article["description"], "A & B <!-- c");
    assert_eq!(article["url"], "https://clinic.example/help/a/");
    assert_eq!(article["datePublished"], "2026-03-14");
    assert_eq!(article["dateModified"], "2026-09-02");
    assert_eq!(article["lastReviewed"], "2026-09-01");
    assert_eq!(article["reviewedBy"]["@type"], "Person");
    assert_eq!(article["reviewedBy"]["name"], "C. Reviewer, LCSW");
    let authors: Vec<&str> = article["author"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Ann Author", "Bo Writer"]);

    let bare = json_ld(&site.html("bare/index.html"));
    let bare = &bare[0];
    assert_eq!(bare["@type"], "MedicalWebPage");
    assert_eq!(
        bare["dateModified"], "2026-01-02",
        "unchanged since published"
    );
    for absent in ["reviewedBy", "lastReviewed", "author", "description"] {
        assert!(
            bare.get(absent).is_none(),
            "{absent} is left out when unset"
        );
    }

    // A page with questions is one FAQPage block with the same trust fields.
    let example = built_example();
    let data = json_ld(&example.html("trust/building-trust-in-therapy/index.html"));
    assert_eq!(data.len(), 1, "one description of the page");
    let page = &data[0];
    assert_eq!(page["@type"], "FAQPage");
    assert_eq!(page["additionalType"], "https://schema.org/MedicalWebPage");
    assert_eq!(page["name"], "Building trust in therapy");
    assert_eq!(page["lastReviewed"], "2026-09-01");
    assert_eq!(
        page["reviewedBy"]["name"],
        "A. Example, LCSW (fictional reviewer)"
    );
    assert_eq!(page["author"][0]["name"], "Rapport example team");
    assert_eq!(page["datePublished"], "2026-03-14");
    assert_eq!(page["dateModified"], "2026-09-02");
    assert_eq!(page["mainEntity"][0]["@type"], "Question");
}

/// Whether `element` is inside an author's text (a body, or an FAQ answer on
/// the `/faq/` index), where ids come from headings, not from the theme.
fn in_authored_text(element: scraper::ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .any(|a| {
            a.value()
                .has_class("prose", scraper::CaseSensitivity::CaseSensitive)
                || a.value()
                    .has_class("faq-answer", scraper::CaseSensitivity::CaseSensitive)
        })
}

/// Issue 15: the theme's ids have a namespace of their own, so no heading an
/// author writes ("Main", "Content", "Sources", ...) can take one.
#[test]
fn theme_ids_outside_the_body_start_with_rapport() {
    let site = SiteTest::example();
    let filler = "Plain words about the theme and the reader. ".repeat(60);
    site.file(
        "content/trust/theme-words.md",
        &format!(
            "+++\ntitle = \"Theme words\"\nsources = [\"A source\"]\n[taxonomies]\ntopics = [\"trust\"]\n+++\n\
             ## Main\n\n{filler}\n\n## Content\n\nText.\n\n## Sources\n\nText.\n\n\
             ## On this page\n\nText.\n\n## Search\n\nText.\n\n## Articles\n\nText.\n\n\
             ## Quick exit\n\nText.\n\n## Toc heading\n\nText.\n\n## Pages heading\n\nText.\n"
        ),
    );
    site.build(&[]).ok();
    let files = html_files(&site.public());
    assert!(files.len() > 20, "every kind of page: {}", files.len());
    let mut chrome_ids = std::collections::BTreeSet::new();
    for (rel, html) in &files {
        let mut seen = std::collections::HashSet::new();
        for element in select(html, "[id]") {
            let id = element.value().id().unwrap();
            assert!(seen.insert(id), "{rel}: id {id:?} is given twice");
            if !in_authored_text(element) {
                assert!(
                    id.starts_with("rapport-"),
                    "{rel}: the theme gives the id {id:?}, outside the rapport- namespace"
                );
                chrome_ids.insert(id.to_string());
            }
        }
        // Every reference the theme makes points at an id on the page.
        for element in select(
            html,
            "[aria-labelledby], [aria-describedby], label[for], a[href^='#']",
        ) {
            let v = element.value();
            let targets = [
                v.attr("aria-labelledby"),
                v.attr("aria-describedby"),
                v.attr("for"),
            ]
            .into_iter()
            .flatten()
            .flat_map(str::split_whitespace)
            .chain(v.attr("href").and_then(|h| h.strip_prefix('#')));
            for target in targets {
                assert!(
                    seen.contains(target),
                    "{rel}: {target:?} names no id on the page"
                );
            }
        }
    }
    // The page's own headings keep plain ids; the theme's are namespaced.
    let page = site.html("trust/theme-words/index.html");
    let headings: Vec<&str> = select(&page, ".prose h2")
        .iter()
        .map(|h| h.value().id().unwrap())
        .collect();
    assert!(
        headings.iter().all(|id| !id.starts_with("rapport-")),
        "{headings:?}"
    );
    for id in [
        "rapport-main",
        "rapport-quick-exit",
        "rapport-toc-heading",
        "rapport-sources-heading",
        "rapport-pages-heading",
        "rapport-search-input",
    ] {
        assert!(chrome_ids.contains(id), "{id} in {chrome_ids:?}");
    }
}

#[test]
fn article_page_shows_the_trust_signals() {
    let site = built_example();
    let html = site.html("trust/building-trust-in-therapy/index.html");
    let text_of = |s: &str| crate::util::text_of(&html, s);
    assert!(text_of(".article-header .meta").contains("By Rapport example team"));
    assert!(text_of(".article-header .meta").contains("min read"));
    assert!(text_of(".article-header .meta").contains("Last updated 2 September 2026"));
    assert!(text_of(".review").starts_with("Reviewed by A. Example"));
    assert!(text_of(".review").contains("on 1 September 2026"));
    assert_eq!(
        select(&html, ".sources ol li").len(),
        3,
        "sources are numbered"
    );
    assert!(
        !select(&html, ".toc a").is_empty(),
        "a long article has contents"
    );
    assert!(!select(&html, ".terms a").is_empty(), "taxonomy links");
    assert_eq!(
        select(&html, ".worksheet-link a")[0].value().attr("href"),
        Some("/trust/building-trust-in-therapy/worksheet/")
    );
    assert!(!select(&html, ".prev-next a[rel=next]").is_empty());
    // A content note comes before the body.
    let noted = site.html("trust/when-trust-is-hard/index.html");
    let order: Vec<String> = select(&noted, ".content-note, .prose")
        .iter()
        .map(|e| e.value().attr("class").unwrap().to_string())
        .collect();
    assert_eq!(order, ["content-note", "prose"]);
}

#[test]
fn quick_exit_is_on_every_page_first_only_when_enabled() {
    let site = built_example();
    for (rel, html) in html_files(&site.public()) {
        let exit = select(&html, "button#rapport-quick-exit");
        assert_eq!(exit.len(), 1, "{rel}: one quick-exit button");
        // Each language's own neutral page.
        let url = config_of(&rel).quick_exit.url;
        assert_eq!(
            exit[0].value().attr("data-quick-exit-url"),
            Some(url.as_str()),
            "{rel}"
        );
        // Without the script, a plain link is the way out.
        let fallback: String = select(&html, ".quick-exit noscript")[0].text().collect();
        assert!(
            fallback.contains(&format!("href=\"{url}\"")),
            "{rel}: {fallback}"
        );
        // First in the tab order: the first link or button of the body.
        let first = select(&html, "body a[href], body button");
        assert_eq!(first[0].value().id(), Some("rapport-quick-exit"), "{rel}");
        assert_eq!(
            first[1].value().attr("class"),
            Some("skip-link"),
            "{rel}: then the skip link"
        );
    }

    let plain = SiteTest::new("theme-no-exit");
    plain.page("a.md", "A", "Text.");
    plain.build(&[]).ok();
    for (rel, html) in html_files(&plain.public()) {
        assert!(
            select(&html, "#rapport-quick-exit, .quick-exit").is_empty(),
            "{rel}"
        );
        let first = select(&html, "body a[href], body button");
        assert_eq!(first[0].value().attr("class"), Some("skip-link"), "{rel}");
    }
}

#[test]
fn quick_exit_refuses_an_address_that_is_not_http() {
    let site = SiteTest::new("theme-bad-exit");
    site.page("a.md", "A", "Text.");
    site.file(
        "rapport.toml",
        "title = \"Clinic\"\n\n[quick_exit]\nenabled = true\nurl = \"javascript:history.back()\"\n",
    );
    site.build(&[])
        .fails_with(&["rapport.toml:5", "not an http(s) address", "help:"]);
    assert!(!site.public().exists(), "nothing was written");
}

#[test]
fn crisis_contacts_are_call_and_text_links_on_every_page() {
    let site = built_example();
    for (rel, html) in html_files(&site.public()) {
        let links: Vec<&str> = select(&html, "aside.crisis a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .collect();
        // Each language's own contacts, every phone and text number a link.
        let crisis = config_of(&rel)
            .crisis
            .expect("the example has crisis contacts");
        for contact in &crisis.contacts {
            let expected = contact
                .phone
                .iter()
                .map(|n| format!("tel:{n}"))
                .chain(contact.sms.iter().map(|n| format!("sms:{n}")));
            for expected in expected {
                assert!(
                    links.contains(&expected.as_str()),
                    "{rel}: {expected} in {links:?}"
                );
            }
        }
        assert_eq!(
            crate::util::text_of(&html, ".crisis-full .crisis-text"),
            crisis.text,
            "{rel}: the example says it is an example"
        );
    }
}

#[test]
fn no_inline_styles_or_scripts_anywhere() {
    let site = built_example();
    let mut scripts = 0;
    for (rel, html) in html_files(&site.public()) {
        assert!(
            select(&html, "[style]").is_empty(),
            "{rel}: a style attribute"
        );
        assert!(
            select(&html, "style").is_empty(),
            "{rel}: a <style> element"
        );
        for element in select(&html, "*") {
            for (name, _) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{rel}: an inline event handler {name}"
                );
            }
            for attr in ["href", "src", "action"] {
                let value = element.value().attr(attr).unwrap_or_default();
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{rel}: a javascript: URL"
                );
            }
        }
        for script in select(&html, "script") {
            scripts += 1;
            let value = script.value();
            assert!(
                // Data blocks (JSON-LD, the scripts' strings) are never run.
                value.attr("src").is_some()
                    || matches!(
                        value.attr("type"),
                        Some("application/ld+json" | "application/json")
                    ),
                "{rel}: an inline script {:?}",
                script.html()
            );
        }
        let csp = select(&html, "meta[http-equiv=\"Content-Security-Policy\"]");
        let policy = csp[0].value().attr("content").unwrap();
        assert!(policy.contains("default-src 'self'"), "{rel}: {policy}");
        assert!(policy.contains("form-action 'none'"), "{rel}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{rel}: {policy}");
        // The theme script sets light or dark before the first paint: it
        // must run in <head>, not deferred.
        let early = select(&html, "head script[src=\"/rapport.js\"]");
        assert_eq!(early.len(), 1, "{rel}");
        assert!(
            early[0].value().attr("defer").is_none() && early[0].value().attr("async").is_none()
        );
    }
    assert!(scripts > 0);
}

#[test]
fn saved_answers_note_stands_beside_checklists_and_worksheets() {
    let site = built_example();
    let mut checked = 0;
    for (rel, html) in html_files(&site.public()) {
        let has_checklists = !select(&html, ".checklist").is_empty();
        let note = select(&html, ".checklist-note");
        assert_eq!(note.len(), usize::from(has_checklists), "{rel}");
        if has_checklists {
            checked += 1;
            let text: String = note[0].text().collect();
            // What it says in English; the other languages' tables are
            // checked key for key by the i18n unit tests.
            let needles: &[&str] = if config_of(&rel).further_language().is_none() {
                &[
                    "this device only",
                    "never sent",
                    "Safari",
                    "7 days",
                    "Reset",
                ]
            } else {
                &["Safari", "7"]
            };
            for needle in needles {
                assert!(
                    text.contains(needle),
                    "{rel}: the note says {needle:?}: {text}"
                );
            }
            let actions: Vec<&str> = select(&html, ".checklist-note button")
                .iter()
                .filter_map(|b| b.value().attr("data-action"))
                .collect();
            assert_eq!(actions, ["print-page", "download-checklists"], "{rel}");
        }
        for form in select(&html, "form.worksheet") {
            let id = form.value().id().unwrap();
            assert_eq!(
                select(&html, &format!("#{id} .ws-saved-note")).len(),
                1,
                "{rel}: the worksheet has its note"
            );
            assert_eq!(
                select(&html, &format!("#{id} .ws-actions button")).len(),
                3,
                "{rel}: print, download, clear"
            );
        }
    }
    assert!(checked >= 3, "the example has checklist pages ({checked})");
}

#[test]
fn built_files_name_no_other_host() {
    let site = SiteTest::example();
    let base = "https://clinic.example/resources/";
    site.build(&["--base-url", base]).ok();
    let public = site.public();
    let url_start = |text: &str, from: usize| -> Option<(usize, usize)> {
        let rest = &text[from..];
        let at = [rest.find("http://"), rest.find("https://")]
            .into_iter()
            .flatten()
            .min()?;
        let start = from + at;
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || "\"'<>)`".contains(c))
            .map_or(text.len(), |n| start + n);
        Some((start, end))
    };
    let mut found_hrefs = 0;
    for file in walkdir(&public) {
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !matches!(ext, "html" | "css" | "js") {
            continue;
        }
        let rel = file.strip_prefix(&public).unwrap().display().to_string();
        let mut text = std::fs::read_to_string(&file).unwrap();
        // The base_url, and the quick-exit address from the config (also in
        // a <noscript> link, which a parser with scripting on reads as text).
        let exit_url = config_of(&rel).quick_exit.url;
        let mut allowed: Vec<String> = vec![base.to_string(), exit_url.clone()];
        if ext == "html" {
            let html = scraper::Html::parse_document(&text);
            // Links authors (and the config) wrote, which a reader may follow.
            allowed.extend(
                select(&html, "a[href]")
                    .iter()
                    .filter_map(|a| a.value().attr("href"))
                    .filter(|h| h.starts_with("http"))
                    .map(|h| h.replace('&', "&amp;")),
            );
            found_hrefs += allowed.len() - 2;
            // JSON-LD names its vocabulary and types by URL; nothing fetches them.
            for data in json_ld(&html) {
                assert_eq!(data["@context"], "https://schema.org", "{rel}");
            }
            text = text
                .replace("\"@context\":\"https://schema.org\"", "")
                .replace(
                    "\"additionalType\":\"https://schema.org/MedicalWebPage\"",
                    "",
                );
        }
        let mut from = 0;
        while let Some((start, end)) = url_start(&text, from) {
            let url = &text[start..end];
            assert!(
                allowed.iter().any(|a| url == a || url.starts_with(base)),
                "{rel}: {url} is neither a link nor the base_url"
            );
            // Inside HTML, it must be the value of an <a href> (or the
            // configured quick-exit address, which the button goes to).
            if ext == "html" && !url.starts_with(base) {
                assert!(
                    text[..start].ends_with("href=\"")
                        || (text[..start].ends_with("data-quick-exit-url=\"") && url == exit_url),
                    "{rel}: {url} appears outside an <a href>"
                );
            }
            from = end;
        }
    }
    assert!(found_hrefs > 0, "outside links were seen and allowed");
}

#[test]
fn a_brand_file_restyles_the_site() {
    let site = SiteTest::new("theme-brand");
    site.page("a.md", "A", "Text.");
    site.build(&[]).ok();
    let linked = |site: &SiteTest| -> Vec<String> {
        select(&site.html("a/index.html"), "link[rel=stylesheet]")
            .iter()
            .map(|l| l.value().attr("href").unwrap().to_string())
            .collect()
    };
    let sheets = linked(&site);
    assert_eq!(
        sheets.last().map(String::as_str),
        Some("/brand.css"),
        "linked last: {sheets:?}"
    );
    assert!(
        site.read("brand.css").contains("Your brand"),
        "the theme's empty one"
    );

    site.file("static/brand.css", ":root { --color-accent: #6a3d7a; }\n");
    site.build(&[]).ok();
    assert_eq!(
        site.read("brand.css"),
        ":root { --color-accent: #6a3d7a; }\n"
    );
    // The properties it may set are the documented ones in style.css.
    let style = site.read("style.css");
    for property in [
        "--color-accent:",
        "--font-body:",
        "--measure:",
        "--page-width:",
    ] {
        assert!(style.contains(property), "{property}");
    }
}

#[test]
fn cached_partials_render_per_section_and_never_see_the_page() {
    let site = SiteTest::new("theme-cached");
    site.file("rapport.toml", "title = \"Cached\"\n");
    site.page("trust/a.md", "A", "Text.")
        .page("trust/b.md", "B", "Text.")
        .page("care/c.md", "C", "Text.");
    site.file(
        "templates/partials/cached/footer.html",
        "<footer><p class=\"mark\">{{ config.title }} in {{ current_section }}</p></footer>",
    );
    site.build(&[]).ok();
    let mark = |rel: &str| text_of(&site.html(rel), "footer p.mark");
    let current = |rel: &str| -> Vec<String> {
        select(&site.html(rel), ".menu-inline a[aria-current]")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    // Each section's pages get that section's menu and footer, not the
    // first section rendered.
    for (rel, section) in [
        ("trust/a/index.html", "/trust/"),
        ("trust/b/index.html", "/trust/"),
        ("care/c/index.html", "/care/"),
        ("care/index.html", "/care/"),
    ] {
        assert_eq!(mark(rel), format!("Cached in {section}"), "{rel}");
        assert_eq!(current(rel), [section], "{rel}");
    }

    // A cached partial is shared by a section's pages: it cannot read one.
    site.file(
        "templates/partials/cached/footer.html",
        "<footer>{{ page.title }}</footer>",
    );
    site.build(&[]).fails_with(&[
        "templates/partials/cached/footer.html",
        "cached partial",
        "move what needs a page out of partials/cached/",
    ]);
}

// ------------------------------------------------------------- browser tests

/// axe-core's browser bundle: `RAPPORT_AXE`, or where `.ci/run` installs it.
/// `None` (with a message) locally when missing; a failure under `CI`.
pub(crate) fn axe_source() -> Option<String> {
    let path = std::env::var_os("RAPPORT_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("axe/node_modules/axe-core/axe.min.js"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "axe-core is missing at {} ({e}) and CI is set: .ci/run installs it",
                    path.display()
                );
            }
            eprintln!(
                "skipping axe test: no axe-core at {} (npm install --prefix target/axe axe-core@4)",
                path.display()
            );
            None
        }
    }
}

/// Cargo's target folder (the parent of `CARGO_TARGET_TMPDIR`).
pub(crate) fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .to_path_buf()
}

/// Sets the viewport width and colour scheme for the following loads.
pub(crate) fn set_view(page: &Page, width: u32, scheme: &str) {
    page.set_viewport(width, 900);
    page.emulate_media_features("screen", &[("prefers-color-scheme", scheme)]);
}

/// What the tests run axe-core with: the WCAG 2.0 to 2.2 A and AA rules
/// (`wcag22aa` adds target size, which is off by default).
pub(crate) const AXE_RUN: &str = "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, help: v.help, targets: v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' -- ' + n.failureSummary.replace(/\\s+/g, ' ') : '')) })))";

/// What axe (already injected into `page`) reports in each view of
/// `views` (width, colour scheme), each line starting with `label` and the view.
pub(crate) fn axe_failures(page: &Page, label: &str, views: &[(u32, &str)]) -> Vec<String> {
    let mut failures = Vec::new();
    for &(width, scheme) in views {
        set_view(page, width, scheme);
        let violations = page.eval_async_json(AXE_RUN);
        for v in violations.as_array().expect("axe returned its violations") {
            failures.push(format!("{label} at {width}px, {scheme}: {v}"));
        }
    }
    failures
}

/// Light and dark, wide and phone-narrow.
pub(crate) const FOUR_VIEWS: [(u32, &str); 4] = [
    (1280, "light"),
    (375, "light"),
    (1280, "dark"),
    (375, "dark"),
];

/// The search page with a query that finds pages and FAQ questions.
const SEARCH_RESULTS: &str = "/search/?q=confidentiality";

#[test]
fn axe_finds_no_violations_on_any_page_wide_narrow_light_dark() {
    let browser = browser_or_skip!();
    let Some(axe) = axe_source() else {
        return;
    };
    let (site, server) = served_example();
    let mut paths = page_paths(&site.public());
    // The search page with results, questions listed under pages included.
    paths.push(SEARCH_RESULTS.to_string());
    let started = Instant::now();
    let page = browser.open(&server.url("/"));
    // The runner must be able to fail: a control with no name is a violation.
    page.run_script(&axe);
    page.eval_json("(() => { const b = document.createElement('button'); document.querySelector('main').append(b); return true; })()");
    let control = page.eval_async_json(AXE_RUN);
    assert!(
        control
            .as_array()
            .is_some_and(|v| v.iter().any(|x| x["id"] == "button-name")),
        "axe reports a nameless button: {control}"
    );
    let mut failures = Vec::new();
    let mut runs = 0;
    // Each page is loaded and given axe once, then checked in all four views:
    // parsing axe's half a megabyte is the slow part.
    for path in &paths {
        page.goto(&server.url(path));
        if path == SEARCH_RESULTS {
            page.wait_for(crate::search::SEARCHED);
        }
        page.run_script(&axe);
        // Another language's pages are the same templates with other words
        // (and direction): two views of them, wide light and narrow dark.
        let own_language = crate::util::example_language_of(path) == "en";
        let views: &[(u32, &str)] = if own_language {
            &[
                (1280, "light"),
                (390, "light"),
                (1280, "dark"),
                (390, "dark"),
            ]
        } else {
            &[(1280, "light"), (390, "dark")]
        };
        for &(width, scheme) in views {
            set_view(&page, width, scheme);
            let violations = page.eval_async_json(AXE_RUN);
            runs += 1;
            for v in violations.as_array().expect("axe returned its violations") {
                failures.push(format!(
                    "{path} at {width}px, {scheme}: {} ({})\n    {}",
                    v["id"].as_str().unwrap_or_default(),
                    v["help"].as_str().unwrap_or_default(),
                    v["targets"]
                        .as_array()
                        .map(|t| t
                            .iter()
                            .map(|x| x.as_str().unwrap_or_default())
                            .collect::<Vec<_>>()
                            .join("\n    "))
                        .unwrap_or_default()
                ));
            }
        }
    }
    eprintln!(
        "axe: {runs} page runs ({} pages, 4 views each, 2 for other languages) in {:.1} s",
        paths.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        paths.len() > 20,
        "every page of the example site: {paths:?}"
    );
    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
}

/// Whether the focused element shows a focus indicator (an outline or a ring).
const FOCUS_SHOWN: &str = "(() => { const e = document.activeElement; const s = getComputedStyle(e); return e.matches(':focus-visible') && ((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'); })()";

/// Whether the sticky quick-exit button overlaps the focused element
/// (WCAG 2.2 "Focus Not Obscured").
const FOCUS_COVERED: &str = "(() => { const e = document.activeElement; if (e.closest('.quick-exit')) return false; const r = e.getBoundingClientRect(); const bar = document.querySelector('.quick-exit-button').getBoundingClientRect(); return r.top < bar.bottom && r.bottom > bar.top && r.left < bar.right && r.right > bar.left; })()";

/// What has focus: its id, or its class, or its tag, and where it is.
const FOCUS_NAME: &str = "(() => { const e = document.activeElement; const where = e.closest('nav.site-nav') ? 'nav' : e.closest('main') ? 'main' : e.closest('header') ? 'header' : 'body'; return where + ':' + (e.id || e.className || e.tagName); })()";

#[test]
fn keyboard_reaches_quick_exit_then_skip_link_then_navigation_with_focus_shown() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    // The home page wide, and a long article on a phone, Tab by Tab to the end.
    for (path, width) in [("/", 1280), (ARTICLE, 375)] {
        let page = browser.open(&server.url(path));
        page.set_viewport(width, 700);
        page.wait_for("!document.querySelector('.header-tools .theme-toggle').hidden");
        let mut order = Vec::new();
        for _ in 0..150 {
            page.press("Tab");
            let state = page.eval_json(&format!("[{FOCUS_NAME}, {FOCUS_SHOWN}, {FOCUS_COVERED}]"));
            let name = state[0].as_str().unwrap_or_default().to_string();
            if name == "body:BODY" {
                break; // past the last control
            }
            assert_eq!(state[1], true, "{path}: focus is visible on {name}");
            assert_eq!(
                state[2], false,
                "{path} at {width}px: {name} is hidden under the sticky quick-exit button"
            );
            order.push(name);
        }
        assert!(order.len() > 15, "{path}: {order:?}");
        assert_eq!(order[0], "body:rapport-quick-exit", "{path}: {order:?}");
        assert_eq!(order[1], "body:skip-link", "{path}: {order:?}");
        let first_nav = order.iter().position(|n| n.starts_with("nav:")).unwrap();
        let first_main = order.iter().position(|n| n.starts_with("main:")).unwrap();
        // Then the other languages' links, the site's name and the menu.
        let languages = page
            .eval_json("document.querySelectorAll('.language-bar a').length")
            .as_u64()
            .unwrap() as usize;
        assert!(
            first_nav <= 3 + languages,
            "{path}: the navigation comes next: {order:?}"
        );
        assert!(first_nav < first_main, "{path}: {order:?}");
        // The skip link moves focus to the main content.
        page.goto(&server.url(path));
        page.press("Tab");
        page.press("Tab");
        page.press("Enter");
        page.wait_for("document.activeElement.id === 'rapport-main'");
    }
}

#[test]
fn no_page_requests_anything_from_another_host() {
    let browser = browser_or_skip!();
    let (site, server) = served_example();
    let paths = page_paths(&site.public());
    let page = browser.open(&server.url("/"));
    for path in &paths {
        page.goto(&server.url(path));
    }
    assert!(page.request_count() > paths.len(), "requests were recorded");
    assert_eq!(page.foreign_requests(&server), Vec::<String>::new());
}

#[test]
fn theme_toggle_remembers_the_choice() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let page = browser.open(&server.url(ARTICLE));
    page.emulate_media_features("screen", &[("prefers-color-scheme", "light")]);
    page.wait_for("!document.querySelector('.header-tools .theme-toggle').hidden");
    let background = "getComputedStyle(document.body).backgroundColor";
    let light = page.eval_string(background);
    assert_eq!(
        page.eval_string(
            "document.querySelector('.header-tools .theme-toggle').getAttribute('aria-pressed')"
        ),
        "false"
    );
    page.click(".header-tools .theme-toggle");
    assert_eq!(
        page.eval_string("document.documentElement.dataset.theme"),
        "dark"
    );
    // The state is visible beside the label, on both toggles (header and menu).
    assert_eq!(
        page.eval_string("Array.from(document.querySelectorAll('[data-theme-state]'), e => e.textContent).join(' ')"),
        "on on"
    );
    assert_eq!(
        page.eval_string(
            "document.querySelector('.header-tools .theme-toggle').getAttribute('aria-pressed')"
        ),
        "true"
    );
    let dark = page.eval_string(background);
    assert_ne!(light, dark);
    // Another page, loaded afresh, starts dark: the choice is applied in <head>.
    page.goto(&server.url("/faq/"));
    assert_eq!(
        page.eval_string("document.documentElement.dataset.theme"),
        "dark"
    );
    assert_eq!(page.eval_string(background), dark);
    assert_eq!(
        page.eval_json("Object.keys(localStorage)"),
        serde_json::json!(["rapport:theme"])
    );
    page.click(".header-tools .theme-toggle");
    assert_eq!(page.eval_string(background), light);
    page.eval_json("localStorage.clear() || true");
}

#[test]
fn quick_exit_button_and_three_shifts_replace_the_page() {
    let browser = browser_or_skip!();
    let site = SiteTest::example();
    let server = Server::serve(&site.public());
    // The neutral page is on the test server: the browser never reaches the internet.
    let target = server.url("/exit-target/");
    let config = std::fs::read_to_string(site.root.join("rapport.toml"))
        .unwrap()
        .replace("https://www.bbc.co.uk/weather", &target);
    assert!(config.contains(&target));
    site.file("rapport.toml", &config);
    site.file(
        "static/exit-target/index.html",
        "<!doctype html><html lang=\"en\"><title>Weather</title><p>Sunny</p></html>",
    );
    site.build(&[]).ok();

    let page = browser.open(&server.url("/"));
    page.goto(&server.url(ARTICLE));
    page.wait_for("!document.querySelector('.quick-exit-hint').hidden");
    let before = page.eval_json("history.length");
    // When the navigation starts, the page must already be blank (the exit
    // target is on the same origin, so it can read what was recorded).
    page.eval_json("(() => { addEventListener('beforeunload', () => sessionStorage.setItem('blank', String(document.body.hidden && getComputedStyle(document.body).display === 'none'))); return true; })()");
    page.click("#rapport-quick-exit");
    page.wait_for(&format!(
        "location.href === {:?} && document.readyState === 'complete'",
        target
    ));
    assert_eq!(
        page.eval_json("history.length"),
        before,
        "the button replaced the page"
    );
    assert_eq!(
        page.eval_string("sessionStorage.getItem('blank')"),
        "true",
        "the page was blanked before it was replaced"
    );
    assert_eq!(page.eval_string("document.title"), "Weather");

    page.goto(&server.url("/faq/"));
    page.wait_for("!document.querySelector('.quick-exit-hint').hidden");
    let before = page.eval_json("history.length");
    page.press("Shift");
    page.press("Shift");
    assert!(
        page.eval_string("location.pathname") == "/faq/",
        "two presses are not enough"
    );
    assert!(
        page.eval_string("document.querySelector('[data-quick-exit-status]').textContent")
            .contains("1 more time")
    );
    page.press("Shift");
    page.wait_for(&format!(
        "location.href === {:?} && document.readyState === 'complete'",
        target
    ));
    assert_eq!(
        page.eval_json("history.length"),
        before,
        "Shift x3 replaced the page"
    );

    // Another key in between starts the count again.
    page.goto(&server.url("/faq/"));
    page.wait_for("!document.querySelector('.quick-exit-hint').hidden");
    page.press("Shift");
    page.press("Shift");
    page.press("a");
    page.press("Shift");
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(page.eval_string("location.pathname"), "/faq/");
}

/// Controls smaller than 24 x 24 CSS px (WCAG 2.2 "Target Size (Minimum)");
/// links inside running text are exempt, as WCAG allows.
const SMALL_CONTROLS: &str = "Array.from(document.querySelectorAll('button, input, select, textarea, summary, label.ws-scale-option, nav a, .crisis a, .breadcrumb a')).filter(e => e.getClientRects().length > 0).filter(e => { const r = e.getBoundingClientRect(); return r.width < 23.5 || r.height < 23.5; }).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width) + 'x' + Math.round(e.getBoundingClientRect().height))";

#[test]
fn at_320px_no_page_scrolls_sideways_and_every_control_is_24px() {
    let browser = browser_or_skip!();
    let (site, server) = served_example();
    let page = browser.open(&server.url("/"));
    page.set_viewport(320, 640);
    let mut wide = Vec::new();
    for path in page_paths(&site.public()) {
        page.goto(&server.url(&path));
        let sizes = page.eval_json("[document.documentElement.scrollWidth, window.innerWidth]");
        assert_eq!(sizes[1], 320, "the viewport is 320 px");
        if sizes[0].as_u64() > sizes[1].as_u64() {
            let culprit = page.eval_string("Array.from(document.querySelectorAll('body *')).filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 0.5 || r.left < -0.5; }).map(e => e.tagName + '.' + e.className).slice(-3).join(', ')");
            wide.push(format!("{path}: {} px wide ({culprit})", sizes[0]));
        }
        let small = page.eval_json(SMALL_CONTROLS);
        for control in small.as_array().unwrap() {
            wide.push(format!("{path}: control smaller than 24 px: {control}"));
        }
    }
    assert!(
        wide.is_empty(),
        "pages wider than 320 px, or controls smaller than 24 px:\n{}",
        wide.join("\n")
    );
}

#[test]
fn printing_hides_navigation_and_buttons_and_keeps_the_article() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let page = browser.open(&server.url(ARTICLE));
    page.wait_for("!document.querySelector('.checklist-note').hidden");
    // The search box comes later (issue 9); print must hide it already.
    page.eval_json("(() => { const f = document.createElement('form'); f.setAttribute('role', 'search'); f.className = 'search'; f.innerHTML = '<label>Search <input type=search></label>'; document.querySelector('.header-tools').prepend(f); return true; })()");
    page.emulate_media("print");
    let hidden = |selector: &str| -> bool {
        page.eval_json(&format!(
            "Array.from(document.querySelectorAll({selector:?})).every(e => e.getClientRects().length === 0)"
        )) == true
    };
    for selector in [
        "nav",
        "button",
        ".site-header",
        ".quick-exit",
        ".theme-toggle",
        "[role=search]",
        ".skip-link",
        ".saved-note",
        ".site-footer",
    ] {
        assert!(hidden(selector), "{selector} is hidden in print");
    }
    assert!(
        page.eval_json("document.querySelector('.prose').innerText.length")
            .as_u64()
            .unwrap()
            > 1000,
        "the article text is printed"
    );
    assert!(!hidden("h1"));
    assert!(!hidden(".sources"));
    // Outside links print their address; checklist boxes are empty squares.
    let after = page.eval_string(
        "getComputedStyle(document.querySelector('.crisis a[href^=\"http\"]'), '::after').content",
    );
    assert!(after.contains("https://988lifeline.org"), "{after}");
    assert_eq!(
        page.eval_string("getComputedStyle(document.querySelector('.checklist input')).appearance"),
        "none"
    );
    assert_eq!(
        page.eval_string(
            "getComputedStyle(document.querySelector('.checklist-items li')).breakInside"
        ),
        "avoid"
    );
    page.emulate_media("");
}

#[test]
fn screenshots_of_key_pages_at_two_widths_light_and_dark() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let out = target_dir().join("screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let page = browser.open(&server.url("/"));
    let shots = [
        ("home", "/"),
        ("article", ARTICLE),
        ("faq", "/faq/"),
        ("worksheet", "/trust/building-trust-in-therapy/worksheet/"),
        ("search", SEARCH_RESULTS),
    ];
    let mut written = 0;
    for (width, scheme) in [
        (1280, "light"),
        (390, "light"),
        (1280, "dark"),
        (390, "dark"),
    ] {
        set_view(&page, width, scheme);
        for (name, path) in shots {
            page.goto(&server.url(path));
            if path == SEARCH_RESULTS {
                page.wait_for(crate::search::SEARCHED);
            }
            let png = page.screenshot_png();
            assert!(png.starts_with(b"\x89PNG"), "a PNG");
            let file = out.join(format!("{name}-{width}-{scheme}.png"));
            std::fs::write(&file, png).unwrap();
            written += 1;
        }
    }
    eprintln!("{written} screenshots in {}", out.display());
}
