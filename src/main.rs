//! The `rapport` command. All work happens in the library; this file only
//! hands over to the CLI module and turns its result into an exit code.

mod cli;

/// mimalloc (its version 2), not glibc's malloc: a build makes about a
/// thousand short-lived allocations a page on every core. With it 10,000
/// generated pages built 13% faster (12% with search) for 7-10% more peak
/// memory; mimalloc 3 was as fast but took a fifth more memory.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    cli::run()
}

/// Transparent huge pages off for this process, before it allocates much.
/// mimalloc asks the kernel for them, and a build touches about 350 MB of
/// fresh heap at 10,000 pages: with 2 MB pages the kernel clears and finds
/// each whole at first touch, which was fast on a quiet machine (a build
/// 7% faster) but slow after other programs had used and freed memory (a
/// Hugo build before it: 0.81-1.18 s against 0.75-0.80 s with 4 KB pages,
/// six runs each), so the benchmark's figure depended on what ran before.
/// With 4 KB pages the time is steady. A build is short-lived: fewer TLB
/// misses gain it little. Failure only leaves the kernel's default.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn no_huge_pages() {
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Other systems have no such switch, or no transparent huge pages.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn no_huge_pages() {}
