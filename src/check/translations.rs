//! Keeping translations current: `stale-translation` (a translation older
//! than its original's last update or review) and `missing-translation`
//! (a page a further language lacks), each naming both files.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::{Date, Page, PageFrontMatter};
use crate::error::Code;
use crate::pipeline::Session;

use super::Finding;

/// The translation findings of every further language of `session`.
pub fn findings(session: &Session) -> Vec<Finding> {
    let mut languages = session.languages();
    let Some((own_config, Some(own))) = languages.next() else {
        return Vec::new();
    };
    let originals: Vec<&Page> = own.pages.iter().map(|p| &p.page).collect();
    let mut found = Vec::new();
    for (config, site) in languages {
        let Some(site) = site else { continue };
        let translated: HashMap<&str, &Page> = site
            .pages
            .iter()
            .map(|p| &p.page)
            .filter(|p| !p.untranslated)
            .map(|p| (p.content_path.as_str(), p))
            .collect();
        for original in &originals {
            match translated.get(original.content_path.as_str()) {
                Some(translation) => found.extend(stale(original, translation, config)),
                None if own_config.translations.report_missing => {
                    found.push(missing(original, config));
                }
                None => {}
            }
        }
    }
    found
}

/// The day the text was last changed or checked: `updated` or
/// `last_reviewed`, whichever is later.
fn last_changed(meta: &PageFrontMatter) -> Option<&Date> {
    meta.updated.iter().chain(&meta.last_reviewed).max()
}

/// A finding when `translation` predates `original`'s last update or review.
fn stale(original: &Page, translation: &Page, config: &Config) -> Option<Finding> {
    let changed = last_changed(&original.meta)?;
    let translated = last_changed(&translation.meta).or(translation.meta.date.as_ref());
    if translated.is_some_and(|day| day >= changed) {
        return None;
    }
    let since = match translated {
        Some(day) => format!("this translation's latest date is {}", day.day()),
        None => "this translation has no date".to_string(),
    };
    let key = if translation.meta.updated.is_some() {
        "updated"
    } else {
        "title"
    };
    Some(
        Finding::new(
            Code::StaleTranslation,
            &translation.file,
            Some(translation.key_line(key)),
            format!(
                "the {} translation may be out of date: its original {} was updated or reviewed on {}, and {since}",
                config.language,
                original.file,
                changed.day()
            ),
        )
        .with_help(format!(
            "compare it with {} and bring it up to date, then set updated (or last_reviewed) in its front matter to the day you did",
            original.file
        )),
    )
}

/// The note that `original` has no translation into `config`'s language.
fn missing(original: &Page, config: &Config) -> Finding {
    let code = &config.language;
    let wanted = translation_file(&original.file, code);
    Finding::new(
        Code::MissingTranslation,
        &original.file,
        None,
        format!("this page has no {code} translation ({wanted} does not exist)"),
    )
    .with_help(format!(
        "write {wanted}; until then readers of {code} get {}",
        match config.translations.untranslated {
            crate::config::Untranslated::Notice => "this page with a notice",
            crate::config::Untranslated::Omit => "no such page",
        }
    ))
}

/// The file a translation of `file` into `code` would be (`a.md` -> `a.es.md`).
fn translation_file(file: &str, code: &str) -> String {
    match file.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{code}.md"),
        None => format!("{file}.{code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_files_sit_beside_their_original() {
        assert_eq!(
            translation_file("content/trust/a.md", "es"),
            "content/trust/a.es.md"
        );
        assert_eq!(
            translation_file("content/b/index.md", "pt-BR"),
            "content/b/index.pt-BR.md"
        );
    }
}
