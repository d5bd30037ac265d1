//! The content health report: `rapport check --format html` (and `csv`).
//!
//! One self-contained HTML file, made from the same findings as the text
//! output and the pages' [`inventory`](super::inventory): charts drawn here
//! as SVG (each with a title, a description and its data as a table), a
//! sortable, filterable table of pages and one of findings, and, with
//! `--compare`, what changed since an earlier JSON report. Its CSS and
//! script are inline and its policy allows nothing else, so it works opened
//! from disk and asks no host for anything.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::inventory::{self, DocumentFacts, ReviewStatus};
use super::{CheckReport, Finding, Severity};
use rapport_plugin::escape_html as esc;

/// At most this many pages in the reading-grade chart (the hardest); its
/// data table says so. Every page is in the table of pages.
pub const GRADE_CHART_PAGES: usize = 30;

/// A finding as a JSON report (`rapport check --format json`) holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OldFinding {
    /// Its lint code.
    pub code: String,
    /// `error`, `warning` or `note`.
    pub severity: String,
    /// Its file.
    pub file: String,
    /// Its line.
    pub line: Option<usize>,
    /// Its message.
    pub message: String,
}

/// What changed between an earlier JSON report and this check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Each code found then or now: (code, then, now).
    pub by_code: Vec<(String, usize, usize)>,
    /// Each file with findings then or now whose count changed: (file, then, now).
    pub by_file: Vec<(String, usize, usize)>,
    /// Findings now that were not there then (same code, file and message).
    pub added: Vec<Finding>,
    /// Findings then that are gone now.
    pub resolved: Vec<OldFinding>,
}

/// Reads a JSON report (one finding per line); `Err` names the bad line.
pub fn read_json_report(text: &str) -> Result<Vec<OldFinding>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

/// Compares `old` findings with `now`'s, matching each by code, file and
/// message (lines move as text is edited).
pub fn compare(old: &[OldFinding], now: &[Finding]) -> Comparison {
    type Key = (String, String, String);
    let key_old = |f: &OldFinding| -> Key { (f.code.clone(), f.file.clone(), f.message.clone()) };
    let key_now = |f: &Finding| -> Key {
        (
            f.code.as_str().to_string(),
            f.file.clone(),
            f.message.clone(),
        )
    };
    let mut unmatched: BTreeMap<Key, Vec<&OldFinding>> = BTreeMap::new();
    for f in old {
        unmatched.entry(key_old(f)).or_default().push(f);
    }
    let mut added = Vec::new();
    for f in now {
        match unmatched.get_mut(&key_now(f)).and_then(Vec::pop) {
            Some(_) => {}
            None => added.push(f.clone()),
        }
    }
    let resolved: Vec<OldFinding> = unmatched.into_values().flatten().cloned().collect();
    let mut codes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut files: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for f in old {
        codes.entry(f.code.clone()).or_default().0 += 1;
        files.entry(f.file.clone()).or_default().0 += 1;
    }
    for f in now {
        codes.entry(f.code.as_str().to_string()).or_default().1 += 1;
        files.entry(f.file.clone()).or_default().1 += 1;
    }
    Comparison {
        by_code: codes.into_iter().map(|(c, (a, b))| (c, a, b)).collect(),
        by_file: files
            .into_iter()
            .filter(|(_, (a, b))| a != b)
            .map(|(f, (a, b))| (f, a, b))
            .collect(),
        added,
        resolved,
    }
}

