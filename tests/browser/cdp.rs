//! A small synchronous client of the Chrome DevTools protocol: Chromium
//! started with `--remote-debugging-port=0`, one WebSocket to it (tungstenite),
//! each tab a flat session on that socket.
//!
//! Why not `headless_chrome`: its reader thread holds the socket's lock through
//! a 100 ms read time-out, so every command waited up to 100 ms to be sent
//! (rust-headless-chrome issue #446, open since 2024). A browser test makes
//! thousands of commands; the whole suite spent most of its time waiting.
//! Here a command is written, then the socket is read until its answer
//! comes, keeping the events read on the way (the requests each tab makes).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use tungstenite::WebSocket;
use tungstenite::stream::MaybeTlsStream;

/// How long one command may take before the test fails rather than hangs
/// (axe over a long page takes a few seconds; a PDF of the course a few more).
const COMMAND_TIME_OUT: Duration = Duration::from_secs(120);

/// A running Chromium and the one socket that drives it.
pub struct Chromium {
    child: Child,
    connection: Mutex<Connection>,
    _profile: tempfile::TempDir,
}

struct Connection {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// The URL of every request each session's page made, in order.
    requests: HashMap<String, Vec<String>>,
}

impl Chromium {
    /// Starts `path` headless with `flags` and a fresh profile, and connects.
    pub fn launch(path: &Path, flags: &[&str]) -> Result<Chromium> {
        let profile = tempfile::tempdir()?;
        let mut child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(flags)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", path.display()))?;
        let stderr = child.stderr.take().expect("piped stderr");
        let mut lines = BufReader::new(stderr).lines();
        let mut said = Vec::new();
        let address = loop {
            match lines.next() {
                Some(Ok(line)) => match line.strip_prefix("DevTools listening on ") {
                    Some(address) => break address.trim().to_string(),
                    None => said.push(line),
                },
                _ => {
                    let _ = child.kill();
                    bail!(
                        "Chromium exited before listening for DevTools:\n{}",
                        said.join("\n")
                    );
                }
            }
        };
        // Keep reading what Chromium says, so a full pipe never stops it.
        std::thread::spawn(move || lines.for_each(drop));
        let (socket, _) = tungstenite::connect(&address)
            .with_context(|| format!("connecting to DevTools at {address}"))?;
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(COMMAND_TIME_OUT))?;
        }
        Ok(Chromium {
            child,
            connection: Mutex::new(Connection {
                socket,
                next_id: 0,
                requests: HashMap::new(),
            }),
            _profile: profile,
        })
    }

    /// Sends `method` with `params` to the browser (`session` `None`) or to a
    /// tab's session, and returns its result, or its error as an error.
    pub fn call(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        let mut connection = self.connection.lock().unwrap_or_else(|p| p.into_inner());
        connection.next_id += 1;
        let id = connection.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        connection
            .socket
            .send(tungstenite::Message::text(message.to_string()))?;
        loop {
            let text = match connection
                .socket
                .read()
                .with_context(|| format!("waiting for the answer to {method}"))?
            {
                tungstenite::Message::Text(text) => text,
                tungstenite::Message::Close(_) => bail!("Chromium closed DevTools during {method}"),
                _ => continue,
            };
            let reply: Value = serde_json::from_str(&text)?;
            if reply["id"].as_u64() == Some(id) {
                if let Some(error) = reply.get("error") {
                    bail!("{method}: {error}");
                }
                return Ok(reply["result"].clone());
            }
            if reply["method"] == "Network.requestWillBeSent" {
                if let (Some(session), Some(url)) = (
                    reply["sessionId"].as_str(),
                    reply["params"]["request"]["url"].as_str(),
                ) {
                    connection
                        .requests
                        .entry(session.to_string())
                        .or_default()
                        .push(url.to_string());
                }
            }
        }
    }

    /// The URLs a session's page requested so far: a command goes first, so
    /// the events Chromium sent before its answer have been read.
    pub fn requests(&self, session: &str) -> Result<Vec<String>> {
        self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": "0" }),
        )?;
        let connection = self.connection.lock().unwrap_or_else(|p| p.into_inner());
        Ok(connection
            .requests
            .get(session)
            .cloned()
            .unwrap_or_default())
    }

    /// Opens a blank tab and attaches to it: (target id, session id).
    pub fn new_tab(&self) -> Result<(String, String)> {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let target = target["targetId"]
            .as_str()
            .context("a target id")?
            .to_string();
        let session = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        )?;
        let session = session["sessionId"]
            .as_str()
            .context("a session id")?
            .to_string();
        Ok((target, session))
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.call(None, "Browser.close", json!({}));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `Input.dispatchKeyEvent` needs for a key the tests press: its DOM
/// `key`, `code`, Windows key code and the text it types, if any.
pub fn key_event(key: &str) -> Result<(String, String, u32, Option<String>)> {
    let named = |code: &str, key_code: u32, text: Option<&str>| {
        Ok((
            key.to_string(),
            code.to_string(),
            key_code,
            text.map(String::from),
        ))
    };
    match key {
        "Tab" => named("Tab", 9, None),
        "Enter" => named("Enter", 13, Some("\r")),
        "Escape" => named("Escape", 27, None),
        " " => named("Space", 32, Some(" ")),
        "ArrowDown" => named("ArrowDown", 40, None),
        "ArrowUp" => named("ArrowUp", 38, None),
        "Shift" => named("ShiftLeft", 16, None),
        "Backspace" => named("Backspace", 8, None),
        _ => {
            let mut chars = key.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => {
                    let upper = c.to_ascii_uppercase();
                    let code = if c.is_ascii_digit() {
                        format!("Digit{c}")
                    } else {
                        format!("Key{upper}")
                    };
                    Ok((key.to_string(), code, upper as u32, Some(key.to_string())))
                }
                (Some(c), None) => Ok((key.to_string(), String::new(), 0, Some(c.to_string()))),
                _ => bail!("no key definition for {key:?}"),
            }
        }
    }
}
