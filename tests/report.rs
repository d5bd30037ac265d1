//! The content health report (`rapport check --format html` and `csv`):
//! its numbers are the JSON findings', its charts' tables match them,
//! `--compare` shows what changed, and in a real browser it makes no
//! request, passes axe and sorts by keyboard.

use std::collections::BTreeMap;

use crate::browser::browser_or_skip;
use crate::util::{SiteTest, json_findings, select};

/// A day `days` from today (negative: before), as TOML writes it.
fn day(days: i64) -> String {
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

/// A client page with `extra` front matter and `body`.
fn client_page(title: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndescription = \"About {title}.\"\n{extra}\n[taxonomies]\naudience = [\"clients\"]\n+++\n{body}\n"
    )
}

const PLAIN: &str = "You can ask your therapist anything. It is fine to say how you feel. Take your time. Your therapist will listen.";

const HARD: &str = "Cognitive behavioural therapy conceptualises psychological distress as a consequence of habitual interpretations of ambiguous circumstances. Interventions consequently emphasise systematic identification and modification of automatic cognitions. ";

/// Six pages: current, due soon, overdue, never reviewed with no reviewer,
/// hard to read, and one with a broken link.
fn health_site(name: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file(
        "rapport.toml",
        "title = \"Health fixture\"\nbase_url = \"https://example.org/\"\n\n[taxonomies]\naudience = \"Audience\"\n\n[review]\nmax_age_months = 12\nrequired_for = [\"clients\"]\n\n[readability]\nclients = 8\n",
    );
    let plain = PLAIN.repeat(10);
    let reviewed = |days: i64| {
        format!(
            "reviewed_by = \"Dr Ana Ruiz, psychologist\"\nlast_reviewed = {}",
            day(days)
        )
    };
    site.file("content/care/_index.md", "+++\ntitle = \"Care\"\n+++\n");
    site.file(
        "content/care/current.md",
        &client_page("Current", &reviewed(-60), &plain),
    );
    // Reviewed just under a year ago: due within 90 days.
    site.file(
        "content/care/due-soon.md",
        &client_page("Due soon", &reviewed(-330), &plain),
    );
    site.file(
        "content/care/overdue.md",
        &client_page("Overdue", &reviewed(-800), &plain),
    );
    site.file(
        "content/care/never.md",
        &client_page("Never reviewed", "", &plain),
    );
    site.file(
        "content/care/hard.md",
        &client_page("Hard to read", &reviewed(-90), &HARD.repeat(6)),
    );
    site.file(
        "content/care/broken.md",
        &client_page(
            "Broken link",
            &reviewed(-45),
            &format!("{plain}\n\nSee [the old page](/nowhere/)."),
        ),
    );
    site
}

