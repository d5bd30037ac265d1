//! External plugins: any program, in any language, as a plugin.
//!
//! `[plugins.NAME] command = "..."` runs the command (through `sh -c`, in the
//! site folder) once per build, after every page is parsed. It reads one
//! request from standard input and writes one response to standard output,
//! both JSON. The end of what it writes to standard error is shown if it
//! fails.
//!
//! # Protocol, version 2
//!
//! Request (stdin):
//!
//! ```json
//! {
//!   "version": 2,
//!   "rapport": "0.1.0",
//!   "plugin": "NAME",
//!   "config": { "...": "the [plugins.NAME] table without command, timeout_seconds, max_output_mb, protocol and front_matter" },
//!   "site": {
//!     "title": "...", "base_path": "/",
//!     "sections": [ { "path": "/trust/", "title": "Trust" } ],
//!     "pages": [ {
//!       "path": "/trust/a/", "source": "content/trust/a.md", "title": "...",
//!       "description": null, "section": "/trust/",
//!       "params": { "worksheet": true }, "worksheet": true,
//!       "headings": [ { "level": 2, "id": "...", "title": "..." } ],
//!       "checklists": [ { "id": "...", "title": "...", "items": ["..."] } ],
//!       "faqs": [ { "question": "...", "id": "...", "answer_text": "..." } ],
//!       "blocks": [ { "lang": "...", "body": "...", "line": 12 } ],
//!       "content_html": "<p>...</p>", "extra": {}
//!     } ]
//!   }
//! }
//! ```
//!
//! Response (stdout), every list optional:
//!
//! ```json
//! {
//!   "version": 2,
//!   "replace_content": [ { "path": "/trust/a/", "content_html": "<p>new body</p>" } ],
//!   "add_pages": [ { "path": "/trust/a/notes/", "title": "...", "description": null,
//!                    "content_html": "...", "template": null, "section": null,
//!                    "for_page": "/trust/a/", "link_text": "Notes on this article",
//!                    "link_note": null, "search_section": "Notes" } ],
//!   "assets": [ { "path": "my-plugin/style.css", "text": "..." } ]
//! }
//! ```
//!
//! `params` holds the page front matter keys the plugin declared with
//! `front_matter = ["key", ...]` in its `[plugins.NAME]` table; a page may
//! set those keys, and only those, besides Rapport's own. Version 2 added
//! `params` and the `add_pages` fields from `for_page` on, and dropped
//! version 1's `worksheet` flag (the engine knows no plugin by name).
//!
//! A program says which version it speaks with `protocol = 2` in its
//! table; without it, it gets version 1 requests, exactly as before
//! (`"version": 1`, each page with `"worksheet": true|false`), so a version 1
//! program keeps working unchanged. The response must carry the version of
//! the request. A program that exits with
//! a non-zero status, prints something that is not this JSON, or runs longer
//! than `timeout_seconds` (default 30) fails the build with a message that
//! quotes the end of its standard error; so does one that prints more than
//! `max_output_mb` (default 64) on standard output. The program runs in a
//! process group of its own, and at the time-out the whole group is killed,
//! with anything the program started. Fields may be added to the request in later
//! versions of Rapport without changing `version`; programs must ignore
//! fields they do not know.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use rapport_plugin::{
    Asset, ContentChange, NewPage, Plugin, PluginConfig, PluginError, SiteChanges, SiteView, Value,
};
use serde::{Deserialize, Serialize};
use wait_timeout::ChildExt;

/// The protocol version this Rapport speaks.
pub const PROTOCOL_VERSION: u32 = 2;

/// The oldest protocol version whose programs still work.
pub const OLDEST_PROTOCOL_VERSION: u32 = 1;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The most of a program's stderr quoted in an error.
const STDERR_QUOTE_LIMIT: usize = 2000;

/// How much of the end of a program's stderr is kept for the error
/// message; the rest is read and dropped.
const STDERR_TAIL: usize = 4096;

const MB: usize = 1024 * 1024;

/// The most a program may print on stdout unless `max_output_mb` says
/// otherwise: far above any site's answer, far below the machine's memory.
const DEFAULT_MAX_OUTPUT: usize = 64 * MB;

/// A program run as a plugin.
pub struct ExternalPlugin {
    name: String,
    command: String,
    timeout: Duration,
    config: PluginConfig,
    front_matter: Vec<String>,
    /// The protocol version the program speaks (`protocol = 2`; 1 by default).
    protocol: u32,
    /// The most bytes read from the program's stdout (`max_output_mb`).
    max_output: usize,
}

