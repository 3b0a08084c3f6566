//! Appointments with an agency: booking rules, opening hours and the computation of free slots.
//!
//! Everything here is generic over `chrono::TimeZone`: the caller passes the agency's time zone
//! (Europe/Paris, Indian/Reunion…) and the current instant; nothing reads a clock.

use chrono::{
    DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Timelike,
    Utc, Weekday,
};
use serde::{Deserialize, Serialize};

/// Grid of the agenda: every start is a multiple of this many minutes (in UTC and in local time,
/// agencies' offsets are whole hours).
pub const SLOT_MINUTES: i64 = 15;
/// A slot is never offered less than this many minutes ahead.
pub const MIN_LEAD_MINUTES: i64 = 30;
/// A slot is offered at most this many calendar months ahead (on local dates).
pub const MAX_AHEAD_MONTHS: u32 = 3;
/// The person may cancel until this many hours before the start.
pub const CANCEL_UNTIL_HOURS: i64 = 4;
/// The person may choose another slot until this many days (of 24 hours) before the start.
pub const RESCHEDULE_UNTIL_DAYS: i64 = 2;
/// The reminder is sent this many hours before the start.
pub const REMINDER_HOURS: i64 = 48;
/// Appointments older than this many calendar months are purged.
pub const RETENTION_MONTHS: u32 = 24;
/// The longest visit the agenda handles, in minutes: a longer duration gives no slot.
pub const MAX_DURATION_MINUTES: i64 = 8 * 60;
/// Agencies open at the earliest at this hour…
const EARLIEST_OPENING_HOUR: u32 = 7;
/// …and close at the latest at this hour.
const LATEST_CLOSING_HOUR: u32 = 22;
/// The longest closure, in days (both ends included): a leap year.
const MAX_CLOSURE_DAYS: i64 = 366;

/// How the appointment takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Agency,
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Agency, Channel::Phone];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Agency => "agence",
            Channel::Phone => "telephone",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Agency => "Rendez-vous à l'agence",
            Channel::Phone => "Rendez-vous téléphonique",
        }
    }
}

/// What the person wants to talk about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitObject {
    Cotisations,
    Retraite,
    Sante,
    CreationActivite,
    DifficultesPaiement,
    Autre,
}

impl VisitObject {
    /// In the order the form lists them.
    pub const ALL: [VisitObject; 6] = [
        VisitObject::Cotisations,
        VisitObject::Retraite,
        VisitObject::Sante,
        VisitObject::CreationActivite,
        VisitObject::DifficultesPaiement,
        VisitObject::Autre,
    ];

    pub fn code(self) -> &'static str {
        match self {
            VisitObject::Cotisations => "cotisations",
            VisitObject::Retraite => "retraite",
            VisitObject::Sante => "sante",
            VisitObject::CreationActivite => "creation",
            VisitObject::DifficultesPaiement => "difficultes",
            VisitObject::Autre => "autre",
        }
    }

    pub fn from_code(code: &str) -> Option<VisitObject> {
        VisitObject::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            VisitObject::Cotisations => "Mes cotisations",
            VisitObject::Retraite => "Ma retraite",
            VisitObject::Sante => "Ma santé",
            VisitObject::CreationActivite => "Création d'activité",
            VisitObject::DifficultesPaiement => "Difficultés de paiement",
            VisitObject::Autre => "Autre demande",
        }
    }
}

/// Where an appointment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AppointmentStatus {
    Requested,
    Confirmed,
    Cancelled,
    Done,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 4] = [
        AppointmentStatus::Requested,
        AppointmentStatus::Confirmed,
        AppointmentStatus::Cancelled,
        AppointmentStatus::Done,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppointmentStatus::Requested => "demande",
            AppointmentStatus::Confirmed => "confirme",
            AppointmentStatus::Cancelled => "annule",
            AppointmentStatus::Done => "termine",
        }
    }

    pub fn from_code(code: &str) -> Option<AppointmentStatus> {
        AppointmentStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AppointmentStatus::Requested => "Demande à rappeler",
            AppointmentStatus::Confirmed => "Confirmé",
            AppointmentStatus::Cancelled => "Annulé",
            AppointmentStatus::Done => "Terminé",
        }
    }

    /// The statuses that keep their slot: a request to call back, or a confirmed appointment.
    pub const HOLDING: [AppointmentStatus; 2] =
        [AppointmentStatus::Requested, AppointmentStatus::Confirmed];

    pub fn holds_slot(self) -> bool {
        AppointmentStatus::HOLDING.contains(&self)
    }
}

/// What may be done with an appointment at `now`: by the person (within the cancel and
/// reschedule windows) and by the agent (confirm, move or cancel before it starts; mark done
/// after). Nothing once it is cancelled or done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Allowed {
    pub person_cancel: bool,
    pub person_reschedule: bool,
    pub agent_confirm: bool,
    pub agent_move: bool,
    pub agent_cancel: bool,
    pub agent_mark_done: bool,
}

