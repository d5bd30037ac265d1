//! What templates see: small serialisable views borrowed from the site.
//!
//! A page's context holds that page and light references to its neighbours,
//! never the whole site, so rendering N pages costs O(N), not O(N^2).

use serde::Serialize;

use crate::config::{Config, CrisisConfig, QuickExitConfig};
use crate::content::Date;
use crate::markdown::{Checklist, Faq, TocEntry};
use crate::site::{GeneratedPage, Site, SitePage, SiteSection, Taxonomy, Term};

/// A date in the two forms templates want.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// `2026-03-14`, for `datetime` attributes.
    pub iso: String,
    /// `14 March 2026`, for people.
    pub display: String,
}

impl DateView {
    fn new(date: &Date) -> Self {
        Self {
            iso: date.day(),
            display: display_day(date.civil()),
        }
    }
}

/// Formats `YYYY-MM-DD` as `14 March 2026` (anything else is returned as is).
pub fn human_date(day: &str) -> String {
    match day.parse::<jiff::civil::Date>() {
        Ok(date) if date.to_string() == day => display_day(date),
        _ => day.to_string(),
    }
}

/// `14 March 2026`: the day without padding, the month's English name.
///
/// TODO(issue 20, multilingual sites): this is English whatever the site's
/// `language`. jiff names months in English only (`%B`) and has no locale
/// data; localised dates need a decision there (ICU4X through `jiff-icu`,
/// or month names in the theme's translations) rather than names invented
/// here.
fn display_day(date: jiff::civil::Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// Site-wide values, set once per build as Tera's global context.
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    /// The site title.
    pub title: &'a str,
    /// The site description.
    pub description: Option<&'a str>,
    /// The configured base URL.
    pub base_url: &'a str,
    /// The content language.
    pub language: &'a str,
    /// The writing direction of the language (`ltr`, `rtl`), for `<html dir>`.
    pub dir: &'static str,
    /// Crisis contacts, when configured.
    pub crisis: Option<&'a CrisisConfig>,
    /// The quick-exit button settings.
    pub quick_exit: &'a QuickExitConfig,
    /// Whether search is on.
    pub search_enabled: bool,
    /// The footer's sentence about the publisher.
    pub footer_text: Option<&'a str>,
    /// Free-form values from `[extra]`.
    pub extra: &'a toml::Table,
}

impl<'a> ConfigView<'a> {
    /// Views `config`.
    pub fn new(config: &'a Config) -> Self {
        Self {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: &config.base_url,
            language: &config.language,
            dir: super::i18n::direction(&config.language),
            crisis: config.crisis.as_ref(),
            quick_exit: &config.quick_exit,
            search_enabled: config.search.enabled,
            footer_text: config.footer.text.as_deref(),
            extra: &config.extra,
        }
    }
}

/// A link to a section.
#[derive(Debug, Serialize)]
pub struct SectionRef<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// How many pages it lists.
    pub page_count: usize,
    /// False when its front matter says `in_menu = false` (an "About"
    /// section): it stays out of the menu and the home page's cards.
    pub in_menu: bool,
}

impl<'a> SectionRef<'a> {
    /// Views `section`.
    pub fn new(section: &'a SiteSection) -> Self {
        Self {
            title: &section.section.title,
            path: &section.section.path,
            description: section.section.meta.description.as_deref(),
            page_count: section.section.pages.len(),
            in_menu: section.section.meta.in_menu != Some(false),
        }
    }
}

/// A link to a taxonomy.
#[derive(Debug, Serialize)]
pub struct TaxonomyRef<'a> {
    /// Its name (`topics`).
    pub name: &'a str,
    /// Its title (`Topics`).
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
}

/// A link to a page, for listings.
#[derive(Debug, Serialize)]
pub struct PageRef<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its URL path.
    pub path: &'a str,
    /// When it was published.
    pub date: Option<DateView>,
    /// Minutes to read.
    pub reading_time: usize,
    /// The title of its section.
    pub section_title: &'a str,
}

