//! `rapport.toml`: any text is a config or an error with a place, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(rapport::Error::Diagnostics(list)) = rapport::config::Config::parse(text) {
        let lines = text.lines().count().max(1);
        for d in list {
            // A line named is a line of the file.
            assert!(d.line.is_none_or(|l| l >= 1 && l <= lines + 1), "{d:?}");
        }
    }
});
