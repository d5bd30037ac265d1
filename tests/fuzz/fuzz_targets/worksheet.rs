//! The worksheet spec, with a scale's `min` and `max` taken straight from
//! the input as numbers (issue 18: `i64::MIN` overflowed): parsed and
//! rendered, or refused; never a panic or a runaway form.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 16 {
        return;
    }
    let min = i64::from_le_bytes(data[..8].try_into().unwrap());
    let max = i64::from_le_bytes(data[8..16].try_into().unwrap());
    let rest = String::from_utf8_lossy(&data[16..]);
    let spec = format!(
        "title = \"T\"\n[[fields]]\nkind = \"scale\"\nlabel = \"S\"\nmin = {min}\nmax = {max}\n{rest}"
    );
    for body in [spec.as_str(), rest.as_ref()] {
        if let Ok(worksheet) = rapport_worksheet::spec::parse(body) {
            let words = rapport_worksheet::words::words(if data.len() % 2 == 0 { "en" } else { "es" });
            let html = rapport_worksheet::html::render(&worksheet, "/a/", 2, words);
            // A scale offers at most 21 steps; nothing grows without bound.
            assert!(
                html.len() < 64 * body.len() + 16_384,
                "{} bytes",
                html.len()
            );
        }
    }
});
