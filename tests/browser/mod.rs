//! The browser-test harness: Debian's headless Chromium, driven over the
//! DevTools protocol, against a built site served on 127.0.0.1.
//!
//! ```ignore
//! let browser = browser_or_skip!(); // skips locally without Chromium
//! let server = Server::serve(&site.public());
//! let page = browser.open(&server.url("/trust/a/"));
//! assert_eq!(page.eval_json("document.title"), "A");
//! assert!(page.foreign_requests(&server).is_empty());
//! ```
//!
//! Without Chromium a test skips with a message, except under `CI`, where a
//! missing browser is a failure. Set `RAPPORT_CHROMIUM` to use another binary.

#![allow(dead_code, unreachable_pub)]

mod cdp;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::json;

/// The browser for this test, or return from it: a skip with a message
/// locally without Chromium ([`browser`] fails instead under `CI`).
macro_rules! browser_or_skip {
    () => {
        match $crate::browser::browser() {
            Some(browser) => browser,
            None => return,
        }
    };
}
pub(crate) use browser_or_skip;

/// The example site, built, and a server for its output.
pub fn served_example() -> (crate::util::SiteTest, Server) {
    let site = crate::util::SiteTest::example();
    site.build(&[]).ok();
    let server = Server::serve(&site.public());
    (site, server)
}

/// Where Debian installs Chromium.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// A headless browser.
pub struct Browser {
    chrome: Arc<cdp::Chromium>,
}

/// A browser of its own for one test, or `None` (with a message) when
/// Chromium is missing and `CI` is not set. Tests take turns (two browsers
/// at once would crowd two cores), and
/// each browser is closed when its session drops: a browser kept in a
/// `static` would never be, and would outlive the test run.
pub fn browser() -> Option<BrowserSession> {
    static LOCK: Mutex<()> = Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let path = std::env::var_os("RAPPORT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| DEFAULT_CHROMIUM.into());
    if !path.exists() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "Chromium is missing at {} and CI is set: browser tests must run in CI (.ci/run installs it)",
                path.display()
            );
        }
        eprintln!(
            "skipping browser test: no Chromium at {} (install Debian's chromium, or set RAPPORT_CHROMIUM)",
            path.display()
        );
        return None;
    }
    Some(BrowserSession {
        browser: Browser::launch(path),
        _guard: guard,
    })
}

/// A browser, held by one test.
pub struct BrowserSession {
    browser: Browser,
    _guard: MutexGuard<'static, ()>,
}

impl std::ops::Deref for BrowserSession {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
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
        let chrome = cdp::Chromium::launch(&path, &flags).expect("Chromium starts");
        Browser {
            chrome: Arc::new(chrome),
        }
    }

    /// Opens `url` in a new tab that records every request it makes.
    pub fn open(&self, url: &str) -> Page {
        let (target, session) = self.chrome.new_tab().expect("a new tab");
        let page = Page {
            chrome: Arc::clone(&self.chrome),
            target,
            session,
        };
        page.call("Network.enable", json!({}));
        // Key presses and focus behave as in the window in front, whichever
        // tab a test drives.
        page.call(
            "Emulation.setFocusEmulationEnabled",
            json!({ "enabled": true }),
        );
        page.goto(url);
        page
    }
}

/// An open tab.
pub struct Page {
    chrome: Arc<cdp::Chromium>,
    target: String,
    session: String,
}

impl Page {
    /// Sends a DevTools command to this tab and returns its result.
    #[track_caller]
    pub fn call(&self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.chrome
            .call(Some(&self.session), method, params)
            .unwrap_or_else(|e| panic!("{method}: {e:#}"))
    }

