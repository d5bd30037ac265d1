//! The knowledge check: the TOML inside a ```` ```quiz ```` block, parsed
//! and checked into a [`Quiz`] that is valid by construction.

use rapport_plugin::PluginError;
use serde::Deserialize;

/// The kinds of question a quiz may hold.
pub const KINDS: &[&str] = &["single", "multiple", "truefalse"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    title: Option<String>,
    id: Option<String>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    kind: Option<String>,
    prompt: Option<String>,
    options: Option<Vec<String>>,
    answer: Option<toml::Value>,
    feedback: Option<Vec<String>>,
    explanation: Option<String>,
    id: Option<String>,
}

/// A checked knowledge check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    /// Its title, if the author gave one.
    pub title: Option<String>,
    /// Its id, unique on the page: from `id`, else from the title, else
    /// from its first question's id.
    pub id: String,
    /// Its questions, in order.
    pub questions: Vec<Question>,
}

/// A checked question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Its id, unique in the quiz (`q1` when the author gave none).
    pub id: String,
    /// What is asked.
    pub prompt: String,
    /// Whether one or several options are right.
    pub multiple: bool,
    /// The options; for true/false, the words "True" and "False" are
    /// filled in when rendered, and these are empty.
    pub options: Vec<String>,
    /// Whether this is a true/false question.
    pub truefalse: bool,
    /// The right options, counted from 1 (true = 1, false = 2).
    pub answer: Vec<usize>,
    /// What to say for each option when it is chosen (empty: nothing).
    pub feedback: Vec<String>,
    /// Shown after answering.
    pub explanation: Option<String>,
}

/// Parses and checks a quiz. Errors carry the line inside the block (1 =
/// the first line after the opening fence) and name the question and field.
pub fn parse(body: &str) -> Result<Quiz, PluginError> {
    let raw: RawQuiz = toml::from_str(body).map_err(|e| {
        let line = e.span().map(|s| line_of(body, s.start)).unwrap_or(1);
        let message = e.message().trim().to_string();
        let help = if message.starts_with("unknown field") {
            "a quiz takes title, id and [[questions]]; a question takes kind, prompt, options, answer, feedback, explanation and id"
        } else {
            "check the TOML on that line: quotes, brackets and `key = value`"
        };
        PluginError::new(format!("invalid quiz: {message}"))
            .at_line(line)
            .with_help(help)
    })?;
    let lines = question_lines(body);
    let mut questions: Vec<Question> = Vec::with_capacity(raw.questions.len());
    for (index, question) in raw.questions.into_iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(1);
        let checked = check_question(question, index, line)?;
        if questions.iter().any(|q| q.id == checked.id) {
            return Err(PluginError::new(format!(
                "question {}: the id \"{}\" is used by an earlier question",
                index + 1,
                checked.id
            ))
            .at_line(line)
            .with_help("give each question a different id: answers are kept under it"));
        }
        questions.push(checked);
    }
    if questions.is_empty() {
        return Err(PluginError::new("the quiz has no questions")
            .at_line(1)
            .with_help("add a [[questions]] table with kind, prompt, options and answer"));
    }
    let title = raw
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let id = match raw.id {
        Some(id) => {
            check_id(&id, "the quiz", 1)?;
            id
        }
        None => match &title {
            Some(t) if !slug::slugify(t).is_empty() => slug::slugify(t),
            _ => format!("quiz-{}", questions[0].id),
        },
    };
    Ok(Quiz {
        title,
        id,
        questions,
    })
}

