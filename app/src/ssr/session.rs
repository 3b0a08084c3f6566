//! Session middleware: reads the cookie, loads the session from the database (shared by every
//! server process), ends it after 30 idle minutes or 12 hours, and records activity.

use super::state::AppState;
use crate::domain::session::SessionState;
use crate::persistence::repo::sessions::{self, StoredSession};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use chrono::Duration;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

/// What the middleware found, available to every handler and server function.
#[derive(Clone, Debug, Default)]
pub struct RequestSession {
    pub current: Option<StoredSession>,
    pub client_ip: Option<String>,
}

/// Server functions that must not count as activity (the page polling the remaining time).
const PASSIVE_PATHS: [&str; 1] = ["/api/session_status"];

pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-passerelle_session"
    } else {
        "passerelle_session"
    }
}

/// A new random token (256 bits) for the cookie.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, the whole site, Secure over HTTPS; a session
/// cookie without `max_age`.
pub fn cookie_header(
    name: &str,
    value: &str,
    secure: bool,
    max_age_secs: Option<i64>,
) -> HeaderValue {
    let max_age = max_age_secs
        .map(|s| format!("; Max-Age={s}"))
        .unwrap_or_default();
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{max_age}{secure_attr}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub fn set_cookie(secure: bool, token: &str) -> HeaderValue {
    cookie_header(cookie_name(secure), token, secure, None)
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie_header(cookie_name(secure), "", secure, Some(0))
}

/// The value of a cookie the browser sent.
pub fn read_cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// Static files never need the session: skip the database for them.
pub(crate) fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path == "/favicon.svg"
        || path == "/manifest.webmanifest"
        || path == "/healthz"
        || path == "/readyz"
}

pub async fn session_middleware(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if is_static(req.uri().path()) {
        return next.run(req).await;
    }
    let secure = state.config.secure_cookies;
    let client_ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let mut found = RequestSession {
        current: None,
        client_ip,
    };
    let mut clear = false;
    if let Some(token) = read_cookie(req.headers(), cookie_name(secure)) {
        let now = state.clock.now();
        match sessions::find_session(&state.db, &token_hash(&token)).await {
            Ok(Some(s)) => match state
                .config
                .session
                .state(s.created_at, s.last_seen_at, now)
            {
                SessionState::Active => {
                    let passive = PASSIVE_PATHS.contains(&req.uri().path());
                    let granularity =
                        Duration::seconds(state.config.session.touch_granularity_secs());
                    let mut s = s;
                    if !passive && now - s.last_seen_at >= granularity {
                        if let Err(e) = sessions::update_last_seen(&state.db, s.id, now).await {
                            tracing::warn!(error = %e, "could not record session activity");
                        }
                        s.last_seen_at = now;
                    }
                    found.current = Some(s);
                }
                SessionState::IdleExpired | SessionState::AbsoluteExpired => {
                    if let Err(e) = sessions::delete_session(&state.db, s.id).await {
                        tracing::warn!(error = %e, "could not delete an expired session");
                    }
                    clear = true;
                }
            },
            Ok(None) => clear = true,
            Err(e) => tracing::error!(error = %e, "could not read the session"),
        }
    }
    req.extensions_mut().insert(found);
    let mut res = next.run(req).await;
    if clear && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut()
            .append(header::SET_COOKIE, clear_cookie(secure));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_secure_with_the_host_prefix_over_https() {
        let c = set_cookie(true, "abc").to_str().unwrap().to_owned();
        assert_eq!(
            c,
            "__Host-passerelle_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure"
        );
        let plain = set_cookie(false, "abc").to_str().unwrap().to_owned();
        assert_eq!(
            plain,
            "passerelle_session=abc; Path=/; HttpOnly; SameSite=Lax"
        );
        assert!(clear_cookie(true).to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
