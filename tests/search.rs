//! Offline search: the index the build writes, and searching it in a real
//! browser (pages, FAQ answers, worksheets, keyboard, nothing sent anywhere).

use crate::browser::browser_or_skip;
use crate::browser::{self, Page, Server};
use crate::util::{SiteTest, select, text_of};

/// True once a search has finished and announced its result count.
pub(crate) const SEARCHED: &str =
    "/result|No results/.test(document.querySelector('[data-search-status]').textContent)";

/// The result links of the search page, in order.
fn result_links(page: &Page) -> Vec<String> {
    let links = page.eval_json(
        "[...document.querySelectorAll('.search-result h2 a')].map(a => a.getAttribute('href'))",
    );
    serde_json::from_value(links).unwrap()
}

/// Opens the search page for `query` and waits for its results.
fn search(browser: &browser::BrowserSession, server: &Server, query: &str) -> (Page, Vec<String>) {
    let url = format!("{}?q={}", server.url("/search/"), query.replace(' ', "+"));
    let page = browser.open(&url);
    page.wait_for(SEARCHED);
    let links = result_links(&page);
    (page, links)
}

#[test]
fn finds_pages_faq_answers_and_worksheets_without_leaving_the_site() {
    let browser = browser_or_skip!();
    let site = SiteTest::example();
    site.build(&[]).ok();
    let server = Server::serve(&site.public());

    let (page, links) = search(&browser, &server, "confidentiality");
    assert!(
        links.contains(&"/boundaries/confidentiality-and-its-limits/".to_string()),
        "{links:?}"
    );
    let status = page.eval_string("document.querySelector('[data-search-status]').textContent");
    // The count is of every result; the page shows ten at a time.
    let count: usize = status.split(' ').next().unwrap().parse().unwrap();
    assert!(
        count >= links.len() && status.contains("result"),
        "{status}"
    );
    assert_eq!(
        page.eval_string(
            "document.querySelector('[data-search-status]').getAttribute('aria-live')"
        ),
        "polite"
    );
    // FAQ answers about it are found too, each linked to its anchor: as a
    // result of its own or listed under its page.
    let answers: Vec<String> = serde_json::from_value(page.eval_json(
        "[...document.querySelectorAll('.search-result a')].map(a => a.getAttribute('href')).filter(h => h.includes('#'))",
    ))
    .unwrap();
    assert!(
        answers.contains(
            &"/boundaries/confidentiality-and-its-limits/#what-if-i-m-not-sure-whether-something-is-covered-by-confidentiality"
                .to_string()
        ),
        "{answers:?}"
    );
    // Excerpts highlight the words found.
    assert!(page.eval_json("document.querySelectorAll('.search-excerpt mark').length > 0") == true);
    assert_eq!(page.foreign_requests(&server), Vec::<String>::new());

    // The words of one FAQ question find that question first, at its answer.
    let built = site.html("trust/building-trust-in-therapy/index.html");
    // The first question under the FAQ heading.
    let headings = select(&built, "main h2, main h3");
    let faq_heading = headings
        .iter()
        .position(|h| {
            h.text()
                .collect::<String>()
                .contains("Frequently Asked Questions")
        })
        .expect("an FAQ section");
    let first = headings[faq_heading + 1];
    assert_eq!(first.value().name(), "h3");
    let question: String = first.text().collect();
    let faq = first.value().attr("id").unwrap().to_string();
    let (page, links) = search(&browser, &server, question.trim_end_matches('?'));
    assert_eq!(
        links.first().map(String::as_str),
        Some(format!("/trust/building-trust-in-therapy/#{faq}").as_str()),
        "{links:?}"
    );
    page.click(".search-result h2 a");
    page.wait_for(&format!(
        "location.hash === '#{faq}' && !!document.getElementById('{faq}')"
    ));
    assert_eq!(page.foreign_requests(&server), Vec::<String>::new());

    // A worksheet's title finds the worksheet.
    let worksheet = site.html("trust/building-trust-in-therapy/worksheet/index.html");
    // Typed as a reader would, without the curly quotes around the article's name.
    let title = text_of(&worksheet, "main h1").replace(['\u{201c}', '\u{201d}'], "");
    let (page, links) = search(&browser, &server, &title);
    assert!(
        links.contains(&"/trust/building-trust-in-therapy/worksheet/".to_string()),
        "{title}: {links:?}"
    );
    assert_eq!(page.foreign_requests(&server), Vec::<String>::new());
}

