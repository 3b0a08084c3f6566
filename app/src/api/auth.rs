//! Signing in and out, the session clock, account creation and password reset.

use crate::error::AppError;
use crate::model::{SessionClock, Viewer};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn set_session_cookie(state: &crate::ssr::AppState, token: Option<&str>) {
    use crate::ssr::session::{clear_cookie, set_cookie};
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let value = match token {
            Some(t) => set_cookie(state.config.secure_cookies, t),
            None => clear_cookie(state.config.secure_cookies),
        };
        res.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// Who is signed in, if anyone (public: answers `None` to a signed-out caller).
#[server(prefix = "/api", endpoint = "get_viewer")]
pub async fn get_viewer() -> Result<Option<Viewer>, AppError> {
    Ok(crate::ssr::guard::current_viewer().await?.map(|(_, v)| v))
}

/// Signs in with an email or a NIR (13 characters) and a password.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    login: String,
    password: String,
    retour: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{auth, ctx, guard};
    let state = ctx()?;
    let ip = guard::request_session().client_ip;
    let (token, identity_id) = auth::sign_in(&state, &login, password, ip).await?;
    set_session_cookie(&state, Some(&token));
    let home = guard::load_viewer(&state, identity_id)
        .await?
        .map(|v| v.home_path())
        .unwrap_or("/mon-compte");
    leptos_axum::redirect(
        &crate::domain::redirect::safe_return_path(retour.as_deref())
            .unwrap_or_else(|| home.to_owned()),
    );
    Ok(())
}

/// Ends the session: the row is deleted and the cookie cleared.
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{auth, guard};
    let (state, viewer) = guard::require_viewer().await?;
    let session = guard::request_session();
    if let Some(s) = session.current {
        auth::sign_out(&state, s.id, viewer.identity_id, session.client_ip).await?;
    }
    set_session_cookie(&state, None);
    leptos_axum::redirect("/connexion?deconnecte=1");
    Ok(())
}

/// How long the session has left (public: `None` when signed out). Not counted as activity.
#[server(prefix = "/api", endpoint = "session_status")]
pub async fn session_status() -> Result<Option<SessionClock>, AppError> {
    use crate::ssr::{ctx, guard};
    let state = ctx()?;
    Ok(guard::request_session().current.map(|s| {
        let policy = state.config.session;
        SessionClock {
            ends_in_secs: (policy.ends_at(s.created_at, s.last_seen_at) - state.clock.now())
                .num_seconds()
                .max(0),
            warn_secs: policy.warn_secs,
        }
    }))
}

/// "Prolonger": any signed-in request records activity; this one exists to be that request.
#[server(prefix = "/api", endpoint = "extend_session")]
pub async fn extend_session() -> Result<SessionClock, AppError> {
    use crate::ssr::guard;
    let (state, _viewer) = guard::require_viewer().await?;
    let s = guard::request_session()
        .current
        .ok_or(AppError::Unauthenticated)?;
    let policy = state.config.session;
    let now = state.clock.now();
    crate::persistence::repo::sessions::update_last_seen(&state.db, s.id, now).await?;
    Ok(SessionClock {
        ends_in_secs: (policy.ends_at(s.created_at, now) - now)
            .num_seconds()
            .max(0),
        warn_secs: policy.warn_secs,
    })
}

/// Account creation, step 1: NIR with its key, birth date and email; a code goes by email.
#[server(prefix = "/api", endpoint = "start_signup")]
pub async fn start_signup(nir: String, birth_date: String, email: String) -> Result<(), AppError> {
    use crate::ssr::{auth, ctx, guard};
    let state = ctx()?;
    let ip = guard::request_session().client_ip;
    let ticket = auth::start_signup(&state, &nir, &birth_date, &email, ip).await?;
    leptos_axum::redirect(&format!("/creer-mon-compte/code?ticket={ticket}"));
    Ok(())
}

/// Account creation, step 2: the code received and the new password. Signs the person in.
#[server(prefix = "/api", endpoint = "finish_signup")]
pub async fn finish_signup(
    ticket: String,
    code: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, ctx, guard};
    let state = ctx()?;
    let ip = guard::request_session().client_ip;
    let token = auth::finish_signup(&state, &ticket, &code, password, &confirm, ip).await?;
    set_session_cookie(&state, Some(&token));
    leptos_axum::redirect("/mon-compte?bienvenue=1");
    Ok(())
}

/// Password reset, step 1: a code goes to the address if it belongs to an account.
#[server(prefix = "/api", endpoint = "start_reset")]
pub async fn start_reset(email: String) -> Result<(), AppError> {
    use crate::ssr::{auth, ctx, guard};
    let state = ctx()?;
    let ip = guard::request_session().client_ip;
    let ticket = auth::start_reset(&state, &email, ip).await?;
    leptos_axum::redirect(&format!("/mot-de-passe-oublie/code?ticket={ticket}"));
    Ok(())
}

/// Password reset, step 2: the code and the new password; every session is closed.
#[server(prefix = "/api", endpoint = "finish_reset")]
pub async fn finish_reset(
    ticket: String,
    code: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::ssr::{auth, ctx};
    let state = ctx()?;
    auth::finish_reset(&state, &ticket, &code, password, &confirm).await?;
    leptos_axum::redirect("/connexion?reinitialise=1");
    Ok(())
}
