//! The worksheet plugin: forms, spec errors, generated worksheets, the
//! listing, and the behaviour in a real browser.

use crate::browser::Server;
use crate::browser::browser_or_skip;
use crate::util::{SiteTest, select};

const EVERY_KIND: &str = r#"
```worksheet
title = "Every kind"
intro = "All nine kinds of field."

[[fields]]
kind = "text"
label = "A word"

[[fields]]
kind = "textarea"
label = "Some lines"
help = "Write freely."

[[fields]]
kind = "scale"
label = "A number"
min = 1
max = 5
min_label = "low"
max_label = "high"

[[fields]]
kind = "percent"
label = "A share"

[[fields]]
kind = "date"
label = "A day"

[[fields]]
kind = "checklist"
label = "Some ticks"
items = ["First", "Second", "Third"]

[[fields]]
kind = "choice"
label = "One option"
options = ["Yes", "No"]

[[fields]]
kind = "choice"
label = "Several options"
options = ["Red", "Green", "Blue"]
multiple = true

[[fields]]
kind = "table"
label = "Thought record"
columns = ["Situation", "Thought", "Feeling"]
rows = 2

[[fields]]
kind = "note"
text = "Take a break if you need one."
```
"#;

fn every_kind_site(name: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file("rapport.toml", "[plugins.worksheet]\n");
    site.page("tools/_index.md", "Tools", "");
    site.page(
        "tools/form.md",
        "Form",
        &format!("## Before you start\n\nSome text.\n{EVERY_KIND}"),
    );
    site
}

/// The accessible name source of a control: a label, an aria-label, or a wrapping label.
fn has_accessible_name(html: &scraper::Html, control: &scraper::ElementRef<'_>) -> bool {
    let id = control.value().id().unwrap_or_default();
    let labelled = !id.is_empty() && !select(html, &format!("label[for=\"{id}\"]")).is_empty();
    let aria = control
        .value()
        .attr("aria-label")
        .is_some_and(|l| !l.trim().is_empty());
    let wrapped = control
        .ancestors()
        .any(|a| a.value().as_element().is_some_and(|e| e.name() == "label"));
    labelled || aria || wrapped
}

#[test]
fn every_field_kind_renders_named_controls() {
    let site = every_kind_site("ws-kinds");
    site.build(&[]).ok();
    let html = site.html("tools/form/index.html");
    let form = select(&html, "form.worksheet");
    assert_eq!(form.len(), 1);
    assert_eq!(form[0].value().attr("data-worksheet"), Some("every-kind"));
    let fields = select(&html, "form.worksheet [data-field]");
    assert_eq!(
        fields.len(),
        9,
        "one block per answerable field (the note takes no answer)"
    );
    let expected_controls = [1, 1, 5, 1, 1, 3, 2, 3, 6];
    for (field, expected) in fields.iter().zip(expected_controls) {
        let controls: Vec<_> = field
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
            .filter(|e| matches!(e.value().name(), "input" | "textarea" | "select"))
            .collect();
        assert_eq!(
            controls.len(),
            expected,
            "controls of {:?}",
            field.value().attr("data-label")
        );
        for control in controls {
            assert!(
                has_accessible_name(&html, &control),
                "{:?} has an accessible name",
                control.value()
            );
            assert!(
                control.value().attr("required").is_none(),
                "no field is required"
            );
        }
    }
    // Groups of choices are fieldsets with legends.
    for kind in ["ws-scale", "ws-checklist", "ws-choice", "ws-table"] {
        for set in select(&html, &format!("fieldset.{kind}")) {
            assert!(
                set.children()
                    .filter_map(scraper::ElementRef::wrap)
                    .any(|c| c.value().name() == "legend"),
                "{kind} has a legend"
            );
        }
    }
    assert_eq!(
        select(&html, "fieldset.ws-choice")[1]
            .select(&scraper::Selector::parse("input[type=checkbox]").unwrap())
            .count(),
        3
    );
    assert_eq!(select(&html, ".ws-note").len(), 1);
    // Buttons need JavaScript, so they are hidden without it.
    assert!(
        select(&html, ".ws-actions")[0]
            .value()
            .attr("hidden")
            .is_some()
    );
    let buttons: Vec<String> = select(&html, ".ws-actions button")
        .iter()
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(
        buttons,
        [
            "Print / save as PDF",
            "Download my answers",
            "Clear my answers"
        ]
    );
    // The plugin's assets are linked from the page and written.
    assert_eq!(
        select(&html, "script[src=\"/worksheet/worksheet.js\"]").len(),
        1
    );
    assert!(site.public().join("worksheet/worksheet.css").is_file());
}

