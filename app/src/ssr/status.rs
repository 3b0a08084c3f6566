//! HTTP statuses from `AppError::status()`, applied in one place: for every server function by
//! the `server_fn_statuses` layer around the router, for plain routes by `IntoResponse`.
//!
//! A server function that fails answers 500 with the error's JSON and the `serverfnerror`
//! header (server_fn's own convention). A program calling it gets the status of the variant
//! instead; a plain HTML form post (it accepts `text/html`) keeps the redirect back to its form
//! that Leptos gives it, and a status a server function set itself is left as it is.

use crate::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// The largest error body read back: an `AppError` is a few hundred bytes.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Whether the request is a plain HTML form post (a browser without JavaScript).
pub fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The table's status as axum's type.
pub fn status_of(err: &AppError) -> StatusCode {
    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn retry_after(headers: &mut HeaderMap, err: &AppError) {
    if let Some(v) = err
        .retry_after_secs()
        .and_then(|s| HeaderValue::from_str(&s.to_string()).ok())
    {
        headers.insert(header::RETRY_AFTER, v);
    }
}

/// The layer: every answer goes through `for_programs`, which changes only a server function's
/// error (the `serverfnerror` header says which those are).
pub async fn server_fn_statuses(req: Request, next: Next) -> Response {
    let html = accepts_html(req.headers());
    for_programs(html, next.run(req).await).await
}

/// A server function's answer with the status of its error, for a program.
pub async fn for_programs(accepts_html: bool, res: Response) -> Response {
    if accepts_html
        || res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, Body::empty()).into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&err);
        retry_after(&mut parts.headers, &err);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A plain route's error: its status from the table, the person's message as text.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut res = (
            status_of(&self),
            [(header::CACHE_CONTROL, "no-store")],
            self.to_string(),
        )
            .into_response();
        retry_after(res.headers_mut(), &self);
        res
    }
}
