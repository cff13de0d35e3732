//! What can go wrong with one input, each kind with its own exit code.

use thiserror::Error;

/// Why a file could not be turned into a filing.
#[derive(Debug, Error)]
pub enum Error {
    /// Not a PDF, truncated, corrupt, or empty.
    #[error("unreadable input: {0}")]
    Unreadable(String),
    /// Protected by a password we do not have.
    #[error("unreadable input: the PDF is encrypted and cannot be opened without its password")]
    Encrypted,
    /// Bigger than any Form 4 could be (pages, content, image size).
    #[error("input too large: {0}")]
    TooLarge(String),
    /// A PDF, but not a Form 3, 4 or 5.
    #[error("not a Form 3/4/5: {0}")]
    NotAForm(String),
    /// Image-only pages and no way to OCR them here.
    #[error("needs OCR: {0}")]
    NeedsOcr(String),
    /// Reading the file from disk failed.
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A bug of ours: something panicked. Reported, never a crash.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// A short machine-readable name for error records.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Unreadable(_) => "unreadable",
            Error::Encrypted => "encrypted",
            Error::TooLarge(_) => "too-large",
            Error::NotAForm(_) => "not-a-form",
            Error::NeedsOcr(_) => "needs-ocr",
            Error::Io { .. } => "io",
            Error::Internal(_) => "internal",
        }
    }

    /// The process exit code the CLI uses for this kind of error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Internal(_) => 1,
            Error::Unreadable(_) | Error::Io { .. } => 3,
            Error::Encrypted => 4,
            Error::TooLarge(_) => 5,
            Error::NotAForm(_) => 6,
            Error::NeedsOcr(_) => 7,
        }
    }
}

thread_local! {
    /// How many `catch_panic` calls are running on this thread.
    static CATCHING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Run `f`, turning a panic into `Err` with its message. The panic prints
/// nothing: a process-wide panic hook, installed on first use, stays silent
/// for panics on a thread that is inside `catch_panic` and hands every
/// other panic to the hook that was there before. Threads do not affect
/// each other, so parallel extractions can use it.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(|c| c.get()) == 0 {
                previous(info);
            }
        }));
    });
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get() - 1));
    result.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}
