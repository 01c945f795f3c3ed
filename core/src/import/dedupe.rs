//! (stub — to be written) Natural keys and merging without double counting.
