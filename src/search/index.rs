//! The index files, made from every page's record: small files split so a
//! query downloads only what it needs (see `ARCHITECTURE.md`, "Search").
//!
//! - `meta.json`: the count of pages, the build's hash (every other file is
//!   fetched with it, so a browser never mixes two builds), and the first
//!   word of each word shard.
//! - `w/N.bin`: word shards, the dictionary in folded-word order: each entry
//!   `[word, stem, postings file, offset, length, pages]`. A query reads the
//!   shard holding its word; a word being typed reads the shards its prefix
//!   spans. Several words share a stem ("boundary", "boundaries").
//! - `p/N.bin`: postings, by stem: for each page holding a form of the stem,
//!   the page number's distance from the last (a LEB128 varint) and a byte:
//!   the top bit set when the page's title holds the stem, the other seven
//!   its weight (BM25's term-frequency part with the page's length, title
//!   and heading words counted more), so a query ranks without page lengths.
//! - `f/N.bin`: one fragment per page: its URL, title, section, FAQ question
//!   ids and text split at headings, for the result, its excerpt and an
//!   FAQ answer's anchor. Only the results shown are fetched.
//!
//! Every file but `meta.json` is zlib-compressed here (flate2, in parallel)
//! and read with the browser's `DecompressionStream`, so a host that
//! compresses nothing still sends little.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

use rayon::prelude::*;
use serde::Serialize;

use super::Record;
use super::words::{fold, stemmer};

/// A word shard is cut once its entries pass about this many bytes of JSON.
const WORD_SHARD_BYTES: usize = 12 * 1024;
/// A postings file is cut once it passes this many bytes; a stem's postings
/// are never split, so a common stem has a file of its own.
const POSTINGS_FILE_BYTES: usize = 16 * 1024;
/// BM25's saturation and length parameters (Lucene's defaults).
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What `meta.json` holds.
#[derive(Serialize)]
struct Meta<'a> {
    /// The format, for the script: bumped when a file's shape changes.
    version: u32,
    /// A hash of every other file, fetched as `?v=` so caches never mix builds.
    build: String,
    /// How many pages the index holds (fragments `f/0.bin`...).
    pages: usize,
    /// The site's language.
    language: &'a str,
    /// The first word of each word shard, in order.
    words: Vec<&'a str>,
}

/// One page's fragment, as JSON.
#[derive(Serialize)]
pub(super) struct Fragment<'a> {
    pub url: &'a str,
    pub title: &'a str,
    pub section: &'a str,
    /// The ids of its FAQ questions (headings whose part is the answer).
    pub faq: &'a [&'a str],
    /// `[id, heading, text]` for the text before the first heading with an id
    /// (id and heading empty), then each heading with an id.
    pub parts: Vec<[&'a str; 3]>,
}

/// A stem's postings: (page, weighted count, in the title), in page order.
type Postings = Vec<(u32, u32, bool)>;

