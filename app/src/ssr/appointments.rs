//! Appointments: the booking wizard (region → reason → agency and slot → details → email code →
//! review → "Valider"), the appointment reached by its signed link or from the account (cancel,
//! choose another slot), the agency's back office, and the worker's reminders and purge.
//!
//! The wizard's draft lives on the server, found by the hash of its own cookie, so that people
//! who have no account can book, and Back and reload lose nothing. Every rule is checked again
//! with the server's clock when the person validates; the slot itself is held by a UNIQUE
//! constraint (see `repo::appointments`).

use super::guard;
use super::state::AppState;
use crate::api::appointments::{
    AgencyAgenda, AgencyAppointmentDetail, AgencyAppointmentLine, AgencyHours, AgencyView,
    AppointmentSummary, AppointmentView, BookingStep, ClosureView, DayView, ObjectView, OpeningDay,
    ReasonView, RegionChoice, SlotPage, SlotView, StatusTab,
};
use crate::domain::appointment::{
    self as rules, Agenda, AppointmentStatus, Busy, Channel, OpeningPeriod, VisitObject,
};
use crate::domain::calendar::{day_fr, day_heading_fr, upper_first, weekday_fr};
use crate::domain::ics::{self, IcsEvent, IcsMethod, IcsParty};
use crate::domain::nir::Nir;
use crate::domain::phone::MobilePhone;
use crate::error::{AppError, FormErrors};
use crate::model::Viewer;
use crate::persistence::repo::appointments::{
    self as repo, AgencyRow, AppointmentRow, NewAppointment, ReasonRow,
};
use crate::persistence::repo::audit::{self, AuditEntry};
use crate::persistence::repo::outbox::{self, Attachment};
use crate::persistence::repo::{codes, identities};
use crate::platform::references::new_reference;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use sea_orm::{DatabaseTransaction, TransactionTrait};
use serde::{Deserialize, Serialize};

const PURPOSE_BOOKING: &str = "booking";
/// Verification codes one draft may ask for.
const MAX_CODES_PER_DRAFT: u32 = 5;
/// Days of free slots shown on one page.
const DAYS_PER_PAGE: usize = 5;
/// Free slots are computed this many days at a time.
const SLOT_WINDOW_DAYS: i64 = 14;
/// A draft left untouched for this long is forgotten (it holds contact details).
const DRAFT_LIFETIME_HOURS: i64 = 24;

// ---- The draft and its cookie ----

/// What the person typed at step 4, kept as typed so that nothing is lost on an error.
pub use crate::api::appointments::ContactView as Contact;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    region: Option<String>,
    reason_id: Option<i64>,
    agency_id: Option<i64>,
    start: Option<DateTime<Utc>>,
    /// The slot lost to someone else at validation: the slot page offers the nearest free ones.
    taken: Option<DateTime<Utc>>,
    /// Whether someone else booked it (otherwise the agency's hours changed, or time passed).
    taken_by_other: bool,
    /// The appointment this draft became: "Valider" again leads to it.
    booked: Option<String>,
    contact: Contact,
    contact_ok: bool,
    /// The address the person proved by typing the code back (or their account's address).
    verified_email: Option<String>,
    code_ticket: Option<String>,
    codes_sent: u32,
    /// The signed-in identity that wrote the draft: nobody else (nor the same browser once signed
    /// out) gets its details back.
    owner: Option<i64>,
}

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-passerelle_rdv"
    } else {
        "passerelle_rdv"
    }
}

fn read_cookie(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    super::session::read_cookie(&parts.headers, name)
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

fn set_cookie(state: &AppState, token: &str, max_age_secs: i64) {
    let value = super::session::cookie_header(
        cookie_name(state.config.secure_cookies),
        token,
        state.config.secure_cookies,
        Some(max_age_secs),
    );
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// The draft of this browser, and the token that finds it (a new one when there is none).
async fn load(state: &AppState) -> Result<(String, Draft), AppError> {
    load_for(
        state,
        guard::current_viewer().await?.map(|(_, v)| v).as_ref(),
    )
    .await
}

/// The same, for a viewer the caller already has.
async fn load_for(state: &AppState, viewer: Option<&Viewer>) -> Result<(String, Draft), AppError> {
    let viewer = viewer.map(|v| v.identity_id);
    let fresh = Draft {
        owner: viewer,
        ..Draft::default()
    };
    if let Some(token) = read_cookie(cookie_name(state.config.secure_cookies)) {
        if let Some(payload) =
            repo::find_draft(&state.db, &super::session::token_hash(&token)).await?
        {
            if let Ok(d) = serde_json::from_str::<Draft>(&payload) {
                if d.owner == viewer {
                    return Ok((token, d));
                }
                // A draft typed signed out is taken over by whoever signs in, without its details.
                if d.owner.is_none() {
                    return Ok((
                        token,
                        Draft {
                            owner: viewer,
                            contact: Contact::default(),
                            contact_ok: false,
                            verified_email: None,
                            code_ticket: None,
                            ..d
                        },
                    ));
                }
            }
        }
        return Ok((token, fresh));
    }
    Ok((super::session::new_token(), fresh))
}

async fn save(state: &AppState, token: &str, d: &Draft) -> Result<(), AppError> {
    let payload = serde_json::to_string(d).map_err(|e| super::internal(e.to_string()))?;
    repo::upsert_draft(
        &state.db,
        &super::session::token_hash(token),
        &payload,
        state.clock.now(),
    )
    .await?;
    set_cookie(state, token, DRAFT_LIFETIME_HOURS * 3600);
    Ok(())
}

// ---- Formatting ----

fn tz_of(agency: &AgencyRow) -> Tz {
    agency.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
}

fn tz_label(tz: Tz) -> String {
    match tz {
        chrono_tz::Europe::Paris => "heure de Paris".into(),
        chrono_tz::Indian::Reunion => "heure de La Réunion".into(),
        other => format!("heure locale ({})", other.name()),
    }
}

/// "lundi 4 mai 2026 à 09:30 (heure de Paris)".
fn when_fr(at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    format!(
        "{} à {} ({})",
        day_fr(local.date_naive()),
        local.format("%H:%M"),
        tz_label(tz)
    )
}

fn duration_fr(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

fn reason_label(r: &ReasonRow) -> String {
    format!("{} – {}", r.object.label(), r.label)
}

fn status_class(s: AppointmentStatus) -> &'static str {
    match s {
        AppointmentStatus::Requested => "status status--overdue",
        AppointmentStatus::Confirmed => "status status--paid",
        AppointmentStatus::Cancelled => "status status--debt",
        AppointmentStatus::Done => "status status--to-pay",
    }
}

fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!(
            "{}•••@{domain}",
            local.chars().next().map(String::from).unwrap_or_default()
        ),
        None => "•••".into(),
    }
}

// ---- Signed links ----

/// HMAC-SHA256 of an appointment's reference under the link key.
fn link_mac(state: &AppState, reference: &str) -> Option<hmac::Hmac<sha2::Sha256>> {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(state.config.link_key.as_bytes()).ok()?;
    mac.update(b"rdv:");
    mac.update(reference.as_bytes());
    Some(mac)
}

/// The key of an appointment's link: the first 128 bits of its MAC, in hex.
pub fn link_key(state: &AppState, reference: &str) -> String {
    use hmac::Mac;
    link_mac(state, reference)
        .map(|m| hex::encode(&m.finalize().into_bytes()[..16]))
        .unwrap_or_default()
}

/// Checks a link's key in constant time.
fn key_matches(state: &AppState, reference: &str, key: &str) -> bool {
    use hmac::Mac;
    match (hex::decode(key.trim()), link_mac(state, reference)) {
        (Ok(bytes), Some(mac)) if bytes.len() == 16 => mac.verify_truncated_left(&bytes).is_ok(),
        _ => false,
    }
}

fn link_path(state: &AppState, reference: &str) -> String {
    format!(
        "/rendez-vous/suivi/{reference}?cle={}",
        link_key(state, reference)
    )
}

