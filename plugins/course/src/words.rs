//! The words the course plugin writes into pages: English and Spanish,
//! chosen by the site's `language` (its primary subtag), English for any
//! other. `{n}`, `{total}`, `{title}` and `{right}` are filled in.

/// The plugin's words in one language.
pub struct Words {
    /// Above a lesson: "Lesson {n} of {total}".
    pub lesson_of: &'static str,
    /// The lesson header's label for the course's navigation.
    pub course_nav: &'static str,
    /// Over a lesson's objectives.
    pub in_this_lesson: &'static str,
    /// Before a lesson's prerequisites.
    pub before_this_lesson: &'static str,
    /// A lesson's duration: "About {n} minutes".
    pub about_minutes: &'static str,
    /// A duration in a list: "{n} min".
    pub minutes_short: &'static str,
    /// The course home's objectives heading.
    pub what_you_will_learn: &'static str,
    /// The course home's lessons heading.
    pub lessons: &'static str,
    /// The course's total time: "{n} minutes in all".
    pub total_time: &'static str,
    /// The start button.
    pub start: &'static str,
    /// The continue button, before the lesson's title.
    pub continue_at: &'static str,
    /// Progress: "{n} of {total} lessons done".
    pub progress: &'static str,
    /// A lesson's done mark.
    pub done: &'static str,
    /// The lesson's button.
    pub mark_done: &'static str,
    /// The lesson's button once done.
    pub mark_not_done: &'static str,
    /// Said when a lesson is marked done.
    pub marked_done: &'static str,
    /// The previous lesson link's label.
    pub previous_lesson: &'static str,
    /// The next lesson link's label.
    pub next_lesson: &'static str,
    /// The link back to the course home.
    pub overview: &'static str,
    /// The completion heading.
    pub complete_title: &'static str,
    /// The completion text.
    pub complete_text: &'static str,
    /// The summary table's caption.
    pub summary_caption: &'static str,
    /// The summary's column of dates.
    pub finished_on: &'static str,
    /// The summary's column of scores.
    pub knowledge_checks: &'static str,
    /// A score not yet made.
    pub not_yet: &'static str,
    /// The summary's print button.
    pub print_summary: &'static str,
    /// The link to the course on one page, and that page's title: "{title}: the whole course".
    pub print_course: &'static str,
    /// That page's title.
    pub whole_course: &'static str,
    /// That page's description.
    pub whole_course_description: &'static str,
    /// Where progress and answers are kept.
    pub saved_note: &'static str,
    /// The button that forgets progress.
    pub clear_progress: &'static str,
    /// What it asks first.
    pub clear_progress_confirm: &'static str,
    /// A quiz without a title.
    pub quiz_title: &'static str,
    /// The quiz's check button.
    pub check: &'static str,
    /// The quiz's retry button.
    pub retry: &'static str,
    /// The quiz's download button.
    pub download: &'static str,
    /// The quiz's clear button.
    pub clear: &'static str,
    /// What clearing a quiz asks first.
    pub clear_confirm: &'static str,
    /// The score: "{right} of {total} right".
    pub score: &'static str,
    /// A right answer.
    pub right: &'static str,
    /// A wrong answer.
    pub wrong: &'static str,
    /// A question with no answer chosen.
    pub unanswered: &'static str,
    /// True.
    pub true_word: &'static str,
    /// False.
    pub false_word: &'static str,
    /// The summary of the answers without JavaScript.
    pub answers: &'static str,
    /// Before a question's right answer(s).
    pub answer_is: &'static str,
    /// The printed answer line.
    pub your_answer: &'static str,
}

