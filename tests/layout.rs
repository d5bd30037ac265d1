//! The default theme's layout on phones, desktops and paper (issue 19): the
//! main menu a site configures, a one-row header, the first paragraph on a
//! phone's first screen, "On this page" in view, 3:1 controls, printed
//! sheets that say where they came from.

use std::process::Command;

use crate::browser::{Page, Server, browser_or_skip, served_example};
use crate::util::{SiteTest, select};

/// The example's longest article.
const LONGEST: &str = "/boundaries/what-boundaries-are/";

/// A site with 25 top-level sections; `s07` has `in_menu = false`.
fn many_sections(name: &str, config: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file("rapport.toml", config);
    site.file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n");
    for n in 1..=25 {
        let in_menu = if n == 7 { "in_menu = false\n" } else { "" };
        site.file(
            &format!("content/s{n:02}/_index.md"),
            &format!("+++\ntitle = \"Section {n}\"\nweight = {n}\n{in_menu}+++\nAbout {n}.\n"),
        );
        site.page(&format!("s{n:02}/a.md"), &format!("Page {n}"), "Text.");
    }
    site
}

/// The links of the main menu as (text, href), from the list shown when the menu fits.
fn menu_links(site: &SiteTest, page: &str) -> Vec<(String, String)> {
    let html = site.html(page);
    select(&html, "nav.site-nav .menu-details .menu-panel li a")
        .iter()
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_menu_is_the_sites_own_or_its_sections_less_those_left_out() {
    // Automatic: the sections in weight order, less s07; no FAQ or taxonomies.
    let site = many_sections(
        "menu-auto",
        "title = \"M\"\n[navigation]\nfaq = false\ntaxonomies = false\n",
    );
    site.build(&[]).ok();
    let links = menu_links(&site, "index.html");
    let expected: Vec<(String, String)> = (1..=25)
        .filter(|&n| n != 7)
        .map(|n| (format!("Section {n}"), format!("/s{n:02}/")))
        .collect();
    assert_eq!(links, expected);
    // 24 links cannot share the header's row: they sit behind the Menu button.
    let home = site.html("index.html");
    assert_eq!(select(&home, "nav.site-nav.site-nav-many").len(), 1);
    assert_eq!(select(&home, "summary.menu-button").len(), 1);

    // [[menu]] replaces it, in weight order, each kind of address resolved.
    site.file(
        "rapport.toml",
        "title = \"M\"\n\
         [[menu]]\nlabel = \"Help now\"\nurl = \"https://example.org/help\"\nweight = 30\n\n\
         [[menu]]\nlabel = \"Start\"\nurl = \"@/s03/_index.md\"\nweight = 10\n\n\
         [[menu]]\nlabel = \"First page\"\nurl = \"@/s01/a.md#top\"\nweight = 20\n\n\
         [[menu]]\nlabel = \"Questions\"\nurl = \"/faq/\"\nweight = 25\n",
    );
    site.build(&[]).ok();
    assert_eq!(
        menu_links(&site, "s05/a/index.html"),
        [
            ("Start", "/s03/"),
            ("First page", "/s01/a/#top"),
            ("Questions", "/faq/"),
            ("Help now", "https://example.org/help"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let home = site.html("index.html");
    assert_eq!(
        select(&home, "nav.site-nav.site-nav-many").len(),
        0,
        "four short links fit in the row"
    );
    assert_eq!(select(&home, "nav.site-nav .menu-inline a").len(), 4);

    // A menu link to no page, or to a script, is an error at its line.
    site.file(
        "rapport.toml",
        "title = \"M\"\n\n[[menu]]\nlabel = \"Gone\"\nurl = \"@/s99/_index.md\"\n\n[[footer.links]]\nlabel = \"About\"\nurl = \"@/about.md\"\n",
    );
    site.build(&[]).fails_with(&[
        "rapport.toml:5: the [[menu]] link \"Gone\" goes to @/s99/_index.md, which is not a page or section of the site",
        "rapport.toml:9: the [[footer.links]] link \"About\" goes to @/about.md",
    ]);
    site.file(
        "rapport.toml",
        "title = \"M\"\n[[menu]]\nlabel = \"X\"\nurl = \"javascript:alert(1)\"\n",
    );
    site.build(&[]).fails_with(&[
        "rapport.toml:4: the [[menu]] link \"X\" has url \"javascript:alert(1)\", which is neither a page nor an address",
    ]);
}

#[test]
fn footer_has_the_sites_links_and_the_crisis_line() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    let home = site.html("index.html");
    let links: Vec<String> = select(&home, "footer .footer-links a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        links,
        ["About this site", "Accessibility statement", "Topics"]
    );
    let crisis = select(&home, "footer .footer-crisis a[href=\"tel:988\"]");
    assert_eq!(crisis.len(), 1, "the crisis line is in the footer");
    // About is left out of the menu and the home page's cards, not the site.
    assert!(select(&home, ".card a[href=\"/about/\"]").is_empty());
    assert!(select(&home, ".menu-inline a[href=\"/about/\"]").is_empty());
    assert!(
        site.public()
            .join("about/accessibility/index.html")
            .is_file()
    );
}

/// The height of the header and how many rows its items take.
const HEADER_ROWS: &str = "(() => { const items = Array.from(document.querySelectorAll('.header-inner > *')).filter(e => e.getClientRects().length > 0); const mids = items.map(e => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; }); const spread = Math.max(...mids) - Math.min(...mids); return { height: document.querySelector('.site-header').getBoundingClientRect().height, rows: spread < 16 ? 1 : 2, spread }; })()";

#[test]
fn at_1280px_the_header_is_one_row_and_on_this_page_stays_in_view() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let page = browser.open(&server.url("/"));
    page.set_viewport(1280, 900);
    for path in [
        "/",
        LONGEST,
        "/faq/",
        "/search/",
        "/trust/",
        "/topics/trust/",
    ] {
        page.goto(&server.url(path));
        let header = page.eval_json(HEADER_ROWS);
        assert_eq!(header["rows"], 1, "{path}: {header}");
        assert!(
            header["height"].as_f64().unwrap() < 80.0,
            "{path}: {header}"
        );
        assert_eq!(
            page.eval_json("document.querySelectorAll('.menu-inline a').length"),
            5,
            "{path}: the example's menu fits in the row"
        );
        // One reading width for all text: no paragraph or list item runs
        // wider than the article's measure (42rem of 18 px, 756 px).
        let widest = page.eval_json(
            "Math.max(...Array.from(document.querySelectorAll('main p, main li, main summary')).filter(e => !e.closest('.toc, .cards, .faq-topics') && e.getClientRects().length > 0).map(e => e.getBoundingClientRect().width))",
        );
        assert!(widest.as_f64().unwrap() <= 760.0, "{path}: {widest} px");
    }
    // Scrolled well into the article, the box is still on screen and marks
    // the heading being read.
    page.goto(&server.url(LONGEST));
    page.eval_json("(window.scrollTo(0, document.body.scrollHeight * 0.6), true)");
    page.wait_for("!!document.querySelector('.toc a[aria-current]')");
    let state = page.eval_json(
        "(() => { const r = document.querySelector('.toc').getBoundingClientRect(); const a = document.querySelector('.toc a[aria-current]'); const h = document.getElementById(decodeURIComponent(a.hash.slice(1))); const next = Array.from(document.querySelectorAll('.toc a')).map(x => document.getElementById(decodeURIComponent(x.hash.slice(1)))).find(x => x && x.getBoundingClientRect().top > h.getBoundingClientRect().top); return { top: r.top, bottom: r.bottom, left: r.left, heading: h.getBoundingClientRect().top, next: next ? next.getBoundingClientRect().top : 99999, third: innerHeight / 3 }; })()",
    );
    let top = state["top"].as_f64().unwrap();
    assert!((0.0..200.0).contains(&top), "in view: {state}");
    assert!(
        state["left"].as_f64().unwrap() > 700.0,
        "beside the article: {state}"
    );
    let third = state["third"].as_f64().unwrap();
    assert!(state["heading"].as_f64().unwrap() <= third, "{state}");
    assert!(
        state["next"].as_f64().unwrap() > third,
        "the last heading passed: {state}"
    );
}

/// Sets a 390x844 phone screen, light or dark.
fn phone(page: &Page, scheme: &str) {
    page.set_viewport(390, 844);
    page.emulate_media_features("screen", &[("prefers-color-scheme", scheme)]);
}

#[test]
fn on_a_phone_the_article_starts_on_the_first_screen_and_the_menu_opens_by_keyboard() {
    let browser = browser_or_skip!();
    let Some(axe) = crate::theme::axe_source() else {
        return;
    };
    let (_site, server) = served_example();
    let page = browser.open(&server.url("/"));
    phone(&page, "light");
    page.goto(&server.url(LONGEST));
    let first = page.eval_json(
        "(() => { const p = document.querySelector('.prose > p'); const r = p.getBoundingClientRect(); return { top: r.top, bottom: r.top + 3 * parseFloat(getComputedStyle(p).lineHeight) }; })()",
    );
    assert!(
        first["bottom"].as_f64().unwrap() <= 844.0,
        "the first paragraph's first lines are above the fold: {first}"
    );
    let header = page.eval_json(HEADER_ROWS);
    assert_eq!(header["rows"], 1, "{header}");
    // Tab reaches the Menu button soon after the quick exit and skip link;
    // Enter opens it, its links are reachable, Escape closes it.
    let mut tabs = 0;
    let focused_menu = "document.activeElement.matches('summary.menu-button')";
    while page.eval_json(focused_menu) != true {
        page.press("Tab");
        tabs += 1;
        assert!(
            tabs < 8,
            "the Menu button is reached by Tab: {}",
            page.focused()
        );
    }
    page.press("Enter");
    assert_eq!(
        page.eval_json("document.querySelector('.menu-details').open"),
        true
    );
    page.press("Tab");
    assert_eq!(
        page.eval_string("document.activeElement.closest('.menu-panel') ? 'in' : 'out'"),
        "in"
    );
    assert_eq!(
        page.eval_string("document.activeElement.getAttribute('href')"),
        "/boundaries/"
    );
    for scheme in ["light", "dark"] {
        phone(&page, scheme);
        page.run_script(&axe);
        let violations = page.eval_async_json(crate::theme::AXE_RUN);
        assert_eq!(violations, serde_json::json!([]), "menu open, {scheme}");
    }
    page.press("Escape");
    assert_eq!(
        page.eval_json("document.querySelector('.menu-details').open"),
        false
    );
    assert_eq!(
        page.eval_json(focused_menu),
        true,
        "focus is back on the button"
    );
    // The crisis line is one line that opens.
    assert_eq!(
        page.eval_json(
            "document.querySelector('.crisis-compact summary').getBoundingClientRect().height < 60"
        ),
        true
    );
    assert_eq!(
        page.eval_json("document.querySelector('.crisis-full').getClientRects().length"),
        0
    );
}

/// Every visible form control with its border and background against what
/// is behind it: the larger of the two contrasts (WCAG 2.2 SC 1.4.11 asks 3:1
/// of whichever identifies the control). Checkboxes and radios are drawn by
/// the browser in the page's colour scheme and left out.
const CONTROL_CONTRAST: &str = r#"(() => {
  const rgb = s => { const m = s.match(/[\d.]+/g) || ['0','0','0','0']; return m.map(Number).concat([1]).slice(0, 4); };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const behind = e => { for (let n = e.parentElement; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor); if (c[3] > 0) return c; } return [255, 255, 255, 1]; };
  const out = [];
  for (const e of document.querySelectorAll('input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea, select, button, summary.menu-button, .ws-scale-option')) {
    if (e.getClientRects().length === 0) continue;
    const s = getComputedStyle(e);
    // A control drawn as text alone (no border, no fill) is known by its
    // text, which axe holds to 4.5:1; 1.4.11 asks nothing more of it.
    if (!(parseFloat(s.borderTopWidth) > 0) && rgb(s.backgroundColor)[3] === 0) continue;
    const around = behind(e);
    const own = rgb(s.backgroundColor);
    const bg = own[3] > 0 ? own : around;
    const border = parseFloat(s.borderTopWidth) > 0 ? ratio(rgb(s.borderTopColor), around) : 0;
    const best = Math.max(border, ratio(bg, around), parseFloat(s.borderTopWidth) > 0 ? ratio(rgb(s.borderTopColor), bg) : 0);
    out.push({ control: e.tagName + '.' + e.className + (e.type ? '[' + e.type + ']' : ''), ratio: Math.round(best * 100) / 100 });
  }
  return out;
})()"#;

