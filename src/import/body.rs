//! Page bodies: Hugo `ref`/`relref` calls become `@/` links, headings whose
//! old id (Hugo's and Jekyll's GitHub-style ids) differs from Rapport's get
//! that id written out (`{#people--body}`), and every shortcode, template tag
//! and include left in place is listed with its line.

use std::collections::HashSet;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::detect::Generator;
use super::layout::{MarkdownFile, Plan, parent};
use super::report::{Leftover, Note};

/// What every body conversion reads.
pub(crate) struct Context<'a> {
    /// The source site, for included files.
    pub(crate) source: &'a std::path::Path,
    pub(crate) plan: &'a Plan,
    pub(crate) generator: Generator,
    /// Where root-relative links to pages outside the import now point.
    pub(crate) link_base: Option<&'a str>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        source: &'a std::path::Path,
        plan: &'a Plan,
        generator: Generator,
        link_base: Option<&'a str>,
    ) -> Context<'a> {
        Context {
            source,
            plan,
            generator,
            link_base,
        }
    }
}

/// A converted body.
pub(crate) struct Converted {
    pub(crate) text: String,
    pub(crate) notes: Vec<Note>,
    pub(crate) leftovers: Vec<Leftover>,
    pub(crate) calls_converted: usize,
}

/// Converts one body; `body_line` is the source line it starts on.
pub(crate) fn convert(
    file_name: &str,
    body: &str,
    body_line: usize,
    file: &MarkdownFile,
    context: &Context<'_>,
) -> Converted {
    let mut converted = Converted {
        text: String::with_capacity(body.len() + 64),
        notes: Vec::new(),
        leftovers: Vec::new(),
        calls_converted: 0,
    };
    let text = calls(file_name, body, body_line, file, context, &mut converted);
    let text = match context.generator {
        Generator::Hugo | Generator::Jekyll => heading_ids(&text),
        Generator::Zola => text,
    };
    let (text, outside) = page_links(&text, file, context.plan, context.link_base);
    converted.text = text;
    if outside > 0 {
        if let Some(base) = context.link_base {
            converted.notes.push(Note::new(
                file_name,
                format!("{outside} links to pages or files outside the import now point at {base}"),
            ));
        }
    }
    converted
}

