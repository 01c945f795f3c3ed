//! (stub — to be written) The orchestrator.
use std::io::{Read, Seek};

use super::{Analysed, FileError, Options};
use crate::jobs::Tick;

/// Counts bytes read through it (for progress).
pub struct CountingReader<R> {
    pub inner: R,
    pub count: u64,
}

/// Reads one file completely.
pub fn analyse<R: Read + Seek>(
    file: &str,
    size: u64,
    input: R,
    opts: &Options,
    tick: Tick<'_>,
) -> Result<Vec<Analysed>, FileError> {
    let _ = (size, input, opts, tick);
    Err(FileError::Empty { file: file.into() })
}
