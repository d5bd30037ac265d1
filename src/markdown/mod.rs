//! Markdown to HTML: one pass over pulldown-cmark's events per page.
//!
//! The pass gives every heading a stable id and builds the table of contents,
//! rewrites internal links (`@/trust/a.md#x`, `../b.md`) to output URLs,
//! highlights code into CSS classes, hands fenced blocks to plugins that claim
//! their language, and counts words. It records each internal link with its
//! line so the assembly stage can check anchors once every page is parsed.

pub mod highlight;

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use rapport_plugin::{BlockContext, Plugin, escape_html};
use serde::Serialize;

use crate::error::Diagnostic;

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
}

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

/// A place a reader can go from a body, as the author wrote it: a markdown
/// link or image, or a URL attribute of raw HTML. [`crate::links`] checks
/// them once the whole site is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written (`@/a.md#x`, `../b/`, `/c.png`, `https://...`).
    pub dest: String,
    /// What holds it.
    pub kind: LinkKind,
    /// The 1-based line in the source file.
    pub line: usize,
    /// The 1-based column (in characters) of the link or attribute value.
    pub column: usize,
}

/// What holds a [`LinkRef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// A markdown link (`[text](dest)`, `<https://...>`).
    Link,
    /// A markdown image (`![alt](dest)`).
    Image,
    /// A raw HTML attribute (`href`, `src`, `srcset`, `poster`): not
    /// rewritten, so it must already be the URL a browser follows.
    Html(&'static str),
}

impl LinkKind {
    /// How messages name it: "link", "image", "href", ...
    pub fn noun(self) -> &'static str {
        match self {
            LinkKind::Link => "link",
            LinkKind::Image => "image",
            LinkKind::Html(attr) => attr,
        }
    }
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
    pub anchors: HashSet<String>,
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
}

/// A task list, rendered as an interactive checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// The checklist's id, stable while its heading keeps its text.
    pub id: String,
    /// Its name: the nearest heading before it.
    pub title: String,
    /// That heading's id.
    pub heading_id: Option<String>,
    /// Its items, nested ones included, in order.
    pub items: Vec<ChecklistItem>,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// The checkbox's element id.
    pub id: String,
    /// The key its state is saved under (from its text).
    pub key: String,
    /// Its text.
    pub text: String,
    /// Whether the source ticks it (`- [x]`).
    pub checked: bool,
    /// 1 for a top-level item, 2 for a nested one, ...
    pub depth: usize,
    /// Its line in the source file.
    pub line: usize,
}