fn check_question(raw: RawQuestion, index: usize, line: usize) -> Result<Question, PluginError> {
    let name = format!("question {}", index + 1);
    let fail = |message: String, help: &str| {
        Err(PluginError::new(message)
            .at_line(line)
            .with_help(help.to_string()))
    };
    let Some(kind) = raw.kind.as_deref() else {
        return fail(
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
        return fail(format!("{name} has an unknown kind \"{kind}\""), &help);
    }
    let prompt = raw.prompt.unwrap_or_default().trim().to_string();
    if prompt.is_empty() {
        return fail(
            format!("{name} has no prompt"),
            "add prompt = \"...\": the question the learner answers",
        );
    }
    let id = match raw.id {
        Some(id) => {
            check_id(&id, &name, line)?;
            id
        }
        None => format!("q{}", index + 1),
    };
    let truefalse = kind == "truefalse";
    let options: Vec<String> = raw.options.unwrap_or_default();
    if truefalse && !options.is_empty() {
        return fail(
            format!("{name} (truefalse) has options"),
            "remove options: a true/false question offers True and False",
        );
    }
    if !truefalse && options.len() < 2 {
        return fail(
            format!("{name} ({kind}) needs at least two options"),
            "add options = [\"...\", \"...\"]",
        );
    }
    if options.iter().any(|o| o.trim().is_empty()) {
        return fail(
            format!("{name} has an empty option"),
            "write each option's words, or remove it",
        );
    }
    let count = if truefalse { 2 } else { options.len() };
    let answer = match (kind, raw.answer) {
        (_, None) => {
            let help = match kind {
                "truefalse" => "add answer = true or answer = false",
                "multiple" => {
                    "add answer = [1, 3]: the numbers of the right options, counted from 1"
                }
                _ => "add answer = 2: the number of the right option, counted from 1",
            };
            return fail(format!("{name} has no correct answer"), help);
        }
        ("truefalse", Some(toml::Value::Boolean(b))) => vec![if b { 1 } else { 2 }],
        ("truefalse", Some(_)) => {
            return fail(
                format!("{name}: `answer` of a true/false question is true or false"),
                "write answer = true or answer = false, without quotes",
            );
        }
        ("single", Some(toml::Value::Integer(n))) => vec![option_number(n, count, &name, line)?],
        ("single", Some(_)) => {
            return fail(
                format!("{name}: `answer` of a single-choice question is one number"),
                "write answer = 2: the number of the right option, counted from 1",
            );
        }
        (_, Some(toml::Value::Array(items))) => {
            let mut numbers = Vec::new();
            for item in items {
                let Some(n) = item.as_integer() else {
                    return fail(
                        format!("{name}: `answer` holds something that is not a number"),
                        "write answer = [1, 3]: the numbers of the right options",
                    );
                };
                let n = option_number(n, count, &name, line)?;
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
            }
            if numbers.is_empty() {
                return fail(
                    format!("{name} has no correct answer"),
                    "list at least one right option: answer = [1, 3]",
                );
            }
            numbers.sort_unstable();
            numbers
        }
        (_, Some(_)) => {
            return fail(
                format!("{name}: `answer` of a multiple-choice question is a list"),
                "write answer = [1, 3]: the numbers of the right options, counted from 1",
            );
        }
    };
    let feedback = raw.feedback.unwrap_or_default();
    if !feedback.is_empty() && feedback.len() != count {
        return fail(
            format!(
                "{name} has {} feedback texts for {count} options",
                feedback.len()
            ),
            "give one feedback text per option, in the options' order (\"\" for none)",
        );
    }
    Ok(Question {
        id,
        prompt,
        multiple: kind == "multiple",
        options,
        truefalse,
        answer,
        feedback,
        explanation: raw
            .explanation
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty()),
    })
}

/// `n` as an option number of a question with `count` options.
fn option_number(n: i64, count: usize, name: &str, line: usize) -> Result<usize, PluginError> {
    match usize::try_from(n) {
        Ok(n) if (1..=count).contains(&n) => Ok(n),
        _ => Err(
            PluginError::new(format!("{name}: the answer {n} is not one of its options"))
                .at_line(line)
                .with_help(format!("options are counted from 1 to {count}")),
        ),
    }
}

/// Checks an id the author wrote: it ends up in HTML ids and storage keys.
fn check_id(id: &str, name: &str, line: usize) -> Result<(), PluginError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(PluginError::new(format!(
            "{name} has the id \"{id}\", which is not a plain name"
        ))
        .at_line(line)
        .with_help("use letters, digits, - and _ only"))
    }
}

/// The 1-based line of byte `offset` in `body`.
fn line_of(body: &str, offset: usize) -> usize {
    body[..offset.min(body.len())].matches('\n').count() + 1
}

/// The line of each `[[questions]]` header, in order.
fn question_lines(body: &str) -> Vec<usize> {
    body.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[questions]]")
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "title = \"Check\"\n[[questions]]\nkind = \"single\"\nprompt = \"Pick\"\noptions = [\"a\", \"b\"]\nanswer = 2\n\n[[questions]]\nkind = \"truefalse\"\nprompt = \"Yes?\"\nanswer = false\n\n[[questions]]\nid = \"m\"\nkind = \"multiple\"\nprompt = \"Pick two\"\noptions = [\"a\", \"b\", \"c\"]\nanswer = [3, 1]\nfeedback = [\"x\", \"\", \"z\"]\n";

    #[test]
    fn a_good_quiz_reads_with_ids_answers_and_feedback() {
        let quiz = parse(GOOD).unwrap();
        assert_eq!(quiz.id, "check");
        let ids: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["q1", "q2", "m"]);
        assert_eq!(quiz.questions[1].answer, [2]);
        assert!(quiz.questions[1].truefalse);
        assert_eq!(quiz.questions[2].answer, [1, 3]);
        assert!(quiz.questions[2].multiple);
    }

    #[test]
    fn bad_quizzes_name_the_line_and_the_fix() {
        for (body, line, needle) in [
            (
                "[[questions]]\nkind = \"singel\"\nprompt = \"x\"\n",
                1,
                "unknown kind \"singel\"",
            ),
            (
                "title = \"t\"\n\n[[questions]]\nkind = \"single\"\nprompt = \"x\"\noptions = [\"a\", \"b\"]\n",
                3,
                "no correct answer",
            ),
            (
                "[[questions]]\nkind = \"single\"\nprompt = \"x\"\noptions = [\"a\", \"b\"]\nanswer = 3\n",
                1,
                "not one of its options",
            ),
            (
                "[[questions]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"x\"\nanswer = true\n[[questions]]\nid = \"a\"\nkind = \"truefalse\"\nprompt = \"y\"\nanswer = true\n",
                6,
                "the id \"a\" is used by an earlier question",
            ),
            ("title = \"t\"\ncolour = 1\n", 2, "unknown field"),
            ("title = \"t\"\n", 1, "no questions"),
        ] {
            let e = parse(body).unwrap_err();
            assert!(e.message.contains(needle), "{needle}: {}", e.message);
            assert_eq!(e.line_in_block, Some(line), "{needle}");
            assert!(e.help.is_some());
        }
    }
}
