//! The lints: what one page or section body is checked for, given what the
//! [`scan`](super::scan) saw and what is known about the site.

use std::collections::BTreeMap;

use super::*;
use crate::content::{Date, Page, Section};
use crate::markdown::scan::{Scan, scan};
use crate::readability::TextStats;

pub use crate::readability::LONG_SENTENCE_WORDS;

/// Pages with fewer words of prose are too short for a reading grade to mean much.
pub const MIN_WORDS_FOR_GRADE: usize = 100;

/// What the lints know about the whole site.
pub struct SiteFacts<'a> {
    /// The site configuration.
    pub config: &'a Config,
    /// Today, for review ages.
    pub today: jiff::civil::Date,
}

/// One markdown document to lint.
pub struct Document<'a> {
    /// The file, for findings.
    pub file: &'a str,
    /// Its URL path, which relative links start from.
    pub url_path: &'a str,
    /// Its markdown body.
    pub body: &'a str,
    /// The file line where the body starts.
    pub body_line: usize,
    /// The review and audience front matter, of a page or a section.
    pub meta: DocumentMeta<'a>,
    /// The page, for page-only front matter lints (`missing-description`);
    /// `None` for a section.
    pub page: Option<&'a Page>,
    /// The scan of the body by the markdown pass; `None` scans it here.
    pub scan: Option<&'a Scan>,
}

/// The front matter the review and reading-level lints read: pages and
/// sections (`_index.md`) carry the same keys and get the same rules.
pub struct DocumentMeta<'a> {
    /// "page" or "section", for messages.
    pub kind: &'static str,
    /// Taxonomy name -> terms; `audience` picks the rules.
    pub taxonomies: &'a BTreeMap<String, Vec<String>>,
    /// The reviewing clinician.
    pub reviewed_by: Option<&'a str>,
    /// When it was last reviewed.
    pub last_reviewed: Option<&'a Date>,
    /// The front matter text, to give findings the line of a key.
    pub front_matter: &'a str,
}

impl<'a> DocumentMeta<'a> {
    /// A page's.
    pub fn of_page(page: &'a Page) -> Self {
        Self {
            kind: "page",
            taxonomies: &page.meta.taxonomies,
            reviewed_by: page.meta.reviewed_by.as_deref(),
            last_reviewed: page.meta.last_reviewed.as_ref(),
            front_matter: &page.front_matter,
        }
    }

    /// A section's, from its `_index.md`.
    pub fn of_section(section: &'a Section) -> Self {
        Self {
            kind: "section",
            taxonomies: &section.meta.taxonomies,
            reviewed_by: section.meta.reviewed_by.as_deref(),
            last_reviewed: section.meta.last_reviewed.as_ref(),
            front_matter: &section.front_matter,
        }
    }

    fn key_line(&self, key: &str) -> usize {
        crate::content::key_line(self.front_matter, key)
    }

