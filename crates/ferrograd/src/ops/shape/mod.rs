//! Views and shape operations: `reshape view flatten transpose t permute expand squeeze unsqueeze
//! select slice narrow`, plus `cat stack contiguous clone to_dtype`. Views share storage.

mod advanced_index;
mod convert;
mod diagonal;
mod indexing;
mod joining;
mod multi_index;
mod pieces;
mod views;

pub use multi_index::TensorIndex;
