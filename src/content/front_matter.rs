//! Front matter: the TOML between `+++` lines, or the YAML between `---`
//! lines, at the top of a markdown file.
//!
//! The raw text is split off, then deserialised into typed structs with
//! `deny_unknown_fields`, so a typo is an error with a suggestion rather than
//! a setting quietly ignored. Every error carries the file's own line number.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Diagnostic, front_matter_diagnostic};
use crate::schema::{self, TableShape, TomlKeys};

/// How a file's front matter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML between `+++` lines (Zola's convention, and Rapport's own).
    Toml,
    /// YAML between `---` lines (Hugo's, Jekyll's, Eleventy's, Astro's...).
    Yaml,
}

/// A markdown file split into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitSource<'a> {
    /// How the front matter is written.
    pub format: Format,
    /// The text between the fences.
    pub front_matter: &'a str,
    /// The 1-based line where the front matter starts (just after the opening fence).
    pub front_matter_line: usize,
    /// Everything before the closing fence, from the file's first line: where
    /// [`crate::content::key_line`] looks keys up.
    pub head: &'a str,
    /// The markdown after the closing fence.
    pub body: &'a str,
    /// The 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `text` at its front matter fences: `+++` for TOML, `---` for YAML,
/// after any byte-order mark and blank lines. A file without front matter is
/// an error unless `optional` (section files may omit it).
pub fn split<'a>(file: &str, text: &'a str, optional: bool) -> Result<SplitSource<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Blank lines before the opening fence are fine (Zola accepts them).
    let mut start = 0;
    let mut fence_line = 1;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
        fence_line += 1;
    }
    let rest = &text[start..];
    let first_line_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    let (format, fence) = match rest[..first_line_end].trim_end() {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ if optional => {
            return Ok(SplitSource {
                format: Format::Toml,
                front_matter: "",
                front_matter_line: 1,
                head: "",
                body: text,
                body_line: 1,
            });
        }
        _ => {
            return Err(
                Diagnostic::new(file, "the file does not start with front matter")
                    .at_line(fence_line)
                    .with_help("start the file with a `+++` line, then `title = \"...\"`, then a closing `+++` line (or YAML between `---` lines)"),
            );
        }
    };
    let after = &rest[first_line_end..];
    let mut offset = 0;
    for (line, raw_line) in (fence_line + 1..).zip(after.split_inclusive('\n')) {
        if raw_line.trim_end() == fence {
            let body_start = offset + raw_line.len();
            return Ok(SplitSource {
                format,
                front_matter: &after[..offset],
                front_matter_line: fence_line + 1,
                head: &text[..start + first_line_end + offset],
                body: &after[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err(Diagnostic::new(
        file,
        format!("the front matter opened on line {fence_line} is never closed"),
    )
    .at_line(fence_line)
    .with_help(format!(
        "add a line holding only `{fence}` after the last front matter key"
    )))
}

/// A date from front matter: a TOML date or datetime, or an RFC 3339 string.
///
/// The day is a `jiff` civil date (issue 17), so every calendar rule (month
/// lengths, leap years, ordering) comes from one well-kept crate rather than
/// from arithmetic of our own; the syntax accepted stays TOML's, in TOML
/// files and quoted or YAML strings alike.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The calendar day; it orders first, so dates sort by day.
    day: jiff::civil::Date,
    /// `HH:MM:SS` with any offset, kept as written: only feeds print it, and
    /// they must print it as the author wrote it.
    time: Option<String>,
}

impl Date {
    fn from_datetime(dt: toml::value::Datetime) -> Result<Date, String> {
        let Some(date) = dt.date else {
            return Err(format!("\"{dt}\" has a time but no date"));
        };
        // toml refuses impossible days itself; jiff turns the day into a
        // calendar date, and would refuse one with this message if toml let
        // one through.
        let day = match (
            i16::try_from(date.year),
            i8::try_from(date.month),
            i8::try_from(date.day),
        ) {
            (Ok(year), Ok(month), Ok(day)) => jiff::civil::Date::new(year, month, day).ok(),
            _ => None,
        }
        .ok_or_else(|| format!("\"{dt}\" is not a real date"))?;
        let time = dt.time.map(|t| match dt.offset {
            Some(offset) => format!("{t}{offset}"),
            None => t.to_string(),
        });
        Ok(Date { day, time })
    }

    /// The day, `YYYY-MM-DD`.
    pub fn day(&self) -> String {
        self.day.to_string()
    }

    /// The day as a civil date, for calendar arithmetic (review ages) and
    /// formatting.
    pub fn civil(&self) -> jiff::civil::Date {
        self.day
    }

    /// RFC 3339, as Atom and sitemaps want it (midnight UTC for a bare day).
    pub fn rfc3339(&self) -> String {
        let day = self.day();
        match &self.time {
            Some(t) if t.ends_with('Z') || t.contains('+') || t.matches('-').count() > 0 => {
                format!("{day}T{t}")
            }
            Some(t) => format!("{day}T{t}Z"),
            None => format!("{day}T00:00:00Z"),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.day, f)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Datetime(toml::value::Datetime),
            Text(String),
        }
        let dt = match Raw::deserialize(deserializer)? {
            Raw::Datetime(dt) => dt,
            Raw::Text(text) => text.trim().parse().map_err(|_| {
                // Quoted TOML and YAML dates arrive as text: say what is wrong
                // with one that looks like a date ("February 2026 has 28 days").
                let reason = schema::date_problem(&text)
                    .map_or_else(|| format!("\"{text}\" is not a date"), |(reason, _)| reason);
                serde::de::Error::custom(format!(
                    "{reason}; write it as 2026-03-14 or 2026-03-14T09:30:00Z"
                ))
            })?,
        };
        Date::from_datetime(dt).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.day)
    }
}

/// A page's front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page title (required).
    pub title: String,
    /// One or two sentences on what the reader gets.
    pub description: Option<String>,
    /// When the page was first published.
    pub date: Option<Date>,
    /// When the page last changed.
    pub updated: Option<Date>,
    /// Drafts are left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Order within the section when it sorts by weight.
    pub weight: Option<i64>,
    /// Replaces the file name in the URL.
    pub slug: Option<String>,
    /// A template other than `page.html`.
    pub template: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Taxonomy name -> terms.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Who wrote the page.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The clinician who reviewed it.
    pub reviewed_by: Option<String>,
    /// When it was last reviewed.
    pub last_reviewed: Option<Date>,
    /// Citations, shown as a numbered list.
    #[serde(default)]
    pub sources: Vec<String>,
    /// A note shown before the body, e.g. "mentions trauma".
    pub content_note: Option<String>,
    /// `[check] allow = [...]`: lint codes `rapport check` skips on this page.
    #[serde(default)]
    pub check: crate::config::PageCheckConfig,
    /// `false`: no glossary term on this page links to its definition.
    pub glossary: Option<bool>,
    /// Glossary terms not linked on this page.
    #[serde(default)]
    pub glossary_skip: Vec<String>,
    /// Free-form values for templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// The keys plugins declared (`worksheet = true`) that this page sets:
    /// taken out before the strict parse, handed to plugins as they are.
    #[serde(skip)]
    pub params: toml::Table,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, lightest first.
    #[default]
    Weight,
    /// By `date`, newest first.
    Date,
    /// By `title`, alphabetically.
    Title,
}

