//! Checklists: a task list becomes a group of labelled checkboxes named by
//! the heading before it, with ids and saved-state keys that survive edits
//! elsewhere on the page.
//!
//! The events are collected before the pass, so a list can look ahead and
//! know whether it is a task list before its first item is written.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};
use rapport_plugin::escape_html;
use serde::Serialize;

use super::Pass;
use super::ids::unique_id;

/// A task list, rendered as an interactive checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// The checklist's id, stable while its heading keeps its text.
    pub id: String,
    /// Its name: the nearest heading before it.
    pub title: String,
    /// That heading's id.
    pub heading_id: Option<String>,
    /// Its items, nested ones included, in order.
    pub items: Vec<ChecklistItem>,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// The checkbox's element id.
    pub id: String,
    /// The key its state is saved under (from its text).
    pub key: String,
    /// Its text.
    pub text: String,
    /// Whether the source ticks it (`- [x]`).
    pub checked: bool,
    /// 1 for a top-level item, 2 for a nested one, ...
    pub depth: usize,
    /// Its line in the source file.
    pub line: usize,
}

/// Where a checklist item's label ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelEnd {
    /// A loose item: the label is the first paragraph.
    Paragraph,
    /// A tight item: the label runs to a nested list or the end of the item.
    Item,
}

/// The checklist being rendered.
pub(super) struct OpenChecklist {
    checklist: Checklist,
    depth: usize,
    label_end: Option<LabelEnd>,
    keys: HashSet<String>,
}

impl<'a> Pass<'_, '_, 'a> {
    /// Opens a list: a checklist if its first item is a task, or a nested
    /// list inside the open checklist, else a plain list.
    pub(super) fn start_list(
        &mut self,
        start: Option<u64>,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
    ) {
        let tag = if start.is_some() { "ol" } else { "ul" };
        if let Some(open) = &mut self.checklist {
            open.depth += 1;
            self.close_label(LabelEnd::Item);
            self.sink.push(Event::Start(Tag::List(start)));
            return;
        }
        if !starts_with_task(events, index + 1) {
            self.sink.push(Event::Start(Tag::List(start)));
            return;
        }
        let (heading_id, title) = self
            .last_heading
            .clone()
            .map(|(id, title)| (Some(id), title))
            .unwrap_or((None, "Checklist".to_string()));
        // Without a heading, the list's own first item names it: an id that
        // stays put when another list is added above (saved ticks are kept
        // under it), where a counter would move.
        let base = match &heading_id {
            Some(h) => format!("checklist-{h}"),
            None => {
                let words = slug::slugify(label_text(events, index + 1));
                let mut short = String::new();
                for word in words.split('-') {
                    if !short.is_empty() && short.len() + word.len() > 40 {
                        break;
                    }
                    if !short.is_empty() {
                        short.push('-');
                    }
                    short.push_str(word);
                }
                if short.is_empty() {
                    "checklist".to_string()
                } else {
                    format!("checklist-{short}")
                }
            }
        };
        let id = unique_id(&base, &mut self.used_ids);
        self.rendered.anchors.insert(id.clone());
        let name = match &heading_id {
            Some(h) => format!("aria-labelledby=\"{}\"", escape_html(h)),
            None => "aria-label=\"Checklist\"".to_string(),
        };
        let start_attr = match start {
            Some(n) if n != 1 => format!(" start=\"{n}\""),
            _ => String::new(),
        };
        self.sink.push(Event::Html(
            format!(
                "<div class=\"checklist\" role=\"group\" {name} id=\"{id}\" data-checklist=\"{id}\" data-page=\"{}\">\n<{tag} class=\"checklist-items\"{start_attr}>\n",
                escape_html(self.source.page_path),
                id = escape_html(&id)
            )
            .into(),
        ));
        self.checklist = Some(OpenChecklist {
            checklist: Checklist {
                id,
                title,
                heading_id,
                items: Vec::new(),
            },
            depth: 1,
            label_end: None,
            keys: HashSet::new(),
        });
    }

    /// Closes a list; closing a checklist's outer list adds its progress
    /// line and reset button.
    pub(super) fn end_list(&mut self, ordered: bool) {
        let Some(open) = &mut self.checklist else {
            self.sink.push(Event::End(TagEnd::List(ordered)));
            return;
        };
        open.depth -= 1;
        if open.depth > 0 {
            self.sink.push(Event::End(TagEnd::List(ordered)));
            return;
        }
        let open = self.checklist.take().expect("inside a checklist");
        let id = escape_html(&open.checklist.id);
        let tag = if ordered { "ol" } else { "ul" };
        // Progress and reset need JavaScript, so they stay hidden until the script
        // shows them; it also writes the button's word, in the page's language.
        self.sink.push(Event::Html(
            format!(
                "</{tag}>\n<p class=\"checklist-progress\" id=\"{id}-progress\" aria-live=\"polite\" hidden></p>\n<button type=\"button\" class=\"checklist-reset\" aria-describedby=\"{id}-progress\" hidden></button>\n</div>\n"
            )
            .into(),
        ));
        self.rendered.checklists.push(open.checklist);
    }

