//! Pieces the pages share: notices, the job bar, the drop overlay, the dataset table, the
//! received-files list. They render state and forward clicks to `actions`; no logic here.

mod datasets;
mod feedback;

pub use datasets::{DatasetTable, ReceivedFiles};
pub use feedback::{DropOverlay, JobBar, Notices};
