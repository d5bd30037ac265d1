//! Incremental rebuilds (`rapport::session`): after each kind of edit, the
//! files an update hands out, laid over the previous output, must equal a
//! fresh whole build byte for byte; and edits that can be done in part are.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use rapport::output::OutputFile;
use rapport::pipeline::{Session, Update};

use crate::util::SiteTest;

type Output = BTreeMap<String, Vec<u8>>;

/// Collects what a build hands to its sink.
fn collect(
    run: impl FnOnce(&(dyn Fn(String, OutputFile) -> rapport::error::Result<()> + Sync)),
) -> Output {
    let files = Mutex::new(Output::new());
    run(&|path, file| {
        let bytes = match file {
            OutputFile::Generated(bytes) => bytes,
            OutputFile::Embedded(bytes) => bytes.to_vec(),
            OutputFile::Copied(source) => std::fs::read(source).unwrap(),
        };
        let earlier = files.lock().unwrap().insert(path.clone(), bytes);
        assert!(earlier.is_none(), "{path} was written twice");
        Ok(())
    });
    files.into_inner().unwrap()
}

/// A session over a copy of the example site, and the output it serves.
struct Served {
    site: SiteTest,
    session: Session,
    output: Output,
}

impl Served {
    fn start() -> Served {
        let site = SiteTest::example();
        let mut session = None;
        let output = collect(|sink| {
            session = Some(Session::start(&site.root, false, None, sink).unwrap().0);
        });
        Served {
            site,
            session: session.unwrap(),
            output,
        }
    }

    /// Replaces `from` with `to` in the site file `rel`.
    fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let path = self.site.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        path
    }

    /// Updates after `changed`; returns whether it was whole and how many files it wrote.
    fn update(&mut self, changed: &[PathBuf]) -> rapport::error::Result<(bool, usize)> {
        let mut result = None;
        let made = collect(|sink| result = Some(self.session.update(changed, sink)));
        let (whole, summary) = match result.unwrap()? {
            Update::Whole(s) => (true, s),
            Update::Partial(s) => (false, s),
        };
        assert_eq!(summary.files, made.len(), "the summary counts every file");
        if whole {
            self.output = made;
        } else {
            self.output.extend(made);
            // As `rapport serve` does after a partial update: index again, beside it.
            // Every language's index, each under its folder (`es/search-index/`).
            for (prefix, records) in self.session.search_records_by_language() {
                let bundle = format!("{prefix}{}", rapport::search::BUNDLE_DIR);
                self.output.retain(|path, _| !path.starts_with(&bundle));
                self.output.extend(
                    records
                        .index()
                        .unwrap()
                        .into_iter()
                        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes)),
                );
            }
        }
        Ok((whole, summary.files))
    }

    /// The output equals a fresh whole build of the site as it is now.
    fn assert_current(&self) {
        let fresh = collect(|sink| {
            Session::start(&self.site.root, false, None, sink).unwrap();
        });
        let paths = |o: &Output| o.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&self.output), paths(&fresh), "the same files");
        for (path, bytes) in &fresh {
            assert!(
                self.output[path] == *bytes,
                "{path} differs from a fresh build:\n{}",
                String::from_utf8_lossy(&self.output[path])
            );
        }
    }
}

const PAGE: &str = "content/trust/building-trust-in-therapy.md";

#[test]
fn a_text_edit_renders_only_what_shows_the_page() {
    let mut served = Served::start();
    let total = served.output.len();
    // Emphasise the first word of the body: new HTML, the same words.
    let text = std::fs::read_to_string(served.site.root.join(PAGE)).unwrap();
    let body = &text[text.rfind("+++\n").unwrap() + 4..];
    let word = body.split_whitespace().next().unwrap().to_string();
    let path = served.edit(PAGE, &format!("\n{word} "), &format!("\n*{word}* "));
    let (whole, files) = served.update(&[path]).unwrap();
    assert!(!whole);
    // The page, the sitemap and the feed; listings show nothing that changed.
    assert_eq!(files, 3, "of {total} files");
    let page =
        String::from_utf8_lossy(&served.output["trust/building-trust-in-therapy/index.html"])
            .into_owned();
    assert!(page.contains(&format!("<em>{word}</em>")), "{page}");
    served.assert_current();
}

