//! A page's markdown: rendered or refused, never a panic; every recorded
//! link sits on a line of the page, and JSON-LD never holds a raw `<`.
//! Callouts (a custom kind too), glossary terms and heading links are on.
#![no_main]

use std::collections::{BTreeSet, HashMap};

use libfuzzer_sys::fuzz_target;
use rapport::markdown::callouts::Callouts;
use rapport::markdown::glossary::{Glossary, Term};
use rapport::markdown::{MarkdownContext, MarkdownSource, render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let targets: HashMap<String, String> =
        [("trust/b.md".to_string(), "/trust/b/".to_string())].into();
    let drafts = BTreeSet::new();
    let faq = vec!["FAQ".to_string()];
    let callouts = Callouts::new("en", [("support", "Support", Some("heart"), Some(("@/trust/b.md", "Help")))]);
    let term = |t: &str| Term {
        term: t.into(),
        id: t.to_lowercase().replace(' ', "-"),
        definition: format!("About {t} <b>."),
    };
    let glossary = Glossary::new("/glossary/", vec![term("Trust"), term("Boundary"), term("Informed consent"), term("CBT")]);
    let files = HashMap::new();
    let ctx = MarkdownContext {
        language: "en",
        link_targets: &targets,
        drafts: &drafts,
        smart_punctuation: data.first().is_some_and(|b| b % 2 == 0),
        faq_headings: &faq,
        plugins: &[],
        callouts: &callouts,
        heading_links: data.first().is_some_and(|b| b % 3 == 0),
        root: None,
        base_path: "/",
        glossary: Some(&glossary),
        content_files: &files,
        image_widths: &[480, 960],
    };
    let source = MarkdownSource {
        file: "content/trust/a.md",
        content_path: "trust/a.md",
        link_dir: "trust",
        page_path: "/trust/a/",
        text,
        first_line: 5,
        glossary: Default::default(),
    };
    let lines = text.lines().count() + 5;
    match render(&source, &ctx) {
        Ok(rendered) => {
            for link in &rendered.links {
                assert!(link.line >= 5 && link.line <= lines + 1, "{link:?}");
            }
        }
        Err(list) => {
            for d in list {
                assert!(d.line.is_none_or(|l| l >= 5 && l <= lines + 1), "{d:?}");
            }
        }
    }
});
