//! `rapport check`: everything the build validates, plus lints for safe,
//! readable, current health content.
//!
//! 1. The site is built in full with a sink that discards every file, so a
//!    check fails exactly where a build would (broken links and anchors are
//!    reported as `broken-link`, anything else as `build-error`).
//! 2. The content is loaded again and every page and section body gets the
//!    lints' own markdown pass ([`scan`]), in parallel; [`lints`] turns what
//!    it saw into findings; [`readability`] scores the prose.
//! 3. With `--external` only, every link to another site is requested
//!    ([`external`]): never during `build` or `serve`.
//! 4. Findings allowed in `rapport.toml` (`[check] allow`) or in a page's
//!    or section's front matter (`[check] allow`) are dropped.
//!
//! The engine only returns findings; the CLI prints them.

pub mod external;
pub mod health;
pub mod inventory;
pub mod lints;
pub mod translations;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, Page, Section};
use crate::error::{Code, Diagnostic, Error, Result, suggest};
use crate::markdown::scan::Scan;
use crate::pipeline::{self, Session};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site is broken or unsafe: `rapport check` exits with 1.
    Error,
    /// Worth fixing: fails only with `--strict`.
    Warning,
    /// Information (a lint that could not run): never fails.
    Note,
}

impl Severity {
    /// The lowercase name (`error`, `warning`, `note`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A lint: its stable code, how much it matters, and what it looks for.
#[derive(Debug, Clone, Copy)]
pub struct Lint {
    /// The code used in output and in `allow` lists.
    pub code: Code,
    /// The severity of its findings.
    pub severity: Severity,
    /// Whether `allow` lists may switch it off.
    pub allowable: bool,
    /// What it reports, in a few words.
    pub summary: &'static str,
}

/// Every code `rapport check` reports, in the order the README lists them.
pub const LINTS: &[Lint] = &[
    lint(
        Code::BuildError,
        Severity::Error,
        false,
        "anything else the build rejects",
    ),
    lint(
        Code::BrokenLink,
        Severity::Error,
        false,
        "a link, image or raw-HTML URL to a page, file or anchor the site does not have",
    ),
    lint(
        Code::UnknownLint,
        Severity::Error,
        false,
        "an allow list names a code that does not exist",
    ),
    lint(
        Code::ImageAlt,
        Severity::Error,
        true,
        "an image without alt text",
    ),
    lint(
        Code::LinkText,
        Severity::Warning,
        true,
        "a link with no text, or text such as \"click here\"",
    ),
    lint(
        Code::HeadingSkip,
        Severity::Warning,
        true,
        "a heading that skips a level (## then ####)",
    ),
    lint(
        Code::MultipleH1,
        Severity::Warning,
        true,
        "more than one # heading in a body",
    ),
    lint(
        Code::ReadingLevel,
        Severity::Warning,
        true,
        "a page or section reads above its audience's target grade",
    ),
    lint(
        Code::LongSentence,
        Severity::Warning,
        true,
        "a sentence of more than 25 words",
    ),
    lint(
        Code::StaleReview,
        Severity::Warning,
        true,
        "last_reviewed is too old, or missing where review is required",
    ),
    lint(
        Code::MissingReviewer,
        Severity::Warning,
        true,
        "a page or section whose audience requires review names no reviewed_by",
    ),
    lint(
        Code::PlaceholderReviewer,
        Severity::Warning,
        true,
        "a reviewed_by that is still placeholder text",
    ),
    lint(
        Code::FaqNoAnswer,
        Severity::Warning,
        true,
        "an FAQ question with no answer",
    ),
    lint(
        Code::SingleItemChecklist,
        Severity::Warning,
        true,
        "a checklist with a single item",
    ),
    lint(
        Code::ChecklistNoHeading,
        Severity::Warning,
        true,
        "a checklist with no heading before it to name it",
    ),
    lint(
        Code::CspBlocked,
        Severity::Warning,
        true,
        "inline script or style, or media from another host, that the site's Content-Security-Policy blocks",
    ),
    lint(
        Code::LeftoverSyntax,
        Severity::Warning,
        true,
        "a shortcode or template tag of another generator (Hugo, Zola, Jekyll) that prints as text",
    ),
    lint(
        Code::MissingDescription,
        Severity::Warning,
        true,
        "a page without a description",
    ),
    lint(
        Code::VideoCaptions,
        Severity::Warning,
        true,
        "a video with no captions file (.vtt) beside it",
    ),
    lint(
        Code::LargeImage,
        Severity::Warning,
        true,
        "an image file over 1 MB, which readers on a phone download whole",
    ),
    lint(
        Code::MissingTranslation,
        Severity::Note,
        true,
        "a page with no translation into a language of [languages] (with [translations] report_missing = true)",
    ),
    lint(
        Code::StaleTranslation,
        Severity::Warning,
        true,
        "a translation older than its original's last update or review",
    ),
    lint(
        Code::ExternalLink,
        Severity::Error,
        true,
        "a link to another site that answers with an error (--external)",
    ),
    lint(
        Code::ExternalRedirect,
        Severity::Warning,
        true,
        "a link to another site that redirects to a new address (--external)",
    ),
    lint(
        Code::ExternalTimeout,
        Severity::Warning,
        true,
        "a link to another site that did not answer in time or could not be reached (--external)",
    ),
];

const fn lint(code: Code, severity: Severity, allowable: bool, summary: &'static str) -> Lint {
    Lint {
        code,
        severity,
        allowable,
        summary,
    }
}

/// The lint with `code`.
pub fn find_lint(code: Code) -> Option<&'static Lint> {
    LINTS.iter().find(|l| l.code == code)
}

