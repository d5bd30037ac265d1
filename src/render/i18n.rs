//! The words of the theme in the site's language: a table per language
//! shipped in the binary (`themes/default/i18n/LANG.toml`), English under
//! every other so a missing key still reads, and a site's own
//! `i18n/LANG.toml` over both. Templates ask with `t(key="...")`, a count
//! with `t(key="...", n=3)` (the form is chosen by the language's CLDR plural
//! rules), and dates with `| local_date`. Texts that take no value are also
//! the map `tr` (`{{ tr.skip_link }}`), which the default theme uses: a
//! lookup, where each `t()` call is a function call.

// FxHash: texts are looked up by short keys, a few `t()` calls a page.
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use crate::error::{Diagnostic, Result, suggest};

/// The languages the default theme speaks: (primary subtag, table).
const SHIPPED: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/i18n/en.toml")),
    ("es", include_str!("../../themes/default/i18n/es.toml")),
    ("fr", include_str!("../../themes/default/i18n/fr.toml")),
    ("de", include_str!("../../themes/default/i18n/de.toml")),
    ("pt", include_str!("../../themes/default/i18n/pt.toml")),
    ("zh", include_str!("../../themes/default/i18n/zh.toml")),
    ("ar", include_str!("../../themes/default/i18n/ar.toml")),
];

/// The writing direction of `language`: `rtl` for Arabic, Hebrew, Persian,
/// Urdu and the other languages written right to left, else `ltr`.
pub fn direction(language: &str) -> &'static str {
    const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];
    let primary = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if RIGHT_TO_LEFT.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// One entry of a table: a string, forms by plural category, or a list.
#[derive(Debug, Clone)]
enum Text {
    One(String),
    Plural(HashMap<String, String>),
    List(Vec<String>),
}

/// The theme's words in one language.
#[derive(Clone)]
pub struct Strings {
    table: HashMap<String, Text>,
    /// The language's plural rules, made once: `t(n=)` runs on every page.
    plurals: Arc<Option<PluralRules>>,
}

impl Strings {
    /// The words for `language` (`es`, `es-MX`): English, then the shipped
    /// table of its primary subtag, then the site's `i18n/` file, if any.
    pub fn for_language(language: &str, root: &Path) -> Result<Strings> {
        let primary = language
            .split('-')
            .next()
            .unwrap_or("en")
            .to_ascii_lowercase();
        let mut table = parse("themes/default/i18n/en.toml", SHIPPED[0].1)?;
        if let Some((_, text)) = SHIPPED
            .iter()
            .find(|(lang, _)| *lang == primary && *lang != "en")
        {
            table.extend(parse(&format!("themes/default/i18n/{primary}.toml"), text)?);
        }
        for name in [language.to_string(), primary.clone()] {
            let rel = format!("i18n/{name}.toml");
            let path = root.join(&rel);
            if path.is_file() {
                let text = crate::content::read_text(&path, &rel)?;
                let own = parse(&rel, &text)?;
                for key in own.keys() {
                    if !table.contains_key(key) {
                        let mut d = Diagnostic::new(&rel, format!("unknown key \"{key}\""));
                        if let Some(line) = text
                            .lines()
                            .position(|l| l.trim_start().starts_with(key.as_str()))
                        {
                            d = d.at_line(line + 1);
                        }
                        let help = match suggest(key, table.keys().map(String::as_str)) {
                            Some(near) => format!("did you mean \"{near}\"? The keys are those of the default theme's en.toml"),
                            None => "the keys are those of the default theme's themes/default/i18n/en.toml".to_string(),
                        };
                        return Err(d.with_help(help).into());
                    }
                }
                table.extend(own);
                break;
            }
        }
        let plurals = LanguageIdentifier::from_str(language)
            .ok()
            .and_then(|lang| PluralRules::create(lang, PluralRuleType::CARDINAL).ok());
        Ok(Strings {
            table,
            plurals: Arc::new(plurals),
        })
    }