    /// The document's audiences (`[taxonomies] audience`).
    fn audiences(&self) -> &'a [String] {
        self.taxonomies
            .get("audience")
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// Today in UTC, from the system clock: the day review ages count to.
pub fn today() -> jiff::civil::Date {
    utc_day(jiff::Timestamp::now())
}

/// The UTC calendar day of `instant`.
fn utc_day(instant: jiff::Timestamp) -> jiff::civil::Date {
    jiff::tz::TimeZone::UTC.to_datetime(instant).date()
}

/// Whole months from `reviewed` to `today` (negative when `today` is
/// earlier), truncated as review ages count: 2024-11-23 to 2026-11-22 is 23
/// months. jiff's month difference (Temporal's rules) counts exactly that;
/// it only fails past its year range, which civil dates never reach.
pub(crate) fn months_between(reviewed: jiff::civil::Date, today: jiff::civil::Date) -> i64 {
    reviewed
        .until((jiff::Unit::Month, today))
        .map_or(0, |span| i64::from(span.get_months()))
}

/// Runs every lint on one document.
pub fn lint_document(doc: &Document<'_>, facts: &SiteFacts<'_>) -> Vec<Finding> {
    let own_scan;
    let scanned = match doc.scan {
        Some(scanned) => scanned,
        None => {
            own_scan = scan(
                doc.body,
                doc.body_line,
                &facts.config.faq.headings,
                &facts.config.language,
            );
            &own_scan
        }
    };
    let mut out = Vec::new();
    structure(doc, scanned, &mut out);
    csp(scanned, doc, facts, &mut out);
    leftover_syntax(scanned, doc, &mut out);
    media(scanned, doc, &mut out);
    let spanish = is_spanish(&facts.config.language);
    let stats = prose(doc, scanned, &mut out);
    if let Some(page) = doc.page {
        description(page, &mut out);
    }
    review(doc, facts, &mut out);
    if is_english(&facts.config.language) || spanish {
        reading_level(doc, scanned, stats, facts, &mut out);
    }
    out
}

/// Headings, images, link text, checklists and FAQ answers.
fn structure(doc: &Document<'_>, scanned: &Scan, out: &mut Vec<Finding>) {
    let file = doc.file;
    for image in &scanned.images {
        if image.alt.is_empty() {
            out.push(
                Finding::new(Code::ImageAlt, file, Some(image.line), format!("the image \"{}\" has no alt text", image.dest))
                    .with_help("describe what it shows inside the brackets, e.g. ![Two overlapping circles](circles.svg)"),
            );
        }
    }
    for link in &scanned.links {
        let text = link
            .text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if text.is_empty() && !link.has_image {
            out.push(
                Finding::new(
                    Code::LinkText,
                    file,
                    Some(link.line),
                    format!("the link to \"{}\" has no text", link.dest),
                )
                .with_help("put words in the brackets that say where the link goes"),
            );
        } else if VAGUE_LINK_TEXT.contains(&text.as_str()) {
            out.push(
                Finding::new(Code::LinkText, file, Some(link.line), format!("the link text \"{}\" does not say where it goes", link.text))
                    .with_help("name the destination instead, e.g. [the limits of confidentiality](...): screen reader users often hear links on their own"),
            );
        }
    }
    // The page title is the page's level-1 heading, so the body starts below it.
    let mut previous = 1;
    let mut h1_seen = false;
    for heading in &scanned.headings {
        if heading.level == 1 {
            if h1_seen {
                out.push(
                    Finding::new(
                        Code::MultipleH1,
                        file,
                        Some(heading.line),
                        format!("\"{}\" is a second # heading in this page", heading.text),
                    )
                    .with_help("a page has one main heading (its title); make this a ## heading"),
                );
            }
            h1_seen = true;
        } else if heading.level > previous + 1 {
            out.push(
                Finding::new(
                    Code::HeadingSkip,
                    file,
                    Some(heading.line),
                    format!("the heading \"{}\" jumps from level {previous} to level {}", heading.text, heading.level),
                )
                .with_help(format!(
                    "make it a {} heading, or add the missing level above it: screen reader users navigate by these levels",
                    "#".repeat(usize::from(previous) + 1)
                )),
            );
        }
        previous = heading.level;
    }
    for checklist in &scanned.checklists {
        if !checklist.headed {
            out.push(
                Finding::new(
                    Code::ChecklistNoHeading,
                    file,
                    Some(checklist.line),
                    "this checklist has no heading above it",
                )
                .with_help("add a ## heading that says what the list is for: screen readers name the list by it, and printed or downloaded ticks are listed under it"),
            );
        }
        if checklist.items == 1 {
            out.push(
                Finding::new(
                    Code::SingleItemChecklist,
                    file,
                    Some(checklist.line),
                    "this checklist has a single item",
                )
                .with_help("add the other steps, or write the item as a sentence"),
            );
        }
    }
    for faq in &scanned.faqs {
        if !faq.answered {
            out.push(
                Finding::new(
                    Code::FaqNoAnswer,
                    file,
                    Some(faq.line),
                    format!("the question \"{}\" has no answer", faq.question),
                )
                .with_help("write the answer below the question, before the next ### heading"),
            );
        }
    }
}

/// Link texts that say nothing about where a link goes.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "click",
    "here",
    "link",
    "this link",
    "more",
    "read more",
    "learn more",
    "this",
    "this page",
];

