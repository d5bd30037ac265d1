//! The worksheet plugin: forms that clients fill in before or after a
//! session and that therapists print as handouts.
//!
//! - A ```` ```worksheet ```` block holds a TOML spec (see [`spec`]) and
//!   renders as an accessible form ([`html`]).
//! - A page with `worksheet = true` gets a reflection worksheet at
//!   `<page>/worksheet/`, built from its checklists, FAQ questions and
//!   section headings.
//! - `/worksheets/` lists every worksheet of the site, by section.
//!
//! Answers are kept in the reader's browser (`localStorage`) by
//! `worksheet.js`; nothing is ever sent anywhere.

pub mod html;
pub mod spec;
pub mod words;

use std::collections::HashSet;
use std::fmt::Write as _;

use rapport_plugin::{
    Asset, BlockContext, NewPage, PageInfo, Plugin, PluginConfig, PluginError, SiteChanges,
    SiteView,
};
use rayon::prelude::*;

use crate::html::esc;
use crate::spec::{Field, FieldKind, Worksheet};
use crate::words::{Words, words};

/// The fenced-block language the plugin claims.
pub const LANGUAGE: &str = "worksheet";

/// The worksheet plugin.
#[derive(Debug, Default)]
pub struct WorksheetPlugin {
    _private: (),
}

impl Plugin for WorksheetPlugin {
    fn name(&self) -> &str {
        "worksheet"
    }

    fn configure(&mut self, config: &PluginConfig) -> Result<(), PluginError> {
        if let Some(key) = config.keys().next() {
            return Err(
                PluginError::new(format!("[plugins.worksheet] has no setting \"{key}\""))
                    .with_help("leave the table empty: [plugins.worksheet]"),
            );
        }
        Ok(())
    }

    fn front_matter_keys(&self) -> Vec<String> {
        vec![FRONT_MATTER_KEY.to_string()]
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
        Some(spec::parse(body).map(|worksheet| html::render(&worksheet, &ctx.page_path, 2, words)))
    }

    fn extend_site(&self, site: &SiteView) -> Result<SiteChanges, PluginError> {
        let mut changes = SiteChanges::default();
        let words = words(&site.language);
        // A site may ask for a worksheet on every page: made on every core.
        changes.add_pages = site
            .pages
            .par_iter()
            .filter(|p| wants_worksheet(p))
            .map(|page| {
                let worksheet = reflection_worksheet(page, words);
                let path = format!("{}worksheet/", page.path);
                // The page names the article once, in its title, and links back.
                let back = format!(
                    "<p class=\"worksheet-back\">{} <a href=\"{}\">{}</a>{}</p>\n",
                    esc(words.back_before),
                    esc(&page.path),
                    esc(&page.title),
                    esc(words.back_after)
                );
                let mut new = NewPage::new(
                    &path,
                    words.reflecting_on.replace("{title}", &page.title),
                    back + &html::render(&worksheet, &path, 2, words),
                );
                new.description = Some(words.description.to_string());
                new.section = Some(page.section.clone());
                new.for_page = Some(page.path.clone());
                new.link_text = Some(words.link_text.into());
                new.link_note = Some(words.link_note.into());
                new.search_section = Some(words.worksheets.into());
                new
            })
            .collect();
        let mut listing = NewPage::new(
            format!("{}worksheets/", site.base_path),
            words.worksheets,
            worksheet_index(site, words)?,
        );
        listing.description = Some(words.listing_description.into());
        listing.search_section = Some(words.worksheets.into());
        changes.add_pages.push(listing);
        Ok(changes)
    }

    fn assets(&self) -> Vec<Asset> {
        vec![
            Asset::new(
                "worksheet/worksheet.css",
                include_str!("../assets/worksheet.css"),
            ),
            Asset::new(
                "worksheet/worksheet.js",
                include_str!("../assets/worksheet.js"),
            ),
        ]
    }
}

/// The front matter key that asks for a page's worksheet: `worksheet = true`.
const FRONT_MATTER_KEY: &str = "worksheet";