/// The files of the index of `records` (in page order), as (path below the
/// index folder, contents).
pub(super) fn files(records: &[&Record], language: &str) -> Vec<(String, Vec<u8>)> {
    let stemmer = stemmer(language);
    // Every distinct word with the pages it is on.
    let mut by_word: HashMap<&str, Postings> = HashMap::default();
    for (page, record) in records.iter().enumerate() {
        for (word, count, title) in record.words() {
            by_word
                .entry(word)
                .or_default()
                .push((page as u32, u32::from(count), title));
        }
    }
    // Stem each distinct word once, in parallel.
    let words: Vec<(&str, String, String, Postings)> = by_word
        .into_par_iter()
        .map(|(word, postings)| {
            let stem = match &stemmer {
                Some(s) => s.stem(word).into_owned(),
                None => word.to_string(),
            };
            (word, fold(word).into_owned(), stem, postings)
        })
        .collect();
    // Each stem's words, by their place in `words`. Their postings are
    // joined in the parallel step below, one stem at a time, rather than
    // copied here into a second set of every posting (whose fresh memory
    // the kernel had to clear: half of making the index files).
    let mut by_stem: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, _, stem, _)) in words.iter().enumerate() {
        by_stem.entry(stem).or_default().push(i);
    }

    let lengths: Vec<f64> = records.iter().map(|r| f64::from(r.length.max(1))).collect();
    let average = lengths.iter().sum::<f64>() / lengths.len().max(1) as f64;
    let encoded: Vec<(&str, usize, Vec<u8>)> = by_stem
        .into_par_iter()
        .map(|(stem, forms)| {
            if let [only] = forms[..] {
                // One word: its postings are in page order, a page once.
                let postings = &words[only].3;
                return (stem, postings.len(), encode(postings, &lengths, average));
            }
            let mut postings: Postings =
                Vec::with_capacity(forms.iter().map(|&i| words[i].3.len()).sum());
            for &i in &forms {
                postings.extend_from_slice(&words[i].3);
            }
            postings.sort_unstable();
            // Forms of one stem on one page count together.
            postings.dedup_by(|next, kept| {
                let same = next.0 == kept.0;
                if same {
                    kept.1 += next.1;
                    kept.2 |= next.2;
                }
                same
            });
            let bytes = encode(&postings, &lengths, average);
            (stem, postings.len(), bytes)
        })
        .collect();

    // Postings files, stems in order; where each stem's postings sit.
    let mut postings_files: Vec<Vec<u8>> = vec![Vec::new()];
    let mut place: HashMap<&str, (usize, usize, usize, usize)> = HashMap::default();
    for (stem, pages, bytes) in &encoded {
        if postings_files
            .last()
            .is_some_and(|f| f.len() >= POSTINGS_FILE_BYTES)
        {
            postings_files.push(Vec::new());
        }
        let file = postings_files.len() - 1;
        let current = postings_files.last_mut().expect("a postings file");
        place.insert(stem, (file, current.len(), bytes.len(), *pages));
        current.extend_from_slice(bytes);
    }

    // The dictionary: folded words in order (then stems, for one order).
    let mut entries: Vec<(&str, &str)> = words
        .iter()
        .map(|(_, key, stem, _)| (key.as_str(), stem.as_str()))
        .collect();
    entries.sort_unstable();
    entries.dedup();
    let mut shards: Vec<Vec<u8>> = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut shard = String::new();
    for (key, stem) in entries {
        if shard.len() >= WORD_SHARD_BYTES {
            shard.push(']');
            shards.push(std::mem::take(&mut shard).into_bytes());
        }
        if shard.is_empty() {
            firsts.push(key);
            shard.push('[');
        } else {
            shard.push(',');
        }
        let (file, offset, length, pages) = place[stem];
        let entry = serde_json::json!([key, stem, file, offset, length, pages]);
        shard.push_str(&entry.to_string());
    }
    if !shard.is_empty() {
        shard.push(']');
        shards.push(shard.into_bytes());
    }

    let mut files: Vec<(String, Vec<u8>)> = shards
        .into_iter()
        .enumerate()
        .map(|(i, s)| (format!("w/{i}.bin"), s))
        .chain(
            postings_files
                .into_iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .map(|(i, p)| (format!("p/{i}.bin"), p)),
        )
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(path, bytes)| (path, compress(&bytes)))
        .collect();
    files.extend(
        records
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("f/{i}.bin"), r.fragment.clone())),
    );
    let build = build_hash(&files);
    let meta = Meta {
        version: 1,
        build,
        pages: records.len(),
        language,
        words: firsts,
    };
    files.push((
        "meta.json".to_string(),
        serde_json::to_vec(&meta).expect("meta serializes"),
    ));
    files
}

