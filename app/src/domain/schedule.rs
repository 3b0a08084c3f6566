//! How declarations and payment delays change the schedule (`domain.md` §2): which periods
//! are open, the due dates left in a year, spreading an amount over them, payment plans.

use super::money::Cents;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How often an account pays its current contributions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Periodicity {
    Monthly,
    Quarterly,
}

impl Periodicity {
    pub fn from_code(code: &str) -> Option<Periodicity> {
        match code {
            "monthly" => Some(Periodicity::Monthly),
            "quarterly" => Some(Periodicity::Quarterly),
            _ => None,
        }
    }

    /// Months in one declaration period of a micro-entrepreneur.
    pub fn months(self) -> u32 {
        match self {
            Periodicity::Monthly => 1,
            Periodicity::Quarterly => 3,
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// 1 January to 31 December of `year`.
pub fn year_period(year: i32) -> (NaiveDate, NaiveDate) {
    (
        d(year, 1, 1).unwrap_or_default(),
        d(year, 12, 31).unwrap_or_default(),
    )
}

/// The due dates of current contributions in `year`: the 5th of each month, or 5 February,
/// 5 May, 5 August and 5 November.
pub fn due_dates_of_year(p: Periodicity, year: i32) -> Vec<NaiveDate> {
    let months: &[u32] = match p {
        Periodicity::Monthly => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        Periodicity::Quarterly => &[2, 5, 8, 11],
    };
    months.iter().filter_map(|m| d(year, *m, 5)).collect()
}

/// The same dates for an account whose monthly amounts fall due on `day` (20 on automatic
/// debit on the 20th); quarterly dates stay on the 5th.
pub fn on_due_day(dates: Vec<NaiveDate>, p: Periodicity, day: u32) -> Vec<NaiveDate> {
    if p != Periodicity::Monthly || day == 5 {
        return dates;
    }
    dates
        .into_iter()
        .map(|x| NaiveDate::from_ymd_opt(x.year(), x.month(), day).unwrap_or(x))
        .collect()
}

/// The due dates of `year` still ahead of `today` (strictly after it).
pub fn remaining_due_dates(p: Periodicity, year: i32, today: NaiveDate) -> Vec<NaiveDate> {
    due_dates_of_year(p, year)
        .into_iter()
        .filter(|x| *x > today)
        .collect()
}

/// Where a regularisation goes: the due dates left in the current year, or the first due date
/// of next year when none is left.
pub fn regularisation_dates(p: Periodicity, today: NaiveDate) -> Vec<NaiveDate> {
    let left = remaining_due_dates(p, today.year(), today);
    if left.is_empty() {
        due_dates_of_year(p, today.year() + 1)
            .into_iter()
            .take(1)
            .collect()
    } else {
        left
    }
}

/// The period a new current-contribution row covers, from its due date: 5 February pays
/// January to March, and so on; a monthly due date pays its own month.
pub fn period_of_due_date(p: Periodicity, due_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let index = match p {
        Periodicity::Monthly => due_on.month(),
        Periodicity::Quarterly => (due_on.month() + 1) / 3,
    };
    micro_period(p, due_on.year(), index).unwrap_or((due_on, due_on))
}

/// Whether an amount may be spread over a payment plan: something left to pay, not a credit,
/// and not itself an instalment of a plan.
pub fn may_delay(line: &super::ledger::DueLine, today: NaiveDate) -> bool {
    use super::ledger::{DueKind, DueStatus};
    line.kind != DueKind::Instalment
        && line.remaining().get() > 0
        && !matches!(
            line.status(today),
            DueStatus::Paid | DueStatus::Credit | DueStatus::CreditUsed
        )
}

/// The reason given for a payment-delay request, in characters.
pub const DELAY_REASON_MIN: usize = 10;
pub const DELAY_REASON_MAX: usize = 2000;

/// Splits `total` into `parts` amounts that differ by at most one cent and sum exactly to it;
/// the first parts carry the extra cents.
pub fn spread(total: Cents, parts: usize) -> Vec<Cents> {
    if parts == 0 {
        return vec![];
    }
    let n = parts as i64;
    let (base, extra) = (total.get().div_euclid(n), total.get().rem_euclid(n));
    (0..n).map(|i| Cents(base + i64::from(i < extra))).collect()
}

/// The outcome of recomputing what is still to be called: amounts on each date, and a credit
/// when more has already been called than the new total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rescheduled {
    pub parts: Vec<(NaiveDate, Cents)>,
    /// Positive: what the fund owes the person back.
    pub credit: Cents,
}

/// `target` is the new total for the period, `already_called` what stays called whatever
/// happens; the rest is spread over `dates` (or is a credit when negative). Callers always give
/// at least one date (the period checks guarantee it); without one, a positive rest would have
/// nowhere to go, so it is refused by a debug assertion.
pub fn reschedule(target: Cents, already_called: Cents, dates: &[NaiveDate]) -> Rescheduled {
    let rest = target - already_called;
    debug_assert!(
        rest.get() <= 0 || !dates.is_empty(),
        "a positive rest needs a due date"
    );
    if rest.get() <= 0 || dates.is_empty() {
        return Rescheduled {
            parts: vec![],
            credit: Cents((-rest.get()).max(0)),
        };
    }
    let parts = dates
        .iter()
        .copied()
        .zip(spread(rest, dates.len()))
        .filter(|(_, c)| c.get() > 0)
        .collect();
    Rescheduled {
        parts,
        credit: Cents::ZERO,
    }
}

pub const MIN_INSTALMENTS: u32 = 2;
pub const MAX_INSTALMENTS: u32 = 12;

/// A payment plan: `count` monthly instalments on the 5th, from the month after `from`.
pub fn instalment_plan(
    amount: Cents,
    count: u32,
    from: NaiveDate,
) -> Result<Vec<(NaiveDate, Cents)>, DelayError> {
    if !(MIN_INSTALMENTS..=MAX_INSTALMENTS).contains(&count) {
        return Err(DelayError::Count);
    }
    if amount.get() <= 0 {
        return Err(DelayError::NothingToPay);
    }
    let first = d(from.year(), from.month(), 5)
        .and_then(|x| x.checked_add_months(Months::new(1)))
        .ok_or(DelayError::Count)?;
    let dates: Vec<NaiveDate> = (0..count)
        .filter_map(|i| first.checked_add_months(Months::new(i)))
        .collect();
    Ok(dates
        .into_iter()
        .zip(spread(amount, count as usize))
        .collect())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum DelayError {
    #[error("Le nombre d'échéances doit être compris entre 2 et 12.")]
    Count,
    #[error("Ce montant est déjà réglé : il n'y a rien à échelonner.")]
    NothingToPay,
}

/// What a declaration says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeclarationKind {
    /// Final income of last year (revenus définitifs).
    Final,
    /// Estimated income of the current year.
    Estimate,
    /// A micro-entrepreneur's turnover for one month or quarter.
    Turnover,
}

impl DeclarationKind {
    pub fn code(self) -> &'static str {
        match self {
            DeclarationKind::Final => "final",
            DeclarationKind::Estimate => "estimate",
            DeclarationKind::Turnover => "turnover",
        }
    }

    pub fn from_code(code: &str) -> Option<DeclarationKind> {
        [
            DeclarationKind::Final,
            DeclarationKind::Estimate,
            DeclarationKind::Turnover,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeclarationKind::Final => "Revenu définitif",
            DeclarationKind::Estimate => "Revenu estimé",
            DeclarationKind::Turnover => "Chiffre d'affaires",
        }
    }
}

/// Why a period cannot be declared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PeriodError {
    #[error("La période de l'année {0} est close : seuls les revenus définitifs de l'année {1} peuvent être déclarés en ligne. Pour corriger une année plus ancienne, contactez votre agence.")]
    FinalYearClosed(i32, i32),
    #[error("L'année {0} n'est pas terminée : déclarez une estimation de vos revenus de {0}.")]
    YearNotOver(i32),
    #[error("Une estimation ne peut porter que sur l'année en cours ({0}).")]
    EstimateYear(i32),
    #[error("Plus aucune échéance ne reste en {0} : l'estimation ne peut plus modifier l'échéancier de cette année.")]
    NoDueDateLeft(i32),
    #[error("Cette période n'est pas encore terminée : vous pourrez la déclarer à partir du {0}.")]
    PeriodNotOver(String),
    #[error("Cette période est close : seules les périodes de {0} et {1} peuvent être déclarées en ligne.")]
    PeriodClosed(i32, i32),
    #[error("Votre activité n'était pas couverte par ce compte pendant cette période.")]
    OutsideActivity,
    #[error("Cette période n'existe pas.")]
    NoSuchPeriod,
}

