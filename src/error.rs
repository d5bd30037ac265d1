//! One error type for the whole engine.
//!
//! Every problem a user can fix is a [`Diagnostic`]: the file (relative to the
//! site root), the line when there is one, what is wrong, and what to do.
//! Stages collect every diagnostic they find before failing ("report
//! everything, then fail", as ripgrep does), so an author fixes a whole batch
//! of mistakes per build instead of one at a time.

use std::fmt;
use std::path::{Path, PathBuf};

/// Writes [`Code`] with its text once per variant, so the enum, its text
/// and its parser cannot drift apart.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*) => {
        /// The stable code of a problem, as `rapport check` prints it and
        /// `allow` lists name it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written (`broken-link`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// The code written `text`, if there is one.
            pub fn parse(text: &str) -> Option<Code> {
                match text {
                    $($text => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    /// Anything else the build rejects.
    BuildError = "build-error",
    /// A link, image or raw-HTML URL to a page, file or anchor the site lacks.
    BrokenLink = "broken-link",
    /// An allow list names a code that does not exist.
    UnknownLint = "unknown-lint",
    /// An image without alt text.
    ImageAlt = "image-alt",
    /// A link with no text, or text that does not say where it goes.
    LinkText = "link-text",
    /// A heading that skips a level.
    HeadingSkip = "heading-skip",
    /// More than one `#` heading in a body.
    MultipleH1 = "multiple-h1",
    /// A body that reads above its audience's target grade.
    ReadingLevel = "reading-level",
    /// A sentence of more than 25 words.
    LongSentence = "long-sentence",
    /// A review that is too old, or missing where required.
    StaleReview = "stale-review",
    /// No `reviewed_by` where review is required.
    MissingReviewer = "missing-reviewer",
    /// A `reviewed_by` that is still a template's placeholder.
    PlaceholderReviewer = "placeholder-reviewer",
    /// An FAQ question with no answer.
    FaqNoAnswer = "faq-no-answer",
    /// A checklist with a single item.
    SingleItemChecklist = "single-item-checklist",
    /// A checklist with no heading before it to name it.
    ChecklistNoHeading = "checklist-no-heading",
    /// Markup the Content-Security-Policy blocks.
    CspBlocked = "csp-blocked",
    /// Another generator's shortcode or template tag left in the text.
    LeftoverSyntax = "leftover-syntax",
    /// A page with no description.
    MissingDescription = "missing-description",
    /// A video with no captions file beside it.
    VideoCaptions = "video-captions",
    /// An image file too large for readers on a phone.
    LargeImage = "large-image",
    /// A page with no translation into one of the site's further languages.
    MissingTranslation = "missing-translation",
    /// A translation older than the last update or review of its original.
    StaleTranslation = "stale-translation",
    /// A link to another site that is broken.
    ExternalLink = "external-link",
    /// A link to another site that redirects.
    ExternalRedirect = "external-redirect",
    /// A link to another site that did not answer.
    ExternalTimeout = "external-timeout",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A problem located in a file the user wrote, with a suggested fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to the site root).
    pub file: String,
    /// The 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// The 1-based column (in characters), when the problem has one.
    pub column: Option<usize>,
    /// The `rapport check` code, when the stage knows it (`broken-link`).
    pub code: Option<Code>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem in `file` with no particular line.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            code: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the 1-based line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the `rapport check` code this problem is reported under.
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Where a problem is, as one prints it: `file:4:7`. A column of 1 is left
/// out (`file:4` already points at the start of line 4); tools reading
/// columns use `rapport check --format json`, which always has it.
pub fn place(file: &str, line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) if column > 1 => format!("{file}:{line}:{column}"),
        (Some(line), _) => format!("{file}:{line}"),
        _ => file.to_string(),
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = place(&self.file, self.line, self.column);
        write!(f, "{place}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the site's files; all were collected before stopping.
    #[error("{}", join_diagnostics(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// The file system refused something the build needed to do.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path the build was working on.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The diagnostics this error carries (empty for I/O errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Diagnostics(list) => list,
            Error::Io { .. } => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Diagnostics(vec![diagnostic])
    }
}

fn join_diagnostics(list: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    out
}

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a byte offset in `text` into a 1-based line number.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Returns the known name closest to `unknown`, if one is close enough to be a typo.
pub fn suggest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// The entry of `known` a mistyped path or anchor was meant to be: only one
/// a few edits away (a missing letter, a swapped pair), never one that merely
/// shares a prefix (`/a/` is not what `/a/missing.png` meant).
pub fn suggest_close<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed = (unknown.chars().count() / 5).max(2);
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        .filter(|(edits, _)| *edits <= allowed)
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, k)| k)
}

