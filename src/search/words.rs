//! Words as the index and the search script both read them. The script
//! (`themes/default/static/search.js`, `words()` and `fold()`) splits and
//! folds a query by the same rules, so the two must change together.

use std::borrow::Cow;

use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Calls `each` with every word of `text`, lower-cased: a run of letters and
/// digits, apostrophes inside it dropped ("client's" is "clients"), and each
/// Chinese, Japanese or Korean character a word of its own.
pub fn each_word(text: &str, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let end = |word: &mut String, each: &mut dyn FnMut(&str)| {
        if !word.is_empty() {
            each(word);
            word.clear();
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        // Most words are runs of lower-case ASCII letters and digits: such
        // a run that is a whole word is handed on as it stands in `text`,
        // without copying it (copying each character was a sixth of making
        // the search records); any other run joins the word being built.
        let run = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            .count();
        if run > 0 {
            let ends_word = bytes
                .get(i + run)
                .is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'\'');
            if word.is_empty() && ends_word {
                each(&text[i..i + run]);
            } else {
                word.push_str(&text[i..i + run]);
            }
            i += run;
            continue;
        }
        let c = text[i..].chars().next().expect("a character boundary");
        i += c.len_utf8();
        // Most text is ASCII: no case tables, no ideographs.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else if c != '\'' || word.is_empty() {
                end(&mut word, &mut each);
            }
            continue;
        }
        if is_ideograph(c) {
            end(&mut word, &mut each);
            let mut one = [0; 4];
            each(c.encode_utf8(&mut one));
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if (c == '\'' || c == '\u{2019}') && !word.is_empty() {
            // Inside a word: left out; at its end, it ends the word anyway.
        } else {
            end(&mut word, &mut each);
        }
    }
    end(&mut word, &mut each);
}

/// Scripts written without spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
    )
}

/// A word as the dictionary keys it: accents and other marks taken off, so
/// "sesion" finds "sesión" and a reader need not type them.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(word.nfd().filter(|c| !is_combining_mark(*c)).collect())
}

/// The stemmer for a site's language: Snowball's algorithms, as Pagefind
/// stems, so "boundaries" and "boundary" are one term. `None` for a
/// language without one: its words are indexed as written.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    let code = language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let algorithm = match code.as_str() {
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "pt" => Algorithm::Portuguese,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "ar" => Algorithm::Arabic,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_word(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_lower_case_runs_of_letters_without_apostrophes() {
        assert_eq!(
            words("A client's \u{201c}check-in\u{201d}: don\u{2019}t, 2 TIMES"),
            ["a", "clients", "check", "in", "dont", "2", "times"]
        );
        assert_eq!(words("'quoted'"), ["quoted"]);
        assert_eq!(words("信任 trust"), ["信", "任", "trust"]);
    }

    /// The rules of [`each_word`] one character at a time, without its
    /// shortcut for lower-case ASCII runs.
    fn words_by_character(text: &str) -> Vec<String> {
        let (mut out, mut word) = (Vec::new(), String::new());
        let end = |word: &mut String, out: &mut Vec<String>| {
            if !word.is_empty() {
                out.push(std::mem::take(word));
            }
        };
        for c in text.chars() {
            if is_ideograph(c) {
                end(&mut word, &mut out);
                out.push(c.to_string());
            } else if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if !((c == '\'' || c == '\u{2019}') && !word.is_empty()) {
                end(&mut word, &mut out);
            }
        }
        end(&mut word, &mut out);
        out
    }

    #[test]
    fn lower_case_runs_split_as_every_character_does() {
        let pieces = [
            "a", "trust", "Trust", "x'y", "'", "\u{2019}", "é", "É", "信", "2", " ", ".", "-", "ß",
            "İ", "ǅ", "\n",
        ];
        let mut texts = vec![String::new()];
        // Every sequence of up to three pieces, so each run meets every
        // kind of neighbour on either side.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for text in &texts {
            assert_eq!(words(text), words_by_character(text), "{text:?}");
        }
    }

    #[test]
    fn folding_takes_accents_off() {
        assert_eq!(fold("sesión"), "sesion");
        assert_eq!(fold("límites"), "limites");
        assert_eq!(fold("trust"), "trust");
    }

    #[test]
    fn stems_join_forms_of_a_word() {
        let en = stemmer("en-US").unwrap();
        assert_eq!(en.stem("boundaries"), en.stem("boundary"));
        let es = stemmer("es").unwrap();
        assert_eq!(es.stem("límites"), es.stem("límite"));
        assert!(stemmer("zh").is_none());
    }
}
