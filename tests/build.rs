use crate::util::{SiteTest, select, text_of};

#[test]
fn markdown_features_render() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).ok();
    let html = site.html("guide/features/index.html");
    let body = html.html();
    // Heading ids: automatic, custom, and unique when text repeats.
    assert_eq!(select(&html, "h2#tables-here").len(), 1);
    assert_eq!(select(&html, "h2#tasks").len(), 1);
    assert_eq!(select(&html, "h2#tasks-1").len(), 1);
    assert_eq!(select(&html, "h3#a-deeper-heading").len(), 1);
    // Smart punctuation, footnotes, strikethrough, tables, task lists.
    assert!(text_of(&html, "h2").contains('\u{201c}'), "curly quotes");
    assert!(text_of(&html, "h2").contains('\u{2013}'), "en dash");
    assert_eq!(select(&html, ".footnote-definition").len(), 1);
    assert_eq!(text_of(&html, "del"), "struck");
    assert_eq!(select(&html, ".table-scroll table th").len(), 2);
    assert_eq!(select(&html, "input[type=checkbox]").len(), 2);
    // Code is highlighted into classes, never inline colours.
    assert!(!select(&html, "pre.code span[class^=hl-]").is_empty());
    assert!(!body.contains("style=\""));
    // Links resolve to output URLs.
    let hrefs: Vec<&str> = select(&html, ".prose a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/guide/other/"), "{hrefs:?}");
    assert!(hrefs.contains(&"/guide/other/#part-two"), "{hrefs:?}");
    assert!(hrefs.contains(&"/guide/features/#tables-here"), "{hrefs:?}");
    // Short pages show no table of contents; reading time shows.
    assert!(select(&html, ".toc").is_empty());
    assert!(text_of(&html, ".article-header .meta").contains("1 min read"));
    let css = site.read("syntax.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn templates_see_a_nested_table_of_contents() {
    let site = SiteTest::fixture("markdown");
    site.file(
        "templates/page.html",
        "<!doctype html><title>t</title><ul>{% for e in page.toc %}<li class=\"l{{ e.level }}\">{{ e.id }}<ul>{% for c in e.children %}<li class=\"child\">{{ c.id }}</li>{% endfor %}</ul></li>{% endfor %}</ul>",
    );
    site.build(&[]).ok();
    let html = site.html("guide/features/index.html");
    let top: Vec<String> = select(&html, "li.l2")
        .iter()
        .map(|e| e.text().next().unwrap().to_string())
        .collect();
    assert_eq!(
        top,
        ["smart-quotes-and-dashes", "tables-here", "tasks", "tasks-1"]
    );
    assert_eq!(text_of(&html, "li.child"), "a-deeper-heading");
}

#[test]
fn sections_sort_and_link_neighbours() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).ok();
    let listing = site.html("guide/index.html");
    let titles: Vec<String> = select(&listing, ".page-list h3 a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        titles,
        ["Other", "Features", "Bundle"],
        "sorted by weight; the draft left out"
    );
    let other = site.html("guide/other/index.html");
    assert!(select(&other, ".prev-next a[rel=prev]").is_empty());
    assert_eq!(
        select(&other, ".prev-next a[rel=next]")[0]
            .value()
            .attr("href"),
        Some("/guide/features/")
    );
    let features = site.html("guide/features/index.html");
    assert_eq!(
        select(&features, ".prev-next a[rel=prev]")[0]
            .value()
            .attr("href"),
        Some("/guide/other/")
    );
    assert_eq!(
        select(&features, ".prev-next a[rel=next]")[0]
            .value()
            .attr("href"),
        Some("/guide/bundle/")
    );
}

