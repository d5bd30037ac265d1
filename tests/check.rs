//! `rapport check` and `rapport new`: every lint once in a fixture, text and
//! JSON output, exit codes, readability against recorded textstat values,
//! the example site, and the starter site.

use std::path::{Path, PathBuf};
use std::process::Command;

use rapport::markdown::scan::scan;
use rapport::readability::TextStats;

use crate::util::{Run, SiteTest, files_below, finding_triples as findings, repo_root, snapshot};

#[test]
fn one_instance_of_every_lint_is_reported_once_with_exit_1() {
    let site = SiteTest::fixture("check-lints");
    let run = site.run(&["check"], &["--format", "json"]);
    assert_eq!(run.code, Some(1), "errors fail the check:\n{}", run.stderr);
    let mut got = findings(&run);
    got.sort();
    let mut expected: Vec<(String, String, Option<u64>)> = [
        ("broken-link", "links.md", 6),
        ("broken-link", "links.md", 8),
        ("csp-blocked", "links.md", 14),
        ("leftover-syntax", "links.md", 16),
        ("link-text", "links.md", 10),
        ("image-alt", "links.md", 12),
        ("multiple-h1", "headings.md", 10),
        ("heading-skip", "headings.md", 14),
        ("reading-level", "hard-words.md", 10),
        ("long-sentence", "long-sentence.md", 6),
        ("stale-review", "stale.md", 4),
        ("missing-reviewer", "no-reviewer.md", 6),
        ("single-item-checklist", "questions.md", 8),
        ("faq-no-answer", "questions.md", 12),
        ("missing-description", "no-description.md", 2),
        ("unknown-lint", "allowed.md", 5),
        ("placeholder-reviewer", "placeholder.md", 4),
        ("checklist-no-heading", "unheaded.md", 6),
    ]
    .into_iter()
    .map(|(code, file, line)| {
        (
            code.to_string(),
            format!("content/guide/{file}"),
            Some(line),
        )
    })
    .collect();
    expected.sort();
    assert_eq!(got, expected, "\nfull output:\n{}", run.stdout);
    // Every code the README documents is exercised here, except build-error,
    // the --external codes (tests/external.rs has a server for those), the
    // translation codes (tests/languages.rs has a bilingual site) and the
    // media codes (tests/components.rs has the video and image files).
    let codes: Vec<&str> = rapport::check::LINTS
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    for code in codes.iter().filter(|c| {
        **c != "build-error"
            && !c.starts_with("external-")
            && !c.ends_with("-translation")
            && !matches!(**c, "video-captions" | "large-image")
    }) {
        assert!(
            got.iter().any(|(c, _, _)| c == code),
            "{code} is not exercised"
        );
    }
}

#[test]
fn allow_lists_in_the_config_and_front_matter_silence_lints() {
    let site = SiteTest::fixture("check-lints");
    let config = std::fs::read_to_string(site.root.join("rapport.toml")).unwrap();
    site.file(
        "rapport.toml",
        &config.replace(
            "[check]\n",
            "[check]\nallow = [\"missing-description\", \"heading-skip\"]\n",
        ),
    );
    let got = findings(&site.run(&["check"], &["--format", "json"]));
    assert!(
        !got.iter()
            .any(|(c, _, _)| c == "missing-description" || c == "heading-skip")
    );
    // The page that allows long-sentence keeps its long sentence unreported.
    assert!(
        !got.iter()
            .any(|(c, f, _)| c == "long-sentence" && f.ends_with("allowed.md"))
    );
    assert!(got.iter().any(|(c, _, _)| c == "multiple-h1"));
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = SiteTest::new("check-strict");
    site.page("a.md", "No description", "A short page.\n");
    let run = site.run(&["check"], &[]).ok();
    assert!(run.stdout.contains("missing-description"), "{}", run.stdout);
    site.run(&["check"], &["--strict"]).fails_with(&[]);
    // The build succeeds and says in one line that check has something to say.
    let built = site.build(&[]).ok();
    assert!(
        built
            .stdout
            .contains("1 check warning; run `rapport check` for details."),
        "{}",
        built.stdout
    );
}