/// A stem's postings as bytes: page-number gaps as LEB128 varints, each
/// followed by the page's weight for the stem (1 to 127), plus 128 when
/// the page's title holds it.
fn encode(postings: &[(u32, u32, bool)], lengths: &[f64], average: f64) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 2);
    let mut last = 0;
    for &(page, count, title) in postings {
        let mut gap = page - last;
        last = page;
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        let tf = f64::from(count);
        let norm = 1.0 - B + B * lengths[page as usize] / average;
        let weight = tf * (K1 + 1.0) / (tf + K1 * norm) / (K1 + 1.0);
        let weight = (weight * 127.0).round().clamp(1.0, 127.0) as u8;
        out.push(if title { weight | 0x80 } else { weight });
    }
    out
}

/// `bytes` zlib-compressed: what `DecompressionStream("deflate")` reads.
/// Level 2 of zlib-rs: at 10,000 pages it writes 18.3 MB in less time than
/// miniz_oxide's fastest level took for 21.8 MB; the default level was a
/// tenth of the build for 17.1 MB. For the word shards and postings.
pub(super) fn compress(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: RefCell<flate2::Compress> =
            RefCell::new(flate2::Compress::new(flate2::Compression::new(2), true));
    }
    COMPRESSOR.with_borrow_mut(|z| compress_with(z, bytes))
}

/// [`compress`] at zlib-rs's level 1 (fixed Huffman codes), for the pages'
/// fragments, nine-tenths of the index's bytes and of its compressing: the
/// search build is 6.5% faster at 10,000 pages (1,135 ms against 1,214 ms)
/// for fragments a third larger, 5-6 KB more of a query's 35-47 KB.
pub(super) fn compress_fragment(bytes: &[u8]) -> Vec<u8> {
    thread_local! {
        static COMPRESSOR: RefCell<flate2::Compress> =
            RefCell::new(flate2::Compress::new(flate2::Compression::new(1), true));
    }
    COMPRESSOR.with_borrow_mut(|z| compress_with(z, bytes))
}

/// `bytes` through `z`, a thread's compressor, reset first: a new one per
/// page allocated and cleared its window and tables every time, about an
/// eighth of making the search records at 10,000 pages. Reset, it writes
/// the same bytes as a new one.
fn compress_with(z: &mut flate2::Compress, bytes: &[u8]) -> Vec<u8> {
    use flate2::{FlushCompress, Status};
    z.reset();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let read = usize::try_from(z.total_in()).expect("a length in memory");
        let status = z
            .compress_vec(&bytes[read..], &mut out, FlushCompress::Finish)
            .expect("compressing in memory");
        if status == Status::StreamEnd {
            return out;
        }
        // Out of room (the input did not shrink): grow and go on.
        out.reserve(out.capacity());
    }
}

/// A hash of every file's path and bytes: the same files, the same hash;
/// search.js asks for each file with it, so a browser never mixes files
/// of two builds. FxHash reads eight bytes at a step: FNV-1a, a byte at a
/// step, took 50 ms of one core for a 10,000-page index.
fn build_hash(files: &[(String, Vec<u8>)]) -> String {
    use std::hash::Hasher as _;
    let mut hasher = rustc_hash::FxHasher::default();
    for (path, bytes) in files {
        // Lengths first, so no two lists of files read as the same bytes.
        hasher.write_usize(path.len());
        hasher.write(path.as_bytes());
        hasher.write_usize(bytes.len());
        hasher.write(bytes);
    }
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_and_weights() {
        let lengths = [
            100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0,
        ];
        let bytes = encode(&[(2, 1, false), (9, 3, true)], &lengths, 100.0);
        assert_eq!(bytes.len(), 4);
        assert_eq!(bytes[0], 2);
        assert_eq!(bytes[2], 7);
        // More of a word on a page of the same length weighs more.
        assert!(bytes[3] & 0x7f > bytes[1]);
        assert!(
            bytes[1] & 0x80 == 0 && bytes[3] & 0x80 != 0,
            "the title bit"
        );
        let far = encode(&[(300, 1, false)], &[100.0; 301], 100.0);
        assert_eq!(&far[..2], &[0xac, 0x02]);
    }
}
