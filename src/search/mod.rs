//! The offline search index: Rapport's own, built in parallel, read by the
//! theme's `search.js` without WebAssembly.
//!
//! Every page and every page a plugin added (a worksheet, say) becomes one
//! [`Record`], made from its rendered body (not the themed output, so no
//! theme can leave chrome in the index): its words with their weights and
//! its fragment, the text a result shows, split at headings with ids so an
//! FAQ question can be the result, linked to its answer. Records are kept
//! per page, so after an edit only the changed pages' records are made again
//! before the index files are written ([`index`]).

mod index;
pub mod words;

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Result;
use crate::site::{Site, SitePage};

/// The folder, below the site root, that holds the index.
pub const BUNDLE_DIR: &str = "search-index/";

/// One thing a reader can find: a page's words and its fragment.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct Record {
    /// Its URL path.
    pub url: String,
    /// The compressed fragment (see [`index`]); empty for a page not indexed.
    fragment: Vec<u8>,
    /// Its distinct words, lower-cased as written, each ended by `\n`.
    words: String,
    /// Each word's count, title and heading words counted more; the top bit
    /// set for a word of the title.
    counts: Vec<u16>,
    /// How many words it holds, for weighing a word against the page's length.
    length: u32,
}

impl Record {
    /// Whether the page is in the index (an untranslated copy is not).
    fn indexed(&self) -> bool {
        !self.fragment.is_empty()
    }

    /// The fragment as JSON text: what a result shows (URL, title, section,
    /// FAQ ids, text by part); empty for a page not indexed.
    pub fn fragment_json(&self) -> String {
        use std::io::Read as _;
        let mut json = String::new();
        if self.indexed() {
            flate2::read::ZlibDecoder::new(self.fragment.as_slice())
                .read_to_string(&mut json)
                .expect("a fragment this build compressed");
        }
        json
    }

    /// Each distinct word with its weighted count and whether the title holds it.
    fn words(&self) -> impl Iterator<Item = (&str, u16, bool)> {
        self.words
            .split_terminator('\n')
            .zip(
                self.counts
                    .iter()
                    .map(|&c| (c & !IN_TITLE, c & IN_TITLE != 0)),
            )
            .map(|(word, (count, title))| (word, count, title))
    }
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
        Records {
            pages: site
                .pages
                .par_iter()
                .map(|page| Arc::new(page_record(site, page)))
                .collect(),
            generated: generated_records(site),
            language: config.language.clone(),
        }
    }

    /// Makes the records of pages `changed` (indices into `site`) again,
    /// and those of the plugin pages; the rest are shared with `self`.
    pub fn updated(&self, site: &Site, changed: &[usize]) -> Records {
        let mut records = self.clone();
        for &i in changed {
            records.pages[i] = Arc::new(page_record(site, &site.pages[i]));
        }
        records.generated = generated_records(site);
        records
    }

    /// Builds the index: (site-relative path, contents) of every file.
    pub fn index(&self) -> Result<Vec<(String, Vec<u8>)>> {
        // An untranslated page is another language's text: searching in
        // this language finds its original there, not it.
        let indexed: Vec<&Record> = self
            .pages
            .iter()
            .chain(&self.generated)
            .map(Arc::as_ref)
            .filter(|r| r.indexed())
            .collect();
        Ok(index::files(&indexed, &self.language)
            .into_iter()
            .map(|(name, bytes)| (format!("{BUNDLE_DIR}{name}"), bytes))
            .collect())
    }
}

fn generated_records(site: &Site) -> Vec<Arc<Record>> {
    site.generated
        .par_iter()
        .map(|g| {
            Arc::new(record(&Document {
                url: &g.page.path,
                title: &g.page.title,
                description: g.page.description.as_deref(),
                // The label the plugin chose, else its name.
                section: g.page.search_section.as_deref().unwrap_or(&g.plugin),
                faq: &[],
                body: &g.page.content_html,
            }))
        })
        .collect()
}

fn page_record(site: &Site, page: &SitePage) -> Record {
    if page.page.untranslated {
        return Record {
            url: page.page.path.clone(),
            ..Record::default()
        };
    }
    let faq: Vec<&str> = page.rendered.faqs.iter().map(|f| f.id.as_str()).collect();
    record(&Document {
        url: &page.page.path,
        title: &page.page.meta.title,
        description: page.page.meta.description.as_deref(),
        section: &site.sections[page.page.section].section.title,
        faq: &faq,
        body: &page.rendered.html,
    })
}

