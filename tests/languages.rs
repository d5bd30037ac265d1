//! Multilingual sites (issue 20): `page.es.md` beside `page.md`, every
//! language under its own `/CODE/` with its own listings, feeds, FAQ,
//! search and worksheets, joined by `hreflang` links, one sitemap and a
//! switcher; untranslated pages published with a notice or left out; and
//! `rapport check` telling an editor which translations fell behind.

use crate::browser::{self, browser_or_skip};
use crate::i18n::{english_strings, shown_text};
use crate::util::{SiteTest, json_findings, select, text_of};

/// English and Spanish: one page translated, one not, and a bundle.
fn bilingual_site(name: &str, untranslated: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file(
        "rapport.toml",
        &format!(
            "title = \"Clinic resources\"\nlanguage = \"en\"\nbase_url = \"https://clinic.example/\"\n\n\
             [crisis]\ntext = \"If you are in danger, get help now.\"\ncontacts = [{{ label = \"988 Lifeline\", phone = \"988\" }}]\n\n\
             [quick_exit]\nenabled = true\nurl = \"https://www.bbc.co.uk/weather\"\n\n\
             [plugins.worksheet]\n\n\
             [[footer.links]]\nlabel = \"Later\"\nurl = \"@/trust/later.md\"\n\n\
             [translations]\nuntranslated = \"{untranslated}\"\n\n\
             [languages.es]\ntitle = \"Recursos de la clínica\"\n\n\
             [languages.es.taxonomies]\ntopics = \"Temas\"\n\n\
             [languages.es.crisis]\ntext = \"Si está en peligro, pida ayuda ahora.\"\ncontacts = [{{ label = \"988 en español\", phone = \"988\" }}]\n\n\
             [languages.es.quick_exit]\nenabled = true\nurl = \"https://weather.com/es-US\"\n"
        ),
    );
    site.file(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    );
    site.file(
        "content/_index.es.md",
        "+++\ntitle = \"Inicio\"\n+++\nLe damos la bienvenida.\n",
    );
    site.file(
        "content/trust/_index.md",
        "+++\ntitle = \"Trust\"\n+++\nHow trust grows.\n",
    );
    site.file(
        "content/trust/_index.es.md",
        "+++\ntitle = \"Confianza\"\n+++\nCómo crece la confianza.\n",
    );
    site.file(
        "content/trust/first-session.md",
        "+++\ntitle = \"The first session\"\ndescription = \"What to expect.\"\ndate = 2026-03-14\nupdated = 2026-09-02\nworksheet = true\n\
         [taxonomies]\ntopics = [\"trust\"]\n+++\n\
         Starting therapy can feel odd. That is normal.\n\n## Before you go\n\n- [ ] Write down one question.\n- [ ] Arrive early.\n\n\
         ## FAQ\n\n### How long is a session?\n\nAbout fifty minutes.\n",
    );
    site.file(
        "content/trust/first-session.es.md",
        "+++\ntitle = \"La primera sesión\"\ndescription = \"Qué esperar.\"\ndate = 2026-03-14\nupdated = 2026-09-02\nworksheet = true\n\
         [taxonomies]\ntopics = [\"confianza\"]\n+++\n\
         Empezar una terapia puede dar nervios. Es normal. Vea también [la página siguiente](@/trust/later.md).\n\n\
         ## Antes de ir\n\n- [ ] Anote una pregunta.\n- [ ] Llegue con tiempo.\n\n\
         ## Preguntas frecuentes\n\n### ¿Cuánto dura una sesión?\n\nSuele durar unos cincuenta minutos.\n",
    );
    site.file(
        "content/trust/later.md",
        "+++\ntitle = \"Later sessions\"\ndescription = \"What comes next.\"\ndate = 2026-04-01\n\
         [taxonomies]\ntopics = [\"trust\"]\n+++\n\
         Things settle. See [the first session](/trust/first-session/) or [en español](/es/).\n\n\
         ## FAQ\n\n### Is it normal to feel unsure?\n\nYes, very.\n",
    );
    site.file(
        "content/trust/circles/index.md",
        "+++\ntitle = \"Circles\"\n+++\n![Two circles](circles.svg)\n",
    );
    site.file(
        "content/trust/circles/index.es.md",
        "+++\ntitle = \"Círculos\"\n+++\n![Dos círculos](circles.svg)\n",
    );
    site.file(
        "content/trust/circles/circles.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    site
}

/// `(hreflang, href)` of every `<link rel="alternate" hreflang>` of a page.
fn alternates(site: &SiteTest, page: &str) -> Vec<(String, String)> {
    let doc = site.html(page);
    select(&doc, "link[rel=alternate][hreflang]")
        .iter()
        .map(|l| {
            (
                l.value().attr("hreflang").unwrap().to_string(),
                l.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(code: &str, href: &str) -> (String, String) {
    (code.to_string(), href.to_string())
}

#[test]
fn every_language_has_its_urls_listings_feeds_and_alternates() {
    let site = bilingual_site("languages-notice", "notice");
    // A translation still in draft: readers get the original meanwhile.
    site.file(
        "content/trust/drafted.md",
        "+++\ntitle = \"Drafted\"\ndescription = \"D.\"\n+++\nEnglish text.\n",
    );
    site.file(
        "content/trust/drafted.es.md",
        "+++\ntitle = \"Borrador\"\ndescription = \"B.\"\ndraft = true\n+++\nTexto.\n",
    );
    site.build(&[]).ok();
    let drafted = site.html("es/trust/drafted/index.html");
    assert_eq!(select(&drafted, "article[lang=en]").len(), 1);
    assert!(text_of(&drafted, "h1").contains("Drafted"));
    let public = site.public();
    for file in [
        "es/index.html",
        "es/trust/index.html",
        "es/trust/first-session/index.html",
        "es/trust/first-session/worksheet/index.html",
        "es/trust/later/index.html",
        "es/trust/circles/index.html",
        "es/trust/circles/circles.svg",
        "es/atom.xml",
        "es/faq/index.html",
        "es/topics/index.html",
        "es/topics/confianza/index.html",
        "es/worksheets/index.html",
        "es/search/index.html",
        "es/404.html",
        "es/search-index/meta.json",
        "trust/first-session/index.html",
        "topics/trust/index.html",
        "sitemap.xml",
        "rapport.js",
    ] {
        assert!(public.join(file).is_file(), "{file} is written");
    }
    // Shared files once, at the root; an untranslated page's English terms
    // make no Spanish term.
    for file in [
        "es/rapport.js",
        "es/sitemap.xml",
        "es/robots.txt",
        "es/topics/trust/index.html",
    ] {
        assert!(!public.join(file).exists(), "{file} is not written");
    }

    // lang and dir of every page, and the shared files linked from the root.
    let es = site.html("es/trust/first-session/index.html");
    let html = select(&es, "html")[0].value();
    assert_eq!(
        (html.attr("lang"), html.attr("dir")),
        (Some("es"), Some("ltr"))
    );
    assert_eq!(select(&es, "script[src=\"/rapport.js\"]").len(), 1);
    assert_eq!(select(&es, "link[href=\"/es/atom.xml\"]").len(), 1);
    let en = site.html("trust/first-session/index.html");
    assert_eq!(select(&en, "html")[0].value().attr("lang"), Some("en"));

    // hreflang: a translated page names both; an untranslated one only its
    // original; x-default is the site's own language.
    let both = vec![
        pair("en", "https://clinic.example/trust/first-session/"),
        pair("es", "https://clinic.example/es/trust/first-session/"),
        pair("x-default", "https://clinic.example/trust/first-session/"),
    ];
    assert_eq!(alternates(&site, "es/trust/first-session/index.html"), both);
    assert_eq!(alternates(&site, "trust/first-session/index.html"), both);
    assert_eq!(
        alternates(&site, "es/trust/later/index.html"),
        vec![
            pair("en", "https://clinic.example/trust/later/"),
            pair("x-default", "https://clinic.example/trust/later/"),
        ]
    );
    assert!(
        alternates(&site, "es/faq/index.html").contains(&pair("en", "https://clinic.example/faq/"))
    );

    // One sitemap with xhtml:link alternates; the untranslated copy is not in it.
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<loc>https://clinic.example/es/trust/first-session/</loc><lastmod>2026-09-02</lastmod>\
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://clinic.example/trust/first-session/\"/>\
         <xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://clinic.example/es/trust/first-session/\"/>"
    ));
    assert!(sitemap.contains("<loc>https://clinic.example/trust/later/</loc>"));
    assert!(!sitemap.contains("/es/trust/later/"));

    // Per-language feeds, taxonomies, FAQ and worksheets.
    let feed = site.read("es/atom.xml");
    assert!(feed.contains("La primera sesión") && !feed.contains("Later sessions"));
    assert!(feed.contains("xml:lang=\"es\""));
    let english_feed = site.read("atom.xml");
    assert!(english_feed.contains("Later sessions") && !english_feed.contains("primera"));
    assert!(text_of(&site.html("es/topics/index.html"), "h1").contains("Temas"));
    let faq = site.read("es/faq/index.html");
    assert!(faq.contains("¿Cuánto dura una sesión?"));
    assert!(!faq.contains("Is it normal") && !faq.contains("How long"));
    assert!(site.read("faq/index.html").contains("Is it normal"));
    let worksheets = site.read("es/worksheets/index.html");
    assert!(worksheets.contains("Hojas de trabajo") && worksheets.contains("La primera sesión"));

    // The language's own crisis contacts and quick exit.
    let page = site.read("es/trust/first-session/index.html");
    assert!(page.contains("Si está en peligro") && !page.contains("If you are in danger"));
    assert!(page.contains("https://weather.com/es-US"));

    // No theme text in English anywhere under /es/.
    // The switcher names English in English, as it should.
    let english: Vec<String> = english_strings()
        .into_iter()
        .filter(|s| s != "English")
        .collect();
    for file in [
        "es/index.html",
        "es/trust/index.html",
        "es/trust/first-session/index.html",
        "es/trust/first-session/worksheet/index.html",
        "es/trust/later/index.html",
        "es/faq/index.html",
        "es/topics/index.html",
        "es/topics/confianza/index.html",
        "es/worksheets/index.html",
        "es/search/index.html",
        "es/404.html",
    ] {
        let shown = shown_text(&site.read(file));
        for s in &english {
            assert!(
                !shown.contains(s.as_str()),
                "{file} shows the English \"{s}\""
            );
        }
    }

    // The untranslated page: a notice in Spanish, its text marked English,
    // linked from the translated page and listed in its section.
    let later = site.html("es/trust/later/index.html");
    assert!(text_of(&later, ".untranslated-notice").contains("todavía no está traducida"));
    assert_eq!(select(&later, "article[lang=en]").len(), 1);
    assert_eq!(select(&es, ".prose a[href=\"/es/trust/later/\"]").len(), 1);
    assert_eq!(
        select(
            &site.html("es/trust/index.html"),
            "main a[href=\"/es/trust/later/\"]"
        )
        .len(),
        1
    );

    // The switcher: each language named in itself, with lang and hreflang,
    // to the page's translation or else the language's home.
    let switch = |page: &str, code: &str| -> (String, String) {
        let doc = site.html(page);
        let link = select(
            &doc,
            &format!(".language-bar .language-switcher a[lang={code}][hreflang={code}]"),
        );
        assert_eq!(link.len(), 1, "{page} links {code}");
        (
            link[0].text().collect::<String>(),
            link[0].value().attr("href").unwrap().to_string(),
        )
    };
    assert_eq!(
        switch("es/trust/first-session/index.html", "en"),
        ("English".into(), "/trust/first-session/".into())
    );
    assert_eq!(
        switch("trust/first-session/index.html", "es"),
        ("Español".into(), "/es/trust/first-session/".into())
    );
    assert_eq!(
        switch("trust/later/index.html", "es"),
        ("Español".into(), "/es/".into())
    );
    assert_eq!(switch("es/faq/index.html", "en").1, "/faq/");
    // With two languages the header links only the other one.
    assert!(select(&es, ".language-switcher a[lang=es]").is_empty());
}

#[test]
fn with_untranslated_omit_the_page_is_left_out_and_links_go_to_the_original() {
    let site = bilingual_site("languages-omit", "omit");
    site.build(&[]).ok();
    assert!(!site.public().join("es/trust/later").exists());
    let es = site.html("es/trust/first-session/index.html");
    assert_eq!(select(&es, ".prose a[href=\"/trust/later/\"]").len(), 1);
    // The footer's link to it, too.
    assert_eq!(
        select(&es, ".footer-links a[href=\"/trust/later/\"]").len(),
        1
    );
    let listing = site.html("es/trust/index.html");
    assert!(
        select(&listing, "main a[href*=later]").is_empty(),
        "no link to the page left out"
    );
    for file in ["sitemap.xml", "es/atom.xml", "es/faq/index.html"] {
        assert!(!site.read(file).contains("/es/trust/later/"), "{file}");
    }
}

#[test]
fn check_names_both_files_of_a_stale_or_missing_translation() {
    let site = bilingual_site("languages-check", "notice");
    // The original changed after its translation was last touched.
    site.file(
        "content/trust/first-session.md",
        &site
            .read_source("content/trust/first-session.md")
            .replace("updated = 2026-09-02", "updated = 2026-10-20"),
    );
    site.file(
        "rapport.toml",
        &site.read_source("rapport.toml").replace(
            "[translations]\n",
            "[translations]\nreport_missing = true\n",
        ),
    );
    let run = site.run(&["check"], &["--format", "json"]);
    let found = json_findings(&run);
    let of = |code: &str| -> Vec<&serde_json::Value> {
        found.iter().filter(|f| f["code"] == code).collect()
    };
    let stale = of("stale-translation");
    assert_eq!(stale.len(), 1, "{}", run.stdout);
    assert_eq!(stale[0]["file"], "content/trust/first-session.es.md");
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("content/trust/first-session.md")
    );
    let missing = of("missing-translation");
    assert_eq!(missing.len(), 1, "{}", run.stdout);
    assert_eq!(missing[0]["file"], "content/trust/later.md");
    assert_eq!(missing[0]["severity"], "note");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .contains("content/trust/later.es.md")
    );
    // Off by default.
    site.file(
        "rapport.toml",
        &site
            .read_source("rapport.toml")
            .replace("report_missing = true\n", ""),
    );
    let run = site.run(&["check"], &["--format", "json"]);
    assert!(
        json_findings(&run)
            .iter()
            .all(|f| f["code"] != "missing-translation")
    );
}

#[test]
fn a_folder_named_for_a_language_or_the_site_language_twice_is_an_error() {
    let site = bilingual_site("languages-clash", "notice");
    site.file("content/es/_index.md", "+++\ntitle = \"Clash\"\n+++\n");
    site.build(&[]).fails_with(&[
        "content/es/_index.md",
        "inside /es/, where the site's [languages.es] pages go",
    ]);
    std::fs::remove_dir_all(site.root.join("content/es")).unwrap();
    site.file(
        "content/trust/later.md",
        "+++\ntitle = \"Later\"\naliases = [\"/ES/old/\"]\n+++\nText.\n",
    );
    site.build(&[])
        .fails_with(&["content/trust/later.md", "/ES/old/ is inside /es/"]);
    let site = SiteTest::new("languages-same");
    site.file(
        "rapport.toml",
        "language = \"en\"\n\n[languages.en]\ntitle = \"Again\"\n",
    );
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    site.build(&[]).fails_with(&[
        "rapport.toml:3:",
        "[languages.en] is the site's own language",
    ]);
}

#[test]
fn the_switcher_moves_between_translations_by_keyboard_and_search_stays_in_its_language() {
    let browser = browser_or_skip!();
    let site = bilingual_site("languages-browser", "notice");
    site.build(&[]).ok();
    let server = browser::Server::serve(&site.public());
    let page = browser.open(&server.url("/es/trust/first-session/"));
    // Focus reaches the switcher's link with Tab, and Enter follows it.
    page.eval_json("(document.querySelector('.skip-link').focus(), true)");
    let focused = "document.activeElement.getAttribute('hreflang') || ''";
    for _ in 0..40 {
        if page.eval_string(focused) == "en" {
            break;
        }
        page.press("Tab");
    }
    assert_eq!(page.eval_string(focused), "en", "Tab reaches the switcher");
    page.press("Enter");
    // The English page loaded, its link focused, before the key is pressed:
    // on a busy machine a key sent while the page loads is lost.
    page.wait_for(
        "location.pathname === '/trust/first-session/' && document.readyState === 'complete' \
         && !!document.querySelector('.language-switcher a[hreflang=es]')",
    );
    page.eval_json("(document.querySelector('.language-switcher a[hreflang=es]').focus(), true)");
    page.wait_for("document.activeElement.getAttribute('hreflang') === 'es'");
    page.press("Enter");
    page.wait_for("location.pathname === '/es/trust/first-session/'");

    // A Spanish checklist counts in Spanish, with the right plural.
    page.wait_for("!document.querySelector('.checklist-progress').hidden");
    assert_eq!(
        page.eval_string("document.querySelector('.checklist-progress').textContent"),
        "0 de 2 hechas"
    );
    page.click(".checklist input[type=checkbox]");
    assert_eq!(
        page.eval_string("document.querySelector('.checklist-progress').textContent"),
        "1 de 2 hechas"
    );

    // Searching in Spanish finds the Spanish answer, and no English page.
    page.goto(&format!("{}?q=dura", server.url("/es/search/")));
    page.wait_for(crate::search::SEARCHED);
    let links: Vec<String> = serde_json::from_value(page.eval_json(
        "[...document.querySelectorAll('.search-result a')].map(a => a.getAttribute('href'))",
    ))
    .unwrap();
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("/es/trust/first-session/#")),
        "{links:?}"
    );
    assert!(links.iter().all(|l| l.starts_with("/es/")), "{links:?}");
    page.goto(&format!("{}?q=session", server.url("/es/search/")));
    page.wait_for(crate::search::SEARCHED);
    let links: Vec<String> = serde_json::from_value(page.eval_json(
        "[...document.querySelectorAll('.search-result a')].map(a => a.getAttribute('href'))",
    ))
    .unwrap();
    assert!(links.iter().all(|l| l.starts_with("/es/")), "{links:?}");
    assert!(page.foreign_requests(&server).is_empty());
}

