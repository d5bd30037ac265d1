//! The words the worksheet plugin writes into pages, per language: English,
//! Spanish, French, German, Portuguese, Chinese and Arabic, chosen by the
//! site's `language` (its primary subtag), English for any other. `{title}`,
//! `{heading}`, `{page}` and `{n}` are filled in.

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

const FRENCH: Words = Words {
    print: "Imprimer / enregistrer en PDF",
    download: "Télécharger mes réponses",
    clear: "Effacer mes réponses",
    clear_confirm: "Effacer toutes vos réponses sur cette fiche\u{202f}? Vous ne pourrez pas revenir en arrière.",
    saved_note: "Vos réponses sont enregistrées dans ce navigateur, sur cet appareil seulement, et ne sont jamais envoyées nulle part. Elles restent jusqu’à ce que vous les effaciez, mais votre navigateur peut les supprimer si vous ne revenez pas pendant un certain temps (Safari le fait après 7 jours). Pour en garder une copie, téléchargez ou imprimez vos réponses.",
    name: "Nom\u{a0}:",
    date: "Date\u{a0}:",
    reflecting_on: "Réflexions sur \u{ab}\u{a0}{title}\u{a0}\u{bb}",
    your_reflections: "Vos réflexions",
    back_before: "Questions sur l’article",
    back_after: ". Répondez seulement à ce qui vous semble utile\u{202f}; aucune question n’est obligatoire.",
    description: "Une fiche de réflexion. Vos réponses restent sur cet appareil.",
    link_text: "Une fiche pour cet article",
    link_note: "pour réfléchir à ce que vous avez lu, à votre rythme.",
    worksheets: "Fiches à remplir",
    listing_description: "Toutes les fiches de ce site, par rubrique.",
    listing_empty: "Il n’y a pas encore de fiche sur ce site.",
    listing_one: "1 fiche à remplir avant ou après une séance. Vos réponses restent dans ce navigateur, sur cet appareil\u{202f}; vous pouvez les imprimer ou les télécharger.",
    listing_many: "{n} fiches à remplir avant ou après une séance. Vos réponses restent dans ce navigateur, sur cet appareil\u{202f}; vous pouvez les imprimer ou les télécharger.",
    listing_for_article: "une fiche pour l’article",
    listing_in: "dans {page}",
    tick_help: "Cochez ce qui vous correspond.",
    faq_help: "Avec vos propres mots\u{a0}: quelle est votre réponse, ou que voudriez-vous demander à votre thérapeute\u{202f}?",
    next_step: "Une chose que je veux essayer, ou dont je veux parler à ma prochaine séance",
    prompts: [
        "{heading}\u{a0}: qu’est-ce qui a retenu votre attention\u{202f}?",
        "Qu’est-ce que \u{ab}\u{a0}{heading}\u{a0}\u{bb} vous a rappelé de votre propre vie\u{202f}?",
        "Y a-t-il quelque chose dans \u{ab}\u{a0}{heading}\u{a0}\u{bb} dont vous aimeriez parler en séance\u{202f}?",
        "Que voudriez-vous retenir de \u{ab}\u{a0}{heading}\u{a0}\u{bb}\u{202f}?",
        "Comment reliez-vous \u{ab}\u{a0}{heading}\u{a0}\u{bb} à votre propre expérience\u{202f}?",
    ],
};