/// Finds every template call; converts `ref`s and escaped shortcodes.
fn calls(
    file_name: &str,
    body: &str,
    body_line: usize,
    file: &MarkdownFile,
    context: &Context<'_>,
    out: &mut Converted,
) -> String {
    let mut text = String::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    let mut line = body_line;
    let mut line_start = 0;
    let mut in_fence: Option<String> = None;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        if i == line_start {
            let rest = &body[i..];
            let trimmed = rest.trim_start();
            let fence: String = trimmed
                .chars()
                .take_while(|&c| c == '`' || c == '~')
                .collect();
            if fence.len() >= 3
                && fence
                    .chars()
                    .all(|c| c == fence.chars().next().unwrap_or('`'))
            {
                match &in_fence {
                    Some(open) if fence.starts_with(open.as_str()) => in_fence = None,
                    Some(_) => {}
                    None => in_fence = Some(fence),
                }
            }
        }
        if bytes[i] != b'{' || i + 1 >= bytes.len() {
            i += 1;
            continue;
        }
        let rest = &body[i..];
        // Hugo shortcodes, in code too: Hugo expands them there as well.
        if rest.starts_with("{{<") || rest.starts_with("{{%") {
            let delim = &rest[2..3];
            let close = closing(delim);
            let Some(end) = rest.find(close).map(|e| e + close.len()) else {
                out.leftovers.push(leftover(
                    file_name,
                    line,
                    rest,
                    "an unclosed Hugo shortcode: remove it or finish it",
                ));
                i += 3;
                continue;
            };
            let call = &rest[..end];
            let inner = call[3..call.len() - 3].trim();
            if inner.starts_with("/*") && inner.ends_with("*/") {
                // `{{</* x */>}}` is how Hugo prints `{{< x >}}`: write what readers saw.
                let shown = format!("{{{{{delim} {} {close}", inner[2..inner.len() - 2].trim());
                text.push_str(&body[copied..i]);
                text.push_str(&shown);
                copied = i + end;
                out.leftovers.push(leftover(file_name, line, call, "an escaped shortcode (an example of one): now written as Hugo showed it, as plain text"));
                line += call.matches('\n').count();
                i += end;
                continue;
            }
            let name = inner
                .trim_start_matches('/')
                .split_whitespace()
                .next()
                .unwrap_or("");
            if name == "include" {
                match include(inner, context, 0) {
                    Some((included, from)) => {
                        let note = format!("converted: the text of `{from}` is pasted here");
                        let call_at = Leftover::at(file_name, line, call);
                        replace_call(&mut text, body, &mut copied, i..i + end, &included);
                        out.converted(call_at, &note);
                    }
                    None => out.leftovers.push(leftover(
                        file_name,
                        line,
                        call,
                        &hugo_suggestion(name, false),
                    )),
                }
            } else if matches!(name, "ref" | "relref") {
                match resolve_ref(inner, file, context.plan) {
                    Some(target) => {
                        let call_at = Leftover::at(file_name, line, call);
                        replace_call(&mut text, body, &mut copied, i..i + end, &target);
                        out.converted(call_at, &format!("converted to `{target}`"));
                    }
                    None => out.leftovers.push(leftover(
                        file_name,
                        line,
                        call,
                        "a link to a page the import did not find: write the link as `@/path/to/page.md`",
                    )),
                }
            } else {
                out.leftovers.push(leftover(
                    file_name,
                    line,
                    call,
                    &hugo_suggestion(name, inner.starts_with('/')),
                ));
            }
            line += call.matches('\n').count();
            i += end;
            continue;
        }
        if in_fence.is_none() && context.generator != Generator::Hugo {
            if let Some(end) = rest.find("%}").filter(|_| rest.starts_with("{%")) {
                let call = &rest[..end + 2];
                if !call.contains("\n\n") {
                    let name = call[2..]
                        .trim_start_matches('-')
                        .split_whitespace()
                        .next()
                        .unwrap_or("");
                    let target = matches!(name, "post_url" | "link")
                        .then(|| liquid_link(call, context.plan))
                        .flatten();
                    if let Some(target) = target {
                        let call_at = Leftover::at(file_name, line, call);
                        replace_call(&mut text, body, &mut copied, i..i + end + 2, &target);
                        out.converted(call_at, &format!("converted to `{target}`"));
                        i += end + 2;
                        continue;
                    }
                    out.leftovers.push(leftover(
                        file_name,
                        line,
                        call,
                        &tag_suggestion(name, context.generator),
                    ));
                    line += call.matches('\n').count();
                    i += end + 2;
                    continue;
                }
            }
            if let Some(end) = rest.find("}}").filter(|_| rest.starts_with("{{")) {
                let call = &rest[..end + 2];
                let inner = call[2..call.len() - 2].trim();
                let zola_call = inner.split('(').next().is_some_and(|n| {
                    inner.contains('(')
                        && !n.is_empty()
                        && n.chars().all(|c| c.is_alphanumeric() || c == '_')
                });
                let liquid = inner.starts_with("site.")
                    || inner.starts_with("page.")
                    || inner.contains('|')
                    || inner.starts_with("include");
                if !call.contains('\n') && (zola_call || liquid) {
                    let suggestion = if zola_call {
                        "a Zola shortcode: Rapport has no shortcodes; rewrite it as markdown, or as a fenced block a plugin renders"
                    } else {
                        "a Liquid value: write the value itself (for `site.baseurl`, a root-relative link works as it is)"
                    };
                    out.leftovers
                        .push(leftover(file_name, line, call, suggestion));
                    i += end + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    text.push_str(&body[copied..]);
    text
}

/// The body of the markdown file an `include "path"` call names (a path in
/// the content folder, as the Hugo docs' `include` shortcode reads it), with
/// its own includes pasted in too. Returns the text and the file's source path.
fn include(inner: &str, context: &Context<'_>, depth: usize) -> Option<(String, String)> {
    if depth > 8 {
        return None; // an include cycle
    }
    let arg = first_argument(inner)?;
    let wanted = arg.trim_start_matches('/');
    let file = context
        .plan
        .markdown
        .iter()
        .find(|f| f.content_rel == wanted)?;
    let text = std::fs::read_to_string(context.source.join(&file.source)).ok()?;
    let (_, body, _) = super::front_matter::read(&file.source, &text, &mut Vec::new()).ok()?;
    let mut out = String::with_capacity(body.len());
    let mut rest = body.trim_matches('\n');
    while let Some(start) = rest.find("{{").filter(|&s| {
        let call = &rest[s..];
        call.starts_with("{{%") || call.starts_with("{{<")
    }) {
        let call = &rest[start..];
        let close = closing(&call[2..3]);
        let Some(end) = call.find(close).map(|e| e + close.len()) else {
            break;
        };
        let call_inner = call[3..end - 3].trim();
        out.push_str(&rest[..start]);
        match call_inner
            .starts_with("include ")
            .then(|| include(call_inner, context, depth + 1))
            .flatten()
        {
            Some((nested, _)) => out.push_str(&nested),
            None => out.push_str(&call[..end]),
        }
        rest = &call[end..];
    }
    out.push_str(rest);
    Some((out, file.source.clone()))
}

/// Jekyll's `{% post_url 2024-05-01-title %}` and `{% link about.md %}`
/// as `@/` links, when the import has the page.
fn liquid_link(call: &str, plan: &Plan) -> Option<String> {
    let mut words = call
        .trim_start_matches("{%")
        .trim_end_matches("%}")
        .trim_matches('-')
        .split_whitespace();
    let name = words.next()?;
    let arg = words.next()?;
    let path = match name {
        "post_url" => format!("_posts/{arg}"),
        _ => arg.to_string(),
    };
    let index = plan.by_path.get(&logical_path(&path))?;
    Some(format!("@/{}", plan.markdown[*index].dest_content))
}

/// How a shortcode call opened with `{{<` or `{{%` closes.
fn closing(delim: &str) -> &'static str {
    if delim == "<" { ">}}" } else { "%}}" }
}

/// The first quoted argument of a call (`include "a/b.md"` -> `a/b.md`).
fn first_argument(inner: &str) -> Option<&str> {
    let start = inner.find(['"', '`'])?;
    let quote = &inner[start..=start];
    let rest = &inner[start + 1..];
    Some(&rest[..rest.find(quote)?])
}

/// Writes the body up to `call` and `with` in its place.
fn replace_call(
    text: &mut String,
    body: &str,
    copied: &mut usize,
    call: std::ops::Range<usize>,
    with: &str,
) {
    text.push_str(&body[*copied..call.start]);
    text.push_str(with);
    *copied = call.end;
}

impl Leftover {
    /// A call at `file:line`, its suggestion still to come.
    fn at(file: &str, line: usize, call: &str) -> Leftover {
        leftover(file, line, call, "")
    }
}

impl Converted {
    /// Counts a converted call and lists it with what became of it.
    fn converted(&mut self, mut call: Leftover, what: &str) {
        self.calls_converted += 1;
        call.suggestion = what.to_string();
        self.leftovers.push(call);
    }
}

fn leftover(file: &str, line: usize, call: &str, suggestion: &str) -> Leftover {
    let mut call: String = call
        .split('\n')
        .next()
        .unwrap_or("")
        .chars()
        .take(100)
        .collect();
    if call.len() < 3 {
        call = "{{".into();
    }
    Leftover {
        file: file.to_string(),
        line,
        call,
        suggestion: suggestion.to_string(),
    }
}

fn hugo_suggestion(name: &str, closing: bool) -> String {
    if closing {
        return format!("the end of `{name}`: remove it with its opening call");
    }
    match name {
        "figure" | "img" | "image" => "write an image: `![what it shows](file.png)`".into(),
        "include" | "readfile" => {
            "paste the text of the included file here (Rapport has no includes)".into()
        }
        "note" | "tip" | "warning" | "caution" | "important" | "callout" | "admonition" => {
            "write it as an alert: `> [!NOTE]` and the text quoted below it".into()
        }
        "highlight" | "code-toggle" | "code" => {
            "write a fenced code block (```lang) with the code".into()
        }
        "youtube" | "vimeo" | "x" | "twitter" | "instagram" | "gist" => {
            "link to it instead: the site's Content-Security-Policy blocks embeds from other hosts"
                .into()
        }
        "param" | "site-param" => "write the value itself".into(),
        "details" => "write the text out, or use a `<details>` element".into(),
        _ => format!(
            "the `{name}` shortcode: rewrite it as markdown, or as a fenced block a Rapport plugin renders"
        ),
    }
}

fn tag_suggestion(name: &str, generator: Generator) -> String {
    match (generator, name) {
        (_, "include" | "include_relative") => {
            "paste the included file's text here (Rapport has no includes)".into()
        }
        (_, "raw" | "endraw") => "remove the tag: Rapport prints the text between as it is".into(),
        (_, "highlight" | "endhighlight") => "write a fenced code block (```lang) instead".into(),
        (_, "link" | "post_url") => "write the link as `@/path/to/page.md`".into(),
        (Generator::Zola, _) => format!(
            "a Zola shortcode or Tera tag `{name}`: rewrite it as markdown, or as a fenced block a plugin renders"
        ),
        _ => format!("a Liquid tag `{name}`: rewrite it as markdown"),
    }
}

/// `ref "x#a"` -> `@/dest.md#a`, when the target is one of the imported pages.
fn resolve_ref(inner: &str, file: &MarkdownFile, plan: &Plan) -> Option<String> {
    let arg = first_argument(inner)?;
    let (path, anchor) = match arg.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (arg, None),
    };
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    if path.is_empty() {
        return Some(if anchor.is_empty() {
            "#".into()
        } else {
            anchor
        });
    }
    let index = if path.starts_with('/') {
        plan.by_path.get(&logical_path(path)).copied()
    } else {
        let base = parent(&file.content_rel);
        let joined = crate::markdown::join_relative(base, path);
        joined
            .and_then(|j| plan.by_path.get(&logical_path(&j)).copied())
            .or_else(|| plan.by_path.get(&logical_path(path)).copied())
            .or_else(|| {
                let name = logical_path(path);
                let name = name.rsplit('/').next().unwrap_or(&name).to_string();
                match plan.by_name.get(&name) {
                    Some(list) if list.len() == 1 => Some(list[0]),
                    _ => None,
                }
            })
    }?;
    Some(format!("@/{}{anchor}", plan.markdown[index].dest_content))
}

/// A page's path as links name it: no slashes around, no `.md`, no
/// `index` or `_index`, lower case (Hugo lowercases URLs).
fn logical_path(p: &str) -> String {
    let p = p.trim_matches('/');
    let p = p.strip_suffix(".md").unwrap_or(p);
    let p = p
        .strip_suffix("/_index")
        .or_else(|| p.strip_suffix("/index"))
        .unwrap_or(p);
    let p = if p == "_index" || p == "index" { "" } else { p };
    p.to_lowercase()
}

/// Points links to another imported page by its path (`/functions/foo`,
/// `../bar.md`, as Hugo's link render hooks and GitHub resolve them, in any
/// case) at the page itself: `@/functions/foo.md`. With `link_base`, a
/// root-relative link to a page the import lacks (the rest of a bigger
/// site) points at the live site instead. Returns the text and how many
/// links went to `link_base`.
fn page_links(
    text: &str,
    file: &MarkdownFile,
    plan: &Plan,
    link_base: Option<&str>,
) -> (String, usize) {
    let outside = std::cell::Cell::new(0);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let resolve = |dest: &str| -> Option<String> {
        if dest.is_empty()
            || dest.starts_with('#')
            || dest.starts_with("@/")
            || dest.starts_with("//")
            || dest.contains("://")
            || dest.starts_with("mailto:")
            || dest.starts_with("tel:")
        {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (dest, String::new()),
        };
        let path = path.split('?').next().unwrap_or(path);
        let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if last.contains('.') && !last.ends_with(".md") {
            // A file: images, downloads. One the import lacks is on the live site.
            let missing = path.starts_with('/')
                && !plan
                    .file_urls
                    .contains(&path.trim_start_matches('/').to_lowercase());
            return match link_base {
                Some(base) if missing => {
                    outside.set(outside.get() + 1);
                    Some(format!("{}{dest}", base.trim_end_matches('/')))
                }
                _ => None,
            };
        }
        let index = if path.starts_with('/') {
            match (plan.by_path.get(&logical_path(path)).copied(), link_base) {
                (Some(index), _) => Some(index),
                (None, Some(base)) => {
                    outside.set(outside.get() + 1);
                    return Some(format!("{}{dest}", base.trim_end_matches('/')));
                }
                (None, None) => None,
            }
        } else {
            // Relative to the page's own URL: its folder for a bundle or section, else its parent.
            let base = if file.stem.is_none() || file.content_rel.ends_with("/index.md") {
                parent(&file.content_rel).to_string()
            } else {
                format!(
                    "{}/{}",
                    parent(&file.content_rel),
                    file.stem.clone().unwrap_or_default()
                )
            };
            let from_page = crate::markdown::join_relative(&base, path)
                .and_then(|j| plan.by_path.get(&logical_path(&j)).copied());
            from_page
                .or_else(|| {
                    crate::markdown::join_relative(parent(&file.content_rel), path)
                        .and_then(|j| plan.by_path.get(&logical_path(&j)).copied())
                })
                // Hugo's link render hooks look a path up from the site's root last.
                .or_else(|| plan.by_path.get(&logical_path(path)).copied())
        }?;
        let target = &plan.markdown[index];
        if target.section && is_glossary(&target.content_rel) && !anchor.is_empty() {
            // The glossary page lists its terms, each under its own id; here each is a page.
            if let Some(term) = glossary_term(&format!("[{}](g)", &anchor[1..]), plan) {
                return Some(format!("@/{}", plan.markdown[term].dest_content));
            }
        }
        Some(format!("@/{}{anchor}", target.dest_content))
    };
    let options = crate::markdown::syntax();
    let parser = Parser::new_ext(text, options);
    for (event, range) in parser.into_offset_iter() {
        if let Event::Html(_) | Event::InlineHtml(_) = event {
            // Raw HTML links are followed as written: point them the same way.
            for tag in crate::html::start_tags(&text[range.clone()]) {
                for attr in tag
                    .attrs
                    .iter()
                    .filter(|a| a.name == "href" || a.name == "src")
                {
                    let start = range.start + attr.offset;
                    if !text[start..].starts_with(attr.value.as_str()) {
                        continue; // written with character references: leave it
                    }
                    if let Some(target) = resolve(&attr.value).filter(|t| !t.starts_with("@/")) {
                        edits.push((start, start + attr.value.len(), target));
                    }
                }
            }
            continue;
        }
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let span = &text[range.clone()];
        let target = if &*dest_url == "g" {
            // The Hugo docs' glossary links: `[leaf bundles](g)` names a term.
            glossary_term(span, plan)
                .map(|index| format!("@/{}", plan.markdown[index].dest_content))
        } else {
            resolve(&dest_url)
        };
        let Some(target) = target else {
            continue;
        };
        let needle = format!("]({dest_url}");
        if let Some(at) = span.find(&needle) {
            let start = range.start + at + 2;
            edits.push((start, start + dest_url.len(), target));
        }
    }
    // Reference definitions: `[label]: /path`.
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') && !trimmed.starts_with("[^") {
            if let Some(close) = trimmed.find("]:") {
                let after = &trimmed[close + 2..];
                let dest = after.split_whitespace().next().unwrap_or("");
                if let Some(target) = resolve(dest) {
                    let lead = line.len() - trimmed.len();
                    let start =
                        offset + lead + close + 2 + (after.len() - after.trim_start().len());
                    edits.push((start, start + dest.len(), target));
                }
            }
        }
        offset += line.len();
    }
    if edits.is_empty() {
        return (text.to_string(), outside.get());
    }
    edits.sort_by_key(|e| e.0);
    edits.dedup_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len() + edits.len() * 8);
    let mut last = 0;
    for (start, end, target) in edits {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&target);
        last = end;
    }
    out.push_str(&text[last..]);
    (out, outside.get())
}