#[test]
fn the_header_box_searches_by_keyboard() {
    let browser = browser_or_skip!();
    let site = SiteTest::example();
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    let page = browser.open(&server.url("/trust/"));
    page.wait_for("!!document.getElementById('rapport-header-search-input')");
    page.eval_json("(document.getElementById('rapport-header-search-input').focus(), true)");
    page.type_text("trust");
    page.press("Enter");
    page.wait_for("location.pathname === '/search/'");
    page.wait_for(SEARCHED);
    assert_eq!(
        page.eval_string("document.getElementById('rapport-search-input').value"),
        "trust"
    );
    assert!(!result_links(&page).is_empty());
    assert_eq!(page.foreign_requests(&server), Vec::<String>::new());
}

#[test]
fn an_added_page_is_found_and_a_deleted_one_is_not() {
    let browser = browser_or_skip!();
    let site = SiteTest::example();
    site.page(
        "trust/zither-notes.md",
        "Zither notes",
        "A word no other page has: xylophonic.",
    );
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    let (_, links) = search(&browser, &server, "xylophonic");
    assert_eq!(links, vec!["/trust/zither-notes/".to_string()]);

    std::fs::remove_file(site.root.join("content/trust/zither-notes.md")).unwrap();
    site.build(&[]).ok();
    let (page, links) = search(&browser, &server, "xylophonic");
    assert!(links.is_empty(), "{links:?}");
    assert!(
        page.eval_string("document.querySelector('[data-search-status]').textContent")
            .starts_with("No results")
    );
}

#[test]
fn the_index_holds_only_this_site() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let bundle = site.public().join("search-index");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(bundle.join("meta.json")).unwrap()).unwrap();
    let pages = meta["pages"].as_u64().unwrap() as usize;
    // Every English page and worksheet; no untranslated copy, no other file.
    assert!(pages >= 12, "{meta}");
    for page in 0..pages {
        let fragment = read_fragment(&bundle.join(format!("f/{page}.bin")));
        let url = fragment["url"].as_str().unwrap();
        assert!(
            site.public().join(&url[1..]).join("index.html").is_file(),
            "{url} is not a page of the site"
        );
        assert!(
            !url.starts_with("/es/") && !url.starts_with("/ar/"),
            "{url}"
        );
    }
    assert!(!bundle.join(format!("f/{pages}.bin")).exists());
    // Scripts are the theme's; the index folder holds data only.
    assert!(
        crate::util::walkdir(&bundle)
            .iter()
            .all(|f| !f.to_string_lossy().ends_with(".js"))
    );
    let search = site.html("search/index.html");
    assert_eq!(select(&search, "[data-search] input[type=search]").len(), 1);
    assert_eq!(select(&search, "[role=status][aria-live=polite]").len(), 1);
    // Without JavaScript the page offers the sections, not a dead box.
    assert!(select(&search, "[data-search-fallback] a").len() >= 3);
    assert!(!select(&search, "[data-search-form][hidden]").is_empty());
    let home = site.html("index.html");
    let link = select(&home, "header a[data-search-link]");
    assert_eq!(link.len(), 1);
    assert_eq!(link[0].value().attr("href"), Some("/search/"));
}

#[test]
fn a_site_without_pages_finds_nothing_and_says_so() {
    let browser = browser_or_skip!();
    let site = SiteTest::new("search-empty");
    site.file("rapport.toml", "title = \"Empty\"\n");
    site.file(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    );
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    let (page, links) = search(&browser, &server, "anything");
    assert!(links.is_empty(), "{links:?}");
    assert!(
        page.eval_string("document.querySelector('[data-search-status]').textContent")
            .starts_with("No results")
    );
}

/// A fragment of the index, decompressed and parsed.
fn read_fragment(path: &std::path::Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap();
    serde_json::from_reader(flate2::read::ZlibDecoder::new(bytes.as_slice())).unwrap()
}

