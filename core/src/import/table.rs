//! (stub — to be written) Raw rows of delimited text or a spreadsheet.
use std::io::{Read, Seek};

use super::FileError;

/// One raw row, reused between reads.
#[derive(Clone, Debug, Default)]
pub struct Record {
    cells: Vec<String>,
}

impl Record {
    pub fn len(&self) -> usize {
        self.cells.len()
    }
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
    /// The cell at `i`, or `""` past the end.
    pub fn get(&self, i: usize) -> &str {
        self.cells.get(i).map(String::as_str).unwrap_or("")
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().map(String::as_str)
    }
    /// Every cell is empty or whitespace.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|c| c.trim().is_empty())
    }
    /// A record holding `cells` (tests, transcripts).
    pub fn from_cells<S: Into<String>>(cells: impl IntoIterator<Item = S>) -> Record {
        Record { cells: cells.into_iter().map(Into::into).collect() }
    }

    /// The cells as owned strings (for samples and header detection).
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// Reads raw rows one at a time.
pub struct TableReader<'a> {
    _input: Box<dyn Read + 'a>,
    row_no: u64,
}

impl<'a> TableReader<'a> {
    /// Delimited text; `input` yields UTF-8 (see `encoding::decoder`).
    pub fn delimited(file: &str, input: Box<dyn Read + 'a>, delimiter: u8) -> TableReader<'a> {
        let _ = (file, delimiter);
        TableReader { _input: input, row_no: 0 }
    }

    /// The first sheet with data of a spreadsheet (xlsx, xls).
    pub fn spreadsheet<R: Read + Seek + 'a>(file: &str, input: R) -> Result<TableReader<'a>, FileError> {
        let _ = input;
        Err(FileError::Spreadsheet { file: file.into(), detail: "not yet".into() })
    }

    /// Reads the next row into `rec`; `Ok(false)` at the end.
    pub fn read(&mut self, rec: &mut Record) -> Result<bool, FileError> {
        let _ = rec;
        Ok(false)
    }

    /// 1-based row number of the row last read, as a spreadsheet or editor shows it.
    pub fn row_no(&self) -> u64 {
        self.row_no
    }
}
