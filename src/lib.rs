//! Rapport: a static site generator for psychoeducation.
//!
//! Data flows one way, one module per stage:
//!
//! 1. [`config`]: `rapport.toml`, with defaults for every key;
//! 2. [`content`]: walk `content/`, split and parse front matter;
//! 3. [`markdown`]: each page's markdown to HTML (ids, toc, links, code);
//! 4. [`site`]: assemble taxonomies, neighbours, check links and URLs;
//!    then [`plugins`]: plugins read the site and add pages;
//! 5. [`render`]: Tera templates from the layered theme, feeds, sitemap;
//! 6. [`output`]: write into a temporary folder and swap it in.
//!
//! [`build`] runs them in order; [`session`] keeps a built site in memory
//! so `rapport serve` re-renders only what an edit touched. [`check`] runs
//! the build into a sink that discards, then lints each page; [`new`] writes
//! a starter site. The engine never prints or exits; the CLI
//! in `src/cli/` does.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod html;
pub mod images;
pub mod import;
pub mod links;
pub mod markdown;
pub mod new;
pub mod output;
pub mod owners;
pub mod pipeline;
pub mod plugins;
pub mod readability;
pub mod render;
pub mod schema;
pub mod search;
pub mod site;
pub mod timings;

pub use build::{BuildOptions, BuildSummary, build};
pub use error::{Diagnostic, Error};
