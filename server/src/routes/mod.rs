//! Plain axum routes (not server functions).

pub mod bank_files;
pub mod calendar;
pub mod health;
pub mod simulations;

use app::ssr::AppState;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};

/// A file to save (`Content-Disposition: attachment`), never kept by a cache.
pub fn attachment(content_type: &'static str, file_name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// Every route of the JSON API (`/api/v1`), with its method as the OpenAPI document spells it.
/// The router registers exactly these, and a test holds each of them to be described in
/// `openapi.json`.
pub fn api_v1() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/v1/simulations", "post", post(simulations::simulate)),
        ("/api/v1/openapi.json", "get", get(simulations::openapi)),
    ]
}