const GERMAN: Words = Words {
    print: "Drucken / als PDF speichern",
    download: "Meine Antworten herunterladen",
    clear: "Meine Antworten löschen",
    clear_confirm: "Alle Ihre Antworten auf diesem Arbeitsblatt löschen? Das lässt sich nicht rückgängig machen.",
    saved_note: "Ihre Antworten werden nur in diesem Browser auf diesem Gerät gespeichert und nie irgendwohin gesendet. Sie bleiben erhalten, bis Sie sie löschen. Ihr Browser kann sie aber entfernen, wenn Sie die Seite eine Weile nicht besuchen (Safari tut das nach 7 Tagen). Wenn Sie eine Kopie behalten möchten, laden Sie Ihre Antworten herunter oder drucken Sie sie aus.",
    name: "Name:",
    date: "Datum:",
    reflecting_on: "Gedanken zu \u{201e}{title}\u{201c}",
    your_reflections: "Ihre Gedanken",
    back_before: "Fragen zum Artikel",
    back_after: ". Beantworten Sie nur, was Ihnen hilfreich erscheint. Keine Frage ist Pflicht.",
    description: "Ein Arbeitsblatt zum Nachdenken. Ihre Antworten bleiben auf diesem Gerät.",
    link_text: "Ein Arbeitsblatt zu diesem Artikel",
    link_note: "Denken Sie in Ihrem eigenen Tempo über das Gelesene nach.",
    worksheets: "Arbeitsblätter",
    listing_description: "Alle Arbeitsblätter dieser Website, nach Bereichen geordnet.",
    listing_empty: "Auf dieser Website gibt es noch keine Arbeitsblätter.",
    listing_one: "1 Arbeitsblatt zum Ausfüllen vor oder nach einer Sitzung. Ihre Antworten bleiben in diesem Browser auf diesem Gerät. Sie können sie ausdrucken oder herunterladen.",
    listing_many: "{n} Arbeitsblätter zum Ausfüllen vor oder nach einer Sitzung. Ihre Antworten bleiben in diesem Browser auf diesem Gerät. Sie können sie ausdrucken oder herunterladen.",
    listing_for_article: "ein Arbeitsblatt zum Artikel",
    listing_in: "in {page}",
    tick_help: "Kreuzen Sie an, was auf Sie zutrifft.",
    faq_help: "In Ihren eigenen Worten: Was ist Ihre Antwort, oder was möchten Sie Ihre Therapeutin oder Ihren Therapeuten fragen?",
    next_step: "Eine Sache, die ich ausprobieren oder in meiner nächsten Sitzung ansprechen möchte",
    prompts: [
        "{heading}: Was ist Ihnen besonders aufgefallen?",
        "Woran aus Ihrem eigenen Leben hat \u{201e}{heading}\u{201c} Sie erinnert?",
        "Gibt es etwas in \u{201e}{heading}\u{201c}, über das Sie gern in einer Sitzung sprechen möchten?",
        "Was möchten Sie sich aus \u{201e}{heading}\u{201c} merken?",
        "Wie passt \u{201e}{heading}\u{201c} zu Ihren eigenen Erfahrungen?",
    ],
};

const PORTUGUESE: Words = Words {
    print: "Imprimir / salvar como PDF",
    download: "Baixar minhas respostas",
    clear: "Apagar minhas respostas",
    clear_confirm: "Apagar todas as suas respostas desta ficha? Não será possível desfazer.",
    saved_note: "Suas respostas ficam salvas neste navegador, só neste dispositivo, e nunca são enviadas para lugar nenhum. Elas ficam guardadas até você apagá-las, mas seu navegador pode removê-las se você passar um tempo sem visitar o site (o Safari faz isso depois de 7 dias). Para guardar uma cópia, baixe ou imprima suas respostas.",
    name: "Nome:",
    date: "Data:",
    reflecting_on: "Reflexões sobre \u{201c}{title}\u{201d}",
    your_reflections: "Suas reflexões",
    back_before: "Perguntas sobre o artigo",
    back_after: ". Responda só o que achar útil; nenhuma pergunta é obrigatória.",
    description: "Uma ficha de reflexão. Suas respostas ficam neste dispositivo.",
    link_text: "Uma ficha de exercícios para este artigo",
    link_note: "para refletir sobre o que você leu, no seu ritmo.",
    worksheets: "Fichas de exercícios",
    listing_description: "Todas as fichas de exercícios deste site, por seção.",
    listing_empty: "Ainda não há fichas de exercícios neste site.",
    listing_one: "1 ficha para preencher antes ou depois de uma sessão. Suas respostas ficam neste navegador, neste dispositivo; você pode imprimi-las ou baixá-las.",
    listing_many: "{n} fichas para preencher antes ou depois de uma sessão. Suas respostas ficam neste navegador, neste dispositivo; você pode imprimi-las ou baixá-las.",
    listing_for_article: "uma ficha para o artigo",
    listing_in: "em {page}",
    tick_help: "Marque o que se aplica a você.",
    faq_help: "Com suas próprias palavras: qual é a sua resposta, ou o que você gostaria de perguntar na sua terapia?",
    next_step: "Uma coisa que eu quero experimentar ou conversar na minha próxima sessão",
    prompts: [
        "{heading}: o que chamou a sua atenção?",
        "O que \u{201c}{heading}\u{201d} fez você lembrar da sua própria vida?",
        "Há algo em \u{201c}{heading}\u{201d} sobre o que você gostaria de falar em uma sessão?",
        "O que você gostaria de guardar de \u{201c}{heading}\u{201d}?",
        "Como \u{201c}{heading}\u{201d} se relaciona com a sua própria experiência?",
    ],
};

