//! The course plugin: a section whose `_index.md` says `course = true` is a
//! course, and its pages, in weight order, are its lessons.
//!
//! - The section's page becomes the course home: what the learner will
//!   learn, the lessons with their time and a done mark, and a "Start" or
//!   "Continue" link to the first lesson not done.
//! - Each lesson gets "Lesson 3 of 8", its objectives, the course's
//!   progress, a "Mark this lesson as done" button and links to the
//!   previous and next lessons.
//! - A ```` ```quiz ```` block is a knowledge check ([`quiz`], [`html`]).
//! - `<course>/print/` holds every lesson on one page, to print.
//!
//! Progress and answers are kept in the learner's browser (`localStorage`)
//! by `course.js`; nothing is ever sent anywhere. Everything here goes
//! through the public `Plugin` trait: the engine knows no course.

pub mod html;
pub mod quiz;
pub mod words;

use std::fmt::Write as _;

use rapport_plugin::{
    Asset, BlockContext, ContentChange, NewPage, PageInfo, Plugin, PluginConfig, PluginError,
    SectionInfo, SiteChanges, SiteView, Value,
};

use crate::html::esc;
use crate::words::{Words, words};

/// The fenced-block language the plugin claims.
pub const LANGUAGE: &str = "quiz";

/// The front matter keys the plugin reads: `course` on a section's
/// `_index.md`, the others on its lessons.
pub const FRONT_MATTER_KEYS: &[&str] = &["course", "objectives", "duration", "prerequisites"];

/// The course plugin.
#[derive(Debug, Default)]
pub struct CoursePlugin {
    _private: (),
}

impl Plugin for CoursePlugin {
    fn name(&self) -> &str {
        "course"
    }

    fn configure(&mut self, config: &PluginConfig) -> Result<(), PluginError> {
        if let Some(key) = config.keys().next() {
            return Err(
                PluginError::new(format!("[plugins.course] has no setting \"{key}\""))
                    .with_help("leave the table empty: [plugins.course]; a section becomes a course with `course = true` in its _index.md"),
            );
        }
        Ok(())
    }

    fn front_matter_keys(&self) -> Vec<String> {
        FRONT_MATTER_KEYS.iter().map(|k| k.to_string()).collect()
    }

    fn render_block(
        &self,
        lang: &str,
        body: &str,
        ctx: &BlockContext,
    ) -> Option<Result<String, PluginError>> {
        if lang != LANGUAGE {
            return None;
        }
        let words = words(&ctx.language);
        Some(quiz::parse(body).map(|quiz| html::render(&quiz, &ctx.page_path, 2, words)))
    }

    fn extend_site(&self, site: &SiteView) -> Result<SiteChanges, PluginError> {
        let mut changes = SiteChanges::default();
        let words = words(&site.language);
        for section in &site.sections {
            if !is_course(section)? {
                continue;
            }
            let course = Course::of(section, site)?;
            changes.replace_content.push(ContentChange::new(
                &section.path,
                section.content_html.clone() + &course.home(words),
            ));
            for (n, lesson) in course.lessons.iter().enumerate() {
                changes.replace_content.push(ContentChange::new(
                    &lesson.page.path,
                    course.lesson_page(n, words),
                ));
            }
            let mut print = NewPage::new(
                course.print_path(),
                words.whole_course.replace("{title}", &section.title),
                course.print_page(words),
            );
            print.description = Some(words.whole_course_description.into());
            print.section = Some(section.path.clone());
            changes.add_pages.push(print);
        }
        Ok(changes)
    }

    fn assets(&self) -> Vec<Asset> {
        vec![
            Asset::new("course/course.css", include_str!("../assets/course.css")),
            Asset::new("course/course.js", include_str!("../assets/course.js")),
        ]
    }
}