const ENGLISH: Words = Words {
    lesson_of: "Lesson {n} of {total}",
    course_nav: "Course",
    in_this_lesson: "In this lesson you will",
    before_this_lesson: "Before this lesson:",
    about_minutes: "About {n} minutes",
    minutes_short: "{n} min",
    what_you_will_learn: "What you will learn",
    lessons: "Lessons",
    total_time: "About {n} minutes in all.",
    start: "Start the course",
    continue_at: "Continue where you left off:",
    progress: "{n} of {total} lessons done",
    done: "Done",
    mark_done: "Mark this lesson as done",
    mark_not_done: "Mark this lesson as not done",
    marked_done: "Lesson marked as done.",
    previous_lesson: "Previous lesson",
    next_lesson: "Next lesson",
    overview: "Course overview",
    complete_title: "You finished the course",
    complete_text: "Every lesson is marked as done on this device. Here is a summary you can print to keep or to show someone.",
    summary_caption: "Your course summary",
    finished_on: "Finished on this device",
    knowledge_checks: "Knowledge checks",
    not_yet: "Not yet",
    print_summary: "Print your summary",
    print_course: "Print the whole course",
    whole_course: "{title}: the whole course",
    whole_course_description: "Every lesson of the course on one page, to print.",
    saved_note: "Your progress and answers are kept in this browser only. Nothing is sent anywhere.",
    clear_progress: "Clear my progress",
    clear_progress_confirm: "Forget which lessons you marked as done? This cannot be undone.",
    quiz_title: "Check your understanding",
    check: "Check my answers",
    retry: "Try again",
    download: "Download my answers",
    clear: "Clear",
    clear_confirm: "Clear your answers to this knowledge check? This cannot be undone.",
    score: "{right} of {total} right",
    right: "Right.",
    wrong: "Not quite.",
    unanswered: "No answer chosen.",
    true_word: "True",
    false_word: "False",
    answers: "Answers and explanations",
    answer_is: "Answer:",
    your_answer: "Your answer",
};

const SPANISH: Words = Words {
    lesson_of: "Lección {n} de {total}",
    course_nav: "Curso",
    in_this_lesson: "En esta lección va a",
    before_this_lesson: "Antes de esta lección:",
    about_minutes: "Unos {n} minutos",
    minutes_short: "{n} min",
    what_you_will_learn: "Lo que va a aprender",
    lessons: "Lecciones",
    total_time: "Unos {n} minutos en total.",
    start: "Empezar el curso",
    continue_at: "Seguir donde lo dejó:",
    progress: "{n} de {total} lecciones hechas",
    done: "Hecha",
    mark_done: "Marcar esta lección como hecha",
    mark_not_done: "Marcar esta lección como no hecha",
    marked_done: "Lección marcada como hecha.",
    previous_lesson: "Lección anterior",
    next_lesson: "Lección siguiente",
    overview: "Resumen del curso",
    complete_title: "Terminó el curso",
    complete_text: "Todas las lecciones están marcadas como hechas en este dispositivo. Aquí tiene un resumen que puede imprimir para guardarlo o enseñarlo.",
    summary_caption: "Resumen de su curso",
    finished_on: "Terminada en este dispositivo",
    knowledge_checks: "Preguntas de repaso",
    not_yet: "Todavía no",
    print_summary: "Imprimir su resumen",
    print_course: "Imprimir el curso completo",
    whole_course: "{title}: el curso completo",
    whole_course_description: "Todas las lecciones del curso en una página, para imprimir.",
    saved_note: "Su progreso y sus respuestas se guardan solo en este navegador. No se envía nada.",
    clear_progress: "Borrar mi progreso",
    clear_progress_confirm: "¿Olvidar qué lecciones marcó como hechas? No se puede deshacer.",
    quiz_title: "Compruebe lo que aprendió",
    check: "Comprobar mis respuestas",
    retry: "Intentar de nuevo",
    download: "Descargar mis respuestas",
    clear: "Borrar",
    clear_confirm: "¿Borrar sus respuestas a estas preguntas? No se puede deshacer.",
    score: "{right} de {total} correctas",
    right: "Correcto.",
    wrong: "No del todo.",
    unanswered: "No eligió ninguna respuesta.",
    true_word: "Verdadero",
    false_word: "Falso",
    answers: "Respuestas y explicaciones",
    answer_is: "Respuesta:",
    your_answer: "Su respuesta",
};

/// The words for a site or page in `language` (a BCP 47 tag).
pub fn words(language: &str) -> &'static Words {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    match primary.to_ascii_lowercase().as_str() {
        "es" => &SPANISH,
        _ => &ENGLISH,
    }
}
