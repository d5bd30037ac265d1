//! Rapport's integration tests: one binary (one link on a 2-core machine),
//! one module per area. Each test builds a real site in its own folder with
//! the real `rapport` binary and asserts on the files it wrote.

mod util;

/// The headless-Chromium harness shared by every browser test.
mod browser;

/// The example site at the repository root builds completely and links well.
mod example_site;

/// Markdown, sections, bundles, taxonomies, feeds and templates on fixtures.
mod build;

/// Sitemap, Atom feed, robots.txt and redirects: absolute URLs, validated by
/// feedparser; the warning without a host; templates a site overrides.
mod feeds;

/// Every kind of bad input: a clear message, exit 1, and nothing lost.
mod bad_input;

/// Dangerous output folders are refused; the output is swapped in whole.
mod output_safety;

/// A generated corpus builds completely (keeps the benchmark's generator honest).
mod corpus;

/// Interactive checklists, in the HTML and in a real browser.
mod checklists;

/// FAQ extraction, the /faq/ index and JSON-LD.
mod faq;

/// The plugin registry and external plugins.
mod plugins;

// The plugin API carries a feature with no engine change (an in-process spy).
mod plugin_api;

/// The course plugin: lessons, progress and knowledge checks.
mod course;

/// The content health report: HTML and CSV from `rapport check`.
mod report;

/// The worksheet plugin, in the HTML and in a real browser.
mod worksheets;

mod incremental;
mod search;
/// `rapport serve`: live reload, errors, traversal.
mod serve;

/// `rapport check` (lints, output, readability) and `rapport new`.
mod check;
/// `rapport check --external` against a local HTTP server: answers, cache, no requests otherwise.
mod external;
/// Front matter in YAML as well as TOML, with lines in every error.
mod front_matter;
/// `rapport import` of Hugo, Zola and Jekyll-style sites.
mod import;
/// The link check: every form of link, real anchors, CSP and leftover syntax.
mod links;

/// Callouts, glossary, figures, video and audio, heading links (issue 22).
mod components;

// The engine's module graph has no cycle.
/// The theme in the site's language: string tables, plurals, dates, overrides.
mod i18n;
mod languages;
/// The theme's layout on phones, desktops and paper: menu, header, contrast, print.
mod layout;
mod modules;
/// Sections as articles: trust fields, aliases, taxonomies and check (issue 15).
mod sections;
/// The default theme: accessibility (axe-core), keyboard, privacy, quick
/// exit, reflow, print, structured data, and screenshots.
mod theme;
