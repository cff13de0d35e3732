//! Any bytes through the whole pipeline: an `Err` is fine, a panic that
//! escapes `form4::extract`, an abort, a hang or an out-of-memory is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = form4::extract(bytes, "fuzz.pdf", &form4::Settings::default());
});
