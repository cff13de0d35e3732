//! Any bytes through the whole pipeline. A returned error is fine, and so is
//! a panic inside pdf-extract/lopdf that `pdf::read` catches and reports as
//! unreadable input: that is the library's design. Findings are what the
//! library cannot contain: an `internal` error (a panic in our own stages),
//! an abort, a stack overflow, running out of memory, a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, even caught ones; keep only
        // the abort on panics that escape (see the `internal` check below).
        std::panic::set_hook(Box::new(|_| {}));
    },
    |bytes: &[u8]| {
        if let Err(form4::Error::Internal(message)) = form4::extract(bytes, "fuzz.pdf", &form4::Settings::default()) {
            panic!("internal error: {message}");
        }
    }
);