#[test]
fn text_output_is_grouped_by_file_with_source_lines_and_no_colour_when_piped() {
    let site = SiteTest::fixture("check-lints");
    for no_color in [true, false] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
        command.args(["check", "--root"]).arg(&site.root);
        if no_color {
            command.env("NO_COLOR", "1");
        } else {
            command.env_remove("NO_COLOR");
        }
        let run = Run::from(command.output().unwrap());
        assert_eq!(run.code, Some(1));
        let out = &run.stdout;
        assert!(!out.contains('\u{1b}'), "no ANSI codes when piped:\n{out}");
        // One header per file, and each file's findings right under it.
        let headers: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("content/") && l.ends_with(')'))
            .collect();
        assert_eq!(headers.len(), 11, "{out}");
        let links = out
            .find("content/guide/links.md (3 errors, 3 warnings)")
            .unwrap();
        let next = out[links + 1..]
            .find("\ncontent/")
            .map(|i| i + links + 1)
            .unwrap();
        let group = &out[links..next];
        for code in [
            "broken-link",
            "link-text",
            "image-alt",
            "csp-blocked",
            "leftover-syntax",
        ] {
            assert!(
                group.contains(&format!("[{code}]")),
                "{code} under links.md:\n{group}"
            );
        }
        // The source line is shown under the finding, with its number.
        assert!(group.contains("12 | ![](/images/circles.png)"), "{group}");
        assert!(
            out.contains("help: did you mean \"reading-level\"?"),
            "{out}"
        );
        assert!(
            out.trim_end()
                .ends_with("4 errors, 14 warnings in 11 files."),
            "{out}"
        );
    }
}

#[test]
fn a_folder_that_is_not_a_site_is_refused_clearly() {
    let site = SiteTest::new("check-not-a-site");
    std::fs::remove_dir(site.root.join("content")).unwrap();
    site.run(&["check"], &[])
        .fails_with(&["no content/ folder", "rapport new"]);
}

#[test]
fn the_example_site_passes_check_strict() {
    let run = SiteTest::example().run(&["check"], &["--strict"]).ok();
    // Only the note that the Arabic page's reading level is not measured.
    assert!(
        run.stdout.contains("no page in \"ar\" was measured")
            && run.stdout.trim_end().ends_with("1 note in 1 file."),
        "{}",
        run.stdout
    );
}

fn rapport(args: &[&str], dir: &Path) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .arg(dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    )
}

