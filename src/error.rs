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
