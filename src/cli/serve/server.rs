//! The HTTP side of `rapport serve`: files from memory, the reload script,
//! and the event stream.
//!
//! The preview holds drafts, so the server guards itself (issue 18, item 6):
//!
//! 1. Only requests addressed to `localhost`, a loopback address or the
//!    address it listens on are answered; any other `Host` gets 421. A web
//!    page the writer visits could otherwise point its own name at
//!    127.0.0.1 (DNS rebinding) and read the preview as same-origin.
//! 2. A connection that sends no complete request head within the header
//!    time-out (idle when opened, idle between requests, or sending headers
//!    slowly) is closed by hyper's `header_read_timeout`. An open
//!    Server-Sent Events stream is a response being written, not a head
//!    being read, so the time-out never cuts it. A response the client
//!    stops reading fails after the same time ([`StallLimit`]).
//! 3. At most [`MAX_CONNECTIONS`] connections are served at once; further
//!    ones wait in the kernel's backlog, where they hold none of the
//!    process's file descriptors, until one closes.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use super::SiteState;

const RELOAD_JS: &str = include_str!("reload.js");
const RELOAD_CSS: &str = include_str!("reload.css");

/// Where the reload script is served; no site file can have this path.
const RELOAD_SCRIPT_PATH: &str = "/__rapport/reload.js";

/// How many ports after the asked one to try when it is taken.
const PORT_ATTEMPTS: u16 = 50;

/// Binds `address:port`, or the next free port after it.
pub(crate) async fn bind(address: IpAddr, port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    if port == 0 {
        return tokio::net::TcpListener::bind(SocketAddr::new(address, 0))
            .await
            .context("cannot listen on any port");
    }
    let mut last_error = None;
    for candidate in port..port.saturating_add(PORT_ATTEMPTS) {
        match tokio::net::TcpListener::bind(SocketAddr::new(address, candidate)).await {
            Ok(listener) => return Ok(listener),
            Err(e) => last_error = Some(e),
        }
    }
    Err(anyhow::anyhow!(
        "ports {port} to {} on {address} are all taken ({}); pass --port with a free one",
        port.saturating_add(PORT_ATTEMPTS - 1),
        last_error.map(|e| e.to_string()).unwrap_or_default()
    ))
}

/// How many connections are served at once. A browser opens at most six
/// HTTP/1.1 connections to one host (live reload's event stream included),
/// so this leaves room for several browsers while staying far below the
/// smallest common file limit (256 on macOS): 300 idle connections once
/// froze the server when each took a descriptor.
pub(crate) const MAX_CONNECTIONS: usize = 64;

