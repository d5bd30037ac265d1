//! `rapport serve`: a real server process, real file edits, a real
//! event-stream client, and a real browser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::browser::browser_or_skip;
use crate::util::{SiteTest, walkdir};

/// A running `rapport serve`, stopped when dropped.
struct Served {
    child: Child,
    port: u16,
    /// The lines `rapport serve` prints, as they come.
    log: mpsc::Receiver<String>,
}

impl Served {
    fn start(site: &SiteTest) -> Served {
        Served::start_with(site, &[])
    }

    /// Starts `rapport serve` with extra arguments.
    fn start_with(site: &SiteTest, args: &[&str]) -> Served {
        Served::spawn(Command::new(env!("CARGO_BIN_EXE_rapport")), site, args)
    }

    /// Starts `rapport serve` allowed at most `files` open files, like a
    /// Mac's default limit of 256.
    fn start_with_file_limit(site: &SiteTest, files: u32, args: &[&str]) -> Served {
        let mut shell = Command::new("sh");
        shell.args([
            "-c",
            &format!("ulimit -n {files} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_rapport"),
        ]);
        Served::spawn(shell, site, args)
    }

    fn spawn(mut command: Command, site: &SiteTest, args: &[&str]) -> Served {
        let child = command
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(&site.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("rapport serve starts");
        // Owned from here, so the process is stopped even if startup fails.
        let (tx, rx) = mpsc::channel();
        let mut served = Served {
            child,
            port: 0,
            log: rx,
        };
        let stdout = served.child.stdout.take().unwrap();
        std::thread::spawn(move || {
            // Keep reading to the end: the server logs a line per rebuild.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        while served.port == 0 {
            let line = served
                .log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve prints its address");
            if let Some(at) = line.find("http://127.0.0.1:") {
                served.port = line[at + 17..]
                    .split(['/', ' '])
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
            }
        }
        served
    }

    /// The log from now until a line containing `needle` (15 s at most).
    #[track_caller]
    fn log_until(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut log = String::new();
        while !log.contains(needle) {
            match self
                .log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) => {
                    log.push_str(&line);
                    log.push('\n');
                }
                Err(_) => panic!("serve never logged {needle:?}; it logged:\n{log}"),
            }
        }
        log
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// (status, body) of a GET, written by hand so that `..` reaches the server as is.
    fn raw_get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response)
    }

    /// The status of a GET of `path` sent with `Host: host`; waits at most
    /// 20 s for the answer.
    fn status_for_host(&self, path: &str, host: &str) -> u16 {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut head = [0; 12];
        stream.read_exact(&mut head).unwrap();
        String::from_utf8_lossy(&head[9..12]).parse().unwrap()
    }

    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.get(&self.url(path)).call().expect("a response");
        let status = response.status().as_u16();
        (
            status,
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    /// Opens the reload channel and returns its messages as they arrive.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__rapport/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(data.to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        // Let the server register the subscriber before anything changes.
        std::thread::sleep(Duration::from_millis(300));
        rx
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next build message (reload, css, error), past the check findings
/// that follow every good build.
#[track_caller]
fn next_message(events: &mpsc::Receiver<String>) -> String {
    loop {
        let message = events
            .recv_timeout(Duration::from_secs(15))
            .expect("a message on the reload channel");
        if !message.contains(r#""type":"findings""#) {
            return message;
        }
    }
}

/// GETs `path` until `done` holds for (status, body), for up to 15 s, and
/// returns the last response. One save can come as two file events and so
/// two rebuilds; the reload of the first may arrive before the second lands.
fn get_until(served: &Served, path: &str, done: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, body) = served.get(path);
        if done(status, &body) || Instant::now() > deadline {
            return (status, body);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn site(name: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.page("notes/_index.md", "Notes", "");
    site.page("notes/first.md", "First", "The original text.\n");
    site.file(
        "Cargo.toml",
        "SECRET-MARKER: this file is outside the site\n",
    );
    site
}

#[test]
fn edits_deletes_additions_and_renames_reload_the_page() {
    let site = site("serve-edits");
    let served = Served::start(&site);
    let (status, body) = served.get("/notes/first/");
    assert_eq!(status, 200);
    assert!(body.contains("The original text."));
    assert!(
        body.contains("/__rapport/reload.js"),
        "the reload script is injected when serving"
    );
    let events = served.events();

    site.page("notes/first.md", "First", "The edited text.\n");
    assert_eq!(next_message(&events), r#"{"type":"reload"}"#);
    let (_, body) = get_until(&served, "/notes/first/", |_, b| {
        b.contains("The edited text.")
    });
    assert!(body.contains("The edited text."));

    site.page("notes/second.md", "Second", "A new page.\n");
    assert_eq!(next_message(&events), r#"{"type":"reload"}"#);
    assert_eq!(get_until(&served, "/notes/second/", |s, _| s == 200).0, 200);

    std::fs::remove_file(site.root.join("content/notes/second.md")).unwrap();
    assert_eq!(next_message(&events), r#"{"type":"reload"}"#);
    let (status, body) = get_until(&served, "/notes/second/", |s, _| s == 404);
    assert_eq!(status, 404);
    assert!(
        body.contains("We could not find that page"),
        "the site's own 404 page"
    );

    // Save the way vim and VS Code do: write a temporary file, rename it over.
    let temp = site.root.join("content/notes/.first.md.tmp");
    std::fs::write(&temp, "+++\ntitle = \"First\"\n+++\nSaved by renaming.\n").unwrap();
    std::fs::rename(&temp, site.root.join("content/notes/first.md")).unwrap();
    assert_eq!(next_message(&events), r#"{"type":"reload"}"#);
    let (_, body) = get_until(&served, "/notes/first/", |_, b| {
        b.contains("Saved by renaming.")
    });
    assert!(body.contains("Saved by renaming."));
}

#[test]
fn a_broken_page_keeps_the_last_good_site_until_fixed() {
    let site = site("serve-errors");
    let served = Served::start(&site);
    let events = served.events();
    site.file(
        "content/notes/first.md",
        "+++\ntitel = \"First\"\n+++\nBroken.\n",
    );
    let message = next_message(&events);
    assert!(
        message.contains(r#""type":"error""#) && message.contains("content/notes/first.md:2"),
        "{message}"
    );
    assert!(
        served.get("/notes/first/").1.contains("The original text."),
        "the last good site is served"
    );
    site.page("notes/first.md", "First", "Fixed.\n");
    assert_eq!(next_message(&events), r#"{"type":"reload"}"#);
    assert!(served.get("/notes/first/").1.contains("Fixed."));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = site("serve-traversal");
    let served = Served::start(&site);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/..\\Cargo.toml",
        "/%2e%2e%2fCargo.toml",
    ] {
        let (status, body) = served.raw_get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("SECRET-MARKER"), "{path} leaked the file");
    }
    let (status, response) = served.raw_get("/style.css");
    assert_eq!(status, 200);
    assert!(
        response.to_lowercase().contains("content-type: text/css"),
        "{response}"
    );
    let (status, response) = served.raw_get("/notes");
    assert_eq!(status, 301, "a section without its slash redirects");
    assert!(response.to_lowercase().contains("location: /notes/"));
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let site = SiteTest::example();
    site.build(&[]).ok();
    for file in walkdir(&site.public()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__rapport"),
            "{} has serve-only code",
            file.display()
        );
    }
}

#[test]
fn an_open_page_reloads_itself_and_shows_build_errors() {
    let browser = browser_or_skip!();
    let site = site("serve-browser");
    let served = Served::start(&site);
    let page = browser.open(&served.url("/notes/first/"));
    page.wait_for("document.body.textContent.includes('The original text.')");
    // Wait until the page's event stream is connected before editing.
    std::thread::sleep(Duration::from_millis(500));
    site.page(
        "notes/first.md",
        "First",
        "Changed while the page was open.\n",
    );
    page.wait_for("document.body.textContent.includes('Changed while the page was open.')");

    site.file(
        "content/notes/first.md",
        "+++\ntitle = \"First\n+++\nBroken.\n",
    );
    page.wait_for("document.getElementById('rapport-build-error') !== null");
    let overlay = page.eval_string("document.getElementById('rapport-build-error').textContent");
    assert!(overlay.contains("content/notes/first.md"), "{overlay}");

    site.page("notes/first.md", "First", "Fixed again.\n");
    page.wait_for("document.body.textContent.includes('Fixed again.') && document.getElementById('rapport-build-error') === null");
    assert!(page.foreign_requests_of_origin(&served.url("")).is_empty());
}

#[test]
fn search_finds_what_was_saved_while_serving() {
    let browser = browser_or_skip!();
    let site = site("serve-search");
    let served = Served::start(&site);
    let results = "[...document.querySelectorAll('.search-result h2 a')].map(a => a.getAttribute('href')).sort().join(' ')";
    let searched =
        "/result|No results/.test(document.querySelector('[data-search-status]').textContent)";
    let page = browser.open(&served.url("/search/?q=quokkaberry"));
    page.wait_for(searched);
    assert_eq!(page.eval_string(results), "");

    // A text edit is a partial update: the index is rebuilt beside it.
    site.page("notes/first.md", "First", "Now about a quokkaberry.\n");
    let start = std::time::Instant::now();
    // A page opened while the index is being swapped may fetch half of the
    // old one and say search could not load (live reload then reloads it):
    // that counts as "not yet".
    let settled = "/result|No results|could not load/.test(document.querySelector('[data-search-status]').textContent)";
    let found_only = |expected: &str| loop {
        // A new tab each time: the open one may be reloading itself.
        let page = browser.open(&served.url("/search/?q=quokkaberry"));
        page.wait_for(settled);
        if page.eval_string(results) == expected {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "the index never caught up: expected {expected:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    found_only("/notes/first/");

    // An added page (a whole rebuild) is found; deleted, it is not.
    site.page("notes/second.md", "Second", "Another quokkaberry.\n");
    found_only("/notes/first/ /notes/second/");
    std::fs::remove_file(site.root.join("content/notes/second.md")).unwrap();
    found_only("/notes/first/");
    // A page that no longer says the word is not found either.
    site.page("notes/first.md", "First", "Now about something else.\n");
    found_only("");
}

/// DNS rebinding: a page on `rebind.example` whose name now points at
/// 127.0.0.1 must not read the preview (issue 18, item 6).
#[test]
fn requests_for_other_hosts_are_refused() {
    let site = site("serve-hosts");
    let served = Served::start(&site);
    let port = served.port;
    for path in ["/notes/first/", "/__rapport/events", "/__rapport/reload.js"] {
        for host in ["rebind.example", &format!("rebind.example:{port}")] {
            assert_eq!(served.status_for_host(path, host), 421, "{host}{path}");
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".to_string(),
    ] {
        assert_eq!(
            served.status_for_host("/notes/first/", &host),
            200,
            "{host}"
        );
    }
}

/// Reads from `stream` until the server closes it and returns how long
/// that took, failing after `limit`.
#[track_caller]
fn time_until_closed(stream: &mut TcpStream, limit: Duration) -> Duration {
    let start = Instant::now();
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut sink = Vec::new();
    // A reset counts as closed, like the end of the stream.
    let _ = stream.read_to_end(&mut sink);
    let elapsed = start.elapsed();
    assert!(elapsed < limit, "still open after {elapsed:?}");
    elapsed
}

/// Idle and slow-header connections used to be kept forever (issue 18).
#[test]
fn idle_and_slow_connections_are_closed_after_the_header_timeout() {
    let site = site("serve-idle");
    let served = Served::start_with(&site, &["--header-timeout", "1"]);
    let limit = Duration::from_secs(10);

    let mut idle = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    let waited = time_until_closed(&mut idle, limit);
    assert!(
        waited >= Duration::from_millis(900),
        "closed after {waited:?}"
    );

    let mut slow = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(slow, "GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    time_until_closed(&mut slow, limit);

    // Idle after a complete request: the keep-alive wait is timed too.
    let mut kept = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(kept, "GET /notes/ HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    time_until_closed(&mut kept, limit);
}

/// A client that asks for a large file and never reads it used to hold
/// its connection forever; the write now fails after the time-out.
#[test]
fn a_response_nobody_reads_is_dropped_after_the_timeout() {
    let site = site("serve-stalled");
    // Far more than loopback's socket buffers hold, so the server must wait.
    let size = 48 << 20;
    site.file("static/big.bin", &"x".repeat(size));
    let served = Served::start_with(&site, &["--header-timeout", "1"]);
    let mut stream = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    write!(stream, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_secs(4));
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut received = Vec::new();
    // The buffered part arrives, then the end (or a reset), not a time-out.
    let outcome = stream.read_to_end(&mut received);
    assert!(
        !matches!(&outcome, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut),
        "{outcome:?}"
    );
    assert!(
        received.len() < size,
        "the whole file came: {}",
        received.len()
    );
}

/// 300 idle connections froze a server whose file limit was 256 (issue 18):
/// now only a capped number are accepted at a time, each for the header
/// time-out, so a real request gets through soon.
#[test]
fn many_idle_connections_do_not_lock_out_the_browser() {
    let site = site("serve-flood");
    let served = Served::start_with_file_limit(&site, 256, &["--header-timeout", "1"]);
    let _idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", served.port)).unwrap())
        .collect();
    let start = Instant::now();
    let host = format!("127.0.0.1:{}", served.port);
    assert_eq!(served.status_for_host("/notes/first/", &host), 200);
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "{:?}",
        start.elapsed()
    );
}

/// The header time-out must not cut an open event stream: it sends only
/// keep-alive comments for as long as nothing changes.
#[test]
fn live_reload_outlasts_the_header_timeout() {
    let site = site("serve-sse-timeout");
    let served = Served::start_with(&site, &["--header-timeout", "1"]);
    let events = served.events();
    std::thread::sleep(Duration::from_millis(2500));
    site.page("notes/first.md", "First", "Edited after a quiet while.\n");
    assert_eq!(next_message(&events), r#"{"type":"reload"}"#);
}

#[test]
fn serve_logs_check_findings_and_shows_them_while_build_refuses_them() {
    let browser = browser_or_skip!();
    let site = site("serve-findings");
    site.file("rapport.toml", "[check]\nbroken_links = \"error\"\n");
    site.bytes("content/notes/photo/pic.png", b"not really a png");
    site.file(
        "content/notes/photo/index.md",
        "+++\ntitle = \"Photo\"\n+++\n## A picture\n\n![A calm room](pic.png)\n",
    );
    let served = Served::start(&site);
    let page = browser.open(&served.url("/notes/photo/"));
    page.wait_for("document.body.textContent.includes('A picture')");
    std::thread::sleep(Duration::from_millis(500));

    // A missing image: the log and the overlay say where; build refuses it.
    site.file(
        "content/notes/photo/index.md",
        "+++\ntitle = \"Photo\"\n+++\n## A picture\n\n![A calm room](missing.png)\n",
    );
    let log = served.log_until("missing.png");
    assert!(log.contains("content/notes/photo/index.md:6"), "{log}");
    // Waited for as a whole: a live reload may come between two questions.
    page.wait_for(
        "(() => { const o = document.getElementById('rapport-build-error'); \
         return !!o && o.textContent.includes('missing.png') && o.textContent.includes('content/notes/photo/index.md'); })()",
    );
    let output = tempfile::tempdir().unwrap();
    let out_dir = output.path().join("public");
    let build = site.run(&["build"], &["--output", out_dir.to_str().unwrap()]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(!out_dir.exists(), "nothing written");

    // An image without alt text builds in the preview, but the log and the
    // overlay say `rapport build` refuses it; a checklist without a heading
    // is a warning in the log and the small panel.
    site.file(
        "content/notes/photo/index.md",
        "+++\ntitle = \"Photo\"\n+++\n![](pic.png)\n\n- [ ] one\n- [ ] two\n",
    );
    let log = served.log_until("checklist-no-heading");
    assert!(
        log.contains("image-alt") && log.contains("content/notes/photo/index.md:4"),
        "{log}"
    );
    page.wait_for(
        "(() => { const o = document.querySelector('#rapport-build-error[data-kind=findings]'); const p = document.getElementById('rapport-check-warnings'); \
         return !!o && !!p && o.textContent.includes('image-alt') && o.textContent.includes('rapport build') \
         && p.textContent.includes('checklist-no-heading') && p.textContent.includes('check warning'); })()",
    );
    let build = site.run(&["build"], &["--output", out_dir.to_str().unwrap()]);
    assert_eq!(build.code, Some(1), "{}", build.stderr);
    assert!(build.stderr.contains("image-alt"), "{}", build.stderr);
    assert!(!out_dir.exists(), "nothing written");

    // Only new findings are logged again; fixed, the overlay goes.
    site.file(
        "content/notes/photo/index.md",
        "+++\ntitle = \"Photo\"\n+++\n![A calm room](pic.png)\n\n- [ ] one\n- [ ] two\n",
    );
    page.wait_for("document.getElementById('rapport-build-error') === null && !!document.getElementById('rapport-check-warnings')");
    // Two file events can mean two rebuilds and two reloads: let them pass.
    std::thread::sleep(Duration::from_millis(800));
    page.wait_for("!!document.getElementById('rapport-check-warnings')");
    page.click("#rapport-check-warnings button");
    page.reload();
    page.wait_for("document.readyState === 'complete'");
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        page.eval_json("document.getElementById('rapport-check-warnings') === null"),
        true,
        "dismissed until the warnings change"
    );
}
