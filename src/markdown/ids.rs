//! Ids: every heading and definition term gets an id unique on the page
//! (from its text, or the author's `{#id}`, checked to a safe alphabet), and
//! headings of levels 2 and 3 make the table of contents.
//!
//! Checklists take their ids from the same set of used ids, so no checklist
//! can collide with a heading.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::{Pass, faq};
use crate::error::Diagnostic;

/// A heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`, ...
    pub level: u8,
    /// The heading's id, the anchor to link to.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Deeper headings under this one.
    pub children: Vec<TocEntry>,
}

/// A heading (with its level) or a definition term (`None`) being read.
pub(super) struct PendingHeading<'a> {
    level: Option<HeadingLevel>,
    custom_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    events: Vec<Event<'a>>,
    line: usize,
}

impl<'a> Pass<'_, '_, 'a> {
    /// Starts reading a heading or a definition term at byte `offset`.
    pub(super) fn start_heading(&mut self, tag: Tag<'a>, offset: usize) {
        let line = self.lines.line(offset);
        let (level, custom_id, classes, attrs) = match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => (Some(level), id, classes, attrs),
            // A term gets an id like a heading, so `#term` links reach it.
            _ => (None, None, Vec::new(), Vec::new()),
        };
        self.heading = Some(PendingHeading {
            level,
            custom_id,
            classes,
            attrs,
            text: String::new(),
            events: Vec::new(),
            line,
        });
    }

    /// Takes an event inside the open heading or term; its end writes it.
    pub(super) fn heading_event(&mut self, event: Event<'a>, range: &Range<usize>) {
        if let Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) = event {
            let pending = self.heading.take().expect("inside a heading");
            let text = self.source.text;
            match pending.level {
                Some(_) => self.finish_heading(pending),
                None => self.finish_term(pending, &text[range.clone()]),
            }
            return;
        }
        let event = match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.rewrite_link(event, range),
            other => other,
        };
        let pending = self.heading.as_mut().expect("inside a heading");
        if let Event::Text(text) | Event::Code(text) = &event {
            pending.text.push_str(text);
            self.rendered.word_count += super::count_words(text);
        }
        pending.events.push(event);
    }

    /// Writes a heading with its id, and notes it for the table of
    /// contents, the FAQ block and the checklists after it.
    fn finish_heading(&mut self, pending: PendingHeading<'a>) {
        let id = match &pending.custom_id {
            Some(id) => {
                if let Some(bad) = self.check_custom_id(id, pending.line) {
                    self.diagnostics.push(bad);
                }
                if !self.used_ids.insert(id.to_string()) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            self.source.file,
                            format!("the heading id \"{id}\" is used twice on this page"),
                        )
                        .at_line(pending.line)
                        .with_help("give each heading a different {#id}"),
                    );
                }
                id.to_string()
            }
            None => unique_id(&pending.text, &mut self.used_ids),
        };
        let heading_level = pending.level.unwrap_or(HeadingLevel::H6);
        let level = heading_level_number(heading_level);
        let title = pending.text.trim().to_string();
        if level <= 3 {
            self.flat_toc.push((level, id.clone(), title.clone()));
        }
        if faq::ends_answer(level) {
            self.finish_question();
        }
        let is_question = self.faq.read_heading(level, &title);
        self.rendered.anchors.insert(id.clone());
        self.sink.push(Event::Start(Tag::Heading {
            level: heading_level,
            id: Some(id.clone().into()),
            classes: pending.classes,
            attrs: pending.attrs,
        }));
        for event in pending.events {
            self.sink.push(event);
        }
        if self.ctx.heading_links {
            // Inside the heading so it sits at the end of its text; left out
            // of search excerpts, and hidden in print by the theme.
            self.sink.push(Event::Html(
                format!(
                    "<a class=\"heading-link\" href=\"#{}\" aria-label=\"{}\" data-search-ignore><span aria-hidden=\"true\">#</span></a>",
                    html_escape::encode_double_quoted_attribute(&id),
                    section_link_label(self.ctx.language),
                )
                .into(),
            ));
        }
        self.sink.push(Event::End(TagEnd::Heading(heading_level)));
        if is_question {
            self.start_question(&title, &id, pending.line);
        }
        self.last_heading = Some((id, title));
    }

    /// Writes a definition term with an id: its own `{#id}` at the end of
    /// the term, as headings take one, else one made from its text.
    fn finish_term(&mut self, mut pending: PendingHeading<'a>, written: &str) {
        // Read from the source: smart punctuation has turned `--` into a dash by now.
        let custom = split_custom_id(written).map(|(_, id)| id.to_string());
        if custom.is_some() {
            // Smart punctuation may have split `{#a--b}` over several texts.
            while let Some(Event::Text(text)) = pending.events.last_mut() {
                match text.rfind("{#") {
                    Some(open) => {
                        *text = text[..open].trim_end().to_string().into();
                        break;
                    }
                    None => {
                        pending.events.pop();
                    }
                }
            }
        }
        let id = match custom {
            Some(id) => {
                if let Some(bad) = self.check_custom_id(&id, pending.line) {
                    self.diagnostics.push(bad);
                }
                if !self.used_ids.insert(id.clone()) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            self.source.file,
                            format!("the id \"{id}\" is used twice on this page"),
                        )
                        .at_line(pending.line)
                        .with_help("give each heading and term a different {#id}"),
                    );
                }
                id
            }
            None => unique_id(&pending.text, &mut self.used_ids),
        };
        self.rendered.anchors.insert(id.clone());
        self.rendered.terms.push(super::glossary::Term {
            term: pending.text.trim().to_string(),
            id: id.clone(),
            definition: String::new(),
        });
        self.sink.push(Event::Html(
            format!(
                "<dt id=\"{}\">",
                html_escape::encode_double_quoted_attribute(&id)
            )
            .into(),
        ));
        for event in pending.events {
            self.sink.push(event);
        }
        self.sink.push(Event::Html("</dt>\n".into()));
    }

    /// An error for an author's `{#id}` on `line` that holds a character
    /// outside [`is_id_char`], pointing at its `#`: ids go into attributes
    /// (`aria-labelledby`, plugins' field ids), so one is refused rather than
    /// trusted to be escaped everywhere.
    fn check_custom_id(&self, id: &str, line: usize) -> Option<Diagnostic> {
        let bad = id.chars().find(|&c| !is_id_char(c))?;
        let text = self
            .source
            .text
            .lines()
            .nth(line.saturating_sub(self.source.first_line))
            .unwrap_or_default();
        let column = text
            .find(&format!("#{id}"))
            .map_or(1, |at| text[..at].chars().count() + 1);
        let mut fixed = slug::slugify(id);
        if fixed.is_empty() {
            fixed = "section".into();
        }
        Some(
            Diagnostic::new(
                self.source.file,
                format!("the id \"{id}\" cannot hold {bad:?}"),
            )
            .at(line, column)
            .with_help(format!(
                "ids take letters, digits, -, _, . and : only: write {{#{fixed}}}"
            )),
        )
    }
}