/// The pages table as CSV: one row per page or section, with its findings count.
pub fn csv(report: &CheckReport) -> String {
    let counts = findings_per_file(&report.findings);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "file",
        "url",
        "title",
        "section",
        "language",
        "audience",
        "words",
        "reading_grade",
        "reading_ease",
        "grade_target",
        "last_reviewed",
        "reviewed_by",
        "next_review",
        "review_status",
        "findings",
    ]);
    for f in &report.inventory {
        let _ = writer.write_record([
            f.file.clone(),
            f.url.clone(),
            f.title.clone(),
            f.section.clone(),
            f.language.clone(),
            f.audience.join("; "),
            f.words.to_string(),
            number(f.grade),
            number(f.ease),
            number(f.target),
            f.last_reviewed.clone().unwrap_or_default(),
            f.reviewed_by.clone().unwrap_or_default(),
            f.next_review.clone().unwrap_or_default(),
            f.status.label().to_string(),
            counts
                .get(f.file.as_str())
                .copied()
                .unwrap_or(0)
                .to_string(),
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// One decimal, or nothing.
fn number(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn findings_per_file(findings: &[Finding]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.file.as_str()).or_insert(0) += 1;
    }
    counts
}

/// What the HTML report is made from.
pub struct HtmlReport<'a> {
    /// The check's findings and pages.
    pub report: &'a CheckReport,
    /// The site's title.
    pub site_title: &'a str,
    /// The site folder, absolute, so titles link to their source files.
    pub root: &'a std::path::Path,
    /// Today, for the review months.
    pub today: jiff::civil::Date,
    /// The comparison with an earlier report, if asked for.
    pub comparison: Option<&'a Comparison>,
}

impl HtmlReport<'_> {
    /// The whole report as one HTML document.
    pub fn render(&self) -> String {
        let report = self.report;
        let mut h = String::with_capacity(64 * 1024 + report.inventory.len() * 600);
        let title = format!("Content health: {}", self.site_title);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
            esc(&title),
            esc(&title)
        );
        let (errors, warnings, notes) = (
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Note),
        );
        let _ = write!(
            h,
            "<p>Made by <code>rapport check</code> on {} from {} pages and sections: \
             {errors} {}, {warnings} {}, {notes} {}.</p>\n</header>\n<main>\n",
            self.today,
            report.inventory.len(),
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" },
            if notes == 1 { "note" } else { "notes" },
        );
        self.glance(&mut h);
        h.push_str("<section aria-labelledby=\"charts-title\">\n<h2 id=\"charts-title\">Charts</h2>\n<div class=\"charts\">\n");
        self.grade_chart(&mut h);
        self.status_chart(&mut h);
        self.months_chart(&mut h);
        self.codes_chart(&mut h);
        h.push_str("</div>\n</section>\n");
        if let Some(comparison) = self.comparison {
            comparison_section(&mut h, comparison);
        }
        self.pages_table(&mut h);
        self.findings_table(&mut h);
        let _ = write!(h, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
        h
    }

    fn status_counts(&self) -> Vec<(ReviewStatus, usize)> {
        ReviewStatus::ALL
            .iter()
            .map(|&s| {
                (
                    s,
                    self.report
                        .inventory
                        .iter()
                        .filter(|f| f.status == s)
                        .count(),
                )
            })
            .collect()
    }

    /// The numbers a manager looks for first.
    fn glance(&self, h: &mut String) {
        let status = self.status_counts();
        let hard = self
            .report
            .inventory
            .iter()
            .filter(|f| matches!((f.grade, f.target), (Some(g), Some(t)) if g > t))
            .count();
        let with_code = |code| {
            self.report
                .findings
                .iter()
                .filter(|f| f.code == code)
                .count()
        };
        let broken = with_code(crate::error::Code::BrokenLink);
        let no_reviewer = with_code(crate::error::Code::MissingReviewer);
        h.push_str("<section aria-labelledby=\"glance-title\">\n<h2 id=\"glance-title\">At a glance</h2>\n<ul class=\"tiles\">\n");
        let tiles = [
            (status[2].1, "reviews overdue"),
            (status[1].1, "reviews due within 90 days"),
            (status[3].1, "never reviewed"),
            (no_reviewer, "missing a reviewer"),
            (hard, "above their reading grade target"),
            (broken, "broken links"),
        ];
        for (n, label) in tiles {
            let _ = writeln!(
                h,
                "<li><span class=\"tile-number\">{n}</span> <span class=\"tile-label\">{label}</span></li>"
            );
        }
        h.push_str("</ul>\n</section>\n");
    }

    fn grade_chart(&self, h: &mut String) {
        let mut graded: Vec<&DocumentFacts> = self
            .report
            .inventory
            .iter()
            .filter(|f| f.grade.is_some())
            .collect();
        graded.sort_by(|a, b| {
            b.grade
                .unwrap_or_default()
                .total_cmp(&a.grade.unwrap_or_default())
                .then_with(|| a.title.cmp(&b.title))
        });
        let total = graded.len();
        graded.truncate(GRADE_CHART_PAGES);
        let shown = graded.len();
        let caption = if total > shown {
            format!("Reading grade of the {shown} hardest of {total} pages")
        } else {
            "Reading grade per page".to_string()
        };
        let desc = format!(
            "Flesch-Kincaid grade of each page with enough English prose, hardest first; the mark on each bar is the target of its audience. {} of {total} pages are above their target.",
            graded
                .iter()
                .filter(|f| f.target.is_some_and(|t| f.grade.unwrap_or_default() > t))
                .count()
        );
        let rows: Vec<Bar> = graded
            .iter()
            .map(|f| Bar {
                label: f.title.clone(),
                value: f.grade.unwrap_or_default(),
                mark: f.target,
                over: f.target.is_some_and(|t| f.grade.unwrap_or_default() > t),
            })
            .collect();
        let table: Vec<Vec<String>> = graded
            .iter()
            .map(|f| {
                vec![
                    f.title.clone(),
                    format!("{:.1}", f.grade.unwrap_or_default()),
                    f.target
                        .map(|t| format!("{t}"))
                        .unwrap_or_else(|| "none".into()),
                ]
            })
            .collect();
        figure(
            h,
            "chart-grade",
            &caption,
            &desc,
            &horizontal_bars(&rows, 20.0),
            &["Page", "Grade", "Target"],
            &table,
        );
    }

    fn status_chart(&self, h: &mut String) {
        let counts = self.status_counts();
        let desc = counts
            .iter()
            .map(|(s, n)| format!("{}: {n}", s.label()))
            .collect::<Vec<_>>()
            .join(", ");
        let bars: Vec<(String, usize, &str)> = counts
            .iter()
            .map(|(s, n)| {
                let class = match s {
                    ReviewStatus::Current => "bar-good",
                    ReviewStatus::DueSoon => "bar-soon",
                    _ => "bar-bad",
                };
                (s.label().to_string(), *n, class)
            })
            .collect();
        let table: Vec<Vec<String>> = counts
            .iter()
            .map(|(s, n)| vec![s.label().to_string(), n.to_string()])
            .collect();
        figure(
            h,
            "chart-status",
            "Review status",
            &format!("Pages and sections by where their clinical review stands today. {desc}."),
            &vertical_bars(&bars, 110.0),
            &["Status", "Pages"],
            &table,
        );
    }

    fn months_chart(&self, h: &mut String) {
        let months = inventory::due_per_month(&self.report.inventory, self.today);
        let total: usize = months.iter().map(|(_, n)| n).sum();
        let bars: Vec<(String, usize, &str)> = months
            .iter()
            .map(|(m, n)| (short_month(m), *n, "bar-soon"))
            .collect();
        let table: Vec<Vec<String>> = months
            .iter()
            .map(|(m, n)| vec![month_name(m), n.to_string()])
            .collect();
        figure(
            h,
            "chart-months",
            "Reviews due in the next 12 months",
            &format!(
                "How many reviews fall due in each of the next 12 months, {total} in all (overdue reviews are counted under review status)."
            ),
            &vertical_bars(&bars, 44.0),
            &["Month", "Reviews due"],
            &table,
        );
    }

    fn codes_chart(&self, h: &mut String) {
        let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &self.report.findings {
            *codes.entry(f.code.as_str()).or_insert(0) += 1;
        }
        let mut codes: Vec<(&str, usize)> = codes.into_iter().collect();
        codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let rows: Vec<Bar> = codes
            .iter()
            .map(|(c, n)| Bar {
                label: (*c).to_string(),
                value: *n as f64,
                mark: None,
                over: false,
            })
            .collect();
        let max = codes.first().map_or(1.0, |(_, n)| *n as f64);
        let table: Vec<Vec<String>> = codes
            .iter()
            .map(|(c, n)| vec![(*c).to_string(), n.to_string()])
            .collect();
        figure(
            h,
            "chart-codes",
            "Findings per lint code",
            &format!(
                "How many findings of each kind the check made, most first: {} in all.",
                self.report.findings.len()
            ),
            &horizontal_bars(&rows, max),
            &["Code", "Findings"],
            &table,
        );
    }

    fn pages_table(&self, h: &mut String) {
        let counts = findings_per_file(&self.report.findings);
        open_table(
            h,
            "pages",
            "Pages",
            &[
                ("Title", "text"),
                ("Section", "text"),
                ("Audience", "text"),
                ("Words", "number"),
                ("Reading grade", "number"),
                ("Reading ease", "number"),
                ("Last reviewed", "text"),
                ("Reviewer", "text"),
                ("Next review due", "text"),
                ("Review status", "text"),
                ("Findings", "number"),
            ],
        );
        for f in &self.report.inventory {
            let source = self.root.join(&f.file);
            let href = format!("file://{}", source.display());
            let grade_class = match (f.grade, f.target) {
                (Some(g), Some(t)) if g > t => " class=\"over\"",
                _ => "",
            };
            let status_class = match f.status {
                ReviewStatus::Overdue | ReviewStatus::Never => " class=\"over\"",
                _ => "",
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><a href=\"{}\">{}</a><br><span class=\"file\">{}</span></th><td>{}</td><td>{}</td>\
                 <td data-value=\"{}\">{}</td><td data-value=\"{}\"{grade_class}>{}</td><td data-value=\"{}\">{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td{status_class}>{}</td><td data-value=\"{n}\">{n}</td></tr>",
                esc(&href),
                esc(&f.title),
                esc(&f.file),
                esc(&f.section),
                esc(&f.audience.join(", ")),
                f.words,
                f.words,
                f.grade.unwrap_or(-1.0),
                number(f.grade),
                f.ease.unwrap_or(-1.0),
                number(f.ease),
                esc(f.last_reviewed.as_deref().unwrap_or("")),
                esc(f.reviewed_by.as_deref().unwrap_or("")),
                esc(f.next_review.as_deref().unwrap_or("")),
                f.status.label(),
                n = counts.get(f.file.as_str()).copied().unwrap_or(0),
            );
        }
        h.push_str(CLOSE_TABLE);
    }

    fn findings_table(&self, h: &mut String) {
        open_table(
            h,
            "findings",
            "Findings",
            &[
                ("Where", "text"),
                ("Code", "text"),
                ("Severity", "text"),
                ("Message", "text"),
                ("Help", "text"),
            ],
        );
        for f in &self.report.findings {
            let place = match (f.line, f.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file),
                (Some(l), None) => format!("{}:{l}", f.file),
                _ => f.file.clone(),
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&place),
                f.code.as_str(),
                f.severity.name(),
                esc(&f.message),
                esc(f.help.as_deref().unwrap_or("")),
            );
        }
        h.push_str(CLOSE_TABLE);
    }
}

