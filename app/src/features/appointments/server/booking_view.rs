//! What a step of the wizard shows, read from the draft: the choices, the chosen slot (or the
//! one lost to someone else and the nearest free ones), the details, and at the review the
//! person's other appointments that day.

use super::agenda::{parse_day, place, slot_page, slot_view};
use super::draft::{load_for, reachable, Contact};
use super::format::{duration_fr, mask_email, reason_label, tz_of, when_fr};
use crate::domain::appointment::VisitObject;
use crate::domain::nir::Nir;
use crate::domain::phone::MobilePhone;
use crate::error::AppError;
use crate::features::appointments::{
    AgencyView, BookingStep, ObjectView, ReasonView, RegionChoice, SlotPage,
};
use crate::model::Viewer;
use crate::persistence::repo::appointments::{self as repo, AgencyRow, ReasonRow};
use crate::persistence::repo::identities;
use crate::ssr::guard;
use crate::ssr::state::AppState;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

fn agency_view(a: &AgencyRow, selected: bool) -> AgencyView {
    AgencyView {
        id: a.id,
        name: a.name.clone(),
        address: a.address.clone(),
        phone: a.phone.clone().unwrap_or_default(),
        access_notes: a.access_notes.clone(),
        selected,
    }
}

/// The signed-in person's details, to prefill step 4.
async fn prefill(state: &AppState, viewer: &Viewer) -> Result<Contact, AppError> {
    let Some(person_id) = viewer.person_id else {
        return Ok(Contact::default());
    };
    let Some(p) = identities::find_person(&state.db, person_id).await? else {
        return Ok(Contact::default());
    };
    let email = identities::find_identity(&state.db, viewer.identity_id)
        .await?
        .map(|i| i.email)
        .or(p.email.clone())
        .unwrap_or_default();
    let nir = Nir::parse_without_key(&p.nir)
        .map(|n| n.display())
        .unwrap_or_default();
    let phone = p
        .phone
        .as_deref()
        .and_then(|ph| MobilePhone::parse(ph).ok())
        .map(|m| m.national())
        .unwrap_or_default();
    Ok(Contact {
        nir,
        last_name: p.last_name,
        first_name: p.first_name,
        address: p.address,
        phone,
        email,
        terms: false,
    })
}

pub async fn booking_step(
    state: &AppState,
    agence: Option<i64>,
    du: Option<&str>,
) -> Result<BookingStep, AppError> {
    let viewer = guard::current_viewer().await?.map(|(_, v)| v);
    let (_, mut d) = load_for(state, viewer.as_ref()).await?;
    if let Some(v) = &viewer {
        if d.contact == Contact::default() {
            d.contact = prefill(state, v).await?;
        }
    }
    let now = state.clock.now();
    let regions = repo::list_regions(&state.db).await?;
    let reasons = repo::list_reasons(&state.db).await?;
    let reason = d
        .reason_id
        .and_then(|id| reasons.iter().find(|r| r.id == id).cloned());
    let objects = objects(&reasons, d.reason_id);
    let agencies = match &d.region {
        Some(r) => repo::list_agencies(&state.db, r).await?,
        None => vec![],
    };
    let shown_agency = agence
        .or(d.agency_id)
        .and_then(|id| agencies.iter().find(|a| a.id == id).cloned());
    let mut slots = SlotPage::default();
    let mut suggestions = vec![];
    let mut slot = None;
    if let (Some(a), Some(r)) = (&shown_agency, &reason) {
        let p = place(state, a.clone(), None).await?;
        slots = slot_page(
            &p,
            r.duration_minutes,
            parse_day(du),
            d.start.filter(|_| d.agency_id == Some(a.id)),
            now,
        );
        if let Some(t) = d.taken.filter(|_| d.agency_id == Some(a.id)) {
            suggestions = p
                .agenda()
                .nearest_free(t, r.duration_minutes, now, 3)
                .into_iter()
                .map(|s| slot_view(s.start, p.tz, None))
                .collect();
        }
    }
    // The agency of the chosen (or lost) slot.
    let chosen = match d.agency_id {
        Some(id) if d.start.is_some() || d.taken.is_some() => {
            repo::find_agency(&state.db, id).await?
        }
        _ => None,
    };
    if let (Some(start), Some(a)) = (d.start, &chosen) {
        slot = Some(format!("{} – {}", when_fr(start, tz_of(a)), a.name));
    }
    let taken = match (d.taken, &chosen) {
        (Some(t), Some(a)) => Some(taken_notice(&when_fr(t, tz_of(a)), d.taken_by_other)),
        _ => None,
    };
    let step = reachable(&d);
    // Once the address is proved (or the person signed in), the review says what else they
    // already have that day (by NIR), wherever it is.
    let same_day = match (step, d.start, &chosen, Nir::parse_with_key(&d.contact.nir)) {
        (6, Some(start), Some(a), Ok(nir)) => {
            same_day(state, &nir, start, tz_of(a), d.booked.as_deref()).await?
        }
        _ => vec![],
    };
    Ok(BookingStep {
        same_day,
        signed_in: viewer.is_some(),
        regions: regions
            .iter()
            .map(|r| RegionChoice {
                name: r.clone(),
                selected: d.region.as_deref() == Some(r.as_str()),
            })
            .collect(),
        region: d.region.clone(),
        objects,
        reason: reason.as_ref().map(|r| {
            format!(
                "{} ({}, {})",
                reason_label(r),
                duration_fr(r.duration_minutes),
                r.channel.label().to_lowercase()
            )
        }),
        agencies: agencies
            .iter()
            .map(|a| agency_view(a, shown_agency.as_ref().map(|s| s.id) == Some(a.id)))
            .collect(),
        agency: shown_agency.as_ref().map(|a| agency_view(a, true)),
        slots,
        slot,
        taken,
        suggestions,
        contact: d.contact.clone(),
        code_sent_to: d.code_ticket.as_ref().map(|_| mask_email(&d.contact.email)),
        email_verified: step == 6,
        reachable: step,
    })
}

