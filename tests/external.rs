//! `rapport check --external` against a real HTTP server on 127.0.0.1:
//! each kind of answer becomes the right finding at the right line, the
//! cache saves the second run its requests for good links and redirects,
//! and `rapport build` and plain `rapport check` make no request at all.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::util::{Run, SiteTest};

/// Requests seen, by `METHOD /path`.
type Counts = Arc<Mutex<BTreeMap<String, usize>>>;

/// Requests being answered now, and the most there ever were at once.
type InFlight = Arc<Mutex<(usize, usize)>>;

/// A small HTTP/1.1 server on a free port: `/ok` 200, `/missing` 404,
/// `/moved` 301 to `/ok`, `/no-head` 405 to HEAD and 200 to GET, `/slow`
/// answers after 3 s, `/wait/*` 200 after 300 ms. One thread per
/// connection, one request each.
struct Server {
    port: u16,
    counts: Counts,
    in_flight: InFlight,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let counts: Counts = Arc::default();
        let in_flight: InFlight = Arc::default();
        let (shared, shared_flight) = (Arc::clone(&counts), Arc::clone(&in_flight));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counts = Arc::clone(&shared);
                let in_flight = Arc::clone(&shared_flight);
                std::thread::spawn(move || answer(stream, &counts, &in_flight));
            }
        });
        Server {
            port,
            counts,
            in_flight,
        }
    }

    /// The most requests that were being answered at once.
    fn most_at_once(&self) -> usize {
        self.in_flight.lock().unwrap().1
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests of `path`, any method.
    fn requests(&self, path: &str) -> usize {
        let counts = self.counts.lock().unwrap();
        counts
            .iter()
            .filter(|(key, _)| key.split(' ').nth(1) == Some(path))
            .map(|(_, n)| n)
            .sum()
    }

    fn total(&self) -> usize {
        self.counts.lock().unwrap().values().sum()
    }

    fn counts(&self) -> BTreeMap<String, usize> {
        self.counts.lock().unwrap().clone()
    }
}

fn answer(stream: TcpStream, counts: &Counts, in_flight: &InFlight) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    *counts
        .lock()
        .unwrap()
        .entry(format!("{method} {path}"))
        .or_default() += 1;
    {
        let mut flight = in_flight.lock().unwrap();
        flight.0 += 1;
        flight.1 = flight.1.max(flight.0);
    }
    let (status, extra) = match (method.as_str(), path.as_str()) {
        (_, "/ok") => ("200 OK", ""),
        (_, "/moved") => ("301 Moved Permanently", "Location: /ok\r\n"),
        ("HEAD", "/no-head") => ("405 Method Not Allowed", ""),
        ("GET", "/no-head") => ("200 OK", ""),
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", "")
        }
        (_, wait) if wait.starts_with("/wait/") => {
            std::thread::sleep(Duration::from_millis(300));
            ("200 OK", "")
        }
        _ => ("404 Not Found", ""),
    };
    let body = if method == "HEAD" { "" } else { "hello" };
    // Counted out before the answer leaves, so the client cannot start
    // another request while this one still counts.
    in_flight.lock().unwrap().0 -= 1;
    let _ = write!(
        &stream,
        "HTTP/1.1 {status}\r\n{extra}Content-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{body}"
    );
}

/// Runs the real binary without any proxy settings, so requests to
/// 127.0.0.1 go straight to the test server.
fn rapport(site: &SiteTest, command: &str, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.arg(command)
        .arg("--root")
        .arg(&site.root)
        .args(args)
        .env("NO_COLOR", "1");
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    Run::from(cmd.output().expect("the rapport binary runs"))
}

/// One finding of the JSON output.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    code: String,
    severity: String,
    place: String,
    message: String,
    help: String,
}

