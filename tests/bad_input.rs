//! Each bad input exits with status 1, prints one clear message naming the
//! file (and line) and the fix, never panics, and leaves the previous output
//! folder byte-for-byte as it was.

use crate::util::{Run, SiteTest, snapshot};

/// A good site that has been built once, so there is an output to protect.
/// It refuses broken links, as a site made by `rapport new` does.
fn built_site(name: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file("rapport.toml", "[check]\nbroken_links = \"error\"\n");
    site.page("trust/_index.md", "Trust", "");
    site.page("trust/first.md", "First", "## Start here\n\nText.\n");
    site.page("trust/second.md", "Second", "See [first](first.md).\n");
    site.build(&[]).ok();
    site
}

/// Builds after `break_site` and checks the failure left the output intact.
fn fails_cleanly(name: &str, break_site: impl FnOnce(&SiteTest), needles: &[&str]) -> Run {
    let site = built_site(name);
    let before = snapshot(&site.public());
    assert!(!before.is_empty());
    break_site(&site);
    let run = site.build(&[]).fails_with(needles);
    assert!(
        run.stderr.contains("help:"),
        "a fix is suggested:\n{}",
        run.stderr
    );
    assert_eq!(
        snapshot(&site.public()),
        before,
        "the previous output is untouched"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("rapport-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no half-written folder is left: {leftovers:?}"
    );
    run
}

#[test]
fn invalid_toml_in_front_matter() {
    fails_cleanly(
        "bad-toml",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\ndescription = \"unclosed\n+++\nText.\n",
            );
        },
        &["content/trust/first.md:3:", "invalid TOML"],
    );
}

#[test]
fn missing_closing_fence() {
    fails_cleanly(
        "unclosed",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\n\nText.\n",
            );
        },
        &["content/trust/first.md:1:", "never closed", "+++"],
    );
}

#[test]
fn missing_front_matter() {
    fails_cleanly(
        "no-front-matter",
        |s| {
            s.file("content/trust/first.md", "\n# First\n\nText.\n");
        },
        &[
            "content/trust/first.md:2:",
            "does not start with front matter",
            "`+++`",
            "`---`",
        ],
    );
}

#[test]
fn missing_title() {
    fails_cleanly(
        "no-title",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ndescription = \"x\"\n+++\nText.\n",
            );
        },
        &[
            "content/trust/first.md:2:",
            "missing required key \"title\"",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    fails_cleanly(
        "unknown-key",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\n\ndescripton = \"x\"\n+++\nText.\n",
            );
        },
        &[
            "content/trust/first.md:4:",
            "unknown key \"descripton\"",
            "did you mean \"description\"?",
        ],
    );
}

#[test]
fn unknown_key_titel() {
    fails_cleanly(
        "titel",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitel = \"First\"\n+++\nText.\n",
            );
        },
        &[
            "content/trust/first.md:2:",
            "unknown key \"titel\"",
            "did you mean \"title\"?",
        ],
    );
}

#[test]
fn bad_date() {
    fails_cleanly(
        "bad-date",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\ndate = \"14/03/2026\"\n+++\nText.\n",
            );
        },
        &["content/trust/first.md:3:", "is not a date", "2026-03-14"],
    );
}

#[test]
fn two_pages_with_one_url() {
    fails_cleanly(
        "same-url",
        |s| {
            s.file(
                "content/trust/third.md",
                "+++\ntitle = \"Third\"\nslug = \"first\"\n+++\n",
            );
        },
        &[
            "content/trust/third.md",
            "/trust/first/",
            "content/trust/first.md",
        ],
    );
}

#[test]
fn broken_internal_link() {
    fails_cleanly(
        "broken-link",
        |s| {
            s.file(
                "content/trust/second.md",
                "+++\ntitle = \"Second\"\n+++\nIntro.\n\nSee [x](@/trust/frist.md).\n",
            );
        },
        &[
            "content/trust/second.md:6:",
            "content/trust/frist.md, which does not exist",
            "did you mean @/trust/first.md?",
        ],
    );
}

