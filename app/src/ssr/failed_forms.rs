//! Forms posted without JavaScript that fail: Leptos sends the person back to the form with the
//! error in the URL (`?__path=…&__err=<base64>`), and that error carries the values to show
//! again (an email, a name and address, an amount), which would end up in the browser's history
//! and in proxy logs. This middleware keeps the error in the database instead (another process
//! may serve the reload), under the hash of a random id sent in an HttpOnly cookie that lives
//! ten minutes; the redirect carries no values. The reload of that page takes the row (read
//! once, then deleted) and hands the error to Leptos inside the server only.
//!
//! Passwords, NIRs and IBANs never reach the row: `FormErrors::keep` is never given them.

use super::session::{cookie_header, is_static, new_token, read_cookie, token_hash};
use super::state::AppState;
use crate::persistence::repo::failed_submissions::{self, FailedSubmission};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method, Uri},
    middleware::Next,
    response::Response,
};

/// How long the page has to be reloaded.
pub const LIFETIME_SECS: i64 = 600;

pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-passerelle_formulaire"
    } else {
        "passerelle_formulaire"
    }
}

/// A redirect's target split into where it goes without the error, the page's path, and the
/// error's two parameters as they were encoded. `None` when it carries no error.
pub fn split_error(location: &str) -> Option<(String, FailedSubmission)> {
    let (base, query) = location.split_once('?')?;
    let (mut server_fn, mut error) = (None, None);
    let mut kept = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("__path", v)) => server_fn = Some(v.to_owned()),
            Some(("__err", v)) => error = Some(v.to_owned()),
            _ => kept.push(pair),
        }
    }
    let (server_fn, error) = (server_fn?, error?);
    let page = page_path(base).to_owned();
    let target = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Some((
        target,
        FailedSubmission {
            page,
            server_fn,
            error,
        },
    ))
}

/// The path of an absolute or relative URL.
fn page_path(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    if url.contains("://") {
        rest.find('/').map(|i| &rest[i..]).unwrap_or("/")
    } else {
        rest
    }
}

/// The request's URI with the kept error added to its query, as Leptos reads it.
fn with_error(uri: &Uri, failed: &FailedSubmission) -> Option<Uri> {
    let extra = format!("__path={}&__err={}", failed.server_fn, failed.error);
    let target = match uri.query() {
        Some(q) if !q.is_empty() => format!("{}?{q}&{extra}", uri.path()),
        _ => format!("{}?{extra}", uri.path()),
    };
    target.parse().ok()
}

pub async fn failed_form_middleware(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let secure = state.config.secure_cookies;
    let now = state.clock.now();
    if req.method() == Method::POST && req.uri().path().starts_with("/api/") {
        let mut res = next.run(req).await;
        let split = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(split_error);
        if let Some((target, failed)) = split {
            let token = new_token();
            let expires_at = now + chrono::Duration::seconds(LIFETIME_SECS);
            let cookie = match failed_submissions::keep(
                &state.db,
                &token_hash(&token),
                &failed,
                expires_at,
                now,
            )
            .await
            {
                Ok(()) => Some(cookie_header(
                    cookie_name(secure),
                    &token,
                    secure,
                    Some(LIFETIME_SECS),
                )),
                // The person gets the form back without the message rather than the values in the URL.
                Err(e) => {
                    tracing::error!(error = %e, "could not keep a failed form submission");
                    None
                }
            };
            if let Ok(v) = HeaderValue::from_str(&target) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            if let Some(c) = cookie {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
        }
        return res;
    }
    let token = (req.method() == Method::GET && !is_static(req.uri().path()))
        .then(|| read_cookie(req.headers(), cookie_name(secure)))
        .flatten();
    let Some(token) = token else {
        return next.run(req).await;
    };
    match failed_submissions::take(&state.db, &token_hash(&token), now).await {
        Ok(Some(failed)) if failed.page == req.uri().path() => {
            if let Some(uri) = with_error(req.uri(), &failed) {
                *req.uri_mut() = uri;
            }
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "could not read a failed form submission"),
    }
    let mut res = next.run(req).await;
    res.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(cookie_name(secure), "", secure, Some(0)),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_leaves_the_redirect_and_the_other_parameters_stay() {
        let (target, failed) = split_error("http://localhost:3000/connexion?retour=%2Fmon-compte&__path=%2Fapi%2Fsign_in&__err=eyJJbn0%3D").unwrap();
        assert_eq!(
            target,
            "http://localhost:3000/connexion?retour=%2Fmon-compte"
        );
        assert_eq!(
            failed,
            FailedSubmission {
                page: "/connexion".into(),
                server_fn: "%2Fapi%2Fsign_in".into(),
                error: "eyJJbn0%3D".into()
            }
        );
        let (target, failed) = split_error("/connexion?__path=p&__err=e").unwrap();
        assert_eq!(
            (target.as_str(), failed.page.as_str()),
            ("/connexion", "/connexion")
        );
        assert_eq!(split_error("http://localhost/mon-compte?retour=x"), None);
        assert_eq!(split_error("http://localhost"), None);
    }

    #[test]
    fn the_reload_gets_the_error_back_beside_its_own_query() {
        let failed = FailedSubmission {
            page: "/rendez-vous/creneau".into(),
            server_fn: "p".into(),
            error: "e".into(),
        };
        let uri: Uri = "/rendez-vous/creneau?agence=2".parse().unwrap();
        assert_eq!(
            with_error(&uri, &failed).unwrap().to_string(),
            "/rendez-vous/creneau?agence=2&__path=p&__err=e"
        );
        let uri: Uri = "/connexion".parse().unwrap();
        assert_eq!(
            with_error(&uri, &failed).unwrap().to_string(),
            "/connexion?__path=p&__err=e"
        );
    }
}
