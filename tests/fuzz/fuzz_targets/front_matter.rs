//! A page's front matter, TOML or YAML: parsed or refused with a line inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::content::front_matter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = "content/a.md";
    let Ok(split) = front_matter::split(file, text, false) else {
        return;
    };
    // Plugin keys, whose values may run over several lines (a course's `objectives`).
    let keys = ["worksheet".to_string(), "objectives".to_string()];
    if let Err(list) = front_matter::parse_page(file, &split, &keys) {
        let lines = text.lines().count().max(1);
        for d in list {
            assert!(d.line.is_none_or(|l| l >= 1 && l <= lines + 1), "{d:?}");
        }
    }
});
