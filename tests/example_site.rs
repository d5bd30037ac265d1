use std::collections::BTreeSet;

use crate::util::{
    SiteTest, example_content, example_language_of, select, snapshot, text_of, walkdir,
};

/// The output path of every article and section of the example site, from its sources.
fn expected_pages() -> (Vec<(String, String)>, Vec<String>) {
    let mut pages = Vec::new();
    let mut sections = Vec::new();
    for (rel, file) in example_content() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if rel.ends_with("_index.md") {
            sections.push(rel.trim_end_matches("_index.md").to_string());
        } else if rel.ends_with("/index.md") {
            pages.push((
                rel.trim_end_matches("index.md").to_string(),
                title_of(&text),
            ));
        } else if let Some(stem) = rel.strip_suffix(".md") {
            pages.push((format!("{stem}/"), title_of(&text)));
        }
    }
    (pages, sections)
}

fn title_of(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with("title"))
        .expect("a title line");
    line.split_once('=')
        .unwrap()
        .1
        .trim()
        .trim_matches('"')
        .to_string()
}

#[test]
fn builds_every_page_section_taxonomy_sitemap_and_feed() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let (pages, sections) = expected_pages();
    assert!(
        pages.len() >= 9,
        "the example site has at least nine articles"
    );
    for section in ["", "trust/", "boundaries/", "empathy/"] {
        assert!(
            sections.contains(&section.to_string()),
            "section {section} exists"
        );
    }
    for section in &sections {
        let html = site.html(&format!("{section}index.html"));
        assert_eq!(select(&html, "h1").len(), 1, "one h1 on {section}");
    }
    for (path, title) in &pages {
        let html = site.html(&format!("{path}index.html"));
        let shown = text_of(&html, "h1");
        // Smart punctuation may curl the title's quotes.
        assert_eq!(
            shown.replace(['\u{2019}', '\u{2018}'], "'"),
            title.replace("\\\"", "\""),
            "title of {path}"
        );
    }
    for taxonomy in ["topics", "audience"] {
        let html = site.html(&format!("{taxonomy}/index.html"));
        let terms = select(&html, ".term-list a");
        assert!(!terms.is_empty(), "{taxonomy} lists terms");
        for term in terms {
            let href = term.value().attr("href").unwrap();
            let term_page = site.html(&format!("{}index.html", href.trim_start_matches('/')));
            assert!(
                !select(&term_page, ".page-list a").is_empty(),
                "{href} lists pages"
            );
        }
    }
    assert!(
        site.html("audience/clients/index.html")
            .html()
            .contains("Building trust in therapy")
    );
    let sitemap = site.read("sitemap.xml");
    for (path, _) in &pages {
        assert!(
            sitemap.contains(&format!("<loc>/{path}</loc>")),
            "sitemap lists {path}"
        );
    }
    // The feed of the site's own language: its pages, not the translations.
    let own = pages
        .iter()
        .filter(|(path, _)| example_language_of(path) == "en")
        .count();
    let feed = site.read("atom.xml");
    assert_eq!(feed.matches("<entry>").count(), own.min(20));
    assert!(site.read("robots.txt").contains("Sitemap:"));
    assert!(site.public().join("404.html").is_file());
    assert!(
        site.public()
            .join("boundaries/saying-no-kindly/boundary-circles.svg")
            .is_file()
    );
}

#[test]
fn every_internal_link_and_anchor_lands() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let public = site.public();
    let mut checked = 0;
    for file in walkdir(&public) {
        if file.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        let from = file.strip_prefix(&public).unwrap().display().to_string();
        for (element, attr) in select(&html, "a[href]")
            .into_iter()
            .map(|e| (e, "href"))
            .chain(select(&html, "img[src], link[href]").into_iter().map(|e| {
                (
                    e,
                    if e.value().name() == "img" {
                        "src"
                    } else {
                        "href"
                    },
                )
            }))
        {
            let target = element.value().attr(attr).unwrap();
            if target.contains(':') {
                continue;
            }
            let (path, anchor) = target
                .split_once('#')
                .map(|(p, a)| (p, Some(a)))
                .unwrap_or((target, None));
            let resolved = if path.is_empty() {
                file.clone()
            } else if let Some(abs) = path.strip_prefix('/') {
                public.join(abs)
            } else {
                file.parent().unwrap().join(path)
            };
            let resolved = if path.ends_with('/') || path.is_empty() && resolved.is_dir() {
                resolved.join("index.html")
            } else {
                resolved
            };
            assert!(
                resolved.is_file(),
                "{from}: link {target} -> {} is missing",
                resolved.display()
            );
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let target_html =
                    scraper::Html::parse_document(&std::fs::read_to_string(&resolved).unwrap());
                assert_eq!(
                    select(&target_html, &format!("[id=\"{anchor}\"]")).len(),
                    1,
                    "{from}: anchor {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn pages_are_accessible_in_structure() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    for file in walkdir(&site.public()) {
        let rel = file
            .strip_prefix(site.public())
            .unwrap()
            .display()
            .to_string();
        if !rel.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        let lang = example_language_of(&rel);
        assert_eq!(
            select(&html, &format!("html[lang=\"{lang}\"]")).len(),
            1,
            "{rel}: lang"
        );
        let first_link = select(&html, "body a").into_iter().next().unwrap();
        assert_eq!(
            first_link.value().attr("href"),
            Some("#rapport-main"),
            "{rel}: the skip link comes first"
        );
        assert_eq!(
            select(&html, "main#rapport-main").len(),
            1,
            "{rel}: main landmark"
        );
        assert_eq!(
            select(&html, "nav.site-nav .menu-inline a").len(),
            5,
            "{rel}: three sections, the FAQ and worksheets (taxonomies are left out and About has in_menu = false)"
        );
        let ids: Vec<&str> = select(&html, "[id]")
            .iter()
            .map(|e| e.value().id().unwrap())
            .collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "{rel}: ids are unique");
        assert!(
            select(&html, "script:not([type])")
                .iter()
                .all(|s| s.value().attr("src").is_some()),
            "{rel}: no inline script"
        );
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let site = SiteTest::example();
    site.build(&["--output", "out-a"]).ok();
    site.build(&["--output", "out-b"]).ok();
    let a = snapshot(&site.root.join("out-a"));
    let b = snapshot(&site.root.join("out-b"));
    assert!(a.len() > 30);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between builds");
    }
}

#[test]
fn example_pages_use_every_markdown_feature() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let all: String = walkdir(&site.public())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for needle in [
        "<table>",
        "<del>",
        "class=\"footnote-definition\"",
        "type=\"checkbox\"",
        "<blockquote>",
        "class=\"code\"",
        "\u{201c}",
        "class=\"toc\"",
    ] {
        assert!(all.contains(needle), "the example site shows {needle}");
    }
}
