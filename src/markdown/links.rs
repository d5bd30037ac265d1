//! Links: every markdown link, image and raw-HTML URL of a body recorded
//! with its line and column ([`LinkRef`]), and links to content files and
//! same-page anchors rewritten to output URLs.
//!
//! Destinations are only read here ([`classify`]); whether they lead
//! anywhere is [`crate::links`]' question, once the whole site is known.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::{MarkdownContext, MarkdownSource, Pass};

/// The raw HTML attributes that hold a URL a reader's browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "poster"];

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

impl<'a> Pass<'_, '_, 'a> {
    /// Records a markdown link or image and rewrites a link to a content
    /// file (`@/a.md`, `../b.md`) or a same-page anchor to its URL.
    pub(super) fn rewrite_link(&mut self, event: Event<'a>, range: &Range<usize>) -> Event<'a> {
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

    /// Records the URLs and ids in the raw HTML at `range` of the source.
    pub(super) fn raw_html_links(&mut self, range: Range<usize>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::render_text;

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
}