/// Whether the page's front matter says `worksheet = true`.
fn wants_worksheet(page: &PageInfo) -> bool {
    page.params
        .get(FRONT_MATTER_KEY)
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The worksheet generated for a page with `worksheet = true`.
pub fn reflection_worksheet(page: &PageInfo, words: &Words) -> Worksheet {
    let mut fields = Vec::new();
    let mut used = HashSet::new();
    let mut unique = |base: String| {
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    };
    let checklist_headings: Vec<&str> = page.checklists.iter().map(|c| c.title.as_str()).collect();
    let faq_ids: HashSet<&str> = page.faqs.iter().map(|f| f.id.as_str()).collect();
    let mut asked = 0;
    for (i, heading) in page
        .headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.level == 2)
    {
        // An FAQ block's heading is followed by its questions, which become
        // prompts of their own below; whatever the block is called.
        let starts_faq = page
            .headings
            .get(i + 1)
            .is_some_and(|next| next.level == 3 && faq_ids.contains(next.id.as_str()));
        if starts_faq || checklist_headings.contains(&heading.title.as_str()) {
            continue;
        }
        fields.push(Field {
            id: unique(format!("on-{}", heading.id)),
            label: prompt_for(&heading.title, asked, words),
            help: None,
            kind: FieldKind::Textarea,
        });
        asked += 1;
    }
    for checklist in &page.checklists {
        fields.push(Field {
            id: unique(checklist.id.clone()),
            label: checklist.title.clone(),
            help: Some(words.tick_help.into()),
            kind: FieldKind::Checklist {
                items: checklist.items.clone(),
            },
        });
    }
    for faq in &page.faqs {
        fields.push(Field {
            id: unique(format!("q-{}", faq.id)),
            label: faq.question.clone(),
            help: Some(words.faq_help.into()),
            kind: FieldKind::Textarea,
        });
    }
    fields.push(Field {
        id: unique("next-step".into()),
        label: words.next_step.into(),
        help: None,
        kind: FieldKind::Textarea,
    });
    Worksheet {
        title: words.your_reflections.into(),
        intro: None,
        id: "reflection".into(),
        fields,
    }
}

/// The question asked about the `n`th section of an article: the heading
/// itself when it is a question, otherwise one of a few ways of asking, in
/// turn, so a long article does not ask the same thing five times.
fn prompt_for(heading: &str, n: usize, words: &Words) -> String {
    let heading = heading.trim();
    if heading.ends_with('?') {
        return heading.to_string();
    }
    words.prompts[n % words.prompts.len()].replace("{heading}", heading)
}

/// The body of `/worksheets/`: every worksheet, by section.
fn worksheet_index(site: &SiteView, words: &Words) -> Result<String, PluginError> {
    let mut html = String::new();
    let mut total = 0;
    for section in &site.sections {
        let mut items = String::new();
        for page in site.pages.iter().filter(|p| p.section == section.path) {
            for block in page.blocks.iter().filter(|b| b.lang == LANGUAGE) {
                let worksheet = spec::parse(&block.body).map_err(|e| {
                    let line = block.line + e.line_in_block.unwrap_or(0);
                    PluginError::new(e.message).in_file(&page.source, Some(line))
                })?;
                let _ = writeln!(
                    items,
                    "<li><a href=\"{}#ws-{}\">{}</a> <span class=\"meta\">{}</span></li>",
                    esc(&page.path),
                    esc(&worksheet.id),
                    esc(&worksheet.title),
                    esc(&words.listing_in.replace("{page}", &page.title))
                );
                total += 1;
            }
            if wants_worksheet(page) {
                let _ = writeln!(
                    items,
                    "<li><a href=\"{}worksheet/\">{}</a> <span class=\"meta\">{}</span></li>",
                    esc(&page.path),
                    esc(&words.reflecting_on.replace("{title}", &page.title)),
                    esc(words.listing_for_article)
                );
                total += 1;
            }
        }
        if !items.is_empty() {
            let _ = write!(
                html,
                "<section class=\"worksheet-group\">\n<h2>{}</h2>\n<ul class=\"worksheet-list\">\n{items}</ul>\n</section>\n",
                esc(&section.title)
            );
        }
    }
    let intro = match total {
        0 => words.listing_empty.to_string(),
        1 => words.listing_one.to_string(),
        n => words.listing_many.replace("{n}", &n.to_string()),
    };
    let intro = format!("<p>{}</p>\n", esc(&intro));
    Ok(format!("{intro}{html}"))
}
