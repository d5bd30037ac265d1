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
use rapport_plugin::{BlockContext, Plugin};
use serde::Serialize;

use crate::error::Diagnostic;

/// Ids the default theme uses itself; headings never take them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "content",
    "toc",
    "toc-heading",
    "search",
    "sources-heading",
    "sections-heading",
    "pages-heading",
    "subsections-heading",
];

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

/// A link from one page to another page or anchor, checked after parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target's content path (`trust/a.md`).
    pub target: String,
    /// The anchor, without `#`.
    pub anchor: Option<String>,
    /// The 1-based line of the link in the source file.
    pub line: usize,
}

/// A rendered markdown document.
#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    /// The HTML of the body.
    pub html: String,
    /// The table of contents (levels 2 and 3).
    pub toc: Vec<TocEntry>,
    /// Every id given to an element in `html`.
    pub anchors: HashSet<String>,
    /// Internal links to check once every page is rendered.
    pub links: Vec<InternalLink>,
    /// Words of prose (code excluded).
    pub word_count: usize,
}

impl RenderedMarkdown {
    /// Minutes to read at an unhurried pace, at least one.
    pub fn reading_time(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// Renders one markdown document.
pub fn render(
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> Result<RenderedMarkdown, Vec<Diagnostic>> {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if ctx.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let lines = LineIndex::new(source.text, source.first_line);
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut rendered = RenderedMarkdown::default();
    let mut diagnostics = Vec::new();
    let mut used_ids: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut heading: Option<PendingHeading<'_>> = None;
    let mut code: Option<PendingCode> = None;
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();

    for (event, range) in Parser::new_ext(source.text, options).into_offset_iter() {
        if let Some(block) = &mut code {
            match event {
                Event::Text(text) => block.body.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let block = code.take().expect("inside a code block");
                    match render_code_block(&block, source, ctx) {
                        Ok(html) => out.push(Event::Html(html.into())),
                        Err(d) => diagnostics.push(d),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some(pending) = &mut heading {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    let pending = heading.take().expect("inside a heading");
                    let id = match pending.custom_id {
                        Some(id) => {
                            if !used_ids.insert(id.to_string()) {
                                diagnostics.push(
                                    Diagnostic::new(
                                        source.file,
                                        format!(
                                            "the heading id \"{id}\" is used twice on this page"
                                        ),
                                    )
                                    .at_line(pending.line)
                                    .with_help("give each heading a different {#id}"),
                                );
                            }
                            id.to_string()
                        }
                        None => unique_id(&pending.text, &mut used_ids),
                    };
                    let level = heading_level_number(pending.level);
                    if level <= 3 {
                        flat_toc.push((level, id.clone(), pending.text.trim().to_string()));
                    }
                    rendered.anchors.insert(id.clone());
                    out.push(Event::Start(Tag::Heading {
                        level: pending.level,
                        id: Some(id.into()),
                        classes: pending.classes,
                        attrs: pending.attrs,
                    }));
                    out.extend(pending.events);
                    out.push(Event::End(TagEnd::Heading(pending.level)));
                }
                Event::Text(ref text) | Event::Code(ref text) => {
                    pending.text.push_str(text);
                    rendered.word_count += text.split_whitespace().count();
                    pending.events.push(event);
                }
                Event::Start(Tag::Link { .. }) => {
                    let event = rewrite_link(
                        event,
                        &range,
                        source,
                        ctx,
                        &lines,
                        &mut rendered,
                        &mut diagnostics,
                    );
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
                    level,
                    custom_id: id,
                    classes,
                    attrs,
                    text: String::new(),
                    events: Vec::new(),
                    line: lines.line(range.start),
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
                    line: lines.line(range.start),
                });
            }
            Event::Start(Tag::Link { .. }) => {
                let event = rewrite_link(
                    event,
                    &range,
                    source,
                    ctx,
                    &lines,
                    &mut rendered,
                    &mut diagnostics,
                );
                out.push(event);
            }
            Event::Start(Tag::Table(_)) => {
                // A wrapper lets wide tables scroll on a phone instead of the page.
                out.push(Event::Html(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">".into(),
                ));
                out.push(event);
            }
            Event::End(TagEnd::Table) => {
                out.push(event);
                out.push(Event::Html("</div>".into()));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                rendered.anchors.insert(name.to_string());
                out.push(event);
            }
            Event::Text(ref text) => {
                rendered.word_count += text.split_whitespace().count();
                out.push(event);
            }
            other => out.push(other),
        }
    }

    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    rendered.toc = nest_toc(flat_toc);
    let mut html = String::with_capacity(source.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    rendered.html = html;
    Ok(rendered)
}

struct PendingHeading<'a> {
    level: HeadingLevel,
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

fn render_code_block(
    block: &PendingCode,
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> Result<String, Diagnostic> {
    if !block.lang.is_empty() {
        let block_ctx = BlockContext::new(source.file, block.line, source.page_path);
        for plugin in ctx.plugins {
            if let Some(result) = plugin.render_block(&block.lang, &block.body, &block_ctx) {
                return result.map_err(|e| {
                    // The body starts on the line after the opening fence.
                    let line = block.line + e.line_in_block.unwrap_or(0);
                    let d = Diagnostic::new(
                        source.file,
                        format!("plugin \"{}\": {}", plugin.name(), e.message),
                    )
                    .at_line(line);
                    match e.help {
                        Some(help) => d.with_help(help),
                        None => d,
                    }
                });
            }
        }
    }
    Ok(highlight::highlight_block(&block.lang, &block.body))
}

fn rewrite_link<'a>(
    event: Event<'a>,
    range: &std::ops::Range<usize>,
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
    lines: &LineIndex,
    rendered: &mut RenderedMarkdown,
    diagnostics: &mut Vec<Diagnostic>,
) -> Event<'a> {
    let Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id,
    }) = event
    else {
        return event;
    };
    let line = lines.line(range.start);
    let new_dest = match resolve_link(&dest_url, source, ctx) {
        LinkResolution::External => None,
        LinkResolution::Internal {
            target,
            anchor,
            href,
        } => {
            rendered.links.push(InternalLink {
                target,
                anchor,
                line,
            });
            href
        }
        LinkResolution::Broken(message, help) => {
            diagnostics.push(
                Diagnostic::new(source.file, message)
                    .at_line(line)
                    .with_help(help),
            );
            None
        }
    };
    Event::Start(Tag::Link {
        link_type,
        dest_url: new_dest.map(CowStr::from).unwrap_or(dest_url),
        title,
        id,
    })
}

enum LinkResolution {
    External,
    /// `href` is `None` when the link stays as written (same-page anchors).
    Internal {
        target: String,
        anchor: Option<String>,
        href: Option<String>,
    },
    Broken(String, String),
}

fn resolve_link(
    dest: &str,
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> LinkResolution {
    if let Some(anchor) = dest.strip_prefix('#') {
        return LinkResolution::Internal {
            target: source.content_path.to_string(),
            anchor: (!anchor.is_empty()).then(|| anchor.to_string()),
            href: None,
        };
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let target = if let Some(rest) = path.strip_prefix("@/") {
        rest.to_string()
    } else if has_scheme(path) || path.starts_with('/') || !path.ends_with(".md") {
        return LinkResolution::External;
    } else {
        match join_relative(source.link_dir, path) {
            Some(t) => t,
            None => {
                return LinkResolution::Broken(
                    format!("the link \"{dest}\" points outside content/"),
                    "link to a page inside content/, e.g. @/trust/first-session.md".into(),
                );
            }
        }
    };
    match ctx.link_targets.get(&target) {
        Some(url) => {
            let href = match &anchor {
                Some(a) => format!("{url}#{a}"),
                None => url.clone(),
            };
            LinkResolution::Internal {
                target,
                anchor,
                href: Some(href),
            }
        }
        None if ctx.drafts.contains(&target) => LinkResolution::Broken(
            format!("the link \"{dest}\" points to content/{target}, which is a draft"),
            "publish that page (remove `draft = true`), remove the link, or build with --drafts"
                .into(),
        ),
        None => {
            let near = crate::error::suggest(&target, ctx.link_targets.keys().map(String::as_str));
            let help = match near {
                Some(n) => format!("did you mean @/{n}?"),
                None => {
                    "check the path: links are relative to content/ when they start with @/".into()
                }
            };
            LinkResolution::Broken(
                format!("the link \"{dest}\" points to content/{target}, which does not exist"),
                help,
            )
        }
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
fn join_relative(dir: &str, link: &str) -> Option<String> {
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

fn heading_level_number(level: HeadingLevel) -> u8 {
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
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts, first_line }
    }

    fn line(&self, offset: usize) -> usize {
        let index = self.starts.partition_point(|&s| s <= offset);
        self.first_line + index.saturating_sub(1)
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
        let ctx = MarkdownContext {
            link_targets: &targets,
            drafts: &drafts,
            smart_punctuation: true,
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
    fn links_resolve_both_ways() {
        let r = render_text(
            "[a](@/c/d.md#x) and [b](../c/d.md)\n",
            &[("c/d.md", "/c/d/")],
        )
        .unwrap();
        assert!(r.html.contains("href=\"/c/d/#x\""), "{}", r.html);
        assert!(r.html.contains("href=\"/c/d/\""));
        assert_eq!(r.links[0].anchor.as_deref(), Some("x"));
        assert_eq!(r.links[0].line, 5);
    }

    #[test]
    fn missing_link_names_line_and_suggests() {
        let err = render_text("text\n\n[a](@/c/e.md)\n", &[("c/d.md", "/c/d/")]).unwrap_err();
        assert_eq!(err[0].line, Some(7));
        assert_eq!(err[0].help.as_deref(), Some("did you mean @/c/d.md?"));
    }

    #[test]
    fn relative_links_cannot_escape_content() {
        assert_eq!(join_relative("a", "../../x.md"), None);
        assert_eq!(join_relative("a/b", "../x.md").as_deref(), Some("a/x.md"));
    }
}
