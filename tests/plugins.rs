//! The plugin registry and external plugins, driven through real programs.

use std::time::{Duration, Instant};

use crate::util::{SiteTest, repo_root, select, snapshot, text_of};

fn site_with_plugin(name: &str, table: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.page("a.md", "A", "Hello.\n");
    site.page("b.md", "B", "World.\n");
    let fixtures = repo_root().join("tests/fixtures/external-plugin");
    site.file(
        "rapport.toml",
        &table.replace("FIXTURES", fixtures.to_str().unwrap()),
    );
    site
}

#[test]
fn unknown_plugin_lists_the_known_ones() {
    let site = site_with_plugin("unknown-plugin", "[plugins.worksheets]\n");
    site.build(&[]).fails_with(&[
        "rapport.toml",
        "unknown plugin \"worksheets\"",
        "did you mean \"worksheet\"?",
        "Known plugins: worksheet",
    ]);
}

#[test]
fn external_plugin_changes_pages_and_adds_some() {
    let site = site_with_plugin(
        "external-change",
        "[plugins.marker]\ncommand = \"python3 FIXTURES/change.py\"\nmarker = \"Reviewed by the marker plugin\"\n",
    );
    site.build(&[]).ok();
    for page in ["a/index.html", "b/index.html"] {
        assert_eq!(
            text_of(&site.html(page), ".prose p.from-plugin"),
            "Reviewed by the marker plugin",
            "{page}"
        );
    }
    assert_eq!(
        text_of(&site.html("plugin-report/index.html"), "p.count"),
        "2 pages"
    );
    assert_eq!(
        std::fs::read_to_string(site.public().join("external/note.txt")).unwrap(),
        "from the plugin"
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>/plugin-report/</loc>")
    );
}

#[test]
fn failing_external_plugin_quotes_its_stderr() {
    let site = site_with_plugin(
        "external-fail",
        "[plugins.broken]\ncommand = \"python3 FIXTURES/fail.py\"\n",
    );
    site.build(&[]).fails_with(&[
        "plugin \"broken\"",
        "failed",
        "the plugin could not find its dictionary file",
        "help:",
    ]);
}

#[test]
fn invalid_json_from_an_external_plugin_is_an_error() {
    let site = site_with_plugin(
        "external-garbage",
        "[plugins.chatty]\ncommand = \"python3 FIXTURES/garbage.py\"\n",
    );
    site.build(&[]).fails_with(&[
        "plugin \"chatty\"",
        "did not answer with valid JSON",
        "stderr",
    ]);
}

#[test]
fn hanging_external_plugin_is_stopped_after_its_time_limit() {
    let site = site_with_plugin("external-hang", "");
    site.build(&[]).ok();
    let before = snapshot(&site.public());
    let fixtures = repo_root().join("tests/fixtures/external-plugin");
    site.file(
        "rapport.toml",
        &format!(
            "[plugins.slow]\ncommand = \"python3 {}/hang.py\"\ntimeout_seconds = 2\n",
            fixtures.display()
        ),
    );
    let start = Instant::now();
    site.build(&[]).fails_with(&[
        "plugin \"slow\"",
        "stopped after 2 seconds",
        "starting a very long job",
        "timeout_seconds",
    ]);
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "the build did not wait for the plugin: {:?}",
        start.elapsed()
    );
    assert_eq!(
        snapshot(&site.public()),
        before,
        "a failed plugin leaves the output as it was"
    );
}

#[test]
fn a_plugin_cannot_write_outside_the_site() {
    let site = SiteTest::new("external-escape");
    site.page("a.md", "A", "Hello.\n");
    site.file(
        "escape.py",
        "import json, sys\njson.load(sys.stdin)\njson.dump({\"version\": 1, \"add_pages\": [{\"path\": \"/../../evil/\", \"title\": \"x\", \"content_html\": \"x\"}]}, sys.stdout)\n",
    );
    site.file(
        "rapport.toml",
        "[plugins.escape]\ncommand = \"python3 escape.py\"\n",
    );
    site.build(&[])
        .fails_with(&["plugin \"escape\"", "not a path inside the site"]);
    assert!(!site.root.join("evil").exists() && !site.root.parent().unwrap().join("evil").exists());
}

#[test]
fn generated_pages_use_the_theme() {
    let site = SiteTest::new("generated-theme");
    site.file("rapport.toml", "[plugins.worksheet]\n");
    site.page("a.md", "A", "Hello.\n");
    site.build(&[]).ok();
    let html = site.html("worksheets/index.html");
    assert_eq!(text_of(&html, "h1"), "Worksheets");
    assert_eq!(
        select(&html, "a.skip-link").len(),
        1,
        "generated pages use the site's theme"
    );
    assert!(text_of(&html, "main").contains("no worksheets"));
}
