//! Resized variants of the local images bodies show, for their `srcset`.
//!
//! The markdown pass names the variants (`photo-480w.jpg`, `photo-480w.webp`
//! beside `photo.jpg`, for each of `[images] widths` narrower than the
//! original; never wider) and records each image as a
//! [`MediaUse`](crate::markdown::media::MediaUse). This stage makes them,
//! once per original file, in parallel, with the `image` crate (decoding,
//! resizing, JPEG and PNG) and libwebp (lossy WebP, through the `webp`
//! crate, as `image` writes only lossless WebP, which is larger than a
//! JPEG for a photo).
//!
//! Each variant is kept in a cache folder (`[images] cache_dir`) under the
//! hash of the original's bytes and the settings, so a rebuild copies it
//! from there instead of resizing again, and two builds write the same
//! bytes. An original is hashed once per process while its size and
//! modification time stay the same.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rayon::prelude::*;
use sha1::{Digest, Sha1};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
pub use crate::markdown::media::{is_resizable, variant_path};
use crate::output::OutputFile;
use crate::site::Site;

/// Raised when the encoders or the resizing change, so cached variants made
/// the old way are not reused.
const RECIPE: &str = "rapport-images-1";

/// What the image stage did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageSummary {
    /// Variant files made by resizing.
    pub made: usize,
    /// Variant files copied from the cache.
    pub reused: usize,
}

/// A file's size and modification time, which say whether it changed.
type Stamp = (u64, Option<SystemTime>);

/// The hashes of originals read so far, with the stamp each was read at.
#[derive(Default)]
struct Hashes {
    known: Mutex<HashMap<PathBuf, (Stamp, String)>>,
}

/// Variant files to write, and what making them took.
type Made = (Vec<(String, OutputFile)>, ImageSummary);

/// One memory of hashes for the process: `rapport serve` rebuilds often.
static HASHES: std::sync::LazyLock<Hashes> = std::sync::LazyLock::new(Hashes::default);

impl Hashes {
    /// The hash of `file`'s bytes (read again only when its size or
    /// modification time changed), and the bytes when they were read.
    fn of(&self, file: &Path) -> Result<(String, Option<Vec<u8>>)> {
        let meta = std::fs::metadata(file).map_err(|e| Error::io(file, e))?;
        let stamp: Stamp = (meta.len(), meta.modified().ok());
        if let Some((known, hash)) = self.known.lock().expect("not poisoned").get(file) {
            if *known == stamp {
                return Ok((hash.clone(), None));
            }
        }
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let hash = format!("{:x}", Sha1::digest(&bytes));
        self.known
            .lock()
            .expect("not poisoned")
            .insert(file.to_path_buf(), (stamp, hash.clone()));
        Ok((hash, Some(bytes)))
    }
}

/// One original and the widths to make of it.
struct Job<'a> {
    file: &'a Path,
    /// Its output path (`guide/photo.jpg`).
    output: &'a str,
    widths: &'a [u32],
}

/// Every variant of every image `site`'s bodies show, made or taken from
/// the cache under `root`; with `only`, those of these pages alone (an
/// edit's: the others' copies are already written).
pub fn variants(site: &Site, config: &Config, root: &Path, only: Option<&[usize]>) -> Result<Made> {
    let hashes = &*HASHES;
    let mut jobs: BTreeMap<&str, Job<'_>> = BTreeMap::new();
    let scans: Vec<&crate::markdown::scan::Scan> = match only {
        Some(pages) => pages
            .iter()
            .filter_map(|&i| site.pages.get(i))
            .map(|p| &p.rendered.scan)
            .collect(),
        None => site
            .pages
            .iter()
            .map(|p| &p.rendered.scan)
            .chain(site.sections.iter().map(|s| &s.rendered.scan))
            .collect(),
    };
    for scan in scans {
        for used in &scan.media {
            if let Some(resized) = &used.resized {
                jobs.entry(resized.output.as_str()).or_insert(Job {
                    file: &resized.file,
                    output: &resized.output,
                    widths: &resized.widths,
                });
            }
        }
    }
    if jobs.is_empty() {
        return Ok((Vec::new(), ImageSummary::default()));
    }
    let cache = root.join(&config.images.cache_dir).join("images");
    std::fs::create_dir_all(&cache).map_err(|e| Error::io(&cache, e))?;
    let quality = config.images.quality;
    let made: Vec<Result<Made>> = jobs
        .values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|job| make(job, &cache, quality, hashes))
        .collect();
    let mut files = Vec::new();
    let mut summary = ImageSummary::default();
    let mut problems = Vec::new();
    for result in made {
        match result {
            Ok((mut list, counts)) => {
                files.append(&mut list);
                summary.made += counts.made;
                summary.reused += counts.reused;
            }
            Err(Error::Diagnostics(mut list)) => problems.append(&mut list),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Diagnostics(problems));
    }
    Ok((files, summary))
}

