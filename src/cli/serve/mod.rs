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
//! 3. Watch `content/`, `static/`, `templates/`, `themes/`,
//!    `i18n/` and `rapport.toml` (debounced; editors' write-then-rename saves included);
//!    rebuild, swap the site in, and send `reload` (or `css` when only
//!    stylesheets changed) over Server-Sent Events. A failed rebuild keeps
//!    the last good site and sends `error`, shown as an overlay. A rebuild
//!    that panics (a bug in Rapport or in a plugin) fails the same way, and
//!    the next change rebuilds the whole site: the watcher goes on (issue 18).

mod server;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::panic::AssertUnwindSafe;
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
    /// The current check findings (a `findings` message), shown likewise.
    pub(crate) findings: RwLock<Option<String>>,
    /// Build events for connected pages (JSON messages).
    pub(crate) events: tokio::sync::broadcast::Sender<String>,
    /// The path every URL starts with.
    pub(crate) base_path: String,
}

/// Runs the dev server until interrupted.
pub(crate) fn run(args: ServeArgs) -> anyhow::Result<()> {
    // Plugins run in process groups of their own: stop them with us.
    crate::cli::on_interrupt(|| {});
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
        findings: RwLock::new(None),
        events,
        base_path: base_path.clone(),
    });
    let mut builder = Builder::new(&root, args.site.drafts, address, &state);
    builder.rebuild(&[], &state);

    let url = format!("http://{}{base_path}", display_address(address));
    say(&format!(
        "Serving {} at {url} (press Ctrl+C to stop)",
        root.display()
    ));
    if !address.ip().is_loopback() {
        say(&format!(
            "warning: listening on {}: anyone on your network can read this preview, drafts included",
            address.ip()
        ));
    }
    let _watcher = watch::start(root.clone(), builder, Arc::clone(&state))?;
    if args.open {
        if let Err(e) = open::that_detached(&url) {
            super::print_err(format_args!(
                "warning: could not open a browser ({e}); open {url} yourself\n"
            ));
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
    search_jobs: mpsc::Sender<(u64, SearchJob)>,
    /// What `rapport check` found after the last good build, to log only
    /// what is new after the next.
    findings: std::collections::HashSet<String>,
    /// Each unchanged page's findings, so a save lints only what it changed.
    lint_cache: rapport::check::LintCache,
}

/// How long saves must pause before the search index is rebuilt: indexing
/// takes a core for a while, and the next save's rebuild should not wait.
const SEARCH_SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

/// The search records to index, each with the folder its language's
/// files go under (`""` for the site's own, `es/`).
type SearchJob = Vec<(String, rapport::search::Records)>;

/// Builds the search index after partial updates, one at a time, for the
/// newest rebuild only, and swaps it in unless a newer rebuild came first.
fn index_searches(
    jobs: mpsc::Receiver<(u64, SearchJob)>,
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
        let (generation, languages) = job;
        if latest.load(Ordering::SeqCst) != generation {
            continue;
        }
        let start = Instant::now();
        // A panic in the indexer would end this thread, and search would
        // stay stale for the rest of the session; the records are this
        // job's own, so nothing half done outlives it.
        let indexed = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut files = Vec::new();
            for (prefix, records) in &languages {
                let index = records.index()?;
                files.extend(
                    index
                        .into_iter()
                        .map(|(path, bytes)| (format!("{prefix}{path}"), bytes)),
                );
            }
            Ok::<_, rapport::Error>(files)
        }));
        let index = match indexed {
            Ok(Ok(index)) => index,
            Ok(Err(error)) => {
                say(&format!(
                    "warning: the search index is out of date: {error}"
                ));
                continue;
            }
            Err(payload) => {
                say(&format!(
                    "warning: the search index is out of date: the indexer stopped on an internal error: {}",
                    panic_message(payload.as_ref())
                ));
                continue;
            }
        };
        let mut current = state.files.write().expect("the site lock");
        if latest.load(Ordering::SeqCst) != generation {
            continue;
        }
        let mut files = Files::clone(&current);
        files.retain(|path, _| {
            !languages.iter().any(|(prefix, _)| {
                path.starts_with(&format!("{prefix}{}", rapport::search::BUNDLE_DIR))
            })
        });
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
            findings: std::collections::HashSet::new(),
            lint_cache: rapport::check::LintCache::default(),
        }
    }

    /// A partial update leaves the search index as it was; the indexer
    /// thread builds it again (the reload does not wait for it).
    fn reindex(&self, generation: u64) {
        if let Some(session) = &self.session {
            let languages: SearchJob = session
                .search_records_by_language()
                .into_iter()
                .map(|(prefix, records)| (prefix, records.clone()))
                .collect();
            if !languages.is_empty() {
                let _ = self.search_jobs.send((generation, languages));
            }
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
        // A panic (a bug in Rapport or in a plugin) must not end the watcher
        // thread, or edits silently stop showing (issue 18): it becomes a
        // build error like any other. Unwind safety is asserted because
        // everything the panic may have left half done is dropped below:
        // the session, and the files made so far.
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            match (&mut self.session, changed.is_empty()) {
                (Some(session), false) => session.update(changed, &sink),
                _ => Session::start(&self.root, self.drafts, Some(&self.base_url), &sink).map(
                    |(session, summary)| {
                        self.session = Some(session);
                        Update::Whole(summary)
                    },
                ),
            }
        }));
        let result = match outcome {
            Ok(result) => result.map_err(|error| error_text(&error, &self.root)),
            Err(payload) => {
                // The next change rebuilds the whole site from the files.
                self.session = None;
                Err(panic_text(payload.as_ref()))
            }
        };
        let made = made.into_inner().unwrap_or_default();
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
                self.report_findings(state);
                true
            }
            Err(text) => {
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

    /// Runs `rapport check`'s lints on the site just built (after the reload
    /// went out, so the page does not wait), logs each finding not seen after
    /// the last build, and sends them all to the pages: errors (an image
    /// without alt text, which `rapport build` refuses) in the overlay,
    /// warnings in a small panel a writer can dismiss.
    fn report_findings(&mut self, state: &Arc<SiteState>) {
        let Some(session) = &self.session else { return };
        if session.site().is_none() {
            return;
        }
        let Ok(report) = rapport::check::lint_session(&self.root, session, Some(&self.lint_cache))
        else {
            return;
        };
        let key = |f: &rapport::check::Finding| {
            format!(
                "{}:{}:{}:{}",
                f.code.as_str(),
                f.file,
                f.line.unwrap_or(0),
                f.message
            )
        };
        let fresh: Vec<&rapport::check::Finding> = report
            .findings
            .iter()
            .filter(|f| !self.findings.contains(&key(f)))
            .collect();
        if !fresh.is_empty() {
            say(crate::cli::report::render_findings(&fresh, Some(&self.root), false).trim_end());
        }
        self.findings = report.findings.iter().map(key).collect();
        let of = |severity: rapport::check::Severity| -> Vec<&rapport::check::Finding> {
            report
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .collect()
        };
        let (errors, warnings) = (
            of(rapport::check::Severity::Error),
            of(rapport::check::Severity::Warning),
        );
        // The first few of each kind: a site with 30,000 warnings would
        // otherwise send 10 MB to every page after every save.
        let text = |list: &[&rapport::check::Finding]| {
            let shown = &list[..list.len().min(SHOWN_FINDINGS)];
            let mut text = crate::cli::report::render_findings(shown, Some(&self.root), false)
                .trim_end()
                .to_string();
            if list.len() > shown.len() {
                text.push_str(&format!(
                    "\n\n... and {} more: run `rapport check` to see them all",
                    list.len() - shown.len()
                ));
            }
            text
        };
        let message = serde_json::json!({
            "type": "findings",
            "errors": text(&errors),
            "error_count": errors.len(),
            "warnings": text(&warnings),
            "warning_count": warnings.len(),
        })
        .to_string();
        *state.findings.write().expect("the findings lock") = Some(message.clone());
        let _ = state.events.send(message);
    }
}

