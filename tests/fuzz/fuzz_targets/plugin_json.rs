//! What an external plugin answers: any bytes are changes or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(changes) = serde_json::from_slice::<rapport_plugin::SiteChanges>(data) {
        // What reads back must encode again: the engine passes it on.
        serde_json::to_vec(&changes).expect("changes encode");
    }
    let _ = serde_json::from_slice::<rapport_plugin::SiteView>(data);
});
