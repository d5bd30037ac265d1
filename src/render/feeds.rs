//! The sitemap, the Atom feed, robots.txt and alias redirects.
//!
//! Written directly rather than through templates: their shape is fixed by
//! their specifications, and every value is escaped here in one place.

use rapport_plugin::escape_html;

use crate::config::Config;
use crate::site::Site;

/// How many of the newest pages the feed carries.
const FEED_ENTRIES: usize = 20;

/// `sitemap.xml`: every section, page and taxonomy page.
pub fn sitemap(site: &Site, config: &Config) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for section in &site.sections {
        entries.push((section.section.path.clone(), None));
    }
    for page in &site.pages {
        let meta = &page.page.meta;
        let lastmod = meta
            .updated
            .as_ref()
            .or(meta.date.as_ref())
            .map(|d| d.day().to_string());
        entries.push((page.page.path.clone(), lastmod));
    }
    for generated in &site.generated {
        entries.push((generated.page.path.clone(), None));
    }
    for taxonomy in &site.taxonomies {
        entries.push((taxonomy.path.clone(), None));
        for term in &taxonomy.terms {
            entries.push((term.path.clone(), None));
        }
    }
    entries.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        out.push_str("  <url><loc>");
        out.push_str(&escape_html(&config.absolute_url(&path)));
        out.push_str("</loc>");
        if let Some(day) = lastmod {
            out.push_str("<lastmod>");
            out.push_str(&day);
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `atom.xml`: the newest dated pages.
pub fn atom(site: &Site, config: &Config) -> String {
    let mut dated: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].page.meta.date.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        let (pa, pb) = (&site.pages[a].page, &site.pages[b].page);
        pb.meta
            .date
            .cmp(&pa.meta.date)
            .then_with(|| pa.path.cmp(&pb.path))
    });
    dated.truncate(FEED_ENTRIES);
    let updated_of = |i: usize| {
        let meta = &site.pages[i].page.meta;
        meta.updated
            .as_ref()
            .or(meta.date.as_ref())
            .map(|d| d.rfc3339())
            .unwrap_or_default()
    };
    let feed_updated = dated
        .iter()
        .map(|&i| updated_of(i))
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let home = config.absolute_url(&config.base_path());
    let base = config.base_path();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
        escape_html(&config.language),
        escape_html(&config.title)
    ));
    if let Some(description) = &config.description {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_html(description)
        ));
    }
    out.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\"/>\n  <updated>{feed_updated}</updated>\n  <id>{}</id>\n  <generator>Rapport</generator>\n",
        escape_html(&config.absolute_url(&format!("{base}atom.xml"))),
        escape_html(&home),
        escape_html(&home)
    ));
    for i in dated {
        let page = &site.pages[i].page;
        let url = escape_html(&config.absolute_url(&page.path));
        out.push_str("  <entry>\n");
        out.push_str(&format!(
            "    <title>{}</title>\n",
            escape_html(&page.meta.title)
        ));
        out.push_str(&format!("    <link href=\"{url}\"/>\n    <id>{url}</id>\n"));
        if let Some(date) = &page.meta.date {
            out.push_str(&format!("    <published>{}</published>\n", date.rfc3339()));
        }
        out.push_str(&format!("    <updated>{}</updated>\n", updated_of(i)));
        let authors: Vec<&str> = if page.meta.authors.is_empty() {
            vec![config.title.as_str()]
        } else {
            page.meta.authors.iter().map(String::as_str).collect()
        };
        for author in authors {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_html(author)
            ));
        }
        if let Some(description) = &page.meta.description {
            out.push_str(&format!(
                "    <summary>{}</summary>\n",
                escape_html(description)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// `robots.txt`: allow everything and point at the sitemap.
pub fn robots(config: &Config) -> String {
    let sitemap = config.absolute_url(&format!("{}sitemap.xml", config.base_path()));
    format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n")
}

/// A page that sends the reader from an old URL to `target`.
pub fn redirect_page(target: &str) -> String {
    let target = escape_html(target);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Moved</title>\
<link rel=\"canonical\" href=\"{target}\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\
<body><p>This page has moved to <a href=\"{target}\">{target}</a>.</p></body></html>\n"
    )
}
