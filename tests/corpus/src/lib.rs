//! A deterministic corpus of therapy-domain articles for benchmarks and tests.
//!
//! The same seed and page count always give the same bytes. Pages spread over
//! ten sections with TOML front matter (`topics`, `audience`), 600-1,200
//! words of prose, headings and lists; about half carry a checklist, a third
//! an FAQ section, some a table, and one in ten a fenced code block. The Hugo
//! layout holds the same pages with taxonomies as top-level front matter keys
//! and minimal layouts doing comparable work.
//!
//! Word frequencies follow the articles our users publish (the reference
//! articles in `../shared/reference/`): an article is about its section's
//! topic, which takes 2-4% of its words ("trust" in an article on trust),
//! while other topics come up now and then (about 0.3%), and the commonest
//! words of the domain are on every page ("feel" and its forms, about 1.4%).
//! A third of each sentence's subjects and objects come from the section's
//! own phrases, the rest from phrases every section shares. Search-index
//! sizes depend on this: a word on every page in every sentence would make
//! each word's index chunk hold every page many times over.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The sections pages are spread over.
pub const SECTIONS: [&str; 10] = [
    "trust",
    "boundaries",
    "empathy",
    "sessions",
    "anxiety",
    "grief",
    "families",
    "work-stress",
    "sleep",
    "self-care",
];

const TOPICS: [&str; 12] = [
    "trust",
    "boundaries",
    "empathy",
    "confidentiality",
    "communication",
    "first sessions",
    "emotional safety",
    "anxiety",
    "grief",
    "sleep",
    "stress",
    "relationships",
];

/// Subjects every section uses.
const SUBJECTS: [&str; 16] = [
    "Your therapist",
    "A good session",
    "Each small step",
    "Your own pace",
    "Honest feedback",
    "A short pause",
    "Naming a feeling",
    "The first meeting",
    "A written plan",
    "Steady routines",
    "Gentle curiosity",
    "Asking for help",
    "A kind word",
    "Regular practice",
    "A quiet moment",
    "Plain language",
];
const VERBS: [&str; 16] = [
    "helps",
    "supports",
    "shapes",
    "protects",
    "changes",
    "strengthens",
    "invites",
    "steadies",
    "opens",
    "softens",
    "guides",
    "builds",
    "eases",
    "frames",
    "balances",
    "clarifies",
];
/// Objects every section uses.
const OBJECTS: [&str; 20] = [
    "the work you do together",
    "how safe you feel",
    "what you choose to share",
    "the pace of change",
    "your sense of control",
    "the trust between you",
    "how you handle setbacks",
    "the words you use",
    "your hopes for therapy",
    "the goals you set",
    "how you rest",
    "the way you listen to yourself",
    "the questions you ask",
    "your daily habits",
    "how conflict plays out",
    "the boundaries you keep",
    "the plans you make",
    "your energy",
    "what comes next",
    "the support around you",
];
const TAILS: [&str; 12] = [
    "over several weeks",
    "in small ways",
    "when you feel ready",
    "even on hard days",
    "with practice",
    "at your own pace",
    "more than people expect",
    "in every session",
    "when things seem uncertain",
    "little by little",
    "without rushing",
    "step by step",
];

