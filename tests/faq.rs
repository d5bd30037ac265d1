//! FAQ extraction, the `/faq/` index and FAQPage JSON-LD.

use std::collections::BTreeMap;

use crate::util::{SiteTest, files_below, repo_root, select, walkdir};

/// Questions per article of the example site, read from the markdown itself.
fn example_questions() -> BTreeMap<String, Vec<String>> {
    let content = repo_root().join("content");
    let mut out = BTreeMap::new();
    for (rel, path) in files_below(&content) {
        if !rel.ends_with(".md") || rel.ends_with("_index.md") {
            continue;
        }
        let url = format!(
            "/{}/",
            rel.trim_end_matches(".md").trim_end_matches("/index")
        );
        let mut in_faq = false;
        let mut questions = Vec::new();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            if let Some(h2) = line.strip_prefix("## ") {
                let h2 = h2.trim();
                in_faq = h2.eq_ignore_ascii_case("FAQ")
                    || h2.eq_ignore_ascii_case("Frequently Asked Questions");
            } else if let Some(h3) = line.strip_prefix("### ") {
                if in_faq {
                    questions.push(h3.split(" {#").next().unwrap().trim().to_string());
                }
            }
        }
        if !questions.is_empty() {
            out.insert(url, questions);
        }
    }
    out
}

fn plain(text: &str) -> String {
    text.replace(['\u{2019}', '\u{2018}'], "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_question_appears_once_on_the_faq_index() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let questions = example_questions();
    assert!(questions.values().map(Vec::len).sum::<usize>() >= 10);
    let index = site.html("faq/index.html");
    let summaries: Vec<String> = select(&index, ".faq-entry summary")
        .iter()
        .map(|s| plain(&s.text().collect::<String>()))
        .collect();
    for (page, list) in &questions {
        for q in list {
            let found = summaries.iter().filter(|s| **s == plain(q)).count();
            assert_eq!(found, 1, "{q} (from {page}) appears once on /faq/");
        }
    }
    assert_eq!(
        summaries.len(),
        questions.values().map(Vec::len).sum::<usize>()
    );
    // The navigation links to the index.
    let home = site.html("index.html");
    assert_eq!(
        select(&home, "nav.site-nav .menu-inline a[href=\"/faq/\"]").len(),
        1
    );
}

#[test]
fn every_faq_link_lands_on_an_existing_id() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let mut checked = 0;
    for file in walkdir(&site.public().join("faq")) {
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        for link in select(&html, "main a[href]") {
            let href = link.value().attr("href").unwrap();
            let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = site
                .public()
                .join(path.trim_start_matches('/'))
                .join("index.html");
            assert!(target.is_file(), "{href} exists");
            if !anchor.is_empty() {
                let page =
                    scraper::Html::parse_document(&std::fs::read_to_string(&target).unwrap());
                assert_eq!(
                    select(&page, &format!("[id=\"{anchor}\"]")).len(),
                    1,
                    "{href} lands on an id"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} answer links checked");
}

#[test]
fn faq_index_narrows_by_topic_without_script() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let index = site.html("faq/index.html");
    let topics = select(&index, ".faq-topics a");
    assert!(topics.len() > 2);
    // A topic holding every question would narrow nothing: it is not offered.
    let total = select(&index, ".faq-entry").len();
    for topic in &topics[1..] {
        let text: String = topic.text().collect();
        let count: usize = text
            .rsplit_once('(')
            .and_then(|(_, n)| n.trim_end_matches(')').parse().ok())
            .unwrap_or_else(|| panic!("{text}"));
        assert!(count < total, "{text} of {total}");
    }
    let confidentiality = site.html("faq/confidentiality/index.html");
    let shown = select(&confidentiality, ".faq-entry").len();
    assert!(
        shown > 0 && shown < select(&index, ".faq-entry").len(),
        "a topic page shows fewer questions"
    );
}

#[test]
fn json_ld_matches_each_page_questions() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    for (url, questions) in example_questions() {
        let html = site.html(&format!("{}index.html", url.trim_start_matches('/')));
        let scripts = select(&html, "script[type=\"application/ld+json\"]");
        assert_eq!(scripts.len(), 1, "{url}");
        let data: serde_json::Value =
            serde_json::from_str(&scripts[0].inner_html()).expect("valid JSON");
        assert_eq!(data["@type"], "FAQPage");
        let entities = data["mainEntity"].as_array().unwrap();
        assert_eq!(entities.len(), questions.len(), "{url}");
        for (entity, q) in entities.iter().zip(&questions) {
            assert_eq!(entity["@type"], "Question");
            assert_eq!(plain(entity["name"].as_str().unwrap()), plain(q));
            assert_eq!(entity["acceptedAnswer"]["@type"], "Answer");
            assert!(
                !entity["acceptedAnswer"]["text"]
                    .as_str()
                    .unwrap()
                    .is_empty()
            );
        }
    }
}

#[test]
fn json_ld_cannot_break_out_of_its_script() {
    let site = SiteTest::new("faq-injection");
    site.page(
        "a.md",
        "A",
        "## FAQ\n\n### Is this \"safe\"?\n\nIt contains `</script><script>alert(1)</script>` and `<!--` a comment opener and \"quotes\".\n\n### Another?\n\nYes.\n",
    );
    site.build(&[]).ok();
    let html = site.html("a/index.html");
    let inline = select(&html, "script:not([src]):not([type=\"application/json\"])");
    assert_eq!(
        inline.len(),
        1,
        "no script but the theme's files, its strings and the JSON-LD: {:?}",
        inline.iter().map(|s| s.html()).collect::<Vec<_>>()
    );
    let ld = select(&html, "script[type=\"application/ld+json\"]");
    let data: serde_json::Value = serde_json::from_str(&ld[0].inner_html()).expect("valid JSON");
    assert_eq!(data["mainEntity"].as_array().unwrap().len(), 2);
    let answer = data["mainEntity"][0]["acceptedAnswer"]["text"]
        .as_str()
        .unwrap();
    assert!(
        answer.contains("</script><script>alert(1)</script>"),
        "{answer}"
    );
    assert!(answer.contains("<!--"), "{answer}");
}

#[test]
fn custom_faq_headings_from_config() {
    let site = SiteTest::new("faq-custom");
    site.file(
        "rapport.toml",
        "[faq]\nheadings = [\"Questions people ask\"]\n",
    );
    site.page(
        "a.md",
        "A",
        "## Questions people ask\n\n### Why?\n\nBecause.\n\n## FAQ\n\n### Not counted?\n\nRight.\n",
    );
    site.build(&[]).ok();
    let index = site.html("faq/index.html");
    let summaries: Vec<String> = select(&index, ".faq-entry summary")
        .iter()
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(summaries, ["Why?"]);
}