/// Raw HTML elements that load media, frames, scripts or styles: (tag, attribute, what a reader sees).
const LOADED: &[(&str, &str, &str)] = &[
    ("img", "src", "a broken image"),
    ("img", "srcset", "a broken image"),
    ("input", "src", "a broken image"),
    ("source", "src", "no media"),
    ("source", "srcset", "a broken image"),
    ("video", "src", "an empty video player"),
    ("video", "poster", "no poster image"),
    ("audio", "src", "an empty audio player"),
    ("track", "src", "no captions"),
    ("iframe", "src", "an empty frame"),
    ("frame", "src", "an empty frame"),
    ("embed", "src", "nothing"),
    ("object", "data", "nothing"),
    ("script", "src", "nothing (the script does not run)"),
    ("link", "href", "the page without those styles"),
];

/// What the site's Content-Security-Policy (the default theme's: everything
/// from the site itself, nothing inline) will block, which fails silently
/// for readers.
fn csp(scanned: &Scan, doc: &Document<'_>, facts: &SiteFacts<'_>, out: &mut Vec<Finding>) {
    let own_host = host_of(&facts.config.base_url).map(str::to_ascii_lowercase);
    let foreign = |url: &str| -> Option<String> {
        let host = host_of(url)?.to_ascii_lowercase();
        (own_host.as_deref() != Some(host.as_str())).then_some(host)
    };
    let mut warn = |line: usize, column: usize, message: String, help: &str| {
        let mut finding =
            Finding::new(Code::CspBlocked, doc.file, Some(line), message).with_help(help);
        finding.column = Some(column);
        out.push(finding);
    };
    for tag in &scanned.html_tags {
        let name = tag.name.as_str();
        if name == "script" && tag.attr("src").is_none() {
            warn(tag.line, tag.column, "this inline <script> will not run: the site's Content-Security-Policy allows only script files".into(),
                "move the script into a file under static/ and load it with <script src=\"/NAME.js\">, or remove it");
        }
        if name == "style" {
            warn(tag.line, tag.column, "this <style> element is ignored: the site's Content-Security-Policy allows only style sheet files".into(),
                "move the rules into static/brand.css, which every page loads");
        }
        for attr in &tag.attrs {
            if attr.name.len() > 2 && attr.name.starts_with("on") {
                warn(
                    attr.line,
                    attr.column,
                    format!(
                        "the {} attribute will not run: the site's Content-Security-Policy blocks inline scripts",
                        attr.name
                    ),
                    "remove it; behaviour belongs in a script file under static/",
                );
            } else if attr.name == "style" {
                warn(attr.line, attr.column, "this style attribute is ignored: the site's Content-Security-Policy blocks inline styles".into(),
                    "give the element a class and put the rule in static/brand.css");
            } else if is_javascript_url(&attr.value) {
                warn(
                    attr.line,
                    attr.column,
                    format!(
                        "the javascript: URL in {} will not run: the site's Content-Security-Policy blocks it",
                        attr.name
                    ),
                    "link to a page or a file instead",
                );
            }
        }
        for &(tag_name, attr_name, shows) in LOADED {
            if name != tag_name {
                continue;
            }
            if name == "link"
                && !tag.attr("rel").is_some_and(|r| {
                    r.value
                        .to_ascii_lowercase()
                        .split_whitespace()
                        .any(|w| w == "stylesheet")
                })
            {
                continue;
            }
            let Some(attr) = tag.attr(attr_name) else {
                continue;
            };
            for url in crate::html::attribute_urls(attr_name, &attr.value) {
                if let Some(host) = foreign(url) {
                    warn(
                        attr.line,
                        attr.column,
                        format!(
                            "<{name} {attr_name}> loads from {host}, which the site's Content-Security-Policy blocks: readers see {shows}"
                        ),
                        "copy the file into static/ (or beside the page's index.md) and link to it there; for a video, link to it instead of embedding it",
                    );
                }
            }
        }
    }
    for image in &scanned.images {
        if let Some(host) = foreign(&image.dest) {
            out.push(Finding::new(Code::CspBlocked, doc.file, Some(image.line),
                format!("the image \"{}\" loads from {host}, which the site's Content-Security-Policy blocks: readers see a broken image", image.dest))
                .with_help("copy the image into static/ (or beside the page's index.md) and link to it there"));
        }
    }
    for link in &scanned.links {
        if is_javascript_url(&link.dest) {
            out.push(Finding::new(Code::CspBlocked, doc.file, Some(link.line),
                "this javascript: link will not run: the site's Content-Security-Policy blocks it")
                .with_help("link to a page or a file instead"));
        }
    }
}