#[test]
fn a_bad_spec_names_file_line_and_field() {
    let site = SiteTest::new("ws-bad");
    site.file("rapport.toml", "[plugins.worksheet]\n");
    site.page(
        "a.md",
        "A",
        "Intro.\n\n```worksheet\ntitle = \"Broken\"\n\n[[fields]]\nkind = \"text\"\nlabel = \"Fine\"\n\n[[fields]]\nkind = \"slider\"\nlabel = \"How much?\"\n```\n",
    );
    // Front matter is lines 1-3, the fence is line 6, the second [[fields]] is line 13.
    site.build(&[]).fails_with(&[
        "content/a.md:13:",
        "plugin \"worksheet\"",
        "field 2 (\"How much?\")",
        "unknown kind \"slider\"",
        "help:",
    ]);
    let site = SiteTest::new("ws-minmax");
    site.file("rapport.toml", "[plugins.worksheet]\n");
    site.page("a.md", "A", "```worksheet\ntitle = \"T\"\n[[fields]]\nkind = \"scale\"\nlabel = \"S\"\nmin = 9\nmax = 2\n```\n");
    // The body starts on line 4: the fence, then `title` (5), then `[[fields]]` (6).
    site.build(&[]).fails_with(&[
        "content/a.md:6:",
        "field 1 (\"S\")",
        "min (9) is not below max (2)",
    ]);
}

#[test]
fn generated_worksheet_has_a_checkbox_per_checklist_item() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let article = site.html("trust/building-trust-in-therapy/index.html");
    let items = select(&article, ".checklist input[type=checkbox]").len();
    assert!(items > 0);
    let link = select(&article, ".worksheet-link a");
    assert_eq!(
        link[0].value().attr("href"),
        Some("/trust/building-trust-in-therapy/worksheet/")
    );
    let worksheet = site.html("trust/building-trust-in-therapy/worksheet/index.html");
    assert_eq!(
        select(&worksheet, "fieldset.ws-checklist input[type=checkbox]").len(),
        items
    );
    let faqs = select(&article, "script[type=\"application/ld+json\"]").len();
    assert_eq!(faqs, 1);
    let prompts: Vec<String> = select(&worksheet, ".ws-textarea label")
        .iter()
        .map(|l| l.text().collect())
        .collect();
    assert!(
        prompts.iter().any(|p| p.ends_with('?')),
        "FAQ questions become prompts: {prompts:?}"
    );
    assert!(
        prompts.iter().any(|p| p.contains("what stood out")),
        "headings become prompts: {prompts:?}"
    );
}

#[test]
fn worksheets_page_lists_every_worksheet_by_section() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let html = site.html("worksheets/index.html");
    let links: Vec<String> = select(&html, ".worksheet-list a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(links.len() >= 4, "{links:?}");
    for link in &links {
        let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
        let page = site.html(&format!("{}index.html", path.trim_start_matches('/')));
        if !anchor.is_empty() {
            assert_eq!(select(&page, &format!("form#{anchor}")).len(), 1, "{link}");
        } else {
            assert_eq!(select(&page, "form.worksheet").len(), 1, "{link}");
        }
    }
    let home = site.html("index.html");
    assert_eq!(
        select(&home, "nav.site-nav .menu-inline a[href=\"/worksheets/\"]").len(),
        1,
        "the listing is in the navigation"
    );
}

const FORM: &str = "/tools/form/";

