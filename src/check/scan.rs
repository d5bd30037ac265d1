//! The lints' own pass over a markdown body: headings, images with their alt
//! text, links with their text, task lists, FAQ questions and the prose (by
//! line) that readability is measured on.
//!
//! It is separate from [`crate::markdown`] on purpose: that pass renders, this
//! one only looks, so neither has to carry the other's state. What they must
//! agree on is shared: the parser options ([`crate::markdown::syntax`]) and
//! the FAQ block rules ([`crate::markdown::faq`]). It parses
//! without smart punctuation, so the prose keeps the author's straight quotes
//! (the readability counts and the recorded `textstat` values see the same
//! characters).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::faq::{self, FaqBlock};
use crate::markdown::{LineIndex, heading_level_number};

/// What the lints need to know about one markdown body.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Every heading, in order.
    pub headings: Vec<ScannedHeading>,
    /// Every image.
    pub images: Vec<ScannedImage>,
    /// Every link.
    pub links: Vec<ScannedLink>,
    /// Every task list (nested task items count toward their outer list).
    pub checklists: Vec<ScannedChecklist>,
    /// Every question of the FAQ block.
    pub faqs: Vec<ScannedFaq>,
    /// Paragraphs and list items, without code, tables, headings or alt text.
    pub prose: Vec<ProseBlock>,
    /// Start tags of the raw HTML, where they sit.
    pub html_tags: Vec<ScannedTag>,
    /// Template syntax of other generators outside code, which prints as text.
    pub leftovers: Vec<Leftover>,
}

/// A start tag of raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedTag {
    /// The tag name, lower case.
    pub name: String,
    /// Its attributes.
    pub attrs: Vec<ScannedAttr>,
    /// The line of its `<`.
    pub line: usize,
    /// The column of its `<`.
    pub column: usize,
}

/// An attribute of a raw HTML tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedAttr {
    /// The name, lower case.
    pub name: String,
    /// The value, character references decoded.
    pub value: String,
    /// The line of its value.
    pub line: usize,
    /// The column of its value.
    pub column: usize,
}

impl ScannedTag {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&ScannedAttr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Template syntax of another generator (a Hugo shortcode, a Liquid tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// Which generator's syntax it is, for the message.
    pub syntax: &'static str,
    /// The text as written, up to its closing delimiter (or the line's end).
    pub text: String,
    /// Its line.
    pub line: usize,
    /// Its column.
    pub column: usize,
}

/// Openings of other generators' template syntax: (opening, closing, whose).
const LEFTOVER_SYNTAX: &[(&str, &str, &str)] = &[
    ("{{<", ">}}", "a Hugo shortcode"),
    ("{{%", "%}}", "a Hugo shortcode"),
    ("{%", "%}", "a Zola or Jekyll (Liquid) tag"),
    ("{{ site.", "}}", "a Jekyll (Liquid) variable"),
    ("{{ page.", "}}", "a Jekyll (Liquid) variable"),
];

impl Scan {
    /// The prose as one text, block by block: what readability is measured on.
    pub fn prose_text(&self) -> String {
        let blocks: Vec<String> = self.prose.iter().map(ProseBlock::sentence_text).collect();
        blocks.join("\n\n")
    }
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedHeading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Its line in the file.
    pub line: usize,
}

/// An image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedImage {
    /// Where it points.
    pub dest: String,
    /// Its alt text.
    pub alt: String,
    /// Its line in the file.
    pub line: usize,
}

/// A link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedLink {
    /// Where it points.
    pub dest: String,
    /// Its visible text.
    pub text: String,
    /// Whether it wraps an image (whose alt text then names it).
    pub has_image: bool,
    /// Its line in the file.
    pub line: usize,
}

/// A task list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedChecklist {
    /// Task items, nested ones included.
    pub items: usize,
    /// The line of its first item.
    pub line: usize,
    /// Whether a heading comes before it (it names the list, and keys its ticks).
    pub headed: bool,
}

/// A question of the FAQ block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedFaq {
    /// The question.
    pub question: String,
    /// Whether anything follows it before the next question or section.
    pub answered: bool,
    /// Its line in the file.
    pub line: usize,
}