/// Whether `url` is a `javascript:` URL (browsers ignore case and leading spaces).
fn is_javascript_url(url: &str) -> bool {
    url.trim_start()
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"))
}

/// The host of an absolute (`https://host/`) or scheme-relative (`//host/`) URL.
fn host_of(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = url.strip_prefix("//").or_else(|| {
        let (scheme, rest) = url.split_once("://")?;
        scheme
            .eq_ignore_ascii_case("http")
            .then_some(rest)
            .or_else(|| scheme.eq_ignore_ascii_case("https").then_some(rest))
    })?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// Other generators' template syntax, which prints as literal text.
fn leftover_syntax(scanned: &Scan, doc: &Document<'_>, out: &mut Vec<Finding>) {
    for leftover in &scanned.leftovers {
        let text = &leftover.text;
        let help = if text.contains(" ref ") || text.contains(" relref ") {
            "Rapport has no shortcodes: link with [text](@/path/to/page.md) instead"
        } else if text.contains("include") {
            "Rapport has no includes: paste the text in, or remove the line"
        } else {
            "Rapport has no shortcodes: write it as markdown or raw HTML, or remove it"
        };
        let mut finding = Finding::new(
            Code::LeftoverSyntax,
            doc.file,
            Some(leftover.line),
            format!("{} ({text}) will print as literal text", leftover.syntax),
        )
        .with_help(help);
        finding.column = Some(leftover.column);
        out.push(finding);
    }
}

/// Image files larger than this are reported (`large-image`).
const LARGE_IMAGE_BYTES: u64 = 1_000_000;

/// Videos without captions and images too heavy for a phone.
fn media(scanned: &Scan, doc: &Document<'_>, out: &mut Vec<Finding>) {
    use crate::markdown::media::MediaKind;
    for used in &scanned.media {
        let finding = match used.kind {
            MediaKind::Video if used.captions.is_empty() => {
                let stem = used.dest.rsplit('/').next().unwrap_or(&used.dest);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                Finding::new(
                    Code::VideoCaptions,
                    doc.file,
                    Some(used.line),
                    format!("the video \"{}\" has no captions", used.dest),
                )
                .with_help(format!(
                    "write the words spoken (and other sounds that matter) in a WebVTT file {stem}.LANG.vtt beside it, such as {stem}.en.vtt"
                ))
            }
            MediaKind::Image if used.bytes > LARGE_IMAGE_BYTES => {
                let size = used
                    .size
                    .map(|(w, h)| format!(", {w}x{h} px"))
                    .unwrap_or_default();
                Finding::new(
                    Code::LargeImage,
                    doc.file,
                    Some(used.line),
                    format!(
                        "the image \"{}\" is {:.1} MB{size}: readers on a phone download all of it",
                        used.dest,
                        used.bytes as f64 / 1_000_000.0
                    ),
                )
                .with_help("save it smaller (at most 2000 px wide, JPEG quality 80 or WebP), or allow large-image for this page")
            }
            _ => continue,
        };
        let mut finding = finding;
        finding.column = Some(used.column);
        out.push(finding);
    }
}

/// Reports sentences over [`LONG_SENTENCE_WORDS`] words, each with its
/// line, and returns the prose's readability counts.
fn prose(doc: &Document<'_>, scanned: &Scan, out: &mut Vec<Finding>) -> TextStats {
    for sentence in &scanned.measured.long_sentences {
        out.push(
            Finding::new(
                Code::LongSentence,
                doc.file,
                Some(sentence.line),
                format!(
                    "the sentence \"{} ...\" has {} words (more than {LONG_SENTENCE_WORDS})",
                    sentence.opening, sentence.words
                ),
            )
            .with_help("split it into two or three shorter sentences"),
        );
    }
    scanned.measured.stats
}

/// A page's description.
fn description(page: &Page, out: &mut Vec<Finding>) {
    if page
        .meta
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        out.push(
            Finding::new(Code::MissingDescription, &page.file, Some(page.key_line("title")), "the page has no description")
                .with_help("add description = \"...\": one or two sentences on what the reader gets; search results and page lists show it"),
        );
    }
}

