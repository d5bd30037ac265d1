//! The HTML an author wrote inside markdown, read with a real tokenizer
//! (`lol_html`), never with patterns: start tags
//! with their attributes and where each value sits in the source, and the ids
//! an HTML text gives its elements.

use std::cell::RefCell;

use lol_html::{HtmlRewriter, Settings, element};

/// A start tag of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag {
    /// The tag name, lower case (`a`, `img`).
    pub name: String,
    /// Byte offset of the `<` in the fragment.
    pub offset: usize,
    /// Its attributes, in source order.
    pub attrs: Vec<Attribute>,
}

/// An attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The name, lower case.
    pub name: String,
    /// The value with character references decoded.
    pub value: String,
    /// Byte offset of the value (or of the name, for a bare attribute) in the fragment.
    pub offset: usize,
}

impl StartTag {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Adds `range` to `ranges`, joined to the last one when it continues it:
/// pulldown-cmark gives an HTML block line by line.
pub fn join_range(ranges: &mut Vec<std::ops::Range<usize>>, range: &std::ops::Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end == range.start => last.end = range.end,
        _ => ranges.push(range.clone()),
    }
}

/// The URLs an attribute value holds: each candidate of a `srcset`
/// (`a.png 1x, b.png 2x`), else the whole value.
pub fn attribute_urls<'v>(name: &str, value: &'v str) -> Vec<&'v str> {
    if name == "srcset" {
        value
            .split(',')
            .filter_map(|c| c.split_whitespace().next())
            .collect()
    } else {
        vec![value.trim()]
    }
}

/// Every start tag of `fragment`, in order. Text, comments and the contents
/// of `<script>` and `<style>` are skipped as a browser would.
pub fn start_tags(fragment: &str) -> Vec<StartTag> {
    let tags = RefCell::new(Vec::new());
    run(fragment, |el| {
        let offset = el.source_location().bytes().start;
        let attrs = el
            .attributes()
            .iter()
            .map(|a| Attribute {
                name: a.name(),
                // lol_html gives the value as written; a browser decodes `&amp;`.
                value: html_escape::decode_html_entities(&a.value()).into_owned(),
                offset: a
                    .value_source_location()
                    .or_else(|| a.name_source_location())
                    .map_or(offset, |l| l.bytes().start),
            })
            .collect();
        tags.borrow_mut().push(StartTag {
            name: el.tag_name(),
            offset,
            attrs,
        });
    });
    tags.into_inner()
}

/// A page's fragment identifiers. FxHash, not the standard SipHash: every
/// heading's id goes in, and every `#fragment` of every link is looked up
/// (SipHash was 0.9% of a build's instructions; this saved 0.6%).
pub type Anchors = rustc_hash::FxHashSet<String>;

/// Every fragment identifier `html` defines: `id` attributes, and `name` on
/// `<a>` (which browsers still scroll to).
pub fn anchors(html: &str) -> Anchors {
    let ids = RefCell::new(Anchors::default());
    run(html, |el| {
        let decoded = |v: String| html_escape::decode_html_entities(&v).into_owned();
        if let Some(id) = el.get_attribute("id") {
            ids.borrow_mut().insert(decoded(id));
        }
        if el.tag_name() == "a" {
            if let Some(name) = el.get_attribute("name") {
                ids.borrow_mut().insert(decoded(name));
            }
        }
    });
    ids.into_inner()
}

/// A stretch of a page's text that starts at a heading with an id (the
/// first starts at the top, with an empty id and heading).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TextPart {
    /// The heading's id, or empty for the text before the first heading.
    pub id: String,
    /// The heading's text.
    pub heading: String,
    /// The text up to the next heading with an id, whitespace collapsed.
    pub text: String,
}

/// Elements whose text a reader does not read as the page's words (and
/// any element with `aria-hidden="true"` or `data-search-ignore`). A match,
/// not a list searched in turn: every element of every page is asked.
fn is_unread(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "svg" | "noscript" | "button"
    )
}