fn link_url(state: &AppState, reference: &str) -> String {
    format!(
        "{}{}",
        state.config.public_url.trim_end_matches('/'),
        link_path(state, reference)
    )
}

// ---- Agendas ----

struct Place {
    agency: AgencyRow,
    tz: Tz,
    hours: Vec<OpeningPeriod>,
    closures: Vec<rules::Closure>,
    busy: Vec<Busy>,
}

impl Place {
    fn agenda(&self) -> Agenda<'_, Tz> {
        Agenda {
            tz: &self.tz,
            hours: &self.hours,
            closures: &self.closures,
            busy: &self.busy,
        }
    }
}

/// The agency's calendar from now to the booking horizon; `ignoring` leaves one appointment's
/// own interval free (when it is being moved).
async fn place(
    state: &AppState,
    agency: AgencyRow,
    ignoring: Option<&AppointmentRow>,
) -> Result<Place, AppError> {
    let now = state.clock.now();
    let tz = tz_of(&agency);
    let today = now.with_timezone(&tz).date_naive();
    let hours = repo::opening_periods(&state.db, agency.id).await?;
    let closures = repo::list_closures(&state.db, agency.id, today)
        .await?
        .iter()
        .map(|c| c.closure())
        .collect();
    let until = now + Duration::days(31 * i64::from(rules::MAX_AHEAD_MONTHS) + 2);
    let mut busy = repo::busy(&state.db, agency.id, now - Duration::days(1), until).await?;
    if let Some(a) = ignoring {
        busy.retain(|b| !(b.start == a.starts_at && b.end == a.ends_at));
    }
    Ok(Place {
        agency,
        tz,
        hours,
        closures,
        busy,
    })
}

fn parse_day(input: Option<&str>) -> Option<NaiveDate> {
    input.and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
}

fn parse_slot(input: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(input.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn slot_view(at: DateTime<Utc>, tz: Tz, selected: Option<DateTime<Utc>>) -> SlotView {
    SlotView {
        value: at.to_rfc3339(),
        label: at.with_timezone(&tz).format("%H:%M").to_string(),
        selected: selected == Some(at),
    }
}

/// A page of free slots: the first days from `from` (or today) that have any.
fn slot_page(
    p: &Place,
    duration: i64,
    from: Option<NaiveDate>,
    selected: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlotPage {
    let today = now.with_timezone(&p.tz).date_naive();
    let horizon = rules::horizon(today);
    let from = from
        .filter(|d| *d >= today && *d <= horizon)
        .unwrap_or(today);
    // Two weeks at a time, until one more day than the page shows: not the whole 3 months on
    // every page view.
    let mut slots = Vec::new();
    let mut window_start = from;
    while window_start <= horizon {
        let window_end = (window_start + Duration::days(SLOT_WINDOW_DAYS - 1)).min(horizon);
        slots.extend(
            p.agenda()
                .free_slots(duration, window_start, window_end, now),
        );
        let days_found = slots
            .iter()
            .map(|s: &rules::Slot| s.local.date())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if days_found > DAYS_PER_PAGE {
            break;
        }
        window_start = window_end + Duration::days(1);
    }
    let mut days: Vec<DayView> = Vec::new();
    let mut next_from = None;
    for s in slots {
        let day = s.local.date();
        if days
            .last()
            .map(|d| d.iso != day.to_string())
            .unwrap_or(true)
        {
            if days.len() == DAYS_PER_PAGE {
                next_from = Some(day.to_string());
                break;
            }
            days.push(DayView {
                iso: day.to_string(),
                label: day_heading_fr(day),
                slots: vec![],
            });
        }
        if let Some(d) = days.last_mut() {
            d.slots.push(slot_view(s.start, p.tz, selected));
        }
    }
    let previous_from = (from > today).then(|| (from - Duration::days(7)).max(today).to_string());
    SlotPage {
        days,
        previous_from,
        next_from,
        time_zone_label: tz_label(p.tz),
    }
}

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

// ---- The wizard ----

fn reachable(d: &Draft) -> u8 {
    match (
        d.region.is_some(),
        d.reason_id.is_some(),
        d.agency_id.is_some() && d.start.is_some(),
        d.contact_ok,
    ) {
        (false, ..) => 1,
        (true, false, ..) => 2,
        (true, true, false, _) => 3,
        (true, true, true, false) => 4,
        (true, true, true, true)
            if d.verified_email.as_deref() == Some(normalise(&d.contact.email).as_str()) =>
        {
            6
        }
        _ => 5,
    }
}

fn normalise(email: &str) -> String {
    identities::normalise_email(email)
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
    let objects = VisitObject::ALL
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
                    selected: Some(r.id) == d.reason_id,
                })
                .collect(),
        })
        .filter(|o| !o.reasons.is_empty())
        .collect();
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
        (Some(t), Some(a)) => {
            let why = if d.taken_by_other {
                "vient d'être réservé par une autre personne"
            } else {
                "n'est plus disponible (délai dépassé ou horaires de l'agence modifiés)"
            };
            Some(format!("Le créneau du {} {why}. Choisissez un autre créneau : les plus proches sont proposés ci-dessous.", when_fr(t, tz_of(a))))
        }
        _ => None,
    };
    let step = reachable(&d);
    // Once the address is proved (or the person signed in), the review says what else they
    // already have that day (by NIR), wherever it is.
    let same_day = match (step, d.start, &chosen, Nir::parse_with_key(&d.contact.nir)) {
        (6, Some(start), Some(a), Ok(nir)) => {
            let tz = tz_of(a);
            let day = start.with_timezone(&tz).date_naive();
            let bound = |d: chrono::NaiveDate| {
                d.and_hms_opt(0, 0, 0)
                    .and_then(|t| t.and_local_timezone(tz).earliest())
                    .map(|t| t.with_timezone(&Utc))
            };
            match (bound(day), bound(day + Duration::days(1))) {
                (Some(from), Some(to)) => {
                    let mut out = vec![];
                    for other in repo::holding_for_nir(&state.db, nir.body(), from, to)
                        .await?
                        .into_iter()
                        .filter(|o| Some(&o.reference) != d.booked.as_ref())
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
                    out
                }
                _ => vec![],
            }
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

fn earlier_step(step: u8) -> AppError {
    let (field, message) = match step {
        1 => (
            "region",
            "Région : choisissez d'abord votre région de résidence (étape 1).",
        ),
        2 => (
            "motif",
            "Motif : choisissez d'abord l'objet et le motif du rendez-vous (étape 2).",
        ),
        3 => (
            "creneau",
            "Créneau : choisissez d'abord l'agence, la date et l'heure (étape 3).",
        ),
        4 => (
            "nir",
            "Coordonnées : complétez d'abord vos coordonnées (étape 4).",
        ),
        _ => (
            "code",
            "Code de vérification : saisissez d'abord le code reçu par courriel (étape 5).",
        ),
    };
    AppError::invalid(field, message)
}

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

/// The details, parsed; each error names its field.
struct CheckedContact {
    nir: Nir,
    phone: MobilePhone,
    email: String,
}

fn check_contact(c: &Contact) -> Result<CheckedContact, FormErrors> {
    let mut errors = FormErrors::default();
    let nir = Nir::parse_with_key(&c.nir);
    if let Err(e) = &nir {
        errors.push("nir", format!("Numéro de sécurité sociale : {e}. Saisissez les 15 chiffres figurant sur votre carte Vitale, par exemple 2 95 10 99 126 111 93."));
    }
    for (field, label, todo, value, max) in [
        ("nom", "Nom", "saisissez votre nom", &c.last_name, 80),
        (
            "prenom",
            "Prénom",
            "saisissez votre prénom",
            &c.first_name,
            80,
        ),
    ] {
        let v = value.trim();
        if v.is_empty() {
            errors.push(field, format!("{label} : {todo}."));
        } else if v.chars().count() > max
            || !v
                .chars()
                .all(|ch| ch.is_alphabetic() || " -'’.".contains(ch))
        {
            errors.push(field, format!("{label} : saisissez uniquement des lettres, espaces, tirets ou apostrophes ({max} caractères au plus)."));
        }
    }
    let address = c.address.trim();
    if address.chars().count() < 8 || address.chars().count() > 300 {
        errors.push(
            "adresse",
            "Adresse : saisissez votre adresse complète (numéro, voie, code postal et commune).",
        );
    }
    let phone = MobilePhone::parse(&c.phone);
    if let Err(e) = &phone {
        errors.push("telephone", format!("Téléphone mobile : {e}."));
    }
    let email = normalise(&c.email);
    if !crate::platform::input::looks_like_email(&email) || email.len() > 200 {
        errors.push(
            "email",
            "Adresse électronique : saisissez une adresse valide, par exemple nom@exemple.fr.",
        );
    }
    if !c.terms {
        errors.push("conditions", "Conditions d'utilisation : cochez la case pour accepter les conditions d'utilisation du service.");
    }
    match (nir, phone, errors.is_empty()) {
        (Ok(nir), Ok(phone), true) => Ok(CheckedContact { nir, phone, email }),
        _ => Err(errors),
    }
}

async fn send_code(state: &AppState, d: &mut Draft) -> Result<(), AppError> {
    if d.codes_sent >= MAX_CODES_PER_DRAFT {
        return Err(AppError::invalid("code", "Code de vérification : trop de codes ont été demandés pour cette demande. Recommencez plus tard ou appelez votre agence."));
    }
    let now = state.clock.now();
    let email = normalise(&d.contact.email);
    // Nobody may use the form to flood an address, or send codes in bulk from one address: the
    // same limits as every emailed code.
    crate::platform::codes::admit_code_request(
        state,
        PURPOSE_BOOKING,
        &email,
        guard::request_session().client_ip.as_deref(),
    )
    .await?;
    let txn = state.db.begin().await?;
    let (ticket, code) =
        crate::platform::codes::issue_code(&txn, PURPOSE_BOOKING, None, None, &email, now).await?;
    super::mail::send_booking_code(&txn, &email, &code, now).await?;
    txn.commit().await?;
    d.code_ticket = Some(ticket);
    d.codes_sent += 1;
    Ok(())
}

pub async fn save_contact(state: &AppState, typed: Contact) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if reachable(&d) < 4 {
        return Err(earlier_step(reachable(&d)));
    }
    // What was typed is kept first, so that the page shows it again with the errors.
    let changed_email = normalise(&d.contact.email) != normalise(&typed.email);
    d.contact = typed;
    d.contact_ok = false;
    if changed_email {
        d.code_ticket = None;
    }
    let checked = check_contact(&d.contact);
    let checked = match checked {
        Ok(c) => c,
        Err(e) => {
            save(state, &token, &d).await?;
            return Err(AppError::Invalid(e));
        }
    };
    d.contact.email = checked.email.clone();
    d.contact_ok = true;
    // A signed-in person's own address was proved when the account was created.
    if let Some(owner) = d.owner {
        let own = identities::find_identity(&state.db, owner)
            .await?
            .map(|i| normalise(&i.email));
        if own.as_deref() == Some(checked.email.as_str()) {
            d.verified_email = Some(checked.email.clone());
        }
    }
    if d.verified_email.as_deref() == Some(checked.email.as_str()) {
        save(state, &token, &d).await?;
        return Ok("/rendez-vous/verification".into());
    }
    if d.code_ticket.is_none() {
        if let Err(e) = send_code(state, &mut d).await {
            save(state, &token, &d).await?;
            return Err(e);
        }
    }
    save(state, &token, &d).await?;
    Ok("/rendez-vous/code".into())
}

pub async fn resend_code(state: &AppState) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if reachable(&d) < 5 {
        return Err(earlier_step(reachable(&d)));
    }
    send_code(state, &mut d).await?;
    save(state, &token, &d).await?;
    Ok("/rendez-vous/code?renvoye=1".into())
}

