//! Sections are articles too (issue 15): an `_index.md` takes the page keys
//! that say who stands behind a text, the theme shows them, its aliases
//! redirect, and `rapport check` reviews its text by its audience.

use crate::util::{SiteTest, finding_triples as findings, select, text_of};

#[test]
fn section_page_shows_authors_review_content_note_and_sources() {
    let site = SiteTest::fixture("section-article");
    site.build(&[]).ok();
    let html = site.html("guide/index.html");
    assert_eq!(
        text_of(&html, ".article-header .byline"),
        "By Ann Author, Bo Writer"
    );
    let review = text_of(&html, ".article-header .review");
    assert!(
        review.starts_with("Reviewed by C. Reviewer, LCSW (fictional)"),
        "{review}"
    );
    assert!(review.contains("on 15 January 2026"), "{review}");
    assert_eq!(
        select(&html, ".review time")[0].value().attr("datetime"),
        Some("2026-01-15")
    );
    assert!(text_of(&html, ".content-note").contains("Mentions feeling unsafe."));
    // The note comes before the text, the numbered sources after it.
    let order: Vec<&str> = select(&html, ".content-note, .prose, .sources")
        .iter()
        .map(|e| e.value().attr("class").unwrap())
        .collect();
    assert_eq!(order, ["content-note", "prose", "sources"]);
    let sources: Vec<String> = select(&html, ".sources ol li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(
        sources,
        ["First source (undated)", "Second source (undated)"]
    );
    assert_eq!(
        select(&html, ".sources")[0].value().attr("aria-labelledby"),
        Some("rapport-sources-heading")
    );

    // The same trust fields as an article's structured data.
    let scripts = select(&html, "script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1);
    let text: String = scripts[0].text().collect();
    let data: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["@type"], "MedicalWebPage");
    assert_eq!(data["name"], "Guide");
    assert_eq!(data["url"], "https://clinic.example/guide/");
    assert_eq!(data["reviewedBy"]["name"], "C. Reviewer, LCSW (fictional)");
    assert_eq!(data["lastReviewed"], "2026-01-15");
    assert_eq!(data["author"][1]["name"], "Bo Writer");

    // A section without these keys shows none of them.
    let home = site.html("index.html");
    for absent in [
        ".byline",
        ".review",
        ".content-note",
        ".sources",
        "script[type=\"application/ld+json\"]",
    ] {
        assert!(
            select(&home, absent).is_empty(),
            "{absent} on the home page"
        );
    }
}

#[test]
fn section_aliases_redirect_and_stay_out_of_the_sitemap() {
    let site = SiteTest::fixture("section-article");
    site.build(&[]).ok();
    for alias in ["old-guide/index.html", "older/guide.html"] {
        let redirect = site.read(alias);
        assert!(
            redirect.contains("url=/guide/") && redirect.contains("rel=\"canonical\""),
            "{alias}: {redirect}"
        );
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://clinic.example/guide/</loc>"));
    assert!(!sitemap.contains("old"), "{sitemap}");
}

#[test]
fn section_alias_that_leaves_the_site_or_takes_a_page_url_is_refused() {
    let site = SiteTest::fixture("section-article");
    let index = std::fs::read_to_string(site.root.join("content/guide/_index.md")).unwrap();
    site.file(
        "content/guide/_index.md",
        &index.replace("\"older/guide.html\"", "\"../outside/\""),
    );
    site.build(&[]).fails_with(&[
        "content/guide/_index.md:9:",
        "the alias \"../outside/\" is not a path inside the site",
    ]);
    assert!(!site.root.join("outside").exists());

    site.file(
        "content/guide/_index.md",
        &index.replace("\"older/guide.html\"", "\"guide/first-week/\""),
    );
    site.build(&[])
        .fails_with(&["content/guide/_index.md:9:", "/guide/first-week/"]);
}

#[test]
fn section_with_an_unknown_taxonomy_is_an_error_as_on_pages() {
    let site = SiteTest::fixture("section-article");
    site.file(
        "content/clinic/_index.md",
        "+++\ntitle = \"Clinic\"\n[taxonomies]\naudiences = [\"clients\"]\n+++\nText.\n",
    );
    site.build(&[]).fails_with(&[
        "content/clinic/_index.md:4:",
        "unknown taxonomy \"audiences\"",
        "did you mean \"audience\"?",
    ]);
    // An unknown key still suggests the one meant, now among the new keys.
    site.file(
        "content/clinic/_index.md",
        "+++\ntitle = \"Clinic\"\nreviewd_by = \"R\"\n+++\nText.\n",
    );
    site.build(&[]).fails_with(&[
        "content/clinic/_index.md:3:",
        "unknown key \"reviewd_by\"",
        "did you mean \"reviewed_by\"?",
    ]);
}

#[test]
fn check_reviews_a_sections_text_by_its_audience_as_a_pages() {
    let site = SiteTest::fixture("section-article");
    let run = site.run(&["check"], &["--format", "json"]);
    assert_eq!(run.code, Some(0), "warnings only:\n{}", run.stderr);
    let mut got = findings(&run);
    got.sort();
    let clinic = "content/clinic/_index.md".to_string();
    assert_eq!(
        got,
        [
            ("missing-reviewer".to_string(), clinic.clone(), Some(5)),
            ("reading-level".to_string(), clinic.clone(), Some(8)),
            ("stale-review".to_string(), clinic.clone(), Some(5)),
        ],
        "the guide section, reviewed and plain, has nothing to report:\n{}",
        run.stdout
    );
    let messages = run.stdout;
    assert!(
        messages.contains("sections for clients must name who reviewed them"),
        "{messages}"
    );
    assert!(
        messages.contains("the section reads at grade"),
        "{messages}"
    );

    // A review date too old is stale on a section as on a page.
    let config = std::fs::read_to_string(site.root.join("rapport.toml")).unwrap();
    site.file(
        "rapport.toml",
        &config.replace("max_age_months = 1200", "max_age_months = 1"),
    );
    let got = findings(&site.run(&["check"], &["--format", "json"]));
    assert!(
        got.contains(&(
            "stale-review".into(),
            "content/guide/_index.md".into(),
            Some(6)
        )),
        "{got:?}"
    );

    // `[check] allow` in `_index.md` silences a lint for the section.
    let index = std::fs::read_to_string(site.root.join("content/clinic/_index.md")).unwrap();
    site.file(
        "content/clinic/_index.md",
        &index.replace(
            "[taxonomies]",
            "[check]\nallow = [\"reading-level\", \"missing-reviewer\"]\n[taxonomies]",
        ),
    );
    site.file("rapport.toml", &config);
    let got = findings(&site.run(&["check"], &["--format", "json"]));
    assert_eq!(
        got,
        [("stale-review".to_string(), clinic, Some(7))],
        "only the lint not allowed is left"
    );
}
