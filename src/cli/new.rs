//! `rapport new`.

use std::path::PathBuf;

/// Arguments of `rapport new`.
#[derive(Debug, clap::Args)]
pub(crate) struct NewArgs {
    /// The folder to create the site in; it must not exist yet, or be empty.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

/// Creates the starter site and says what to do next.
pub(crate) fn run(args: NewArgs) -> anyhow::Result<()> {
    let files = rapport::new::create_site(&args.dir)?;
    let dir = args.dir.display();
    super::print_line(format_args!(
        "Created a new site in {dir} ({} files).\n\
         Next:\n  \
         rapport serve --root {dir}    preview it, reloading as you edit\n  \
         rapport check --root {dir}    check links, accessibility and reading level\n  \
         rapport build --root {dir}    build it into {dir}/public",
        files.len()
    ))?;
    Ok(())
}