/// A section's front matter (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// The section title; defaults to the folder name.
    pub title: Option<String>,
    /// One or two sentences on what the section holds.
    pub description: Option<String>,
    /// How pages are ordered.
    #[serde(default)]
    pub sort_by: SortBy,
    /// Pages per listing page; none means one listing page.
    pub paginate_by: Option<usize>,
    /// A template other than `section.html`.
    pub template: Option<String>,
    /// Order among sibling sections in the navigation.
    pub weight: Option<i64>,
    /// `false` leaves a top-level section out of the automatic main menu.
    pub in_menu: Option<bool>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Taxonomy name -> terms. Sections are not listed under their terms;
    /// `audience` sets the review and reading-level rules of their text.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Who wrote the section's text.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The clinician who reviewed it.
    pub reviewed_by: Option<String>,
    /// When it was last reviewed.
    pub last_reviewed: Option<Date>,
    /// Citations, shown as a numbered list.
    #[serde(default)]
    pub sources: Vec<String>,
    /// A note shown before the body, e.g. "mentions trauma".
    pub content_note: Option<String>,
    /// `[check] allow = [...]`: lint codes `rapport check` skips on this section.
    #[serde(default)]
    pub check: crate::config::PageCheckConfig,
    /// Free-form values for templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// The keys plugins declared (`course = true`) that this section sets.
    #[serde(skip)]
    pub params: toml::Table,
}