/// Whether `section` says `course = true`.
fn is_course(section: &SectionInfo) -> Result<bool, PluginError> {
    match section.params.get("course") {
        None => Ok(false),
        Some(Value::Boolean(b)) => Ok(*b),
        Some(_) => Err(PluginError::new("`course` must be true or false")
            .in_file(&section.source, None)
            .with_help("write course = true in the section's _index.md")),
    }
}

/// A course: its section and its lessons in order.
struct Course<'s> {
    section: &'s SectionInfo,
    lessons: Vec<Lesson<'s>>,
}

/// A lesson and what its front matter says.
struct Lesson<'s> {
    page: &'s PageInfo,
    objectives: Vec<String>,
    prerequisites: Vec<String>,
    minutes: usize,
    /// The ids and titles of its knowledge checks.
    quizzes: Vec<(String, String)>,
}

impl<'s> Course<'s> {
    fn of(section: &'s SectionInfo, site: &'s SiteView) -> Result<Self, PluginError> {
        let mut pages: Vec<&PageInfo> = site
            .pages
            .iter()
            .filter(|p| p.section == section.path)
            .collect();
        // Weight order, whatever the section's own sort; unweighted last,
        // in the section's order.
        pages.sort_by_key(|p| (p.weight.is_none(), p.weight));
        let lessons = pages
            .into_iter()
            .map(Lesson::of)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Course { section, lessons })
    }

    /// "Lesson 3 of 8" for lesson `n` (from 0).
    fn lesson_of(&self, n: usize, words: &Words) -> String {
        words
            .lesson_of
            .replace("{n}", &(n + 1).to_string())
            .replace("{total}", &self.lessons.len().to_string())
    }

    fn print_path(&self) -> String {
        format!("{}print/", self.section.path)
    }

    /// The storage key and words `course.js` needs, on every course element.
    fn data(&self, words: &Words) -> String {
        format!(
            "data-course=\"{}\" data-total=\"{}\" data-progress-text=\"{}\" data-done-text=\"{}\" data-not-yet=\"{}\"",
            esc(&self.section.path),
            self.lessons.len(),
            esc(words.progress),
            esc(words.done),
            esc(words.not_yet),
        )
    }

    fn progress(&self, words: &Words) -> String {
        let total = self.lessons.len();
        format!(
            "<div class=\"course-progress\"><progress max=\"{total}\" value=\"0\" aria-label=\"{}\"></progress> \
             <span class=\"course-progress-text\" hidden></span></div>\n",
            esc(&words
                .progress
                .replace("{n}", "0")
                .replace("{total}", &total.to_string())),
        )
    }

    /// What the course home shows below the section's own text.
    fn home(&self, words: &Words) -> String {
        let mut h = String::with_capacity(4096);
        let _ = writeln!(
            h,
            "<div class=\"rapport-course\" {} data-start=\"{}\" data-continue=\"{}\" data-score-text=\"{}\" data-confirm-clear=\"{}\">",
            self.data(words),
            esc(words.start),
            esc(words.continue_at),
            esc(words.score),
            esc(words.clear_progress_confirm),
        );
        h.push_str(&self.progress(words));
        if let Some(first) = self.lessons.first() {
            let _ = writeln!(
                h,
                "<p class=\"course-start\"><a class=\"button\" href=\"{}\">{}</a></p>",
                esc(&first.page.path),
                esc(words.start)
            );
        }
        let objectives: Vec<&String> = self.lessons.iter().flat_map(|l| &l.objectives).collect();
        if !objectives.is_empty() {
            let _ = writeln!(
                h,
                "<h2 id=\"course-objectives\">{}</h2>\n<ul>",
                esc(words.what_you_will_learn)
            );
            list_items(&mut h, objectives);
        }
        let _ = writeln!(
            h,
            "<h2 id=\"course-lessons\">{}</h2>\n<ol class=\"course-lessons\">",
            esc(words.lessons)
        );
        for lesson in &self.lessons {
            let _ = writeln!(
                h,
                "<li data-lesson=\"{}\" data-title=\"{}\" data-quizzes=\"{}\"><a href=\"{}\">{}</a> \
                 <span class=\"course-duration\">{}</span> <span class=\"course-done-mark\" hidden>{}</span></li>",
                esc(&lesson.page.path),
                esc(&lesson.page.title),
                esc(&lesson
                    .quizzes
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")),
                esc(&lesson.page.path),
                esc(&lesson.page.title),
                esc(&words
                    .minutes_short
                    .replace("{n}", &lesson.minutes.to_string())),
                esc(words.done),
            );
        }
        h.push_str("</ol>\n");
        let total: usize = self.lessons.iter().map(|l| l.minutes).sum();
        let _ = writeln!(
            h,
            "<p class=\"course-total\">{}</p>",
            esc(&words.total_time.replace("{n}", &total.to_string()))
        );
        // Filled in by course.js from what this browser keeps.
        let _ = write!(
            h,
            "<section class=\"course-complete\" aria-labelledby=\"course-complete-title\" hidden>\n\
             <h2 id=\"course-complete-title\">{}</h2>\n<p>{}</p>\n\
             <table class=\"course-summary\"><caption>{}: {}</caption>\n\
             <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody></tbody></table>\n\
             <p><button type=\"button\" class=\"button\" data-action=\"print\">{}</button></p>\n</section>\n",
            esc(words.complete_title),
            esc(words.complete_text),
            esc(words.summary_caption),
            esc(&self.section.title),
            esc(words.lessons),
            esc(words.finished_on),
            esc(words.knowledge_checks),
            esc(words.print_summary),
        );
        let _ = write!(
            h,
            "<p class=\"course-print-link\"><a href=\"{}\">{}</a></p>\n\
             <p class=\"saved-note course-saved-note\" hidden>{}</p>\n\
             <p class=\"course-clear\" hidden><button type=\"button\" class=\"button\" data-action=\"clear-progress\">{}</button></p>\n</div>\n",
            esc(&self.print_path()),
            esc(words.print_course),
            esc(words.saved_note),
            esc(words.clear_progress),
        );
        h
    }

    /// Lesson `n`'s body: its header, its own text, the done button and
    /// the links to the lessons around it.
    fn lesson_page(&self, n: usize, words: &Words) -> String {
        let lesson = &self.lessons[n];
        let mut h = String::with_capacity(lesson.page.content_html.len() + 2048);
        let _ = write!(
            h,
            "<div class=\"rapport-lesson\" {}>\n\
             <nav class=\"lesson-header\" aria-label=\"{}\"><a href=\"{}\">{}</a> <span class=\"lesson-of\">{}</span></nav>\n",
            self.data(words),
            esc(words.course_nav),
            esc(&self.section.path),
            esc(&self.section.title),
            esc(&self.lesson_of(n, words)),
        );
        h.push_str(&self.progress(words));
        let _ = writeln!(
            h,
            "<p class=\"lesson-duration\">{}</p>",
            esc(&words
                .about_minutes
                .replace("{n}", &lesson.minutes.to_string()))
        );
        if !lesson.prerequisites.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"lesson-prerequisites\">{} {}</p>",
                esc(words.before_this_lesson),
                esc(&lesson.prerequisites.join("; "))
            );
        }
        if !lesson.objectives.is_empty() {
            h.push_str("<div class=\"lesson-objectives\">");
            objectives(&mut h, &lesson.objectives, words);
            h.push_str("</div>\n");
        }
        h.push_str("</div>\n");
        h.push_str(&lesson.page.content_html);
        let _ = writeln!(
            h,
            "<div class=\"lesson-done\" {} data-lesson=\"{}\" data-mark-done=\"{}\" data-mark-not-done=\"{}\" data-marked-done=\"{}\">\
             <button type=\"button\" class=\"button\" data-action=\"done\" aria-pressed=\"false\" hidden>{}</button> \
             <span class=\"lesson-done-status\" role=\"status\"></span></div>",
            self.data(words),
            esc(&lesson.page.path),
            esc(words.mark_done),
            esc(words.mark_not_done),
            esc(words.marked_done),
            esc(words.mark_done),
        );
        let _ = writeln!(
            h,
            "<nav class=\"lesson-nav\" aria-label=\"{}\">",
            esc(words.lessons)
        );
        if let Some(previous) = n.checked_sub(1).map(|p| &self.lessons[p]) {
            let _ = writeln!(
                h,
                "<a rel=\"prev\" href=\"{}\"><span class=\"label\">{}</span> {}</a>",
                esc(&previous.page.path),
                esc(words.previous_lesson),
                esc(&previous.page.title)
            );
        }
        let _ = writeln!(
            h,
            "<a class=\"lesson-overview\" href=\"{}\">{}</a>",
            esc(&self.section.path),
            esc(words.overview)
        );
        if let Some(next) = self.lessons.get(n + 1) {
            let _ = writeln!(
                h,
                "<a rel=\"next\" href=\"{}\"><span class=\"label\">{}</span> {}</a>",
                esc(&next.page.path),
                esc(words.next_lesson),
                esc(&next.page.title)
            );
        }
        h.push_str("</nav>\n");
        h
    }

    /// Every lesson on one page, its headings one level down and its ids
    /// made unique.
    fn print_page(&self, words: &Words) -> String {
        let mut h = String::from("<div class=\"rapport-course-print\">\n");
        for (n, lesson) in self.lessons.iter().enumerate() {
            let prefix = format!("lesson-{}-", n + 1);
            let _ = write!(
                h,
                "<section class=\"course-print-lesson\" aria-labelledby=\"{prefix}title\">\n\
                 <h2 id=\"{prefix}title\">{}: {}</h2>\n",
                esc(&self.lesson_of(n, words)),
                esc(&lesson.page.title),
            );
            if !lesson.objectives.is_empty() {
                objectives(&mut h, &lesson.objectives, words);
            }
            let body = prefix_ids(&demote_headings(&lesson.page.content_html), &prefix);
            h.push_str(&paper_checklists(&body));
            h.push_str("</section>\n");
        }
        h.push_str("</div>\n");
        h
    }
}

