//! Neural-network building blocks, as `torch.nn`.
pub mod init;