pub async fn check_code(state: &AppState, code: &str) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if reachable(&d) < 5 {
        return Err(earlier_step(reachable(&d)));
    }
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : saisissez les 6 chiffres reçus par courriel.",
        ));
    }
    let Some(ticket) = d.code_ticket.clone() else {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : demandez d'abord un code.",
        ));
    };
    let row = crate::platform::codes::check_code(state, PURPOSE_BOOKING, &ticket, code).await?;
    if row.email != normalise(&d.contact.email) {
        return Err(AppError::invalid("code", "Code de vérification : ce code a été envoyé à une autre adresse. Demandez un nouveau code."));
    }
    if !codes::mark_used(&state.db, row.id, state.clock.now()).await? {
        return Err(AppError::invalid(
            "code",
            "Code de vérification : ce code a déjà été utilisé. Demandez un nouveau code.",
        ));
    }
    d.verified_email = Some(row.email);
    d.code_ticket = None;
    save(state, &token, &d).await?;
    Ok("/rendez-vous/verification".into())
}

/// "Valider": books the slot, or sends the person back to choose another when it was taken.
/// A second submission of the same draft (a double click) leads to the same appointment.
pub async fn validate(state: &AppState) -> Result<String, AppError> {
    let (token, mut d) = load(state).await?;
    if let Some(reference) = &d.booked {
        return Ok(link_path(state, reference));
    }
    let stale = |e: AppError| match e {
        AppError::Invalid(f) => AppError::invalid(
            "valider",
            f.errors
                .first()
                .map(|e| format!("{} Revenez à l'étape indiquée.", e.message))
                .unwrap_or_default(),
        ),
        other => other,
    };
    if reachable(&d) < 6 {
        return Err(stale(earlier_step(reachable(&d))));
    }
    let checked = check_contact(&d.contact).map_err(|e| stale(AppError::Invalid(e)))?;
    let (Some(reason_id), Some(agency_id), Some(start)) = (d.reason_id, d.agency_id, d.start)
    else {
        return Err(stale(earlier_step(3)));
    };
    let reason = repo::find_reason(&state.db, reason_id)
        .await?
        .ok_or_else(|| stale(earlier_step(2)))?;
    let agency = repo::find_agency(&state.db, agency_id)
        .await?
        .ok_or_else(|| stale(earlier_step(3)))?;
    let now = state.clock.now();
    let p = place(state, agency, None).await?;
    if !p.agenda().is_free(start, reason.duration_minutes, now) {
        let by_other = p
            .busy
            .iter()
            .any(|b| b.start < start + Duration::minutes(reason.duration_minutes) && start < b.end);
        return lost(state, &token, d, by_other).await;
    }
    let identity_id = match guard::current_viewer().await? {
        Some((_, v)) if v.person_id.is_some() => Some(v.identity_id),
        _ => None,
    };
    let reference = new_reference("RDV", now.with_timezone(&p.tz).year());
    let txn = state.db.begin().await?;
    let booked = repo::insert_appointment(
        &txn,
        NewAppointment {
            reference: &reference,
            agency_id: p.agency.id,
            reason_id: reason.id,
            starts_at: start,
            duration_minutes: reason.duration_minutes,
            identity_id,
            nir: checked.nir.body(),
            last_name: d.contact.last_name.trim(),
            first_name: d.contact.first_name.trim(),
            address: d.contact.address.trim(),
            phone: checked.phone.e164(),
            email: &checked.email,
        },
        now,
    )
    .await?;
    if booked.is_err() {
        txn.rollback().await?;
        return lost(state, &token, d, true).await;
    }
    let a = repo::find_by_reference(&txn, &reference)
        .await?
        .ok_or_else(|| super::internal("appointment just booked not found"))?;
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: identity_id,
            on_behalf_of_person_id: None,
            action: "appointment_requested",
            object: Some(reference.clone()),
            outcome: "ok",
            ip: guard::request_session().client_ip,
        },
    )
    .await?;
    notify(&txn, state, &a, &p.agency, &reason, Notice::Received).await?;
    // The details are not kept once booked (a shared computer shows them to nobody).
    d = Draft {
        owner: d.owner,
        booked: Some(reference.clone()),
        ..Draft::default()
    };
    let payload = serde_json::to_string(&d).map_err(|e| super::internal(e.to_string()))?;
    repo::upsert_draft(&txn, &super::session::token_hash(&token), &payload, now).await?;
    txn.commit().await?;
    Ok(format!("{}&nouveau=1", link_path(state, &reference)))
}