impl ExternalPlugin {
    /// An external plugin enabled as `[plugins.NAME]`, configured later.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            command: String::new(),
            timeout: DEFAULT_TIMEOUT,
            config: PluginConfig::new(),
            front_matter: Vec::new(),
            protocol: OLDEST_PROTOCOL_VERSION,
            max_output: DEFAULT_MAX_OUTPUT,
        }
    }
}

#[derive(Serialize)]
struct Request<'a> {
    version: u32,
    rapport: &'a str,
    plugin: &'a str,
    config: &'a PluginConfig,
    site: serde_json::Value,
}

/// The site as a request of `version` carries it: the API's view, plus
/// version 1's `worksheet` flag on each page for version 1 programs.
fn site_json(site: &SiteView, version: u32) -> Result<serde_json::Value, PluginError> {
    let mut value = serde_json::to_value(site)
        .map_err(|e| PluginError::new(format!("cannot encode the site: {e}")))?;
    if version > 1 {
        return Ok(value);
    }
    if let Some(pages) = value.get_mut("pages").and_then(|p| p.as_array_mut()) {
        for (json, page) in pages.iter_mut().zip(&site.pages) {
            let worksheet = page.params.get("worksheet").and_then(|v| v.as_bool());
            json["worksheet"] = serde_json::Value::Bool(worksheet.unwrap_or(false));
        }
    }
    Ok(value)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Response {
    version: u32,
    #[serde(default)]
    replace_content: Vec<ContentChange>,
    #[serde(default)]
    add_pages: Vec<NewPage>,
    #[serde(default)]
    assets: Vec<TextAsset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextAsset {
    path: String,
    text: String,
}

impl Plugin for ExternalPlugin {
    fn name(&self) -> &str {
        &self.name
    }

    fn configure(&mut self, config: &PluginConfig) -> Result<(), PluginError> {
        let mut config = config.clone();
        match config.remove("command") {
            Some(Value::String(command)) if !command.trim().is_empty() => self.command = command,
            _ => {
                return Err(
                    PluginError::new("`command` must be the program to run, as a string")
                        .with_help(format!(
                            "write [plugins.{}] command = \"python3 my_plugin.py\"",
                            self.name
                        )),
                );
            }
        }
        match config.remove("timeout_seconds") {
            None => {}
            Some(Value::Integer(n)) if n > 0 => self.timeout = Duration::from_secs(n as u64),
            Some(_) => {
                return Err(
                    PluginError::new("`timeout_seconds` must be a whole number above 0")
                        .with_help("write timeout_seconds = 30"),
                );
            }
        }
        match config.remove("max_output_mb") {
            None => {}
            Some(Value::Integer(n)) if (1..=4096).contains(&n) => self.max_output = n as usize * MB,
            Some(_) => {
                return Err(PluginError::new(
                    "`max_output_mb` must be a whole number of megabytes from 1 to 4096",
                )
                .with_help("write max_output_mb = 64 (the default)"));
            }
        }
        match config.remove("protocol") {
            None => {}
            Some(Value::Integer(n))
                if (OLDEST_PROTOCOL_VERSION as i64..=PROTOCOL_VERSION as i64).contains(&n) =>
            {
                self.protocol = n as u32
            }
            Some(_) => {
                return Err(PluginError::new(format!(
                    "`protocol` must be a version this Rapport speaks: {OLDEST_PROTOCOL_VERSION} to {PROTOCOL_VERSION}"
                ))
                .with_help(format!("write protocol = {PROTOCOL_VERSION}, and read plugins/README.md for what it changed")));
            }
        }
        match config.remove("front_matter") {
            None => {}
            Some(Value::Array(keys)) if keys.iter().all(|k| k.as_str().is_some()) => {
                self.front_matter = keys
                    .iter()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect();
            }
            Some(_) => {
                return Err(PluginError::new(
                    "`front_matter` must list the page front matter keys the program reads",
                )
                .with_help("write front_matter = [\"notes\"]"));
            }
        }
        self.config = config;
        Ok(())
    }

    fn front_matter_keys(&self) -> Vec<String> {
        self.front_matter.clone()
    }

    fn extend_site(&self, site: &SiteView) -> Result<SiteChanges, PluginError> {
        let request = Request {
            version: self.protocol,
            rapport: env!("CARGO_PKG_VERSION"),
            plugin: &self.name,
            config: &self.config,
            site: site_json(site, self.protocol)?,
        };
        let input = serde_json::to_vec(&request)
            .map_err(|e| PluginError::new(format!("cannot encode the site: {e}")))?;
        let output = run_with_timeout(&self.command, &input, self.timeout, self.max_output)?;
        let response: Response = serde_json::from_slice(&output).map_err(|e| {
            PluginError::new(format!("`{}` did not answer with valid JSON: {e}", self.command)).with_help(
                "the program must print one JSON object (see the protocol in plugins/README.md) and nothing else on stdout; log to stderr",
            )
        })?;
        if response.version != self.protocol {
            return Err(PluginError::new(format!(
                "`{}` answered with protocol version {}, but was asked in version {} (set with `protocol` in [plugins.{}])",
                self.command, response.version, self.protocol, self.name
            ))
            .with_help("update the plugin, or Rapport"));
        }
        let mut changes = SiteChanges::default();
        changes.replace_content = response.replace_content;
        changes.add_pages = response.add_pages;
        changes.assets = response
            .assets
            .into_iter()
            .map(|a| Asset::new(a.path, a.text.into_bytes()))
            .collect();
        Ok(changes)
    }
}

/// Runs `command` with `input` on stdin; returns its stdout, or an error
/// quoting the end of its stderr when it fails, prints more than
/// `max_output` bytes, or outlives `timeout`.
fn run_with_timeout(
    command: &str,
    input: &[u8],
    timeout: Duration,
    max_output: usize,
) -> Result<Vec<u8>, PluginError> {
    // `exec` makes the program itself the child, so a time-out kills the
    // program and not just the shell that started it.
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("exec {command}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A process group of its own, so a time-out can kill whatever the program
    // started too (issue 18: `sleep 30 &` outlived the build).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let mut child = shell.spawn().map_err(|e| {
        PluginError::new(format!("cannot start `{command}`: {e}"))
            .with_help("check the command in rapport.toml")
    })?;
    let group = Group::of(&child);
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let input = input.to_vec();
    // Separate threads, so a program that writes before it has read everything cannot deadlock us.
    std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out_buffer = read_capped(stdout, max_output, group.clone());
    let err_buffer = read_tail(stderr, STDERR_TAIL);
    // wait-timeout sleeps until the child exits (SIGCHLD) or the time is up,
    // rather than waking every few milliseconds to ask.
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => Some(status),
        Ok(None) => {
            // Not reaped yet, so the group's id is still the program's own.
            group.kill();
            let _ = child.kill();
            let _ = child.wait();
            None
        }
        Err(e) => return Err(PluginError::new(format!("lost track of `{command}`: {e}"))),
    };
    group.forget();
    let quoted = || quote_stderr(&err_buffer.wait(Duration::from_millis(500)));
    if out_buffer.is_over_limit() {
        return Err(PluginError::new(format!(
            "`{command}` printed more than {} MB on stdout and was stopped{}",
            max_output / MB,
            quoted()
        ))
        .with_help(
            "print only the JSON answer on stdout, or raise max_output_mb in its [plugins.NAME] table",
        ));
    }
    match status {
        None => Err(PluginError::new(format!(
            "`{command}` was stopped after {} seconds{}",
            timeout.as_secs(),
            quoted()
        ))
        .with_help(
            "make the program finish sooner, or raise timeout_seconds in its [plugins.NAME] table",
        )),
        Some(status) if !status.success() => Err(PluginError::new(format!(
            "`{command}` failed ({status}){}",
            quoted()
        ))
        .with_help("fix the problem the program reports above")),
        Some(_) => {
            let output = out_buffer.wait(timeout);
            if output.over_limit {
                // A child the program left behind went on printing.
                return Err(PluginError::new(format!(
                    "`{command}` printed more than {} MB on stdout",
                    max_output / MB
                ))
                .with_help(
                    "print only the JSON answer on stdout, or raise max_output_mb in its [plugins.NAME] table",
                ));
            }
            Ok(output.bytes)
        }
    }
}

