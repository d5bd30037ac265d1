//! What the content health report lists about each page and section a
//! site writes in its own words: audience, length, reading scores and the
//! review schedule. Read from what the check's build already has (each
//! body's scan holds its measured prose), so it costs no second pass.

use serde::Serialize;

use super::lints::{self, MIN_WORDS_FOR_GRADE};
use crate::config::Config;
use crate::content::{Date, Page, Section};
use crate::markdown::scan::Scan;
use crate::readability::is_spanish;

/// How many days before its due date a review counts as due soon.
pub const DUE_SOON_DAYS: i64 = 90;

/// Where a document's clinical review stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Reviewed, and not due within [`DUE_SOON_DAYS`].
    Current,
    /// Due within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Older than `[review] max_age_months`.
    Overdue,
    /// No `last_reviewed`.
    Never,
}

impl ReviewStatus {
    /// Every status, in the report's order.
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::Current,
        ReviewStatus::DueSoon,
        ReviewStatus::Overdue,
        ReviewStatus::Never,
    ];

    /// How the report names it.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Current => "Current",
            ReviewStatus::DueSoon => "Due within 90 days",
            ReviewStatus::Overdue => "Overdue",
            ReviewStatus::Never => "Never reviewed",
        }
    }
}

/// One page or section, as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentFacts {
    /// Its source file, relative to the site root.
    pub file: String,
    /// Its URL path.
    pub url: String,
    /// Its title.
    pub title: String,
    /// The title of the section it is in (its own, for a section).
    pub section: String,
    /// Its language (a BCP 47 tag).
    pub language: String,
    /// Its `audience` terms.
    pub audience: Vec<String>,
    /// Words of prose.
    pub words: usize,
    /// Flesch-Kincaid grade, for English prose of at least
    /// [`MIN_WORDS_FOR_GRADE`] words.
    pub grade: Option<f64>,
    /// Flesch reading ease for English, the INFLESZ score (Szigriszt-Pazos)
    /// for Spanish, for prose long enough to score.
    pub ease: Option<f64>,
    /// The strictest grade target of its audiences (`[readability]`).
    pub target: Option<f64>,
    /// `last_reviewed`, as written.
    pub last_reviewed: Option<String>,
    /// `reviewed_by`.
    pub reviewed_by: Option<String>,
    /// When the next review is due: `last_reviewed` plus `max_age_months`.
    pub next_review: Option<String>,
    /// Where the review stands today.
    pub status: ReviewStatus,
}

/// The facts of `pages` and `sections` (with non-empty bodies) of one
/// language's site, as of `today`.
pub fn of_documents(
    config: &Config,
    section_titles: &dyn Fn(usize) -> String,
    pages: &[(&Page, &Scan)],
    sections: &[(&Section, &Scan)],
    today: jiff::civil::Date,
) -> Vec<DocumentFacts> {
    let mut out = Vec::with_capacity(pages.len() + sections.len());
    for &(page, scan) in pages {
        out.push(facts(
            config,
            Document {
                file: &page.file,
                url: &page.path,
                title: &page.meta.title,
                section: section_titles(page.section),
                taxonomies: &page.meta.taxonomies,
                reviewed_by: page.meta.reviewed_by.as_deref(),
                last_reviewed: page.meta.last_reviewed.as_ref(),
            },
            scan,
            today,
        ));
    }
    for &(section, scan) in sections.iter().filter(|(s, _)| !s.body.trim().is_empty()) {
        out.push(facts(
            config,
            Document {
                file: &section.file,
                url: &section.path,
                title: &section.title,
                section: section.title.clone(),
                taxonomies: &section.meta.taxonomies,
                reviewed_by: section.meta.reviewed_by.as_deref(),
                last_reviewed: section.meta.last_reviewed.as_ref(),
            },
            scan,
            today,
        ));
    }
    out
}

/// What [`facts`] reads of a page or a section.
struct Document<'a> {
    file: &'a str,
    url: &'a str,
    title: &'a str,
    section: String,
    taxonomies: &'a std::collections::BTreeMap<String, Vec<String>>,
    reviewed_by: Option<&'a str>,
    last_reviewed: Option<&'a Date>,
}

