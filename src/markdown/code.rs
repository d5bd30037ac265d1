//! Code blocks: a fenced block goes to the first plugin that claims its
//! language, else to syntect ([`super::highlight`]), whose CSS classes one
//! stylesheet colours.

use pulldown_cmark::{CodeBlockKind, Event, TagEnd};
use rapport_plugin::BlockContext;

use super::{MarkdownContext, MarkdownSource, Pass, highlight};
use crate::error::Diagnostic;

/// A code block being read.
pub(super) struct PendingCode {
    lang: String,
    body: String,
    line: usize,
}

impl<'a> Pass<'_, '_, 'a> {
    /// Starts reading a code block at byte `offset`: its language is the
    /// first word of a fence's info string.
    pub(super) fn start_code(&mut self, kind: CodeBlockKind<'a>, offset: usize) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(PendingCode {
            lang,
            body: String::new(),
            line: self.lines.line(offset),
        });
    }

    /// Takes an event inside the open code block; its end writes the block.
    pub(super) fn code_event(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => {
                if let Some(block) = &mut self.code {
                    block.body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let block = self.code.take().expect("inside a code block");
                self.finish_code(&block);
            }
            _ => {}
        }
    }

    fn finish_code(&mut self, block: &PendingCode) {
        match render_code_block(block, self.source, self.ctx) {
            Ok((html, claimed)) => {
                if claimed {
                    // A plugin's form fields can be linked to.
                    self.rendered.anchors.extend(crate::html::anchors(&html));
                    self.rendered.plugin_blocks.push(block_info(
                        &block.lang,
                        &block.body,
                        block.line,
                    ));
                }
                self.sink.push(Event::Html(html.into()))
            }
            Err(d) => self.diagnostics.push(d),
        }
    }
}

/// Renders a fenced block: by the first plugin that claims its language,
/// else highlighted. Returns the HTML and whether a plugin claimed it.
fn render_code_block(
    block: &PendingCode,
    source: &MarkdownSource<'_>,
    ctx: &MarkdownContext<'_>,
) -> Result<(String, bool), Diagnostic> {
    if !block.lang.is_empty() {
        let mut block_ctx = BlockContext::new(source.file, block.line, source.page_path);
        block_ctx.language = ctx.language.to_string();
        for plugin in ctx.plugins {
            if let Some(result) = plugin.render_block(&block.lang, &block.body, &block_ctx) {
                return result.map(|html| (html, true)).map_err(|e| {
                    // Line 1 of the body is the line after the opening fence.
                    let line = block.line + e.line_in_block.unwrap_or(0);
                    let d = Diagnostic::new(
                        source.file,
                        format!("plugin \"{}\": {}", plugin.name(), e.message),
                    )
                    .at_line(line);
                    match e.help {
                        Some(help) => d.with_help(help),
                        None => d.with_help(format!(
                            "see the documentation of the \"{}\" plugin",
                            plugin.name()
                        )),
                    }
                });
            }
        }
    }
    Ok((highlight::highlight_block(&block.lang, &block.body), false))
}

/// A claimed block as the plugin API records it.
fn block_info(lang: &str, body: &str, line: usize) -> rapport_plugin::BlockInfo {
    let mut info = rapport_plugin::BlockInfo::default();
    info.lang = lang.to_string();
    info.body = body.to_string();
    info.line = line;
    info
}