#[test]
fn answers_survive_a_reload_clear_download_and_print() {
    let browser = browser_or_skip!();
    let site = every_kind_site("ws-browser");
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    let page = browser.open(&server.url(FORM));
    page.wait_for("!document.querySelector('.ws-actions').hidden");
    let id = |field: &str| format!("ws-every-kind-{field}");

    // Type into the text field for real; set the others as a user's input would.
    page.click(&format!("#{}", id("a-word")));
    page.type_text("calm");
    page.eval_json(&format!(
        "(() => {{
            const set = (id, v) => {{ const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('input', {{ bubbles: true }})); }};
            set('{}', 'line one');
            set('{}', '40');
            set('{}', '2026-12-01');
            set('{}-r1-c1', 'At work');
            set('{}-r2-c3', 'Worried');
            return true;
        }})()",
        id("some-lines"),
        id("a-share"),
        id("a-day"),
        id("thought-record"),
        id("thought-record")
    ));
    page.click(&format!("#{}-4", id("a-number")));
    page.click(&format!("label[for=\"{}-2\"]", id("some-ticks")));
    page.click(&format!("label[for=\"{}-1\"]", id("one-option")));
    page.click(&format!("label[for=\"{}-1\"]", id("several-options")));
    page.click(&format!("label[for=\"{}-3\"]", id("several-options")));

    page.reload();
    page.wait_for("!document.querySelector('.ws-actions').hidden");
    let value =
        |element: &str| page.eval_string(&format!("document.getElementById('{element}').value"));
    let checked = |element: &str| {
        page.eval_json(&format!("document.getElementById('{element}').checked")) == true
    };
    assert_eq!(value(&id("a-word")), "calm");
    assert_eq!(value(&id("some-lines")), "line one");
    assert_eq!(value(&id("a-share")), "40");
    assert_eq!(value(&id("a-day")), "2026-12-01");
    assert_eq!(value(&format!("{}-r1-c1", id("thought-record"))), "At work");
    assert_eq!(value(&format!("{}-r2-c3", id("thought-record"))), "Worried");
    assert!(checked(&format!("{}-4", id("a-number"))));
    assert!(
        checked(&format!("{}-2", id("some-ticks"))) && !checked(&format!("{}-1", id("some-ticks")))
    );
    assert!(checked(&format!("{}-1", id("one-option"))));
    assert!(
        checked(&format!("{}-1", id("several-options")))
            && checked(&format!("{}-3", id("several-options")))
    );

    // Download: the file made in the browser holds every answer.
    let downloads = site.root.join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    page.allow_downloads(&downloads);
    page.click("button[data-action=download]");
    let file = downloads.join("every-kind-answers.txt");
    let start = std::time::Instant::now();
    // Chromium creates the file before it writes it: wait for its last part.
    let written = || std::fs::read_to_string(&file).is_ok_and(|t| t.contains("## Thought record"));
    while !written() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&file).expect("the download was written");
    for answer in [
        "calm",
        "line one",
        "40%",
        "2026-12-01",
        "At work",
        "Worried",
        "[x] 4",
        "[x] Second",
        "[x] Yes",
        "[x] Red",
        "[x] Blue",
        "## A word",
        "## Thought record",
    ] {
        assert!(
            text.contains(answer),
            "the download holds {answer:?}:\n{text}"
        );
    }

    // Print: no buttons, no navigation, the answers still there.
    page.emulate_media("print");
    let visible_buttons = page.eval_json("Array.from(document.querySelectorAll('button')).filter(b => b.offsetParent !== null).length");
    assert_eq!(visible_buttons, 0, "no button prints");
    assert_eq!(
        page.eval_string("getComputedStyle(document.querySelector('.site-nav')).display"),
        "none"
    );
    assert_eq!(
        page.eval_string("getComputedStyle(document.querySelector('.ws-saved-note')).display"),
        "none"
    );
    page.emulate_media("");

    // Clear asks first, then empties every field.
    page.eval_json("(() => { window.confirm = (message) => { window.__asked = message; return true; }; return true; })()");
    page.click("button[data-action=clear]");
    assert!(
        page.eval_string("window.__asked")
            .contains("Clear all your answers")
    );
    assert_eq!(value(&id("a-word")), "");
    assert_eq!(value(&format!("{}-r1-c1", id("thought-record"))), "");
    assert!(!checked(&format!("{}-4", id("a-number"))));
    page.reload();
    page.wait_for("!document.querySelector('.ws-actions').hidden");
    assert_eq!(value(&id("a-word")), "", "cleared answers stay cleared");

    assert!(
        page.foreign_requests(&server).is_empty(),
        "{:?}",
        page.foreign_requests(&server)
    );
}

#[test]
fn declining_clear_keeps_the_answers() {
    let browser = browser_or_skip!();
    let site = every_kind_site("ws-decline");
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    let page = browser.open(&server.url(FORM));
    page.wait_for("!document.querySelector('.ws-actions').hidden");
    page.eval_json("(() => { const e = document.getElementById('ws-every-kind-a-word'); e.value = 'keep'; e.dispatchEvent(new Event('input', { bubbles: true })); window.confirm = () => false; return true; })()");
    page.click("button[data-action=clear]");
    assert_eq!(
        page.eval_string("document.getElementById('ws-every-kind-a-word').value"),
        "keep"
    );
}