    /// Writes a task item's checkbox and opens its label.
    pub(super) fn task_marker(
        &mut self,
        checked: bool,
        events: &[(Event<'a>, Range<usize>)],
        index: usize,
        range: &Range<usize>,
    ) {
        let in_paragraph = index > 0 && matches!(events[index - 1].0, Event::Start(Tag::Paragraph));
        let Some(open) = &mut self.checklist else {
            // A task marker outside a checklist cannot happen; keep the box usable anyway.
            self.sink
                .push(Event::Html("<input type=\"checkbox\"> ".into()));
            return;
        };
        let text = label_text(events, index + 1);
        let number = open.checklist.items.len() + 1;
        let item_id = format!("{}-{number}", open.checklist.id);
        let mut key = slug::slugify(&text);
        if key.is_empty() {
            key = number.to_string();
        }
        while !open.keys.insert(key.clone()) {
            key.push('-');
            key.push_str(&number.to_string());
        }
        self.used_ids.insert(item_id.clone());
        self.rendered.anchors.insert(item_id.clone());
        open.checklist.items.push(ChecklistItem {
            id: item_id.clone(),
            key: key.clone(),
            text: text.clone(),
            checked,
            depth: open.depth,
            line: self.lines.line(range.start),
        });
        open.label_end = Some(if in_paragraph {
            LabelEnd::Paragraph
        } else {
            LabelEnd::Item
        });
        let checked_attr = if checked { " checked" } else { "" };
        self.sink.push(Event::Html(
            format!(
                "<input type=\"checkbox\" id=\"{item_id}\" data-item=\"{}\"{checked_attr}> <label for=\"{item_id}\">",
                escape_html(&key),
                item_id = escape_html(&item_id)
            )
            .into(),
        ));
    }

    /// Closes an open checklist label if it ends at `end` (or at any item boundary).
    pub(super) fn close_label(&mut self, end: LabelEnd) {
        if let Some(open) = &mut self.checklist {
            if open.label_end == Some(end) || (end == LabelEnd::Item && open.label_end.is_some()) {
                open.label_end = None;
                self.sink.push(Event::Html("</label>".into()));
            }
        }
    }
}

/// Whether the list starting at `index` (its first item) is a task list.
fn starts_with_task(events: &[(Event<'_>, Range<usize>)], index: usize) -> bool {
    let kinds: Vec<&Event<'_>> = events.iter().skip(index).take(3).map(|(e, _)| e).collect();
    matches!(
        kinds.as_slice(),
        [Event::Start(Tag::Item), Event::TaskListMarker(_), ..]
            | [
                Event::Start(Tag::Item),
                Event::Start(Tag::Paragraph),
                Event::TaskListMarker(_)
            ]
    )
}

/// The plain text of a checklist item's label, which starts at `index`.
fn label_text(events: &[(Event<'_>, Range<usize>)], index: usize) -> String {
    let mut text = String::new();
    for (event, _) in &events[index..] {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::Start(Tag::List(_)) => break,
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::render_text;

    #[test]
    fn task_lists_become_labelled_checklists() {
        let r = render_text(
            "## Before you go\n\n- [ ] Pack *water*\n- [x] Charge phone\n  - [ ] Nested one\n\n## Other\n\n- [ ] Again\n",
            &[],
        )
        .unwrap();
        assert_eq!(r.checklists.len(), 2);
        let first = &r.checklists[0];
        assert_eq!(first.id, "checklist-before-you-go");
        assert_eq!(first.title, "Before you go");
        assert_eq!(first.items.len(), 3);
        assert_eq!(first.items[0].text, "Pack water");
        assert_eq!(first.items[2].depth, 2);
        assert!(first.items[1].checked);
        assert!(
            r.html
                .contains("role=\"group\" aria-labelledby=\"before-you-go\"")
        );
        assert!(r.html.contains("<input type=\"checkbox\" id=\"checklist-before-you-go-1\" data-item=\"pack-water\"> <label for=\"checklist-before-you-go-1\">Pack <em>water</em></label>"), "{}", r.html);
        assert!(
            r.html
                .contains("id=\"checklist-before-you-go-2\" data-item=\"charge-phone\" checked")
        );
        // The nested list sits outside the label.
        assert!(r.html.contains("Charge phone</label>\n<ul>"), "{}", r.html);
        assert!(!r.html.contains("disabled"));
    }

    #[test]
    fn a_checklist_without_a_heading_is_named_by_its_first_item() {
        let text = "- [ ] Bring your notes to the session\n- [ ] Write one question\n";
        let alone = render_text(text, &[]).unwrap();
        assert_eq!(
            alone.checklists[0].id,
            "checklist-bring-your-notes-to-the-session"
        );
        // Another headless list above it does not move its id (a counter would).
        let below = render_text(
            &format!("- [ ] Eat first\n- [ ] Rest\n\nThen:\n\n{text}"),
            &[],
        )
        .unwrap();
        assert_eq!(
            below.checklists[1].id,
            "checklist-bring-your-notes-to-the-session"
        );
    }

    #[test]
    fn checklist_ids_survive_unrelated_edits() {
        let a = render_text("Intro.\n\n## Steps\n\n- [ ] One\n", &[]).unwrap();
        let b = render_text(
            "A new intro paragraph.\n\n## Earlier\n\nMore.\n\n## Steps\n\n- [ ] One\n",
            &[],
        )
        .unwrap();
        assert_eq!(a.checklists[0].id, b.checklists[0].id);
        assert_eq!(a.checklists[0].items[0].id, b.checklists[0].items[0].id);
    }
}