/// The process group a plugin runs in, killable from the stdout reader
/// until the program has been reaped.
#[derive(Clone)]
struct Group {
    /// The group's id (the program's pid), `None` once the program is reaped:
    /// after that the id may in time name another process's group.
    id: Arc<Mutex<Option<u32>>>,
}

impl Group {
    fn of(child: &std::process::Child) -> Self {
        let group = Self {
            id: Arc::new(Mutex::new(Some(child.id()))),
        };
        if let Ok(mut running) = RUNNING.lock() {
            running.push(group.clone());
        }
        group
    }

    /// Sends SIGKILL to every process in the group.
    fn kill(&self) {
        let Ok(id) = self.id.lock() else { return };
        #[cfg(unix)]
        if let Some(pid) = id.and_then(|id| rustix::process::Pid::from_raw(id as i32)) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        #[cfg(not(unix))]
        let _ = id;
    }

    /// Stops any later `kill`: the program has been reaped. (wait-timeout
    /// reaps it a moment before this, but a pid is reused only after the
    /// kernel has cycled through all the others.)
    fn forget(&self) {
        if let Ok(mut id) = self.id.lock() {
            *id = None;
        }
        if let Ok(mut running) = RUNNING.lock() {
            running.retain(|g| !Arc::ptr_eq(&g.id, &self.id));
        }
    }
}