/// One problem `rapport check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The lint's stable code (`image-alt`).
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// The file, relative to the site root.
    pub file: String,
    /// The 1-based line, when there is one.
    pub line: Option<usize>,
    /// The 1-based column (in characters), when there is one.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Finding {
    /// The finding as a build error (same file, place, code and help).
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
            code: Some(self.code),
            message: self.message.clone(),
            help: self.help.clone(),
        }
    }

    /// A finding of lint `code` (whose severity it takes) in `file`.
    pub fn new(code: Code, file: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        let severity = find_lint(code).map_or(Severity::Error, |l| l.severity);
        Finding {
            code,
            severity,
            file: file.to_string(),
            line,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns a build diagnostic into a finding, under the code the stage gave
    /// it (`broken-link` from the link check) or `build-error`.
    pub fn from_diagnostic(d: Diagnostic) -> Self {
        Finding {
            code: d.code.unwrap_or(Code::BuildError),
            severity: Severity::Error,
            file: d.file,
            line: d.line,
            column: d.column,
            message: d.message,
            help: d.help,
        }
    }
}

/// What `rapport check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every finding, sorted by file, line and code.
    pub findings: Vec<Finding>,
    /// Pages and sections linted.
    pub documents: usize,
    /// What the content health report lists about each page and section
    /// written in the site's languages (empty when the build failed).
    pub inventory: Vec<inventory::DocumentFacts>,
}

impl CheckReport {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether the check fails: on any error, or with `strict` on any warning.
    pub fn fails(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }
}

/// What `rapport check` is asked to do beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// Request every link to another site (`--external`); `None` makes no request.
    pub external: Option<external::ExternalOptions>,
}

/// Runs every check on the site in `root`: a full build that writes nothing, then the lints.
pub fn check(root: &Path, drafts: bool) -> Result<CheckReport> {
    check_with(
        root,
        &CheckOptions {
            drafts,
            external: None,
        },
    )
}