/// The slot can no longer be booked: back to step 3, where the nearest free slots are offered.
/// Unless the one who took it is this very draft, submitted twice: the winner records its
/// booking in the draft in the same transaction, so it is visible once the slot shows as taken.
async fn lost(
    state: &AppState,
    token: &str,
    mut d: Draft,
    by_other: bool,
) -> Result<String, AppError> {
    if let (
        _,
        Draft {
            booked: Some(reference),
            ..
        },
    ) = load(state).await?
    {
        return Ok(link_path(state, &reference));
    }
    d.taken = d.start.take();
    d.taken_by_other = by_other;
    save(state, token, &d).await?;
    Ok("/rendez-vous/creneau?pris=1".into())
}

// ---- Emails ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Notice {
    Received,
    Confirmed,
    Moved,
    /// `in_calendar`: a calendar file was sent before, so one now removes the event.
    Cancelled {
        in_calendar: bool,
    },
    Reminder,
}

/// The appointment as a calendar file: the same UID and sequence in the emailed invitations and
/// in the file downloaded from its page, so that each later version replaces the earlier one.
fn calendar_file(
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    place: &str,
    method: IcsMethod,
) -> String {
    let summary = match method {
        IcsMethod::RequestTentative | IcsMethod::PublishTentative => format!(
            "Rendez-vous {} – {} (à confirmer)",
            agency.name, reason.label
        ),
        _ => format!("Rendez-vous {} – {}", agency.name, reason.label),
    };
    let description = ics::description(
        method,
        &a.reference,
        &reason_label(reason),
        &agency.name,
        agency.phone.as_deref().unwrap_or_default(),
        a.cancel_reason.as_deref(),
    );
    ics::render(&IcsEvent {
        uid: &ics::uid(&a.reference, &state.config.public_url),
        sequence: a.sequence.max(0) as u32,
        stamp: state.clock.now(),
        start: a.starts_at,
        end: a.ends_at,
        summary: &summary,
        location: place,
        description: &description,
        organizer: IcsParty {
            name: &agency.name,
            email: &state.config.mail_from,
        },
        attendee: IcsParty {
            name: &format!("{} {}", a.first_name, a.last_name),
            email: &a.email,
        },
        method,
    })
}

fn place_of(a: &AppointmentRow, agency: &AgencyRow, reason: &ReasonRow) -> String {
    match reason.channel {
        Channel::Agency => format!("{}, {}", agency.name, agency.address),
        Channel::Phone => format!(
            "un agent de l'{} vous appellera au {}",
            agency.name,
            MobilePhone::parse(&a.phone)
                .map(|p| p.national())
                .unwrap_or_default()
        ),
    }
}

/// "Ajouter à mon agenda": the calendar file of an appointment still to come, for the holder of
/// its link or the signed-in person who booked it (`identity_id`); its name and content.
pub async fn calendar_download(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    identity_id: Option<i64>,
) -> Result<(String, String), AppError> {
    let (a, _) = reach_as(state, reference, key, identity_id).await?;
    let method = match a.status {
        AppointmentStatus::Confirmed => IcsMethod::Publish,
        AppointmentStatus::Requested => IcsMethod::PublishTentative,
        AppointmentStatus::Cancelled | AppointmentStatus::Done => return Err(AppError::NotFound),
    };
    if a.ends_at <= state.clock.now() {
        return Err(AppError::NotFound);
    }
    let (agency, reason) = context(state, &a).await?;
    let place = place_of(&a, &agency, &reason);
    Ok((
        format!("rendez-vous-{}.ics", a.reference),
        calendar_file(state, &a, &agency, &reason, &place, method),
    ))
}

/// Whether the person received a calendar file for this appointment (seen before a change):
/// confirmation sends one, and so does every move (which is what raises the sequence).
fn in_calendar(a: &AppointmentRow) -> bool {
    a.status == AppointmentStatus::Confirmed || a.sequence > 0
}

async fn notify(
    txn: &DatabaseTransaction,
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    notice: Notice,
) -> Result<(), AppError> {
    let tz = tz_of(agency);
    let when = when_fr(a.starts_at, tz);
    let place = place_of(a, agency, reason);
    let link = link_url(state, &a.reference);
    let (subject, intro) = match notice {
        Notice::Received => ("Votre demande de rendez-vous est enregistrée", format!("Votre demande de rendez-vous {} est enregistrée. Un agent vous recontactera pour la confirmer et préparer votre dossier.", a.reference)),
        Notice::Confirmed => ("Votre rendez-vous est confirmé", format!("L'agence confirme votre rendez-vous {}. Le fichier joint l'inscrit dans votre agenda.", a.reference)),
        Notice::Moved => (
            "Votre rendez-vous a changé d'horaire",
            if a.status == AppointmentStatus::Confirmed {
                format!("Votre rendez-vous {} a été déplacé par l'agence. Le fichier joint met à jour votre agenda.", a.reference)
            } else {
                format!("Votre rendez-vous {} a été déplacé à votre demande. Un agent vous recontactera pour confirmer ce nouveau créneau ; le fichier joint le place dans votre agenda à ce nouvel horaire, marqué « à confirmer » tant que l'agence ne l'a pas confirmé.", a.reference)
            },
        ),
        Notice::Cancelled { in_calendar } => (
            "Votre rendez-vous est annulé",
            format!(
                "{}{}",
                match &a.cancel_reason {
                    Some(r) => format!("L'agence a annulé votre rendez-vous {}. Motif : {r}", a.reference),
                    None => format!("Votre rendez-vous {} est annulé, comme vous l'avez demandé.", a.reference),
                },
                if in_calendar { "\nLe fichier joint le retire de votre agenda." } else { "" }
            ),
        ),
        Notice::Reminder => ("Rappel : votre rendez-vous approche", format!("Nous vous rappelons votre rendez-vous {}.", a.reference)),
    };
    let mut body = format!(
        "Bonjour {} {},\n\n{intro}\n\nQuand : {when} ({})\nOù : {place}\nMotif : {}\n",
        a.first_name,
        a.last_name,
        duration_fr((a.ends_at - a.starts_at).num_minutes()),
        reason_label(reason)
    );
    if let Some(notes) = agency.access_notes.as_ref().filter(|_| {
        reason.channel == Channel::Agency && !matches!(notice, Notice::Cancelled { .. })
    }) {
        body.push_str(&format!("Accès : {notes}\n"));
    }
    if !matches!(notice, Notice::Cancelled { .. }) {
        body.push_str(&format!(
            "\nPour annuler (jusqu'à {} heures avant) ou choisir un autre créneau (jusqu'à {} jours avant), suivez ce lien :\n{link}\n",
            rules::CANCEL_UNTIL_HOURS,
            rules::RESCHEDULE_UNTIL_DAYS
        ));
    } else {
        body.push_str(&format!("\nLe détail reste consultable ici :\n{link}\nVous pouvez prendre un nouveau rendez-vous sur Passerelle.\n"));
    }
    body.push_str(&format!(
        "\nPour toute question : {} – {}.\n\nPasserelle",
        agency.name,
        agency.phone.clone().unwrap_or_default()
    ));
    let attachment = match notice {
        Notice::Confirmed | Notice::Moved if a.status == AppointmentStatus::Confirmed => {
            Some(IcsMethod::Request)
        }
        // Moved at the person's request: the event moves too, tentative until the agency confirms.
        Notice::Moved => Some(IcsMethod::RequestTentative),
        Notice::Cancelled { in_calendar: true } => Some(IcsMethod::Cancel),
        _ => None,
    }
    .map(|method| Attachment {
        name: "rendez-vous.ics".into(),
        content_type: method.content_type(),
        body: calendar_file(state, a, agency, reason, &place, method),
    });
    outbox::insert_message_with(
        txn,
        &a.email,
        subject,
        &body,
        attachment.as_ref(),
        state.clock.now(),
    )
    .await?;
    Ok(())
}