/// The header time-out when `--header-timeout` is not given: long enough
/// for a slow network, short enough that idle sockets give their slot back.
pub(crate) const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves until the process is stopped, closing connections that send no
/// request head, or read nothing of a response, within `header_timeout`.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<SiteState>,
    header_timeout: Duration,
) -> anyhow::Result<()> {
    let bound = listener
        .local_addr()
        .context("cannot read the server's address")?;
    let app = axum::Router::new()
        .route(RELOAD_SCRIPT_PATH, get(reload_script))
        .route("/__rapport/reload.css", get(reload_style))
        .route("/__rapport/events", get(events))
        .fallback(get(site_file))
        .layer(axum::middleware::from_fn_with_state(
            bound,
            refuse_other_hosts,
        ))
        .with_state(state);
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        // Take a slot before accepting, so a connection over the cap waits
        // in the backlog instead of costing a file descriptor.
        let slot = Arc::clone(&slots)
            .acquire_owned()
            .await
            .expect("the connection semaphore is never closed");
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of descriptors or memory: wait for connections to close
                // rather than spin (axum's own loop does the same).
                if !is_connection_error(&error) {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .serve_connection(
                TokioIo::new(StallLimit::new(stream, header_timeout)),
                TowerToHyperService::new(app.clone()),
            );
        tokio::spawn(async move {
            // A time-out or a client hanging up ends the connection; neither
            // is worth a log line.
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// A connection whose writes fail once the client has read nothing for
/// `limit`: hyper times out reading a request head but not writing a
/// response, so a client that asks for a large file and never reads it
/// would otherwise keep its slot forever. A live event stream is unaffected:
/// its keep-alives go out as long as the browser reads them.
struct StallLimit {
    stream: tokio::net::TcpStream,
    limit: Duration,
    /// Running while a write waits for the client; `None` while writes flow.
    stalled: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl StallLimit {
    fn new(stream: tokio::net::TcpStream, limit: Duration) -> Self {
        StallLimit {
            stream,
            limit,
            stalled: None,
        }
    }

    /// Turns a pending write into an error once it has waited `limit`.
    fn guard<T>(
        &mut self,
        cx: &mut std::task::Context<'_>,
        written: std::task::Poll<std::io::Result<T>>,
    ) -> std::task::Poll<std::io::Result<T>> {
        use std::task::Poll;
        if written.is_ready() {
            self.stalled = None;
            return written;
        }
        let limit = self.limit;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        // Polling the timer registers a wake-up, so the error is returned
        // even if the socket never becomes writable again.
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl tokio::io::AsyncRead for StallLimit {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for StallLimit {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let written = std::pin::Pin::new(&mut this.stream).poll_write(cx, buf);
        this.guard(cx, written)
    }

    fn poll_write_vectored(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let written = std::pin::Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.guard(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Errors about one connection (the client gave up before it was accepted),
/// after which the next `accept` can go ahead at once.
fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Answers 421 Misdirected Request unless the request names this server
/// (see [`is_allowed_host`]); both the `Host` header and an absolute
/// request target's authority are checked when present.
async fn refuse_other_hosts(
    State(bound): State<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let authority = request.uri().authority().map(Authority::as_str);
    let host = request
        .headers()
        .get(header::HOST)
        .map(|value| value.to_str().unwrap_or(""));
    let named = [authority, host];
    let allowed = named.iter().any(Option::is_some)
        && named
            .iter()
            .flatten()
            .all(|name| is_allowed_host(name, bound));
    if allowed {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CACHE_CONTROL, "no-store")],
        "rapport serve answers only requests addressed to localhost, a loopback \
         address or the address given to --bind.\n",
    )
        .into_response()
}

/// Whether a `Host` value names this server: `localhost`, a loopback
/// address, or the address it is bound to (any IP address when bound to
/// 0.0.0.0 or `::`, since other devices reach it by the machine's
/// addresses). DNS rebinding always arrives under the attacker's domain
/// name, so names are what must be refused. The port is not compared: a
/// forwarded port (`ssh -L 8080:localhost:1111`, a container's `-p`) makes
/// browsers send another one, and it proves nothing either way.
pub(crate) fn is_allowed_host(host: &str, bound: SocketAddr) -> bool {
    let Ok(authority) = host.parse::<Authority>() else {
        return false;
    };
    if authority.as_str().contains('@') {
        return false;
    }
    let name = authority.host();
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let literal = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    match literal.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

async fn reload_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_JS,
    )
        .into_response()
}

async fn reload_style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_CSS,
    )
        .into_response()
}

async fn events(
    State(state): State<Arc<SiteState>>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let receiver = state.events.subscribe();
    // A page that connects while the site is broken sees the error at once,
    // and the check findings of the site it shows.
    let mut pending: Vec<String> = Vec::new();
    pending.extend(state.findings.read().expect("the findings lock").clone());
    pending.extend(state.error.read().expect("the error lock").clone());
    let stream = stream::unfold(
        (receiver, pending),
        |(mut receiver, mut pending)| async move {
            if let Some(message) = pending.pop() {
                return Some((Ok(Event::default().data(message)), (receiver, pending)));
            }
            loop {
                match receiver.recv().await {
                    Ok(message) => {
                        return Some((Ok(Event::default().data(message)), (receiver, pending)));
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The site-relative key of a request path, or `None` for a path that tries
/// to climb out (`..`, encoded or not, backslashes, absolute forms).
pub(crate) fn file_key(path: &str, base_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || decoded.starts_with("//") {
        return None;
    }
    if decoded
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    let rest = decoded
        .strip_prefix(base_path)
        .or_else(|| decoded.strip_prefix('/'))?;
    let mut key = rest.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

async fn site_file(State(state): State<Arc<SiteState>>, uri: Uri) -> Response {
    let Some(key) = file_key(uri.path(), &state.base_path) else {
        return (
            StatusCode::BAD_REQUEST,
            "This address is not part of the site.",
        )
            .into_response();
    };
    let files = Arc::clone(&state.files.read().expect("the site lock"));
    let (status, key, bytes) = match files.get(&key) {
        Some(bytes) => (StatusCode::OK, key, bytes.clone()),
        None => match files.get(&format!("{key}/index.html")) {
            // `/trust` without its slash: send the browser to `/trust/`.
            Some(_) => {
                let location = format!("{}/", uri.path());
                return (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, location)],
                )
                    .into_response();
            }
            None => match files.get("404.html") {
                Some(bytes) => (StatusCode::NOT_FOUND, "404.html".to_string(), bytes.clone()),
                None => return (StatusCode::NOT_FOUND, "Not found.").into_response(),
            },
        },
    };
    let mime = mime_guess::from_path(&key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        Body::from(inject_reload(&bytes))
    } else {
        Body::from(bytes.to_vec())
    };
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Adds the reload script and its style before `</body>`.
fn inject_reload(html: &[u8]) -> Vec<u8> {
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"/__rapport/reload.css\"><script src=\"{RELOAD_SCRIPT_PATH}\" defer></script>\n"
    );
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + tags.len());
            out.push_str(&text[..at]);
            out.push_str(&tags);
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => {
            let mut out = text.into_owned();
            out.push_str(&tags);
            out.into_bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_climb_out() {
        assert_eq!(file_key("/", "/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/trust/a/", "/").as_deref(),
            Some("trust/a/index.html")
        );
        assert_eq!(file_key("/style.css", "/").as_deref(), Some("style.css"));
        assert_eq!(
            file_key("/my%20file.svg", "/").as_deref(),
            Some("my file.svg")
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/..%2fCargo.toml",
            "/a\\..\\b",
            "//etc/passwd",
            "/a/%5c..%5cb",
        ] {
            assert_eq!(file_key(bad, "/"), None, "{bad}");
        }
    }

    #[test]
    fn only_this_machine_s_names_are_answered() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for good in [
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "127.0.0.1",
            "127.0.0.2:1111",
            "[::1]:1111",
            "localhost:8080",
        ] {
            assert!(is_allowed_host(good, loopback), "{good}");
        }
        for bad in [
            "rebind.example",
            "rebind.example:1111",
            "localhost.rebind.example:1111",
            "127.0.0.1.nip.io:1111",
            "user@localhost:1111",
            "192.168.1.5:1111",
            "",
            "[::1",
        ] {
            assert!(!is_allowed_host(bad, loopback), "{bad}");
        }
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(is_allowed_host("192.168.1.5:1111", lan));
        assert!(is_allowed_host("localhost:1111", lan));
        assert!(!is_allowed_host("192.168.1.6:1111", lan));
        let everywhere: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(is_allowed_host("192.168.1.6:1111", everywhere));
        assert!(is_allowed_host("[fe80::1]:1111", everywhere));
        assert!(!is_allowed_host("rebind.example:1111", everywhere));
    }

    #[test]
    fn reload_goes_before_the_body_ends() {
        let html = inject_reload(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("reload.js\" defer></script>\n</body>"));
    }
}