impl<'a> PageRef<'a> {
    /// Views `page` of `site`.
    pub fn new(site: &'a Site, page: &'a SitePage) -> Self {
        Self {
            title: &page.page.meta.title,
            description: page.page.meta.description.as_deref(),
            path: &page.page.path,
            date: page.page.meta.date.as_ref().map(DateView::new),
            reading_time: page.rendered.reading_time(),
            section_title: &site.sections[page.page.section].section.title,
        }
    }
}

/// Views of a page that many outputs show, as Tera values made the first
/// time one needs them and shared after that (Tera clones a value inside a
/// view rather than serialising it again): each page's [`PageRef`], listed
/// by its section, its terms and its neighbours (serialising it each time
/// was about 3% of a build), and its questions as [`FaqEntry`]s, on the FAQ
/// index and on each of its topics' pages.
pub struct SharedViews {
    refs: Vec<std::sync::OnceLock<tera::Value>>,
    faqs: Vec<std::sync::OnceLock<Vec<tera::Value>>>,
}

impl SharedViews {
    /// Room for the views of `site`'s pages.
    pub fn new(site: &Site) -> Self {
        let slots = site.pages.len();
        Self {
            refs: std::iter::repeat_with(Default::default)
                .take(slots)
                .collect(),
            faqs: std::iter::repeat_with(Default::default)
                .take(slots)
                .collect(),
        }
    }

    /// The reference to `site.pages[index]`.
    pub fn page_ref(&self, site: &Site, index: usize) -> tera::Value {
        self.refs[index]
            .get_or_init(|| tera::Value::from_serializable(&PageRef::new(site, &site.pages[index])))
            .clone()
    }

    /// The questions of `site.pages[index]`, as the FAQ index shows them.
    pub fn faq_entries(&self, site: &Site, index: usize) -> &[tera::Value] {
        self.faqs[index].get_or_init(|| {
            FaqEntry::of_page(&site.pages[index])
                .map(|entry| tera::Value::from_serializable(&entry))
                .collect()
        })
    }
}

/// A term linked from a page.
#[derive(Debug, Serialize)]
pub struct TermRef<'a> {
    /// The term.
    pub name: &'a str,
    /// Its URL path.
    pub path: &'a str,
}

/// A page's terms in one taxonomy.
#[derive(Debug, Serialize)]
pub struct PageTaxonomy<'a> {
    /// The taxonomy's name.
    pub name: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The page's terms in it.
    pub terms: Vec<TermRef<'a>>,
}

/// Everything `page.html` sees as `page`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// The page title.
    pub title: &'a str,
    /// Whether this is the original's text published untranslated in a
    /// further language (then the theme shows a notice and marks its `lang`).
    pub untranslated: bool,
    /// The language of the text when untranslated: the site's own.
    pub original_language: &'a str,
    /// The writing direction of `original_language`.
    pub original_dir: &'static str,
    /// The name of the language being read, in itself (`Español`).
    pub language_name: &'a str,
    /// The name of the original's language, in itself (`English`).
    pub original_language_name: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its URL path.
    pub path: &'a str,
    /// Its absolute URL when `base_url` has a host.
    pub permalink: String,
    /// The rendered body.
    pub content: &'a str,
    /// The table of contents.
    pub toc: &'a [TocEntry],
    /// The table of contents as the `<li>` items of an `<ol>`, the deeper
    /// headings in an `<ol>` of their own (see [`toc_html`]).
    pub toc_html: String,
    /// Words of prose.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// First published.
    pub date: Option<DateView>,
    /// Last changed.
    pub updated: Option<DateView>,
    /// Authors.
    pub authors: &'a [String],
    /// The reviewing clinician.
    pub reviewed_by: Option<&'a str>,
    /// When it was reviewed.
    pub last_reviewed: Option<DateView>,
    /// Citations.
    pub sources: &'a [String],
    /// A note shown before the body.
    pub content_note: Option<&'a str>,
    /// Pages plugins made for this one (a worksheet, say), linked from it.
    pub companions: Vec<CompanionView<'a>>,
    /// Front matter keys plugins declared, as the page set them.
    pub params: &'a toml::Table,
    /// The page's terms, per taxonomy.
    pub taxonomies: Vec<PageTaxonomy<'a>>,
    /// The page's section.
    pub section: SectionRef<'a>,
    /// The page before it in the section (a [`PageRef`]).
    pub previous: Option<tera::Value>,
    /// The page after it in the section (a [`PageRef`]).
    pub next: Option<tera::Value>,
    /// The page's interactive checklists.
    pub checklists: &'a [Checklist],
    /// The questions of the page's FAQ block.
    pub faqs: &'a [Faq],
    /// `FAQPage` structured data, safe to place inside a `<script>` element.
    pub faq_json_ld: Option<String>,
    /// The page's structured data, escaped likewise: a `MedicalWebPage` with
    /// authors, review and dates, or, when the page has questions, an
    /// `FAQPage` carrying the same fields and the questions (one block, so
    /// the page has one description of itself). The default theme uses this.
    pub article_json_ld: String,
    /// Free-form values from `[extra]`.
    pub extra: &'a toml::Table,
}