fn html_report(site: &SiteTest, extra: &[&str]) -> scraper::Html {
    let out = site.root.join("report.html");
    let mut args = vec!["--format", "html", "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    site.run(&["check"], &args);
    scraper::Html::parse_document(&std::fs::read_to_string(&out).expect("the report"))
}

/// A chart's data table: first column -> second column.
fn chart_data(html: &scraper::Html, chart: &str) -> BTreeMap<String, String> {
    select(html, &format!("#{chart} details table tbody tr"))
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect()
}

fn counts_by_code(findings: &[serde_json::Value]) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        *counts
            .entry(f["code"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect()
}

#[test]
fn the_reports_numbers_are_the_json_findings() {
    let site = health_site("report-numbers");
    let json = json_findings(&site.run(&["check"], &["--format", "json"]));
    assert!(!json.is_empty());
    let html = html_report(&site, &[]);

    // Findings: one row each, and the chart per code counts the same.
    assert_eq!(select(&html, "#findings tbody tr").len(), json.len());
    assert_eq!(chart_data(&html, "chart-codes"), counts_by_code(&json));
    for code in [
        "stale-review",
        "missing-reviewer",
        "reading-level",
        "broken-link",
    ] {
        assert!(
            json.iter().any(|f| f["code"] == code),
            "the fixture has {code}"
        );
    }

    // Pages: the six pages, each with its findings count.
    let rows = select(&html, "#pages tbody tr");
    assert_eq!(rows.len(), 6);
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for f in &json {
        *per_file
            .entry(f["file"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for row in &rows {
        let file = row
            .select(&scraper::Selector::parse(".file").unwrap())
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        let cells: Vec<String> = row
            .select(&scraper::Selector::parse("td").unwrap())
            .map(|c| c.text().collect::<String>())
            .collect();
        let findings: usize = cells.last().unwrap().parse().unwrap();
        assert_eq!(
            findings,
            per_file.get(&file).copied().unwrap_or(0),
            "{file}"
        );
    }

    // Review status, from the dates.
    let status = chart_data(&html, "chart-status");
    assert_eq!(status["Current"], "3", "{status:?}");
    assert_eq!(status["Due within 90 days"], "1");
    assert_eq!(status["Overdue"], "1");
    assert_eq!(status["Never reviewed"], "1");
    // The one due soon falls in one of the next months.
    let months = chart_data(&html, "chart-months");
    assert_eq!(months.len(), 12);
    let due: usize = months.values().map(|n| n.parse::<usize>().unwrap()).sum();
    assert_eq!(
        due, 4,
        "every review not overdue falls due within a year: {months:?}"
    );

    // The reading grade chart: the hard page first, over its target of 8.
    let grade: Vec<scraper::ElementRef<'_>> = select(&html, "#chart-grade details table tbody tr");
    let first: Vec<String> = grade[0]
        .children()
        .filter_map(scraper::ElementRef::wrap)
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(first[0], "Hard to read");
    assert!(first[1].parse::<f64>().unwrap() > 8.0);
    assert_eq!(first[2], "8");
    let reading = json.iter().filter(|f| f["code"] == "reading-level").count();
    let over = select(&html, "#pages td.over[data-value]").len();
    assert_eq!(over, reading, "pages over their grade target");

    // Every chart is named and described, and its drawing hidden from screen readers.
    for chart in select(&html, "figure.chart") {
        let id = chart.attr("id").unwrap();
        assert_eq!(
            chart.attr("aria-labelledby"),
            Some(format!("{id}-title").as_str())
        );
        assert_eq!(
            chart.attr("aria-describedby"),
            Some(format!("{id}-desc").as_str())
        );
        let svg = chart
            .select(&scraper::Selector::parse("svg").unwrap())
            .next()
            .unwrap();
        assert_eq!(svg.attr("aria-hidden"), Some("true"));
    }
    assert_eq!(select(&html, "figure.chart").len(), 4);
    // Nothing from elsewhere: no external script, style, image or font.
    assert!(select(&html, "script[src], link[rel=stylesheet], img[src]").is_empty());
}

#[test]
fn csv_lists_every_page_with_its_scores_and_review() {
    let site = health_site("report-csv");
    let out = site.root.join("pages.csv");
    site.run(
        &["check"],
        &["--format", "csv", "--output", out.to_str().unwrap()],
    );
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "file");
    assert_eq!(&headers[13], "review_status");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let overdue = rows
        .iter()
        .find(|r| &r[0] == "content/care/overdue.md")
        .unwrap();
    assert_eq!(&overdue[13], "Overdue");
    assert_eq!(&overdue[11], "Dr Ana Ruiz, psychologist");
}

#[test]
fn compare_shows_what_changed_since_an_earlier_json_report() {
    let site = health_site("report-compare");
    let before = site.run(&["check"], &["--format", "json"]);
    let old = site.root.join("old.json");
    std::fs::write(&old, &before.stdout).unwrap();
    // The broken link is mended and a new page with no reviewer appears.
    let text = site.read_source("content/care/broken.md");
    site.file(
        "content/care/broken.md",
        &text.replace("[the old page](/nowhere/)", "the old page"),
    );
    site.file(
        "content/care/new.md",
        &client_page("New", "", &PLAIN.repeat(10)),
    );
    let html = html_report(&site, &["--compare", old.to_str().unwrap()]);
    let rows: BTreeMap<String, Vec<String>> = select(&html, "#compare-codes tbody tr")
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| c.text().collect::<String>())
                .collect();
            (cells[0].clone(), cells[1..].to_vec())
        })
        .collect();
    assert_eq!(rows["broken-link"], ["1", "0", "-1"]);
    assert_eq!(rows["missing-reviewer"], ["1", "2", "+1"]);
    let text = html.root_element().text().collect::<String>();
    assert!(text.contains("Resolved findings (1)"), "{text}");
    assert!(text.contains("content/care/new.md"));
    // --compare needs the HTML report, and a readable JSON report.
    site.run(&["check"], &["--compare", old.to_str().unwrap()])
        .fails_with(&["--compare goes with --format html"]);
    std::fs::write(&old, "not json\n").unwrap();
    site.run(
        &["check"],
        &["--format", "html", "--compare", old.to_str().unwrap()],
    )
    .fails_with(&["old.json", "line 1", "--format json"]);
}

#[test]
fn the_example_sites_report_matches_its_findings() {
    let site = SiteTest::example();
    let json = json_findings(&site.run(&["check"], &["--format", "json"]));
    let html = html_report(&site, &[]);
    assert_eq!(select(&html, "#findings tbody tr").len(), json.len());
    assert_eq!(chart_data(&html, "chart-codes"), counts_by_code(&json));
    // Every page and section with text, in every language.
    assert!(select(&html, "#pages tbody tr").len() > 40);
}

#[test]
fn in_a_browser_it_asks_for_nothing_passes_axe_and_sorts_by_keyboard() {
    let browser = browser_or_skip!();
    let Some(axe) = crate::theme::axe_source() else {
        return;
    };
    let site = health_site("report-browser");
    let out = site.root.join("report.html");
    site.run(
        &["check"],
        &["--format", "html", "--output", out.to_str().unwrap()],
    );
    let url = format!("file://{}", out.display());
    let page = browser.open(&url);
    page.wait_for("!!document.querySelector('#pages th button')");
    assert_eq!(
        page.foreign_requests_of_origin(&url),
        Vec::<String>::new(),
        "no request but the file itself"
    );
    assert!(page.request_count() <= 1, "at most the file itself");

    page.run_script(&axe);
    let failures = crate::theme::axe_failures(&page, "the report", &crate::theme::FOUR_VIEWS);
    assert!(failures.is_empty(), "{failures:#?}");

    // Sort the pages by words, by keyboard: focus the header's button, Enter.
    crate::theme::set_view(&page, 1280, "light");
    page.eval_json(
        "(() => { document.querySelectorAll('#pages th button')[3].focus(); return true; })()",
    );
    page.press("Enter");
    assert_eq!(
        page.eval_string("document.querySelectorAll('#pages th')[3].getAttribute('aria-sort')"),
        "ascending"
    );
    let words = page.eval_json(
        "Array.from(document.querySelectorAll('#pages tbody tr')).map(r => Number(r.cells[3].dataset.value))",
    );
    let words: Vec<f64> = words
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(words.windows(2).all(|w| w[0] <= w[1]), "{words:?}");
    page.press("Enter");
    assert_eq!(
        page.eval_string("document.querySelectorAll('#pages th')[3].getAttribute('aria-sort')"),
        "descending"
    );
    assert!(
        page.eval_string("document.getElementById('pages-status').textContent")
            .contains("sorted by Words (descending)")
    );
    // Filtering is announced too.
    page.eval_json("(() => { const i = document.getElementById('pages-filter'); i.value = 'overdue'; i.dispatchEvent(new Event('input')); return true; })()");
    assert_eq!(
        page.eval_string("document.getElementById('pages-status').textContent"),
        "1 of 6 rows shown, sorted by Words (descending)."
    );
    page.eval_json("(() => { const i = document.getElementById('pages-filter'); i.value = ''; i.dispatchEvent(new Event('input')); return true; })()");

    // A screenshot for review.
    let shots = crate::theme::target_dir().join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    page.set_viewport(1280, 1600);
    std::fs::write(
        shots.join("content-health-report-1280.png"),
        page.screenshot_png(),
    )
    .unwrap();
    assert!(page.request_count() <= 1, "still nothing asked for");
    assert!(page.foreign_requests_of_origin(&url).is_empty());
}
