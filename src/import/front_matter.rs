//! Front matter: read TOML or YAML, map the keys Rapport knows under another
//! name, keep the rest under `[extra]`, and write TOML.

use std::collections::BTreeSet;

use toml::{Table, Value};

use super::config::SourceConfig;
use super::detect::Generator;
use super::layout::{MarkdownFile, Plan};
use super::report::Note;
use crate::content::front_matter::{Format, split};
use crate::error::Diagnostic;

/// Reads `text`'s front matter into a table; returns it with the body and the body's first line.
pub(crate) fn read<'a>(
    file: &str,
    text: &'a str,
    notes: &mut Vec<Note>,
) -> Result<(Table, &'a str, usize), Diagnostic> {
    let split = split(file, text, true)?;
    let table = match split.format {
        Format::Toml => split.front_matter.parse::<Table>().map_err(|e| {
            Diagnostic::new(
                file,
                format!("the TOML front matter cannot be read: {}", e.message()),
            )
            .at_line(split.front_matter_line)
        })?,
        Format::Yaml => {
            let value: serde_json::Value = if split.front_matter.trim().is_empty() {
                serde_json::Value::Null
            } else {
                serde_saphyr::from_str(split.front_matter).map_err(|e| {
                    Diagnostic::new(file, format!("the YAML front matter cannot be read: {e}"))
                        .at_line(split.front_matter_line)
                })?
            };
            let mut table = Table::new();
            if let serde_json::Value::Object(map) = value {
                for (key, value) in map {
                    match crate::content::json_to_toml(value) {
                        Some(v) => {
                            table.insert(key, v);
                        }
                        None => notes.push(Note::new(
                            file,
                            format!("`{key}` had no value (null) and was dropped"),
                        )),
                    }
                }
            }
            table
        }
    };
    Ok((table, split.body, split.body_line))
}

/// Mapped front matter, as TOML text.
pub(crate) struct Mapped {
    /// The front matter, `aliases` still to be checked against other pages.
    pub(crate) table: Table,
    /// The page's URL in the new site.
    pub(crate) url: String,
    pub(crate) taxonomies: BTreeSet<String>,
    /// Keys kept under `[extra]`.
    pub(crate) extra_keys: Vec<String>,
    /// The source URL, when the old site's menu names this top section.
    pub(crate) menu_section: Option<String>,
}

