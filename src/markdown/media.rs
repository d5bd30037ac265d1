//! Images, figures, video and audio: what a markdown image becomes.
//!
//! - A local image gets its `width` and `height` (read from the file's
//!   header, so the page does not shift as it loads), `decoding="async"`,
//!   and `loading="lazy"` unless it is the body's first image (likely on
//!   the first screen).
//! - An image with a title, alone in its paragraph, becomes a `<figure>`
//!   with the title as its `<figcaption>`.
//! - A local `.mp4`, `.webm`, `.mp3`, `.ogg`, `.m4a` or `.wav` becomes
//!   `<video controls>` or `<audio controls>` (never autoplay, only its
//!   metadata loaded), with a `<track>` for each `.vtt` of the same name
//!   beside it (`breathing.vtt`, `breathing.en.vtt`).
//!
//! Every local file used is recorded as a [`MediaUse`] for the lints.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Pass;

/// What a local media file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// An image (`<img>`).
    Image,
    /// A video (`<video>`).
    Video,
    /// A sound (`<audio>`).
    Audio,
}

/// A local image, video or sound a body uses, as the lints read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUse {
    /// The destination as written.
    pub dest: String,
    /// The 1-based line and column of the image syntax.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// What it is.
    pub kind: MediaKind,
    /// The file's size in bytes.
    pub bytes: u64,
    /// Width and height in pixels, for an image whose header could be read.
    pub size: Option<(usize, usize)>,
    /// The languages of its caption files (`""` for `x.vtt`).
    pub captions: Vec<String>,
    /// The narrower copies its `srcset` names, which the image stage makes.
    pub resized: Option<Resized>,
}

/// The variants of a local image to make (see [`crate::images`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resized {
    /// The original file.
    pub file: PathBuf,
    /// Its output path (`guide/photo.jpg`), beside which the variants go.
    pub output: String,
    /// The widths to make, each narrower than the original.
    pub widths: Vec<u32>,
}

/// The width an image takes in the theme's column, for `sizes`: the
/// column (42rem of an 18px font, about 760px) on a wide screen, else the
/// screen's width.
const SIZES: &str = "(min-width: 48rem) 42rem, 100vw";

/// The image being read: its destination, title and alt text so far.
pub(super) struct PendingImage {
    dest: String,
    title: String,
    alt: String,
    start: usize,
    /// Alone in its paragraph, whose `<p>` was left out.
    lone: bool,
}

/// The kind a destination's extension names, when it is video or audio.
fn kind_of(dest: &str) -> MediaKind {
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "mp4" | "webm" | "ogv" | "mov" => MediaKind::Video,
        "mp3" | "ogg" | "oga" | "m4a" | "wav" | "opus" => MediaKind::Audio,
        _ => MediaKind::Image,
    }
}

/// Whether event `index` (a paragraph's start) holds one image and nothing
/// else, and that image should stand as a block: it has a title, or is
/// video or audio.
pub(super) fn is_lone_media(events: &[(Event<'_>, Range<usize>)], index: usize) -> bool {
    let Some((
        Event::Start(Tag::Image {
            dest_url, title, ..
        }),
        _,
    )) = events.get(index + 1)
    else {
        return false;
    };
    let mut depth = 0;
    for (offset, (event, _)) in events[index + 1..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    let next = events.get(index + 2 + offset).map(|(e, _)| e);
                    return matches!(next, Some(Event::End(TagEnd::Paragraph)))
                        && (!title.is_empty() || kind_of(dest_url) != MediaKind::Image);
                }
            }
            _ => {}
        }
    }
    false
}

/// The output path of the variant of `output` at `width`, as `extension`.
pub fn variant_path(output: &str, width: u32, extension: &str) -> String {
    let (stem, _) = output.rsplit_once('.').unwrap_or((output, ""));
    format!("{stem}-{width}w.{extension}")
}

/// Whether an image file of this extension is resized (`jpg`, `png`, `webp`).
pub fn is_resizable(extension: &str) -> bool {
    matches!(
        extension.to_ascii_lowercase().as_str(),
        "jpg" | "jpeg" | "png" | "webp"
    )
}