#[test]
fn broken_anchor() {
    fails_cleanly(
        "broken-anchor",
        |s| {
            s.file(
                "content/trust/second.md",
                "+++\ntitle = \"Second\"\n+++\nSee [x](first.md#start-her).\n",
            );
        },
        &[
            "content/trust/second.md:4:",
            "#start-her does not exist in content/trust/first.md",
            "did you mean #start-here?",
        ],
    );
}

#[test]
fn link_to_a_draft() {
    fails_cleanly(
        "draft-link",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\ndraft = true\n+++\n",
            );
        },
        &["content/trust/second.md:4:", "is a draft", "--drafts"],
    );
}

#[test]
fn template_that_does_not_exist() {
    fails_cleanly(
        "no-template",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\n\ntemplate = \"fancy.html\"\n+++\n",
            );
        },
        &[
            "content/trust/first.md:4:",
            "template \"fancy.html\" does not exist",
            "page.html",
        ],
    );
}

#[test]
fn tera_syntax_error_in_an_override() {
    fails_cleanly(
        "tera-syntax",
        |s| {
            s.file("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n");
        },
        &["templates/page.html:3:", "template error"],
    );
}

#[test]
fn tera_rendering_error_in_an_override() {
    fails_cleanly(
        "tera-render",
        |s| {
            s.file("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n\n{{ page.no_such_field }}\n{% endblock content %}\n");
        },
        &["templates/page.html:4:", "template error"],
    );
}

