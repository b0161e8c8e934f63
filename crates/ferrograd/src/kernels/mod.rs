//! CPU kernels: raw loops over slices, knowing nothing of autograd.
//!
//! Contiguous inputs take a straight loop the compiler vectorises; strided and broadcast inputs are
//! walked with per-operand strides (a broadcast dimension has stride 0), never materialised.

pub(crate) mod cpu;
