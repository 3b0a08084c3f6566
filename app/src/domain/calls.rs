//! What a year of an artisan's or commerçant's income is called for, line by line, on which
//! basis, and how it is spread over due dates (`domain.md` §2). One set of numbers: the
//! account page, the schedule, the receipts and the demo data all come from here.

use super::access::Category;
use super::contributions::{self, Activity, Computation, EngineError, MicroComputation, MicroKind};
use super::ledger::{DueKind, DueLine};
use super::money::Cents;
use super::schedule::{self, DeclarationKind, Periodicity};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use super::parts::Parts;

fn euros(e: i64) -> Cents {
    Cents(e.saturating_mul(100))
}

/// Cents as a decimal number of euros, as the engine takes them.
pub fn decimal(c: Cents) -> Decimal {
    Decimal::new(c.get(), 2)
}

/// The activity whose CFP rate an artisan's or commerçant's yearly income pays; `None` for the
/// categories that are not called on a yearly income.
pub fn yearly_activity(c: Category) -> Option<Activity> {
    match c {
        Category::Artisan => Some(Activity::Artisanale),
        Category::Commercant => Some(Activity::Commerciale),
        _ => None,
    }
}

/// The engine's computation of a year's `gross` professional income (before the abatement).
pub fn year_computation(
    year: i32,
    activity: Activity,
    gross: Cents,
) -> Result<Computation, EngineError> {
    let (p, _) = contributions::params_for(year)?;
    contributions::compute(
        year,
        activity,
        contributions::base_from_gross(decimal(gross), &p),
    )
}

impl From<&Computation> for Parts {
    fn from(c: &Computation) -> Parts {
        Parts {
            contributions: euros(c.total),
            csg_crds: euros(c.csg_crds),
            cfp: euros(c.cfp),
        }
    }
}

/// What a year's `gross` professional income (before the abatement) calls for.
pub fn year_parts(year: i32, activity: Activity, gross: Cents) -> Result<Parts, EngineError> {
    year_computation(year, activity, gross).map(|c| Parts::from(&c))
}

/// The engine's computation of one micro-entrepreneur declaration.
pub fn micro_computation(
    kind: MicroKind,
    activity: Activity,
    period_start: NaiveDate,
    turnover: Cents,
) -> Result<MicroComputation, EngineError> {
    contributions::compute_micro(kind, activity, period_start, decimal(turnover), false)
}

impl From<&MicroComputation> for Parts {
    /// The contribution includes the CSG-CRDS.
    fn from(c: &MicroComputation) -> Parts {
        Parts {
            contributions: euros(c.line.amount),
            csg_crds: Cents::ZERO,
            cfp: euros(c.cfp),
        }
    }
}

/// What one micro-entrepreneur declaration calls for.
pub fn micro_parts(
    kind: MicroKind,
    activity: Activity,
    period_start: NaiveDate,
    turnover: Cents,
) -> Result<Parts, EngineError> {
    micro_computation(kind, activity, period_start, turnover).map(|c| Parts::from(&c))
}

/// Which income a year's calls are computed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// The year's own final income.
    Final,
    /// The latest estimate of the year's income.
    Estimate,
    /// Last year's final income (N−1), once declared.
    LastYear,
    /// The final income of two years before (N−2): the provisional calls.
    TwoYearsBefore,
}

/// A declaration of annual income, in the order it was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declared {
    pub year: i32,
    pub kind: DeclarationKind,
    pub amount: Cents,
}

/// The basis in force for `year`: its final income, else its latest estimate, else the final
/// income of N−1, else that of N−2. `None` when nothing has been declared to compute on.
pub fn basis_in_force(year: i32, declared: &[Declared]) -> Option<(Basis, Cents)> {
    let latest = |y: i32, kind: DeclarationKind| {
        declared
            .iter()
            .rev()
            .find(|d| d.year == y && d.kind == kind)
            .map(|d| d.amount)
    };
    latest(year, DeclarationKind::Final)
        .map(|a| (Basis::Final, a))
        .or_else(|| latest(year, DeclarationKind::Estimate).map(|a| (Basis::Estimate, a)))
        .or_else(|| latest(year - 1, DeclarationKind::Final).map(|a| (Basis::LastYear, a)))
        .or_else(|| latest(year - 2, DeclarationKind::Final).map(|a| (Basis::TwoYearsBefore, a)))
}