/// The groups of plugins running now, for [`kill_running`].
static RUNNING: Mutex<Vec<Group>> = Mutex::new(Vec::new());

/// Kills every plugin program running now, with whatever it started: for a
/// Ctrl+C or SIGTERM handler. A plugin runs in a process group of its own,
/// so the terminal's Ctrl+C does not reach it by itself.
pub fn kill_running() {
    let running = RUNNING.lock().map(|r| r.clone()).unwrap_or_default();
    for group in running {
        group.kill();
    }
}

/// A reader thread's result so far, and a signal for when the pipe closes.
struct Collected<T> {
    state: Arc<Mutex<T>>,
    done: mpsc::Receiver<()>,
}

impl<T: Default> Collected<T> {
    /// Everything read once the pipe closes, or what has arrived after `limit`
    /// (a program's own children may hold the pipe open).
    fn wait(&self, limit: Duration) -> T {
        let _ = self.done.recv_timeout(limit);
        self.state
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    }
}

/// Standard output up to a limit.
#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    /// The program printed more than the limit: reading stopped there.
    over_limit: bool,
}

impl Collected<Captured> {
    fn is_over_limit(&self) -> bool {
        self.state.lock().map(|s| s.over_limit).unwrap_or(false)
    }
}

/// Reads `pipe` on a thread of its own, up to `limit` bytes; past that it
/// stops reading and kills `group`, so a runaway program costs at most
/// `limit` of memory (issue 18).
fn read_capped(
    mut pipe: impl Read + Send + 'static,
    limit: usize,
    group: Group,
) -> Collected<Captured> {
    let state = Arc::new(Mutex::new(Captured::default()));
    let (tx, done) = mpsc::channel();
    let sink = Arc::clone(&state);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let Ok(mut captured) = sink.lock() else { break };
                    if captured.bytes.len() + n > limit {
                        captured.over_limit = true;
                        drop(captured);
                        group.kill();
                        break;
                    }
                    captured.bytes.extend_from_slice(&chunk[..n]);
                }
            }
        }
        let _ = tx.send(());
    });
    Collected { state, done }
}

/// The end of standard error: a ring of its last bytes.
#[derive(Default)]
struct Tail {
    bytes: VecDeque<u8>,
    /// How many earlier bytes fell out of the ring.
    dropped: u64,
}

/// Reads `pipe` to its end on a thread of its own, keeping only the last
/// `keep` bytes: the program never blocks on a full pipe, and `yes >&2`
/// costs no more memory than a short message (issue 18).
fn read_tail(mut pipe: impl Read + Send + 'static, keep: usize) -> Collected<Tail> {
    let state = Arc::new(Mutex::new(Tail::default()));
    let (tx, done) = mpsc::channel();
    let sink = Arc::clone(&state);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let Ok(mut tail) = sink.lock() else { break };
                    tail.bytes.extend(&chunk[..n]);
                    let excess = tail.bytes.len().saturating_sub(keep);
                    tail.bytes.drain(..excess);
                    tail.dropped += excess as u64;
                }
            }
        }
        let _ = tx.send(());
    });
    Collected { state, done }
}

/// The end of a program's stderr, indented, for an error message.
fn quote_stderr(tail: &Tail) -> String {
    let bytes: Vec<u8> = tail.bytes.iter().copied().collect();
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim();
    if text.is_empty() {
        return String::from(" (it printed nothing on stderr)");
    }
    // The end is shown: that is where a traceback names the error.
    let count = text.chars().count();
    let start = text
        .char_indices()
        .nth(count.saturating_sub(STDERR_QUOTE_LIMIT))
        .map_or(0, |(i, _)| i);
    let mut shown = &text[start..];
    if start > 0 || tail.dropped > 0 {
        // The cut may fall inside a line (or a character): start at the next whole line.
        if let Some((_, rest)) = shown.split_once('\n') {
            if !rest.trim().is_empty() {
                shown = rest;
            }
        }
        return format!(
            "; it said (the end):\n    ... {}",
            shown.replace('\n', "\n    ")
        );
    }
    format!("; it said:\n    {}", shown.replace('\n', "\n    "))
}
