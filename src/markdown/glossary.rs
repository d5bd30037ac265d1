//! The glossary: the definition list of `content/glossary.md` gives
//! `/glossary/` an anchor per term, and the first use of each term on every
//! other page links to it.
//!
//! The link works without JavaScript (it goes to the definition). The page
//! also carries the definition, hidden, and a button (hidden until the
//! theme's script shows it) that opens it in place, below the line, so it
//! covers nothing; Escape closes it. Definitions are plain text, so the
//! disclosure reads the same to a screen reader as on screen.
//!
//! A term matches whole words, without case, and its plural (`boundary`
//! finds `boundaries`). Longer terms are matched first ("informed consent"
//! before "consent"). A page turns the links off with `glossary = false`,
//! or for some terms with `glossary_skip = ["transference"]`.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event};

use super::Pass;

/// Whether the page at `content_path` is the glossary: `glossary.md`, or
/// its translation (`glossary.es.md`).
pub fn is_glossary_page(content_path: &str) -> bool {
    content_path
        .strip_prefix("glossary.")
        .and_then(|rest| rest.strip_suffix("md"))
        .is_some_and(|middle| {
            middle.is_empty()
                || (middle.ends_with('.') && !middle[..middle.len() - 1].contains(['.', '/']))
        })
}

/// One term of the glossary, as its page defines it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    /// The term as written (`Boundary`).
    pub term: String,
    /// Its anchor on the glossary page.
    pub id: String,
    /// The definition's text.
    pub definition: String,
}

/// Every term, with where they are defined.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The glossary page's URL path (`/glossary/`).
    pub path: String,
    /// (lowercase forms to match, term), longest term first.
    terms: Vec<(Vec<String>, Term)>,
    /// Every form of every term, found in one pass over a text: a search
    /// for each form in each text was a fifth of a build with a glossary.
    matcher: Option<aho_corasick::AhoCorasick>,
    /// For each of `matcher`'s patterns: (term index, form index).
    patterns: Vec<(usize, usize)>,
}

impl Glossary {
    /// The glossary of the page at `path` whose terms are `terms`.
    pub fn new(path: &str, terms: Vec<Term>) -> Self {
        let mut terms: Vec<(Vec<String>, Term)> = terms
            .into_iter()
            .filter(|t| !t.term.trim().is_empty())
            .map(|t| (forms(&t.term), t))
            .collect();
        terms.sort_by(|a, b| {
            b.1.term
                .chars()
                .count()
                .cmp(&a.1.term.chars().count())
                .then_with(|| a.1.term.cmp(&b.1.term))
        });
        let patterns: Vec<(usize, usize)> = terms
            .iter()
            .enumerate()
            .flat_map(|(t, (forms, _))| (0..forms.len()).map(move |f| (t, f)))
            .collect();
        let forms = terms.iter().flat_map(|(forms, _)| forms);
        // Overlapping matches: a form that is not a whole word where it
        // occurs must not hide another that is.
        let matcher = aho_corasick::AhoCorasick::new(forms).ok();
        Glossary {
            path: path.to_string(),
            terms,
            matcher,
            patterns,
        }
    }

    /// Whether there is no term at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The lowercase forms of `term` a page may use: itself and its plural.
fn forms(term: &str) -> Vec<String> {
    let lower = term.trim().to_lowercase();
    let mut forms = vec![lower.clone()];
    if let Some(stem) = lower
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        forms.push(format!("{stem}ies"));
    } else if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
        forms.push(format!("{lower}es"));
    } else if lower.chars().last().is_some_and(char::is_alphabetic)
        && !lower
            .chars()
            .all(|c| c.is_uppercase() || !c.is_alphabetic())
    {
        forms.push(format!("{lower}s"));
    }
    // An initialism (CBT) also takes a plain s.
    if term
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
    {
        forms.push(format!("{lower}s"));
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    forms
}