/// Opens the section of a sortable table `id` titled `title`: its heading,
/// the filter box and live status line (shown by the script), and the
/// header row of `columns` (name, `text` or `number`). [`CLOSE_TABLE`] ends it.
fn open_table(h: &mut String, id: &str, title: &str, columns: &[(&str, &str)]) {
    let _ = write!(
        h,
        "<section aria-labelledby=\"{id}-title\">\n<h2 id=\"{id}-title\">{title}</h2>\n\
         <div class=\"filter\" hidden><label for=\"{id}-filter\">Filter {}</label> \
         <input type=\"search\" id=\"{id}-filter\" data-filters=\"{id}\" autocomplete=\"off\"></div>\n\
         <p class=\"table-status\" id=\"{id}-status\" role=\"status\"></p>\n\
         <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{id}-title\">\n\
         <table class=\"data\" id=\"{id}\" data-sortable>\n<thead><tr>",
        title.to_lowercase()
    );
    for (name, kind) in columns {
        let _ = write!(h, "<th scope=\"col\" data-kind=\"{kind}\">{name}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
}

/// Ends what [`open_table`] began.
const CLOSE_TABLE: &str = "</tbody>\n</table>\n</div>\n</section>\n";

/// "2026-11" as "November 2026".
fn month_name(key: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (year, month) = key.split_once('-').unwrap_or((key, "1"));
    let month: usize = month.parse().unwrap_or(1);
    format!("{} {year}", MONTHS[(month.clamp(1, 12)) - 1])
}

/// "2026-11" as "Nov 2026", for a chart's axis.
fn short_month(key: &str) -> String {
    let long = month_name(key);
    let (month, year) = long.split_once(' ').unwrap_or((&long, ""));
    format!("{} {year}", month.chars().take(3).collect::<String>())
}

/// What changed since the earlier report.
fn comparison_section(h: &mut String, c: &Comparison) {
    h.push_str("<section aria-labelledby=\"compare-title\">\n<h2 id=\"compare-title\">Since the last report</h2>\n");
    let _ = writeln!(
        h,
        "<p>{} new findings, {} resolved.</p>",
        c.added.len(),
        c.resolved.len()
    );
    h.push_str("<table class=\"data\" id=\"compare-codes\"><caption>Findings per code, then and now</caption>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Then</th><th scope=\"col\">Now</th><th scope=\"col\">Change</th></tr></thead>\n<tbody>\n");
    for (code, then, now) in &c.by_code {
        let change = *now as i64 - *then as i64;
        let class = match change.signum() {
            1 => " class=\"over\"",
            -1 => " class=\"better\"",
            _ => "",
        };
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{then}</td><td>{now}</td><td{class}>{change:+}</td></tr>",
            esc(code)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if !c.by_file.is_empty() {
        h.push_str("<table class=\"data\" id=\"compare-files\"><caption>Files whose findings changed</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Then</th><th scope=\"col\">Now</th></tr></thead>\n<tbody>\n");
        for (file, then, now) in &c.by_file {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\">{}</th><td>{then}</td><td>{now}</td></tr>",
                esc(file)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    let lists: [(&str, Vec<String>); 2] = [
        (
            "New findings",
            c.added
                .iter()
                .map(|f| format!("{} {}: {}", f.code.as_str(), f.file, f.message))
                .collect(),
        ),
        (
            "Resolved findings",
            c.resolved
                .iter()
                .map(|f| format!("{} {}: {}", f.code, f.file, f.message))
                .collect(),
        ),
    ];
    for (title, items) in lists {
        if items.is_empty() {
            continue;
        }
        let _ = write!(
            h,
            "<details><summary>{title} ({})</summary>\n<ul>\n",
            items.len()
        );
        for item in items {
            let _ = writeln!(h, "<li>{}</li>", esc(&item));
        }
        h.push_str("</ul>\n</details>\n");
    }
    h.push_str("</section>\n");
}

/// One row of a horizontal bar chart.
struct Bar {
    label: String,
    value: f64,
    /// A target drawn across the bar.
    mark: Option<f64>,
    /// Drawn in the "over target" colour.
    over: bool,
}

/// Horizontal bars, one row per item, scaled to `max` (at least).
fn horizontal_bars(rows: &[Bar], max: f64) -> String {
    let max = rows
        .iter()
        .map(|r| r.value.max(r.mark.unwrap_or(0.0)))
        .fold(max, f64::max)
        .max(1.0);
    let (label_w, bar_w, row_h) = (220.0, 300.0, 22.0);
    let height = (rows.len().max(1) as f64) * row_h + 10.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\">",
        width = label_w + bar_w + 60.0
    );
    if rows.is_empty() {
        s.push_str("<text x=\"0\" y=\"16\" class=\"chart-label\">Nothing to show</text>");
    }
    for (i, row) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        let w = (row.value / max * bar_w).max(1.0);
        let label: String = if row.label.chars().count() > 32 {
            row.label.chars().take(31).collect::<String>() + "…"
        } else {
            row.label.clone()
        };
        let class = if row.over { "bar-bad" } else { "bar-good" };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" class=\"chart-label\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" class=\"{class}\"></rect>\
             <text x=\"{:.1}\" y=\"{}\" class=\"chart-value\">{}</text>",
            label_w - 6.0,
            y + 14.0,
            esc(&label),
            row_h - 6.0,
            label_w + w + 4.0,
            y + 14.0,
            trim_number(row.value)
        );
        if let Some(mark) = row.mark {
            let x = label_w + mark / max * bar_w;
            let _ = write!(
                s,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{}\" y2=\"{}\" class=\"chart-target\"></line>",
                y - 2.0,
                y + row_h - 2.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Vertical bars with their counts, `col_w` wide each, labelled on up to
/// two lines below.
fn vertical_bars(bars: &[(String, usize, &str)], col_w: f64) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let chart_h = 160.0;
    let width = bars.len() as f64 * col_w;
    let height = chart_h + 52.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\">"
    );
    let bar_w = col_w * 0.7;
    for (i, (label, n, class)) in bars.iter().enumerate() {
        let h = (*n as f64 / max * chart_h).max(if *n > 0 { 2.0 } else { 0.0 });
        let x = i as f64 * col_w + (col_w - bar_w) / 2.0;
        let y = chart_h - h + 16.0;
        let cx = i as f64 * col_w + col_w / 2.0;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" class=\"{class}\"></rect>\
             <text x=\"{cx:.1}\" y=\"{:.1}\" class=\"chart-value\" text-anchor=\"middle\">{n}</text>",
            y - 4.0,
        );
        for (line, text) in two_lines(label, (col_w / 7.5) as usize).iter().enumerate() {
            let _ = write!(
                s,
                "<text x=\"{cx:.1}\" y=\"{}\" class=\"chart-label\" text-anchor=\"middle\">{}</text>",
                chart_h + 32.0 + line as f64 * 15.0,
                esc(text)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// `label` in at most two lines of about `width` characters, whole words.
fn two_lines(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in label.split_whitespace() {
        let full = lines.len() == 2;
        let last = lines.last_mut().expect("one line");
        if last.is_empty() {
            last.push_str(word);
        } else if last.chars().count() + 1 + word.chars().count() <= width || full {
            last.push(' ');
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
        .into_iter()
        .map(|l| shorten(&l, width.max(4) + 2))
        .collect()
}

fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() > most {
        text.chars().take(most - 1).collect::<String>() + "…"
    } else {
        text.to_string()
    }
}

/// 3 for 3.0, 8.4 for 8.4.
fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A chart: the SVG (hidden from screen readers), named by its visible
/// caption and described, with its data as a table below.
fn figure(
    h: &mut String,
    id: &str,
    caption: &str,
    desc: &str,
    svg: &str,
    columns: &[&str],
    rows: &[Vec<String>],
) {
    let _ = write!(
        h,
        "<figure class=\"chart\" id=\"{id}\" role=\"group\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\n\
         <figcaption><h3 id=\"{id}-title\">{}</h3><p id=\"{id}-desc\">{}</p></figcaption>\n{svg}\n\
         <details><summary>Data table: {}</summary>\n<table class=\"data\"><caption>{}</caption>\n<thead><tr>",
        esc(caption),
        esc(desc),
        esc(caption),
        esc(caption),
    );
    for c in columns {
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(c));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(h, "<th scope=\"row\">{}</th>", esc(cell));
            } else {
                let _ = write!(h, "<td>{}</td>", esc(cell));
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</details>\n</figure>\n");
}

/// The report's CSS: light and dark, readable at 320 px, printable.
const STYLE: &str = r#"
:root { color-scheme: light dark; --bg: #fbf8f3; --text: #1f2328; --muted: #4f5661; --border: #d9d2c5; --good: #285e61; --soon: #7f4d00; --bad: #9c2a2f; --target: #1f2328; --better: #2a6630; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181b; --text: #e8e6e3; --muted: #b4b9bf; --border: #3a4046; --good: #7cc4c7; --soon: #f0b35e; --bad: #ff9b9b; --target: #e8e6e3; --better: #93d39f; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 80rem; padding: 1rem; background: var(--bg); color: var(--text); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
h1 { font-size: 1.75rem; margin: 0.5rem 0; }
h2 { margin-top: 2rem; border-bottom: 1px solid var(--border); }
h3 { font-size: 1.1rem; margin: 0 0 0.25rem; }
a { color: inherit; }
:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
.tiles { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.75rem; }
.tiles li { border: 1px solid var(--border); border-radius: 0.5rem; padding: 0.75rem; }
.tile-number { display: block; font-size: 2rem; font-weight: 700; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1.5rem; }
.chart { margin: 0; border: 1px solid var(--border); border-radius: 0.5rem; padding: 0.75rem; }
.chart p { margin: 0 0 0.5rem; color: var(--muted); }
.chart svg { display: block; max-width: 100%; height: auto; }
.bar-good { fill: var(--good); } .bar-soon { fill: var(--soon); } .bar-bad { fill: var(--bad); }
.chart-label, .chart-value { fill: var(--text); font-size: 12px; }
.chart-target { stroke: var(--target); stroke-width: 3; }
.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
table.data caption { text-align: start; font-weight: 600; padding: 0.25rem 0; }
table.data th, table.data td { text-align: start; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--border); }
table.data thead th { white-space: nowrap; }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0; padding: 0.25rem 0; min-height: 24px; cursor: pointer; text-align: start; }
th[aria-sort="ascending"] button::after { content: " \25B2"; }
th[aria-sort="descending"] button::after { content: " \25BC"; }
.file { color: var(--muted); font-size: 0.85rem; font-weight: 400; }
.over { color: var(--bad); font-weight: 700; }
.better { color: var(--better); font-weight: 700; }
.filter { margin: 0.5rem 0; }
.filter input { font: inherit; min-height: 2.5rem; padding: 0.25rem 0.5rem; min-width: min(20rem, 100%); color: inherit; background: transparent; border: 1px solid var(--muted); border-radius: 0.35rem; }
.table-status { color: var(--muted); min-height: 1.5em; }
@media print { .filter, .table-status { display: none; } details { display: block; } .chart { break-inside: avoid; } }
"#;

/// The report's script: sort a table by a column (a button in each
/// header, with `aria-sort`), filter its rows by text, and say what is
/// shown in the status line.
const SCRIPT: &str = r#"
(function () {
  "use strict";
  function rows(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }
  function status(table) {
    var shown = rows(table).filter(function (r) { return !r.hidden; }).length;
    var sorted = table.querySelector("th[aria-sort]");
    var text = shown + " of " + rows(table).length + " rows shown";
    if (sorted) { text += ", sorted by " + sorted.textContent.trim() + " (" + sorted.getAttribute("aria-sort") + ")"; }
    document.getElementById(table.id + "-status").textContent = text + ".";
  }
  function value(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    if (kind === "number") { return Number(raw !== null ? raw : cell.textContent) || 0; }
    return cell.textContent.trim().toLowerCase();
  }
  function sortBy(table, th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var kind = th.getAttribute("data-kind");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    rows(table).sort(function (a, b) {
      var x = value(a, index, kind), y = value(b, index, kind);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    }).forEach(function (row) { body.appendChild(row); });
    status(table);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th); });
    });
    var input = document.querySelector("input[data-filters='" + table.id + "']");
    if (input) {
      input.parentNode.hidden = false;
      input.addEventListener("input", function () {
        var words = input.value.trim().toLowerCase();
        rows(table).forEach(function (row) { row.hidden = words !== "" && row.textContent.toLowerCase().indexOf(words) === -1; });
        status(table);
      });
    }
    status(table);
  });
})();
"#;
