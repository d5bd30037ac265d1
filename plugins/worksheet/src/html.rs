//! A worksheet as an accessible HTML form.
//!
//! Every control has a label (or, in tables, an accessible name from its
//! column and row); groups of choices are a `fieldset` with a `legend`. The
//! buttons and the "saved on this device" note need JavaScript, so they are
//! hidden until `worksheet.js` shows them: without it the form still works,
//! it just does not remember.

use std::fmt::Write as _;

use crate::spec::{Field, FieldKind, Worksheet};
use crate::words::Words;

pub use rapport_plugin::escape_html as esc;

/// Renders `worksheet` for the page at `page_path`; `heading` is the level
/// of its title (2 inside an article, 1 on a page of its own).
pub fn render(worksheet: &Worksheet, page_path: &str, heading: u8, words: &Words) -> String {
    // Ids are checked where they are written (the spec, the markdown pass);
    // escaping them here too keeps a missed check from becoming markup.
    let ws = esc(&format!("ws-{}", worksheet.id));
    let mut h = String::with_capacity(4096);
    let _ = write!(
        h,
        "<form class=\"worksheet\" id=\"{ws}\" data-worksheet=\"{}\" data-page=\"{}\" data-confirm-clear=\"{}\" aria-labelledby=\"{ws}-title\" autocomplete=\"off\">\n\
         <h{heading} class=\"worksheet-title\" id=\"{ws}-title\">{}</h{heading}>\n",
        esc(&worksheet.id),
        esc(page_path),
        esc(words.clear_confirm),
        esc(&worksheet.title)
    );
    let _ = writeln!(
        h,
        "<p class=\"ws-name-line\" aria-hidden=\"true\"><span>{}</span> <span>{}</span></p>",
        esc(words.name),
        esc(words.date)
    );
    if let Some(intro) = &worksheet.intro {
        let _ = writeln!(h, "<p class=\"worksheet-intro\">{}</p>", esc(intro));
    }
    for field in &worksheet.fields {
        render_field(&mut h, field, &ws);
    }
    // The note sits with the buttons it mentions.
    let _ = writeln!(
        h,
        "<p class=\"saved-note ws-saved-note\" hidden>{}</p>",
        esc(words.saved_note)
    );
    let _ = write!(
        h,
        "<div class=\"ws-actions\" hidden>\n\
         <button type=\"button\" class=\"button\" data-action=\"print\">{}</button>\n\
         <button type=\"button\" class=\"button\" data-action=\"download\">{}</button>\n\
         <button type=\"button\" class=\"button ws-clear\" data-action=\"clear\">{}</button>\n\
         </div>\n</form>\n",
        esc(words.print),
        esc(words.download),
        esc(words.clear)
    );
    h
}

/// What every kind of field writes around its control.
struct Parts {
    /// The control's id (`ws-ID-FIELD`).
    id: String,
    /// `aria-describedby` pointing at the help, or nothing.
    described: String,
    /// The help paragraph, or nothing.
    help: String,
    /// The label, escaped.
    label: String,
    /// The `data-field` and `data-label` attributes.
    data: String,
    /// The field's name, escaped.
    name: String,
}

impl Parts {
    fn of(field: &Field, ws: &str) -> Parts {
        let id = format!("{ws}-{}", esc(&field.id));
        let help_id = format!("{id}-help");
        let described = if field.help.is_some() {
            format!(" aria-describedby=\"{help_id}\"")
        } else {
            String::new()
        };
        let help = field
            .help
            .as_ref()
            .map(|t| format!("<p class=\"ws-help\" id=\"{help_id}\">{}</p>\n", esc(t)))
            .unwrap_or_default();
        let label = esc(&field.label);
        let data = format!("data-field=\"{}\" data-label=\"{label}\"", esc(&field.id));
        Parts {
            id,
            described,
            help,
            label,
            data,
            name: esc(&field.id),
        }
    }
}

impl Parts {
    /// Opens a group of choices: `<fieldset>`, its `<legend>` (the label,
    /// then `hint`) and the help.
    fn open_fieldset(&self, h: &mut String, kind: &str, hint: &str) {
        let _ = write!(
            h,
            "<fieldset class=\"ws-field ws-{kind}\" {}{}>\n<legend>{}{hint}</legend>\n{}",
            self.data, self.described, self.label, self.help
        );
    }
}