/// What a record is made of.
struct Document<'a> {
    url: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    section: &'a str,
    faq: &'a [&'a str],
    body: &'a str,
}

/// How much more a word counts in the title, and in a heading or the
/// description, than in the text: a page about a word says it there.
const TITLE_WEIGHT: u16 = 5;
const HEADING_WEIGHT: u16 = 2;
/// The bit of a word's count that says the title holds it: a page whose
/// title has the query's words is what a reader typing them looks for,
/// however often other pages repeat them.
const IN_TITLE: u16 = 0x8000;

/// The record of one document: its words weighed and its fragment.
fn record(doc: &Document<'_>) -> Record {
    let mut parts = crate::html::text_parts(doc.body);
    // A distinct word in every 20-40 bytes of the generated pages' text (a
    // few more in real prose): sized for one in 24, the map grows once at
    // most, where from empty it grew seven times.
    let text_bytes: usize = parts.iter().map(|p| p.heading.len() + p.text.len()).sum();
    let mut counts: rustc_hash::FxHashMap<String, u16> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(text_bytes / 24, Default::default());
    let mut length = 0u32;
    // `weight` may carry the title bit; a word keeps it once it has it.
    let mut count = |text: &str, weight: u16| {
        words::each_word(text, |w| {
            length += 1;
            match counts.get_mut(w) {
                Some(c) => {
                    let title = (*c | weight) & IN_TITLE;
                    let sum = (*c & !IN_TITLE).saturating_add(weight & !IN_TITLE);
                    *c = title | sum.min(IN_TITLE - 1);
                }
                None => {
                    counts.insert(w.to_string(), weight);
                }
            }
        });
    };
    count(doc.title, TITLE_WEIGHT | IN_TITLE);
    if let Some(description) = doc.description {
        count(description, HEADING_WEIGHT);
        // Shown in excerpts as the text before the first heading.
        let first = &mut parts[0].text;
        *first = if first.is_empty() {
            description.to_string()
        } else {
            format!("{description} {first}")
        };
    }
    for part in &parts {
        count(&part.heading, HEADING_WEIGHT);
        count(&part.text, 1);
    }
    let mut sorted: Vec<(String, u16)> = counts.into_iter().collect();
    sorted.sort_unstable();
    let mut words = String::with_capacity(sorted.iter().map(|(w, _)| w.len() + 1).sum());
    for (word, _) in &sorted {
        words.push_str(word);
        words.push('\n');
    }
    let fragment = index::Fragment {
        url: doc.url,
        title: doc.title,
        section: doc.section,
        faq: doc.faq,
        parts: parts
            .iter()
            .map(|p| [p.id.as_str(), p.heading.as_str(), p.text.as_str()])
            .collect(),
    };
    // Sized for the text and a little markup, so the JSON is not copied as
    // it grows.
    let mut json = Vec::with_capacity(text_bytes + text_bytes / 8 + 256);
    serde_json::to_writer(&mut json, &fragment).expect("a fragment serializes");
    let mut compressed = index::compress_fragment(&json);
    // Kept until the index is written: without its growth's slack (up to
    // half of it), 10,000 pages hold 16 MB less.
    compressed.shrink_to_fit();
    Record {
        url: doc.url.to_string(),
        fragment: compressed,
        words,
        counts: sorted.into_iter().map(|(_, c)| c).collect(),
        length,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_weighs_title_words_and_splits_at_headings() {
        let r = record(&Document {
            url: "/a/",
            title: "Trust",
            description: None,
            section: "Trust",
            faq: &["q"],
            body: "<p>Trust &amp; safety.</p><h2 id=\"q\">Why trust?</h2><p>Because.</p>",
        });
        let words: Vec<(&str, u16, bool)> = r.words().collect();
        assert_eq!(
            words,
            [
                ("because", 1, false),
                ("safety", 1, false),
                ("trust", 8, true),
                ("why", 2, false)
            ]
        );
        assert_eq!(r.length, 6);
        assert!(r.indexed());
    }
}