    /// Evaluates `expression` (awaiting it if asked) and returns its value.
    fn evaluate(&self, expression: &str, await_promise: bool) -> anyhow::Result<serde_json::Value> {
        let result = self.chrome.call(
            Some(&self.session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": await_promise }),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            anyhow::bail!("the page threw: {exception}");
        }
        Ok(result["result"]["value"].clone())
    }

    /// Navigates and waits for the new document to load.
    pub fn goto(&self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        // Poll the document itself: lifecycle events can be missed on a busy machine.
        let target = serde_json::to_string(url).unwrap();
        self.wait_for(&format!("location.href.split('#')[0] === {target}.split('#')[0] && document.readyState === 'complete'"));
    }

    /// Reloads and waits for the new document.
    pub fn reload(&self) {
        self.eval_json("(window.__rapportOldDocument = true)");
        self.call("Page.reload", json!({}));
        self.wait_for(
            "window.__rapportOldDocument === undefined && document.readyState === 'complete'",
        );
    }

    /// Evaluates `expression` and returns its value as JSON.
    pub fn eval_json(&self, expression: &str) -> serde_json::Value {
        self.try_eval_json(expression)
            .unwrap_or_else(|e| panic!("evaluating {expression}: {e}"))
    }

    /// [`Page::eval_json`], or the error when the page could not evaluate it
    /// (it was navigating: a live reload, say).
    fn try_eval_json(&self, expression: &str) -> anyhow::Result<serde_json::Value> {
        let wrapped = format!("JSON.stringify((() => {{ return ({expression}); }})())");
        Ok(match self.evaluate(&wrapped, false)? {
            serde_json::Value::String(json) => serde_json::from_str(&json)?,
            _ => serde_json::Value::Null,
        })
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
        while start.elapsed() < Duration::from_secs(20) {
            // A page reloading mid-evaluation is not an answer yet: ask again.
            if self.try_eval_json(condition).ok() == Some(serde_json::Value::Bool(true)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let state = self.evaluate("JSON.stringify([location.href, document.readyState, performance.getEntriesByType('resource').map(e => e.name + ' ' + Math.round(e.duration))])", false);
        panic!("timed out waiting for: {condition} (page state: {state:?})");
    }

    /// Clicks the element matching `selector`, as a user would.
    /// Waits (up to 20 s) for the element to be there and take up room.
    #[track_caller]
    pub fn click(&self, selector: &str) {
        let target = serde_json::to_string(selector).unwrap();
        let centre = format!(
            "(() => {{ const e = document.querySelector({target}); if (!e) return null; e.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }}); const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? [r.left + r.width / 2, r.top + r.height / 2] : null; }})()"
        );
        let start = Instant::now();
        let point = loop {
            match self.try_eval_json(&centre) {
                Ok(serde_json::Value::Array(xy)) => break xy,
                _ if start.elapsed() < Duration::from_secs(20) => {
                    std::thread::sleep(Duration::from_millis(25))
                }
                other => panic!("no {selector} to click: {other:?}"),
            }
        };
        let (x, y) = (point[0].clone(), point[1].clone());
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseMoved", "x": x, "y": y }),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1 }),
            );
        }
    }

    /// Presses a key (`Tab`, ` `, `Enter`, `Shift`).
    #[track_caller]
    pub fn press(&self, key: &str) {
        let (key, code, key_code, text) =
            cdp::key_event(key).unwrap_or_else(|e| panic!("pressing {key}: {e}"));
        let mut down = json!({
            "type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
            "nativeVirtualKeyCode": key_code,
        });
        if let Some(text) = &text {
            down["text"] = json!(text);
            down["unmodifiedText"] = json!(text);
        }
        if key == "Shift" {
            down["location"] = json!(1);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": key_code, "nativeVirtualKeyCode": key_code }),
        );
    }

    /// Types `text` key by key, as a reader would.
    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(&c.to_string());
        }
    }

    /// Prints the page to PDF as Chromium prints it (the page's own `@page` size).
    pub fn print_to_pdf(&self) -> Vec<u8> {
        let pdf = self.call(
            "Page.printToPDF",
            json!({ "preferCSSPageSize": true, "displayHeaderFooter": false }),
        );
        base64_decode(pdf["data"].as_str().expect("PDF data"))
    }

    /// Lets the page download files into `dir`.
    pub fn allow_downloads(&self, dir: &Path) {
        self.chrome
            .call(
                None,
                "Browser.setDownloadBehavior",
                json!({ "behavior": "allow", "downloadPath": dir }),
            )
            .expect("downloads allowed");
    }

    /// The focused element's id (or its tag name when it has none).
    pub fn focused(&self) -> String {
        self.eval_string("document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''")
    }

    /// Emulates a CSS media type (`print`, `screen`) or `""` to stop.
    pub fn emulate_media(&self, media: &str) {
        self.call("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// Emulates a media type (`print`, `screen`, `""`) and media features such
    /// as `("prefers-color-scheme", "dark")` together (each call replaces the last).
    pub fn emulate_media_features(&self, media: &str, features: &[(&str, &str)]) {
        let features: Vec<_> = features
            .iter()
            .map(|(name, value)| json!({ "name": name, "value": value }))
            .collect();
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "media": media, "features": features }),
        );
    }

    /// Sets the viewport to `width` x `height` CSS pixels (scale 1).
    pub fn set_viewport(&self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// Runs `source` as a classic script in the page (as the DevTools console
    /// would, so the page's CSP does not apply) and returns nothing.
    pub fn run_script(&self, source: &str) {
        self.evaluate(&format!("{source}\n;undefined"), false)
            .unwrap_or_else(|e| panic!("running a script: {e}"));
    }

    /// Evaluates `expression`, which may be a promise, and returns its value as JSON.
    pub fn eval_async_json(&self, expression: &str) -> serde_json::Value {
        let wrapped = format!("(async () => JSON.stringify(await ({expression})))()");
        match self.evaluate(&wrapped, true) {
            Ok(serde_json::Value::String(json)) => serde_json::from_str(&json).unwrap(),
            Ok(_) => serde_json::Value::Null,
            Err(e) => panic!("evaluating {expression}: {e}"),
        }
    }

    /// A PNG of the whole page (beyond the viewport) at the current width.
    pub fn screenshot_png(&self) -> Vec<u8> {
        let size = self.eval_json(
            "[document.documentElement.clientWidth, Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)]",
        );
        let width = size[0].as_f64().unwrap_or(1280.0);
        let height = size[1].as_f64().unwrap_or(900.0);
        let shot = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
                "fromSurface": true,
                "captureBeyondViewport": true,
            }),
        );
        base64_decode(shot["data"].as_str().expect("PNG data"))
    }

    /// Every URL this tab requested that is not on `server`.
    pub fn foreign_requests(&self, server: &Server) -> Vec<String> {
        self.foreign_requests_of_origin(&server.origin())
    }

    /// Every URL this tab requested that is not under `origin`.
    pub fn foreign_requests_of_origin(&self, origin: &str) -> Vec<String> {
        let origin = origin.trim_end_matches('/');
        self.requests()
            .into_iter()
            .filter(|url| {
                !url.starts_with(origin) && !url.starts_with("data:") && *url != "about:blank"
            })
            .collect()
    }

    /// Every URL this tab requested so far.
    fn requests(&self) -> Vec<String> {
        self.chrome
            .requests(&self.session)
            .unwrap_or_else(|e| panic!("reading the request log: {e:#}"))
    }

    /// How many requests this tab made.
    pub fn request_count(&self) -> usize {
        self.requests().len()
    }
}