/// A paragraph or list item's text, with the file line of each part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProseBlock {
    /// The text; soft line breaks are kept as `\n`.
    pub text: String,
    /// (byte offset in `text`, file line) where each piece of text starts.
    marks: Vec<(usize, usize)>,
}

impl ProseBlock {
    /// The file line of byte `offset` of the text.
    pub fn line_at(&self, offset: usize) -> usize {
        let index = self.marks.partition_point(|&(start, _)| start <= offset);
        self.marks[index.saturating_sub(1)].1
    }

    /// The text ending in sentence punctuation, so a heading-less list item or
    /// a paragraph ending in a colon never runs into the next block.
    pub fn sentence_text(&self) -> String {
        let trimmed = self.text.trim_end();
        match trimmed.chars().last() {
            Some('.' | '!' | '?') => trimmed.to_string(),
            Some(':' | ';' | ',') => format!("{}.", &trimmed[..trimmed.len() - 1]),
            _ => format!("{trimmed}."),
        }
    }
}

/// Scans one markdown body. `first_line` is the file line where it starts;
/// `faq_headings` are the `##` headings that open an FAQ block.
pub fn scan(text: &str, first_line: usize, faq_headings: &[String]) -> Scan {
    let options = crate::markdown::syntax();
    let lines = LineIndex::new(text, first_line);
    let mut state = State::new(faq_headings);
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    let mut raw_html: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => code.push(range.clone()),
            Event::Html(_) | Event::InlineHtml(_) => crate::html::join_range(&mut raw_html, &range),
            _ => {}
        }
        let line = lines.line(range.start);
        state.event(event, line);
    }
    state.finish_question();
    state.flush();
    for range in raw_html {
        state.scan.html_tags.extend(
            crate::html::start_tags(&text[range.clone()])
                .into_iter()
                .map(|tag| locate_tag(tag, range.start, text, &lines)),
        );
    }
    state.scan.leftovers = leftovers(text, &code, &lines);
    state.scan
}

/// A raw HTML tag found at `start` of `text`, with lines and columns.
fn locate_tag(
    tag: crate::html::StartTag,
    start: usize,
    text: &str,
    lines: &LineIndex,
) -> ScannedTag {
    let (line, column) = lines.line_column(text, start + tag.offset);
    let attrs = tag
        .attrs
        .into_iter()
        .map(|a| {
            let (line, column) = lines.line_column(text, start + a.offset);
            ScannedAttr {
                name: a.name,
                value: a.value,
                line,
                column,
            }
        })
        .collect();
    ScannedTag {
        name: tag.name,
        attrs,
        line,
        column,
    }
}

/// Other generators' template syntax in `text`, outside the `code` ranges.
/// One pass over the `{` characters (a memchr search), as most text has none.
fn leftovers(text: &str, code: &[std::ops::Range<usize>], lines: &LineIndex) -> Vec<Leftover> {
    let mut found: Vec<Leftover> = Vec::new();
    let mut skip_to = 0;
    for (start, _) in text.match_indices('{') {
        if start < skip_to || code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let rest = &text[start..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..line_end];
        let known = LEFTOVER_SYNTAX
            .iter()
            .find(|(open, _, _)| line.starts_with(open))
            .map(|&(open, close, syntax)| (open.len(), close, syntax));
        let (open_len, close, syntax) = match known {
            Some(found) => found,
            None if is_zola_shortcode(line) => (2, "}}", "a Zola shortcode"),
            None => continue,
        };
        let end = line[open_len..]
            .find(close)
            .map_or(line_end, |i| open_len + i + close.len());
        skip_to = start + end;
        let (line_number, column) = lines.line_column(text, start);
        found.push(Leftover {
            syntax,
            text: line[..end].trim_end().to_string(),
            line: line_number,
            column,
        });
    }
    found
}

/// Whether `line` starts with Zola's shortcode call, `{{ name(`.
fn is_zola_shortcode(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("{{") else {
        return false;
    };
    let rest = rest.trim_start_matches(' ');
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    name_len > 0 && rest[name_len..].starts_with('(')
}

/// The scan so far, and what is open at the current event.
struct State<'h> {
    scan: Scan,
    code: usize,
    table: usize,
    heading: Option<ScannedHeading>,
    images: Vec<ScannedImage>,
    links: Vec<ScannedLink>,
    /// For each open list: the checklist its task items count toward.
    lists: Vec<Option<usize>>,
    list_lines: Vec<usize>,
    /// Which headings are FAQ questions: the markdown pass's own rules.
    faq: FaqBlock<'h>,
    question: Option<ScannedFaq>,
    block: Option<ProseBlock>,
}

