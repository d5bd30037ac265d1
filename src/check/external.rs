//! `rapport check --external`: links to other sites, requested for real.
//!
//! It runs only when asked (`rapport check --external`), never during
//! `build` or `serve`: it is slow, needs the network, and its answer depends
//! on other people's servers, so a build must never fail on it.
//!
//! 1. The caller gathers every `http://` and `https://` address with the
//!    places it is used, as a plain list of [`ExternalLink`]s: markdown links
//!    and images, and raw HTML `href`, `src` and `srcset`, come from
//!    [`links_in_markdown`]; any other source only has to produce the same
//!    list and call [`check_external`].
//! 2. Each distinct address is requested once, without its `#fragment`:
//!    `HEAD` first, then `GET` when the server refuses `HEAD` (405, 403,
//!    501) or breaks off. At most [`ExternalOptions::per_host`] requests go
//!    to one host at a time and [`ExternalOptions::total`] overall, on plain
//!    threads (a blocking client; no async runtime). Each request has a
//!    time-out, and redirects are not followed: a moved page is reported
//!    with its new address.
//! 3. Answers that were fine (2xx) or redirects are kept in a cache file,
//!    `<site>/.rapport-cache/external-links.json`, for
//!    [`ExternalOptions::max_age`] (24 hours), so a second run asks again only
//!    for what failed. It is written atomically (a temporary file renamed).
//! 4. Every place an address is used gets a finding: `external-link` (an
//!    error: the other site answers 4xx/5xx, or the address is invalid),
//!    `external-redirect` (a warning naming the new address) or
//!    `external-timeout` (a warning: the host did not answer in time or
//!    could not be reached).
//!
//! Fragments are not checked against the other page's ids: that would mean
//! downloading and parsing every page, and many sites build their ids with
//! scripts.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Finding;
use crate::error::Code;
use crate::markdown::scan::scan;

/// The folder, inside the site folder, that holds Rapport's caches.
pub const CACHE_DIR: &str = ".rapport-cache";

/// The cache file of external link results, inside [`CACHE_DIR`].
pub const CACHE_FILE: &str = "external-links.json";

/// The version of the cache file's layout; a file with another is ignored.
const CACHE_VERSION: u32 = 1;

/// One use of an address on another site: where it points and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    /// The address as written, `#fragment` included (`https://example.org/a#b`).
    pub url: String,
    /// The file that uses it, relative to the site folder (`content/a.md`).
    pub file: String,
    /// The 1-based line in that file.
    pub line: usize,
    /// The 1-based column (in characters), when the source knows it.
    pub column: Option<usize>,
}

/// How [`check_external`] asks.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The longest one request may take, connecting included (default 10 s).
    pub timeout: Duration,
    /// Requests at a time to one host (default 2), to be polite.
    pub per_host: usize,
    /// Requests at a time overall (default 8).
    pub total: usize,
    /// The cache file; `None` asks every time and writes nothing.
    pub cache_file: Option<PathBuf>,
    /// How long a good answer or a redirect is reused from the cache
    /// (default 24 hours). Failures and time-outs are always asked again.
    pub max_age: Duration,
    /// The `User-Agent` header (`rapport-link-check/VERSION`).
    pub user_agent: String,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            per_host: 2,
            total: 8,
            cache_file: None,
            max_age: Duration::from_secs(24 * 60 * 60),
            user_agent: format!("rapport-link-check/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl ExternalOptions {
    /// The defaults, with the cache file of the site in `root`
    /// (`root/.rapport-cache/external-links.json`).
    pub fn for_site(root: &Path) -> Self {
        ExternalOptions {
            cache_file: Some(root.join(CACHE_DIR).join(CACHE_FILE)),
            ..ExternalOptions::default()
        }
    }
}

/// Whether `dest` is an address on another site (`http://` or `https://`).
pub fn is_external(dest: &str) -> bool {
    let bytes = dest.trim_start().as_bytes();
    let has = |scheme: &[u8]| {
        bytes
            .get(..scheme.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(scheme))
    };
    has(b"http://") || has(b"https://")
}

/// Characters a browser sends percent-encoded but authors write as they
/// are; `http::Uri` (under ureq) refuses them raw. Non-ASCII is always encoded.
const UNSAFE_IN_URL: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// The address as a browser would send it (`/wiki/Übung` as `/wiki/%C3%9Cbung`).
fn request_target(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, UNSAFE_IN_URL).to_string()
}

