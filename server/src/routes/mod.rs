//! Plain axum routes (not server functions).

pub mod health;
pub mod simulations;