/// The table of contents as list items, written here rather than by a loop
/// in the template: Tera's loop over a page's headings was 3% of a build's
/// instructions. Each item is followed by a line break and the indent the
/// default theme's `<ol>` has, so its markup is as the loop wrote it.
pub fn toc_html(toc: &[TocEntry]) -> String {
    let mut out = Vec::with_capacity(toc.len() * 80);
    let link = |out: &mut Vec<u8>, entry: &TocEntry| {
        out.extend_from_slice(b"<li><a href=\"#");
        super::escape_html(&entry.id, out).expect("writing to memory");
        out.extend_from_slice(b"\">");
        super::escape_html(&entry.title, out).expect("writing to memory");
        out.extend_from_slice(b"</a>");
    };
    for entry in toc {
        link(&mut out, entry);
        if !entry.children.is_empty() {
            out.extend_from_slice(b"\n        <ol>");
            for child in &entry.children {
                link(&mut out, child);
                out.extend_from_slice(b"</li>");
            }
            out.extend_from_slice(b"</ol>");
        }
        out.extend_from_slice(b"</li>\n      ");
    }
    String::from_utf8(out).expect("escaped UTF-8 is UTF-8")
}

/// Builds schema.org `FAQPage` JSON-LD for `faqs`, escaped so that no text
/// (`</script>`, `<!--`) can end the script element it is placed in.
pub fn faq_json_ld(faqs: &[Faq]) -> Option<String> {
    if faqs.is_empty() {
        return None;
    }
    let data = FaqPageLd {
        context: SCHEMA_ORG,
        kind: "FAQPage",
        main_entity: faq_entities(faqs),
    };
    Some(script_json(&data))
}

/// The schema.org vocabulary every block names.
const SCHEMA_ORG: &str = "https://schema.org";

/// A schema.org `FAQPage` of questions alone.
#[derive(Serialize)]
struct FaqPageLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntity")]
    main_entity: Vec<QuestionLd<'a>>,
}

/// A schema.org `Question` with its `acceptedAnswer`.
#[derive(Serialize)]
struct QuestionLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: AnswerLd<'a>,
    name: &'a str,
}

/// A schema.org `Answer`.
#[derive(Serialize)]
struct AnswerLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

/// A schema.org `Person`, named.
#[derive(Serialize)]
struct PersonLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

impl<'a> PersonLd<'a> {
    fn named(name: &'a str) -> Self {
        Self {
            kind: "Person",
            name,
        }
    }
}

/// schema.org `Question`s with their `acceptedAnswer`s.
fn faq_entities(faqs: &[Faq]) -> Vec<QuestionLd<'_>> {
    faqs.iter()
        .map(|faq| QuestionLd {
            kind: "Question",
            accepted_answer: AnswerLd {
                kind: "Answer",
                text: &faq.answer_text,
            },
            name: &faq.question,
        })
        .collect()
}