/// Turns a toml error into a diagnostic located in `file`, whose TOML text
/// starts at line `first_line`. Unknown keys get a "did you mean" from `known`.
pub fn toml_diagnostic(
    file: &str,
    toml_text: &str,
    first_line: usize,
    err: &toml::de::Error,
    known: &[&str],
) -> Diagnostic {
    let line = err
        .span()
        .map(|span| first_line + line_of_offset(toml_text, span.start) - 1)
        .unwrap_or(first_line);
    front_matter_diagnostic(file, line, first_line, err.message().trim(), known, "TOML")
}

/// Turns a deserialisation `message` at `line` of front matter written in
/// `lang` (`TOML` or `YAML`; serde words both alike) into a diagnostic;
/// unknown keys get a "did you mean" from `known`.
pub fn front_matter_diagnostic(
    file: &str,
    line: usize,
    first_line: usize,
    message: &str,
    known: &[&str],
    lang: &str,
) -> Diagnostic {
    let yaml = lang == "YAML";
    let message = message.trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let diagnostic = Diagnostic::new(file, format!("unknown key \"{key}\"")).at_line(line);
        // serde names the keys of the table the mistake is in: suggest only those.
        let here: Vec<&str> = match rest.split_once("expected") {
            Some((_, expected)) => expected.split('`').skip(1).step_by(2).collect(),
            None => known.to_vec(),
        };
        return match suggest(key, here.iter().copied()) {
            Some(near) => diagnostic.with_help(format!("did you mean \"{near}\"?")),
            None if known.contains(&key) => diagnostic.with_help(format!(
                "`{key}` belongs in another table (or at the top): this one takes {}",
                here.join(", ")
            )),
            None if here.is_empty() => diagnostic.with_help("this table takes no keys"),
            None => diagnostic.with_help(format!("known keys here are: {}", here.join(", "))),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return Diagnostic::new(file, format!("missing required key \"{key}\""))
            .at_line(first_line)
            .with_help(if yaml {
                format!("add a line such as `{key}: \"...\"`")
            } else {
                format!("add a line such as `{key} = \"...\"`")
            });
    }
    if message.contains("is not a date") || message.contains("is not a real date") {
        return Diagnostic::new(file, format!("bad date: {message}"))
            .at_line(line)
            .with_help("write dates as 2026-03-14 (no quotes needed) or \"2026-03-14T09:30:00Z\"");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        // serde names Rust's types; an author thinks in numbers, lists and tables.
        let mut rest = rest.to_string();
        for (rust, plain) in [
            ("expected i64", "expected a whole number"),
            ("expected u64", "expected a whole number"),
            ("expected usize", "expected a whole number"),
            ("expected a sequence", "expected a list"),
            ("expected a boolean", "expected true or false"),
            ("expected a map", "expected a table"),
        ] {
            rest = rest.replace(rust, plain);
        }
        return Diagnostic::new(file, format!("a value of the wrong kind: {rest}"))
            .at_line(line)
            .with_help(if yaml {
                "write the value in the form the key takes (see the README): text in quotes, a list in [ ], a table as indented `key: value` lines"
            } else {
                "write the value in the form the key takes (see the README): text in quotes, a list in [ ], a table as [name] and `key = value` lines"
            });
    }
    Diagnostic::new(file, format!("invalid {lang}: {message}"))
        .at_line(line)
        .with_help(if yaml {
            "check the indentation, quotes and `key: value` shape on that line"
        } else {
            "check the quotes, brackets and `key = value` shape on that line"
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggestion_is_a_few_edits_away_not_a_shared_prefix() {
        let known = ["/a/", "/trust/building-trust/", "/boundaries/"];
        assert_eq!(suggest_close("/a/missing.png", known), None);
        assert_eq!(
            suggest_close("/trust/buildng-trust/", known),
            Some("/trust/building-trust/")
        );
        assert_eq!(suggest_close("/boundries/", known), Some("/boundaries/"));
        assert_eq!(suggest_close("/empathy/", known), None);
    }

    #[test]
    fn suggests_typos_only() {
        assert_eq!(suggest("titel", ["title", "date"]), Some("title"));
        assert_eq!(suggest("zzz", ["title", "date"]), None);
    }

    #[test]
    fn lines_are_one_based() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 99), 3);
    }
}
