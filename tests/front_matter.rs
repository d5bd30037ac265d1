//! Front matter as other generators write it (issue 16): YAML between `---`
//! lines with exactly the keys and meaning of TOML, errors with file and
//! line, and blank lines or a byte-order mark before the fence.

use crate::util::{SiteTest, files_below};

const CONFIG: &str = "title = \"Same site\"\nbase_url = \"https://example.org/\"\n\n[taxonomies]\ntopics = \"Topics\"\naudience = \"Audience\"\n";

const PAGE_TOML: &str = "+++
title = \"Building trust\"
description = \"How trust grows.\"
date = 2026-03-14
updated = \"2026-04-01T09:30:00Z\"
weight = 2
aliases = [\"old/trust/\"]
authors = [\"Ann Author\", \"Bo Writer\"]
reviewed_by = \"Dr. Cee\"
last_reviewed = 2026-04-02
sources = [\"A source, 2020.\"]
content_note = \"Mentions loss.\"

[taxonomies]
topics = [\"trust\", \"first sessions\"]
audience = [\"clients\"]

[extra]
colour = \"blue\"
count = 3
+++
Trust grows slowly.

## Before you go

- [ ] Pack water
- [ ] Charge phone
";

const PAGE_YAML: &str = "---
title: Building trust
description: \"How trust grows.\"
date: 2026-03-14
updated: 2026-04-01T09:30:00Z
weight: 2
aliases:
  - old/trust/
authors: [Ann Author, Bo Writer]
reviewed_by: Dr. Cee
last_reviewed: 2026-04-02
sources:
  - A source, 2020.
content_note: Mentions loss.
taxonomies:
  topics: [trust, first sessions]
  audience: [clients]
extra:
  colour: blue
  count: 3
---
Trust grows slowly.

## Before you go

- [ ] Pack water
- [ ] Charge phone
";

const SECTION_TOML: &str = "+++
title = \"Trust\"
description = \"All about trust.\"
sort_by = \"weight\"
weight = 1
+++
Intro to trust.
";

const SECTION_YAML: &str = "\u{feff}
---
title: Trust
description: All about trust.
sort_by: weight
weight: 1
---
Intro to trust.
";

fn site(name: &str, page: &str, section: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file("rapport.toml", CONFIG)
        .file("content/trust/_index.md", section)
        .file("content/trust/building-trust.md", page);
    site
}

#[test]
fn the_same_site_in_toml_and_yaml_builds_identical_bytes() {
    let toml = site("fm-toml", PAGE_TOML, SECTION_TOML);
    let yaml = site("fm-yaml", PAGE_YAML, SECTION_YAML);
    toml.build(&[]).ok();
    yaml.build(&[]).ok();
    let a = files_below(&toml.public());
    let b = files_below(&yaml.public());
    let names = |files: &[(String, std::path::PathBuf)]| -> Vec<String> {
        files.iter().map(|(rel, _)| rel.clone()).collect()
    };
    assert_eq!(names(&a), names(&b));
    assert!(a.len() > 20, "{}", a.len());
    for ((rel, left), (_, right)) in a.iter().zip(&b) {
        assert!(
            std::fs::read(left).unwrap() == std::fs::read(right).unwrap(),
            "{rel} differs"
        );
    }
    // And the YAML was read, not skipped: the section is titled from it.
    let html = yaml.read("trust/index.html");
    assert!(html.contains("<h1>Trust</h1>"), "{html}");
    assert!(
        !html.contains("<hr"),
        "no horizontal rule from a fence:\n{html}"
    );
    let page = yaml.read("trust/building-trust/index.html");
    assert!(page.contains("Dr. Cee") && page.contains("Mentions loss."));
}

#[test]
fn yaml_errors_name_the_file_and_line() {
    let site = SiteTest::new("fm-yaml-errors");
    site.file("rapport.toml", CONFIG)
        .file(
            "content/a.md",
            "---\ntitle: A\ndescription: Fine.\nlable: oops\n---\nText.\n",
        )
        .file(
            "content/b.md",
            "\n\n---\ntitle: B\ndate: [not, a, date]\n---\nText.\n",
        )
        .file("content/c.md", "---\ntitle: C\n  broken: [\n---\nText.\n")
        .file("content/d.md", "---\ntitle: D\nno closing fence\n");
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    let err = &run.stderr;
    assert!(
        err.contains("content/a.md:4: unknown key \"lable\""),
        "{err}"
    );
    assert!(err.contains("content/b.md:5:"), "{err}");
    assert!(err.contains("content/c.md:3: invalid YAML"), "{err}");
    assert!(
        err.contains("content/d.md:1: the front matter opened on line 1 is never closed"),
        "{err}"
    );
    assert!(err.contains("`---`"), "{err}");
}

#[test]
fn key_lines_are_found_in_yaml_too() {
    let site = SiteTest::new("fm-yaml-key-line");
    site.file("rapport.toml", CONFIG).file(
        "content/a.md",
        "\n---\ntitle: A\ntaxonomies:\n  topcs: [trust]\n---\nText.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/a.md:5: unknown taxonomy \"topcs\""),
        "{}",
        run.stderr
    );
}

#[test]
fn every_unknown_key_of_every_file_is_reported_in_one_run() {
    let site = SiteTest::new("fm-all-keys");
    site.file("rapport.toml", CONFIG)
        .file(
            "content/trust/_index.md",
            "+++\ntitle = \"Trust\"\ninsert_anchor_links = \"right\"\n+++\n",
        )
        .file(
            "content/trust/a.md",
            "+++\ntitle = \"A\"\nlastmod = 2026-01-02\ndescripton = \"Typo.\"\n+++\nText.\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\nsummary: Short.\ntags: [x, y]\n---\nText.\n",
        );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    let err = &run.stderr;
    for expected in [
        "content/trust/_index.md:3: `insert_anchor_links` is a Zola setting Rapport does not use",
        "content/trust/a.md:3: `lastmod` is Hugo's date of the last change",
        "Rapport calls it `updated`",
        "content/trust/a.md:4: unknown key \"descripton\"",
        "did you mean \"description\"?",
        "content/b.md:3: `summary` is Hugo's summary",
        "Rapport calls it `description`",
        "content/b.md:4: `tags` is a taxonomy of Hugo and Jekyll",
        "[taxonomies] tags = \"Tags\"",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert_eq!(
        err.matches("help:").count(),
        5,
        "five problems, one each:\n{err}"
    );
}

#[test]
fn config_hints_name_only_keys_of_the_table_the_mistake_is_in() {
    let site = SiteTest::new("config-hints");
    site.file(
        "rapport.toml",
        "title = \"T\"\n\n[quick_exit]\nlable = \"Leave\"\n",
    );
    let run = site.build(&[]);
    assert!(
        run.stderr.contains("rapport.toml:4: unknown key \"lable\""),
        "{}",
        run.stderr
    );
    // `label` is a key of [crisis] contacts, not of [quick_exit].
    assert!(!run.stderr.contains("\"label\""), "{}", run.stderr);
    assert!(run.stderr.contains("enabled, url"), "{}", run.stderr);
    site.file(
        "rapport.toml",
        "title = \"T\"\n\n[markdown]\ntheme = \"dark\"\n",
    );
    let run = site.build(&[]);
    assert!(
        run.stderr.contains("`theme` belongs in another table"),
        "{}",
        run.stderr
    );
}

#[test]
fn another_generators_config_is_not_silently_ignored() {
    let site = SiteTest::new("zola-config");
    site.file(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Zola\"\n",
    )
    .page("a.md", "A", "Text.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("config.toml: this is Zola's or Hugo's config; Rapport reads rapport.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_index_md_with_pages_beside_it_is_told_to_become_a_section() {
    let site = SiteTest::new("folder-index");
    site.page("guide/index.md", "Guide", "The guide.\n")
        .page("guide/first.md", "First", "Text.\n");
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("rename it guide/_index.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn zolas_taxonomy_list_gets_rapports_form() {
    let site = SiteTest::new("zola-taxonomies");
    site.file(
        "rapport.toml",
        "title = \"T\"\ntaxonomies = [{name = \"tags\"}, {name = \"categories\"}]\n",
    );
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("rapport.toml:2: `taxonomies` is written as a list of tables, Zola's form"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("tags = \"Tags\"; categories = \"Categories\""),
        "{}",
        run.stderr
    );
}

#[test]
fn every_bad_value_of_a_file_is_reported_in_one_run() {
    let site = SiteTest::new("fm-bad-values");
    site.file("rapport.toml", CONFIG)
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\nweight = \"two\"\ndate = \"yesterday\"\ndraft = \"no\"\n+++\nText.\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\nweight: two\naliases: 3\n---\nText.\n",
        );
    let run = site.build(&[]);
    assert_eq!(run.code, Some(1));
    let err = &run.stderr;
    for expected in [
        "content/a.md:3: a value of the wrong kind",
        "(in `weight`)",
        "content/a.md:4: bad date",
        "content/a.md:5: a value of the wrong kind",
        "content/b.md:3: a value of the wrong kind",
        "content/b.md:4: a value of the wrong kind",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert_eq!(err.matches("help:").count(), 5, "{err}");
}

/// Issue 17: an impossible date says what is wrong with it (not "check the
/// quotes"), at its line and column, in TOML, quoted TOML, YAML and rapport.toml.
#[test]
fn an_impossible_date_is_explained_at_its_line_and_column() {
    let site = SiteTest::new("fm-impossible-date");
    site.file("rapport.toml", CONFIG)
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n\ndate = 2026-02-31\n+++\nText.\n",
        )
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\nupdated = \"2026-04-31\"\n+++\nText.\n",
        )
        .file(
            "content/c.md",
            "---\ntitle: C\ndate: 2024-02-30\n---\nText.\n",
        )
        .file(
            "content/d.md",
            "+++\ntitle = \"D\"\nlast_reviewed = 2026-13-01\n+++\nText.\n",
        );
    let run = site.build(&[]).fails_with(&[
        "content/a.md:4:8: bad date: \"2026-02-31\" is not a date: February 2026 has 28 days",
        "help: write a real date as YYYY-MM-DD, such as 2026-02-28",
        "content/b.md:3: bad date: \"2026-04-31\" is not a date: April 2026 has 30 days",
        "help: write a real date as YYYY-MM-DD, such as 2026-04-30",
        "content/c.md:3: bad date: \"2024-02-30\" is not a date: February 2024 has 29 days",
        "content/d.md:3:17: bad date: \"2026-13-01\" is not a date: there is no month 13",
    ]);
    assert!(!run.stderr.contains("check the quotes"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("help:").count(), 4, "{}", run.stderr);

    // rapport.toml has no date of its own, but a date in [extra] is read too.
    site.file(
        "rapport.toml",
        "title = \"T\"\n\n[extra]\nlaunched = 2026-02-29\n",
    );
    let run = site.build(&[]).fails_with(&[
        "rapport.toml:4:12: bad date: \"2026-02-29\" is not a date: February 2026 has 28 days",
        "help: write a real date as YYYY-MM-DD, such as 2026-02-28",
    ]);
    assert!(!run.stderr.contains("check the quotes"), "{}", run.stderr);
}

/// Issue 17: an unknown key in each table of rapport.toml is reported (all
/// at once) at its line and column, with the keys of that table alone.
#[test]
fn an_unknown_key_in_each_config_table_lists_that_tables_keys() {
    let site = SiteTest::new("config-every-table");
    site.file(
        "rapport.toml",
        "title = \"T\"\ncolour = 1\n\n\
         [markdown]\n  colour = 1\n\
         [faq]\n  colour = 1\n\
         [search]\n  colour = 1\n\
         [crisis]\ntext = \"Help\"\n  colour = 1\n\
         [[crisis.contacts]]\nlabel = \"Line\"\n  colour = 1\n\
         [quick_exit]\n  colour = 1\n\
         [review]\n  colour = 1\n\
         [check]\n  colour = 1\n",
    );
    let run = site.build(&[]);
    let expected = [
        "rapport.toml:2: unknown key \"colour\"\n  help: known keys here are: title, description, base_url, language, theme, output_dir, taxonomies, markdown, faq, search, crisis, quick_exit, readability, review, check, callouts, images, menu, navigation, footer, plugins, languages, translations, extra\n",
        "rapport.toml:5:3: unknown key \"colour\" in [markdown]\n  help: known keys here are: highlight_theme, highlight_theme_dark, smart_punctuation, heading_links\n",
        "rapport.toml:7:3: unknown key \"colour\" in [faq]\n  help: known keys here are: headings\n",
        "rapport.toml:9:3: unknown key \"colour\" in [search]\n  help: known keys here are: enabled\n",
        "rapport.toml:12:3: unknown key \"colour\" in [crisis]\n  help: known keys here are: text, contacts\n",
        "rapport.toml:15:3: unknown key \"colour\" in [crisis.contacts]\n  help: known keys here are: label, phone, sms, url\n",
        "rapport.toml:17:3: unknown key \"colour\" in [quick_exit]\n  help: known keys here are: enabled, url\n",
        "rapport.toml:19:3: unknown key \"colour\" in [review]\n  help: known keys here are: max_age_months, required_for\n",
        "rapport.toml:21:3: unknown key \"colour\" in [check]\n  help: known keys here are: allow, broken_links\n",
    ];
    // Each problem's first line, then its fix (the printer puts the source line between).
    let needles: Vec<String> = expected
        .iter()
        .flat_map(|e| {
            let (first, help) = e.split_once("\n  help: ").unwrap();
            [format!("error: {first}\n"), format!("= help: {help}")]
        })
        .collect();
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    let run = run.fails_with(&needles);
    assert_eq!(run.stderr.matches("help:").count(), 9, "{}", run.stderr);

    // A typo gets the nearest key of its own table, and `rapport check`
    // reports the column even where the text leaves a column of 1 out.
    site.file("rapport.toml", "title = \"T\"\n[search]\nenabeld = false\n");
    site.build(&[]).fails_with(&[
        "rapport.toml:3: unknown key \"enabeld\" in [search]",
        "help: did you mean \"enabled\"?",
    ]);
    let check = site.run(&["check"], &["--format", "json"]);
    let findings = crate::util::json_findings(&check);
    assert_eq!(findings.len(), 1, "{}", check.stdout);
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(findings[0]["column"], 1);
}
