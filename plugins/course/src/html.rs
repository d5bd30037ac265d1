//! A knowledge check as accessible HTML.
//!
//! Each question is a `fieldset` whose `legend` is the prompt; its options
//! are radio buttons (one right answer) or checkboxes (several). Without
//! JavaScript the questions show with the answers and explanations in a
//! `<details>`; `course.js` hides that, shows the buttons, and writes each
//! question's feedback into its live region.

use std::fmt::Write as _;

pub use rapport_plugin::escape_html as esc;

use crate::quiz::{Question, Quiz};
use crate::words::Words;

/// The options of `question` as the learner reads them.
pub fn option_texts<'q>(question: &'q Question, words: &Words) -> Vec<&'q str> {
    if question.truefalse {
        vec![words.true_word, words.false_word]
    } else {
        question.options.iter().map(String::as_str).collect()
    }
}

/// Renders `quiz`, on the page at `page_path`, under a heading of `level`.
pub fn render(quiz: &Quiz, page_path: &str, level: u8, words: &Words) -> String {
    let qz = esc(&format!("quiz-{}", quiz.id));
    let title = quiz.title.as_deref().unwrap_or(words.quiz_title);
    let mut h = String::with_capacity(4096);
    let _ = write!(
        h,
        "<section class=\"rapport-quiz\" id=\"{qz}\" data-quiz=\"{}\" data-page=\"{}\" \
         data-right=\"{}\" data-wrong=\"{}\" data-unanswered=\"{}\" data-score=\"{}\" data-confirm-clear=\"{}\" \
         aria-labelledby=\"{qz}-title\">\n<h{level} id=\"{qz}-title\">{}</h{level}>\n",
        esc(&quiz.id),
        esc(page_path),
        esc(words.right),
        esc(words.wrong),
        esc(words.unanswered),
        esc(words.score),
        esc(words.clear_confirm),
        esc(title),
    );
    for (n, question) in quiz.questions.iter().enumerate() {
        render_question(&mut h, question, n + 1, &qz, words);
    }
    let _ = write!(
        h,
        "<p class=\"quiz-score\" role=\"status\"></p>\n\
         <div class=\"quiz-actions\" hidden>\n\
         <button type=\"button\" class=\"button\" data-action=\"check\">{}</button>\n\
         <button type=\"button\" class=\"button\" data-action=\"retry\" hidden>{}</button>\n\
         <button type=\"button\" class=\"button\" data-action=\"download\">{}</button>\n\
         <button type=\"button\" class=\"button quiz-clear\" data-action=\"clear\">{}</button>\n\
         </div>\n",
        esc(words.check),
        esc(words.retry),
        esc(words.download),
        esc(words.clear),
    );
    let _ = write!(
        h,
        "<details class=\"quiz-answers\">\n<summary>{}</summary>\n<ol>\n",
        esc(words.answers)
    );
    for question in &quiz.questions {
        let texts = option_texts(question, words);
        let right: Vec<&str> = question.answer.iter().map(|&n| texts[n - 1]).collect();
        let _ = write!(
            h,
            "<li><p>{}</p><p><strong>{}</strong> {}</p>",
            esc(&question.prompt),
            esc(words.answer_is),
            esc(&right.join("; "))
        );
        if let Some(explanation) = &question.explanation {
            let _ = write!(h, "<p>{}</p>", esc(explanation));
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</details>\n</section>\n");
    h
}

fn render_question(h: &mut String, question: &Question, n: usize, qz: &str, words: &Words) {
    let id = format!("{qz}-{}", esc(&question.id));
    let kind = if question.multiple {
        "checkbox"
    } else {
        "radio"
    };
    let answer: Vec<String> = question.answer.iter().map(usize::to_string).collect();
    let _ = write!(
        h,
        "<fieldset class=\"quiz-question\" data-question=\"{}\" data-answer=\"{}\">\n\
         <legend><span class=\"quiz-number\">{n}.</span> {}</legend>\n<ul class=\"quiz-options\" role=\"list\">\n",
        esc(&question.id),
        answer.join(" "),
        esc(&question.prompt),
    );
    for (i, text) in option_texts(question, words).into_iter().enumerate() {
        let value = i + 1;
        let feedback = question
            .feedback
            .get(i)
            .map(|f| f.trim())
            .filter(|f| !f.is_empty());
        let _ = write!(
            h,
            "<li><input type=\"{kind}\" name=\"{id}\" id=\"{id}-{value}\" value=\"{value}\"> <label for=\"{id}-{value}\">{}</label>",
            esc(text)
        );
        if let Some(feedback) = feedback {
            let _ = write!(
                h,
                "<template class=\"quiz-feedback\" data-option=\"{value}\">{}</template>",
                esc(feedback)
            );
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ul>\n");
    if let Some(explanation) = &question.explanation {
        let _ = write!(
            h,
            "<template class=\"quiz-explanation\">{}</template>",
            esc(explanation)
        );
    }
    let _ = write!(
        h,
        "<div class=\"quiz-result\" id=\"{id}-result\" aria-live=\"polite\"></div>\n\
         <p class=\"quiz-answer-line\" aria-hidden=\"true\">{}: ____________________</p>\n</fieldset>\n",
        esc(words.your_answer)
    );
}