impl<'s> Lesson<'s> {
    fn of(page: &'s PageInfo) -> Result<Self, PluginError> {
        let list = |key: &str| -> Result<Vec<String>, PluginError> {
            match page.params.get(key) {
                None => Ok(Vec::new()),
                Some(Value::String(s)) => Ok(vec![s.clone()]),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad_key(page, key, "a list of texts: [\"...\", \"...\"]")),
                Some(_) => Err(bad_key(page, key, "a list of texts: [\"...\", \"...\"]")),
            }
        };
        let minutes = match page.params.get("duration") {
            None => page.reading_minutes.max(1),
            Some(Value::Integer(n)) if *n > 0 => *n as usize,
            Some(_) => {
                return Err(bad_key(
                    page,
                    "duration",
                    "a whole number of minutes, like 10",
                ));
            }
        };
        let quizzes = page
            .blocks
            .iter()
            .filter(|b| b.lang == LANGUAGE)
            .filter_map(|b| quiz::parse(&b.body).ok())
            .map(|q| (q.id, q.title.unwrap_or_default()))
            .collect();
        Ok(Lesson {
            page,
            objectives: list("objectives")?,
            prerequisites: list("prerequisites")?,
            minutes,
            quizzes,
        })
    }
}

/// "In this lesson you will" and the lesson's objectives as a list.
fn objectives(h: &mut String, objectives: &[String], words: &Words) {
    let _ = writeln!(
        h,
        "<p><strong>{}</strong></p>\n<ul>",
        esc(words.in_this_lesson)
    );
    list_items(h, objectives);
}