#[test]
fn sort_by_date_and_title() {
    for (sort, expected) in [
        ("date", ["Newest", "Middle", "Oldest"]),
        ("title", ["Middle", "Newest", "Oldest"]),
    ] {
        let site = SiteTest::new("sorting");
        site.file(
            "content/s/_index.md",
            &format!("+++\ntitle = \"S\"\nsort_by = \"{sort}\"\n+++\n"),
        );
        site.file(
            "content/s/a.md",
            "+++\ntitle = \"Oldest\"\ndate = 2024-01-01\n+++\n",
        );
        site.file(
            "content/s/b.md",
            "+++\ntitle = \"Newest\"\ndate = 2026-01-01\n+++\n",
        );
        site.file(
            "content/s/c.md",
            "+++\ntitle = \"Middle\"\ndate = \"2025-06-01T10:00:00Z\"\n+++\n",
        );
        site.build(&[]).ok();
        let listing = site.html("s/index.html");
        let titles: Vec<String> = select(&listing, ".page-list h3 a")
            .iter()
            .map(|a| a.text().collect())
            .collect();
        assert_eq!(titles, expected, "sort_by = {sort}");
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).ok();
    assert!(!site.public().join("guide/draft").exists());
    site.build(&["--drafts"]).ok();
    assert!(site.public().join("guide/draft/index.html").is_file());
}

#[test]
fn bundles_static_files_and_editor_files() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).ok();
    let public = site.public();
    assert!(
        public.join("guide/bundle/picture.svg").is_file(),
        "bundle asset beside its page"
    );
    let html = site.html("guide/bundle/index.html");
    assert_eq!(
        select(&html, "img[src=\"picture.svg\"][alt=\"A small picture\"]").len(),
        1
    );
    assert_eq!(
        std::fs::read_to_string(public.join("custom.css")).unwrap(),
        "body { color: red; }\n"
    );
    assert!(
        !public.join(".hidden").exists(),
        "hidden static files are skipped"
    );
    let listing = site.read("guide/index.html");
    assert!(
        !listing.contains("Emacs lock") && !listing.contains("Backup"),
        "editor temp files are skipped"
    );
}

#[test]
fn taxonomies_list_and_term_pages() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).ok();
    let topics = site.html("topics/index.html");
    let terms: Vec<String> = select(&topics, ".term-list a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        terms,
        ["first sessions", "Trust"],
        "\"Trust\" and \"trust\" are one term"
    );
    let trust = site.html("topics/trust/index.html");
    let pages: Vec<String> = select(&trust, ".page-list a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(pages, ["Other", "Features"], "newest first");
    assert!(
        site.public().join("audience/index.html").is_file(),
        "default taxonomies exist without config"
    );
}

#[test]
fn bare_content_folder_builds_with_defaults() {
    let site = SiteTest::new("bare");
    site.page("hello.md", "Hello", "Just *one* page.\n");
    let run = site.build(&[]).ok();
    assert!(run.stdout.contains("Built 1 pages"), "{}", run.stdout);
    let html = site.html("hello/index.html");
    assert_eq!(text_of(&html, "h1"), "Hello");
    assert_eq!(text_of(&html, "em"), "one");
    assert!(site.public().join("index.html").is_file());
    assert!(
        site.public().join("style.css").is_file(),
        "the embedded theme's files are written"
    );
}

#[test]
fn site_templates_override_the_theme() {
    let site = SiteTest::new("override");
    site.page("a.md", "A page", "Body.\n");
    site.file("templates/page.html", "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}");
    site.file(
        "templates/special.html",
        "<!doctype html><title>x</title><p class=\"special\">{{ page.title }}</p>",
    );
    site.file(
        "content/b.md",
        "+++\ntitle = \"B page\"\ntemplate = \"special.html\"\n+++\n",
    );
    site.build(&[]).ok();
    assert_eq!(text_of(&site.html("a/index.html"), "p.mine"), "A page");
    assert_eq!(text_of(&site.html("b/index.html"), "p.special"), "B page");
}