// ---- The appointment (link or account) ----

/// The appointment, for the holder of its link (with the key, to carry in the page's forms) or
/// the signed-in person who booked it.
async fn reach(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
) -> Result<(AppointmentRow, Option<String>), AppError> {
    let identity_id = match guard::current_viewer().await? {
        Some((_, v)) => Some(v.identity_id),
        None => None,
    };
    reach_as(state, reference, key, identity_id).await
}

/// `reach`, for the identity signed in (if any) as given.
async fn reach_as(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    identity_id: Option<i64>,
) -> Result<(AppointmentRow, Option<String>), AppError> {
    let a = repo::find_by_reference(&state.db, reference.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(k) = key.filter(|k| key_matches(state, &a.reference, k)) {
        return Ok((a, Some(k.trim().to_owned())));
    }
    match identity_id {
        Some(id) if a.identity_id == Some(id) => Ok((a, None)),
        _ => Err(AppError::NotFound),
    }
}

/// The appointment's page for the person, with its key when reached by the link.
fn person_href(reference: &str, key: Option<&str>) -> String {
    match key {
        Some(k) => format!("/rendez-vous/suivi/{reference}?cle={k}"),
        None => format!("/rendez-vous/suivi/{reference}"),
    }
}

async fn context(state: &AppState, a: &AppointmentRow) -> Result<(AgencyRow, ReasonRow), AppError> {
    let agency = repo::find_agency(&state.db, a.agency_id)
        .await?
        .ok_or_else(|| super::internal("appointment without agency"))?;
    let reason = repo::find_reason(&state.db, a.reason_id)
        .await?
        .ok_or_else(|| super::internal("appointment without reason"))?;
    Ok((agency, reason))
}

fn view(
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    key: Option<String>,
) -> AppointmentView {
    let tz = tz_of(agency);
    let allowed = rules::allowed(a.status, a.starts_at, state.clock.now());
    AppointmentView {
        reference: a.reference.clone(),
        status: a.status.label().into(),
        status_class: status_class(a.status).into(),
        object: reason.object.label().into(),
        reason: reason.label.clone(),
        channel: reason.channel.label().into(),
        when: when_fr(a.starts_at, tz),
        duration: duration_fr((a.ends_at - a.starts_at).num_minutes()),
        agency_name: agency.name.clone(),
        agency_address: agency.address.clone(),
        agency_phone: agency.phone.clone().unwrap_or_default(),
        access_notes: agency.access_notes.clone(),
        person: format!("{} {}", a.first_name, a.last_name),
        phone: MobilePhone::parse(&a.phone)
            .map(|p| p.national())
            .unwrap_or_else(|_| a.phone.clone()),
        email: a.email.clone(),
        cancel_reason: a.cancel_reason.clone(),
        can_cancel: allowed.person_cancel,
        can_reschedule: allowed.person_reschedule,
        cancel_until: when_fr(a.starts_at - Duration::hours(rules::CANCEL_UNTIL_HOURS), tz),
        reschedule_until: when_fr(
            a.starts_at - Duration::days(rules::RESCHEDULE_UNTIL_DAYS),
            tz,
        ),
        href: person_href(&a.reference, key.as_deref()),
        next_steps: next_steps(a.status, a.ends_at <= state.clock.now()).into(),
        calendar_href: (matches!(
            a.status,
            AppointmentStatus::Requested | AppointmentStatus::Confirmed
        ) && a.ends_at > state.clock.now())
        .then(|| match key.as_deref() {
            Some(k) => format!("/rendez-vous/suivi/{}/agenda.ics?cle={k}", a.reference),
            None => format!("/rendez-vous/suivi/{}/agenda.ics", a.reference),
        }),
        key,
        slots: None,
    }
}

/// "Et ensuite ?" on the appointment's page, for each state.
fn next_steps(status: AppointmentStatus, past: bool) -> &'static str {
    match (status, past) {
        (AppointmentStatus::Requested, false) => "Votre demande est enregistrée. Un agent vous recontactera pour confirmer le rendez-vous et préparer votre dossier. Munissez-vous de votre carte Vitale et des documents utiles à votre demande.",
        (AppointmentStatus::Confirmed, false) => "L'agence a confirmé votre rendez-vous. Munissez-vous de votre carte Vitale et des documents utiles à votre demande.",
        (AppointmentStatus::Requested | AppointmentStatus::Confirmed, true) | (AppointmentStatus::Done, _) => "Ce rendez-vous a eu lieu. Pour une nouvelle question, prenez un autre rendez-vous ou appelez votre agence.",
        (AppointmentStatus::Cancelled, _) => "Ce rendez-vous est annulé : le créneau a été libéré. Vous pouvez prendre un nouveau rendez-vous à tout moment.",
    }
}

pub async fn appointment_view(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    from: Option<&str>,
) -> Result<AppointmentView, AppError> {
    let (a, key) = reach(state, reference, key).await?;
    let (agency, reason) = context(state, &a).await?;
    let mut v = view(state, &a, &agency, &reason, key);
    if v.can_reschedule && from.is_some() {
        let p = place(state, agency, Some(&a)).await?;
        let mut page = slot_page(
            &p,
            reason.duration_minutes,
            parse_day(from),
            None,
            state.clock.now(),
        );
        // Only slots still 2 days away may be chosen by the person.
        for day in &mut page.days {
            day.slots.retain(|s| {
                parse_slot(&s.value).is_some_and(|at| rules::may_reschedule(at, state.clock.now()))
            });
        }
        page.days.retain(|d| !d.slots.is_empty());
        v.slots = Some(page);
    }
    Ok(v)
}

/// The person's page again, with what just happened.
fn back_to(reference: &str, key: Option<&str>, flag: &str) -> String {
    let href = person_href(reference, key);
    let sep = if href.contains('?') { '&' } else { '?' };
    format!("{href}{sep}{flag}=1")
}