impl<'h> State<'h> {
    fn new(faq_headings: &'h [String]) -> Self {
        State {
            scan: Scan::default(),
            code: 0,
            table: 0,
            heading: None,
            images: Vec::new(),
            links: Vec::new(),
            lists: Vec::new(),
            list_lines: Vec::new(),
            faq: FaqBlock::new(faq_headings),
            question: None,
            block: None,
        }
    }

    fn event(&mut self, event: Event<'_>, line: usize) {
        if self.question.is_some() && is_content(&event) {
            if let Some(q) = &mut self.question {
                q.answered = true;
            }
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.start_heading(heading_level_number(level), line)
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.code += 1;
            }
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                self.flush();
                self.table += 1;
            }
            Event::End(TagEnd::Table) => self.table = self.table.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) => self.images.push(ScannedImage {
                dest: dest_url.to_string(),
                alt: String::new(),
                line,
            }),
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Start(Tag::Link { dest_url, .. }) => self.links.push(ScannedLink {
                dest: dest_url.to_string(),
                text: String::new(),
                has_image: false,
                line,
            }),
            Event::End(TagEnd::Link) => {
                if let Some(mut link) = self.links.pop() {
                    link.text = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.scan.links.push(link);
                }
            }
            Event::Start(Tag::List(_)) => {
                self.flush();
                self.lists.push(None);
                self.list_lines.push(line);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
                self.list_lines.pop();
            }
            Event::TaskListMarker(_) => self.task_item(line),
            Event::Text(text) => self.text(&text, line),
            Event::Code(code) => {
                // Inline code is not prose, but it is part of a heading or link name.
                if let Some(heading) = &mut self.heading {
                    heading.text.push_str(&code);
                }
                for link in &mut self.links {
                    link.text.push_str(&code);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.text("\n", line),
            Event::Start(tag) if !is_inline(&tag) => self.flush(),
            Event::End(tag) if !is_inline_end(&tag) => self.flush(),
            _ => {}
        }
    }

    fn start_heading(&mut self, level: u8, line: usize) {
        self.flush();
        // Ended at the heading's start, so its text does not answer the question before.
        if faq::ends_answer(level) {
            self.finish_question();
        }
        self.heading = Some(ScannedHeading {
            level,
            text: String::new(),
            line,
        });
    }

    fn end_heading(&mut self) {
        let Some(mut heading) = self.heading.take() else {
            return;
        };
        heading.text = heading.text.trim().to_string();
        if self.faq.read_heading(heading.level, &heading.text) {
            self.question = Some(ScannedFaq {
                question: heading.text.clone(),
                answered: false,
                line: heading.line,
            });
        }
        self.scan.headings.push(heading);
    }

    fn end_image(&mut self) {
        if let Some(mut image) = self.images.pop() {
            image.alt = image.alt.trim().to_string();
            for link in &mut self.links {
                link.has_image = true;
            }
            self.scan.images.push(image);
        }
    }

    fn text(&mut self, text: &str, line: usize) {
        if let Some(image) = self.images.last_mut() {
            image.alt.push_str(text);
            return;
        }
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
            return;
        }
        for link in &mut self.links {
            link.text.push_str(text);
        }
        if self.code > 0 || self.table > 0 {
            return;
        }
        if text == "\n" && self.block.is_none() {
            return;
        }
        let block = self.block.get_or_insert_with(ProseBlock::default);
        block.marks.push((block.text.len(), line));
        block.text.push_str(text);
    }

    fn task_item(&mut self, line: usize) {
        let Some(top) = self.lists.len().checked_sub(1) else {
            return;
        };
        let index = match self.lists[top] {
            Some(index) => index,
            None => {
                // A nested task list belongs to the checklist around it.
                let outer = self.lists[..top].iter().rev().find_map(|l| *l);
                let index = outer.unwrap_or_else(|| {
                    self.scan.checklists.push(ScannedChecklist {
                        items: 0,
                        line: self.list_lines.get(top).copied().unwrap_or(line),
                        headed: !self.scan.headings.is_empty(),
                    });
                    self.scan.checklists.len() - 1
                });
                self.lists[top] = Some(index);
                index
            }
        };
        self.scan.checklists[index].items += 1;
    }

    fn finish_question(&mut self) {
        if let Some(question) = self.question.take() {
            self.scan.faqs.push(question);
        }
    }

    fn flush(&mut self) {
        if let Some(block) = self.block.take() {
            if block.text.chars().any(char::is_alphanumeric) {
                self.scan.prose.push(block);
            }
        }
    }
}