pub fn allowed(status: AppointmentStatus, start: DateTime<Utc>, now: DateTime<Utc>) -> Allowed {
    if !status.holds_slot() {
        return Allowed::default();
    }
    let future = start > now;
    Allowed {
        person_cancel: may_cancel(start, now),
        person_reschedule: may_reschedule(start, now),
        agent_confirm: status == AppointmentStatus::Requested && future,
        agent_move: future,
        agent_cancel: future,
        agent_mark_done: !future,
    }
}

/// One weekly opening period, in the agency's local time (a day may have several: morning and
/// afternoon).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningPeriod {
    pub weekday: Weekday,
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

/// A closure, whole local days, both ends included (public holiday, exceptional closure).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Closure {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }
}

/// A booked interval [start, end) in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A free slot: its instant and the local wall-clock time shown to people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub local: NaiveDateTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum HoursError {
    #[error("l'heure de fermeture doit suivre l'heure d'ouverture")]
    Order,
    #[error("les horaires doivent tomber sur un quart d'heure (par exemple 08:30 ou 16:45)")]
    OffGrid,
    #[error("l'agence ne peut pas ouvrir avant 07:00")]
    TooEarly,
    #[error("l'agence ne peut pas fermer après 22:00")]
    TooLate,
    #[error("le dernier jour de fermeture ne peut pas précéder le premier")]
    ClosureOrder,
    #[error("cette fermeture est entièrement passée")]
    ClosurePast,
    #[error("une fermeture ne peut pas dépasser 366 jours")]
    ClosureTooLong,
}

/// Whether a local time falls on the grid (whole minutes, a multiple of `SLOT_MINUTES`).
fn on_grid(t: NaiveTime) -> bool {
    t.second() == 0 && t.nanosecond() == 0 && i64::from(t.minute()) % SLOT_MINUTES == 0
}

/// Checks an opening period typed by an agent: ordered, on the grid, between 07:00 and 22:00.
pub fn check_period(opens: NaiveTime, closes: NaiveTime) -> Result<(), HoursError> {
    if !on_grid(opens) || !on_grid(closes) {
        return Err(HoursError::OffGrid);
    }
    if opens >= closes {
        return Err(HoursError::Order);
    }
    if opens.hour() < EARLIEST_OPENING_HOUR {
        return Err(HoursError::TooEarly);
    }
    if closes > NaiveTime::from_hms_opt(LATEST_CLOSING_HOUR, 0, 0).unwrap_or(NaiveTime::MIN) {
        return Err(HoursError::TooLate);
    }
    Ok(())
}

/// Checks a closure typed by an agent: ordered, not entirely past, at most 366 days (both ends
/// included).
pub fn check_closure(
    first_day: NaiveDate,
    last_day: NaiveDate,
    today: NaiveDate,
) -> Result<(), HoursError> {
    if first_day > last_day {
        return Err(HoursError::ClosureOrder);
    }
    if last_day < today {
        return Err(HoursError::ClosurePast);
    }
    if (last_day - first_day).num_days() + 1 > MAX_CLOSURE_DAYS {
        return Err(HoursError::ClosureTooLong);
    }
    Ok(())
}

