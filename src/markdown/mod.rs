//! Markdown to HTML: one pass over pulldown-cmark's events per page.
//!
//! This module is the pass: it parses a body, routes each event to the
//! concern that owns it, and gathers their results in [`RenderedMarkdown`].
//! Each concern lives in its own file:
//!
//! 1. `ids`: heading and definition-term ids (from the text or an author's
//!    `{#id}`, checked) and the table of contents;
//! 2. `links`: every link, image and raw-HTML URL recorded with its line
//!    and column, links to content files rewritten to output URLs;
//! 3. `checklists`: task lists as named groups of checkboxes;
//! 4. [`faq`]: the FAQ block rules (shared with [`scan`](crate::markdown::scan)) and
//!    each question's answer;
//! 5. `code`: fenced blocks to plugins or [`highlight`].
//!
//! Words of prose are counted here. Links are only recorded: the link check
//! runs once every page is parsed.

pub mod callouts;
mod checklists;
mod code;
pub mod faq;
pub mod glossary;
pub mod highlight;
mod ids;
mod links;
pub mod media;
pub mod scan;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use rapport_plugin::Plugin;

pub use checklists::{Checklist, ChecklistItem};
pub use faq::Faq;
pub use ids::{TocEntry, heading_level_number};
pub use links::{LinkKind, LinkRef, Written, classify, join_relative};

use crate::error::Diagnostic;
use checklists::{LabelEnd, OpenChecklist};
use code::PendingCode;
use faq::FaqBlock;
use ids::PendingHeading;

/// Words read per minute, for the reading-time estimate.
const WORDS_PER_MINUTE: usize = 200;

/// What the markdown pass knows about the rest of the site.
pub struct MarkdownContext<'a> {
    /// Content path (`trust/a.md`, `trust/_index.md`) -> URL path of everything linkable.
    pub link_targets: &'a HashMap<String, String>,
    /// Content paths of drafts that were left out.
    pub drafts: &'a std::collections::BTreeSet<String>,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// `##` headings that start an FAQ block.
    pub faq_headings: &'a [String],
    /// The plugins that may claim fenced blocks.
    pub plugins: &'a [Box<dyn Plugin>],
    /// The site's language (a BCP 47 tag), for what plugins write.
    pub language: &'a str,
    /// The callout kinds pages may use (`> [!NOTE]`).
    pub callouts: &'a callouts::Callouts,
    /// A link to itself after each heading (`[markdown] heading_links`).
    pub heading_links: bool,
    /// The site's folder, where `static/` is; `None` reads no file.
    pub root: Option<&'a std::path::Path>,
    /// The path of `base_url` (`/`, `/help/`), which root-relative links carry.
    pub base_path: &'a str,
    /// The site's glossary, whose terms link to their definitions.
    pub glossary: Option<&'a glossary::Glossary>,
    /// The files of the content folder that are not markdown, by output
    /// URL path without the base path or a leading `/` (`trust/a/b.png`).
    pub content_files: &'a HashMap<String, std::path::PathBuf>,
    /// The widths of local images' resized copies (`[images] widths`).
    pub image_widths: &'a [u32],
}

/// Which glossary terms a document links (front matter `glossary`,
/// `glossary_skip`).
#[derive(Debug, Clone, Copy)]
pub struct GlossaryUse<'a> {
    /// Whether any term is linked.
    pub enabled: bool,
    /// Terms not linked.
    pub skip: &'a [String],
}

impl Default for GlossaryUse<'_> {
    fn default() -> Self {
        GlossaryUse {
            enabled: true,
            skip: &[],
        }
    }
}

/// One markdown document to render.
pub struct MarkdownSource<'a> {
    /// The file, for messages (`content/trust/a.md`).
    pub file: &'a str,
    /// Its content path, the target of same-page anchors (`trust/a.md`).
    pub content_path: &'a str,
    /// The folder relative links are resolved from.
    pub link_dir: &'a str,
    /// The URL path of the page, for plugins.
    pub page_path: &'a str,
    /// The markdown.
    pub text: &'a str,
    /// The file line where `text` starts.
    pub first_line: usize,
    /// Which glossary terms it links.
    pub glossary: GlossaryUse<'a>,
}