/// Every external link and image of a markdown body, and every external
/// URL of its raw HTML (`href`, `src`, `srcset`, `poster`). `first_line` is the
/// file line where the body starts; `file` names it in findings. The column
/// is where the address is written on the link's line (the k-th time for
/// its k-th use there); `None` when it is elsewhere (a reference definition).
pub fn links_in_markdown(body: &str, first_line: usize, file: &str) -> Vec<ExternalLink> {
    let scanned = scan(body, first_line, &[], "en");
    let lines: Vec<&str> = body.lines().collect();
    let mut seen: HashMap<(usize, String), usize> = HashMap::new();
    let links = scanned.links.iter().map(|l| (l.dest.trim(), l.line));
    let images = scanned.images.iter().map(|i| (i.dest.trim(), i.line));
    let mut found: Vec<ExternalLink> = links
        .chain(images)
        .filter(|(dest, _)| is_external(dest))
        .map(|(dest, line)| ExternalLink {
            url: dest.to_string(),
            file: file.to_string(),
            line,
            column: None,
        })
        .collect();
    // Links come before images above; columns are counted in file order.
    found.sort_by_key(|l| l.line);
    for link in &mut found {
        let Some(text) = lines.get(link.line.wrapping_sub(first_line)) else {
            continue;
        };
        let nth = seen.entry((link.line, link.url.clone())).or_default();
        link.column = text
            .match_indices(link.url.as_str())
            .nth(*nth)
            .map(|(byte, _)| text[..byte].chars().count() + 1);
        *nth += 1;
    }
    // Raw HTML `href`, `src` and `srcset` know their own columns.
    for tag in &scanned.html_tags {
        for attr in &tag.attrs {
            if !matches!(attr.name.as_str(), "href" | "src" | "srcset" | "poster") {
                continue;
            }
            let urls = crate::html::attribute_urls(&attr.name, &attr.value);
            for url in urls.into_iter().filter(|u| is_external(u)) {
                found.push(ExternalLink {
                    url: url.to_string(),
                    file: file.to_string(),
                    line: attr.line,
                    column: Some(attr.column),
                });
            }
        }
    }
    found.sort_by_key(|l| (l.line, l.column));
    found
}

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Outcome {
    /// A 2xx answer (or a 3xx without a new address).
    Ok {
        /// The status code.
        status: u16,
    },
    /// A 3xx answer naming a new address.
    Redirect {
        /// The status code (301, 302, 303, 307, 308).
        status: u16,
        /// The new address, made absolute.
        location: String,
    },
    /// A 4xx or 5xx answer.
    Broken {
        /// The status code.
        status: u16,
    },
    /// No answer within the time-out.
    Timeout,
    /// No connection (unknown host, refused, TLS failure), or 429 Too Many Requests.
    Unreachable {
        /// Why, in a few words.
        reason: String,
    },
    /// The address cannot be requested at all.
    Invalid {
        /// Why, in a few words.
        reason: String,
    },
}

impl Outcome {
    /// Whether the answer may be reused from the cache: good answers and
    /// redirects only; anything that failed is asked again next time.
    pub fn is_cacheable(&self) -> bool {
        matches!(self, Outcome::Ok { .. } | Outcome::Redirect { .. })
    }
}

/// Checks every link in `links` and returns a finding for every use of an
/// address that is broken, moved or not answering. Each distinct address
/// (without its fragment) is requested at most once; the cache in
/// `options.cache_file` is read first and updated after. A cache that
/// cannot be read is ignored, one that cannot be written is skipped: it
/// only saves time.
pub fn check_external(links: &[ExternalLink], options: &ExternalOptions) -> Vec<Finding> {
    let mut uses: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for link in links {
        uses.entry(without_fragment(&link.url))
            .or_default()
            .push(link);
    }
    let now = unix_now();
    let mut cache = options
        .cache_file
        .as_deref()
        .map(read_cache)
        .unwrap_or_default();
    let max_age = options.max_age.as_secs();
    // Only fresh good answers count; everything else is asked again.
    cache.entries.retain(|_, entry| {
        entry.outcome.is_cacheable() && entry.checked <= now && now - entry.checked < max_age
    });

    let mut outcomes: HashMap<String, Outcome> = HashMap::new();
    let mut to_ask = Vec::new();
    for url in uses.keys() {
        match cache.entries.get(*url) {
            Some(entry) => {
                outcomes.insert(url.to_string(), entry.outcome.clone());
            }
            None => to_ask.push(url.to_string()),
        }
    }
    let asked = request_all(to_ask, options);
    for (url, outcome) in asked {
        if outcome.is_cacheable() {
            cache.entries.insert(
                url.clone(),
                CacheEntry {
                    checked: now,
                    outcome: outcome.clone(),
                },
            );
        }
        outcomes.insert(url, outcome);
    }
    if let Some(path) = &options.cache_file {
        // A read-only site folder still gets checked, only more slowly.
        let _ = write_cache(path, &cache);
    }

    let mut findings = Vec::new();
    for (url, places) in &uses {
        if let Some(outcome) = outcomes.get(*url) {
            findings.extend(findings_for(url, places, outcome, options.timeout));
        }
    }
    findings
}

