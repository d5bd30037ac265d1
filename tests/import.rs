//! `rapport import`: real Hugo and Metalsmith sites read in place, a small
//! Zola fixture, and the safety rules (no writing over DEST or into SOURCE).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Run, SiteTest, repo_root};

fn import(source: &Path, dest: &Path, extra: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("import")
        .arg(source)
        .arg(dest)
        .args(extra)
        .env("NO_COLOR", "1")
        .output()
        .expect("the rapport binary runs");
    Run::from(output)
}

fn build(root: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["build", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("the rapport binary runs");
    Run::from(output)
}

fn realworld(name: &str) -> Option<PathBuf> {
    let path = repo_root().join("../shared/realworld").join(name);
    path.is_dir().then_some(path)
}

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir(root)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().to_string();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn walkdir(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every URL the imported site answers: each page's path and its aliases.
fn dest_urls(dest: &Path) -> BTreeSet<String> {
    let content = dest.join("content");
    let mut urls = BTreeSet::new();
    for path in walkdir(&content) {
        let rel = path
            .strip_prefix(&content)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let front = text.split("+++").nth(1).unwrap_or("");
        let table: toml::Table = front.parse().unwrap_or_else(|e| panic!("{rel}: {e}"));
        let dir = stem
            .trim_end_matches("_index")
            .trim_end_matches("index")
            .trim_end_matches('/');
        let slugged = |s: &str| s.to_lowercase().replace('_', "-");
        let mut parts: Vec<String> = dir
            .split('/')
            .filter(|s| !s.is_empty())
            .map(slugged)
            .collect();
        let is_index = stem.ends_with("index");
        if !is_index {
            parts.pop();
            let name = stem.rsplit('/').next().unwrap();
            parts.push(
                table
                    .get("slug")
                    .and_then(|s| s.as_str())
                    .map_or_else(|| slugged(name), str::to_string),
            );
        }
        urls.insert(format!(
            "/{}",
            parts.iter().map(|p| format!("{p}/")).collect::<String>()
        ));
        if let Some(aliases) = table.get("aliases").and_then(|a| a.as_array()) {
            urls.extend(
                aliases
                    .iter()
                    .filter_map(|a| a.as_str())
                    .map(str::to_string),
            );
        }
    }
    urls
}

/// The URL a source page had: its path (lowercased for Hugo), `slug` applied.
fn source_url(rel: &str, text: &str, lower: bool) -> String {
    let stem = rel.strip_suffix(".md").unwrap();
    let mut parts: Vec<&str> = stem.split('/').collect();
    let last = parts.pop().unwrap();
    let slug = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "---")
        .find_map(|l| {
            l.strip_prefix("slug:")
                .map(|s| s.trim().trim_matches('"').to_string())
        });
    if last != "_index" && last != "index" {
        parts.push(slug.as_deref().unwrap_or(last));
    }
    let url = format!(
        "/{}",
        parts.iter().map(|p| format!("{p}/")).collect::<String>()
    );
    if lower { url.to_lowercase() } else { url }
}

fn check_json(root: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["check", "--drafts", "--format", "json", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("the rapport binary runs");
    Run::from(output)
}

/// Imports a real site and checks that every URL and shortcode is
/// accounted for, that the result builds with no error and that `rapport
/// check` finds no broken link. Returns the report's "links that lead
/// nowhere" rows (file, old target, what was done); None when skipped.
fn real_site(
    name: &str,
    content: &str,
    lower: bool,
    extra: &[&str],
) -> Option<Vec<(String, String, String)>> {
    let Some(source) = realworld(name) else {
        eprintln!(
            "skipped: ../shared/realworld/{name} is not beside the repository (real published content, not ours to copy in)"
        );
        return None;
    };
    let site = SiteTest::new(&format!("import-{name}"));
    let dest = site.root.join("imported");
    let before = files(&source);
    let run = import(&source, &dest, extra).ok();
    assert!(run.stdout.contains("Imported"), "{}", run.stdout);
    assert!(run.stdout.contains("Next: rapport build"), "{}", run.stdout);
    assert_eq!(files(&source), before, "the source was changed");

    let urls = dest_urls(&dest);
    let mut shortcodes = 0;
    let content_root = source.join(content);
    for path in walkdir(&content_root) {
        let rel = path
            .strip_prefix(&content_root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        shortcodes += text.matches("{{<").count() + text.matches("{{%").count();
        let url = source_url(&rel, &text, lower);
        assert!(
            urls.contains(&url),
            "{rel}: its URL {url} is neither a page nor an alias in the import"
        );
    }
    let report = std::fs::read_to_string(dest.join("IMPORT-REPORT.md")).unwrap();
    // Paired shortcodes (`{{< x >}}` ... `{{< /x >}}`) are read as closed.
    assert!(!report.contains("unclosed"), "{report}");
    let (calls, mended) = report
        .split_once("## Links that lead nowhere")
        .expect("the report has a links section");
    let listed = calls
        .lines()
        .filter(|l| {
            l.starts_with("| ")
                && (l.contains("`{{<")
                    || l.contains("`{{%")
                    || l.contains("`` {{<")
                    || l.contains("`` {{%"))
        })
        .count();
    assert_eq!(
        listed, shortcodes,
        "every shortcode call is listed in IMPORT-REPORT.md"
    );

    let built = build(&dest);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    assert!(!built.stderr.contains("error:"), "{}", built.stderr);
    let checked = check_json(&dest);
    let broken: Vec<_> = crate::util::json_findings(&checked)
        .into_iter()
        .filter(|f| f["code"] == "broken-link")
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");

    let section = mended.split("\n## ").next().unwrap_or("");
    let rows = section
        .lines()
        .filter(|l| l.starts_with("| content/"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            (
                cells[0].trim_start_matches("| ").to_string(),
                cells[2].trim_matches('`').trim().to_string(),
                cells[3].trim_end_matches(" |").to_string(),
            )
        })
        .collect();
    Some(rows)
}

#[test]
fn the_hugo_docs_import_and_build_with_every_url_shortcode_and_link_accounted_for() {
    let Some(mended) = real_site("hugo-docs-original", "content/en", true, &[]) else {
        return;
    };
    // What no rule of Hugo's resolves without the docs' own templates (not in
    // the sample): a shortcode as a link's target (`{{% eturl rss %}}`) and
    // glossary links to a word no term page is named after ("localize").
    let shortcode_targets = mended.iter().filter(|m| m.1.starts_with("{{%")).count();
    let glossary = mended.iter().filter(|m| m.1 == "g").count();
    assert_eq!(shortcode_targets, 58, "{mended:#?}");
    assert_eq!(glossary, 7, "{mended:#?}");
    assert_eq!(mended.len(), shortcode_targets + glossary, "{mended:#?}");
    assert!(mended.iter().all(|m| m.2 == "unlinked: the text is kept"));
}

#[test]
fn a_metalsmith_site_imports_and_builds_with_only_its_own_broken_links_mended() {
    // Pages and files of VA.gov outside the sample are linked at the live
    // site. What is left is what was broken for a reader of the old site:
    // ids its templates never wrote (#get, #manage, #more) and an id the
    // mental-health page lacks.
    let Some(mended) = real_site(
        "vagov-health-original",
        "pages",
        false,
        &["--link-base", "https://www.va.gov"],
    ) else {
        return;
    };
    let got: Vec<(&str, &str, &str)> = mended
        .iter()
        .map(|(f, d, a)| (f.as_str(), d.as_str(), a.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "content/health-care/_index.md",
                "#get",
                "attribute removed: the text is kept"
            ),
            (
                "content/health-care/_index.md",
                "#manage",
                "attribute removed: the text is kept"
            ),
            (
                "content/health-care/_index.md",
                "#more",
                "attribute removed: the text is kept"
            ),
            (
                "content/health-care/eligibility/_index.md",
                "@/health-care/health-needs-conditions/mental-health/_index.md#no-benefits",
                "anchor dropped: the page exists without it"
            ),
        ]
    );
}

#[test]
fn a_zola_site_imports_and_builds() {
    let source = SiteTest::new("import-zola-source");
    source
        .file(
            "config.toml",
            "base_url = \"https://example.org\"\ntitle = \"Zola site\"\ntaxonomies = [{name = \"tags\"}]\n\n[extra]\nlogo = \"x.png\"\n",
        )
        .file(
            "content/_index.md",
            "\n+++\ntitle = \"Home\"\n+++\nSee [the first post](@/blog/first.md#people-and-body).\n",
        )
        .file(
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\nsort_by = \"date\"\ninsert_anchor_links = \"right\"\n+++\n",
        )
        .file(
            "content/blog/first.md",
            "\n+++\ntitle = \"First\"\ndate = 2024-01-02\n[taxonomies]\ntags = [\"trust\"]\n[extra]\nmood = \"calm\"\n+++\n## People and body\n\nBack [home](@/_index.md). {{ youtube(id=\"x\") }}\n",
        );
    let dest = source.root.with_file_name(format!(
        "{}-out",
        source.root.file_name().unwrap().to_string_lossy()
    ));
    let run = import(&source.root, &dest, &[]).ok();
    assert!(run.stdout.contains("Zola"), "{}", run.stdout);
    let first = std::fs::read_to_string(dest.join("content/blog/first.md")).unwrap();
    assert!(first.starts_with("+++\n"), "{first}");
    assert!(first.contains("mood = \"calm\""), "{first}");
    let config = std::fs::read_to_string(dest.join("rapport.toml")).unwrap();
    assert!(config.contains("tags = \"Tags\""), "{config}");
    let report = std::fs::read_to_string(dest.join("IMPORT-REPORT.md")).unwrap();
    assert!(report.contains("youtube(id="), "{report}");
    assert!(
        report.contains("## Links that lead nowhere (0)"),
        "{report}"
    );
    let built = build(&dest);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
}

#[test]
fn hugo_links_resolve_as_hugo_resolved_them() {
    let source = SiteTest::new("import-hugo-links");
    source
        .file(
            "hugo.toml",
            "baseURL = \"https://example.org/\"\ntitle = \"Clinic\"\n\
             [[menus.main]]\nname = \"Guides\"\npageRef = \"/guides\"\nweight = 5\n\
             [[menus.main]]\nname = \"Forum\"\nurl = \"https://forum.example/\"\nweight = 9\n",
        )
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\nRead about [Boundaries](g) and [being heard](g), the [guide](guides/trust/) \
             (its [first step](guides/trust/#step-one)), the [settings](/guides/settings/#publishdir), \
             the [form](/forms/intake.pdf), a [lost anchor](guides/trust/#gone) and a [lost page](/nowhere/).\n",
        )
        .file("content/guides/_index.md", "---\ntitle: Guides\n---\n")
        // Both indexes in one folder: the section keeps the folder.
        .file("content/guides/index.md", "---\ntitle: About the guides\n---\nHow to use them.\n")
        .file(
            "content/guides/trust.md",
            "---\ntitle: Trust\n---\n{{% include \"/_common/steps.md\" %}}\n",
        )
        .file(
            "content/guides/settings.md",
            "---\ntitle: Settings\n---\n`publishDir`\n: Where pages go.\n\nPeople & body\n: Its old id is written out.\n\nSee [it](#people--body).\n",
        )
        .file(
            "content/_common/steps.md",
            "---\ntitle: Steps\n---\n## Step one\n\nSay what you need.\n",
        )
        .file("content/glossary/_index.md", "---\ntitle: Glossary\n---\n")
        .file("content/glossary/boundary.md", "---\ntitle: boundary\n---\nA limit.\n")
        .file("content/glossary/heard.md", "---\ntitle: heard\n---\nListened to.\n");
    let dest = source.root.with_file_name(format!(
        "{}-out",
        source.root.file_name().unwrap().to_string_lossy()
    ));
    let run = import(
        &source.root,
        &dest,
        &["--link-base", "https://clinic.example"],
    )
    .ok();
    assert!(run.stdout.contains("Next: rapport build"), "{}", run.stdout);
    let home = std::fs::read_to_string(dest.join("content/_index.md")).unwrap();
    for expected in [
        "[Boundaries](@/glossary/boundary.md)",
        "[guide](@/guides/trust.md)",
        "[first step](@/guides/trust.md#step-one)",
        "[settings](@/guides/settings.md#publishdir)",
        "[form](https://clinic.example/forms/intake.pdf)",
        // Led nowhere on the old site: mended, and listed.
        "[lost anchor](@/guides/trust.md)",
        // A page the import lacks is on the live site.
        "[lost page](https://clinic.example/nowhere/)",
        // `being heard` is no term: unlinked.
        "and being heard,",
    ] {
        assert!(home.contains(expected), "{expected}: {home}");
    }
    let trust = std::fs::read_to_string(dest.join("content/guides/trust.md")).unwrap();
    assert!(
        trust.contains("## Step one"),
        "the include is pasted: {trust}"
    );
    let settings = std::fs::read_to_string(dest.join("content/guides/settings.md")).unwrap();
    assert!(
        settings.contains("People & body {#people--body}"),
        "{settings}"
    );
    assert!(dest.join("content/guides/index-page.md").is_file());
    let guides = std::fs::read_to_string(dest.join("content/guides/_index.md")).unwrap();
    assert!(guides.contains("weight = 5"), "the menu's order: {guides}");
    let report = std::fs::read_to_string(dest.join("IMPORT-REPORT.md")).unwrap();
    assert!(
        report.contains("\"Forum\" (https://forum.example/) is not a top section"),
        "{report}"
    );
    assert!(
        report.contains("## Links that lead nowhere (2)"),
        "{report}"
    );
    assert!(
        report.contains("the text of `content/_common/steps.md` is pasted here"),
        "{report}"
    );
    let built = build(&dest);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let page = std::fs::read_to_string(dest.join("public/guides/settings/index.html")).unwrap();
    assert!(
        page.contains("<dt id=\"publishdir\"><code>publishDir</code></dt>"),
        "{page}"
    );
    assert!(
        page.contains("<dt id=\"people--body\">People &amp; body</dt>"),
        "{page}"
    );
}

#[test]
fn a_jekyll_site_keeps_its_post_and_page_urls() {
    let source = SiteTest::new("import-jekyll");
    source
        .file("_config.yml", "title: Clinic notes\nurl: https://clinic.example\n")
        .file("index.md", "---\ntitle: Home\n---\nStart with [the first post]({% post_url 2024-05-01-first-steps %}).\n")
        .file("about.md", "---\ntitle: About us\n---\nWho we are.\n")
        .file(
            "_posts/2024-05-01-first-steps.md",
            "---\ntitle: First steps\ncategories: [Support]\n---\nSee [about]({% link about.md %}).\n",
        )
        .file(
            "_posts/2024-06-10-second.md",
            "---\ntitle: Second\ndate: 2024-06-11\n---\nNext.\n",
        );
    let dest = source.root.with_file_name(format!(
        "{}-out",
        source.root.file_name().unwrap().to_string_lossy()
    ));
    let run = import(&source.root, &dest, &[]).ok();
    assert!(run.stdout.contains("Next: rapport build"), "{}", run.stdout);
    let first = std::fs::read_to_string(dest.join("content/posts/first-steps.md")).unwrap();
    assert!(first.contains("date = 2024-05-01"), "{first}");
    assert!(
        first.contains("\"/support/2024/05/01/first-steps.html\""),
        "{first}"
    );
    assert!(first.contains("[about](@/about.md)"), "{first}");
    // A date in the front matter wins over the file name's, as in Jekyll.
    let second = std::fs::read_to_string(dest.join("content/posts/second.md")).unwrap();
    assert!(second.contains("date = 2024-06-11"), "{second}");
    assert!(second.contains("\"/2024/06/11/second.html\""), "{second}");
    let about = std::fs::read_to_string(dest.join("content/about.md")).unwrap();
    assert!(about.contains("\"/about.html\""), "{about}");
    let home = std::fs::read_to_string(dest.join("content/_index.md")).unwrap();
    assert!(home.contains("(@/posts/first-steps.md)"), "{home}");
    let built = build(&dest);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    for old in [
        "support/2024/05/01/first-steps.html",
        "about.html",
        "posts/second/index.html",
    ] {
        assert!(dest.join("public").join(old).is_file(), "{old} is missing");
    }
}

#[test]
fn import_refuses_a_non_empty_dest_and_never_writes_into_source() {
    let source = SiteTest::new("import-safety");
    source
        .file("_config.yml", "title: Old\n")
        .file("about.md", "---\ntitle: About\n---\nHi\n");
    let before = files(&source.root);

    let dest = SiteTest::new("import-safety-dest");
    dest.file("keep.txt", "mine");
    let run = import(&source.root, &dest.root, &[]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dest.root.join("keep.txt")).unwrap(),
        "mine"
    );

    let inside = import(&source.root, &source.root.join("new"), &[]);
    assert_eq!(inside.code, Some(1));
    assert!(inside.stderr.contains("inside"), "{}", inside.stderr);
    let around = import(&source.root, source.root.parent().unwrap(), &[]);
    assert_eq!(around.code, Some(1));
    assert_eq!(files(&source.root), before, "the source was changed");

    let fresh = source.root.with_file_name(format!(
        "{}-fresh",
        source.root.file_name().unwrap().to_string_lossy()
    ));
    import(&source.root, &fresh, &[]).ok();
    assert!(fresh.join("content/about.md").is_file());
    assert_eq!(files(&source.root), before, "the source was changed");
}
