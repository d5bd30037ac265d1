//! Callouts: a block quote that opens with `[!KIND]` (GitHub's alert
//! syntax) becomes a titled box with an icon, `role="note"` and the title as
//! its accessible name.
//!
//! The five GitHub kinds are built in (`NOTE`, `TIP`, `IMPORTANT`,
//! `WARNING`, `CAUTION`); a site adds its own in `[callouts.KIND]`, with a
//! title, an icon and a link shown at the end of every box. Unlike GitHub,
//! the marker may carry a title: `> [!TIP] Before your session`.
//!
//! pulldown-cmark's own alert parsing (`ENABLE_GFM`) knows only the five
//! kinds and no title, so the marker is read from the source here, before
//! the pass and the lints see the events: both then read the same body.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

/// The icons a callout kind may name: the built-in kinds' own, and `heart`.
pub const ICONS: &[&str] = &["note", "tip", "important", "warning", "caution", "heart"];

/// The path data of each icon in [`ICONS`], drawn on a 24-unit grid with a
/// 2-unit round stroke.
const ICON_PATHS: &[(&str, &str)] = &[
    (
        "note",
        "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 11v6M12 7.5v.5",
    ),
    (
        "tip",
        "M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.7.7 1 1.5 1 2.5h6c0-1 .3-1.8 1-2.5A6 6 0 0 0 12 3z",
    ),
    ("important", "M4 4h16v12H9l-5 4zM12 7v4M12 13.5v.5"),
    ("warning", "M12 3 2 20h20zM12 9v5M12 16.5v.5"),
    ("caution", "M8 2h8l6 6v8l-6 6H8l-6-6V8zM12 7v6M12 16v.5"),
    (
        "heart",
        "M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z",
    ),
];

/// One kind of callout, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalloutKind {
    /// The title shown when the marker gives none.
    pub title: String,
    /// One of [`ICONS`].
    pub icon: String,
    /// A link (as written, `@/get-help.md`) and its text, shown last.
    pub link: Option<(String, String)>,
}

/// Every kind a site's pages may use, by lowercase name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Callouts {
    kinds: HashMap<String, CalloutKind>,
}

impl Callouts {
    /// The built-in kinds titled in `language`, with the site's `custom`
    /// kinds over them: (name, title, icon, link and its text).
    pub fn new<'c>(
        language: &str,
        custom: impl IntoIterator<
            Item = (
                &'c str,
                &'c str,
                Option<&'c str>,
                Option<(&'c str, &'c str)>,
            ),
        >,
    ) -> Self {
        let titles = built_in_titles(language);
        let mut kinds: HashMap<String, CalloutKind> = ICONS[..5]
            .iter()
            .zip(titles)
            .map(|(&name, title)| {
                let kind = CalloutKind {
                    title: title.to_string(),
                    icon: name.to_string(),
                    link: None,
                };
                (name.to_string(), kind)
            })
            .collect();
        for (name, title, icon, link) in custom {
            let built_in = kinds.get(name).map(|k| k.icon.clone());
            kinds.insert(
                name.to_ascii_lowercase(),
                CalloutKind {
                    title: title.to_string(),
                    icon: icon
                        .map(str::to_string)
                        .or(built_in)
                        .unwrap_or_else(|| "note".into()),
                    link: link.map(|(url, text)| (url.to_string(), text.to_string())),
                },
            );
        }
        Callouts { kinds }
    }

    fn get(&self, name: &str) -> Option<&CalloutKind> {
        self.kinds.get(&name.to_ascii_lowercase())
    }
}

/// Whether `name` can be written as `[!NAME]`: a letter, then letters,
/// digits and `-`.
pub fn is_kind_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The titles of note, tip, important, warning and caution in `language`
/// (its primary subtag; English for one the theme does not speak).
fn built_in_titles(language: &str) -> [&'static str; 5] {
    let primary = language.split('-').next().unwrap_or_default();
    match primary.to_ascii_lowercase().as_str() {
        "es" => ["Nota", "Consejo", "Importante", "Advertencia", "Precaución"],
        "fr" => [
            "Remarque",
            "Conseil",
            "Important",
            "Avertissement",
            "Attention",
        ],
        "de" => ["Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht"],
        "pt" => ["Nota", "Dica", "Importante", "Aviso", "Cuidado"],
        "zh" => ["注意", "提示", "重要", "警告", "小心"],
        "ar" => ["ملاحظة", "نصيحة", "مهم", "تحذير", "تنبيه"],
        _ => ["Note", "Tip", "Important", "Warning", "Caution"],
    }
}