    /// The string `key` with each `{name}` replaced from `args`; with a count
    /// `n`, the form its plural category takes.
    pub fn get(
        &self,
        key: &str,
        n: Option<i64>,
        args: &[(String, String)],
    ) -> std::result::Result<String, String> {
        let text = self.table.get(key).ok_or_else(|| {
            format!("the theme asks for the text \"{key}\", which no i18n table has")
        })?;
        let mut out = match (text, n) {
            (Text::One(s), _) => s.clone(),
            (Text::Plural(forms), Some(n)) => {
                let category = self.plural_category(n);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .ok_or_else(|| format!("the text \"{key}\" has no \"other\" form"))?
            }
            (Text::Plural(_), None) => {
                return Err(format!(
                    "the text \"{key}\" needs a count: t(key=\"{key}\", n=...)"
                ));
            }
            (Text::List(_), _) => return Err(format!("\"{key}\" is a list, not a text")),
        };
        // Most texts take no value: return them without looking for one.
        if !out.contains('{') {
            return Ok(out);
        }
        if let Some(n) = n {
            out = out.replace("{n}", &n.to_string());
        }
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Ok(out)
    }

    /// Every text that takes no count, by key, as the templates' `tr` map:
    /// `{{ tr.skip_link }}` reads what `t(key="skip_link")` returns, without
    /// a function call (its arguments' map, its result's copy) for each of
    /// the thirty texts on every page.
    pub fn plain_texts(&self) -> std::collections::BTreeMap<&str, &str> {
        self.table
            .iter()
            .filter_map(|(key, text)| match text {
                Text::One(s) => Some((key.as_str(), s.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The CLDR plural category of `n` in the language (`one`, `other`, ...).
    fn plural_category(&self, n: i64) -> &'static str {
        let Some(rules) = self.plurals.as_ref() else {
            return if n == 1 { "one" } else { "other" };
        };
        match rules.select(n) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        }
    }

    /// `2026-03-14` as the language writes a day (`14 March 2026`, `14 de marzo de 2026`).
    pub fn date(&self, iso: &str) -> String {
        let Ok(date) = iso.parse::<jiff::civil::Date>() else {
            return iso.to_string();
        };
        let month = match self.table.get("months") {
            Some(Text::List(names)) => names
                .get(usize::from(date.month().unsigned_abs()) - 1)
                .cloned(),
            _ => None,
        }
        .unwrap_or_else(|| date.strftime("%B").to_string());
        let format = match self.table.get("date_format") {
            Some(Text::One(f)) => f.as_str(),
            _ => "{day} {month} {year}",
        };
        format
            .replace("{day}", &date.day().to_string())
            .replace("{month}", &month)
            .replace("{year}", &date.year().to_string())
    }

    /// The strings scripts show (keys starting `js_`), as a JSON object for
    /// the page's `#rapport-strings` data block: plural tables stay objects
    /// (the browser picks the form with `Intl.PluralRules`), and no `<` is
    /// left raw, so the block cannot close its script element.
    pub fn script_json(&self) -> String {
        let mut map = serde_json::Map::new();
        let mut keys: Vec<&String> = self.table.keys().filter(|k| k.starts_with("js_")).collect();
        keys.sort();
        for key in keys {
            let value = match &self.table[key] {
                Text::One(s) => serde_json::Value::String(s.clone()),
                Text::Plural(forms) => serde_json::Value::Object(
                    forms
                        .iter()
                        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                        .collect(),
                ),
                Text::List(items) => serde_json::Value::from(items.clone()),
            };
            map.insert(key.clone(), value);
        }
        serde_json::Value::Object(map)
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
    }

    /// Registers `t`, `script_strings` and `local_date` with `tera`.
    pub fn register(&self, tera: &mut tera::Tera) {
        // A value made once: each page's call shares its text, not a copy.
        let json = tera::Value::from(self.script_json());
        tera.register_function("script_strings", move |_: tera::Kwargs, _: &tera::State| {
            json.clone()
        });
        let strings = self.clone();
        tera.register_function(
            "t",
            move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
                let key: &str = kwargs.must_get("key")?;
                let n = kwargs.get::<i64>("n")?;
                let args: Vec<(String, String)> = kwargs
                    .iter()
                    .filter(|(k, _)| k.as_str() != Some("key") && k.as_str() != Some("n"))
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            v.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| v.to_string()),
                        )
                    })
                    .collect();
                strings.get(key, n, &args).map_err(tera::Error::message)
            },
        );
        let strings = self.clone();
        tera.register_filter(
            "local_date",
            move |iso: &str, _: tera::Kwargs, _: &tera::State| strings.date(iso),
        );
    }
}

