//! The offline search index, built with Pagefind's library API.
//!
//! Every page and every page a plugin added (a worksheet, say) becomes one record:
//! a small HTML document made from its rendered body (not the themed
//! output), so no theme can leave chrome in the index. Headings with ids give
//! Pagefind's sub-results; an FAQ question's heading starts a sub-result that
//! runs to the next heading and so holds its answer. The page lists its
//! question ids in the `faq` metadata, so the search script can show a
//! matching question as the result, linked to its answer's anchor. One record
//! per page, not one per question as well, keeps the index metadata every
//! first query downloads to one entry per page and indexes no answer twice.
//!
//! Pagefind splits the index into chunks; the browser fetches only the
//! chunks a query needs. Records are kept per page ([`Records`]), so after an
//! edit only the changed pages' records are made again before re-indexing.

use std::sync::Arc;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::site::{Site, SitePage};

/// The folder, below the site root, that holds the index and Pagefind's script.
pub const BUNDLE_DIR: &str = "pagefind/";

/// One thing a reader can find: a page as a small HTML document.
#[derive(Debug, PartialEq, Eq)]
pub struct Record {
    /// Its URL path.
    pub url: String,
    /// The document.
    pub html: String,
}

/// The records of a site: per page, then the pages plugins added.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Per page of the site, in order.
    pub pages: Vec<Arc<Record>>,
    /// The pages plugins added.
    pub generated: Vec<Arc<Record>>,
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
                .map(|page| Arc::new(page_record(site, page, config)))
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
            records.pages[i] = Arc::new(page_record(site, &site.pages[i], config));
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
        // An untranslated page is another language's text: searching in
        // this language finds its original there, not it.
        let indexed = self
            .pages
            .iter()
            .chain(&self.generated)
            .filter(|r| !r.html.is_empty());
        for record in indexed {
            index
                .add_html_file(None, Some(record.url.clone()), record.html.clone())
                .await
                .map_err(|e| search_error(&e.to_string()))?;
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

fn generated_records(site: &Site, config: &Config) -> Vec<Arc<Record>> {
    site.generated
        .iter()
        .map(|g| {
            let html = document(
                &config.language,
                &g.page.title,
                g.page.description.as_deref(),
                // The label the plugin chose, else its name.
                g.page.search_section.as_deref().unwrap_or(&g.plugin),
                &[],
                &g.page.content_html,
            );
            Arc::new(Record {
                url: g.page.path.clone(),
                html,
            })
        })
        .collect()
}

fn page_record(site: &Site, page: &SitePage, config: &Config) -> Record {
    if page.page.untranslated {
        return Record {
            url: page.page.path.clone(),
            html: String::new(),
        };
    }
    let faq_ids: Vec<&str> = page.rendered.faqs.iter().map(|f| f.id.as_str()).collect();
    Record {
        url: page.page.path.clone(),
        html: document(
            &config.language,
            &page.page.meta.title,
            page.page.meta.description.as_deref(),
            &site.sections[page.page.section].section.title,
            &faq_ids,
            &page.rendered.html,
        ),
    }
}

/// A page as Pagefind reads it: the title as `h1`, the section and the ids
/// of its FAQ questions as metadata, the description and the body.
fn document(
    language: &str,
    title: &str,
    description: Option<&str>,
    section: &str,
    faq_ids: &[&str],
    body: &str,
) -> String {
    use rapport_plugin::escape_html;
    let description = description
        .map(|d| format!("<p>{}</p>", escape_html(d)))
        .unwrap_or_default();
    // Pagefind reads one key per attribute (all after its first colon is the
    // value), so the question ids ride on the h1.
    let faq = if faq_ids.is_empty() {
        String::new()
    } else {
        format!(
            " data-pagefind-meta=\"faq:{}\"",
            escape_html(&faq_ids.join(" "))
        )
    };
    format!(
        "<!doctype html><html lang=\"{}\"><head><title>{title}</title></head><body>\
         <main data-pagefind-body data-pagefind-meta=\"section:{section}\">\
         <h1{faq}>{title}</h1>{description}{body}</main></body></html>",
        escape_html(language),
        title = escape_html(title),
        section = escape_html(section),
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