/// Keys other generators write that Rapport does not take, each with what
/// to do instead: (key, what it is, the fix).
const FOREIGN_KEYS: &[(&str, &str, &str)] = &[
    (
        "lastmod",
        "Hugo's date of the last change",
        "Rapport calls it `updated`",
    ),
    (
        "last_modified_at",
        "Jekyll's date of the last change",
        "Rapport calls it `updated`",
    ),
    (
        "publishDate",
        "Hugo's publication date",
        "Rapport calls it `date`",
    ),
    (
        "summary",
        "Hugo's summary",
        "Rapport calls it `description`",
    ),
    (
        "excerpt",
        "Jekyll's excerpt",
        "Rapport calls it `description`",
    ),
    (
        "author",
        "a single author",
        "Rapport takes a list: `authors = [\"...\"]`",
    ),
    (
        "tags",
        "a taxonomy of Hugo and Jekyll",
        "declare it in rapport.toml ([taxonomies] tags = \"Tags\") and write it under [taxonomies]",
    ),
    (
        "categories",
        "a taxonomy of Hugo and Jekyll",
        "declare it in rapport.toml ([taxonomies] categories = \"Categories\") and write it under [taxonomies]",
    ),
    (
        "layout",
        "a Hugo or Jekyll layout",
        "Rapport calls it `template` (a file in templates/); or move it under [extra]",
    ),
    (
        "url",
        "Hugo's whole URL",
        "Rapport sets the last part with `slug`, and old URLs with `aliases`",
    ),
    (
        "permalink",
        "Jekyll's whole URL",
        "Rapport sets the last part with `slug`, and old URLs with `aliases`",
    ),
    (
        "linkTitle",
        "Hugo's short title for menus",
        "Rapport has none: remove it or move it under [extra]",
    ),
    (
        "keywords",
        "a Hugo setting Rapport does not use",
        "use a taxonomy such as `topics`, or move it under [extra]",
    ),
    (
        "insert_anchor_links",
        "a Zola setting Rapport does not use",
        "remove it or move it under [extra]",
    ),
    (
        "in_search_index",
        "a Zola setting Rapport does not use",
        "remove it or move it under [extra]",
    ),
    (
        "render",
        "a Zola setting Rapport does not use",
        "remove it or move it under [extra]",
    ),
    (
        "transparent",
        "a Zola setting Rapport does not use",
        "remove it or move it under [extra]",
    ),
    (
        "page_template",
        "a Zola setting Rapport does not use",
        "set `template` on each page instead, or move it under [extra]",
    ),
    (
        "generate_feeds",
        "a Zola setting Rapport does not use",
        "remove it: Rapport writes one Atom feed for the site",
    ),
    (
        "type",
        "a Hugo setting Rapport does not use",
        "remove it or move it under [extra]",
    ),
    (
        "menu",
        "Hugo's menu entry",
        "Rapport's navigation lists the top-level sections (order them with `weight`); remove it or move it under [extra]",
    ),
    (
        "toc",
        "a Hugo theme setting",
        "Rapport shows the table of contents on every article; remove it or move it under [extra]",
    ),
];

