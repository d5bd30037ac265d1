//! The link check: every form of internal link, good and broken, on one
//! fixture; anchors a page really has; the theme's ids out of the authors'
//! way; and a real published site (`../shared/realworld/vagov-health`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::util::{Run, SiteTest, json_findings, repo_root};

/// (code, file, line, column) of every JSON finding.
fn findings(run: &Run) -> Vec<(String, String, u64, Option<u64>, String)> {
    json_findings(run)
        .iter()
        .map(|v| {
            (
                v["code"].as_str().unwrap().to_string(),
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap_or(0),
                v["column"].as_u64(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The 1-based line and column where `needle` starts in `text`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} is not in the fixture"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line as u64, column as u64)
}

const TRUST_A: &str = "+++
title = \"Trust A\"
aliases = [\"old-a/\"]
worksheet = true

[taxonomies]
topics = [\"trust\"]
+++
Intro.

## Before you go

- [ ] Pack water
- [ ] Charge phone

## Frequently asked questions

### Is it private?

Yes.[^note]

[^note]: A footnote.

<div id=\"raw-div\">A box.</div>
<span id=\"raw-span\">x</span> <a name=\"old-name\"></a>

<h2 id=\"raw-h2\">Raw heading</h2>

```worksheet
title = \"My plan\"

[[fields]]
kind = \"text\"
label = \"First step\"
```
";

/// Every form of link, each good one first, then the broken ones.
const LINKS: &str = "+++
title = \"Links\"
+++
Good ones:

- [content](@/trust/a.md) [content anchor](@/trust/a.md#before-you-go) [relative md](a.md)
- [root](/help/trust/a/) [no slash](/help/trust/a) [index](/help/trust/a/index.html)
- [relative](../a/) [section](../) [home](/help/) [query](/help/trust/a/?x=1#is-it-private)
- [raw div](@/trust/a.md#raw-div) [raw span](/help/trust/a/#raw-span) [name](a.md#old-name)
- [raw h2](a.md#raw-h2) [footnote](a.md#note) [checklist](a.md#checklist-before-you-go)
- [question](a.md#is-it-private) [own](#content) [top](#top) [field](a.md#ws-my-plan-first-step)
- [term](/help/topics/trust/) [taxonomy](/help/topics/) [faq](/help/faq/) [faq topic](/help/faq/trust/)
- [worksheet](/help/trust/a/worksheet/) [alias](/help/old-a/) [section alias](/help/old-trust) [feed](/help/atom.xml)
- [static](/help/files/handout.pdf) [theme](/help/rapport.js) [bundle](../bundle/photo.png)
- [encoded](/help/files/my%20notes.txt) [mail](mailto:a@example.org) [web](https://example.org/x)
- ![static image](/help/files/circles.png)

<a href=\"/help/trust/a/\">raw</a> <img src=\"/help/files/circles.png\" srcset=\"/help/files/circles.png 1x, ../bundle/photo.png 2x\" alt=\"c\">

## Content

Broken ones:

- [x](/help/a/nope/) [x](../nope/) [x](nope/) [x](@/trust/missing.md) [x](missing.md)
- [x](#no-such) [x](@/trust/a.md#no-such-a) [x](/help/trust/a/#no-such-b) [x](/trust/a/)
- ![x](/help/files/gone.png) [x](../bundle/gone.png)

<a href=\"/help/gone/\">a</a> <img src=\"gone.png\" alt=\"g\"> <img src=\"/help/files/circles.png\" srcset=\"/help/files/circles.png 1x, /help/files/gone-2x.png 2x\" alt=\"c\">
<a href=\"@/trust/a.md\">not rewritten</a>
";

/// Where each broken link starts (what the finding's column points at).
const BROKEN: &[&str] = &[
    "[x](/help/a/nope/)",
    "[x](../nope/)",
    "[x](nope/)",
    "[x](@/trust/missing.md)",
    "[x](missing.md)",
    "[x](#no-such)",
    "[x](@/trust/a.md#no-such-a)",
    "[x](/help/trust/a/#no-such-b)",
    "[x](/trust/a/)",
    "![x](/help/files/gone.png)",
    "[x](../bundle/gone.png)",
    "/help/gone/",
    "gone.png\" alt=\"g",
    "/help/files/gone-2x.png",
    "@/trust/a.md\">not",
];

fn link_site() -> SiteTest {
    let site = SiteTest::new("links");
    site.file(
        "rapport.toml",
        "title = \"Links\"\nbase_url = \"https://example.org/help/\"\n\n[taxonomies]\ntopics = \"Topics\"\n\n[plugins.worksheet]\n\n[check]\nbroken_links = \"error\"\n",
    )
    .file(
        "content/trust/_index.md",
        "+++\ntitle = \"Trust\"\naliases = [\"old-trust/\"]\n+++\nSee [a](a/).\n",
    )
    .file("content/trust/a.md", TRUST_A)
    .file("content/trust/links.md", LINKS)
    .page("trust/bundle/index.md", "Bundle", "A photo.\n")
    .bytes("content/trust/bundle/photo.png", b"png")
    .bytes("static/files/handout.pdf", b"pdf")
    .bytes("static/files/circles.png", b"png")
    .bytes("static/files/my notes.txt", b"txt");
    site
}

#[test]
fn every_broken_link_is_reported_once_with_its_column_and_no_good_one() {
    let site = link_site();
    let run = site.run(&["check"], &["--format", "json"]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    let all = findings(&run);
    assert!(all.iter().all(|f| f.0 != "build-error"), "{}", run.stdout);
    let got: Vec<_> = all.into_iter().filter(|f| f.0 == "broken-link").collect();
    let links: Vec<_> = got
        .iter()
        .filter(|f| f.1 == "content/trust/links.md")
        .collect();
    let mut expected: BTreeSet<(u64, u64)> = BTreeSet::new();
    for needle in BROKEN {
        expected.insert(position(LINKS, needle));
    }
    // Front matter: three lines above the body (`+++`, title, `+++`) are in the constant.
    let found: BTreeSet<(u64, u64)> = links
        .iter()
        .map(|f| (f.2, f.3.expect("a column")))
        .collect();
    assert_eq!(
        found, expected,
        "broken links, by (line, column):\n{}",
        run.stdout
    );
    assert_eq!(links.len(), BROKEN.len(), "each once:\n{}", run.stdout);
    assert!(
        got.iter().all(|f| f.1 == "content/trust/links.md"),
        "no other page has a broken link:\n{}",
        run.stdout
    );

    // The build fails on the same links, naming file:line:column, and writes nothing.
    let build = site.build(&[]);
    assert_eq!(build.code, Some(1));
    let (line, column) = position(LINKS, "[x](../nope/)");
    assert!(
        build.stderr.contains(&format!(
            "content/trust/links.md:{line}:{column}: the link \"../nope/\""
        )),
        "{}",
        build.stderr
    );
    assert!(build.stderr.contains("did you mean"), "{}", build.stderr);
    assert!(!site.public().exists());
}

#[test]
fn a_site_without_broken_links_builds_and_headings_keep_plain_ids() {
    let site = link_site();
    // Without the broken half, the site builds clean.
    let good = LINKS.split("## Content").next().unwrap();
    site.file(
        "content/trust/links.md",
        &format!("{good}\n## Content\n\n## Main\n\n## Search\n\n[up](#main) [search](#search)\n"),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = site.read("trust/links/index.html");
    for id in ["content", "main", "search"] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{id}:\n{html}");
    }
    // Markdown links to content files and anchors are rewritten to URLs.
    assert!(html.contains("href=\"/help/trust/a/#raw-div\""), "{html}");
    let check = site.run(&["check"], &["--format", "json"]);
    let broken: Vec<_> = findings(&check)
        .into_iter()
        .filter(|f| f.0 == "broken-link")
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn content_security_policy_and_leftover_syntax_warn_with_file_and_line() {
    let site = SiteTest::new("csp");
    site.file("rapport.toml", "title = \"CSP\"\nbase_url = \"https://clinic.example/\"\n")
        .page(
            "a.md",
            "A",
            "Intro.\n\n<script>alert(1)</script>\n\n<p style=\"color: red\" onclick=\"go()\">x</p>\n\n<a href=\"javascript:void(0)\">j</a>\n\n<img src=\"https://cdn.example.net/x.png\" alt=\"x\">\n\n<iframe src=\"https://video.example.com/embed/1\" title=\"v\"></iframe>\n\n![far](https://images.example.org/a.png)\n\n<img src=\"https://clinic.example/own.png\" alt=\"own host\">\n\n{{< figure src=\"a.png\" >}}\n\n{{% note %}}\n\n{% include footer.html %}\n\n{{ youtube(id=\"x\") }}\n\n```\n{{< shortcode in code >}}\n```\n\nInline `{% raw %}` code.\n",
        );
    let run = site.run(&["check"], &["--format", "json"]);
    let got: Vec<(String, u64, String)> = findings(&run)
        .into_iter()
        .filter(|f| f.0 == "csp-blocked" || f.0 == "leftover-syntax")
        .map(|f| (f.0, f.2, f.4))
        .collect();
    let has = |code: &str, line: u64, text: &str| {
        got.iter()
            .any(|(c, l, m)| c == code && *l == line && m.contains(text))
    };
    assert!(has("csp-blocked", 6, "inline <script>"), "{got:#?}");
    assert!(has("csp-blocked", 8, "style attribute"), "{got:#?}");
    assert!(has("csp-blocked", 8, "onclick"), "{got:#?}");
    assert!(has("csp-blocked", 10, "javascript:"), "{got:#?}");
    assert!(has("csp-blocked", 12, "cdn.example.net"), "{got:#?}");
    assert!(has("csp-blocked", 14, "video.example.com"), "{got:#?}");
    assert!(has("csp-blocked", 16, "images.example.org"), "{got:#?}");
    assert!(has("leftover-syntax", 20, "Hugo shortcode"), "{got:#?}");
    assert!(has("leftover-syntax", 22, "Hugo shortcode"), "{got:#?}");
    assert!(has("leftover-syntax", 24, "Liquid"), "{got:#?}");
    assert!(has("leftover-syntax", 26, "Zola shortcode"), "{got:#?}");
    assert_eq!(got.len(), 11, "nothing else, nothing in code:\n{got:#?}");
    // Warnings only: the build still succeeds.
    assert_eq!(site.build(&[]).code, Some(0));
}

/// A real published site: `../shared/realworld/vagov-health`, beside the repository.
fn realworld(name: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared/realworld").join(name);
    path.is_dir().then_some(path)
}

/// The links of the vagov sample that are broken for a reader, found by hand
/// and by [`unreachable_in_output`]: (file, the line as written, why).
const VAGOV_BROKEN: &[(&str, &str, &str)] = &[
    (
        "content/health-care/_index.md",
        "<li><a href=\"#get\">",
        "the id came from VA's template",
    ),
    (
        "content/health-care/_index.md",
        "<li><a href=\"#manage\">",
        "the id came from VA's template",
    ),
    (
        "content/health-care/_index.md",
        "<li><a href=\"#more\">",
        "the id came from VA's template",
    ),
    (
        "content/health-care/eligibility/_index.md",
        "mental-health/#no-benefits)",
        "no such id on that page",
    ),
    (
        "content/health-care/family-caregiver-benefits/champva.md",
        "<a href='/find-locations/",
        "a VA.gov page outside the sample",
    ),
];

#[test]
fn a_real_health_site_reports_exactly_the_links_a_browser_cannot_follow() {
    let Some(source) = realworld("vagov-health") else {
        eprintln!(
            "skipped: ../shared/realworld/vagov-health is not beside the repository (real published content, not ours to copy in)"
        );
        return;
    };
    let site = SiteTest::new("vagov");
    crate::util::copy_dir(&source, &site.root);
    let mut expected = Vec::new();
    for (file, needle, _) in VAGOV_BROKEN {
        let text = std::fs::read_to_string(site.root.join(file)).unwrap();
        let (line, _) = position(&text, needle);
        expected.push((file.to_string(), line));
    }
    expected.sort();

    // As published, it builds: each broken link is printed as a warning,
    // and `check` reports the same ones as warnings.
    let build = site.build(&[]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert_eq!(
        build.stderr.matches("warning[broken-link]").count(),
        VAGOV_BROKEN.len(),
        "{}",
        build.stderr
    );
    assert!(
        site.read("health-care/index.html")
            .contains("href=\"#manage\"")
    );
    let check = site.run(&["check"], &["--format", "json"]);
    let warned: Vec<(String, u64)> = json_findings(&check)
        .iter()
        .filter(|v| v["code"] == "broken-link" || v["code"] == "build-error")
        .map(|v| {
            assert_eq!(v["code"], "broken-link", "{v}");
            assert_eq!(v["severity"], "warning", "{v}");
            (
                v["file"].as_str().unwrap().to_string(),
                v["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(warned, expected);

    // With `broken_links = "error"`, `check` reports exactly those as
    // errors, and the build fails on them, on nothing else, and says how
    // to build anyway.
    let config = site.read_source("rapport.toml");
    site.file(
        "rapport.toml",
        &format!("{config}\n[check]\nbroken_links = \"error\"\n"),
    );
    let check = site.run(&["check"], &["--format", "json"]);
    let errors: Vec<_> = findings(&check)
        .into_iter()
        .filter(|f| f.0 == "broken-link" || f.0 == "build-error")
        .collect();
    let mut got: Vec<(String, u64)> = errors
        .iter()
        .map(|f| {
            assert_eq!(f.0, "broken-link", "{f:?}");
            (f.1.clone(), f.2)
        })
        .collect();
    got.sort();
    assert_eq!(got, expected, "{errors:#?}");
    let build = site.build(&[]);
    assert_eq!(build.code, Some(1));
    assert_eq!(
        build.stderr.matches(": the ").count(),
        VAGOV_BROKEN.len(),
        "{}",
        build.stderr
    );
    assert!(
        build.stderr.contains("broken_links = \"warn\""),
        "{}",
        build.stderr
    );
    site.file("rapport.toml", &config);

    // With those lines taken out, it builds with no error, and a crawl of the
    // output as a browser would follow it finds nothing broken: no false
    // negatives either.
    for (file, needle, _) in VAGOV_BROKEN {
        let path = site.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.contains(needle)).collect();
        std::fs::write(&path, kept.join("\n")).unwrap();
    }
    let build = site.build(&[]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let (followed, unreachable) = unreachable_in_output(&site.public());
    assert!(unreachable.is_empty(), "{unreachable:#?}");
    assert!(followed > 1000, "the crawl followed only {followed} links");
    // What the check reported is really missing from the output.
    let output_ids = |rel: &str| {
        let html = scraper::Html::parse_document(&site.read(rel));
        let any = scraper::Selector::parse("[id], a[name]").unwrap();
        html.select(&any)
            .flat_map(|e| [e.attr("id"), e.attr("name")])
            .flatten()
            .map(str::to_string)
            .collect::<BTreeSet<String>>()
    };
    let hub = output_ids("health-care/index.html");
    for id in ["get", "manage", "more"] {
        assert!(!hub.contains(id));
    }
    let mental = output_ids("health-care/health-needs-conditions/mental-health/index.html");
    assert!(!mental.contains("no-benefits"));
    assert!(!site.public().join("find-locations").exists());
}

/// Every internal `href`, `src` and `srcset` of every HTML file under
/// `public`, resolved as a browser would (a folder URL serves its
/// `index.html`; an anchor must be an id or `<a name>` of the target), that
/// leads nowhere: how many were followed, and (page, URL) of those that failed.
fn unreachable_in_output(public: &std::path::Path) -> (usize, Vec<(String, String)>) {
    let mut followed = 0;
    let selector = scraper::Selector::parse("[href], [src], [srcset]").unwrap();
    let mut ids_of: std::collections::HashMap<PathBuf, BTreeSet<String>> = Default::default();
    let mut ids = |file: &PathBuf| -> BTreeSet<String> {
        ids_of
            .entry(file.clone())
            .or_insert_with(|| {
                let html = scraper::Html::parse_document(&std::fs::read_to_string(file).unwrap());
                let any = scraper::Selector::parse("[id], a[name]").unwrap();
                html.select(&any)
                    .flat_map(|e| [e.attr("id"), e.attr("name")])
                    .flatten()
                    .map(str::to_string)
                    .collect()
            })
            .clone()
    };
    let mut out = Vec::new();
    for (rel, page) in crate::util::files_below(public) {
        if !rel.ends_with(".html") {
            continue;
        }
        let dir = format!("/{}", &rel[..rel.rfind('/').map_or(0, |i| i + 1)]);
        let html = scraper::Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        for element in html.select(&selector) {
            let mut urls: Vec<&str> = Vec::new();
            for attr in ["href", "src"] {
                urls.extend(element.attr(attr));
            }
            if let Some(srcset) = element.attr("srcset") {
                urls.extend(
                    srcset
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next()),
                );
            }
            for url in urls {
                let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
                let path = path.split('?').next().unwrap();
                if path.contains(':') || path.starts_with("//") {
                    continue;
                }
                // 404.html is served at any URL, so its links are root-relative anyway.
                let absolute = if path.is_empty() {
                    format!("/{rel}")
                } else if path.starts_with('/') {
                    path.to_string()
                } else {
                    format!("{dir}{path}")
                };
                let decoded = percent_encoding::percent_decode_str(&absolute)
                    .decode_utf8_lossy()
                    .into_owned();
                let mut file = public.join(decoded.trim_start_matches('/'));
                if decoded.ends_with('/') || file.is_dir() {
                    file = file.join("index.html");
                }
                let reached = file.is_file()
                    && (fragment.is_empty()
                        || fragment == "top"
                        || file.extension().and_then(|e| e.to_str()) != Some("html")
                        || ids(&file).contains(fragment));
                followed += 1;
                if !reached {
                    out.push((rel.clone(), url.to_string()));
                }
            }
        }
    }
    (followed, out)
}

#[test]
fn broken_links_warn_by_default_and_fail_the_build_when_set_to_error() {
    let site = SiteTest::new("broken-warn");
    let error = "title = \"Warn\"\nbase_url = \"https://example.org/\"\n[check]\nbroken_links = \"error\"\n";
    site.file("rapport.toml", error).page(
        "trust.md",
        "Trust",
        "See [the missing page](/nowhere/) and [a section](#no-such-heading).\n",
    );
    // Set to "error", a broken link stops the build, with the way out named.
    site.build(&[]).fails_with(&[
        "content/trust.md:4",
        "/nowhere/",
        "#no-such-heading",
        "broken_links = \"warn\"",
    ]);
    assert!(!site.public().exists());

    // By default the site builds as published, with a warning each.
    site.file(
        "rapport.toml",
        "title = \"Warn\"\nbase_url = \"https://example.org/\"\n",
    );
    let build = site.build(&[]).ok();
    assert_eq!(
        build
            .stderr
            .matches("warning[broken-link]: content/trust.md:4")
            .count(),
        2,
        "{}",
        build.stderr
    );
    assert!(site.read("trust/index.html").contains("href=\"/nowhere/\""));
    // `check` reports them as warnings: it passes, and fails with --strict.
    let check = site.run(&["check"], &["--format", "json"]);
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    let broken: Vec<_> = json_findings(&check)
        .into_iter()
        .filter(|v| v["code"] == "broken-link")
        .collect();
    assert_eq!(broken.len(), 2, "{broken:#?}");
    assert!(broken.iter().all(|v| v["severity"] == "warning"));
    assert_eq!(site.run(&["check"], &["--strict"]).code, Some(1));

    // Another problem still stops the build: the setting is about links only.
    site.page("bad.md", "Bad\" oops", "x");
    assert_eq!(site.build(&[]).code, Some(1));
}
