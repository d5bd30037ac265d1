//! The one way a problem is printed, by `build`, `check`, `serve` (terminal
//! and browser overlay) and `import`: its severity and code, where it is,
//! what is wrong, the source line with the spot underlined, and the fix.
//!
//! ```text
//! error[broken-link]: content/trust/a.md:12:5: the link "x" goes to a page or file the site does not have
//!    |
//! 12 | See [x](x).
//!    |     ^^^^^^
//!    = help: did you mean /trust/?
//! ```
//!
//! In a flat list (`build`, `serve`, `import`) the first line is the whole
//! problem on one line, so `grep` and editors that jump to
//! `file:line:column` read it. In `check`'s report, grouped under a header
//! per file, the first line is the message and the place follows it
//! (`--> content/trust/a.md:12:5`). annotate-snippets draws the rest.

use std::path::Path;

use annotate_snippets::{Level, Renderer, Snippet};
use rapport::check::{Finding, Severity};
use rapport::error::{Code, Diagnostic};

/// A problem as printed.
pub(crate) struct Problem<'a> {
    pub(crate) severity: Severity,
    pub(crate) code: Option<Code>,
    pub(crate) file: &'a str,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: &'a str,
    pub(crate) help: Option<&'a str>,
}

impl<'a> Problem<'a> {
    /// A build error.
    pub(crate) fn of_diagnostic(d: &'a Diagnostic) -> Problem<'a> {
        Problem {
            severity: Severity::Error,
            code: d.code,
            file: &d.file,
            line: d.line,
            column: d.column,
            message: &d.message,
            help: d.help.as_deref(),
        }
    }

    /// A finding of `rapport check`.
    pub(crate) fn of_finding(f: &'a Finding) -> Problem<'a> {
        Problem {
            severity: f.severity,
            code: Some(f.code),
            file: &f.file,
            line: f.line,
            column: f.column,
            message: &f.message,
            help: f.help.as_deref(),
        }
    }

    /// Renders the problem; `source` is the text of its file, when readable,
    /// and `grouped` says a header above already names the file.
    pub(crate) fn render(&self, source: Option<&str>, colour: bool, grouped: bool) -> String {
        let renderer = if colour {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Note => Level::Note,
        };
        let place = rapport::error::place(self.file, self.line, self.column);
        // Text from content may hold terminal control sequences (a line that
        // clears the screen or fakes "All checks passed"): shown, never obeyed.
        let message = visible(self.message);
        let title = if grouped {
            message
        } else {
            format!("{place}: {message}")
        };
        let code = self.code.map(Code::as_str);
        let mut message = level.title(&title);
        if let Some(code) = code {
            message = message.id(code);
        }
        let source_line = self.line.and_then(|n| {
            source
                .and_then(|text| text.lines().nth(n.wrapping_sub(1)))
                .filter(|l| !l.trim().is_empty())
                .map(|l| (n, visible(l)))
        });
        if let Some((number, line)) = &source_line {
            let (start, end) = span(line, self.column);
            let mut snippet = Snippet::source(line)
                .line_start(*number)
                .annotation(level.span(start..end));
            if grouped {
                snippet = snippet.origin(self.file);
            }
            message = message.snippet(snippet);
        }
        let help = self.help.map(visible);
        if let Some(help) = &help {
            message = message.footer(Level::Help.title(help));
        }
        renderer.render(message).to_string()
    }
}

/// Every build error, each with its source line read from under `root`.
pub(crate) fn render_diagnostics(list: &[Diagnostic], root: Option<&Path>, colour: bool) -> String {
    render_all(list, Severity::Error, root, colour)
}

/// Every build warning (the build went on), as errors are printed.
pub(crate) fn render_warnings(list: &[Diagnostic], root: Option<&Path>, colour: bool) -> String {
    render_all(list, Severity::Warning, root, colour)
}

/// Check findings, each as `rapport build` prints an error (flat, with the
/// source line), for the serve log and overlay.
pub(crate) fn render_findings(list: &[&Finding], root: Option<&Path>, colour: bool) -> String {
    let mut out = String::new();
    for finding in list {
        let source = root.and_then(|r| std::fs::read_to_string(r.join(&finding.file)).ok());
        out.push_str(&Problem::of_finding(finding).render(source.as_deref(), colour, false));
        out.push_str("\n\n");
    }
    out
}

fn render_all(
    list: &[Diagnostic],
    severity: Severity,
    root: Option<&Path>,
    colour: bool,
) -> String {
    let mut out = String::new();
    for diagnostic in list {
        let source = root.and_then(|r| std::fs::read_to_string(r.join(&diagnostic.file)).ok());
        let problem = Problem {
            severity,
            ..Problem::of_diagnostic(diagnostic)
        };
        out.push_str(&problem.render(source.as_deref(), colour, false));
        out.push_str("\n\n");
    }
    out
}

/// `text` with control characters shown as `\u{1b}`-style escapes; tabs kept.
/// Each control character is one character either way, so columns stay right
/// up to the first one.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => "\t".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The byte span to underline in `line`: from the column to the end of what
/// is written there, or the whole line without a column.
fn span(line: &str, column: Option<usize>) -> (usize, usize) {
    let whole = (
        line.len() - line.trim_start().len(),
        line.trim_end()
            .len()
            .max(line.len() - line.trim_start().len()),
    );
    let Some(column) = column else {
        return whole;
    };
    let Some((start, _)) = line.char_indices().nth(column.saturating_sub(1)) else {
        return whole;
    };
    let rest = &line[start..];
    // A markdown link or image: underline it to its closing parenthesis.
    if rest.starts_with('[') || rest.starts_with("![") {
        if let Some(end) = rest
            .find("](")
            .and_then(|i| rest[i..].find(')').map(|j| i + j + 1))
        {
            return (start, start + end);
        }
    }
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
        .filter(|&n| n > 0)
        .unwrap_or(rest.len());
    (start, start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_prints_its_place_source_line_and_fix() {
        let d = Diagnostic::new("content/a.md", "the link \"x\" goes nowhere")
            .at(2, 5)
            .with_code(Code::BrokenLink)
            .with_help("did you mean /b/?");
        let text = Problem::of_diagnostic(&d).render(Some("Hi\nSee [x](x) now\n"), false, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "error[broken-link]: content/a.md:2:5: the link \"x\" goes nowhere"
        );
        assert!(text.contains("2 | See [x](x) now"), "{text}");
        assert!(text.contains("|     ^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean /b/?"), "{text}");
        let plain = Diagnostic::new("rapport.toml", "unknown key \"x\"").at_line(4);
        let text = Problem::of_diagnostic(&plain).render(None, false, false);
        assert_eq!(
            text.lines().next(),
            Some("error: rapport.toml:4: unknown key \"x\"")
        );
        let sneaky = Diagnostic::new("content/a.md", "odd \u{1b}[2J text").at_line(1);
        let shown = Problem::of_diagnostic(&sneaky).render(
            Some("\u{1b}[2JAll checks passed\n"),
            false,
            false,
        );
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.contains("\\u{1b}[2J"), "{shown}");
        let grouped = Problem::of_diagnostic(&d).render(Some("Hi\nSee [x](x) now\n"), false, true);
        assert!(
            grouped.starts_with("error[broken-link]: the link"),
            "{grouped}"
        );
        assert!(grouped.contains("--> content/a.md:2:5"), "{grouped}");
    }
}
