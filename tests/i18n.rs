//! The theme in the site's language (issue 20, first part): every string the
//! templates show comes from a table per language; a site overrides any.

use crate::util::{SiteTest, select};

/// A Spanish site with everything the templates can show.
fn spanish_site(name: &str) -> SiteTest {
    let site = SiteTest::new(name);
    site.file(
        "rapport.toml",
        "title = \"Recursos de la clínica\"\nlanguage = \"es-US\"\n\n\
         [crisis]\ntext = \"Si está en peligro, pida ayuda ahora.\"\n\
         contacts = [{ label = \"988 Lifeline\", phone = \"988\", sms = \"988\", url = \"https://988lifeline.org/es/\" }]\n\n\
         [quick_exit]\nenabled = true\nurl = \"https://www.bbc.co.uk/weather\"\n\n\
         [[footer.links]]\nlabel = \"Sobre este sitio\"\nurl = \"@/confianza/_index.md\"\n\n[plugins.worksheet]\n",
    );
    site.file(
        "content/confianza/_index.md",
        "+++\ntitle = \"Confianza\"\ndescription = \"Cómo crece la confianza.\"\n+++\nTextos sobre la confianza.\n",
    );
    site.file(
        "content/confianza/primera-sesion.md",
        "+++\ntitle = \"La primera sesión\"\ndescription = \"Qué esperar.\"\ndate = 2026-03-14\nupdated = 2026-09-02\n\
         authors = [\"Equipo de ejemplo\"]\nreviewed_by = \"Dra. Ana Ruiz, psicóloga\"\nlast_reviewed = 2026-09-01\n\
         content_note = \"Habla de experiencias difíciles.\"\nsources = [\"Una guía pública\"]\nworksheet = true\n\
         [taxonomies]\ntopics = [\"confianza\"]\n+++\n\
         Empezar una terapia puede dar nervios. Es normal.\n\n## Antes de ir\n\n- [ ] Anote una pregunta.\n- [ ] Llegue con tiempo.\n\n\
         ## Preguntas frecuentes\n\n### ¿Cuánto dura una sesión?\n\nSuele durar unos cincuenta minutos.\n\n\
         ## Para pensar\n\n```worksheet\ntitle = \"Antes de la sesión\"\n[[fields]]\nkind = \"date\"\nlabel = \"Fecha de la sesión\"\n```\n",
    );
    site.file(
        "content/confianza/segunda.md",
        "+++\ntitle = \"La segunda sesión\"\ndescription = \"Lo que sigue.\"\ndate = 2026-04-01\n+++\nSeguimos.\n",
    );
    site
}

/// Every text of the English table, as the pages would show it.
pub(crate) fn english_strings() -> Vec<String> {
    let table: toml::Table = toml::from_str(
        &std::fs::read_to_string(crate::util::repo_root().join("themes/default/i18n/en.toml"))
            .unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    for (_, value) in table {
        match value {
            toml::Value::String(s) => out.push(s),
            toml::Value::Table(forms) => out.extend(
                forms
                    .values()
                    .filter_map(|v| v.as_str().map(str::to_string)),
            ),
            toml::Value::Array(items) => {
                out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_string)))
            }
            _ => {}
        }
    }
    // The parts around a {placeholder} are what a page would show.
    out.iter()
        .flat_map(|s| {
            // Every other piece is a placeholder's name, not shown text.
            s.split(['{', '}'])
                .step_by(2)
                .map(str::trim)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect()
}

/// What a reader of `html` sees or hears: its text outside scripts and
/// styles, and the labels of its landmarks.
pub(crate) fn shown_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut shown = String::new();
    for node in doc.root_element().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let in_script = node
            .parent()
            .and_then(|p| {
                p.value()
                    .as_element()
                    .map(|e| matches!(e.name(), "script" | "style"))
            })
            .unwrap_or(false);
        if !in_script {
            shown.push_str(text);
            shown.push(' ');
        }
    }
    for e in select(&doc, "[aria-label]") {
        shown.push(' ');
        shown.push_str(e.value().attr("aria-label").unwrap());
    }
    shown
}