/// [`check`], plus the external links when `options.external` is set.
pub fn check_with(root: &Path, options: &CheckOptions) -> Result<CheckReport> {
    let drafts = options.drafts;
    pipeline::check_root(root)?;
    let config = match pipeline::load_config(root, None) {
        Ok(config) => config,
        Err(Error::Diagnostics(list)) => {
            return Ok(report(
                list.into_iter().map(Finding::from_diagnostic).collect(),
                0,
            ));
        }
        Err(other) => return Err(other),
    };
    let mut findings = Vec::new();
    // Everything the build checks, without the search index: its output
    // is thrown away, and indexing is the slowest part of a build.
    let mut built = config.clone();
    built.search.enabled = false;
    // Nor resized images: `check` writes nothing, not even to their cache.
    built.images.widths.clear();
    let session = match Session::start_with(
        root,
        built,
        drafts,
        None,
        crate::site::Sources::Keep,
        &|_, _| Ok(()),
    ) {
        Ok((session, _)) => Some(session),
        Err(Error::Diagnostics(list)) => {
            findings.extend(list.into_iter().map(Finding::from_diagnostic));
            None
        }
        Err(other) => return Err(other),
    };
    // Lint the pages the build loaded, or load them when it stopped early.
    let library;
    let (pages, sections): (Vec<&Page>, Vec<&Section>) = match &session {
        Some(session) => {
            let linted = lint_session(root, session, None)?;
            findings.extend(linted.findings);
            let (mut pages, mut sections) = (Vec::new(), Vec::new());
            for site in session.languages().filter_map(|(_, site)| site) {
                let (own_pages, own_sections) = written_in(site);
                pages.extend(own_pages.into_iter().map(|(page, _)| page));
                sections.extend(own_sections.into_iter().map(|(section, _)| section));
            }
            if let Some(external) = &options.external {
                findings.extend(external_findings(&config, &pages, &sections, external));
            }
            let mut checked = report(findings, linted.documents);
            checked.inventory = session_inventory(session);
            return Ok(checked);
        }
        None => match content::load(root, &config, drafts, &plugin_keys(&config)) {
            Ok(loaded) => {
                library = loaded;
                (
                    library.pages.iter().collect(),
                    library.sections.iter().collect(),
                )
            }
            // Content that does not load was reported by the build above.
            Err(Error::Diagnostics(_)) => return Ok(report(findings, 0)),
            Err(other) => return Err(other),
        },
    };
    let unscanned_pages: Vec<_> = pages.iter().map(|&p| (p, None)).collect();
    let unscanned_sections: Vec<_> = sections.iter().map(|&s| (s, None)).collect();
    let documents = match lint_pages(root, &config, &unscanned_pages, &unscanned_sections, None) {
        Ok(linted) => {
            findings.extend(linted.findings);
            linted.documents
        }
        Err(Error::Diagnostics(_)) => 0,
        Err(other) => return Err(other),
    };
    if let Some(external) = &options.external {
        findings.extend(external_findings(&config, &pages, &sections, external));
    }
    Ok(report(findings, documents))
}

/// The inventory of every page and section written in each language.
fn session_inventory(session: &Session) -> Vec<inventory::DocumentFacts> {
    let today = lints::today();
    let mut facts = Vec::new();
    for (config, site) in session.languages() {
        let Some(site) = site else { continue };
        let (pages, sections) = written_in(site);
        let titles = |i: usize| {
            site.sections
                .get(i)
                .map(|s| s.section.title.clone())
                .unwrap_or_default()
        };
        facts.extend(inventory::of_documents(
            config, &titles, &pages, &sections, today,
        ));
    }
    facts
}

/// Every external link of every page and section body, requested; findings
/// on allowed codes are dropped as the lints' are.
fn external_findings(
    config: &Config,
    pages: &[&Page],
    sections: &[&Section],
    options: &external::ExternalOptions,
) -> Vec<Finding> {
    let bodies = pages
        .iter()
        .map(|p| (&p.file, &p.body, p.body_line))
        .chain(sections.iter().map(|s| (&s.file, &s.body, s.body_line)));
    let links: Vec<external::ExternalLink> = bodies
        .collect::<Vec<_>>()
        .par_iter()
        .flat_map_iter(|(file, body, line)| external::links_in_markdown(body, *line, file))
        .collect();
    let site_allow = allowed(&config.check.allow);
    let page_allow: HashMap<&str, HashSet<Code>> = pages
        .iter()
        .map(|p| {
            let allow = allowed(&p.meta.check.allow);
            (p.file.as_str(), allow)
        })
        .collect();
    external::check_external(&links, options)
        .into_iter()
        .filter(|f| !site_allow.contains(&f.code))
        .filter(|f| {
            page_allow
                .get(f.file.as_str())
                .is_none_or(|allow| !allow.contains(&f.code))
        })
        .collect()
}

fn report(mut findings: Vec<Finding>, documents: usize) -> CheckReport {
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.code, &b.message))
    });
    findings.dedup();
    CheckReport {
        findings,
        documents,
        inventory: Vec::new(),
    }
}

/// Runs the lints only (no build), loading the site's content first.
pub fn lint_site(root: &Path, config: &Config, drafts: bool) -> Result<CheckReport> {
    let library = content::load(root, config, drafts, &plugin_keys(config))?;
    lint_pages(
        root,
        config,
        &library.pages.iter().map(|p| (p, None)).collect::<Vec<_>>(),
        &library
            .sections
            .iter()
            .map(|s| (s, None))
            .collect::<Vec<_>>(),
        None,
    )
}