/// Where the first form of a term not yet `used` starts in `text` as a
/// whole word: (start, end, index of the term).
fn first_match(
    text: &str,
    lower: &str,
    glossary: &Glossary,
    used: &HashSet<usize>,
    skip: &[String],
) -> Option<(usize, usize, usize)> {
    let matcher = glossary.matcher.as_ref()?;
    // (start, term, form, end): the earliest start wins; at the same place
    // the longer term (sorted first), then the longer form.
    let mut best: Option<(usize, usize, usize, usize)> = None;
    for found in matcher.find_overlapping_iter(lower) {
        let (index, form) = glossary.patterns[found.pattern().as_usize()];
        let (start, end) = (found.start(), found.end());
        if best.is_some_and(|(s, i, f, _)| (start, index, form) >= (s, i, f)) {
            continue;
        }
        let term = &glossary.terms[index].1;
        if used.contains(&index) || skip.iter().any(|s| s.eq_ignore_ascii_case(&term.term)) {
            continue;
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
        if !word(before) && !word(after) {
            best = Some((start, index, form, end));
        }
    }
    best.map(|(start, index, _, end)| (start, end, index))
}

impl<'a> Pass<'_, '_, 'a> {
    /// Pushes prose `text`, linking the first use on the page of each
    /// glossary term in it.
    pub(super) fn push_prose(&mut self, text: CowStr<'a>) {
        let Some(glossary) = self.ctx.glossary.filter(|g| !g.is_empty()) else {
            self.sink.push(Event::Text(text));
            return;
        };
        if !self.source.glossary.enabled
            || self.link_depth > 0
            || self.source.page_path == glossary.path
        {
            self.sink.push(Event::Text(text));
            return;
        }
        // ASCII lowercasing keeps every byte offset (full lowercasing can
        // change lengths); the terms' forms are lowercase already.
        let lower = text.to_ascii_lowercase();
        let mut rest: &str = &text;
        let mut rest_lower: &str = &lower;
        let mut pieces: Vec<Event<'a>> = Vec::new();
        while let Some((start, end, index)) = first_match(
            rest,
            rest_lower,
            glossary,
            &self.glossary_used,
            self.source.glossary.skip,
        ) {
            self.glossary_used.insert(index);
            let term = &glossary.terms[index].1;
            if start > 0 {
                pieces.push(Event::Text(rest[..start].to_string().into()));
            }
            self.glossary_count += 1;
            pieces.push(Event::Html(
                term_html(
                    glossary,
                    term,
                    &rest[start..end],
                    (&self.id_scope, self.glossary_count),
                    self.ctx.language,
                )
                .into(),
            ));
            rest = &rest[end..];
            rest_lower = &rest_lower[end..];
        }
        if pieces.is_empty() {
            self.sink.push(Event::Text(text));
            return;
        }
        if !rest.is_empty() {
            pieces.push(Event::Text(rest.to_string().into()));
        }
        for piece in pieces {
            self.sink.push(piece);
        }
    }
}

/// The name of the button that opens `term`'s definition, in `language`.
fn question(language: &str, term: &str) -> String {
    match language.split('-').next().unwrap_or_default() {
        "es" => format!("¿Qué significa «{term}»?"),
        "fr" => format!("Que signifie « {term} » ?"),
        "de" => format!("Was bedeutet „{term}“?"),
        "pt" => format!("O que significa “{term}”?"),
        "zh" => format!("“{term}”是什么意思？"),
        "ar" => format!("ما معنى «{term}»؟"),
        _ => format!("What does “{term}” mean?"),
    }
}

/// A use of `term` written as `shown`: the link to its definition, the
/// button that opens it in place, and the definition itself.
fn term_html(
    glossary: &Glossary,
    term: &Term,
    shown: &str,
    (id_scope, number): (&str, usize),
    language: &str,
) -> String {
    let attr = |v: &str| html_escape::encode_double_quoted_attribute(v).into_owned();
    let text = |v: &str| html_escape::encode_text(v).into_owned();
    format!(
        "<span class=\"glossary-use\"><a class=\"glossary-term\" href=\"{path}#{id}\">{shown}</a>\
         <button type=\"button\" class=\"glossary-toggle\" aria-expanded=\"false\" aria-controls=\"rapport-term-{scope}-{number}\" hidden>\
         <span class=\"visually-hidden\">{label}</span><span aria-hidden=\"true\">?</span></button>\
         <span class=\"glossary-definition\" id=\"rapport-term-{scope}-{number}\" data-search-ignore hidden>\
         <dfn>{term}</dfn>: {definition}</span></span>",
        scope = id_scope,
        path = attr(&glossary.path),
        id = attr(&term.id),
        shown = text(shown),
        label = text(&question(language, &term.term)),
        term = text(&term.term),
        definition = text(&term.definition),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        let term = |t: &str| Term {
            term: t.into(),
            id: slug::slugify(t),
            definition: format!("About {t}."),
        };
        Glossary::new(
            "/glossary/",
            vec![
                term("Boundary"),
                term("Informed consent"),
                term("Consent"),
                term("CBT"),
                term("Trust"),
            ],
        )
    }

    fn found(text: &str) -> Option<(String, String)> {
        let g = glossary();
        let (s, e, i) = first_match(text, &text.to_ascii_lowercase(), &g, &HashSet::new(), &[])?;
        Some((text[s..e].to_string(), g.terms[i].1.term.clone()))
    }

    #[test]
    fn terms_match_whole_words_plurals_and_longest_first() {
        assert_eq!(
            found("Healthy boundaries help."),
            Some(("boundaries".into(), "Boundary".into()))
        );
        assert_eq!(
            found("Give informed consent."),
            Some(("informed consent".into(), "Informed consent".into()))
        );
        assert_eq!(
            found("Ask about CBTs and CBT."),
            Some(("CBTs".into(), "CBT".into()))
        );
        assert_eq!(found("Mistrust and trusty"), None);
        assert_eq!(found("self-trust"), None);
        // Not a whole word at its first place, a whole word later; and a
        // term overlapping another that is not a word where they meet.
        assert_eq!(
            found("Distrust grows; trust heals."),
            Some(("trust".into(), "Trust".into()))
        );
        assert_eq!(
            found("Misinformed consent is consent."),
            Some(("consent".into(), "Consent".into()))
        );
        // ...at its first place (12), inside the longer term's match, not
        // after it (23), as matching without overlaps would give.
        let text = "Misinformed consent is consent.";
        let at = first_match(
            text,
            &text.to_ascii_lowercase(),
            &glossary(),
            &HashSet::new(),
            &[],
        );
        assert_eq!(at.map(|(start, _, _)| start), Some(12));
    }
}