/// Elements a browser lays out as blocks: their edges separate words.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "div"
            | "br"
            | "hr"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "section"
            | "article"
            | "aside"
            | "figure"
            | "figcaption"
            | "label"
            | "option"
            | "summary"
            | "details"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "caption"
            | "legend"
            | "fieldset"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "address"
    )
}

/// The text of `html` as a reader sees it, split at headings with ids:
/// what the search index stores for excerpts and answers. Character
/// references are decoded and whitespace is collapsed.
pub fn text_parts(html: &str) -> Vec<TextPart> {
    use lol_html::{doc_text, element};
    use std::rc::Rc;

    #[derive(Default)]
    struct State {
        parts: Vec<TextPart>,
        /// Raw (undecoded) text of the current heading and body.
        heading: String,
        text: String,
        in_heading: bool,
        unread: usize,
    }
    let state = Rc::new(RefCell::new(State {
        parts: vec![TextPart::default()],
        ..State::default()
    }));
    fn flush(state: &mut State) {
        let part = state.parts.last_mut().expect("a part");
        append_collapsed(
            &mut part.heading,
            &html_escape::decode_html_entities(&state.heading),
        );
        append_collapsed(
            &mut part.text,
            &html_escape::decode_html_entities(&state.text),
        );
        state.heading.clear();
        state.text.clear();
    }
    let (elements, texts) = (state.clone(), state.clone());
    // One handler for every element, dispatching on its name: lol_html's
    // selector machine for forty selectors cost more than the rest of
    // the reading.
    let settings = Settings::new()
        .append_element_content_handler(element!("*", move |el| {
            let name = el.tag_name();
            let mut s = elements.borrow_mut();
            let hidden = el.get_attribute("aria-hidden").is_some_and(|v| v == "true")
                || el.has_attribute("data-search-ignore");
            if hidden || is_unread(&name) {
                s.unread += 1;
                let end = elements.clone();
                if !on_end(el, move || end.borrow_mut().unread -= 1) {
                    // A void element has no content to leave out.
                    s.unread -= 1;
                }
                return Ok(());
            }
            if s.unread > 0 {
                return Ok(());
            }
            let heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            let id = if heading {
                el.get_attribute("id")
            } else {
                None
            };
            if let Some(id) = id {
                flush(&mut s);
                s.parts.push(TextPart {
                    id: html_escape::decode_html_entities(&id).into_owned(),
                    ..TextPart::default()
                });
                s.in_heading = true;
                let end = elements.clone();
                on_end(el, move || {
                    let mut s = end.borrow_mut();
                    flush(&mut s);
                    s.in_heading = false;
                });
            } else if heading || is_block(&name) {
                // A heading without an id has no anchor to link a result
                // to: its words are the part's text.
                s.text.push(' ');
                let end = elements.clone();
                on_end(el, move || end.borrow_mut().text.push(' '));
            }
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |chunk| {
            let mut s = texts.borrow_mut();
            if s.unread == 0 {
                if s.in_heading {
                    s.heading.push_str(chunk.as_str());
                } else {
                    s.text.push_str(chunk.as_str());
                }
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    if rewriter.write(html.as_bytes()).is_ok() {
        let _ = rewriter.end();
    }
    let mut s = state.borrow_mut();
    flush(&mut s);
    std::mem::take(&mut s.parts)
}

/// Calls `f` at the end tag of `el`; false when it has none (a void element).
fn on_end(el: &mut lol_html::html_content::Element<'_, '_>, f: impl FnOnce() + 'static) -> bool {
    let Some(handlers) = el.end_tag_handlers() else {
        return false;
    };
    handlers.push(Box::new(
        move |_: &mut lol_html::html_content::EndTag<'_>| {
            f();
            Ok(())
        },
    ));
    true
}

/// Appends `text` to `out` with every run of whitespace made one space and
/// none at its ends, after one space when `out` already holds text and
/// `text` has any: straight into the part, with no string of its own.
fn append_collapsed(out: &mut String, text: &str) {
    if text.is_ascii() {
        // Most text: its words found a byte at a time (the standard splitter
        // goes a character at a time) and copied whole (pushed a character
        // at a time, this was a third of the search records' reading).
        // Text already in `out` counts as a word before this one.
        let bytes = text.as_bytes();
        let space = |b: u8| b == b' ' || b.wrapping_sub(b'\t') < 5;
        out.reserve(bytes.len() + 1);
        let mut at = 0;
        while at < bytes.len() {
            while at < bytes.len() && space(bytes[at]) {
                at += 1;
            }
            let start = at;
            while at < bytes.len() && !space(bytes[at]) {
                at += 1;
            }
            if start < at {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..at]);
            }
        }
        return;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// Calls `visit` on every element of `html`. Malformed HTML is read as a
/// browser reads it; the one error lol_html can raise (an ambiguous parse
/// inside foreign content) ends the walk with what was seen so far.
fn run(html: &str, mut visit: impl FnMut(&lol_html::html_content::Element<'_, '_>)) {
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("*", |el| {
            visit(el);
            Ok(())
        })),
        |_: &[u8]| {},
    );
    if rewriter.write(html.as_bytes()).is_ok() {
        let _ = rewriter.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_as_the_standard_splitter_has_it() {
        for text in [
            "",
            "  a  b\t\nc ",
            "one",
            "\u{b}x\u{c}y\u{1c}z",
            "caf\u{e9}\u{a0} ok  ",
        ] {
            let expected: Vec<&str> = text.split_whitespace().collect();
            let mut alone = String::new();
            append_collapsed(&mut alone, text);
            assert_eq!(alone, expected.join(" "), "{text:?}");
            // After text already there: one space between, none if `text`
            // holds no word.
            let mut after = "before".to_string();
            append_collapsed(&mut after, text);
            let mut joined = vec!["before"];
            joined.extend(&expected);
            assert_eq!(after, joined.join(" "), "{text:?}");
        }
    }

    #[test]
    fn text_parts_split_at_headings_with_ids() {
        let parts = text_parts(
            "<p>Intro &amp; more</p><ul><li>one</li><li>two</li></ul>\
             <h2>No id</h2><script>var x = 1;</script><span aria-hidden=\"true\">icon</span>\
             <h2 id=\"q&amp;a\">Why <em>trust</em>?</h2><p>Because.</p><button>Reset</button>",
        );
        assert_eq!(
            parts,
            [
                TextPart {
                    id: String::new(),
                    heading: String::new(),
                    text: "Intro & more one two No id".into(),
                },
                TextPart {
                    id: "q&a".into(),
                    heading: "Why trust?".into(),
                    text: "Because.".into(),
                },
            ]
        );
    }

    #[test]
    fn start_tags_locate_attribute_values() {
        let html = "<p>x</p>\n<a class=x href=\"/a/b/\">y</a><img srcset='a.png 1x, b.png 2x' alt>";
        let tags = start_tags(html);
        let a = tags.iter().find(|t| t.name == "a").unwrap();
        let href = a.attr("href").unwrap();
        assert_eq!(href.value, "/a/b/");
        assert_eq!(&html[href.offset..href.offset + 5], "/a/b/");
        let img = tags.iter().find(|t| t.name == "img").unwrap();
        let srcset = img.attr("srcset").unwrap();
        assert_eq!(&html[srcset.offset..srcset.offset + 5], "a.png");
    }

    #[test]
    fn anchors_include_ids_and_names_not_script_text() {
        let ids = anchors(
            "<div id=\"one\"><a name=\"two\"></a><span name=\"no\"></span></div><script>'<b id=\"three\">'</script>",
        );
        assert!(ids.contains("one") && ids.contains("two"));
        assert!(!ids.contains("no") && !ids.contains("three"));
    }

    #[test]
    fn character_references_are_decoded() {
        let tags = start_tags("<a href=\"/a/?x=1&amp;y=2\">");
        assert_eq!(tags[0].attrs[0].value, "/a/?x=1&y=2");
    }
}
