//! `rapport serve`: build into memory, serve over HTTP, watch the site's
//! files, rebuild on change, and tell the browser to reload.
//!
//! It sits outside the engine (as mdBook's and Zola's `serve` do) and calls
//! the same build API as `rapport build`, with a sink that keeps files in
//! memory: the build's output folder is never touched, and nothing is read
//! from disk to answer a request, so no path can reach outside the site.
//!
//! 1. Build once; on error keep serving (an empty site) and show the error.
//! 2. Serve on 127.0.0.1 (port 1111 or the next free one); HTML responses
//!    get a small reload script, which `rapport build` output never has.
//! 3. Watch `content/`, `static/`, `templates/`, `themes/` and
//!    `rapport.toml` (debounced; editors' write-then-rename saves included);
//!    rebuild, swap the site in, and send `reload` (or `css` when only
//!    stylesheets changed) over Server-Sent Events. A failed rebuild keeps
//!    the last good site and sends `error`, shown as an overlay.

mod server;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::Instant;

use anyhow::Context;
use rapport::output::OutputFile;
use rapport::pipeline::{Session, Update};

use super::SiteArgs;

/// Arguments of `rapport serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The port to serve on; the next free one is used if it is taken (0: any).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. 0.0.0.0 shares the preview with your network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in your web browser.
    #[arg(long)]
    open: bool,
    /// Seconds a connection may stay idle (sending no request, or reading none of a response) before it is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = server::DEFAULT_HEADER_TIMEOUT.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
}

/// A built site in memory: site path (`trust/a/index.html`) -> bytes.
pub(crate) type Files = HashMap<String, Arc<[u8]>>;

/// What the server shares with the watcher.
pub(crate) struct SiteState {
    /// The last site that built.
    pub(crate) files: RwLock<Arc<Files>>,
    /// The current build error, shown to every page that connects.
    pub(crate) error: RwLock<Option<String>>,
    /// Build events for connected pages (JSON messages).
    pub(crate) events: tokio::sync::broadcast::Sender<String>,
    /// The path every URL starts with.
    pub(crate) base_path: String,
}

/// Runs the dev server until interrupted.
pub(crate) fn run(args: ServeArgs) -> anyhow::Result<()> {
    let root = std::fs::canonicalize(&args.site.root)
        .with_context(|| format!("cannot open the site folder {}", args.site.root.display()))?;
    rapport::pipeline::check_root(&root)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = runtime.block_on(server::bind(args.bind, args.port))?;
    let address = listener
        .local_addr()
        .context("cannot read the server's address")?;
    let (events, _) = tokio::sync::broadcast::channel(64);
    let base_path = rapport::pipeline::load_config(&root, None)
        .map(|c| c.base_path())
        .unwrap_or_else(|_| "/".into());
    let state = Arc::new(SiteState {
        files: RwLock::new(Arc::new(Files::new())),
        error: RwLock::new(None),
        events,
        base_path: base_path.clone(),
    });
    let mut builder = Builder::new(&root, args.site.drafts, address, &state);
    builder.rebuild(&[], &state);

    let url = format!("http://{}{base_path}", display_address(address));
    println!("Serving {} at {url} (press Ctrl+C to stop)", root.display());
    if !address.ip().is_loopback() {
        println!(
            "warning: listening on {}: anyone on your network can read this preview, drafts included",
            address.ip()
        );
    }
    let _watcher = watch::start(root.clone(), builder, Arc::clone(&state))?;
    if args.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("warning: could not open a browser ({e}); open {url} yourself");
        }
    }
    let header_timeout = std::time::Duration::from_secs(args.header_timeout);
    runtime.block_on(server::serve(listener, state, header_timeout))
}

fn display_address(address: SocketAddr) -> String {
    if address.ip().is_unspecified() {
        format!("127.0.0.1:{}", address.port())
    } else {
        address.to_string()
    }
}

/// Builds the site into memory and keeps it current: the watcher thread owns
/// one, so only one build runs at a time.
pub(crate) struct Builder {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    /// The engine's session; `None` until a build succeeds.
    session: Option<Session>,
    /// Counts rebuilds, so a search index built for an older one is dropped.
    search_generation: Arc<AtomicU64>,
    /// Work for the search indexer thread.
    search_jobs: mpsc::Sender<(u64, rapport::search::Records)>,
}

/// How long saves must pause before the search index is rebuilt: indexing
/// takes a core for a while, and the next save's rebuild should not wait.
const SEARCH_SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

/// Builds the search index after partial updates, one at a time, for the
/// newest rebuild only, and swaps it in unless a newer rebuild came first.
fn index_searches(
    jobs: mpsc::Receiver<(u64, rapport::search::Records)>,
    latest: Arc<AtomicU64>,
    state: Arc<SiteState>,
) {
    while let Ok(mut job) = jobs.recv() {
        loop {
            std::thread::sleep(SEARCH_SETTLE);
            match jobs.try_iter().last() {
                Some(newer) => job = newer,
                None => break,
            }
        }
        let (generation, records) = job;
        if latest.load(Ordering::SeqCst) != generation {
            continue;
        }
        let start = Instant::now();
        let index = match records.index() {
            Ok(index) => index,
            Err(error) => {
                say(&format!(
                    "warning: the search index is out of date: {error}"
                ));
                continue;
            }
        };
        let mut current = state.files.write().expect("the site lock");
        if latest.load(Ordering::SeqCst) != generation {
            continue;
        }
        let mut files = Files::clone(&current);
        files.retain(|path, _| !path.starts_with(rapport::search::BUNDLE_DIR));
        files.extend(
            index
                .into_iter()
                .map(|(path, bytes)| (path, Arc::from(bytes))),
        );
        *current = Arc::new(files);
        drop(current);
        say(&format!(
            "search index updated in {:.1} ms",
            start.elapsed().as_secs_f64() * 1000.0
        ));
    }
}