/// Whether a `reviewed_by` is text a template left to be replaced (as
/// `rapport new`'s starter page has), not a person.
fn is_placeholder_reviewer(reviewer: &str) -> bool {
    let lower = reviewer.trim().to_lowercase();
    [
        "your reviewer",
        "reviewer's name",
        "reviewer name",
        "name and credentials",
    ]
    .iter()
    .any(|p| lower.contains(p))
        || ["todo", "tbd", "fixme", "name", "xxx"].contains(&lower.as_str())
}

/// Reviewer and review date, of a page or a section.
fn review(doc: &Document<'_>, facts: &SiteFacts<'_>, out: &mut Vec<Finding>) {
    let meta = &doc.meta;
    let kind = meta.kind;
    let review = &facts.config.review;
    let required = meta.audiences().iter().find(|a| {
        review
            .required_for
            .iter()
            .any(|r| r.eq_ignore_ascii_case(a))
    });
    if let Some(reviewer) = meta.reviewed_by.filter(|r| is_placeholder_reviewer(r)) {
        out.push(
            Finding::new(
                Code::PlaceholderReviewer,
                doc.file,
                Some(meta.key_line("reviewed_by")),
                format!("reviewed_by is still the placeholder \"{reviewer}\""),
            )
            .with_help("name the clinician who reviewed it, with credentials, e.g. reviewed_by = \"Dr Ana Ruiz, clinical psychologist\"; until then readers are told a review happened that did not"),
        );
    }
    if let Some(audience) = required {
        if meta.reviewed_by.is_none_or(|r| r.trim().is_empty()) {
            out.push(
                Finding::new(
                    Code::MissingReviewer,
                    doc.file,
                    Some(meta.key_line("audience")),
                    format!("{kind}s for {audience} must name who reviewed them, and this one has no reviewed_by"),
                )
                .with_help("add reviewed_by = \"Name, credentials\" once a clinician has reviewed it"),
            );
        }
    }
    match (meta.last_reviewed, required) {
        (None, Some(audience)) => out.push(
            Finding::new(
                Code::StaleReview,
                doc.file,
                Some(meta.key_line("audience")),
                format!(
                    "{kind}s for {audience} need a review date, and this one has no last_reviewed"
                ),
            )
            .with_help("add last_reviewed = YYYY-MM-DD with the date of its last clinical review"),
        ),
        (Some(date), _) => {
            let months = months_between(date.civil(), facts.today);
            let max = i64::from(review.max_age_months);
            if months >= max {
                out.push(
                    Finding::new(
                        Code::StaleReview,
                        doc.file,
                        Some(meta.key_line("last_reviewed")),
                        format!(
                            "last reviewed on {}, {months} months ago (the limit is {max})",
                            date.day()
                        ),
                    )
                    .with_help(format!(
                        "have the {kind} reviewed again and update last_reviewed (and reviewed_by)"
                    )),
                );
            }
        }
        (None, None) => {}
    }
}

/// The reading grade of a page's or section's text against the strictest
/// target of its audiences.
fn reading_level(
    doc: &Document<'_>,
    scanned: &Scan,
    stats: TextStats,
    facts: &SiteFacts<'_>,
    out: &mut Vec<Finding>,
) {
    let kind = doc.meta.kind;
    let target = doc
        .meta
        .audiences()
        .iter()
        .filter_map(|a| {
            let (_, target) = facts
                .config
                .readability
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(a))?;
            Some((a, *target))
        })
        .min_by(|x, y| x.1.total_cmp(&y.1));
    let Some((audience, target)) = target else {
        return;
    };
    if stats.words < MIN_WORDS_FOR_GRADE {
        return;
    }
    let line = scanned.measured.first_line.unwrap_or(doc.body_line);
    if is_spanish(&facts.config.language) {
        spanish_reading_level(doc, stats, audience, target, line, out);
        return;
    }
    let Some(scores) = stats.scores() else { return };
    if scores.grade > target {
        out.push(
            Finding::new(
                Code::ReadingLevel,
                doc.file,
                Some(line),
                format!(
                    "the {kind} reads at grade {:.1} (Flesch-Kincaid; reading ease {:.0}, SMOG {:.1}); the target for {audience} is grade {target}",
                    scores.grade, scores.ease, scores.smog
                ),
            )
            .with_help(plain_words_help(kind)),
        );
    }
}

