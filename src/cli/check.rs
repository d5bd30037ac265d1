//! `rapport check`: prints the engine's findings as text (grouped by file,
//! each with its source line) or as JSON Lines, and picks the exit code.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use rapport::check::external::ExternalOptions;
use rapport::check::health;
use rapport::check::{CheckOptions, CheckReport, Finding, Severity};

use super::SiteArgs;

/// Arguments of `rapport check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// `text` for people (grouped by file), `json` for tools (one JSON object per line).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Fail on warnings too, not only on errors.
    #[arg(long)]
    strict: bool,
    /// Also request every link to another site (http:// and https://) and
    /// report broken ones, redirects and hosts that do not answer. Good
    /// answers are remembered for 24 hours in .rapport-cache/ in the site folder.
    #[arg(long)]
    external: bool,
    /// Where to write the report (`--format html` or `csv`); standard output by default.
    #[arg(long, short, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// With `--format html`: compare with an earlier `--format json` report
    /// and show what got better or worse since.
    #[arg(long, value_name = "OLD.json")]
    compare: Option<std::path::PathBuf>,
    /// With --external: the longest one request may take, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external", value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Grouped by file, with the source line under each finding.
    Text,
    /// JSON Lines: one object per finding.
    Json,
    /// The content health report: one self-contained HTML file with charts
    /// and sortable tables of pages and findings.
    Html,
    /// The table of pages as CSV (reading scores, reviews, findings count).
    Csv,
}

/// Checks the site and prints what it found; exit code 1 when the check fails.
pub(crate) fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    // Plugins run in process groups of their own: stop them with us.
    crate::cli::on_interrupt(|| {});
    let root = args.site.root;
    let external = args.external.then(|| ExternalOptions {
        timeout: Duration::from_secs(args.timeout),
        ..ExternalOptions::for_site(&root)
    });
    let options = CheckOptions {
        drafts: args.site.drafts,
        external,
    };
    if args.output.is_some() && matches!(args.format, Format::Text | Format::Json) {
        anyhow::bail!(
            "--output goes with --format html or csv; redirect text and JSON instead (`rapport check --format json > report.json`)"
        );
    }
    if args.compare.is_some() && args.format != Format::Html {
        anyhow::bail!(
            "--compare goes with --format html: the comparison is a section of the report"
        );
    }
    let comparison = match &args.compare {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the earlier report {}", path.display()))?;
            let old = health::read_json_report(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {e}\n  help: --compare reads a report written by `rapport check --format json`",
                    path.display()
                )
            })?;
            Some(old)
        }
        None => None,
    };
    let report = rapport::check::check_with(&root, &options)?;
    if matches!(args.format, Format::Html | Format::Csv) {
        let text = match args.format {
            Format::Csv => health::csv(&report),
            _ => {
                let comparison = comparison.map(|old| health::compare(&old, &report.findings));
                let site_title = rapport::pipeline::load_config(&root, None)
                    .map(|c| c.title)
                    .unwrap_or_default();
                let absolute = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
                health::HtmlReport {
                    report: &report,
                    site_title: &site_title,
                    root: &absolute,
                    today: rapport::check::lints::today(),
                    comparison: comparison.as_ref(),
                }
                .render()
            }
        };
        match &args.output {
            Some(path) => std::fs::write(path, text)
                .with_context(|| format!("cannot write the report to {}", path.display()))?,
            None => std::io::stdout().lock().write_all(text.as_bytes())?,
        }
        return Ok(if report.fails(args.strict) {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Html | Format::Csv => unreachable!("written above"),
        Format::Json => write_json(&mut out, &report),
        Format::Text => write_text(
            &mut out,
            &report,
            &root,
            args.strict,
            super::use_colour(&std::io::stdout()),
        ),
    };
    // A closed pipe (`rapport check | head`) is not an error worth a message.
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(if report.fails(args.strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn write_json(out: &mut impl Write, report: &CheckReport) -> std::io::Result<()> {
    for finding in &report.findings {
        let line = serde_json::to_string(finding).map_err(std::io::Error::other)?;
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    report: &CheckReport,
    root: &std::path::Path,
    strict: bool,
    colour: bool,
) -> std::io::Result<()> {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in &report.findings {
        by_file.entry(&finding.file).or_default().push(finding);
    }
    for (file, findings) in &by_file {
        let header = format!("{file} ({})", counts(findings.iter().copied()));
        if colour {
            writeln!(out, "\x1b[1m{header}\x1b[0m")?;
        } else {
            writeln!(out, "{header}")?;
        }
        let text = std::fs::read_to_string(root.join(file)).ok();
        for finding in findings {
            let problem = super::report::Problem::of_finding(finding);
            writeln!(out, "{}\n", problem.render(text.as_deref(), colour, true))?;
        }
    }
    let total = report.findings.len();
    if total == 0 {
        writeln!(
            out,
            "No problems found in {} pages and sections.",
            report.documents
        )?;
    } else {
        let mut summary = format!(
            "{} in {} file{}",
            counts(report.findings.iter()),
            by_file.len(),
            if by_file.len() == 1 { "" } else { "s" }
        );
        if strict && report.count(Severity::Error) == 0 && report.count(Severity::Warning) > 0 {
            summary.push_str("; --strict makes warnings fail the check");
        }
        writeln!(out, "{summary}.")?;
    }
    Ok(())
}

/// "1 error, 3 warnings" (only the kinds present).
fn counts<'a>(findings: impl Iterator<Item = &'a Finding>) -> String {
    let mut n = [0usize; 3];
    for f in findings {
        n[f.severity as usize] += 1;
    }
    let parts: Vec<String> = [("error", n[0]), ("warning", n[1]), ("note", n[2])]
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .map(|(name, count)| plural(count, name))
        .collect();
    parts.join(", ")
}

/// "1 warning", "3 warnings".
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