/// Spreads `parts` over `dates`: each line pro rata, to the cent, with the rounding remainder
/// on the last date; the CFP whole with the February instalment (the first date when none is
/// in February). Dates whose share is nothing at all are left out.
pub fn split(parts: Parts, dates: &[NaiveDate]) -> Vec<(NaiveDate, Parts)> {
    let Some(last) = dates.len().checked_sub(1) else {
        return vec![];
    };
    let n = dates.len() as i64;
    let share = |c: Cents, i: usize| {
        let each = c.get().div_euclid(n);
        if i == last {
            Cents(c.get() - each * (n - 1))
        } else {
            Cents(each)
        }
    };
    let cfp_at = dates.iter().position(|d| d.month() == 2).unwrap_or(0);
    dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                *d,
                Parts {
                    contributions: share(parts.contributions, i),
                    csg_crds: share(parts.csg_crds, i),
                    cfp: if i == cfp_at { parts.cfp } else { Cents::ZERO },
                },
            )
        })
        .filter(|(_, p)| *p != Parts::ZERO)
        .collect()
}

/// A year recomputed: what is added on each date, and a credit (negative parts) when more has
/// already been called than the new total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recomputed {
    pub parts: Vec<(NaiveDate, Parts)>,
    pub credit: Option<Parts>,
}

/// `target` is what the year calls for, `fixed` what stays called whatever happens (past or
/// paid rows); the rest is spread over `dates`, or is a credit when it is negative. Without a
/// date, a positive rest waits for one (nothing is added).
pub fn recompute(target: Parts, fixed: Parts, dates: &[NaiveDate]) -> Recomputed {
    let rest = target - fixed;
    if rest.total().get() < 0 {
        return Recomputed {
            parts: vec![],
            credit: Some(rest),
        };
    }
    Recomputed {
        parts: split(rest, dates),
        credit: None,
    }
}

/// A row of the schedule that counts for the year being recomputed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalledRow {
    pub line: DueLine,
    pub parts: Parts,
    /// A later change already replaced part of it.
    pub replaced: bool,
    /// A payment-delay request waits for the agent's decision on it.
    pub awaiting_delay: bool,
}

/// An amount due to add to the schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRow {
    pub kind: DueKind,
    pub label: String,
    pub period: (NaiveDate, NaiveDate),
    pub due_on: NaiveDate,
    pub parts: Parts,
}

/// What recomputing a year does to its schedule: the rows it replaces, and those it adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearPlan {
    pub replace: Vec<i64>,
    /// The year's own due dates are gone: what changes is a regularisation of the year.
    pub regularisation: bool,
    pub add: Vec<NewRow>,
}

/// `Cotisations 05/2026`, `Cotisations T2/2026`: the label of a current contribution.
pub fn current_label(p: Periodicity, due_on: NaiveDate) -> String {
    let (start, _) = schedule::period_of_due_date(p, due_on);
    match p {
        Periodicity::Monthly => format!("Cotisations {:02}/{}", start.month(), start.year()),
        Periodicity::Quarterly => {
            format!("Cotisations T{}/{}", start.month0() / 3 + 1, start.year())
        }
    }
}