/// The objects of a visit that have reasons, each with its reasons (`selected` checked).
fn objects(reasons: &[ReasonRow], selected: Option<i64>) -> Vec<ObjectView> {
    VisitObject::ALL
        .iter()
        .map(|o| ObjectView {
            code: o.code().into(),
            label: o.label().into(),
            reasons: reasons
                .iter()
                .filter(|r| r.object == *o)
                .map(|r| ReasonView {
                    id: r.id,
                    label: r.label.clone(),
                    duration: duration_fr(r.duration_minutes),
                    channel: r.channel.label().into(),
                    selected: Some(r.id) == selected,
                })
                .collect(),
        })
        .filter(|o| !o.reasons.is_empty())
        .collect()
}

/// Why the slot chosen earlier (`when`) can no longer be booked, and what to do.
fn taken_notice(when: &str, by_other: bool) -> String {
    let why = if by_other {
        "vient d'être réservé par une autre personne"
    } else {
        "n'est plus disponible (délai dépassé ou horaires de l'agence modifiés)"
    };
    format!("Le créneau du {when} {why}. Choisissez un autre créneau : les plus proches sont proposés ci-dessous.")
}

/// The local day of `at` in `tz`, from midnight to midnight, in UTC.
fn local_day(at: DateTime<Utc>, tz: Tz) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let day = at.with_timezone(&tz).date_naive();
    let bound = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    Some((bound(day)?, bound(day + Duration::days(1))?))
}

/// The person's other appointments (by NIR) on the local day of `start`, wherever they are;
/// not the one this draft already became (`booked`).
async fn same_day(
    state: &AppState,
    nir: &Nir,
    start: DateTime<Utc>,
    tz: Tz,
    booked: Option<&str>,
) -> Result<Vec<String>, AppError> {
    let Some((from, to)) = local_day(start, tz) else {
        return Ok(vec![]);
    };
    let mut out = vec![];
    for other in repo::holding_for_nir(&state.db, nir.body(), from, to)
        .await?
        .into_iter()
        .filter(|o| Some(o.reference.as_str()) != booked)
    {
        let place = repo::find_agency(&state.db, other.agency_id)
            .await?
            .map(|g| g.name)
            .unwrap_or_default();
        out.push(format!(
            "{} – {} ({})",
            when_fr(other.starts_at, tz),
            place,
            other.reference
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointment::Channel;
    use chrono::TimeZone;

    fn reason(id: i64, object: VisitObject, label: &str) -> ReasonRow {
        ReasonRow {
            id,
            object,
            label: label.into(),
            duration_minutes: 30,
            channel: Channel::Agency,
        }
    }

    #[test]
    fn only_objects_with_reasons_are_offered_and_the_chosen_reason_is_checked() {
        let first = VisitObject::ALL[0];
        let reasons = [
            reason(1, first, "Comprendre mon échéancier"),
            reason(2, first, "Demander un délai"),
        ];
        let objects = objects(&reasons, Some(2));
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0].code, first.code());
        let checked: Vec<i64> = objects[0]
            .reasons
            .iter()
            .filter(|r| r.selected)
            .map(|r| r.id)
            .collect();
        assert_eq!(checked, [2]);
        assert_eq!(objects[0].reasons[0].duration, "30 min");
    }

    #[test]
    fn a_lost_slot_says_whether_someone_else_took_it() {
        let other = taken_notice("lundi 4 mai 2026 à 09:30 (heure de Paris)", true);
        assert!(other.starts_with(
            "Le créneau du lundi 4 mai 2026 à 09:30 (heure de Paris) vient d'être réservé"
        ));
        let gone = taken_notice("lundi 4 mai 2026 à 09:30 (heure de Paris)", false);
        assert!(gone.contains("n'est plus disponible"));
        assert!(gone.ends_with("les plus proches sont proposés ci-dessous."));
    }

    #[test]
    fn the_same_day_is_the_agencys_local_day() {
        // 23:30 UTC on 3 May is already 4 May in Paris (UTC+2).
        let at = Utc.with_ymd_and_hms(2026, 5, 3, 23, 30, 0).unwrap();
        let (from, to) = local_day(at, chrono_tz::Europe::Paris).unwrap();
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 5, 3, 22, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2026, 5, 4, 22, 0, 0).unwrap());
    }
}
