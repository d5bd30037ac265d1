//! The HTTP side of `rapport serve`: files from memory, the reload script,
//! and the event stream.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use anyhow::Context;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};

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

/// Serves until the process is stopped.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<SiteState>,
) -> anyhow::Result<()> {
    let app = axum::Router::new()
        .route(RELOAD_SCRIPT_PATH, get(reload_script))
        .route("/__rapport/reload.css", get(reload_style))
        .route("/__rapport/events", get(events))
        .fallback(get(site_file))
        .with_state(state);
    axum::serve(listener, app)
        .await
        .context("the server stopped")
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
    // A page that connects while the site is broken sees the error at once.
    let pending = state.error.read().expect("the error lock").clone();
    let stream = stream::unfold((receiver, pending), |(mut receiver, pending)| async move {
        if let Some(message) = pending {
            return Some((Ok(Event::default().data(message)), (receiver, None)));
        }
        loop {
            match receiver.recv().await {
                Ok(message) => return Some((Ok(Event::default().data(message)), (receiver, None))),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
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
    fn reload_goes_before_the_body_ends() {
        let html = inject_reload(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("reload.js\" defer></script>\n</body>"));
    }
}
