//! The shape of the TOML Rapport reads (`rapport.toml`, front matter): the
//! keys each table takes, where a key is written, and what is wrong with a
//! date that toml refused (issue 17).
//!
//! - **Key lists come from the structs.** [`field_names`] asks a struct's
//!   serde derive for the names it accepts, so a field added to `Config` or
//!   `PageFrontMatter` is a known key at once, renames and all; no list is
//!   kept by hand beside the struct.
//! - **Places come from toml's spans.** [`TomlKeys`] reads the text with
//!   `toml::de::DeTable`, which keeps the byte span of every key and value,
//!   so an error names the exact line and column of a key in any table,
//!   inline tables and arrays of tables included.
//! - **Bad dates are recognised by the text toml points at**, not by toml's
//!   wording: [`date_problem`] reads the span of the error.

use std::ops::Range;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, suggest};

/// The field names of struct `T`, as its `#[derive(Deserialize)]` declares
/// them (after `rename`, with aliases).
///
/// The derive passes its field list to `Deserializer::deserialize_struct`;
/// a deserializer that only records that list reads it without any data
/// (the trick of serde_aux's `serde_introspect`). Chosen over a `const` list
/// per struct checked by a test: there is nothing to keep in sync at all.
/// A type that is not a derived struct gives an empty list.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names = FieldNames(&[]);
    let _ = T::deserialize(&mut names);
    names.0
}

/// A deserializer that records the field list of the struct asked for, then stops.
struct FieldNames(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut FieldNames {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only a struct's field names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(de::Error::custom("field names read"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// One table whose keys are checked: where it is, and the keys it takes.
#[derive(Debug, Clone, Copy)]
pub struct TableShape {
    /// The keys leading to it from the top (`["crisis", "contacts"]`); empty for the top.
    pub path: &'static [&'static str],
    /// The keys it takes, from its struct ([`field_names`]).
    pub keys: &'static [&'static str],
}

impl TableShape {
    /// The table at `path`, taking the fields of struct `T`.
    pub fn of<T: DeserializeOwned>(path: &'static [&'static str]) -> Self {
        Self {
            path,
            keys: field_names::<T>(),
        }
    }

    /// How the table is named in messages: `[quick_exit]`, `[crisis.contacts]`,
    /// or "the top level".
    pub fn name(&self) -> String {
        if self.path.is_empty() {
            "the top level".into()
        } else {
            format!("[{}]", self.path.join("."))
        }
    }
}

/// A key written in a table that does not take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The key as written.
    pub key: String,
    /// Its byte span in the text.
    pub span: Range<usize>,
    /// The table's path (`["quick_exit"]`; empty for the top level).
    pub path: Vec<String>,
}

/// A TOML text read with the span of every key and value.
pub struct TomlKeys<'t> {
    text: &'t str,
    root: DeTable<'t>,
}

impl<'t> TomlKeys<'t> {
    /// Reads `text`; `None` when it is not valid TOML (the typed parse reports why).
    pub fn parse(text: &'t str) -> Option<Self> {
        let root = DeTable::parse(text).ok()?.into_inner();
        Some(Self { text, root })
    }

    /// The text's values as `T`, from the table already read: front matter
    /// is checked for unknown keys first, and reading it twice was a
    /// hundredth of a build. `None` when `T` refuses them: then
    /// `toml::from_str` tells why, with the text beside its message.
    pub fn into_typed<T: DeserializeOwned>(self) -> Option<T> {
        let whole = toml::Spanned::new(0..self.text.len(), self.root);
        T::deserialize(toml::de::Deserializer::from(whole)).ok()
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(self.text, offset)
    }

    /// The span of the first key named `key` in the text, at any depth: for
    /// pointing at a key (`template`, a taxonomy's name) after the typed parse.
    pub fn find(&self, key: &str) -> Option<Range<usize>> {
        let mut best = None;
        find_in(&self.root, key, &mut best);
        best
    }

    /// The span of the key at `path` (`["quick_exit", "url"]`), in the
    /// table or inline table it belongs to.
    pub fn span_of(&self, path: &[&str]) -> Option<Range<usize>> {
        let (last, parents) = path.split_last()?;
        let mut table = &self.root;
        for part in parents {
            table = match table.get(*part).map(|v| v.get_ref()) {
                Some(DeValue::Table(inner)) => inner,
                _ => return None,
            };
        }
        table
            .iter()
            .find(|(k, _)| k.get_ref() == last)
            .map(|(k, _)| k.span())
    }

    /// The span of `key` in each table at `path`, in order: for an array of
    /// tables (`[[crisis.contacts]]`), one entry per element.
    pub fn spans_in_each(&self, path: &[&str], key: &str) -> Vec<Option<Range<usize>>> {
        tables_at(&self.root, path)
            .into_iter()
            .map(|table| {
                table
                    .iter()
                    .find(|(k, _)| k.get_ref() == key)
                    .map(|(k, _)| k.span())
            })
            .collect()
    }

