//! The contribution engine of artisans, commerçants and micro-entrepreneurs (`domain.md` §2
//! and §5): every line with its rate and base, CSG-CRDS, CFP, the "revenu cotisé" and the
//! retirement quarters it validates. Parameters live in one table per year: adding 2027 is
//! adding a row to [`YEARS`].

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde::{Deserialize, Serialize};

pub use super::micro::{compute_micro, micro_cfp_rate, micro_rate, MicroComputation, MicroKind};

/// The published parameters of one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearParams {
    pub year: i32,
    /// Plafond annuel de la sécurité sociale, in euros.
    pub pass: Decimal,
    /// SMIC horaire on 1 January, in euros.
    pub smic_hour: Decimal,
    /// From 2025 income: one base, gross income minus 26 % (décret 2024-688).
    pub reformed_base: bool,
    /// Complementary pension: first-bracket ceiling before the reform (a fixed amount).
    pub rci_first_ceiling: Option<Decimal>,
    /// Turnover per validated quarter for a Cipav micro-entrepreneur, when published here.
    pub cipav_quarter_turnover: Option<Decimal>,
}

/// The years whose parameters are published, oldest first.
pub const YEARS: [YearParams; 3] = [
    YearParams {
        year: 2024,
        pass: dec!(46368),
        smic_hour: dec!(11.65),
        reformed_base: false,
        rci_first_ceiling: Some(dec!(42946)),
        cipav_quarter_turnover: None,
    },
    YearParams {
        year: 2025,
        pass: dec!(47100),
        smic_hour: dec!(11.88),
        reformed_base: true,
        rci_first_ceiling: None,
        cipav_quarter_turnover: Some(dec!(2694)),
    },
    YearParams {
        year: 2026,
        pass: dec!(48060),
        smic_hour: dec!(12.02),
        reformed_base: true,
        rci_first_ceiling: None,
        cipav_quarter_turnover: Some(dec!(2860)),
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EngineError {
    #[error(
        "l'année {0} n'est pas prise en charge : le calcul couvre les revenus à partir de 2024"
    )]
    YearTooOld(i32),
    #[error("l'année {0} n'est pas prise en charge : une simulation va jusqu'aux revenus de 2100")]
    YearTooFar(i32),
    #[error("le montant ne peut pas être négatif")]
    NegativeAmount,
    /// Above [`MAX_AMOUNT_EUR`]: refused before computing, so that no product overflows.
    #[error("le montant ne peut pas dépasser 100 000 000 €")]
    AmountTooLarge,
}

/// The largest income or turnover computed, in euros: far above any real declaration, and far
/// below where a `Decimal` product or an `i64` sum of euros could overflow.
pub const MAX_AMOUNT_EUR: i64 = 100_000_000;

/// Refuses a negative amount or one above [`MAX_AMOUNT_EUR`].
pub(super) fn check_amount(x: Decimal) -> Result<(), EngineError> {
    if x < Decimal::ZERO {
        Err(EngineError::NegativeAmount)
    } else if x > Decimal::from(MAX_AMOUNT_EUR) {
        Err(EngineError::AmountTooLarge)
    } else {
        Ok(())
    }
}

/// The parameters for `year`, and whether they are provisional: a year not yet published is
/// computed on the latest published table (and says so), so nothing breaks on 1 January.
/// The income years a simulation accepts, on the page and in the JSON API: from the first
/// year the engine has to 2100 (years after the last published table are computed on it).
pub const SIMULATED_YEARS: std::ops::RangeInclusive<i32> = 2024..=2100;

/// The parameters of a simulated year, refused outside [`SIMULATED_YEARS`].
pub fn simulated_params(year: i32) -> Result<(YearParams, bool), EngineError> {
    if year > *SIMULATED_YEARS.end() {
        return Err(EngineError::YearTooFar(year));
    }
    params_for(year)
}

pub fn params_for(year: i32) -> Result<(YearParams, bool), EngineError> {
    let latest = YEARS[YEARS.len() - 1];
    if year > latest.year {
        return Ok((YearParams { year, ..latest }, true));
    }
    YEARS
        .iter()
        .find(|p| p.year == year)
        .map(|p| (*p, false))
        .ok_or(EngineError::YearTooOld(year))
}