/// Maps `table` (a source file's front matter) to Rapport's keys.
pub(crate) fn map(
    table: Table,
    file: &MarkdownFile,
    plan: &Plan,
    config: &SourceConfig,
    generator: Generator,
    notes: &mut Vec<Note>,
) -> Mapped {
    let _ = plan;
    let name = file.source.as_str();
    let mut out = Table::new();
    let mut extra = Table::new();
    let mut taxonomies = Table::new();
    let mut aliases: Vec<String> = Vec::new();
    let mut url_override: Option<String> = None;
    let mut categories: Vec<String> = Vec::new();
    let mut in_menu = false;
    let mut headless = false;
    let section = file.section;

    // Hugo's keys are case-insensitive; look them up lowercased.
    let mut entries: Vec<(String, Value)> = table.into_iter().collect();
    entries.sort_by_key(|(k, _)| priority(&k.to_lowercase()));
    for (key, value) in entries {
        let lower = key.to_lowercase();
        if matches!(lower.as_str(), "categories" | "category") {
            // Jekyll puts them in a post's URL.
            categories.extend(strings_of(&value).iter().map(|c| c.to_lowercase()));
        }
        let mut keep_extra = |key: String, value: Value| {
            extra.insert(key, value);
        };
        match lower.as_str() {
            "title" => {
                out.insert("title".into(), Value::String(text_of(&value)));
            }
            "description" | "summary" | "excerpt" if !out.contains_key("description") => {
                if let Value::String(s) = &value {
                    if !s.trim().is_empty() {
                        out.insert("description".into(), Value::String(s.trim().to_string()));
                        continue;
                    }
                }
                keep_extra(key, value);
            }
            "date" | "publishdate" | "pubdate" | "published"
                if !section && !out.contains_key("date") =>
            {
                match date_of(&value) {
                    Some(d) => {
                        out.insert("date".into(), d);
                    }
                    None => {
                        notes.push(Note::new(
                            name,
                            format!("`{key}` is not a date Rapport reads; kept under [extra]"),
                        ));
                        keep_extra(key, value);
                    }
                }
            }
            "lastmod" | "last_modified_at" | "updated" | "modified" | "lastupdate"
                if !section && !out.contains_key("updated") =>
            {
                match date_of(&value) {
                    Some(d) => {
                        out.insert("updated".into(), d);
                    }
                    None => keep_extra(key, value),
                }
            }
            "draft" if !section => match value {
                Value::Boolean(b) => {
                    out.insert("draft".into(), Value::Boolean(b));
                }
                other => keep_extra(key, other),
            },
            "weight" | "order" if !out.contains_key("weight") => match int_of(&value) {
                Some(i) => {
                    out.insert("weight".into(), Value::Integer(i));
                }
                None => keep_extra(key, value),
            },
            "slug" if !section => {
                let slug = text_of(&value);
                let safe = slug::slugify(&slug);
                if safe.is_empty() {
                    keep_extra(key, value);
                } else {
                    if safe != slug {
                        notes.push(Note::new(
                            name,
                            format!(
                                "slug \"{slug}\" became \"{safe}\"; the old URL is kept as an alias"
                            ),
                        ));
                    }
                    out.insert("slug".into(), Value::String(safe));
                    extra.insert("source_slug".into(), Value::String(slug));
                }
            }
            "aliases" | "redirect_from" => {
                for alias in strings_of(&value) {
                    aliases.push(absolute_alias(&alias, &file.source_dir_url));
                }
            }
            "url" | "permalink" | "path" if matches!(value, Value::String(_)) => {
                let url = text_of(&value);
                url_override = Some(absolute_alias(&url, &file.source_dir_url));
                keep_extra(key, value);
            }
            "author" | "authors" => {
                let list = strings_of(&value);
                if list.is_empty() {
                    keep_extra(key, value);
                } else {
                    let authors = out
                        .entry("authors")
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(a) = authors {
                        a.extend(list.into_iter().map(Value::String));
                    }
                }
            }
            "taxonomies" if matches!(value, Value::Table(_)) => {
                if let Value::Table(t) = value {
                    for (tax, terms) in t {
                        add_terms(&mut taxonomies, &tax, &terms, name, notes);
                    }
                }
            }
            _ if config
                .taxonomies
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&lower)) =>
            {
                add_terms(&mut taxonomies, &lower, &value, name, notes);
            }
            "headless" if value.as_bool() == Some(true) => {
                headless = true;
                keep_extra(key, value);
            }
            "_build" | "build" if never_rendered(&value) => {
                headless = true;
                keep_extra(key, value);
            }
            "extra" if generator == Generator::Zola => {
                if let Value::Table(t) = value {
                    for (k, v) in t {
                        extra.insert(k, v);
                    }
                }
            }
            _ => keep_extra(key, value),
        }
    }

    // A top section the old site's menu names takes the entry's place in the navigation.
    let top_section = section && file.source_dir_url.matches('/').count() == 2;
    let position = config.menu.iter().position(|e| {
        top_section && e.target.starts_with('/') && normalize_url(&e.target) == file.source_dir_url
    });
    if let Some(position) = position {
        in_menu = true;
        if !out.contains_key("weight") {
            let weight = config.menu[position].weight.unwrap_or(position as i64 + 1);
            out.insert("weight".into(), Value::Integer(weight));
        }
    }
    if let Some(date) = file
        .post_date
        .as_deref()
        .filter(|_| !out.contains_key("date"))
    {
        if let Some(d) = date_of(&Value::String(date.to_string())) {
            out.insert("date".into(), d);
        }
    }
    if !section && !out.contains_key("title") {
        let stem = file.stem.clone().unwrap_or_default();
        let title = title_from(&stem);
        notes.push(Note::new(
            name,
            format!("no title: named \"{title}\" after the file"),
        ));
        out.insert("title".into(), Value::String(title));
    }
    if headless {
        if section {
            notes.push(Note::new(name, "a headless (never rendered) section on the old site: imported as a normal section; its pages are drafts only if they say so"));
        } else {
            notes.push(Note::new(name, "never rendered on the old site (headless or build.render = never): imported as a draft"));
            out.insert("draft".into(), Value::Boolean(true));
        }
    }

    // URLs: the old one must still answer, as the page or as an alias.
    let dest_url = match &file.stem {
        None => file.dest_dir_url.clone(),
        Some(stem) => {
            let last = out
                .get("slug")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| slug::slugify(stem));
            format!("{}{last}/", file.dest_dir_url)
        }
    };
    let source_url = match &file.stem {
        None => file.source_dir_url.clone(),
        Some(stem) => {
            let last = extra
                .get("source_slug")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| stem.replace(' ', "-"));
            let last = if generator == Generator::Hugo {
                last.to_lowercase()
            } else {
                last
            };
            // A post's URL takes the front matter's date over the file name's.
            let date = out.get("date").map(|d| {
                d.to_string()
                    .trim_matches('"')
                    .chars()
                    .take(10)
                    .collect::<String>()
            });
            match (config.jekyll_permalink.as_deref(), &file.post_date) {
                (Some(pattern), Some(name_date)) => jekyll_post_url(
                    pattern,
                    date.as_deref().unwrap_or(name_date),
                    &last,
                    &categories,
                ),
                // Jekyll serves `about.md` as `/about.html` unless the permalink ends in `/`.
                (Some(pattern), None) if !jekyll_pattern(pattern).ends_with('/') => {
                    format!("{}{last}.html", file.source_dir_url)
                }
                _ => format!("{}{last}/", file.source_dir_url),
            }
        }
    };
    extra.remove("source_slug");
    if let Some(url) = url_override {
        if url != dest_url {
            notes.push(Note::new(name, format!("the page was served at `{url}` (its own URL setting); that URL is kept as an alias of `{dest_url}`")));
            aliases.push(url);
        }
    } else if source_url != dest_url {
        notes.push(Note::new(
            name,
            format!("the old URL `{source_url}` is kept as an alias of `{dest_url}`"),
        ));
        aliases.push(source_url);
    }
    let mut aliases: Vec<String> = aliases.iter().map(|a| normalize_url(a)).collect();
    aliases.retain(|a| a != &dest_url && a != "/");
    aliases.sort();
    aliases.dedup();
    if !aliases.is_empty() {
        out.insert(
            "aliases".into(),
            Value::Array(aliases.into_iter().map(Value::String).collect()),
        );
    }

    let used: BTreeSet<String> = taxonomies.keys().cloned().collect();
    if !taxonomies.is_empty() {
        out.insert("taxonomies".into(), Value::Table(taxonomies));
    }
    let extra_keys: Vec<String> = extra.keys().cloned().collect();
    if !extra.is_empty() {
        out.insert("extra".into(), Value::Table(extra));
    }
    Mapped {
        table: out,
        url: dest_url,
        taxonomies: used,
        extra_keys,
        menu_section: in_menu.then(|| file.source_dir_url.clone()),
    }
}