impl Builder {
    /// A builder for the site at `root`, served at `address`.
    pub(crate) fn new(
        root: &Path,
        drafts: bool,
        address: SocketAddr,
        state: &Arc<SiteState>,
    ) -> Self {
        let search_generation = Arc::new(AtomicU64::new(0));
        let (search_jobs, jobs) = mpsc::channel();
        let latest = Arc::clone(&search_generation);
        let shared = Arc::clone(state);
        std::thread::spawn(move || index_searches(jobs, latest, shared));
        Builder {
            root: root.to_path_buf(),
            drafts,
            base_url: format!("http://{}{}", display_address(address), state.base_path),
            session: None,
            search_generation,
            search_jobs,
        }
    }

    /// A partial update leaves the search index as it was; the indexer
    /// thread builds it again (the reload does not wait for it).
    fn reindex(&self, generation: u64) {
        if let Some(records) = self.session.as_ref().and_then(Session::search_records) {
            let _ = self.search_jobs.send((generation, records.clone()));
        }
    }

    /// Rebuilds after `changed` (all of it when empty), swaps the new files
    /// in on success, tells connected pages, and prints one line.
    pub(crate) fn rebuild(&mut self, changed: &[PathBuf], state: &Arc<SiteState>) -> bool {
        let start = Instant::now();
        // Any rebuild makes a search index still being built out of date.
        let generation = self.search_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let made = Mutex::new(Vec::new());
        let sink = |path: String, file: OutputFile| -> Result<(), rapport::Error> {
            let bytes: Arc<[u8]> = match file {
                OutputFile::Generated(bytes) => bytes.into(),
                OutputFile::Embedded(bytes) => bytes.into(),
                OutputFile::Copied(source) => std::fs::read(&source)
                    .map_err(|e| rapport::Error::io(&source, e))?
                    .into(),
            };
            made.lock().expect("the file list").push((path, bytes));
            Ok(())
        };
        let result = match (&mut self.session, changed.is_empty()) {
            (Some(session), false) => session.update(changed, &sink),
            _ => Session::start(&self.root, self.drafts, Some(&self.base_url), &sink).map(
                |(session, summary)| {
                    self.session = Some(session);
                    Update::Whole(summary)
                },
            ),
        };
        let made = made.into_inner().expect("the file list");
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        let what = describe(&self.root, changed);
        match result {
            Ok(Update::Partial(summary)) if summary.files == 0 => true,
            Ok(update) => {
                let (summary, whole) = match update {
                    Update::Whole(s) => (s, true),
                    Update::Partial(s) => (s, false),
                };
                {
                    let mut current = state.files.write().expect("the site lock");
                    let mut files = if whole {
                        Files::with_capacity(made.len())
                    } else {
                        Files::clone(&current)
                    };
                    files.extend(made);
                    *current = Arc::new(files);
                }
                if !whole {
                    self.reindex(generation);
                }
                *state.error.write().expect("the error lock") = None;
                let only_css = !changed.is_empty()
                    && changed
                        .iter()
                        .all(|p| p.extension().is_some_and(|e| e == "css"));
                let message = if only_css {
                    r#"{"type":"css"}"#
                } else {
                    r#"{"type":"reload"}"#
                };
                let _ = state.events.send(message.to_string());
                let how = if whole { "rebuilt" } else { "updated" };
                say(&format!(
                    "{what}: {how} {} files of {} pages in {elapsed:.1} ms",
                    summary.files, summary.pages
                ));
                true
            }
            Err(error) => {
                let text = error_text(&error, &self.root);
                say(&format!(
                    "{what}: the build failed in {elapsed:.1} ms; still serving the last good site:\n{text}"
                ));
                let message = serde_json::json!({ "type": "error", "message": text }).to_string();
                *state.error.write().expect("the error lock") = Some(message.clone());
                let _ = state.events.send(message);
                false
            }
        }
    }
}

/// "content/trust/a.md changed", "3 files changed", or "start".
fn describe(root: &Path, changed: &[PathBuf]) -> String {
    match changed {
        [] => "start".into(),
        [one] => format!(
            "{} changed",
            one.strip_prefix(root).unwrap_or(one).display()
        ),
        many => format!("{} files changed", many.len()),
    }
}

/// Prints a log line. A closed stdout (`rapport serve | head`) must not stop
/// the server, so write errors are ignored where `println!` would panic.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The error as the terminal and the browser overlay show it (no colour).
fn error_text(error: &rapport::Error, root: &Path) -> String {
    match error {
        rapport::Error::Diagnostics(list) => {
            crate::cli::report::render_diagnostics(list, Some(root), false)
                .trim_end()
                .to_string()
        }
        other => format!("error: {other}"),
    }
}

/// The folders and file `rapport serve` watches.
pub(crate) fn watched_paths(root: &Path) -> Vec<PathBuf> {
    ["content", "static", "templates", "themes"]
        .iter()
        .map(|d| root.join(d))
        .filter(|p| p.is_dir())
        .collect()
}