/// The variants of one original.
fn make(job: &Job<'_>, cache: &Path, quality: u8, hashes: &Hashes) -> Result<Made> {
    let (hash, mut bytes) = hashes.of(job.file)?;
    let extension = job
        .output
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let mut formats = vec![extension.clone()];
    if extension != "webp" {
        formats.push("webp".into());
    }
    let key = |width: u32, format: &str| {
        cache.join(format!("{hash}-{width}-q{quality}-{RECIPE}.{format}"))
    };
    let mut files = Vec::new();
    let mut summary = ImageSummary::default();
    let mut decoded: Option<image::DynamicImage> = None;
    // Widest first: each narrower one is resized from the last, which is
    // as sharp and much faster than from the original each time.
    let mut widths = job.widths.to_vec();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let mut source: Option<image::DynamicImage> = None;
    for &width in &widths {
        let missing = formats.iter().any(|f| !key(width, f).is_file());
        if missing {
            if decoded.is_none() {
                let data = match bytes.take() {
                    Some(data) => data,
                    None => std::fs::read(job.file).map_err(|e| Error::io(job.file, e))?,
                };
                decoded = Some(decode(job.file, &data)?);
            }
            let from = source.as_ref().or(decoded.as_ref()).expect("decoded");
            let resized = from.resize(width, u32::MAX, image::imageops::FilterType::CatmullRom);
            for format in &formats {
                let path = key(width, format);
                if !path.is_file() {
                    let encoded = encode(&resized, format, quality, job.file)?;
                    write_atomically(&path, &encoded)?;
                    summary.made += 1;
                } else {
                    summary.reused += 1;
                }
            }
            source = Some(resized);
        } else {
            summary.reused += formats.len();
            // A narrower width still missing is resized from the original.
            source = None;
        }
        for format in &formats {
            files.push((
                variant_path(job.output, width, format),
                OutputFile::Copied(key(width, format)),
            ));
        }
    }
    Ok((files, summary))
}

fn decode(file: &Path, data: &[u8]) -> Result<image::DynamicImage> {
    image::ImageReader::new(std::io::Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| Error::io(file, e))?
        .decode()
        .map_err(|e| {
            Diagnostic::new(
                file.display().to_string(),
                format!("this image cannot be read for resizing: {e}"),
            )
            .with_help("save it again as a JPEG, PNG or WebP, or set [images] widths = [] to turn resizing off")
            .into()
        })
}

fn encode(image: &image::DynamicImage, format: &str, quality: u8, file: &Path) -> Result<Vec<u8>> {
    let failed = |e: String| -> Error {
        Diagnostic::new(
            file.display().to_string(),
            format!("a resized copy of this image could not be written: {e}"),
        )
        .into()
    };
    let mut out = Vec::new();
    match format {
        "webp" => {
            let has_alpha = image.color().has_alpha();
            let encoded = if has_alpha {
                let rgba = image.to_rgba8();
                webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height())
                    .encode(f32::from(quality))
            } else {
                let rgb = image.to_rgb8();
                webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height()).encode(f32::from(quality))
            };
            out.extend_from_slice(&encoded);
        }
        "png" => {
            image
                .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
                .map_err(|e| failed(e.to_string()))?;
        }
        _ => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            image
                .to_rgb8()
                .write_with_encoder(encoder)
                .map_err(|e| failed(e.to_string()))?;
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` through a temporary file beside it, so a build
/// stopped halfway never leaves a half-written variant in the cache.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().expect("a cache file has a folder");
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    std::io::Write::write_all(&mut temp, bytes).map_err(|e| Error::io(path, e))?;
    // A temporary file is private (0600); the copy in the output keeps the
    // mode, and a web server running as another user must read it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, e))?;
    }
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_named_beside_their_original() {
        assert_eq!(
            variant_path("guide/photo.jpg", 480, "webp"),
            "guide/photo-480w.webp"
        );
        assert_eq!(variant_path("a.b/c.PNG", 960, "png"), "a.b/c-960w.png");
        assert!(is_resizable("JPG") && is_resizable("webp") && !is_resizable("gif"));
    }
}