/// Builds schema.org JSON-LD for an article: who wrote it, who reviewed it
/// and when, so search engines and readers' tools can show the trust signals
/// health content needs. Absent values are left out.
///
/// A page with questions is an `FAQPage` (marked `additionalType`
/// `MedicalWebPage`) holding them as `mainEntity`: both are kinds of
/// `WebPage`, which is where `lastReviewed` and `reviewedBy` live, and one
/// block keeps one description of the page.
pub fn article_json_ld(page: &PageView<'_>, language: &str) -> String {
    trust_json_ld(
        &JsonLdFields {
            title: page.title,
            description: page.description,
            permalink: &page.permalink,
            authors: page.authors,
            reviewed_by: page.reviewed_by,
            last_reviewed: page.last_reviewed.as_ref(),
            date: page.date.as_ref(),
            updated: page.updated.as_ref(),
            faqs: page.faqs,
        },
        language,
    )
}

/// What the structured data of an article, page or section, says.
struct JsonLdFields<'a> {
    title: &'a str,
    description: Option<&'a str>,
    permalink: &'a str,
    authors: &'a [String],
    reviewed_by: Option<&'a str>,
    last_reviewed: Option<&'a DateView>,
    date: Option<&'a DateView>,
    updated: Option<&'a DateView>,
    faqs: &'a [Faq],
}

/// A page's structured data. Typed rather than built as a JSON map (a
/// fiftieth of a build): the fields are in the byte order of their names,
/// the order the map wrote them in, so the output did not change.
#[derive(Serialize)]
struct PageLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "additionalType", skip_serializing_if = "Option::is_none")]
    additional_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<PersonLd<'a>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<&'a str>,
    #[serde(rename = "mainEntity", skip_serializing_if = "Vec::is_empty")]
    main_entity: Vec<QuestionLd<'a>>,
    name: &'a str,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<PersonLd<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn trust_json_ld(page: &JsonLdFields<'_>, language: &str) -> String {
    let has_questions = !page.faqs.is_empty();
    let data = PageLd {
        context: SCHEMA_ORG,
        kind: if has_questions {
            "FAQPage"
        } else {
            "MedicalWebPage"
        },
        additional_type: has_questions.then_some("https://schema.org/MedicalWebPage"),
        author: page
            .authors
            .iter()
            .map(|name| PersonLd::named(name))
            .collect(),
        // schema.org reads a missing dateModified as "never changed since published".
        date_modified: page.updated.or(page.date).map(|d| d.iso.as_str()),
        date_published: page.date.map(|d| d.iso.as_str()),
        description: page.description,
        in_language: language,
        last_reviewed: page.last_reviewed.map(|d| d.iso.as_str()),
        main_entity: faq_entities(page.faqs),
        name: page.title,
        reviewed_by: page.reviewed_by.map(PersonLd::named),
        // Only an absolute address identifies the page; a bare path would not.
        url: page.permalink.contains("://").then_some(page.permalink),
    };
    script_json(&data)
}

/// `data` as JSON that is safe inside a `<script>` element.
fn script_json(data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).expect("structured data serialises");
    if json.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        escape_json_for_script(&json)
    } else {
        json
    }
}

/// `<`, `>` and `&` only occur inside JSON strings, where `\u003c` is the
/// same character to a JSON parser but not to the HTML tokenizer.
pub fn escape_json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The terms `taxonomies` (front matter) names, per configured taxonomy,
/// linked to term pages; a term no page carries has no page, so no link.
fn page_taxonomies<'a>(
    site: &'a Site,
    taxonomies: &'a std::collections::BTreeMap<String, Vec<String>>,
) -> Vec<PageTaxonomy<'a>> {
    site.taxonomies
        .iter()
        .filter_map(|taxonomy| {
            let names = taxonomies.get(&taxonomy.name)?;
            let terms = names
                .iter()
                .filter_map(|name| {
                    let slug = slug::slugify(name);
                    taxonomy
                        .terms
                        .iter()
                        .find(|t| t.slug == slug)
                        .map(|t| TermRef {
                            name,
                            path: &t.path,
                        })
                })
                .collect();
            Some(PageTaxonomy {
                name: &taxonomy.name,
                title: &taxonomy.title,
                terms,
            })
        })
        .collect()
}