#[test]
fn a_spanish_site_shows_no_english_theme_text() {
    let site = spanish_site("i18n-es");
    site.build(&[]).ok();
    let english = english_strings();
    assert!(english.len() > 60, "{english:?}");
    for page in [
        "index.html",
        "confianza/index.html",
        "confianza/primera-sesion/index.html",
        "faq/index.html",
        "search/index.html",
        "topics/confianza/index.html",
        "404.html",
    ] {
        let shown = shown_text(&site.read(page));
        for s in &english {
            assert!(
                !shown.contains(s.as_str()),
                "{page} shows the English \"{s}\""
            );
        }
    }
    let page = site.read("confianza/primera-sesion/index.html");
    for spanish in [
        "Ir al contenido principal",
        "Salir de este sitio",
        "Revisado por Dra. Ana Ruiz, psicóloga el ",
        "1 de septiembre de 2026",
        "Publicado el",
        "14 de marzo de 2026",
        "1 min de lectura",
        "Aviso sobre el contenido",
        "Fuentes",
        "llamar al 988",
        "enviar un mensaje al 988",
        "Siguiente",
    ] {
        assert!(page.contains(spanish), "the article says \"{spanish}\"");
    }
    assert!(site.read("confianza/index.html").contains("Artículos"));
    // The worksheet plugin writes in the site's language too.
    for (page, words) in [
        (
            "confianza/primera-sesion/index.html",
            &[
                "Imprimir / guardar como PDF",
                "Nombre:",
                "Borrar mis respuestas",
                "Una hoja de trabajo para este artículo",
            ][..],
        ),
        (
            "confianza/primera-sesion/worksheet/index.html",
            &[
                "Reflexiones sobre \u{ab}La primera sesión\u{bb}",
                "Preguntas sobre el artículo",
                "Sus reflexiones",
            ][..],
        ),
        (
            "worksheets/index.html",
            &[
                "Hojas de trabajo",
                "en La primera sesión",
                "2 hojas para completar",
            ][..],
        ),
    ] {
        let html = site.read(page);
        for word in words {
            assert!(html.contains(word), "{page} says \"{word}\"");
        }
        for english in [
            "Print / save as PDF",
            "Your answers are saved",
            "Worksheets",
            "Reflecting on",
            "Name:",
        ] {
            assert!(
                !html.contains(english),
                "{page} says the English \"{english}\""
            );
        }
    }
    let home = site.html("index.html");
    assert_eq!(
        select(&home, ".menu-inline a[href=\"/faq/\"]")[0]
            .text()
            .collect::<String>(),
        "Preguntas"
    );
    assert!(
        site.read("index.html").contains("2 artículos"),
        "plural form"
    );
    assert!(
        site.read("faq/index.html").contains("1 pregunta,"),
        "singular form"
    );
}

#[test]
fn a_site_overrides_a_string_and_a_typo_is_an_error_with_its_line() {
    let site = spanish_site("i18n-override");
    site.file(
        "i18n/es.toml",
        "# Our words\nleave_site = \"Salir rápido\"\n",
    );
    site.build(&[]).ok();
    assert!(site.read("index.html").contains("Salir rápido"));
    site.file(
        "i18n/es.toml",
        "leave_site = \"Salir rápido\"\nleav_site_hint = \"x\"\n",
    );
    site.build(&[]).fails_with(&[
        "i18n/es.toml:2: unknown key \"leav_site_hint\"",
        "did you mean \"leave_site_hint\"?",
    ]);
}

#[test]
fn the_scripts_speak_the_page_language_with_its_plurals() {
    let browser = crate::browser::browser_or_skip!();
    let site = spanish_site("i18n-scripts");
    site.build(&[]).ok();
    let server = crate::browser::Server::serve(&site.public());
    let page = browser.open(&server.url("/confianza/primera-sesion/"));
    page.wait_for("!document.querySelector('.checklist-progress').hidden");
    assert_eq!(
        page.eval_string("document.querySelector('.checklist-progress').textContent"),
        "0 de 2 hechas"
    );
    assert_eq!(
        page.eval_string("document.querySelector('.checklist-reset').textContent"),
        "Borrar"
    );
    page.click(".checklist input[type=checkbox]");
    assert_eq!(
        page.eval_string("document.querySelector('.checklist-progress').textContent"),
        "1 de 2 hechas"
    );
    // Shift pressed once, then twice: "2 veces más", then "1 vez más".
    let status = "document.querySelector('[data-quick-exit-status]').textContent";
    page.press("Shift");
    assert_eq!(
        page.eval_string(status),
        "Mayús: pulse 2 veces más para salir de este sitio"
    );
    page.press("Shift");
    assert_eq!(
        page.eval_string(status),
        "Mayús: pulse 1 vez más para salir de este sitio"
    );
    assert_eq!(
        page.eval_string("document.querySelector('.header-search label').textContent"),
        "Buscar en este sitio"
    );
}
