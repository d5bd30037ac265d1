//! The last step of an import: build the new site in memory and mend the
//! links that lead nowhere, so it builds at once.
//!
//! By now every link the old site's rules resolve has been pointed at its
//! page. What is left led nowhere on the old site either (an anchor its
//! template never wrote, a file missing from the repository) or was made by a
//! template the import cannot run (a shortcode as a link's target). A link to
//! an existing page with a missing anchor keeps the page and loses the anchor,
//! as a browser would land; any other keeps its text and loses the link. Each
//! repair is listed in the report with file, line and the old target.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::error::{Code, Diagnostic, Error};
use crate::markdown::LineIndex;

/// One link the import mended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkRepair {
    /// The file in the new site (`content/...`).
    pub file: String,
    /// The 1-based line of the link.
    pub line: usize,
    /// The target as it was.
    pub dest: String,
    /// What was done.
    pub action: &'static str,
}

/// What the new site's build says after the repairs.
pub(crate) struct Repaired {
    /// The links mended, in file order.
    pub(crate) repairs: Vec<LinkRepair>,
    /// The problems the build still reports (none, normally).
    pub(crate) remaining: Vec<Diagnostic>,
}

/// At most this many rounds: an anchor dropped in the first can leave a
/// missing page for the second to unlink.
const ROUNDS: usize = 3;

/// Builds the site at `root` (drafts too, nothing written) and mends every
/// broken link it reports, until none is left.
pub(crate) fn repair_links(root: &Path) -> Result<Repaired, Error> {
    let mut repairs = Vec::new();
    for round in 1..=ROUNDS {
        let problems = site_problems(root)?;
        let mut broken: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for d in problems.iter().filter(|d| d.code == Some(Code::BrokenLink)) {
            broken.entry(d.file.as_str()).or_default().push(d);
        }
        if broken.is_empty() || round == ROUNDS {
            repairs.sort();
            return Ok(Repaired {
                repairs,
                remaining: problems,
            });
        }
        let mut mended = 0;
        for (file, list) in broken {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let positions: Vec<(usize, usize)> = list
                .iter()
                .filter_map(|d| Some((d.line?, d.column?)))
                .collect();
            let (new_text, done) = mend(file, &text, &positions);
            if !done.is_empty() {
                mended += done.len();
                std::fs::write(&path, new_text).map_err(|e| Error::io(&path, e))?;
                repairs.extend(done);
            }
        }
        if mended == 0 {
            repairs.sort();
            return Ok(Repaired {
                repairs,
                remaining: problems,
            });
        }
    }
    unreachable!("the last round returns")
}

/// Every problem a build of `root` reports, without writing anything.
fn site_problems(root: &Path) -> Result<Vec<Diagnostic>, Error> {
    let mut config = match crate::pipeline::load_config(root, None) {
        Ok(config) => config,
        Err(Error::Diagnostics(list)) => return Ok(list),
        Err(other) => return Err(other),
    };
    config.search.enabled = false;
    // The repair mends the links a strict build would refuse.
    config.check.broken_links = crate::config::BrokenLinks::Error;
    match crate::pipeline::Session::start_with(
        root,
        config,
        true,
        None,
        crate::site::Sources::Keep,
        &|_, _| Ok(()),
    ) {
        Ok(_) => Ok(Vec::new()),
        Err(Error::Diagnostics(list)) => Ok(list),
        Err(other) => Err(other),
    }
}