/// A table's entries; `file` names it in errors.
fn parse(file: &str, text: &str) -> Result<HashMap<String, Text>> {
    let table: toml::Table =
        toml::from_str(text).map_err(|e| crate::error::toml_diagnostic(file, text, 1, &e, &[]))?;
    let mut out = HashMap::default();
    for (key, value) in table {
        let entry = match value {
            toml::Value::String(s) => Text::One(s),
            toml::Value::Table(forms) => Text::Plural(
                forms
                    .into_iter()
                    .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
                    .collect(),
            ),
            toml::Value::Array(items) => Text::List(
                items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => {
                return Err(Diagnostic::new(
                    file,
                    format!("\"{key}\" is neither a text, a table of plural forms nor a list"),
                )
                .with_help("write key = \"text\", or [key] with one = \"...\" and other = \"...\"")
                .into());
            }
        };
        out.insert(key, entry);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(language: &str) -> Strings {
        Strings::for_language(language, Path::new("/nonexistent")).unwrap()
    }

    #[test]
    fn every_shipped_table_has_the_english_keys_and_no_others() {
        let english = parse("en", SHIPPED[0].1).unwrap();
        for (lang, text) in SHIPPED {
            let table = parse(lang, text).unwrap();
            let mut missing: Vec<&String> =
                english.keys().filter(|k| !table.contains_key(*k)).collect();
            missing.sort();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            let mut extra: Vec<&String> =
                table.keys().filter(|k| !english.contains_key(*k)).collect();
            extra.sort();
            assert!(extra.is_empty(), "{lang} has unknown {extra:?}");
        }
    }

    #[test]
    fn the_tr_map_reads_what_t_returns_without_values() {
        for (lang, _) in SHIPPED {
            let strings = strings(lang);
            let plain = strings.plain_texts();
            assert!(plain.len() > 40, "{lang}: {} texts", plain.len());
            for (key, text) in &plain {
                assert_eq!(
                    strings.get(key, None, &[]).as_deref(),
                    Ok(*text),
                    "{lang} {key}"
                );
            }
            // A text with a count is not in it: it needs `t(key=, n=)`.
            assert!(!plain.contains_key("article_count"), "{lang}");
        }
        assert_eq!(
            strings("es").plain_texts()["skip_link"],
            "Ir al contenido principal"
        );
    }

    #[test]
    fn counts_and_dates_follow_the_language() {
        let es = strings("es-MX");
        assert_eq!(es.get("article_count", Some(1), &[]).unwrap(), "1 artículo");
        assert_eq!(
            es.get("article_count", Some(3), &[]).unwrap(),
            "3 artículos"
        );
        assert_eq!(es.date("2026-03-14"), "14 de marzo de 2026");
        let en = strings("en");
        assert_eq!(en.get("article_count", Some(1), &[]).unwrap(), "1 article");
        assert_eq!(en.date("2026-03-14"), "14 March 2026");
        assert_eq!(
            en.get("reviewed_by", None, &[("name".into(), "Dr A".into())])
                .unwrap(),
            "Reviewed by Dr A"
        );
        assert!(en.get("nope", None, &[]).is_err());
        // French, German, Portuguese and Chinese: their dates, and their
        // plural rules (French's `one` takes 0 and 1; Chinese has no plural).
        assert_eq!(strings("fr").date("2026-03-14"), "14 mars 2026");
        assert_eq!(
            strings("fr").get("article_count", Some(0), &[]).unwrap(),
            "0 article"
        );
        assert_eq!(strings("de-AT").date("2026-03-14"), "14. März 2026");
        assert_eq!(
            strings("pt-BR").get("article_count", Some(2), &[]).unwrap(),
            "2 artigos"
        );
        assert_eq!(strings("zh-Hans").date("2026-03-14"), "2026年3月14日");
        assert_eq!(
            strings("zh-Hans")
                .get("article_count", Some(1), &[])
                .unwrap(),
            "1 篇文章"
        );
    }
}