#[test]
fn title_weight_faq_and_term_edits_match_a_whole_build() {
    let mut served = Served::start();
    // A new weight moves the page to the end of its section: new neighbours.
    let path = served.edit(PAGE, "weight = 1", "weight = 9");
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();

    let path = served.edit(
        PAGE,
        "title = \"Building trust in therapy\"",
        "title = \"Trust in therapy\"",
    );
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();

    let path = served.edit(
        PAGE,
        "description = \"What trust",
        "description = \"How trust",
    );
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();

    // A new date reorders term listings; a long addition changes the reading time.
    let path = served.edit(PAGE, "date = 2026-03-14", "date = 2025-01-02");
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();
    let words = "More words to read here. ".repeat(300);
    let path = served.edit(PAGE, "\n+++\n", &format!("\n+++\n\n{words}\n"));
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();

    // A term the site already has: in part. A new term: whole.
    let path = served.edit(PAGE, "\"first sessions\", ", "\"empathy\", ");
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();
    let path = served.edit(PAGE, "\"empathy\", ", "\"a brand new term\", ");
    assert!(served.update(&[path]).unwrap().0);
    served.assert_current();

    // An FAQ answer's new words, then a new question, appear on /faq/.
    let path = served.edit(
        PAGE,
        "trust a therapist?\n\n",
        "trust a therapist?\n\nA new first sentence of the answer. ",
    );
    assert!(!served.update(&[path]).unwrap().0);
    assert!(
        String::from_utf8_lossy(&served.output["faq/index.html"])
            .contains("A new first sentence of the answer.")
    );
    served.assert_current();
    let faq_page = "content/boundaries/confidentiality-and-its-limits.md";
    let text = std::fs::read_to_string(served.site.root.join(faq_page)).unwrap();
    assert!(text.contains("## Frequently Asked Questions"));
    let path = served.site.root.join(faq_page);
    std::fs::write(
        &path,
        format!("{text}\n### Is this a new question?\n\nYes, added while serving.\n"),
    )
    .unwrap();
    assert!(!served.update(&[path]).unwrap().0);
    let faq = String::from_utf8_lossy(&served.output["faq/index.html"]).into_owned();
    assert!(faq.contains("Is this a new question?"));
    served.assert_current();
}

#[test]
fn structural_edits_rebuild_whole() {
    let mut served = Served::start();
    let path = served.edit(
        PAGE,
        "+++\ntitle",
        "+++\nslug = \"trust-in-therapy\"\ntitle",
    );
    assert!(served.update(&[path]).unwrap().0, "a new URL");
    assert!(
        served
            .output
            .contains_key("trust/trust-in-therapy/index.html")
    );
    assert!(
        !served
            .output
            .contains_key("trust/building-trust-in-therapy/index.html")
    );
    served.assert_current();

    let added = served.site.root.join("content/trust/a-new-page.md");
    std::fs::write(&added, "+++\ntitle = \"A new page\"\n+++\n\nHello.\n").unwrap();
    assert!(
        served.update(std::slice::from_ref(&added)).unwrap().0,
        "an added page"
    );
    served.assert_current();
    std::fs::remove_file(&added).unwrap();
    assert!(served.update(&[added]).unwrap().0, "a deleted page");
    served.assert_current();

    let template = served.site.root.join("templates/page.html");
    served.site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p>custom</p>{% endblock content %}",
    );
    assert!(served.update(&[template]).unwrap().0, "a template");
    served.assert_current();
}

