//! External plugins: any program, in any language, as a plugin.
//!
//! `[plugins.NAME] command = "..."` runs the command (through `sh -c`, in the
//! site folder) once per build, after every page is parsed. It reads one
//! request from standard input and writes one response to standard output,
//! both JSON. Anything it writes to standard error is shown if it fails.
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
//!   "config": { "...": "the [plugins.NAME] table without command and timeout_seconds" },
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
//! quotes its standard error. Fields may be added to the request in later
//! versions of Rapport without changing `version`; programs must ignore
//! fields they do not know.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
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

/// A program run as a plugin.
pub struct ExternalPlugin {
    name: String,
    command: String,
    timeout: Duration,
    config: PluginConfig,
    front_matter: Vec<String>,
    /// The protocol version the program speaks (`protocol = 2`; 1 by default).
    protocol: u32,
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
        let output = run_with_timeout(&self.command, &input, self.timeout)?;
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
/// quoting its stderr when it fails, or when it outlives `timeout`.
fn run_with_timeout(
    command: &str,
    input: &[u8],
    timeout: Duration,
) -> Result<Vec<u8>, PluginError> {
    // `exec` makes the program itself the child, so a time-out kills the
    // program and not just the shell that started it.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("exec {command}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            PluginError::new(format!("cannot start `{command}`: {e}"))
                .with_help("check the command in rapport.toml")
        })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let input = input.to_vec();
    // Separate threads, so a program that writes before it has read everything cannot deadlock us.
    std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out_buffer = collect(stdout);
    let err_buffer = collect(stderr);
    // wait-timeout sleeps until the child exits (SIGCHLD) or the time is up,
    // rather than waking every few milliseconds to ask.
    let status = match child.wait_timeout(timeout) {
        Ok(Some(status)) => Some(status),
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            None
        }
        Err(e) => return Err(PluginError::new(format!("lost track of `{command}`: {e}"))),
    };
    let quoted = |buffer: &Collected| quote_stderr(&buffer.wait(Duration::from_millis(500)));
    match status {
        None => Err(PluginError::new(format!(
            "`{command}` was stopped after {} seconds{}",
            timeout.as_secs(),
            quoted(&err_buffer)
        ))
        .with_help(
            "make the program finish sooner, or raise timeout_seconds in its [plugins.NAME] table",
        )),
        Some(status) if !status.success() => Err(PluginError::new(format!(
            "`{command}` failed ({status}){}",
            quoted(&err_buffer)
        ))
        .with_help("fix the problem the program reports above")),
        Some(_) => Ok(out_buffer.wait(timeout)),
    }
}

/// Bytes read from a pipe by a thread of its own, available as they arrive.
struct Collected {
    bytes: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    done: std::sync::mpsc::Receiver<()>,
}

impl Collected {
    /// Everything read once the pipe closes, or what has arrived after `limit`
    /// (a program's own children may hold the pipe open).
    fn wait(&self, limit: Duration) -> Vec<u8> {
        let _ = self.done.recv_timeout(limit);
        self.bytes.lock().map(|b| b.clone()).unwrap_or_default()
    }
}

fn collect(mut pipe: impl Read + Send + 'static) -> Collected {
    let bytes = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (tx, done) = std::sync::mpsc::channel();
    let sink = std::sync::Arc::clone(&bytes);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if let Ok(mut b) = sink.lock() {
                        b.extend_from_slice(&chunk[..n]);
                    }
                }
            }
        }
        let _ = tx.send(());
    });
    Collected { bytes, done }
}

fn quote_stderr(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let text = text.trim();
    if text.is_empty() {
        return String::from(" (it printed nothing on stderr)");
    }
    let mut shown: String = text.chars().take(STDERR_QUOTE_LIMIT).collect();
    if shown.len() < text.len() {
        shown.push_str(" ...");
    }
    format!("; it said:\n    {}", shown.replace('\n', "\n    "))
}