/// The tables of front matter `T` whose keys are checked: its own, and
/// `[check]`; `[taxonomies]` and `[extra]` take any key.
fn shapes<T: serde::de::DeserializeOwned>() -> [TableShape; 2] {
    [
        TableShape::of::<T>(&[]),
        TableShape::of::<crate::config::PageCheckConfig>(&["check"]),
    ]
}

/// Parses a page's front matter; `plugin_keys` are the top-level keys the
/// enabled plugins declared, which the page may set besides Rapport's own.
pub fn parse_page(
    file: &str,
    split: &SplitSource<'_>,
    plugin_keys: &[String],
) -> Result<PageFrontMatter, Vec<Diagnostic>> {
    parse_with_plugin_keys(file, split, plugin_keys, |meta: &mut PageFrontMatter| {
        &mut meta.params
    })
}

/// Parses front matter `T` with the plugin keys taken out first, into the
/// table `params` gives.
fn parse_with_plugin_keys<T: serde::de::DeserializeOwned>(
    file: &str,
    split: &SplitSource<'_>,
    plugin_keys: &[String],
    params: impl FnOnce(&mut T) -> &mut toml::Table,
) -> Result<T, Vec<Diagnostic>> {
    let Some((blanked, taken)) = take_plugin_keys(split, plugin_keys) else {
        return parse(file, split, &shapes::<T>());
    };
    let rest = SplitSource {
        front_matter: &blanked,
        ..split.clone()
    };
    let mut meta: T = parse(file, &rest, &shapes::<T>())?;
    *params(&mut meta) = taken;
    Ok(meta)
}

