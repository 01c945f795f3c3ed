//! Pieces the pages share: notices, the job bar, the drop overlay, the dataset table, the
//! import queue. They render state and forward clicks to `actions`; no logic here.

mod datasets;
mod feedback;
mod filter;
mod import_queue;

pub use datasets::DatasetTable;
pub use feedback::{DropOverlay, JobBar, Notices};
pub use filter::{FilterBar, filter_caption};
pub use import_queue::ImportQueue;
