//! `GET /tresorerie/fichiers/{id}`: the treasury downloads one pain.008 file. A plain route (the
//! body is the XML itself); the same access rule as the list's server function
//! (`Action::BankFiles`), checked here. Every download, and every refused attempt, is written
//! to the audit log.

use app::domain::access::{role_may, Action};
use app::persistence::repo::audit::{self, AuditEntry};
use app::persistence::repo::payments;
use app::ssr::session::RequestSession;
use app::ssr::{guard, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn download(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    Path(id): Path<i64>,
) -> Response {
    let Some(current) = session.current else {
        return (StatusCode::UNAUTHORIZED, "Veuillez vous connecter.").into_response();
    };
    let entry = |outcome: &'static str, object: Option<String>| AuditEntry {
        at: state.clock.now(),
        actor_identity_id: Some(current.identity_id),
        on_behalf_of_person_id: None,
        action: "bank_file_download",
        object,
        outcome,
        ip: session.client_ip.clone(),
    };
    match guard::load_viewer(&state, current.identity_id).await {
        Ok(Some(v)) if role_may(v.role, Action::BankFiles) => {}
        Ok(_) => {
            return match audit::insert_event(
                &state.db,
                entry("refused", Some(format!("bank_file:{id}"))),
            )
            .await
            {
                Ok(()) => {
                    (StatusCode::FORBIDDEN, "Vous n'avez pas accès à ce service.").into_response()
                }
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            };
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    let file = match payments::bank_file_content(&state.db, id).await {
        Ok(Some(f)) => f,
        Ok(None) => return (StatusCode::NOT_FOUND, "Fichier introuvable.").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "bank file download failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (name, xml) = file;
    // Written before the file leaves: no record, no file.
    if let Err(e) = audit::insert_event(&state.db, entry("ok", Some(name.clone()))).await {
        tracing::error!(error = %e, "bank file download not audited");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.xml\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        xml,
    )
        .into_response()
}