/// The glossary page a `[term](g)` link names: a page of a `glossary`
/// folder named after the term, in any case and formatting, singular or
/// plural, or as a verb's `-ing` or `-ed` form.
fn glossary_term(span: &str, plan: &Plan) -> Option<usize> {
    let text = span.strip_prefix('[')?.rsplit_once("](")?.0;
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '_' | '*' | '`'))
        .collect();
    let name = github_id(&plain);
    let singular = [
        name.strip_suffix("ies").map(|s| format!("{s}y")),
        name.strip_suffix('s').map(str::to_string),
        name.strip_suffix("es").map(str::to_string),
        name.strip_suffix("ing").map(str::to_string),
        name.strip_suffix("ing").map(|s| format!("{s}e")),
        name.strip_suffix("ed").map(str::to_string),
        name.strip_suffix('d').map(str::to_string),
    ];
    std::iter::once(Some(name.clone()))
        .chain(singular)
        .flatten()
        .find_map(|candidate| {
            plan.by_name
                .get(&candidate)?
                .iter()
                .copied()
                .find(|&i| !plan.markdown[i].section && is_glossary(&plan.markdown[i].content_rel))
        })
}

/// Whether a file sits in a folder named `glossary` (its pages are terms).
fn is_glossary(content_rel: &str) -> bool {
    parent(content_rel).rsplit('/').next() == Some("glossary")
}