#[test]
fn new_makes_a_site_that_builds_and_asks_for_a_real_reviewer() {
    let base = SiteTest::new("new-site");
    let dir = base.root.join("x");
    let made = rapport(&["new"], &dir).ok();
    assert!(
        made.stdout.contains("Created a new site"),
        "{}",
        made.stdout
    );
    rapport(&["build", "--root"], &dir).ok();
    rapport(&["check", "--root"], &dir).ok();
    // --strict fails until a real reviewer is named, and only for that.
    let strict = rapport(&["check", "--strict", "--format", "json", "--root"], &dir);
    assert_eq!(strict.code, Some(1), "{}", strict.stdout);
    let codes: Vec<String> = crate::util::json_findings(&strict)
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(codes, ["placeholder-reviewer"], "{}", strict.stdout);
    let page_file = dir.join("content/first-steps/your-first-session.md");
    let page_text = std::fs::read_to_string(&page_file).unwrap();
    std::fs::write(
        &page_file,
        page_text.replace(
            "Your reviewer's name and credentials",
            "Dr Ana Ruiz, clinical psychologist",
        ),
    )
    .unwrap();
    rapport(&["check", "--strict", "--root"], &dir).ok();
    let page =
        std::fs::read_to_string(dir.join("public/first-steps/your-first-session/index.html"))
            .unwrap();
    assert!(page.contains("type=\"checkbox\""), "a checklist");
    assert!(page.contains("FAQPage"), "an FAQ");
    assert!(page.contains("worksheet"), "a worksheet");
    let config = std::fs::read_to_string(dir.join("rapport.toml")).unwrap();
    assert!(config.contains("REPLACE THESE EXAMPLE NUMBERS") && config.contains("# [review]"));
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        home.contains("tel:988") && home.contains("rapport-quick-exit"),
        "crisis banner and quick exit are on"
    );
    // A site made here refuses broken links (the default only warns).
    std::fs::write(
        &page_file,
        format!("{page_text}\nSee [the missing page](@/nowhere.md).\n"),
    )
    .unwrap();
    rapport(&["build", "--root"], &dir).fails_with(&[
        "content/first-steps/your-first-session.md:",
        "nowhere.md",
        "broken_links = \"warn\"",
    ]);
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_and_leaves_it_alone() {
    let base = SiteTest::new("new-refused");
    let dir = base.root.join("taken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "my notes").unwrap();
    let before = snapshot(&dir);
    rapport(&["new"], &dir).fails_with(&["not empty", "help:"]);
    assert_eq!(snapshot(&dir), before);
}

/// The readability fixture folder.
fn readability_dir() -> PathBuf {
    repo_root().join("tests/fixtures/readability")
}

/// The example site's pages, as (passage file name, prose after extraction).
/// The prose of the example site's pages in `language` (`en`: files
/// without a language, `es`: the `.es.md` translations), named for their file.
fn example_passages_in(language: &str) -> Vec<(String, String)> {
    // The FAQ headings a site in `language` starts its FAQ blocks with.
    let headings = rapport::config::Config {
        languages: [(language.to_string(), Default::default())].into(),
        ..Default::default()
    }
    .for_language(language)
    .faq
    .headings;
    let content = repo_root().join("content");
    let mut out = Vec::new();
    for (rel, file) in files_below(&content) {
        let stem = rel.trim_end_matches(".md");
        let rel = match (language, stem.rsplit_once('.')) {
            ("en", None) => rel.clone(),
            (code, Some((base, tag))) if tag == code => format!("{base}.md"),
            _ => continue,
        };
        if !rel.ends_with(".md") || rel.ends_with("_index.md") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let split = rapport::content::front_matter::split(&rel, &text, false).unwrap();
        let prose = scan(split.body, split.body_line, &headings, language).prose_text();
        let name = rel
            .trim_end_matches("/index.md")
            .trim_end_matches(".md")
            .replace('/', "-");
        out.push((format!("example-{name}.txt"), prose + "\n"));
    }
    out
}

/// The English passages of the example site.
fn example_passages() -> Vec<(String, String)> {
    example_passages_in("en")
}

/// Rewrites the example site's passages; run before `record.py`.
#[test]
#[ignore = "writes fixtures: run by hand, then run tests/fixtures/readability/record.py"]
fn write_example_passages() {
    for (name, prose) in example_passages() {
        std::fs::write(readability_dir().join("passages").join(name), prose).unwrap();
    }
    for (name, prose) in example_passages_in("es") {
        std::fs::write(readability_dir().join("passages-es").join(name), prose).unwrap();
    }
}

#[test]
fn example_passages_match_the_current_extraction() {
    for (name, prose) in example_passages() {
        let path = readability_dir().join("passages").join(&name);
        let recorded = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            recorded == prose,
            "{name} is out of date: run `cargo test --test tests check::write_example_passages -- --ignored`, then tests/fixtures/readability/record.py"
        );
    }
    let spanish = example_passages_in("es");
    assert!(spanish.len() >= 8, "the example site's Spanish articles");
    for (name, prose) in spanish {
        let path = readability_dir().join("passages-es").join(&name);
        let recorded = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            recorded == prose,
            "passages-es/{name} is out of date: run `cargo test --test tests check::write_example_passages -- --ignored`, then tests/fixtures/readability/record.py"
        );
    }
}

/// Spanish reading ease (Fernández-Huerta, Szigriszt-Pazos/INFLESZ) as
/// textstat computes it with `set_lang("es")`, within half a point, on every
/// recorded Spanish passage.
#[test]
fn spanish_readability_matches_textstat_within_half_a_point() {
    let text = std::fs::read_to_string(readability_dir().join("expected-es.json")).unwrap();
    let record: serde_json::Value = serde_json::from_str(&text).unwrap();
    let passages = record["passages"].as_array().unwrap();
    assert!(passages.len() >= 10, "at least ten Spanish passages");
    let mut report = String::new();
    let mut worst: f64 = 0.0;
    for passage in passages {
        let file = passage["file"].as_str().unwrap();
        let body = std::fs::read_to_string(readability_dir().join(file)).unwrap();
        let stats = TextStats::of_spanish(&body);
        let ours = stats.spanish_scores().unwrap();
        let fh = passage["fernandez_huerta"].as_f64().unwrap();
        let sp = passage["szigriszt_pazos"].as_f64().unwrap();
        let (dfh, dsp) = (
            (ours.fernandez_huerta - fh).abs(),
            (ours.szigriszt_pazos - sp).abs(),
        );
        worst = worst.max(dfh).max(dsp);
        report.push_str(&format!(
            "{file:55} FH {:6.2} vs {fh:6.2} ({dfh:.2})  SP {:6.2} vs {sp:6.2} ({dsp:.2})  syllables {} vs {}\n",
            ours.fernandez_huerta,
            ours.szigriszt_pazos,
            stats.syllables,
            passage["syllables"]
        ));
    }
    assert!(
        worst <= 0.5,
        "a Spanish passage differs by more than 0.5:\n{report}"
    );
    println!("{report}largest difference: {worst:.2}");
}