    /// Every key written in one of `shapes` that its table does not take,
    /// in the order they are written. Tables outside `shapes` (`[extra]`,
    /// `[taxonomies]`) take anything.
    pub fn unknown_keys(&self, shapes: &[TableShape]) -> Vec<UnknownKey> {
        let mut found = Vec::new();
        for shape in shapes {
            for table in tables_at(&self.root, shape.path) {
                for (key, _) in table.iter() {
                    if !shape.keys.contains(&key.get_ref().as_ref()) {
                        found.push(UnknownKey {
                            key: key.get_ref().to_string(),
                            span: key.span(),
                            path: shape.path.iter().map(|p| p.to_string()).collect(),
                        });
                    }
                }
            }
        }
        found.sort_by_key(|u| u.span.start);
        found
    }
}

/// Keeps in `best` the earliest span of a key named `key` in `table` or below.
fn find_in(table: &DeTable<'_>, key: &str, best: &mut Option<Range<usize>>) {
    for (k, value) in table.iter() {
        if k.get_ref() == key && best.as_ref().is_none_or(|b| k.span().start < b.start) {
            *best = Some(k.span());
        }
        match value.get_ref() {
            DeValue::Table(inner) => find_in(inner, key, best),
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(inner) = item.get_ref() {
                        find_in(inner, key, best);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The tables found at `path` below `table`: one for a table, one per entry
/// of an array of tables, none when the path holds something else.
fn tables_at<'a, 't>(table: &'a DeTable<'t>, path: &[&str]) -> Vec<&'a DeTable<'t>> {
    let Some((first, rest)) = path.split_first() else {
        return vec![table];
    };
    // `*` stands for every key of a map of tables (`[languages.es]`).
    if *first == "*" {
        return table
            .iter()
            .filter_map(|(_, value)| match value.get_ref() {
                DeValue::Table(inner) => Some(tables_at(inner, rest)),
                _ => None,
            })
            .flatten()
            .collect();
    }
    match table.get(*first).map(|v| v.get_ref()) {
        Some(DeValue::Table(inner)) => tables_at(inner, rest),
        Some(DeValue::Array(items)) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(inner) => Some(inner),
                _ => None,
            })
            .flat_map(|inner| tables_at(inner, rest))
            .collect(),
        _ => Vec::new(),
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// The diagnostic for `unknown`, a key of `file` whose TOML starts at file
/// line `first_line`; `shapes` are every checked table of the file, so a key
/// that belongs in another one says so.
pub fn unknown_key_diagnostic(
    file: &str,
    keys: &TomlKeys<'_>,
    first_line: usize,
    unknown: &UnknownKey,
    shapes: &[TableShape],
) -> Diagnostic {
    let (line, column) = keys.line_column(unknown.span.start);
    let shape = shapes
        .iter()
        .find(|s| {
            s.path
                .iter()
                .copied()
                .eq(unknown.path.iter().map(String::as_str))
        })
        .copied()
        .unwrap_or(TableShape {
            path: &[],
            keys: &[],
        });
    let key = unknown.key.as_str();
    let here = shape.keys.join(", ");
    let elsewhere = shapes.iter().any(|s| s.keys.contains(&key));
    let message = if shape.path.is_empty() {
        format!("unknown key \"{key}\"")
    } else {
        format!("unknown key \"{key}\" in {}", shape.name())
    };
    let diagnostic = Diagnostic::new(file, message).at(first_line + line - 1, column);
    match suggest(key, shape.keys.iter().copied()) {
        Some(near) => diagnostic.with_help(format!("did you mean \"{near}\"?")),
        None if elsewhere => diagnostic.with_help(format!(
            "`{key}` belongs in another table (or at the top): {} takes {here}",
            shape.name()
        )),
        None if shape.keys.is_empty() => diagnostic.with_help("this table takes no keys"),
        None => diagnostic.with_help(format!("known keys here are: {here}")),
    }
}

/// What is wrong with a date as written (`2026-02-31`): the reason and the
/// fix; `None` when `written` is a good date or does not start like one
/// (`YYYY-M-D`).
pub fn date_problem(written: &str) -> Option<(String, String)> {
    let written = written.trim().trim_matches(['"', '\'']);
    if written.parse::<toml::value::Datetime>().is_ok() {
        return None;
    }
    let mut parts = written.splitn(3, '-');
    let year = parts.next()?;
    let month = parts.next()?;
    let rest = parts.next()?;
    let day_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let day = &rest[..day_len];
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(year, 4..=4) || !digits(month, 1..=2) || !digits(day, 1..=2) {
        return None;
    }
    let (y, m, d): (i16, i8, i8) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    let real = "write a real date as YYYY-MM-DD";
    if month.len() != 2 || day.len() != 2 {
        return Some((
            format!("\"{written}\" is not a date: the month and the day take two digits each"),
            format!("{real}: {y:04}-{m:02}-{d:02}"),
        ));
    }
    // The calendar (month lengths, leap years) is jiff's: the first of the
    // month exists exactly when the month does.
    let Ok(first) = jiff::civil::Date::new(y, m, 1) else {
        return Some((
            format!("\"{written}\" is not a date: there is no month {m}"),
            format!("{real}, with the month from 01 to 12"),
        ));
    };
    if jiff::civil::Date::new(y, m, d).is_err() {
        // English month names (`%B`): build errors are in English whatever
        // the site's language.
        let name = first.strftime("%B");
        let days = first.days_in_month();
        return Some((
            format!("\"{written}\" is not a date: {name} {y} has {days} days"),
            format!("{real}, such as {y:04}-{m:02}-{days:02}"),
        ));
    }
    // The day is real, so what toml refused is the time after it.
    Some((
        format!("\"{written}\" is not a date: its time is not valid"),
        "write the time as HH:MM:SS after a T, such as 2026-03-14T09:30:00Z, or the date alone"
            .into(),
    ))
}

/// A diagnostic for a toml error in `file`, whose TOML text `toml_text`
/// starts at file line `first_line`: a refused date gets [`date_problem`]'s
/// reason and fix, at the line and column toml points at; anything else
/// goes to [`crate::error::toml_diagnostic`] with `known` keys.
pub fn toml_error(
    file: &str,
    toml_text: &str,
    first_line: usize,
    err: &toml::de::Error,
    known: &[&str],
) -> Diagnostic {
    if let Some(span) = err.span() {
        if let Some((message, help)) = toml_text.get(span.clone()).and_then(date_problem) {
            let (line, column) = line_column(toml_text, span.start);
            return Diagnostic::new(file, format!("bad date: {message}"))
                .at(first_line + line - 1, column)
                .with_help(help);
        }
    }
    crate::error::toml_diagnostic(file, toml_text, first_line, err, known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Probe {
        one: u8,
        #[serde(rename = "two-words")]
        two: Option<String>,
    }

    #[test]
    fn field_names_come_from_the_derive() {
        assert_eq!(field_names::<Probe>(), ["one", "two-words"]);
        assert!(field_names::<String>().is_empty());
    }

    #[test]
    fn impossible_dates_are_explained() {
        let (message, help) = date_problem("2026-02-31").unwrap();
        assert_eq!(
            message,
            "\"2026-02-31\" is not a date: February 2026 has 28 days"
        );
        assert_eq!(help, "write a real date as YYYY-MM-DD, such as 2026-02-28");
        assert!(
            date_problem("2024-02-30")
                .unwrap()
                .0
                .contains("February 2024 has 29 days")
        );
        assert!(
            date_problem("2026-13-01")
                .unwrap()
                .0
                .contains("no month 13")
        );
        assert!(date_problem("2026-2-3").unwrap().1.ends_with("2026-02-03"));
        assert!(
            date_problem("2026-02-28T25:00:00Z")
                .unwrap()
                .0
                .contains("time")
        );
        assert_eq!(date_problem("yesterday"), None);
        assert_eq!(date_problem("12-3"), None);
    }

    #[test]
    fn unknown_keys_are_found_in_every_table_form() {
        let text = "a = 1\ninline = { d = 1, xx = 2 }\n[t]\nb = 2\nzz = 3\n[[list]]\nc = 1\n[[list]]\nyy = 2\n";
        let keys = TomlKeys::parse(text).unwrap();
        let shapes = [
            TableShape {
                path: &[],
                keys: &["a", "t", "list", "inline"],
            },
            TableShape {
                path: &["t"],
                keys: &["b"],
            },
            TableShape {
                path: &["list"],
                keys: &["c"],
            },
            TableShape {
                path: &["inline"],
                keys: &["d"],
            },
        ];
        let found: Vec<(String, (usize, usize))> = keys
            .unknown_keys(&shapes)
            .into_iter()
            .map(|u| (u.key, keys.line_column(u.span.start)))
            .collect();
        assert_eq!(
            found,
            [
                ("xx".to_string(), (2, 19)),
                ("zz".to_string(), (5, 1)),
                ("yy".to_string(), (9, 1)),
            ]
        );
        assert_eq!(
            keys.span_of(&["inline", "d"])
                .map(|s| keys.line_column(s.start)),
            Some((2, 12))
        );
        assert_eq!(
            keys.find("c").map(|s| keys.line_column(s.start)),
            Some((7, 1))
        );
    }
}