/// The plugin keys `split` sets at its top level, and its front matter with
/// their lines blanked (spaces, so every other key keeps its line and
/// column); `None` when it sets none, the common case, which costs one scan.
fn take_plugin_keys(
    split: &SplitSource<'_>,
    plugin_keys: &[String],
) -> Option<(String, toml::Table)> {
    let text = split.front_matter;
    let mut params = toml::Table::new();
    let mut blanked = text.as_bytes().to_vec();
    // Line starts, so a value may run over the lines after its key.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len())
        .collect();
    let mut n = 0;
    while n < starts.len() {
        let at = starts[n];
        let line_end = starts.get(n + 1).copied().unwrap_or(text.len());
        let line = &text[at..line_end];
        n += 1;
        // Top level only: a plugin key inside a table is that table's business.
        if line.starts_with([' ', '\t', '[']) {
            if line.starts_with('[') {
                break; // TOML tables start: what follows is not top level
            }
            continue;
        }
        let Some(key) = plugin_keys.iter().find(|k| {
            line.strip_prefix(k.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        }) else {
            continue;
        };
        let after_key = &line[key.len()..];
        let value_at = at + key.len() + (after_key.len() - after_key.trim_start().len()) + 1;
        // The value is its own line, or (a TOML array written over several
        // lines, a YAML list below its key) that line and the lines after.
        let mut found = None;
        // YAML: the value is every indented or list line below the key.
        let yaml_lines = (n..starts.len())
            .take_while(|&i| text[starts[i]..].starts_with([' ', '\t', '-']))
            .count();
        let tries = match split.format {
            Format::Toml => 0..=MAX_VALUE_LINES.min(starts.len() - n),
            Format::Yaml => yaml_lines..=yaml_lines,
        };
        for extra in tries {
            let end = starts.get(n + extra).copied().unwrap_or(text.len());
            let value = text[value_at..end]
                .trim_start_matches([' ', '\t'])
                .trim_end();
            let read = match split.format {
                Format::Toml => toml::from_str::<toml::Table>(&format!("v = {value}"))
                    .ok()
                    .and_then(|mut t| t.remove("v")),
                Format::Yaml if value.is_empty() => None,
                Format::Yaml => yaml_front_matter::<serde_json::Value>(value)
                    .ok()
                    .and_then(crate::content::json_to_toml),
            };
            if let Some(read) = read {
                found = Some((read, end, extra));
                break;
            }
        }
        // A value that does not read is left for the strict parse, which
        // reports it with its place.
        let Some((value, end, extra)) = found else {
            continue;
        };
        params.insert(key.clone(), value);
        // Spaces, so every other key keeps its line and column.
        for byte in &mut blanked[at..end] {
            if !matches!(*byte, b'\n' | b'\r') {
                *byte = b' ';
            }
        }
        n += extra;
    }
    let blanked = String::from_utf8(blanked).ok()?;
    (!params.is_empty()).then_some((blanked, params))
}

/// The most lines a plugin key's value may run over after its key's line.
const MAX_VALUE_LINES: usize = 50;

/// Parses a section's front matter, with the plugin keys as [`parse_page`].
pub fn parse_section(
    file: &str,
    split: &SplitSource<'_>,
    plugin_keys: &[String],
) -> Result<SectionFrontMatter, Vec<Diagnostic>> {
    parse_with_plugin_keys(file, split, plugin_keys, |meta: &mut SectionFrontMatter| {
        &mut meta.params
    })
}

/// Parses front matter into `T`, reporting every unknown key at once (serde
/// stops at the first), then the first bad value.
fn parse<T: serde::de::DeserializeOwned>(
    file: &str,
    split: &SplitSource<'_>,
    shapes: &[TableShape],
) -> Result<T, Vec<Diagnostic>> {
    let known = shapes[0].keys;
    let toml_keys = match split.format {
        Format::Toml => TomlKeys::parse(split.front_matter),
        Format::Yaml => None,
    };
    let unknown = unknown_keys(file, split, shapes, toml_keys.as_ref());
    if !unknown.is_empty() {
        return Err(unknown);
    }
    if let Some(value) = toml_keys.and_then(TomlKeys::into_typed) {
        return Ok(value);
    }
    let mut d = match split.format {
        Format::Toml => match toml::from_str(split.front_matter) {
            Ok(value) => return Ok(value),
            Err(e) => {
                schema::toml_error(file, split.front_matter, split.front_matter_line, &e, known)
            }
        },
        Format::Yaml => match yaml_front_matter(split.front_matter) {
            Ok(value) => return Ok(value),
            Err(e) => {
                let line = e.location().map_or(split.front_matter_line, |l| {
                    split.front_matter_line + yaml_line_index(split.front_matter, &l)
                });
                // The message without the snippet and its " at line N, column M".
                let message = e.without_snippet().to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m)
                    .to_string();
                front_matter_diagnostic(
                    file,
                    line,
                    split.front_matter_line,
                    &message,
                    known,
                    "YAML",
                )
            }
        },
    };
    if d.message.starts_with("missing required key") {
        // The closing fence is a better place to point than the opening one:
        // that is where the author adds the key.
        d.line = Some(split.front_matter_line);
        return Err(vec![d]);
    }
    // serde stops at the first bad value: look for the others key by key.
    let mut all = bad_values::<T>(file, split, known);
    if !all.iter().any(|other| other.line == d.line) {
        all.push(d);
    }
    all.sort_by_key(|d| d.line);
    Err(all)
}

