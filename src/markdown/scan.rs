//! What the lints read in a markdown body: headings, images with their alt
//! text, links with their text, task lists, FAQ questions and the prose (by
//! line) that readability is measured on.
//!
//! A [`Scanner`] is fed the events of the markdown pass ([`crate::markdown::render`]
//! runs one beside its own state), so a build parses each body once; the
//! lints read the result from the rendered page. [`scan`] parses a body on
//! its own, for `rapport check` on loaded pages and for tests. The scanner
//! keeps its own state rather than the renderer's, so neither carries the
//! other's; what they must agree on is shared: the parser options
//! ([`crate::markdown::syntax`]) and the FAQ block rules
//! ([`crate::markdown::faq`]). The prose keeps the author's straight quotes
//! and dashes whether or not the site turns on smart punctuation
//! ([`Scanner::event`] reads those from the source), so the readability
//! counts and the recorded `textstat` values see the same characters.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::faq::{self, FaqBlock};
use crate::markdown::{LineIndex, heading_level_number};
use crate::readability::{self, LONG_SENTENCE_WORDS, TextStats};

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
    /// The prose (paragraphs and list items, without code, tables,
    /// headings or alt text) measured as it was read.
    pub measured: MeasuredProse,
    /// The prose itself, kept only by [`scan`]: a build measures each
    /// block as it reads it rather than keep every page's text.
    pub prose: Vec<ProseBlock>,
    /// Start tags of the raw HTML, where they sit.
    pub html_tags: Vec<ScannedTag>,
    /// Template syntax of other generators outside code, which prints as text.
    pub leftovers: Vec<Leftover>,
    /// Every local image, video and sound, with its file's size and
    /// captions (from the page's own pass; [`scan`] reads no file).
    pub media: Vec<crate::markdown::media::MediaUse>,
}

/// The prose of a body as the lints weigh it, block by block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasuredProse {
    /// Words, sentences and syllables of all blocks.
    pub stats: TextStats,
    /// Sentences of more than [`LONG_SENTENCE_WORDS`] words.
    pub long_sentences: Vec<LongSentence>,
    /// The file line of the first block.
    pub first_line: Option<usize>,
}

/// A sentence of more than [`LONG_SENTENCE_WORDS`] words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongSentence {
    /// Its first line.
    pub line: usize,
    /// Its words.
    pub words: usize,
    /// Its first six words, to name it.
    pub opening: String,
}

/// Whose rules count syllables: a site's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syllables {
    /// English rules (also for languages without rules of their own,
    /// whose reading level is not reported).
    English,
    /// Spanish hyphenation patterns.
    Spanish,
}

impl Syllables {
    /// The rules for the BCP 47 tag `language`.
    pub fn of_language(language: &str) -> Self {
        if readability::is_spanish(language) {
            Syllables::Spanish
        } else {
            Syllables::English
        }
    }
}

impl MeasuredProse {
    /// Adds one block of prose.
    fn add(&mut self, block: &ProseBlock, rules: Syllables) {
        let text = block.sentence_text();
        // Blocks end in sentence punctuation, so their counts add up to
        // those of the whole prose (`Scan::prose_text`).
        let (found, counts) = match rules {
            Syllables::English => readability::measure_english(&text),
            Syllables::Spanish => readability::measure_spanish(&text),
        };
        self.stats.add(counts);
        self.first_line.get_or_insert_with(|| block.line_at(0));
        for sentence in found {
            if sentence.words > LONG_SENTENCE_WORDS {
                let opening: Vec<&str> =
                    text[sentence.start..].split_whitespace().take(6).collect();
                self.long_sentences.push(LongSentence {
                    line: block.line_at(sentence.start),
                    words: sentence.words,
                    opening: opening.join(" "),
                });
            }
        }
    }
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

/// Scans one markdown body, keeping its prose. `first_line` is the file
/// line where it starts; `faq_headings` are the `##` headings that open an
/// FAQ block; `language` picks the syllable rules.
pub fn scan(text: &str, first_line: usize, faq_headings: &[String], language: &str) -> Scan {
    let lines = LineIndex::new(text, first_line);
    let mut scanner = Scanner::new(faq_headings, Syllables::of_language(language));
    scanner.state.keep_prose = true;
    for (event, range) in Parser::new_ext(text, crate::markdown::syntax()).into_offset_iter() {
        scanner.event(&event, &range, text, &lines);
    }
    scanner.finish(text, &lines)
}

/// A [`Scan`] built from the events of a pass over a body.
pub struct Scanner<'h> {
    state: State<'h>,
    code: Vec<std::ops::Range<usize>>,
    raw_html: Vec<std::ops::Range<usize>>,
}