/// A page a plugin made for another page, as that page links to it.
#[derive(Debug, Serialize, PartialEq)]
pub struct CompanionView<'a> {
    /// The plugin that made it (`worksheet`).
    pub plugin: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The words of the link: the plugin's, or the title.
    pub link_text: &'a str,
    /// A few words after the link, if the plugin gave some.
    pub link_note: Option<&'a str>,
}

impl<'a> CompanionView<'a> {
    /// Views the generated page `g` as a link from its page.
    pub fn new(g: &'a GeneratedPage) -> Self {
        Self {
            plugin: &g.plugin,
            path: &g.page.path,
            title: &g.page.title,
            link_text: g.page.link_text.as_deref().unwrap_or(&g.page.title),
            link_note: g.page.link_note.as_deref(),
        }
    }
}

impl<'a> PageView<'a> {
    /// Views `page` of `site`, its neighbours taken from `shared`.
    pub fn new(site: &'a Site, page: &'a SitePage, config: &Config, shared: &SharedViews) -> Self {
        let meta = &page.page.meta;
        let taxonomies = page_taxonomies(site, &meta.taxonomies);
        let languages = &site.translations.languages;
        let original = languages.first();
        let current = languages.iter().find(|l| l.code == config.language);
        let original_language = original.map_or("", |l| l.code.as_str());
        let mut view = Self {
            title: &meta.title,
            untranslated: page.page.untranslated,
            original_language,
            original_dir: super::i18n::direction(original_language),
            language_name: current.map_or("", |l| l.name.as_str()),
            original_language_name: original.map_or("", |l| l.name.as_str()),
            description: meta.description.as_deref(),
            path: &page.page.path,
            permalink: config.absolute_url(&page.page.path),
            content: &page.rendered.html,
            toc: &page.rendered.toc,
            toc_html: toc_html(&page.rendered.toc),
            word_count: page.rendered.word_count,
            reading_time: page.rendered.reading_time(),
            date: meta.date.as_ref().map(DateView::new),
            updated: meta.updated.as_ref().map(DateView::new),
            authors: &meta.authors,
            reviewed_by: meta.reviewed_by.as_deref(),
            last_reviewed: meta.last_reviewed.as_ref().map(DateView::new),
            sources: &meta.sources,
            content_note: meta.content_note.as_deref(),
            companions: page
                .companions
                .iter()
                .map(|&i| CompanionView::new(&site.generated[i]))
                .collect(),
            params: &meta.params,
            taxonomies,
            section: SectionRef::new(&site.sections[page.page.section]),
            previous: page.previous.map(|i| shared.page_ref(site, i)),
            next: page.next.map(|i| shared.page_ref(site, i)),
            checklists: &page.rendered.checklists,
            faqs: &page.rendered.faqs,
            faq_json_ld: faq_json_ld(&page.rendered.faqs),
            article_json_ld: String::new(),
            extra: &meta.extra,
        };
        view.article_json_ld = article_json_ld(&view, original_language_if(&view, config));
        view
    }
}

/// The language of a page's text: the original's when it is untranslated.
fn original_language_if<'a>(view: &PageView<'a>, config: &'a Config) -> &'a str {
    if view.untranslated && !view.original_language.is_empty() {
        view.original_language
    } else {
        &config.language
    }
}

/// Where a listing page sits among its siblings.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// This listing page's number, from 1.
    pub current: usize,
    /// How many listing pages there are.
    pub total: usize,
    /// The previous listing page's path.
    pub previous: Option<String>,
    /// The next listing page's path.
    pub next: Option<String>,
}