const CHINESE: Words = Words {
    print: "打印 / 保存为 PDF",
    download: "下载我的回答",
    clear: "清除我的回答",
    clear_confirm: "要清除您在这份练习表上的所有回答吗？清除后无法恢复。",
    saved_note: "您的回答只保存在这台设备的这个浏览器中，绝不会发送到任何地方。在您清除之前，回答会一直保留；不过，如果您有一段时间没有访问，浏览器可能会自行删除它们（Safari 在 7 天后会删除）。如需保留一份，请下载或打印您的回答。",
    name: "姓名：",
    date: "日期：",
    reflecting_on: "反思：\u{201c}{title}\u{201d}",
    your_reflections: "您的反思",
    back_before: "以下问题围绕文章",
    back_after: "展开。只回答您觉得有用的问题即可，没有哪个问题是必答的。",
    description: "一份反思练习表。您的回答只保存在这台设备上。",
    link_text: "本文的练习表",
    link_note: "按您自己的节奏，想一想您读到的内容。",
    worksheets: "练习表",
    listing_description: "本网站的所有练习表，按栏目排列。",
    listing_empty: "本网站还没有练习表。",
    listing_one: "1 份练习表，可以在咨询前或咨询后填写。您的回答只保存在这台设备的这个浏览器中；您可以打印或下载。",
    listing_many: "{n} 份练习表，可以在咨询前或咨询后填写。您的回答只保存在这台设备的这个浏览器中；您可以打印或下载。",
    listing_for_article: "文章配套的练习表",
    listing_in: "位于 {page}",
    tick_help: "请勾选符合您情况的选项。",
    faq_help: "用您自己的话来写：您的答案是什么？或者，您想问咨询师什么？",
    next_step: "下次咨询时，我想尝试或想谈一谈的一件事",
    prompts: [
        "{heading}：哪些内容让您印象深刻？",
        "\u{201c}{heading}\u{201d}让您想起了自己生活中的哪些事？",
        "\u{201c}{heading}\u{201d}中有没有您想在咨询中谈一谈的内容？",
        "关于\u{201c}{heading}\u{201d}，您希望记住什么？",
        "\u{201c}{heading}\u{201d}和您自己的经历有哪些相通之处？",
    ],
};

const ARABIC: Words = Words {
    print: "طباعة / حفظ بصيغة PDF",
    download: "تنزيل إجاباتي",
    clear: "مسح إجاباتي",
    clear_confirm: "هل تريد مسح كل إجاباتك في ورقة العمل هذه؟ لا يمكن التراجع عن ذلك.",
    saved_note: "تُحفظ إجاباتك في هذا المتصفح، على هذا الجهاز فقط، ولا تُرسل إلى أي مكان أبدًا. وتبقى محفوظة إلى أن تمسحها، لكن متصفحك قد يحذفها إذا لم تزر الموقع لبعض الوقت (يفعل Safari ذلك بعد 7 أيام). للاحتفاظ بنسخة، نزّل إجاباتك أو اطبعها.",
    name: "الاسم:",
    date: "التاريخ:",
    reflecting_on: "تأملات في \u{ab}{title}\u{bb}",
    your_reflections: "تأملاتك",
    back_before: "أسئلة حول مقالة",
    back_after: ". أجب فقط عمّا تراه مفيدًا، فلا يوجد سؤال إلزامي.",
    description: "ورقة للتأمل. تبقى إجاباتك على هذا الجهاز.",
    link_text: "ورقة عمل لهذه المقالة",
    link_note: "تأمّل ما قرأته، على مهلك.",
    worksheets: "أوراق العمل",
    listing_description: "كل أوراق العمل في هذا الموقع، مرتبة حسب القسم.",
    listing_empty: "لا توجد أوراق عمل في هذا الموقع بعد.",
    listing_one: "ورقة عمل واحدة تملؤها قبل الجلسة أو بعدها. تبقى إجاباتك في هذا المتصفح، على هذا الجهاز، ويمكنك طباعتها أو تنزيلها.",
    listing_many: "{n} من أوراق العمل تملؤها قبل الجلسة أو بعدها. تبقى إجاباتك في هذا المتصفح، على هذا الجهاز، ويمكنك طباعتها أو تنزيلها.",
    listing_for_article: "ورقة عمل للمقالة",
    listing_in: "في {page}",
    tick_help: "ضع علامة على ما ينطبق عليك.",
    faq_help: "بكلماتك أنت: ما إجابتك، أو ما الذي تودّ أن تسأل عنه معالجك؟",
    next_step: "شيء واحد أريد أن أجربه أو أتحدث عنه في جلستي القادمة",
    prompts: [
        "{heading}: ما الذي لفت انتباهك؟",
        "بماذا ذكّرك \u{ab}{heading}\u{bb} من حياتك أنت؟",
        "هل في \u{ab}{heading}\u{bb} شيء تودّ الحديث عنه في إحدى الجلسات؟",
        "ما الذي تودّ أن تتذكره من \u{ab}{heading}\u{bb}؟",
        "كيف يتّفق \u{ab}{heading}\u{bb} مع تجربتك الشخصية؟",
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
        "fr" => &FRENCH,
        "de" => &GERMAN,
        "pt" => &PORTUGUESE,
        "zh" => &CHINESE,
        "ar" => &ARABIC,
        _ => &ENGLISH,
    }
}