pub async fn cancel_by_person(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
) -> Result<String, AppError> {
    let (a, key) = reach(state, reference, key).await?;
    let (agency, reason) = context(state, &a).await?;
    let now = state.clock.now();
    if !a.status.holds_slot() {
        return Err(AppError::invalid(
            "annuler",
            "Annulation : ce rendez-vous est déjà annulé ou terminé.",
        ));
    }
    if !rules::allowed(a.status, a.starts_at, now).person_cancel {
        return Err(AppError::invalid("annuler", format!("Annulation : un rendez-vous ne peut plus être annulé en ligne moins de {} heures avant. Appelez l'agence au {}.", rules::CANCEL_UNTIL_HOURS, agency.phone.clone().unwrap_or_default())));
    }
    let txn = state.db.begin().await?;
    if !repo::cancel_appointment(&txn, a.id, None, now).await? {
        txn.rollback().await?;
        return Err(AppError::invalid(
            "annuler",
            "Annulation : ce rendez-vous est déjà annulé ou terminé.",
        ));
    }
    let was_in_calendar = in_calendar(&a);
    let a = repo::find_by_reference(&txn, &a.reference)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: None,
            on_behalf_of_person_id: None,
            action: "appointment_cancelled_by_person",
            object: Some(a.reference.clone()),
            outcome: "ok",
            ip: guard::request_session().client_ip,
        },
    )
    .await?;
    notify(
        &txn,
        state,
        &a,
        &agency,
        &reason,
        Notice::Cancelled {
            in_calendar: was_in_calendar,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(back_to(&a.reference, key.as_deref(), "annule"))
}

pub async fn reschedule_by_person(
    state: &AppState,
    reference: &str,
    key: Option<&str>,
    slot: &str,
) -> Result<String, AppError> {
    let (a, key) = reach(state, reference, key).await?;
    let (agency, reason) = context(state, &a).await?;
    let now = state.clock.now();
    if !rules::allowed(a.status, a.starts_at, now).person_reschedule {
        return Err(AppError::invalid("creneau", format!("Créneau : un rendez-vous ne peut plus être déplacé en ligne moins de {} jours avant. Appelez l'agence au {}.", rules::RESCHEDULE_UNTIL_DAYS, agency.phone.clone().unwrap_or_default())));
    }
    let Some(start) = parse_slot(slot) else {
        return Err(AppError::invalid(
            "creneau",
            "Créneau : choisissez une date et une heure.",
        ));
    };
    let p = place(state, agency.clone(), Some(&a)).await?;
    if !rules::may_reschedule(start, now)
        || !p.agenda().is_free(start, reason.duration_minutes, now)
    {
        return Err(AppError::invalid(
            "creneau",
            "Créneau : ce créneau n'est plus disponible. Choisissez-en un autre.",
        ));
    }
    moved(
        state,
        &a,
        &agency,
        &reason,
        start,
        AppointmentStatus::Requested,
        None,
    )
    .await?;
    Ok(back_to(&a.reference, key.as_deref(), "deplace"))
}

/// Moves and tells the person; the slot lost to a race is a field error.
async fn moved(
    state: &AppState,
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
    start: DateTime<Utc>,
    status: AppointmentStatus,
    actor: Option<i64>,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    match repo::move_appointment(&txn, a, start, status, now).await? {
        Ok(true) => {}
        Ok(false) => {
            txn.rollback().await?;
            return Err(AppError::invalid(
                "creneau",
                "Créneau : ce rendez-vous a changé entre-temps. Rechargez la page.",
            ));
        }
        Err(_) => {
            txn.rollback().await?;
            return Err(AppError::invalid("creneau", "Créneau : ce créneau vient d'être réservé par une autre personne. Choisissez-en un autre."));
        }
    }
    let updated = repo::find_by_reference(&txn, &a.reference)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::insert_event(
        &txn,
        AuditEntry {
            at: now,
            actor_identity_id: actor,
            on_behalf_of_person_id: None,
            action: "appointment_moved",
            object: Some(a.reference.clone()),
            outcome: "ok",
            ip: guard::request_session().client_ip,
        },
    )
    .await?;
    notify(&txn, state, &updated, agency, reason, Notice::Moved).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn my_appointments(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<AppointmentSummary>, AppError> {
    if viewer.person_id.is_none() {
        return Err(AppError::Forbidden);
    }
    let rows = repo::list_for_identity(&state.db, viewer.identity_id).await?;
    let reasons = repo::list_reasons(&state.db).await?;
    let mut agencies: Vec<AgencyRow> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        if !agencies.iter().any(|x| x.id == a.agency_id) {
            agencies.push(
                repo::find_agency(&state.db, a.agency_id)
                    .await?
                    .ok_or_else(|| super::internal("appointment without agency"))?,
            );
        }
        let agency = agencies
            .iter()
            .find(|x| x.id == a.agency_id)
            .ok_or_else(|| super::internal("agency just read"))?;
        let reason = reason_of(&reasons, &a)?;
        out.push(AppointmentSummary {
            reference: a.reference.clone(),
            when: when_fr(a.starts_at, tz_of(agency)),
            reason: reason_label(reason),
            agency: agency.name.clone(),
            status: a.status.label().into(),
            status_class: status_class(a.status).into(),
            href: format!("/rendez-vous/suivi/{}", a.reference),
        });
    }
    Ok(out)
}

// ---- The agency back office ----

async fn own_agency(state: &AppState, viewer: &Viewer) -> Result<AgencyRow, AppError> {
    let id = viewer.organisation_id.ok_or(AppError::Forbidden)?;
    repo::find_agency(&state.db, id)
        .await?
        .ok_or(AppError::Forbidden)
}

fn reason_of<'a>(reasons: &'a [ReasonRow], a: &AppointmentRow) -> Result<&'a ReasonRow, AppError> {
    reasons
        .iter()
        .find(|r| r.id == a.reason_id)
        .ok_or_else(|| super::internal("appointment without reason"))
}

/// The agent's lines for these appointments (the reasons read once by the caller).
fn lines(
    rows: &[AppointmentRow],
    agency: &AgencyRow,
    reasons: &[ReasonRow],
) -> Result<Vec<AgencyAppointmentLine>, AppError> {
    rows.iter()
        .map(|a| line(a, agency, reason_of(reasons, a)?))
        .collect()
}

fn line(
    a: &AppointmentRow,
    agency: &AgencyRow,
    reason: &ReasonRow,
) -> Result<AgencyAppointmentLine, AppError> {
    let tz = tz_of(agency);
    Ok(AgencyAppointmentLine {
        reference: a.reference.clone(),
        time: format!(
            "{} – {}",
            a.starts_at.with_timezone(&tz).format("%H:%M"),
            a.ends_at.with_timezone(&tz).format("%H:%M")
        ),
        when: when_fr(a.starts_at, tz),
        person: format!("{} {}", a.first_name, a.last_name),
        phone: MobilePhone::parse(&a.phone)
            .map(|p| p.national())
            .unwrap_or_else(|_| a.phone.clone()),
        reason: reason_label(reason),
        channel: reason.channel.label().into(),
        status: a.status.label().into(),
        status_class: status_class(a.status).into(),
        href: format!("/agence/rendez-vous/{}", a.reference),
    })
}

/// Of `candidates`, those the agency's hours or closures no longer allow.
async fn out_of_hours(
    state: &AppState,
    agency: &AgencyRow,
    upcoming: Vec<AppointmentRow>,
) -> Result<Vec<AppointmentRow>, AppError> {
    let now = state.clock.now();
    let tz = tz_of(agency);
    let hours = repo::opening_periods(&state.db, agency.id).await?;
    let closures: Vec<rules::Closure> =
        repo::list_closures(&state.db, agency.id, now.with_timezone(&tz).date_naive())
            .await?
            .iter()
            .map(|c| c.closure())
            .collect();
    let triples: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> = upcoming
        .iter()
        .map(|a| (a.id, a.starts_at, a.ends_at))
        .collect();
    let ids = rules::out_of_hours(&tz, &hours, &closures, &triples);
    Ok(upcoming
        .into_iter()
        .filter(|a| ids.contains(&a.id))
        .collect())
}

pub async fn agency_agenda(
    state: &AppState,
    viewer: &Viewer,
    status: Option<&str>,
    day: Option<&str>,
) -> Result<AgencyAgenda, AppError> {
    let agency = own_agency(state, viewer).await?;
    let tz = tz_of(&agency);
    let now = state.clock.now();
    let today = now.with_timezone(&tz).date_naive();
    let wanted = status
        .and_then(AppointmentStatus::from_code)
        .unwrap_or(AppointmentStatus::Requested);
    let reasons = repo::list_reasons(&state.db).await?;
    let mut tabs = Vec::new();
    let mut requests = Vec::new();
    for s in AppointmentStatus::ALL {
        let rows = repo::list_for_agency(&state.db, agency.id, Some(s), None).await?;
        tabs.push(StatusTab {
            code: s.code().into(),
            label: s.label().into(),
            count: rows.len(),
            selected: s == wanted,
        });
        if s == wanted {
            requests = lines(&rows, &agency, &reasons)?;
        }
    }
    let day = agenda_day(day, today)?;
    let start = local_midnight(&tz, day);
    let end = local_midnight(&tz, day + Duration::days(1));
    let calendar = lines(
        &repo::list_for_agency(&state.db, agency.id, None, Some((start, end))).await?,
        &agency,
        &reasons,
    )?;
    let upcoming = repo::upcoming_holding(&state.db, agency.id, now).await?;
    let to_handle = lines(
        &out_of_hours(state, &agency, upcoming).await?,
        &agency,
        &reasons,
    )?;
    Ok(AgencyAgenda {
        agency_name: agency.name.clone(),
        tabs,
        requests,
        day: day.to_string(),
        day_label: day_fr(day),
        previous_day: (day - Duration::days(1)).to_string(),
        next_day: (day + Duration::days(1)).to_string(),
        calendar,
        to_handle,
    })
}