/// Writes `{#id}` after each heading whose id on the old site (GitHub's way,
/// as Hugo's goldmark and Jekyll's kramdown GFM make them) differs from the
/// one Rapport would give it, so links to `#people--body` keep working.
pub(crate) fn heading_ids(text: &str) -> String {
    let options = crate::markdown::syntax();
    let mut old_used = HashSet::new();
    let mut new_used = HashSet::new();
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut heading: Option<(std::ops::Range<usize>, String, bool)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, level, .. }) => {
                let _: HeadingLevel = level;
                heading = Some((range, String::new(), id.is_some()));
            }
            Event::Start(Tag::DefinitionListTitle) => {
                // Hugo's `autoDefinitionTermID` gives terms ids the same way.
                heading = Some((range, String::new(), false));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s, _)) = &mut heading {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                let Some((range, plain, has_id)) = heading.take() else {
                    continue;
                };
                if has_id {
                    continue;
                }
                let old = unique(github_id(&plain), &mut old_used);
                let new = unique(rapport_id(&plain), &mut new_used);
                if old != new && !old.is_empty() {
                    if let Some(at) = insert_point(text, &range) {
                        inserts.push((at, format!(" {{#{old}}}")));
                        new_used.insert(old);
                    }
                }
            }
            _ => {}
        }
    }
    if inserts.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + inserts.len() * 16);
    let mut last = 0;
    for (at, insert) in inserts {
        out.push_str(&text[last..at]);
        out.push_str(&insert);
        last = at;
    }
    out.push_str(&text[last..]);
    out
}