/// A rendered markdown document.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// The HTML of the body.
    pub html: String,
    /// The table of contents (levels 2 and 3).
    pub toc: Vec<TocEntry>,
    /// Every fragment identifier of `html`: heading, footnote, checklist and
    /// checklist item ids, and the ids and `<a name>`s of raw HTML and of
    /// plugin blocks (read with a tokenizer; the rest of the HTML is ours).
    pub anchors: crate::html::Anchors,
    /// Every link, image and raw-HTML URL, checked once the site is assembled.
    pub links: Vec<LinkRef>,
    /// Words of prose (code excluded).
    pub word_count: usize,
    /// Every task list, as an interactive checklist.
    pub checklists: Vec<Checklist>,
    /// Questions of the page's FAQ block.
    pub faqs: Vec<Faq>,
    /// Fenced blocks a plugin rendered, for the plugin's `extend_site`.
    pub plugin_blocks: Vec<rapport_plugin::BlockInfo>,
    /// What the lints read in the body.
    pub scan: scan::Scan,
    /// The terms its definition lists define, for the glossary page.
    pub terms: Vec<glossary::Term>,
}

impl RenderedMarkdown {
    /// Minutes to read at an unhurried pace, at least one.
    pub fn reading_time(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// The markdown Rapport reads (smart punctuation aside, a site setting):
/// every pass over a body parses it the same way.
pub fn syntax() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Renders one markdown document.
pub fn render(
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> Result<RenderedMarkdown, Vec<Diagnostic>> {
    let mut options = syntax();
    if ctx.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    // Collected first so checklists can look ahead at their items.
    // Sized from the text (about one event per 30 bytes of prose): collected
    // from an iterator of unknown length, the list was copied at each doubling.
    let mut events: Vec<(Event<'_>, Range<usize>)> =
        Vec::with_capacity(source.text.len() / 24 + 16);
    events.extend(Parser::new_ext(source.text, options).into_offset_iter());
    let mut pass = Pass::new(source, ctx);
    let mut events = callouts::rewrite(events, source.text, ctx.callouts, &pass.id_scope);
    // About one event out per event in: growing the page's list by doubling
    // copied it over and over (2.5% of a build by perf).
    // A page's own markup (heading anchors, checklist controls) adds some.
    pass.sink.out.reserve(events.len() + events.len() / 4 + 16);
    // The lints read what this pass sees, so a build parses each body once.
    let mut scanner =
        scan::Scanner::new(ctx.faq_headings, scan::Syllables::of_language(ctx.language));
    for index in 0..events.len() {
        let (event, range) = &events[index];
        scanner.event(event, range, source.text, &pass.lines);
        pass.event(&mut events, index);
    }
    let mut scan = scanner.finish(source.text, &pass.lines);
    pass.finish().map(|rendered| {
        // The pass read the media files; the scanner reads only the text.
        scan.media = rendered.scan.media;
        RenderedMarkdown { scan, ..rendered }
    })
}

/// Event `entry` for the pass, which reads each event once: a text is
/// moved out (leaving it empty, as no reader looks back at a text) rather
/// than copied, since a text pulldown-cmark had to rewrite (an entity, a
/// curly quote) is an allocation to copy.
fn take_event<'a>(entry: &mut (Event<'a>, Range<usize>)) -> (Event<'a>, Range<usize>) {
    let event = match &mut entry.0 {
        Event::Text(text) => Event::Text(std::mem::replace(text, CowStr::Borrowed(""))),
        other => other.clone(),
    };
    (event, entry.1.clone())
}

/// Where events go: the page, and also the FAQ answer being captured.
#[derive(Default)]
struct Sink<'a> {
    out: Vec<Event<'a>>,
    answer: Option<Vec<Event<'a>>>,
    answer_text: String,
}

impl<'a> Sink<'a> {
    fn push(&mut self, event: Event<'a>) {
        if let Some(answer) = &mut self.answer {
            match &event {
                Event::Text(t) | Event::Code(t) => self.answer_text.push_str(t),
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(TagEnd::Paragraph)
                | Event::End(TagEnd::Item) => self.answer_text.push(' '),
                _ => {}
            }
            answer.push(event.clone());
        }
        self.out.push(event);
    }
}

/// The state of one markdown pass over a page.
struct Pass<'s, 'c, 'a> {
    source: &'s MarkdownSource<'s>,
    ctx: &'c MarkdownContext<'c>,
    lines: LineIndex,
    sink: Sink<'a>,
    rendered: RenderedMarkdown,
    diagnostics: Vec<Diagnostic>,
    /// FxHash: a few short ids a heading, and SipHash was a hundredth of a build.
    used_ids: rustc_hash::FxHashSet<String>,
    flat_toc: Vec<(u8, String, String)>,
    /// The id and text of the last heading, which names a checklist after it.
    last_heading: Option<(String, String)>,
    /// Which headings are FAQ questions.
    faq: FaqBlock<'c>,
    checklist: Option<OpenChecklist>,
    /// The heading or definition term being read.
    heading: Option<PendingHeading<'a>>,
    /// The code block being read.
    code: Option<PendingCode>,
    /// Source ranges of raw HTML, joined where one continues the other.
    raw_html: Vec<Range<usize>>,
    /// The image being read.
    image: Option<media::PendingImage>,
    /// Images written so far: the first is not loaded lazily.
    images_seen: usize,
    /// The paragraph being read holds only an image written as a block,
    /// so its `<p>` is left out.
    lone_paragraph: bool,
    /// Links open around the text being read: terms are not linked there.
    link_depth: usize,
    /// Glossary terms linked so far, by index.
    glossary_used: HashSet<usize>,
    /// Glossary uses written so far, numbering their ids.
    glossary_count: usize,
    /// Inside a definition (`: ...`), whose text goes to the last term.
    in_definition: bool,
    /// What the ids the pass makes up (callouts, glossary uses) start
    /// with after `rapport-`: from the content path, so answers of many
    /// pages shown together on the FAQ index never share one.
    id_scope: String,
}

