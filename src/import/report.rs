//! `IMPORT-REPORT.md`: everything the import changed, moved or could not
//! convert, with file and line.

use std::fmt::Write;
use std::path::Path;

use super::detect::Generator;

/// Something the import did that the author should know about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The source file (relative to the source site).
    pub file: String,
    /// The line, when it concerns one.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
}

impl Note {
    pub(crate) fn new(file: impl Into<String>, message: impl Into<String>) -> Note {
        Note {
            file: file.into(),
            line: None,
            message: message.into(),
        }
    }
}

/// A shortcode, template tag or include left in place (or a Hugo `ref` converted).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leftover {
    /// The source file.
    pub file: String,
    /// The 1-based line in the source file.
    pub line: usize,
    /// The call as written (shortened).
    pub call: String,
    /// What it is and what to do about it.
    pub suggestion: String,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    generator: Generator,
    source: String,
    /// Notes, in file order once rendered.
    pub notes: Vec<Note>,
    /// Calls that were not converted (and converted `ref`s, marked so).
    pub leftovers: Vec<Leftover>,
    /// Site config keys with no Rapport equivalent.
    pub config_keys: Vec<String>,
    /// Front matter keys kept under `[extra]`: how many files, and the first.
    pub extra_keys: std::collections::BTreeMap<String, (usize, String)>,
    /// Links of the new site that led nowhere, and what was done.
    pub repairs: Vec<super::LinkRepair>,
}

impl Report {
    pub(crate) fn new(generator: Generator, source: &Path) -> Report {
        Report {
            generator,
            source: source.display().to_string(),
            notes: Vec::new(),
            leftovers: Vec::new(),
            config_keys: Vec::new(),
            extra_keys: Default::default(),
            repairs: Vec::new(),
        }
    }

    pub(crate) fn render(
        &mut self,
        pages: usize,
        sections: usize,
        files: usize,
        refs: usize,
    ) -> String {
        self.notes.sort();
        self.leftovers.sort();
        let mut out = String::new();
        let _ = writeln!(out, "# Import report\n");
        let _ = writeln!(
            out,
            "Imported a {} site from `{}`: {pages} pages, {sections} sections, {files} other files; {} shortcodes or template tags to look at ({refs} converted: Hugo `ref` links to `@/` links, includes pasted in), {} notes.\n",
            self.generator,
            self.source,
            self.leftovers.len(),
            self.notes.len()
        );
        let _ = writeln!(
            out,
            "Build the new site with `rapport build`, then run `rapport check`: it names every leftover shortcode (`leftover-syntax`) and broken link with its line.\n"
        );
        let _ = writeln!(
            out,
            "## Shortcodes, template tags and includes ({})\n",
            self.leftovers.len()
        );
        if self.leftovers.is_empty() {
            let _ = writeln!(out, "None.\n");
        } else {
            let _ = writeln!(
                out,
                "| file | line | call | what to do |\n| --- | --- | --- | --- |"
            );
            for l in &self.leftovers {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&l.file),
                    l.line,
                    code_cell(&l.call),
                    cell(&l.suggestion)
                );
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Links that lead nowhere ({})\n", self.repairs.len());
        if self.repairs.is_empty() {
            let _ = writeln!(
                out,
                "None: every link of the new site leads to a page, file or anchor.\n"
            );
        } else {
            let _ = writeln!(
                out,
                "These links found no page, file or anchor in the new site: most led nowhere on the old site either, or were made by a template the import cannot run. Each was mended so the site builds; put the right target back where you know it. Links to pages of a bigger site the import lacks: import again with `--link-base https://your.site` to point them at the live site.\n\n| file (new site) | line | old target | what was done |\n| --- | --- | --- | --- |"
            );
            for r in &self.repairs {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    cell(&r.file),
                    r.line,
                    code_cell(&r.dest),
                    r.action
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "## Front matter kept under `[extra]` ({} keys)\n\nRapport has no such setting; the values are kept, unused, where templates can read them (`page.extra.KEY`).\n",
            self.extra_keys.len()
        );
        for (key, (count, first)) in &self.extra_keys {
            let _ = writeln!(out, "- `{key}`: {count} files (e.g. `{first}`)");
        }
        out.push('\n');
        let _ = writeln!(
            out,
            "## Site settings not carried over ({})\n",
            self.config_keys.len()
        );
        if self.config_keys.is_empty() {
            let _ = writeln!(out, "None.\n");
        } else {
            for key in &self.config_keys {
                let _ = writeln!(out, "- `{key}`");
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Notes ({})\n", self.notes.len());
        if self.notes.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for n in &self.notes {
            match n.line {
                Some(line) => {
                    let _ = writeln!(out, "- `{}:{line}`: {}", n.file, n.message);
                }
                None => {
                    let _ = writeln!(out, "- `{}`: {}", n.file, n.message);
                }
            }
        }
        out
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Code in a table cell: backticks long enough for the text, pipes escaped.
fn code_cell(text: &str) -> String {
    let text = cell(text);
    let fence = if text.contains('`') { "`` " } else { "`" };
    let close = if text.contains('`') { " ``" } else { "`" };
    format!("{fence}{text}{close}")
}