/// The agenda day asked for (`jour`, `AAAA-MM-JJ`), today when none: within ten years of
/// today, so that the day before and after it always exist.
pub fn agenda_day(input: Option<&str>, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let Some(typed) = input.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(today);
    };
    let day = parse_day(Some(typed)).ok_or_else(|| {
        AppError::invalid(
            "jour",
            "Jour : indiquez une date au format AAAA-MM-JJ, par exemple 2026-05-04.",
        )
    })?;
    let limit = Duration::days(3653);
    if (day - today).abs() > limit {
        return Err(AppError::invalid(
            "jour",
            "Jour : choisissez une date à moins de dix ans d'aujourd'hui.",
        ));
    }
    Ok(day)
}

fn local_midnight(tz: &Tz, day: NaiveDate) -> DateTime<Utc> {
    rules::instant(tz, day.and_time(NaiveTime::MIN))
        .unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc())
}

async fn agency_appointment(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
) -> Result<(AppointmentRow, AgencyRow, ReasonRow), AppError> {
    let agency = own_agency(state, viewer).await?;
    let a = repo::find_by_reference(&state.db, reference.trim())
        .await?
        .filter(|a| a.agency_id == agency.id)
        .ok_or(AppError::NotFound)?;
    let reason = repo::find_reason(&state.db, a.reason_id)
        .await?
        .ok_or_else(|| super::internal("appointment without reason"))?;
    Ok((a, agency, reason))
}

pub async fn agency_detail(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    from: Option<&str>,
) -> Result<AgencyAppointmentDetail, AppError> {
    let (a, agency, reason) = agency_appointment(state, viewer, reference).await?;
    let now = state.clock.now();
    let mut v = view(state, &a, &agency, &reason, None);
    v.href = format!("/agence/rendez-vous/{}", a.reference);
    let allowed = rules::allowed(a.status, a.starts_at, now);
    if allowed.agent_move && from.is_some() {
        let p = place(state, agency.clone(), Some(&a)).await?;
        v.slots = Some(slot_page(
            &p,
            reason.duration_minutes,
            parse_day(from),
            None,
            now,
        ));
    }
    let upcoming = a.status.holds_slot() && a.starts_at >= now;
    let out = upcoming
        && !out_of_hours(state, &agency, vec![a.clone()])
            .await?
            .is_empty();
    Ok(AgencyAppointmentDetail {
        nir: Nir::parse_without_key(&a.nir)
            .map(|n| n.display())
            .unwrap_or_else(|_| a.nir.clone()),
        address: a.address.clone(),
        note: a.agent_note.clone().unwrap_or_default(),
        created_at: {
            let local = a.created_at.with_timezone(&tz_of(&agency));
            format!(
                "{} à {} ({})",
                day_fr(local.date_naive()),
                local.format("%H:%M"),
                tz_label(tz_of(&agency))
            )
        },
        can_confirm: allowed.agent_confirm,
        can_move: allowed.agent_move,
        can_cancel: allowed.agent_cancel,
        can_mark_done: allowed.agent_mark_done,
        out_of_hours: out,
        view: v,
    })
}

#[allow(clippy::too_many_arguments)]
pub async fn agent_update(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    action: &str,
    slot: Option<&str>,
    reason_text: Option<&str>,
    note: Option<&str>,
    ip: Option<String>,
) -> Result<String, AppError> {
    let (a, agency, reason) = agency_appointment(state, viewer, reference).await?;
    let now = state.clock.now();
    let href = |done: &str| format!("/agence/rendez-vous/{}?fait={done}", a.reference);
    let entry = |action: &'static str| AuditEntry {
        at: now,
        actor_identity_id: Some(viewer.identity_id),
        on_behalf_of_person_id: None,
        action,
        object: Some(a.reference.clone()),
        outcome: "ok",
        ip: ip.clone(),
    };
    let allowed = rules::allowed(a.status, a.starts_at, now);
    match action {
        "confirmer" => {
            let txn = state.db.begin().await?;
            if !allowed.agent_confirm || !repo::confirm_appointment(&txn, &a, now).await? {
                txn.rollback().await?;
                return Err(AppError::invalid("action", "Confirmation : seul un rendez-vous à venir en attente de rappel peut être confirmé."));
            }
            let updated = repo::find_by_reference(&txn, &a.reference)
                .await?
                .ok_or(AppError::NotFound)?;
            audit::insert_event(&txn, entry("appointment_confirmed")).await?;
            notify(&txn, state, &updated, &agency, &reason, Notice::Confirmed).await?;
            txn.commit().await?;
            Ok(href("confirme"))
        }
        "deplacer" => {
            let Some(start) = slot.and_then(parse_slot) else {
                return Err(AppError::invalid(
                    "creneau",
                    "Créneau : choisissez le nouveau créneau.",
                ));
            };
            if !allowed.agent_move {
                return Err(AppError::invalid(
                    "creneau",
                    "Créneau : ce rendez-vous ne peut plus être déplacé.",
                ));
            }
            let p = place(state, agency.clone(), Some(&a)).await?;
            if !p.agenda().is_free(start, reason.duration_minutes, now) {
                return Err(AppError::invalid(
                    "creneau",
                    "Créneau : ce créneau n'est plus disponible. Choisissez-en un autre.",
                ));
            }
            moved(
                state,
                &a,
                &agency,
                &reason,
                start,
                AppointmentStatus::Confirmed,
                Some(viewer.identity_id),
            )
            .await?;
            Ok(href("deplace"))
        }
        "annuler" => {
            let motif = reason_text.unwrap_or_default().trim();
            if motif.chars().count() < 5 || motif.chars().count() > 500 {
                return Err(AppError::invalid("motif", "Motif d'annulation : expliquez en quelques mots (5 à 500 caractères) pourquoi le rendez-vous est annulé ; il est envoyé à la personne."));
            }
            // The domain rule decides (a past appointment is marked done, not cancelled).
            if !allowed.agent_cancel && a.status.holds_slot() {
                return Err(AppError::invalid("motif", "Motif d'annulation : un rendez-vous passé ne peut plus être annulé ; marquez-le comme terminé."));
            }
            let txn = state.db.begin().await?;
            if !repo::cancel_appointment(&txn, a.id, Some(motif), now).await? {
                txn.rollback().await?;
                return Err(AppError::invalid(
                    "motif",
                    "Motif d'annulation : ce rendez-vous est déjà annulé ou terminé.",
                ));
            }
            let updated = repo::find_by_reference(&txn, &a.reference)
                .await?
                .ok_or(AppError::NotFound)?;
            audit::insert_event(&txn, entry("appointment_cancelled_by_agency")).await?;
            notify(
                &txn,
                state,
                &updated,
                &agency,
                &reason,
                Notice::Cancelled {
                    in_calendar: in_calendar(&a),
                },
            )
            .await?;
            txn.commit().await?;
            Ok(href("annule"))
        }
        "terminer" => {
            let txn = state.db.begin().await?;
            if !allowed.agent_mark_done
                || !repo::set_status(
                    &txn,
                    a.id,
                    &AppointmentStatus::HOLDING,
                    AppointmentStatus::Done,
                    now,
                )
                .await?
            {
                txn.rollback().await?;
                return Err(AppError::invalid("action", "Rendez-vous terminé : seul un rendez-vous passé, non annulé, peut être marqué terminé."));
            }
            audit::insert_event(&txn, entry("appointment_done")).await?;
            txn.commit().await?;
            Ok(href("termine"))
        }
        "note" => {
            let text = note.unwrap_or_default().trim();
            if text.chars().count() > 2000 {
                return Err(AppError::Invalid(
                    FormErrors::field("note", "Note de préparation : 2 000 caractères au plus.")
                        .keep("note", text),
                ));
            }
            repo::set_note(&state.db, a.id, (!text.is_empty()).then_some(text), now).await?;
            Ok(href("note"))
        }
        _ => Err(AppError::invalid(
            "action",
            "Action : choisissez confirmer, déplacer, annuler ou terminer.",
        )),
    }
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