impl<'s, 'c, 'a> Pass<'s, 'c, 'a> {
    fn new(source: &'s MarkdownSource<'s>, ctx: &'c MarkdownContext<'c>) -> Self {
        Pass {
            source,
            ctx,
            lines: LineIndex::new(source.text, source.first_line),
            sink: Sink::default(),
            rendered: RenderedMarkdown::default(),
            diagnostics: Vec::new(),
            // The theme's own ids start with `rapport-`, so headings take any id.
            used_ids: Default::default(),
            flat_toc: Vec::new(),
            last_heading: None,
            faq: FaqBlock::new(ctx.faq_headings),
            checklist: None,
            heading: None,
            code: None,
            raw_html: Vec::new(),
            image: None,
            images_seen: 0,
            lone_paragraph: false,
            link_depth: 0,
            glossary_used: HashSet::new(),
            glossary_count: 0,
            in_definition: false,
            id_scope: id_scope(source.content_path),
        }
    }

    /// Routes event `index` of `events`: into the open code block or
    /// heading if there is one, else to the concern it starts.
    fn event(&mut self, events: &mut [(Event<'a>, Range<usize>)], index: usize) {
        let (event, range) = take_event(&mut events[index]);
        let events = &*events;
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            crate::html::join_range(&mut self.raw_html, &range);
        }
        if self.code.is_some() {
            self.code_event(event);
        } else if self.image.is_some() {
            self.image_event(event);
        } else if self.heading.is_some() {
            self.heading_event(event, &range);
        } else {
            self.block_event(event, &range, events, index);
        }
    }

    /// An event outside headings and code blocks.
    fn block_event(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
    ) {
        match event {
            Event::Start(tag @ (Tag::Heading { .. } | Tag::DefinitionListTitle)) => {
                self.start_heading(tag, range.start)
            }
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind, range.start),
            Event::Start(Tag::Image { .. }) => self.start_image(event, range, self.lone_paragraph),
            Event::Start(Tag::Link { .. }) => {
                self.link_depth += 1;
                let event = self.rewrite_link(event, range);
                self.sink.push(event);
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.sink.push(event);
            }
            Event::Start(Tag::DefinitionListDefinition) => {
                self.in_definition = true;
                self.sink.push(event);
            }
            Event::End(TagEnd::DefinitionListDefinition) => {
                self.in_definition = false;
                self.sink.push(event);
            }
            Event::Start(Tag::Paragraph) if media::is_lone_media(events, index) => {
                self.lone_paragraph = true;
            }
            Event::Start(Tag::List(start)) => self.start_list(start, events, index),
            Event::End(TagEnd::List(ordered)) => self.end_list(ordered),
            Event::TaskListMarker(checked) => self.task_marker(checked, events, index, range),
            Event::End(TagEnd::Paragraph) => {
                self.close_label(LabelEnd::Paragraph);
                if !std::mem::take(&mut self.lone_paragraph) {
                    self.sink.push(Event::End(TagEnd::Paragraph));
                }
            }
            Event::End(TagEnd::Item) => {
                self.close_label(LabelEnd::Item);
                self.sink.push(Event::End(TagEnd::Item));
            }
            Event::Start(Tag::Table(_)) => {
                // A wrapper lets wide tables scroll on a phone instead of the page.
                self.sink.push(Event::Html(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">"
                        .into(),
                ));
                self.sink.push(event);
            }
            Event::End(TagEnd::Table) => {
                self.sink.push(event);
                self.sink.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                // pulldown-cmark writes the definition with `id="NAME"`.
                self.rendered.anchors.insert(name.to_string());
                self.sink.push(event);
            }
            Event::Text(text) => {
                self.rendered.word_count += count_words(&text);
                if self.in_definition {
                    if let Some(term) = self.rendered.terms.last_mut() {
                        if !term.definition.is_empty() && !term.definition.ends_with(' ') {
                            term.definition.push(' ');
                        }
                        term.definition.push_str(text.trim_start());
                    }
                }
                self.push_prose(text);
            }
            Event::SoftBreak if self.in_definition => {
                if let Some(term) = self.rendered.terms.last_mut() {
                    term.definition.push(' ');
                }
                self.sink.push(Event::SoftBreak);
            }
            other => self.sink.push(other),
        }
    }

