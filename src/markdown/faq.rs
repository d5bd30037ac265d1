//! FAQ blocks: the one set of rules for which headings are questions, used
//! by the markdown pass (which captures each answer) and by
//! [`scan`](crate::markdown::scan) (which asks whether each question is answered), so
//! the two can never disagree on what a question is.
//!
//! The rules:
//! 1. A `##` heading whose text is one of the configured `faq_headings`
//!    (trimmed, ASCII case ignored) opens an FAQ block.
//! 2. Any other `#` or `##` heading ends the block.
//! 3. Inside a block, each `###` heading is a question; its answer runs to
//!    the next heading of level 3 or less (deeper headings are part of it).

use serde::Serialize;

use super::Pass;

/// A question of an FAQ block and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Faq {
    /// The question (the `###` heading's text).
    pub question: String,
    /// The question heading's id: the answer's anchor.
    pub id: String,
    /// The answer as HTML.
    pub answer_html: String,
    /// The answer as plain text (for JSON-LD and search).
    pub answer_text: String,
    /// The question's line in the source file.
    pub line: usize,
}

/// Where a body's headings stand against its FAQ block: feed it every
/// heading in order with [`FaqBlock::read_heading`].
#[derive(Debug, Clone)]
pub struct FaqBlock<'h> {
    /// The `##` headings that open a block (`[faq] headings`).
    faq_headings: &'h [String],
    /// Inside a block: after an FAQ heading, before the next `#` or `##`.
    open: bool,
}

impl<'h> FaqBlock<'h> {
    /// Rules for a body whose FAQ blocks open with one of `faq_headings`.
    pub fn new(faq_headings: &'h [String]) -> Self {
        Self {
            faq_headings,
            open: false,
        }
    }

    /// Reads a heading of `level` (1 for `#`) with text `title`, and says
    /// whether it is a question. Call [`ends_answer`] first: a question's
    /// own heading ends the answer before it.
    pub fn read_heading(&mut self, level: u8, title: &str) -> bool {
        if level <= 2 {
            self.open = level == 2 && is_faq_heading(self.faq_headings, title);
        }
        level == 3 && self.open
    }
}

/// Whether a heading of `level` ends the answer being read, if any. Known
/// from the level alone, so a pass can end the answer at the heading's start.
pub fn ends_answer(level: u8) -> bool {
    level <= 3
}

/// Whether `title` is one of the configured FAQ headings.
fn is_faq_heading(faq_headings: &[String], title: &str) -> bool {
    let title = title.trim();
    faq_headings
        .iter()
        .any(|h| h.trim().eq_ignore_ascii_case(title))
}

impl Pass<'_, '_, '_> {
    /// Records a question and starts capturing its answer from the sink.
    pub(super) fn start_question(&mut self, title: &str, id: &str, line: usize) {
        self.rendered.faqs.push(Faq {
            question: title.to_string(),
            id: id.to_string(),
            answer_html: String::new(),
            answer_text: String::new(),
            line,
        });
        self.sink.answer = Some(Vec::new());
        self.sink.answer_text.clear();
    }

    /// Stores the captured answer of the current FAQ question, if any.
    pub(super) fn finish_question(&mut self) {
        let Some(events) = self.sink.answer.take() else {
            return;
        };
        let faq = self
            .rendered
            .faqs
            .last_mut()
            .expect("an answer is captured only after its question");
        pulldown_cmark::html::push_html(&mut faq.answer_html, events.into_iter());
        faq.answer_text = self
            .sink
            .answer_text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::render_text;

    #[test]
    fn faq_blocks_become_questions_with_answers() {
        let r = render_text(
            "## Intro\n\n### Not a question\n\nText.\n\n## Frequently asked questions\n\n### Is it private?\n\nMostly *yes*.\n\nSee [here](#intro).\n\n### Can I stop?\n\nAny time.\n\n## After\n\nDone.\n",
            &[],
        )
        .unwrap();
        assert_eq!(r.faqs.len(), 2);
        assert_eq!(r.faqs[0].question, "Is it private?");
        assert_eq!(r.faqs[0].id, "is-it-private");
        assert_eq!(r.faqs[0].answer_text, "Mostly yes. See here.");
        assert!(r.faqs[0].answer_html.contains("<em>yes</em>"));
        assert!(
            r.faqs[0].answer_html.contains("href=\"/a/b/#intro\""),
            "{}",
            r.faqs[0].answer_html
        );
        assert_eq!(r.faqs[1].answer_text, "Any time.");
    }

    #[test]
    fn faq_block_rules() {
        let headings = vec![" FAQ ".to_string()];
        let mut block = FaqBlock::new(&headings);
        assert!(!block.read_heading(3, "Before any block"));
        assert!(!block.read_heading(2, "faq"));
        assert!(block.read_heading(3, "A question?"));
        assert!(!block.read_heading(4, "Part of the answer"));
        assert!(block.read_heading(3, "Another?"));
        assert!(!block.read_heading(1, "A new part"));
        assert!(!block.read_heading(3, "Not a question"));
        assert!(ends_answer(3) && ends_answer(1) && !ends_answer(4));
    }
}
