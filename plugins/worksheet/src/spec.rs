//! The worksheet spec: the TOML inside a ```` ```worksheet ```` block,
//! parsed and checked into a [`Worksheet`] that is valid by construction.

use rapport_plugin::PluginError;
use serde::Deserialize;

/// The kinds of field a worksheet may hold.
pub const KINDS: &[&str] = &[
    "text",
    "textarea",
    "scale",
    "percent",
    "date",
    "checklist",
    "choice",
    "table",
    "note",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    title: Option<String>,
    intro: Option<String>,
    id: Option<String>,
    #[serde(default)]
    fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    kind: Option<String>,
    label: Option<String>,
    help: Option<String>,
    id: Option<String>,
    text: Option<String>,
    min: Option<i64>,
    max: Option<i64>,
    min_label: Option<String>,
    max_label: Option<String>,
    items: Option<Vec<String>>,
    options: Option<Vec<String>>,
    multiple: Option<bool>,
    columns: Option<Vec<String>>,
    rows: Option<usize>,
}

/// A checked worksheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worksheet {
    /// Its title.
    pub title: String,
    /// Words before the first field.
    pub intro: Option<String>,
    /// Its id, unique on the page: from `id`, else from the title.
    pub id: String,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

/// A checked field. No field is ever required: every answer is optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its id, unique in the worksheet.
    pub id: String,
    /// Its question or name (empty only for notes).
    pub label: String,
    /// A hint shown under the label.
    pub help: Option<String>,
    /// What kind of answer it takes.
    pub kind: FieldKind,
}

/// What a field asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Several lines of text.
    Textarea,
    /// A whole number from `min` to `max`, with words for the ends.
    Scale {
        /// The lowest value.
        min: i64,
        /// The highest value.
        max: i64,
        /// What the lowest value means.
        min_label: Option<String>,
        /// What the highest value means.
        max_label: Option<String>,
    },
    /// 0 to 100.
    Percent,
    /// A day.
    Date,
    /// Items to tick.
    Checklist {
        /// The items.
        items: Vec<String>,
    },
    /// One (or several) of a list of options.
    Choice {
        /// The options.
        options: Vec<String>,
        /// Whether several may be chosen.
        multiple: bool,
    },
    /// A grid of cells, e.g. a CBT thought record.
    Table {
        /// Column headings.
        columns: Vec<String>,
        /// How many rows.
        rows: usize,
    },
    /// Guidance only; no answer.
    Note {
        /// The guidance.
        text: String,
    },
}

/// Parses and checks a worksheet spec. Errors carry the line inside the
/// block (1 = the first line after the opening fence) and name the field.
pub fn parse(body: &str) -> Result<Worksheet, PluginError> {
    let raw: RawSpec = toml::from_str(body).map_err(|e| {
        let line = e.span().map(|s| line_of(body, s.start)).unwrap_or(1);
        let message = e.message().trim().to_string();
        let help = if message.starts_with("unknown field") {
            "a worksheet takes title, intro, id and [[fields]]; a field takes kind, label, help, id and the keys of its kind"
        } else {
            "check the TOML on that line: quotes, brackets and `key = value`"
        };
        PluginError::new(format!("invalid worksheet spec: {message}")).at_line(line).with_help(help)
    })?;
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            return Err(PluginError::new("the worksheet has no title")
                .at_line(1)
                .with_help("add title = \"...\" at the top of the block"));
        }
    };
    let id = raw.id.unwrap_or_else(|| slug::slugify(&title));
    check_id(&id, "the worksheet", 1)?;
    let header_lines = field_header_lines(body);
    let mut fields = Vec::with_capacity(raw.fields.len());
    let mut ids = std::collections::HashSet::new();
    for (index, field) in raw.fields.into_iter().enumerate() {
        let line = header_lines.get(index).copied().unwrap_or(1);
        let checked = check_field(field, index, line)?;
        let mut id = checked.id.clone();
        if !ids.insert(id.clone()) {
            if checked.explicit_id {
                return Err(PluginError::new(format!(
                    "{}: the id \"{id}\" is used by an earlier field",
                    describe(index, &checked.field.label)
                ))
                .at_line(line)
                .with_help("give each field a different id"));
            }
            let mut n = 2;
            while !ids.insert(format!("{id}-{n}")) {
                n += 1;
            }
            id = format!("{id}-{n}");
        }
        let mut field = checked.field;
        field.id = id;
        fields.push(field);
    }
    if fields.is_empty() {
        return Err(PluginError::new("the worksheet has no fields")
            .at_line(1)
            .with_help("add at least one [[fields]] table with kind and label"));
    }
    Ok(Worksheet {
        title,
        intro: raw.intro,
        id,
        fields,
    })
}

struct CheckedField {
    field: Field,
    id: String,
    explicit_id: bool,
}