/// The external findings of `rapport check --format json`.
fn external_findings(run: &Run) -> Vec<Found> {
    run.stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
        })
        .filter(|v| v["code"].as_str().unwrap().starts_with("external-"))
        .map(|v| Found {
            code: v["code"].as_str().unwrap().to_string(),
            severity: v["severity"].as_str().unwrap().to_string(),
            place: format!(
                "{}:{}:{}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"]
            ),
            message: v["message"].as_str().unwrap().to_string(),
            help: v["help"].as_str().unwrap_or("").to_string(),
        })
        .collect()
}

fn site_linking_to(server: &Server) -> SiteTest {
    let site = SiteTest::new("external");
    site.file(
        "rapport.toml",
        "title = \"External\"\nbase_url = \"https://example.org/\"\n",
    );
    site.file(
        "content/_index.md",
        &format!(
            "+++\ntitle = \"Home\"\n+++\nSee [the good page]({}).\n",
            server.url("/ok")
        ),
    );
    site.page(
        "links.md",
        "Links",
        &format!(
            "Intro.\n\n[A good page]({ok}) is fine.\n\n[A gone page]({missing}) is not.\n\n[A moved page]({moved}#part) moved.\n\n[A slow page]({slow}) is slow.\n\n![A picture]({no_head}) from a server without HEAD.\n",
            ok = server.url("/ok"),
            missing = server.url("/missing"),
            moved = server.url("/moved"),
            slow = server.url("/slow"),
            no_head = server.url("/no-head"),
        ),
    );
    site.page(
        "more.md",
        "More",
        &format!("The [gone page]({}) again.\n", server.url("/missing")),
    );
    site
}

#[test]
fn external_links_are_requested_once_reported_by_answer_and_cached() {
    let server = Server::start();
    let site = site_linking_to(&server);

    // Neither a build nor a plain check asks another host anything.
    rapport(&site, "build", &[]).ok();
    let plain = rapport(&site, "check", &["--format", "json"]);
    assert!(external_findings(&plain).is_empty(), "{}", plain.stdout);
    assert!(!site.root.join(".rapport-cache").exists());
    assert_eq!(server.total(), 0, "requests: {:?}", server.counts());

    let first = rapport(
        &site,
        "check",
        &["--external", "--timeout", "1", "--format", "json"],
    );
    assert_eq!(
        first.code,
        Some(1),
        "a 404 fails the check:\n{}",
        first.stderr
    );
    let found = external_findings(&first);
    let summary: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|f| (f.code.as_str(), f.severity.as_str(), f.place.as_str()))
        .collect();
    // Sorted by file, then line; the column is where the address starts.
    // /ok and /no-head (whose GET answers 200) pass.
    assert_eq!(
        summary,
        [
            ("external-link", "error", "content/links.md:8:15"),
            ("external-redirect", "warning", "content/links.md:10:16"),
            ("external-timeout", "warning", "content/links.md:12:15"),
            ("external-link", "error", "content/more.md:4:17"),
        ],
        "\n{}",
        first.stdout
    );
    let missing = &found[0];
    assert!(missing.message.contains("404 Not Found"), "{missing:?}");
    assert!(
        missing.help.contains("also used at content/more.md:4:17"),
        "{missing:?}"
    );
    let moved = &found[1];
    assert!(
        moved.message.contains(&format!(
            "redirects (301 Moved Permanently) to {}",
            server.url("/ok")
        )),
        "{moved:?}"
    );
    assert!(
        moved.help.contains(&format!(
            "update the link to the new address: {}",
            server.url("/ok")
        )),
        "{moved:?}"
    );
    let slow = &found[2];
    assert!(slow.message.contains("did not answer in 1 s"), "{slow:?}");

    // Each address once (the fragment dropped), HEAD first; GET only where
    // HEAD was refused; the redirect is not followed.
    let counts = server.counts();
    let expected: BTreeMap<String, usize> = [
        ("HEAD /ok", 1),
        ("HEAD /missing", 1),
        ("HEAD /moved", 1),
        ("HEAD /slow", 1),
        ("HEAD /no-head", 1),
        ("GET /no-head", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(counts, expected);

    // The cache keeps good answers and redirects, not failures.
    let cache_path = site.root.join(".rapport-cache/external-links.json");
    let cache: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cache_path).unwrap()).unwrap();
    let mut cached: Vec<&str> = cache["entries"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    cached.sort();
    let mut expected_cached = [
        server.url("/moved"),
        server.url("/no-head"),
        server.url("/ok"),
    ];
    expected_cached.sort();
    assert_eq!(cached, expected_cached);

    // A second run asks again only for what failed, and finds the same.
    let second = rapport(
        &site,
        "check",
        &["--external", "--timeout", "1", "--format", "json"],
    );
    assert_eq!(external_findings(&second), found, "\n{}", second.stdout);
    assert_eq!(server.requests("/ok"), 1);
    assert_eq!(server.requests("/moved"), 1);
    assert_eq!(server.requests("/no-head"), 2);
    assert_eq!(server.requests("/missing"), 2);
    assert_eq!(server.requests("/slow"), 2);
}

