//! `GET /tresorerie/fichiers/{id}`: the treasury downloads one pain.008 file. A plain route (the
//! body is the XML itself); the same access rule as the list's server function
//! (`Action::BankFiles`), checked here. Every download, and every refused attempt, is written
//! to the audit log.

use app::domain::access::{role_may, Action};
use app::error::AppError;
use app::persistence::repo::audit::{self, AuditEntry};
use app::persistence::repo::payments;
use app::ssr::session::RequestSession;
use app::ssr::{guard, AppState};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn download(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    Path(id): Path<i64>,
) -> Response {
    match file(&state, &session, id).await {
        Ok((name, xml)) => super::attachment(
            "application/xml; charset=utf-8",
            &format!("{name}.xml"),
            xml,
        ),
        Err(e) => e.into_response(),
    }
}

/// The file's name and XML, once the caller is allowed and the download is audited.
async fn file(
    state: &AppState,
    session: &RequestSession,
    id: i64,
) -> Result<(String, String), AppError> {
    let current = session.current.as_ref().ok_or(AppError::Unauthenticated)?;
    let entry = |outcome: &'static str, object: Option<String>| AuditEntry {
        at: state.clock.now(),
        actor_identity_id: Some(current.identity_id),
        on_behalf_of_person_id: None,
        action: "bank_file_download",
        object,
        outcome,
        ip: session.client_ip.clone(),
    };
    let viewer = guard::load_viewer(state, current.identity_id).await?;
    if !viewer.is_some_and(|v| role_may(v.role, Action::BankFiles)) {
        audit::insert_event(&state.db, entry("refused", Some(format!("bank_file:{id}")))).await?;
        return Err(AppError::Forbidden);
    }
    let (name, xml) = payments::bank_file_content(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Written before the file leaves: no record, no file.
    audit::insert_event(&state.db, entry("ok", Some(name.clone()))).await?;
    Ok((name, xml))
}
