//! The course plugin: the course home, lessons in weight order, quizzes and
//! their errors, the print page, and the behaviour in a real browser.

use std::collections::BTreeSet;

use crate::browser::{Server, browser_or_skip};
use crate::util::{SiteTest, select};

/// The fixture's lessons, in weight order (the section sorts by title).
const LESSONS: [(&str, &str); 4] = [
    ("/skills/notice/", "Noticing feelings"),
    ("/skills/breathing/", "Breathing slowly"),
    ("/skills/plan/", "Planning ahead"),
    ("/skills/anchors/", "Anchoring"),
];

fn built() -> SiteTest {
    let site = SiteTest::fixture("course");
    site.build(&[]).ok();
    site
}

fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    select(html, selector)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(html: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    select(html, selector)
        .iter()
        .filter_map(|e| e.attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn the_course_home_lists_lessons_in_weight_order_with_time_and_a_start_link() {
    let site = built();
    let home = scraper::Html::parse_document(&site.read("skills/index.html"));
    let hrefs = attrs(&home, ".course-lessons li > a", "href");
    let expected: Vec<&str> = LESSONS.iter().map(|(p, _)| *p).collect();
    assert_eq!(hrefs, expected);
    assert_eq!(
        texts(&home, ".course-lessons li > a"),
        LESSONS
            .iter()
            .map(|(_, t)| t.to_string())
            .collect::<Vec<_>>()
    );
    // The first lesson's duration is its front matter's; the others read in a minute.
    assert_eq!(
        texts(&home, ".course-duration"),
        ["7 min", "1 min", "1 min", "1 min"]
    );
    assert_eq!(texts(&home, ".course-total"), ["About 10 minutes in all."]);
    assert_eq!(attrs(&home, ".course-start a", "href"), ["/skills/notice/"]);
    // What the learner will learn: every lesson's objectives, in order,
    // a list written over several lines included.
    assert_eq!(
        texts(&home, "#course-objectives + ul li"),
        [
            "Name three feelings",
            "Notice where you feel them",
            "Breathe out longer than in",
            "Use it before a hard talk"
        ]
    );
    // The quizzes each lesson holds, for the summary's scores.
    assert_eq!(
        attrs(&home, ".course-lessons li", "data-quizzes"),
        ["check-noticing", "quiz-q1", "", ""]
    );
    assert_eq!(
        attrs(&home, ".course-print-link a", "href"),
        ["/skills/print/"]
    );
    assert!(site.read("course/course.js").contains("rapport:course:"));
    // A section without `course = true` is left alone.
    let other = site.read("other/index.html");
    assert!(!other.contains("rapport-course") && !other.contains("course-lessons"));
    assert!(
        !site
            .read("other/page/index.html")
            .contains("rapport-lesson")
    );
}

#[test]
fn each_lesson_says_where_it_is_and_links_to_the_lessons_around_it() {
    let site = built();
    for (n, (path, title)) in LESSONS.iter().enumerate() {
        let html = scraper::Html::parse_document(&site.read(&format!("{}index.html", &path[1..])));
        assert_eq!(texts(&html, "h1"), [title.to_string()]);
        assert_eq!(
            texts(&html, ".lesson-of"),
            [format!("Lesson {} of 4", n + 1)]
        );
        assert_eq!(attrs(&html, ".lesson-header a", "href"), ["/skills/"]);
        let prev = attrs(&html, ".lesson-nav a[rel=prev]", "href");
        let next = attrs(&html, ".lesson-nav a[rel=next]", "href");
        let want_prev: Vec<String> = n
            .checked_sub(1)
            .map(|p| LESSONS[p].0.to_string())
            .into_iter()
            .collect();
        let want_next: Vec<String> = LESSONS
            .get(n + 1)
            .map(|l| l.0.to_string())
            .into_iter()
            .collect();
        assert_eq!(prev, want_prev, "{path}");
        assert_eq!(next, want_next, "{path}");
        let button = select(&html, ".lesson-done button[data-action=done]");
        assert_eq!(button.len(), 1);
        assert_eq!(button[0].attr("aria-pressed"), Some("false"));
        assert!(button[0].attr("hidden").is_some(), "shown by JavaScript");
    }
    let notice = scraper::Html::parse_document(&site.read("skills/notice/index.html"));
    assert_eq!(
        texts(&notice, ".lesson-objectives li"),
        ["Name three feelings", "Notice where you feel them"]
    );
    assert_eq!(texts(&notice, ".lesson-duration"), ["About 7 minutes"]);
    let plan = scraper::Html::parse_document(&site.read("skills/plan/index.html"));
    assert_eq!(
        texts(&plan, ".lesson-prerequisites"),
        ["Before this lesson: Breathing slowly"]
    );
}

#[test]
fn a_quiz_is_fieldsets_with_legends_and_its_answers_in_details() {
    let site = built();
    let html = scraper::Html::parse_document(&site.read("skills/notice/index.html"));
    let quiz = select(&html, "section.rapport-quiz");
    assert_eq!(quiz.len(), 1);
    assert_eq!(quiz[0].attr("data-quiz"), Some("check-noticing"));
    assert_eq!(quiz[0].attr("data-page"), Some("/skills/notice/"));
    assert_eq!(
        texts(&html, "#quiz-check-noticing-title"),
        ["Check: noticing"]
    );
    assert_eq!(
        texts(&html, ".quiz-question legend"),
        [
            "1. What helps first?",
            "2. Where can a feeling show?",
            "3. Every feeling is allowed."
        ]
    );
    assert_eq!(
        attrs(&html, ".quiz-question", "data-answer"),
        ["2", "1 3", "1"]
    );
    assert_eq!(
        select(&html, ".quiz-question:nth-of-type(1) input[type=radio]").len(),
        3
    );
    assert_eq!(
        select(&html, "[data-question=where] input[type=checkbox]").len(),
        3
    );
    assert_eq!(texts(&html, "[data-question=ok] label"), ["True", "False"]);
    // Every control is labelled, and every question has a live region.
    for input in select(&html, ".rapport-quiz input") {
        let id = input.attr("id").unwrap();
        assert_eq!(
            select(&html, &format!("label[for=\"{id}\"]")).len(),
            1,
            "{id}"
        );
    }
    assert_eq!(select(&html, ".quiz-result[aria-live=polite]").len(), 3);
    // Without JavaScript: the answers and explanations, behind a summary.
    let answers = texts(&html, "details.quiz-answers li");
    assert_eq!(answers.len(), 3);
    assert!(answers[0].contains("Answer: Naming it") && answers[0].contains("first step"));
    assert!(answers[1].contains("Answer: Chest; Shoulders"));
    assert!(answers[2].contains("Answer: True"));
}

#[test]
fn the_print_page_holds_every_lesson_in_order_with_unique_ids() {
    let site = built();
    let html = scraper::Html::parse_document(&site.read("skills/print/index.html"));
    assert_eq!(
        texts(&html, ".course-print-lesson > h2"),
        [
            "Lesson 1 of 4: Noticing feelings",
            "Lesson 2 of 4: Breathing slowly",
            "Lesson 3 of 4: Planning ahead",
            "Lesson 4 of 4: Anchoring"
        ]
    );
    // The lessons' own headings sit one level below.
    assert_eq!(texts(&html, ".course-print-lesson h3")[0], "Naming");
    assert_eq!(
        select(&html, ".course-print-lesson .quiz-answer-line").len(),
        4
    );
    let mut ids = BTreeSet::new();
    for element in select(&html, "[id]") {
        let id = element.attr("id").unwrap();
        assert!(ids.insert(id.to_string()), "the id {id} is used twice");
    }
    for label in select(&html, "label[for]") {
        assert!(ids.contains(label.attr("for").unwrap()));
    }
}

#[test]
fn bad_quizzes_name_the_file_line_and_field() {
    for (body, needles) in [
        (
            "```quiz\n[[questions]]\nkind = \"pick\"\nprompt = \"x\"\n```\n",
            &[
                "content/skills/anchors.md:9:",
                "question 1",
                "unknown kind \"pick\"",
                "single, multiple, truefalse",
            ][..],
        ),
        (
            "```quiz\ntitle = \"t\"\n\n[[questions]]\nkind = \"single\"\nprompt = \"x\"\noptions = [\"a\", \"b\"]\n```\n",
            &[
                "content/skills/anchors.md:11:",
                "question 1 has no correct answer",
                "answer = 2",
            ][..],
        ),
        (
            "```quiz\n[[questions]]\nid = \"same\"\nkind = \"truefalse\"\nprompt = \"x\"\nanswer = true\n\n[[questions]]\nid = \"same\"\nkind = \"truefalse\"\nprompt = \"y\"\nanswer = false\n```\n",
            &[
                "content/skills/anchors.md:15:",
                "question 2",
                "the id \"same\" is used by an earlier question",
            ][..],
        ),
    ] {
        let site = SiteTest::fixture("course");
        site.file(
            "content/skills/anchors.md",
            &format!(
                "+++\ntitle = \"Anchoring\"\nweight = 4\n+++\n## Five things\n\nText.\n{body}"
            ),
        );
        let run = site.build(&[]).fails_with(needles);
        assert!(run.stderr.contains("plugin \"course\""), "{}", run.stderr);
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
    }
    // A course key with the wrong shape names its file.
    let site = SiteTest::fixture("course");
    site.file(
        "content/skills/plan.md",
        "+++\ntitle = \"Planning ahead\"\nweight = 3\nduration = \"ten\"\n+++\nText.\n",
    );
    site.build(&[]).fails_with(&[
        "content/skills/plan.md",
        "`duration` must be a whole number",
    ]);
}

#[test]
fn the_plugin_lives_in_its_crate_and_only_its_name_is_in_the_engine() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut mentions = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            if lower.contains("rapport_course")
                || lower.contains("quiz")
                || lower.contains("lesson")
            {
                mentions.push(format!(
                    "{}:{}: {}",
                    entry.path().display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert_eq!(mentions.len(), 1, "{mentions:#?}");
    assert!(mentions[0].contains("src/plugins/mod.rs"), "{mentions:#?}");
    assert!(
        mentions[0].contains("rapport_course::CoursePlugin"),
        "{mentions:#?}"
    );
}

/// Waits until course.js has set the page up.
const READY: &str = "!!document.querySelector('.quiz-actions:not([hidden]), .course-clear:not([hidden]), button[data-action=done]:not([hidden])')";

#[test]
fn progress_and_quiz_answers_stay_in_the_browser_across_reloads() {
    let browser = browser_or_skip!();
    let site = built();
    let server = Server::serve(&site.public());
    let page = browser.open(&server.url("/skills/"));
    page.wait_for(READY);
    assert_eq!(
        page.eval_string("document.querySelector('.course-start a').textContent"),
        "Start the course"
    );
    assert!(page.eval_json("document.querySelector('.course-complete').hidden") == true);

    // Lesson 1 done, by keyboard: the home then says 1 of 4 and continues at lesson 2.
    page.goto(&server.url("/skills/notice/"));
    page.wait_for(READY);
    page.eval_json(
        "(() => { document.querySelector('button[data-action=done]').focus(); return true; })()",
    );
    page.press("Enter");
    page.wait_for("document.querySelector('button[data-action=done]').getAttribute('aria-pressed') === 'true'");
    assert_eq!(
        page.eval_string("document.querySelector('.lesson-done-status').textContent"),
        "Lesson marked as done."
    );
    assert_eq!(
        page.eval_string(
            "document.querySelector('.rapport-lesson .course-progress-text').textContent"
        ),
        "1 of 4 lessons done"
    );

    // The quiz, by keyboard only: Tab to the first option of question 1,
    // arrows to the second (the right one), Space to tick options.
    page.eval_json(
        "(() => { document.getElementById('quiz-check-noticing-name-1').focus(); return true; })()",
    );
    page.press("ArrowDown");
    assert_eq!(page.focused(), "quiz-check-noticing-name-2");
    page.press("Tab");
    assert_eq!(page.focused(), "quiz-check-noticing-where-1");
    page.press(" ");
    page.press("Tab");
    page.press("Tab");
    assert_eq!(page.focused(), "quiz-check-noticing-where-3");
    page.press(" ");
    page.press("Tab");
    assert_eq!(page.focused(), "quiz-check-noticing-ok-1");
    page.press("ArrowDown");
    assert_eq!(page.focused(), "quiz-check-noticing-ok-2");
    page.eval_json("(() => { document.querySelector('.rapport-quiz button[data-action=check]').focus(); return true; })()");
    page.press("Enter");
    page.wait_for("document.querySelector('.quiz-score').textContent !== ''");
    let score = page.eval_string("document.querySelector('.quiz-score').textContent");
    assert_eq!(score, "2 of 3 right");
    let result = |q: &str| {
        page.eval_string(&format!(
            "document.querySelector('[data-question={q}] .quiz-result').textContent"
        ))
    };
    assert_eq!(
        result("name"),
        "Right. Yes: a name gives it shape. Naming a feeling is the first step."
    );
    assert!(result("where").starts_with("Right."));
    assert_eq!(
        result("ok"),
        "Not quite. Feelings are information, not faults."
    );
    assert!(page.eval_json("document.querySelector('details.quiz-answers').hidden") == true);

    // A reload keeps the answers, the feedback and the score.
    page.reload();
    page.wait_for("document.querySelector('.quiz-score').textContent === '2 of 3 right'");
    assert!(
        page.eval_json("document.getElementById('quiz-check-noticing-where-3').checked") == true
    );
    assert_eq!(
        result("ok"),
        "Not quite. Feelings are information, not faults."
    );
    assert_eq!(
        page.eval_string(
            "document.querySelector('button[data-action=done]').getAttribute('aria-pressed')"
        ),
        "true"
    );

    // The home: a done mark on lesson 1, 1 of 4, and "Continue" to lesson 2.
    page.goto(&server.url("/skills/"));
    page.wait_for(READY);
    assert_eq!(
        page.eval_json(
            "Array.from(document.querySelectorAll('.course-done-mark')).map(m => !m.hidden)"
        ),
        serde_json::json!([true, false, false, false])
    );
    assert_eq!(
        page.eval_string("document.querySelector('.course-progress-text').textContent"),
        "1 of 4 lessons done"
    );
    assert_eq!(
        page.eval_string("document.querySelector('.course-start a').getAttribute('href')"),
        "/skills/breathing/"
    );
    assert!(
        page.eval_string("document.querySelector('.course-start a').textContent")
            .starts_with("Continue where you left off: Breathing slowly")
    );

    // Every lesson done: the home says so, with the summary's dates and score.
    for (path, _) in &LESSONS[1..] {
        page.goto(&server.url(path));
        page.wait_for(READY);
        page.click("button[data-action=done]");
        page.wait_for("document.querySelector('button[data-action=done]').getAttribute('aria-pressed') === 'true'");
    }
    page.goto(&server.url("/skills/"));
    page.wait_for(READY);
    assert!(page.eval_json("document.querySelector('.course-complete').hidden") == false);
    assert!(page.eval_json("document.querySelector('.course-start').hidden") == true);
    let rows = page.eval_json(
        "Array.from(document.querySelectorAll('.course-summary tbody tr')).map(r => Array.from(r.children).map(c => c.textContent))",
    );
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], "Noticing feelings");
    assert!(rows[0][1].as_str().unwrap().starts_with("20"), "{rows:?}");
    assert_eq!(rows[0][2], "2 of 3 right");
    assert_eq!(rows[1][2], "Not yet");

    // Clear on the quiz forgets its answers, after asking.
    page.goto(&server.url("/skills/notice/"));
    page.wait_for(READY);
    page.eval_json(
        "(() => { window.confirm = (m) => { window.__asked = m; return true; }; return true; })()",
    );
    page.click(".rapport-quiz button[data-action=clear]");
    assert!(
        page.eval_string("window.__asked")
            .contains("Clear your answers")
    );
    assert_eq!(
        page.eval_string("document.querySelector('.quiz-score').textContent"),
        ""
    );
    page.reload();
    page.wait_for(READY);
    assert!(page.eval_json("document.querySelectorAll('.rapport-quiz input:checked').length") == 0);
    assert_eq!(
        page.eval_string("document.querySelector('.quiz-score').textContent"),
        ""
    );

    // Clearing progress on the home forgets the lessons done.
    page.goto(&server.url("/skills/"));
    page.wait_for(READY);
    page.eval_json("(() => { window.confirm = () => true; return true; })()");
    page.click("button[data-action=clear-progress]");
    page.reload();
    page.wait_for(READY);
    assert_eq!(
        page.eval_string("document.querySelector('.course-progress-text').textContent"),
        "0 of 4 lessons done"
    );
    assert!(
        page.foreign_requests(&server).is_empty(),
        "{:?}",
        page.foreign_requests(&server)
    );
}

#[test]
fn axe_finds_nothing_on_the_course_home_a_lesson_and_an_answered_quiz() {
    let browser = browser_or_skip!();
    let Some(axe) = crate::theme::axe_source() else {
        return;
    };
    let site = built();
    let server = Server::serve(&site.public());
    let page = browser.open(&server.url("/skills/"));
    let mut failures = Vec::new();
    for path in [
        "/skills/",
        "/skills/breathing/",
        "/skills/notice/",
        "/skills/print/",
    ] {
        page.goto(&server.url(path));
        if path == "/skills/notice/" {
            // Answered and checked, so the feedback is on the page.
            page.wait_for(READY);
            page.click("label[for=quiz-check-noticing-name-1]");
            page.click(".rapport-quiz button[data-action=check]");
            page.wait_for("document.querySelector('.quiz-score').textContent !== ''");
        }
        page.run_script(&axe);
        failures.extend(crate::theme::axe_failures(
            &page,
            path,
            &crate::theme::FOUR_VIEWS,
        ));
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        page.foreign_requests(&server).is_empty(),
        "{:?}",
        page.foreign_requests(&server)
    );
}
