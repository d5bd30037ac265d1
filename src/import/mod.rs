//! `rapport import`: a Hugo, Zola or Jekyll-style site into a new Rapport
//! site, without changing the source.
//!
//! One job per file: [`detect`] finds the generator and its content folder,
//! [`layout`] maps every source file to its place (and URL) in the new site,
//! [`front_matter`] maps keys (the rest under `[extra]`), [`body`] rewrites
//! what Rapport reads differently (Hugo `ref` links, heading ids) and lists
//! what it cannot convert, [`config`] writes `rapport.toml`, [`repair`]
//! builds the result in memory and mends the links that lead nowhere, and
//! [`report`] writes `IMPORT-REPORT.md`. Everything is written into a temporary folder
//! beside `DEST`, renamed into place only when all of it succeeded. The
//! engine returns an [`ImportSummary`]; the CLI prints it.

mod body;
mod config;
mod detect;
mod front_matter;
mod layout;
mod repair;
mod report;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error};

pub use detect::Generator;
pub use repair::LinkRepair;
pub use report::{Leftover, Report};

/// What `rapport import` was asked to do.
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// The generator, when detection should be skipped (`--from`).
    pub from: Option<Generator>,
    /// Called every so often with (files done, files in all), for progress.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// The live site (`https://www.va.gov`) that root-relative links to pages
    /// outside the import are pointed at (`--link-base`); `None` leaves them.
    pub link_base: Option<&'a str>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportSummary {
    /// The generator the source was read as.
    pub generator: Generator,
    /// Pages written (sections not counted).
    pub pages: usize,
    /// Section indexes written (`_index.md`).
    pub sections: usize,
    /// Other files copied (bundle assets, static files).
    pub files: usize,
    /// Shortcodes, template tags and includes left in place.
    pub leftovers: usize,
    /// Hugo `ref`/`relref` calls turned into `@/` links.
    pub calls_converted: usize,
    /// Notes in the report (keys moved, values dropped, URLs kept by alias).
    pub notes: usize,
    /// Links that led nowhere, mended (anchor dropped or unlinked).
    pub links_mended: usize,
    /// Problems a build of the new site still reports (normally none).
    pub problems: Vec<Diagnostic>,
    /// Where the report was written.
    pub report: PathBuf,
}

type Result<T> = std::result::Result<T, Error>;

/// Imports the site in `source` into the new folder `dest`.
pub fn import(source: &Path, dest: &Path, options: &ImportOptions<'_>) -> Result<ImportSummary> {
    let source = source.canonicalize().map_err(|e| Error::io(source, e))?;
    let dest_abs = check_dest(&source, dest)?;
    let detected = detect::detect(&source, options.from)?;
    let plan = layout::plan(&source, &detected)?;
    let site_config = config::read(&source, &detected)?;

    let parent = dest_abs.parent().unwrap_or(Path::new("/"));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".rapport-import-")
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let out = staging.path();

    let context = body::Context::new(&source, &plan, detected.generator, options.link_base);
    let total = plan.markdown.len() + plan.copies.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if let Some(progress) = options.progress {
            if n % 100 == 0 || n == total {
                progress(n, total);
            }
        }
    };

    // Markdown: front matter and body, in parallel; each returns its report lines.
    let results: Vec<Result<FileResult>> = plan
        .markdown
        .par_iter()
        .map(|file| {
            let result = convert_markdown(&source, file, &plan, &site_config, &context);
            tick();
            result
        })
        .collect();
    let mut report = Report::new(detected.generator, &source);
    report.notes.extend(plan.notes.iter().cloned());
    if let Some(language) = &detected.language_folder {
        report.notes.push(report::Note::new(
            slash_path(&detected.content),
            format!("the `{language}` content became content/; other languages' folders were not imported"),
        ));
    }
    let mut pages = 0;
    let mut sections = 0;
    let mut taxonomies_used = BTreeSet::new();
    let mut menu_sections = BTreeSet::new();
    let mut calls_converted = 0;
    let mut results = results.into_iter().collect::<Result<Vec<_>>>()?;
    keep_aliases_unique(&mut results, &mut report);
    results.par_iter().try_for_each(|r| {
        let mut text = String::with_capacity(r.body.len() + 512);
        text.push_str("+++\n");
        text.push_str(&toml::to_string(&r.table).unwrap_or_default());
        text.push_str("+++\n");
        text.push_str(&r.body);
        write(&out.join(&r.dest), &text)
    })?;
    for result in results {
        if result.section {
            sections += 1;
        } else {
            pages += 1;
        }
        taxonomies_used.extend(result.taxonomies);
        menu_sections.extend(result.menu_section);
        calls_converted += result.calls_converted;
        report.notes.extend(result.notes);
        report.leftovers.extend(result.leftovers);
        for key in result.extra_keys {
            let entry = report
                .extra_keys
                .entry(key)
                .or_insert_with(|| (0, result.source.clone()));
            entry.0 += 1;
        }
    }

    plan.copies.par_iter().try_for_each(|(from, to)| {
        let target = out.join(to);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::copy(from, &target).map_err(|e| Error::io(from, e))?;
        tick();
        Ok::<(), Error>(())
    })?;

    let config_text = config::write(&site_config, &taxonomies_used, &menu_sections, &mut report);
    write(&out.join("rapport.toml"), &config_text)?;
    let repaired = repair::repair_links(out)?;
    report.repairs = repaired.repairs;
    let report_text = report.render(pages, sections, plan.copies.len(), calls_converted);
    write(&out.join("IMPORT-REPORT.md"), &report_text)?;

    // Swap in: DEST is missing or an empty folder (checked above).
    if dest_abs.exists() {
        std::fs::remove_dir(&dest_abs).map_err(|e| Error::io(&dest_abs, e))?;
    }
    let kept = staging.keep();
    std::fs::rename(&kept, &dest_abs).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        Error::io(&dest_abs, e)
    })?;

    Ok(ImportSummary {
        generator: detected.generator,
        pages,
        sections,
        files: plan.copies.len(),
        leftovers: report.leftovers.len(),
        calls_converted,
        notes: report.notes.len(),
        links_mended: report.repairs.len(),
        problems: repaired.remaining,
        report: dest.join("IMPORT-REPORT.md"),
    })
}

