//! Content components (issue 22) on `tests/fixtures/components`: callouts,
//! definition lists and the glossary, figures and local images, video and
//! audio with captions, heading links; in the HTML and in Chromium.

use crate::browser::browser_or_skip;
use crate::util::{SiteTest, json_findings, select, snapshot};

/// The text of the element `id` points at.
fn text_of_id(html: &scraper::Html, id: &str) -> String {
    select(html, &format!("#{id}"))
        .first()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_else(|| panic!("no element #{id}"))
}

#[test]
fn components_are_written_as_semantic_html() {
    let site = SiteTest::fixture("components");
    let build = site.build(&[]).ok();
    let html = site.html("guide/index.html");

    // Callouts: a titled note each, named by its title; a plain quote stays.
    let callouts = select(&html, "div.callout[role=note]");
    let titles: Vec<(String, String)> = callouts
        .iter()
        .map(|c| {
            let class = c.attr("class").unwrap().to_string();
            let label = c.attr("aria-labelledby").expect("named by its title");
            (class, text_of_id(&html, label))
        })
        .collect();
    assert_eq!(
        titles,
        [
            ("callout callout-note", "Note"),
            ("callout callout-tip", "Before your session"),
            ("callout callout-important", "Important"),
            ("callout callout-warning", "Warning"),
            ("callout callout-caution", "Caution"),
            (
                "callout callout-heart",
                "If this brings up difficult feelings"
            ),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    for callout in &callouts {
        let icon = select(&html, "svg")
            .into_iter()
            .find(|s| s.ancestors().any(|a| a.id() == callout.id()));
        assert_eq!(icon.and_then(|s| s.attr("aria-hidden")), Some("true"));
    }
    let support = callouts.last().unwrap();
    let link = support
        .select(&scraper::Selector::parse(".callout-link a").unwrap())
        .next()
        .expect("the kind's link ends the box");
    assert_eq!(link.attr("href"), Some("/help/"));
    assert_eq!(
        select(&html, "blockquote").len(),
        1,
        "the plain quote stays"
    );
    assert!(!site.read("guide/index.html").contains("[!"));

    // Definition lists: terms with ids.
    let terms: Vec<_> = select(&html, "dl dt")
        .iter()
        .map(|t| t.attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(terms, ["alliance", "boundary"]);

    // Figures: the image with its size read from the file, the title as caption.
    let figures = select(&html, "figure");
    let images = select(&html, "img");
    let attrs = |i: usize, name: &str| images[i].attr(name).map(str::to_string);
    assert_eq!(attrs(0, "src").as_deref(), Some("/images/wide.png"));
    assert_eq!(
        (attrs(0, "width"), attrs(0, "height")),
        (Some("1600".into()), Some("1000".into()))
    );
    assert_eq!(attrs(0, "loading"), None, "the first image is not lazy");
    assert_eq!(attrs(1, "src").as_deref(), Some("photo.jpg"));
    assert_eq!(
        (attrs(1, "width"), attrs(1, "height")),
        (Some("1200".into()), Some("900".into()))
    );
    assert_eq!(attrs(1, "loading").as_deref(), Some("lazy"));
    assert!(images.iter().all(|i| i.attr("decoding") == Some("async")));
    let captions: Vec<String> = figures
        .iter()
        .map(|f| {
            f.select(&scraper::Selector::parse("figcaption").unwrap())
                .next()
                .map(|c| c.text().collect())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        captions,
        [
            "A wide picture in static",
            "A photo in the bundle",
            "Listen to the exercise",
            "A clip without captions",
            "A captioned clip"
        ]
    );
    // An image inside a sentence stays inline, with no figure.
    assert_eq!(images.len(), 3);
    let ancestors: Vec<&str> = images[2]
        .ancestors()
        .filter_map(scraper::ElementRef::wrap)
        .map(|e| e.value().name())
        .take(2)
        .collect();
    assert_eq!(ancestors, ["picture", "p"]);

    // Sound and video: controls, no autoplay, captions from the .vtt beside them.
    let audio = select(&html, "audio");
    assert_eq!(audio.len(), 1);
    assert_eq!(audio[0].attr("preload"), Some("metadata"));
    assert!(audio[0].attr("controls").is_some() && audio[0].attr("autoplay").is_none());
    let tracks = select(&html, "audio track");
    assert_eq!(tracks[0].attr("src"), Some("breathing.en.vtt"));
    assert_eq!(tracks[0].attr("srclang"), Some("en"));
    assert_eq!(tracks[0].attr("kind"), Some("captions"));
    let videos = select(&html, "video");
    assert_eq!(videos.len(), 2);
    assert_eq!(select(&html, "video[src='silent.webm'] track").len(), 0);
    let captioned = select(&html, "video[src='captioned.webm'] track");
    assert_eq!(captioned[0].attr("src"), Some("captioned.vtt"));
    assert_eq!(
        captioned[0].attr("srclang"),
        Some("en"),
        "the site's language"
    );
    for file in [
        "breathing.en.vtt",
        "captioned.vtt",
        "silent.webm",
        "photo.jpg",
    ] {
        assert!(site.public().join("guide").join(file).is_file(), "{file}");
    }

    // Heading links: each heading links to itself.
    for heading in select(&html, ".prose h2") {
        let id = heading.attr("id").unwrap();
        let link = heading
            .select(&scraper::Selector::parse("a.heading-link").unwrap())
            .next()
            .unwrap_or_else(|| panic!("no link in #{id}"));
        assert_eq!(link.attr("href"), Some(format!("#{id}").as_str()));
        assert!(link.attr("aria-label").is_some());
    }

    // Resized copies: each width narrower than the original, in its own
    // format and WebP, named in the srcset; the original is the widest.
    let first_img = &images[0];
    assert_eq!(
        first_img.attr("srcset"),
        Some(
            "/images/wide-480w.png 480w, /images/wide-960w.png 960w, /images/wide-1440w.png 1440w, /images/wide.png 1600w"
        )
    );
    assert!(first_img.attr("sizes").is_some());
    let webp = select(&html, "picture source[type='image/webp']");
    assert_eq!(
        webp[0].attr("srcset"),
        Some(
            "/images/wide-480w.webp 480w, /images/wide-960w.webp 960w, /images/wide-1440w.webp 1440w"
        )
    );
    assert_eq!(
        webp[1].attr("srcset"),
        Some("photo-480w.webp 480w, photo-960w.webp 960w"),
        "never wider than the 1200px original"
    );
    for (file, width) in [
        ("images/wide-480w.png", 480),
        ("images/wide-960w.webp", 960),
        ("images/wide-1440w.png", 1440),
        ("guide/photo-480w.jpg", 480),
        ("guide/photo-960w.webp", 960),
    ] {
        let size =
            imagesize::size(site.public().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(size.width, width, "{file}");
    }
    assert!(!site.public().join("guide/photo-1440w.jpg").exists());
    // Readable by a web server running as another user, as the originals are.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(site.public().join("guide/photo-480w.webp"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "mode {mode:o}");
    }
    assert!(
        build
            .stdout
            .contains("Resized copies of images: 10 made, 0 taken from the cache."),
        "{}",
        build.stdout
    );

    // Two builds are byte-identical, and the second resizes nothing.
    let first = snapshot(&site.public());
    let second = site.build(&[]).ok();
    assert!(
        second
            .stdout
            .contains("Resized copies of images: 0 made, 10 taken from the cache."),
        "{}",
        second.stdout
    );
    assert!(first == snapshot(&site.public()), "a second build differs");
}

#[test]
fn the_first_use_of_each_glossary_term_links_to_its_definition() {
    let site = SiteTest::fixture("components");
    site.build(&[]).ok();
    let linked = |rel: &str| -> Vec<(String, String)> {
        let html = site.html(rel);
        select(&html, ".glossary-use")
            .iter()
            .map(|u| {
                let a = u
                    .select(&scraper::Selector::parse("a.glossary-term").unwrap())
                    .next()
                    .unwrap();
                (a.text().collect(), a.attr("href").unwrap().to_string())
            })
            .collect()
    };
    // First use only, plurals too, the longer term before its part.
    assert_eq!(
        linked("guide/index.html"),
        [
            ("boundaries", "/glossary/#boundary"),
            ("alliance", "/glossary/#alliance"),
            ("informed consent", "/glossary/#informed-consent"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // The definition is on the page, hidden, with a button the script shows.
    let html = site.html("guide/index.html");
    let use_ = &select(&html, ".glossary-use")[0];
    let button = use_
        .select(&scraper::Selector::parse("button.glossary-toggle").unwrap())
        .next()
        .unwrap();
    assert_eq!(button.attr("aria-expanded"), Some("false"));
    assert!(button.attr("hidden").is_some(), "hidden without JavaScript");
    let definition = text_of_id(&html, button.attr("aria-controls").unwrap());
    assert_eq!(
        definition,
        "Boundary: A limit that keeps a relationship safe."
    );
    // A page can skip a term, or all; a term inside a link is left alone;
    // the glossary does not link to itself.
    assert_eq!(
        linked("skipping/index.html"),
        [("alliance".to_string(), "/glossary/#alliance".to_string())]
    );
    assert!(linked("plain/index.html").is_empty());
    assert!(linked("glossary/index.html").is_empty());
    let glossary = site.html("glossary/index.html");
    let ids: Vec<_> = select(&glossary, "dt")
        .iter()
        .map(|t| t.attr("id").unwrap().to_string())
        .collect();
    assert_eq!(ids, ["alliance", "boundary", "informed-consent"]);
}

#[test]
fn check_warns_about_video_without_captions_and_heavy_images() {
    let site = SiteTest::fixture("components");
    // A PNG of 1.2 MB: the fixture's, with bytes after its end (which
    // decoders ignore, as its size on the wire does not).
    let mut png = std::fs::read(site.root.join("static/images/wide.png")).unwrap();
    png.resize(png.len() + 1_200_000, 0);
    site.bytes("static/images/heavy.png", &png);
    let page = site.read_source("content/plain.md");
    site.file(
        "content/plain.md",
        &format!("{page}\n![A heavy picture](/images/heavy.png)\n"),
    );
    let check = site.run(&["check"], &["--format", "json"]);
    let found: Vec<(String, String, u64)> = json_findings(&check)
        .iter()
        .filter(|f| f["code"] == "video-captions" || f["code"] == "large-image")
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut found = found;
    found.sort();
    assert_eq!(
        found,
        [
            ("large-image".to_string(), "content/plain.md".to_string(), 8),
            (
                "video-captions".to_string(),
                "content/guide/index.md".to_string(),
                47
            ),
        ]
    );
    let messages: Vec<String> = json_findings(&check)
        .iter()
        .filter(|f| f["code"] == "large-image")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(messages[0].contains("1.2 MB, 1600x1000 px"), "{messages:?}");
}

#[test]
fn a_bad_callout_kind_names_the_line_and_the_fix() {
    let site = SiteTest::fixture("components");
    let config = site.read_source("rapport.toml");
    site.file(
        "rapport.toml",
        &config.replace("icon = \"heart\"", "icon = \"smile\""),
    );
    site.build(&[]).fails_with(&[
        "rapport.toml:10:",
        "[callouts.support] icon \"smile\" is not one of the theme's icons",
        "use one of: note, tip, important, warning, caution, heart",
    ]);
    site.file(
        "rapport.toml",
        &config.replace("link_text = \"Where to find support now\"\n", ""),
    );
    site.build(&[])
        .fails_with(&["needs both link and link_text, or neither"]);
}

/// The first glossary definition of the page, found from its button.
const FIRST_DEFINITION: &str = "document.getElementById(document.querySelector('.glossary-toggle').getAttribute('aria-controls'))";

#[test]
fn components_work_by_keyboard_and_pass_axe_in_chromium() {
    let browser = browser_or_skip!();
    let Some(axe) = crate::theme::axe_source() else {
        return;
    };
    let site = SiteTest::fixture("components");
    site.build(&[]).ok();
    let server = crate::browser::Server::serve(&site.public());
    let page = browser.open(&server.url("/guide/"));
    page.wait_for("!document.querySelector('.glossary-toggle').hidden");
    // A definition opens from its button by keyboard, and Escape closes it
    // with focus back on the button.
    page.eval_json("(document.querySelector('.glossary-toggle').focus(), true)");
    page.press("Enter");
    page.wait_for(
        "document.querySelector('.glossary-toggle').getAttribute('aria-expanded') === 'true'",
    );
    assert_eq!(
        page.eval_json(&format!("(() => {{ const d = {FIRST_DEFINITION}; return !d.hidden && d.getBoundingClientRect().height > 0; }})()")),
        true
    );
    page.press("Escape");
    page.wait_for(&format!("{FIRST_DEFINITION}.hidden"));
    assert_eq!(
        page.eval_string("document.activeElement.className"),
        "glossary-toggle"
    );
    // Focus on the term's link shows the definition while it stays there.
    page.eval_json("(document.querySelector('.glossary-term').focus(), true)");
    page.wait_for(&format!("!{FIRST_DEFINITION}.hidden"));
    page.eval_json("(document.querySelector('h1').setAttribute('tabindex', '-1'), document.querySelector('h1').focus(), true)");
    page.wait_for(&format!("{FIRST_DEFINITION}.hidden"));
    // The video has its caption track.
    assert_eq!(
        page.eval_json("[...document.querySelectorAll('video')].map(v => v.textTracks.length)"),
        serde_json::json!([0, 1])
    );
    assert_eq!(
        page.eval_string(
            "document.querySelector('video[src=\"captioned.webm\"]').textTracks[0].language"
        ),
        "en"
    );
    // axe, light and dark, with a definition open.
    page.run_script(&axe);
    page.eval_json("(document.querySelector('.glossary-toggle').click(), true)");
    for scheme in ["light", "dark"] {
        page.emulate_media_features("screen", &[("prefers-color-scheme", scheme)]);
        let violations = page.eval_async_json(crate::theme::AXE_RUN);
        assert_eq!(
            violations,
            serde_json::json!([]),
            "{scheme}: {violations:#}"
        );
    }
    assert!(
        page.foreign_requests(&server).is_empty(),
        "{:?}",
        page.foreign_requests(&server)
    );
}

#[test]
fn an_image_path_that_climbs_out_of_the_site_reads_nothing_there() {
    let site = SiteTest::fixture("components");
    // A picture beside the site's folder, which a path with `..` could reach.
    let outside = site.root.with_extension("outside.png");
    std::fs::copy(site.root.join("static/images/wide.png"), &outside).unwrap();
    let name = outside.file_name().unwrap().to_str().unwrap().to_string();
    let config = site.read_source("rapport.toml");
    site.file(
        "rapport.toml",
        &format!("{config}\n[check]\nbroken_links = \"warn\"\n"),
    );
    site.page(
        "climb.md",
        "Climb",
        &format!("![Out](/../../{name})\n\n![Encoded](/%2e%2e/%2e%2e/{name})\n"),
    );
    let build = site.build(&[]).ok();
    assert_eq!(
        build.stderr.matches("warning[broken-link]").count(),
        2,
        "{}",
        build.stderr
    );
    let html = site.html("climb/index.html");
    let images = select(&html, ".prose img");
    assert_eq!(images.len(), 2);
    for image in images {
        assert_eq!(image.attr("width"), None, "the file outside was not read");
        assert_eq!(image.attr("srcset"), None);
    }
    let stem = name.trim_end_matches(".png");
    let leaked: Vec<_> = crate::util::files_below(&site.public())
        .into_iter()
        .filter(|(rel, _)| rel.contains(stem))
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    std::fs::remove_file(outside).ok();
}

#[test]
fn ids_made_up_for_terms_and_callouts_stay_unique_on_the_faq_index() {
    let site = SiteTest::fixture("components");
    // Two pages whose answers each hold a callout and a glossary term: the
    // FAQ index shows both answers on one page.
    for name in ["q1", "q2"] {
        site.page(
            &format!("{name}.md"),
            name,
            "## FAQ\n\n### Is it kind?\n\nA boundary is kind.\n\n> [!NOTE]\n> Really.\n",
        );
    }
    site.build(&[]).ok();
    let html = site.html("faq/index.html");
    let ids: Vec<String> = select(&html, "[id]")
        .iter()
        .map(|e| e.attr("id").unwrap().to_string())
        .collect();
    assert!(
        ids.iter().any(|id| id.starts_with("rapport-term-")),
        "{ids:?}"
    );
    assert!(
        ids.iter().any(|id| id.starts_with("rapport-callout-")),
        "{ids:?}"
    );
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}