impl<'h> Scanner<'h> {
    /// A scanner for a body whose FAQ blocks open at `faq_headings`,
    /// counting syllables by `rules`.
    pub fn new(faq_headings: &'h [String], rules: Syllables) -> Self {
        Scanner {
            state: State::new(faq_headings, rules),
            code: Vec::new(),
            raw_html: Vec::new(),
        }
    }

    /// Reads one event of `text` (parsed with [`crate::markdown::syntax`],
    /// smart punctuation or not) at `range`.
    pub fn event(
        &mut self,
        event: &Event<'_>,
        range: &std::ops::Range<usize>,
        text: &str,
        lines: &LineIndex,
    ) {
        // Smart punctuation gives a curly quote, a dash or an ellipsis its
        // own text event; the prose keeps what the author typed.
        let typed;
        let event = match event {
            Event::Text(t) if t.len() <= 3 && !t.is_ascii() => match text.get(range.clone()) {
                Some(original @ ("'" | "\"" | "--" | "---" | "...")) => {
                    typed = Event::Text(original.into());
                    &typed
                }
                _ => event,
            },
            other => other,
        };
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => self.code.push(range.clone()),
            Event::Html(_) | Event::InlineHtml(_) => {
                crate::html::join_range(&mut self.raw_html, range)
            }
            _ => {}
        }
        self.state.event(event, lines.line(range.start));
    }

    /// The scan of `text`, whose every event was read.
    pub fn finish(self, text: &str, lines: &LineIndex) -> Scan {
        let Scanner {
            mut state,
            code,
            raw_html,
        } = self;
        state.finish_question();
        state.flush();
        for range in raw_html {
            state.scan.html_tags.extend(
                crate::html::start_tags(&text[range.clone()])
                    .into_iter()
                    .map(|tag| locate_tag(tag, range.start, text, lines)),
            );
        }
        state.scan.leftovers = leftovers(text, &code, lines);
        state.scan
    }
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
    rules: Syllables,
    keep_prose: bool,
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
    /// A measured block's emptied buffers, for the next block: a page has
    /// dozens, and growing each from nothing was most of the scan's
    /// allocations.
    spare: Option<ProseBlock>,
}

impl<'h> State<'h> {
    fn new(faq_headings: &'h [String], rules: Syllables) -> Self {
        State {
            rules,
            keep_prose: false,
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
            spare: None,
        }
    }