/// Whether an event is part of an answer (anything but a bare line break).
fn is_content(event: &Event<'_>) -> bool {
    match event {
        Event::Text(t) => !t.trim().is_empty(),
        Event::Code(_)
        | Event::Html(_)
        | Event::InlineHtml(_)
        | Event::TaskListMarker(_)
        | Event::Rule => true,
        Event::Start(Tag::Image { .. } | Tag::CodeBlock(_) | Tag::Table(_)) => true,
        _ => false,
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faq() -> Vec<String> {
        vec!["FAQ".to_string()]
    }

    #[test]
    fn collects_what_the_lints_need() {
        let body = "Intro text here.\nSecond line.\n\n## Part {#p}\n\n![](a.png) and [here](x.md).\n\n```\ncode words\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n- [ ] one\n  - [ ] two\n\n## FAQ\n\n### Empty?\n\n### Full?\n\nYes.\n";
        let s = scan(body, 10, &faq());
        assert_eq!(s.headings.len(), 4);
        assert_eq!(s.headings[0].text, "Part");
        assert_eq!(s.headings[0].line, 13);
        assert_eq!(s.images[0].alt, "");
        assert_eq!(s.images[0].line, 15);
        assert_eq!(s.links[0].text, "here");
        assert_eq!(
            s.checklists,
            vec![ScannedChecklist {
                items: 2,
                line: 25,
                headed: true
            }]
        );
        assert_eq!(s.faqs.len(), 2);
        assert!(!s.faqs[0].answered);
        assert!(s.faqs[1].answered);
        let prose: Vec<&str> = s.prose.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            prose,
            [
                "Intro text here.\nSecond line.",
                " and here.",
                "one",
                "two",
                "Yes."
            ]
        );
        assert_eq!(s.prose[0].line_at(17), 11);
    }

    /// The lints and the rendered page must agree on what the questions are
    /// (issue 17): both read them through [`crate::markdown::faq`].
    #[test]
    fn faq_questions_agree_with_the_markdown_pass() {
        let body = "# Title\n\n### Before any block?\n\nText.\n\n## faq \n\n### Is it *private*?\n\nYes.\n\n#### A detail\n\nMore.\n\n### Can I use `code`?\n\n### A [linked](#x) question?\n\nAnswer.\n\n> ### Quoted?\n\n# A new part\n\n### Not a question\n\n## Frequently Asked Questions\n\n### Second block?\n\nYes.\n\n## After\n\n### Also not\n";
        let headings = vec!["FAQ".to_string(), " frequently asked questions".to_string()];
        let scanned: Vec<(String, usize)> = scan(body, 3, &headings)
            .faqs
            .into_iter()
            .map(|f| (f.question, f.line))
            .collect();
        let targets = Default::default();
        let drafts = Default::default();
        let ctx = crate::markdown::MarkdownContext {
            language: "en",
            link_targets: &targets,
            drafts: &drafts,
            smart_punctuation: false,
            faq_headings: &headings,
            plugins: &[],
        };
        let source = crate::markdown::MarkdownSource {
            file: "content/a.md",
            content_path: "a.md",
            link_dir: "",
            page_path: "/a/",
            text: body,
            first_line: 3,
        };
        let rendered: Vec<(String, usize)> = crate::markdown::render(&source, &ctx)
            .unwrap()
            .faqs
            .into_iter()
            .map(|f| (f.question, f.line))
            .collect();
        assert_eq!(scanned, rendered);
        let questions: Vec<&str> = scanned.iter().map(|(q, _)| q.as_str()).collect();
        assert_eq!(
            questions,
            [
                "Is it private?",
                "Can I use code?",
                "A linked question?",
                "Quoted?",
                "Second block?"
            ]
        );
    }
}