/// Writes one field of the form in `ws`.
fn render_field(h: &mut String, field: &Field, ws: &str) {
    let p = Parts::of(field, ws);
    let Parts {
        id,
        described,
        help,
        label,
        data,
        name,
    } = &p;
    match &field.kind {
        FieldKind::Text | FieldKind::Date => {
            let kind = if matches!(field.kind, FieldKind::Date) {
                "date"
            } else {
                "text"
            };
            let _ = write!(
                h,
                "<div class=\"ws-field ws-{kind}\" {data}>\n<label for=\"{id}\">{label}</label>\n{help}<input type=\"{kind}\" id=\"{id}\" name=\"{name}\"{described}>\n</div>\n"
            );
        }
        FieldKind::Textarea => {
            let _ = write!(
                h,
                "<div class=\"ws-field ws-textarea\" {data}>\n<label for=\"{id}\">{label}</label>\n{help}<textarea id=\"{id}\" name=\"{name}\" rows=\"5\"{described}></textarea>\n</div>\n"
            );
        }
        FieldKind::Percent => {
            let _ = write!(
                h,
                "<div class=\"ws-field ws-percent\" {data}>\n<label for=\"{id}\">{label} (0 to 100%)</label>\n{help}<span class=\"ws-percent-input\"><input type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"100\" step=\"1\" id=\"{id}\" name=\"{name}\"{described}><span aria-hidden=\"true\">%</span></span>\n</div>\n"
            );
        }
        FieldKind::Scale {
            min,
            max,
            min_label,
            max_label,
        } => render_scale(
            h,
            &p,
            (*min, *max),
            (min_label.as_deref(), max_label.as_deref()),
        ),
        FieldKind::Checklist { items } => {
            p.open_fieldset(h, "checklist", "");
            h.push_str("<ul>\n");
            for (n, item) in items.iter().enumerate() {
                let n = n + 1;
                let _ = writeln!(
                    h,
                    "<li><input type=\"checkbox\" id=\"{id}-{n}\" name=\"{name}\" value=\"{n}\"> <label for=\"{id}-{n}\">{}</label></li>",
                    esc(item)
                );
            }
            h.push_str("</ul>\n</fieldset>\n");
        }
        FieldKind::Choice { options, multiple } => {
            let kind = if *multiple { "checkbox" } else { "radio" };
            let hint = if *multiple {
                " <span class=\"ws-hint\">(choose any)</span>"
            } else {
                ""
            };
            p.open_fieldset(h, "choice", hint);
            h.push_str("<ul>\n");
            for (n, option) in options.iter().enumerate() {
                let n = n + 1;
                let option = esc(option);
                let _ = writeln!(
                    h,
                    "<li><input type=\"{kind}\" id=\"{id}-{n}\" name=\"{name}\" value=\"{option}\"> <label for=\"{id}-{n}\">{option}</label></li>"
                );
            }
            h.push_str("</ul>\n</fieldset>\n");
        }
        FieldKind::Table { columns, rows } => render_table(h, &p, columns, *rows),
        FieldKind::Note { text } => {
            let title = if field.label.is_empty() {
                String::new()
            } else {
                format!("<p class=\"ws-note-title\">{label}</p>")
            };
            let _ = writeln!(
                h,
                "<div class=\"ws-note\">{title}<p>{}</p></div>",
                esc(text)
            );
        }
    }
}

/// A 0-10 (or any range) scale: one radio per value, the ends labelled.
fn render_scale(
    h: &mut String,
    p: &Parts,
    (min, max): (i64, i64),
    ends: (Option<&str>, Option<&str>),
) {
    let (id, name) = (&p.id, &p.name);
    p.open_fieldset(h, "scale", "");
    h.push_str("<div class=\"ws-scale-options\">\n");
    for value in min..=max {
        let end = if value == min {
            ends.0
        } else if value == max {
            ends.1
        } else {
            None
        };
        let text = match end {
            Some(words) => format!("{value} <span class=\"ws-scale-end\">{}</span>", esc(words)),
            None => value.to_string(),
        };
        let _ = writeln!(
            h,
            "<label class=\"ws-scale-option\"><input type=\"radio\" name=\"{name}\" value=\"{value}\" id=\"{id}-{value}\"> {text}</label>"
        );
    }
    h.push_str("</div>\n</fieldset>\n");
}

/// A table of `rows` empty rows under `columns`, each cell a text area
/// named by its column and row.
fn render_table(h: &mut String, p: &Parts, columns: &[String], rows: usize) {
    let (id, name) = (&p.id, &p.name);
    p.open_fieldset(h, "table", "");
    let _ = write!(
        h,
        "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n<table>\n<thead><tr>",
        p.label
    );
    for column in columns {
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(column));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in 1..=rows {
        h.push_str("<tr>");
        for (c, column) in columns.iter().enumerate() {
            let c = c + 1;
            let column = esc(column);
            let _ = write!(
                h,
                "<td><textarea rows=\"3\" id=\"{id}-r{row}-c{c}\" name=\"{name}-r{row}-c{c}\" aria-label=\"{column}, row {row}\" data-column=\"{column}\" data-row=\"{row}\"></textarea></td>"
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n</fieldset>\n");
}
