//! The words the worksheet plugin writes into pages, per language: English
//! and Spanish, chosen by the site's `language` (its primary subtag), English
//! for any other. `{title}`, `{heading}`, `{page}` and `{n}` are filled in.

/// The plugin's words in one language.
pub struct Words {
    /// The print button.
    pub print: &'static str,
    /// The download button.
    pub download: &'static str,
    /// The clear button.
    pub clear: &'static str,
    /// What clearing asks first.
    pub clear_confirm: &'static str,
    /// Where answers are kept, beside the buttons.
    pub saved_note: &'static str,
    /// The printed name line.
    pub name: &'static str,
    /// The printed date line.
    pub date: &'static str,
    /// A generated worksheet's page title.
    pub reflecting_on: &'static str,
    /// Its form's heading.
    pub your_reflections: &'static str,
    /// Before the link back to the article.
    pub back_before: &'static str,
    /// After it.
    pub back_after: &'static str,
    /// Its description.
    pub description: &'static str,
    /// The article's link to it.
    pub link_text: &'static str,
    /// After that link.
    pub link_note: &'static str,
    /// The listing's title, and the search section of worksheets.
    pub worksheets: &'static str,
    /// The listing's description.
    pub listing_description: &'static str,
    /// The listing with nothing in it.
    pub listing_empty: &'static str,
    /// The listing's count, one worksheet.
    pub listing_one: &'static str,
    /// The listing's count, more.
    pub listing_many: &'static str,
    /// After a generated worksheet in the listing.
    pub listing_for_article: &'static str,
    /// After a block's worksheet in the listing.
    pub listing_in: &'static str,
    /// The help of a checklist field.
    pub tick_help: &'static str,
    /// The help of an FAQ question field.
    pub faq_help: &'static str,
    /// The last field of a generated worksheet.
    pub next_step: &'static str,
    /// Ways of asking about a section, in turn.
    pub prompts: [&'static str; 5],
}

const ENGLISH: Words = Words {
    print: "Print / save as PDF",
    download: "Download my answers",
    clear: "Clear my answers",
    clear_confirm: "Clear all your answers on this worksheet? This cannot be undone.",
    saved_note: "Your answers are saved in this browser on this device only, and never sent anywhere. They stay until you clear them, though your browser may remove them if you do not visit for a while (Safari does after 7 days). To keep a copy, download or print your answers.",
    name: "Name:",
    date: "Date:",
    reflecting_on: "Reflecting on \u{201c}{title}\u{201d}",
    your_reflections: "Your reflections",
    back_before: "Questions on the article",
    back_after: ". Answer only what feels useful; no question is required.",
    description: "A reflection worksheet. Your answers stay on this device.",
    link_text: "A worksheet for this article",
    link_note: "reflect on what you read, at your own pace.",
    worksheets: "Worksheets",
    listing_description: "Every worksheet on this site, by section.",
    listing_empty: "There are no worksheets on this site yet.",
    listing_one: "1 worksheet to fill in before or after a session. Your answers stay in this browser on this device; you can print them or download them.",
    listing_many: "{n} worksheets to fill in before or after a session. Your answers stay in this browser on this device; you can print them or download them.",
    listing_for_article: "a worksheet for the article",
    listing_in: "in {page}",
    tick_help: "Tick what applies to you.",
    faq_help: "In your own words: what is your answer, or what would you like to ask your therapist?",
    next_step: "One thing I want to try or talk about at my next session",
    prompts: [
        "{heading}: what stood out for you?",
        "What did \u{201c}{heading}\u{201d} bring to mind from your own life?",
        "Is there anything in \u{201c}{heading}\u{201d} you would like to talk about in a session?",
        "What would you like to remember from \u{201c}{heading}\u{201d}?",
        "How does \u{201c}{heading}\u{201d} fit with your own experience?",
    ],
};

const SPANISH: Words = Words {
    print: "Imprimir / guardar como PDF",
    download: "Descargar mis respuestas",
    clear: "Borrar mis respuestas",
    clear_confirm: "¿Borrar todas sus respuestas de esta hoja? No se puede deshacer.",
    saved_note: "Sus respuestas se guardan en este navegador, solo en este dispositivo, y nunca se envían a ninguna parte. Se quedan hasta que las borre, aunque su navegador puede quitarlas si no visita el sitio durante un tiempo (Safari lo hace tras 7 días). Para conservar una copia, descargue o imprima sus respuestas.",
    name: "Nombre:",
    date: "Fecha:",
    reflecting_on: "Reflexiones sobre \u{ab}{title}\u{bb}",
    your_reflections: "Sus reflexiones",
    back_before: "Preguntas sobre el artículo",
    back_after: ". Responda solo lo que le sea útil; ninguna pregunta es obligatoria.",
    description: "Una hoja de reflexión. Sus respuestas se quedan en este dispositivo.",
    link_text: "Una hoja de trabajo para este artículo",
    link_note: "para pensar en lo que leyó, a su ritmo.",
    worksheets: "Hojas de trabajo",
    listing_description: "Todas las hojas de trabajo de este sitio, por sección.",
    listing_empty: "Todavía no hay hojas de trabajo en este sitio.",
    listing_one: "1 hoja para completar antes o después de una sesión. Sus respuestas se quedan en este navegador, en este dispositivo; puede imprimirlas o descargarlas.",
    listing_many: "{n} hojas para completar antes o después de una sesión. Sus respuestas se quedan en este navegador, en este dispositivo; puede imprimirlas o descargarlas.",
    listing_for_article: "una hoja para el artículo",
    listing_in: "en {page}",
    tick_help: "Marque lo que le corresponda.",
    faq_help: "Con sus propias palabras: ¿cuál es su respuesta, o qué le gustaría preguntar a su terapeuta?",
    next_step: "Algo que quiero probar o hablar en mi próxima sesión",
    prompts: [
        "{heading}: ¿qué le llamó la atención?",
        "¿Qué le recordó \u{ab}{heading}\u{bb} de su propia vida?",
        "¿Hay algo de \u{ab}{heading}\u{bb} de lo que le gustaría hablar en una sesión?",
        "¿Qué le gustaría recordar de \u{ab}{heading}\u{bb}?",
        "¿Cómo encaja \u{ab}{heading}\u{bb} con su propia experiencia?",
    ],
};

/// The words for `language` (a BCP 47 tag).
pub fn words(language: &str) -> &'static Words {
    match language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "es" => &SPANISH,
        _ => &ENGLISH,
    }
}
