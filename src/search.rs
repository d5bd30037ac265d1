//! The offline search index, built with Pagefind's library API.
//!
//! Every page, every page a plugin added (worksheets) and every FAQ question
//! becomes a record. Pages go in as small HTML documents made from their
//! rendered body (not the themed output), so headings with ids give
//! Pagefind's sub-results, and no theme can leave chrome in the index. FAQ
//! questions go in as records of their own whose URL is the answer's
//! anchor, so a question's words find that question first.
//!
//! Pagefind splits the index into chunks; the browser fetches only the
//! chunks a query needs. Records are kept per page ([`Records`]), so after an
//! edit only the changed pages' records are made again before re-indexing.

use std::collections::BTreeMap;
use std::sync::Arc;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::site::{Site, SitePage};

/// The folder, below the site root, that holds the index and Pagefind's script.
pub const BUNDLE_DIR: &str = "pagefind/";

/// One thing a reader can find.
#[derive(Debug, PartialEq, Eq)]
pub enum Record {
    /// A page as a small HTML document.
    Html {
        /// Its URL path.
        url: String,
        /// The document.
        html: String,
    },
    /// A record given as text (an FAQ question and its answer).
    Text {
        /// Its URL path, with the answer's anchor.
        url: String,
        /// The question.
        title: String,
        /// Where it comes from, shown under the title.
        section: String,
        /// The question and the answer as text.
        content: String,
    },
}

/// The records of a site: per page, then the pages plugins added.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Per page of the site, in order: the page and its FAQ questions.
    pub pages: Vec<Arc<Vec<Record>>>,
    /// The pages plugins added.
    pub generated: Vec<Arc<Vec<Record>>>,
    /// The language of the site, for stemming.
    pub language: String,
}

impl Records {
    /// The records of every page of `site`.
    pub fn of(site: &Site, config: &Config) -> Records {
        use rayon::prelude::*;
        Records {
            pages: site
                .pages
                .par_iter()
                .map(|page| Arc::new(page_records(site, page, config)))
                .collect(),
            generated: generated_records(site, config),
            language: language_code(&config.language),
        }
    }

    /// Makes the records of pages `changed` (indices into `site`) again,
    /// and those of the plugin pages; the rest are shared with `self`.
    pub fn updated(&self, site: &Site, config: &Config, changed: &[usize]) -> Records {
        let mut records = self.clone();
        for &i in changed {
            records.pages[i] = Arc::new(page_records(site, &site.pages[i], config));
        }
        records.generated = generated_records(site, config);
        records
    }

    /// Builds the index: (site-relative path, contents) of every file.
    pub fn index(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| search_error(&e.to_string()))?;
        runtime.block_on(self.index_async())
    }

    async fn index_async(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let options = PagefindServiceConfig::builder()
            .force_language(self.language.clone())
            .build();
        let mut index =
            PagefindIndex::new(Some(options)).map_err(|e| search_error(&e.to_string()))?;
        for record in self
            .pages
            .iter()
            .chain(&self.generated)
            .flat_map(|r| r.iter())
        {
            let added = match record {
                Record::Html { url, html } => {
                    index
                        .add_html_file(None, Some(url.clone()), html.clone())
                        .await
                }
                Record::Text {
                    url,
                    title,
                    section,
                    content,
                } => {
                    let meta = BTreeMap::from([
                        ("title".to_string(), title.clone()),
                        ("section".to_string(), section.clone()),
                    ]);
                    index
                        .add_custom_record(
                            url.clone(),
                            content.clone(),
                            self.language.clone(),
                            Some(meta),
                            None,
                            None,
                        )
                        .await
                }
            };
            added.map_err(|e| search_error(&e.to_string()))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| search_error(&e.to_string()))?;
        Ok(files
            .into_iter()
            // The index and the search API; not Pagefind's own UIs, which the theme does not use.
            .filter(|f| {
                let name = f.filename.to_string_lossy();
                !name.contains("-ui.") && !name.contains("highlight")
            })
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (format!("{BUNDLE_DIR}{name}"), f.contents)
            })
            .collect())
    }
}

fn generated_records(site: &Site, config: &Config) -> Vec<Arc<Vec<Record>>> {
    site.generated
        .iter()
        .map(|g| {
            let html = document(
                &config.language,
                &g.page.title,
                g.page.description.as_deref(),
                "Worksheets",
                &g.page.content_html,
            );
            Arc::new(vec![Record::Html {
                url: g.page.path.clone(),
                html,
            }])
        })
        .collect()
}

fn page_records(site: &Site, page: &SitePage, config: &Config) -> Vec<Record> {
    let section = &site.sections[page.page.section].section.title;
    let mut records = vec![Record::Html {
        url: page.page.path.clone(),
        html: document(
            &config.language,
            &page.page.meta.title,
            page.page.meta.description.as_deref(),
            section,
            &page.rendered.html,
        ),
    }];
    for faq in &page.rendered.faqs {
        records.push(Record::Text {
            url: format!("{}#{}", page.page.path, faq.id),
            title: faq.question.clone(),
            section: format!("Question in {}", page.page.meta.title),
            content: format!("{} {}", faq.question, faq.answer_text),
        });
    }
    records
}

/// A page as Pagefind reads it: the title as `h1`, the section as metadata,
/// the description and the body.
fn document(
    language: &str,
    title: &str,
    description: Option<&str>,
    section: &str,
    body: &str,
) -> String {
    use rapport_plugin::escape_html;
    let description = description
        .map(|d| format!("<p>{}</p>", escape_html(d)))
        .unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"{}\"><head><title>{title}</title></head><body>\
         <main data-pagefind-body data-pagefind-meta=\"section:{section}\">\
         <h1>{title}</h1>{description}{body}</main></body></html>",
        escape_html(language),
        title = escape_html(title),
        // Pagefind reads commas in metadata as separators.
        section = escape_html(&section.replace(',', " ")),
    )
}

/// Pagefind stems by a two-letter language code (`en` of `en-GB`).
fn language_code(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase()
}

fn search_error(message: &str) -> crate::error::Error {
    Diagnostic::new(
        crate::config::CONFIG_FILE,
        format!("the search index could not be built: {message}"),
    )
    .with_help(
        "report this as a bug; meanwhile set [search] enabled = false to build without search",
    )
    .into()
}
