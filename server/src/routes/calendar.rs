//! `GET /rendez-vous/suivi/{reference}/agenda.ics`: "Ajouter à mon agenda" on an appointment's
//! page. A plain route (the body is the calendar file); the same access rule as the page: the
//! holder of the signed link (`cle`) or the signed-in person who booked it, else 404 (nobody
//! learns that a reference exists).

use app::error::AppError;
use app::features::appointments::server as appointments;
use app::ssr::session::RequestSession;
use app::ssr::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Key {
    cle: Option<String>,
}

pub async fn download(
    State(state): State<AppState>,
    Extension(session): Extension<RequestSession>,
    Path(reference): Path<String>,
    Query(key): Query<Key>,
) -> Response {
    let identity_id = session.current.as_ref().map(|s| s.identity_id);
    match appointments::calendar_download(&state, &reference, key.cle.as_deref(), identity_id).await
    {
        Ok((name, ics)) => super::attachment("text/calendar; charset=utf-8", &name, ics),
        // Its own words for a link gone stale, with the status of the table.
        Err(e @ AppError::NotFound) => (
            app::ssr::status::status_of(&e),
            [(header::CACHE_CONTROL, "no-store")],
            "Rendez-vous introuvable, ou déjà passé ou annulé.",
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}