/// The address without its `#fragment`: what is requested and cached.
fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// `scheme://host[:port]` and the host part (`host[:port]`, lowercase) of an address.
fn origin_and_host(url: &str) -> (&str, String) {
    let Some(scheme_end) = url.find("://") else {
        return (url, String::new());
    };
    let rest = &url[scheme_end + 3..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (&url[..scheme_end + 3 + end], host.to_ascii_lowercase())
}

/// Makes a `Location` header absolute against the address that sent it.
fn resolve_location(base: &str, location: &str) -> String {
    let location = location.trim();
    if is_external(location) {
        return location.to_string();
    }
    let (origin, _) = origin_and_host(base);
    if let Some(rest) = location.strip_prefix("//") {
        let scheme = base.split("://").next().unwrap_or("https");
        return format!("{scheme}://{rest}");
    }
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    // A relative path: beside the last `/` of the base path.
    let path_and_query = &base[origin.len()..];
    let path = path_and_query.split(['?', '#']).next().unwrap_or("");
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let dir = if dir.is_empty() { "/" } else { dir };
    format!("{origin}{dir}{location}")
}

/// The work queue shared by the request threads: pending addresses, and
/// how many requests each host has running.
struct Queue {
    pending: VecDeque<(String, String)>,
    busy: HashMap<String, usize>,
}

/// Requests every address, a few at a time per host and overall.
fn request_all(urls: Vec<String>, options: &ExternalOptions) -> Vec<(String, Outcome)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        // A redirect is a finding of its own, so it must not be followed.
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(options.user_agent.as_str())
        .build()
        .into();
    let threads = options.total.max(1).min(urls.len());
    let per_host = options.per_host.max(1);
    let queue = Mutex::new(Queue {
        pending: urls
            .into_iter()
            .map(|url| {
                let host = origin_and_host(&url).1;
                (url, host)
            })
            .collect(),
        busy: HashMap::new(),
    });
    let changed = Condvar::new();
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    // Take the first address whose host has a free slot;
                    // wait while every pending host is busy.
                    let (url, host) = {
                        let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if q.pending.is_empty() {
                                return;
                            }
                            let free = q.pending.iter().position(|(_, host)| {
                                q.busy.get(host).copied().unwrap_or(0) < per_host
                            });
                            if let Some(index) = free {
                                let job = q.pending.remove(index).expect("index is in range");
                                *q.busy.entry(job.1.clone()).or_default() += 1;
                                break job;
                            }
                            q = changed.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let outcome = request(&agent, &url);
                    {
                        let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                        if let Some(n) = q.busy.get_mut(&host) {
                            *n -= 1;
                        }
                    }
                    changed.notify_all();
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((url, outcome));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// One address: `HEAD`, then `GET` if the server refuses `HEAD` or breaks off.
fn request(agent: &ureq::Agent, url: &str) -> Outcome {
    let target = request_target(url);
    match agent.head(&target).call() {
        // Servers that do not implement HEAD, or block it, often answer GET.
        Ok(response) if matches!(response.status().as_u16(), 403 | 405 | 501) => {
            get(agent, url, &target)
        }
        Ok(response) => classify(url, &response),
        Err(error) if is_worth_a_get(&error) => get(agent, url, &target),
        Err(error) => from_error(error),
    }
}

/// The `GET` fallback; its body is never read.
fn get(agent: &ureq::Agent, url: &str, target: &str) -> Outcome {
    match agent.get(target).call() {
        Ok(response) => classify(url, &response),
        Err(error) => from_error(error),
    }
}

/// Whether a failed `HEAD` may go better as `GET`: not when the host is
/// unknown, refuses connections or did not answer in time (asking again
/// would only double the wait), nor when the address or TLS is at fault.
fn is_worth_a_get(error: &ureq::Error) -> bool {
    match error {
        ureq::Error::Timeout(_)
        | ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::Tls(_)
        | ureq::Error::Rustls(_) => false,
        ureq::Error::Io(io) => io.kind() != std::io::ErrorKind::ConnectionRefused,
        _ => true,
    }
}

fn classify(url: &str, response: &ureq::http::Response<ureq::Body>) -> Outcome {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty());
    match status {
        300..=399 => match location {
            Some(location) => Outcome::Redirect {
                status,
                location: resolve_location(url, location),
            },
            None => Outcome::Ok { status },
        },
        // Rate limiting says nothing about the page itself.
        429 => Outcome::Unreachable {
            reason: "it answered 429 Too Many Requests".to_string(),
        },
        400..=599 => Outcome::Broken { status },
        _ => Outcome::Ok { status },
    }
}

fn from_error(error: ureq::Error) -> Outcome {
    match error {
        ureq::Error::Timeout(_) => Outcome::Timeout,
        ureq::Error::BadUri(reason) => Outcome::Invalid { reason },
        ureq::Error::HostNotFound => Outcome::Unreachable {
            reason: "its host name was not found".to_string(),
        },
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut => Outcome::Timeout,
            std::io::ErrorKind::ConnectionRefused => Outcome::Unreachable {
                reason: "it refused the connection".to_string(),
            },
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted => {
                Outcome::Unreachable {
                    reason: "it closed the connection".to_string(),
                }
            }
            // The operating system's words, without ureq's "io: " prefix.
            _ => Outcome::Unreachable {
                reason: io.to_string(),
            },
        },
        other => Outcome::Unreachable {
            reason: other.to_string(),
        },
    }
}

