//! `/healthz`: the process answers. `/readyz`: the database answers and is fully migrated.

use app::ssr::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse};

pub async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok")
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if let Err(e) = state.db.ping().await {
        tracing::warn!(error = %e, "readiness: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unreachable");
    }
    match app::persistence::migrations_applied(&state.db).await {
        Ok(true) => (StatusCode::OK, "ready"),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: cannot read migrations");
            (StatusCode::SERVICE_UNAVAILABLE, "migrations unknown")
        }
    }
}