fn facts(
    config: &Config,
    doc: Document<'_>,
    scan: &Scan,
    today: jiff::civil::Date,
) -> DocumentFacts {
    let audience: Vec<String> = doc.taxonomies.get("audience").cloned().unwrap_or_default();
    let target = audience
        .iter()
        .filter_map(|a| {
            config
                .readability
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(a))
                .map(|(_, t)| *t)
        })
        .min_by(f64::total_cmp);
    let stats = scan.measured.stats;
    let long_enough = stats.words >= MIN_WORDS_FOR_GRADE;
    let (grade, ease) = if !long_enough {
        (None, None)
    } else if is_spanish(&config.language) {
        (None, stats.spanish_scores().map(|s| s.szigriszt_pazos))
    } else {
        match stats.scores() {
            Some(s) => (Some(s.grade), Some(s.ease)),
            None => (None, None),
        }
    };
    let max_age = i64::from(config.review.max_age_months);
    let next = doc.last_reviewed.and_then(|d| {
        d.civil()
            .checked_add(jiff::Span::new().months(max_age))
            .ok()
    });
    let status = match (doc.last_reviewed, next) {
        (None, _) => ReviewStatus::Never,
        (Some(d), _) if lints::months_between(d.civil(), today) >= max_age => ReviewStatus::Overdue,
        (Some(_), Some(next)) if days_until(today, next) <= DUE_SOON_DAYS => ReviewStatus::DueSoon,
        (Some(_), _) => ReviewStatus::Current,
    };
    DocumentFacts {
        file: doc.file.to_string(),
        url: doc.url.to_string(),
        title: doc.title.to_string(),
        section: doc.section,
        language: config.language.clone(),
        audience,
        words: stats.words,
        grade,
        ease,
        target,
        last_reviewed: doc.last_reviewed.map(Date::day),
        reviewed_by: doc.reviewed_by.map(str::to_string),
        next_review: next.map(|d| d.to_string()),
        status,
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
fn days_until(from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
    from.until((jiff::Unit::Day, to))
        .map_or(0, |span| i64::from(span.get_days()))
}

/// How many reviews fall due in each of the 12 months from `today`'s,
/// as ("2026-11", count); overdue ones are left out (they are due now).
pub fn due_per_month(facts: &[DocumentFacts], today: jiff::civil::Date) -> Vec<(String, usize)> {
    let first = today.first_of_month();
    (0..12)
        .map(|m| {
            let month = first
                .checked_add(jiff::Span::new().months(m))
                .unwrap_or(first);
            let key = format!("{:04}-{:02}", month.year(), month.month());
            let count = facts
                .iter()
                .filter(|f| f.status != ReviewStatus::Overdue)
                .filter(|f| {
                    f.next_review
                        .as_deref()
                        .is_some_and(|d| d.starts_with(&key))
                })
                .count();
            (key, count)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_ahead_count_only_reviews_not_yet_overdue() {
        let fact = |next: &str, status| DocumentFacts {
            file: String::new(),
            url: String::new(),
            title: String::new(),
            section: String::new(),
            language: "en".into(),
            audience: Vec::new(),
            words: 0,
            grade: None,
            ease: None,
            target: None,
            last_reviewed: None,
            reviewed_by: None,
            next_review: Some(next.into()),
            status,
        };
        let today: jiff::civil::Date = "2026-11-30".parse().unwrap();
        let months = due_per_month(
            &[
                fact("2026-12-05", ReviewStatus::DueSoon),
                fact("2027-10-31", ReviewStatus::Current),
                fact("2026-11-02", ReviewStatus::Overdue),
                fact("2027-11-01", ReviewStatus::Current),
            ],
            today,
        );
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], ("2026-11".to_string(), 0));
        assert_eq!(months[1], ("2026-12".to_string(), 1));
        assert_eq!(months[11], ("2027-10".to_string(), 1));
        assert_eq!(days_until(today, "2027-02-28".parse().unwrap()), 90);
    }
}
