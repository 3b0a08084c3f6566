//! Agencies' calendars (opening periods, closures), reasons of visit, appointments and the
//! booking wizard's drafts.
//!
//! An appointment holds one `appointment_cell` per 15-minute cell of its interval, UNIQUE per
//! agency: booking or moving inserts the cells in the same transaction as the appointment, and a
//! unique violation there means someone else took the slot first ([`SlotTaken`]).

use crate::domain::appointment::{
    grid_cells, AppointmentStatus, Busy, Channel, Closure, OpeningPeriod, VisitObject,
};
use crate::persistence::entities::{
    agency_closure, agency_opening, appointment, appointment_cell, booking_draft, organisation,
    visit_reason,
};
use crate::persistence::is_unique_violation;
use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc, Weekday};
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

pub const AGENCY_KIND: &str = "agency";

/// The slot was taken by someone else between the choice and the booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotTaken;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub access_notes: Option<String>,
    pub time_zone: String,
    pub region: String,
}

impl From<organisation::Model> for AgencyRow {
    fn from(m: organisation::Model) -> Self {
        AgencyRow {
            id: m.id,
            name: m.name,
            address: m.address,
            phone: m.phone,
            access_notes: m.access_notes,
            time_zone: m.time_zone,
            region: m.region.unwrap_or_default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonRow {
    pub id: i64,
    pub object: VisitObject,
    pub label: String,
    pub duration_minutes: i64,
    pub channel: Channel,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosureRow {
    pub id: i64,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub label: String,
}

impl ClosureRow {
    pub fn closure(&self) -> Closure {
        Closure {
            first_day: self.first_day,
            last_day: self.last_day,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppointmentRow {
    pub id: i64,
    pub reference: String,
    pub agency_id: i64,
    pub reason_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: AppointmentStatus,
    pub identity_id: Option<i64>,
    pub nir: String,
    pub last_name: String,
    pub first_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub agent_note: Option<String>,
    pub cancel_reason: Option<String>,
    pub sequence: i32,
    pub reminder_sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<appointment::Model> for AppointmentRow {
    type Error = DbErr;
    fn try_from(m: appointment::Model) -> Result<Self, DbErr> {
        let status = AppointmentStatus::from_code(&m.status).ok_or_else(|| {
            DbErr::Custom(format!("appointment {}: unknown status {}", m.id, m.status))
        })?;
        Ok(AppointmentRow {
            id: m.id,
            reference: m.reference,
            agency_id: m.agency_id,
            reason_id: m.reason_id,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            status,
            identity_id: m.identity_id,
            nir: m.nir,
            last_name: m.last_name,
            first_name: m.first_name,
            address: m.address,
            phone: m.phone,
            email: m.email,
            agent_note: m.agent_note,
            cancel_reason: m.cancel_reason,
            sequence: m.sequence,
            reminder_sent_at: m.reminder_sent_at,
            created_at: m.created_at,
        })
    }
}

fn rows(models: Vec<appointment::Model>) -> Result<Vec<AppointmentRow>, DbErr> {
    models.into_iter().map(AppointmentRow::try_from).collect()
}

/// Statuses that hold their slot, as stored.
fn holding() -> [&'static str; 2] {
    AppointmentStatus::HOLDING.map(AppointmentStatus::code)
}

// ---- Agencies, hours, closures, reasons ----

/// A sort key that puts "Île-de-France" among the I, as French readers expect.
fn collation_key(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'À' | 'Â' | 'à' | 'â' => 'a',
            'Ç' | 'ç' => 'c',
            'É' | 'È' | 'Ê' | 'Ë' | 'é' | 'è' | 'ê' | 'ë' => 'e',
            'Î' | 'Ï' | 'î' | 'ï' => 'i',
            'Ô' | 'ô' => 'o',
            'Û' | 'Ù' | 'û' | 'ù' => 'u',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The regions that have at least one agency, in alphabetical order.
pub async fn list_regions(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let mut regions: Vec<String> = organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(AGENCY_KIND))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| o.region)
        .collect();
    regions.sort_by_key(|r| collation_key(r));
    regions.dedup();
    Ok(regions)
}

pub async fn list_agencies(
    db: &impl ConnectionTrait,
    region: &str,
) -> Result<Vec<AgencyRow>, DbErr> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Kind.eq(AGENCY_KIND))
        .filter(organisation::Column::Region.eq(region))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

pub async fn find_agency(db: &impl ConnectionTrait, id: i64) -> Result<Option<AgencyRow>, DbErr> {
    Ok(organisation::Entity::find_by_id(id)
        .filter(organisation::Column::Kind.eq(AGENCY_KIND))
        .one(db)
        .await?
        .map(Into::into))
}

fn minute_of(t: NaiveTime) -> i32 {
    (t.hour() * 60 + t.minute()) as i32
}

fn time_of(minute: i32) -> NaiveTime {
    NaiveTime::from_num_seconds_from_midnight_opt((minute.clamp(0, 24 * 60 - 1) as u32) * 60, 0)
        .unwrap_or(NaiveTime::MIN)
}

fn weekday_of(n: i32) -> Weekday {
    match n {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

pub async fn opening_periods(
    db: &impl ConnectionTrait,
    agency_id: i64,
) -> Result<Vec<OpeningPeriod>, DbErr> {
    Ok(agency_opening::Entity::find()
        .filter(agency_opening::Column::AgencyId.eq(agency_id))
        .order_by_asc(agency_opening::Column::Weekday)
        .order_by_asc(agency_opening::Column::OpensMinute)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OpeningPeriod {
            weekday: weekday_of(o.weekday),
            opens: time_of(o.opens_minute),
            closes: time_of(o.closes_minute),
        })
        .collect())
}

/// Replaces the opening periods of one weekday.
pub async fn replace_day(
    db: &impl ConnectionTrait,
    agency_id: i64,
    weekday: Weekday,
    periods: &[(NaiveTime, NaiveTime)],
) -> Result<(), DbErr> {
    let day = weekday.num_days_from_monday() as i32;
    agency_opening::Entity::delete_many()
        .filter(agency_opening::Column::AgencyId.eq(agency_id))
        .filter(agency_opening::Column::Weekday.eq(day))
        .exec(db)
        .await?;
    for (opens, closes) in periods {
        agency_opening::ActiveModel {
            agency_id: Set(agency_id),
            weekday: Set(day),
            opens_minute: Set(minute_of(*opens)),
            closes_minute: Set(minute_of(*closes)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Closures that end on or after `from`, in order.
pub async fn list_closures(
    db: &impl ConnectionTrait,
    agency_id: i64,
    from: NaiveDate,
) -> Result<Vec<ClosureRow>, DbErr> {
    Ok(agency_closure::Entity::find()
        .filter(agency_closure::Column::AgencyId.eq(agency_id))
        .filter(agency_closure::Column::LastDay.gte(from))
        .order_by_asc(agency_closure::Column::FirstDay)
        .all(db)
        .await?
        .into_iter()
        .map(|c| ClosureRow {
            id: c.id,
            first_day: c.first_day,
            last_day: c.last_day,
            label: c.label,
        })
        .collect())
}

pub async fn insert_closure(
    db: &impl ConnectionTrait,
    agency_id: i64,
    first_day: NaiveDate,
    last_day: NaiveDate,
    label: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    Ok(agency_closure::ActiveModel {
        agency_id: Set(agency_id),
        first_day: Set(first_day),
        last_day: Set(last_day),
        label: Set(label.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// Removes a closure of this agency; false when there is none with this id.
pub async fn delete_closure(
    db: &impl ConnectionTrait,
    agency_id: i64,
    id: i64,
) -> Result<bool, DbErr> {
    let res = agency_closure::Entity::delete_many()
        .filter(agency_closure::Column::Id.eq(id))
        .filter(agency_closure::Column::AgencyId.eq(agency_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn list_reasons(db: &impl ConnectionTrait) -> Result<Vec<ReasonRow>, DbErr> {
    visit_reason::Entity::find()
        .order_by_asc(visit_reason::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(reason_row)
        .collect()
}

fn reason_row(m: visit_reason::Model) -> Result<ReasonRow, DbErr> {
    let object = VisitObject::from_code(&m.object)
        .ok_or_else(|| DbErr::Custom(format!("visit reason {}: unknown object", m.id)))?;
    let channel = Channel::from_code(&m.channel)
        .ok_or_else(|| DbErr::Custom(format!("visit reason {}: unknown channel", m.id)))?;
    Ok(ReasonRow {
        id: m.id,
        object,
        label: m.label,
        duration_minutes: m.duration_minutes as i64,
        channel,
    })
}

pub async fn find_reason(db: &impl ConnectionTrait, id: i64) -> Result<Option<ReasonRow>, DbErr> {
    visit_reason::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(reason_row)
        .transpose()
}

pub async fn insert_reason(
    db: &impl ConnectionTrait,
    object: VisitObject,
    label: &str,
    duration_minutes: i64,
    channel: Channel,
    position: i32,
) -> Result<i64, DbErr> {
    Ok(visit_reason::ActiveModel {
        object: Set(object.code().to_owned()),
        label: Set(label.to_owned()),
        duration_minutes: Set(duration_minutes as i32),
        channel: Set(channel.code().to_owned()),
        position: Set(position),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

// ---- Appointments ----

/// The intervals that hold a slot in this agency and overlap [from, to).
pub async fn busy(
    db: &impl ConnectionTrait,
    agency_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Busy>, DbErr> {
    Ok(appointment::Entity::find()
        .filter(appointment::Column::AgencyId.eq(agency_id))
        .filter(appointment::Column::Status.is_in(holding()))
        .filter(appointment::Column::StartsAt.lt(to))
        .filter(appointment::Column::EndsAt.gt(from))
        .all(db)
        .await?
        .into_iter()
        .map(|a| Busy {
            start: a.starts_at,
            end: a.ends_at,
        })
        .collect())
}

pub struct NewAppointment<'a> {
    pub reference: &'a str,
    pub agency_id: i64,
    pub reason_id: i64,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i64,
    pub identity_id: Option<i64>,
    pub nir: &'a str,
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
}

async fn hold_cells(
    db: &impl ConnectionTrait,
    agency_id: i64,
    appointment_id: i64,
    start: DateTime<Utc>,
    duration_minutes: i64,
) -> Result<Result<(), SlotTaken>, DbErr> {
    let cells: Vec<appointment_cell::ActiveModel> = grid_cells(start, duration_minutes)
        .into_iter()
        .map(|c| appointment_cell::ActiveModel {
            agency_id: Set(agency_id),
            cell_start: Set(c),
            appointment_id: Set(appointment_id),
            ..Default::default()
        })
        .collect();
    match appointment_cell::Entity::insert_many(cells)
        .exec_without_returning(db)
        .await
    {
        Ok(_) => Ok(Ok(())),
        Err(e) if is_unique_violation(&e) => Ok(Err(SlotTaken)),
        Err(e) => Err(e),
    }
}

/// Books: the appointment and its cells. Call inside a transaction and roll it back on
/// [`SlotTaken`] (PostgreSQL has aborted it anyway).
pub async fn insert_appointment(
    db: &impl ConnectionTrait,
    n: NewAppointment<'_>,
    now: DateTime<Utc>,
) -> Result<Result<i64, SlotTaken>, DbErr> {
    let m = appointment::ActiveModel {
        reference: Set(n.reference.to_owned()),
        agency_id: Set(n.agency_id),
        reason_id: Set(n.reason_id),
        starts_at: Set(n.starts_at),
        ends_at: Set(n.starts_at + chrono::Duration::minutes(n.duration_minutes)),
        status: Set(AppointmentStatus::Requested.code().to_owned()),
        identity_id: Set(n.identity_id),
        nir: Set(n.nir.to_owned()),
        last_name: Set(n.last_name.to_owned()),
        first_name: Set(n.first_name.to_owned()),
        address: Set(n.address.to_owned()),
        phone: Set(n.phone.to_owned()),
        email: Set(n.email.to_owned()),
        agent_note: Set(None),
        cancel_reason: Set(None),
        sequence: Set(0),
        reminder_sent_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(
        hold_cells(db, n.agency_id, m.id, n.starts_at, n.duration_minutes)
            .await?
            .map(|_| m.id),
    )
}

/// Moves a holding appointment to another start (same duration): frees its cells, holds the new
/// ones, counts a new version of the event, and sets the status. Inside a transaction.
pub async fn move_appointment(
    db: &impl ConnectionTrait,
    a: &AppointmentRow,
    start: DateTime<Utc>,
    status: AppointmentStatus,
    now: DateTime<Utc>,
) -> Result<Result<bool, SlotTaken>, DbErr> {
    let duration = (a.ends_at - a.starts_at).num_minutes();
    let res = appointment::Entity::update_many()
        .col_expr(appointment::Column::StartsAt, Expr::value(start))
        .col_expr(
            appointment::Column::EndsAt,
            Expr::value(start + chrono::Duration::minutes(duration)),
        )
        .col_expr(appointment::Column::Status, Expr::value(status.code()))
        .col_expr(
            appointment::Column::Sequence,
            Expr::col(appointment::Column::Sequence).add(1),
        )
        .col_expr(
            appointment::Column::ReminderSentAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(appointment::Column::UpdatedAt, Expr::value(now))
        .filter(appointment::Column::Id.eq(a.id))
        .filter(appointment::Column::StartsAt.eq(a.starts_at))
        .filter(appointment::Column::Status.is_in(holding()))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(Ok(false));
    }
    appointment_cell::Entity::delete_many()
        .filter(appointment_cell::Column::AppointmentId.eq(a.id))
        .exec(db)
        .await?;
    Ok(hold_cells(db, a.agency_id, a.id, start, duration)
        .await?
        .map(|_| true))
}

/// Cancels a holding appointment and frees its slot; false when it no longer holds one.
pub async fn cancel_appointment(
    db: &impl ConnectionTrait,
    id: i64,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = appointment::Entity::update_many()
        .col_expr(
            appointment::Column::Status,
            Expr::value(AppointmentStatus::Cancelled.code()),
        )
        .col_expr(
            appointment::Column::CancelReason,
            Expr::value(reason.map(str::to_owned)),
        )
        .col_expr(
            appointment::Column::Sequence,
            Expr::col(appointment::Column::Sequence).add(1),
        )
        .col_expr(appointment::Column::UpdatedAt, Expr::value(now))
        .filter(appointment::Column::Id.eq(id))
        .filter(appointment::Column::Status.is_in(holding()))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    appointment_cell::Entity::delete_many()
        .filter(appointment_cell::Column::AppointmentId.eq(id))
        .exec(db)
        .await?;
    Ok(true)
}

/// Confirms a requested appointment; false when it is no longer the one read (confirmed, moved or
/// cancelled meanwhile). One moved before was sent as a tentative calendar event at its current
/// sequence, so the confirmed event is a new version with the next one.
pub async fn confirm_appointment(
    db: &impl ConnectionTrait,
    a: &AppointmentRow,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = appointment::Entity::update_many()
        .col_expr(
            appointment::Column::Status,
            Expr::value(AppointmentStatus::Confirmed.code()),
        )
        .col_expr(
            appointment::Column::Sequence,
            Expr::value(if a.sequence > 0 { a.sequence + 1 } else { 0 }),
        )
        .col_expr(appointment::Column::UpdatedAt, Expr::value(now))
        .filter(appointment::Column::Id.eq(a.id))
        .filter(appointment::Column::Status.eq(AppointmentStatus::Requested.code()))
        .filter(appointment::Column::Sequence.eq(a.sequence))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Changes the status from one of `from` to `to` (mark done, the demo seed); false when it was not in `from`.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: i64,
    from: &[AppointmentStatus],
    to: AppointmentStatus,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = appointment::Entity::update_many()
        .col_expr(appointment::Column::Status, Expr::value(to.code()))
        .col_expr(appointment::Column::UpdatedAt, Expr::value(now))
        .filter(appointment::Column::Id.eq(id))
        .filter(appointment::Column::Status.is_in(from.iter().map(|s| s.code())))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn set_note(
    db: &impl ConnectionTrait,
    id: i64,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    appointment::Entity::update_many()
        .col_expr(
            appointment::Column::AgentNote,
            Expr::value(note.map(str::to_owned)),
        )
        .col_expr(appointment::Column::UpdatedAt, Expr::value(now))
        .filter(appointment::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find_by_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<Option<AppointmentRow>, DbErr> {
    appointment::Entity::find()
        .filter(appointment::Column::Reference.eq(reference))
        .one(db)
        .await?
        .map(AppointmentRow::try_from)
        .transpose()
}

pub async fn list_for_identity(
    db: &impl ConnectionTrait,
    identity_id: i64,
) -> Result<Vec<AppointmentRow>, DbErr> {
    rows(
        appointment::Entity::find()
            .filter(appointment::Column::IdentityId.eq(identity_id))
            .order_by_desc(appointment::Column::StartsAt)
            .all(db)
            .await?,
    )
}

/// An agency's appointments, optionally of one status, optionally starting in [from, to); the
/// 500 soonest, or the 500 latest for statuses that look back (cancelled, done).
pub async fn list_for_agency(
    db: &impl ConnectionTrait,
    agency_id: i64,
    status: Option<AppointmentStatus>,
    range: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Result<Vec<AppointmentRow>, DbErr> {
    let mut q = appointment::Entity::find().filter(appointment::Column::AgencyId.eq(agency_id));
    if let Some(s) = status {
        q = q.filter(appointment::Column::Status.eq(s.code()));
    }
    if let Some((from, to)) = range {
        q = q
            .filter(appointment::Column::StartsAt.gte(from))
            .filter(appointment::Column::StartsAt.lt(to));
    }
    let q = if matches!(
        status,
        Some(AppointmentStatus::Cancelled | AppointmentStatus::Done)
    ) {
        q.order_by_desc(appointment::Column::StartsAt)
    } else {
        q.order_by_asc(appointment::Column::StartsAt)
    };
    rows(q.limit(500).all(db).await?)
}

/// Holding appointments of an agency from `from` on (checked against new hours or closures).
pub async fn upcoming_holding(
    db: &impl ConnectionTrait,
    agency_id: i64,
    from: DateTime<Utc>,
) -> Result<Vec<AppointmentRow>, DbErr> {
    rows(
        appointment::Entity::find()
            .filter(appointment::Column::AgencyId.eq(agency_id))
            .filter(appointment::Column::Status.is_in(holding()))
            .filter(appointment::Column::StartsAt.gte(from))
            .order_by_asc(appointment::Column::StartsAt)
            .all(db)
            .await?,
    )
}

/// The holding appointments of one person (by NIR, as stored) starting in [from, to).
pub async fn holding_for_nir(
    db: &impl ConnectionTrait,
    nir: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<AppointmentRow>, DbErr> {
    rows(
        appointment::Entity::find()
            .filter(appointment::Column::Nir.eq(nir))
            .filter(appointment::Column::Status.is_in(holding()))
            .filter(appointment::Column::StartsAt.gte(from))
            .filter(appointment::Column::StartsAt.lt(to))
            .order_by_asc(appointment::Column::StartsAt)
            .all(db)
            .await?,
    )
}

/// Holding appointments starting in [now, until) that have had no reminder.
pub async fn reminder_candidates(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<AppointmentRow>, DbErr> {
    rows(
        appointment::Entity::find()
            .filter(appointment::Column::Status.is_in(holding()))
            .filter(appointment::Column::ReminderSentAt.is_null())
            .filter(appointment::Column::StartsAt.gte(now))
            .filter(appointment::Column::StartsAt.lt(until))
            .limit(200)
            .all(db)
            .await?,
    )
}

/// Claims the reminder of one appointment (one process wins); starts a transaction with a write.
pub async fn claim_reminder(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = appointment::Entity::update_many()
        .col_expr(appointment::Column::ReminderSentAt, Expr::value(now))
        .filter(appointment::Column::Id.eq(id))
        .filter(appointment::Column::ReminderSentAt.is_null())
        .filter(appointment::Column::Status.is_in(holding()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Deletes appointments that ended before `before`, with their cells; returns how many.
pub async fn purge_ended_before(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let old: Vec<i64> = appointment::Entity::find()
        .select_only()
        .column(appointment::Column::Id)
        .filter(appointment::Column::EndsAt.lt(before))
        .limit(1000)
        .into_tuple()
        .all(db)
        .await?;
    if old.is_empty() {
        return Ok(0);
    }
    appointment_cell::Entity::delete_many()
        .filter(appointment_cell::Column::AppointmentId.is_in(old.clone()))
        .exec(db)
        .await?;
    Ok(appointment::Entity::delete_many()
        .filter(appointment::Column::Id.is_in(old))
        .exec(db)
        .await?
        .rows_affected)
}

// ---- Booking drafts ----

pub async fn find_draft(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<String>, DbErr> {
    Ok(booking_draft::Entity::find()
        .filter(booking_draft::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .map(|d| d.payload))
}

pub async fn upsert_draft(
    db: &impl ConnectionTrait,
    token_hash: &str,
    payload: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = booking_draft::ActiveModel {
        token_hash: Set(token_hash.to_owned()),
        payload: Set(payload.to_owned()),
        updated_at: Set(now),
        ..Default::default()
    };
    booking_draft::Entity::insert(row)
        .on_conflict(
            OnConflict::column(booking_draft::Column::TokenHash)
                .update_columns([
                    booking_draft::Column::Payload,
                    booking_draft::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn delete_draft(db: &impl ConnectionTrait, token_hash: &str) -> Result<(), DbErr> {
    booking_draft::Entity::delete_many()
        .filter(booking_draft::Column::TokenHash.eq(token_hash))
        .exec(db)
        .await?;
    Ok(())
}

/// Drafts left untouched since `before` are forgotten (they hold contact details).
pub async fn purge_drafts(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(booking_draft::Entity::delete_many()
        .filter(Condition::all().add(booking_draft::Column::UpdatedAt.lt(before)))
        .exec(db)
        .await?
        .rows_affected)
}