/// How many findings of each kind the page's overlay and panel show.
const SHOWN_FINDINGS: usize = 50;

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

/// A panic's message as a build error: the terminal and the overlay say
/// what happened and that the preview goes on.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    format!(
        "error: the build stopped on an internal error (a bug in Rapport or in a plugin): {}\n \
         = help: undo the last change to carry on, and report the bug with it; \
         the preview keeps watching and rebuilds on the next change",
        panic_message(payload)
    )
}

/// What a panic said, when it said it with a string (as `panic!` does).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// The folders of a site that `rapport serve` watches, besides `rapport.toml`.
pub(crate) const WATCHED_DIRS: &[&str] = &["content", "static", "templates", "themes", "i18n"];

/// The folders and file `rapport serve` watches.
pub(crate) fn watched_paths(root: &Path) -> Vec<PathBuf> {
    WATCHED_DIRS
        .iter()
        .map(|d| root.join(d))
        .filter(|p| p.is_dir())
        .collect()
}

#[cfg(test)]
mod tests {
    //! A panicking rebuild, driven in process: a plugin registered through
    //! the public `rapport::plugins::register` panics on any page that sets
    //! `explode = true`, so the engine needs no test-only code.

    use std::time::Duration;

    use rapport_plugin::{Plugin, PluginError, SiteChanges, SiteView};

