//! Steps 1 to 3 of the wizard: the region, the reason, the agency and slot.

use super::agenda::{parse_slot, place};
use super::draft::{earlier_step, load, save};
use crate::error::AppError;
use crate::persistence::repo::appointments as repo;
use crate::ssr::state::AppState;

pub async fn save_region(state: &AppState, region: &str) -> Result<String, AppError> {
    let regions = repo::list_regions(&state.db).await?;
    let Some(region) = regions.into_iter().find(|r| r == region.trim()) else {
        return Err(AppError::invalid(
            "region",
            "Région : choisissez votre région de résidence dans la liste.",
        ));
    };
    let (token, mut d) = load(state).await?;
    if d.region.as_deref() != Some(region.as_str()) {
        d.agency_id = None;
        d.start = None;
        d.taken = None;
    }
    d.region = Some(region);
    d.booked = None;
    save(state, &token, &d).await?;
    Ok("/rendez-vous/motif".into())
}

pub async fn save_reason(state: &AppState, reason_id: Option<i64>) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if d.region.is_none() {
        return Err(earlier_step(1));
    }
    let Some(reason) = (match reason_id {
        Some(id) => repo::find_reason(&state.db, id).await?,
        None => None,
    }) else {
        return Err(AppError::invalid(
            "motif",
            "Motif : choisissez l'objet et le motif de votre rendez-vous.",
        ));
    };
    if let Some(old) = d.reason_id.filter(|id| *id != reason.id) {
        if repo::find_reason(&state.db, old)
            .await?
            .map(|r| r.duration_minutes)
            != Some(reason.duration_minutes)
        {
            d.start = None;
        }
    }
    d.reason_id = Some(reason.id);
    save(state, &token, &d).await?;
    Ok("/rendez-vous/creneau".into())
}

pub async fn save_slot(
    state: &AppState,
    agency_id: Option<i64>,
    slot: &str,
) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    let (Some(region), Some(reason_id)) = (d.region.clone(), d.reason_id) else {
        return Err(earlier_step(if d.region.is_none() { 1 } else { 2 }));
    };
    let reason = repo::find_reason(&state.db, reason_id)
        .await?
        .ok_or_else(|| earlier_step(2))?;
    let Some(agency) = (match agency_id {
        Some(id) => repo::find_agency(&state.db, id)
            .await?
            .filter(|a| a.region == region),
        None => None,
    }) else {
        return Err(AppError::invalid(
            "agence",
            "Agence : choisissez l'agence où vous souhaitez être reçu.",
        ));
    };
    let back = |msg: &str| AppError::invalid("creneau", msg.to_owned());
    let Some(start) = parse_slot(slot) else {
        return Err(back(
            "Créneau : choisissez une date et une heure de rendez-vous.",
        ));
    };
    let p = place(state, agency, None).await?;
    if !p
        .agenda()
        .is_free(start, reason.duration_minutes, state.clock.now())
    {
        return Err(back(
            "Créneau : ce créneau n'est plus disponible. Choisissez-en un autre.",
        ));
    }
    d.agency_id = Some(p.agency.id);
    d.start = Some(start);
    d.taken = None;
    save(state, &token, &d).await?;
    Ok("/rendez-vous/coordonnees".into())
}