/// The standard reason phrase of the status codes links meet most.
fn reason_phrase(status: u16) -> &'static str {
    match status {
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn status_text(status: u16) -> String {
    match reason_phrase(status) {
        "" => status.to_string(),
        phrase => format!("{status} {phrase}"),
    }
}

/// "3 s", "1.5 s".
fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs} s")
    }
}

/// One finding per place `url` is used; the help names the other places.
fn findings_for(
    url: &str,
    places: &[&ExternalLink],
    outcome: &Outcome,
    timeout: Duration,
) -> Vec<Finding> {
    let (code, message, help) = match outcome {
        Outcome::Ok { .. } => return Vec::new(),
        Outcome::Redirect { status, location } => (
            Code::ExternalRedirect,
            format!("{url} redirects ({}) to {location}", status_text(*status)),
            format!("update the link to the new address: {location}"),
        ),
        Outcome::Broken { status } => (
            Code::ExternalLink,
            format!("{url} answers {}", status_text(*status)),
            if matches!(status, 404 | 410) {
                "the page is gone: remove the link, or fix it to point at the page's new address"
                    .to_string()
            } else {
                "open it in a browser; remove the link or fix its address if the page is broken"
                    .to_string()
            },
        ),
        Outcome::Invalid { reason } => (
            Code::ExternalLink,
            format!("{url} is not an address that can be requested ({reason})"),
            "fix the address, or remove the link".to_string(),
        ),
        Outcome::Timeout => (
            Code::ExternalTimeout,
            format!(
                "the host of {url} did not answer in {}",
                seconds(timeout)
            ),
            "check it again later (or with a longer --timeout); if the site is gone, remove the link or fix its address"
                .to_string(),
        ),
        Outcome::Unreachable { reason } => (
            Code::ExternalTimeout,
            format!("the host of {url} could not be reached: {reason}"),
            "check it again later; if the site is gone, remove the link or fix its address"
                .to_string(),
        ),
    };
    places
        .iter()
        .map(|place| {
            let others: Vec<String> = places
                .iter()
                .filter(|p| !std::ptr::eq(**p, *place))
                .map(|p| location_text(p))
                .collect();
            let mut help = help.clone();
            if !others.is_empty() {
                help.push_str(&format!("; also used at {}", list_places(&others)));
            }
            let mut finding =
                Finding::new(code, &place.file, Some(place.line), message.clone()).with_help(help);
            finding.column = place.column;
            finding
        })
        .collect()
}

/// `content/a.md:3` or `content/a.md:3:14`.
fn location_text(link: &ExternalLink) -> String {
    match link.column {
        Some(column) => format!("{}:{}:{column}", link.file, link.line),
        None => format!("{}:{}", link.file, link.line),
    }
}

/// The first five places, then how many more.
fn list_places(places: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = places
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if places.len() > SHOWN {
        text.push_str(&format!(" and {} more", places.len() - SHOWN));
    }
    text
}

