//! Every HTTP integration test of the server in one binary: one link step instead of one per
//! file. Each module is one area; `common` is the harness they share.

mod common;

mod access;
mod appointments;
mod auth;
mod contributions;
mod health;
mod payments;
mod request_hygiene;
mod schedule_changes;
mod security;
mod simulations;
mod statuses;
mod worker;
