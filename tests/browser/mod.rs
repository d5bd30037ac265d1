//! The browser-test harness: Debian's headless Chromium, driven over the
//! DevTools protocol, against a built site served on 127.0.0.1.
//!
//! ```ignore
//! let Some(browser) = browser::browser() else { return }; // skips locally without Chromium
//! let server = Server::serve(&site.public());
//! let page = browser.open(&server.url("/trust/a/"));
//! assert_eq!(page.eval_json("document.title"), "A");
//! assert!(page.foreign_requests(&server).is_empty());
//! ```
//!
//! Without Chromium a test skips with a message, except under `CI`, where a
//! missing browser is a failure. Set `RAPPORT_CHROMIUM` to use another binary.

#![allow(dead_code, unreachable_pub)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Network};
use headless_chrome::{Browser as Chrome, LaunchOptions, Tab};

/// Where Debian installs Chromium.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// The shared headless browser, launched once per test binary.
pub struct Browser {
    chrome: Chrome,
}

/// The shared browser, or `None` (with a message) when Chromium is missing
/// and `CI` is not set.
pub fn browser() -> Option<&'static Browser> {
    static BROWSER: OnceLock<Option<Browser>> = OnceLock::new();
    BROWSER
        .get_or_init(|| {
            let path = std::env::var_os("RAPPORT_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| DEFAULT_CHROMIUM.into());
            if !path.exists() {
                if std::env::var_os("CI").is_some() {
                    panic!("Chromium is missing at {} and CI is set: browser tests must run in CI (.ci/run installs it)", path.display());
                }
                eprintln!("skipping browser test: no Chromium at {} (install Debian's chromium, or set RAPPORT_CHROMIUM)", path.display());
                return None;
            }
            Some(Browser::launch(path))
        })
        .as_ref()
}

impl Browser {
    fn launch(path: PathBuf) -> Browser {
        let flags = [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            // Background tabs must not be throttled: tests drive several at once.
            "--disable-renderer-backgrounding",
            "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows",
        ];
        let options = LaunchOptions::default_builder()
            .path(Some(path))
            .headless(true)
            .sandbox(false)
            .window_size(Some((1280, 900)))
            .args(flags.iter().map(OsStr::new).collect())
            .idle_browser_timeout(Duration::from_secs(600))
            .build()
            .expect("valid launch options");
        let chrome = Chrome::new(options).expect("Chromium starts");
        Browser { chrome }
    }

    /// Opens `url` in a new tab that records every request it makes.
    pub fn open(&self, url: &str) -> Page {
        let tab = self.chrome.new_tab().expect("a new tab");
        tab.set_default_timeout(Duration::from_secs(20));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        tab.call_method(Network::Enable {
            max_total_buffer_size: None,
            max_resource_buffer_size: None,
            max_post_data_size: None,
            report_direct_socket_traffic: None,
            enable_durable_messages: None,
        })
        .expect("network events");
        tab.add_event_listener(Arc::new(move |event: &Event| {
            if let Event::NetworkRequestWillBeSent(e) = event {
                recorded.lock().unwrap().push(e.params.request.url.clone());
            }
        }))
        .expect("a request listener");
        let page = Page { tab, requests };
        page.goto(url);
        page
    }
}

/// An open tab.
pub struct Page {
    /// The underlying tab, for anything the helpers below do not cover.
    pub tab: Arc<Tab>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Page {
    /// Navigates and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.tab.navigate_to(url).expect("navigation starts");
        self.tab.wait_until_navigated().expect("navigation ends");
        self.wait_for("document.readyState === 'complete'");
    }

    /// Reloads and waits.
    pub fn reload(&self) {
        self.tab.reload(false, None).expect("reload");
        self.tab.wait_until_navigated().expect("reload ends");
        self.wait_for("document.readyState === 'complete'");
    }

    /// Evaluates `expression` and returns its value as JSON.
    pub fn eval_json(&self, expression: &str) -> serde_json::Value {
        let wrapped = format!("JSON.stringify((() => {{ return ({expression}); }})())");
        let result = self
            .tab
            .evaluate(&wrapped, false)
            .unwrap_or_else(|e| panic!("evaluating {expression}: {e}"));
        match result.value {
            Some(serde_json::Value::String(json)) => serde_json::from_str(&json).unwrap(),
            _ => serde_json::Value::Null,
        }
    }

    /// Evaluates `expression` and returns it as a string.
    pub fn eval_string(&self, expression: &str) -> String {
        match self.eval_json(expression) {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// Waits until `condition` is true in the page.
    #[track_caller]
    pub fn wait_for(&self, condition: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.eval_json(condition) == serde_json::Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("timed out waiting for: {condition}");
    }

    /// Clicks the element matching `selector`, as a user would.
    pub fn click(&self, selector: &str) {
        // Chromium delivers input only to the tab in front.
        self.tab.bring_to_front().expect("tab to front");
        self.tab
            .find_element(selector)
            .unwrap_or_else(|e| panic!("no {selector}: {e}"))
            .click()
            .expect("click");
    }

    /// Presses a key (`Tab`, ` `, `Enter`, `Shift`).
    pub fn press(&self, key: &str) {
        self.tab
            .press_key(key)
            .unwrap_or_else(|e| panic!("pressing {key}: {e}"));
    }

    /// The focused element's id (or its tag name when it has none).
    pub fn focused(&self) -> String {
        self.eval_string("document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''")
    }

    /// Emulates a CSS media type (`print`, `screen`) or `""` to stop.
    pub fn emulate_media(&self, media: &str) {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(media.to_string()),
                features: None,
            })
            .expect("media emulation");
    }

    /// Every URL this tab requested that is not on `server`.
    pub fn foreign_requests(&self, server: &Server) -> Vec<String> {
        let origin = server.origin();
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|url| {
                !url.starts_with(&origin) && !url.starts_with("data:") && *url != "about:blank"
            })
            .cloned()
            .collect()
    }

    /// How many requests this tab made.
    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.tab.close(false);
    }
}

/// A static file server for a built site, on 127.0.0.1 and a free port.
pub struct Server {
    port: u16,
    server: Arc<tiny_http::Server>,
}

impl Server {
    /// Serves `dir` until dropped.
    pub fn serve(dir: &Path) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("a free port"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let root = dir.to_path_buf();
        let worker = Arc::clone(&server);
        std::thread::spawn(move || {
            for request in worker.incoming_requests() {
                let _ = respond(&root, request);
            }
        });
        Server { port, server }
    }

    /// `http://127.0.0.1:PORT`
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The absolute URL of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn respond(root: &Path, request: tiny_http::Request) -> std::io::Result<()> {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let safe = !path.split('/').any(|s| s == ".." || s.contains('\\')) && !path.contains("%2");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    if !safe || !file.is_file() {
        let body = std::fs::read(root.join("404.html")).unwrap_or_default();
        return request.respond(
            tiny_http::Response::from_data(body)
                .with_status_code(404)
                .with_header(content_type("x.html")),
        );
    }
    let body = std::fs::read(&file)?;
    request.respond(
        tiny_http::Response::from_data(body).with_header(content_type(&file.to_string_lossy())),
    )
}

fn content_type(path: &str) -> tiny_http::Header {
    let kind = match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "png" => "image/png",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    };
    tiny_http::Header::from_bytes("Content-Type", kind).expect("a valid header")
}