/// The last local date on which a slot may be offered, `MAX_AHEAD_MONTHS` after today (the end
/// of a shorter month when the day does not exist: 30 November → 28 February).
pub fn horizon(now_local_date: NaiveDate) -> NaiveDate {
    now_local_date
        .checked_add_months(Months::new(MAX_AHEAD_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// The length of a visit, when it is one the agenda handles (1 minute to `MAX_DURATION_MINUTES`).
fn visit_length(duration_minutes: i64) -> Option<TimeDelta> {
    if (1..=MAX_DURATION_MINUTES).contains(&duration_minutes) {
        TimeDelta::try_minutes(duration_minutes)
    } else {
        None
    }
}

fn is_closed(closures: &[Closure], day: NaiveDate) -> bool {
    closures.iter().any(|c| c.contains(day))
}

/// Whether the visit [start, end), which starts at `local` wall-clock time, fits in one opening
/// period of its day: the local start is not before the opening, and both the wall-clock start
/// plus the length and the real local end (they differ on daylight-saving days) are not after
/// the closing.
fn fits_in_hours<Tz: TimeZone>(
    tz: &Tz,
    hours: &[OpeningPeriod],
    closures: &[Closure],
    local: NaiveDateTime,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> bool {
    let day = local.date();
    if end <= start || is_closed(closures, day) {
        return false;
    }
    let length = end - start;
    let Some(wall_end) = local.checked_add_signed(length) else {
        return false;
    };
    let real_end = end.with_timezone(tz).naive_local();
    hours.iter().any(|p| {
        let closes = day.and_time(p.closes);
        p.weekday == day.weekday()
            && day.and_time(p.opens) <= local
            && wall_end <= closes
            && real_end <= closes
    })
}

/// The instant of a local wall-clock time: none in a spring-forward gap, the earlier one in the
/// repeated autumn hour.
/// The instant of a local time (the earlier one in the repeated autumn hour; none in the
/// spring gap).
pub fn instant<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The grid times from `opens` (rounded up to the grid) to `closes`, as seconds from midnight.
fn grid_times(opens: NaiveTime, closes: NaiveTime) -> impl Iterator<Item = NaiveTime> {
    let step = (SLOT_MINUTES * 60) as u32;
    let first = opens.num_seconds_from_midnight().div_ceil(step) * step;
    let last = closes.num_seconds_from_midnight();
    (first..last)
        .step_by(step as usize)
        .filter_map(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0))
}

/// The agency calendar the slot computation works on.
#[derive(Clone, Copy, Debug)]
pub struct Agenda<'a, Tz: TimeZone> {
    pub tz: &'a Tz,
    pub hours: &'a [OpeningPeriod],
    pub closures: &'a [Closure],
    pub busy: &'a [Busy],
}

impl<Tz: TimeZone> Agenda<'_, Tz> {
    /// Free slots for a visit of `duration_minutes` whose local date is in [from, to]
    /// (inclusive), in time order.
    ///
    /// A slot: local start on the grid inside an opening period, local start + duration ≤
    /// closes, day not closed, [start, start + duration) overlaps no `Busy`, start ≥ now +
    /// `MIN_LEAD_MINUTES`, start's local date ≤ `horizon` of now's local date.
    /// Daylight-saving days: a local time that does not exist (spring forward) is skipped; an
    /// ambiguous one (autumn) takes the earlier instant, and the UTC end is start + duration.
    pub fn free_slots(
        &self,
        duration_minutes: i64,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<Slot> {
        let Some(length) = visit_length(duration_minutes) else {
            return Vec::new();
        };
        let Some(earliest) = now.checked_add_signed(TimeDelta::minutes(MIN_LEAD_MINUTES)) else {
            return Vec::new();
        };
        let today = now.with_timezone(self.tz).date_naive();
        let first = from.max(today);
        let last = to.min(horizon(today));
        let mut slots = Vec::new();
        for day in first.iter_days().take_while(|d| *d <= last) {
            if is_closed(self.closures, day) {
                continue;
            }
            for period in self.hours.iter().filter(|p| p.weekday == day.weekday()) {
                for time in grid_times(period.opens, period.closes) {
                    let local = day.and_time(time);
                    let Some(start) = instant(self.tz, local) else {
                        continue;
                    };
                    let Some(end) = start.checked_add_signed(length) else {
                        continue;
                    };
                    if start >= earliest
                        && fits_in_hours(self.tz, self.hours, self.closures, local, start, end)
                        && !self.busy.iter().any(|b| start < b.end && b.start < end)
                    {
                        slots.push(Slot { start, local });
                    }
                }
            }
        }
        // Overlapping periods on the same day would give the same slot twice.
        slots.sort_by_key(|s| s.start);
        slots.dedup_by_key(|s| s.start);
        slots
    }

    /// Whether `start` is one of the free slots (the server's final check before booking).
    pub fn is_free(&self, start: DateTime<Utc>, duration_minutes: i64, now: DateTime<Utc>) -> bool {
        let day = start.with_timezone(self.tz).date_naive();
        self.free_slots(duration_minutes, day, day, now)
            .iter()
            .any(|s| s.start == start)
    }

    /// The `n` free slots nearest to `wanted` (by absolute time distance, the earlier on a tie),
    /// in time order — offered when someone lost a race for a slot.
    pub fn nearest_free(
        &self,
        wanted: DateTime<Utc>,
        duration_minutes: i64,
        now: DateTime<Utc>,
        n: usize,
    ) -> Vec<Slot> {
        let mut slots = self.all_free_slots(duration_minutes, now);
        slots.sort_by_key(|s| ((s.start - wanted).abs(), s.start));
        slots.truncate(n);
        slots.sort_by_key(|s| s.start);
        slots
    }

    /// Local dates between now and the horizon that have at least one free slot (for the date
    /// picker).
    pub fn open_days(&self, duration_minutes: i64, now: DateTime<Utc>) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = self
            .all_free_slots(duration_minutes, now)
            .iter()
            .map(|s| s.local.date())
            .collect();
        days.dedup();
        days
    }

    /// Every free slot from today to the horizon.
    fn all_free_slots(&self, duration_minutes: i64, now: DateTime<Utc>) -> Vec<Slot> {
        let today = now.with_timezone(self.tz).date_naive();
        self.free_slots(duration_minutes, today, horizon(today), now)
    }
}

/// The existing appointments that fall outside new hours or closures: given (id, start, end),
/// the ids whose local interval no longer fits in an opening period or falls on a closed day —
/// so a change of hours never silently drops an appointment (the agent gets the list).
pub fn out_of_hours<Tz: TimeZone>(
    tz: &Tz,
    hours: &[OpeningPeriod],
    closures: &[Closure],
    appointments: &[(i64, DateTime<Utc>, DateTime<Utc>)],
) -> Vec<i64> {
    appointments
        .iter()
        .filter(|(_, start, end)| {
            !fits_in_hours(
                tz,
                hours,
                closures,
                start.with_timezone(tz).naive_local(),
                *start,
                *end,
            )
        })
        .map(|(id, _, _)| *id)
        .collect()
}

/// The grid cells [start, start + duration) covers: one database row each under a
/// UNIQUE(agency, cell) constraint, so two bookings can never overlap even with different
/// durations. A start off the grid also claims the cell it begins in.
pub fn grid_cells(start: DateTime<Utc>, duration_minutes: i64) -> Vec<DateTime<Utc>> {
    let (Some(length), Some(step)) = (
        visit_length(duration_minutes),
        TimeDelta::try_minutes(SLOT_MINUTES),
    ) else {
        return Vec::new();
    };
    let into_cell = TimeDelta::seconds(start.timestamp().rem_euclid(SLOT_MINUTES * 60))
        + TimeDelta::nanoseconds(i64::from(start.timestamp_subsec_nanos()));
    let (Some(first), Some(end)) = (
        start.checked_sub_signed(into_cell),
        start.checked_add_signed(length),
    ) else {
        return Vec::new();
    };
    std::iter::successors(Some(first), |c| c.checked_add_signed(step))
        .take_while(|c| *c < end)
        .collect()
}

/// The person may cancel until `CANCEL_UNTIL_HOURS` before the start (exactly then included).
pub fn may_cancel(start: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now + TimeDelta::hours(CANCEL_UNTIL_HOURS) <= start
}

/// The person may choose another slot until `RESCHEDULE_UNTIL_DAYS` before the start (exactly
/// then included).
pub fn may_reschedule(start: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now + TimeDelta::days(RESCHEDULE_UNTIL_DAYS) <= start
}

/// Whether the reminder is due: from `REMINDER_HOURS` before the start until the start.
pub fn reminder_due(start: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < start && now + TimeDelta::hours(REMINDER_HOURS) >= start
}

/// Appointments that started before this instant are purged: `RETENTION_MONTHS` calendar
/// months before now.
pub fn purge_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(RETENTION_MONTHS))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;
    use chrono_tz::Indian::Reunion;
    use chrono_tz::Tz;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// An instant given in a zone's wall-clock time (must be unambiguous).
    fn at(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap()
    }

    /// Monday to Friday, 08:30–12:00 and 13:30–16:30.
    fn weekday_hours() -> Vec<OpeningPeriod> {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
        .into_iter()
        .flat_map(|weekday| {
            [
                OpeningPeriod {
                    weekday,
                    opens: hm(8, 30),
                    closes: hm(12, 0),
                },
                OpeningPeriod {
                    weekday,
                    opens: hm(13, 30),
                    closes: hm(16, 30),
                },
            ]
        })
        .collect()
    }

    fn local_times(slots: &[Slot]) -> Vec<NaiveTime> {
        slots.iter().map(|s| s.local.time()).collect()
    }

    // Monday 15 June 2026 (summer time) and Monday 14 December 2026 (winter time).
    const SUMMER_MONDAY: (i32, u32, u32) = (2026, 6, 15);
    const WINTER_MONDAY: (i32, u32, u32) = (2026, 12, 14);

    fn summer_monday() -> NaiveDate {
        date(SUMMER_MONDAY.0, SUMMER_MONDAY.1, SUMMER_MONDAY.2)
    }

    fn early_june() -> DateTime<Utc> {
        at(Paris, 2026, 6, 1, 8, 0)
    }

    #[test]
    fn the_test_dates_fall_on_the_expected_weekdays() {
        assert_eq!(summer_monday().weekday(), Weekday::Mon);
        assert_eq!(
            date(WINTER_MONDAY.0, WINTER_MONDAY.1, WINTER_MONDAY.2).weekday(),
            Weekday::Mon
        );
        assert_eq!(date(2026, 3, 29).weekday(), Weekday::Sun);
        assert_eq!(date(2026, 10, 25).weekday(), Weekday::Sun);
        assert_eq!(date(2026, 12, 25).weekday(), Weekday::Fri);
    }

    #[test]
    fn codes_round_trip_and_labels_are_french() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        for o in VisitObject::ALL {
            assert_eq!(VisitObject::from_code(o.code()), Some(o));
        }
        for s in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(Channel::from_code("visio"), None);
        assert_eq!(Channel::Phone.code(), "telephone");
        assert_eq!(Channel::Agency.label(), "Rendez-vous à l'agence");
        assert_eq!(
            VisitObject::ALL.map(VisitObject::code),
            [
                "cotisations",
                "retraite",
                "sante",
                "creation",
                "difficultes",
                "autre"
            ]
        );
        assert_eq!(
            VisitObject::DifficultesPaiement.label(),
            "Difficultés de paiement"
        );
        assert_eq!(AppointmentStatus::Requested.code(), "demande");
        assert_eq!(AppointmentStatus::Requested.label(), "Demande à rappeler");
    }

    #[test]
    fn opening_hours_give_the_right_first_and_last_slots_for_30_and_45_minutes() {
        let hours = weekday_hours();
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        let day = summer_monday();

        let thirty = local_times(&agenda.free_slots(30, day, day, early_june()));
        assert_eq!(thirty.first(), Some(&hm(8, 30)));
        assert_eq!(thirty.last(), Some(&hm(16, 0)));
        assert!(thirty.contains(&hm(11, 30)) && !thirty.contains(&hm(11, 45)));
        assert!(!thirty.contains(&hm(13, 15)) && thirty.contains(&hm(13, 30)));
        assert_eq!(thirty.len(), 13 + 11);

        let forty_five = local_times(&agenda.free_slots(45, day, day, early_june()));
        assert_eq!(forty_five.first(), Some(&hm(8, 30)));
        assert_eq!(forty_five.last(), Some(&hm(15, 45)));
        assert!(forty_five.contains(&hm(11, 15)) && !forty_five.contains(&hm(11, 30)));
        assert_eq!(forty_five.len(), 12 + 10);
    }

    #[test]
    fn slots_come_in_time_order_over_several_days_and_none_on_weekends() {
        let hours = weekday_hours();
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        let slots = agenda.free_slots(30, date(2026, 6, 12), date(2026, 6, 15), early_june());
        assert!(slots.windows(2).all(|w| w[0].start < w[1].start));
        let days: Vec<NaiveDate> = slots.iter().map(|s| s.local.date()).collect();
        assert!(days.contains(&date(2026, 6, 12)) && days.contains(&date(2026, 6, 15)));
        assert!(!days.contains(&date(2026, 6, 13)) && !days.contains(&date(2026, 6, 14)));
    }

    #[test]
    fn a_closed_day_has_no_slot() {
        let hours = weekday_hours();
        let closures = [Closure {
            first_day: date(2026, 12, 25),
            last_day: date(2026, 12, 25),
        }];
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &closures,
            busy: &[],
        };
        let now = at(Paris, 2026, 12, 1, 8, 0);
        assert!(agenda
            .free_slots(30, date(2026, 12, 25), date(2026, 12, 25), now)
            .is_empty());
        assert!(!agenda
            .free_slots(30, date(2026, 12, 24), date(2026, 12, 24), now)
            .is_empty());
        assert!(!agenda.open_days(30, now).contains(&date(2026, 12, 25)));
    }

    #[test]
    fn a_booked_interval_removes_every_slot_it_overlaps_and_no_other() {
        let hours = weekday_hours();
        let busy = [Busy {
            start: at(Paris, 2026, 6, 15, 10, 0),
            end: at(Paris, 2026, 6, 15, 10, 30),
        }];
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &busy,
        };
        let day = summer_monday();

        let thirty = local_times(&agenda.free_slots(30, day, day, early_june()));
        assert!(thirty.contains(&hm(9, 30)));
        for gone in [hm(9, 45), hm(10, 0), hm(10, 15)] {
            assert!(!thirty.contains(&gone), "{gone} should be taken");
        }
        assert!(thirty.contains(&hm(10, 30)));

        let forty_five = local_times(&agenda.free_slots(45, day, day, early_june()));
        assert!(forty_five.contains(&hm(9, 15)));
        assert!(!forty_five.contains(&hm(9, 30)));
        assert!(forty_five.contains(&hm(10, 30)));
    }

    #[test]
    fn a_slot_is_never_offered_less_than_30_minutes_ahead() {
        let hours = weekday_hours();
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        let day = summer_monday();

        let slots = agenda.free_slots(30, day, day, at(Paris, 2026, 6, 15, 9, 50));
        assert_eq!(slots.first().map(|s| s.local.time()), Some(hm(10, 30)));

        // Exactly 30 minutes ahead is allowed.
        let slots = agenda.free_slots(30, day, day, at(Paris, 2026, 6, 15, 9, 45));
        assert_eq!(slots.first().map(|s| s.local.time()), Some(hm(10, 15)));

        // Days already past are never offered.
        assert!(agenda
            .free_slots(
                30,
                date(2026, 6, 1),
                date(2026, 6, 12),
                at(Paris, 2026, 6, 15, 7, 0)
            )
            .is_empty());
    }

    #[test]
    fn a_slot_is_never_offered_more_than_3_months_ahead() {
        let hours = weekday_hours();
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        assert_eq!(horizon(date(2026, 6, 1)), date(2026, 9, 1));
        assert_eq!(horizon(date(2026, 11, 30)), date(2027, 2, 28));

        let slots = agenda.free_slots(30, date(2026, 8, 25), date(2026, 9, 10), early_june());
        assert_eq!(slots.last().map(|s| s.local.date()), Some(date(2026, 9, 1)));

        let days = agenda.open_days(30, early_june());
        assert_eq!(days.first(), Some(&date(2026, 6, 1)));
        assert_eq!(days.last(), Some(&date(2026, 9, 1)));
        assert!(days
            .iter()
            .all(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
    }

    #[test]
    fn local_times_that_do_not_exist_on_the_spring_forward_day_are_skipped() {
        // Paris, Sunday 29 March 2026: 02:00 jumps to 03:00.
        let hours = [OpeningPeriod {
            weekday: Weekday::Sun,
            opens: hm(1, 0),
            closes: hm(4, 0),
        }];
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        let day = date(2026, 3, 29);
        let slots = agenda.free_slots(30, day, day, at(Paris, 2026, 3, 1, 8, 0));

        assert_eq!(
            local_times(&slots),
            [
                hm(1, 0),
                hm(1, 15),
                hm(1, 30),
                hm(1, 45),
                hm(3, 0),
                hm(3, 15),
                hm(3, 30)
            ]
        );
        assert_eq!(slots[0].start, utc(2026, 3, 29, 0, 0));
        assert_eq!(slots[3].start, utc(2026, 3, 29, 0, 45));
        assert_eq!(slots[4].start, utc(2026, 3, 29, 1, 0));
        assert!(slots.windows(2).all(|w| w[0].start < w[1].start));
    }

    #[test]
    fn the_repeated_autumn_hour_takes_the_earlier_instant_without_duplicates() {
        // Paris, Sunday 25 October 2026: 03:00 (+02) goes back to 02:00 (+01).
        let hours = [OpeningPeriod {
            weekday: Weekday::Sun,
            opens: hm(1, 0),
            closes: hm(4, 0),
        }];
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        let day = date(2026, 10, 25);
        let slots = agenda.free_slots(30, day, day, at(Paris, 2026, 10, 1, 8, 0));

        assert_eq!(slots.len(), 11); // 01:00 to 03:30, every quarter of an hour
        assert_eq!(slots[0].local, day.and_time(hm(1, 0)));
        assert_eq!(slots[0].start, utc(2026, 10, 24, 23, 0));
        let two = slots.iter().find(|s| s.local.time() == hm(2, 0)).unwrap();
        assert_eq!(two.start, utc(2026, 10, 25, 0, 0));
        assert!(slots.windows(2).all(|w| w[0].start < w[1].start));

        for s in &slots {
            let offset = s.local - s.start.naive_utc();
            let expected = if s.local.time() < hm(3, 0) {
                TimeDelta::hours(2)
            } else {
                TimeDelta::hours(1)
            };
            assert_eq!(offset, expected, "offset at {}", s.local);
        }
        // The later 02:00 (+01) is not a slot.
        assert!(!agenda.is_free(utc(2026, 10, 25, 1, 0), 30, at(Paris, 2026, 10, 1, 8, 0)));
        assert!(agenda.is_free(utc(2026, 10, 25, 0, 0), 30, at(Paris, 2026, 10, 1, 8, 0)));
    }

    #[test]
    fn nine_in_paris_is_seven_utc_in_summer_and_eight_utc_in_winter() {
        let hours = weekday_hours();
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        let nine = |day: NaiveDate, now| {
            agenda
                .free_slots(30, day, day, now)
                .into_iter()
                .find(|s| s.local.time() == hm(9, 0))
                .map(|s| s.start)
        };
        assert_eq!(
            nine(summer_monday(), early_june()),
            Some(utc(2026, 6, 15, 7, 0))
        );
        assert_eq!(
            nine(date(2026, 12, 14), at(Paris, 2026, 12, 1, 8, 0)),
            Some(utc(2026, 12, 14, 8, 0))
        );
    }

    #[test]
    fn nine_in_reunion_is_five_utc_all_year() {
        let hours = weekday_hours();
        let agenda = Agenda {
            tz: &Reunion,
            hours: &hours,
            closures: &[],
            busy: &[],
        };
        for (day, now) in [
            (summer_monday(), at(Reunion, 2026, 6, 1, 8, 0)),
            (date(2026, 12, 14), at(Reunion, 2026, 12, 1, 8, 0)),
        ] {
            let nine = agenda
                .free_slots(30, day, day, now)
                .into_iter()
                .find(|s| s.local.time() == hm(9, 0));
            assert_eq!(
                nine.map(|s| s.start),
                Some(day.and_time(hm(5, 0)).and_utc())
            );
        }
    }

    #[test]
    fn is_free_accepts_only_a_free_slot_on_the_grid_inside_the_hours() {
        let hours = weekday_hours();
        let busy = [Busy {
            start: at(Paris, 2026, 6, 15, 10, 0),
            end: at(Paris, 2026, 6, 15, 10, 30),
        }];
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &busy,
        };
        let now = early_june();
        assert!(agenda.is_free(at(Paris, 2026, 6, 15, 9, 0), 30, now));
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 15, 9, 5), 30, now),
            "off the grid"
        );
        assert!(
            !agenda.is_free(
                at(Paris, 2026, 6, 15, 9, 0) + TimeDelta::seconds(1),
                30,
                now
            ),
            "off the grid"
        );
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 15, 8, 0), 30, now),
            "before opening"
        );
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 15, 11, 45), 30, now),
            "ends after closing"
        );
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 15, 12, 30), 30, now),
            "lunch break"
        );
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 13, 9, 0), 30, now),
            "Saturday"
        );
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 15, 10, 15), 30, now),
            "busy"
        );
        assert!(
            !agenda.is_free(at(Paris, 2026, 6, 15, 9, 0), 0, now),
            "no length"
        );
        assert!(
            !agenda.is_free(
                at(Paris, 2026, 6, 15, 9, 0),
                30,
                at(Paris, 2026, 6, 15, 8, 45)
            ),
            "too soon"
        );
    }

    #[test]
    fn nearest_free_offers_the_closest_slots_in_time_order() {
        let hours = weekday_hours();
        let busy = [Busy {
            start: at(Paris, 2026, 6, 15, 9, 0),
            end: at(Paris, 2026, 6, 15, 11, 0),
        }];
        let agenda = Agenda {
            tz: &Paris,
            hours: &hours,
            closures: &[],
            busy: &busy,
        };
        let wanted = at(Paris, 2026, 6, 15, 10, 0);
        let nearest = agenda.nearest_free(wanted, 30, early_june(), 3);
        // 11:00 and 11:15 are nearest; 08:30 and 11:30 tie at 1 h 30, the earlier wins.
        assert_eq!(local_times(&nearest), [hm(8, 30), hm(11, 0), hm(11, 15)]);
        assert!(nearest.iter().all(|s| s.local.date() == summer_monday()));
        assert!(agenda.nearest_free(wanted, 30, early_june(), 0).is_empty());
    }

    #[test]
    fn a_visit_of_45_minutes_takes_3_grid_cells() {
        let start = utc(2026, 6, 15, 8, 0);
        assert_eq!(
            grid_cells(start, 45),
            [
                utc(2026, 6, 15, 8, 0),
                utc(2026, 6, 15, 8, 15),
                utc(2026, 6, 15, 8, 30)
            ]
        );
        assert_eq!(grid_cells(start, 30).len(), 2);
        assert_eq!(grid_cells(start, 20).len(), 2);
        assert_eq!(
            grid_cells(utc(2026, 6, 15, 8, 5), 30),
            [
                utc(2026, 6, 15, 8, 0),
                utc(2026, 6, 15, 8, 15),
                utc(2026, 6, 15, 8, 30)
            ]
        );
        assert!(grid_cells(start, 0).is_empty());
    }

    #[test]
    fn appointments_that_no_longer_fit_new_hours_are_listed() {
        let hours: Vec<OpeningPeriod> = weekday_hours()
            .into_iter()
            .map(|p| {
                if p.opens == hm(8, 30) {
                    OpeningPeriod {
                        opens: hm(9, 0),
                        ..p
                    }
                } else {
                    p
                }
            })
            .collect();
        let closures = [Closure {
            first_day: date(2026, 6, 16),
            last_day: date(2026, 6, 17),
        }];
        let appointment = |id, d, h, m, minutes| {
            let start = at(Paris, 2026, 6, d, h, m);
            (id, start, start + TimeDelta::minutes(minutes))
        };
        let appointments = [
            appointment(1, 15, 9, 0, 30),   // fits
            appointment(2, 15, 8, 30, 30),  // before the new opening
            appointment(3, 15, 11, 45, 30), // ends after 12:00
            appointment(4, 15, 16, 0, 30),  // fits, ends at 16:30
            appointment(5, 16, 10, 0, 30),  // closed day
            appointment(6, 13, 10, 0, 30),  // Saturday
            appointment(7, 18, 14, 0, 45),  // fits
        ];
        assert_eq!(
            out_of_hours(&Paris, &hours, &closures, &appointments),
            [2, 3, 5, 6]
        );
    }

    #[test]
    fn opening_periods_are_checked() {
        assert_eq!(check_period(hm(8, 30), hm(12, 0)), Ok(()));
        assert_eq!(check_period(hm(7, 0), hm(22, 0)), Ok(()));
        assert_eq!(check_period(hm(12, 0), hm(8, 30)), Err(HoursError::Order));
        assert_eq!(check_period(hm(9, 0), hm(9, 0)), Err(HoursError::Order));
        assert_eq!(check_period(hm(8, 20), hm(12, 0)), Err(HoursError::OffGrid));
        assert_eq!(
            check_period(hm(8, 30), NaiveTime::from_hms_opt(12, 0, 30).unwrap()),
            Err(HoursError::OffGrid)
        );
        assert_eq!(
            check_period(hm(6, 45), hm(12, 0)),
            Err(HoursError::TooEarly)
        );
        assert_eq!(
            check_period(hm(18, 0), hm(22, 15)),
            Err(HoursError::TooLate)
        );
        assert_eq!(
            HoursError::Order.to_string(),
            "l'heure de fermeture doit suivre l'heure d'ouverture"
        );
    }

    #[test]
    fn closures_are_checked() {
        let today = date(2026, 6, 1);
        assert_eq!(
            check_closure(date(2026, 12, 25), date(2026, 12, 25), today),
            Ok(())
        );
        assert_eq!(
            check_closure(date(2026, 5, 20), date(2026, 6, 1), today),
            Ok(())
        );
        assert_eq!(
            check_closure(date(2026, 12, 26), date(2026, 12, 25), today),
            Err(HoursError::ClosureOrder)
        );
        assert_eq!(
            check_closure(date(2026, 5, 1), date(2026, 5, 31), today),
            Err(HoursError::ClosurePast)
        );
        assert_eq!(
            check_closure(date(2027, 1, 1), date(2027, 12, 31), today),
            Ok(())
        );
        assert_eq!(
            check_closure(date(2028, 1, 1), date(2028, 12, 31), today),
            Ok(())
        ); // 366 days
        assert_eq!(
            check_closure(date(2027, 1, 1), date(2028, 1, 2), today),
            Err(HoursError::ClosureTooLong)
        );
    }

    #[test]
    fn only_a_held_appointment_can_be_acted_on_and_the_agent_marks_it_done_once_started() {
        let start = utc(2026, 6, 15, 10, 0);
        let before = allowed(AppointmentStatus::Requested, start, utc(2026, 6, 10, 9, 0));
        assert_eq!(
            before,
            Allowed {
                person_cancel: true,
                person_reschedule: true,
                agent_confirm: true,
                agent_move: true,
                agent_cancel: true,
                agent_mark_done: false
            }
        );
        let confirmed = allowed(AppointmentStatus::Confirmed, start, utc(2026, 6, 15, 7, 0));
        assert_eq!(
            confirmed,
            Allowed {
                person_cancel: false,
                person_reschedule: false,
                agent_confirm: false,
                agent_move: true,
                agent_cancel: true,
                agent_mark_done: false
            }
        );
        let started = allowed(AppointmentStatus::Confirmed, start, start);
        assert_eq!(
            started,
            Allowed {
                agent_mark_done: true,
                ..Allowed::default()
            }
        );
        for s in [AppointmentStatus::Cancelled, AppointmentStatus::Done] {
            assert!(!s.holds_slot());
            assert_eq!(allowed(s, start, utc(2026, 6, 1, 0, 0)), Allowed::default());
        }
        assert!(
            AppointmentStatus::Requested.holds_slot() && AppointmentStatus::Confirmed.holds_slot()
        );
    }

    #[test]
    fn cancelling_is_possible_until_exactly_4_hours_before() {
        let start = utc(2026, 6, 15, 10, 0);
        assert!(may_cancel(start, utc(2026, 6, 15, 6, 0)));
        assert!(!may_cancel(start, utc(2026, 6, 15, 6, 1)));
        assert!(may_cancel(start, utc(2026, 6, 10, 6, 1)));
    }

    #[test]
    fn rescheduling_is_possible_until_exactly_2_days_before() {
        let start = utc(2026, 6, 15, 10, 0);
        assert!(may_reschedule(start, utc(2026, 6, 13, 10, 0)));
        assert!(!may_reschedule(start, utc(2026, 6, 13, 10, 1)));
    }

    #[test]
    fn the_reminder_is_due_from_48_hours_before_until_the_start() {
        let start = utc(2026, 6, 15, 10, 0);
        assert!(!reminder_due(start, utc(2026, 6, 13, 9, 59)));
        assert!(reminder_due(start, utc(2026, 6, 13, 10, 0)));
        assert!(reminder_due(start, utc(2026, 6, 15, 9, 59)));
        assert!(!reminder_due(start, start));
    }

    #[test]
    fn data_older_than_24_calendar_months_is_purged() {
        assert_eq!(
            purge_before(utc(2026, 5, 15, 10, 30)),
            utc(2024, 5, 15, 10, 30)
        );
        assert_eq!(purge_before(utc(2026, 3, 31, 0, 0)), utc(2024, 3, 31, 0, 0));
        assert_eq!(
            purge_before(utc(2028, 2, 29, 12, 0)),
            utc(2026, 2, 28, 12, 0)
        );
    }
}
