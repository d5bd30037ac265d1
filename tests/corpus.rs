use crate::util::{SiteTest, select};

#[test]
fn a_generated_200_page_corpus_builds_every_page() {
    let site = SiteTest::new("corpus-200");
    rapport_corpus::write_rapport(&site.root, 200).unwrap();
    site.build(&[]).ok();
    for i in 0..200 {
        let page = rapport_corpus::page(i);
        let html = site.html(&format!("{}/{}/index.html", page.section, page.slug));
        let h1: String = select(&html, "h1")[0].text().collect();
        assert_eq!(h1, page.title, "page {i}");
    }
    for section in rapport_corpus::SECTIONS {
        let listing = site.html(&format!("{section}/index.html"));
        assert_eq!(
            select(&listing, ".page-list li").len(),
            20,
            "{section} lists its pages"
        );
    }
}

/// The benchmark's second corpus: the example site's articles and copies of
/// them, whose links lead within their own copy.
#[test]
fn a_corpus_of_the_example_articles_builds_with_links_within_each_copy() {
    let site = SiteTest::new("corpus-articles");
    std::fs::remove_dir_all(&site.root).ok();
    rapport_corpus::write_articles(&crate::util::repo_root(), &site.root, 60, false).unwrap();
    let config = site.read_source("rapport.toml");
    assert!(
        !config.contains("[languages"),
        "other languages are left out"
    );
    site.build(&[]).ok();
    // A copy's link to another article leads to the same copy, by URL.
    let copy = site.html("trust/when-trust-is-hard-2/index.html");
    let hrefs: Vec<&str> = select(&copy, ".prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs
            .iter()
            .any(|h| h.ends_with("-2/") || h.contains("-2/#")),
        "{hrefs:?}"
    );
    assert!(
        !hrefs
            .iter()
            .any(|h| h.ends_with("-1/") || h.contains("-1/#")),
        "{hrefs:?}"
    );
    // The bundle is copied with its image, and a worksheet page is made for a copy.
    assert!(
        site.public()
            .join("boundaries/saying-no-kindly-2/boundary-circles.svg")
            .exists()
    );
    assert!(
        site.public()
            .join("trust/building-trust-in-therapy-2/worksheet/index.html")
            .exists()
    );
    // A lesson's copy is in a copy of its course, four lessons long, and
    // links to its copy's lessons.
    let course = site.html("getting-ready-2/index.html");
    assert!(
        select(&course, ".prose a[href*='/getting-ready-2/']").len() >= 4,
        "the copy's home lists its own lessons"
    );
    assert!(
        site.public()
            .join("getting-ready-2/privacy-and-consent-2/index.html")
            .exists()
    );
    assert!(
        !site
            .public()
            .join("getting-ready/privacy-and-consent-2")
            .exists()
    );
    let pages = crate::util::walkdir(&site.root.join("content"))
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".md") && name != "_index.md"
        })
        .count();
    assert_eq!(
        pages, 60,
        "the 16 originals, two full copies and a partial one"
    );
}
