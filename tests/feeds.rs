//! The sitemap, Atom feed, robots.txt and redirect pages (issue 17): valid
//! absolute URLs when `base_url` has a host, a warning saying how to set one
//! when it has none, and templates a site can override.
//!
//! The feed is validated by Python's `feedparser` and the sitemap parsed by
//! Python's XML parser, not by our own reading of the text. Without python3
//! and feedparser a test skips locally; under `CI` it fails (`.ci/run`
//! installs feedparser).

use std::path::Path;
use std::process::Command;

use crate::util::SiteTest;

/// Reads the feed with feedparser and the sitemap with ElementTree; prints
/// what they saw as JSON.
const VALIDATE: &str = r#"
import json, sys
import xml.etree.ElementTree as ET
import feedparser

feed = feedparser.parse(open(sys.argv[1], "rb").read())
root = ET.parse(sys.argv[2]).getroot()
ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
print(json.dumps({
    "bozo": bool(feed.bozo),
    "bozo_exception": str(feed.get("bozo_exception", "")),
    "version": feed.version,
    "title": feed.feed.get("title"),
    "subtitle": feed.feed.get("subtitle"),
    "id": feed.feed.get("id"),
    "links": [l["href"] for l in feed.feed.get("links", [])],
    "entries": [
        {
            "id": e.get("id"),
            "link": e.get("link"),
            "title": e.get("title"),
            "authors": [a.get("name") for a in e.get("authors", [])],
            "summary": e.get("summary"),
            "updated": e.get("updated"),
        }
        for e in feed.entries
    ],
    "sitemap_root": root.tag,
    "locs": [u.findtext(ns + "loc") for u in root.findall(ns + "url")],
    "lastmods": [u.findtext(ns + "lastmod") for u in root.findall(ns + "url")],
}))
"#;

/// Runs [`VALIDATE`] on `feed` and `sitemap`; `None` (a skip) when python3 or
/// feedparser is missing and `CI` is not set.
fn validate(feed: &Path, sitemap: &Path) -> Option<serde_json::Value> {
    let probe = Command::new("python3")
        .args(["-c", "import feedparser"])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        let why = match &probe {
            Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
            Err(e) => format!("python3: {e}"),
        };
        if std::env::var_os("CI").is_some() {
            panic!(
                "python3 with feedparser is missing and CI is set: the feed test must run in CI (.ci/run installs it)\n{why}"
            );
        }
        eprintln!(
            "skipping the feed validation: python3 with feedparser is missing ({why}); `pip install feedparser` to run it"
        );
        return None;
    }
    let output = Command::new("python3")
        .args(["-c", VALIDATE])
        .arg(feed)
        .arg(sitemap)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "the validator failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("the validator prints JSON"))
}

/// The strings of a JSON array.
fn strings(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default())
        .collect()
}

#[test]
fn feed_and_sitemap_validate_with_absolute_urls() {
    let site = SiteTest::fixture("feeds");
    let run = site.build(&[]).ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let Some(seen) = validate(
        &site.public().join("atom.xml"),
        &site.public().join("sitemap.xml"),
    ) else {
        return;
    };
    assert_eq!(seen["bozo"], false, "{}", seen["bozo_exception"]);
    assert_eq!(seen["version"], "atom10");
    // Every value went through escaping and came back as written.
    assert_eq!(seen["title"], "Tom & Jerry's <\"clinic\">");
    assert_eq!(seen["subtitle"], "Help & hope: <plain> 'words' \"first\"");
    assert_eq!(seen["id"], "https://clinic.example/help/");
    assert_eq!(
        strings(&seen["links"]),
        [
            "https://clinic.example/help/atom.xml",
            "https://clinic.example/help/"
        ]
    );
    let entries = seen["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "the two dated pages: {entries:?}");
    let first = &entries[0];
    assert_eq!(first["id"], "https://clinic.example/help/guide/first/");
    assert_eq!(first["link"], "https://clinic.example/help/guide/first/");
    assert_eq!(first["title"], "First & <b> \"quoted\" 'steps'");
    assert_eq!(strings(&first["authors"]), ["Ann & Bo", "C<d>"]);
    assert_eq!(first["summary"], "Sum & <mary>");
    assert_eq!(first["updated"], "2026-02-03T04:05:06Z");
    assert_eq!(
        entries[1]["id"],
        "https://clinic.example/help/guide/second/"
    );
    assert_eq!(
        strings(&entries[1]["authors"]),
        ["Tom & Jerry's <\"clinic\">"],
        "a page without authors is by the site"
    );

    assert_eq!(
        seen["sitemap_root"],
        "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    );
    let locs = strings(&seen["locs"]);
    for path in ["", "guide/", "guide/first/", "guide/undated/", "topics/"] {
        let url = format!("https://clinic.example/help/{path}");
        assert!(locs.contains(&url.as_str()), "{url} in {locs:?}");
    }
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://clinic.example/help/")),
        "{locs:?}"
    );
    assert!(!locs.iter().any(|l| l.contains("old")), "aliases stay out");
    let first_at = locs
        .iter()
        .position(|l| l.ends_with("/guide/first/"))
        .unwrap();
    assert_eq!(seen["lastmods"][first_at], "2026-02-03");

    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://clinic.example/help/sitemap.xml\n"
    );
    let redirect = site.html("old/first/index.html");
    let canonical = crate::util::select(&redirect, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("/help/guide/first/")
    );
}