#[test]
fn two_builds_write_the_same_index() {
    let site = SiteTest::example();
    let index = |out: &str| {
        site.build(&["--output", out]).ok();
        let folder = site.root.join(out).join("search-index");
        let mut files: Vec<(String, Vec<u8>)> = crate::util::walkdir(&folder)
            .into_iter()
            .map(|f| {
                let name = f
                    .strip_prefix(&folder)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read(&f).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let (first, second) = (index("one"), index("two"));
    assert!(first.len() > 10, "{}", first.len());
    assert!(
        first == second,
        "two builds of one site wrote different index files"
    );
}

#[test]
fn search_can_be_turned_off() {
    let site = SiteTest::new("no-search");
    site.file(
        "rapport.toml",
        "title = \"No search\"\n\n[search]\nenabled = false\n",
    );
    site.page("a.md", "A page", "Some text.");
    site.build(&[]).ok();
    assert!(!site.public().join("search-index").exists());
    assert!(!site.public().join("search").exists());
    assert!(!site.public().join("search.js").exists());
    let html = site.read("a/index.html");
    assert!(!html.contains("data-search-link"), "{html}");
    assert!(!html.contains("search.js"));
}

/// The search benchmark (`bash tests/bench/search`): on a generated corpus
/// (`RAPPORT_SEARCH_PAGES`, default 10,000), the bytes the browser downloads
/// for one typical query. It measures bytes, not time, and is ignored in the
/// normal test run only because the corpus takes a while to index.
#[test]
#[ignore]
fn search_bench_bytes_per_query() {
    let browser = browser_or_skip!();
    let pages: usize = std::env::var("RAPPORT_SEARCH_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let site = SiteTest::new("search-bench");
    rapport_corpus::write_rapport(&site.root, pages).unwrap();
    let start = std::time::Instant::now();
    site.build(&[]).ok();
    let built = start.elapsed();
    let bundle = site.public().join("search-index");
    let (mut files, mut size) = (0, 0);
    for file in crate::util::walkdir(&bundle) {
        files += 1;
        size += std::fs::metadata(&file).unwrap().len();
    }
    let server = Server::serve(&site.public());
    let mut over = Vec::new();
    // Topic words (the target's "typical query": under 100 KB), then a query
    // of the domain's commonest words ("feel" is on every page: under 150 KB).
    for (query, limit_kb) in [
        ("confidentiality", 100),
        ("trust", 100),
        ("boundary", 100),
        ("feeling heard", 150),
    ] {
        server.take_served();
        let (page, links) = search(&browser, &server, query);
        assert!(!links.is_empty(), "{query}");
        // Every file the search fetched, and its script (a first query's cost).
        let requested: std::collections::BTreeSet<String> = server
            .take_served()
            .into_iter()
            .map(|path| path.split('?').next().unwrap_or_default().to_string())
            .filter(|path| path.starts_with("/search-index/") || path == "/search.js")
            .collect();
        let (mut raw, mut sent) = (Bytes::default(), Bytes::default());
        for path in &requested {
            let file = std::fs::read(site.public().join(&path[1..])).unwrap_or_default();
            raw.add(path, file.len());
            sent.add(path, as_sent(path, &file));
        }
        println!(
            "{pages} pages, query {query:?}: {} files; as stored {raw}; as a host sends them {sent}",
            requested.len(),
        );
        if sent.total() >= limit_kb * 1024 {
            over.push(format!("{query:?}: {sent}, limit {limit_kb} KB"));
        }
        assert_eq!(page.foreign_requests(&server), Vec::<String>::new());
    }
    println!(
        "{pages} pages: build with search {:.2} s; index {:.1} MB in {files} files",
        built.as_secs_f64(),
        size as f64 / 1e6,
    );
    assert!(
        over.is_empty(),
        "over the target as a host sends it: {over:?}"
    );
}

/// Bytes downloaded for one query: the search script and `meta.json` (fixed
/// per first query), word shards, postings and result fragments.
#[derive(Default)]
struct Bytes {
    fixed: usize,
    words: usize,
    postings: usize,
    fragments: usize,
}

impl Bytes {
    /// Counts `bytes` of the file at `path` under its part.
    fn add(&mut self, path: &str, bytes: usize) {
        let part = match path
            .strip_prefix("/search-index/")
            .and_then(|p| p.split('/').next())
        {
            Some("w") => &mut self.words,
            Some("p") => &mut self.postings,
            Some("f") => &mut self.fragments,
            _ => &mut self.fixed,
        };
        *part += bytes;
    }
    fn total(&self) -> usize {
        self.fixed + self.words + self.postings + self.fragments
    }
}

impl std::fmt::Display for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kb = |b: usize| b as f64 / 1024.0;
        write!(
            f,
            "{:.0} KB (fixed {:.0} + words {:.0} + postings {:.0} + fragments {:.0})",
            kb(self.total()),
            kb(self.fixed),
            kb(self.words),
            kb(self.postings),
            kb(self.fragments)
        )
    }
}

/// The bytes a static host sends for a file: scripts and JSON gzipped, as
/// GitHub Pages, Netlify and Cloudflare do by default; the index's `.bin`
/// files are compressed already and go as they are.
fn as_sent(name: &str, file: &[u8]) -> usize {
    use std::io::Write as _;
    if !(name.ends_with(".js") || name.ends_with(".json")) {
        return file.len();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(file).unwrap();
    gz.finish().unwrap().len()
}

/// One written-down query and the pages expected in its first five results.
#[derive(serde::Deserialize)]
struct ExpectedQuery {
    q: String,
    expect: Vec<String>,
    #[serde(default)]
    language: Option<String>,
}

/// The query set of `tests/fixtures/search/queries.toml` (issue 21).
#[derive(serde::Deserialize)]
struct QuerySet {
    baseline: usize,
    query: Vec<ExpectedQuery>,
    corpus_pages: usize,
    corpus_baseline: usize,
    corpus: Vec<ExpectedQuery>,
}

fn query_set() -> QuerySet {
    let text = std::fs::read_to_string(
        crate::util::repo_root().join("tests/fixtures/search/queries.toml"),
    )
    .unwrap();
    toml::from_str(&text).unwrap()
}

/// Runs `queries` on the site `server` serves and asserts that at least
/// `baseline` found one of their expected pages among the first five
/// results; prints how many did, and the misses.
fn run_queries(
    browser: &browser::BrowserSession,
    server: &Server,
    queries: &[ExpectedQuery],
    baseline: usize,
) {
    let page = browser.open(&server.url("/"));
    let mut passed = 0;
    let mut misses = Vec::new();
    for query in queries {
        let home = query
            .language
            .as_deref()
            .map_or("/".to_string(), |l| format!("/{l}/"));
        let url = format!(
            "{}?q={}",
            server.url(&format!("{home}search/")),
            url::form_urlencoded::byte_serialize(query.q.as_bytes()).collect::<String>()
        );
        page.goto(&url);
        page.wait_for(SEARCHED);
        let top: Vec<String> = result_links(&page)
            .into_iter()
            .take(5)
            .map(|l| l.split('#').next().unwrap_or_default().to_string())
            .collect();
        if query.expect.iter().any(|e| top.contains(e)) {
            passed += 1;
        } else {
            misses.push(format!(
                "{:?}: expected one of {:?}, got {top:?}",
                query.q, query.expect
            ));
        }
    }
    assert_eq!(page.foreign_requests(server), Vec::<String>::new());
    println!(
        "{passed} of {} queries pass (baseline {baseline}); misses:\n{}",
        queries.len(),
        misses.join("\n")
    );
    assert!(
        passed >= baseline,
        "fewer queries pass than the baseline:\n{}",
        misses.join("\n")
    );
}

#[test]
fn the_written_down_queries_find_what_a_reader_expects() {
    let browser = browser_or_skip!();
    let set = query_set();
    assert!(set.query.len() >= 30, "at least thirty queries");
    let (_site, server) = browser::served_example();
    run_queries(&browser, &server, &set.query, set.baseline);
}

#[test]
fn the_written_down_queries_find_pages_of_a_generated_corpus() {
    let browser = browser_or_skip!();
    let set = query_set();
    let site = SiteTest::new("search-corpus");
    rapport_corpus::write_rapport(&site.root, set.corpus_pages).unwrap();
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    run_queries(&browser, &server, &set.corpus, set.corpus_baseline);
}