#[test]
fn external_findings_can_be_allowed_and_read_as_text() {
    let server = Server::start();
    let site = SiteTest::new("external-allow");
    site.file(
        "rapport.toml",
        "title = \"External\"\nbase_url = \"https://example.org/\"\n\n[check]\nallow = [\"external-redirect\"]\n",
    );
    site.page(
        "a.md",
        "A",
        &format!(
            "[Moved]({}) and [gone]({}).\n",
            server.url("/moved"),
            server.url("/missing")
        ),
    );
    let run = rapport(&site, "check", &["--external", "--timeout", "1"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(!run.stdout.contains("external-redirect"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "error[external-link]: {} answers 404 Not Found",
            server.url("/missing")
        )),
        "{}",
        run.stdout
    );
    // The column of the address: "[Moved](" is 8 characters, and so on.
    let gone_column = format!("[Moved]({}) and [gone](", server.url("/moved")).len() + 1;
    assert!(
        run.stdout
            .contains(&format!("--> content/a.md:4:{gone_column}")),
        "{}",
        run.stdout
    );
}

#[test]
fn timeout_needs_external() {
    let site = SiteTest::new("external-flags");
    let run = rapport(&site, "check", &["--timeout", "1"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--external"), "{}", run.stderr);
}

/// The library entry point, as another link source (raw HTML, with
/// columns) calls it: a plain list in, findings out, few requests at once.
#[test]
fn check_external_takes_a_plain_list_and_limits_requests_per_host_and_overall() {
    use rapport::check::external::{ExternalLink, ExternalOptions, check_external};

    let server = Server::start();
    let link = |path: &str, line: usize| ExternalLink {
        url: server.url(path),
        file: "content/a.md".to_string(),
        line,
        column: Some(9),
    };
    let mut links: Vec<ExternalLink> = (1..=6).map(|n| link(&format!("/wait/{n}"), n)).collect();
    links.push(link("/missing", 7));
    let options = ExternalOptions {
        timeout: Duration::from_secs(5),
        per_host: 2,
        cache_file: None,
        ..ExternalOptions::default()
    };
    let findings = check_external(&links, &options);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (
            findings[0].code.as_str(),
            findings[0].line,
            findings[0].column
        ),
        ("external-link", Some(7), Some(9))
    );
    assert_eq!(server.most_at_once(), 2, "two at a time to one host");

    // Overall limit below the per-host one.
    let server = Server::start();
    let links: Vec<ExternalLink> = (1..=6)
        .map(|n| ExternalLink {
            url: server.url(&format!("/wait/{n}")),
            file: "content/a.md".to_string(),
            line: n,
            column: None,
        })
        .collect();
    let options = ExternalOptions {
        per_host: 10,
        total: 3,
        ..options
    };
    assert!(check_external(&links, &options).is_empty());
    assert_eq!(server.most_at_once(), 3, "three at a time overall");
}