/// A question of an FAQ block and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Faq {
    /// The question (the `###` heading's text).
    pub question: String,
    /// The question heading's id: the answer's anchor.
    pub id: String,
    /// The answer as HTML.
    pub answer_html: String,
    /// The answer as plain text (for JSON-LD and search).
    pub answer_text: String,
    /// The question's line in the source file.
    pub line: usize,
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
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(source.text, options)
        .into_offset_iter()
        .collect();
    let mut pass = Pass {
        source,
        ctx,
        lines: LineIndex::new(source.text, source.first_line),
        sink: Sink::default(),
        rendered: RenderedMarkdown::default(),
        diagnostics: Vec::new(),
        // The theme's own ids start with `rapport-`, so headings take any id.
        used_ids: HashSet::new(),
        flat_toc: Vec::new(),
        last_heading: None,
        in_faq: false,
        checklist: None,
    };
    let mut heading: Option<PendingHeading<'_>> = None;
    let mut code: Option<PendingCode> = None;
    // Source ranges of raw HTML, joined where one continues the other.
    let mut raw_html: Vec<std::ops::Range<usize>> = Vec::new();

    for index in 0..events.len() {
        let (event, range) = events[index].clone();
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            crate::html::join_range(&mut raw_html, &range);
        }
        if let Some(block) = &mut code {
            match event {
                Event::Text(text) => block.body.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let block = code.take().expect("inside a code block");
                    match render_code_block(&block, source, ctx) {
                        Ok((html, claimed)) => {
                            if claimed {
                                // A plugin's form fields can be linked to.
                                pass.rendered.anchors.extend(crate::html::anchors(&html));
                                pass.rendered.plugin_blocks.push(block_info(
                                    &block.lang,
                                    &block.body,
                                    block.line,
                                ));
                            }
                            pass.sink.push(Event::Html(html.into()))
                        }
                        Err(d) => pass.diagnostics.push(d),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some(pending) = &mut heading {
            match event {
                Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                    let pending = heading.take().expect("inside a heading");
                    match pending.level {
                        Some(_) => pass.finish_heading(pending),
                        None => pass.finish_term(pending, &source.text[range.clone()]),
                    }
                }
                Event::Text(ref text) | Event::Code(ref text) => {
                    pending.text.push_str(text);
                    pass.rendered.word_count += text.split_whitespace().count();
                    pending.events.push(event);
                }
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    let event = pass.rewrite_link(event, &range);
                    pending.events.push(event);
                }
                other => pending.events.push(other),
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(PendingHeading {
                    level: Some(level),
                    custom_id: id,
                    classes,
                    attrs,
                    text: String::new(),
                    events: Vec::new(),
                    line: pass.lines.line(range.start),
                });
            }
            Event::Start(Tag::DefinitionListTitle) => {
                // A term gets an id like a heading, so `#term` links reach it.
                heading = Some(PendingHeading {
                    level: None,
                    custom_id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                    text: String::new(),
                    events: Vec::new(),
                    line: pass.lines.line(range.start),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some(PendingCode {
                    lang,
                    body: String::new(),
                    line: pass.lines.line(range.start),
                });
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                let event = pass.rewrite_link(event, &range);
                pass.sink.push(event);
            }
            Event::Start(Tag::List(start)) => pass.start_list(start, &events, index),
            Event::End(TagEnd::List(ordered)) => pass.end_list(ordered),
            Event::TaskListMarker(checked) => pass.task_marker(checked, &events, index, &range),
            Event::End(TagEnd::Paragraph) => {
                pass.close_label(LabelEnd::Paragraph);
                pass.sink.push(Event::End(TagEnd::Paragraph));
            }
            Event::End(TagEnd::Item) => {
                pass.close_label(LabelEnd::Item);
                pass.sink.push(Event::End(TagEnd::Item));
            }
            Event::Start(Tag::Table(_)) => {
                // A wrapper lets wide tables scroll on a phone instead of the page.
                pass.sink.push(Event::Html(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">"
                        .into(),
                ));
                pass.sink.push(event);
            }
            Event::End(TagEnd::Table) => {
                pass.sink.push(event);
                pass.sink.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                // pulldown-cmark writes the definition with `id="NAME"`.
                pass.rendered.anchors.insert(name.to_string());
                pass.sink.push(event);
            }
            Event::Text(ref text) => {
                pass.rendered.word_count += text.split_whitespace().count();
                if let Some(checklist) = &mut pass.checklist {
                    if checklist.label_end.is_some() {
                        checklist.label_text.push_str(text);
                    }
                }
                pass.sink.push(event);
            }
            other => pass.sink.push(other),
        }
    }
    pass.finish_question();
    for range in raw_html {
        pass.raw_html_links(range);
    }

    if !pass.diagnostics.is_empty() {
        return Err(pass.diagnostics);
    }
    let mut rendered = pass.rendered;
    rendered.toc = nest_toc(pass.flat_toc);
    let mut html = String::with_capacity(source.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.sink.out.into_iter());
    rendered.html = html;
    Ok(rendered)
}

/// The raw HTML attributes that hold a URL a reader's browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "poster"];

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

/// Where a checklist item's label ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelEnd {
    /// A loose item: the label is the first paragraph.
    Paragraph,
    /// A tight item: the label runs to a nested list or the end of the item.
    Item,
}

/// The checklist being rendered.
struct OpenChecklist {
    checklist: Checklist,
    depth: usize,
    label_end: Option<LabelEnd>,
    label_text: String,
    keys: HashSet<String>,
}

