//! The output folder: dangerous ones refused before any work, foreign ones
//! kept unless `--force`, and the site swapped in whole.

use crate::util::{SiteTest, snapshot};

fn site(name: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.page("a.md", "A", "Text.\n");
    site.file("rapport.toml", "title = \"Safety\"\n");
    site
}

/// Refuses `output`, and leaves the whole site folder unchanged.
fn refuses(site: &SiteTest, output: &str, needle: &str) {
    let before = snapshot(&site.root);
    site.build(&["--output", output]).fails_with(&[
        "refusing to write the site here",
        needle,
        "help:",
    ]);
    assert_eq!(
        snapshot(&site.root),
        before,
        "nothing changed for --output {output}"
    );
}

#[test]
fn refuses_the_site_root() {
    let s = site("out-root");
    refuses(&s, s.root.to_str().unwrap(), "the site's own folder");
    refuses(&s, ".", "the site's own folder");
}

#[test]
fn refuses_content_and_source_folders() {
    let s = site("out-content");
    refuses(&s, "content", "content/");
    refuses(&s, "content/sub", "content/");
    s.file("static/x.txt", "x");
    refuses(&s, "static", "static/");
}

#[test]
fn refuses_a_parent_of_the_site() {
    let s = site("out-parent");
    refuses(&s, "..", "holds the site's folder");
}

#[test]
fn refuses_the_file_system_root() {
    let s = site("out-slash");
    refuses(&s, "/", "root of the file system");
}

#[test]
fn refuses_the_home_folder() {
    let s = site("out-home");
    let home = s.root.join("fake-home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("precious.txt"), "keep me").unwrap();
    let before = snapshot(&s.root);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--root"])
        .arg(&s.root)
        .arg("--output")
        .arg(&home)
        .env("HOME", &home)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("your home folder"), "{stderr}");
    assert_eq!(snapshot(&s.root), before);
}

#[test]
fn refuses_a_foreign_non_empty_folder_unless_forced() {
    let s = site("out-foreign");
    s.file("my-project/notes.txt", "my work");
    refuses(&s, "my-project", "not written by Rapport");
    s.build(&["--output", "my-project", "--force"]).ok();
    assert!(s.root.join("my-project/a/index.html").is_file());
    assert!(
        !s.root.join("my-project/notes.txt").exists(),
        "--force replaces the folder"
    );
}

#[test]
fn marks_and_replaces_its_own_folder() {
    let s = site("out-own");
    s.build(&[]).ok();
    assert!(
        s.public().join(".rapport-output").is_file(),
        "the output is marked"
    );
    s.page("b.md", "B", "Text.\n");
    std::fs::remove_file(s.root.join("content/a.md")).unwrap();
    s.build(&[]).ok();
    assert!(s.public().join("b/index.html").is_file());
    assert!(
        !s.public().join("a").exists(),
        "stale pages go with the old output"
    );
    // The previous output is removed by a process of its own, which may
    // still be at work when the build returns.
    let left = || -> Vec<String> {
        std::fs::read_dir(&s.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("rapport-"))
            .collect()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !left().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(left().is_empty(), "no temporary folders left: {:?}", left());
}

#[test]
fn removing_a_previous_output_refuses_any_other_folder() {
    let s = site("out-remove-previous");
    s.file("notes/a.txt", "mine");
    s.file(".public.rapport-old-1/a.txt", "no marker: not Rapport's");
    s.build(&[]).ok();
    let before = snapshot(&s.root);
    for dir in [
        s.root.join("notes"),
        s.root.join(".public.rapport-old-1"),
        // Rapport's marker, but the live output, not a previous one.
        s.public(),
    ] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
            .arg("__remove-previous")
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "{}", dir.display());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("is not a previous output"), "{stderr}");
    }
    assert_eq!(snapshot(&s.root), before, "nothing was removed");
}

#[test]
fn an_empty_folder_is_fine() {
    let s = site("out-empty");
    std::fs::create_dir_all(s.root.join("empty")).unwrap();
    s.build(&["--output", "empty"]).ok();
    assert!(s.root.join("empty/index.html").is_file());
}

#[test]
fn refuses_a_folder_holding_home_and_a_linked_source_folder_even_forced() {
    let s = site("out-home-parent");
    let outer = s.root.join("outer");
    let home = outer.join("me");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("precious.txt"), "keep me").unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--force", "--root"])
        .arg(&s.root)
        .arg("--output")
        .arg(&outer)
        .env("HOME", &home)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("it holds your home folder"), "{stderr}");
    assert!(home.join("precious.txt").is_file());

    // `templates/` linked to a folder elsewhere: still the site's templates.
    let elsewhere = s.root.with_file_name(format!(
        "{}-templates",
        s.root.file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("page.html"), "{{ page.title }}").unwrap();
    std::os::unix::fs::symlink(&elsewhere, s.root.join("templates")).unwrap();
    s.build(&["--force", "--output", elsewhere.to_str().unwrap()])
        .fails_with(&["inside the site's templates/ folder"]);
    assert!(elsewhere.join("page.html").is_file());
}

#[test]
fn an_interrupted_build_leaves_no_temporary_folder() {
    let s = SiteTest::new("out-interrupted");
    rapport_corpus::write_rapport(&s.root, 3000).unwrap();
    let parent = s.root.clone();
    let staging = || {
        std::fs::read_dir(&parent)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".rapport-new-"))
    };
    // A folder an earlier, killed build left (its process is long gone) goes too.
    std::fs::create_dir_all(parent.join(".public.rapport-new-999999999-abc/x")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--root"])
        .arg(&s.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !std::fs::read_dir(&parent).unwrap().flatten().any(|e| {
        let name = e.file_name().to_string_lossy().to_string();
        name.contains(".rapport-new-") && !name.contains("999999999")
    }) {
        assert!(
            start.elapsed().as_secs() < 60,
            "the build never started writing"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        !parent.join(".public.rapport-new-999999999-abc").exists(),
        "the stale folder is removed when a build starts"
    );
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(!exit.success(), "the build was stopped: {exit:?}");
    assert!(!staging(), "a temporary folder was left behind");
    assert!(!s.root.join("public").exists(), "no half-written site");
}