#[test]
fn file_that_is_not_utf8() {
    fails_cleanly(
        "not-utf8",
        |s| {
            s.bytes(
                "content/trust/first.md",
                b"+++\ntitle = \"First\"\n+++\nGood line.\nBad \xff byte.\n",
            );
        },
        &[
            "content/trust/first.md:5:",
            "not valid UTF-8",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn unreadable_file() {
    fails_cleanly(
        "unreadable",
        |s| {
            // A link to nowhere cannot be read by anyone, root included.
            std::os::unix::fs::symlink(
                s.root.join("nowhere.md"),
                s.root.join("content/trust/third.md"),
            )
            .unwrap();
        },
        &["content/trust/third.md", "cannot read the file"],
    );
}

#[test]
fn unreadable_file_by_permission() {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(true);
    if is_root {
        // Root reads any file whatever its mode; the symlink case above covers reading errors.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    fails_cleanly(
        "no-permission",
        |s| {
            let path = s.root.join("content/trust/first.md");
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
        },
        &["content/trust/first.md", "cannot read the file"],
    );
}

#[test]
fn invalid_config_names_the_line() {
    fails_cleanly(
        "bad-config",
        |s| {
            s.file(
                "rapport.toml",
                "title = \"x\"\nbase_ulr = \"https://x.example/\"\n",
            );
        },
        &[
            "rapport.toml:2:",
            "unknown key \"base_ulr\"",
            "did you mean \"base_url\"?",
        ],
    );
}

#[test]
fn a_long_language_is_an_error_not_a_panic() {
    // Issue 18: a `language` longer than about 30 characters panicked inside Pagefind.
    fails_cleanly(
        "long-language",
        |s| {
            s.file(
                "rapport.toml",
                &format!("title = \"x\"\nlanguage = \"{}\"\n", "e".repeat(40)),
            );
        },
        &["rapport.toml:2:", "is not a language tag", "\"en-GB\""],
    );
}

#[test]
fn unknown_taxonomy() {
    fails_cleanly(
        "unknown-taxonomy",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\n[taxonomies]\ntopic = [\"trust\"]\n+++\n",
            );
        },
        &[
            "content/trust/first.md:4:",
            "unknown taxonomy \"topic\"",
            "did you mean \"topics\"?",
        ],
    );
}

#[test]
fn unsafe_slug() {
    fails_cleanly(
        "unsafe-slug",
        |s| {
            s.file(
                "content/trust/first.md",
                "+++\ntitle = \"First\"\nslug = \"../../etc\"\n+++\n",
            );
        },
        &["content/trust/first.md", "is not a single URL segment"],
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let run = fails_cleanly(
        "many",
        |s| {
            s.file("content/trust/first.md", "+++\ntitel = \"First\"\n+++\n");
            s.file(
                "content/trust/second.md",
                "+++\ntitle = \"Second\"\ndate = \"soon\"\n+++\n",
            );
        },
        &["content/trust/first.md:2:", "content/trust/second.md:3:"],
    );
    assert!(run.stderr.contains("2 problems found"), "{}", run.stderr);
}

#[test]
fn root_without_content() {
    let site = SiteTest::new("no-content");
    std::fs::remove_dir(site.root.join("content")).unwrap();
    site.build(&[])
        .fails_with(&["has no content/ folder", "--root"]);
}

#[test]
fn crisis_contacts_that_would_not_reach_help_are_errors_with_their_line() {
    let site = SiteTest::new("bad-crisis");
    site.page("a.md", "A", "Hello.\n");
    site.file(
        "rapport.toml",
        "title = \"x\"\n\n[crisis]\ntext = \"Help\"\n\n[[crisis.contacts]]\nlabel = \"988 Lifeline\"\nphone = \"9 8 8 ext\"\nurl = \"988lifeline.org\"\n\n[[crisis.contacts]]\nlabel = \"Bad\"\nsms = \"741741\"\nurl = \"javascript:alert(1)\"\n",
    );
    let run = site.build(&[]).fails_with(&[
        "rapport.toml:8: the crisis contact \"988 Lifeline\" has phone \"9 8 8 ext\"",
        "rapport.toml:9: the crisis contact \"988 Lifeline\" has url \"988lifeline.org\", which is not an http(s) address",
        "url = \"https://988lifeline.org\"",
        "rapport.toml:14: the crisis contact \"Bad\" has url \"javascript:alert(1)\"",
        "3 problems found",
    ]);
    assert!(
        !run.stderr.contains("741741\""),
        "a good number is fine: {}",
        run.stderr
    );
    assert!(!site.public().exists());
    // `rapport check` says the same, not "No problems found".
    let check = site.run(&["check"], &["--strict"]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
}

#[test]
fn a_symlink_to_a_file_outside_the_site_is_refused_and_one_inside_is_published() {
    let site = SiteTest::new("bad-symlinks");
    site.file(
        "content/trust/a/index.md",
        "+++\ntitle = \"A\"\n+++\nHello.\n",
    );
    site.file("static/own.txt", "ours\n");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.root.join("content/trust/a/notes.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.root.join("static/passwd.txt")).unwrap();
    std::os::unix::fs::symlink(
        site.root.join("static/own.txt"),
        site.root.join("static/copy.txt"),
    )
    .unwrap();
    site.build(&[]).fails_with(&[
        "content/trust/a/notes.txt: this is a symbolic link to /etc/passwd",
        "copy what it points at into the site",
    ]);
    assert!(!site.public().exists(), "nothing was written");
    std::fs::remove_file(site.root.join("content/trust/a/notes.txt")).unwrap();
    site.build(&[])
        .fails_with(&["static/passwd.txt: this is a symbolic link to /etc/passwd"]);
    std::fs::remove_file(site.root.join("static/passwd.txt")).unwrap();
    site.build(&[]).ok();
    assert_eq!(
        site.read("copy.txt"),
        "ours\n",
        "a link inside the site is followed"
    );
    assert!(!site.public().join("passwd.txt").exists());
}

#[test]
fn two_sources_for_one_output_file_are_an_error_naming_both() {
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        (
            "alias-index",
            "content/trust/a.md",
            "+++\ntitle = \"A\"\naliases = [\"index.html\"]\n+++\nHi.\n",
            &[
                "content/trust/a.md (its alias \"index.html\") would be written to index.html, which content/_index.md already writes",
            ],
        ),
        (
            "alias-sitemap",
            "content/trust/a.md",
            "+++\ntitle = \"A\"\naliases = [\"sitemap.xml\"]\n+++\nHi.\n",
            &[
                "content/trust/a.md:3",
                "would be written to sitemap.xml/index.html, which Rapport itself already writes",
            ],
        ),
        (
            "content-index-html",
            "content/index.html",
            "<p>mine</p>\n",
            &[
                "content/index.html would be written to index.html, which content/_index.md already writes",
            ],
        ),
        (
            "section-index-html",
            "content/trust/index.html",
            "<p>mine</p>\n",
            &[
                "content/trust/index.html would be written to trust/index.html, which content/trust/_index.md already writes",
            ],
        ),
        (
            "static-index-html",
            "static/index.html",
            "<p>mine</p>\n",
            &[
                "static/index.html would be written to index.html, which content/_index.md already writes",
            ],
        ),
    ];
    for (name, file, text, needles) in cases {
        let site = SiteTest::new(&format!("owners-{name}"));
        site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
        site.file("content/trust/_index.md", "+++\ntitle = \"Trust\"\n+++\n");
        site.file("content/trust/b.md", "+++\ntitle = \"B\"\n+++\nHi.\n");
        site.file(file, text);
        let run = site.build(&[]).fails_with(needles);
        assert!(
            !run.stderr.contains(".rapport-new"),
            "{name}: {}",
            run.stderr
        );
        assert!(!site.public().exists(), "{name}: nothing was written");
    }
    // A bundle's own index.html beside its index.md.
    let site = SiteTest::new("owners-bundle");
    site.file("content/trust/a/index.md", "+++\ntitle = \"A\"\n+++\nHi.\n");
    site.file("content/trust/a/index.html", "<p>mine</p>\n");
    site.build(&[]).fails_with(&[
        "content/trust/a/index.html would be written to trust/a/index.html, which content/trust/a/index.md already writes",
    ]);
}

#[test]
fn a_linked_content_or_static_folder_is_followed_only_inside_the_site() {
    // Inside the site: `content/` a link to `src/content/` builds.
    let site = SiteTest::new("linked-content-inside");
    site.file("src/content/trust/a.md", "+++\ntitle = \"A\"\n+++\nHi.\n");
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    std::os::unix::fs::symlink("src/content", site.root.join("content")).unwrap();
    site.build(&[]).ok();
    assert!(site.public().join("trust/a/index.html").is_file());

    // Outside: an error naming the link, in build and in check alike.
    let outside = SiteTest::new("linked-content-outside-target");
    outside.file("trust/a.md", "+++\ntitle = \"A\"\n+++\nHi.\n");
    let site = SiteTest::new("linked-content-outside");
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    std::os::unix::fs::symlink(&outside.root, site.root.join("content")).unwrap();
    site.build(&[]).fails_with(&[
        "content: this is a symbolic link to",
        "outside the site folder",
    ]);
    let check = site.run(&["check"], &[]);
    assert_eq!(check.code, Some(1), "{}", check.stdout);

    let site = SiteTest::new("linked-static-outside");
    site.page("a.md", "A", "Hi.\n");
    let _ = std::fs::remove_dir_all(site.root.join("static"));
    std::os::unix::fs::symlink(&outside.root, site.root.join("static")).unwrap();
    site.build(&[]).fails_with(&[
        "static: this is a symbolic link to",
        "outside the site folder",
    ]);
    assert!(!site.public().exists());
}

#[test]
fn a_template_including_a_missing_template_names_its_file_and_line_on_one_line() {
    let site = SiteTest::new("bad-include");
    site.page("a.md", "A", "Hi.\n");
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{% include \"partials/nope.html\" %}{% endblock content %}\n",
    );
    let run = site.build(&[]).fails_with(&[
        "error: templates/page.html:2: template error: Unknown template `partials/nope.html` (page.html:2:",
        "must name a template of the theme or of templates/",
    ]);
    assert!(
        !run.stderr.contains("\\u{a}"),
        "no escaped newlines:\n{}",
        run.stderr
    );
}