fn check_field(raw: RawField, index: usize, line: usize) -> Result<CheckedField, PluginError> {
    let label = raw.label.clone().unwrap_or_default().trim().to_string();
    let name = describe(index, &label);
    let kind = check_kind(&raw, &name, &label, line)?.to_string();
    let (raw_id, help) = (raw.id.clone(), raw.help.clone());
    let kind = field_kind(raw, &kind, &name, line)?;
    // A note given as `label` alone (as the spec first described notes)
    // shows that label as its guidance, not as a title over nothing.
    let (label, kind) = match kind {
        FieldKind::Note { text } if text.trim().is_empty() => {
            (String::new(), FieldKind::Note { text: label })
        }
        kind => (label, kind),
    };
    let explicit_id = raw_id.is_some();
    let id = match raw_id {
        Some(id) => {
            check_id(&id, &name, line)?;
            id
        }
        None => {
            let s = slug::slugify(if label.is_empty() { "note" } else { &label });
            if s.is_empty() {
                format!("field-{}", index + 1)
            } else {
                s.chars()
                    .take(40)
                    .collect::<String>()
                    .trim_end_matches('-')
                    .to_string()
            }
        }
    };
    Ok(CheckedField {
        field: Field {
            id: String::new(),
            label,
            help,
            kind,
        },
        id,
        explicit_id,
    })
}

/// An error at `line` with its fix.
fn fail<T>(line: usize, message: String, help: &str) -> Result<T, PluginError> {
    Err(PluginError::new(message)
        .at_line(line)
        .with_help(help.to_string()))
}

/// The field's kind, checked: known, labelled (but for notes), and holding
/// no key that belongs to another kind.
fn check_kind<'r>(
    raw: &'r RawField,
    name: &str,
    label: &str,
    line: usize,
) -> Result<&'r str, PluginError> {
    let Some(kind) = raw.kind.as_deref() else {
        return fail(
            line,
            format!("{name} has no kind"),
            &format!("add kind = \"...\", one of: {}", KINDS.join(", ")),
        );
    };
    if !KINDS.contains(&kind) {
        let near = rapport_plugin::nearest(kind, KINDS);
        let help = match near {
            Some(k) => format!("did you mean \"{k}\"? Kinds are: {}", KINDS.join(", ")),
            None => format!("kinds are: {}", KINDS.join(", ")),
        };
        return fail(
            line,
            format!("{name} has an unknown kind \"{kind}\""),
            &help,
        );
    }
    if kind != "note" && label.is_empty() {
        return fail(
            line,
            format!("{name} ({kind}) has no label"),
            "add label = \"...\": the question the reader answers",
        );
    }
    // Keys that belong to one kind only must not appear on another.
    let owned: [(&str, bool, &str); 9] = [
        ("min", raw.min.is_some(), "scale"),
        ("max", raw.max.is_some(), "scale"),
        ("min_label", raw.min_label.is_some(), "scale"),
        ("max_label", raw.max_label.is_some(), "scale"),
        ("items", raw.items.is_some(), "checklist"),
        ("options", raw.options.is_some(), "choice"),
        ("multiple", raw.multiple.is_some(), "choice"),
        ("columns", raw.columns.is_some(), "table"),
        ("rows", raw.rows.is_some(), "table"),
    ];
    for (key, present, owner) in owned {
        if present && owner != kind {
            return fail(
                line,
                format!("{name}: `{key}` belongs to {owner} fields, not {kind}"),
                &format!("remove `{key}`, or make the field kind = \"{owner}\""),
            );
        }
    }
    if raw.text.is_some() && kind != "note" {
        return fail(
            line,
            format!("{name}: `text` belongs to note fields"),
            "use label for the question and help for a hint",
        );
    }
    Ok(kind)
}

/// The field's control, from its (known) `kind` and the keys of that kind.
fn field_kind(
    raw: RawField,
    kind: &str,
    name: &str,
    line: usize,
) -> Result<FieldKind, PluginError> {
    let non_empty = |list: Option<Vec<String>>| -> Vec<String> {
        list.unwrap_or_default()
            .into_iter()
            .filter(|i| !i.trim().is_empty())
            .collect()
    };
    Ok(match kind {
        "text" => FieldKind::Text,
        "textarea" => FieldKind::Textarea,
        "percent" => FieldKind::Percent,
        "date" => FieldKind::Date,
        "scale" => {
            let (min, max) = (raw.min.unwrap_or(0), raw.max.unwrap_or(10));
            if min >= max {
                return fail(
                    line,
                    format!("{name}: min ({min}) is not below max ({max})"),
                    "make min smaller than max, e.g. min = 0, max = 10",
                );
            }
            // `abs_diff`: the distance of any two whole numbers fits, even at the extremes.
            if max.abs_diff(min) > 20 {
                return fail(
                    line,
                    format!(
                        "{name}: a scale from {min} to {max} has too many steps to choose from"
                    ),
                    "use at most 21 steps, e.g. 0 to 10",
                );
            }
            FieldKind::Scale {
                min,
                max,
                min_label: raw.min_label,
                max_label: raw.max_label,
            }
        }
        "checklist" => {
            let items = non_empty(raw.items);
            if items.is_empty() {
                return fail(
                    line,
                    format!("{name}: a checklist needs items"),
                    "add items = [\"first\", \"second\"]",
                );
            }
            FieldKind::Checklist { items }
        }
        "choice" => {
            let options = non_empty(raw.options);
            if options.len() < 2 {
                return fail(
                    line,
                    format!("{name}: a choice needs at least two options"),
                    "add options = [\"yes\", \"no\"]",
                );
            }
            FieldKind::Choice {
                options,
                multiple: raw.multiple.unwrap_or(false),
            }
        }
        "table" => {
            let columns = raw.columns.unwrap_or_default();
            if columns.is_empty() {
                return fail(
                    line,
                    format!("{name}: a table needs columns"),
                    "add columns = [\"Situation\", \"Thought\", \"Feeling\"]",
                );
            }
            let rows = raw.rows.unwrap_or(3);
            if rows == 0 || rows > 50 {
                return fail(
                    line,
                    format!("{name}: rows must be from 1 to 50, not {rows}"),
                    "write rows = 3",
                );
            }
            FieldKind::Table { columns, rows }
        }
        _ => {
            let text = raw.text.unwrap_or_default();
            if text.trim().is_empty() && raw.label.is_none_or(|l| l.trim().is_empty()) {
                return fail(
                    line,
                    format!("{name}: a note needs text"),
                    "add text = \"...\": the guidance to show",
                );
            }
            FieldKind::Note { text }
        }
    })
}