/// Runs the lints on every language a build made, and compares each
/// translation with its original: what `rapport build` and `rapport serve`
/// report. Untranslated copies are linted once, as their original.
pub fn lint_session(
    root: &Path,
    session: &Session,
    cache: Option<&LintCache>,
) -> Result<CheckReport> {
    let mut findings = Vec::new();
    let mut documents = 0;
    for (config, site) in session.languages() {
        let Some(site) = site else { continue };
        let (pages, sections) = written_in(site);
        let pages: Vec<_> = pages.into_iter().map(|(p, s)| (p, Some(s))).collect();
        let sections: Vec<_> = sections.into_iter().map(|(d, s)| (d, Some(s))).collect();
        let linted = lint_pages(root, config, &pages, &sections, cache)?;
        findings.extend(linted.findings);
        documents += linted.documents;
    }
    findings.extend(translations::findings(session));
    // Broken links a site chose to build with (`[check] broken_links = "warn"`).
    findings.extend(session.warnings().into_iter().map(|d| Finding {
        severity: Severity::Warning,
        ..Finding::from_diagnostic(d)
    }));
    Ok(report(findings, documents))
}

/// The pages and sections of one language's `site` written in it, each
/// with the scan of its body: an untranslated copy is its original's text,
/// linted with the original.
type Written<'a> = (Vec<(&'a Page, &'a Scan)>, Vec<(&'a Section, &'a Scan)>);

fn written_in(site: &crate::site::Site) -> Written<'_> {
    let pages = site.pages.iter().map(|p| (&p.page, &p.rendered.scan));
    let sections = site.sections.iter().map(|s| (&s.section, &s.rendered.scan));
    (
        pages.filter(|(p, _)| !p.untranslated).collect(),
        sections.filter(|(s, _)| !s.untranslated).collect(),
    )
}

/// The findings of pages linted before, by everything a page's lints read:
/// `rapport serve` lints after every save, and most pages did not change
/// (at 10,000 pages a whole run took about a second).
#[derive(Debug, Default)]
pub struct LintCache {
    pages: std::sync::Mutex<rustc_hash::FxHashMap<u64, Vec<Finding>>>,
}

/// What a page's lints depend on, hashed: the site's config and today's
/// date, and the page's file, URL, front matter and body.
fn lint_key(setting: u64, page: &Page) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    setting.hash(&mut hasher);
    page.file.hash(&mut hasher);
    page.path.hash(&mut hasher);
    page.front_matter.hash(&mut hasher);
    page.body.hash(&mut hasher);
    page.body_line.hash(&mut hasher);
    hasher.finish()
}

/// Lints `pages` and `sections`, each with the scan of its body when the
/// markdown pass made one (else the lints scan it).
fn lint_pages(
    root: &Path,
    config: &Config,
    pages: &[(&Page, Option<&Scan>)],
    sections: &[(&Section, Option<&Scan>)],
    cache: Option<&LintCache>,
) -> Result<CheckReport> {
    let facts = lints::SiteFacts {
        config,
        today: lints::today(),
    };
    // Page keys are made only for a cache: hashing every body would cost a
    // one-off build for nothing.
    let keys = cache.map(|_| {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        format!("{config:?}").hash(&mut hasher);
        facts.today.hash(&mut hasher);
        hasher.finish()
    });
    let mut used = rustc_hash::FxHashMap::default();

    let mut findings = allow_list_findings(
        root,
        config,
        &pages.iter().map(|&(p, _)| p).collect::<Vec<_>>(),
        &sections.iter().map(|&(s, _)| s).collect::<Vec<_>>(),
    );
    let site_allow = allowed(&config.check.allow);
    let page_findings: Vec<(u64, Vec<Finding>)> = pages
        .par_iter()
        .map(|&(page, scan)| {
            let key = keys.map_or(0, |setting| lint_key(setting, page));
            if let Some(found) =
                cache.and_then(|c| c.pages.lock().expect("the lint cache").get(&key).cloned())
            {
                return (key, found);
            }
            let doc = lints::Document {
                file: &page.file,
                url_path: &page.path,
                body: &page.body,
                body_line: page.body_line,
                meta: lints::DocumentMeta::of_page(page),
                page: Some(page),
                scan,
            };
            let allow = allowed(&page.meta.check.allow);
            let found = lints::lint_document(&doc, &facts)
                .into_iter()
                .filter(|f| !allow.contains(&f.code))
                .collect();
            (key, found)
        })
        .collect();
    // A section's own text (its `_index.md` body) gets the same lints as a
    // page's, review and reading level by its audience included.
    let section_findings: Vec<Vec<Finding>> = sections
        .par_iter()
        .filter(|(s, _)| !s.body.trim().is_empty())
        .map(|&(section, scan)| {
            let doc = lints::Document {
                file: &section.file,
                url_path: &section.path,
                body: &section.body,
                body_line: section.body_line,
                meta: lints::DocumentMeta::of_section(section),
                page: None,
                scan,
            };
            let allow = allowed(&section.meta.check.allow);
            lints::lint_document(&doc, &facts)
                .into_iter()
                .filter(|f| !allow.contains(&f.code))
                .collect()
        })
        .collect();
    for (key, found) in page_findings {
        if cache.is_some() {
            used.insert(key, found.clone());
        }
        findings.extend(found);
    }
    // Only this run's pages stay: the cache never outgrows the site.
    if let Some(cache) = cache {
        let mut pages = cache.pages.lock().expect("the lint cache");
        if pages.len() > used.len() * 2 {
            *pages = used;
        } else {
            pages.extend(used);
        }
    }
    findings.extend(section_findings.into_iter().flatten());
    let measured = is_english(&config.language) || is_spanish(&config.language);
    if !measured && !site_allow.contains(&Code::ReadingLevel) {
        let mut note = Finding::new(
            Code::ReadingLevel,
            CONFIG_FILE,
            None,
            format!(
                "reading level is measured for English and Spanish only; no page in \"{}\" was measured",
                config.language
            ),
        )
        .with_help("nothing to do; long sentences are still reported");
        note.severity = Severity::Note;
        findings.push(note);
    }
    findings.retain(|f| !site_allow.contains(&f.code) || !is_allowable(f.code));
    let documents = pages.len() + sections.len();
    Ok(report(findings, documents))
}