/// Every top-level key whose value `T` refuses, each tried alone (beside a
/// stand-in title, which pages require), with the key's line. Only run when
/// the whole front matter failed, so its cost never touches a good build.
fn bad_values<T: serde::de::DeserializeOwned>(
    file: &str,
    split: &SplitSource<'_>,
    known: &[&str],
) -> Vec<Diagnostic> {
    let lang = match split.format {
        Format::Toml => "TOML",
        Format::Yaml => "YAML",
    };
    // (key, the value when it is text, whether `T` takes it)
    let probes: Vec<(String, Option<String>, Result<T, String>)> = match split.format {
        Format::Toml => {
            let Ok(table) = toml::from_str::<toml::Table>(split.front_matter) else {
                return Vec::new();
            };
            table
                .iter()
                .map(|(key, value)| {
                    let mut probe = toml::Table::new();
                    probe.insert("title".into(), toml::Value::String("probe".into()));
                    probe.insert(key.clone(), value.clone());
                    let result = toml::Value::Table(probe)
                        .try_into::<T>()
                        .map_err(|e| e.message().to_string());
                    (key.clone(), value.as_str().map(str::to_string), result)
                })
                .collect()
        }
        Format::Yaml => {
            let Ok(serde_json::Value::Object(map)) =
                yaml_front_matter::<serde_json::Value>(split.front_matter)
            else {
                return Vec::new();
            };
            map.iter()
                .map(|(key, value)| {
                    let mut probe = serde_json::Map::new();
                    probe.insert("title".into(), serde_json::Value::String("probe".into()));
                    probe.insert(key.clone(), value.clone());
                    let result = serde_json::from_value::<T>(serde_json::Value::Object(probe))
                        .map_err(|e| e.to_string());
                    (key.clone(), value.as_str().map(str::to_string), result)
                })
                .collect()
        }
    };
    let spans = match split.format {
        Format::Toml => TomlKeys::parse(split.front_matter),
        Format::Yaml => None,
    };
    probes
        .into_iter()
        .filter_map(|(key, text, result)| {
            let message = result.err()?;
            // TOML keys are located by span; YAML ones by their line.
            let place = spans.as_ref().and_then(|keys| {
                let span = keys.span_of(&[key.as_str()])?;
                let (line, column) = keys.line_column(span.start);
                Some((split.front_matter_line + line - 1, column))
            });
            let line = place.map_or_else(|| crate::content::key_line(split.head, &key), |p| p.0);
            // A refused value written like a date (quoted in TOML, or YAML's
            // plain `2026-02-31`) is told what is wrong with the date.
            let mut d = match text.as_deref().and_then(schema::date_problem) {
                Some((reason, help)) => {
                    Diagnostic::new(file, format!("bad date: {reason} (in `{key}`)"))
                        .at_line(line)
                        .with_help(help)
                }
                None => front_matter_diagnostic(
                    file,
                    line,
                    split.front_matter_line,
                    &format!("{message} (in `{key}`)"),
                    known,
                    lang,
                ),
            };
            d.column = place.map(|p| p.1);
            Some(d)
        })
        .collect()
}

/// Every key that its table (one of `shapes`: the top level, then `[check]`)
/// does not take, each at its place with a fix that fits where it is.
/// Front matter that does not parse has none here: its syntax error comes
/// from the typed parse.
/// `toml_keys` is the TOML front matter as read, when it is TOML and valid.
fn unknown_keys(
    file: &str,
    split: &SplitSource<'_>,
    shapes: &[TableShape],
    toml_keys: Option<&TomlKeys<'_>>,
) -> Vec<Diagnostic> {
    // (key, its table's path, line, column)
    let found: Vec<(String, Vec<String>, usize, Option<usize>)> = match split.format {
        Format::Toml => {
            let Some(keys) = toml_keys else {
                return Vec::new();
            };
            keys.unknown_keys(shapes)
                .into_iter()
                .map(|u| {
                    let (line, column) = keys.line_column(u.span.start);
                    (
                        u.key,
                        u.path,
                        split.front_matter_line + line - 1,
                        Some(column),
                    )
                })
                .collect()
        }
        Format::Yaml => {
            // serde-saphyr gives no key spans outside typed `Spanned` fields,
            // so YAML keys are located by their line.
            let Some(keys) = yaml_keys(split) else {
                return Vec::new();
            };
            let mut found = Vec::new();
            for (key, inner) in keys {
                let shape = shapes.iter().find(|s| s.path == [key.as_str()]);
                if let Some(shape) = shape {
                    for sub in inner
                        .into_iter()
                        .filter(|k| !shape.keys.contains(&k.as_str()))
                    {
                        let line = crate::content::key_line(split.head, &sub);
                        found.push((sub, vec![key.clone()], line, None));
                    }
                } else if !shapes[0].keys.contains(&key.as_str()) {
                    let line = crate::content::key_line(split.head, &key);
                    found.push((key, Vec::new(), line, None));
                }
            }
            found
        }
    };
    let known = shapes[0].keys;
    found
        .into_iter()
        .map(|(key, path, line, column)| {
            let d = if let Some(shape) = shapes.iter().find(|s| !path.is_empty() && s.path == path)
            {
                let takes: Vec<String> = shape.keys.iter().map(|k| format!("`{k}`")).collect();
                let takes = format!("{} takes only {}", shape.name(), takes.join(", "));
                let d = Diagnostic::new(file, format!("unknown key \"{key}\" in {}", shape.name()));
                match crate::error::suggest(&key, shape.keys.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean \"{near}\"? {takes}")),
                    None => d.with_help(takes),
                }
            } else if let Some((_, what, fix)) = FOREIGN_KEYS.iter().find(|(k, _, _)| *k == key) {
                Diagnostic::new(
                    file,
                    format!("`{key}` is {what}, which Rapport does not use"),
                )
                .with_help(*fix)
            } else {
                let d = Diagnostic::new(file, format!("unknown key \"{key}\""));
                match crate::error::suggest(&key, known.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean \"{near}\"?")),
                    None => d.with_help(format!(
                        "known keys are: {}; anything else goes under [extra]",
                        known.join(", ")
                    )),
                }
            };
            let mut d = d.at_line(line);
            d.column = column;
            d
        })
        .collect()
}