/// Everything `section.html` and `index.html` see as `section`.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The title.
    pub title: &'a str,
    /// The description.
    pub description: Option<&'a str>,
    /// The URL path.
    pub path: &'a str,
    /// The rendered introduction.
    pub content: &'a str,
    /// In a further language whose `_index` is not translated: the
    /// language of the introduction (the site's own), for `lang`.
    pub untranslated_lang: Option<&'a str>,
    /// The writing direction of `untranslated_lang`.
    pub untranslated_dir: &'static str,
    /// Its absolute URL when `base_url` has a host.
    pub permalink: String,
    /// Who wrote its text.
    pub authors: &'a [String],
    /// The reviewing clinician.
    pub reviewed_by: Option<&'a str>,
    /// When it was reviewed.
    pub last_reviewed: Option<DateView>,
    /// Citations.
    pub sources: &'a [String],
    /// A note shown before the body.
    pub content_note: Option<&'a str>,
    /// Its terms, per taxonomy (sections are not listed on term pages).
    pub taxonomies: Vec<PageTaxonomy<'a>>,
    /// Structured data as for an article (see [`article_json_ld`]), only
    /// when the section names authors, a reviewer or a review date.
    pub article_json_ld: Option<String>,
    /// The pages on this listing page (each a [`PageRef`]).
    pub pages: Vec<tera::Value>,
    /// Child sections.
    pub subsections: Vec<SectionRef<'a>>,
    /// The parent section, if any.
    pub parent: Option<SectionRef<'a>>,
    /// Listing-page position when the section is paginated.
    pub paginator: Option<Paginator>,
    /// Free-form values from `[extra]`.
    pub extra: &'a toml::Table,
}

impl<'a> SectionView<'a> {
    /// Views one listing page of `section`, holding `pages` (from `shared`).
    pub fn new(
        site: &'a Site,
        section: &'a SiteSection,
        pages: &[usize],
        paginator: Option<Paginator>,
        config: &Config,
        shared: &SharedViews,
    ) -> Self {
        let meta = &section.section.meta;
        let untranslated_lang = site
            .translations
            .languages
            .first()
            .filter(|_| section.section.untranslated)
            .map(|l| l.code.as_str());
        let mut view = Self {
            title: &section.section.title,
            description: meta.description.as_deref(),
            path: &section.section.path,
            content: &section.rendered.html,
            untranslated_lang,
            untranslated_dir: super::i18n::direction(untranslated_lang.unwrap_or_default()),
            permalink: config.absolute_url(&section.section.path),
            authors: &meta.authors,
            reviewed_by: meta.reviewed_by.as_deref(),
            last_reviewed: meta.last_reviewed.as_ref().map(DateView::new),
            sources: &meta.sources,
            content_note: meta.content_note.as_deref(),
            taxonomies: page_taxonomies(site, &meta.taxonomies),
            article_json_ld: None,
            pages: pages.iter().map(|&i| shared.page_ref(site, i)).collect(),
            subsections: section
                .section
                .subsections
                .iter()
                .map(|&i| SectionRef::new(&site.sections[i]))
                .collect(),
            parent: section
                .section
                .parent
                .map(|i| SectionRef::new(&site.sections[i])),
            paginator,
            extra: &meta.extra,
        };
        if !view.authors.is_empty() || view.reviewed_by.is_some() || view.last_reviewed.is_some() {
            view.article_json_ld = Some(trust_json_ld(
                &JsonLdFields {
                    title: view.title,
                    description: view.description,
                    permalink: &view.permalink,
                    authors: view.authors,
                    reviewed_by: view.reviewed_by,
                    last_reviewed: view.last_reviewed.as_ref(),
                    date: None,
                    updated: None,
                    faqs: &section.rendered.faqs,
                },
                &config.language,
            ));
        }
        view
    }
}

/// A term in a taxonomy listing.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    /// The term.
    pub name: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// How many pages carry it.
    pub count: usize,
    /// Those pages, each a [`PageRef`] (only on the term's own page).
    pub pages: Vec<tera::Value>,
}

impl<'a> TermView<'a> {
    /// Views `term`; with `shared`, its pages are listed too.
    pub fn new(site: &Site, term: &'a Term, shared: Option<&SharedViews>) -> Self {
        Self {
            name: &term.name,
            path: &term.path,
            count: term.pages.len(),
            pages: shared.map_or_else(Vec::new, |shared| {
                term.pages
                    .iter()
                    .map(|&i| shared.page_ref(site, i))
                    .collect()
            }),
        }
    }
}

