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
    println!("Created a new site in {dir} ({} files).", files.len());
    println!("Next:");
    println!("  rapport serve --root {dir}    preview it, reloading as you edit");
    println!("  rapport check --root {dir}    check links, accessibility and reading level");
    println!("  rapport build --root {dir}    build it into {dir}/public");
    Ok(())
}