/// The activity of an artisan or a commerçant, which only changes the CFP rate (and, for a
/// micro-entrepreneur, the nature of the business recorded on the account).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Activity {
    Artisanale,
    Commerciale,
    Liberale,
}

impl Activity {
    pub const ALL: [Activity; 3] = [
        Activity::Artisanale,
        Activity::Commerciale,
        Activity::Liberale,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Activity::Artisanale => "artisanale",
            Activity::Commerciale => "commerciale",
            Activity::Liberale => "liberale",
        }
    }

    pub fn from_code(code: &str) -> Option<Activity> {
        Activity::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineCode {
    Maladie,
    IndemnitesJournalieres,
    AllocationsFamiliales,
    RetraiteBase,
    RetraiteComplementaire,
    InvaliditeDeces,
    Micro,
}

impl LineCode {
    pub fn code(self) -> &'static str {
        match self {
            LineCode::Maladie => "maladie",
            LineCode::IndemnitesJournalieres => "indemnites_journalieres",
            LineCode::AllocationsFamiliales => "allocations_familiales",
            LineCode::RetraiteBase => "retraite_base",
            LineCode::RetraiteComplementaire => "retraite_complementaire",
            LineCode::InvaliditeDeces => "invalidite_deces",
            LineCode::Micro => "micro",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LineCode::Maladie => "Maladie-maternité",
            LineCode::IndemnitesJournalieres => "Indemnités journalières",
            LineCode::AllocationsFamiliales => "Allocations familiales",
            LineCode::RetraiteBase => "Retraite de base",
            LineCode::RetraiteComplementaire => "Retraite complémentaire",
            LineCode::InvaliditeDeces => "Invalidité-décès",
            LineCode::Micro => "Cotisations sociales (micro-entrepreneur)",
        }
    }
}

/// One bracket of a line with several (basic and complementary pension).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    pub rate_percent: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
}

/// A contribution line; `amount` is in whole euros (rounded half up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub code: LineCode,
    pub rate_percent: Decimal,
    pub base: Decimal,
    pub amount: i64,
    pub brackets: Vec<Bracket>,
}

/// The result for one year of an artisan's or commerçant's income.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computation {
    pub year: i32,
    /// True when the year's parameters are not published yet.
    pub provisional: bool,
    pub pass: Decimal,
    /// The social base the lines are computed on.
    pub base: Decimal,
    pub lines: Vec<Line>,
    pub total: i64,
    /// What CSG-CRDS is assessed on (before 2025: the base plus the contributions), in euros.
    pub csg_base: i64,
    pub csg_crds: i64,
    pub cfp: i64,
    pub revenu_cotise: i64,
    pub validated_quarters: u8,
}

/// Rounds euros to the euro, half up.
pub fn euros(x: Decimal) -> i64 {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .unwrap_or(i64::MAX)
}