/// How the schedule of `year` changes on `today` so that it calls `target`, given what it calls
/// now (`called`) and its rows (`rows`, those counting for the year). The unpaid rows still
/// ahead (current contributions of the year, or an earlier regularisation of it; not one
/// awaiting a delay decision) are replaced, and the difference with what stays called is spread
/// over the year's own due dates left, or, when none is left (a past year, or its last due date
/// gone), over the regularisation dates as a regularisation of that year — it always counts
/// for `year`. More called than due is a credit ("Trop-perçu"), due today. `None`: nothing to do.
pub fn plan_year(
    year: i32,
    target: Parts,
    called: Parts,
    rows: &[CalledRow],
    today: NaiveDate,
    (p, debit_day): (Periodicity, u32),
) -> Option<YearPlan> {
    if called == target {
        return None;
    }
    let replaceable: Vec<&CalledRow> = rows
        .iter()
        .filter(|r| {
            matches!(
                r.line.kind,
                DueKind::CurrentContribution | DueKind::Regularisation
            ) && r.line.due_on > today
                && r.line.allocated == Cents::ZERO
                && !r.replaced
                && r.line.amount.get() > 0
                && !r.awaiting_delay
        })
        .collect();
    let own = if year < today.year() {
        vec![]
    } else {
        schedule::remaining_due_dates(p, year, today)
    };
    let regularisation = own.is_empty();
    let dates = if regularisation {
        schedule::regularisation_dates(p, today)
    } else {
        own
    };
    let dates = schedule::on_due_day(dates, p, debit_day);
    let fixed = called - replaceable.iter().map(|r| r.parts).sum();
    let r = recompute(target, fixed, &dates);
    let whole_year = schedule::year_period(year);
    let mut add: Vec<NewRow> = r
        .parts
        .into_iter()
        .map(|(due_on, parts)| {
            if regularisation {
                NewRow {
                    kind: DueKind::Regularisation,
                    label: format!("Régularisation {year}"),
                    period: whole_year,
                    due_on,
                    parts,
                }
            } else {
                NewRow {
                    kind: DueKind::CurrentContribution,
                    label: current_label(p, due_on),
                    period: schedule::period_of_due_date(p, due_on),
                    due_on,
                    parts,
                }
            }
        })
        .collect();
    if let Some(credit) = r.credit {
        add.push(NewRow {
            kind: DueKind::Regularisation,
            label: format!("Trop-perçu {year}"),
            period: whole_year,
            due_on: today,
            parts: credit,
        });
    }
    Some(YearPlan {
        replace: replaceable.iter().map(|r| r.line.id).collect(),
        regularisation,
        add,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn monthly(y: i32) -> Vec<NaiveDate> {
        (1..=12).map(|m| d(y, m, 5)).collect()
    }

    #[test]
    fn a_year_is_called_for_its_contributions_its_csg_crds_and_its_cfp() {
        // domain.md §2, 2026, base 40 000 € (gross 54 054,05 € before the 26 % abatement).
        let p = year_parts(2026, Activity::Commerciale, Cents(5_405_405)).unwrap();
        assert_eq!(p.contributions, Cents(13_172_00));
        assert_eq!(p.csg_crds, Cents(3_880_00));
        assert_eq!(p.cfp, Cents(120_00));
        assert_eq!(p.total(), Cents(17_172_00));
        let artisan = year_parts(2026, Activity::Artisanale, Cents(5_405_405)).unwrap();
        assert_eq!(artisan.cfp, Cents(139_00));
    }

    #[test]
    fn the_split_sums_to_the_year_with_the_remainder_last_and_the_cfp_in_february() {
        let p = Parts {
            contributions: Cents(8_881_00),
            csg_crds: Cents(2_905_00),
            cfp: Cents(139_00),
        };
        let s = split(p, &monthly(2026));
        assert_eq!(s.len(), 12);
        assert_eq!(s.iter().map(|(_, x)| *x).sum::<Parts>(), p);
        assert_eq!(s[0].1.contributions, Cents(740_08));
        assert_eq!(s[11].1.contributions, Cents(8_881_00 - 11 * 740_08));
        assert_eq!(s[1].1.cfp, Cents(139_00));
        assert!(s
            .iter()
            .enumerate()
            .all(|(i, (_, x))| i == 1 || x.cfp == Cents::ZERO));
        // After February, the CFP goes with the first date left.
        let late = split(p, &monthly(2026)[5..]);
        assert_eq!(late[0].1.cfp, Cents(139_00));
    }

    #[test]
    fn the_basis_is_the_final_income_else_the_estimate_else_n_minus_1_else_n_minus_2() {
        let f = |year, amount| Declared {
            year,
            kind: DeclarationKind::Final,
            amount: Cents(amount),
        };
        let e = |year, amount| Declared {
            year,
            kind: DeclarationKind::Estimate,
            amount: Cents(amount),
        };
        let mut declared = vec![f(2024, 1)];
        assert_eq!(
            basis_in_force(2026, &declared),
            Some((Basis::TwoYearsBefore, Cents(1)))
        );
        assert_eq!(basis_in_force(2027, &declared), None);
        declared.push(f(2025, 2));
        assert_eq!(
            basis_in_force(2026, &declared),
            Some((Basis::LastYear, Cents(2)))
        );
        declared.push(e(2026, 3));
        declared.push(e(2026, 4));
        assert_eq!(
            basis_in_force(2026, &declared),
            Some((Basis::Estimate, Cents(4)))
        );
        declared.push(f(2026, 5));
        assert_eq!(
            basis_in_force(2026, &declared),
            Some((Basis::Final, Cents(5)))
        );
    }

    #[test]
    fn more_called_than_due_is_a_credit_and_nothing_is_added() {
        let target = Parts::whole(Cents(1_000_00));
        let r = recompute(target, Parts::whole(Cents(1_200_00)), &monthly(2026));
        assert!(r.parts.is_empty());
        assert_eq!(r.credit.map(Parts::total), Some(Cents(-200_00)));
        let r = recompute(target, Parts::whole(Cents(400_00)), &monthly(2026)[10..]);
        assert_eq!(r.credit, None);
        assert_eq!(
            r.parts.iter().map(|(_, p)| p.total()).sum::<Cents>(),
            Cents(600_00)
        );
    }

    #[test]
    fn a_row_partly_replaced_keeps_each_lines_share() {
        let p = Parts {
            contributions: Cents(700_00),
            csg_crds: Cents(200_00),
            cfp: Cents(100_00),
        };
        let half = p.scaled_to(Cents(500_00));
        assert_eq!(half.total(), Cents(500_00));
        assert_eq!(half.csg_crds, Cents(100_00));
        assert_eq!(half.cfp, Cents(50_00));
    }

    fn row(id: i64, due_on: NaiveDate, amount: i64, allocated: i64) -> CalledRow {
        CalledRow {
            line: DueLine {
                id,
                kind: DueKind::CurrentContribution,
                due_on,
                amount: Cents(amount),
                allocated: Cents(allocated),
            },
            parts: Parts::whole(Cents(amount)),
            replaced: false,
            awaiting_delay: false,
        }
    }

    #[test]
    fn a_year_recomputed_replaces_the_unpaid_rows_ahead_and_spreads_the_rest() {
        let today = d(2026, 6, 10);
        let rows: Vec<CalledRow> = (1..=12)
            .map(|m| {
                row(
                    m,
                    d(2026, m as u32, 5),
                    100_00,
                    if m <= 6 { 100_00 } else { 0 },
                )
            })
            .collect();
        let called = rows.iter().map(|r| r.parts).sum();
        let target = Parts::whole(Cents(1_800_00));
        let plan = plan_year(
            2026,
            target,
            called,
            &rows,
            today,
            (Periodicity::Monthly, 5),
        )
        .unwrap();
        assert_eq!(plan.replace, vec![7, 8, 9, 10, 11, 12]);
        assert!(!plan.regularisation);
        assert_eq!(plan.add.len(), 6);
        assert!(plan
            .add
            .iter()
            .all(|r| r.parts.total() == Cents(200_00) && r.label.starts_with("Cotisations ")));
        assert_eq!(
            plan_year(
                2026,
                called,
                called,
                &rows,
                today,
                (Periodicity::Monthly, 5)
            ),
            None
        );
    }

    #[test]
    fn a_year_whose_due_dates_are_gone_is_regularised_for_itself_on_the_next_dates() {
        // 2 December 2026, quarterly: no 2026 date left; the difference goes on 5 February 2027,
        // still for 2026.
        let rows = vec![row(1, d(2026, 11, 5), 100_00, 100_00)];
        let plan = plan_year(
            2026,
            Parts::whole(Cents(300_00)),
            Parts::whole(Cents(100_00)),
            &rows,
            d(2026, 12, 2),
            (Periodicity::Quarterly, 5),
        )
        .unwrap();
        assert!(plan.regularisation && plan.replace.is_empty());
        assert_eq!(plan.add.len(), 1);
        assert_eq!(plan.add[0].due_on, d(2027, 2, 5));
        assert_eq!(plan.add[0].period, (d(2026, 1, 1), d(2026, 12, 31)));
        assert_eq!(plan.add[0].label, "Régularisation 2026");
        // Less than called: a credit, due today, for the year.
        let credit = plan_year(
            2026,
            Parts::whole(Cents(40_00)),
            Parts::whole(Cents(100_00)),
            &rows,
            d(2026, 12, 2),
            (Periodicity::Quarterly, 5),
        )
        .unwrap();
        assert_eq!(credit.add[0].label, "Trop-perçu 2026");
        assert_eq!(credit.add[0].parts.total(), Cents(-60_00));
        assert_eq!(credit.add[0].due_on, d(2026, 12, 2));
    }

    #[test]
    fn a_row_awaiting_a_delay_decision_stays() {
        let mut waiting = row(1, d(2026, 8, 5), 100_00, 0);
        waiting.awaiting_delay = true;
        let plan = plan_year(
            2026,
            Parts::whole(Cents(50_00)),
            Parts::whole(Cents(100_00)),
            &[waiting],
            d(2026, 6, 1),
            (Periodicity::Quarterly, 5),
        )
        .unwrap();
        assert!(plan.replace.is_empty());
        assert_eq!(plan.add[0].parts.total(), Cents(-50_00));
    }

    proptest! {
        /// A lower declared income never raises what the year calls for, for either activity,
        /// in every year the engine has.
        #[test]
        fn a_lower_income_never_raises_the_year(
            year in 2024i32..=2026,
            low in 0i64..50_000_000,
            more in 0i64..50_000_000,
            artisan in any::<bool>(),
        ) {
            let activity = if artisan { Activity::Artisanale } else { Activity::Commerciale };
            let lower = year_parts(year, activity, Cents(low)).unwrap();
            let higher = year_parts(year, activity, Cents(low + more)).unwrap();
            prop_assert!(lower.total() <= higher.total(), "{lower:?} > {higher:?}");
        }

        /// Spread over any dates, the parts always add up to what was spread.
        #[test]
        fn a_split_adds_up(c in -10_000_000i64..10_000_000, g in 0i64..1_000_000, f in 0i64..20_000, from in 0usize..12) {
            let p = Parts { contributions: Cents(c), csg_crds: Cents(g), cfp: Cents(f) };
            let dates = &monthly(2026)[from..];
            prop_assert_eq!(split(p, dates).iter().map(|(_, x)| *x).sum::<Parts>(), p);
        }
    }
}