/// The example site's Arabic article.
const ARABIC: &str = "/ar/trust/building-trust-in-therapy/";

#[test]
fn the_arabic_page_reads_right_to_left_with_no_axe_violations() {
    let browser = browser_or_skip!();
    let Some(axe) = crate::theme::axe_source() else {
        return;
    };
    let (_site, server) = browser::served_example();
    let out = crate::theme::target_dir().join("screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let page = browser.open(&server.url(ARABIC));
    for width in [1280, 390] {
        page.set_viewport(width, 900);
        page.goto(&server.url(ARABIC));
        page.wait_for("!document.getElementById('rapport-quick-exit').hidden");
        assert_eq!(page.eval_string("document.documentElement.dir"), "rtl");
        assert_eq!(
            page.eval_string("getComputedStyle(document.querySelector('.prose p')).direction"),
            "rtl"
        );
        // Where things are on the screen: the quick exit at the top right;
        // the title's text against the right edge of the article column.
        let geometry = page.eval_json(
            "(() => { const b = document.getElementById('rapport-quick-exit').getBoundingClientRect(); \
             const h = document.querySelector('.article-header h1'); const range = document.createRange(); \
             range.selectNodeContents(h); const text = range.getClientRects()[0]; \
             const column = h.getBoundingClientRect(); \
             const p = document.querySelector('.prose p'); const line = document.createRange(); \
             line.selectNodeContents(p); const first = line.getClientRects()[0]; \
             const body = p.getBoundingClientRect(); \
             return { width: innerWidth, exit: b.right, title: [text.left, text.right], column: [column.left, column.right], line: first.right, body: body.right }; })()",
        );
        let at = |key: &str, i: usize| geometry[key][i].as_f64().unwrap();
        let width = geometry["width"].as_f64().unwrap();
        assert!(
            geometry["exit"].as_f64().unwrap() > width - 40.0,
            "the quick exit is at the right: {geometry}"
        );
        assert!(
            (at("title", 1) - at("column", 1)).abs() < 2.0,
            "the title starts at the right edge: {geometry}"
        );
        assert!(
            (geometry["line"].as_f64().unwrap() - geometry["body"].as_f64().unwrap()).abs() < 2.0,
            "the text starts at the right edge: {geometry}"
        );
        std::fs::write(
            out.join(format!("arabic-article-{width}.png")),
            page.screenshot_png(),
        )
        .unwrap();
        page.run_script(&axe);
        let violations = page.eval_async_json(crate::theme::AXE_RUN);
        assert_eq!(violations, serde_json::json!([]), "{ARABIC} at {width}px");
    }
}

#[test]
fn the_example_site_has_every_article_in_spanish_linked_both_ways() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let mut articles = 0;
    for (rel, _) in crate::util::example_content() {
        if rel.starts_with("es/") || rel.starts_with("ar/") || !rel.ends_with(".md") {
            continue;
        }
        let dir = rel
            .trim_end_matches(".md")
            .trim_end_matches("/index")
            .trim_end_matches("_index")
            .trim_end_matches('/');
        let path = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let spanish = format!("es/{path}index.html");
        assert!(site.public().join(&spanish).is_file(), "{spanish}");
        let doc = site.html(&spanish);
        assert_eq!(select(&doc, "html[lang=es][dir=ltr]").len(), 1, "{spanish}");
        assert!(
            select(&doc, ".untranslated-notice").is_empty(),
            "{spanish} is translated"
        );
        assert_eq!(
            alternates(&site, &spanish)
                .iter()
                .filter(|(code, _)| code == "en" || code == "es")
                .count(),
            2,
            "{spanish}"
        );
        articles += 1;
    }
    assert!(articles >= 15, "every page and section, {articles}");
    // Spanish readers get the crisis lines that answer in Spanish.
    let home = site.read("es/index.html");
    assert!(home.contains("988 Lifeline en español"));
    // The Arabic article is right to left; untranslated pages say so in Arabic.
    let arabic = site.html("ar/trust/building-trust-in-therapy/index.html");
    assert_eq!(select(&arabic, "html[lang=ar][dir=rtl]").len(), 1);
    let fallback = site.html("ar/trust/when-trust-is-hard/index.html");
    assert_eq!(select(&fallback, "article[lang=en][dir=ltr]").len(), 1);
    // A section whose introduction is not translated marks it English too.
    let section = site.html("ar/boundaries/index.html");
    assert_eq!(
        select(&section, "article.section[lang=en][dir=ltr]").len(),
        1
    );
    assert!(!text_of(&fallback, ".untranslated-notice").is_empty());
}