/// Where `{#id}` goes: the end of an ATX heading's line (before closing
/// `#`s), or of a setext heading's or a definition term's last text line.
fn insert_point(text: &str, range: &std::ops::Range<usize>) -> Option<usize> {
    let heading = &text[range.clone()];
    let atx = heading.trim_start().starts_with('#');
    let line_end = if atx {
        heading.find('\n').unwrap_or(heading.len())
    } else {
        let trimmed = heading.trim_end_matches('\n');
        match trimmed.rfind('\n') {
            Some(end) => end,
            None => trimmed.len(), // a definition term: one line
        }
    };
    let mut line = heading[..line_end].trim_end_matches('\r').trim_end();
    if atx {
        let without = line.trim_end_matches('#');
        if without.len() < line.len() && (without.ends_with(' ') || without.ends_with('\t')) {
            line = without.trim_end();
        }
    }
    if line.ends_with('}') {
        return None;
    }
    Some(range.start + line.len())
}

/// Hugo's `github` heading id: letters and digits lowercased, `-` and `_`
/// kept, each space a `-`, anything else dropped.
pub(crate) fn github_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            id.push('-');
        }
    }
    id
}

fn rapport_id(text: &str) -> String {
    let id = slug::slugify(text);
    if id.is_empty() { "section".into() } else { id }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| used.insert(c.clone()))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_ids_keep_doubled_hyphens() {
        assert_eq!(github_id("People & body"), "people--body");
        assert_eq!(github_id("The `foo` function"), "the-foo-function");
    }

    #[test]
    fn headings_get_the_old_id_only_when_it_differs() {
        let out =
            heading_ids("## People & body\n\n## Plain words ##\n\nText\n===\n\n## Done {#x}\n");
        assert_eq!(
            out,
            "## People & body {#people--body}\n\n## Plain words ##\n\nText\n===\n\n## Done {#x}\n"
        );
        let terms = heading_ids("`publishDir`\n: Where.\n\nPeople & body\n: Both.\n");
        assert_eq!(
            terms,
            "`publishDir`\n: Where.\n\nPeople & body {#people--body}\n: Both.\n"
        );
    }
}