/// Final income may be declared for last year only, when the account was active during it.
pub fn check_final_year(
    year: i32,
    today: NaiveDate,
    activity: (NaiveDate, Option<NaiveDate>),
) -> Result<(), PeriodError> {
    let current = today.year();
    if year >= current {
        return Err(PeriodError::YearNotOver(year));
    }
    if year < current - 1 {
        return Err(PeriodError::FinalYearClosed(year, current - 1));
    }
    let (started, closed) = activity;
    if started.year() > year || closed.is_some_and(|c| c.year() < year) {
        return Err(PeriodError::OutsideActivity);
    }
    Ok(())
}

/// The first instalment of a plan for an amount due on `due_on`, decided on `today`: never
/// earlier than the amount itself was due (a delay must not make anyone pay sooner).
pub fn plan_start(due_on: NaiveDate, today: NaiveDate) -> NaiveDate {
    due_on.max(today)
}

/// An estimate concerns the current year, while a due date of it is still ahead.
pub fn check_estimate_year(year: i32, today: NaiveDate, p: Periodicity) -> Result<(), PeriodError> {
    if year != today.year() {
        return Err(PeriodError::EstimateYear(today.year()));
    }
    if remaining_due_dates(p, year, today).is_empty() {
        return Err(PeriodError::NoDueDateLeft(year));
    }
    Ok(())
}

