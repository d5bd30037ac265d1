//! Interactive checklists: the HTML the build writes, and the behaviour in a
//! real browser (ticks remembered, reset, keyboard, nothing sent anywhere).

use std::collections::BTreeSet;

use crate::browser::{browser_or_skip, served_example};
use crate::util::{SiteTest, select};

/// Task-list items in a markdown source, counted from the text itself.
fn task_items_in(markdown: &str) -> usize {
    markdown
        .lines()
        .filter(|line| {
            let t = line.trim_start();
            ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] "]
                .iter()
                .any(|p| t.starts_with(p))
        })
        .count()
}

/// (output path, source text) of every example article.
fn example_articles() -> Vec<(String, String)> {
    crate::util::example_content()
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".md") && !rel.ends_with("_index.md"))
        .map(|(rel, p)| {
            let out = rel
                .trim_end_matches("index.md")
                .trim_end_matches(".md")
                .trim_end_matches('/')
                .to_string();
            (
                format!("{out}/index.html"),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_task_item_is_a_labelled_checkbox_with_stable_ids() {
    let site = SiteTest::example();
    site.build(&["--output", "one"]).ok();
    site.build(&["--output", "two"]).ok();
    let mut total = 0;
    for (path, source) in example_articles() {
        let read = |dir: &str| {
            scraper::Html::parse_document(
                &std::fs::read_to_string(site.root.join(dir).join(&path)).unwrap(),
            )
        };
        let html = read("one");
        let boxes = select(&html, ".checklist input[type=checkbox]");
        assert_eq!(
            boxes.len(),
            task_items_in(&source),
            "{path}: one checkbox per task item"
        );
        total += boxes.len();
        let mut ids = Vec::new();
        for b in &boxes {
            let id = b.value().id().expect("a checkbox has an id");
            assert_eq!(
                select(&html, &format!("label[for=\"{id}\"]")).len(),
                1,
                "{path}: {id} has a label"
            );
            assert!(
                b.value().attr("disabled").is_none(),
                "{path}: {id} is usable"
            );
            ids.push(id.to_string());
        }
        let all_ids: Vec<String> = select(&html, "[id]")
            .iter()
            .map(|e| e.value().id().unwrap().to_string())
            .collect();
        assert_eq!(
            all_ids.len(),
            all_ids.iter().collect::<BTreeSet<_>>().len(),
            "{path}: ids are unique"
        );
        let again: Vec<String> = select(&read("two"), ".checklist input[type=checkbox]")
            .iter()
            .map(|b| b.value().id().unwrap().to_string())
            .collect();
        assert_eq!(ids, again, "{path}: ids are the same in two builds");
        for group in select(&html, ".checklist") {
            let labelled_by = group
                .value()
                .attr("aria-labelledby")
                .expect("the group is named by its heading");
            assert_eq!(group.value().attr("role"), Some("group"));
            assert_eq!(
                select(
                    &html,
                    &format!("h2[id=\"{labelled_by}\"], h3[id=\"{labelled_by}\"]")
                )
                .len(),
                1,
                "{path}: names a heading"
            );
            // Controls that need JavaScript stay hidden without it.
            for control in select(
                &html,
                &format!(
                    "#{} .checklist-reset, #{} .checklist-progress",
                    group.value().id().unwrap(),
                    group.value().id().unwrap()
                ),
            ) {
                assert!(
                    control.value().attr("hidden").is_some(),
                    "{path}: hidden until the script runs"
                );
            }
        }
    }
    assert!(
        total >= 20,
        "the example site has checklists ({total} items)"
    );
}

#[test]
fn templates_can_reach_page_checklists() {
    let site = SiteTest::new("checklist-template");
    site.page("a.md", "A", "## Pack\n\n- [ ] Water\n- [x] Keys\n");
    site.file(
        "templates/page.html",
        "<!doctype html><title>t</title>{% for c in page.checklists %}<section id=\"{{ c.id }}\" data-title=\"{{ c.title }}\">{% for i in c.items %}<p class=\"item\" data-checked=\"{{ i.checked }}\">{{ i.text }}</p>{% endfor %}</section>{% endfor %}",
    );
    site.build(&[]).ok();
    let html = site.html("a/index.html");
    let section = select(&html, "section#checklist-pack");
    assert_eq!(section[0].value().attr("data-title"), Some("Pack"));
    let items: Vec<String> = select(&html, "p.item")
        .iter()
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(items, ["Water", "Keys"]);
    assert_eq!(
        select(&html, "p.item")[1].value().attr("data-checked"),
        Some("true")
    );
}

/// True once the script has set up the page's checklists.
const CHECKLISTS_READY: &str = "!document.querySelector('.checklist-progress').hidden";

const PAGE_A: &str = "/trust/building-trust-in-therapy/";
const PAGE_B: &str = "/trust/making-the-most-of-sessions/";

#[test]
fn ticks_survive_a_reload_and_reset_clears_them() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();

    let page = browser.open(&server.url(PAGE_A));
    page.wait_for(CHECKLISTS_READY);
    let total = page.eval_json("document.querySelectorAll('.checklist')[0].querySelectorAll('input[type=checkbox]').length").as_u64().unwrap();
    assert!(total >= 3);
    let first_list = "document.querySelectorAll('.checklist')[0]";
    // Click the labels: the text toggles its box.
    let ids: Vec<String> = serde_json::from_value(page.eval_json(&format!(
        "Array.from({first_list}.querySelectorAll('input')).map(b => b.id)"
    )))
    .unwrap();
    page.click(&format!("label[for=\"{}\"]", ids[0]));
    page.click(&format!("label[for=\"{}\"]", ids[2]));
    let progress = format!("{first_list}.querySelector('.checklist-progress').textContent");
    assert_eq!(page.eval_string(&progress), format!("2 of {total} done"));

    // A checklist on another page is separate.
    let other = browser.open(&server.url(PAGE_B));
    other.wait_for(CHECKLISTS_READY);
    let other_first = other.eval_string("document.querySelector('.checklist input').id");
    other.click(&format!("label[for=\"{other_first}\"]"));
    assert_eq!(
        other.eval_json("document.querySelectorAll('input:checked').length"),
        1
    );

    page.reload();
    page.wait_for(CHECKLISTS_READY);
    assert_eq!(
        page.eval_json(&format!("document.getElementById('{}').checked", ids[0])),
        true
    );
    assert_eq!(
        page.eval_json(&format!("document.getElementById('{}').checked", ids[1])),
        false
    );
    assert_eq!(
        page.eval_json(&format!("document.getElementById('{}').checked", ids[2])),
        true
    );
    assert_eq!(page.eval_string(&progress), format!("2 of {total} done"));
    // Other checklists on the same page were not touched.
    assert_eq!(page.eval_json("document.querySelectorAll('.checklist')[1] ? document.querySelectorAll('.checklist')[1].querySelectorAll('input:checked').length : 0"), 0);

    page.click(".checklist .checklist-reset");
    assert_eq!(page.eval_string(&progress), format!("0 of {total} done"));
    page.reload();
    page.wait_for(CHECKLISTS_READY);
    assert_eq!(
        page.eval_json(
            "document.querySelectorAll('.checklist')[0].querySelectorAll('input:checked').length"
        ),
        0
    );

    other.reload();
    other.wait_for(CHECKLISTS_READY);
    assert_eq!(
        other.eval_json(&format!("document.getElementById('{other_first}').checked")),
        true,
        "reset on one page leaves another alone"
    );

    let stored: Vec<String> =
        serde_json::from_value(page.eval_json("Object.keys(localStorage)")).unwrap();
    assert!(
        stored.iter().all(|k| k.starts_with("rapport:checklist:")),
        "{stored:?}"
    );
    assert!(
        page.foreign_requests(&server).is_empty(),
        "{:?}",
        page.foreign_requests(&server)
    );
    assert!(
        other.foreign_requests(&server).is_empty(),
        "{:?}",
        other.foreign_requests(&server)
    );
    assert!(page.request_count() > 2, "requests were recorded");
}

#[test]
fn keyboard_reaches_and_toggles_every_checkbox() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let page = browser.open(&server.url(PAGE_B));
    page.wait_for(CHECKLISTS_READY);
    let ids: Vec<String> = serde_json::from_value(
        page.eval_json("Array.from(document.querySelectorAll('.checklist input')).map(b => b.id)"),
    )
    .unwrap();
    // Start just before the first checklist, as a reader arriving at it would.
    page.eval_json("(() => { const g = document.querySelector('.checklist'); g.tabIndex = -1; g.focus(); return true; })()");
    let mut reached = BTreeSet::new();
    for _ in 0..(ids.len() + 10) {
        page.press("Tab");
        let focused = page.focused();
        if ids.contains(&focused) && reached.insert(focused.clone()) {
            let before = page.eval_json(&format!("document.getElementById('{focused}').checked"));
            page.press(" ");
            let after = page.eval_json(&format!("document.getElementById('{focused}').checked"));
            assert_ne!(before, after, "Space toggles {focused}");
        }
        if reached.len() == ids.len() {
            break;
        }
    }
    assert_eq!(reached.len(), ids.len(), "Tab reached every checkbox");
    assert!(page.foreign_requests(&server).is_empty());
}

#[test]
fn printed_checklists_show_empty_boxes_and_no_buttons() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let page = browser.open(&server.url(PAGE_A));
    page.wait_for(CHECKLISTS_READY);
    let first = page.eval_string("document.querySelector('.checklist input').id");
    page.click(&format!("label[for=\"{first}\"]"));
    page.emulate_media("print");
    assert_eq!(
        page.eval_string("getComputedStyle(document.querySelector('.checklist-reset')).display"),
        "none"
    );
    assert_eq!(
        page.eval_string(&format!(
            "getComputedStyle(document.getElementById('{first}')).appearance"
        )),
        "none"
    );
    page.emulate_media("");
}