/// Mends the links of `text` that start at `positions` (line, column):
/// markdown links and images, and raw HTML URL attributes.
fn mend(file: &str, text: &str, positions: &[(usize, usize)]) -> (String, Vec<LinkRepair>) {
    let lines = LineIndex::new(text, 1);
    let offset_of = |(line, column): (usize, usize)| -> Option<usize> {
        let start = text
            .split_inclusive('\n')
            .take(line.checked_sub(1)?)
            .map(str::len)
            .sum::<usize>();
        let (col_offset, _) = text[start..].char_indices().nth(column.checked_sub(1)?)?;
        Some(start + col_offset)
    };
    let wanted: Vec<usize> = positions.iter().filter_map(|&p| offset_of(p)).collect();
    let body_start = crate::content::front_matter::split(file, text, true)
        .map(|s| s.body.as_ptr() as usize - text.as_ptr() as usize)
        .unwrap_or(0);
    let body = &text[body_start..];
    let mut edits: Vec<(Range<usize>, String, LinkRepair)> = Vec::new();
    let repair = |at: usize, dest: &str, action: &'static str| LinkRepair {
        file: file.to_string(),
        line: lines.line(at),
        dest: dest.to_string(),
        action,
    };

    let options = crate::markdown::syntax();
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(body, options).into_offset_iter().collect();
    for (index, (event, range)) in events.iter().enumerate() {
        let start = body_start + range.start;
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if wanted.contains(&start) =>
            {
                let span = &text[start..body_start + range.end];
                if let Some(edit) = drop_anchor(span, dest_url) {
                    let at = start + edit.0;
                    edits.push((
                        at..at + dest_url.len(),
                        edit.1,
                        repair(
                            start,
                            dest_url,
                            "anchor dropped: the page exists without it",
                        ),
                    ));
                    continue;
                }
                // The link's text (or an image's description) stays, unlinked.
                let inner = inner_range(&events, index);
                let kept = inner
                    .map(|r| text[body_start + r.start..body_start + r.end].to_string())
                    .unwrap_or_default();
                edits.push((
                    start..body_start + range.end,
                    kept,
                    repair(start, dest_url, "unlinked: the text is kept"),
                ));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                let html = &text[start..body_start + range.end];
                for tag in crate::html::start_tags(html) {
                    for attr in &tag.attrs {
                        let value_at = start + attr.offset;
                        let Some(&at) = wanted
                            .iter()
                            .find(|&&w| w >= value_at && w <= value_at + attr.value.len())
                        else {
                            continue;
                        };
                        if let Some(remove) = attribute_span(text, value_at) {
                            edits.push((
                                remove,
                                String::new(),
                                repair(at, &attr.value, "attribute removed: the text is kept"),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|e| e.0.start);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut done = Vec::new();
    for (range, replacement, repair) in edits {
        if range.start < last {
            continue; // inside a link already mended
        }
        out.push_str(&text[last..range.start]);
        out.push_str(&replacement);
        last = range.end;
        done.push(repair);
    }
    out.push_str(&text[last..]);
    (out, done)
}

/// For `[text](page#missing)`: where the target starts in the link's span,
/// and the target without its anchor. `None` for a same-page anchor or a
/// target with no anchor.
fn drop_anchor(span: &str, dest: &str) -> Option<(usize, String)> {
    let (path, _) = dest.split_once('#')?;
    if path.is_empty() {
        return None;
    }
    let at = span.find(&format!("]({dest}"))? + 2;
    Some((at, path.to_string()))
}

/// The source range of a link's text: its first inner event to its last.
fn inner_range(events: &[(Event<'_>, Range<usize>)], start: usize) -> Option<Range<usize>> {
    let mut depth = 0;
    let mut first: Option<usize> = None;
    let mut end = None;
    for (event, range) in &events[start + 1..] {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        first.get_or_insert(range.start);
        end = Some(range.end);
    }
    Some(first?..end?)
}

/// The whole ` name="value"` of the attribute whose value starts at `value_at`.
fn attribute_span(text: &str, value_at: usize) -> Option<Range<usize>> {
    let before = &text[..value_at];
    let quote = before.chars().last().filter(|c| *c == '"' || *c == '\'');
    let eq = before.trim_end_matches(['"', '\'']).trim_end();
    let eq_at = eq
        .len()
        .checked_sub(1)
        .filter(|&i| eq.as_bytes()[i] == b'=')?;
    let name = eq[..eq_at].trim_end();
    let name_start = name.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
    let remove_from = text[..name_start].trim_end().len();
    let end = match quote {
        Some(q) => value_at + text[value_at..].find(q)? + 1,
        None => {
            value_at
                + text[value_at..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(text.len() - value_at)
        }
    };
    Some(remove_from..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_mended_in_place() {
        let text = "+++\ntitle = \"A\"\n+++\n\nSee [the *page*](b.md#gone) and [this](nowhere/) and ![a cat](cat.png).\n\n<a href=\"#get\">Get</a>\n";
        let (out, done) = mend("content/a.md", text, &[(5, 5), (5, 33), (5, 54), (7, 10)]);
        assert_eq!(
            out,
            "+++\ntitle = \"A\"\n+++\n\nSee [the *page*](b.md) and this and a cat.\n\n<a>Get</a>\n"
        );
        let actions: Vec<_> = done.iter().map(|r| (r.line, r.dest.as_str())).collect();
        assert_eq!(
            actions,
            [
                (5, "b.md#gone"),
                (5, "nowhere/"),
                (5, "cat.png"),
                (7, "#get")
            ]
        );
    }
}
