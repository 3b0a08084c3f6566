//! `GET /agence/fichiers/{id}`: an agent downloads one pain.008 file. A plain route (the body
//! is the XML itself); the same access rule as the list's server function, checked here.

use app::domain::access::Role;
use app::persistence::repo::payments;
use app::ssr::session::RequestSession;
use app::ssr::{guard, AppState};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn download(State(state): State<AppState>, Extension(session): Extension<RequestSession>, Path(id): Path<i64>) -> Response {
    let Some(current) = session.current else { return (StatusCode::UNAUTHORIZED, "Veuillez vous connecter.").into_response() };
    match guard::load_viewer(&state, current.identity_id).await {
        Ok(Some(v)) if v.role == Role::Agent => {}
        Ok(_) => return (StatusCode::FORBIDDEN, "Vous n'avez pas accès à ce service.").into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    match payments::bank_file_content(&state.db, id).await {
        Ok(Some((name, xml))) => (
            [
                (header::CONTENT_TYPE, "application/xml; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.xml\"")),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            xml,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "Fichier introuvable.").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "bank file download failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