    /// Ends the pass: the last answer, the raw HTML's URLs and ids, then the
    /// HTML, or every problem found.
    fn finish(mut self) -> Result<RenderedMarkdown, Vec<Diagnostic>> {
        self.finish_question();
        for range in std::mem::take(&mut self.raw_html) {
            self.raw_html_links(range);
        }
        if !self.diagnostics.is_empty() {
            return Err(self.diagnostics);
        }
        let mut rendered = self.rendered;
        rendered.toc = ids::nest_toc(self.flat_toc);
        let mut html = String::with_capacity(self.source.text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.sink.out.into_iter());
        rendered.html = html;
        Ok(rendered)
    }
}

/// `trust/a.md` -> `trust-a`: a content path as a part of an id.
fn id_scope(content_path: &str) -> String {
    let stem = content_path.strip_suffix(".md").unwrap_or(content_path);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Turns byte offsets in a document into file line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        // memchr's vector search: lines are short, and the standard
        // library's search starts over at each one.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self { starts, first_line }
    }

    /// The file line holding byte `offset` of the text.
    pub fn line(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&s| s <= offset);
        self.first_line + index.saturating_sub(1)
    }

    /// The file line and 1-based column (in characters) of byte `offset` of
    /// `text`, the text this index was made from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let index = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[index - 1];
        let column = text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        (self.first_line + index - 1, column)
    }
}

/// `text.split_whitespace().count()` without decoding characters: every
/// page's words pass through it, and the standard iterator (a character at
/// a time) was a twentieth of a build. Text without a multi-byte space
/// (U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000) is counted as ASCII by
/// [`count_ascii_words`], since its other multi-byte characters are never
/// spaces; only the lead bytes those spaces start with are decoded.
pub(crate) fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let wide_space = |i: usize| text[i..].chars().next().is_some_and(char::is_whitespace);
    let no_wide_space = || {
        !memchr::memchr3_iter(0xc2, 0xe2, 0xe3, bytes).any(wide_space)
            && !memchr::memchr_iter(0xe1, bytes).any(wide_space)
    };
    if text.is_ascii() || no_wide_space() {
        return count_ascii_words(bytes);
    }
    let mut count = 0;
    let mut after_space = true;
    for (i, &byte) in bytes.iter().enumerate() {
        let space = match byte {
            0..=0x7f => ascii_space(byte),
            // A continuation byte belongs to the character its lead began.
            0x80..=0xbf => after_space,
            0xc2 | 0xe1 | 0xe2 | 0xe3 => wide_space(i),
            _ => false,
        };
        count += usize::from(after_space && !space);
        after_space = space;
    }
    count
}