/// The marker of a callout at the start of `line`: the kind's name and the
/// title written after it (empty when none).
fn marker(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let name = &rest[..end];
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    valid.then(|| (name, rest[end + 1..].trim()))
}

/// `events` with every callout's block quote replaced by the box: the
/// marker line's events give way to the opening markup (with the marker's
/// source range), and the kind's link, if any, ends the box. A `[!NAME]` of
/// no known kind stays a plain quote. Ids are numbered within `scope`
/// (the page's), as the FAQ index shows answers of many pages together.
pub fn rewrite<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    text: &str,
    callouts: &Callouts,
    scope: &str,
) -> Vec<(Event<'a>, Range<usize>)> {
    // Most bodies have no quote at all.
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Start(Tag::BlockQuote(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    // Per open quote: `None` for a plain quote; for a callout, the link
    // (URL, text, marker range) that ends it, if its kind has one.
    type EndingLink = Option<(String, String, Range<usize>)>;
    let mut open: Vec<Option<EndingLink>> = Vec::new();
    let mut count = 0;
    let mut iter = events.into_iter().peekable();
    while let Some((event, range)) = iter.next() {
        match event {
            Event::Start(Tag::BlockQuote(kind)) => {
                let paragraph_start = match iter.peek() {
                    Some((Event::Start(Tag::Paragraph), r)) => Some(r.start),
                    _ => None,
                };
                let found = paragraph_start.and_then(|start| {
                    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    let (name, title) = marker(&text[start..line_end])?;
                    Some((callouts.get(name)?, title, start..line_end))
                });
                let Some((callout, title, marker_range)) = found else {
                    open.push(None);
                    out.push((Event::Start(Tag::BlockQuote(kind)), range));
                    continue;
                };
                count += 1;
                let title = if title.is_empty() {
                    callout.title.as_str()
                } else {
                    title
                };
                out.push((
                    Event::Html(opening(callout, title, scope, count).into()),
                    marker_range.clone(),
                ));
                // Skip the paragraph's events on the marker line, and the
                // paragraph itself when the marker is all it holds.
                let (start_paragraph, start_range) = iter.next().expect("peeked");
                let mut only_marker = false;
                while let Some((e, r)) = iter.peek() {
                    if matches!(e, Event::End(TagEnd::Paragraph)) {
                        only_marker = true;
                        iter.next();
                        break;
                    }
                    if r.start >= marker_range.end
                        && !matches!(e, Event::SoftBreak | Event::HardBreak)
                    {
                        break;
                    }
                    iter.next();
                }
                if !only_marker {
                    out.push((start_paragraph, start_range));
                }
                open.push(Some(
                    callout
                        .link
                        .clone()
                        .map(|(url, text)| (url, text, marker_range)),
                ));
            }
            Event::End(TagEnd::BlockQuote(kind)) => match open.pop().flatten() {
                None => out.push((Event::End(TagEnd::BlockQuote(kind)), range)),
                Some(link) => {
                    if let Some((url, label, at)) = link {
                        out.push((Event::Html("<p class=\"callout-link\">".into()), at.clone()));
                        out.push((
                            Event::Start(Tag::Link {
                                link_type: LinkType::Inline,
                                dest_url: CowStr::from(url),
                                title: "".into(),
                                id: "".into(),
                            }),
                            at.clone(),
                        ));
                        out.push((Event::Text(label.into()), at.clone()));
                        out.push((Event::End(TagEnd::Link), at.clone()));
                        out.push((Event::Html("</p>\n".into()), at));
                    }
                    // An empty range: the quote's own spans all of it, and
                    // the pass reads raw HTML's URLs from the source there.
                    out.push((Event::Html("</div>\n".into()), range.end..range.end));
                }
            },
            other => out.push((other, range)),
        }
    }
    out
}

/// The box's opening markup and title, its icon hidden from screen readers.
fn opening(callout: &CalloutKind, title: &str, scope: &str, number: usize) -> String {
    let path = ICON_PATHS
        .iter()
        .find(|(name, _)| *name == callout.icon)
        .map_or(ICON_PATHS[0].1, |(_, path)| path);
    format!(
        "<div class=\"callout callout-{icon}\" role=\"note\" aria-labelledby=\"rapport-callout-{scope}-{number}\">\n\
         <p class=\"callout-title\" id=\"rapport-callout-{scope}-{number}\">\
         <svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 24 24\" width=\"20\" height=\"20\" \
         fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\
         <path d=\"{path}\"/></svg>{title}</p>\n",
        icon = callout.icon,
        title = html_escape::encode_text(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str, callouts: &Callouts) -> String {
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(text, super::super::syntax())
            .into_offset_iter()
            .collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            rewrite(events, text, callouts, "a")
                .into_iter()
                .map(|(e, _)| e),
        );
        out
    }

    fn support() -> Callouts {
        Callouts::new(
            "en",
            [(
                "support",
                "If this brings up difficult feelings",
                Some("heart"),
                Some(("/help/", "Where to find support")),
            )],
        )
    }

    #[test]
    fn each_kind_becomes_a_titled_note_and_other_quotes_stay() {
        let callouts = support();
        for (kind, title, icon) in [
            ("NOTE", "Note", "note"),
            ("tip", "Tip", "tip"),
            ("Important", "Important", "important"),
            ("WARNING", "Warning", "warning"),
            ("CAUTION", "Caution", "caution"),
            ("SUPPORT", "If this brings up difficult feelings", "heart"),
        ] {
            let out = html(&format!("> [!{kind}]\n> Body *text*.\n"), &callouts);
            assert!(
                out.starts_with(&format!("<div class=\"callout callout-{icon}\" role=\"note\" aria-labelledby=\"rapport-callout-a-1\">")),
                "{out}"
            );
            assert!(
                out.contains(&format!("</svg>{title}</p>\n<p>Body <em>text</em>.</p>")),
                "{out}"
            );
            assert!(!out.contains("blockquote") && !out.contains("[!"), "{out}");
        }
        let out = html("> [!SUPPORT]\n> Pause.\n", &callouts);
        assert!(
            out.contains(
                "<p class=\"callout-link\"><a href=\"/help/\">Where to find support</a></p>\n</div>"
            ),
            "{out}"
        );
        for plain in ["> [!UNKNOWN]\n> x\n", "> A quote.\n", "> [!NOTE\n> x\n"] {
            assert!(
                html(plain, &callouts).starts_with("<blockquote>"),
                "{plain}"
            );
        }
    }

    #[test]
    fn a_title_after_the_marker_replaces_the_kinds_and_is_escaped() {
        let out = html(
            "> [!TIP] Before <your> session\n> Write it down.\n\n> [!NOTE]\n",
            &support(),
        );
        assert!(
            out.contains("</svg>Before &lt;your&gt; session</p>\n<p>Write it down.</p>"),
            "{out}"
        );
        // The second box is numbered on, and holds nothing but its title.
        assert!(out.contains("id=\"rapport-callout-a-2\""), "{out}");
        assert!(out.ends_with("</svg>Note</p>\n</div>\n"), "{out}");
    }

    #[test]
    fn callouts_nest_in_quotes_and_lists() {
        let out = html("> outer\n>\n> > [!WARNING]\n> > inner\n", &support());
        assert!(out.starts_with("<blockquote>"), "{out}");
        assert!(out.contains("callout-warning"), "{out}");
        assert!(out.trim_end().ends_with("</div>\n</blockquote>"), "{out}");
        let out = html("- item\n\n  > [!TIP]\n  > inside\n", &support());
        assert!(
            out.contains("callout-tip") && out.contains("<p>inside</p>"),
            "{out}"
        );
    }

    #[test]
    fn spanish_titles_the_built_in_kinds_in_spanish() {
        let out = html("> [!CAUTION]\n> x\n", &Callouts::new("es-MX", []));
        assert!(out.contains("</svg>Precaución</p>"), "{out}");
    }

    #[test]
    fn kind_names_are_what_an_author_can_write() {
        assert!(is_kind_name("support") && is_kind_name("self-care2"));
        assert!(!is_kind_name("Support") && !is_kind_name("2x") && !is_kind_name("a b"));
    }
}