    use super::*;

    struct Exploder;

    impl Plugin for Exploder {
        fn name(&self) -> &str {
            "exploder"
        }

        fn front_matter_keys(&self) -> Vec<String> {
            vec!["explode".into()]
        }

        fn extend_site(&self, site: &SiteView) -> Result<SiteChanges, PluginError> {
            let armed = site
                .pages
                .iter()
                .any(|p| p.params.get("explode").and_then(|v| v.as_bool()) == Some(true));
            assert!(!armed, "the exploder plugin went off");
            Ok(SiteChanges::default())
        }
    }

    /// The next message on the reload channel, waiting up to 20 s.
    fn next_event(events: &mut tokio::sync::broadcast::Receiver<String>) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match events.try_recv() {
                Ok(message) => return message,
                Err(tokio::sync::broadcast::error::TryRecvError::Empty)
                    if Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => panic!("no message on the reload channel: {e}"),
            }
        }
    }

    fn page(text: &str, explode: bool) -> String {
        format!("+++\ntitle = \"A\"\nexplode = {explode}\n+++\n{text}\n")
    }

    #[test]
    fn a_panicking_rebuild_is_an_error_and_the_watcher_goes_on() {
        // Issue 18: after a panic in a rebuild the watcher thread was gone
        // and edits silently stopped showing.
        rapport::plugins::register("exploder", || Box::new(Exploder));
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        std::fs::write(
            root.join("rapport.toml"),
            "title = \"Panic\"\n[search]\nenabled = false\n[plugins.exploder]\n",
        )
        .unwrap();
        let article = root.join("content/a.md");
        std::fs::write(&article, page("The first text.", false)).unwrap();
        let (events, _) = tokio::sync::broadcast::channel(64);
        let state = Arc::new(SiteState {
            files: RwLock::new(Arc::new(Files::new())),
            error: RwLock::new(None),
            findings: RwLock::new(None),
            events,
            base_path: "/".into(),
        });
        let address: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let mut builder = Builder::new(&root, false, address, &state);
        assert!(builder.rebuild(&[], &state), "the first build works");
        let mut events = state.events.subscribe();
        let _watcher = watch::start(root.clone(), builder, Arc::clone(&state)).unwrap();

        std::fs::write(&article, page("The second text.", true)).unwrap();
        let message = next_event(&mut events);
        assert!(
            message.contains("\"type\":\"error\"")
                && message.contains("the exploder plugin went off"),
            "the panic is an error in the overlay: {message}"
        );
        assert!(message.contains("internal error"), "{message}");
        assert!(
            state.error.read().unwrap().is_some(),
            "pages that connect later see the error too"
        );

        std::fs::write(&article, page("The third text.", false)).unwrap();
        // One save can come as two events, so two rebuilds: wait for the reload.
        loop {
            let message = next_event(&mut events);
            if message.contains("\"type\":\"reload\"") {
                break;
            }
        }
        let files = state.files.read().unwrap();
        let html = String::from_utf8_lossy(&files["a/index.html"]).into_owned();
        assert!(html.contains("The third text."), "{html}");
        assert!(
            state.error.read().unwrap().is_none(),
            "the error is cleared"
        );
    }
}