#[test]
fn a_failed_update_keeps_the_session_and_the_fix_applies() {
    let mut served = Served::start();
    let path = served.edit(
        PAGE,
        "+++\n\n",
        "+++\n\nSee [nowhere](@/trust/nowhere.md).\n\n",
    );
    let error = served
        .update(std::slice::from_ref(&path))
        .unwrap_err()
        .to_string();
    assert!(error.contains("nowhere"), "{error}");
    let path = served.edit(PAGE, "See [nowhere](@/trust/nowhere.md).", "Fixed.");
    served.update(&[path]).unwrap();
    served.assert_current();

    // Broken front matter: the error names the file; the next save recovers.
    let path = served.edit(PAGE, "weight = 1", "weight = ");
    let error = served
        .update(std::slice::from_ref(&path))
        .unwrap_err()
        .to_string();
    assert!(error.contains("building-trust-in-therapy.md"), "{error}");
    let path = served.edit(PAGE, "weight = \n", "weight = 1\n");
    assert!(!served.update(&[path]).unwrap().0, "still in part");
    served.assert_current();
}

#[test]
fn a_file_that_came_and_went_renders_nothing() {
    let mut served = Served::start();
    let before = served.output.clone();
    let gone = served.site.root.join("content/trust/4913");
    assert_eq!(served.update(&[gone]).unwrap(), (false, 0));
    assert_eq!(served.output, before);
}

#[test]
fn an_edit_in_one_language_renders_in_part_there_and_in_its_untranslated_copies() {
    let mut served = Served::start();
    // A translation: only the Spanish pages that show it.
    let path = served.edit(
        "content/trust/building-trust-in-therapy.es.md",
        "## ",
        "Una frase nueva.\n\n## ",
    );
    let (whole, files) = served.update(&[path]).unwrap();
    assert!(!whole && files < served.output.len() / 4, "{files} files");
    served.assert_current();
    // An original that Arabic shows untranslated: both languages' pages.
    let path = served.edit(
        "content/trust/when-trust-is-hard.md",
        "## ",
        "A new sentence.\n\n## ",
    );
    let (whole, _) = served.update(&[path]).unwrap();
    assert!(!whole);
    assert!(
        String::from_utf8_lossy(&served.output["ar/trust/when-trust-is-hard/index.html"])
            .contains("A new sentence.")
    );
    served.assert_current();
}

#[test]
fn lesson_edits_update_the_course_in_part_and_match_a_whole_build() {
    // The course plugin replaces the bodies of the course home and every
    // lesson: an update puts the markdown's bodies back before it runs
    // again, and renders whatever it changed beyond the edited page.
    const LESSON: &str = "content/getting-ready/your-first-appointment.md";
    let mut served = Served::start();
    let path = served.edit(
        LESSON,
        "title = \"Your first appointment\"",
        "title = \"The first appointment\"",
    );
    let (whole, files) = served.update(&[path]).unwrap();
    assert!(!whole);
    assert!(files < 40, "{files} files for a renamed lesson");
    for neighbour in ["what-therapy-is", "privacy-and-consent"] {
        let html = String::from_utf8_lossy(
            &served.output[&format!("getting-ready/{neighbour}/index.html")],
        )
        .into_owned();
        assert!(html.contains("The first appointment"), "{neighbour}");
    }
    served.assert_current();

    let path = served.edit(LESSON, "weight = 2", "weight = 9");
    assert!(!served.update(&[path]).unwrap().0);
    served.assert_current();

    let path = served.edit(LESSON, "duration = 8", "duration = 12");
    assert!(!served.update(&[path]).unwrap().0);
    let home = String::from_utf8_lossy(&served.output["getting-ready/index.html"]).into_owned();
    assert!(
        home.contains("12 min"),
        "the course home shows the new time"
    );
    served.assert_current();

    // A text edit of another page leaves the course's pages alone.
    let path = served.edit(
        "content/trust/building-trust-in-therapy.md",
        "weight = 1",
        "weight = 1",
    );
    let (whole, files) = served.update(&[path]).unwrap();
    assert!(!whole && files < 20, "{files}");
    served.assert_current();
}