/// A section's own phrases: what its articles are about.
struct Topic {
    subjects: [&'static str; 8],
    objects: [&'static str; 8],
}

/// The phrases of each of [`SECTIONS`], in the same order.
const SECTION_TOPICS: [Topic; 10] = [
    Topic {
        subjects: [
            "Trust",
            "Trust in your therapist",
            "A trusting relationship",
            "Rebuilding trust",
            "A broken promise",
            "Reliability",
            "Keeping your word",
            "Confidentiality",
        ],
        objects: [
            "the trust you build",
            "whether you can trust again",
            "the trust between you",
            "how reliable someone seems",
            "old betrayals",
            "a steady alliance",
            "how promises are kept",
            "what you can count on",
        ],
    },
    Topic {
        subjects: [
            "A clear boundary",
            "Your boundaries",
            "Healthy boundaries",
            "Boundary setting",
            "Saying no",
            "A firm limit",
            "Protecting your time",
            "A respectful request",
        ],
        objects: [
            "the boundaries you hold",
            "where a boundary sits",
            "boundaries at work and home",
            "what you agree to",
            "your personal space",
            "requests from others",
            "the line you draw",
            "your right to refuse",
        ],
    },
    Topic {
        subjects: [
            "Empathy",
            "Feeling heard",
            "An empathic response",
            "Being understood",
            "Careful listening",
            "Compassion",
            "Reflecting back",
            "Warmth",
        ],
        objects: [
            "the empathy you receive",
            "how understood you feel",
            "being heard without judgment",
            "what you are going through",
            "the emotions beneath the words",
            "a sense of connection",
            "how others respond",
            "your emotional world",
        ],
    },
    Topic {
        subjects: [
            "The first session",
            "A weekly session",
            "Session notes",
            "Homework between sessions",
            "Your intake appointment",
            "The last few minutes",
            "A check-in",
            "A clear agenda",
        ],
        objects: [
            "what each session covers",
            "the time between sessions",
            "what you bring to a session",
            "how appointments end",
            "your progress so far",
            "the questions you were asked",
            "how often you meet",
            "the confidentiality of sessions",
        ],
    },
    Topic {
        subjects: [
            "Anxiety",
            "An anxious thought",
            "Anxiety at night",
            "Worry",
            "A racing mind",
            "Slow breathing",
            "A panic attack",
            "Grounding",
        ],
        objects: [
            "anxious thoughts",
            "how anxiety shows up",
            "the anxiety you notice",
            "the worry cycle",
            "your breathing",
            "situations you avoid",
            "what calms you",
            "the fear response",
        ],
    },
    Topic {
        subjects: [
            "Grief",
            "Grief after a loss",
            "Shared grief",
            "Mourning",
            "Remembering someone",
            "An anniversary",
            "Sadness",
            "A memory",
        ],
        objects: [
            "the grief you carry",
            "how grief changes",
            "a grieving family",
            "how loss changes you",
            "the waves of sadness",
            "the people you have lost",
            "the first year after a loss",
            "rituals of remembrance",
        ],
    },
    Topic {
        subjects: [
            "Family talks",
            "A family meeting",
            "Family life",
            "A parent",
            "Siblings",
            "Your partner",
            "Children",
            "Relatives",
        ],
        objects: [
            "family roles",
            "family expectations",
            "shared family routines",
            "how your household argues",
            "the patterns you grew up with",
            "time with your children",
            "your partner's needs",
            "how relatives respond",
        ],
    },
    Topic {
        subjects: [
            "Workload",
            "Work stress",
            "A demanding job",
            "Stress at work",
            "A deadline",
            "Burnout",
            "Your manager",
            "Overtime",
        ],
        objects: [
            "your workload",
            "stress at work",
            "how you switch off after work",
            "the balance between work and rest",
            "the pressure of deadlines",
            "signs of burnout",
            "conversations with colleagues",
            "time away from the office",
        ],
    },
    Topic {
        subjects: [
            "Sleep",
            "Better sleep",
            "A sleep routine",
            "Sleep hygiene",
            "Insomnia",
            "A regular wake time",
            "Screens at night",
            "A restless night",
        ],
        objects: [
            "your sleep",
            "how long you sleep",
            "your sleep diary",
            "the hour before bed",
            "nights you lie awake",
            "your bedtime routine",
            "caffeine late in the day",
            "how rested you are",
        ],
    },
    Topic {
        subjects: [
            "Self-care",
            "Self-care on busy days",
            "Self-compassion",
            "Rest",
            "A daily walk",
            "Eating well",
            "Time outdoors",
            "A hobby",
        ],
        objects: [
            "self-care",
            "the care you give yourself",
            "your basic needs",
            "small pleasures",
            "moments of rest",
            "kindness toward yourself",
            "time for yourself",
            "what restores you",
        ],
    },
];

/// A small deterministic generator (xorshift64*): no dependency, same output everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    /// A phrase of the section's own a third of the time, else a shared one.
    fn pick_mixed<'a>(&mut self, own: &[&'a str], shared: &[&'a str]) -> &'a str {
        if self.below(3) == 0 {
            self.pick(own)
        } else {
            self.pick(shared)
        }
    }
}

/// One generated page, independent of any layout.
pub struct GeneratedPage {
    /// The section folder.
    pub section: &'static str,
    /// The file stem.
    pub slug: String,
    /// The title.
    pub title: String,
    /// The publication day, `YYYY-MM-DD`.
    pub date: String,
    /// Order in the section.
    pub weight: usize,
    /// Topic terms.
    pub topics: Vec<&'static str>,
    /// Audience terms.
    pub audience: Vec<&'static str>,
    /// The markdown body.
    pub body: String,
}

fn sentence(rng: &mut Rng, topic: &Topic) -> String {
    format!(
        "{} {} {} {}.",
        rng.pick_mixed(&topic.subjects, &SUBJECTS),
        rng.pick(&VERBS),
        rng.pick_mixed(&topic.objects, &OBJECTS),
        rng.pick(&TAILS)
    )
}

fn paragraph(rng: &mut Rng, topic: &Topic, words: &mut usize) -> String {
    let count = 3 + rng.below(4);
    let mut p = String::new();
    for i in 0..count {
        if i > 0 {
            p.push(' ');
        }
        let s = sentence(rng, topic);
        *words += s.split_whitespace().count();
        p.push_str(&s);
    }
    p
}

/// Generates page `index` of the corpus.
pub fn page(index: usize) -> GeneratedPage {
    let mut rng = Rng::new(index as u64 + 1);
    let section = SECTIONS[index % SECTIONS.len()];
    let topic = &SECTION_TOPICS[index % SECTIONS.len()];
    let title = format!(
        "{} {} {} (part {index})",
        rng.pick(&topic.subjects),
        rng.pick(&VERBS),
        rng.pick(&topic.objects)
    );
    let faq = index % 3 == 0;
    // The FAQ adds about 250 words after the main text; keep the total in 600-1,200.
    let target_words = 600 + rng.below(600) - if faq { 250 } else { 0 };
    let mut words = 0;
    let mut body = String::new();
    let mut heading = 0;
    let checklist = index % 2 == 0;
    let table = index % 5 == 1;
    let code = index % 10 == 3;
    // Count everything written so far (lists and tables too), not only paragraphs.
    while body.split_whitespace().count() < target_words {
        heading += 1;
        let _ = writeln!(
            body,
            "## {} {heading}\n",
            rng.pick_mixed(&topic.subjects, &SUBJECTS)
        );
        let _ = writeln!(body, "{}\n", paragraph(&mut rng, topic, &mut words));
        if heading % 2 == 0 {
            let _ = writeln!(
                body,
                "### {} in practice\n",
                rng.pick_mixed(&topic.subjects, &SUBJECTS)
            );
            let _ = writeln!(body, "{}\n", paragraph(&mut rng, topic, &mut words));
            for _ in 0..3 {
                let _ = writeln!(body, "- {}", sentence(&mut rng, topic));
            }
            body.push('\n');
        }
        if heading == 2 && checklist {
            body.push_str("## Before your next session\n\n");
            for _ in 0..(3 + rng.below(4)) {
                let _ = writeln!(body, "- [ ] {}", sentence(&mut rng, topic));
            }
            body.push('\n');
        }
        if heading == 3 && table {
            body.push_str("| Helpful | Less helpful |\n| --- | --- |\n");
            for _ in 0..4 {
                let _ = writeln!(
                    body,
                    "| {} | {} |",
                    rng.pick_mixed(&topic.objects, &OBJECTS),
                    rng.pick_mixed(&topic.objects, &OBJECTS)
                );
            }
            body.push('\n');
        }
        if heading == 3 && code {
            body.push_str("```toml\n[plan]\ngoal = \"rest more\"\nsteps = [\"walk\", \"write\", \"call a friend\"]\n```\n\n");
        }
    }
    if faq {
        body.push_str("## Frequently Asked Questions\n\n");
        for q in 0..3 {
            let _ = writeln!(
                body,
                "### How does {} change things {q}?\n",
                rng.pick(&topic.objects)
            );
            let _ = writeln!(body, "{}\n", paragraph(&mut rng, topic, &mut words));
        }
    }
    // Links as real articles have them, in forms Rapport and Hugo both
    // resolve: the previous article of the section (relative URL), the
    // section, and the page's own first heading.
    let first = body
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("## "))
        .unwrap_or("")
        .to_lowercase()
        .replace(' ', "-");
    body.push_str("## Read next\n\n");
    if let Some(previous) = index.checked_sub(SECTIONS.len()) {
        let _ = writeln!(
            body,
            "- [The previous article](../article-{previous:05}/) in this section",
        );
    }
    let _ = writeln!(
        body,
        "- [Every article on {section}](../), or [back to the start](#{first})\n"
    );
    let topics = vec![
        TOPICS[index % TOPICS.len()],
        TOPICS[(index / 3 + 5) % TOPICS.len()],
    ];
    let audience = if index % 4 == 0 {
        vec!["clients", "clinicians"]
    } else {
        vec!["clients"]
    };
    GeneratedPage {
        section,
        slug: format!("article-{index:05}"),
        title,
        date: format!(
            "20{:02}-{:02}-{:02}",
            20 + index % 6,
            1 + index % 12,
            1 + index % 28
        ),
        weight: index / SECTIONS.len(),
        topics,
        audience,
        body,
    }
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("\"{t}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Writes `pages` pages in Rapport's layout into `dir` (which must not exist or be empty).
pub fn write_rapport(dir: &Path, pages: usize) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::write(
        dir.join("rapport.toml"),
        "title = \"Generated corpus\"\nbase_url = \"/\"\n",
    )?;
    std::fs::write(
        dir.join("content/_index.md"),
        "+++\ntitle = \"Generated corpus\"\n+++\nA generated site.\n",
    )?;
    write_content(dir, pages, "sort_by = \"weight\"\n", |p| {
        format!(
            "[taxonomies]\ntopics = {}\naudience = {}\n",
            toml_list(&p.topics),
            toml_list(&p.audience)
        )
    })
}

/// Writes the home page, the sections and `pages` pages under `dir/content`;
/// `section_keys` and `taxonomy_keys` are the parts of front matter that
/// differ between Rapport's layout and Hugo's.
fn write_content(
    dir: &Path,
    pages: usize,
    section_keys: &str,
    taxonomy_keys: impl Fn(&GeneratedPage) -> String,
) -> io::Result<()> {
    std::fs::write(
        dir.join("content/_index.md"),
        "+++\ntitle = \"Generated corpus\"\n+++\nA generated site.\n",
    )?;
    for section in SECTIONS {
        std::fs::create_dir_all(dir.join("content").join(section))?;
        std::fs::write(
            dir.join("content").join(section).join("_index.md"),
            format!("+++\ntitle = \"{section}\"\n{section_keys}+++\n"),
        )?;
    }
    for i in 0..pages {
        let p = page(i);
        let text = format!(
            "+++\ntitle = \"{}\"\ndate = {}\nweight = {}\n{}+++\n{}",
            p.title,
            p.date,
            p.weight,
            taxonomy_keys(&p),
            p.body
        );
        std::fs::write(
            dir.join("content")
                .join(p.section)
                .join(format!("{}.md", p.slug)),
            text,
        )?;
    }
    Ok(())
}

/// Writes the same pages in Hugo's layout, with minimal layouts doing comparable
/// work (navigation of sections, list pages, taxonomy pages, highlighting).
pub fn write_hugo(dir: &Path, pages: usize) -> io::Result<()> {
    write_hugo_site(dir)?;
    write_content(dir, pages, "", |p| {
        format!(
            "topics = {}\naudience = {}\n",
            toml_list(&p.topics),
            toml_list(&p.audience)
        )
    })
}

/// Hugo's config and the minimal layouts both Hugo corpora use.
fn write_hugo_site(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::create_dir_all(dir.join("layouts/_default"))?;
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"http://localhost/\"\ntitle = \"Generated corpus\"\ndisableKinds = [\"RSS\"]\n\
[taxonomies]\ntopic = \"topics\"\naudience = \"audience\"\n\
[markup.highlight]\nnoClasses = false\n[markup.goldmark.parser.attribute]\ntitle = true\n",
    )?;
    let nav = "<nav><ul>{{ range .Site.Sections }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></nav>";
    let base = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{{{ .Title }}}}</title></head><body>{nav}<main>{{{{ block \"main\" . }}}}{{{{ end }}}}</main></body></html>\n"
    );
    std::fs::write(dir.join("layouts/_default/baseof.html"), base)?;
    std::fs::write(
        dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><nav>{{ .TableOfContents }}</nav>{{ .Content }}<p>{{ .ReadingTime }} min</p>\
{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</article>{{ end }}\n",
    )?;
    std::fs::write(
        dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .ReadingTime }} min</li>{{ end }}</ul>{{ end }}\n",
    )?;
    std::fs::write(
        dir.join("layouts/_default/terms.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    )
}

/// One article of a real site: `section/slug.md`, or a bundle
/// `section/slug/index.md` with the files beside it.
struct Article {
    /// Its path below `content/`.
    rel: PathBuf,
    /// Its file name without `.md`, or its bundle's folder name.
    slug: String,
    /// Whether it is a bundle.
    bundle: bool,
    /// The folder of the course it is a lesson of (`getting-ready`), if any:
    /// its copies go to a copy of the course (`getting-ready-2/`), so each
    /// copy is a course of the original's length rather than one course of
    /// thousands of lessons whose print page holds them all.
    course: Option<String>,
}

/// Writes a corpus of `pages` pages made of the articles of the site at
/// `site` (the example site): its English articles as written, then copies
/// of them (`slug-1.md`, `slug-2/index.md`, ...) whose links lead to the
/// same copy, with the site's sections, static files and configuration
/// (other languages left out). Real articles carry what generated ones do
/// not: worksheets, checklists, FAQ blocks, sources, review dates, links
/// between pages, a bundle with an image. With `hugo`, the same files in
/// Hugo's layout (taxonomies as top-level keys) with the layouts of
/// [`write_hugo`].
pub fn write_articles(site: &Path, dir: &Path, pages: usize, hugo: bool) -> io::Result<()> {
    let content = site.join("content");
    let mut files = Vec::new();
    list_files(&content, &mut files)?;
    files.sort();
    let english = |rel: &Path| {
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // `page.es.md`: another language's copy.
        let stem = name.trim_end_matches(".md");
        !(name.ends_with(".md") && stem.rsplit_once('.').is_some_and(|(_, tag)| tag.len() == 2))
    };
    let mut articles = Vec::new();
    let out = dir.join("content");
    for file in &files {
        let rel = file.strip_prefix(&content).map_err(io::Error::other)?;
        if !english(rel) {
            continue;
        }
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let course = course_of(&content, rel);
        if name == "index.md" {
            let folder = rel.parent().unwrap_or(Path::new(""));
            articles.push(Article {
                rel: rel.to_path_buf(),
                slug: folder
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .into(),
                bundle: true,
                course,
            });
        } else if name.ends_with(".md") && name != "_index.md" {
            articles.push(Article {
                rel: rel.to_path_buf(),
                slug: name.trim_end_matches(".md").into(),
                bundle: false,
                course,
            });
        }
        // The originals, sections and bundle files as they are.
        let target = out.join(rel);
        std::fs::create_dir_all(target.parent().unwrap_or(&out))?;
        if name.ends_with(".md") {
            let text = std::fs::read_to_string(file)?;
            std::fs::write(&target, front_matter_for(&text, hugo))?;
        } else {
            std::fs::copy(file, &target)?;
        }
    }
    if articles.is_empty() {
        return Err(io::Error::other(format!(
            "no articles in {}",
            content.display()
        )));
    }
    let mut written = articles.len();
    let mut copy = 1;
    while written < pages {
        // The last copy may be partial: links lead to the articles it has,
        // the others' to the originals.
        let in_copy = &articles[..articles.len().min(pages - written)];
        // Longer slugs first, so none is rewritten inside another.
        let mut slugs: Vec<&Article> = in_copy.iter().collect();
        slugs.sort_by_key(|a| std::cmp::Reverse(a.slug.len()));
        for article in in_copy {
            let mut text = std::fs::read_to_string(content.join(&article.rel))?;
            // A lesson moves with its course's copy: links to it name both.
            for other in &slugs {
                if let Some(course) = &other.course {
                    let (slug, from_dir) = (&other.slug, course);
                    text = text.replace(
                        &format!("{from_dir}/{slug}.md"),
                        &format!("{from_dir}-{copy}/{slug}-{copy}.md"),
                    );
                }
            }
            for other in &slugs {
                let (from, to) = if other.bundle {
                    (
                        format!("{}/index.md", other.slug),
                        format!("{}-{copy}/index.md", other.slug),
                    )
                } else {
                    (
                        format!("{}.md", other.slug),
                        format!("{}-{copy}.md", other.slug),
                    )
                };
                for lead in ['/', '('] {
                    text = text.replace(&format!("{lead}{from}"), &format!("{lead}{to}"));
                }
            }
            let mut copied = copied_path(&article.rel, &article.slug, article.bundle, copy);
            if let Some(course) = &article.course {
                copied = Path::new(&format!("{course}-{copy}"))
                    .join(copied.file_name().unwrap_or_default());
                let index = out.join(format!("{course}-{copy}")).join("_index.md");
                if !index.exists() {
                    std::fs::create_dir_all(index.parent().unwrap_or(&out))?;
                    let text = std::fs::read_to_string(content.join(course).join("_index.md"))?;
                    std::fs::write(&index, front_matter_for(&text, hugo))?;
                }
            }
            let target = out.join(&copied);
            std::fs::create_dir_all(target.parent().unwrap_or(&out))?;
            std::fs::write(&target, front_matter_for(&text, hugo))?;
            if article.bundle {
                let folder = content.join(article.rel.parent().unwrap_or(Path::new("")));
                for entry in std::fs::read_dir(folder)? {
                    let path = entry?.path();
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if path.is_file() && !name.ends_with(".md") {
                        std::fs::copy(&path, target.with_file_name(name))?;
                    }
                }
            }
            written += 1;
        }
        copy += 1;
    }
    let static_dir = site.join("static");
    if static_dir.is_dir() {
        let mut statics = Vec::new();
        list_files(&static_dir, &mut statics)?;
        for file in statics {
            let rel = file.strip_prefix(&static_dir).map_err(io::Error::other)?;
            let target = dir.join("static").join(rel);
            std::fs::create_dir_all(target.parent().unwrap_or(dir))?;
            std::fs::copy(&file, target)?;
        }
    }
    if hugo {
        return write_hugo_site(dir);
    }
    let config = std::fs::read_to_string(site.join("rapport.toml"))?;
    std::fs::write(dir.join("rapport.toml"), without_languages(&config))
}

/// The course folder (below `content`) the page at `rel` is a lesson of:
/// its section's `_index.md` says `course = true`. Bundles are not lessons.
fn course_of(content: &Path, rel: &Path) -> Option<String> {
    let folder = rel.parent()?;
    let index = std::fs::read_to_string(content.join(folder).join("_index.md")).ok()?;
    let is_course = index
        .lines()
        .any(|line| line.replace(' ', "") == "course=true");
    (is_course && !folder.as_os_str().is_empty())
        .then(|| folder.to_string_lossy().replace('\\', "/"))
}

/// The path of copy `copy` of the article at `rel`.
fn copied_path(rel: &Path, slug: &str, bundle: bool, copy: usize) -> PathBuf {
    if bundle {
        let section = rel.parent().and_then(Path::parent).unwrap_or(Path::new(""));
        section.join(format!("{slug}-{copy}")).join("index.md")
    } else {
        rel.with_file_name(format!("{slug}-{copy}.md"))
    }
}

/// `text` with its front matter's `[taxonomies]` header taken out for
/// Hugo (the table ends the front matter, so its keys become top-level).
fn front_matter_for(text: &str, hugo: bool) -> String {
    if hugo {
        text.replacen("\n[taxonomies]\n", "\n", 1)
    } else {
        text.to_string()
    }
}

/// A `rapport.toml` without its `[languages.*]` tables.
fn without_languages(config: &str) -> String {
    let mut keep = true;
    let mut out = String::new();
    for line in config.lines() {
        let header = line.trim_start();
        if header.starts_with('[') {
            keep = !header.trim_start_matches('[').starts_with("languages");
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Every file below `dir`.
fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            list_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_deterministic_and_sized() {
        let a = page(7);
        let b = page(7);
        assert_eq!(a.body, b.body);
        for i in 0..50 {
            // Markdown syntax (#, -, |) counts as words here; prose alone stays in 600-1,200.
            let words = page(i).body.split_whitespace().count();
            assert!((500..1500).contains(&words), "page {i} has {words} words");
        }
        assert!(
            page(0).body.contains("- [ ] ")
                && page(0).body.contains("## Frequently Asked Questions")
        );
        assert!(page(3).body.contains("```toml"));
    }
}