/// The state of one markdown pass over a page.
struct Pass<'s, 'c, 'a> {
    source: &'s MarkdownSource<'s>,
    ctx: &'c MarkdownContext<'c>,
    lines: LineIndex,
    sink: Sink<'a>,
    rendered: RenderedMarkdown,
    diagnostics: Vec<Diagnostic>,
    used_ids: HashSet<String>,
    flat_toc: Vec<(u8, String, String)>,
    /// The id and text of the last heading, which names a checklist after it.
    last_heading: Option<(String, String)>,
    /// Inside an FAQ block (after a `##` FAQ heading, before the next `##`).
    in_faq: bool,
    checklist: Option<OpenChecklist>,
}

impl<'a> Pass<'_, '_, 'a> {
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
            // A new `##` or `###` ends the answer being captured.
            self.finish_question();
        }
        if level <= 2 {
            self.in_faq = level == 2
                && self
                    .ctx
                    .faq_headings
                    .iter()
                    .any(|h| h.trim().eq_ignore_ascii_case(&title));
        }
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
        self.sink.push(Event::End(TagEnd::Heading(heading_level)));
        if level == 3 && self.in_faq {
            self.rendered.faqs.push(Faq {
                question: title.clone(),
                id: id.clone(),
                answer_html: String::new(),
                answer_text: String::new(),
                line: pending.line,
            });
            self.sink.answer = Some(Vec::new());
            self.sink.answer_text.clear();
        }
        self.last_heading = Some((id, title));
    }

    /// Stores the captured answer of the current FAQ question, if any.
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

    fn finish_question(&mut self) {
        let Some(events) = self.sink.answer.take() else {
            return;
        };
        let faq = self
            .rendered
            .faqs
            .last_mut()
            .expect("an answer is captured only after its question");
        pulldown_cmark::html::push_html(&mut faq.answer_html, events.into_iter());
        faq.answer_text = self
            .sink
            .answer_text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }

    fn start_list(
        &mut self,
        start: Option<u64>,
        events: &[(Event<'a>, std::ops::Range<usize>)],
        index: usize,
    ) {
        let tag = if start.is_some() { "ol" } else { "ul" };
        if let Some(open) = &mut self.checklist {
            open.depth += 1;
            self.close_label(LabelEnd::Item);
            self.sink.push(Event::Start(Tag::List(start)));
            return;
        }
        if !starts_with_task(events, index + 1) {
            self.sink.push(Event::Start(Tag::List(start)));
            return;
        }
        let (heading_id, title) = self
            .last_heading
            .clone()
            .map(|(id, title)| (Some(id), title))
            .unwrap_or((None, "Checklist".to_string()));
        let base = match &heading_id {
            Some(h) => format!("checklist-{h}"),
            None => "checklist".to_string(),
        };
        let id = unique_id(&base, &mut self.used_ids);
        self.rendered.anchors.insert(id.clone());
        let name = match &heading_id {
            Some(h) => format!("aria-labelledby=\"{}\"", escape_html(h)),
            None => "aria-label=\"Checklist\"".to_string(),
        };
        let start_attr = match start {
            Some(n) if n != 1 => format!(" start=\"{n}\""),
            _ => String::new(),
        };
        self.sink.push(Event::Html(
            format!(
                "<div class=\"checklist\" role=\"group\" {name} id=\"{id}\" data-checklist=\"{id}\" data-page=\"{}\">\n<{tag} class=\"checklist-items\"{start_attr}>\n",
                escape_html(self.source.page_path),
                id = escape_html(&id)
            )
            .into(),
        ));
        self.checklist = Some(OpenChecklist {
            checklist: Checklist {
                id,
                title,
                heading_id,
                items: Vec::new(),
            },
            depth: 1,
            label_end: None,
            label_text: String::new(),
            keys: HashSet::new(),
        });
    }

    fn end_list(&mut self, ordered: bool) {
        let Some(open) = &mut self.checklist else {
            self.sink.push(Event::End(TagEnd::List(ordered)));
            return;
        };
        open.depth -= 1;
        if open.depth > 0 {
            self.sink.push(Event::End(TagEnd::List(ordered)));
            return;
        }
        let open = self.checklist.take().expect("inside a checklist");
        let id = escape_html(&open.checklist.id);
        let tag = if ordered { "ol" } else { "ul" };
        // Progress and reset need JavaScript, so they stay hidden until the script shows them.
        self.sink.push(Event::Html(
            format!(
                "</{tag}>\n<p class=\"checklist-progress\" id=\"{id}-progress\" aria-live=\"polite\" hidden></p>\n<button type=\"button\" class=\"checklist-reset\" aria-describedby=\"{id}-progress\" hidden>Reset</button>\n</div>\n"
            )
            .into(),
        ));
        self.rendered.checklists.push(open.checklist);
    }

    fn task_marker(
        &mut self,
        checked: bool,
        events: &[(Event<'a>, std::ops::Range<usize>)],
        index: usize,
        range: &std::ops::Range<usize>,
    ) {
        let in_paragraph = index > 0 && matches!(events[index - 1].0, Event::Start(Tag::Paragraph));
        let Some(open) = &mut self.checklist else {
            // A task marker outside a checklist cannot happen; keep the box usable anyway.
            self.sink
                .push(Event::Html("<input type=\"checkbox\"> ".into()));
            return;
        };
        let text = label_text(events, index + 1);
        let number = open.checklist.items.len() + 1;
        let item_id = format!("{}-{number}", open.checklist.id);
        let mut key = slug::slugify(&text);
        if key.is_empty() {
            key = number.to_string();
        }
        while !open.keys.insert(key.clone()) {
            key.push('-');
            key.push_str(&number.to_string());
        }
        self.used_ids.insert(item_id.clone());
        self.rendered.anchors.insert(item_id.clone());
        open.checklist.items.push(ChecklistItem {
            id: item_id.clone(),
            key: key.clone(),
            text: text.clone(),
            checked,
            depth: open.depth,
            line: self.lines.line(range.start),
        });
        open.label_end = Some(if in_paragraph {
            LabelEnd::Paragraph
        } else {
            LabelEnd::Item
        });
        open.label_text.clear();
        let checked_attr = if checked { " checked" } else { "" };
        self.sink.push(Event::Html(
            format!(
                "<input type=\"checkbox\" id=\"{item_id}\" data-item=\"{}\"{checked_attr}> <label for=\"{item_id}\">",
                escape_html(&key),
                item_id = escape_html(&item_id)
            )
            .into(),
        ));
    }

    /// Closes an open checklist label if it ends at `end` (or at any item boundary).
    fn close_label(&mut self, end: LabelEnd) {
        if let Some(open) = &mut self.checklist {
            if open.label_end == Some(end) || (end == LabelEnd::Item && open.label_end.is_some()) {
                open.label_end = None;
                self.sink.push(Event::Html("</label>".into()));
            }
        }
    }

    /// Records a markdown link or image and rewrites a link to a content
    /// file (`@/a.md`, `../b.md`) or a same-page anchor to its URL.
    fn rewrite_link(&mut self, event: Event<'a>, range: &std::ops::Range<usize>) -> Event<'a> {
        let (line, column) = self.lines.line_column(self.source.text, range.start);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.record(&dest_url, LinkKind::Link, line, column);
                let href = rewritten_href(&dest_url, self.source, self.ctx);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: href.map(CowStr::from).unwrap_or(dest_url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                self.record(dest_url, LinkKind::Image, line, column);
                event
            }
            other => other,
        }
    }

    fn record(&mut self, dest: &str, kind: LinkKind, line: usize, column: usize) {
        if dest.trim().is_empty() {
            return;
        }
        self.rendered.links.push(LinkRef {
            dest: dest.trim().to_string(),
            kind,
            line,
            column,
        });
    }

    /// Records the URLs in the raw HTML at `range` of the source.
    fn raw_html_links(&mut self, range: std::ops::Range<usize>) {
        let text = self.source.text;
        let fragment = &text[range.clone()];
        for tag in crate::html::start_tags(fragment) {
            for attr in &tag.attrs {
                if attr.name == "id" || (attr.name == "name" && tag.name == "a") {
                    self.rendered.anchors.insert(attr.value.clone());
                }
                let Some(&name) = URL_ATTRIBUTES.iter().find(|a| **a == attr.name) else {
                    continue;
                };
                let at = range.start + attr.offset;
                // Each candidate of a srcset is a link of its own, at its own column.
                let mut from = at;
                for url in crate::html::attribute_urls(name, &attr.value) {
                    let found = text[from..range.end].find(url).map(|i| from + i);
                    from = found.map_or(from, |i| i + url.len());
                    let (line, column) = self.lines.line_column(text, found.unwrap_or(at));
                    self.record(url, LinkKind::Html(name), line, column);
                }
            }
        }
    }
}

/// Whether the list starting at `index` (its first item) is a task list.
fn starts_with_task(events: &[(Event<'_>, std::ops::Range<usize>)], index: usize) -> bool {
    let kinds: Vec<&Event<'_>> = events.iter().skip(index).take(3).map(|(e, _)| e).collect();
    matches!(
        kinds.as_slice(),
        [Event::Start(Tag::Item), Event::TaskListMarker(_), ..]
            | [
                Event::Start(Tag::Item),
                Event::Start(Tag::Paragraph),
                Event::TaskListMarker(_)
            ]
    )
}

/// The plain text of a checklist item's label, which starts at `index`.
fn label_text(events: &[(Event<'_>, std::ops::Range<usize>)], index: usize) -> String {
    let mut text = String::new();
    for (event, _) in &events[index..] {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::Start(Tag::List(_)) => break,
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading (with its level) or a definition term (`None`) being read.
struct PendingHeading<'a> {
    level: Option<HeadingLevel>,
    custom_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    text: String,
    events: Vec<Event<'a>>,
    line: usize,
}

struct PendingCode {
    lang: String,
    body: String,
    line: usize,
}

/// Renders a fenced block: by the first plugin that claims its language,
/// else highlighted. Returns the HTML and whether a plugin claimed it.
fn render_code_block(
    block: &PendingCode,
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> Result<(String, bool), Diagnostic> {
    if !block.lang.is_empty() {
        let block_ctx = BlockContext::new(source.file, block.line, source.page_path);
        for plugin in ctx.plugins {
            if let Some(result) = plugin.render_block(&block.lang, &block.body, &block_ctx) {
                return result.map(|html| (html, true)).map_err(|e| {
                    // Line 1 of the body is the line after the opening fence.
                    let line = block.line + e.line_in_block.unwrap_or(0);
                    let d = Diagnostic::new(
                        source.file,
                        format!("plugin \"{}\": {}", plugin.name(), e.message),
                    )
                    .at_line(line);
                    match e.help {
                        Some(help) => d.with_help(help),
                        None => d.with_help(format!(
                            "see the documentation of the \"{}\" plugin",
                            plugin.name()
                        )),
                    }
                });
            }
        }
    }
    Ok((highlight::highlight_block(&block.lang, &block.body), false))
}

/// Where a destination written in a body points, before the site is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written<'d> {
    /// Another host or scheme (`https:`, `mailto:`, `//host/`).
    External,
    /// An anchor on the same page (`None` for a bare `#`).
    SamePage(Option<&'d str>),
    /// A content file (`@/a.md`, or a relative link ending in `.md`):
    /// its content path and anchor.
    Content(String, Option<&'d str>),
    /// A relative `.md` link that climbs out of `content/`.
    OutsideContent,
    /// A URL path, root-relative or relative to the page, with its anchor
    /// (query strings dropped).
    Url(&'d str, Option<&'d str>),
}

/// Reads `dest` as written in a file whose relative links start in `link_dir`.
pub fn classify<'d>(dest: &'d str, link_dir: &str) -> Written<'d> {
    let (rest, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() && rest.is_empty() {
        return Written::SamePage(anchor.filter(|a| !a.is_empty()));
    }
    if has_scheme(path) || path.starts_with("//") {
        return Written::External;
    }
    if let Some(target) = path.strip_prefix("@/") {
        return Written::Content(target.to_string(), anchor);
    }
    if !path.starts_with('/') && path.ends_with(".md") {
        return match join_relative(link_dir, path) {
            Some(target) => Written::Content(target, anchor),
            None => Written::OutsideContent,
        };
    }
    Written::Url(path, anchor)
}

/// The URL a markdown link to a content file or same-page anchor is written
/// as; `None` keeps the destination (other links, and missing targets, which
/// the link check reports).
fn rewritten_href(
    dest: &str,
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> Option<String> {
    match classify(dest, source.link_dir) {
        // Written with the page's path so the link still works where the
        // text is shown elsewhere (an FAQ answer on /faq/).
        Written::SamePage(Some(_)) => Some(format!("{}{dest}", source.page_path)),
        Written::Content(target, anchor) => {
            let url = ctx.link_targets.get(&target)?;
            Some(match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.clone(),
            })
        }
        _ => None,
    }
}

fn has_scheme(path: &str) -> bool {
    match path.find(':') {
        Some(i) => path[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

/// Joins a relative link to the folder it was written in; `None` if it climbs out of `content/`.
pub fn join_relative(dir: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A claimed block as the plugin API records it.
fn block_info(lang: &str, body: &str, line: usize) -> rapport_plugin::BlockInfo {
    let mut info = rapport_plugin::BlockInfo::default();
    info.lang = lang.to_string();
    info.body = body.to_string();
    info.line = line;
    info
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

impl Pass<'_, '_, '_> {
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

/// Makes an id from heading text, unique on the page.
fn unique_id(text: &str, used: &mut HashSet<String>) -> String {
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

fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
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

/// Turns byte offsets in a document into file line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn render_text(
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
            link_targets: &targets,
            drafts: &drafts,
            smart_punctuation: true,
            faq_headings: &headings,
            plugins: &[],
        };
        let source = MarkdownSource {
            file: "content/a/b.md",
            content_path: "a/b.md",
            link_dir: "a",
            page_path: "/a/b/",
            text,
            first_line: 5,
        };
        render(&source, &ctx)
    }

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

    #[test]
    fn links_resolve_both_ways() {
        let r = render_text(
            "[a](@/c/d.md#x) and [b](../c/d.md)\n",
            &[("c/d.md", "/c/d/")],
        )
        .unwrap();
        assert!(r.html.contains("href=\"/c/d/#x\""), "{}", r.html);
        assert!(r.html.contains("href=\"/c/d/\""));
        assert_eq!(r.links[0].dest, "@/c/d.md#x");
        assert_eq!((r.links[0].line, r.links[0].column), (5, 1));
        assert_eq!((r.links[1].line, r.links[1].column), (5, 21));
    }

    #[test]
    fn missing_targets_are_left_for_the_link_check() {
        let r = render_text("text\n\n[a](@/c/e.md)\n", &[("c/d.md", "/c/d/")]).unwrap();
        assert!(r.html.contains("href=\"@/c/e.md\""));
        assert_eq!(r.links[0].line, 7);
    }

    #[test]
    fn raw_html_urls_and_ids_are_read() {
        let r = render_text(
            "Intro.\n\n<div id=\"raw\">\n<a href=\"/x/\">x</a> <img src=\"a.png\" srcset=\"a.png 1x, é/b.png 2x\" alt=\"\">\n</div>\n\nSee <span id=\"inline\">[y](#raw)</span>.\n\n## Content\n\nNote.[^n]\n\n[^n]: A note.\n",
            &[],
        )
        .unwrap();
        let found: Vec<(&str, usize, usize)> = r
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.line, l.column))
            .collect();
        assert!(found.contains(&("/x/", 8, 10)), "{found:?}");
        assert!(found.contains(&("a.png", 8, 31)), "{found:?}");
        assert!(found.contains(&("a.png", 8, 46)), "{found:?}");
        assert!(found.contains(&("é/b.png", 8, 56)), "{found:?}");
        assert!(found.contains(&("#raw", 11, 23)), "{found:?}");
        for id in ["raw", "inline", "content", "n"] {
            assert!(r.anchors.contains(id), "{id}: {:?}", r.anchors);
        }
    }

    #[test]
    fn destinations_are_classified() {
        assert_eq!(classify("https://x.org/a", "a"), Written::External);
        assert_eq!(classify("//cdn.example/x.js", "a"), Written::External);
        assert_eq!(classify("mailto:a@b.c", "a"), Written::External);
        assert_eq!(classify("#x", "a"), Written::SamePage(Some("x")));
        assert_eq!(
            classify("../b.md#y", "a/c"),
            Written::Content("a/b.md".into(), Some("y"))
        );
        assert_eq!(classify("../../../b.md", "a"), Written::OutsideContent);
        assert_eq!(
            classify("/a/b/?q=1#z", "a"),
            Written::Url("/a/b/", Some("z"))
        );
        assert_eq!(classify("nope/", "a"), Written::Url("nope/", None));
    }

    #[test]
    fn relative_links_cannot_escape_content() {
        assert_eq!(join_relative("a", "../../x.md"), None);
        assert_eq!(join_relative("a/b", "../x.md").as_deref(), Some("a/x.md"));
    }

    #[test]
    fn task_lists_become_labelled_checklists() {
        let r = render_text(
            "## Before you go\n\n- [ ] Pack *water*\n- [x] Charge phone\n  - [ ] Nested one\n\n## Other\n\n- [ ] Again\n",
            &[],
        )
        .unwrap();
        assert_eq!(r.checklists.len(), 2);
        let first = &r.checklists[0];
        assert_eq!(first.id, "checklist-before-you-go");
        assert_eq!(first.title, "Before you go");
        assert_eq!(first.items.len(), 3);
        assert_eq!(first.items[0].text, "Pack water");
        assert_eq!(first.items[2].depth, 2);
        assert!(first.items[1].checked);
        assert!(
            r.html
                .contains("role=\"group\" aria-labelledby=\"before-you-go\"")
        );
        assert!(r.html.contains("<input type=\"checkbox\" id=\"checklist-before-you-go-1\" data-item=\"pack-water\"> <label for=\"checklist-before-you-go-1\">Pack <em>water</em></label>"), "{}", r.html);
        assert!(
            r.html
                .contains("id=\"checklist-before-you-go-2\" data-item=\"charge-phone\" checked")
        );
        // The nested list sits outside the label.
        assert!(r.html.contains("Charge phone</label>\n<ul>"), "{}", r.html);
        assert!(!r.html.contains("disabled"));
    }

    #[test]
    fn checklist_ids_survive_unrelated_edits() {
        let a = render_text("Intro.\n\n## Steps\n\n- [ ] One\n", &[]).unwrap();
        let b = render_text(
            "A new intro paragraph.\n\n## Earlier\n\nMore.\n\n## Steps\n\n- [ ] One\n",
            &[],
        )
        .unwrap();
        assert_eq!(a.checklists[0].id, b.checklists[0].id);
        assert_eq!(a.checklists[0].items[0].id, b.checklists[0].items[0].id);
    }

    #[test]
    fn faq_blocks_become_questions_with_answers() {
        let r = render_text(
            "## Intro\n\n### Not a question\n\nText.\n\n## Frequently asked questions\n\n### Is it private?\n\nMostly *yes*.\n\nSee [here](#intro).\n\n### Can I stop?\n\nAny time.\n\n## After\n\nDone.\n",
            &[],
        )
        .unwrap();
        assert_eq!(r.faqs.len(), 2);
        assert_eq!(r.faqs[0].question, "Is it private?");
        assert_eq!(r.faqs[0].id, "is-it-private");
        assert_eq!(r.faqs[0].answer_text, "Mostly yes. See here.");
        assert!(r.faqs[0].answer_html.contains("<em>yes</em>"));
        assert!(
            r.faqs[0].answer_html.contains("href=\"/a/b/#intro\""),
            "{}",
            r.faqs[0].answer_html
        );
        assert_eq!(r.faqs[1].answer_text, "Any time.");
    }
}