/// The `index`-th period (from 1) of `year`: a month, or a quarter.
pub fn micro_period(
    p: Periodicity,
    year: i32,
    index: u32,
) -> Result<(NaiveDate, NaiveDate), PeriodError> {
    let count = 12 / p.months();
    if index == 0 || index > count {
        return Err(PeriodError::NoSuchPeriod);
    }
    let start = d(year, (index - 1) * p.months() + 1, 1).ok_or(PeriodError::NoSuchPeriod)?;
    let end = start
        .checked_add_months(Months::new(p.months()))
        .and_then(|x| x.checked_sub_days(Days::new(1)))
        .ok_or(PeriodError::NoSuchPeriod)?;
    Ok((start, end))
}

/// The deadline of a micro-entrepreneur's declaration: the last day of the month after the period.
pub fn micro_deadline(period_end: NaiveDate) -> NaiveDate {
    d(period_end.year(), period_end.month(), 1)
        .and_then(|x| x.checked_add_months(Months::new(2)))
        .and_then(|x| x.checked_sub_days(Days::new(1)))
        .unwrap_or(period_end)
}

/// A turnover period may be declared once it is over, within the account's activity, in the
/// current or previous year (older periods are closed; the agency corrects them).
pub fn check_micro_period(
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
    activity: (NaiveDate, Option<NaiveDate>),
) -> Result<(), PeriodError> {
    if end >= today {
        let open = end.checked_add_days(Days::new(1)).unwrap_or(end);
        return Err(PeriodError::PeriodNotOver(
            open.format("%d/%m/%Y").to_string(),
        ));
    }
    if start.year() < today.year() - 1 {
        return Err(PeriodError::PeriodClosed(today.year() - 1, today.year()));
    }
    let (started, closed) = activity;
    if end < started || closed.is_some_and(|c| start > c) {
        return Err(PeriodError::OutsideActivity);
    }
    Ok(())
}

/// Why a typed amount was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AmountError {
    #[error("est obligatoire")]
    Missing,
    #[error("ne peut pas être négatif")]
    Negative,
    #[error("n'est pas un montant valide (exemple : 42 500 ou 42 500,50)")]
    Malformed,
    #[error("dépasse le montant maximal accepté en ligne (100 millions d'euros)")]
    TooLarge,
}

impl AmountError {
    /// The message a form shows under the field `label`, in the house style of every required
    /// field: the field's name, then what to do.
    pub fn message(self, label: &str) -> String {
        match self {
            AmountError::Missing => {
                format!("{label} : saisissez un montant en euros, par exemple 42 500.")
            }
            e => format!("{label} : le montant {e}."),
        }
    }
}