/// Jekyll's named permalink styles as patterns.
fn jekyll_pattern(style: &str) -> &str {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        pattern => pattern,
    }
}

/// A Jekyll post's URL: its permalink pattern filled in.
fn jekyll_post_url(style: &str, date: &str, title: &str, categories: &[String]) -> String {
    let (year, rest) = date.split_at(4);
    let (month, day) = (&rest[1..3], &rest[4..6]);
    let url = jekyll_pattern(style)
        .replace(":categories", &categories.join("/"))
        .replace(":year", year)
        .replace(":month", month)
        .replace(":day", day)
        .replace(":title", title)
        .replace(":slug", title)
        .replace(":output_ext", ".html");
    let mut clean = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    clean
}

/// Keys handled first, so `description` wins over `summary`, `date` over `publishDate`.
fn priority(key: &str) -> u8 {
    match key {
        "title" | "description" | "date" | "lastmod" | "weight" => 0,
        "summary" | "publishdate" | "last_modified_at" | "updated" => 1,
        _ => 2,
    }
}

fn add_terms(taxonomies: &mut Table, name: &str, terms: &Value, file: &str, notes: &mut Vec<Note>) {
    let list = strings_of(terms);
    if list.is_empty() {
        return;
    }
    if name.is_empty() {
        notes.push(Note::new(file, "a taxonomy without a name was dropped"));
        return;
    }
    let entry = taxonomies
        .entry(name.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = entry {
        for term in list {
            let term = Value::String(term);
            if !a.contains(&term) {
                a.push(term);
            }
        }
    }
}

fn never_rendered(value: &Value) -> bool {
    let Some(t) = value.as_table() else {
        return false;
    };
    t.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("render")
            && (v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("never"))
                || v.as_bool() == Some(false))
    })
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn int_of(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(i) => Some(*i),
        Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn strings_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => vec![value.to_string()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Integer(_) | Value::Float(_) => Some(v.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A TOML date from a TOML datetime or a date written as text (`2019-10-21
/// 14:00:00 +0000` as Jekyll writes them too).
fn date_of(value: &Value) -> Option<Value> {
    let dt = match value {
        Value::Datetime(dt) => *dt,
        Value::String(s) => parse_date(s.trim())?,
        _ => return None,
    };
    dt.date?;
    Some(Value::Datetime(dt))
}

fn parse_date(text: &str) -> Option<toml::value::Datetime> {
    if let Ok(dt) = text.parse() {
        return Some(dt);
    }
    // `2019-10-21 14:00:00 +0000` -> `2019-10-21T14:00:00+00:00`
    let mut parts = text.split_whitespace();
    let day = parts.next()?;
    let time = parts.next();
    let offset = parts.next();
    let mut candidate = day.to_string();
    if let Some(time) = time {
        candidate.push('T');
        candidate.push_str(time);
        if let Some(off) = offset {
            if off.len() == 5 && (off.starts_with('+') || off.starts_with('-')) {
                candidate.push_str(&off[..3]);
                candidate.push(':');
                candidate.push_str(&off[3..]);
            } else if off == "UTC" || off == "Z" {
                candidate.push('Z');
            }
        }
    }
    candidate.parse().ok().or_else(|| day.parse().ok())
}

/// An alias as an absolute path; Hugo reads a relative one from the page's folder.
fn absolute_alias(alias: &str, dir_url: &str) -> String {
    let alias = alias.trim();
    if let Some(rest) = alias
        .strip_prefix("http://")
        .or_else(|| alias.strip_prefix("https://"))
    {
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        return path.to_string();
    }
    if alias.starts_with('/') {
        alias.to_string()
    } else {
        format!("{dir_url}{alias}")
    }
}

/// `getting-started` -> `Getting started`.
pub(crate) fn title_from(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".into(),
    }
}

/// `/a/b` -> `/a/b/`; a file name (`/a/b.html`) stays as it is.
pub(crate) fn normalize_url(url: &str) -> String {
    let url = url.split(['#', '?']).next().unwrap_or(url);
    let mut url = if url.starts_with('/') {
        url.to_string()
    } else {
        format!("/{url}")
    };
    let last = url.rsplit('/').next().unwrap_or("");
    if !url.ends_with('/') && !last.contains('.') {
        url.push('/');
    }
    url
}
