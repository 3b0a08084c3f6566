//! The axum process around the Leptos application: configuration, start-up, plain routes and
//! the background worker.

pub mod config;
pub mod precompress;
pub mod routes;
pub mod security;
pub mod startup;
pub mod worker;