/// Issue 17: a custom id that could break out of an attribute
/// (`aria-labelledby`, worksheet field ids) is refused at its line and
/// column with a safe id to write instead; nothing is written.
#[test]
fn a_custom_id_that_could_inject_markup_is_refused() {
    let site = SiteTest::new("checklist-bad-id");
    site.page(
        "a.md",
        "A",
        "## Steps {#a\"onmouseover=alert(1)}\n\n- [ ] One\n- [ ] Two\n\nTerm {#x<y}\n: Meaning.\n",
    );
    let run = site.build(&[]).fails_with(&[
        "content/a.md:4:11: the id \"a\"onmouseover=alert(1)\" cannot hold '\"'",
        "help: ids take letters, digits, -, _, . and : only: write {#a-onmouseover-alert-1}",
        "content/a.md:9:7: the id \"x<y\" cannot hold '<'",
        "write {#x-y}",
    ]);
    assert!(!site.public().exists(), "{}", run.stderr);

    // The fixed ids, and ids in the whole alphabet, build; the checklist is
    // named by its heading's id, exactly as written.
    site.page(
        "a.md",
        "A",
        "## Steps {#a-onmouseover-alert-1}\n\n- [ ] One\n\n## Étapes {#fn:1.é_x}\n\n- [ ] Deux\n",
    );
    site.build(&[]).ok();
    let html = site.html("a/index.html");
    let groups = select(&html, "div.checklist[role=group]");
    let named: Vec<&str> = groups
        .iter()
        .filter_map(|g| g.value().attr("aria-labelledby"))
        .collect();
    assert_eq!(named, ["a-onmouseover-alert-1", "fn:1.é_x"]);
    for id in named {
        assert_eq!(
            select(&html, "h2")
                .iter()
                .filter(|h| h.value().id() == Some(id))
                .count(),
            1,
            "{id}"
        );
    }
}
