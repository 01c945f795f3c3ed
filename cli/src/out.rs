//! Writing files under an output folder: checks the folder up front, creates subfolders on
//! demand and opens buffered files for the core's streaming writers.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// An output folder that exists and was writable when opened.
pub struct OutDir {
    root: PathBuf,
    made: HashSet<PathBuf>,
}

impl OutDir {
    /// Creates `root` (and its parents) if needed and checks a file can be written in it, so
    /// that an unusable folder fails before any long work starts.
    pub fn open(root: &Path) -> anyhow::Result<OutDir> {
        fs::create_dir_all(root)
            .with_context(|| format!("cannot create output folder {}", root.display()))?;
        let probe = root.join(".kefu-write-check");
        File::create(&probe)
            .and_then(|mut f| f.write_all(b"ok"))
            .with_context(|| format!("cannot write in output folder {}", root.display()))?;
        // Best effort: a probe left behind is harmless.
        let _ = fs::remove_file(&probe);
        Ok(OutDir { root: root.to_path_buf(), made: HashSet::new() })
    }

    /// The full path of a `/`-separated relative path.
    pub fn path(&self, rel: &str) -> PathBuf {
        rel.split('/').filter(|c| !c.is_empty()).fold(self.root.clone(), |p, c| p.join(c))
    }

    /// Creates (truncating) the file at `rel`, making its folders as needed.
    pub fn create(&mut self, rel: &str) -> io::Result<Box<dyn Write>> {
        let path = self.path(rel);
        if let Some(parent) = path.parent()
            && !self.made.contains(parent)
        {
            fs::create_dir_all(parent)?;
            self.made.insert(parent.to_path_buf());
        }
        Ok(Box::new(BufWriter::with_capacity(256 * 1024, File::create(&path)?)))
    }
}