/// The cache file: answers by address (fragment removed).
#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: BTreeMap<String, CacheEntry>,
}

/// One cached answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    /// When it was asked, in seconds since 1970 (UTC).
    checked: u64,
    /// What it answered.
    outcome: Outcome,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The cache, or an empty one when the file is missing, unreadable or of another version.
fn read_cache(path: &Path) -> CacheFile {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str::<CacheFile>(&text).ok())
        .filter(|cache| cache.version == CACHE_VERSION)
        .unwrap_or_default()
}

/// Writes the cache atomically: a temporary file beside it, then a rename,
/// so a run that is stopped never leaves half a file.
fn write_cache(path: &Path, cache: &CacheFile) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file = CacheFile {
        version: CACHE_VERSION,
        entries: cache.entries.clone(),
    };
    let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, text.as_bytes())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_addresses_are_http_and_https_only() {
        assert!(is_external("https://example.org/"));
        assert!(is_external("HTTP://example.org"));
        assert!(!is_external("/about/"));
        assert!(!is_external("mailto:a@example.org"));
        assert!(!is_external("@/trust/a.md"));
        assert!(!is_external("http"));
        assert!(is_external("http://é.example/"));
    }

    #[test]
    fn addresses_are_sent_as_a_browser_sends_them() {
        assert_eq!(
            request_target("https://de.example/wiki/Übung?q=a b|c"),
            "https://de.example/wiki/%C3%9Cbung?q=a%20b%7Cc"
        );
        assert_eq!(
            request_target("https://a.example/x%20y"),
            "https://a.example/x%20y"
        );
    }

    #[test]
    fn locations_are_made_absolute() {
        let base = "http://127.0.0.1:8080/a/b?x=1";
        assert_eq!(resolve_location(base, "/ok"), "http://127.0.0.1:8080/ok");
        assert_eq!(resolve_location(base, "c"), "http://127.0.0.1:8080/a/c");
        assert_eq!(
            resolve_location(base, "//other.example/x"),
            "http://other.example/x"
        );
        assert_eq!(
            resolve_location(base, "https://new.example/"),
            "https://new.example/"
        );
        assert_eq!(
            resolve_location("https://a.example", "x"),
            "https://a.example/x"
        );
    }

    #[test]
    fn hosts_group_by_authority_without_user_info() {
        assert_eq!(
            origin_and_host("https://me@Example.org:8443/x#y"),
            (
                "https://me@Example.org:8443",
                "example.org:8443".to_string()
            )
        );
        assert_eq!(
            without_fragment("https://a.example/x#y"),
            "https://a.example/x"
        );
    }

    /// (address, line, column) of each collected link.
    fn found(links: &[ExternalLink]) -> Vec<(&str, usize, Option<usize>)> {
        links
            .iter()
            .map(|l| (l.url.as_str(), l.line, l.column))
            .collect()
    }

    #[test]
    fn markdown_links_and_images_to_other_sites_are_collected_with_lines() {
        let body = "Intro\n\n[NHS](https://www.nhs.uk/ \"t\") and [local](/about/)\n\n![Logo](http://example.org/logo.png)\n";
        let links = links_in_markdown(body, 5, "content/a.md");
        assert_eq!(
            found(&links),
            [
                ("https://www.nhs.uk/", 7, Some(7)),
                ("http://example.org/logo.png", 9, Some(9))
            ]
        );
    }

    #[test]
    fn raw_html_addresses_come_with_their_columns() {
        let body = "Intro\n\n<p>See <a href=\"https://www.nhs.uk/\">NHS</a> <img src=\"/own.png\" srcset=\"https://cdn.example/a.png 2x\" alt=\"\"></p>\n";
        let links = links_in_markdown(body, 1, "content/a.md");
        assert_eq!(
            found(&links),
            [
                ("https://www.nhs.uk/", 3, Some(17)),
                ("https://cdn.example/a.png", 3, Some(74))
            ]
        );
    }

    #[test]
    fn the_same_address_twice_on_a_line_gets_two_columns() {
        let body = "[é](https://a.example/) or [b](https://a.example/)\n\n[c][r]\n\n[r]: https://b.example/\n";
        let links = links_in_markdown(body, 1, "content/a.md");
        assert_eq!(
            found(&links),
            [
                ("https://a.example/", 1, Some(5)),
                ("https://a.example/", 1, Some(32)),
                ("https://b.example/", 3, None)
            ]
        );
    }
}