/// The front matter keys the site's plugins declare; none when they cannot
/// be set up (the build reports why).
fn plugin_keys(config: &Config) -> Vec<String> {
    crate::plugins::enabled(config)
        .map(|p| crate::plugins::front_matter_keys(&p))
        .unwrap_or_default()
}

pub use crate::readability::{is_english, is_spanish};

fn is_allowable(code: Code) -> bool {
    find_lint(code).is_some_and(|l| l.allowable)
}

/// The codes an allow list names (unknown ones are reported by `allow_list_findings`).
fn allowed(list: &[String]) -> HashSet<Code> {
    list.iter().filter_map(|c| Code::parse(c)).collect()
}

/// Codes in allow lists must exist and be allowable, or the author believes
/// a lint is off that is not (or on that is not).
fn allow_list_findings(
    root: &Path,
    config: &Config,
    pages: &[&Page],
    sections: &[&Section],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let config_text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
    let config_line = |code: &str| {
        config_text
            .lines()
            .position(|l| l.contains(&format!("\"{code}\"")))
            .map(|i| i + 1)
    };
    for code in &config.check.allow {
        if let Some(f) = allow_problem(code, CONFIG_FILE, config_line(code)) {
            out.push(f);
        }
    }
    // Pages', then sections' `[check] allow`; the key's line only when needed.
    let lists = pages
        .iter()
        .map(|p| (&p.file, &p.meta.check.allow, p.front_matter.as_str()))
        .chain(
            sections
                .iter()
                .map(|s| (&s.file, &s.meta.check.allow, s.front_matter.as_str())),
        );
    for (file, allow, front_matter) in lists {
        for code in allow {
            let line = content::key_line(front_matter, "allow");
            if let Some(f) = allow_problem(code, file, Some(line)) {
                out.push(f);
            }
        }
    }
    out
}

fn allow_problem(code: &str, file: &str, line: Option<usize>) -> Option<Finding> {
    match Code::parse(code).and_then(find_lint) {
        Some(lint) if lint.allowable => None,
        Some(_) => Some(
            Finding::new(
                Code::UnknownLint,
                file,
                line,
                format!("\"{code}\" cannot be allowed: the build fails on it"),
            )
            .with_help(format!(
                "remove \"{code}\" from the allow list and fix the problem instead"
            )),
        ),
        None => {
            let known = LINTS
                .iter()
                .filter(|l| l.allowable)
                .map(|l| l.code.as_str());
            let help = match suggest(code, known.clone()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!(
                    "codes that can be allowed: {}",
                    known.collect::<Vec<_>>().join(", ")
                ),
            };
            Some(
                Finding::new(
                    Code::UnknownLint,
                    file,
                    line,
                    format!("unknown lint code \"{code}\""),
                )
                .with_help(help),
            )
        }
    }
}
