//! The subcommands: `grad`, `check`, `plot`, `graph` and the seed `tour`, one module each. What
//! they share lives in [`crate::problem`].

pub mod check;
pub mod grad;
pub mod graph;
pub mod plot;
pub mod tour;