/// One markdown file's outcome.
struct FileResult {
    source: String,
    dest: String,
    url: String,
    table: toml::Table,
    body: String,
    section: bool,
    taxonomies: BTreeSet<String>,
    calls_converted: usize,
    notes: Vec<report::Note>,
    leftovers: Vec<Leftover>,
    extra_keys: Vec<String>,
    menu_section: Option<String>,
}

fn convert_markdown(
    source: &Path,
    file: &layout::MarkdownFile,
    plan: &layout::Plan,
    site_config: &config::SourceConfig,
    context: &body::Context<'_>,
) -> Result<FileResult> {
    let abs = source.join(&file.source);
    let text = std::fs::read_to_string(&abs).map_err(|e| Error::io(&abs, e))?;
    let display = file.source.clone();
    let mut notes = Vec::new();
    let (table, body, body_line) =
        front_matter::read(&display, &text, &mut notes).map_err(Error::from)?;
    let mapped = front_matter::map(
        table,
        file,
        plan,
        site_config,
        context.generator,
        &mut notes,
    );
    let converted = body::convert(&display, body, body_line, file, context);
    notes.extend(converted.notes);
    Ok(FileResult {
        source: file.source.clone(),
        dest: file.dest.clone(),
        url: mapped.url,
        table: mapped.table,
        body: converted.text,
        section: file.section,
        taxonomies: mapped.taxonomies,
        calls_converted: converted.calls_converted,
        notes,
        leftovers: converted.leftovers,
        extra_keys: mapped.extra_keys,
        menu_section: mapped.menu_section,
    })
}

/// Drops an alias that another page's URL or an earlier alias already has:
/// Rapport gives every URL one owner.
fn keep_aliases_unique(results: &mut [FileResult], report: &mut Report) {
    let mut owners: std::collections::HashMap<String, String> = results
        .iter()
        .map(|r| (r.url.clone(), r.source.clone()))
        .collect();
    // Every folder above a page is a section, with or without `_index.md`.
    for r in results.iter() {
        let mut end = 1;
        while let Some(i) = r.url[end..].find('/') {
            end += i + 1;
            if end < r.url.len() {
                owners
                    .entry(r.url[..end].to_string())
                    .or_insert_with(|| format!("the section {}", &r.url[..end]));
            }
        }
    }
    for r in results.iter_mut() {
        let Some(toml::Value::Array(aliases)) = r.table.get_mut("aliases") else {
            continue;
        };
        aliases.retain(|a| {
            let Some(url) = a.as_str() else { return false };
            match owners.get(url) {
                Some(owner) => {
                    let what = if owner == &r.source {
                        "this page"
                    } else {
                        owner.as_str()
                    };
                    report.notes.push(report::Note::new(
                        &r.source,
                        format!("alias `{url}` dropped: {what} already has that URL"),
                    ));
                    false
                }
                None => {
                    owners.insert(url.to_string(), r.source.clone());
                    true
                }
            }
        });
        if aliases.is_empty() {
            r.table.remove("aliases");
        }
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Refuses a `dest` that is not empty, inside `source`, or holding `source`;
/// returns it as an absolute path.
fn check_dest(source: &Path, dest: &Path) -> Result<PathBuf> {
    let shown = dest.display().to_string();
    if dest.exists() {
        let empty = dest.is_dir()
            && std::fs::read_dir(dest)
                .map_err(|e| Error::io(dest, e))?
                .next()
                .is_none();
        if !empty {
            return Err(Diagnostic::new(
                &shown,
                "this folder is not empty, and `rapport import` never writes over files",
            )
            .with_help("choose a new folder, e.g. `rapport import my-hugo-site my-rapport-site`")
            .into());
        }
    }
    let name = dest.file_name().ok_or_else(|| {
        Diagnostic::new(&shown, "the destination needs a folder name")
            .with_help("name a new folder, e.g. `rapport import old-site new-site`")
    })?;
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The parent may not exist yet: resolve its nearest existing ancestor.
    let mut existing = parent.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().map(|n| n.to_os_string()));
        if !existing.pop() {
            break;
        }
    }
    let mut abs = if existing.as_os_str().is_empty() {
        std::env::current_dir().map_err(|e| Error::io(dest, e))?
    } else {
        existing
            .canonicalize()
            .map_err(|e| Error::io(&existing, e))?
    };
    for part in rest.into_iter().rev().flatten() {
        abs.push(part);
    }
    abs.push(name);
    if abs.starts_with(source) {
        return Err(
            Diagnostic::new(&shown, "the destination is inside the site being imported")
                .with_help(
                    "choose a folder outside it: `rapport import` never writes into the source",
                )
                .into(),
        );
    }
    if source.starts_with(&abs) {
        return Err(
            Diagnostic::new(&shown, "the destination holds the site being imported")
                .with_help("choose a new folder beside the source, not around it")
                .into(),
        );
    }
    Ok(abs)
}

/// Turns a relative path into `/`-separated text.
fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
