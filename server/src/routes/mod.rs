//! Plain axum routes (not server functions).

pub mod bank_files;
pub mod health;
pub mod simulations;