/// A taxonomy with its terms.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its URL path.
    pub path: &'a str,
    /// Its terms, without their pages.
    pub terms: Vec<TermView<'a>>,
}

impl<'a> TaxonomyView<'a> {
    /// Views `taxonomy`.
    pub fn new(site: &'a Site, taxonomy: &'a Taxonomy) -> Self {
        Self {
            name: &taxonomy.name,
            title: &taxonomy.title,
            path: &taxonomy.path,
            terms: taxonomy
                .terms
                .iter()
                .map(|t| TermView::new(site, t, None))
                .collect(),
        }
    }
    /// `taxonomy` without its terms, for a term's own page: every term page
    /// listing every term made a taxonomy of n terms cost n² (10,000 tags
    /// on one page took 100 s).
    pub fn header(taxonomy: &'a Taxonomy) -> Self {
        Self {
            name: &taxonomy.name,
            title: &taxonomy.title,
            path: &taxonomy.path,
            terms: Vec::new(),
        }
    }
}

/// Everything `generated.html` sees as `generated`: a page a plugin added.
#[derive(Debug, Serialize)]
pub struct GeneratedView<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its URL path.
    pub path: &'a str,
    /// Its body.
    pub content: &'a str,
    /// The plugin that made it.
    pub plugin: &'a str,
}

impl<'a> GeneratedView<'a> {
    /// Views `page`.
    pub fn new(page: &'a crate::site::GeneratedPage) -> Self {
        Self {
            title: &page.page.title,
            description: page.page.description.as_deref(),
            path: &page.page.path,
            content: &page.page.content_html,
            plugin: &page.plugin,
        }
    }
}

/// One question on the FAQ index.
#[derive(Debug, Serialize)]
pub struct FaqEntry<'a> {
    /// The question.
    pub question: &'a str,
    /// The answer as HTML.
    pub answer_html: &'a str,
    /// The page it comes from.
    pub page_title: &'a str,
    /// The answer's address: the page's path and the question's anchor.
    pub link: String,
}

impl<'a> FaqEntry<'a> {
    /// Every question of `page`, as the FAQ index shows it.
    pub fn of_page(page: &'a SitePage) -> impl Iterator<Item = FaqEntry<'a>> {
        page.rendered.faqs.iter().map(move |faq| FaqEntry {
            question: &faq.question,
            answer_html: &faq.answer_html,
            page_title: &page.page.meta.title,
            link: format!("{}#{}", page.page.path, faq.id),
        })
    }
}

/// The questions of one section on the FAQ index.
#[derive(Debug, Serialize)]
pub struct FaqGroup<'a> {
    /// The section's title.
    pub title: &'a str,
    /// The section's path.
    pub path: &'a str,
    /// An id for the group's heading.
    pub id: String,
    /// Its questions, in page order (each a [`FaqEntry`]).
    pub entries: Vec<tera::Value>,
}

/// A topic that narrows the FAQ index.
#[derive(Debug, Serialize)]
pub struct FaqTopic<'a> {
    /// The term.
    pub name: &'a str,
    /// The narrowed index's path.
    pub path: String,
    /// Questions under it.
    pub count: usize,
}

/// Everything `faq.html` sees as `faq`.
#[derive(Debug, Serialize)]
pub struct FaqIndexView<'a> {
    /// Questions grouped by section.
    pub groups: Vec<FaqGroup<'a>>,
    /// Topics that narrow the index (each a page of its own, so no script is needed).
    pub topics: Vec<FaqTopic<'a>>,
    /// The topic this page is narrowed to, if any.
    pub topic: Option<&'a str>,
    /// The path of the whole index.
    pub path: String,
    /// How many questions this page shows.
    pub count: usize,
}