/// The lowercase extension of a destination (`jpg` for `a/b.JPG?x`).
fn extension_of(dest: &str) -> String {
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// A language's own name, for a caption track's label.
fn language_name(code: &str) -> String {
    let name = match code.split('-').next().unwrap_or_default() {
        "en" => "English",
        "es" => "Español",
        "fr" => "Français",
        "de" => "Deutsch",
        "pt" => "Português",
        "zh" => "中文",
        "ar" => "العربية",
        "" => "Captions",
        other => other,
    };
    name.to_string()
}

fn attr(value: &str) -> String {
    html_escape::encode_double_quoted_attribute(value).into_owned()
}

impl<'a> Pass<'_, '_, 'a> {
    /// Starts reading an image; `lone` when its paragraph was left out.
    pub(super) fn start_image(&mut self, event: Event<'a>, range: &Range<usize>, lone: bool) {
        let event = self.rewrite_link(event, range);
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        {
            self.image = Some(PendingImage {
                dest: dest_url.to_string(),
                title: title.to_string(),
                alt: String::new(),
                start: range.start,
                lone,
            });
        }
    }

    /// An event inside an image: its alt text, until the image ends.
    pub(super) fn image_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(image) = &mut self.image {
                    image.alt.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(image) = &mut self.image {
                    image.alt.push(' ');
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    let html = self.media_html(image);
                    self.sink.push(Event::Html(html.into()));
                }
            }
            _ => {}
        }
    }

    /// The local file `dest` names (a file of the content folder, beside
    /// a bundle's `index.md` or in a section's folder, or of `static/`),
    /// and its output path when this edition writes it.
    fn local_file(&self, dest: &str) -> Option<(PathBuf, Option<String>)> {
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        if path.is_empty() || super::links::classify(dest, "") == super::Written::External {
            return None;
        }
        let full = match path.strip_prefix('/') {
            Some(rest) => rest.to_string(),
            None => super::join_relative(self.source.page_path, path)?,
        };
        let full = percent_encoding::percent_decode_str(&full)
            .decode_utf8()
            .ok()?
            .into_owned();
        // Never a file outside the site: `/../x.png` or `%2e%2e/x.png`
        // would otherwise be read, and its resized copies published.
        if full.split(['/', '\\']).any(|segment| segment == "..") {
            return None;
        }
        // Content files are keyed, and outputs written, below the base
        // path (a further language's `es/` too). A root file a further
        // language shows (from `static/`) is its own language's to write.
        let base = self.ctx.base_path.trim_start_matches('/');
        let below_base = full.strip_prefix(base).map(str::to_string);
        let url = below_base.clone().unwrap_or_else(|| full.clone());
        if let Some(abs) = self.ctx.content_files.get(&url) {
            return Some((abs.clone(), below_base));
        }
        let file = self.ctx.root?.join("static").join(&url);
        file.is_file().then_some((file, below_base))
    }

    /// The variants to make of the local image `file` of `size`: each
    /// width of `[images] widths` narrower than it, if it is a JPEG, PNG or
    /// WebP.
    fn resized(&self, file: &Path, output: &str, size: Option<(usize, usize)>) -> Option<Resized> {
        let (width, _) = size?;
        let extension = extension_of(output);
        if !is_resizable(&extension) {
            return None;
        }
        let widths: Vec<u32> = self
            .ctx
            .image_widths
            .iter()
            .copied()
            .filter(|&w| (w as usize) < width)
            .collect();
        (!widths.is_empty()).then(|| Resized {
            file: file.to_path_buf(),
            output: output.to_string(),
            widths,
        })
    }

    /// The markup of a finished image, recording the local file it uses.
    fn media_html(&mut self, image: PendingImage) -> String {
        let kind = kind_of(&image.dest);
        let file = self.local_file(&image.dest);
        let (line, column) = self.lines.line_column(self.source.text, image.start);
        let mut size = None;
        let mut captions = Vec::new();
        let mut resized = None;
        if let Some((file, output)) = &file {
            if kind == MediaKind::Image {
                size = imagesize::size(file).ok().map(|s| (s.width, s.height));
                if let Some(output) = output
                    .as_deref()
                    .filter(|_| !image.dest.contains(['?', '#']))
                {
                    resized = self.resized(file, output, size);
                }
            } else {
                captions = caption_files(file);
            }
            self.rendered.scan.media.push(MediaUse {
                dest: image.dest.clone(),
                line,
                column,
                kind,
                bytes: std::fs::metadata(file).map_or(0, |m| m.len()),
                size,
                captions: captions.iter().map(|(lang, _)| lang.clone()).collect(),
                resized: resized.clone(),
            });
        }
        let src = attr(&image.dest);
        let element = match kind {
            MediaKind::Image => {
                let mut img = format!("<img src=\"{src}\"");
                let mut webp = None;
                if let (Some(resized), Some((width, _))) = (&resized, size) {
                    let extension = extension_of(&image.dest);
                    let srcset = |format: &str, original: bool| {
                        let mut list: Vec<String> = resized
                            .widths
                            .iter()
                            .map(|&w| format!("{} {w}w", variant_path(&image.dest, w, format)))
                            .collect();
                        if original {
                            list.push(format!("{} {width}w", image.dest));
                        }
                        attr(&list.join(", "))
                    };
                    img.push_str(&format!(
                        " srcset=\"{}\" sizes=\"{SIZES}\"",
                        srcset(&extension, true)
                    ));
                    if extension != "webp" {
                        webp = Some(format!(
                            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">",
                            srcset("webp", false)
                        ));
                    }
                }
                img.push_str(&format!(" alt=\"{}\"", attr(&image.alt)));
                if let Some((w, h)) = size {
                    img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
                }
                if self.images_seen > 0 {
                    img.push_str(" loading=\"lazy\"");
                }
                img.push_str(" decoding=\"async\"");
                if !image.title.is_empty() && !image.lone {
                    img.push_str(&format!(" title=\"{}\"", attr(&image.title)));
                }
                img.push('>');
                self.images_seen += 1;
                match webp {
                    Some(source) => format!("<picture>{source}{img}</picture>"),
                    None => img,
                }
            }
            MediaKind::Video | MediaKind::Audio => {
                let tag = if kind == MediaKind::Video {
                    "video"
                } else {
                    "audio"
                };
                let mut out = format!("<{tag} controls preload=\"metadata\" src=\"{src}\">");
                let folder = image.dest.rfind('/').map_or("", |i| &image.dest[..=i]);
                for (i, (lang, name)) in captions.iter().enumerate() {
                    let srclang = if lang.is_empty() {
                        self.ctx.language
                    } else {
                        lang.as_str()
                    };
                    out.push_str(&format!(
                        "<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\"{}>",
                        attr(&format!("{folder}{name}")),
                        attr(srclang),
                        attr(&language_name(srclang)),
                        if i == 0 { " default" } else { "" }
                    ));
                }
                // Shown only by a browser that cannot play it.
                out.push_str(&format!(
                    "<a href=\"{src}\">{}</a></{tag}>",
                    html_escape::encode_text(&image.alt)
                ));
                out
            }
        };
        // A lone video or sound without a title is captioned with its alt
        // text: it has no other text a reader sees before pressing play.
        let caption = if image.title.is_empty() {
            &image.alt
        } else {
            &image.title
        };
        if image.lone {
            format!(
                "<figure>{element}<figcaption>{}</figcaption></figure>\n",
                html_escape::encode_text(caption)
            )
        } else {
            element
        }
    }
}

/// The caption files beside `file` (`x.vtt`, `x.LANG.vtt` for `x.mp4`):
/// (language, or `""` for none; file name), sorted.
fn caption_files(file: &Path) -> Vec<(String, String)> {
    let (Some(dir), Some(stem)) = (file.parent(), file.file_stem().and_then(|s| s.to_str())) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, String)> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let middle = name.strip_prefix(stem)?.strip_suffix(".vtt")?;
            let lang = if middle.is_empty() {
                ""
            } else {
                middle.strip_prefix('.')?
            };
            let plain = lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            plain.then(|| (lang.to_string(), name.clone()))
        })
        .collect();
    found.sort();
    found
}