fn round_rate(rate_percent: Decimal) -> Decimal {
    rate_percent.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

pub(super) fn pct(x: Decimal, rate_percent: Decimal) -> Decimal {
    x * rate_percent / dec!(100)
}

/// Linear interpolation of a rate between two points of the base (in PASS).
fn ramp(x: Decimal, (x0, r0): (Decimal, Decimal), (x1, r1): (Decimal, Decimal)) -> Decimal {
    r0 + (r1 - r0) * (x - x0) / (x1 - x0)
}

/// The single base from gross professional income (2025 onwards): minus 26 %, the abatement
/// being at least 1.76 % and at most 130 % of the PASS.
pub fn base_from_gross(gross: Decimal, p: &YearParams) -> Decimal {
    if !p.reformed_base {
        return gross;
    }
    let abatement = (gross * dec!(0.26))
        .max(pct(p.pass, dec!(1.76)))
        .min(pct(p.pass, dec!(130)));
    (gross - abatement).max(Decimal::ZERO)
}

/// Health (maladie-maternité): a progressive rate on the base, rounded to two decimals.
fn health(base: Decimal, p: &YearParams) -> Line {
    let x = base / p.pass;
    let (rate, amount) = if p.reformed_base {
        let rate = round_rate(if x < dec!(0.2) {
            Decimal::ZERO
        } else if x < dec!(0.4) {
            ramp(x, (dec!(0.2), dec!(0)), (dec!(0.4), dec!(1.5)))
        } else if x < dec!(0.6) {
            ramp(x, (dec!(0.4), dec!(1.5)), (dec!(0.6), dec!(4)))
        } else if x < dec!(1.1) {
            ramp(x, (dec!(0.6), dec!(4)), (dec!(1.1), dec!(6.5)))
        } else if x < dec!(2) {
            ramp(x, (dec!(1.1), dec!(6.5)), (dec!(2), dec!(7.7)))
        } else if x < dec!(3) {
            ramp(x, (dec!(2), dec!(7.7)), (dec!(3), dec!(8.5)))
        } else {
            dec!(8.5)
        });
        let three = p.pass * dec!(3);
        let amount = if base <= three {
            pct(base, rate)
        } else {
            pct(three, rate) + pct(base - three, dec!(6.5))
        };
        (rate, amount)
    } else {
        let rate = round_rate(if x < dec!(0.4) {
            Decimal::ZERO
        } else if x < dec!(0.6) {
            ramp(x, (dec!(0.4), dec!(0)), (dec!(0.6), dec!(4)))
        } else if x < dec!(1.1) {
            ramp(x, (dec!(0.6), dec!(4)), (dec!(1.1), dec!(6.7)))
        } else {
            dec!(6.7)
        });
        let five = p.pass * dec!(5);
        let amount = if base <= five {
            pct(base, rate)
        } else {
            pct(five, rate) + pct(base - five, dec!(6.5))
        };
        (rate, amount)
    };
    Line {
        code: LineCode::Maladie,
        rate_percent: rate,
        base,
        amount: euros(amount),
        brackets: vec![],
    }
}

/// A flat rate on the base held between a floor and a ceiling.
fn flat(code: LineCode, base: Decimal, rate: Decimal, floor: Decimal, ceiling: Decimal) -> Line {
    let used = base.max(floor).min(ceiling);
    Line {
        code,
        rate_percent: rate,
        base: used,
        amount: euros(pct(used, rate)),
        brackets: vec![],
    }
}

/// A line in brackets: each `(rate, upper bound)` applies to the part of the base below it.
fn bracketed(code: LineCode, base: Decimal, brackets: &[(Decimal, Decimal)]) -> Line {
    let mut lower = Decimal::ZERO;
    let mut parts = Vec::new();
    for &(rate, upper) in brackets {
        let part = (base.min(upper) - lower).max(Decimal::ZERO);
        parts.push(Bracket {
            rate_percent: rate,
            base: part,
            amount: pct(part, rate),
        });
        lower = upper;
    }
    let amount = euros(parts.iter().map(|b| b.amount).sum());
    let rate = parts.first().map(|b| b.rate_percent).unwrap_or_default();
    Line {
        code,
        rate_percent: rate,
        base,
        amount,
        brackets: parts,
    }
}

fn family(base: Decimal, p: &YearParams) -> Line {
    let x = base / p.pass;
    let rate = round_rate(if x <= dec!(1.1) {
        Decimal::ZERO
    } else if x < dec!(1.4) {
        ramp(x, (dec!(1.1), dec!(0)), (dec!(1.4), dec!(3.1)))
    } else {
        dec!(3.1)
    });
    Line {
        code: LineCode::AllocationsFamiliales,
        rate_percent: rate,
        base,
        amount: euros(pct(base, rate)),
        brackets: vec![],
    }
}

/// The CFP (formation professionnelle) of an artisan or a commerçant, a share of the PASS.
pub fn cfp(activity: Activity, p: &YearParams) -> i64 {
    euros(pct(
        p.pass,
        if activity == Activity::Artisanale {
            dec!(0.29)
        } else {
            dec!(0.25)
        },
    ))
}

/// Retirement quarters validated by a "revenu cotisé": one per 150 hours of SMIC, at most 4.
pub fn quarters_for(revenu_cotise: Decimal, p: &YearParams) -> u8 {
    let per_quarter = p.smic_hour * dec!(150);
    let q: i64 = (revenu_cotise / per_quarter)
        .floor()
        .try_into()
        .unwrap_or(0);
    q.clamp(0, 4) as u8
}

/// Every contribution of an artisan or commerçant for one year of income on `base` (the single
/// base after abatement from 2025; the professional income before).
pub fn compute(year: i32, activity: Activity, base: Decimal) -> Result<Computation, EngineError> {
    check_amount(base)?;
    let (p, provisional) = params_for(year)?;
    let pass = p.pass;
    let min_pension_base = p.smic_hour * dec!(450);
    let (base_rate, base_above, rci) = if p.reformed_base {
        (
            dec!(17.87),
            dec!(0.72),
            vec![(dec!(8.1), pass), (dec!(9.1), pass * dec!(4))],
        )
    } else {
        let first = p.rci_first_ceiling.unwrap_or(pass);
        (
            dec!(17.75),
            dec!(0.60),
            vec![(dec!(7), first), (dec!(8), pass * dec!(4))],
        )
    };
    let pension_base = base.max(min_pension_base);
    let lines = vec![
        health(base, &p),
        flat(
            LineCode::IndemnitesJournalieres,
            base,
            dec!(0.5),
            pct(pass, dec!(40)),
            pass * dec!(5),
        ),
        family(base, &p),
        bracketed(
            LineCode::RetraiteBase,
            pension_base,
            &[(base_rate, pass), (base_above, Decimal::MAX)],
        ),
        bracketed(LineCode::RetraiteComplementaire, base, &rci),
        flat(
            LineCode::InvaliditeDeces,
            base,
            dec!(1.3),
            pct(pass, dec!(11.5)),
            pass,
        ),
    ];
    let total: i64 = lines.iter().map(|l| l.amount).sum();
    // Before the reform CSG-CRDS is assessed on income plus the compulsory contributions.
    let csg_base = if p.reformed_base {
        base
    } else {
        base + Decimal::from(total)
    };
    let revenu_cotise = pension_base.min(pass);
    Ok(Computation {
        year,
        provisional,
        pass,
        base,
        lines,
        total,
        csg_base: euros(csg_base),
        csg_crds: euros(pct(csg_base, dec!(9.7))),
        cfp: cfp(activity, &p),
        revenu_cotise: euros(revenu_cotise),
        validated_quarters: quarters_for(revenu_cotise, &p),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Cents;

    fn decimal_of(c: Cents) -> Decimal {
        Decimal::new(c.get(), 2)
    }

    fn annual_due(year: i32, activity: Activity, gross: Cents) -> Result<Cents, EngineError> {
        crate::domain::calls::year_parts(year, activity, gross).map(|p| p.total())
    }

    fn micro_due(
        kind: MicroKind,
        activity: Activity,
        start: chrono::NaiveDate,
        turnover: Cents,
    ) -> Result<Cents, EngineError> {
        crate::domain::calls::micro_parts(kind, activity, start, turnover).map(|p| p.total())
    }

    fn amounts(c: &Computation) -> Vec<i64> {
        c.lines.iter().map(|l| l.amount).collect()
    }

    /// The worked examples of `domain.md` §2 (commerçant), to the euro:
    /// health, IJ, AF, basic pension, RCI, invalidity-death, total, CSG-CRDS, CFP.
    #[test]
    fn reproduces_every_worked_example() {
        let cases: [(i32, i64, [i64; 6], i64, i64, i64); 5] = [
            (2025, 10_000, [9, 94, 0, 1_787, 810, 130], 2_830, 970, 118),
            (
                2025,
                40_000,
                [2_100, 200, 0, 7_148, 3_240, 520],
                13_208,
                3_880,
                118,
            ),
            (
                2025,
                100_000,
                [7_800, 500, 3_100, 8_798, 8_629, 612],
                29_439,
                9_700,
                118,
            ),
            (
                2026,
                40_000,
                [2_064, 200, 0, 7_148, 3_240, 520],
                13_172,
                3_880,
                120,
            ),
            (
                2026,
                100_000,
                [7_760, 500, 3_100, 8_962, 8_619, 625],
                29_566,
                9_700,
                120,
            ),
        ];
        for (year, base, lines, total, csg, cfp) in cases {
            let c = compute(year, Activity::Commerciale, Decimal::from(base)).unwrap();
            assert_eq!(amounts(&c), lines.to_vec(), "{year} / {base}");
            assert_eq!(
                (c.total, c.csg_crds, c.cfp),
                (total, csg, cfp),
                "{year} / {base}"
            );
            assert!(!c.provisional);
        }
    }

    #[test]
    fn an_artisan_pays_the_same_but_a_higher_cfp() {
        let a = compute(2025, Activity::Artisanale, dec!(40000)).unwrap();
        let c = compute(2025, Activity::Commerciale, dec!(40000)).unwrap();
        assert_eq!(a.lines, c.lines);
        assert_eq!(a.cfp, 137);
        assert_eq!(
            compute(2026, Activity::Artisanale, dec!(40000))
                .unwrap()
                .cfp,
            139
        );
    }

    #[test]
    fn family_allowance_rate_is_rounded_before_it_is_applied() {
        let c = compute(2025, Activity::Commerciale, dec!(60000)).unwrap();
        let af = &c.lines[2];
        assert_eq!((af.rate_percent, af.amount), (dec!(1.80), 1_080));
    }

    #[test]
    fn the_health_check_of_the_reference() {
        let c = compute(2025, Activity::Commerciale, dec!(40000)).unwrap();
        assert_eq!(c.lines[0].rate_percent, dec!(5.25));
    }

    #[test]
    fn zero_income_pays_the_minimums_and_validates_three_quarters() {
        let c = compute(2025, Activity::Commerciale, Decimal::ZERO).unwrap();
        // IJ on 40 % PASS, basic pension on 450 SMIC hours, invalidity on 11.5 % PASS.
        assert_eq!(
            amounts(&c),
            vec![
                0,
                94,
                0,
                euros(dec!(5346) * dec!(0.1787)),
                0,
                euros(dec!(47100) * dec!(0.115) * dec!(0.013))
            ]
        );
        assert_eq!(c.revenu_cotise, 5_346);
        assert_eq!(c.validated_quarters, 3);
        assert_eq!(c.csg_crds, 0);
        assert_eq!(
            compute(2026, Activity::Commerciale, Decimal::ZERO)
                .unwrap()
                .validated_quarters,
            3
        );
    }

    #[test]
    fn quarter_thresholds_match_the_reference() {
        let (p25, _) = params_for(2025).unwrap();
        let (p26, _) = params_for(2026).unwrap();
        assert_eq!(p25.smic_hour * dec!(150), dec!(1782.00));
        assert_eq!(p26.smic_hour * dec!(150), dec!(1803.00));
        assert_eq!(quarters_for(dec!(1781.99), &p25), 0);
        assert_eq!(quarters_for(dec!(1782), &p25), 1);
        assert_eq!(quarters_for(dec!(7128), &p25), 4);
        assert_eq!(quarters_for(dec!(1_000_000), &p25), 4);
    }

    #[test]
    fn the_gross_income_loses_26_percent_within_its_bounds() {
        let (p, _) = params_for(2025).unwrap();
        assert_eq!(base_from_gross(dec!(100000), &p), dec!(74000));
        // Floor of the abatement: 1.76 % PASS.
        assert_eq!(base_from_gross(dec!(1000), &p), dec!(1000) - dec!(828.96));
        // Ceiling: 130 % PASS.
        assert_eq!(
            base_from_gross(dec!(1000000), &p),
            dec!(1000000) - dec!(61230)
        );
        assert_eq!(base_from_gross(dec!(500), &p), Decimal::ZERO);
        let (p24, _) = params_for(2024).unwrap();
        assert_eq!(base_from_gross(dec!(100000), &p24), dec!(100000));
    }

    #[test]
    fn a_year_not_yet_published_uses_the_latest_table_and_says_so() {
        let c = compute(2027, Activity::Commerciale, dec!(40000)).unwrap();
        assert!(c.provisional);
        assert_eq!(c.pass, dec!(48060));
        assert_eq!(c.year, 2027);
        assert_eq!(
            compute(2023, Activity::Commerciale, dec!(1)).unwrap_err(),
            EngineError::YearTooOld(2023)
        );
    }

    #[test]
    fn before_the_reform_the_old_rates_apply() {
        let c = compute(2024, Activity::Commerciale, dec!(40000)).unwrap();
        // Health: 40000/46368 = 0.8627 PASS → 4 + 2.7 × 0.2627/0.5 = 5.42 %.
        assert_eq!(c.lines[0].rate_percent, dec!(5.42));
        assert_eq!(c.lines[0].amount, 2_168);
        // Basic pension 17.75 %, RCI 7 % up to 42 946 €.
        assert_eq!(c.lines[3].amount, 7_100);
        assert_eq!(c.lines[4].amount, 2_800);
        // CSG-CRDS on income plus contributions.
        assert_eq!(
            c.csg_crds,
            euros((dec!(40000) + Decimal::from(c.total)) * dec!(0.097))
        );
    }

    #[test]
    fn above_three_pass_health_falls_to_six_and_a_half_percent_on_the_excess() {
        let (p, _) = params_for(2025).unwrap();
        let base = p.pass * dec!(4);
        let c = compute(2025, Activity::Commerciale, base).unwrap();
        assert_eq!(
            c.lines[0].amount,
            euros(p.pass * dec!(3) * dec!(0.085) + p.pass * dec!(0.065))
        );
    }

    fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn micro_entrepreneurs_pay_a_share_of_turnover_rounded_to_the_euro() {
        let c = compute_micro(
            MicroKind::Services,
            Activity::Artisanale,
            day(2026, 4, 1),
            dec!(10000),
            false,
        )
        .unwrap();
        assert_eq!((c.line.amount, c.cfp), (2_120, 30));
        assert_eq!(c.validated_quarters, None);
        let v = compute_micro(
            MicroKind::Vente,
            Activity::Commerciale,
            day(2025, 1, 1),
            dec!(12345),
            false,
        )
        .unwrap();
        assert_eq!((v.line.amount, v.cfp), (1_518, 12));
    }

    #[test]
    fn the_liberal_rate_changed_on_1_july_2024_and_each_january() {
        assert_eq!(micro_rate(MicroKind::Liberal, day(2024, 6, 1)), dec!(21.1));
        assert_eq!(micro_rate(MicroKind::Liberal, day(2024, 7, 1)), dec!(23.1));
        assert_eq!(micro_rate(MicroKind::Liberal, day(2025, 3, 1)), dec!(24.6));
        assert_eq!(micro_rate(MicroKind::Liberal, day(2026, 1, 1)), dec!(25.6));
        assert_eq!(micro_rate(MicroKind::Cipav, day(2026, 1, 1)), dec!(23.2));
    }

    #[test]
    fn a_micro_entrepreneurs_cfp_follows_the_accounts_activity_not_the_kind_of_turnover() {
        let start = day(2026, 1, 1);
        // 10 000 € of services: 2 120 € plus the CFP of the activity.
        assert_eq!(
            micro_due(
                MicroKind::Services,
                Activity::Artisanale,
                start,
                Cents(10_000_00)
            )
            .unwrap(),
            Cents(2_150_00)
        );
        assert_eq!(
            micro_due(
                MicroKind::Services,
                Activity::Commerciale,
                start,
                Cents(10_000_00)
            )
            .unwrap(),
            Cents(2_130_00)
        );
        assert_eq!(
            micro_due(
                MicroKind::Vente,
                Activity::Artisanale,
                start,
                Cents(10_000_00)
            )
            .unwrap(),
            Cents(1_260_00)
        );
        for a in Activity::ALL {
            assert_eq!(Activity::from_code(a.code()), Some(a));
        }
    }

    #[test]
    fn the_engine_refuses_amounts_out_of_range_before_computing() {
        let max = Decimal::from(MAX_AMOUNT_EUR);
        assert!(compute(2026, Activity::Commerciale, max).is_ok());
        assert_eq!(
            compute(2026, Activity::Commerciale, max + dec!(0.01)).unwrap_err(),
            EngineError::AmountTooLarge
        );
        assert_eq!(
            compute(2026, Activity::Commerciale, Decimal::MAX).unwrap_err(),
            EngineError::AmountTooLarge
        );
        assert_eq!(
            compute(2026, Activity::Commerciale, dec!(-1)).unwrap_err(),
            EngineError::NegativeAmount
        );
        assert_eq!(
            compute_micro(
                MicroKind::Vente,
                Activity::Commerciale,
                day(2026, 1, 1),
                Decimal::MAX,
                true
            )
            .unwrap_err(),
            EngineError::AmountTooLarge
        );
        assert!(compute_micro(
            MicroKind::Vente,
            Activity::Commerciale,
            day(2026, 1, 1),
            max,
            true
        )
        .is_ok());
    }

    #[test]
    fn the_cipav_rate_was_21_2_until_30_june_2024() {
        assert_eq!(micro_rate(MicroKind::Cipav, day(2024, 1, 1)), dec!(21.2));
        assert_eq!(micro_rate(MicroKind::Cipav, day(2024, 6, 1)), dec!(21.2));
        assert_eq!(micro_rate(MicroKind::Cipav, day(2024, 7, 1)), dec!(23.2));
        assert_eq!(micro_rate(MicroKind::Cipav, day(2025, 1, 1)), dec!(23.2));
        // Official rules, January 2024, 250 € of turnover: 53 €.
        let c = compute_micro(
            MicroKind::Cipav,
            Activity::Liberale,
            day(2024, 1, 1),
            dec!(250),
            false,
        )
        .unwrap();
        assert_eq!(c.line.amount, 53);
    }

    #[test]
    fn a_year_of_micro_turnover_validates_quarters_after_the_abatement() {
        // Services: 50 % abatement; 2025 quarter threshold 1 782 €.
        let c = compute_micro(
            MicroKind::Services,
            Activity::Commerciale,
            day(2025, 1, 1),
            dec!(7128),
            true,
        )
        .unwrap();
        assert_eq!(
            (c.revenu_cotise, c.validated_quarters),
            (Some(3_564), Some(2))
        );
        // Cipav: one quarter per 2 694 € of turnover in 2025.
        let k = compute_micro(
            MicroKind::Cipav,
            Activity::Liberale,
            day(2025, 1, 1),
            dec!(8082),
            true,
        )
        .unwrap();
        assert_eq!(k.validated_quarters, Some(3));
    }

    #[test]
    fn negative_amounts_are_refused() {
        assert_eq!(
            compute(2025, Activity::Commerciale, dec!(-1)).unwrap_err(),
            EngineError::NegativeAmount
        );
        assert_eq!(
            compute_micro(
                MicroKind::Vente,
                Activity::Commerciale,
                day(2025, 1, 1),
                dec!(-1),
                false
            )
            .unwrap_err(),
            EngineError::NegativeAmount
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn lines_are_non_negative_and_sum_to_the_total(year in 2024i32..=2027, base in 0i64..500_000) {
                let c = compute(year, Activity::Commerciale, Decimal::from(base)).unwrap();
                prop_assert!(c.lines.iter().all(|l| l.amount >= 0));
                prop_assert_eq!(c.total, c.lines.iter().map(|l| l.amount).sum::<i64>());
                prop_assert!(c.validated_quarters <= 4);
            }

            #[test]
            fn contributions_never_fall_when_income_rises(year in 2024i32..=2026, base in 0i64..400_000, extra in 1i64..20_000) {
                let a = compute(year, Activity::Commerciale, Decimal::from(base)).unwrap();
                let b = compute(year, Activity::Commerciale, Decimal::from(base + extra)).unwrap();
                for (la, lb) in a.lines.iter().zip(&b.lines) {
                    prop_assert!(lb.amount >= la.amount, "{:?} fell from {} to {}", la.code, la.amount, lb.amount);
                }
                prop_assert!(b.total >= a.total);
                prop_assert!(b.validated_quarters >= a.validated_quarters);
            }
        }
    }

    #[test]
    fn what_a_year_and_a_declaration_are_called_for() {
        // 2025, commerçant, base 40 000 € (gross 40 000 / 0.74): 13 208 + 3 880 + 118.
        let gross = Cents(5_405_405_41);
        let c = compute(
            2025,
            Activity::Commerciale,
            base_from_gross(decimal_of(gross), &params_for(2025).unwrap().0),
        )
        .unwrap();
        assert_eq!(
            annual_due(2025, Activity::Commerciale, gross).unwrap(),
            Cents((c.total + c.csg_crds + c.cfp) * 100)
        );
        // 10 000 € of services turnover: 21.2 % = 2 120 € plus 0.1 % CFP = 10 €.
        assert_eq!(
            micro_due(
                MicroKind::Services,
                Activity::Commerciale,
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                Cents(10_000_00)
            )
            .unwrap(),
            Cents(2_130_00)
        );
        assert_eq!(
            MicroKind::from_code("cipav").map(MicroKind::activity),
            Some(Activity::Liberale)
        );
    }
}
