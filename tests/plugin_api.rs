//! The plugin API carries a feature with no engine change: an in-process
//! "spy" plugin (as mdBook's tests have), registered through the public
//! `plugins::register`, declares a front matter key, adds a companion page
//! to the pages that set it, ships a file made from the site and labels its
//! pages in search; `rapport check` sees the file.

use rapport::plugins;
use rapport_plugin::{Asset, NewPage, Plugin, PluginError, SiteChanges, SiteView};

use crate::util::{SiteTest, select};

/// Adds `PAGE/notes/` to each page with `spy_notes = true`.
struct Spy;

impl Plugin for Spy {
    fn name(&self) -> &str {
        "spy"
    }

    fn front_matter_keys(&self) -> Vec<String> {
        vec!["spy_notes".into()]
    }

    fn extend_site(&self, site: &SiteView) -> Result<SiteChanges, PluginError> {
        let mut changes = SiteChanges::default();
        let wanted = site
            .pages
            .iter()
            .filter(|p| p.params.get("spy_notes").and_then(|v| v.as_bool()) == Some(true));
        let mut titles = Vec::new();
        for page in wanted {
            let mut notes = NewPage::new(
                format!("{}notes/", page.path),
                format!("Notes on {}", page.title),
                "<p>Questions to bring to your next session.</p>",
            );
            notes.for_page = Some(page.path.clone());
            notes.link_text = Some("Notes for this article".into());
            notes.link_note = Some("print them for your session.".into());
            notes.search_section = Some("Session notes".into());
            changes.add_pages.push(notes);
            titles.push(page.title.clone());
        }
        changes
            .assets
            .push(Asset::new("spy/titles.txt", titles.join("\n")));
        Ok(changes)
    }
}

fn spy_site(name: &str) -> SiteTest {
    plugins::register("spy", || Box::new(Spy));
    let site = SiteTest::new(name);
    site.file(
        "rapport.toml",
        "title = \"Spy\"\nbase_url = \"https://example.org/\"\n[search]\nenabled = false\n[plugins.spy]\n",
    );
    site.file(
        "content/trust/_index.md",
        "+++\ntitle = \"Trust\"\ndescription = \"On trust.\"\n+++\n",
    );
    site.file(
        "content/trust/a.md",
        "+++\ntitle = \"Trust takes time\"\ndescription = \"Why.\"\nspy_notes = true\n+++\n\nThe [titles](/spy/titles.txt) of pages with notes.\n",
    );
    site.file(
        "content/trust/b.md",
        "+++\ntitle = \"Without notes\"\ndescription = \"None.\"\n+++\n\nNothing here.\n",
    );
    site
}

#[test]
fn an_in_process_plugin_adds_a_companion_page_a_file_and_a_search_label() {
    let site = spy_site("plugin-api-spy");
    let options = rapport::BuildOptions {
        root: site.root.clone(),
        ..Default::default()
    };
    rapport::build(&options).expect("the site builds");

    let page = site.html("trust/a/index.html");
    let link = select(&page, "p.spy-link a");
    assert_eq!(link.len(), 1, "the page links to its companion");
    assert_eq!(link[0].value().attr("href"), Some("/trust/a/notes/"));
    assert!(site.read("trust/a/index.html").contains(
        "<a href=\"/trust/a/notes/\">Notes for this article</a>: print them for your session."
    ));
    assert!(select(&site.html("trust/b/index.html"), "p.spy-link").is_empty());
    assert!(
        site.read("trust/a/notes/index.html")
            .contains("Questions to bring")
    );
    assert_eq!(site.read("spy/titles.txt"), "Trust takes time");

    // Search labels the companion with the plugin's label, not a plugin's name the engine knows.
    let mut config = rapport::pipeline::load_config(&site.root, None).unwrap();
    config.search.enabled = true;
    let (session, _) = rapport::pipeline::Session::start_with(
        &site.root,
        config,
        false,
        None,
        rapport::site::Sources::Keep,
        &|_, _| Ok(()),
    )
    .unwrap();
    let records = session.search_records().expect("search is on");
    let notes = records
        .generated
        .iter()
        .find(|r| r.url == "/trust/a/notes/")
        .expect("the companion is indexed");
    let fragment = notes.fragment_json();
    assert!(
        fragment.contains("\"section\":\"Session notes\""),
        "{fragment}"
    );

    // `rapport check` runs the plugin too, so the link to its file is sound.
    let report = rapport::check::check(&site.root, false).unwrap();
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.code != rapport::error::Code::BrokenLink),
        "{:?}",
        report.findings
    );
}

#[test]
fn a_declared_key_needs_its_plugin() {
    let site = spy_site("plugin-api-undeclared");
    site.file("rapport.toml", "title = \"Spy\"\n");
    site.build(&[])
        .fails_with(&["content/trust/a.md:4", "unknown key \"spy_notes\""]);
}

/// Ships `index.html` and adds a page at `/search/`: both taken already.
struct Squatter;

impl Plugin for Squatter {
    fn name(&self) -> &str {
        "squatter"
    }

    fn extend_site(&self, _site: &SiteView) -> Result<SiteChanges, PluginError> {
        let mut changes = SiteChanges::default();
        changes.assets.push(Asset::new("index.html", "<p>mine</p>"));
        changes
            .add_pages
            .push(NewPage::new("/search/", "Search", "<p>mine</p>"));
        Ok(changes)
    }
}

#[test]
fn a_plugin_cannot_take_a_file_or_page_another_owner_writes() {
    plugins::register("squatter", || Box::new(Squatter));
    let site = SiteTest::new("plugin-api-squatter");
    site.file("rapport.toml", "title = \"S\"\n[plugins.squatter]\n");
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    let options = rapport::BuildOptions {
        root: site.root.clone(),
        ..Default::default()
    };
    let error = rapport::build(&options).unwrap_err().to_string();
    assert!(
        error.contains("plugin \"squatter\" (its page /search/) would be written to search/index.html, which the search page already writes"),
        "{error}"
    );
    assert!(
        error.contains("a plugin's file index.html would be written to index.html, which content/_index.md already writes"),
        "{error}"
    );
    assert!(!site.public().exists());
}