/// The YAML front matter's top-level keys, each with its table's keys when
/// it is a table; `None` when the text does not parse.
fn yaml_keys(split: &SplitSource<'_>) -> Option<Vec<(String, Vec<String>)>> {
    let value: serde_json::Value = yaml_front_matter(split.front_matter).ok()?;
    Some(
        value
            .as_object()?
            .iter()
            .map(|(k, v)| {
                let inner = v.as_object().map(|o| o.keys().cloned().collect());
                (k.clone(), inner.unwrap_or_default())
            })
            .collect(),
    )
}

/// The 0-based line of a YAML error inside `text`, counting `\n` only: YAML
/// also breaks lines at a lone `\r`, which editors and the rest of Rapport
/// do not, so its own line number can point past the file's end.
fn yaml_line_index(text: &str, at: &serde_saphyr::Location) -> usize {
    match at.span().byte_offset() {
        Some(offset) => {
            let offset = (offset as usize).min(text.len());
            text.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
        }
        None => (at.line().saturating_sub(1) as usize).min(text.lines().count().saturating_sub(1)),
    }
}

/// Reads YAML front matter into the same typed structs as TOML, so both
/// forms take exactly the same keys and values. serde-saphyr: maintained,
/// pure Rust, panic-free, and its errors carry a line (serde_yaml is
/// unmaintained).
fn yaml_front_matter<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_saphyr::Error> {
    if text.trim().is_empty() {
        // An empty YAML document is null; an empty front matter is a table.
        return serde_saphyr::from_str("{}");
    }
    serde_saphyr::from_str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("a.md", "+++\ntitle = \"x\"\n+++\nbody\n", false).unwrap();
        assert_eq!(s.front_matter, "title = \"x\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn plugin_keys_may_run_over_lines_and_the_rest_keeps_its_places() {
        let keys = ["objectives".to_string(), "course".to_string()];
        let toml_text =
            "+++\ntitle = \"x\"\nobjectives = [\n  \"one\",\n  \"two\",\n]\nweight = 2\n+++\n";
        let yaml_text = "---\ntitle: \"x\"\nobjectives:\n  - one\n  - two\nweight: 2\n---\n";
        for text in [toml_text, yaml_text] {
            let s = split("a.md", text, false).unwrap();
            let meta = parse_page("a.md", &s, &keys).unwrap();
            let want = toml::Value::Array(vec!["one".into(), "two".into()]);
            assert_eq!(meta.params.get("objectives"), Some(&want), "{text}");
            assert_eq!(meta.weight, Some(2));
        }
        // A section takes them too; an unknown key is still an error at its line.
        let s = split("_index.md", "+++\ncourse = true\ncolour = 1\n+++\n", false).unwrap();
        let d = parse_section("_index.md", &s, &keys).unwrap_err();
        assert_eq!(d[0].line, Some(3));
        let s = split("_index.md", "+++\ncourse = true\n+++\n", false).unwrap();
        let meta = parse_section("_index.md", &s, &keys).unwrap();
        assert_eq!(meta.params.get("course"), Some(&toml::Value::Boolean(true)));
    }

    #[test]
    fn a_yaml_error_after_lone_carriage_returns_points_at_a_line_of_the_file() {
        // Found by the front_matter fuzz target: YAML counts a lone `\r` as a
        // line break, editors and `str::lines` do not; the line must be one
        // the file has.
        let text = "---\ntitle: \"x\"\nobj\r\r\r\r\r\r\r\r\r\r\0\0axonom\n---\nBody.\n";
        let s = split("a.md", text, false).unwrap();
        let d = parse_page("a.md", &s, &[]).unwrap_err();
        let lines = text.lines().count();
        for d in d {
            assert!(d.line.is_some_and(|l| (1..=lines).contains(&l)), "{d:?}");
        }
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = split("a.md", "+++\ntitle = \"x\"\nbody\n", false).unwrap_err();
        assert!(d.message.contains("never closed"));
    }

    #[test]
    fn dates_accept_toml_and_rfc3339_strings() {
        let fm: PageFrontMatter =
            toml::from_str("title = \"t\"\ndate = 2026-01-02\nupdated = \"2026-02-03T10:00:00Z\"")
                .unwrap();
        assert_eq!(fm.date.unwrap().rfc3339(), "2026-01-02T00:00:00Z");
        assert_eq!(fm.updated.unwrap().rfc3339(), "2026-02-03T10:00:00Z");
        assert!(toml::from_str::<PageFrontMatter>("title = \"t\"\ndate = \"yesterday\"").is_err());
    }

    #[test]
    fn dates_keep_their_written_form_and_order_by_day() {
        let date = |text: &str| {
            toml::from_str::<PageFrontMatter>(&format!("title = \"t\"\ndate = {text}"))
                .unwrap()
                .date
                .unwrap()
        };
        assert_eq!(date("0999-01-05").day(), "0999-01-05");
        assert_eq!(date("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(
            date("2026-02-03T10:00:00.5+02:00").rfc3339(),
            "2026-02-03T10:00:00.5+02:00"
        );
        assert!(date("2026-01-31") < date("2026-02-01"));
        assert!(date("2026-02-01") < date("2026-02-01T08:00:00"));
    }

    #[test]
    fn sections_take_the_article_keys() {
        let fm: SectionFrontMatter = toml::from_str(
            "authors = [\"A\"]\nreviewed_by = \"R\"\nlast_reviewed = 2026-01-02\nsources = [\"S\"]\ncontent_note = \"N\"\naliases = [\"old/\"]\n[taxonomies]\naudience = [\"clients\"]\n[check]\nallow = [\"long-sentence\"]\n",
        )
        .unwrap();
        assert_eq!(fm.last_reviewed.unwrap().day(), "2026-01-02");
        assert_eq!(fm.taxonomies["audience"], ["clients"]);
        assert_eq!(fm.aliases, ["old/"]);
        assert!(toml::from_str::<SectionFrontMatter>("last_reviewed = \"soon\"").is_err());
        // Every key a page shares with a section is in both key lists.
        for key in [
            "aliases",
            "taxonomies",
            "authors",
            "reviewed_by",
            "last_reviewed",
            "sources",
            "content_note",
            "check",
        ] {
            let page = schema::field_names::<PageFrontMatter>();
            let section = schema::field_names::<SectionFrontMatter>();
            assert!(page.contains(&key) && section.contains(&key), "{key}");
        }
    }
}