#[test]
fn readability_matches_textstat_within_half_a_grade() {
    let text = std::fs::read_to_string(readability_dir().join("expected.json")).unwrap();
    let record: serde_json::Value = serde_json::from_str(&text).unwrap();
    let passages = record["passages"].as_array().unwrap();
    assert!(passages.len() >= 10, "at least ten passages");
    let mut report = String::new();
    let mut worst: f64 = 0.0;
    for passage in passages {
        let file = passage["file"].as_str().unwrap();
        let body = std::fs::read_to_string(readability_dir().join(file)).unwrap();
        // Numbers are counted as read aloud ("24" has three syllables);
        // textstat gives each one syllable. Passages with numbers are compared
        // both ways: the figures Rapport reports, and with textstat's rule to
        // show that numbers are the whole difference.
        let has_numbers = body.chars().any(|c| c.is_ascii_digit());
        let ours = if has_numbers {
            let reported = TextStats::of(&body).scores().unwrap();
            report.push_str(&format!(
                "{file:55} as reported (numbers read aloud): FK {:.2}, SMOG {:.2}\n",
                reported.grade, reported.smog
            ));
            TextStats::of_with_numbers_as_one_syllable(&body)
                .scores()
                .unwrap()
        } else {
            TextStats::of(&body).scores().unwrap()
        };
        let grade = passage["flesch_kincaid_grade"].as_f64().unwrap();
        let smog = passage["smog_index"].as_f64().unwrap();
        let (dg, ds) = ((ours.grade - grade).abs(), (ours.smog - smog).abs());
        worst = worst.max(dg).max(ds);
        report.push_str(&format!(
            "{file:55} FK {:6.2} vs {grade:6.2} ({dg:.2})  SMOG {:6.2} vs {smog:6.2} ({ds:.2})\n",
            ours.grade, ours.smog
        ));
        assert!(
            dg <= 0.5 && ds <= 0.5,
            "{file} differs by more than 0.5 grade:\n{report}"
        );
    }
    println!("{report}largest difference: {worst:.2} grade");
}

#[test]
fn other_languages_get_a_note_instead_of_a_reading_grade() {
    let site = SiteTest::new("check-french");
    site.file(
        "rapport.toml",
        "language = \"fr\"\n[review]\nmax_age_months = 1200\n",
    );
    let body = "Les explications techniques sont parfois incompréhensibles. ".repeat(30);
    site.file(
        "content/a.md",
        &format!(
            "+++\ntitle = \"A\"\ndescription = \"Une page.\"\nreviewed_by = \"R\"\nlast_reviewed = 2026-01-01\n[taxonomies]\naudience = [\"clients\"]\n+++\n{body}\n"
        ),
    );
    // A note never fails the check, even with --strict.
    let run = site.run(&["check"], &["--format", "json", "--strict"]).ok();
    let got = findings(&run);
    assert_eq!(
        got,
        vec![("reading-level".into(), "rapport.toml".into(), None)],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"severity\":\"note\""),
        "{}",
        run.stdout
    );
}

#[test]
fn check_json_into_a_reader_that_stops_after_one_line_does_not_panic() {
    // Issue 18: `rapport check --format json | head -1` must end quietly.
    let site = SiteTest::new("check-head-1");
    for n in 0..300 {
        site.page(
            &format!("p{n}.md"),
            &format!("Page {n}"),
            "Read [click here](https://example.org/) for more.\n",
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["check", "--format", "json", "--root"])
        .arg(&site.root)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    drop(stdout); // what `head -1` does after its line
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(first.starts_with('{'), "a JSON finding first: {first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}: {stderr}",
        output.status
    );
}