/// Whether `b` is an ASCII space to `char::is_whitespace` (space, tab,
/// line feed, vertical tab, form feed, carriage return), without branches.
fn ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// [`count_words`] of text whose only spaces are ASCII. A word starts at
/// the first byte unless it is a space, and at every non-space after a
/// space: counted over pairs of bytes, 32 pairs to a byte-sized sum, which
/// the compiler makes vector code (a byte at a time, one step depending on
/// the last, was a thirtieth of a build).
fn count_ascii_words(bytes: &[u8]) -> usize {
    const CHUNK: usize = 32;
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut count = usize::from(!ascii_space(first));
    let (before, after) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    let whole = before.len() / CHUNK * CHUNK;
    for (a, b) in before[..whole]
        .chunks_exact(CHUNK)
        .zip(after[..whole].chunks_exact(CHUNK))
    {
        let mut starts = 0u8;
        for i in 0..CHUNK {
            starts += u8::from(ascii_space(a[i]) & !ascii_space(b[i]));
        }
        count += usize::from(starts);
    }
    for (&a, &b) in before[whole..].iter().zip(&after[whole..]) {
        count += usize::from(ascii_space(a) & !ascii_space(b));
    }
    count
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_the_standard_library_splits_them() {
        for text in [
            "",
            "  one two\tthree\n",
            "caf\u{e9} na\u{ef}ve",
            "a\u{a0}b\u{3000}c\u{2028}d",
            "\u{85}x\u{1680}",
            "\u{b}v\u{c}f\u{1c}g",
            "end.Next — dash",
            "don\u{2019}t \u{201c}quoted\u{201d} \u{2014} caf\u{e9}\u{a9}\u{1f600} x",
            "don\u{2019}t \u{201c}quoted\u{201d}\u{2002}en\u{205f}x\u{202f}y",
        ]
        .into_iter()
        .map(str::to_string)
        .chain((0..300).map(|n| {
            // ASCII of every length up to and past a few 32-byte chunks,
            // spaces of each kind at varying places.
            (0..n)
                .map(|i| match (i * 7 + n) % 11 {
                    0 => ' ',
                    1 => '\n',
                    2 if i % 3 == 0 => '\t',
                    3 if i % 5 == 0 => '\u{b}',
                    4 if i % 4 == 0 => '\u{1c}',
                    _ => char::from(b'a' + (i % 26) as u8),
                })
                .collect()
        })) {
            let text = text.as_str();
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    /// Renders `text` as `content/a/b.md` (starting on line 5), with
    /// `targets` as the site's content paths and URLs.
    pub(crate) fn render_text(
        text: &str,
        targets: &[(&str, &str)],
    ) -> Result<RenderedMarkdown, Vec<Diagnostic>> {
        let targets: HashMap<String, String> = targets
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let drafts = Default::default();
        let headings = vec!["FAQ".to_string(), "Frequently Asked Questions".to_string()];
        let ctx = MarkdownContext {
            language: "en",
            link_targets: &targets,
            drafts: &drafts,
            smart_punctuation: true,
            faq_headings: &headings,
            plugins: &[],
            callouts: &Default::default(),
            heading_links: false,
            root: None,
            base_path: "/",
            glossary: None,
            content_files: &Default::default(),
            image_widths: &[],
        };
        let source = MarkdownSource {
            file: "content/a/b.md",
            content_path: "a/b.md",
            link_dir: "a",
            page_path: "/a/b/",
            text,
            first_line: 5,
            glossary: Default::default(),
        };
        render(&source, &ctx)
    }
}