#[test]
fn base_url_with_a_path_prefixes_links() {
    let site = SiteTest::fixture("markdown");
    site.build(&["--base-url", "https://clinic.example/help/"])
        .ok();
    let html = site.html("guide/features/index.html");
    assert!(!select(&html, "a[href=\"/help/guide/other/\"]").is_empty());
    assert_eq!(select(&html, "link[href=\"/help/style.css\"]").len(), 1);
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://clinic.example/help/guide/other/</loc>")
    );
    assert!(
        site.read("atom.xml")
            .contains("<link href=\"https://clinic.example/help/guide/features/\"/>")
    );
}

#[test]
fn aliases_redirect_and_sections_paginate() {
    let site = SiteTest::fixture("markdown");
    site.file(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\npaginate_by = 2\n+++\n",
    );
    site.build(&[]).ok();
    let redirect = site.read("old/other-page/index.html");
    assert!(redirect.contains("url=/guide/other/"), "{redirect}");
    let first = site.html("guide/index.html");
    assert_eq!(select(&first, ".page-list li").len(), 2);
    assert_eq!(
        select(&first, ".pagination a[rel=next]")[0]
            .value()
            .attr("href"),
        Some("/guide/page/2/")
    );
    let second = site.html("guide/page/2/index.html");
    assert_eq!(select(&second, ".page-list li").len(), 1);
}

#[test]
fn feed_and_sitemap_are_well_formed() {
    let site = SiteTest::fixture("markdown");
    site.build(&[]).ok();
    let feed = site.read("atom.xml");
    assert!(feed.starts_with("<?xml"));
    assert_eq!(feed.matches("<entry>").count(), 2, "the two dated pages");
    assert!(
        feed.find("Other").unwrap() < feed.find("Features").unwrap(),
        "newest first"
    );
    assert!(feed.contains("<updated>2026-02-01T00:00:00Z</updated>"));
    let sitemap = site.read("sitemap.xml");
    for path in [
        "/",
        "/guide/",
        "/guide/features/",
        "/topics/",
        "/topics/trust/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{path}</loc>")), "{path}");
    }
    assert!(
        site.read("404.html")
            .contains("We could not find that page")
    );
}

/// Runs `rapport ARGS` with its stdout a pipe nobody reads (closed before
/// it prints) and returns (exit code, stderr).
fn run_with_closed_stdout(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_is_no_panic() {
    // Issue 18: `println!` panicked on a broken pipe (`rapport build | head -0`,
    // or `head -1` when a second line follows); ripgrep treats it as success.
    let site = SiteTest::new("closed-stdout");
    site.page("a.md", "A", "Hello.\n");
    let root = site.root.as_os_str();
    let new_site = site.root.join("new-site");
    let imported = site.root.with_extension("imported");
    let runs: [&[&std::ffi::OsStr]; 4] = [
        &["build".as_ref(), "--root".as_ref(), root],
        &["check".as_ref(), "--root".as_ref(), root],
        &["new".as_ref(), new_site.as_os_str()],
        &["import".as_ref(), root, imported.as_os_str()],
    ];
    for args in runs {
        let (code, stderr) = run_with_closed_stdout(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
    assert!(new_site.join("rapport.toml").is_file());
}

#[test]
fn a_term_page_gets_its_taxonomy_without_every_other_term() {
    // Every term's page listing every term made 10,000 tags on one page
    // cost 10,000 x 10,000 (100 s); the list is `taxonomy_list.html`'s.
    let site = SiteTest::new("term-page-context");
    site.file(
        "rapport.toml",
        "title = \"T\"\n[taxonomies]\ntags = \"Tags\"\n",
    );
    site.file(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"one\", \"two\", \"three\"]\n+++\nHi.\n",
    );
    site.file(
        "templates/taxonomy_term.html",
        "{{ taxonomy.title }}:{{ taxonomy.terms | length }}:{{ term.name }}",
    );
    site.file(
        "templates/taxonomy_list.html",
        "{{ taxonomy.terms | length }}",
    );
    site.build(&[]).ok();
    assert_eq!(site.read("tags/two/index.html"), "Tags:0:two");
    assert_eq!(site.read("tags/index.html"), "3");
}