#[test]
fn every_form_control_stands_out_3_to_1_in_light_and_dark() {
    let browser = browser_or_skip!();
    let (_site, server) = served_example();
    let page = browser.open(&server.url("/"));
    let mut checked = 0;
    let mut failures = Vec::new();
    for (width, scheme) in [
        (1280, "light"),
        (1280, "dark"),
        (390, "light"),
        (390, "dark"),
    ] {
        page.set_viewport(width, 900);
        page.emulate_media_features("screen", &[("prefers-color-scheme", scheme)]);
        for path in [
            "/",
            "/trust/building-trust-in-therapy/",
            "/trust/building-trust-in-therapy/worksheet/",
            "/boundaries/saying-no-kindly/",
            "/boundaries/what-boundaries-are/",
            "/faq/",
            "/search/?q=trust",
        ] {
            page.goto(&server.url(path));
            page.eval_json("(document.querySelectorAll('details.menu-details').forEach(d => d.open = true), true)");
            for control in page.eval_json(CONTROL_CONTRAST).as_array().unwrap() {
                checked += 1;
                if control["ratio"].as_f64().unwrap() < 3.0 {
                    failures.push(format!("{path} {width}px {scheme}: {control}"));
                }
            }
        }
    }
    assert!(checked > 40, "controls were found: {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `url` printed to PDF as Chromium prints it, then its text page by page.
fn printed_pages(page: &Page, url: &str) -> Option<Vec<String>> {
    page.goto(url);
    let pdf = page.print_to_pdf();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.pdf");
    std::fs::write(&file, pdf).unwrap();
    let text = match Command::new("pdftotext").arg(&file).arg("-").output() {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: pdftotext is missing (apt-get install poppler-utils)");
            return None;
        }
        Err(e) => panic!("pdftotext (poppler-utils) is needed under CI: {e}"),
    };
    Some(
        text.split('\u{c}')
            .map(str::to_string)
            .filter(|p| !p.trim().is_empty())
            .collect(),
    )
}

#[test]
fn printed_handouts_name_their_site_on_every_sheet_and_waste_none() {
    let browser = browser_or_skip!();
    let site = SiteTest::example();
    site.build(&["--base-url", "https://clinic.example/"]).ok();
    let server = Server::serve(&site.public());
    let page = browser.open(&server.url("/"));
    let at = |path: &str| server.url(path);
    for (path, worksheet) in [
        (LONGEST, false),
        ("/trust/building-trust-in-therapy/worksheet/", true),
    ] {
        let Some(sheets) = printed_pages(&page, &at(path)) else {
            return;
        };
        assert!(!sheets.is_empty(), "{path}: printed");
        for (n, sheet) in sheets.iter().enumerate() {
            assert!(
                sheet.contains("Rapport example site") && sheet.contains("https://clinic.example/"),
                "{path}, sheet {}: the site's name and address:\n{sheet}",
                n + 1
            );
            let lines = sheet
                .lines()
                .filter(|l| !l.trim().is_empty())
                .filter(|l| !l.contains("Rapport example site") && !l.trim().contains(" / "))
                .count();
            assert!(
                lines >= 3,
                "{path}, sheet {}: {lines} lines:\n{sheet}",
                n + 1
            );
        }
        let all = sheets.concat();
        assert!(
            !all.contains("mm/dd/yyyy") && !all.contains("dd/mm/yyyy"),
            "{path}: {all}"
        );
        if worksheet {
            assert!(
                all.contains("Name:") && all.contains("Date:"),
                "{path}: {all}"
            );
        }
    }
}