/// Decodes standard base64 (the screenshot data), without another dependency.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.chrome.call(
            None,
            "Target.closeTarget",
            json!({ "targetId": self.target }),
        );
    }
}

/// A static file server for a built site, on 127.0.0.1 and a free port
/// (axum and tower-http's `ServeDir` on a tokio runtime of its own).
pub struct Server {
    port: u16,
    runtime: Option<tokio::runtime::Runtime>,
    served: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `dir` until dropped; unknown paths get the site's 404 page.
    pub fn serve(dir: &Path) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let not_found = tower_http::services::ServeFile::new(dir.join("404.html"));
        let files = tower_http::services::ServeDir::new(dir).not_found_service(not_found);
        // Every path asked for, workers' requests included (CDP's network
        // events on the page do not show what a worker fetches).
        let served = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&served);
        let app = axum::Router::new()
            .fallback_service(files)
            .layer(axum::middleware::map_request(
                move |request: axum::extract::Request| {
                    log.lock().unwrap().push(request.uri().path().to_string());
                    std::future::ready(request)
                },
            ));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a free port");
        let port = listener.local_addr().expect("an address").port();
        runtime.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Server {
            port,
            runtime: Some(runtime),
            served,
        }
    }

    /// Takes the paths served since the last call.
    pub fn take_served(&self) -> Vec<String> {
        std::mem::take(&mut *self.served.lock().unwrap())
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
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