#[test]
fn without_a_host_the_build_explains_how_to_set_one() {
    let site = SiteTest::fixture("feeds");
    site.file(
        "rapport.toml",
        "title = \"No host\"\n\n# Where the site is published.\nbase_url = \"/\"\n",
    );
    let run = site.build(&[]).ok();
    let first = "warning: rapport.toml:4: base_url \"/\" has no host: sitemap.xml, atom.xml and robots.txt hold paths such as /sitemap.xml, not the absolute URLs search engines and feed readers need\n";
    let help = "= help: set base_url in rapport.toml to the address the site is published at, e.g. base_url = \"https://example.org/\", or pass `--base-url https://example.org/` to `rapport build` (`rapport serve` needs neither)\n";
    assert!(run.stderr.starts_with(first), "{}", run.stderr);
    assert!(
        run.stderr.contains("4 | base_url = \"/\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(help), "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning").count(), 1, "{}", run.stderr);
    // The site still builds, for a preview or a host that serves it at its root.
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>/guide/first/</loc>")
    );

    // A host from the command line is enough, and the warning goes.
    let run = site.build(&["--base-url", "https://clinic.example/"]).ok();
    assert_eq!(run.stderr, "");
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://clinic.example/guide/first/</loc>")
    );

    // A host-less `--base-url` is named as the source.
    let run = site.build(&["--base-url", "/docs/"]).ok();
    assert!(
        run.stderr.starts_with(
            "warning: --base-url: base_url \"/docs/\" has no host: sitemap.xml, atom.xml and robots.txt hold paths such as /docs/sitemap.xml"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_overrides_the_sitemap_feed_robots_and_redirect_templates() {
    let site = SiteTest::fixture("feeds");
    site.file(
        "templates/sitemap.xml",
        "<urls>{% for entry in sitemap.entries %}\n{{ entry.loc }}{% endfor %}\n</urls>\n",
    );
    site.file(
        "templates/atom.xml",
        "<feed><title>{{ feed.title }}</title>{% for entry in feed.entries %}<id>{{ entry.id }}</id>{% endfor %}<lang>{{ config.language }}</lang></feed>\n",
    );
    site.file("templates/robots.txt", "User-agent: *\nDisallow: /\n");
    site.file(
        "templates/redirect.html",
        "<p>Moved to <a href=\"{{ redirect.url }}\">{{ redirect.target }}</a></p>\n",
    );
    site.build(&[]).ok();
    assert_eq!(
        site.read("sitemap.xml"),
        "<urls>\nhttps://clinic.example/help/\nhttps://clinic.example/help/audience/\nhttps://clinic.example/help/guide/\nhttps://clinic.example/help/guide/first/\nhttps://clinic.example/help/guide/second/\nhttps://clinic.example/help/guide/undated/\nhttps://clinic.example/help/topics/\n</urls>\n"
    );
    // A site's `.xml` template is escaped as ours is.
    assert_eq!(
        site.read("atom.xml"),
        "<feed><title>Tom &amp; Jerry&#39;s &lt;&quot;clinic&quot;&gt;</title><id>https://clinic.example/help/guide/first/</id><id>https://clinic.example/help/guide/second/</id><lang>en-GB</lang></feed>\n"
    );
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(
        site.read("old-guide/index.html"),
        "<p>Moved to <a href=\"https://clinic.example/help/guide/\">/help/guide/</a></p>\n"
    );
}