impl<'a> FaqIndexView<'a> {
    /// The index of every question of `site`, or only of pages carrying `topic`
    /// (a term of the `topics` taxonomy).
    pub fn new(site: &'a Site, base: &str, topic: Option<&'a Term>, shared: &SharedViews) -> Self {
        let path = format!("{base}{}", crate::site::FAQ_PATH);
        // A set, not `term.pages.contains`: a term may hold thousands of pages.
        let in_topic: Option<std::collections::HashSet<usize>> =
            topic.map(|t| t.pages.iter().copied().collect());
        let mut groups = Vec::new();
        for section in &site.sections {
            let entries: Vec<tera::Value> = section
                .section
                .pages
                .iter()
                .filter(|i| in_topic.as_ref().is_none_or(|set| set.contains(i)))
                // Another language's questions do not belong in this one's FAQ.
                .filter(|&&i| !site.pages[i].page.untranslated)
                .flat_map(|&i| shared.faq_entries(site, i).iter().cloned())
                .collect();
            if !entries.is_empty() {
                let slug = slug::slugify(&section.section.title);
                groups.push(FaqGroup {
                    title: &section.section.title,
                    path: &section.section.path,
                    id: format!(
                        "rapport-faq-{}",
                        if slug.is_empty() { "home".into() } else { slug }
                    ),
                    entries,
                });
            }
        }
        // A topic that holds every question narrows nothing: it is not offered.
        let all_questions: usize = site.pages.iter().map(|p| p.rendered.faqs.len()).sum();
        let topics = site
            .taxonomies
            .iter()
            .filter(|t| t.name == crate::site::FAQ_TOPIC_TAXONOMY)
            .flat_map(|t| t.terms.iter())
            .filter_map(|term| {
                let count: usize = term
                    .pages
                    .iter()
                    .map(|&i| site.pages[i].rendered.faqs.len())
                    .sum();
                (count > 0 && count < all_questions).then(|| FaqTopic {
                    name: &term.name,
                    path: format!("{path}{}/", term.slug),
                    count,
                })
            })
            .collect();
        let count = groups.iter().map(|g| g.entries.len()).sum();
        Self {
            groups,
            topics,
            topic: topic.map(|t| t.name.as_str()),
            path,
            count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_toc_is_written_as_the_themes_loop_wrote_it() {
        let entry = |id: &str, title: &str, children| TocEntry {
            level: 2,
            id: id.into(),
            title: title.into(),
            children,
        };
        let toc = vec![
            entry("a", "Plain", vec![]),
            entry(
                "b-&",
                "Tom & Jerry's <b>",
                vec![entry("c", "\"quoted\"", vec![]), entry("d", "é", vec![])],
            ),
            entry("e", "Last", vec![]),
        ];
        // The default theme's loop before `toc_html`, with Rapport's escaping.
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(crate::render::escape_html);
        tera.add_raw_template(
            "toc.html",
            "{% for entry in toc %}<li><a href=\"#{{ entry.id }}\">{{ entry.title }}</a>{% if entry.children %}\n        <ol>{% for child in entry.children %}<li><a href=\"#{{ child.id }}\">{{ child.title }}</a></li>{% endfor %}</ol>{% endif %}</li>\n      {% endfor %}",
        )
        .unwrap();
        tera.autoescape_on(vec![".html"]);
        let mut context = tera::Context::new();
        context.insert("toc", &toc);
        assert_eq!(toc_html(&toc), tera.render("toc.html", &context).unwrap());
        assert_eq!(toc_html(&[]), "");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let faq = Faq {
            question: "Q \"quoted\"?".into(),
            id: "q".into(),
            answer_html: String::new(),
            answer_text: "</script><script>alert(1)</script> <!-- & more".into(),
            line: 1,
        };
        let json = faq_json_ld(&[faq]).unwrap();
        assert!(!json.contains('<') && !json.contains('>'));
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            parsed["mainEntity"][0]["acceptedAnswer"]["text"],
            "</script><script>alert(1)</script> <!-- & more"
        );
    }

    #[test]
    fn dates_read_naturally() {
        assert_eq!(human_date("2026-03-14"), "14 March 2026");
        assert_eq!(human_date("garbage"), "garbage");
    }
}
