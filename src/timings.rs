//! How long each stage of a build took, printed to stderr when the
//! environment sets `RAPPORT_TIMINGS=1`: the profile a benchmark's one
//! figure hides, without a profiler (issue 21's "measure first").

use std::sync::OnceLock;
use std::time::Instant;

/// Whether stage timings are asked for; read once.
fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("RAPPORT_TIMINGS").is_some_and(|v| v != "0"))
}

/// Runs `work`, printing `stage` and its wall time when timings are on.
pub fn stage<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let result = work();
    eprintln!(
        "timing {name:<12} {:>8.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    result
}
