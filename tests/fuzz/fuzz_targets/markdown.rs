//! A page's markdown: rendered or refused, never a panic; every recorded
//! link sits on a line of the page, and JSON-LD never holds a raw `<`.
#![no_main]

use std::collections::{BTreeSet, HashMap};

use libfuzzer_sys::fuzz_target;
use rapport::markdown::{MarkdownContext, MarkdownSource, render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let targets: HashMap<String, String> =
        [("trust/b.md".to_string(), "/trust/b/".to_string())].into();
    let drafts = BTreeSet::new();
    let faq = vec!["FAQ".to_string()];
    let ctx = MarkdownContext {
        language: "en",
        link_targets: &targets,
        drafts: &drafts,
        smart_punctuation: data.first().is_some_and(|b| b % 2 == 0),
        faq_headings: &faq,
        plugins: &[],
    };
    let source = MarkdownSource {
        file: "content/trust/a.md",
        content_path: "trust/a.md",
        link_dir: "trust",
        page_path: "/trust/a/",
        text,
        first_line: 5,
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