/// What a reading-level finding asks of a page or section.
fn plain_words_help(kind: &str) -> String {
    format!(
        "use shorter sentences and everyday words; if the {kind} must stay technical, add [check] allow = [\"reading-level\"] to its front matter"
    )
}

/// The Szigriszt-Pazos (INFLESZ) score a Spanish text should reach for a
/// reader of US school grade `grade`: 55 ("normal") for grade 8, five more
/// per grade easier (65, "quite easy", for grade 6), within 40 to 80.
pub fn inflesz_target(grade: f64) -> f64 {
    (95.0 - 5.0 * grade).clamp(40.0, 80.0)
}

/// The reading-level finding of a Spanish document: its INFLESZ score
/// under the audience's target. A `[languages.es.readability]` target is
/// the INFLESZ score itself when above 20 (grades are not), else a grade.
fn spanish_reading_level(
    doc: &Document<'_>,
    stats: TextStats,
    audience: &str,
    target: f64,
    line: usize,
    out: &mut Vec<Finding>,
) {
    let Some(scores) = stats.spanish_scores() else {
        return;
    };
    let wanted = if target > 20.0 {
        target
    } else {
        inflesz_target(target)
    };
    if scores.szigriszt_pazos < wanted {
        let kind = doc.meta.kind;
        out.push(
            Finding::new(
                Code::ReadingLevel,
                doc.file,
                Some(line),
                format!(
                    "the {kind} scores {:.1} on the INFLESZ scale (Szigriszt-Pazos; \"{}\"; Fernández-Huerta {:.1}); the target for {audience} is {wanted:.0} (\"{}\") or more",
                    scores.szigriszt_pazos,
                    crate::readability::inflesz_band(scores.szigriszt_pazos),
                    scores.fernandez_huerta,
                    crate::readability::inflesz_band(wanted),
                ),
            )
            .with_help(plain_words_help(kind)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_targets_follow_grades() {
        assert_eq!(inflesz_target(8.0), 55.0);
        assert_eq!(inflesz_target(6.0), 65.0);
        assert_eq!(inflesz_target(14.0), 40.0);
    }

    #[test]
    fn days_and_months() {
        let day = |text: &str| text.parse::<jiff::civil::Date>().unwrap();
        let at = |days: i64| utc_day(jiff::Timestamp::from_second(days * 86_400).unwrap());
        assert_eq!(at(0), day("1970-01-01"));
        assert_eq!(at(20_779), day("2026-11-22"));
        let reviewed = day("2024-11-23");
        assert_eq!(months_between(reviewed, day("2026-11-22")), 23);
        assert_eq!(months_between(reviewed, day("2026-11-23")), 24);
    }

    #[test]
    fn block_counts_add_up_to_the_whole_prose() {
        let body = "Trust grows: slowly.\n\n- Skilled -- they know\n- Honest\n\n\"Is it?\" she asked. ...and then\nmore words came, e.g. these.\n";
        let scanned = scan(body, 1, &[], "en");
        let mut summed = TextStats::default();
        for block in &scanned.prose {
            let text = block.sentence_text();
            summed.add(TextStats::of(&text));
        }
        assert_eq!(summed, TextStats::of(&scanned.prose_text()));
        assert_eq!(scanned.measured.stats, summed);
    }

    #[test]
    fn hosts_and_javascript_urls_are_recognised() {
        assert_eq!(host_of("https://cdn.example/x.png"), Some("cdn.example"));
        assert_eq!(host_of("//cdn.example:8080/x.png"), Some("cdn.example"));
        assert_eq!(host_of("HTTP://user@Host.example/"), Some("Host.example"));
        assert_eq!(host_of("/local.png"), None);
        assert_eq!(host_of("data:image/png;base64,AA"), None);
        assert!(is_javascript_url("  JavaScript:void(0)"));
        assert!(!is_javascript_url("/javascript/"));
    }
}