pub async fn agency_hours(state: &AppState, viewer: &Viewer) -> Result<AgencyHours, AppError> {
    let agency = own_agency(state, viewer).await?;
    let tz = tz_of(&agency);
    let periods = repo::opening_periods(&state.db, agency.id).await?;
    let hm = |t: NaiveTime| t.format("%H:%M").to_string();
    let days = WEEKDAYS
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let of_day: Vec<&OpeningPeriod> = periods.iter().filter(|p| p.weekday == *w).collect();
            let get = |n: usize| {
                of_day
                    .get(n)
                    .map(|p| (hm(p.opens), hm(p.closes)))
                    .unwrap_or_default()
            };
            let ((o1, c1), (o2, c2)) = (get(0), get(1));
            let label = weekday_fr(*w);
            OpeningDay {
                weekday: i as u8,
                label: upper_first(label),
                opens_1: o1,
                closes_1: c1,
                opens_2: o2,
                closes_2: c2,
            }
        })
        .collect();
    let today = state.clock.now().with_timezone(&tz).date_naive();
    let closures = repo::list_closures(&state.db, agency.id, today)
        .await?
        .into_iter()
        .map(|c| ClosureView {
            id: c.id,
            period: if c.first_day == c.last_day {
                day_fr(c.first_day)
            } else {
                format!("du {} au {}", day_fr(c.first_day), day_fr(c.last_day))
            },
            label: c.label,
        })
        .collect();
    let upcoming = repo::upcoming_holding(&state.db, agency.id, state.clock.now()).await?;
    let to_handle = lines(
        &out_of_hours(state, &agency, upcoming).await?,
        &agency,
        &repo::list_reasons(&state.db).await?,
    )?;
    Ok(AgencyHours {
        agency_name: agency.name.clone(),
        time_zone_label: tz_label(tz),
        days,
        closures,
        to_handle,
    })
}

fn parse_hm(input: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(input.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(input.trim(), "%Hh%M"))
        .ok()
}

/// Saves one weekday's periods. Appointments they no longer allow stay booked and are listed.
pub async fn save_day(
    state: &AppState,
    viewer: &Viewer,
    weekday: u8,
    typed: [&str; 4],
) -> Result<String, AppError> {
    let agency = own_agency(state, viewer).await?;
    let Some(w) = WEEKDAYS.get(weekday as usize).copied() else {
        return Err(AppError::invalid(
            "jour",
            "Jour : choisissez un jour de la semaine.",
        ));
    };
    let names = ["ouverture_1", "fermeture_1", "ouverture_2", "fermeture_2"];
    let mut errors = FormErrors::default();
    let mut periods = Vec::new();
    for n in 0..2 {
        let (o, c) = (typed[2 * n].trim(), typed[2 * n + 1].trim());
        if o.is_empty() && c.is_empty() {
            continue;
        }
        let label = if n == 0 {
            "Première plage"
        } else {
            "Seconde plage"
        };
        match (parse_hm(o), parse_hm(c)) {
            (Some(o), Some(c)) => match rules::check_period(o, c) {
                Ok(()) => periods.push((o, c)),
                Err(e) => errors.push(names[2 * n + 1], format!("{label} ({}) : {e}.", weekday_fr(w))),
            },
            (None, _) => errors.push(names[2 * n], format!("{label} ({}) : saisissez l'heure d'ouverture au format HH:MM, par exemple 08:30.", weekday_fr(w))),
            (_, None) => errors.push(names[2 * n + 1], format!("{label} ({}) : saisissez l'heure de fermeture au format HH:MM, par exemple 12:00.", weekday_fr(w))),
        }
    }
    if let [(_, c1), (o2, _)] = periods.as_slice() {
        if o2 < c1 {
            errors.push(
                "ouverture_2",
                format!(
                    "Seconde plage ({}) : elle doit commencer après la fin de la première.",
                    weekday_fr(w)
                ),
            );
        }
    }
    if !errors.is_empty() {
        let mut e = errors;
        for (name, value) in names.iter().zip(typed) {
            e = e.keep(&format!("{name}_{weekday}"), value);
        }
        e.errors
            .iter_mut()
            .for_each(|fe| fe.field = format!("{}_{weekday}", fe.field));
        return Err(AppError::Invalid(e));
    }
    let txn = state.db.begin().await?;
    repo::replace_day(&txn, agency.id, w, &periods).await?;
    audit::insert_event(
        &txn,
        AuditEntry {
            at: state.clock.now(),
            actor_identity_id: Some(viewer.identity_id),
            on_behalf_of_person_id: None,
            action: "agency_hours_changed",
            object: Some(weekday_fr(w).into()),
            outcome: "ok",
            ip: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(format!("/agence/horaires?enregistre={weekday}"))
}

pub async fn add_closure(
    state: &AppState,
    viewer: &Viewer,
    first: &str,
    last: &str,
    label: &str,
) -> Result<String, AppError> {
    let agency = own_agency(state, viewer).await?;
    let today = state
        .clock
        .now()
        .with_timezone(&tz_of(&agency))
        .date_naive();
    let mut errors = FormErrors::default();
    let first_day = crate::platform::input::parse_date_fr(first);
    let last_day = if last.trim().is_empty() {
        first_day
    } else {
        crate::platform::input::parse_date_fr(last)
    };
    if first_day.is_none() {
        errors.push(
            "du",
            "Premier jour de fermeture : saisissez une date, par exemple 25/12/2026.",
        );
    }
    if last_day.is_none() {
        errors.push(
            "au",
            "Dernier jour de fermeture : saisissez une date, par exemple 26/12/2026.",
        );
    }
    let label = label.trim();
    if label.chars().count() < 3 || label.chars().count() > 100 {
        errors.push(
            "libelle",
            "Motif de fermeture : de 3 à 100 caractères, par exemple « Noël » ou « Inventaire ».",
        );
    }
    if let (Some(f), Some(l)) = (first_day, last_day) {
        if let Err(e) = rules::check_closure(f, l, today) {
            errors.push("au", format!("Fermeture : {e}."));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(
            errors
                .keep("du", first)
                .keep("au", last)
                .keep("libelle", label),
        ));
    }
    let (Some(f), Some(l)) = (first_day, last_day) else {
        return Err(super::internal("closure dates missing"));
    };
    repo::insert_closure(&state.db, agency.id, f, l, label, state.clock.now()).await?;
    Ok("/agence/horaires?fermeture=ajoutee".into())
}

pub async fn remove_closure(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<String, AppError> {
    let agency = own_agency(state, viewer).await?;
    if !repo::delete_closure(&state.db, agency.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok("/agence/horaires?fermeture=retiree".into())
}

// ---- The worker ----

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobReport {
    pub reminders: usize,
    pub purged: u64,
}

/// Reminders 48 hours before, and the purge of data older than 2 years. Each reminder is claimed
/// by a conditional UPDATE that starts its transaction, so two processes never send it twice.
pub async fn run_jobs(state: &AppState, now: DateTime<Utc>) -> Result<JobReport, AppError> {
    let mut report = JobReport::default();
    for a in repo::reminder_candidates(&state.db, now, now + Duration::hours(rules::REMINDER_HOURS))
        .await?
    {
        // Booked less than 48 hours ahead: the confirmation is the reminder.
        if !rules::reminder_due(a.starts_at, now)
            || a.starts_at - a.created_at < Duration::hours(rules::REMINDER_HOURS)
        {
            continue;
        }
        let (agency, reason) = context(state, &a).await?;
        let txn = state.db.begin().await?;
        if !repo::claim_reminder(&txn, a.id, now).await? {
            txn.rollback().await?;
            continue;
        }
        // Read again after the claim: a move in between resets the reminder and the time.
        let Some(a) = repo::find_by_reference(&txn, &a.reference).await? else {
            txn.rollback().await?;
            continue;
        };
        notify(&txn, state, &a, &agency, &reason, Notice::Reminder).await?;
        txn.commit().await?;
        report.reminders += 1;
    }
    report.purged = repo::purge_ended_before(&state.db, rules::purge_before(now)).await?;
    repo::purge_drafts(&state.db, now - Duration::hours(DRAFT_LIFETIME_HOURS)).await?;
    // The emails about them (names, times, links) go with them.
    outbox::purge_sent_before(&state.db, rules::purge_before(now)).await?;
    Ok(report)
}
