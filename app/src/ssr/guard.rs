//! Guards every server function calls first: who is calling, and may they do this?

use super::session::RequestSession;
use super::state::AppState;
use crate::domain::access::{self, Action, Category, Role, Service};
use crate::error::AppError;
use crate::model::Viewer;
use crate::persistence::repo::identities::{
    self, KIND_ACCOUNTANT, KIND_AGENT, KIND_INSURED, KIND_TREASURY,
};
use axum::http::request::Parts;
use leptos::prelude::*;

/// The application state, from the Leptos context.
pub fn ctx() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| super::internal("AppState missing from context"))
}

/// The session the middleware found for this request.
pub fn request_session() -> RequestSession {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<RequestSession>().cloned())
        .unwrap_or_default()
}

/// Loads the viewer behind a session's identity.
pub async fn load_viewer(state: &AppState, identity_id: i64) -> Result<Option<Viewer>, AppError> {
    let Some(identity) = identities::find_identity(&state.db, identity_id).await? else {
        return Ok(None);
    };
    let role = match identity.kind.as_str() {
        KIND_INSURED => {
            let Some(person_id) = identity.person_id else {
                return Ok(None);
            };
            let Some(person) = identities::find_person(&state.db, person_id).await? else {
                return Ok(None);
            };
            match Category::from_code(&person.insured_category) {
                Some(c) => Role::Insured(c),
                None => {
                    return Err(super::internal(format!(
                        "unknown category on person {}",
                        person.id
                    )))
                }
            }
        }
        KIND_ACCOUNTANT => Role::Accountant,
        KIND_AGENT => Role::Agent,
        KIND_TREASURY => Role::Treasury,
        other => return Err(super::internal(format!("unknown identity kind {other}"))),
    };
    let services = match role {
        Role::Insured(c) => access::services_for(c),
        _ => vec![],
    };
    Ok(Some(Viewer {
        identity_id: identity.id,
        role,
        display_name: identity.display_name,
        services,
        person_id: identity.person_id,
        organisation_id: identity.organisation_id,
    }))
}

/// The signed-in viewer, if any.
pub async fn current_viewer() -> Result<Option<(AppState, Viewer)>, AppError> {
    let state = ctx()?;
    let Some(session) = request_session().current else {
        return Ok(None);
    };
    Ok(load_viewer(&state, session.identity_id)
        .await?
        .map(|v| (state, v)))
}

/// Refuses signed-out callers.
pub async fn require_viewer() -> Result<(AppState, Viewer), AppError> {
    current_viewer().await?.ok_or(AppError::Unauthenticated)
}

/// Refuses signed-out callers and those whose category may not use `service`.
pub async fn require_service(service: Service) -> Result<(AppState, Viewer), AppError> {
    let (state, viewer) = require_viewer().await?;
    if !access::role_may_use(viewer.role, service) {
        return Err(AppError::Forbidden);
    }
    Ok((state, viewer))
}

/// Refuses signed-out callers and those whose role may not do `action` (`access::role_may`).
pub async fn require_action(action: Action) -> Result<(AppState, Viewer), AppError> {
    let (state, viewer) = require_viewer().await?;
    if !access::role_may(viewer.role, action) {
        return Err(AppError::Forbidden);
    }
    Ok((state, viewer))
}
