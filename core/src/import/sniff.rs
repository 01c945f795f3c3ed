//! (stub — to be written) Recognise what kind of file a byte stream is.

/// The outer container of a file, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Empty,
    /// `PK\x03\x04`: xlsx or a zip archive of exports.
    Zip,
    /// OLE2 compound file: xls, or a password-protected xlsx.
    Ole2,
    /// Plausibly text.
    Text,
    /// Binary data that is none of the above.
    Binary,
}

pub fn container(head: &[u8]) -> Container {
    if head.is_empty() { Container::Empty } else { Container::Text }
}

/// What a zip holds, from its entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZipContent {
    Xlsx,
    Archive,
}

pub fn zip_content<'n>(names: impl IntoIterator<Item = &'n str>) -> ZipContent {
    let _ = names.into_iter().count();
    ZipContent::Archive
}

/// The format of decoded text, from a sample of its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Delimited(u8),
    Qianniu,
    Json,
    Unknown,
}

pub fn text_format(sample: &str) -> TextFormat {
    let _ = sample;
    TextFormat::Delimited(b',')
}