/// Each of `items` as an `<li>`, then the `</ul>` the caller opened.
fn list_items<'i>(h: &mut String, items: impl IntoIterator<Item = &'i String>) {
    for item in items {
        let _ = writeln!(h, "<li>{}</li>", esc(item));
    }
    h.push_str("</ul>\n");
}

fn bad_key(page: &PageInfo, key: &str, want: &str) -> PluginError {
    PluginError::new(format!("`{key}` must be {want}"))
        .in_file(&page.source, None)
        .with_help(format!(
            "write {key} in the lesson's front matter as {want}"
        ))
}

/// `html` with its checklists as boxes to tick on paper: the theme keeps
/// no ticks for them here (the lesson's own page does).
fn paper_checklists(html: &str) -> String {
    html.replace(
        "<div class=\"checklist\" ",
        "<div class=\"checklist-on-paper\" ",
    )
    .replace(" data-checklist=\"", " data-printed-checklist=\"")
}

/// `html` with every heading one level lower (`h2` becomes `h3`), so a
/// lesson sits under its title on the course's print page.
fn demote_headings(html: &str) -> String {
    // One pass over the tags: a replace per level and end tag read every
    // lesson eight times.
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let bytes = rest.as_bytes();
        // `<h` or `</h`, then the level; an end tag's level ends it.
        let (name, end) = if rest.starts_with("</h") {
            (3, true)
        } else if rest.starts_with("<h") {
            (2, false)
        } else {
            (0, false)
        };
        let level = bytes.get(name).copied().filter(|_| name > 0);
        match level {
            Some(digit @ b'2'..=b'5') if !end || bytes.get(name + 1) == Some(&b'>') => {
                out.push_str(&rest[..name]);
                out.push(char::from(digit + 1));
                rest = &rest[name + 1..];
            }
            _ => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `html` with every id, and every reference to one, starting with
/// `prefix`: lessons on one page must not share an id.
fn prefix_ids(html: &str, prefix: &str) -> String {
    const ATTRS: &[&str] = &[
        " id=\"",
        " for=\"",
        " aria-labelledby=\"",
        " aria-describedby=\"",
        " aria-controls=\"",
        " href=\"#",
        " name=\"",
    ];
    let mut out = String::with_capacity(html.len() + 256);
    // `html[..copied]` is in `out`; attributes are looked for from `from`.
    // One pass over the spaces: looking for each attribute again after
    // every one found cost a course of 250 lessons a third of a second.
    let (mut copied, mut from) = (0, 0);
    while let Some(space) = html[from..].find(' ').map(|i| from + i) {
        from = space + 1;
        let Some(attr) = ATTRS.iter().find(|a| html[space..].starts_with(**a)) else {
            continue;
        };
        let start = space + attr.len();
        let Some(len) = html[start..].find('"') else {
            break;
        };
        out.push_str(&html[copied..start]);
        for (n, id) in html[start..start + len].split_whitespace().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            out.push_str(prefix);
            out.push_str(id);
        }
        copied = start + len;
        from = copied;
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_go_down_one_level_once_and_nothing_else_moves() {
        let html = "<h2 id=\"a\">A</h2><h5>E</h5><h6>F</h6><hr><header>x</header><h1>T</h1><p>1<2</p></h3 ><";
        assert_eq!(
            demote_headings(html),
            "<h3 id=\"a\">A</h3><h6>E</h6><h6>F</h6><hr><header>x</header><h1>T</h1><p>1<2</p></h3 ><"
        );
    }

    #[test]
    fn ids_and_references_get_the_prefix_and_headings_go_down_a_level() {
        let html = "<h2 id=\"a\">A</h2><label for=\"x y\">L</label><a href=\"#a\">to a</a><a href=\"/b/\">b</a>";
        assert_eq!(
            prefix_ids(&demote_headings(html), "l1-"),
            "<h3 id=\"l1-a\">A</h3><label for=\"l1-x l1-y\">L</label><a href=\"#l1-a\">to a</a><a href=\"/b/\">b</a>"
        );
    }
}