fn check_id(id: &str, what: &str, line: usize) -> Result<(), PluginError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(PluginError::new(format!(
            "{what}: the id \"{id}\" may hold only letters, digits, - and _"
        ))
        .at_line(line)
        .with_help(format!("use id = \"{}\"", slug::slugify(id))))
    }
}

fn describe(index: usize, label: &str) -> String {
    if label.is_empty() {
        format!("field {}", index + 1)
    } else {
        format!("field {} (\"{label}\")", index + 1)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The line of each `[[fields]]` header, in order.
fn field_header_lines(body: &str) -> Vec<usize> {
    body.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[fields]]"))
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(body: &str) -> PluginError {
        parse(body).unwrap_err()
    }

    #[test]
    fn a_full_spec_parses() {
        let w = parse(
            "title = \"Check-in\"\nintro = \"Hi\"\n[[fields]]\nkind = \"scale\"\nlabel = \"Mood\"\nmin = 0\nmax = 5\n[[fields]]\nkind = \"table\"\nlabel = \"Record\"\ncolumns = [\"A\", \"B\"]\nrows = 2\n[[fields]]\nkind = \"note\"\ntext = \"Take your time.\"\n",
        )
        .unwrap();
        assert_eq!(w.id, "check-in");
        assert_eq!(w.fields.len(), 3);
        assert_eq!(w.fields[0].id, "mood");
        assert_eq!(w.fields[2].id, "note");
    }

    #[test]
    fn a_note_given_as_label_alone_shows_it_as_guidance() {
        let w = parse("title = \"T\"\n[[fields]]\nkind = \"note\"\nlabel = \"Take your time.\"\n")
            .unwrap();
        assert!(w.fields[0].label.is_empty());
        assert!(matches!(&w.fields[0].kind, FieldKind::Note { text } if text == "Take your time."));
        let e = err("title = \"T\"\n[[fields]]\nkind = \"note\"\n");
        assert!(e.message.contains("a note needs text"), "{}", e.message);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = err(
            "title = \"T\"\n[[fields]]\nkind = \"text\"\nlabel = \"A\"\n[[fields]]\nkind = \"txt\"\nlabel = \"B\"\n",
        );
        assert_eq!(e.line_in_block, Some(5));
        assert!(e.message.contains("field 2 (\"B\")") && e.message.contains("unknown kind"));
        assert!(e.help.unwrap().contains("did you mean \"text\"?"));
        let e =
            err("title = \"T\"\n[[fields]]\nkind = \"scale\"\nlabel = \"S\"\nmin = 5\nmax = 3\n");
        assert!(e.message.contains("min (5) is not below max (3)"));
        // The widest range there is: refused, not an overflow or a form of 2^64 radios.
        let e = err(
            "title = \"T\"\n[[fields]]\nkind = \"scale\"\nlabel = \"S\"\nmin = -9223372036854775808\nmax = 1\n",
        );
        assert!(e.message.contains("too many steps"), "{}", e.message);
        let e = err("title = \"T\"\n[[fields]]\nkind = \"text\"\n");
        assert!(e.message.contains("has no label"));
        let e = err(
            "title = \"T\"\n[[fields]]\nkind = \"text\"\nlabel = \"A\"\nid = \"x\"\n[[fields]]\nkind = \"text\"\nlabel = \"B\"\nid = \"x\"\n",
        );
        assert!(e.message.contains("used by an earlier field"));
        assert_eq!(e.line_in_block, Some(6));
        let e = err("title = \"T\"\n[[fields]]\nkind = \"text\"\nlabel = \"A\"\nitems = [\"x\"]\n");
        assert!(e.message.contains("`items` belongs to checklist"));
        let e = err("title = \"T\"\nwhat = 1\n");
        assert_eq!(e.line_in_block, Some(2));
    }
}