    fn event(&mut self, event: &Event<'_>, line: usize) {
        if self.question.is_some() && is_content(event) {
            if let Some(q) = &mut self.question {
                q.answered = true;
            }
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.start_heading(heading_level_number(*level), line)
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
            Event::Text(text) => self.text(text, line),
            Event::Code(code) => {
                // Inline code is not prose, but it is part of a heading or link name.
                if let Some(heading) = &mut self.heading {
                    heading.text.push_str(code);
                }
                for link in &mut self.links {
                    link.text.push_str(code);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.text("\n", line),
            Event::Start(tag) if !is_inline(tag) => self.flush(),
            Event::End(tag) if !is_inline_end(tag) => self.flush(),
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
        let spare = &mut self.spare;
        let block = self
            .block
            .get_or_insert_with(|| spare.take().unwrap_or_default());
        // One mark a line: text on the line of the last mark needs none.
        if block.marks.last().is_none_or(|&(_, last)| last != line) {
            block.marks.push((block.text.len(), line));
        }
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
        if let Some(mut block) = self.block.take() {
            if block.text.chars().any(char::is_alphanumeric) {
                self.scan.measured.add(&block, self.rules);
                if self.keep_prose {
                    self.scan.prose.push(block);
                    return;
                }
            }
            block.text.clear();
            block.marks.clear();
            self.spare = Some(block);
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
        let s = scan(body, 10, &faq(), "en");
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

    /// `body` rendered as `content/a.md` from line 3, as a page's pass does.
    fn render(
        body: &str,
        faq_headings: &[String],
        smart_punctuation: bool,
    ) -> crate::markdown::RenderedMarkdown {
        let targets = Default::default();
        let drafts = Default::default();
        let ctx = crate::markdown::MarkdownContext {
            language: "en",
            link_targets: &targets,
            drafts: &drafts,
            smart_punctuation,
            faq_headings,
            plugins: &[],
            callouts: &Default::default(),
            heading_links: false,
            root: None,
            base_path: "/",
            glossary: None,
            content_files: &Default::default(),
            image_widths: &[],
        };
        let source = crate::markdown::MarkdownSource {
            file: "content/a.md",
            content_path: "a.md",
            link_dir: "",
            page_path: "/a/",
            text: body,
            first_line: 3,
            glossary: Default::default(),
        };
        crate::markdown::render(&source, &ctx).expect("the body renders")
    }

    /// What a scan holds but its kept prose.
    fn comparable(scan: &Scan) -> String {
        format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            scan.headings,
            scan.images,
            scan.links,
            scan.checklists,
            scan.faqs,
            scan.html_tags,
            scan.leftovers,
            scan.measured
        )
    }

    /// The build lints the scan the markdown pass made, with smart
    /// punctuation on: it must be the scan of the body on its own.
    #[test]
    fn the_markdown_pass_scans_as_a_scan_of_its_own() {
        let body = "# \"Trust\" -- it's earned\n\nShe said \"don't\" -- and then... 'quiet'.\n\
                    Second line --- with a [link 'here'](/a/ \"t\") and ![alt \"x\"](i.png).\n\n\
                    - [ ] Ask 'why'...\n- [x] Done -- yes\n\n## FAQ\n\n### Isn't it 'private'?\n\nYes -- always.\n\n\
                    | a | b |\n|---|---|\n| 'x' | y |\n\n<span title=\"it's\">raw</span> {{< hugo >}}\n\n\
                    `code 'quoted'` and &rsquo;entity&rsquo; \\'escaped\\'\n\n\
                    A \"long\" sentence -- one that goes on and on, and 'on', with words and\n\
                    more words -- and then still more words that keep it going well past the\n\
                    point where a reader can hold it all -- ends here.\n";
        let headings = vec!["FAQ".to_string()];
        for smart_punctuation in [true, false] {
            let rendered = render(body, &headings, smart_punctuation);
            let own = scan(body, 3, &headings, "en");
            assert_eq!(
                comparable(&rendered.scan),
                comparable(&own),
                "smart: {smart_punctuation}"
            );
            assert!(
                own.prose
                    .iter()
                    .any(|b| b.text.contains("don't\" -- and then..."))
            );
            assert_eq!(rendered.scan.measured.long_sentences.len(), 1);
            assert!(rendered.scan.prose.is_empty(), "the build keeps no prose");
        }
    }

    /// The lints and the rendered page must agree on what the questions are
    /// (issue 17): both read them through [`crate::markdown::faq`].
    #[test]
    fn faq_questions_agree_with_the_markdown_pass() {
        let body = "# Title\n\n### Before any block?\n\nText.\n\n## faq \n\n### Is it *private*?\n\nYes.\n\n#### A detail\n\nMore.\n\n### Can I use `code`?\n\n### A [linked](#x) question?\n\nAnswer.\n\n> ### Quoted?\n\n# A new part\n\n### Not a question\n\n## Frequently Asked Questions\n\n### Second block?\n\nYes.\n\n## After\n\n### Also not\n";
        let headings = vec!["FAQ".to_string(), " frequently asked questions".to_string()];
        let scanned: Vec<(String, usize)> = scan(body, 3, &headings, "en")
            .faqs
            .into_iter()
            .map(|f| (f.question, f.line))
            .collect();
        let rendered: Vec<(String, usize)> = render(body, &headings, false)
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
