//! Plain axum routes (not server functions).

pub mod bank_files;
pub mod calendar;
pub mod health;
pub mod simulations;

use app::ssr::AppState;
use axum::routing::{get, post, MethodRouter};

/// Every route of the JSON API (`/api/v1`), with its method as the OpenAPI document spells it.
/// The router registers exactly these, and a test holds each of them to be described in
/// `openapi.json`.
pub fn api_v1() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/v1/simulations", "post", post(simulations::simulate)),
        ("/api/v1/openapi.json", "get", get(simulations::openapi)),
    ]
}