/// A term's text ending in `{#id}`: the text before it and the id, which
/// [`Pass::check_custom_id`] then checks (one without spaces is meant as an id).
fn split_custom_id(text: &str) -> Option<(&str, &str)> {
    let body = text.trim_end().strip_suffix('}')?;
    let open = body.rfind("{#")?;
    let id = &body[open + 2..];
    let meant = !id.is_empty() && !id.contains(char::is_whitespace);
    meant.then(|| (&text[..open], id))
}

/// Whether `c` may be part of an author's `{#id}` (issue 17): letters and
/// digits of any script (imported ids keep them, as GitHub's do), `-` and
/// `_`, and HTML 4's `.` and `:` (kramdown's `fn:1`, older sites' ids). None
/// of them can close an attribute, open a tag or entity, or end a URL fragment.
fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

/// Makes an id from heading text, unique on the page.
pub(super) fn unique_id(text: &str, used: &mut rustc_hash::FxHashSet<String>) -> String {
    let mut base = slug::slugify(text);
    if base.is_empty() {
        base = "section".into();
    }
    if used.insert(base.clone()) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("an unused id exists")
}

/// A heading's level as a number (`H2` -> 2).
pub fn heading_level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Nests a flat list of (level, id, title) headings: each deeper heading
/// goes under the last shallower one.
pub(super) fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        match toc.last_mut() {
            Some(parent) if parent.level < level => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

/// The accessible name of a heading's link to itself, in `language`.
fn section_link_label(language: &str) -> &'static str {
    match language.split('-').next().unwrap_or_default() {
        "es" => "Enlace a esta sección",
        "fr" => "Lien vers cette section",
        "de" => "Link zu diesem Abschnitt",
        "pt" => "Link para esta seção",
        "zh" => "本节链接",
        "ar" => "رابط إلى هذا القسم",
        _ => "Link to this section",
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::render_text;

    #[test]
    fn headings_get_unique_and_custom_ids() {
        let r = render_text(
            "## Hello there\n\n## Hello there\n\n### Mine {#custom}\n",
            &[],
        )
        .unwrap();
        assert!(r.html.contains("id=\"hello-there\""));
        assert!(r.html.contains("id=\"hello-there-1\""));
        assert!(r.html.contains("id=\"custom\""));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].id, "custom");
    }

    #[test]
    fn definition_terms_get_ids_links_can_reach() {
        let r = render_text(
            "## Settings\n\n`publishDir`\n: The folder [see](#publishdir).\n\nSettings\n: Twice.\n\nMine {#own}\n: Custom.\n",
            &[],
        )
        .unwrap();
        assert!(r.html.contains("<dl>"), "{}", r.html);
        assert!(
            r.html
                .contains("<dt id=\"publishdir\"><code>publishDir</code></dt>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<dt id=\"settings-1\">Settings</dt>"));
        assert!(r.html.contains("<dt id=\"own\">Mine</dt>"), "{}", r.html);
        assert!(r.html.contains("<dd>"));
        for id in ["publishdir", "settings-1", "own"] {
            assert!(r.anchors.contains(id), "{id}");
        }
        assert!(render_text("## Own\n\nTerm {#own}\n: x\n", &[]).is_err());
        let r = render_text("People & body {#people--body}\n: Both.\n", &[]).unwrap();
        assert!(r.anchors.contains("people--body"), "{}", r.html);
        assert!(r.html.contains(">People &amp; body</dt>"), "{}", r.html);
    }
}