/// Reads an amount in euros as people type it: `42 500`, `42500,50`, `42 500,5 €`, `42500.50`.
pub fn parse_euros(input: &str) -> Result<Cents, AmountError> {
    let cleaned: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != '\u{202F}' && *c != '\u{A0}')
        .collect();
    if cleaned.is_empty() {
        return Err(AmountError::Missing);
    }
    let (negative, digits) = match cleaned
        .strip_prefix('-')
        .or_else(|| cleaned.strip_prefix('−'))
    {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let normalised = digits.replace(',', ".");
    let (units, fraction) = normalised.split_once('.').unwrap_or((&normalised, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if units.is_empty()
        || !all_digits(units)
        || !all_digits(fraction)
        || fraction.len() > 2
        || normalised.matches('.').count() > 1
    {
        return Err(AmountError::Malformed);
    }
    if negative {
        return Err(AmountError::Negative);
    }
    if units.len() > 9 {
        return Err(AmountError::TooLarge);
    }
    let euros: i64 = units.parse().map_err(|_| AmountError::Malformed)?;
    let cents: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| AmountError::Malformed)?;
    let total = euros * 100 + cents;
    if total > 100_000_000_00 {
        return Err(AmountError::TooLarge);
    }
    Ok(Cents(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn monthly_dates_move_to_the_debit_day_and_quarterly_ones_do_not() {
        let q = due_dates_of_year(Periodicity::Quarterly, 2026);
        assert_eq!(on_due_day(q.clone(), Periodicity::Quarterly, 20), q);
        let m = remaining_due_dates(Periodicity::Monthly, 2026, day(2026, 10, 1));
        assert_eq!(
            on_due_day(m, Periodicity::Monthly, 20),
            vec![day(2026, 10, 20), day(2026, 11, 20), day(2026, 12, 20)]
        );
    }

    #[test]
    fn a_due_date_pays_its_own_month_or_quarter() {
        assert_eq!(
            period_of_due_date(Periodicity::Quarterly, day(2026, 8, 5)),
            (day(2026, 7, 1), day(2026, 9, 30))
        );
        assert_eq!(
            period_of_due_date(Periodicity::Quarterly, day(2026, 2, 5)),
            (day(2026, 1, 1), day(2026, 3, 31))
        );
        assert_eq!(
            period_of_due_date(Periodicity::Monthly, day(2026, 6, 5)),
            (day(2026, 6, 1), day(2026, 6, 30))
        );
    }

    #[test]
    fn unpaid_amounts_may_be_spread_but_not_instalments_credits_or_paid_ones() {
        use crate::domain::ledger::{DueKind, DueLine};
        let line = |kind, amount, allocated| DueLine {
            id: 1,
            kind,
            due_on: day(2026, 2, 5),
            amount: Cents(amount),
            allocated: Cents(allocated),
        };
        let today = day(2026, 5, 1);
        assert!(may_delay(
            &line(DueKind::CurrentContribution, 100_00, 0),
            today
        ));
        assert!(may_delay(&line(DueKind::Debt, 100_00, 40_00), today));
        assert!(!may_delay(
            &line(DueKind::CurrentContribution, 100_00, 100_00),
            today
        ));
        assert!(!may_delay(&line(DueKind::Instalment, 100_00, 0), today));
        assert!(!may_delay(
            &line(DueKind::Regularisation, -100_00, 0),
            today
        ));
    }

    #[test]
    fn quarterly_due_dates_are_the_fifth_of_february_may_august_november() {
        assert_eq!(
            due_dates_of_year(Periodicity::Quarterly, 2026),
            vec![
                day(2026, 2, 5),
                day(2026, 5, 5),
                day(2026, 8, 5),
                day(2026, 11, 5)
            ]
        );
        assert_eq!(
            remaining_due_dates(Periodicity::Quarterly, 2026, day(2026, 5, 5)),
            vec![day(2026, 8, 5), day(2026, 11, 5)]
        );
        assert_eq!(
            remaining_due_dates(Periodicity::Monthly, 2026, day(2026, 5, 1)).len(),
            8
        );
    }

    #[test]
    fn a_regularisation_late_in_the_year_goes_to_next_years_first_due_date() {
        assert_eq!(
            regularisation_dates(Periodicity::Quarterly, day(2026, 11, 30)),
            vec![day(2027, 2, 5)]
        );
        assert_eq!(
            regularisation_dates(Periodicity::Monthly, day(2026, 11, 30)),
            vec![day(2026, 12, 5)]
        );
    }

    #[test]
    fn spreading_keeps_every_cent() {
        assert_eq!(
            spread(Cents(100_00), 3),
            vec![Cents(33_34), Cents(33_33), Cents(33_33)]
        );
        assert_eq!(spread(Cents(5), 2), vec![Cents(3), Cents(2)]);
        assert!(spread(Cents(5), 0).is_empty());
    }

    #[test]
    fn rescheduling_spreads_the_rest_or_gives_a_credit() {
        let dates = [day(2026, 8, 5), day(2026, 11, 5)];
        let up = reschedule(Cents(10_000_00), Cents(4_000_00), &dates);
        assert_eq!(
            up.parts,
            vec![(dates[0], Cents(3_000_00)), (dates[1], Cents(3_000_00))]
        );
        assert_eq!(up.credit, Cents::ZERO);
        let down = reschedule(Cents(3_000_00), Cents(4_000_00), &dates);
        assert!(down.parts.is_empty());
        assert_eq!(down.credit, Cents(1_000_00));
        assert_eq!(
            reschedule(Cents(4_000_00), Cents(4_000_00), &dates),
            Rescheduled {
                parts: vec![],
                credit: Cents::ZERO
            }
        );
    }

    #[test]
    fn a_payment_plan_has_two_to_twelve_monthly_instalments_on_the_fifth() {
        let plan = instalment_plan(Cents(3_412_00), 3, day(2026, 5, 1)).unwrap();
        assert_eq!(
            plan,
            vec![
                (day(2026, 6, 5), Cents(1_137_34)),
                (day(2026, 7, 5), Cents(1_137_33)),
                (day(2026, 8, 5), Cents(1_137_33))
            ]
        );
        assert_eq!(
            instalment_plan(Cents(100), 1, day(2026, 5, 1)),
            Err(DelayError::Count)
        );
        assert_eq!(
            instalment_plan(Cents(100), 13, day(2026, 5, 1)),
            Err(DelayError::Count)
        );
        assert_eq!(
            instalment_plan(Cents(0), 4, day(2026, 5, 1)),
            Err(DelayError::NothingToPay)
        );
        let across = instalment_plan(Cents(1200_00), 12, day(2026, 11, 30)).unwrap();
        assert_eq!(across[0].0, day(2026, 12, 5));
        assert_eq!(across[11].0, day(2027, 11, 5));
    }

    #[test]
    fn final_income_is_for_last_year_only() {
        let today = day(2026, 5, 1);
        let since_2015 = (day(2015, 1, 5), None);
        assert_eq!(check_final_year(2025, today, since_2015), Ok(()));
        assert_eq!(
            check_final_year(2026, today, since_2015),
            Err(PeriodError::YearNotOver(2026))
        );
        assert_eq!(
            check_final_year(2024, today, since_2015),
            Err(PeriodError::FinalYearClosed(2024, 2025))
        );
        // Not for a year the account did not exist, nor after it closed.
        assert_eq!(
            check_final_year(2025, today, (day(2026, 2, 1), None)),
            Err(PeriodError::OutsideActivity)
        );
        assert_eq!(
            check_final_year(2025, today, (day(2012, 3, 1), Some(day(2014, 12, 31)))),
            Err(PeriodError::OutsideActivity)
        );
        assert_eq!(
            check_final_year(2025, today, (day(2012, 3, 1), Some(day(2025, 6, 30)))),
            Ok(())
        );
    }

    #[test]
    fn a_plan_never_starts_before_the_amount_was_due() {
        assert_eq!(
            plan_start(day(2026, 11, 5), day(2026, 5, 1)),
            day(2026, 11, 5)
        );
        assert_eq!(
            plan_start(day(2026, 2, 5), day(2026, 5, 1)),
            day(2026, 5, 1)
        );
        let plan = instalment_plan(
            Cents(300_00),
            3,
            plan_start(day(2026, 11, 5), day(2026, 5, 1)),
        )
        .unwrap();
        assert_eq!(plan[0].0, day(2026, 12, 5));
    }

    #[test]
    fn an_estimate_needs_a_due_date_left_this_year() {
        assert_eq!(
            check_estimate_year(2026, day(2026, 5, 1), Periodicity::Quarterly),
            Ok(())
        );
        assert_eq!(
            check_estimate_year(2025, day(2026, 5, 1), Periodicity::Quarterly),
            Err(PeriodError::EstimateYear(2026))
        );
        assert_eq!(
            check_estimate_year(2026, day(2026, 11, 30), Periodicity::Quarterly),
            Err(PeriodError::NoDueDateLeft(2026))
        );
        assert_eq!(
            check_estimate_year(2026, day(2026, 11, 30), Periodicity::Monthly),
            Ok(())
        );
    }

    #[test]
    fn micro_periods_and_their_deadlines() {
        assert_eq!(
            micro_period(Periodicity::Quarterly, 2026, 1),
            Ok((day(2026, 1, 1), day(2026, 3, 31)))
        );
        assert_eq!(
            micro_period(Periodicity::Monthly, 2026, 2),
            Ok((day(2026, 2, 1), day(2026, 2, 28)))
        );
        assert_eq!(
            micro_period(Periodicity::Quarterly, 2026, 5),
            Err(PeriodError::NoSuchPeriod)
        );
        assert_eq!(micro_deadline(day(2026, 3, 31)), day(2026, 4, 30));
        assert_eq!(micro_deadline(day(2026, 12, 31)), day(2027, 1, 31));
    }

    #[test]
    fn a_turnover_period_must_be_over_recent_and_within_the_activity() {
        let activity = (day(2019, 4, 1), None);
        let today = day(2026, 5, 1);
        assert_eq!(
            check_micro_period(day(2026, 1, 1), day(2026, 3, 31), today, activity),
            Ok(())
        );
        assert!(matches!(
            check_micro_period(day(2026, 4, 1), day(2026, 6, 30), today, activity),
            Err(PeriodError::PeriodNotOver(_))
        ));
        assert_eq!(
            check_micro_period(day(2024, 10, 1), day(2024, 12, 31), today, activity),
            Err(PeriodError::PeriodClosed(2025, 2026))
        );
        assert_eq!(
            check_micro_period(
                day(2025, 1, 1),
                day(2025, 3, 31),
                today,
                (day(2025, 6, 1), None)
            ),
            Err(PeriodError::OutsideActivity)
        );
    }

    #[test]
    fn amounts_are_read_the_french_way_and_bad_ones_named() {
        assert_eq!(parse_euros("42 500"), Ok(Cents(42_500_00)));
        assert_eq!(parse_euros("42\u{202F}500,5 €"), Ok(Cents(42_500_50)));
        assert_eq!(parse_euros("42500.50"), Ok(Cents(42_500_50)));
        assert_eq!(parse_euros("0"), Ok(Cents(0)));
        assert_eq!(parse_euros(""), Err(AmountError::Missing));
        // One style for required fields: the field's name, then what to do.
        assert_eq!(
            AmountError::Missing.message("Montant à payer"),
            "Montant à payer : saisissez un montant en euros, par exemple 42 500."
        );
        assert!(AmountError::Negative
            .message("Montant à payer")
            .starts_with("Montant à payer : le montant ne peut pas"));
        assert_eq!(parse_euros("-100"), Err(AmountError::Negative));
        assert_eq!(parse_euros("12,345"), Err(AmountError::Malformed));
        assert_eq!(parse_euros("4O 000"), Err(AmountError::Malformed));
        assert_eq!(parse_euros("1.2.3"), Err(AmountError::Malformed));
        assert_eq!(parse_euros(",5"), Err(AmountError::Malformed));
        assert_eq!(parse_euros("1000000000"), Err(AmountError::TooLarge));
    }

    proptest! {
        #[test]
        fn spread_sums_exactly_and_parts_differ_by_at_most_a_cent(total in 0i64..10_000_000_00, parts in 1usize..24) {
            let s = spread(Cents(total), parts);
            prop_assert_eq!(s.len(), parts);
            prop_assert_eq!(s.iter().copied().sum::<Cents>(), Cents(total));
            let (min, max) = (s.iter().min().unwrap().get(), s.iter().max().unwrap().get());
            prop_assert!(max - min <= 1);
        }

        #[test]
        fn a_plan_always_sums_to_the_amount(amount in 1i64..100_000_00, count in 2u32..=12) {
            let plan = instalment_plan(Cents(amount), count, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()).unwrap();
            prop_assert_eq!(plan.iter().map(|(_, c)| *c).sum::<Cents>(), Cents(amount));
            prop_assert!(plan.windows(2).all(|w| w[0].0 < w[1].0));
        }

        #[test]
        fn typed_amounts_round_trip(cents in 0i64..1_000_000_00) {
            let typed = format!("{},{:02}", cents / 100, cents % 100);
            prop_assert_eq!(parse_euros(&typed), Ok(Cents(cents)));
        }
    }
}
